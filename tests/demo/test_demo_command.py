"""`fairdesk demo` as a newcomer runs it: migrate, load, print the logins, serve."""

import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.test_settings import FAIRDESK, clean_environment
from tests.webclient import Browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def answers(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our local server)
            return response.status
    except OSError:
        return None


@pytest.mark.slow
def test_demo_prints_logins_first_serves_and_its_worker_delivers_mail_to_the_desk(tmp_path):
    port = free_port()
    demo = subprocess.Popen(
        [FAIRDESK, "demo", "--port", str(port), "--workers", "1", "--cases", "12"],
        # The desk speaks German unless told (FAIRDESK_LANGUAGE); this test reads English.
        env=clean_environment(tmp_path, FAIRDESK_LANGUAGE="en"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(demo.stdout, lines), daemon=True).start()
    printed: list[str] = []
    status = None
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and status != 200:
            if demo.poll() is not None:
                break
            while not lines.empty():
                printed.append(lines.get())
            if any("The demo is ready" in line for line in printed):
                status = answers(f"http://127.0.0.1:{port}/api/v1/openapi.json")
            time.sleep(0.3)
        output = "".join(printed)
        assert status == 200, output[-2000:]
        link = sign_in_link_from_the_demo_mailbox(port)
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=30)
    # The address and the logins come first, before the data is loaded.
    head = output[: output.index("Loading")]
    assert f"http://127.0.0.1:{port}/desk/" in head
    for username in ("admin", "sabine", "klara.kundin@example.com"):
        assert username in head
    assert "admin-demo-only" in head
    # The demo brings its own teams (no empty default team takes its uncategorised requests).
    with sqlite3.connect(tmp_path / "fairdesk.sqlite3") as db:
        teams_without_agents = db.execute(
            "select name from accounts_team t where not exists (select 1 from"
            " accounts_agentprofile_teams m where m.team_id = t.id)"
        ).fetchall()
    assert teams_without_agents == []
    # The link in the mail reaches this demo (--port), and works.
    assert link.startswith(f"http://127.0.0.1:{port}/portal/sign-in/")


def sign_in_link_from_the_demo_mailbox(port: int) -> str:
    """Klara asks for a sign-in link; the demo's worker sends it to the mailbox in the desk."""
    base = f"http://127.0.0.1:{port}"
    klara = Browser(base)
    page = klara.post(
        "/portal/sign-in/link/", {"email": "klara.kundin@example.com"}, form_page="/portal/sign-in/"
    )
    assert "a sign-in link is on its way" in page[1]
    admin = Browser(base)
    admin.post(
        "/desk/sign-in/",
        {"username": "admin", "password": "admin-demo-only"},
        form_page="/desk/sign-in/",
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        mailbox = admin.get("/desk/demo/mail/")
        if found := re.search(r'href="(http://[^"]+/portal/sign-in/[\w-]+/)"', mailbox):
            path = found.group(1).removeprefix(base)
            assert 'action="/portal/sign-out/"' in klara.post(path, {}, form_page=path)[1]
            return found.group(1)
        time.sleep(0.5)
    pytest.fail("no sign-in link reached the demo mailbox")


# The demo's code paths, imported with the test tools made unimportable.
WITHOUT_TEST_TOOLS = """
import sys
from importlib.abc import MetaPathFinder

class NoTestTools(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"pytest", "hypothesis", "aiosmtpd", "playwright", "_pytest"}:
            raise ImportError(f"the demo imported the test tool {name}")

sys.meta_path.insert(0, NoTestTools())
import django
django.setup()
from django.urls import resolve
import fairdesk.cli, fairdesk.demo, fairdesk.demo.mailbox
from django.core.management import load_command_class
load_command_class("fairdesk.worker", "worker")
resolve("/desk/demo/mail/")
print("ok")
"""


@pytest.mark.slow
def test_the_demo_needs_no_test_tools(tmp_path):
    env = clean_environment(tmp_path, FAIRDESK_DEMO="1", DJANGO_SETTINGS_MODULE="fairdesk.settings")
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_TEST_TOOLS], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
