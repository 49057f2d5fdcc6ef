"""A fresh desk's defaults: `migrate` gives a desk without any a team, a business calendar for
FAIRDESK_COUNTRY / FAIRDESK_SUBDIVISION and a default policy, and never touches existing ones.

(The test settings switch the defaults off for every other test; tests/setup/test_first_run.py
runs the real `migrate` on an empty data folder.)
"""

import importlib
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection
from django.test import override_settings

from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises.models import Calendar, Kind, Policy

BERLIN = ZoneInfo("Europe/Berlin")
team_migration = importlib.import_module("fairdesk.accounts.migrations.0003_default_team")
policy_migration = importlib.import_module(
    "fairdesk.promises.migrations.0005_default_calendar_and_policy"
)


def run_default_migrations() -> None:
    editor = SimpleNamespace(connection=connection)
    team_migration.add_default_team(apps, editor)
    policy_migration.add_defaults(apps, editor)


@override_settings(FAIRDESK_DEFAULTS=True, FAIRDESK_COUNTRY="DE", FAIRDESK_SUBDIVISION="BE")
def test_an_empty_desk_gets_a_team_a_calendar_and_a_default_policy(db, kurt):
    run_default_migrations()
    calendar = Calendar.objects.get()
    assert (calendar.country, calendar.subdivision, calendar.tz) == ("DE", "BE", "Europe/Berlin")
    assert Policy.objects.get().is_default and Policy.objects.get().calendar == calendar
    # Friday 17:00 in Berlin; Monday 8 March 2027 is Women's Day, a holiday in Berlin only.
    with clock.frozen_at(datetime(2027, 3, 5, 17, 0, tzinfo=BERLIN)):
        case = cases.open_case(customer=kurt, subject="Router", body="Kein Netz", channel="api")
    assert case.case.team == Team.objects.get()
    promise = case.case.promises.get(kind=Kind.FIRST_RESPONSE)
    # 1 hour on Friday, 7 on Tuesday: the Berlin holiday is skipped.
    assert promise.due_at == datetime(2027, 3, 9, 15, 0, tzinfo=BERLIN)


@override_settings(FAIRDESK_DEFAULTS=True, FAIRDESK_COUNTRY="DE", FAIRDESK_SUBDIVISION="")
def test_without_a_state_only_nationwide_holidays_close_the_calendar(db, kurt):
    run_default_migrations()
    with clock.frozen_at(datetime(2027, 3, 5, 17, 0, tzinfo=BERLIN)):
        case = cases.open_case(customer=kurt, subject="Router", body="Kein Netz", channel="api")
    promise = case.case.promises.get(kind=Kind.FIRST_RESPONSE)
    assert promise.due_at == datetime(2027, 3, 8, 15, 0, tzinfo=BERLIN)
    assert Calendar.objects.get().name == "Mo–Fr 08–18 DE"


@override_settings(FAIRDESK_DEFAULTS=True)
def test_existing_teams_calendars_and_policies_are_left_as_they_are(db, technik):
    calendar = Calendar.objects.create(name="Always", hours="24/7")
    Policy.objects.create(name="Own", calendar=calendar, first_response=timedelta(hours=1))
    run_default_migrations()
    assert list(Team.objects.values_list("name", flat=True)) == ["Technik"]
    assert list(Calendar.objects.values_list("name", flat=True)) == ["Always"]
    assert list(Policy.objects.values_list("name", "is_default")) == [("Own", False)]


@override_settings(FAIRDESK_DEFAULTS=True, FAIRDESK_COUNTRY="AT", FAIRDESK_SUBDIVISION="9")
def test_a_default_policy_is_added_beside_a_calendar_already_there(db):
    calendar = Calendar.objects.create(name="Vienna", hours="24/7", tz="Europe/Vienna")
    run_default_migrations()
    assert Policy.objects.get().calendar == calendar
    assert Calendar.objects.count() == 1


@override_settings(FAIRDESK_DEFAULTS=True)
def test_the_defaults_are_ordinary_rows_a_second_migrate_does_not_reset(db):
    run_default_migrations()
    Policy.objects.update(first_response=timedelta(hours=2), name="Ours")
    Team.objects.update(name="Hotline")
    run_default_migrations()
    assert list(Policy.objects.values_list("name", "first_response")) == [
        ("Ours", timedelta(hours=2))
    ]
    assert list(Team.objects.values_list("name", flat=True)) == ["Hotline"]


@override_settings(FAIRDESK_DEFAULTS=False)
def test_switched_off_defaults_make_nothing(db):
    run_default_migrations()
    assert not Team.objects.exists() and not Calendar.objects.exists()
    assert not Policy.objects.exists()
