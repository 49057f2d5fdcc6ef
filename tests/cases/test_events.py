"""Case events: a closed list of names, and reactions taken from settings."""

import pytest
from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.cases.events import Event, case_event

heard: list[tuple[str, str]] = []


@pytest.fixture
def kurt_case(kurt, support):
    return cases.open_case(customer=kurt, subject="Router", body="Kein Netz.", channel="web").case


def listen(*, case, event, entry=None, **facts):
    heard.append((case.reference, event))


def test_an_unknown_event_is_refused(kurt_case):
    with pytest.raises(ValueError):
        case_event(case=kurt_case, event="opend")


@override_settings(FAIRDESK_CASE_REACTIONS=["tests.cases.test_events.listen"])
def test_the_reactions_are_the_configured_dotted_paths(kurt_case):
    heard.clear()
    case_event(case=kurt_case, event=Event.HANDED_OVER)
    assert heard == [(kurt_case.reference, Event.HANDED_OVER)]
