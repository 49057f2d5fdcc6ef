"""FAIRDESK_TASKS=rq: tasks wait in Redis and `fairdesk worker` runs them; the periodic jobs
keep their slot claims in the database, so two workers never run one slot twice.

Real processes on a real Redis (Debian's redis-server): `make test` starts one and passes
FAIRDESK_TEST_REDIS_URL; without it this module starts its own, or skips when there is none.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.channels.email.mailfactory import raw_mail
from tests.channels.email.servers import (  # noqa: F401  (fixtures file_db, migrated_data)
    FAIRDESK,
    count_rows,
    file_db,
    free_port,
    migrated_data,
)
from tests.channels.email.test_mail_processes import smtp_server  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.redis]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if url := os.environ.get("FAIRDESK_TEST_REDIS_URL"):
        # Each test worker (pytest-xdist) its own Redis database: these tests flush theirs.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
        yield f"{url.rsplit('/', 1)[0]}/{int(worker) + 1}"
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server (scripts/apt-ensure redis-server)")
    port, folder = free_port(), tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def rq_env(file_db, redis_url, smtp_server):  # noqa: F811 (fixtures)
    import redis

    controller, _ = smtp_server
    redis.Redis.from_url(redis_url).flushdb()
    return file_db | {
        "FAIRDESK_TASKS": "rq",
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
    }


def queued(redis_url: str) -> int:
    import redis

    return redis.Redis.from_url(redis_url).llen("rq:queue:default")


def run(env: dict[str, str], *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        [FAIRDESK, *args], env=env, input=stdin, capture_output=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def test_a_task_waits_in_redis_until_a_worker_runs_it(rq_env, smtp_server, redis_url):  # noqa: F811
    _, smtp = smtp_server
    # The acknowledgment is queued as a task on Redis when the mail's commit is done.
    assert run(rq_env, "mail-ingest", stdin=raw_mail()).startswith("stored: FD-")
    assert queued(redis_url) == 1
    assert smtp.messages == []
    run(rq_env, "worker", "--once")
    assert queued(redis_url) == 0
    [(_, recipients, _)] = smtp.messages
    assert recipients == ["kurt@example.org"]
    assert count_rows(rq_env, "select count(*) from mail_outboundmessage where state='sent'") == 1


def test_two_workers_on_redis_run_each_periodic_slot_once(rq_env, redis_url):
    # Both start just after the watch's 30 s slot begins, so both claim the same slot (started
    # anywhere in it, a slow start could carry one worker into the next slot, run it rightly,
    # and fail the count).
    time.sleep(30.5 - time.time() % 30 if time.time() % 30 > 5 else 0)
    workers = [
        subprocess.Popen(
            [FAIRDESK, "worker", "--once", "--worker-id", f"machine-{n}"],
            env=rq_env,
            stderr=subprocess.PIPE,
        )
        for n in (1, 2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err.decode()
    runs = "select count(*) from promises_jobrun where job = 'promises.watch'"
    assert count_rows(rq_env, runs) == 1  # the slot's unique key let one of them run it
    slots = "select count(*) - count(distinct job || '/' || slot) from promises_jobrun"
    assert count_rows(rq_env, slots) == 0


def test_health_and_metrics_read_the_queue_from_redis(rq_env, redis_url, tmp_path):
    run(rq_env, "mail-ingest", stdin=raw_mail(subject="Noch offen"))
    script = (
        "from fairdesk.worker.selectors import task_queue;"
        "from fairdesk.lib import clock;"
        "q = task_queue(clock.now()); print(q.depth, q.oldest_due is not None)"
    )
    out = run(rq_env, "manage", "shell", "-c", script)
    assert out.strip().splitlines()[-1].split() == ["1", "True"]


def test_rq_without_a_redis_url_stops_start_up_by_name(file_db):  # noqa: F811
    env = {k: v for k, v in file_db.items() if k != "REDIS_URL"} | {"FAIRDESK_TASKS": "rq"}
    done = subprocess.run(
        [FAIRDESK, "worker", "--once"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "FAIRDESK_TASKS=rq needs REDIS_URL" in done.stderr


def test_settings_keep_no_state_in_the_web_process():
    # Sessions live in the database (Django's backend, read by a fixed statement).
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    assert issubclass(import_module(settings.SESSION_ENGINE).SessionStore, SessionStore)
    assert "locmem" not in settings.CACHES["default"]["BACKEND"]
    assert "filebased" not in settings.CACHES["default"]["BACKEND"]
    assert Path(settings.DATA_DIR).exists()
