"""The email channel against real processes and servers: the MTA pipe, IMAP, SMTP."""

from __future__ import annotations

import imaplib
import subprocess
from datetime import timedelta
from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings

from fairdesk.cases import services as cases
from fairdesk.channels.email.imap import CRASH_AFTER_COMMIT, poll_mailbox
from fairdesk.channels.email.mailboxes import parse_mailbox_url
from fairdesk.channels.email.models import InboundMessage, OutboundMessage
from fairdesk.lib import clock

from .mailfactory import raw_mail
from .servers import FAIRDESK, count_rows, free_port

pytestmark = pytest.mark.slow


def pipe(env: dict[str, str], raw: bytes) -> subprocess.Popen:
    return subprocess.Popen(
        [FAIRDESK, "mail-ingest"],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_pipe_stores_once_even_when_two_deliveries_race(race_db):
    """On PostgreSQL (DATABASE_URL) the unique keys decide; on SQLite the write lock."""
    raw = raw_mail(message_id=None)
    racing = [pipe(race_db, raw) for _ in range(2)]
    results = [process.communicate(raw, timeout=120) for process in racing]
    assert [process.returncode for process in racing] == [0, 0], results
    assert sorted(out.decode().split(":")[0] for out, _ in results) == ["already stored", "stored"]
    assert count_rows(race_db, "select count(*) from mail_inboundmessage") == 1
    assert count_rows(race_db, "select count(*) from cases_case") == 1


def test_pipe_asks_the_mta_to_retry_when_the_database_is_gone(file_db, tmp_path):
    broken = {**file_db, "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"}
    process = pipe(broken, b"")
    _, err = process.communicate(raw_mail(), timeout=60)
    assert process.returncode == 75, err


def test_pipe_stores_an_undecodable_sender_instead_of_asking_for_retries(file_db):
    raw = b"From: =?utf-8?B?/w==?= <a@b.example>\nSubject: =?iso-2022-jp?B?gsqCwA==?=\n\nHallo\n"
    process = pipe(file_db, raw)
    out, err = process.communicate(raw, timeout=60)
    assert process.returncode == 0, err
    assert out.decode().startswith("stored: FD-")
    assert count_rows(file_db, "select count(*) from mail_inboundmessage") == 1


def test_pipe_refuses_empty_input_for_good(file_db):
    """A retry cannot make an empty message readable: EX_DATAERR, so the MTA bounces it
    instead of retrying for days (75 would)."""
    process = pipe(file_db, b"")
    _, err = process.communicate(b"", timeout=60)
    assert process.returncode == 65, err
    assert "no message on standard input" in err.decode()
    assert count_rows(file_db, "select count(*) from mail_inboundmessage") == 0


@pytest.mark.parametrize(
    "setting",
    ["DATABASE_URL=mysql://nobody@127.0.0.1/x", "FAIRDESK_IMAP_MAILBOXES=http://not-imap/"],
)
def test_pipe_asks_the_mta_to_retry_on_a_configuration_error(file_db, setting):
    name, _, value = setting.partition("=")
    process = pipe({**file_db, name: value}, b"")
    _, err = process.communicate(raw_mail(), timeout=60)
    assert process.returncode == 75, err
    assert f"configuration error: {name}" in err.decode()
    # Other commands keep the ordinary failure code.
    other = subprocess.run(
        [FAIRDESK, "manage", "check"], env={**file_db, name: value}, capture_output=True
    )
    assert other.returncode == 1


def _append(url: str, *messages: bytes) -> None:
    config = parse_mailbox_url(url)
    client = imaplib.IMAP4(config.host, config.port)
    client.login(config.username, config.password)
    for raw in messages:
        client.append("INBOX", None, None, raw)
    client.logout()


def _unseen(url: str) -> int:
    config = parse_mailbox_url(url)
    client = imaplib.IMAP4(config.host, config.port)
    client.login(config.username, config.password)
    client.select("INBOX")
    _, data = client.uid("SEARCH", None, "UNSEEN")
    client.logout()
    return len(data[0].split())


@pytest.mark.django_db
def test_poller_stores_new_mail_and_flags_it(dovecot, support, kurt):
    _append(dovecot, raw_mail(subject="eins"), raw_mail(subject="zwei"))
    result = poll_mailbox(parse_mailbox_url(dovecot))
    assert (result.stored, result.duplicates, result.failed) == (2, 0, 0)
    assert _unseen(dovecot) == 0
    assert InboundMessage.objects.count() == 2
    assert InboundMessage.objects.first().source.startswith("imap:desk@127.0.0.1")


def test_poller_killed_between_commit_and_flag_stores_once(dovecot, file_db):
    _append(dovecot, raw_mail(subject="crash test"))
    env = {**file_db, "FAIRDESK_IMAP_MAILBOXES": dovecot}
    crashed = subprocess.run(
        [FAIRDESK, "mail-poll"], env={**env, CRASH_AFTER_COMMIT: "1"}, timeout=120
    )
    assert crashed.returncode == 3
    assert count_rows(file_db, "select count(*) from mail_inboundmessage") == 1
    assert _unseen(dovecot) == 1  # committed, but not flagged: the crash came in between
    again = subprocess.run(
        [FAIRDESK, "mail-poll"], env=env, timeout=120, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert "0 stored, 1 already stored" in again.stdout
    assert count_rows(file_db, "select count(*) from mail_inboundmessage") == 1
    assert _unseen(dovecot) == 0


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    class Recorder(Sink):
        def __init__(self) -> None:
            self.messages: list[tuple[str, list[str], bytes]] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
            return "250 OK"

    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.mark.django_db
def test_reply_reaches_a_real_smtp_server(
    smtp_server, support, kurt, ada, django_capture_on_commit_callbacks
):
    controller, handler = smtp_server
    from fairdesk.channels.email.ingest import ingest

    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = ingest(raw_mail()).inbound.case
        cases.reply(case=case, agent=ada, body="Wir schauen nach.")
    assert len(handler.messages) == 2
    sender, recipients, data = handler.messages[-1]
    assert recipients == ["kurt@example.org"]
    reply = message_from_bytes(data, policy=policy.default)
    assert reply["Subject"].startswith(f"[{case.reference}]")
    assert reply["Message-ID"].strip("<>") in OutboundMessage.objects.values_list(
        "message_id", flat=True
    )


@pytest.mark.django_db
@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    EMAIL_HOST="127.0.0.1",
    FAIRDESK_MAIL_SEND_ATTEMPTS=2,
)
def test_a_send_that_keeps_failing_shows_on_the_case(
    support, kurt, django_capture_on_commit_callbacks
):
    from fairdesk.channels.email.ingest import ingest
    from fairdesk.channels.email.sender import send_due

    with (
        override_settings(EMAIL_PORT=free_port()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = ingest(raw_mail()).inbound.case
        assert OutboundMessage.objects.get().state == "queued"  # tried once, due again later
        assert send_due() == 0  # not yet due
        with clock.frozen_at(clock.now() + timedelta(minutes=2)):
            send_due()
    outbound = OutboundMessage.objects.get()
    assert (outbound.state, outbound.attempts) == ("failed", 2)
    assert "ConnectionRefusedError" in outbound.last_error
    assert case.entries.filter(data__mail="send_failed").exists()
    assert mail.outbox == []


def test_mailbox_urls():
    config = parse_mailbox_url(
        "imaps://desk%40example.org:p%2Cw@imap.example.org/Support?move_to=Done"
    )
    assert (config.host, config.port, config.ssl) == ("imap.example.org", 993, True)
    assert (config.username, config.password) == ("desk@example.org", "p,w")
    assert (config.folder, config.move_to) == ("Support", "Done")
    assert "p,w" not in repr(config)
    with pytest.raises(ValueError):
        parse_mailbox_url("http://x@y/")
    assert urlsplit("imap://a:b@c").scheme == "imap"


def test_mail_poll_reports_a_failing_mailbox_and_polls_the_others(dovecot, file_db):
    _append(dovecot, raw_mail(subject="trotzdem da"))
    unreachable = f"imap://desk:secret@127.0.0.1:{free_port()}/INBOX"
    wrong_password = dovecot.replace("desk:secret@", "desk:wrong@")
    env = {**file_db, "FAIRDESK_IMAP_MAILBOXES": f"{unreachable},{wrong_password},{dovecot}"}
    result = subprocess.run(
        [FAIRDESK, "mail-poll"], env=env, timeout=120, capture_output=True, text=True
    )
    # No traceback: one line per failed mailbox, the good one polled, failure in the status.
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("not polled") >= 2
    assert "1 stored" in result.stdout
    assert count_rows(file_db, "select count(*) from mail_inboundmessage") == 1
    assert _unseen(dovecot) == 0
