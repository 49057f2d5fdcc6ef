"""Benchmark of the desk's pages on SQLite: server time per request, median and p95.

Run from the repository root: python bench/web_pages.py [--cases N] [--runs R] [--data DIR]
Data (made once per data folder, then reused): the cases of bench/search.py (default
100,000 cases over 2,000 customers, three entries each, one team), then one agent who owns
500 of them, and a pending promise on every fifth case with due times spread over two weeks.
Each figure is the time of a whole request through Django's test client (middleware,
session, view, queries, template), signed in as the agent, after one warm-up request.
Pages: my work, the team queue (all unowned cases, ordered by earliest promise), one
case page, and the search page for a rare and a common word. Wall time and this process's
CPU time are both printed: on a busy machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _search_bench():
    """bench/search.py's data generator: the same cases for both benchmarks."""
    spec = importlib.util.spec_from_file_location("bench_search", HERE / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_agent_and_promises() -> None:
    from fairdesk.accounts import services as accounts
    from fairdesk.accounts.models import Team
    from fairdesk.cases.models import Case
    from fairdesk.promises.models import Promise

    team = Team.objects.get(name="Support")
    agent = accounts.create_agent(
        username="bench", password="bench-pass-123", name="Bench Agent", teams=(team,)
    )
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    Case.objects.filter(pk__in=ids[:: len(ids) // 500][:500]).update(assignee=agent)
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    promises = []
    for position, case_id in enumerate(ids[::5]):
        due = start + timedelta(minutes=(position * 37) % (14 * 24 * 60))
        promises.append(
            Promise(case_id=case_id, kind="first_response", due_at=due,
                    warn_at=due - timedelta(hours=2), started_at=due - timedelta(hours=8),
                    created_at=due - timedelta(hours=8), description="")
        )  # fmt: skip
    Promise.objects.bulk_create(promises, batch_size=5000)
    print(f"  1 agent owning 500 cases, {len(promises):,} pending promises")


def measure(label: str, client, path: str, runs: int) -> None:
    response = client.get(path)  # warm-up: fills SQLite's page cache
    assert response.status_code == 200, (path, response.status_code)
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(f"{label:<38} {len(response.content) // 1024:>3} KB  wall median "
          f"{statistics.median(wall):6.1f} p95 {_p95(wall):6.1f} ms  cpu median "
          f"{statistics.median(cpu):6.1f} p95 {_p95(cpu):6.1f} ms")  # fmt: skip


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data", default=None, help="data folder to keep (default: temporary)")
    args = parser.parse_args()
    os.environ["FAIRDESK_DATA"] = args.data or tempfile.mkdtemp(prefix="fairdesk-bench-web-")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fairdesk.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from fairdesk.cases.models import Case, Entry
    from fairdesk.promises.models import Promise

    call_command("migrate", verbosity=0)
    search = _search_bench()
    if not Case.objects.exists():
        print(f"making {args.cases:,} cases in {os.environ['FAIRDESK_DATA']}")
        started = time.perf_counter()
        search.load(args.cases)
        from fairdesk.search import index

        index.reindex_all()
        print(f"  loaded and indexed in {time.perf_counter() - started:.0f} s")
    if not get_user_model().objects.filter(username="bench").exists():
        add_agent_and_promises()
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    print(f"{connection.vendor}: {Case.objects.count():,} cases, {Entry.objects.count():,} "
          f"entries, {Promise.objects.count():,} promises; {args.runs} requests each")  # fmt: skip
    reference = Case.objects.order_by("pk").values_list("reference", flat=True)[500]
    measure("my work (500 cases owned)", client, "/desk/", args.runs)
    measure("team queue (first page of 50)", client, "/desk/queue/", args.runs)
    measure(f"case page {reference}", client, f"/desk/cases/{reference}/", args.runs)
    measure(f"search rare '{search.RARE}'", client, f"/desk/search/?q={search.RARE}", args.runs)
    measure(
        f"search common '{search.COMMON}'", client, f"/desk/search/?q={search.COMMON}", args.runs
    )


if __name__ == "__main__":
    main()
