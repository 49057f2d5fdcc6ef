"""p50/p95 of the agent's open-case list over HTTP, with 100,000 cases loaded.

Fills a fresh SQLite data folder with `fairdesk.demo.bulk.generate(cases=N)`, starts
`fairdesk serve` (gunicorn) on a free port and asks GET /api/v1/cases?status=open (first page,
50 cases) again and again over one keep-alive connection, as an agent. Also prints the
unfiltered first page, a deep page, and SQLite's query plan for the open-case page.

    .venv/bin/python bench/api_queue.py [--cases 100000] [--requests 200]
"""

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from api_ingest import free_port, start_server  # noqa: E402


def load(data: Path, cases: int) -> str:
    """Generate `cases` cases in `data`; return an agent's token."""
    os.environ["FAIRDESK_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent, create_token
    from fairdesk.cases.models import Case
    from fairdesk.demo.bulk import generate

    call_command("migrate", verbosity=0)
    made = generate(cases=cases)
    print(
        f"generated {made['cases']:,} cases, {made['entries']:,} entries, "
        f"{made['customers']:,} customers in {made['seconds']:.0f} s"
    )
    print(f"open cases: {Case.objects.filter(status='open').count():,}")
    agent = create_agent(
        username="queue-bench", password=None, name="Queue Bench", teams=(Team.objects.first(),)
    )
    token = create_token(user=agent)
    explain()
    connections.close_all()
    return token


def explain() -> None:
    """SQLite's plan for the open-case page, as the API asks for it."""
    from django.db import connection

    from fairdesk.api.policy import Caller, visible_cases
    from fairdesk.cases import selectors

    base = visible_cases(Caller(user=object()))  # any agent sees the same cases
    for status in ("open", None):
        page = selectors.case_list(base=base, status=status).order_by("-updated_at", "id")
        sql, params = page.values_list("id")[:51].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "; ".join(row[-1] for row in cursor.fetchall())
        print(f"plan of the page's ids, status={status} (before serve's ANALYZE): {plan}")


def measure(port: int, token: str, path: str, requests: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        timings.append(time.perf_counter() - started)
        assert response.status == 200, body[:200]
    cuts = statistics.quantiles(timings, n=100)
    print(
        f"GET {path:<42} {requests} requests: p50 {cuts[49] * 1000:6.1f} ms, "
        f"p95 {cuts[94] * 1000:6.1f} ms ({len(body):,} bytes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    load_1, load_5, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_1:.1f} (1 min) {load_5:.1f} (5 min)")
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-") as folder:
        data = Path(folder)
        token = load(data, args.cases)
        port = free_port()
        server = start_server(data, port, args.workers)
        print(f"fairdesk serve: gunicorn, {args.workers} worker(s), SQLite (WAL), over HTTP")
        try:
            measure(port, token, "/api/v1/cases?status=open", 20)  # warm up
            measure(port, token, "/api/v1/cases?status=open", args.requests)
            measure(port, token, "/api/v1/cases", args.requests)
            measure(port, token, "/api/v1/cases?status=open&page=100", args.requests // 4)
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
