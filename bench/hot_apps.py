"""CPU per request spent on the statements of promises, queues and notifications.

The load bench's seed (`bench/load.py`), then 150 replies and 150 creates over the API
in-process (Django's test client). For each request: the Python before each statement (its
building and the logic since the one before) plus the database's time, summed for the
statements of these three apps (by table, with the case's `next_due_at` UPDATE they cause,
the assignment's decision and the notification's recipients) and for all; medians printed
with the load average. Another checkout first on the path measures it instead:

    PYTHONPATH=/tmp/main .venv/bin/python bench/hot_apps.py
"""

import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load import prepare  # noqa: E402

THEIRS = re.compile(
    r'promises_|queues_|notifications_|next_due_at" = |SET next_due_at|^SELECT ap\.user_id'
    r'|auth_user" INNER JOIN "accounts_agentprofile|^SELECT u\.id, p\.delivery|FROM queues_seat s'
)


def main() -> None:
    seed = prepare(Path(tempfile.mkdtemp(prefix="fairdesk-hot-")))
    from django.db import connection
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {seed['token']}", HTTP_HOST="127.0.0.1")
    refs = [ref for _, ref in seed["references"]]
    rng = random.Random(7)
    state = {"last": 0.0, "theirs": 0.0, "all": 0.0, "n": 0, "n_theirs": 0}

    def timed(execute, sql, params, many, context):
        started = time.process_time()
        before = started - state["last"]
        result = execute(sql, params, many, context)
        state["last"] = time.process_time()
        spent = before + state["last"] - started
        state["all"] += spent
        state["n"] += 1
        if THEIRS.search(sql[:200]):
            state["theirs"] += spent
            state["n_theirs"] += 1
        return result

    def create(n: int) -> None:
        payload = {"customer_email": f"hot{n}@load.example", "subject": "Kein Netz", "body": "?"}
        assert api.post("/api/v1/cases", payload, "application/json").status_code == 201

    def reply(n: int) -> None:
        payload = {"kind": "reply", "body": "Wir prüfen die Leitung und melden uns."}
        url = f"/api/v1/cases/{rng.choice(refs)}/entries"
        assert api.post(url, payload, "application/json").status_code in (200, 201)

    def run(send: Callable[[int], None], count: int) -> list[list[float]]:
        figures: list[list[float]] = [[], [], [], []]
        for number in range(count):
            state.update(last=time.process_time(), theirs=0.0, all=0.0, n=0, n_theirs=0)
            with connection.execute_wrapper(timed):
                send(number)
            for kept, value in zip(
                figures,
                (state["theirs"] * 1000, state["all"] * 1000, state["n_theirs"], state["n"]),
                strict=True,
            ):
                kept.append(value)
        return figures

    print(f"load average {os.getloadavg()[0]:.1f}")
    for kind, send in (("reply", reply), ("create", create)):
        theirs, total, n_theirs, n = (statistics.median(f) for f in run(send, 150))
        print(
            f"{kind:7} promises/queues/notifications {theirs:5.2f} ms of {total:5.2f} ms"
            f" (Python before and in each statement, median); statements {n_theirs:.0f} of"
            f" {n:.0f}; load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
