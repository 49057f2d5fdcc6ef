"""`load_demo`: a working desk with people, four businesses in two languages, and stories."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import authenticate, get_user_model

from fairdesk.accounts.models import Customer, Team
from fairdesk.cases.models import Case, Entry, EntryKind, Status
from fairdesk.demo import load_demo
from fairdesk.lib import clock
from fairdesk.portal.services import check_password
from fairdesk.promises.models import Kind, Promise, State
from tests import people

# A Wednesday morning: the stories run over the six weeks before it.
NOW = datetime(2027, 3, 17, 9, 30, tzinfo=UTC)
CASES = 24


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction rolled back at its end."""
    with people.world_once(django_db_blocker):
        with clock.frozen_at(NOW):
            logins = load_demo(cases=CASES)
        yield logins


@pytest.fixture
def logins(loaded, db):
    return loaded


def counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "entries": Entry.objects.count(),
        "customers": Customer.objects.count(),
        "users": get_user_model().objects.count(),
        "teams": Team.objects.count(),
        "promises": Promise.objects.count(),
    }


def test_every_printed_login_signs_in(logins):
    roles = {role for role, _, _ in logins}
    assert roles == {"admin", "lead", "agent", "customer"}
    for role, username, password in logins:
        assert "demo" in password  # marked as demo-only wherever it is printed
        if role == "customer":
            assert check_password(address=username, password=password) is not None
        else:
            user = authenticate(username=username, password=password)
            assert user is not None and hasattr(user, "agent")


def test_admin_is_a_superuser_who_is_also_an_agent(logins):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.agent.teams.count() == Team.objects.count()


def test_teams_have_leads_and_agents_in_different_teams(logins):
    assert set(Team.objects.values_list("name", flat=True)) >= {
        "Störungsannahme",
        "Technik",
        "Kundenservice",
        "Versand & Retouren",
    }
    assert not Team.objects.filter(lead__isnull=True).exists()
    assert Team.objects.get(name="Störungsannahme").escalation_team.name == "Technik"


def test_cases_come_from_all_four_businesses_in_both_languages(logins):
    seen = {
        (path.split(" > ")[0], language)
        for path, language in Case.objects.values_list("category__path", "customer__language")
    }
    assert seen == {
        (business, language)
        for business in ("Mobilfunk", "Internet", "Werkstatt", "Shop")
        for language in ("de", "en")
    }
    assert Case.objects.count() >= CASES


def test_category_trees_route_to_teams_and_mark_faults(logins):
    from fairdesk.cases.models import Category

    no_sync = Category.objects.get(path="Internet > Störung > Keine Synchronisation")
    assert no_sync.is_fault and no_sync.team.name == "Störungsannahme"
    assert Category.objects.get(path="Shop > Retoure").team.name == "Versand & Retouren"
    assert not Category.objects.get(path="Mobilfunk > Vertrag > Kündigung").is_fault


def test_stories_have_handoffs_diagnostics_promises_and_repeat_contacts(logins):
    assert Case.objects.filter(handoff_count__gt=0).exists()
    kinds = set(Entry.objects.values_list("kind", flat=True))
    assert {EntryKind.DIAGNOSTIC, EntryKind.OWNER, EntryKind.REPLY, EntryKind.MESSAGE_IN} <= kinds
    assert Promise.objects.filter(kind=Kind.CALLBACK, made_by__isnull=False).exists()
    assert Promise.objects.filter(kind=Kind.FIRST_RESPONSE).exists()  # made by the clocks
    assert Case.objects.filter(entries__kind=EntryKind.MESSAGE_IN).count() > Case.objects.count()
    assert Customer.objects.filter(monthly_fee_cents__isnull=False).exists()


def test_the_watch_has_caught_up_with_overdue_promises_of_open_cases(logins):
    assert Promise.objects.filter(state=State.BROKEN).exists()
    assert not Promise.objects.filter(state=State.PENDING, due_at__lte=NOW).exists()


def test_statuses_and_times_are_spread_like_a_real_desk(logins):
    statuses = set(Case.objects.values_list("status", flat=True))
    assert Status.CLOSED in statuses or Status.RESOLVED in statuses
    assert statuses & {Status.NEW, Status.OPEN, Status.WAITING_ON_CUSTOMER,
                       Status.WAITING_ON_THIRD_PARTY}  # fmt: skip
    oldest = Case.objects.order_by("created_at").first().created_at
    assert oldest < NOW - timedelta(days=14)
    assert not Entry.objects.filter(created_at__gt=NOW).exists()
    assert not Case.objects.filter(updated_at__gt=NOW).exists()


def test_a_second_load_adds_nothing_and_prints_the_same_logins(logins):
    before = counts()
    with clock.frozen_at(NOW + timedelta(days=1)):
        again = load_demo(cases=CASES)
    assert again == logins
    assert counts() == before
