"""/health: 200 while the database answers, a worker runs and nothing waits too long; else 503
with the reason, as JSON a load balancer or a person can read."""

from datetime import timedelta

import pytest

from fairdesk import jobs
from fairdesk.cases import services as cases
from fairdesk.channels.email import drain
from fairdesk.channels.email.ingest import receive
from fairdesk.channels.email.tasks import send_outbound
from fairdesk.lib import clock

pytestmark = pytest.mark.django_db


def worker_ran() -> None:
    jobs.run_due(worker="worker-1")


def test_healthy_when_a_worker_ran_and_nothing_waits(client):
    worker_ran()
    answer = client.get("/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["reasons"] == []
    assert set(body["checks"]) == {"database", "worker", "mail", "intake", "tasks"}
    assert body["checks"]["intake"]["waiting"] == 0
    assert body["checks"]["worker"]["age_seconds"] < 5
    assert body["checks"]["tasks"]["depth"] == 0


def test_no_worker_yet_is_unhealthy(client):
    answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["reasons"] == ["no worker has run yet: start `fairdesk worker`"]


def test_a_worker_silent_for_minutes_is_unhealthy(client, settings):
    settings.FAIRDESK_HEALTH_WORKER_SECONDS = 180
    worker_ran()
    with clock.frozen_at(clock.now() + timedelta(minutes=4)):
        answer = client.get("/health")
    assert answer.status_code == 503
    body = answer.json()
    assert body["checks"]["worker"]["ok"] is False
    assert body["reasons"][0].startswith("no worker has run a periodic job for 24")


def test_mail_waiting_too_long_is_unhealthy(client, kurt, support, settings):
    settings.FAIRDESK_HEALTH_MAIL_SECONDS = 900
    # Without the commit's callbacks (a plain test transaction) the acknowledgment stays queued.
    cases.open_case(customer=kurt, subject="Kein Netz", body="Seit gestern.", channel="email")
    with clock.frozen_at(clock.now() + timedelta(minutes=20)):
        # A worker's heartbeat (a claimed slot), without its mail run that would send it.
        assert jobs.claim(jobs.PERIODIC[0], 1, worker="worker-1") is not None
        answer = client.get("/health")
    body = answer.json()
    assert answer.status_code == 503
    assert body["checks"]["mail"]["ok"] is False
    assert body["checks"]["mail"]["age_seconds"] == pytest.approx(1200, abs=5)
    assert body["reasons"] == [body["checks"]["mail"]["reason"]]
    assert "oldest unsent mail has waited 1200 s" in body["reasons"][0]


def test_a_task_nobody_runs_is_unhealthy(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FAIRDESK_HEALTH_TASK_SECONDS = 300
    send_outbound.enqueue(outbound_id=0)
    with clock.frozen_at(clock.now() + timedelta(minutes=10)):
        assert jobs.claim(jobs.PERIODIC[0], 1, worker="worker-1") is not None
        answer = client.get("/health")
    tasks = answer.json()["checks"]["tasks"]
    assert answer.status_code == 503
    assert tasks["ok"] is False and tasks["depth"] == 1
    assert tasks["reason"].startswith("the oldest due task has waited 60")


def test_an_unreachable_database_is_unhealthy(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    answer = client.get("/health")
    assert answer.status_code == 503
    assert answer.json()["reasons"] == ["the database cannot be reached: connection refused"]


def test_received_mail_not_filed_for_long_is_unhealthy(client, support, settings):
    settings.FAIRDESK_HEALTH_INTAKE_SECONDS = 600
    raw = b"From: kurt@example.org\r\nSubject: Hilfe\r\nMessage-ID: <i1@example.org>\r\n\r\nText"
    receive(raw, source="lmtp")  # stored by LMTP; its server died before filing it
    with clock.frozen_at(clock.now() + timedelta(minutes=5)):
        assert jobs.claim(jobs.PERIODIC[0], 1, worker="worker-1") is not None
        intake = client.get("/health").json()["checks"]["intake"]
    assert intake["ok"] is True and intake["waiting"] == 1
    with clock.frozen_at(clock.now() + timedelta(minutes=11)):
        assert jobs.claim(jobs.PERIODIC[0], 2, worker="worker-1") is not None
        answer = client.get("/health")
    intake = answer.json()["checks"]["intake"]
    assert answer.status_code == 503 and intake["ok"] is False
    assert intake["reason"].startswith("the oldest received mail has waited 66")
    drain.drain()
    assert client.get("/health").json()["checks"]["intake"]["waiting"] == 0
