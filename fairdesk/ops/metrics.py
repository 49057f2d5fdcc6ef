"""Prometheus metrics: requests and latency per view, counted in each web process, and the
desk's own figures, read from the database at scrape time so every process reports the same.

Under `fairdesk serve` several gunicorn workers answer requests; `cli.py` points
PROMETHEUS_MULTIPROC_DIR at a fresh folder before anything imports prometheus_client, so each
worker writes its counts there and a scrape of any worker adds them all up.
"""

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from fairdesk import jobs
from fairdesk.cases.selectors import cases_opened_by_channel
from fairdesk.channels.email.selectors import mail_by_state, oldest_unsent_mail, received_backlog
from fairdesk.lib import clock, sql
from fairdesk.promises.selectors import promises_by_state
from fairdesk.worker.selectors import last_runs, task_queue

REQUEST_SECONDS = Histogram(
    "fairdesk_http_request_duration_seconds",
    "Time to answer a request, by view, method and status (its _count is the request count).",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def measure_requests(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: times every request and labels it with the URL pattern's name."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = get_response(request)
        match = request.resolver_match
        view = match.view_name if match is not None and match.view_name else "unmatched"
        REQUEST_SECONDS.labels(view, request.method or "", str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response

    return middleware


def exposition() -> bytes:
    """The text a scrape receives: this process's (or every worker's) request figures, then
    the figures read from the database now."""
    from prometheus_client import REGISTRY

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
        requests = generate_latest(processes)
    else:
        requests = generate_latest(REGISTRY)
    figures = CollectorRegistry()
    figures.register(DatabaseFigures())
    return requests + generate_latest(figures)


def _by_label(metric: GaugeMetricFamily | CounterMetricFamily, counts: dict[str, int]) -> Metric:
    for label, count in sorted(counts.items()):
        metric.add_metric([label], count)
    return metric


def _seconds(moment: datetime | None) -> float:
    return 0.0 if moment is None else moment.timestamp()


class DatabaseFigures:
    """A collector whose figures come from the database on each scrape (no process state)."""

    def collect(self) -> Iterator[Metric]:
        now = clock.now()
        yield _by_label(
            CounterMetricFamily(
                "fairdesk_cases_opened", "Cases opened, by channel.", labels=["channel"]
            ),
            cases_opened_by_channel(),
        )
        yield _by_label(
            GaugeMetricFamily("fairdesk_promises", "Promises by state.", labels=["state"]),
            promises_by_state(),
        )
        inbound, outbound = mail_by_state()
        yield _by_label(
            GaugeMetricFamily("fairdesk_mail_inbound", "Received mail by state.", labels=["state"]),
            inbound,
        )
        yield _by_label(
            GaugeMetricFamily(
                "fairdesk_mail_outbound",
                "Outgoing mail by state (queued, sent, failed, bounced).",
                labels=["state"],
            ),
            outbound,
        )
        oldest_mail = oldest_unsent_mail()
        yield GaugeMetricFamily(
            "fairdesk_mail_oldest_unsent_age_seconds",
            "How long the oldest queued mail has waited (0: none waits).",
            value=(now - oldest_mail).total_seconds() if oldest_mail else 0.0,
        )
        yield from _intake_figures(now)
        yield from _task_figures(now)
        yield from _job_figures()
        yield from _storage_figures()


def _intake_figures(now: datetime) -> Iterator[Metric]:
    backlog = received_backlog()
    yield GaugeMetricFamily(
        "fairdesk_mail_received_backlog",
        "Mail stored over LMTP and not yet filed on a case.",
        value=backlog.waiting,
    )
    yield GaugeMetricFamily(
        "fairdesk_mail_received_oldest_age_seconds",
        "How long the oldest received mail has waited to be filed (0: none waits).",
        value=(now - backlog.oldest).total_seconds() if backlog.oldest else 0.0,
    )


def _task_figures(now: datetime) -> Iterator[Metric]:
    queue = task_queue(now)
    yield GaugeMetricFamily(
        "fairdesk_task_queue_depth", "Background tasks waiting to run.", value=queue.depth
    )
    lag = (now - queue.oldest_due).total_seconds() if queue.oldest_due else 0.0
    yield GaugeMetricFamily(
        "fairdesk_task_queue_lag_seconds",
        "How long the longest-waiting due task has waited (0: none waits).",
        value=max(lag, 0.0),
    )


def _job_figures() -> Iterator[Metric]:
    started = GaugeMetricFamily(
        "fairdesk_job_last_run_timestamp_seconds",
        "When each periodic job last started (Unix time).",
        labels=["job"],
    )
    duration = GaugeMetricFamily(
        "fairdesk_job_last_duration_seconds",
        "How long each periodic job's last finished run took (the promise watch's duration).",
        labels=["job"],
    )
    failed = GaugeMetricFamily(
        "fairdesk_job_last_failed", "1 when a periodic job's last run failed.", labels=["job"]
    )
    for run in last_runs([job.name for job in jobs.PERIODIC]):
        started.add_metric([run.job], _seconds(run.started_at))
        if run.finished_at is not None:
            duration.add_metric([run.job], (run.finished_at - run.started_at).total_seconds())
        failed.add_metric([run.job], 1.0 if run.failed else 0.0)
    yield from (started, duration, failed)


def _storage_figures() -> Iterator[Metric]:
    sizes = _database_bytes()
    if sizes:
        yield _by_label(
            GaugeMetricFamily(
                "fairdesk_database_bytes",
                "The database's size on disk, by file (SQLite: the database and its WAL).",
                labels=["file"],
            ),
            sizes,
        )


def _database_bytes() -> dict[str, int]:
    """What a burst of writes or a checkpoint that cannot keep up fills: the disk."""
    if connection.vendor == "postgresql":
        (size,) = sql.one("SELECT pg_database_size(current_database())") or (0,)
        return {"database": size}
    database = Path(str(connection.settings_dict["NAME"]))  # SQLite's (none in memory)
    files = {"database": database, "wal": Path(f"{database}-wal")}
    return {name: path.stat().st_size for name, path in files.items() if path.is_file()}
