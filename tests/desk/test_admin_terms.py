"""Administration in the desk: calendars and policies as forms with a due-time preview,
compensation rules, and the category tree."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent, Category
from fairdesk.lib import clock
from fairdesk.promises.models import Calendar, CompensationRule, Kind, Policy

# Friday 18 December 2026, 15:00 in Berlin.
FRIDAY_3PM = datetime(2026, 12, 18, 14, 0, tzinfo=UTC)

CALENDAR_FORM = {
    "cal-name": "Werktage Bayern",
    "cal-tz": "Europe/Berlin",
    "cal-country": "DE",
    "cal-subdivision": "by",
    "cal-mon": "08:00-12:00, 13:00-17:00",
    "cal-tue": "08:00-12:00, 13:00-17:00",
    "cal-wed": "08:00-12:00, 13:00-17:00",
    "cal-thu": "08:00-12:00, 13:00-17:00",
    "cal-fri": "08:00-12:00, 13:00-17:00",
    "cal-sat": "",
    "cal-sun": "",
    "cal-preview_hours": "8",
    "exceptions-TOTAL_FORMS": "2",
    "exceptions-INITIAL_FORMS": "0",
    "exceptions-0-day": "2026-12-21",
    "exceptions-0-hours": "",
    "exceptions-1-day": "",
    "exceptions-1-hours": "",
}


def _calendar(admin_client) -> Calendar:
    response = admin_client.post("/desk/admin/calendars/new/", CALENDAR_FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Calendar.objects.get(name="Werktage Bayern")


def test_admin_creates_a_calendar_from_the_form(admin_client, lena):
    calendar = _calendar(admin_client)
    assert calendar.hours["mon"] == ["08:00-12:00", "13:00-17:00"]
    assert "sat" not in calendar.hours
    assert (calendar.country, calendar.subdivision) == ("DE", "BY")
    assert calendar.exceptions == {"2026-12-21": []}
    event = AuditEvent.objects.get(action="calendar.created")
    assert event.actor_user == lena and event.data["calendar"] == calendar.pk


def test_preview_shows_the_due_time_without_saving(admin_client):
    with clock.frozen_at(FRIDAY_3PM):
        response = admin_client.post("/desk/admin/calendars/new/", CALENDAR_FORM | {"preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    # Friday 15-17 is 2 hours, Monday 21st is closed, Tuesday 8-12 and 13-15 the other 6.
    assert "A promise of 8 business hours made now is due Tuesday, 22 December 2026, 15:00" in page
    assert 'value="Werktage Bayern"' in page
    assert not Calendar.objects.exists()


def test_preview_speaks_german(admin_client):
    with clock.frozen_at(FRIDAY_3PM), translation.override("de"):
        response = admin_client.post(
            "/desk/admin/calendars/new/",
            CALENDAR_FORM | {"preview": "1"},
            headers={"accept-language": "de"},
        )
    page = response.content.decode()
    assert (
        "Eine jetzt gegebene Zusage über 8 Geschäftsstunden ist fällig am "
        "Dienstag, 22. Dezember 2026, 15:00 (Europe/Berlin)."
    ) in page


def test_editing_a_calendar_shows_its_hours_and_a_preview(admin_client):
    calendar = _calendar(admin_client)
    with clock.frozen_at(FRIDAY_3PM):
        page = admin_client.get(f"/desk/admin/calendars/{calendar.pk}/").content.decode()
    assert 'value="08:00-12:00, 13:00-17:00"' in page
    assert 'value="2026-12-21"' in page
    assert "due Tuesday, 22 December 2026, 15:00" in page


def test_a_24_7_calendar_from_the_presets_opens_in_the_form(admin_client):
    always = Calendar.objects.create(name="Rund um die Uhr", hours="24/7", tz="UTC")
    page = admin_client.get(f"/desk/admin/calendars/{always.pk}/").content.decode()
    assert page.count('value="00:00-24:00"') == 7


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cal-mon", "8 to 5", "Give opening hours like 08:00-12:00"),
        ("cal-subdivision", "XX", "XX is not a state of DE"),
        ("cal-name", "", "This field is required."),
    ],
)
def test_a_refused_calendar_comes_back_filled_in(admin_client, field, value, message):
    response = admin_client.post("/desk/admin/calendars/new/", CALENDAR_FORM | {field: value})
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert 'value="2026-12-21"' in page and 'value="08:00-12:00, 13:00-17:00"' in page
    assert not Calendar.objects.exists()


def test_a_calendar_never_open_is_refused(admin_client):
    closed = {f"cal-{day}": "" for day in ("mon", "tue", "wed", "thu", "fri")}
    response = admin_client.post("/desk/admin/calendars/new/", CALENDAR_FORM | closed)
    assert response.status_code == 422
    assert "The calendar is never open" in response.content.decode()


def _policy_form(calendar: Calendar, **extra) -> dict:
    return {
        "policy-name": "Privatkunden",
        "policy-calendar": calendar.pk,
        "policy-first_response": "2",
        "policy-next_response": "8",
        "policy-resolution": "40",
        "policy-is_default": "on",
    } | extra


def test_a_new_case_gets_a_promise_on_the_policy_made_in_the_desk(admin_client, kurt):
    calendar = _calendar(admin_client)
    response = admin_client.post("/desk/admin/policies/new/", _policy_form(calendar))
    assert response.status_code == 302
    policy = Policy.objects.get(name="Privatkunden")
    assert policy.is_default and policy.first_response == timedelta(hours=2)
    with clock.frozen_at(FRIDAY_3PM):
        case = cases.open_case(customer=kurt, subject="Frage", body="Wie?", channel="web").case
    first = case.promises.get(kind=Kind.FIRST_RESPONSE)
    assert first.calendar == calendar and first.policy == policy
    assert first.due_at == datetime(2026, 12, 18, 16, 0, tzinfo=UTC)  # 17:00 in Berlin
    assert AuditEvent.objects.filter(action="policy.created", actor_user__isnull=False).exists()


def test_policy_preview_shows_each_target(admin_client):
    calendar = _calendar(admin_client)
    with clock.frozen_at(FRIDAY_3PM):
        response = admin_client.post(
            "/desk/admin/policies/new/", _policy_form(calendar) | {"preview": "1"}
        )
    page = response.content.decode()
    assert "A promise of 2 business hours made now is due Friday, 18 December 2026, 17:00" in page
    assert "A promise of 40 business hours" in page
    assert not Policy.objects.exists()


def test_a_new_default_replaces_the_old_and_the_default_cannot_be_dropped(admin_client):
    calendar = _calendar(admin_client)
    admin_client.post("/desk/admin/policies/new/", _policy_form(calendar))
    old = Policy.objects.get()
    admin_client.post("/desk/admin/policies/new/", _policy_form(calendar, **{"policy-name": "Neu"}))
    old.refresh_from_db()
    assert not old.is_default and Policy.objects.get(name="Neu").is_default
    new = Policy.objects.get(name="Neu")
    form = _policy_form(calendar, **{"policy-name": "Neu"})
    del form["policy-is_default"]
    response = admin_client.post(f"/desk/admin/policies/{new.pk}/", form)
    assert response.status_code == 422
    assert "A desk needs a default policy" in response.content.decode()


def test_policy_matching_by_category_and_a_zero_target_is_refused(admin_client, fault):
    calendar = _calendar(admin_client)
    form = _policy_form(calendar, **{"policy-category": fault.pk, "policy-first_response": "0"})
    del form["policy-is_default"]
    response = admin_client.post("/desk/admin/policies/new/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ensure this value is greater than or equal to 0.01." in page
    assert f'value="{fault.pk}" selected' in page


def test_compensation_rules_are_added_and_removed(admin_client, lena):
    calendar = _calendar(admin_client)
    admin_client.post("/desk/admin/policies/new/", _policy_form(calendar))
    policy = Policy.objects.get()
    rule = {
        "rule-name": "Kulanz",
        "rule-kind": "resolution",
        "rule-basis": "per_day",
        "rule-from_day": "3",
        "rule-to_day": "",
        "rule-fixed_eur": "5.50",
        "rule-percent_of_fee": "10",
    }
    response = admin_client.post(f"/desk/admin/policies/{policy.pk}/rules/", rule)
    assert response.status_code == 302
    row = CompensationRule.objects.get()
    assert (row.fixed_cents, row.percent_of_fee, row.to_day) == (550, Decimal(10), None)
    refused = admin_client.post(
        f"/desk/admin/policies/{policy.pk}/rules/", rule | {"rule-to_day": "1"}
    )
    assert refused.status_code == 422
    assert "The last day cannot come before the first." in refused.content.decode()
    admin_client.post(f"/desk/admin/policies/{policy.pk}/rules/{row.pk}/remove/")
    assert not CompensationRule.objects.exists()
    actions = AuditEvent.objects.filter(action__startswith="compensation").values_list("action")
    assert [a for (a,) in actions] == ["compensation.added", "compensation.removed"]


def test_categories_form_a_tree_and_a_rename_moves_the_subtree(admin_client, support):
    admin_client.post("/desk/admin/categories/", {"category-name": "Internet"})
    internet = Category.objects.get(name="Internet")
    admin_client.post(
        "/desk/admin/categories/",
        {"category-name": "Störung", "category-parent": internet.pk, "category-is_fault": "on"},
    )
    assert Category.objects.get(name="Störung").path == "Internet > Störung"
    response = admin_client.post(
        f"/desk/admin/categories/{internet.pk}/",
        {"category-name": "Festnetz-Internet", "category-team": support.pk},
    )
    assert response.status_code == 302
    assert Category.objects.get(name="Störung").path == "Festnetz-Internet > Störung"
    page = admin_client.get("/desk/admin/categories/").content.decode()
    assert 'class="depth-1"' in page and "Festnetz-Internet" in page
    duplicate = admin_client.post("/desk/admin/categories/", {"category-name": "festnetz-internet"})
    assert duplicate.status_code == 422 and "exists already" in duplicate.content.decode()
    actions = AuditEvent.objects.filter(action__startswith="category").values_list("action")
    assert [a for (a,) in actions] == ["category.created", "category.created", "category.changed"]


def test_policy_and_category_lists_keep_their_query_counts(
    admin_client, support, django_assert_num_queries
):
    from fairdesk.promises.presets import ensure_presets

    ensure_presets()
    parent = cases.create_category(name="Internet", team=support)
    for number in range(6):
        cases.create_category(name=f"Thema {number}", parent=parent, team=support)
    # session, user with agent profile; policies with calendars and category.
    with django_assert_num_queries(4):
        assert admin_client.get("/desk/admin/policies/").status_code == 200
    # session, user with agent profile; categories with teams; the form's categories and teams.
    with django_assert_num_queries(6):
        assert admin_client.get("/desk/admin/categories/").status_code == 200


def test_the_calendar_form_in_german_asks_for_the_federal_state(admin_client):
    page = admin_client.get("/desk/admin/calendars/new/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Bundesland" in page.content.decode()
