"""`fairdesk simulate`: replay a scenario on a throwaway database and print what happened.

An interface (it lives with the desk because `--through-services` works by the desk's
team-queue order). The throwaway database gets its tables straight from the models (no
migration history to replay) and the default calendar and policy the way `migrate` makes
them; `--through-services` migrates it properly."""

import importlib
import os
import time
from dataclasses import replace
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from fairdesk.insights import svg
from fairdesk.insights.scenarios import SCENARIOS
from fairdesk.insights.simulation import run, run_fast

THROWAWAY = "FAIRDESK_SIMULATION"  # set by `fairdesk simulate` with the temporary database


class Command(BaseCommand):
    help = "Replay a backlog scenario through the real promise engine and queue order."

    def add_arguments(self, parser):
        parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="normal-month")
        parser.add_argument("--scale", type=float, default=1.0, help="cases and agents × this")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--days", type=int, default=None, help="replay only this many days")
        parser.add_argument("--chart", default="", help="write the backlog chart (SVG) here")
        parser.add_argument(
            "--through-services",
            action="store_true",
            help="replay through the real services (slow; the fast replay must agree with it)",
        )

    def handle(self, *args, **options):
        if os.environ.get(THROWAWAY) != "1":
            raise CommandError("run it as `fairdesk simulate`: it needs a throwaway database")
        if not 0 < options["scale"] <= 4:
            raise CommandError("--scale must be above 0 and at most 4")
        scenario = SCENARIOS[options["scenario"]].scaled(options["scale"])
        if options["seed"] is not None:
            scenario = replace(scenario, seed=options["seed"])
        if options["days"] is not None:
            if not 1 <= options["days"] <= 366:
                raise CommandError("--days must be between 1 and 366")
            scenario = replace(scenario, days=options["days"])
        began = time.perf_counter()
        if options["through_services"]:
            call_command("migrate", interactive=False, verbosity=0)
        else:
            _tables_from_models()
        self.stderr.write(f"database ready in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        if options["through_services"]:
            result = run(scenario, next_cases=team_queue_order, progress=self._progress)
        else:
            result = run_fast(scenario, progress=self._progress)
        seconds = time.perf_counter() - began
        self._print(result, seconds)
        if options["chart"]:
            Path(options["chart"]).write_text(_chart(result), encoding="utf-8")
            self.stdout.write(f"chart: {options['chart']}")

    def _progress(self, day: int, open_cases: int) -> None:
        self.stderr.write(f"day {day + 1}: {open_cases} open")

    def _print(self, result, seconds: float) -> None:
        s, out = result.scenario, self.stdout.write
        out(f"scenario {s.name}: {s.days} days, {s.agents} agents, {s.handling_minutes} min a case")
        out(f"cases: {result.cases} in {seconds:.1f} s")
        total = result.kept + result.broken
        share = 100 * result.kept / total if total else 0
        out(f"promises kept: {result.kept} of {total} ({share:.1f} %)")
        for kind, (kept, broken) in sorted(result.by_kind.items()):
            out(f"  {kind:<16} kept {kept:>6}  broken {broken:>6}")
        for name in ("first_response", "resolution"):
            out(
                f"{name}: promised {_hours(result.promised_hours.get(name), 1)} business h; "
                f"actual median {_hours(result.actual_hours.get(name))}, "
                f"P90 {_hours(result.actual_hours.get(name + '_p90'))}"
            )
        ratios = ", ".join(f"{k} {v}" for k, v in result.waiting_ratio.items())
        out(f"segment waiting ratio (segment mean wait / overall): {ratios}")
        out(f"backlog at day end: {' '.join(map(str, result.backlog))}")
        out(f"peak backlog: {max(result.backlog, default=0)}")
        out(f"compensation owed: {result.compensation_cents / 100:.2f} EUR")
        made, answered, kept, sharp = result.eta
        out(
            f"honest ETA at intake: {made} predicted, {answered} answered; kept "
            f"{'-' if kept is None else f'{kept:.1%}'}, predicted/actual median "
            f"{'-' if sharp is None else f'{sharp:.2f}'} (targets 90 %, 1.5)"
        )


class _NoMigrations(dict):
    """MIGRATION_MODULES saying no app has migrations: `migrate --run-syncdb` then creates
    every table from the models at once, in about a second instead of a minute."""

    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


# The data migration that gives a new desk its default calendar and policy (the promises the
# simulated cases get), run as `migrate` runs it.
DEFAULTS = "fairdesk.promises.migrations.0005_default_calendar_and_policy"


def _tables_from_models() -> None:
    with override_settings(MIGRATION_MODULES=_NoMigrations()):
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
    with connection.schema_editor() as editor:
        importlib.import_module(DEFAULTS).add_defaults(apps, editor)


def team_queue_order(agent, size: int) -> list:
    """The desk's team queue, in its own order (earliest promise first, then by age)."""
    from fairdesk.desk import worklists

    return worklists.page(worklists.team_queue(agent), None, size=size).rows


def _chart(result) -> str:
    labels = [str(day + 1) for day in range(len(result.backlog))]
    return svg.lines(
        labels,
        [svg.Series("open at day end", result.backlog), svg.Series("arrived", result.arrived)],
        title=f"Simulation {result.scenario.name}",
    ).replace('class="chart"', 'class="chart" font-family="sans-serif"')


def _hours(value: float | None, places: int = 2) -> str:
    """Hours to the hundredth (promised ones to the tenth); "-" when nothing was measured."""
    return "-" if value is None else f"{value:.{places}f}"
