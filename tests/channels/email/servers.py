"""Real servers for the email tests: a throwaway dovecot on a loopback port, and a file
database that `fairdesk` subprocesses share."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

DOVECOT = "/usr/sbin/dovecot"
FAIRDESK = str(Path(sys.executable).with_name("fairdesk"))
ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@contextlib.contextmanager
def _dovecot_server(tls: tuple[Path, Path] | None = None) -> Iterator[tuple[int, int]]:
    """A dovecot with user "desk", password "secret" on loopback: (imap port, imaps port).

    With `tls` = (certificate, key) it speaks TLS on the imaps port and offers STARTTLS on the
    imap port; without, plain IMAP only (imaps port 0)."""
    if not os.path.exists(DOVECOT):
        pytest.skip(f"{DOVECOT} is missing (make test installs dovecot-imapd)")
    # Not tmp_path: the mail user (nobody) must reach its home, and pytest's folder is private.
    folder = Path(tempfile.mkdtemp(prefix="fairdesk-dovecot-"))
    folder.chmod(0o755)
    (folder / "home").mkdir()
    shutil.chown(folder / "home", "nobody", "nogroup")
    port, tls_port = free_port(), free_port() if tls else 0
    ssl_settings = f"ssl = yes\nssl_cert = <{tls[0]}\nssl_key = <{tls[1]}" if tls else "ssl = no"
    config = folder / "dovecot.conf"
    config.write_text(
        f"""base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
{ssl_settings}
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
passdb {{
  driver = static
  args = password=secret
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
"""
    )
    server = subprocess.Popen([DOVECOT, "-F", "-c", str(config)])
    try:
        _wait_for_port(port)
        if tls_port:
            _wait_for_port(tls_port)
        yield port, tls_port
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def dovecot():
    """The URL of a plain-IMAP dovecot mailbox (loopback only)."""
    with _dovecot_server() as (port, _):
        yield f"imap://desk:secret@127.0.0.1:{port}/INBOX"


def self_signed_certificate(folder: Path, name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throwaway certificate for `name` (an IP address) and its key, made by openssl."""
    certificate, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", str(key), "-out", str(certificate), "-subj", f"/CN={name}"]
        + ["-addext", f"subjectAltName=IP:{name}"],
        check=True,
        capture_output=True,
    )
    return certificate, key


@dataclass(frozen=True)
class TlsDovecot:
    imaps_url: str  # TLS from the first byte
    starttls_url: str
    cafile: Path  # the server's self-signed certificate, to trust explicitly


@pytest.fixture
def dovecot_tls(tmp_path) -> Iterator[TlsDovecot]:
    """A dovecot speaking imaps and STARTTLS with a self-signed certificate for 127.0.0.1."""
    certificate, key = self_signed_certificate(tmp_path)
    with _dovecot_server(tls=(certificate, key)) as (port, tls_port):
        yield TlsDovecot(
            imaps_url=f"imaps://desk:secret@127.0.0.1:{tls_port}/INBOX",
            starttls_url=f"imap+starttls://desk:secret@127.0.0.1:{port}/INBOX",
            cafile=certificate,
        )


def _fairdesk_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="fairdesk.settings", FAIRDESK_DATA=str(data))
    env["PYTHONPATH"] = str(ROOT)  # this checkout's code, whichever the installed `fairdesk` is
    return env


@pytest.fixture(scope="session")
def migrated_data(tmp_path_factory) -> Path:
    """A data folder with a migrated SQLite file and one team, made once per run."""
    data = tmp_path_factory.mktemp("fairdesk-file-db") / "data"
    _migrate_with_team(_fairdesk_env(data))
    return data


def _migrate_with_team(env: dict[str, str]) -> None:
    # migrate gives the fresh desk its team "Support" (and a default policy).
    subprocess.run(
        [FAIRDESK, "manage", "migrate", "--verbosity", "0"], env=env, check=True, timeout=300
    )


@pytest.fixture
def file_db(migrated_data, tmp_path) -> dict[str, str]:
    """Environment for `fairdesk` subprocesses on their own copy of the migrated database."""
    data = tmp_path / "data"
    shutil.copytree(migrated_data, data)
    return _fairdesk_env(data)


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture
def race_db(file_db, tmp_path) -> Iterator[dict[str, str]]:
    """Environment for racing `fairdesk` subprocesses on the database of this test run: a
    fresh, migrated database on the PostgreSQL server of DATABASE_URL (dropped afterwards),
    else the SQLite file of `file_db`."""
    server = _postgres_url()
    if server is None:
        yield file_db
        return
    import psycopg

    name = f"fairdesk_mail_race_{uuid.uuid4().hex[:12]}"
    url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    admin = urlunsplit(urlsplit(server)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**_fairdesk_env(tmp_path / "data"), "DATABASE_URL": url}
    try:
        _migrate_with_team(env)
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def count_rows(env: dict[str, str], sql: str) -> int:
    """One number from the database the `fairdesk` subprocesses of `env` use."""
    url = env.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(sql).fetchone()[0]
    import sqlite3

    with sqlite3.connect(Path(env["FAIRDESK_DATA"]) / "fairdesk.sqlite3") as connection:
        return connection.execute(sql).fetchone()[0]
