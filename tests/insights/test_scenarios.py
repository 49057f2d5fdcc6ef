"""Scenarios: seeded, the surge where it says, nothing on weekends."""

from fairdesk.insights.scenarios import SCENARIOS, arrivals


def test_the_same_seed_gives_the_same_arrivals():
    small = SCENARIOS["normal-month"].scaled(0.01)
    assert arrivals(small) == arrivals(small)


def test_a_month_holds_about_thirty_thousand_cases():
    count = len(arrivals(SCENARIOS["normal-month"]))
    assert 28_000 < count < 31_000


def test_the_surge_triples_two_weeks_and_weekends_are_quiet():
    surge = arrivals(SCENARIOS["cancellation-backlog"].scaled(0.1))
    per_day = [0] * 30
    for arrival in surge:
        per_day[arrival.day] += 1
    assert per_day[5] == per_day[6] == 0
    assert sum(per_day[7:12]) > 2.5 * sum(per_day[0:5])
    assert all(9 * 60 - 60 <= a.minute < 18 * 60 for a in surge)
