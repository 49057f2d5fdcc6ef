"""Settings come from the environment; a wrong one stops start-up with one line naming it.

These run the real `fairdesk` command in a fresh process, as an operator would.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

FAIRDESK = str(Path(sys.executable).parent / "fairdesk")
# This checkout: the installed `fairdesk` may be an editable install of another one.
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # each test starts fairdesk in a new process


def clean_environment(data: Path, **env: str) -> dict[str, str]:
    """This process's environment without fairdesk's settings: SQLite in `data`, plus `env`,
    running this checkout's code."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAIRDESK_", "DJANGO_"))}
    for name in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"):
        clean.pop(name, None)
    return clean | {"FAIRDESK_DATA": str(data), "PYTHONPATH": str(ROOT)} | env


def fairdesk(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `fairdesk ARGS` in a fresh process on SQLite in `data`."""
    return subprocess.run(
        [FAIRDESK, *args],
        env=clean_environment(data, **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://fairdesk@localhost/fairdesk"),
        ("DATABASE_URL", "not a url"),
        ("FAIRDESK_TIME_ZONE", "Mars/Base"),
        ("DEBUG", "maybe"),
        ("SECRET_KEY", "short"),
        ("FAIRDESK_MAX_REQUEST_MB", "lots"),
        ("FAIRDESK_LANGUAGE", "fr"),
        ("FAIRDESK_COUNTRY", "XX"),
        ("FAIRDESK_SUBDIVISION", "Narnia"),
        ("FAIRDESK_DEFAULTS", "perhaps"),
        ("FAIRDESK_LOG_LEVEL", "LOUD"),
        ("FAIRDESK_BASE_URL", "desk.example.com"),
        ("FAIRDESK_BASE_URL", "https://"),
        ("FAIRDESK_MAIL_FROM", "support"),
        ("FAIRDESK_MAIL_FROM", "Kundenservice <support>"),
        ("FAIRDESK_MAIL_FROM", "Kundenservice support@example.com"),
        ("FAIRDESK_WARN_AT_PERCENT", "100"),
        ("ALLOWED_HOSTS", " , "),
    ],
)
def test_a_wrong_setting_stops_start_up_with_one_line_naming_it(tmp_path, name, value):
    result = fairdesk(tmp_path, "manage", "check", **{name: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and "Traceback" not in result.stderr


def test_a_data_folder_that_is_a_file_is_refused_by_name(tmp_path):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("")
    result = fairdesk(not_a_folder, "manage", "check")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "FAIRDESK_DATA" in result.stderr


def show(expression: str) -> str:
    return (
        f"from django.conf import settings; from django.db import connection; print({expression})"
    )


def test_the_secret_key_is_generated_once_and_kept(tmp_path):
    first = fairdesk(tmp_path, "manage", "shell", "--no-imports", "-c", show("settings.SECRET_KEY"))
    second = fairdesk(
        tmp_path, "manage", "shell", "--no-imports", "-c", show("settings.SECRET_KEY")
    )
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert first.stdout.strip() == second.stdout.strip() == key_file.read_text().strip()
    assert len(first.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    pragmas = (
        "[connection.cursor().execute(f'PRAGMA {p}').fetchone()[0]"
        " for p in ('journal_mode', 'busy_timeout', 'synchronous', 'foreign_keys')]"
    )
    result = fairdesk(tmp_path, "manage", "shell", "--no-imports", "-c", show(pragmas))
    assert result.returncode == 0, result.stderr
    journal, busy_ms, synchronous, foreign_keys = eval(result.stdout)  # noqa: S307
    assert journal == "wal" and busy_ms >= 5000
    assert synchronous == 1 and foreign_keys == 1  # NORMAL: safe with WAL, fewer fsyncs


def test_defaults_debug_off_berlin_time_german_and_english(tmp_path):
    values = "(settings.DEBUG, settings.TIME_ZONE, [code for code, _ in settings.LANGUAGES])"
    result = fairdesk(tmp_path, "manage", "shell", "--no-imports", "-c", show(values))
    assert result.returncode == 0, result.stderr
    assert eval(result.stdout) == (False, "Europe/Berlin", ["de", "en"])  # noqa: S307


def test_demo_turns_debug_on(tmp_path):
    result = fairdesk(
        tmp_path, "manage", "shell", "--no-imports", "-c", show("settings.DEBUG"), FAIRDESK_DEMO="1"
    )
    assert result.stdout.strip() == "True"


def test_the_command_runs_this_checkouts_code(tmp_path):
    result = fairdesk(
        tmp_path, "manage", "shell", "--no-imports", "-c", show("__import__('fairdesk').__file__")
    )
    assert result.stdout.strip() == str(ROOT / "fairdesk" / "__init__.py"), result.stderr


def test_the_mail_process_tests_run_this_checkouts_code(tmp_path):
    from tests.channels.email.servers import _fairdesk_env

    code = show("__import__('fairdesk').__file__")
    result = subprocess.run(
        [FAIRDESK, "manage", "shell", "--no-imports", "-c", code],
        env=_fairdesk_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == str(ROOT / "fairdesk" / "__init__.py"), result.stderr


def test_the_sender_may_carry_a_name_and_is_known_by_its_address(tmp_path):
    values = (
        "(settings.FAIRDESK_MAIL_FROM, settings.FAIRDESK_MAIL_FROM_NAME,"
        " settings.FAIRDESK_MAIL_DOMAIN, settings.DEFAULT_FROM_EMAIL)"
    )
    result = fairdesk(
        tmp_path,
        "manage",
        "shell",
        "--no-imports",
        "-c",
        show(values),
        FAIRDESK_MAIL_FROM="Kundenservice Müller & Co <support@example.com>",
    )
    assert result.returncode == 0, result.stderr
    address, name, domain, header = eval(result.stdout)  # noqa: S307
    assert (address, name, domain) == (
        "support@example.com",
        "Kundenservice Müller & Co",
        "example.com",
    )
    assert header.endswith("<support@example.com>")
