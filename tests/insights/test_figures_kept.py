"""The figures the reaction writes without the ORM (a case opened in the call from the case in
hand, any other case through one fixed statement) equal the backfill's computation, and the
day and value counts moved with them equal counting afresh, after every kind of write."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fairdesk.accounts.services import create_token
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.insights import figures
from fairdesk.insights.models import CaseFigures, DayCount, ValueCount
from fairdesk.insights.services import rebuild_day_counts, rebuild_value_counts
from fairdesk.lib import clock
from fairdesk.promises.models import Calendar
from fairdesk.promises.presets import ensure_presets

COMPARED = tuple(name for name in figures.Figures._fields if name != "refreshed_at")
# Each model's columns, and how many of the last are counts (a row of zeros counts nothing).
COUNTED = {
    DayCount: (
        ("day", "team_id", "category_key", "channel", "opened", "finished", "done", "back"),
        4,
    ),
    ValueCount: (
        ("span", "day", "measure", "team_id", "category_key", "channel", "value", "cases"),
        1,
    ),
}


def stored() -> list[tuple]:
    return sorted(
        tuple(getattr(row, name) for name in COMPARED) for row in CaseFigures.objects.all()
    )


def counts() -> dict:
    return {
        model: {row for row in model.objects.values_list(*names) if any(row[-width:])}
        for model, (names, width) in COUNTED.items()
    }


def assert_as_rebuilt() -> None:
    """The stored rows equal the backfill's (ORM) computation of every case, and the moved
    counts equal counting afresh."""
    last = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rebuilt = sorted(
        tuple(getattr(row, name) for name in COMPARED) for row in figures.compute_range(0, last)
    )
    assert stored() == rebuilt
    moved = counts()
    rebuild_day_counts()
    rebuild_value_counts()
    assert counts() == moved


def figures_reads(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if "cases_case c" in query["sql"] or "FROM insights_casefigures" in query["sql"]
    ]


@pytest.fixture(autouse=True)
def presets(db) -> None:
    """The preset policies, so every case has terms and a business calendar."""
    ensure_presets()


@pytest.fixture
def api(ada) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user=ada)}")


def test_a_case_opened_over_the_api_is_written_from_the_case_in_hand(api, support):
    with CaptureQueriesContext(connection) as captured:
        answer = api.post(
            "/api/v1/cases",
            {"customer_email": "nina@example.org", "subject": "Router", "body": "Kaputt."},
            content_type="application/json",
        )
    assert answer.status_code == 201, answer.content
    assert figures_reads(captured) == []
    row = CaseFigures.objects.get(case__reference=answer.json()["reference"])
    assert (row.contacts, row.handoffs, row.reopened, row.first_response_seconds) == (
        1,
        0,
        False,
        None,
    )
    assert_as_rebuilt()


def test_every_kind_of_write_keeps_the_figures_as_rebuilt(kurt, olga, ada, ben, technik, billing):
    email = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    phone = cases.open_new_case(customer=olga, subject="Anruf", body="Rief an.", channel="phone")
    assert CaseFigures.objects.get(case=phone.case).contacts == 1  # a call is a contact
    assert_as_rebuilt()
    joined = cases.add_customer_message(case=email, customer=kurt, body="Noch etwas.")
    assert_as_rebuilt()
    split = cases.split_off(entry=joined, agent=ada)
    assert CaseFigures.objects.get(case=split).contacts == 1
    assert_as_rebuilt()
    cases.reply(case=email, agent=ada, body="Wir prüfen das.")
    assert CaseFigures.objects.get(case=email).first_response_seconds is not None
    assert_as_rebuilt()
    cases.record_call(case=email, agent=ada, body="Kurt rief an.")
    cases.hand_over(case=email, agent=ada, note="Technik bitte.", to_team=technik)
    cases.change_category(case=email, agent=ben, category=billing)
    assert_as_rebuilt()
    cases.change_status(case=email, agent=ben, status="closed")
    cases.reopen(case=email, agent=ben, reason="Doch nicht.")
    cases.change_status(case=email, agent=ben, status="resolved")
    assert CaseFigures.objects.get(case=email).reopened
    assert_as_rebuilt()
    cases.merge_cases(source=split, target=email, agent=ben)
    assert_as_rebuilt()


def test_a_changed_calendar_is_read_again(kurt, ada):
    # Opened and answered on a Saturday: no business time on the preset's weekday calendar.
    saturday = datetime(2026, 11, 28, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    with clock.frozen_at(saturday):
        case = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email")
    with clock.frozen_at(saturday + timedelta(hours=2)):
        cases.reply(case=case.case, agent=ada, body="Wir prüfen das.")
    assert CaseFigures.objects.get(case=case.case).first_response_seconds == 0
    calendar = Calendar.objects.get(pk=case.case.terms.policy.calendar_id)
    calendar.hours = "24/7"
    calendar.save()
    cases.add_customer_message(case=case.case, customer=kurt, body="Und?")
    assert CaseFigures.objects.get(case=case.case).first_response_seconds == 7200
    assert_as_rebuilt()


def test_a_refresh_that_changes_no_figure_writes_nothing(kurt, ada):
    # What the stored row is compared by: every figure but when it was refreshed.
    names = {CaseFigures._meta.get_field(name).attname for name in figures.FIGURE_FIELDS}
    assert set(figures.ROW_FIELDS) == names - {"refreshed_at"}
    case = cases.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    cases.reply(case=case, agent=ada, body="Wir prüfen das.")
    answered = CaseFigures.objects.get(case=case)
    with CaptureQueriesContext(connection) as captured:
        cases.reply(case=case, agent=ada, body="Wir messen die Leitung.")
    assert not [q for q in captured.captured_queries if 'INSERT INTO "insights_' in q["sql"]]
    assert CaseFigures.objects.get(case=case).refreshed_at == answered.refreshed_at
    cases.add_customer_message(case=case, customer=kurt, body="Und?")
    assert CaseFigures.objects.get(case=case).contacts == 2
    assert CaseFigures.objects.get(case=case).refreshed_at > answered.refreshed_at
    assert_as_rebuilt()
