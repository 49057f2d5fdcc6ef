"""The work a service call collects runs at its end, in the order it came; the work for
after it (`at_last`) runs after all of that, still inside the call's transaction."""

import pytest
from django.contrib.auth.models import Group

from fairdesk.lib import transactions
from fairdesk.lib.transactions import service

pytestmark = pytest.mark.django_db


def _note(log: list, name: str):
    def flush(items) -> None:
        log.append((name, sorted(items) if isinstance(items, set) else list(items)))

    return flush


def test_the_last_work_runs_after_all_other_work_even_when_collected_first():
    log: list = []

    @service
    def call() -> None:
        transactions.at_last("last", _note(log, "last"), 1)
        transactions.at_end("end", _note(log, "end"), "a")
        transactions.in_order_at_end("ordered", _note(log, "ordered"), "b")
        transactions.at_last("last", _note(log, "last"), 2)
        log.append(("body", []))

    call()
    assert log == [("body", []), ("end", ["a"]), ("ordered", ["b"]), ("last", [1, 2])]


def test_work_collected_while_the_end_is_flushed_still_runs_before_the_last():
    log: list = []

    def end_that_collects_more(items) -> None:
        log.append(("end", sorted(items)))
        transactions.in_order_at_end("later", _note(log, "later"), "c")

    @service
    def call() -> None:
        transactions.at_last("last", _note(log, "last"), 1)
        transactions.at_end("end", end_that_collects_more, "a")

    call()
    assert log == [("end", ["a"]), ("later", ["c"]), ("last", [1])]


def test_work_the_last_collects_runs_too():
    log: list = []

    def last_that_collects_more(items) -> None:
        log.append(("last", list(items)))
        transactions.at_end("end", _note(log, "end"), "d")

    @service
    def call() -> None:
        transactions.at_last("last", last_that_collects_more, 1)

    call()
    assert log == [("last", [1]), ("end", ["d"])]


def test_the_last_work_runs_inside_the_call_s_transaction():
    def last(items) -> None:
        assert Group.objects.filter(name="written").exists()
        raise RuntimeError("the last work failed")

    @service
    def call() -> None:
        Group.objects.create(name="written")
        transactions.at_last("last", last, 1)

    with pytest.raises(RuntimeError):
        call()
    assert not Group.objects.filter(name="written").exists()  # rolled back with it


def test_the_last_work_runs_only_at_the_end_of_the_outermost_call():
    seen: list = []

    def last(items) -> None:
        seen.append(list(items))

    @service
    def inner() -> None:
        transactions.at_last("last", last, "inner")

    @service
    def outer() -> None:
        inner()
        assert seen == []  # the inner call's end is not the transaction's
        transactions.at_last("last", last, "outer")

    outer()
    assert seen == [["inner", "outer"]]


def test_now_instead_runs_the_last_work_early_and_once():
    log: list = []

    @service
    def call() -> None:
        transactions.at_last("last", _note(log, "last"), 1)
        transactions.now_instead("last")
        log.append(("body", []))

    call()
    assert log == [("last", [1]), ("body", [])]


def test_outside_a_service_the_last_work_runs_at_once():
    log: list = []
    transactions.at_last("last", _note(log, "last"), 1)
    assert log == [("last", [1])]


def test_among_the_last_work_the_higher_rank_runs_later():
    log: list = []

    @service
    def call() -> None:
        transactions.at_last("row all wait for", _note(log, "team"), 1, rank=1)
        transactions.at_last("a day's row", _note(log, "day"), 2)
        transactions.at_last("another day's row", _note(log, "value"), 3)

    call()
    assert log == [("day", [2]), ("value", [3]), ("team", [1])]
