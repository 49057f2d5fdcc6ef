"""CPU per request of each kind in `bench/load.py`'s mix, in-process, on the load bench's data.

The same seed as `bench/load.py` (a fresh SQLite data folder, 200 cases, 20 portal customers
signed in by link), then the same requests through Django's test client, the kinds taken in
turn (`--rounds` rounds, after two warm-up rounds), so that every kind sees the data grow the
same way. Prints each kind's median and p95 of this process's CPU time per request (the
steadier figure on a busy machine), the wall time, the queries per request and the load
average. `--profile KIND` prints a cProfile of that kind instead (fairdesk's functions by
cumulative time, then Django's template rendering).

    .venv/bin/python bench/load_kinds.py [--rounds 15] [--kinds desk_case ...] [--profile KIND]

To measure another checkout with this script (e.g. main, for a before/after in the same
minute), put that checkout first on the path: `PYTHONPATH=/tmp/main .venv/bin/python ...`.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load import BODY, prepare  # noqa: E402

KINDS = (
    "create",
    "reply",
    "desk_queue",
    "my_work",
    "desk_case",
    "api_case",
    "desk_search",
    "api_search",
    "portal_list",
    "portal_case",
)


def requests(seed: dict) -> dict[str, Callable[[int], int]]:
    """One callable per kind: send request number n, answer its status."""
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {seed['token']}", HTTP_HOST="127.0.0.1")
    desk = Client(HTTP_HOST="127.0.0.1")
    desk.cookies["sessionid"] = seed["desk_cookie"]
    portals = {}
    for customer_id, session in seed["portal"].items():
        portals[customer_id] = Client(HTTP_HOST="127.0.0.1")
        portals[customer_id].cookies["sessionid"] = session
    rng = random.Random(7)
    refs = [ref for _, ref in seed["references"]]
    words = ["router", "rechnung", "lampe", "kunde"]

    def create(n: int) -> int:
        payload = {"customer_email": f"k{n}@load.example", "subject": "Kein Internet", "body": BODY}
        return api.post("/api/v1/cases", payload, "application/json").status_code

    def reply(n: int) -> int:
        payload = {"kind": "reply", "body": "Wir prüfen die Leitung und melden uns."}
        url = f"/api/v1/cases/{rng.choice(refs)}/entries"
        return api.post(url, payload, "application/json").status_code

    def portal(page: Callable[[str], str]) -> Callable[[int], int]:
        def send(n: int) -> int:
            customer_id, own = rng.choice(seed["references"])
            return portals[customer_id].get(page(own)).status_code

        return send

    return {
        "create": create,
        "reply": reply,
        "desk_queue": lambda n: desk.get("/desk/queue/").status_code,
        "my_work": lambda n: desk.get("/desk/").status_code,
        "desk_case": lambda n: desk.get(f"/desk/cases/{rng.choice(refs)}/").status_code,
        "api_case": lambda n: api.get(f"/api/v1/cases/{rng.choice(refs)}").status_code,
        "desk_search": lambda n: desk.get(f"/desk/search/?q={rng.choice(words)}").status_code,
        "api_search": lambda n: api.get(f"/api/v1/cases?q={rng.choice(words)}").status_code,
        "portal_list": portal(lambda own: "/portal/"),
        "portal_case": portal(lambda own: f"/portal/cases/{own}/"),
    }


def measure(send: dict[str, Callable[[int], int]], rounds: int, kinds: list[str]) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
    wall: dict[str, list[float]] = {kind: [] for kind in kinds}
    queries: dict[str, int] = {}
    for number in range(rounds + 2):
        for kind in kinds:
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                status = send[kind](number)
                spent, spent_cpu = time.perf_counter() - started, time.process_time() - started_cpu
            assert status in (200, 201), f"{kind} answered {status}"
            queries[kind] = len(captured)
            if number >= 2:  # the first two rounds load code and fill caches
                cpu[kind].append(spent_cpu * 1000)
                wall[kind].append(spent * 1000)
    load_1, _, _ = os.getloadavg()
    print(f"{rounds} rounds, load average {load_1:.1f}; CPU ms per request (median, p95), wall")
    for kind in kinds:
        p95 = statistics.quantiles(cpu[kind], n=20, method="inclusive")[18]
        print(
            f"  {kind:<12} CPU {statistics.median(cpu[kind]):6.1f}  p95 {p95:6.1f}"
            f"  wall {statistics.median(wall[kind]):6.1f}  {queries[kind]:3} queries"
        )


def profile(send: Callable[[int], int], count: int) -> None:
    import cProfile
    import pstats

    for number in range(3):
        send(number)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [send(n) for n in range(count)])
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"fairdesk/", 35)
    stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--profile", choices=KINDS, help="cProfile this kind instead")
    args = parser.parse_args()
    load_1, load_5, _ = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_1:.1f} (1 min) {load_5:.1f} (5 min)")
    with tempfile.TemporaryDirectory(prefix="fairdesk-kinds-") as folder:
        send = requests(prepare(Path(folder)))
        if args.profile:
            profile(send[args.profile], 30)
        else:
            measure(send, args.rounds, args.kinds)


if __name__ == "__main__":
    main()
