"""`fairdesk worker`: run queued tasks (django-tasks-db) and the periodic jobs in fairdesk.jobs.

The task side is django_tasks_db's own Worker in batch mode (drain the queue, then send the
queued mail, which no task announces there: channels.email.outbound.announce), or with
FAIRDESK_TASKS=rq an RQ worker in burst mode on Redis (the same: drain, return); between drains
this loop runs whichever periodic jobs are due. Run as many workers as you like, on as many
machines: tasks are claimed by django_tasks_db or Redis, periodic slots in the database by
fairdesk.jobs.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from fairdesk import jobs
from fairdesk.channels.email import sender
from fairdesk.lib.errors import first_line
from fairdesk.worker import selectors

log = logging.getLogger(__name__)
# Seconds between two tries while the database cannot be used.
RETRY_SECONDS = 5.0


def drain_redis(queue_names: list[str]) -> None:
    """Run every task waiting in the RQ queues (and those scheduled and now due), then return.

    rq's SimpleWorker runs each task in this process: no fork that would share this process's
    database connection with a child."""
    import django_rq
    from django_tasks_rq import Job

    worker = django_rq.get_worker(
        *queue_names, job_class=Job, worker_class="rq.worker.SimpleWorker"
    )
    worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
    close_old_connections()


class Command(BaseCommand):
    help = "Run background tasks and periodic jobs (promise watch, mail polling)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="run due jobs and tasks, then exit")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds to sleep between rounds"
        )
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME)
        parser.add_argument("--worker-id", default="")
        parser.add_argument(
            "--ignore-slots",
            action="store_true",
            help="run every periodic job now even if another worker ran it in this slot",
        )

    def handle(
        self,
        *,
        once: bool,
        interval: float,
        queue_name: str,
        worker_id: str,
        ignore_slots: bool,
        **options,
    ) -> None:
        worker_id = worker_id or get_random_string(32)
        if options["verbosity"] < 2:
            # django_tasks_db says "starting"/"exiting" on every drain; only say what matters.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        on_redis = settings.FAIRDESK_TASKS == "rq"
        tasks = None if on_redis else self._task_worker(queue_name, worker_id)
        if not once and tasks is not None:
            tasks.configure_signals()
        if not once:  # an operator starting it by hand, or its service's log, sees it is up
            log.info(
                "worker started: tasks in %s, %d periodic jobs, a round every %g s",
                "Redis" if on_redis else "the database",
                len(jobs.PERIODIC),
                interval,
            )
        while True:
            try:
                ran = jobs.run_due(worker=worker_id, ignore_slots=ignore_slots)
                if ran and options["verbosity"] > 1:
                    self.stdout.write(f"ran {', '.join(ran)}")
                if tasks is not None:
                    tasks.run()  # batch mode: returns once the queue is empty
                    if not tasks.running:
                        return  # SIGTERM came during a task: it is finished, so stop now
                    sender.send_queued()  # mail is announced by its row (outbound.announce)
                elif on_redis:
                    drain_redis(queue_name.split(","))
            except DatabaseError as error:
                self._wait_out("the database", error, once=once)
                connections.close_all()  # a new connection next round, not the broken one
            except (RedisConnectionError, RedisTimeoutError) as error:
                self._wait_out("Redis", error, once=once)
            else:
                if once:
                    return
                time.sleep(interval)

    def _wait_out(self, what: str, error: Exception, *, once: bool) -> None:
        """A restart, an outage, an upgrade not migrated yet: say so and try again later (an
        exit would leave the desk without a worker until someone came by)."""
        reason = first_line(error)
        if once:
            raise CommandError(f"{what} cannot be used: {reason}")
        log.warning(
            "worker: %s cannot be used now (%s); trying again in %.0f s",
            what,
            reason,
            RETRY_SECONDS,
        )
        time.sleep(RETRY_SECONDS)

    def _task_worker(self, queue_name: str, worker_id: str) -> Worker | None:
        """django_tasks_db's worker, when the default backend is the database one."""
        if not selectors.tasks_in_database():
            return None  # e.g. the immediate backend: tasks already ran when enqueued
        return Worker(
            queue_names=queue_name.split(","),
            interval=0,
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
