"""`fairdesk mail-lmtp`: a real server process an MTA delivers to; each recipient answered only
after the commit, so a delivery cut off before it is delivered again and stored once; the
server's drain files what it stored right after, and once only, across kills and restarts."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from .lmtpclient import Lmtp, start_server
from .mailfactory import raw_mail
from .servers import FAIRDESK, count_rows

pytestmark = pytest.mark.slow

SUPPORT = "support@fairdesk.localhost"
INBOUND = "select count(*) from mail_inboundmessage"
RECEIVED = "select count(*) from mail_inboundmessage where state = 'received'"
ACKS = "select count(*) from mail_outboundmessage where kind = 'ack'"


def all_filed(env: dict[str, str], seconds: float = 120) -> None:
    """Wait until nothing received is left unfiled."""
    deadline = time.monotonic() + seconds
    while count_rows(env, RECEIVED):
        assert time.monotonic() < deadline, "received mail was not filed"
        time.sleep(0.1)


@contextlib.contextmanager
def lmtp_server(env: dict[str, str], tmp_path: Path):
    server, port = start_server(env, tmp_path / "lmtp.log")
    try:
        yield server, port
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def database_write_lock(env: dict[str, str]):
    """Hold the database's write lock (SQLite) or the inbound table's (PostgreSQL), so a
    delivery waits between receipt and commit for as long as the test likes."""
    url = env.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(url) as connection:
            connection.execute("LOCK TABLE mail_inboundmessage IN ACCESS EXCLUSIVE MODE")
            yield
            connection.rollback()
        return
    connection = sqlite3.connect(Path(env["FAIRDESK_DATA"]) / "fairdesk.sqlite3")
    connection.isolation_level = None
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def test_each_recipient_is_answered_once_the_message_is_stored(race_db, tmp_path):
    raw = raw_mail(subject="Kein Netz seit gestern")
    with lmtp_server(race_db, tmp_path) as (_, port):
        client = Lmtp(port)
        replies = client.deliver(raw, "kurt@example.org", [SUPPORT, "help@fairdesk.localhost"])
        assert [reply.split(":")[0] for reply in replies] == ["250 2.0.0 stored"] * 2
        # The MTA delivers the same message again (it lost our answer): stored once, whether
        # the drain has filed it yet or not.
        [again] = client.deliver(raw, "kurt@example.org", [SUPPORT])
        assert again.startswith("250 2.0.0 already stored: ")
        # A line far beyond SMTP's 1,000 characters is stored, as the pipe stores it.
        long_line = (
            b"From: Olga <olga@other.example>\r\nTo: support@fairdesk.localhost\r\n"
            b"Subject: Lange Zeile\r\nMessage-ID: <long-line@other.example>\r\n\r\n"
            + b"x" * 5000
            + b"\r\n"
        )
        [stored] = client.deliver(long_line, "olga@other.example", [SUPPORT])
        assert stored.startswith("250 2.0.0 stored: ")
        client.close()
        all_filed(race_db)
    assert count_rows(race_db, INBOUND) == 2
    assert count_rows(race_db, "select count(*) from cases_case") == 2


def test_the_envelope_sender_is_the_return_path_so_a_bounce_gets_no_answer(race_db, tmp_path):
    raw = raw_mail(subject="Undeliverable: Ihre Anfrage")
    with lmtp_server(race_db, tmp_path) as (_, port):
        client = Lmtp(port)
        [reply] = client.deliver(raw, "", [SUPPORT])  # MAIL FROM:<>: a bounce
        assert reply.startswith("250 2.0.0 stored")
        client.close()
        all_filed(race_db)
    reason = "select auto_reply_reason from mail_inboundmessage"
    assert count_rows(race_db, reason) == "empty-return-path"
    assert count_rows(race_db, "select count(*) from mail_outboundmessage") == 0


def test_a_database_out_of_reach_gets_a_temporary_failure(file_db, tmp_path):
    gone = {**file_db, "DATABASE_URL": "postgres://fairdesk@127.0.0.1:9/nowhere"}
    with lmtp_server(gone, tmp_path) as (_, port):
        client = Lmtp(port)
        replies = client.deliver(raw_mail(), "kurt@example.org", [SUPPORT, "help@x.example"])
        assert [reply[:9] for reply in replies] == ["451 4.3.0"] * 2
        client.close()


def test_a_delivery_killed_before_its_commit_is_stored_once_after_the_retry(race_db, tmp_path):
    raw = raw_mail(subject="Rechnung doppelt abgebucht")
    with database_write_lock(race_db):
        server, port = start_server(race_db, tmp_path / "lmtp.log")
        client = Lmtp(port)
        replies: list[str] = []
        waiting = threading.Thread(
            target=lambda: replies.extend(client.deliver(raw, "kurt@example.org", [SUPPORT]))
        )
        waiting.start()
        time.sleep(2)  # received, now waiting for the lock to commit
        assert replies == [] and waiting.is_alive()
        server.kill()  # between receipt and commit
        server.wait(timeout=30)
        waiting.join(timeout=30)
    assert replies == [""]  # the MTA got no answer: it keeps the message and retries
    assert count_rows(race_db, INBOUND) == 0
    with lmtp_server(race_db, tmp_path) as (_, port):
        client = Lmtp(port)
        [retried] = client.deliver(raw, "kurt@example.org", [SUPPORT])
        [again] = client.deliver(raw, "kurt@example.org", [SUPPORT])
        client.close()
        all_filed(race_db)
    assert retried.startswith("250 2.0.0 stored: ")
    assert again.startswith("250 2.0.0 already stored: ")
    assert count_rows(race_db, INBOUND) == 1
    assert count_rows(race_db, ACKS) == 1


def test_mail_stored_before_a_kill_is_filed_once_after_the_restart(race_db, tmp_path):
    mails = [
        raw_mail(sender=f"Kunde {n} <kunde{n}@example.org>", subject=f"Anfrage {n}")
        for n in range(30)
    ]
    server, port = start_server(race_db, tmp_path / "lmtp.log")
    client = Lmtp(port)
    replies = [
        client.deliver(raw, f"kunde{n}@example.org", [SUPPORT]) for n, raw in enumerate(mails)
    ]
    server.kill()  # right after the last 250: the drain has filed only a few, if any
    server.wait(timeout=30)
    client.close()
    assert all(reply.startswith("250 2.0.0 stored") for [reply] in replies)
    assert count_rows(race_db, INBOUND) == 30
    assert count_rows(race_db, RECEIVED) > 0  # stored, not yet filed
    with lmtp_server(race_db, tmp_path) as (_, port):
        all_filed(race_db)  # the restarted server drains what was left
        client = Lmtp(port)
        again = [
            client.deliver(raw, f"kunde{n}@example.org", [SUPPORT]) for n, raw in enumerate(mails)
        ]
        client.close()
    assert all(reply.startswith("250 2.0.0 already stored: FD-") for [reply] in again)
    assert count_rows(race_db, INBOUND) == 30
    assert count_rows(race_db, "select count(*) from cases_case") == 30
    assert count_rows(race_db, ACKS) == 30  # each customer acknowledged exactly once


def test_two_drains_at_once_file_each_message_once(race_db, tmp_path):
    mails = tmp_path / "mails"
    mails.mkdir()
    for n in range(40):
        raw = raw_mail(sender=f"Kunde {n} <kunde{n}@example.org>", subject=f"Anfrage {n}")
        (mails / f"{n:03}.eml").write_bytes(raw)
    receive_all = (
        "import pathlib; from fairdesk.channels.email.ingest import receive; "
        f"folder = pathlib.Path({str(mails)!r}); "
        "[receive(p.read_bytes(), source='lmtp') for p in sorted(folder.iterdir())]"
    )
    subprocess.run([FAIRDESK, "manage", "shell", "-c", receive_all], env=race_db, check=True)
    assert count_rows(race_db, RECEIVED) == 40
    drain_all = "from fairdesk.channels.email import drain; print(drain.drain())"
    drains = [
        subprocess.Popen(
            [FAIRDESK, "manage", "shell", "-c", drain_all],
            env=race_db,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    filed = [int(process.communicate(timeout=300)[0].split()[-1]) for process in drains]
    assert sum(filed) == 40 and count_rows(race_db, RECEIVED) == 0
    assert count_rows(race_db, "select count(*) from cases_case") == 40
    assert count_rows(race_db, ACKS) == 40
    assert count_rows(race_db, "select count(*) from cases_entry where kind = 'message_in'") == 40
