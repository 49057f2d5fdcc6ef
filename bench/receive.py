"""Parcels received per second on the warehouse's receive page, end to end on SQLite.

Starts `fairdesk serve` (gunicorn) on a fresh data folder and a free port, makes a team, an
agent and N shop returns through the services, signs the agent in over HTTP like a browser
(session cookie, CSRF token), then POSTs each return number to /desk/returns/receive/ as
htmx does (HX-Request header), one scanner after another and then from 2 scanners at once.
Each request does the whole work: parse the number, lock the return, move it, complete the
process step, date and promise the refund, write the timeline, render the answer line.
Prints parcels/s and p50/p95 ms per parcel (the target: at least 10 parcels/s), and the
server's CPU time per parcel, the steadier figure on a busy machine.

    .venv/bin/python bench/receive.py [--returns 400] [--workers 2]
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

FAIRDESK = str(Path(sys.executable).parent / "fairdesk")


def prepare(data: Path, count: int) -> list[str]:
    """Migrate a fresh SQLite database in `data`; return the numbers of `count` returns."""
    os.environ["FAIRDESK_DATA"] = str(data)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fairdesk.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from fairdesk.accounts.models import Team
    from fairdesk.accounts.services import create_agent
    from fairdesk.processes import services

    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="Lager")
    create_agent(username="lager", password="lager-pass-123", name="Lager", teams=(team,))
    order = services.save_order(
        email="shop@example.org",
        name="Shop Kundin",
        number="B-1",
        ordered_on=date.today(),
        items=(services.ItemIn(sku="KB-1", name="Keyboard", quantity=1, unit_price_cents=4990),),
    )
    started = time.perf_counter()
    numbers = [
        services.start_shop_return(order=order, items=None, wanted="refund", reason="x").number
        for _ in range(count)
    ]
    print(f"{count} returns made in {time.perf_counter() - started:.1f} s (services)")
    connections.close_all()
    return numbers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "FAIRDESK_HTTPS": "false", "FAIRDESK_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [FAIRDESK, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("fairdesk serve did not start")


class Browser:
    """One keep-alive connection with a cookie jar, like one scanner's browser tab."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers=None) -> str:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        sent |= headers or {}
        payload = None
        if body is not None:
            payload = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            sent["Referer"] = f"http://127.0.0.1:{self.connection.port}{path}"
        self.connection.request(method, path, payload, sent)
        response = self.connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.read().decode()

    def sign_in(self) -> None:
        page = self.request("GET", "/desk/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": "lager", "password": "lager-pass-123"}
        self.request("POST", "/desk/sign-in/", form)
        self.request("GET", "/desk/returns/receive/")  # the page the scanner works on


def scan(port: int, numbers: list[str], times: list[float], failures: list[str]) -> None:
    browser = Browser(port)
    browser.sign_in()
    for number in numbers:
        started = time.perf_counter()
        line = browser.request(
            "POST", "/desk/returns/receive/", {"number": number}, {"HX-Request": "true"}
        )
        times.append(time.perf_counter() - started)
        if "received-ok" not in line:
            failures.append(number)


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) of the server and its workers so far, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(pid) for pid in children.read_text().split()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def run(server: subprocess.Popen, port: int, numbers: list[str], scanners: int) -> None:
    times: list[float] = []
    failures: list[str] = []
    shares = [numbers[index::scanners] for index in range(scanners)]
    threads = [
        threading.Thread(target=scan, args=(port, share, times, failures)) for share in shares
    ]
    cpu_before = server_cpu_seconds(server)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = server_cpu_seconds(server) - cpu_before
    p95 = statistics.quantiles(times, n=20)[-1] * 1000
    print(
        f"{scanners} scanner(s): {len(numbers)} parcels in {elapsed:.1f} s = "
        f"{len(numbers) / elapsed:.1f} parcels/s (incl. sign-in); per parcel "
        f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms; "
        f"{len(failures)} not received"
    )
    # On a shared machine the wall clock waits for other people's work; the server's own
    # CPU time per parcel says what one free core would do.
    print(
        f"    server CPU {cpu / len(numbers) * 1000:.0f} ms per parcel = "
        f"{len(numbers) / cpu:.1f} parcels per CPU second; load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--returns", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fairdesk-bench-receive-") as folder:
        numbers = prepare(Path(folder), args.returns)
        port = free_port()
        server = start_server(port, args.workers)
        try:
            half = len(numbers) // 2
            print(f"SQLite, fairdesk serve with {args.workers} workers, {len(numbers)} returns")
            run(server, port, numbers[:half], scanners=1)
            run(server, port, numbers[half:], scanners=2)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
