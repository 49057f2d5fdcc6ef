"""/metrics: Prometheus' text format for the holder of FAIRDESK_METRICS_TOKEN, off without one;
business figures read from the database, requests and latency counted per view."""

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from fairdesk import jobs
from fairdesk.cases import services as cases

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789"


@pytest.fixture
def metrics_on(settings):
    settings.FAIRDESK_METRICS_TOKEN = TOKEN


def scrape(client) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(answer.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_metrics_are_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_refuse_a_wrong_token(client, metrics_on):
    assert client.get("/metrics").status_code == 401
    answer = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token-at-all")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_business_figures_come_from_the_database(client, metrics_on, missed_visit, olga):
    # Kurt's phone case with its broken appointment (conftest), and Olga's mail.
    cases.open_case(customer=olga, subject="Kein Netz", body="Seit gestern.", channel="email")
    jobs.run_due(worker="worker-1")
    samples = scrape(client)
    assert samples[("fairdesk_cases_opened_total", (("channel", "email"),))] == 1
    assert samples[("fairdesk_cases_opened_total", (("channel", "phone"),))] == 1
    assert samples[("fairdesk_promises", (("state", "broken"),))] == 1
    assert samples[("fairdesk_promises", (("state", "pending"),))] >= 1
    # The periodic mail run sent what the test transaction left queued (both acknowledgments).
    assert samples[("fairdesk_mail_outbound", (("state", "sent"),))] == 2
    assert ("fairdesk_mail_outbound", (("state", "queued"),)) not in samples
    assert samples[("fairdesk_mail_oldest_unsent_age_seconds", ())] == 0
    assert samples[("fairdesk_mail_received_backlog", ())] == 0
    assert samples[("fairdesk_mail_received_oldest_age_seconds", ())] == 0
    assert samples[("fairdesk_task_queue_depth", ())] == 0
    watch = (("job", "promises.watch"),)
    assert samples[("fairdesk_job_last_run_timestamp_seconds", watch)] > 0
    assert samples[("fairdesk_job_last_duration_seconds", watch)] >= 0
    assert samples[("fairdesk_job_last_failed", watch)] == 0


def test_requests_are_counted_and_timed_by_view(client, metrics_on):
    jobs.run_due(worker="worker-1")
    labels = (("method", "GET"), ("status", "200"), ("view", "health"))
    before = scrape(client).get(("fairdesk_http_request_duration_seconds_count", labels), 0)
    client.get("/health")
    client.get("/health")
    after = scrape(client)
    assert after[("fairdesk_http_request_duration_seconds_count", labels)] == before + 2
    assert after[("fairdesk_http_request_duration_seconds_sum", labels)] > 0


def test_a_scrape_costs_a_fixed_number_of_queries(client, metrics_on, django_assert_num_queries):
    jobs.run_due(worker="worker-1")
    # cases, promises, inbound, outbound, oldest mail, received backlog, one per periodic job;
    # on PostgreSQL the database's size (SQLite's is read from its files).
    postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(6 + len(jobs.PERIODIC) + postgresql):
        scrape(client)


def test_the_database_size_is_a_figure_on_postgresql(client, metrics_on):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is in memory: tests/ops/test_served_metrics.py")
    assert scrape(client)[("fairdesk_database_bytes", (("file", "database"),))] > 1_000_000


def test_the_received_mail_backlog_is_a_figure(client, metrics_on, support):
    from datetime import timedelta

    from fairdesk.channels.email.ingest import receive
    from fairdesk.lib import clock

    for n in range(3):
        raw = (
            f"From: k{n}@example.org\r\nSubject: Hilfe\r\nMessage-ID: <m{n}@x.example>\r\n\r\nText"
        )
        receive(raw.encode(), source="lmtp")
    with clock.frozen_at(clock.now() + timedelta(seconds=90)):
        samples = scrape(client)
    assert samples[("fairdesk_mail_received_backlog", ())] == 3
    assert samples[("fairdesk_mail_received_oldest_age_seconds", ())] == pytest.approx(90, abs=5)
    assert samples[("fairdesk_mail_inbound", (("state", "received"),))] == 3
