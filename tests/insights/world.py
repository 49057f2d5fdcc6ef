"""A small world for reports: kept and broken promises, a credit, a reopened case, answers."""

from datetime import timedelta

from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.feedback import sampling
from fairdesk.feedback import services as feedback
from fairdesk.feedback.models import Invitation
from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises.models import Kind


def world_of_reports(missed_visit, olga, ada, billing) -> dict:
    """Kurt's missed technician visit (broken, 10 EUR owed); Olga's billing case with a kept
    callback, resolved, reopened by her, resolved again; both drawn and answered."""
    case = cases.open_case(
        customer=olga, subject="Rechnung", body="Zu hoch.", channel="email", category=billing
    ).case
    callback = promises.make_promise(
        case=case,
        agent=ada,
        kind=Kind.CALLBACK,
        due_at=clock.now() + timedelta(hours=2),
        outside_business_hours=True,  # whatever the hour the tests run at
    )
    promises.keep_promise(promise=callback, agent=ada)
    cases.reply(case=case, agent=ada, body="Korrigiert.")
    cases.change_status(case=case, agent=ada, status="resolved")
    cases.add_customer_message(case=case, customer=olga, body="Doch nicht.", channel="email")
    cases.change_status(case=case, agent=ada, status="resolved")
    cases.change_status(case=missed_visit.case, agent=ada, status="resolved")
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        sampling.run()
    for invitation, csat in zip(Invitation.objects.order_by("case_id"), (2, 5), strict=True):
        feedback.answer(invitation=invitation, csat=csat, ces=4)
    return {"visit": missed_visit.case, "billing": case}
