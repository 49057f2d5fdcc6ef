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


@clock.frozen_at(datetime(2026, 11, 30, 8, tzinfo=UTC))
def test_the_case_log_names_the_expedite_and_its_reason_in_german(admin_client, ada, kurt, billing):
    case = cases.open_new_case(
        customer=kurt, subject="dringend", body="Bitte helfen.", channel="web", category=billing
    ).case
    queues.expedite(
        case=case,
        agent=ada,
        reason="Arztpraxis ohne Telefon",
        due_at=clock.now() + timedelta(hours=2),
    )
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
