"""Kurt's DSL contract with a router, and a shop order, made through the services."""

from datetime import UTC, date, datetime

import pytest

from fairdesk.lib import clock
from fairdesk.processes import services
from tests.channels.email.servers import (  # noqa: F401  (fixtures for the race test)
    file_db,
    migrated_data,
    race_db,
)


@pytest.fixture
def dsl(kurt, support):
    """Kurt's DSL line: two years from 1 March 2025, one month's notice, a router lent."""
    return services.save_contract(
        email="kurt@example.org",
        name="Kurt Kunde",
        number="V-1001",
        product="DSL 100",
        monthly_fee_cents=3999,
        starts_on=date(2025, 3, 1),
        concluded_on=date(2025, 2, 20),
        minimum_term_months=24,
        devices=(services.DeviceIn(name="FritzBox 7590", serial="SN123", value_cents=8000),),
    )


@pytest.fixture
def shop_order(olga, support):
    return services.save_order(
        email="olga@other.example",
        name="Olga Other",
        number="B-5001",
        ordered_on=date(2026, 11, 20),
        delivery="delivered",
        delivered_on=date(2026, 11, 23),
        items=(
            services.ItemIn(sku="KB-1", name="Keyboard", quantity=1, unit_price_cents=4990),
            services.ItemIn(sku="MS-2", name="Mouse", quantity=2, unit_price_cents=1990),
        ),
    )


MON = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def line_order(kurt, support):
    return services.save_order(
        email="kurt@example.org",
        name="Kurt Kunde",
        number="A-7001",
        kind="activation",
        ordered_on=date(2026, 11, 30),
        items=(services.ItemIn(sku="DSL-250", name="DSL 250", quantity=1, unit_price_cents=0),),
    )


@pytest.fixture
def activation(line_order, django_capture_on_commit_callbacks):
    with clock.frozen_at(MON), django_capture_on_commit_callbacks(execute=True):
        return services.start_activation(order=line_order)


def declaration(**overrides) -> services.DeclarationIn:
    fields = {
        "kind": "ordinary",
        "name": "Kurt Kunde",
        "contract_number": "V-1001",
        "email": "kurt@example.org",
    } | overrides
    return services.DeclarationIn(**fields)


def sent_texts() -> list[str]:
    """The plain-text bodies of the mail sent so far (the channel sends composed bytes)."""
    from email import message_from_bytes, policy

    from django.core import mail

    texts = []
    for sent in mail.outbox:
        message = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
        texts.append(str(message["Subject"]) + "\n" + message.get_body(("plain",)).get_content())
    return texts
