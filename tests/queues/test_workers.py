"""Two `fairdesk worker` processes assign the same backlog at once: no case is assigned
twice, no agent goes over their cap. SQLite file (IMMEDIATE transactions); the seat lock
in queues.services.assign does the same on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAIRDESK = str(Path(sys.executable).with_name("fairdesk"))

# 60 waiting cases, four agents with caps 5, 10, 10 and 50: 60 fit exactly, when nobody is
# over their cap; one agent is away and gets none.
SEED = """
import django
django.setup()
from datetime import timedelta
from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.promises.models import Calendar, Policy
from fairdesk.queues import services as queues

support = Team.objects.create(name="Support")
always = Calendar.objects.create(name="24/7", hours="24/7")
Policy.objects.create(name="Standard", calendar=always, is_default=True,
                      first_response=timedelta(hours=8), resolution=timedelta(hours=50))
for name, cap in (("ada", 5), ("ben", 10), ("cem", 10), ("dora", 35), ("away", 50)):
    agent = accounts.create_agent(username=name, password=None, teams=(support,))
    queues.set_seat(agent=agent, by=None, cap=cap)
queues.set_presence(agent=agent, presence="away")
for index in range(60):
    customer = accounts.get_or_create_customer(email=f"c{index}@example.org", name=f"C {index}")
    cases.open_new_case(customer=customer, subject=f"Fall {index}", body="?", channel="email")
"""


def _env(data: Path, *, auto: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "FAIRDESK_DATA": str(data),
        "DJANGO_SETTINGS_MODULE": "tests.promises.worker_settings",
        "PYTHONPATH": str(ROOT),
        "FAIRDESK_LOG_LEVEL": "WARNING",
        "FAIRDESK_QUEUE_AUTO_ASSIGN": "true" if auto else "false",
    }
    return env


@pytest.mark.slow
def test_two_workers_assign_a_backlog_without_doubles_or_going_over_a_cap(tmp_path):
    seeding = _env(tmp_path, auto=False)  # the backlog waits in the queue until the workers
    subprocess.run([FAIRDESK, "manage", "migrate", "-v0"], env=seeding, check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-c", SEED], env=seeding, check=True, cwd=ROOT)

    command = [FAIRDESK, "worker", "--once", "--ignore-slots"]
    env = _env(tmp_path, auto=True)
    workers = [
        subprocess.Popen([*command, "--worker-id", f"w{n}"], env=env, cwd=ROOT) for n in (1, 2)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0, 0]

    db = sqlite3.connect(tmp_path / "fairdesk.sqlite3")
    owners = dict(
        db.execute(
            "SELECT u.username, count(*) FROM cases_case c JOIN auth_user u"
            " ON u.id = c.assignee_id GROUP BY u.username"
        )
    )
    assert owners == {"ada": 5, "ben": 10, "cem": 10, "dora": 35}
    # Each case got exactly one automatic owner entry: nobody assigned it twice.
    per_case = db.execute(
        "SELECT case_id, count(*) FROM cases_entry WHERE kind = 'owner'"
        " AND json_extract(data, '$.auto') IS NOT NULL GROUP BY case_id"
    ).fetchall()
    assert len(per_case) == 60 and {n for _case, n in per_case} == {1}
