"""Mentions in internal notes: `@username` parsed in the note service, stored as rows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fairdesk.cases import selectors, services
from fairdesk.cases.mentions import mentioned_names
from fairdesk.cases.models import Mention


@pytest.mark.parametrize(
    "text,names",
    [
        ("@ada please look", ["ada"]),
        ("Ask @Ben.", ["ben"]),
        ("(@lena) and @ada, @ada again", ["lena", "ada"]),
        ("mail ada@example.com", []),
        ("@ada@desk.example knows", ["ada@desk.example"]),
        ("just an @ sign", []),
        ("", []),
    ],
)
def test_mentioned_names(text, names):
    assert mentioned_names(text) == names


@given(st.text())
def test_mentioned_names_are_lower_case_unique_and_in_the_text(text):
    names = mentioned_names(text)
    assert len(names) == len(set(names))
    for name in names:
        assert name == name.lower() and "@" + name in text.lower()


def test_note_stores_a_mention_per_named_agent(kurt, ada, ben, lena):
    case = services.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    entry = services.add_note(case=case, agent=ada, body="@ben @Lena bitte prüfen, @nobody")
    rows = Mention.objects.filter(entry=entry).order_by("agent_id")
    assert {(m.case_id, m.agent.username) for m in rows} == {(case.pk, "ben"), (case.pk, "lena")}
    assert list(selectors.cases_mentioning(ben)) == [case]
    assert list(selectors.cases_mentioning(ada)) == []


def test_a_note_without_mentions_stores_none(kurt, ada):
    case = services.open_case(customer=kurt, subject="Router", body="Kaputt.", channel="email").case
    services.add_note(case=case, agent=ada, body="Nothing to see, mail me at ada@example.com")
    assert not Mention.objects.exists()
