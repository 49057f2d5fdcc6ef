"""Statements run without the ORM building them give what the ORM gives."""

import datetime as dt

import pytest

from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Entry
from fairdesk.lib import clock, sql

FIELDS = ("id", "case_id", "kind", "public", "data", "created_at")


@pytest.fixture
def case(kurt, support) -> Case:
    return cases.open_case(customer=kurt, subject="Router", body="Blinkt.", channel="email").case


def test_an_inserted_row_reads_back_through_the_orm_as_saved(case):
    at = clock.now().replace(microsecond=123456)
    entry = Entry(case=case, kind="note", public=False, data={"ü": [1, 2]}, created_at=at)
    sql.insert(entry)

    assert entry.pk and not entry._state.adding
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.case_id, stored.kind, stored.public) == (case.id, "note", False)
    assert stored.data == {"ü": [1, 2]} and stored.created_at == at


def test_a_database_default_left_unset_goes_through_save(db):
    customer = sql.insert(Customer(name="Zora"))
    # Two fields have a db_default: the value the ORM leaves to the database is set there.
    assert Customer.objects.get(pk=customer.pk).is_active is True


def test_loaded_rows_are_converted_as_the_orm_converts_them(case):
    made = Entry.objects.filter(case=case).order_by("id")
    query = "SELECT id, case_id, kind, public, data, created_at FROM cases_entry"
    loaded = sql.load(Entry, FIELDS, query + " WHERE case_id = %s ORDER BY id", [case.id])

    assert [(e.id, e.kind, e.public, e.data, e.created_at) for e in loaded] == [
        (e.id, e.kind, e.public, e.data, e.created_at) for e in made
    ]
    assert all(isinstance(e.created_at, dt.datetime) and e.created_at.tzinfo for e in loaded)
    assert isinstance(loaded[0].public, bool)
    # The fields not selected are deferred, loaded on first use as with .only().
    assert loaded[0].body == made[0].body


def test_values_converts_one_raw_row(case):
    entry = Entry.objects.filter(case=case).first()
    row = sql.one("SELECT public, created_at FROM cases_entry WHERE id = %s", [entry.id])

    assert sql.values(Entry, ("public", "created_at"), row) == [entry.public, entry.created_at]
    assert sql.execute("UPDATE cases_entry SET public = %s WHERE id = %s", [True, entry.id]) == 1
    assert sql.rows("SELECT public FROM cases_entry WHERE id = %s", [entry.id]) == [(True,)]


def test_rows_inserted_together_get_their_keys_in_order(case):
    at = clock.now()
    made = [
        Entry(case=case, kind="note", public=False, data={"n": n}, created_at=at) for n in range(3)
    ]
    sql.insert_all(made)

    assert all(not e._state.adding for e in made)
    assert [Entry.objects.get(pk=e.pk).data for e in made] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert sql.insert_all([]) == []


def test_an_upsert_inserts_then_replaces_the_row_of_its_key(case):
    from fairdesk.queues.models import Prediction

    now = clock.now()
    fields = {"made_at": now, "predicted_at": now, "ahead": 3, "rate": 1.5, "spread": 0.5}
    Prediction.objects.filter(case=case).delete()
    first = sql.upsert(Prediction(case=case, **fields), "case")
    later = now + dt.timedelta(hours=2)
    second = sql.upsert(Prediction(case=case, **(fields | {"predicted_at": later})), "case")

    assert first.pk == second.pk
    stored = Prediction.objects.get(case=case)
    assert (stored.predicted_at, stored.ahead, stored.rate) == (later, 3, 1.5)


def test_an_update_writes_the_named_fields_as_save_would(case, ada):
    from fairdesk.queues.models import Seat

    seat = Seat.objects.create(user=ada)
    seat.owned, seat.open_cases, seat.cap = {"7": 1.5}, 1, 99
    assert sql.update(seat, ["owned", "open_cases"]) == 1

    stored = Seat.objects.get(pk=seat.pk)
    assert (stored.owned, stored.open_cases, stored.cap) == (
        {"7": 1.5},
        1,
        seat._meta.get_field("cap").default,
    )


@pytest.mark.parametrize("names", [FIELDS, tuple(f.attname for f in Entry._meta.concrete_fields)])
def test_an_instance_is_built_as_from_db_builds_it(case, names):
    entry = Entry.objects.filter(case=case).first()
    columns = ", ".join(Entry._meta.get_field(name).column for name in names)
    raw = sql.one(f"SELECT {columns} FROM cases_entry WHERE id = %s", [entry.pk])  # noqa: S608
    row = sql.values(Entry, names, raw)
    built, orm = sql.built(Entry, names, row), Entry.from_db("default", names, list(row))

    assert {k: v for k, v in built.__dict__.items() if k != "_state"} == {
        k: v for k, v in orm.__dict__.items() if k != "_state"
    }
    assert built.get_deferred_fields() == orm.get_deferred_fields()
    assert (built._state.adding, built._state.db) == (False, "default")
    assert built == entry and built.case == case  # the relation read as the ORM reads it
    built.body = "geändert"
    built.save(update_fields=["body"])  # saved as an instance from the database
    assert Entry.objects.get(pk=entry.pk).body == "geändert"


def test_a_model_with_init_receivers_is_built_by_from_db(case):
    from django.db.models.signals import post_init

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Entry)
    try:
        entry = sql.built(Entry, ("id",), [case.pk])
    finally:
        post_init.disconnect(receiver, sender=Entry)
    assert seen == [entry]
