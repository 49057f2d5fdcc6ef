"""The metric names the docs give (the table, the sample scrape, the alert rules an operator
copies) are the ones /metrics serves, and every family it serves is in the docs' table."""

import re
from pathlib import Path

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from fairdesk import jobs
from fairdesk.cases import services as cases
from tests.ops.test_metrics import TOKEN

pytestmark = pytest.mark.django_db

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
METRIC = r"fairdesk_[a-z_]+"


def section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def documented() -> tuple[set[str], set[str], set[str]]:
    """Every metric name the docs use; those in the metrics table; the periodic jobs named
    in a metric's selector (not Prometheus' own `up{job="fairdesk"}`)."""
    text = OPERATIONS.read_text()
    metrics = section(text, "Health and metrics")
    # Outside that section only names in backticks are metrics (the MTA snippets name
    # their own `fairdesk_pipe`, `fairdesk_router` in plain code).
    used = set(re.findall(METRIC, metrics)) | set(re.findall(rf"`({METRIC})", text))
    table = {
        name
        for line in metrics.splitlines()
        if line.startswith("| `fairdesk_")
        for name in re.findall(rf"`({METRIC})", line.split(" | ")[0])
    }
    return used, table, set(re.findall(rf'{METRIC}{{job="([^"]+)"', metrics))


def served(client) -> tuple[set[str], set[str]]:
    """The families /metrics serves, and every sample name in them."""
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200
    families = list(text_string_to_metric_families(answer.content.decode()))
    # Only ours: outside `fairdesk serve` (one process) the client adds its process_ and python_.
    # (and _created series, which the workers' shared counts under it do not have).
    names = {
        family.name
        for family in families
        if family.name.startswith("fairdesk_") and not family.name.endswith("_created")
    }
    samples = {sample.name for family in families for sample in family.samples}
    return names, names | {name for name in samples if name.startswith("fairdesk_")}


def test_the_docs_name_what_metrics_serves(client, settings, support, olga):
    settings.FAIRDESK_METRICS_TOKEN = TOKEN
    # A case, its promises and mail, and a run of every job: every family has samples.
    cases.open_case(customer=olga, subject="Kein Netz", body="Seit gestern.", channel="email")
    jobs.run_due(worker="worker-1")
    client.get("/health")
    families, names = served(client)
    if connection.vendor == "sqlite":  # in memory here: no file (test_served_metrics.py)
        families.add("fairdesk_database_bytes")
        names.add("fairdesk_database_bytes")
    used, table, job_names = documented()
    # prometheus_client names a counter's family without its _total.
    in_table = {name.removesuffix("_total") for name in table}
    assert used - names == set(), "named in docs/operations.md but not served"
    assert families - in_table == set(), "served but missing from the table in operations.md"
    assert job_names <= {job.name for job in jobs.PERIODIC}
