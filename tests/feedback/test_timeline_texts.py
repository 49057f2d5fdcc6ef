"""The survey's timeline entries are said from their facts, in the reader's language, and
still read after the customer's personal data was erased (which empties every entry's text)."""

from django.test import Client

from fairdesk.feedback import services
from fairdesk.privacy import services as privacy
from tests.feedback.conftest import finished_case


def _timeline(user, case, language: str) -> str:
    client = Client()
    client.force_login(user)
    page = client.get(f"/desk/cases/{case.reference}/", HTTP_ACCEPT_LANGUAGE=language)
    return page.content.decode()


def test_survey_entries_read_in_the_readers_language(invited, ada):
    services.answer(invitation=invited, csat=4, ces=6)
    english = _timeline(ada, invited.case, "en")
    assert "Survey invitation sent (drawn by the system)." in english
    assert "Survey answered: satisfaction 4 of 5." in english
    german = _timeline(ada, invited.case, "de")
    assert "Umfrage beantwortet: Zufriedenheit 4 von 5." in german
    assert "Survey answered" not in german


def test_survey_entries_still_read_after_the_customer_is_erased(invited, ada, lena, kurt):
    services.answer(invitation=invited, csat=1, comment="Zu langsam.")
    privacy.erase_customer(customer=kurt, agent=lena)
    page = _timeline(ada, invited.case, "en")
    assert "Survey invitation sent (drawn by the system)." in page
    assert "Survey answered: satisfaction 1 of 5." in page
    assert "survey: answered" not in page and "survey: invited" not in page


def test_an_excluded_draw_says_why_in_the_readers_language(kurt, ada, support):
    from django.test import override_settings

    from fairdesk.feedback import sampling

    services.opt_out(customer=kurt)
    case = finished_case(kurt, ada)
    with override_settings(FAIRDESK_SURVEY_PERCENT=100):
        sampling.run()
    german = _timeline(ada, case, "de")
    assert "Keine Umfrage-Einladung: Kunde hat widersprochen." in german
