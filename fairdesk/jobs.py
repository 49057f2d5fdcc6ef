"""The one list of periodic jobs, and how workers share them: each job runs once per slot.

A slot is a stretch of `every` (slot n covers [n * every, (n + 1) * every) since the epoch).
A worker claims a slot by inserting the (job, slot) row; the unique key lets exactly one of
any number of concurrent workers win, the others skip the slot.
"""

import logging
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from fairdesk.lib import clock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: str  # dotted path of a function taking no arguments


PERIODIC: list[Job] = [
    Job("promises.watch", every=timedelta(seconds=30), run="fairdesk.promises.watch.run"),
    Job("promises.waiting", every=timedelta(minutes=15), run="fairdesk.promises.waiting.run"),
    # Queued mail no task sent: lost in a crash, due for a retry, or held by a dead worker.
    Job("mail.send", every=timedelta(seconds=30), run="fairdesk.channels.email.sender.send_due"),
    Job("mail.poll", every=timedelta(seconds=60), run="fairdesk.channels.email.imap.poll_all"),
    # Mail LMTP stored but its server did not file (a crash, a restart, the database gone).
    Job("mail.drain", every=timedelta(seconds=60), run="fairdesk.channels.email.drain.run"),
    Job("queues.assign", every=timedelta(minutes=1), run="fairdesk.queues.periodic.run"),
    Job("feedback.draw", every=timedelta(minutes=15), run="fairdesk.feedback.sampling.run"),
    Job(
        "processes.remind",
        every=timedelta(hours=1),
        run="fairdesk.processes.services.returns.remind_due_returns",
    ),
    Job(
        "accounts.sign_in_counters",
        every=timedelta(hours=1),
        run="fairdesk.accounts.throttle.forget_expired",
    ),
    Job(
        "cases.request_keys",
        every=timedelta(hours=1),
        run="fairdesk.cases.services.replays.forget_expired",
    ),
    # Agents' notifications by mail: one mail per agent and run at most (a digest).
    Job("notifications.mail", every=timedelta(minutes=1), run="fairdesk.notifications.digest.run"),
    Job("privacy.retention", every=timedelta(hours=1), run="fairdesk.privacy.retention.run"),
]


def slot_of(job: Job, moment: datetime) -> int:
    return int(moment.timestamp() // job.every.total_seconds())


def claim(job: Job, slot: int, *, worker: str) -> int | None:
    """The id of the JobRun row this worker now owns, or None when another worker has it."""
    from fairdesk.worker.models import JobRun

    try:
        with transaction.atomic():
            run = JobRun.objects.create(
                job=job.name, slot=slot, worker=worker[:64], started_at=clock.now()
            )
    except IntegrityError:
        return None
    return run.pk


def run_due(*, worker: str, ignore_slots: bool = False) -> list[str]:
    """Run every job whose current slot no worker has claimed; the names of those run.

    `ignore_slots` runs every job now regardless (manual catch-up, and tests that check the
    jobs themselves are safe to run concurrently).
    """
    from fairdesk.worker.models import JobRun

    ran = []
    for job in PERIODIC:
        run_id = None
        if not ignore_slots:
            run_id = claim(job, slot_of(job, clock.now()), worker=worker)
            if run_id is None:
                continue
        error = ""
        try:
            import_string(job.run)()
        except Exception:  # one failing job must not stop the others or the worker
            log.exception("periodic job %s failed", job.name)
            error = traceback.format_exc()[-5000:]
        if run_id is not None:
            JobRun.objects.filter(pk=run_id).update(finished_at=clock.now(), error=error)
        ran.append(job.name)
    return ran
