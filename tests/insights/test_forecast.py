"""Forecasts: flat stays flat, a clean season is found, and the baseline is always reported."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairdesk.insights import forecast
from tests.properties import examples


def test_seasonal_naive_repeats_the_last_season():
    assert forecast.seasonal_naive([1, 2, 3, 4, 5, 6], season=3, horizon=4) == [4, 5, 6, 4]


def test_profile_is_the_mean_per_slot():
    assert forecast.seasonal_profile([1, 2, 3, 3, 4, 5], season=3) == [2, 3, 4]


def test_a_clean_weekly_shape_is_predicted_nearly_exactly():
    week = [0, 0, 5, 9, 7, 3, 1] * 6
    result = forecast.forecast(week, season=7, horizon=7)
    assert result.values == pytest.approx([0, 0, 5, 9, 7, 3, 1], abs=0.5)
    assert result.baseline_error == pytest.approx(0)


def test_holt_winters_beats_naive_on_a_growing_level_and_is_chosen():
    # Growth of one a day: "same day last week" is always a week of growth behind.
    history = [10 + i + 5 * (i % 7 in (1, 2)) for i in range(7 * 10)]
    result = forecast.forecast(history, season=7, horizon=7)
    assert result.method == "holt_winters"
    assert result.error < result.baseline_error


def test_short_history_falls_back_to_naive():
    result = forecast.forecast([1, 2, 3], season=3, horizon=2)
    assert result.method == "seasonal_naive" and result.values == [1, 2]


def test_too_short_history_is_refused():
    with pytest.raises(ValueError):
        forecast.forecast([1, 2], season=3, horizon=1)


@settings(max_examples=examples(50), deadline=None)
@given(level=st.floats(0, 500), seasons=st.integers(2, 6), season=st.integers(1, 24))
def test_the_forecast_of_a_flat_history_is_flat(level, seasons, season):
    history = [level] * (season * seasons)
    result = forecast.forecast(history, season=season, horizon=season * 2)
    assert result.values == pytest.approx([level] * (season * 2), abs=1e-6 * (1 + level))
    hw = forecast.holt_winters(history, season=season, horizon=5)
    assert hw == pytest.approx([level] * 5, abs=1e-6 * (1 + level))
