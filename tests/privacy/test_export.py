"""The export holds every app's rows of the customer (through the export hooks), and a rule:
every model that keeps a customer's or a case's key is exported, or said to hold nothing of
the person's own."""

import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client, override_settings
from django.utils.module_loading import import_string

from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.channels.email.ingest import ingest
from fairdesk.feedback import sampling
from fairdesk.feedback import services as feedback
from fairdesk.feedback.models import Invitation
from fairdesk.lib import clock
from fairdesk.privacy import export
from fairdesk.processes import services as processes
from fairdesk.queues import services as queues
from fairdesk.queues.models import TeamRules
from tests.channels.email.mailfactory import raw_mail
from tests.portal.conftest import sign_in
from tests.processes.conftest import declaration

pytestmark = pytest.mark.django_db

# Models with a customer's or a case's key whose rows are not the person's own data, and why.
HOLD_NOTHING_OF_THEIR_OWN = {
    "cases.CaseAlias": "an old reference of a merged case; the case is exported",
    "cases.AuditEvent": "agents' changes; what the customer did is in their timeline",
    "cases.Presence": "which agent has the case open now",
    "cases.Mention": "an agent named in an internal note; notes are never the customer's",
    "notifications.Notification": "what an agent was told about a case, for the agent",
    "promises.CaseTerms": "the policy a case runs under; its promises are exported",
    "promises.WaitingStep": "the promise clocks' pauses; the promises are exported",
    "search.CaseText": "a copy of the case's texts for the search index",
    "queues.Expedite": "an agent's decision to take a case earlier, with their reason",
    "queues.Prediction": "the desk's forecast of when a case is answered",
    "queues.Waiting": "a mark that the case is counted in its team's waiting count",
    "insights.CaseFigures": "figures computed from the case for reports",
    "privacy.LegalHold": "the company's legal record, not the person's",
    "portal.SignInLink": "hashes of one-time sign-in links",
}


def _keyed_models() -> set[str]:
    """Every model with a foreign key or one-to-one to a customer or a case."""
    keyed = {Customer, Case}
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in keyed
    }


def _exported() -> set[str]:
    hooks = [import_string(path) for path in settings.FAIRDESK_EXPORT_HOOKS]
    return set(export.EXPORTED_HERE).union(*(hook.exports for hook in hooks))


def test_every_model_with_a_customers_or_cases_key_is_exported_or_says_why_not():
    missing = _keyed_models() - _exported() - set(HOLD_NOTHING_OF_THEIR_OWN)
    assert not missing, f"add these to an app's export hook (privacy/hooks.py): {missing}"
    stale = set(HOLD_NOTHING_OF_THEIR_OWN) & _exported()
    assert not stale and set(HOLD_NOTHING_OF_THEIR_OWN) <= _keyed_models()


@pytest.fixture
def kurt_everywhere(kurt, olga, ada, support, django_capture_on_commit_callbacks):
    """Kurt with a contract and a device, an order returned, a cancellation, a callback, a
    survey answered (and no more wanted), and a mailed case; Olga with an order of her own."""
    with django_capture_on_commit_callbacks(execute=True):
        cc = {"Cc": "Karla Kunde <karla@example.org>"}
        ingest(raw_mail(subject="Kein Netz", body="?", headers=cc))
    processes.save_contract(
        email="kurt@example.org",
        name="Kurt Kunde",
        number="V-1001",
        product="DSL 100",
        starts_on=date(2025, 3, 1),
        devices=(processes.DeviceIn(name="FritzBox 7590", serial="SN123", value_cents=8000),),
    )
    for who, number in ((kurt, "B-1"), (olga, "B-2")):
        processes.save_order(
            email=who.primary_email,
            name=who.name,
            number=number,
            ordered_on=date(2026, 11, 20),
            delivery="delivered",
            delivered_on=date(2026, 11, 23),
            items=(
                processes.ItemIn(sku="KB-1", name="Tastatur", quantity=1, unit_price_cents=4990),
            ),
        )
    order = kurt.orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        processes.start_shop_return(
            order=order, items={order.items.get().pk: 1}, wanted="refund", reason="klemmt"
        )
        processes.declare(data=declaration(reason="Umzug ins Ausland"))
    TeamRules.objects.create(team=support, callback_seats=1)
    start = (clock.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    callback_case = cases.open_case(customer=kurt, subject="Rückruf", body="?", channel="portal")
    queues.book_callback(
        case=callback_case.case, customer=kurt, starts_at=start, minutes=15, phone="+49 30 123"
    )
    _survey_answered(kurt, ada)
    return kurt


def _survey_answered(kurt, ada):
    case = cases.open_case(customer=kurt, subject="Router", body="x", channel="email").case
    cases.reply(case=case, agent=ada, body="Bitte neu starten.")
    cases.change_status(case=case, agent=ada, status="resolved")
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        sampling.run()
    invitation = Invitation.objects.get(case=case)
    feedback.answer(invitation=invitation, csat=4, comment="Schnell geholfen")
    feedback.opt_out(customer=kurt)


def _data(client: Client) -> dict:
    response = client.post("/portal/my-data/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("data.json"))


def test_the_export_holds_every_apps_rows_of_the_customer_and_no_one_elses(kurt_everywhere):
    data = _data(sign_in(Client(), kurt_everywhere))
    assert [c["product"] for c in data["contracts"]] == ["DSL 100"]
    assert [d["serial"] for d in data["devices"]] == ["SN123"]
    assert [o["number"] for o in data["orders"]] == ["B-1"]  # not Olga's B-2
    assert [i["name"] for i in data["order_items"]] == ["Tastatur"]
    # The order's return, and the router lent with the cancelled contract.
    assert sorted(r["kind"] for r in data["returns"]) == ["device", "shop"]
    assert "klemmt" in [r["reason"] for r in data["returns"]]
    [declared] = data["declarations"]
    assert declared["reason"] == "Umzug ins Ausland" and declared["contract_number"] == "V-1001"
    assert {p["definition"] for p in data["processes"]} >= {"shop_return"}
    assert all(p["steps"] for p in data["processes"])
    assert [c["phone"] for c in data["callbacks"]] == ["+49 30 123"]
    assert [a["comment"] for a in data["survey_answers"]] == ["Schnell geholfen"]
    assert len(data["survey_invitations"]) == 1 and len(data["survey_opt_out"]) == 1
    assert [m["subject"] for m in data["mail_received"]] == ["Kein Netz"]
    assert data["mail_sent"] and "kurt@example.org" in {m["to_address"] for m in data["mail_sent"]}
    assert "karla@example.org" in {p["address"] for p in data["mail_participants"]}
    assert date.fromisoformat(data["orders"][0]["ordered_on"]) == date(2026, 11, 20)
    # Nothing of Olga's: her order's number nowhere as a word (a signed link's random text
    # may hold the letters "B-2" inside a longer word).
    assert re.search(r"\bB-2\b", json.dumps(data)) is None


def test_the_export_holds_what_the_customer_wrote_on_someone_elses_case(kurt, olga, ada, support):
    # Olga, on copy of Kurt's mail, answered on his case: that message is hers to receive;
    # the rest of Kurt's case is not.
    case = cases.open_case(customer=kurt, subject="Kurts Router", body="Kurt", channel="email").case
    cases.reply(case=case, agent=ada, body="Antwort an Kurt")
    cases.add_customer_message(case=case, customer=olga, body="Olga ergänzt: LED rot.")
    data = _data(sign_in(Client(), olga))
    [written] = data["messages_on_other_cases"]
    assert written["case_reference"] == case.reference and written["from_you"] is True
    assert written["text"] == "Olga ergänzt: LED rot."
    everything = json.dumps(data, ensure_ascii=False)
    assert "Kurts Router" not in everything and "Antwort an Kurt" not in everything
