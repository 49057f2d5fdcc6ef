"""`fairdesk demo` as a newcomer runs it: migrate, load, print the logins, serve."""

import queue
import signal
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from tests.test_settings import FAIRDESK, clean_environment


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
def test_demo_loads_data_prints_logins_and_serves(tmp_path):
    port = free_port()
    demo = subprocess.Popen(
        [FAIRDESK, "demo", "--port", str(port), "--workers", "1", "--cases", "12"],
        env=clean_environment(tmp_path),
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
            if any("password:" in line for line in printed):
                status = answers(f"http://127.0.0.1:{port}/api/v1/openapi.json")
            time.sleep(0.3)
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
    output = "".join(printed)
    assert status == 200, output[-2000:]
    assert f"http://127.0.0.1:{port}" in output
    for username in ("admin", "sabine", "klara.kundin@example.com"):
        assert username in output
    assert "admin-demo-only" in output
    assert (tmp_path / "fairdesk.sqlite3").exists()
