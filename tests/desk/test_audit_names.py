"""The audit log and the fairness report name what they show in the reader's language: every
action code a service writes has a name, with its key details."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fairdesk.accounts import services as accounts
from fairdesk.cases import services as cases
from fairdesk.desk.audit_names import ACTIONS
from fairdesk.lib import clock
from fairdesk.promises.models import CreditState
from fairdesk.queues import services as queues

SOURCE = Path(__file__).resolve().parents[2] / "fairdesk"
# A literal code as the services write it: audit("case.take", …), _audit(admin, "team.created",
# …), _record("queues.seat", …), audit="mail.bounce", action="retention_set", … = "policy.…".
WRITTEN = re.compile(
    r"(?:\baudit\(|_audit\(\s*\w+,|_record\(\s*(?:\w+,\s*)?|\baudit=|\baction=|action = )"
    r'\s*"([a-z_]+(?:\.[a-z_]+)?)"'
)
# Promise entries are audited as f"promise.{event}", credits as f"credit.{state}".
PROMISE_EVENT = re.compile(r'_(?:entry|event)\(\s*promise,\s*"([a-z_]+)"')
NOT_ACTIONS = {"append", "store_true", "failed"}  # argparse actions, a bounce's DSN action


def _written_codes() -> set[str]:
    codes = {f"credit.{state}" for state in CreditState.values if state != "pending"}
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        codes |= set(WRITTEN.findall(text)) - NOT_ACTIONS
        codes |= {f"promise.{event}" for event in PROMISE_EVENT.findall(text)}
    return codes


def test_every_action_a_service_writes_has_a_name():
    codes = _written_codes()
    assert {"case.expedite", "agent.invited", "promise.made", "token.revoked"} <= codes
    assert codes - set(ACTIONS) == set()


def test_every_action_name_is_translated():
    from django.utils import translation

    with translation.override("en"):
        english = {code: str(name) for code, name in ACTIONS.items()}
    with translation.override("de"):
        untranslated = {code for code, name in ACTIONS.items() if str(name) == english[code]}
    assert untranslated == set()


def _expedited(customer, agent, category, reason: str):
    """A new case of `customer`'s, expedited by `agent` for `reason`."""
    case = cases.open_new_case(
        customer=customer,
        subject="dringend",
        body="Bitte helfen.",
        channel="web",
        category=category,
    ).case
    queues.expedite(case=case, agent=agent, reason=reason, due_at=clock.now() + timedelta(hours=2))
    return case


@clock.frozen_at(datetime(2026, 11, 30, 8, tzinfo=UTC))
def test_the_case_log_names_the_expedite_and_its_reason_in_german(admin_client, ada, kurt, billing):
    case = _expedited(kurt, ada, billing, "Arztpraxis ohne Telefon")
    page = admin_client.get(
        "/desk/admin/audit/", {"source": "cases"}, HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "case.expedite" not in page
    assert "Fall beschleunigt" in page and "Grund: Arztpraxis ohne Telefon" in page
    assert f"{case.reference}: " in page

    english = admin_client.get("/desk/admin/audit/", {"source": "cases"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Case expedited" in english.content.decode()


def test_the_accounts_log_names_who_was_invited_and_the_csv_speaks_german(admin_client, lena):
    accounts.invite_agent(admin=lena, username="nora", name="Nora Neu", email="nora@example.org")
    page = admin_client.get(
        "/desk/admin/audit/", {"source": "accounts"}, HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "agent.invited" not in page
    assert "Agent eingeladen" in page and "Benutzername: nora" in page
    response = admin_client.get(
        "/desk/admin/audit/csv/", {"source": "accounts"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    header, *rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert header == ["Wann", "Wer", "Was", "Betrifft"]
    assert any(row[2] == "Agent eingeladen" and "nora" in row[3] for row in rows)


def test_the_fairness_page_names_dimensions_and_segments_in_german(lena, kurt, billing):
    from tests.desk.conftest import _signed_in

    cases.open_new_case(
        customer=kurt, subject="eins", body="Bitte helfen.", channel="email", category=billing
    )
    lead = _signed_in(lena)
    page = lead.get("/desk/fairness/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td>Kanal</td><td>E-Mail</td>" in page
    assert "<td>Kundenart</td>" in page and "customer_type" not in page
    body = lead.get("/desk/fairness/csv/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '"Kanal","E-Mail"' in body


def _found(client, source: str, words: str, language: str) -> str:
    """The rows of the audit log a search for `words` shows a reader of `language`."""
    page = client.get(
        "/desk/admin/audit/", {"source": source, "q": words}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    return page.split("<tbody>")[1].split("</tbody>")[0]


@clock.frozen_at(datetime(2026, 11, 30, 8, tzinfo=UTC))
def test_the_case_log_is_searched_by_the_names_and_details_the_reader_sees(
    admin_client, ada, kurt, billing
):
    _expedited(kurt, ada, billing, "Eilt: Arztpraxis für Kinder ohne Telefon")
    german = _found(admin_client, "cases", "beschleunigt", "de")
    assert "Fall beschleunigt" in german and "Fall eröffnet" not in german
    english = _found(admin_client, "cases", "EXPEDITED", "en")
    assert "Case expedited" in english and "Case opened" not in english
    assert "Fall beschleunigt" in _found(admin_client, "cases", "Eilt", "de")  # the reason
    assert "Fall beschleunigt" in _found(admin_client, "cases", "für kinder", "de")
    assert "Nichts gefunden." in _found(admin_client, "cases", "due_before", "de")  # a key
    assert "Fall eröffnet" in _found(admin_client, "cases", "eröffnet", "de")
    assert "Nothing found." in _found(admin_client, "cases", "beschleunigt", "en")
    assert "Case expedited" in _found(admin_client, "cases", "case.expedite", "en")  # the code


def test_the_accounts_log_is_searched_by_names_details_and_the_agent_named(admin_client, lena, ada):
    accounts.invite_agent(admin=lena, username="nora", name="Nora Neu", email="nora@example.org")
    accounts.set_auditor_role(admin=lena, user=ada, is_auditor=True)
    invited = _found(admin_client, "accounts", "eingeladen", "de")
    assert "Agent eingeladen" in invited and "Prüferrolle" not in invited
    assert "Agent invited" in _found(admin_client, "accounts", "invited", "en")
    assert "Agent eingeladen" in _found(admin_client, "accounts", "Nora Neu", "de")
    # Ada is shown by name as the agent whose role Lena changed
    about_ada = _found(admin_client, "accounts", "Ada Agent", "en")
    assert "Auditor role changed" in about_ada and "Agent invited" not in about_ada


def test_the_reads_log_is_searched_by_the_kind_of_read_shown(admin_client, ada, kurt):
    from fairdesk.privacy import services as privacy
    from fairdesk.privacy.models import ReadKind

    case = cases.open_new_case(customer=kurt, subject="x", body="y", channel="web").case
    privacy.log_read(user=ada, kind=ReadKind.CASE, case=case)
    privacy.log_read(user=ada, kind=ReadKind.CUSTOMER, customer_id=kurt.pk)
    read = _found(admin_client, "reads", "fall gelesen", "de")
    assert "Fall gelesen" in read and "Kunde angesehen" not in read
    assert "customer read" in _found(admin_client, "reads", "Customer read", "en")
