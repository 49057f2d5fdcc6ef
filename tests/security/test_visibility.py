"""Who sees which case: one rule (cases.access) in the desk pages, search, downloads, the
customer page and the API; roles (agent, lead, admin, auditor) on every desk URL."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.test import Client

from fairdesk.accounts import selectors as access_selectors
from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent
from fairdesk.cases import services as cases
from fairdesk.lib.errors import DomainError
from tests.api.conftest import ApiClient


@pytest.fixture
def support_case(kurt, support, ada):
    """Kurt's case in Support's queue, with a file on Ada's reply."""
    case = cases.open_case(
        customer=kurt, subject="Zickzackrouter", body="blinkt", channel="email", team=support
    ).case
    cases.reply(
        case=case,
        agent=ada,
        body="Wir messen.",
        attachments=(cases.NewAttachment("m.txt", b"16 Mbit", "text/plain"),),
    )
    return case


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sees(client: Client, case) -> dict[str, bool]:
    """What `client` sees of `case` on each desk surface."""
    attachment = case.entries.get(kind="reply").attachments.get()
    search = client.get("/desk/search/", {"q": "Zickzackrouter"}).content.decode()
    customer = client.get(f"/desk/customers/{case.customer_id}/").content.decode()
    return {
        "page": client.get(f"/desk/cases/{case.reference}/").status_code == 200,
        "search": case.reference in search,
        "download": client.get(f"/desk/files/{attachment.pk}/").status_code == 200,
        "customer page": case.reference in customer,
    }


EVERYWHERE = {"page": True, "search": True, "download": True, "customer page": True}
NOWHERE = dict.fromkeys(EVERYWHERE, False)


def test_by_default_every_agent_sees_every_case(support_case, ben):
    assert _sees(_client(ben), support_case) == EVERYWHERE


def test_with_team_visibility_an_agent_of_another_team_sees_nothing(teams_only, support_case, ben):
    assert _sees(_client(ben), support_case) == NOWHERE
    api = ApiClient(accounts.create_token(user=ben))
    assert api.get(f"/cases/{support_case.reference}").status_code == 404
    assert api.get("/cases", q="Zickzackrouter").json()["items"] == []


def test_with_team_visibility_the_team_its_lead_admins_and_auditors_see_it(
    teams_only, support_case, ada, lena, audrey
):
    for user in (ada, lena, audrey):
        assert _sees(_client(user), support_case) == EVERYWHERE, user
    admin = accounts.create_agent(username="root", password="root-pass-123", is_admin=True)
    assert _sees(_client(admin), support_case) == EVERYWHERE


def test_with_team_visibility_an_agent_sees_a_case_they_own(teams_only, support_case, ben, ada):
    cases.change_case(
        case=support_case,
        agent=ada,
        changes=cases.CaseChanges(
            handover=cases.Handover(note="Ben kennt den Router.", to_agent=ben)
        ),
    )
    assert _sees(_client(ben), support_case)["page"]


def test_with_team_visibility_an_agent_sees_a_case_they_were_mentioned_on(
    teams_only, support_case, ben, ada
):
    cases.add_note(case=support_case, agent=ada, body="Kein Ticket für Ben.")
    assert _sees(_client(ben), support_case) == NOWHERE
    cases.add_note(case=support_case, agent=ada, body="@ben, kennst du den Router?")
    assert _sees(_client(ben), support_case) == EVERYWHERE


def test_an_auditor_reads_and_changes_nothing(support_case, audrey):
    client = _client(audrey)
    assert client.get(f"/desk/cases/{support_case.reference}/").status_code == 200
    refused = client.post(f"/desk/cases/{support_case.reference}/note/", {"note-body": "x"})
    assert refused.status_code == 403
    assert not support_case.entries.filter(kind="note").exists()


# Every desk URL × role: a = agent (Ada), l = lead (Lena, no admin role), d = admin, u = auditor.
DESK_URLS = """
/desk/                       200 200 200 200
/desk/queue/                 200 200 200 200
/desk/search/?q=Router       200 200 200 200
/desk/mail/flagged/          200 200 200 200
/desk/account/               200 200 200 200
/desk/admin/teams/           403 403 200 403
/desk/admin/agents/          403 403 200 403
/desk/admin/calendars/       403 403 200 403
/desk/admin/policies/        403 403 200 403
/desk/admin/categories/      403 403 200 403
/desk/admin/sign-in/         403 403 200 403
/desk/admin/visibility/      403 403 200 403
/desk/admin/privacy/         403 403 200 403
/desk/admin/audit/           403 403 200 200
/desk/admin/audit/csv/       403 403 200 200
/admin/                      403 403 200 403
"""


def _desk_rows():
    for line in DESK_URLS.strip().splitlines():
        url, *statuses = line.split()
        for role, status in zip("alnu", statuses, strict=True):
            yield pytest.param(url, role, int(status), id=f"{role} {url} {status}")


@pytest.mark.parametrize(("url", "role", "expected"), list(_desk_rows()))
def test_desk_url_by_role(url, role, expected, ada, lena, audrey):
    if role == "n":
        user = accounts.create_agent(
            username="root", password="root-pass-123", is_admin=True, is_staff=True
        )
    else:
        user = {"a": ada, "l": lena, "u": audrey}[role]
    user.is_staff = True  # staff everywhere: the admin role, not staff, opens the Django admin
    user.save(update_fields=["is_staff"])
    # The Django admin sends whoever it refuses to its sign-in page, which refuses them (403).
    assert _client(user).get(url, follow=True).status_code == expected


# Reports, process steps and returns follow the same rule: a lead's report counts only the
# cases the lead may open; a step or return on a case an agent may not see is a 404.


@pytest.fixture
def ben_leads_technik(ben, technik):
    technik.lead = ben
    technik.save()
    return ben


def _opened_in_api_report(user) -> int:
    report = ApiClient(accounts.create_token(user=user)).get("/reports/backlog").json()
    return sum(row[1] for row in report["rows"])


def _opened_in_desk_report(user) -> tuple[int, int]:
    """Cases opened in the backlog report, as the page's CSV counts them."""
    csv = _client(user).get("/desk/reports/backlog/csv/").content.decode().splitlines()[1:]
    opened = sum(int(line.split(",")[1]) for line in csv)
    page = _client(user).get("/desk/reports/backlog/")
    return opened, page.status_code


def test_a_lead_s_reports_count_every_case_when_every_agent_sees_all(
    support_case, ben_leads_technik
):
    assert _opened_in_api_report(ben_leads_technik) == 1
    assert _opened_in_desk_report(ben_leads_technik) == (1, 200)


def test_with_team_visibility_a_lead_s_reports_count_only_the_cases_they_see(
    teams_only, support_case, ben_leads_technik, lena, audrey
):
    assert _opened_in_api_report(ben_leads_technik) == 0
    assert _opened_in_desk_report(ben_leads_technik) == (0, 200)
    assert _opened_in_api_report(lena) == 1  # Support's lead
    audrey.is_staff = True  # staff may read reports; an auditor sees every case
    audrey.save()
    assert _opened_in_api_report(audrey) == 1


@pytest.fixture
def olga_return(olga, support, django_capture_on_commit_callbacks):
    from fairdesk.processes import services as processes
    from tests.processes.conftest import shop_order

    order = shop_order.__wrapped__(olga, support)
    with django_capture_on_commit_callbacks(execute=True):
        return processes.start_shop_return(order=order, items=None, wanted="refund", reason="x")


def test_with_team_visibility_process_actions_on_a_hidden_case_are_404(
    teams_only, olga_return, ben, ada
):
    from fairdesk.processes.models import Step

    step = Step.objects.get(process=olga_return.process, key="inspected")
    number, case = olga_return.number, olga_return.case
    ben_desk, ada_desk = _client(ben), _client(ada)
    hidden = (
        f"/desk/steps/{step.pk}/expedite/",
        f"/desk/returns/{number}/remind/",
        f"/desk/returns/{number}/goodwill/",
    )
    for url in hidden:
        assert ben_desk.post(url, {"reason": "VIP", "amount": "5"}).status_code == 404, url
    ben_api = ApiClient(accounts.create_token(user=ben))
    moved = ben_api.post(f"/processes/{olga_return.process_id}/steps/inspected", {"action": "done"})
    assert moved.status_code == 404
    assert ben_api.post(f"/returns/{number}/state", {"state": "received"}).status_code == 404
    step.refresh_from_db()
    assert step.expedite_reason == ""
    # Support sees Olga's case and works the same step.
    assert ada_desk.post(hidden[0], {"reason": "VIP"}).status_code == 302
    step.refresh_from_db()
    assert step.expedite_reason == "VIP" and case.team.name == "Support"


def test_an_auditor_reads_the_audit_log_and_is_offered_nothing_else(audrey):
    client = _client(audrey)
    page = client.get("/desk/admin/audit/", {"source": "accounts"}).content.decode()
    assert "auditor" in page  # Audrey's own role change
    assert 'href="/desk/admin/audit/"' in client.get("/desk/").content.decode()
    assert "/desk/admin/teams/" not in page and "/desk/admin/privacy/" not in page
    # The log only reads: a POST to it is refused like every auditor's POST.
    assert client.post("/desk/admin/audit/").status_code in (403, 405)


# The setting lives in the database (DeskSettings), set by an admin, audited; the environment
# gives only a fresh install's value.


def test_an_admin_sets_team_visibility_and_it_counts_from_the_next_request(
    support_case, ben, admin_client
):
    ben_client = _client(ben)
    assert _sees(ben_client, support_case) == EVERYWHERE
    page = admin_client.get("/desk/admin/visibility/").content.decode()
    assert re.search(r'value="all"[^>]*checked', page)
    saved = admin_client.post("/desk/admin/visibility/", {"visibility": "teams"})
    assert saved.status_code == 302
    assert _sees(ben_client, support_case) == NOWHERE
    event = AccountEvent.objects.get(action="settings.case_visibility")
    assert event.actor.username == "lena" and event.data == {"visibility": "teams"}
    admin_client.post("/desk/admin/visibility/", {"visibility": "all"})
    assert _sees(ben_client, support_case) == EVERYWHERE


def test_a_bad_visibility_is_refused_and_changes_nothing(admin_client, ada):
    refused = admin_client.post("/desk/admin/visibility/", {"visibility": "some"})
    assert refused.status_code == 422
    assert access_selectors.case_visibility() == "all"
    with pytest.raises(DomainError):
        accounts.set_case_visibility(admin=None, visibility="some")
    assert _client(ada).post("/desk/admin/visibility/", {"visibility": "teams"}).status_code == 403
    assert access_selectors.case_visibility() == "all"


@pytest.mark.parametrize("value", ["all", "teams"])
def test_a_fresh_install_starts_with_the_environment_s_value(value, settings, db):
    migration = importlib.import_module(
        "fairdesk.accounts.migrations.0005_session_generation_case_visibility"
    )
    settings.FAIRDESK_CASE_VISIBILITY = value
    migration.visibility_from_environment(django_apps, None)
    assert access_selectors.case_visibility() == value
    settings.FAIRDESK_CASE_VISIBILITY = "all" if value == "teams" else "teams"
    assert access_selectors.case_visibility() == value  # from then on only the row counts
