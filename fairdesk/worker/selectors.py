"""What the workers have done lately: periodic runs and the task queue, for health and metrics."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Min
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from fairdesk.worker.models import JobRun


@dataclass(frozen=True)
class LastRun:
    job: str
    started_at: datetime
    finished_at: datetime | None
    failed: bool


@dataclass(frozen=True)
class TaskQueue:
    depth: int  # tasks waiting to run (due or not)
    oldest_due: datetime | None  # when the longest-waiting due task became due


def newest_run_started() -> datetime | None:
    """The worker's heartbeat: every worker claims the 30-second promise watch and mail sending
    slots, so some worker started a run within the last minute while any worker lives."""
    return JobRun.objects.aggregate(newest=Max("started_at"))["newest"]


def last_runs(job_names: list[str]) -> list[LastRun]:
    """Each job's newest run (a job that never ran is left out); one query per job, each read
    from the (job, -slot) index."""
    runs = []
    for name in job_names:
        run = JobRun.objects.filter(job=name).order_by("-slot").first()
        if run is not None:
            runs.append(LastRun(name, run.started_at, run.finished_at, bool(run.error)))
    return runs


def tasks_in_database() -> bool:
    """Whether the default task backend keeps its tasks in the database (django-tasks-db):
    then `fairdesk worker` drains that table, and a queued mail's row is its own announcement
    (channels.email.outbound.announce)."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


def task_queue(now: datetime) -> TaskQueue:
    """The default backend's waiting tasks: the database's table, or Redis under RQ."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if backend.__class__.__name__ == "RQBackend":
        return _rq_queue(backend.queues)
    if not tasks_in_database():
        return TaskQueue(0, None)  # the immediate backend: nothing ever waits
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting = DBTaskResult.objects.filter(status="READY")
    # A task without a run_after carries the largest date: it is due since it was enqueued.
    unscheduled = waiting.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))
    scheduled = waiting.filter(run_after__lte=now).aggregate(at=Min("run_after"))
    oldest = min(filter(None, [unscheduled["at"], scheduled["at"]]), default=None)
    return TaskQueue(waiting.count(), oldest)


def _rq_queue(queue_names: set[str]) -> TaskQueue:
    import django_rq

    depth, oldest = 0, None
    for name in sorted(queue_names):
        queue = django_rq.get_queue(name)
        depth += queue.count
        first = queue.get_jobs(0, 1)
        if first and first[0].enqueued_at is not None:
            stamp = first[0].enqueued_at
            oldest = stamp if oldest is None else min(oldest, stamp)
    return TaskQueue(depth, oldest)
