"""Who sees which case: one rule (cases.access) in the desk pages, search, downloads, the
customer page and the API; roles (agent, lead, admin, auditor) on every desk URL."""

import pytest
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from tests.api.conftest import ApiClient


@pytest.fixture
def teams_only(settings):
    settings.FAIRDESK_CASE_VISIBILITY = "teams"


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
