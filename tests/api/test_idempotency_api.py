"""Idempotency-Key: a write sent again after a lost answer is answered from the first one."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection

from fairdesk.cases import selectors, services
from fairdesk.cases.models import Case, Entry, EntryKind
from fairdesk.cases.services.replays import forget_expired
from fairdesk.cases.tokens import entry_id_from
from fairdesk.channels.email.models import OutboundMessage
from fairdesk.lib import clock

NEW = {"customer_email": "neu@example.de", "subject": "Router blinkt", "body": "Seit heute rot."}


def keyed(api, path, data, key):
    return api.client.post(
        f"/api/v1{path}", data, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_a_retried_create_opens_one_case_and_sends_one_acknowledgment(ada_api):
    first = keyed(ada_api, "/cases", NEW, "4f6c-retry-1")
    again = keyed(ada_api, "/cases", NEW, "4f6c-retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["reference"] == first.json()["reference"]
    assert again.json()["promises"] == first.json()["promises"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Case.objects.count() == 1
    assert Entry.objects.filter(kind=EntryKind.MESSAGE_IN).count() == 1
    assert OutboundMessage.objects.count() == 1


def test_without_a_key_the_same_request_is_a_second_contact(ada_api):
    first = ada_api.post("/cases", NEW)
    again = ada_api.post("/cases", NEW)
    assert again.json()["reference"] == first.json()["reference"]
    assert again.json()["joined"] is True
    assert Entry.objects.filter(kind=EntryKind.MESSAGE_IN).count() == 2


def test_a_key_sent_with_another_request_is_refused_and_writes_nothing(ada_api):
    keyed(ada_api, "/cases", NEW, "k1")
    response = keyed(ada_api, "/cases", NEW | {"body": "Jetzt grün."}, "k1")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "Idempotency-Key"
    assert Entry.objects.filter(kind=EntryKind.MESSAGE_IN).count() == 1


def test_keys_are_each_callers_own(support, kurt_api, olga_api):
    message = {"subject": "Rechnung", "body": "Bitte prüfen."}
    kurt = keyed(kurt_api, "/cases", message, "same")
    olga = keyed(olga_api, "/cases", message, "same")
    assert kurt.status_code == olga.status_code == 201
    assert kurt.json()["reference"] != olga.json()["reference"]


def test_a_retried_join_answers_as_the_first_did(kurt_api, desk):
    message = {"subject": "Noch da", "body": "Immer noch kein Netz."}
    first = keyed(kurt_api, "/cases", message, "join-1")
    again = keyed(kurt_api, "/cases", message, "join-1")
    assert first.json()["joined"] is again.json()["joined"] is True
    # The split link is signed again with its time, so a retry a second later differs there
    # only; both name the one entry that was written.
    first_notices, again_notices = first.json()["notices"], again.json()["notices"]
    assert [_unsigned(n) for n in again_notices] == [_unsigned(n) for n in first_notices]
    assert {_split_entry(n) for n in first_notices + again_notices} - {None} == {
        Entry.objects.get(body="Immer noch kein Netz.").pk
    }


def _unsigned(notice: str) -> str:
    return re.sub(r"/portal/new-matter/[^/]+/", "/portal/new-matter/…/", notice)


def _split_entry(notice: str) -> int | None:
    found = re.search(r"/portal/new-matter/([^/]+)/", notice)
    return entry_id_from(found.group(1)) if found else None


def test_a_retried_reply_is_written_and_mailed_once(ada_api, desk):
    path = f"/cases/{desk.second.reference}/entries"
    reply = {"kind": "reply", "body": "Wir erstatten den Betrag."}
    first = keyed(ada_api, path, reply, "reply-7")
    again = keyed(ada_api, path, reply, "reply-7")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Entry.objects.filter(body="Wir erstatten den Betrag.").count() == 1
    assert OutboundMessage.objects.filter(entry_id=first.json()["id"]).count() == 1


def test_the_same_key_on_another_case_is_another_request(ada_api, desk):
    note = {"kind": "note", "body": "Port 3"}
    keyed(ada_api, f"/cases/{desk.case.reference}/entries", note, "n")
    other = keyed(ada_api, f"/cases/{desk.second.reference}/entries", note, "n")
    assert other.status_code == 422


def test_a_refused_write_leaves_its_key_unused(ada_api):
    wrong = keyed(ada_api, "/cases", NEW | {"category": "Gibt es nicht"}, "fix-and-retry")
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "category"
    right = keyed(ada_api, "/cases", NEW, "fix-and-retry")
    assert right.status_code == 201 and "Idempotent-Replayed" not in right.headers


@pytest.mark.parametrize("key", ["", "x" * 256, "mit leerzeichen", "ümlaut"])
def test_a_malformed_key_is_refused_by_name(ada_api, key):
    response = keyed(ada_api, "/cases", NEW, key)
    assert response.status_code == 422
    assert "Idempotency-Key" in str(response.json()["detail"])
    assert Case.objects.count() == 0


def test_a_key_is_forgotten_after_its_hours(ada_api, settings):
    settings.FAIRDESK_REQUEST_KEY_HOURS = 48
    start = clock.now()
    with clock.frozen_at(start):
        keyed(ada_api, "/cases", NEW, "old")
    with clock.frozen_at(start + timedelta(hours=47)):
        assert forget_expired() == 0
    with clock.frozen_at(start + timedelta(hours=49)):
        assert forget_expired() == 1
        again = keyed(ada_api, "/cases", NEW, "old")
    assert again.json()["joined"] is True and "Idempotent-Replayed" not in again.headers


@pytest.mark.django_db(transaction=True)
def test_a_retry_racing_the_first_request_waits_for_it(support, kurt):
    """Two requests with one key at the same moment: the second waits for the first's
    transaction and answers from it (PostgreSQL: the unique index; SQLite's file-backed
    databases queue writers on their lock, the in-memory test database has one connection)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two connections to one database: the PostgreSQL run has them")
    started, go_on = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def slow_write() -> services.Intake:
        started.set()
        go_on.wait(10)
        return services.open_case(customer=kurt, subject="s", body="b", channel="api")

    def first() -> None:
        results["first"] = services.write_once(
            caller="customer:1", key="race", fingerprint="f", write=slow_write
        )
        connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(10)
    timer = threading.Timer(0.3, go_on.set)
    timer.start()
    second, replayed = services.write_once(
        caller="customer:1", key="race", fingerprint="f", write=slow_write
    )
    thread.join(10)
    first_intake, first_replayed = results["first"]  # type: ignore[misc]
    assert (first_replayed, replayed) == (False, True)
    assert second.entry.pk == first_intake.entry.pk
    assert selectors.cases_for_customer(kurt).count() == 1
