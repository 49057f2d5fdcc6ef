"""A new operator's first hour, with the real `fairdesk` commands on an empty data folder:
migrate, create_agent, mail-ingest, serve and worker. Mail, the API and the portal each open a
case that carries a dated promise and is acknowledged by mail (caught by a real SMTP server).
"""

import re
import subprocess
import time
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from tests.test_settings import FAIRDESK, clean_environment
from tests.webclient import Browser

pytestmark = pytest.mark.slow
BERLIN = ZoneInfo("Europe/Berlin")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on loopback that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self) -> None:
            self.mails: list[EmailMessage] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.mails.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, handler.mails
    controller.stop()


class Operator:
    """Runs `fairdesk …` as an operator would, on one data folder."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def run(self, *args: str, stdin: bytes | str = b"") -> str:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [FAIRDESK, *args], env=self.env, input=data, capture_output=True, timeout=120
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout.decode()

    def worker_once(self) -> None:
        self.run("worker", "--once")


def a_mail(sender: str, subject: str, body: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = sender, "service@shop.example"
    message["Subject"], message["Message-ID"] = subject, "<first-1@example.org>"
    message.set_content(body)
    return bytes(message)


def wait_until_served(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"fairdesk serve ended: {server.stderr.read().decode()}")
        try:
            Browser(base).get("/api/v1/openapi.json")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("fairdesk serve did not answer")


def acknowledgment(mails: list[EmailMessage], reference: str) -> EmailMessage:
    found = [m for m in mails if reference in str(m["Subject"])]
    assert len(found) == 1, [str(m["Subject"]) for m in mails]
    return found[0]


def dated_promise(case: dict) -> datetime:
    """The due time of the case's first-response promise, from the API."""
    first = [p for p in case["promises"] if p["kind"] == "first_response"]
    assert len(first) == 1 and first[0]["due_at"], case["promises"]
    return datetime.fromisoformat(first[0]["due_at"]).astimezone(BERLIN)


def test_an_empty_data_folder_takes_cases_by_mail_api_and_portal(tmp_path, smtp):
    smtp_port, mails = smtp
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    operator = Operator(
        clean_environment(
            tmp_path,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            FAIRDESK_MAIL_FROM="service@shop.example",
            FAIRDESK_BASE_URL=base,
            FAIRDESK_HTTPS="false",  # plain HTTP on loopback: cookies without the secure flag
            FAIRDESK_LOG_LEVEL="WARNING",
        )
    )
    # The three first-run lines of the README (with the password on standard input).
    operator.run("manage", "migrate", "-v0")
    operator.run(
        "manage", "create_agent", "ada", "--email", "ada@shop.example", "--name", "Ada Agent",
        "--admin", "--password-stdin", stdin="ada-first-day-1\n",
    )  # fmt: skip
    server = subprocess.Popen(
        [FAIRDESK, "serve", "--port", str(port), "--workers", "1"],
        env=operator.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_served(base, server)
        run_the_first_hour(operator, base, mails)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run_the_first_hour(operator: Operator, base: str, mails: list[EmailMessage]) -> None:
    agent = Browser(base, token=operator.run("manage", "create_token", "ada").strip())

    # 1. Mail, as the MTA pipes it in.
    stored = operator.run(
        "mail-ingest",
        stdin=a_mail("Kurt Kunde <kurt@example.org>", "Kein Internet", "Seit gestern."),
    )
    by_mail = re.search(r"FD-\d+", stored).group(0)
    # 2. The API: an agent records Olga's request.
    status, by_api = agent.api(
        "POST", "/cases",
        {"customer_email": "olga@other.example", "customer_name": "Olga Other",
         "subject": "Invoice twice", "body": "I was charged twice."},
    )  # fmt: skip
    assert status == 201, by_api
    operator.worker_once()  # the acknowledgments go out
    # Kurt's first case is dealt with; what he sends next is a new matter.
    assert agent.api("PATCH", f"/cases/{by_mail}", {"status": "closed"})[0] == 200
    # 3. The portal: Kurt asks for a sign-in link, which the worker mails him.
    kurt = Browser(base)
    kurt.post("/portal/sign-in/link/", {"email": "kurt@example.org"}, form_page="/portal/sign-in/")
    operator.worker_once()
    link = re.search(r"https?://\S+/portal/sign-in/[\w-]+/", sign_in_mail(mails)).group(0)
    assert link.startswith(base)
    kurt.post(link, {}, form_page=link)
    where, page = kurt.post(
        "/portal/new/", {"subject": "Router blinkt rot", "body": "Die LED blinkt."},
        form_page="/portal/new/",
    )  # fmt: skip
    by_portal = re.search(r"/portal/cases/(FD-\d+)/received/", where).group(1)
    operator.worker_once()  # the acknowledgments go out

    references = {by_mail, by_api["reference"], by_portal}
    assert len(references) == 3
    for reference in references:
        status, case = agent.api("GET", f"/cases/{reference}")
        assert status == 200
        due = dated_promise(case)
        ack = acknowledgment(mails, reference)
        assert ack["From"] == "service@shop.example"
        assert f"{due:%H:%M}" in ack.get_body(("plain",)).get_content()


def sign_in_mail(mails: list[EmailMessage]) -> str:
    found = [m for m in mails if "/portal/sign-in/" in m.get_body(("plain",)).get_content()]
    assert len(found) == 1 and found[0]["From"] == "service@shop.example"
    assert found[0]["To"] == "kurt@example.org"
    return found[0].get_body(("plain",)).get_content()
