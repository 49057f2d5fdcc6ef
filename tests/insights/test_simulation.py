"""The simulator: through the real services, a surge with fixed staff breaks promises."""

import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from fairdesk.desk.management.commands.simulate import team_queue_order
from fairdesk.insights import simulation
from fairdesk.insights.scenarios import Scenario

QUIET = Scenario("quiet", days=3, per_day=8, agents=2, handling_minutes=5, seed=3)


@pytest.mark.slow
def test_enough_agents_keep_every_promise(db):
    result = simulation.run(QUIET, next_cases=team_queue_order)
    assert result.cases == sum(result.arrived) > 0
    assert result.broken == 0 and result.kept > 0
    assert result.backlog[-1] == 0
    assert result.actual_hours["first_response"] >= 0


@pytest.mark.slow
def test_a_surge_with_fixed_staff_builds_a_backlog_and_breaks_promises(db):
    surge = replace(QUIET, per_day=60, agents=1, handling_minutes=30, days=2)
    result = simulation.run(surge, next_cases=team_queue_order)
    assert result.backlog[-1] > 0
    assert max(result.backlog) > result.backlog[0] or result.backlog[0] > 0


@pytest.mark.slow
def test_fairdesk_simulate_runs_on_a_throwaway_database(tmp_path):
    env = {**os.environ, "FAIRDESK_DATA": str(tmp_path / "real")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    chart = tmp_path / "backlog.svg"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "fairdesk.cli",
            "simulate",
            "--scenario",
            "cancellation-backlog",
            "--scale",
            "0.003",
            "--days",
            "9",
            "--chart",
            str(chart),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "promises kept:" in done.stdout and "segment waiting ratio" in done.stdout
    assert "honest ETA at intake:" in done.stdout
    # Hours as a person reads them, not a float's every digit.
    hours = r"first_response: promised \d+\.\d business h; actual median \d+\.\d\d, P90 \d+\.\d\d$"
    assert re.search(hours, done.stdout, re.M), done.stdout
    assert "<svg" in chart.read_text()
    assert not (tmp_path / "real").exists()  # the real data folder was never touched


def test_the_command_refuses_a_real_database(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="throwaway"):
        call_command("simulate", "--scale", "0.01")


# One agent at half an hour a case against 30 a day: a backlog grows and answers come late.
BEHIND = Scenario("behind", days=3, per_day=40, agents=1, handling_minutes=30, seed=5)


def outcome(result: simulation.Result) -> dict:
    return {name: getattr(result, name) for name in OUTCOME}


OUTCOME = (
    "cases",
    "kept",
    "broken",
    "by_kind",
    "promised_hours",
    "actual_hours",
    "waiting_ratio",
    "backlog",
    "arrived",
    "compensation_cents",
    "eta",
)


@pytest.mark.parametrize(
    "scenario",
    # Both run the month through the real services (quiet ~5 s of CPU, falling behind ~45 s
    # on the shared machine): slow, like the other simulations.
    [
        pytest.param(QUIET, id="quiet", marks=[pytest.mark.slow]),
        pytest.param(
            BEHIND,
            id="behind",
            # The services move a first-response promise to the honest later date when the
            # queue ahead is long (queues.services.predict); the replay must do the same.
            marks=[pytest.mark.slow],
        ),
    ],
)
def test_the_fast_replay_has_the_outcome_of_the_real_services(db, scenario):
    fast = simulation.run_fast(scenario)
    real = simulation.run(scenario, next_cases=team_queue_order)
    assert outcome(fast) == outcome(real)
    assert real.kept > 0
    if scenario is BEHIND:
        assert real.broken > 0 and real.backlog[-1] > 0
