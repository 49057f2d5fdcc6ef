"""Under `fairdesk serve` with several gunicorn workers, a scrape of any one adds up all."""

import subprocess
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.test_cli import free_port, wait_for
from tests.test_settings import FAIRDESK, clean_environment

TOKEN = "metrics-token-0123456789"


def samples(base: str) -> list:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    request = urllib.request.Request(f"{base}/metrics", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (our local server)
        text = answer.read().decode()
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def health_requests(base: str) -> float:
    return sum(
        sample.value
        for sample in samples(base)
        if sample.name == "fairdesk_http_request_duration_seconds_count"
        and sample.labels["view"] == "health"
    )


@pytest.mark.slow
def test_every_workers_requests_are_in_each_scrape(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = clean_environment(tmp_path) | {"FAIRDESK_METRICS_TOKEN": TOKEN}
    server = subprocess.Popen(
        [FAIRDESK, "serve", "--port", str(port), "--workers", "3"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"{base}/api/v1/openapi.json", server, seconds=120)
        for _ in range(30):  # spread over the workers by the kernel
            with pytest.raises(urllib.error.HTTPError):  # no worker ran yet: 503
                urllib.request.urlopen(f"{base}/health", timeout=10)  # noqa: S310
        # Whichever worker answers each scrape, it reports all 30.
        assert [health_requests(base) for _ in range(6)] == [30.0] * 6
        # The SQLite file's size on disk, and its WAL's.
        sizes = {
            sample.labels["file"]: sample.value
            for sample in samples(base)
            if sample.name == "fairdesk_database_bytes"
        }
        assert sizes["database"] > 1_000_000  # the migrated schema
        assert "wal" in sizes
    finally:
        server.terminate()
        server.wait(timeout=20)
