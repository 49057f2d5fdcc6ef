"""The `fairdesk` command: tokens through `manage`, and `serve` as an operator starts it."""

import gc
import socket
import subprocess
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model

from fairdesk import cli
from fairdesk.cases import services
from fairdesk.lib.sqlite import base
from tests.api.conftest import ApiClient
from tests.test_settings import FAIRDESK, clean_environment, fairdesk


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


# transactional_db: Django's command runner closes the connection when it ends, which would
# end the test's surrounding transaction on PostgreSQL.
def test_create_token_prints_a_working_agent_token(transactional_db, capsys, ada, desk_case):
    code, out, _ = run_cli(capsys, "manage", "create_token", "ada")
    assert code == 0
    response = ApiClient(out.strip()).get(f"/cases/{desk_case}")
    assert response.status_code == 200 and response.json()["reference"] == desk_case


def test_create_token_prints_a_working_customer_token(transactional_db, capsys, kurt, desk_case):
    code, out, _ = run_cli(capsys, "manage", "create_token", "--customer", "KURT@example.org")
    assert code == 0
    items = ApiClient(out.strip()).get("/cases").json()["items"]
    assert [case["reference"] for case in items] == [desk_case]


def test_revoke_token_ends_a_token(transactional_db, capsys, ada, desk_case):
    code, out, _ = run_cli(capsys, "manage", "create_token", "ada")
    token = out.strip()
    # Given with its fd_: one prefix in 64 starts with "-", which alone reads as an option
    # (that made this test fail now and then).
    code, out, _ = run_cli(capsys, "manage", "revoke_token", token[:11])
    assert code == 0 and "revoked 1" in out
    assert ApiClient(token).get(f"/cases/{desk_case}").status_code == 401
    capsys.readouterr()  # the request log line is not the command's
    code, _, err = run_cli(capsys, "manage", "revoke_token", token[:11])
    assert code != 0 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["create_token", "zoe"],
        ["create_token", "--customer", "nobody@example.org"],
        ["create_token"],
        ["create_token", "root"],  # a user, but not an agent
    ],
)
def test_create_token_for_nobody_known_fails_with_one_line(transactional_db, capsys, kurt, args):
    get_user_model().objects.create_superuser("root", "root@desk.example", "root-pass-123")
    code, out, err = run_cli(capsys, "manage", *args)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    if args == ["create_token", "root"]:
        assert "create_agent" in err  # what to do instead


@pytest.fixture
def desk_case(ada, kurt):
    return services.open_case(
        customer=kurt, subject="Router", body="x", channel="api"
    ).case.reference


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own local server)
        return response.status


@pytest.mark.slow
def test_serve_migrates_a_fresh_data_folder_and_answers(tmp_path):
    port = free_port()
    home = tmp_path / "home"  # the service user's
    environment = clean_environment(tmp_path, HOME=str(home))
    environment.pop("XDG_RUNTIME_DIR", None)
    server = subprocess.Popen(
        [FAIRDESK, "serve", "--port", str(port), "--workers", "1"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status = wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json", server, seconds=120)
        assert status == 200
        assert (tmp_path / "fairdesk.sqlite3").exists()
        # A 5,000-character search reaches the app (sign-in first), not gunicorn's bare 414.
        long_search = f"http://127.0.0.1:{port}/desk/search/?q={'x' * 5000}"
        assert fetch(long_search) == 200  # the sign-in page, after the redirect
        # No gunicorn control socket in the home folder: fairdesk has no use for one, and two
        # servers of one user would take each other's.
        assert not (home / ".gunicorn").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_server_keeps_the_garbage_collector_off_its_writes(monkeypatch):
    monkeypatch.setattr(base, "COLLECT_WHILE_WRITING", True)
    try:
        cli._quiet_collector()
        assert gc.get_freeze_count() > 0  # what was loaded before the fork is not walked
        assert not base.COLLECT_WHILE_WRITING  # nor collected inside the write lock
    finally:
        gc.unfreeze()


@pytest.mark.slow
def test_serve_without_migrating_refuses_a_fresh_database(tmp_path):
    result = fairdesk(tmp_path, "serve", "--port", str(free_port()), "--no-migrate")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "migrations are pending" in lines[0]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 45) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"fairdesk serve ended early: {server.stderr.read()}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"fairdesk serve did not answer {url} within {seconds} s")


@pytest.mark.parametrize("option", ["--help", "help", "--version"])
def test_manage_passes_its_own_options_on_to_django(capsys, option):
    code, out, err = run_cli(capsys, "manage", option)
    assert code == 0, err
    assert out.strip() and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["manage", "create_token", "ada"], {}),  # a fresh data folder, not migrated yet
        (["manage", "migrate"], {"DATABASE_URL": "postgres://fairdesk@127.0.0.1:1/fairdesk"}),
    ],
)
def test_a_database_that_cannot_be_used_is_one_line(tmp_path, args, env):
    result = fairdesk(tmp_path, *args, **env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "database" in lines[0], result.stderr
