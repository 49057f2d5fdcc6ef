"""Finished cases to draw from, and a way to invite one for certain."""

import pytest
from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.feedback import sampling
from fairdesk.feedback.models import Invitation


def finished_case(customer, agent, *, subject="Router", category=None, resolve=True):
    case = cases.open_case(
        customer=customer, subject=subject, body="Geht nicht.", channel="email", category=category
    ).case
    cases.reply(case=case, agent=agent, body="Bitte neu starten.")
    cases.change_status(case=case, agent=agent, status="resolved" if resolve else "closed")
    return case


@pytest.fixture
def invited(kurt, ada, support):
    """Kurt's resolved case, drawn with everything sampled."""
    case = finished_case(kurt, ada)
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        sampling.run()
    return Invitation.objects.get(case=case)
