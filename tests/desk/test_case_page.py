"""The case page: the whole timeline for agents and one form per service."""

from datetime import timedelta

from django.urls import reverse
from django.utils.timezone import localtime

from fairdesk.cases import services as cases
from fairdesk.cases.services import NewAttachment
from fairdesk.lib import clock


def _post(client, case, action, data, **extra):
    return client.post(reverse("desk:case_action", args=[case.reference, action]), data, **extra)


def test_case_page_shows_notes_checks_handoffs_and_promises(ada_client, ada, ben, kurt_case):
    cases.add_note(case=kurt_case, agent=ada, body="Kunde ist Geschäftskunde.")
    cases.record_diagnostic(
        case=kurt_case, agent=ada, check="Router neu gestartet", result="ohne Erfolg"
    )
    cases.hand_over(case=kurt_case, agent=ada, to_agent=ben, note="Bitte Leitung messen.")
    page = ben_page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    checked = page[page.index('class="checked"') : page.index('class="promises"')]
    assert "Router neu gestartet" in checked and "ohne Erfolg" in checked
    assert "Kunde ist Geschäftskunde." in page and "entry-internal" in page
    assert "Bitte Leitung messen." in ben_page


def test_make_a_promise_through_the_form(ada_client, kurt_case):
    due = localtime(clock.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = _post(
        ada_client,
        kurt_case,
        "promise",
        {
            "promise-kind": "callback",
            "promise-due_at": due,
            "promise-description": "Rückruf zur Messung",
            "promise-visible": "on",
        },
    )
    assert response.status_code == 302
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "Rückruf zur Messung" in page
    # Said from the entry's facts, the time in the reader's format.
    assert "Promise: Rückruf zur Messung by " in page


def test_a_promise_in_the_past_is_refused_next_to_its_field(ada_client, kurt_case):
    response = _post(
        ada_client,
        kurt_case,
        "promise",
        {"promise-kind": "callback", "promise-due_at": "2001-01-01T10:00"},
    )
    assert response.status_code == 422
    assert "A promise must be due in the future." in response.content.decode()


def test_reply_with_attachment_and_status_change(ada_client, kurt_case, tmp_path):
    upload = tmp_path / "messprotokoll.txt"
    upload.write_text("Dämpfung 48 dB")
    with upload.open("rb") as handle:
        response = _post(
            ada_client,
            kurt_case,
            "reply",
            {"reply-body": "Protokoll anbei.", "reply-attachments": [handle]},
        )
    assert response.status_code == 302
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "messprotokoll.txt" in page
    assert (
        _post(ada_client, kurt_case, "status", {"status-status": "waiting_on_customer"}).status_code
        == 302
    )
    kurt_case.refresh_from_db()
    assert kurt_case.status == "waiting_on_customer"


def test_taking_from_the_queue_needs_no_note(ada_client, ada, kurt_case):
    assert _post(ada_client, kurt_case, "take", {}).status_code == 302
    kurt_case.refresh_from_db()
    assert kurt_case.assignee == ada


def test_unknown_action_is_404(ada_client, kurt_case):
    assert _post(ada_client, kurt_case, "delete_everything", {}).status_code == 404


def test_forms_need_csrf(ada, kurt_case):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert _post(client, kurt_case, "note", {"note-body": "x"}).status_code == 403


def test_htmx_request_gets_the_page_back(ada_client, kurt_case):
    response = _post(ada_client, kurt_case, "note", {"note-body": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert 'name="note-body"' in response.content.decode()


def test_case_page_query_count_is_pinned(
    ada_client, ada, ben, kurt_case, django_assert_num_queries
):
    for number in range(3):
        cases.add_note(case=kurt_case, agent=ada, body=f"Notiz {number}")
        cases.record_diagnostic(case=kurt_case, agent=ben, check=f"Prüfung {number}", result="ok")
        cases.reply(
            case=kurt_case,
            agent=ada,
            body=f"Antwort {number}",
            attachments=(NewAttachment(f"f{number}.txt", b"x", "text/plain"),),
        )
    # session, user with agent profile; case; entries with authors and mail; the replies' mail;
    # attachments; promises; credits; the case's processes (fairdesk.processes); its tags
    # and linked cases; the mail participants; the read's record (privacy); the desk's case
    # visibility (read once per request); the header's unread notifications. The forms
    # with choices from the database (category, hand-over) come when opened.
    with django_assert_num_queries(15):
        assert ada_client.get(f"/desk/cases/{kurt_case.reference}/").status_code == 200


def test_priority_and_category_changes_read_as_sentences(ada_client, kurt_case, billing):
    assert (
        _post(ada_client, kurt_case, "priority", {"priority-priority": "urgent"}).status_code == 302
    )
    _post(ada_client, kurt_case, "category", {"category-category": billing.pk})
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "Priority: normal → urgent" in page
    assert "Category: Internet &gt; Störung → Rechnung" in page


def test_the_reason_given_for_a_status_change_is_on_the_timeline(ada_client, kurt, kurt_case):
    data = {"status-status": "resolved", "status-reason": "Sammelstörung am Verteiler behoben"}
    assert _post(ada_client, kurt_case, "status", data).status_code == 302
    cases.add_customer_message(case=kurt_case, customer=kurt, body="Geht wieder nicht.")
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "Reason: Sammelstörung am Verteiler behoben" in page
    # fairdesk's own reasons are said in the reader's language, not as stored.
    ada_client.post("/i18n/setlang/", {"language": "de"})
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "Grund: eine Nachricht des Kunden" in page and "customer message" not in page


def test_owner_changes_name_the_agents_as_the_desk_shows_them(ada_client, ada, ben, kurt_case):
    cases.take(case=kurt_case, agent=ada)
    cases.hand_over(case=kurt_case, agent=ada, to_agent=ben, note="Bitte Leitung messen.")
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert f"Owner: {kurt_case.team.name} → Ada Agent" in page
    assert "Owner: Ada Agent → Ben Technik" in page and "ada → ben" not in page
