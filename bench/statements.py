"""Statement by statement, where one request of the load bench's mix spends its CPU.

The load bench's seed and requests (`bench/load_kinds.py`), in-process. For each statement of
a request of `--kind` (by its place in the request): the median CPU ms of the Python before
it (building it, and the logic since the statement before), the median CPU ms of the
statement itself, and, for a statement the ORM built, the fairdesk function that asked for
it (a fixed statement through `fairdesk.lib.sql` shows none). The last line is the Python
after the last statement (the answer). With `--orm` it lists instead, for every kind, the
statements the ORM still builds.

    .venv/bin/python bench/statements.py [--kind create] [--requests 200]
    .venv/bin/python bench/statements.py --orm
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load import prepare  # noqa: E402
from load_kinds import KINDS, requests  # noqa: E402


def built_by() -> str:
    """The innermost fairdesk function (outside lib/) under the ORM's compiler, or ""."""
    stack = traceback.extract_stack()
    if not any("/django/db/models/" in frame.filename for frame in stack):
        return ""
    ours = [f for f in stack if "/fairdesk/" in f.filename and "/fairdesk/lib/" not in f.filename]
    if not ours:
        return "?"
    return f"{ours[-1].filename.split('/fairdesk/')[-1]}:{ours[-1].name}"


def per_statement(send, count: int) -> None:
    from django.db import connection

    before: dict[int, list[float]] = defaultdict(list)
    spent: dict[int, list[float]] = defaultdict(list)
    text: dict[int, str] = {}
    state = {"last": 0.0, "n": 0}

    def timed(execute, sql, params, many, context):
        place = state["n"]
        before[place].append(time.process_time() - state["last"])
        text[place] = (built_by() or "fixed") + " | " + " ".join(sql.split())[:80]
        started = time.process_time()  # the look-up above counts nowhere
        result = execute(sql, params, many, context)
        state["last"] = time.process_time()
        spent[place].append(state["last"] - started)
        state["n"] += 1
        return result

    for number in range(count):
        state.update(last=time.process_time(), n=0)
        with connection.execute_wrapper(timed):
            send(1000 + number)  # numbers the warm-up did not use: each create a new customer
        before[-1].append(time.process_time() - state["last"])
    total = 0.0
    for place in sorted(p for p in text):
        python, own = statistics.median(before[place]), statistics.median(spent[place])
        total += python + own
        print(f"{python * 1000:6.2f} {own * 1000:6.2f}  {place:02d} {text[place]}")
    total += statistics.median(before[-1])
    print(
        f"{statistics.median(before[-1]) * 1000:6.2f}         the answer; in all {total * 1000:.1f} ms"
    )


def orm_built(send: dict, rounds: int) -> None:
    from django.db import connection

    kind_now = {"kind": ""}
    built: dict[str, Counter] = defaultdict(Counter)
    every: Counter = Counter()

    def noted(execute, sql, params, many, context):
        every[kind_now["kind"]] += 1
        if by := built_by():
            built[kind_now["kind"]][f"{by} | {' '.join(sql.split())[:60]}"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(noted):
        for number in range(rounds):
            for kind in KINDS:
                kind_now["kind"] = kind
                send[kind](100 + number)
    for kind in KINDS:
        print(
            f"{kind}: {every[kind] / rounds:.1f} statements, the ORM built {sum(built[kind].values()) / rounds:.1f}"
        )
        for where, times in built[kind].most_common():
            print(f"   {times / rounds:4.1f}  {where}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=KINDS, default="create")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--orm", action="store_true", help="the statements the ORM builds, per kind"
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (1 min)")
    with tempfile.TemporaryDirectory(prefix="fairdesk-statements-") as folder:
        send = requests(prepare(Path(folder)))
        for number, kind in enumerate(KINDS * 2):  # load code, fill caches
            send[kind](number)
        if args.orm:
            orm_built(send, 10)
        else:
            print(f"{args.kind}, {args.requests} requests; CPU ms: Python before, statement")
            per_statement(send[args.kind], args.requests)


if __name__ == "__main__":
    main()
