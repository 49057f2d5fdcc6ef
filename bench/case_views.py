"""p50/p95 of the desk's views with counts (overdue, due today, unassigned, waiting, all
open, my team's) at 100,000 cases: each view's COUNT and its first list page (50 cases,
ordered by the earliest owed promise), in process, on SQLite.

    .venv/bin/python bench/case_views.py [--cases 100000] [--runs 30] [--data DIR]

`--data DIR` keeps the generated data folder (made on the first run, reused after), so
index changes can be measured without generating again (`migrate` runs each time).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load(data: Path, cases: int):
    os.environ["FAIRDESK_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    os.environ.setdefault("FAIRDESK_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent
    from fairdesk.cases.models import Case
    from fairdesk.demo.bulk import generate

    call_command("migrate", verbosity=0)
    if User.objects.filter(username="views-bench").exists():
        print(f"reusing {Case.objects.count():,} cases in {data}")
    else:
        made = generate(cases=cases)
        print(
            f"generated {made['cases']:,} cases, {made['entries']:,} entries"
            f" in {made['seconds']:.0f} s"
        )
        create_agent(
            username="views-bench",
            password=None,
            name="Views Bench",
            teams=(Team.objects.first(),),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return User.objects.get(username="views-bench")


def timed(run, runs: int) -> tuple[float, float, object]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    cuts = statistics.quantiles(timings, n=20) if runs > 1 else timings * 19
    return statistics.median(timings) * 1000, cuts[18] * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data", type=Path, help="keep (and reuse) the data folder here")
    args = parser.parse_args()
    load_1, _, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_1:.1f}")
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as folder:
        data = args.data or Path(folder)
        data.mkdir(parents=True, exist_ok=True)
        agent = load(data, args.cases)
        from fairdesk.desk import worklists
        from fairdesk.promises import case_views

        for name in case_views.VIEWS:
            p50, p95, count = timed(
                lambda name=name: case_views.counts(agent=agent, only=(name,))[name], args.runs
            )
            # As the desk's view does (desk.views.case_views.case_view).
            worklist = worklists.Worklist(
                case_views.view_lookups(name, agent=agent),
                walk=case_views.walk_lookups(name, narrowed={}),
            )
            paged = worklists.pager(count, by_promise=name in case_views.BY_PROMISE)
            l50, l95, page = timed(
                lambda worklist=worklist, paged=paged: paged(worklist, None), args.runs
            )
            load_1, _, _ = os.getloadavg()
            print(
                f"{name:<24} {count:>8,} cases  count p50 {p50:7.1f} ms p95 {p95:7.1f} ms"
                f"  | list page ({len(page.rows)} rows) p50 {l50:7.1f} ms p95 {l95:7.1f} ms"
                f"  (load {load_1:.1f})"
            )
        p50, p95, _ = timed(lambda: case_views.counts(agent=agent), args.runs)
        load_1, _, _ = os.getloadavg()
        print(
            f"all seven counts (the views page)  p50 {p50:7.1f} ms p95 {p95:7.1f} ms"
            f"  (load {load_1:.1f})"
        )


if __name__ == "__main__":
    main()
