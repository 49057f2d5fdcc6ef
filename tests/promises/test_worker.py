"""`fairdesk worker`: two worker processes at once never double-warn or double-escalate.

The workers run against a SQLite file in a fresh data folder, with the real database task
backend, so the mail tasks they enqueue are really queued and drained by the workers too.
"""

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from email import message_from_string
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from fairdesk import jobs
from fairdesk.lib import clock

ROOT = Path(__file__).resolve().parents[2]
FAIRDESK = str(Path(sys.executable).with_name("fairdesk"))

# Ten overdue cases (opened 3 h ago: the 1 h answer and the 2 h fix are broken) and ten at
# risk (opened 100 min ago: the answer is broken, the fix is at 83 % of its time).
SEED = """
import django
django.setup()
from datetime import timedelta
from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import services as cases
from fairdesk.lib import clock
from fairdesk.promises.models import Calendar, Policy

support = Team.objects.create(name="Support")
escalation = Team.objects.create(name="Eskalation")
lena = accounts.create_agent(username="lena", password=None, email="lena@desk.example",
                             teams=(support,), languages=("en", "de"))
support.lead, support.escalation_team = lena, escalation
support.save()
escalation.lead = accounts.create_agent(username="erik", password=None, email="erik@desk.example",
                                        teams=(escalation,), languages=("de",))
escalation.save()
always = Calendar.objects.create(name="24/7", hours="24/7")
Policy.objects.create(name="Fast", calendar=always, is_default=True,
                      first_response=timedelta(hours=1), resolution=timedelta(hours=2))
kurt = accounts.get_or_create_customer(email="kurt@example.org", name="Kurt")
for index in range(20):
    age = timedelta(hours=3) if index < 10 else timedelta(minutes=100)
    with clock.frozen_at(clock.now() - age):
        cases.open_new_case(customer=kurt, subject=f"Fall {index}", body="kaputt", channel="email")
"""


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "FAIRDESK_DATA": str(data),
        "DJANGO_SETTINGS_MODULE": "tests.promises.worker_settings",
        "PYTHONPATH": str(ROOT),
        "FAIRDESK_LOG_LEVEL": "WARNING",
    }
    return env


@pytest.mark.slow
def test_two_workers_at_once_warn_and_escalate_each_breach_exactly_once(tmp_path):
    env = _env(tmp_path)
    subprocess.run([FAIRDESK, "manage", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-c", SEED], env=env, check=True, cwd=ROOT)

    # --ignore-slots: both run the watch now, so the claims inside the watch are what is tested.
    command = [FAIRDESK, "worker", "--once", "--ignore-slots"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"w{n}"], env=env, cwd=ROOT) for n in (1, 2)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]

    db = sqlite3.connect(tmp_path / "fairdesk.sqlite3")
    events = db.execute(
        "SELECT case_id, json_extract(data, '$.promise'), json_extract(data, '$.event')"
        " FROM cases_entry WHERE json_extract(data, '$.event') IN ('broken', 'warned', 'escalated')"
    ).fetchall()
    by_event: dict[str, list] = {}
    for _case, promise, event in events:
        by_event.setdefault(event, []).append(promise)
    # 20 first responses + 10 fixes broken, each escalated once; 10 fixes warned once.
    assert len(by_event["broken"]) == len(set(by_event["broken"])) == 30
    assert sorted(by_event["escalated"]) == sorted(by_event["broken"])
    assert len(by_event["warned"]) == len(set(by_event["warned"])) == 10
    # Priority went up once per broken promise: each case's first breach normal -> high,
    # the second (on the ten overdue cases) high -> urgent.
    priorities = dict(db.execute("SELECT priority, count(*) FROM cases_case GROUP BY priority"))
    assert priorities == {"urgent": 10, "high": 10}
    # Every mail task (30 escalations, 10 warnings) was drained by one of the two workers.
    states = dict(
        db.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = 'fairdesk.promises.tasks.notify_people' GROUP BY status"
        )
    )
    assert states == {"SUCCESSFUL": 40}, states
    # Each mail in its reader's language: Lena reads English, Erik (the escalation lead)
    # German. Lena hears of each case's first breach (20) while the case is Support's; then
    # the case is Eskalation's, so Erik hears of all 30 breaches and the 10 warnings.
    to_agents = [mail for mail in _mails(tmp_path) if mail["To"].endswith("@desk.example")]
    subjects = Counter((mail["To"], mail["Subject"].split(":")[0]) for mail in to_agents)
    assert subjects == {
        ("lena@desk.example", "Promise broken"): 20,
        ("erik@desk.example", "Zusage gebrochen"): 30,
        ("erik@desk.example", "Zusage gefährdet"): 10,
    }


def _mails(data: Path) -> list[EmailMessage]:
    """The mails Django's file backend wrote, each separated by a line of dashes."""
    parsed = []
    for log in (data / "mail").iterdir():
        for text in log.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                parsed.append(message_from_string(text, policy=default))
    return parsed


@pytest.mark.django_db
def test_a_periodic_slot_is_claimed_by_one_worker():
    watch = jobs.PERIODIC[0]
    slot = jobs.slot_of(watch, clock.now())
    assert jobs.claim(watch, slot, worker="w1") is not None
    assert jobs.claim(watch, slot, worker="w2") is None
    assert jobs.claim(watch, slot + 1, worker="w2") is not None


@pytest.mark.django_db
def test_worker_once_runs_the_due_watch_and_skips_it_in_the_same_slot(standard, kurt, support):
    from django.core.management import call_command

    from fairdesk.cases import services as cases
    from fairdesk.promises.models import Promise
    from fairdesk.worker.models import JobRun

    with clock.frozen_at(clock.now() - timedelta(days=30)):
        cases.open_case(customer=kurt, subject="Alt", body="...", channel="email")
    call_command("worker", "--once")
    assert Promise.objects.filter(state="broken").count() == 2
    assert JobRun.objects.filter(job="promises.watch").count() == 1
    call_command("worker", "--once")  # same 30 s slot (almost always): nothing runs twice
    assert JobRun.objects.filter(job="promises.watch").count() in (1, 2)
    assert not JobRun.objects.exclude(error="").exists()
