"""Staffing says honestly when there is too little history to forecast (a fresh install, a
desk younger than a week) instead of claiming that promises hold with nobody needed."""

from datetime import timedelta

from fairdesk.cases import services as cases
from fairdesk.insights import staffing
from fairdesk.lib import clock, dates

HONEST = {"en": "not enough history to forecast", "de": "nicht genug Verlauf"}
HOLD = {"en": "promises of the coming week hold", "de": "halten die Zusagen"}
PEAK = {"en": "agents are needed on shift", "de": "Mitarbeiter im Dienst gebraucht"}


def _page(client, language: str, query: str = "") -> str:
    response = client.get(f"/desk/staffing/{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_a_fresh_install_has_not_enough_history_and_claims_nothing(lena_client):
    assert not staffing.plan(staffing.Inputs()).enough_history
    for language in ("en", "de"):
        page = _page(lena_client, language)
        assert HONEST[language] in page
        assert HOLD[language] not in page and PEAK[language] not in page
        assert "report-table" not in page  # no forecast per day


def test_a_desk_of_three_days_has_not_enough_history_yet(lena_client, kurt):
    with clock.frozen_at(clock.now() - timedelta(days=3)):
        cases.open_new_case(customer=kurt, subject="Neu", body="x", channel="email")
    for language in ("en", "de"):
        page = _page(lena_client, language, "?on_shift=0")
        assert HONEST[language] in page and HOLD[language] not in page


def test_a_week_of_history_is_enough(lena_client, kurt):
    with clock.frozen_at(clock.now() - timedelta(days=8)):
        cases.open_new_case(customer=kurt, subject="Alt", body="x", channel="email")
    assert staffing.plan(staffing.Inputs()).enough_history
    page = _page(lena_client, "en")
    assert HONEST["en"] not in page and PEAK["en"] in page


def test_the_charts_hours_read_in_the_house_format_of_the_readers_language(lena_client, kurt):
    with clock.frozen_at(clock.now() - timedelta(days=8)):
        cases.open_new_case(customer=kurt, subject="Alt", body="x", channel="email")
    first = staffing.plan(staffing.Inputs()).hours[0][0]
    for language, weekday in (
        ("de", "Mo Di Mi Do Fr Sa So"),
        ("en", "Mon Tue Wed Thu Fri Sat Sun"),
    ):
        page = _page(lena_client, language)
        label = dates.moment_text(first, "hour", language=language)
        assert label.split()[0] in weekday.split() and label.endswith(f"{first:%H}:00")
        assert f">{label}</text>" in page
