"""Searching cases: what matches, in which order, and who sees what."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.lib import clock
from fairdesk.search import backends, index
from fairdesk.search.selectors import search_cases


def _open(customer, subject, body="Bitte helfen Sie mir."):
    return cases.open_new_case(
        customer=customer,
        subject=subject,
        body=body,
        channel="email",
    ).case


def _found(text, *, within=None, public_only=False):
    within = Case.objects.filter(merged_into__isnull=True) if within is None else within
    return list(search_cases(text, within=within, public_only=public_only))


def test_subject_word_finds_the_case(kurt, olga, support):
    router = _open(kurt, "Router blinkt rot")
    _open(olga, "Invoice question")
    assert _found("router") == [router]


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("Seit Montag eine Störung", "Störungen"),
        ("Drei Störungen diese Woche", "Störung"),
        ("Die Rechnung ist falsch", "Rechnungen"),
        ("Both routers are down", "router"),
        ("The router is down", "routers"),
        ("STÖRUNG!!!", "storung"),
        # German verb forms: the "-t" forms, the participle and the infinitive.
        ("Die LED blinkt rot", "blinken"),
        ("Die LED fängt an zu blinken", "blinkt"),
        ("Hat schon zweimal geblinkt", "blinkt"),
        ("Ich habe zum 31. gekündigt", "kündigen"),
        ("Der Techniker meldet sich", "gemeldet"),
        ("Wir kündigten den Vertrag", "Kündigt"),
    ],
)
def test_german_and_english_word_forms_find_each_other(kurt, support, written, searched):
    case = _open(kurt, "Anfrage", body=written)
    assert _found(searched) == [case]


def test_every_word_must_match(kurt, support):
    both = _open(kurt, "Router blinkt", body="Seit Montag eine Störung")
    _open(kurt, "Router neu", body="Alles gut")
    assert _found("router störung") == [both]


def test_text_without_words_finds_nothing(kurt, support):
    _open(kurt, "Router blinkt")
    assert _found("") == []
    assert _found(' " * ( ) : ^ ') == []


def test_nothing_to_search_within_finds_nothing(kurt, support):
    _open(kurt, "Router blinkt")
    assert _found("router", within=Case.objects.none()) == []
    assert _found("router", within=Case.objects.filter(pk__in=[])) == []


def test_query_syntax_is_taken_as_words(kurt, support):
    case = _open(kurt, "Router OR modem", body='"NEAR" AND {subject}')
    assert _found('router OR "near') == [case]
    assert _found("subject:router") == [case]
    assert _found("title:router") == []


def test_exact_reference_comes_first(kurt, support):
    first = _open(kurt, "Router blinkt rot")
    second = _open(kurt, f"Wie {first.reference} schon geschrieben")
    for text in (first.reference, first.reference.lower(), first.reference[3:]):
        found = _found(text)
        assert found[0] == first
        assert second in found


def test_bare_number_finds_the_case(kurt, support):
    case = _open(kurt, "Router blinkt rot")
    assert _found(str(case.pk)) == [case]


def test_customer_name_and_email_find_the_case(kurt, olga, support):
    kurts = _open(kurt, "Router blinkt rot")
    _open(olga, "Router broken")
    assert _found("Kunde") == [kurts]
    assert _found("kurt@example.org") == [kurts]
    assert _found("example.org") == [kurts]


def test_subject_match_ranks_above_a_body_match(kurt, support):
    in_body = _open(kurt, "Anfrage", body="Mein Modem ist kaputt")
    in_subject = _open(kurt, "Modem kaputt", body="Bitte tauschen")
    assert _found("modem") == [in_subject, in_body]


def test_equal_matches_come_last_changed_first_then_newest(kurt, ada, support):
    """Ranks are compared first; among equal ones the case changed last comes first, and
    among those changed at the same moment the newer one (on PostgreSQL the order is made
    in Python from the walk's ranks, and must agree with SQLite's ORDER BY)."""
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with clock.frozen_at(start):
        older, newer = _open(kurt, "Drucker"), _open(kurt, "Drucker")
        best = _open(kurt, "Drucker Drucker", body="Der Drucker druckt nicht")
    assert _found("drucker")[0] == best
    assert _found("drucker")[1:] == [newer, older]
    with clock.frozen_at(start + timedelta(hours=1)):
        cases.change_priority(case=older, agent=ada, priority="high")  # no words added
    assert _found("drucker")[1:] == [older, newer]


def test_results_stay_within_what_the_caller_may_see(kurt, olga, support):
    kurts = _open(kurt, "Router blinkt")
    _open(olga, "Router broken")
    assert _found("router", within=Case.objects.filter(customer=kurt)) == [kurts]


def test_a_customer_never_matches_on_internal_notes(kurt, ada, support):
    case = _open(kurt, "Router blinkt")
    cases.add_note(case=case, agent=ada, body="Kunde hat Vertrag gekündigt, Kulanz geprüft")
    assert _found("Kulanz") == [case]
    assert _found("Kulanz", public_only=True) == []
    assert _found("router", public_only=True) == [case]


def test_results_can_be_sliced_and_counted(kurt, support):
    opened = [_open(kurt, f"Router {n}") for n in range(5)]
    results = search_cases("router", within=Case.objects.all())
    assert results.count() == 5
    assert {c.pk for c in results[:2]} | {c.pk for c in results[2:]} == {c.pk for c in opened}


def test_reference_without_hyphen_finds_the_case(kurt, support):
    case = _open(kurt, "Router blinkt rot")
    assert _found(case.reference.replace("-", "").lower())[0] == case


# A broad search ranks only the newest RANKED matches the caller may see.


def test_a_broad_search_ranks_the_best_of_the_newest_matches(kurt, support, monkeypatch):
    monkeypatch.setattr(backends, "RANKED", 2)
    _open(kurt, "Modem kaputt")  # the oldest match is left out, though it is a good one
    in_body = _open(kurt, "Anfrage", body="Das Modem blinkt")
    in_subject = _open(kurt, "Modem tauschen")
    assert _found("modem") == [in_subject, in_body]
    assert search_cases("modem", within=Case.objects.all()).count() == 2


def test_the_newest_matches_are_counted_within_what_the_caller_may_see(
    kurt, olga, support, monkeypatch
):
    monkeypatch.setattr(backends, "RANKED", 2)
    kurts = [_open(kurt, f"Modem {n}") for n in range(3)]
    _open(olga, "Modem kaputt")
    _open(olga, "Modem tauschen")
    found = _found("modem", within=Case.objects.filter(customer=kurt))
    assert set(found) == {kurts[1], kurts[2]}


@pytest.mark.parametrize(
    ("first_window", "max_step", "along_ids_up_to"),
    [(1, 1000, 10**6), (3, 1000, 10**6), (3, 1000, 0), (100, 1000, 10**6), (100, 1, 10**6)],
)
def test_the_newest_matches_are_found_through_growing_windows(
    kurt, olga, support, monkeypatch, first_window, max_step, along_ids_up_to
):
    """PostgreSQL looks among the newest cases first, then further back (each window only
    through ids the earlier ones did not see, in steps that stop at as many matches as were
    asked for): whatever the windows and steps, the same newest matches the caller may
    see, counted honestly."""
    from fairdesk.search import selectors
    from fairdesk.search.selectors import search_with_total

    monkeypatch.setattr(backends, "RANKED", 3)
    monkeypatch.setattr(selectors, "COUNTED", 3)
    monkeypatch.setattr(backends, "_first_window", lambda *args: first_window)
    monkeypatch.setattr(backends, "_MAX_STEP", max_step)
    monkeypatch.setattr(backends, "_ALONG_IDS_UP_TO", along_ids_up_to)  # or from the index
    matches = []
    for name in ("Anton", "Berta", "Caesar", "Dora", "Emil", "Friedrich"):
        matches.append(_open(kurt, f"Modem {name}"))
        for _ in range(3):  # cases between them that do not match, or are not Kurt's
            _open(kurt, f"Rechnung {name}")
        _open(olga, f"Modem {name}")
    within = Case.objects.filter(customer=kurt)
    monkeypatch.setattr(backends, "_is_small", lambda within: False)  # the windowed path
    found, total = search_with_total("modem", within=within)
    assert set(found) == set(matches[-3:])
    assert (total.count, total.exact) == (3, False)
    found, total = search_with_total("modem caesar", within=within)
    assert list(found) == [matches[2]] and (total.count, total.exact) == (1, True)


def test_a_small_set_of_cases_is_ranked_whole(kurt, support, monkeypatch):
    monkeypatch.setattr(backends, "RANKED", 2)
    in_subject = _open(kurt, "Modem kaputt")
    in_body = _open(kurt, "Anfrage", body="Das Modem blinkt")
    _open(kurt, "Modem tauschen")
    within = Case.objects.filter(pk__in=[in_subject.pk, in_body.pk])
    assert _found("modem", within=within) == [in_subject, in_body]
    assert _found("modem", within=within, public_only=True) == [in_subject, in_body]


# Every kind of write is searchable right after it, without a reindex.


def test_opened_case_is_found_at_once(kurt, support):
    case = _open(kurt, "Anfrage", body="Glasfaser Anschluss")
    assert _found("Glasfaser") == [case]


def test_joined_contact_is_found_at_once(kurt, support):
    case = _open(kurt, "Router blinkt")
    intake = cases.open_case(
        customer=kurt,
        subject=f"Re: {case.reference}",
        body="Jetzt auch Telefonie",
        channel="email",
        named_reference=case.reference,
    )
    assert intake.joined
    assert _found("Telefonie") == [case]


def test_customer_message_is_found_at_once(kurt, support):
    case = _open(kurt, "Router blinkt")
    cases.add_customer_message(case=case, customer=kurt, body="Die Leuchte ist orange")
    assert _found("Leuchte", public_only=True) == [case]


def test_reply_is_found_at_once(kurt, ada, support):
    case = _open(kurt, "Router blinkt")
    cases.reply(case=case, agent=ada, body="Bitte starten Sie das Gerät neu")
    assert _found("Gerät", public_only=True) == [case]


def test_note_is_found_by_agents_at_once(kurt, ada, support):
    case = _open(kurt, "Router blinkt")
    cases.add_note(case=case, agent=ada, body="Leitungsmessung beauftragt")
    assert _found("Leitungsmessung") == [case]


def test_diagnostic_and_call_are_found_at_once(kurt, ada, support):
    case = _open(kurt, "Router blinkt")
    cases.record_diagnostic(case=case, agent=ada, check="Sync-Status", result="Kein DSL-Sync")
    cases.record_call(case=case, agent=ada, body="Rückruf zum Techniktermin")
    assert _found("DSL Sync") == [case]
    assert _found("Techniktermin", public_only=True) == [case]
    assert _found("Sync", public_only=True) == []


def test_handover_note_is_found_at_once(kurt, ada, ben, support, technik):
    case = _open(kurt, "Router blinkt")
    cases.hand_over(case=case, agent=ada, note="Portfreigabe prüfen", to_team=technik)
    assert _found("Portfreigabe") == [case]


def test_merge_moves_the_words_to_the_target(kurt, ada, support):
    target = _open(kurt, "Router blinkt")
    source = _open(kurt, "Noch ein Problem", body="Das WLAN bricht ab")
    cases.merge_cases(source=source, target=target, agent=ada)
    assert _found("WLAN") == [target]
    assert _found(source.reference)[0] == target


def test_customer_email_change_is_found_after_customer_changed(kurt, support):
    case = _open(kurt, "Router blinkt")
    CustomerEmail.objects.create(customer=kurt, address="kurt.neu@example.net")
    index.customer_changed(kurt.pk)
    assert _found("kurt.neu@example.net") == [case]


def test_a_rolled_back_write_leaves_no_trace(kurt, support):
    from django.db import transaction

    case = _open(kurt, "Router blinkt")
    with pytest.raises(RuntimeError), transaction.atomic():
        cases.add_customer_message(case=case, customer=kurt, body="Zwischenstand")
        raise RuntimeError
    assert _found("Zwischenstand") == []


def test_reindex_indexes_cases_loaded_around_the_services(kurt, support):
    case = _open(kurt, "Router blinkt")
    Case.objects.filter(pk=case.pk).update(subject="Modem tauschen")  # a bulk load, say
    assert _found("Modem") == []
    assert index.reindex_all() == 1
    assert _found("Modem") == [case]


def test_reindex_command_reports_what_it_did(kurt, support):
    from io import StringIO

    from django.core.management import call_command

    case = _open(kurt, "Router blinkt")
    Case.objects.filter(pk=case.pk).update(subject="Modem tauschen")
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "1" in out.getvalue()
    assert _found("Modem") == [case]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
def test_the_fts_index_agrees_with_the_stored_text_after_every_kind_of_write(kurt, ada, support):
    target = _open(kurt, "Router blinkt")
    source = _open(kurt, "Noch ein Problem", body="Das WLAN bricht ab")
    cases.reply(case=target, agent=ada, body="Bitte neu starten")
    cases.add_note(case=target, agent=ada, body="Leitung gemessen")
    cases.merge_cases(source=source, target=target, agent=ada)
    index.customer_changed(kurt.pk)
    Case.objects.filter(pk=target.pk).update(subject="Modem tauschen")
    index.reindex_all(batch_size=1)
    source.delete()
    with connection.cursor() as cursor:  # raises when index and text disagree
        cursor.execute(
            "INSERT INTO search_casetext_fts(search_casetext_fts, rank)"
            " VALUES ('integrity-check', 1)"
        )
    assert _found("Modem") == [target]


def test_a_write_is_found_inside_the_callers_open_transaction(kurt, support, ada):
    from django.db import transaction

    with transaction.atomic():  # as the API and the mail intake call the services
        case = _open(kurt, "Router blinkt", body="Kabel getauscht")
        assert _found("Kabel") == [case]
        cases.reply(case=case, agent=ada, body="Bitte Splitter prüfen")
        assert _found("Splitter") == [case]


def test_a_service_that_fails_after_writing_leaves_no_trace(kurt, support, ada):
    from fairdesk.lib.errors import DomainError
    from fairdesk.lib.transactions import service

    case = _open(kurt, "Router blinkt")

    @service
    def note_then_fail():
        cases.add_note(case=case, agent=ada, body="Verteiler defekt")
        raise DomainError("no")

    with pytest.raises(DomainError):
        note_then_fail()
    assert _found("Verteiler") == []
    cases.add_note(case=case, agent=ada, body="Leitung gemessen")  # the next call is clean
    assert _found("Leitung") == [case]
    assert _found("Verteiler") == []


def _stored_and_built(case):
    """The case's stored index row beside the one built again from everything stored."""
    from fairdesk.search.models import CaseText

    stored = CaseText.objects.filter(case=case).values_list("title", "public", "internal").get()
    built = index._documents(Case.objects.filter(pk=case.pk))[0][1:]
    return tuple(" ".join(text.split()) for text in stored), tuple(
        " ".join(text.split()) for text in built
    )


def test_appended_words_make_the_row_a_rebuild_would(kurt, olga, ada, support):
    from fairdesk.lib.transactions import service

    case = _open(kurt, "Router blinkt", body="Die Lampe ist rot")
    cases.reply(case=case, agent=ada, body="Bitte neu starten")
    cases.add_note(case=case, agent=ada, body="Leitung gemessen")

    @service
    def two_at_once():  # two entries in one call: appended together, in order
        cases.add_customer_message(case=case, customer=kurt, body="Geht wieder nicht")
        cases.add_note(case=case, agent=ada, body="Techniker bestellt")

    two_at_once()
    stored, built = _stored_and_built(case)
    assert stored == built
    assert _found("Techniker") == [case] and _found("Leitung") == [case]
    assert _found("Techniker", public_only=True) == []


def test_a_case_opened_by_a_new_customer_is_indexed_from_what_was_written(support):
    intake = cases.open_case_for_address(
        email="neu@example.org",
        name="Nora Neu",
        subject="Modem",
        body="Kein Signal",
        channel="email",
    )
    stored, built = _stored_and_built(intake.case)
    assert stored == built
    assert _found("neu@example.org") == [intake.case] and _found("Signal") == [intake.case]


def test_a_row_grown_too_long_is_built_again_instead(kurt, ada, support, monkeypatch):
    case = _open(kurt, "Router blinkt", body="Die Lampe ist rot")
    monkeypatch.setattr(index, "MAX_COLUMN_CHARS", 60)
    cases.reply(case=case, agent=ada, body="Bitte neu starten " * 5)
    stored, built = _stored_and_built(case)
    assert stored == built
