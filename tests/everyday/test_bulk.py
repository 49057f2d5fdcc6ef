"""Bulk actions: each case through its service; a refusal on one is reported, the rest done."""

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, EntryKind


def _bulk(client, references, **fields):
    data = {f"bulk-{name}": value for name, value in fields.items()}
    data |= {"cases": references, "next": "/desk/views/open/"}
    return client.post("/desk/views/bulk/", data, follow=True)


def _case(customer, subject):
    return cases.open_new_case(customer=customer, subject=subject, body="x", channel="web").case


def test_hand_over_many_with_one_note(ada_client, ada, ben, kurt, olga, support):
    first, second = _case(kurt, "Eins"), _case(olga, "Two")
    page = _bulk(
        ada_client,
        [first.reference, second.reference],
        action="hand_over",
        to_agent=ben.pk,
        note="Bitte messen.",
    ).content.decode()
    assert f"Done for {first.reference}, {second.reference}." in page
    for case in (first, second):
        case.refresh_from_db()
        assert case.assignee == ben
        assert case.entries.get(kind=EntryKind.OWNER).body == "Bitte messen."


def test_one_refusal_is_reported_and_leaves_the_others_done(ada_client, ada, ben, kurt, support):
    mine, taken = _case(kurt, "Eins"), _case(kurt, "Zwei")
    cases.take(case=taken, agent=ben)
    page = _bulk(ada_client, [mine.reference, taken.reference, "FD-999999"], action="take")
    text = page.content.decode()
    assert f"Done for {mine.reference}." in text
    assert f"{taken.reference}: The case already has an owner" in text
    assert "FD-999999: No such case." in text
    assert Case.objects.get(pk=mine.pk).assignee == ada
    assert Case.objects.get(pk=taken.pk).assignee == ben


def test_status_priority_and_tags_for_many(ada_client, kurt, olga, support):
    first, second = _case(kurt, "Eins"), _case(olga, "Two")
    both = [first.reference, second.reference]
    _bulk(ada_client, both, action="status", status="waiting_on_third_party")
    _bulk(ada_client, both, action="priority", priority="high")
    cases.set_tags(case=first, agent=None, names=["dsl"])
    _bulk(ada_client, both, action="tags", tags="Störung")
    first.refresh_from_db()
    assert first.status == "waiting_on_third_party" and first.priority == "high"
    assert sorted(first.tags.values_list("name", flat=True)) == ["dsl", "störung"]
    assert list(second.tags.values_list("name", flat=True)) == ["störung"]


def test_a_missing_choice_is_reported_per_case_and_changes_nothing(ada_client, kurt, support):
    case = _case(kurt, "Eins")
    text = _bulk(ada_client, [case.reference], action="status").content.decode()
    assert f"{case.reference}: Choose a status." in text
    assert Case.objects.get(pk=case.pk).status == "new"


def test_merge_duplicates_into_the_oldest_and_refuse_another_customers(
    ada_client, kurt, olga, support
):
    oldest, copy, other = _case(kurt, "Eins"), _case(kurt, "Eins nochmal"), _case(olga, "Two")
    text = _bulk(
        ada_client, [copy.reference, other.reference, oldest.reference], action="merge"
    ).content.decode()
    assert Case.objects.get(pk=copy.pk).merged_into_id == oldest.pk
    assert Case.objects.get(pk=other.pk).merged_into_id is None
    assert f"{other.reference}: Only cases of the same customer can be merged." in text


def test_the_view_page_offers_ticks_and_the_bulk_form(ada_client, kurt, support):
    case = _case(kurt, "Eins")
    page = ada_client.get("/desk/views/open/").content.decode()
    assert f'name="cases" value="{case.reference}" form="bulk-form"' in page
    assert 'id="bulk-form"' in page


def test_take_refuses_a_closed_case_and_says_why(ada_client, ada, kurt, support):
    open_one, closed = _case(kurt, "Eins"), _case(kurt, "Zwei")
    cases.change_status(case=closed, agent=None, status="resolved")
    cases.change_status(case=closed, agent=None, status="closed")
    text = _bulk(ada_client, [open_one.reference, closed.reference], action="take").content.decode()
    assert f"Done for {open_one.reference}." in text
    assert f"{closed.reference}: Case {closed.reference} is closed." in text
    assert Case.objects.get(pk=closed.pk).assignee is None
    assert not closed.entries.filter(kind=EntryKind.OWNER).exists()


def test_merge_reports_the_merged_cases_as_done_not_the_target(ada_client, kurt, support):
    oldest, copy, again = _case(kurt, "Eins"), _case(kurt, "Eins nochmal"), _case(kurt, "Eins!")
    text = _bulk(
        ada_client, [copy.reference, again.reference, oldest.reference], action="merge"
    ).content.decode()
    assert f"Done for {copy.reference}, {again.reference}." in text
    assert Case.objects.filter(merged_into=oldest).count() == 2


def test_hand_over_refuses_a_closed_case_and_says_why(ada_client, ada, ben, kurt, support):
    open_one, closed = _case(kurt, "Eins"), _case(kurt, "Zwei")
    cases.change_status(case=closed, agent=None, status="resolved")
    cases.change_status(case=closed, agent=None, status="closed")
    text = _bulk(
        ada_client,
        [open_one.reference, closed.reference],
        action="hand_over",
        to_agent=ben.pk,
        note="Bitte messen.",
    ).content.decode()
    assert f"Done for {open_one.reference}." in text
    assert f"{closed.reference}: Case {closed.reference} is closed." in text
    closed.refresh_from_db()
    assert closed.assignee is None
