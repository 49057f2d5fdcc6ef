"""Speed of the fair queue: one assignment decision, the ETA at intake, the fairness report.

Pure parts first (no database): the chooser over 200 agents, the ETA over two weeks of
hourly throughput. Then, on a fresh SQLite data folder (or DATABASE_URL's PostgreSQL) with
`fairdesk.demo.bulk.generate(cases=N)`, 200 agents in the first team, each owning a share of
the open cases: one full automatic assignment of a new case (reads the agents, their load
and promises, chooses, claims), the stored prediction at intake, and the fairness report
over every case.

    .venv/bin/python bench/queues.py [--cases 100000] [--agents 200] [--decisions 200]

With --existing, nothing is generated: the database at DATABASE_URL (a copy of a big one,
e.g. 1,000,000 cases made by bench/generate.py, migrated) is read as it is: the fairness
report over every case, and one decision for its largest team. bench/generate.py writes no
first responses, so the report's overtaken sweep would read nothing: --fill-first-responses
(on a copy only) first gives nine cases in ten a first response 3 hours after arrival (in
arrival order, as the queue would) and every case a first-response promise due 8 hours
after it (once; 1–4 min at 1M).

    createdb -T fairdesk_1m copy && DATABASE_URL=postgres://…/copy fairdesk manage migrate
    DATABASE_URL=postgres://…/copy .venv/bin/python bench/queues.py --existing \
        --fill-first-responses
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def figures(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(
        f"{name}: n={len(ms)} median {statistics.median(ms):.3f} ms, p95 {p95:.3f} ms"
        f" (load average {os.getloadavg()[0]:.1f})"
    )


def baseline(decisions: int) -> None:
    """The machine's floor: one trivial query, timed like a decision (on a shared, loaded
    machine each query waits its turn; a decision makes three)."""
    from django.db import connection

    times = []
    for _ in range(decisions):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        times.append(time.perf_counter() - started)
    figures("baseline: one trivial query (SELECT 1)", times)


def bench_pure(agents: int, decisions: int) -> None:
    from fairdesk.queues import eta
    from fairdesk.queues.assignment import Candidate, Need, choose

    rng = random.Random(1)
    now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    team = [
        Candidate(
            agent_id=i,
            team_ids=frozenset({1}),
            on_shift=rng.random() < 0.8,
            open_cases=rng.randint(0, 30),
            cap=25,
            languages=frozenset(rng.sample(["de", "en", "tr"], 2)),
            load=rng.random() * 40,
            idle_since=now - timedelta(minutes=rng.randint(0, 600)),
        )
        for i in range(agents)
    ]
    times = []
    for _ in range(decisions * 10):
        started = time.perf_counter()
        choose(Need(team_id=1, language="de"), team)
        times.append(time.perf_counter() - started)
    figures(f"pure chooser, {agents} agents", times)
    history = [float(rng.randint(0, 12)) for _ in range(14 * 10)]
    times = []
    for ahead in range(decisions * 10):
        started = time.perf_counter()
        eta.hours_until_answer(ahead, eta.throughput(history))
        times.append(time.perf_counter() - started)
    figures("pure ETA, 140 open hours of history", times)


def load(data: Path, cases: int, agents: int) -> None:
    os.environ["FAIRDESK_DATA"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    os.environ["FAIRDESK_QUEUE_AUTO_ASSIGN"] = "false"  # assignment is timed on its own
    import django

    django.setup()
    from django.core.management import call_command

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent
    from fairdesk.cases.models import UNRESOLVED, Case
    from fairdesk.demo.bulk import generate
    from fairdesk.promises.models import Calendar
    from fairdesk.queues.services import recount_loads

    call_command("migrate", verbosity=0)
    made = generate(cases=cases)
    print(f"generated {made['cases']:,} cases in {made['seconds']:.0f} s")
    Calendar.objects.update(hours="24/7")  # on shift whenever the bench runs
    team = Team.objects.order_by("id").first()
    people = [
        create_agent(username=f"bench{i}", password=None, teams=(team,)) for i in range(agents)
    ]
    open_ids = list(
        Case.objects.filter(team=team, status__in=UNRESOLVED).values_list("pk", flat=True)
    )
    for index, agent in enumerate(people):  # each agent owns a share of the open cases
        Case.objects.filter(pk__in=open_ids[index :: agents * 2]).update(assignee=agent)
    # Written behind the services' back: rebuild the load the seats keep.
    recount_loads(agent_ids=[p.pk for p in people])
    print(
        f"team {team.name}: {len(open_ids):,} open cases, {agents} agents, "
        f"{Case.objects.filter(team=team, assignee__isnull=True, status__in=UNRESOLVED).count():,}"
        " waiting"
    )


def bench_database(decisions: int) -> None:
    from fairdesk.accounts.models import Customer, Team
    from fairdesk.cases import services as cases
    from fairdesk.lib import clock
    from fairdesk.queues import services as queues
    from fairdesk.queues.assignment import Need, choose
    from fairdesk.queues.report import fairness_report
    from fairdesk.queues.team import candidates

    team = Team.objects.order_by("id").first()
    customer = Customer.objects.first()
    baseline(decisions)
    choices, cpu = [], []
    for _ in range(decisions):
        started, used = time.perf_counter(), time.process_time()
        choose(Need(team_id=team.pk, language="de"), candidates(team, clock.now()))
        choices.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    figures("one assignment decision (read the seats, choose)", choices)
    # SQLite runs in this process: its CPU time is the decision's own work, without the
    # waits for a core that the shared machine's other processes cause.
    figures("the same, CPU time of this process", cpu)
    decide, predict = [], []
    for n in range(decisions):
        case = cases.open_new_case(
            customer=customer, subject=f"bench {n}", body="?", channel="email", team=team
        ).case
        started = time.perf_counter()
        queues.assign_case(case=case)
        decide.append(time.perf_counter() - started)
        started = time.perf_counter()
        queues.predict_first_response(case=case)
        predict.append(time.perf_counter() - started)
    figures("one automatic assignment (decision, claim, timeline entry, load)", decide)
    figures("prediction at intake (service, database)", predict)
    now = clock.now()
    started = time.perf_counter()
    report = fairness_report(since=now - timedelta(days=3650), until=now)
    print(
        f"fairness report over {report.cases:,} cases: {time.perf_counter() - started:.2f} s"
        f" (ratio {report.ratio}, overtaken {report.overtaken:,})"
    )


def fill_first_responses() -> None:
    """First responses and first-response promises for a copy of bench/generate.py's data
    (it writes neither); nothing when the copy has first-response promises already."""
    from django.db import connection, transaction

    from fairdesk.cases.models import Case
    from fairdesk.promises.models import Kind, Promise

    if Promise.objects.filter(kind=Kind.FIRST_RESPONSE).exists():
        return
    started = time.perf_counter()
    cases, promises = Case._meta.db_table, Promise._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {cases} SET first_response_at = created_at"  # noqa: S608 -- constant SQL
            " + interval '3 hours' WHERE id % 10 <> 0"
        )
        cursor.execute(
            f"INSERT INTO {promises} (case_id, kind, description, due_at, state, visible,"  # noqa: S608
            " reason, rule, started_at, created_at) SELECT id, %s, '',"
            " created_at + interval '8 hours', CASE WHEN first_response_at IS NULL"
            " THEN 'pending' ELSE 'kept' END, true, '', '', created_at, created_at"
            f" FROM {cases}",
            [Kind.FIRST_RESPONSE.value],
        )
        cursor.execute(f"ANALYZE {cases}")
        cursor.execute(f"ANALYZE {promises}")
    print(f"filled first responses and their promises in {time.perf_counter() - started:.0f} s")


def bench_existing(decisions: int, fill: bool) -> None:
    """Read a big database as it is: no write except the seats made on first use (and the
    first responses with --fill-first-responses)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    import django

    django.setup()
    if fill:
        fill_first_responses()
    from django.db import connection
    from django.db.models import Count

    from fairdesk.accounts.models import Team
    from fairdesk.cases.models import Case
    from fairdesk.lib import clock
    from fairdesk.queues.assignment import Need, choose
    from fairdesk.queues.report import calibration, fairness_report
    from fairdesk.queues.team import candidates

    total = Case.objects.count()
    print(f"{connection.vendor} database with {total:,} cases")
    busiest = Case.objects.values("team_id").annotate(n=Count("id")).order_by("-n").first()
    team = Team.objects.get(pk=busiest["team_id"])
    baseline(decisions)
    times = []
    for _ in range(decisions):
        started = time.perf_counter()
        agents = candidates(team, clock.now())
        choose(Need(team_id=team.pk, language="de"), agents)
        times.append(time.perf_counter() - started)
    figures(f"one assignment decision, team {team.name} ({len(agents)} agents)", times)
    now = clock.now()
    # Every case twice (the second run with a warm cache), then the desk page's default.
    for run, days in enumerate((3650, 3650, 28)):
        started = time.perf_counter()
        report = fairness_report(since=now - timedelta(days=days), until=now)
        print(
            f"fairness report, {days} days, {report.cases:,} cases (run {run + 1}): "
            f"{time.perf_counter() - started:.1f} s (load average {os.getloadavg()[0]:.1f}); "
            f"ratio {report.ratio}, overtaken {report.overtaken:,}"
        )
    report_parts(now - timedelta(days=3650), now)
    started = time.perf_counter()
    kept = calibration(since=now - timedelta(days=3650), until=now)
    print(
        f"ETA calibration over {kept.predictions:,} predictions: "
        f"{time.perf_counter() - started:.1f} s"
    )


def report_parts(since: datetime, until: datetime) -> None:
    """Where the report's time goes: the segment figures, the overtaken sweep (its read and
    its Python part)."""
    from fairdesk.queues import fairness, waits
    from fairdesk.queues.report import _overtaken

    started = time.perf_counter()
    waits.segments(since=since, until=until)
    print(f"  segment figures in the database: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    rows = list(waits.first_response_rows(since=since, until=until))
    read = time.perf_counter() - started
    started = time.perf_counter()
    fairness.overtaken_in_team([row[1:] for row in rows])  # as one team: the sweep's cost
    sweep = time.perf_counter() - started
    started = time.perf_counter()
    _overtaken(since, until)
    print(
        f"  overtaken: {time.perf_counter() - started:.1f} s ({len(rows):,} rows read in"
        f" {read:.1f} s, swept in {sweep:.1f} s; load average {os.getloadavg()[0]:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--existing", action="store_true", help="read DATABASE_URL as it is")
    parser.add_argument(
        "--fill-first-responses",
        action="store_true",
        help="with --existing, on a copy: add first responses and their promises first",
    )
    args = parser.parse_args()
    if args.existing:
        bench_existing(args.decisions, args.fill_first_responses)
        return
    bench_pure(args.agents, args.decisions)
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-queues-") as folder:
        load(Path(folder), args.cases, args.agents)
        bench_database(args.decisions)


if __name__ == "__main__":
    main()
