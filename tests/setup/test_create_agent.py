"""`fairdesk manage create_agent`: an operator makes the desk's first agent from the shell."""

import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from fairdesk import cli
from fairdesk.accounts.models import AgentProfile
from tests.api.conftest import ApiClient


def run(capsys, monkeypatch, *args: str, stdin: str = "", tty: bool = False):
    fake = io.StringIO(stdin)
    fake.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", fake)
    try:
        cli.main(["manage", "create_agent", *args])
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


ADA = ["ada", "--email", "Ada@Desk.Example", "--name", "Ada Lovelace"]


# transactional_db: Django's command runner closes the connection when it ends.
def test_the_new_agent_signs_in_to_the_desk_and_gets_a_token(
    transactional_db, capsys, monkeypatch, support
):
    code, out, err = run(capsys, monkeypatch, *ADA, "--password-stdin", stdin="s3cret-enough\n")
    assert code == 0, err
    assert "ada" in out and "Support" in out
    user = get_user_model().objects.get(username="ada")
    assert (user.get_full_name(), user.email) == ("Ada Lovelace", "Ada@desk.example")
    assert list(user.agent.teams.values_list("name", flat=True)) == ["Support"]
    assert not user.is_superuser and not user.agent.is_admin
    client = Client()
    assert client.login(username="ada", password="s3cret-enough")
    assert client.get("/desk/").status_code == 200
    cli.main(["manage", "create_token", "ada"])
    token = capsys.readouterr().out.strip()
    assert ApiClient(token).get("/cases").status_code == 200


def test_admin_and_teams_by_name(transactional_db, capsys, monkeypatch, support, technik):
    code, out, err = run(
        capsys,
        monkeypatch,
        *ADA,
        "--team",
        "technik",
        "--team",
        "Support",
        "--admin",
        "--password-stdin",
        stdin="s3cret-enough",
    )
    assert code == 0, err
    user = get_user_model().objects.get(username="ada")
    assert user.agent.is_admin  # the desk's administration
    assert user.is_superuser and user.is_staff  # and Django's admin
    assert sorted(user.agent.teams.values_list("name", flat=True)) == ["Support", "Technik"]


def test_the_password_is_asked_twice_at_a_terminal(transactional_db, capsys, monkeypatch, support):
    answers = iter(["s3cret-enough", "s3cret-enough"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, monkeypatch, *ADA, tty=True)
    assert code == 0, err
    assert get_user_model().objects.get(username="ada").check_password("s3cret-enough")


@pytest.mark.parametrize(
    ("args", "stdin", "tty", "says"),
    [
        (["--team", "Nowhere", "--password-stdin"], "s3cret-enough", False, "Nowhere"),
        (["--password-stdin"], "short", False, "too short"),
        (["--password-stdin"], "\n", False, "empty"),
        ([], "", False, "--password-stdin"),  # no terminal to ask
    ],
)
def test_bad_input_is_refused_in_one_line_and_makes_nobody(
    transactional_db, capsys, monkeypatch, support, args, stdin, tty, says
):
    code, out, err = run(capsys, monkeypatch, *ADA, *args, stdin=stdin, tty=tty)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err and "Traceback" not in err
    assert not AgentProfile.objects.exists()


def test_a_taken_username_is_refused(transactional_db, capsys, monkeypatch, support, ada):
    code, _, err = run(
        capsys,
        monkeypatch,
        *ADA[:1],
        "--email",
        "x@desk.example",
        "--name",
        "Other Ada",
        "--password-stdin",
        stdin="s3cret-enough",
    )
    assert code != 0 and "taken" in err
    assert get_user_model().objects.filter(username__iexact="ada").count() == 1


def test_an_agents_address_is_refused_for_another_agent(transactional_db, capsys, monkeypatch, ada):
    code, _, err = run(
        capsys,
        monkeypatch,
        "ada2",
        "--email",
        "Ada@DESK.example",
        "--name",
        "Ada Zwei",
        "--password-stdin",
        stdin="s3cret-enough",
    )
    assert code != 0 and "already the address of the agent ada" in err
    assert not get_user_model().objects.filter(username="ada2").exists()
