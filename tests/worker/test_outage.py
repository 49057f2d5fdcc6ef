"""`fairdesk worker` rides out a database it cannot use (a restart, an upgrade not migrated
yet): it says so in one line, keeps trying, and works again once the database does."""

import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.channels.email.servers import file_db, free_port, migrated_data  # noqa: F401
from tests.test_settings import FAIRDESK, clean_environment, fairdesk

pytestmark = pytest.mark.slow  # starts fairdesk in new processes


def job_runs(data) -> int:
    with sqlite3.connect(data / "fairdesk.sqlite3") as database:
        return database.execute("SELECT count(*) FROM promises_jobrun").fetchone()[0]


def test_a_worker_started_before_migrate_waits_and_then_works(tmp_path):
    worker = subprocess.Popen(
        [FAIRDESK, "worker", "--interval", "0.5"],
        env=clean_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        subprocess.run(  # a minute or more on a busy machine
            [FAIRDESK, "manage", "migrate", "-v0"],
            env=clean_environment(tmp_path),
            check=True,
            timeout=600,
        )
        deadline = time.monotonic() + 30
        while job_runs(tmp_path) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert job_runs(tmp_path) > 0  # the periodic jobs run: /health sees a worker
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=30)
    # (Jobs that ran while migrate was half done may have failed and said why, at length.)
    started, outage = err.splitlines()[:2]
    assert "worker started: tasks in the database" in started, err
    assert "database cannot be used now" in outage and "trying again" in outage, err


def test_worker_once_without_a_database_ends_with_one_line(tmp_path):
    result = fairdesk(tmp_path, "worker", "--once")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "database" in lines[0], result.stderr


def test_a_worker_stopped_during_a_task_ends_after_it(tmp_path):
    """SIGTERM while a task runs (a sign-in mail to an SMTP server that does not answer):
    the worker finishes the task and ends, as a service manager expects."""
    with socket.socket() as silent_smtp:  # accepts the connection, never says a word
        silent_smtp.bind(("127.0.0.1", 0))
        silent_smtp.listen()
        smtp = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(silent_smtp.getsockname()[1])}
        env = clean_environment(tmp_path, EMAIL_TIMEOUT="3", **smtp)
        subprocess.run([FAIRDESK, "manage", "migrate", "-v0"], env=env, check=True, timeout=600)
        queue = (
            "from fairdesk.accounts.services import get_or_create_customer as customer;"
            "from fairdesk.portal.tasks import send_sign_in_link as link;"
            "customer(email='kurt@example.org');"
            "link.enqueue(address='kurt@example.org')"
        )
        subprocess.run(
            [FAIRDESK, "manage", "shell", "--no-imports", "-c", queue], env=env, check=True
        )
        worker = subprocess.Popen(
            [FAIRDESK, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        silent_smtp.settimeout(60)
        try:
            with silent_smtp.accept()[0]:  # the task is sending now
                worker.send_signal(signal.SIGTERM)
                assert worker.wait(timeout=30) == 0
        finally:
            worker.kill()
            worker.communicate()


def test_a_worker_whose_redis_is_down_waits_for_it(file_db):  # noqa: F811 (fixture)
    """FAIRDESK_TASKS=rq and Redis restarting: the periodic jobs go on, the tasks wait."""
    env = file_db | {"FAIRDESK_TASKS": "rq", "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    worker = subprocess.Popen(
        [FAIRDESK, "worker", "--interval", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while job_runs(Path(env["FAIRDESK_DATA"])) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)
        assert worker.poll() is None
    finally:
        worker.terminate()
        _, err = worker.communicate(timeout=30)
    assert "Traceback" not in err
    started, outage = err.splitlines()[:2]
    assert "worker started: tasks in Redis" in started, err
    assert "Redis cannot be used now" in outage, err
