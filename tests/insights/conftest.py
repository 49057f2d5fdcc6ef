"""The reports' small world (tests/insights/world.py) and clients for a lead and an agent."""

import pytest
from django.test import Client

from tests.insights.world import world_of_reports


@pytest.fixture
def world(missed_visit, kurt, olga, ada, billing):
    return world_of_reports(missed_visit, olga, ada, billing)


@pytest.fixture
def lena_client(lena) -> Client:
    client = Client()
    client.force_login(lena)
    return client


@pytest.fixture
def ada_client(ada) -> Client:
    client = Client()
    client.force_login(ada)
    return client
