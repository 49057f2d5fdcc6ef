"""An agent reads fairdesk's own timeline text and every date in their UI language and its
format, whatever language was active when the facts were written."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises import services as promises
from fairdesk.promises import watch
from fairdesk.promises.models import Kind
from fairdesk.promises.presets import ensure_presets
from fairdesk.queues import services as queues

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)


@pytest.fixture
def case_with_history(kurt, fault, ada):
    """Standard policy; a callback; the first answer's warning and breach by the watch.
    Written in German, to be read in English too."""
    ensure_presets()
    with translation.override("de"), clock.frozen_at(MONDAY_9):
        case = cases.open_case(
            customer=kurt,
            subject="Kein Internet",
            body="Router blinkt.",
            channel="phone",
            category=fault,
        ).case
        promises.make_promise(
            case=case, agent=ada, kind=Kind.CALLBACK, due_at=MONDAY_9 + timedelta(days=1)
        )
    with translation.override("de"), clock.frozen_at(MONDAY_9 + timedelta(hours=6, minutes=1)):
        watch.run()  # 75 % of the 8 business hours for the first answer: a warning
    return case


def _page(client, case, language: str) -> str:
    url = f"/desk/cases/{case.reference}/"
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_german_agent_sees_german_dates_and_text(ada_client, case_with_history):
    page = _page(ada_client, case_with_history, "de")
    assert "Zusage: erste Antwort bis Montag, 30. November 2026, 17:00." in page
    assert "Zusage: Rückruf bis Dienstag, 1. Dezember 2026, 09:00." in page
    assert "Zusage gefährdet: erste Antwort ist fällig am Montag, 30. November 2026, 17:00" in page
    assert "30.11.2026 09:00" in page  # when each entry was written, in the short form
    assert "Monday" not in page and "11/30/2026" not in page and "p.m." not in page


def test_an_english_agent_sees_english_dates_and_text(ada_client, case_with_history):
    page = _page(ada_client, case_with_history, "en")
    assert "Promise: first response by Monday, 30 November 2026, 17:00." in page
    assert "Promise: callback by Tuesday, 1 December 2026, 09:00." in page
    assert "Promise at risk: first response is due Monday, 30 November 2026, 17:00" in page
    assert "30 Nov 2026, 09:00" in page
    assert "Montag" not in page and "Zusage" not in page


def test_no_doubled_full_stop_after_a_description_ending_in_one(ada_client, kurt_case, ada):
    promises.make_promise(
        case=kurt_case,
        agent=ada,
        kind=Kind.CUSTOM,
        description="Wir messen die Leitung.",
        due_at=clock.now() + timedelta(days=1),
    )
    page = _page(ada_client, kurt_case, "en")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index("<main") :]))
    assert "Promise: Wir messen die Leitung by " in text
    assert "Leitung." not in text and ".." not in text


def test_fairdesk_s_own_words_for_an_expedite_and_a_resolution_follow_the_reader(
    ada_client, ada, case_with_history
):
    # Written by a German desk: the expedite's promise and the answer withdrawn on resolving.
    with translation.override("de"), clock.frozen_at(MONDAY_9 + timedelta(hours=1)):
        queues.expedite(
            case=case_with_history, agent=ada, reason="Arztpraxis ohne Telefon",
            due_at=MONDAY_9 + timedelta(hours=3),
        )  # fmt: skip
        cases.change_status(case=case_with_history, agent=ada, status="resolved")
    english = _page(ada_client, case_with_history, "en")
    assert "Promise: an answer, expedited by Monday, 30 November 2026, 12:00." in english
    assert "Reason: The case was resolved before we answered." in english
    for german_word in ("vorgezogen", "bevor wir"):
        assert german_word not in english, english[english.index(german_word) - 300 :][:400]
    german = _page(ada_client, case_with_history, "de")
    assert "eine Antwort, vorgezogen" in german and "bevor wir geantwortet haben" in german


def test_a_message_split_off_in_english_reads_in_german(ada_client, ada, kurt, fault):
    ensure_presets()
    kurt_case = cases.open_case(
        customer=kurt, subject="Kein Internet", body="Router blinkt.", channel="email"
    ).case
    cases.reply(case=kurt_case, agent=ada, body="Wir prüfen das.")
    message = cases.add_customer_message(case=kurt_case, customer=kurt, body="Andere Frage.")
    with translation.override("en"):
        new_case = cases.split_off(entry=message, customer=kurt)
    german = _page(ada_client, kurt_case, "de")
    assert f"Grund: Die Nachricht ist jetzt Fall {new_case.reference}." in german
    assert "The message is now case" not in german
