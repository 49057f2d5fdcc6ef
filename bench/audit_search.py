"""What a search of the audit log costs on SQLite when the log is large: the page's first
200 rows and the CSV's count for words that name an action, a detail, a person, or nothing.

Migrates a fresh data folder, writes N case audit events (the actions and facts the services
write, spread over a year; bench rows, written in bulk), then times each search as the page
runs it (median of 5).

    /work/main/.venv/bin/python bench/audit_search.py [--events 300000]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

from fresh_sqlite import setup

FACTS = (
    ("case.reply", lambda n: {"channel": "email"}),
    ("case.note", lambda n: {}),
    ("case.status", lambda n: {"old": "open", "new": "resolved"}),
    ("case.assign", lambda n: {"team": 1, "agent": f"agent{n % 40}", "name": f"Agent {n % 40}"}),
    ("case.tags", lambda n: {"tags": ["router", f"tag{n % 300}"]}),
    ("promise.made", lambda n: {"reason": f"Rückruf zugesagt {n}"}),
    ("promise.kept", lambda n: {}),
    ("case.expedite", lambda n: {"expedite": f"Eilt: Praxis ohne Telefon {n}"}),
)
WEIGHTS = (40, 20, 15, 10, 5, 6, 3, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=300_000)
    args = parser.parse_args()
    setup(tempfile.mkdtemp(prefix="fairdesk-bench-audit-"))
    from django.utils import translation

    from fairdesk.accounts import services as accounts
    from fairdesk.accounts.models import Team
    from fairdesk.cases.models import AuditEvent
    from fairdesk.desk.views.admin_audit import PAGE, _events
    from fairdesk.lib import clock

    team = Team.objects.create(name="Support")
    agent = accounts.create_agent(username="ada", password=None, name="Ada Agent", teams=(team,))
    rng = random.Random(7)
    start = clock.now() - timedelta(days=365)
    step = timedelta(days=365) / args.events
    rows = []
    for number in range(args.events):
        action, facts = rng.choices(FACTS, WEIGHTS)[0]
        at = start + step * number
        rows.append(AuditEvent(at=at, actor_user=agent, action=action, data=facts(number)))
        if len(rows) == 10_000:
            AuditEvent.objects.bulk_create(rows)
            rows = []
    AuditEvent.objects.bulk_create(rows)
    print(f"{args.events} case audit events")

    for language, words in (
        ("de", "beschleunigt"),  # an action's name: rare
        ("de", "Antwort"),  # an action's name: common
        ("de", "tag299"),  # a detail: rare
        ("de", "Ada Agent"),  # a person
        ("de", "nirgends"),  # nothing: every row read
    ):
        with translation.override(language):
            page = []
            for _ in range(5):
                began = time.perf_counter()
                shown = list(_events("cases", words)[:PAGE])
                page.append(time.perf_counter() - began)
            began = time.perf_counter()
            total = _events("cases", words).count()
            counted = time.perf_counter() - began
        print(
            f"{words!r} ({language}): page of {len(shown)} median "
            f"{statistics.median(page) * 1000:.0f} ms; all {total} counted in "
            f"{counted * 1000:.0f} ms"
        )


if __name__ == "__main__":
    sys.exit(main())
