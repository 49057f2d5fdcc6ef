"""Upgrading past the fingerprint that includes the body and content headers: rows stored
before it get the new fingerprint from their raw bytes, so a redelivery is still one message."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps

from fairdesk.channels.email.ingest import ingest, keys_of
from fairdesk.channels.email.models import InboundMessage

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db

migration = importlib.import_module("fairdesk.channels.email.migrations.0008_fingerprints_again")
RELAYED = b"Received: from relay2.example.net\n"


def stored_before_the_upgrade(raw: bytes) -> InboundMessage:
    """`raw` stored with the fingerprint of before: Message-ID, sender, Date and Subject."""
    inbound = ingest(raw).inbound
    peek = keys_of(raw).peek
    facts = "\n".join((peek.message_id, peek.sender.address.lower(), peek.date, peek.subject))
    old = hashlib.sha256(facts.encode()).hexdigest()
    InboundMessage.objects.filter(pk=inbound.pk).update(fingerprint=old)
    return inbound


def test_a_redelivery_of_a_message_stored_before_the_upgrade_is_stored_once(support):
    raw = raw_mail(message_id="<upgrade@example.org>")
    first = stored_before_the_upgrade(raw)
    migration.recompute_fingerprints(apps, None)
    again = ingest(RELAYED + raw)
    assert not again.created and again.inbound.pk == first.pk
    assert InboundMessage.objects.count() == 1


def test_a_row_whose_raw_was_erased_keeps_its_fingerprint(support):
    first = stored_before_the_upgrade(raw_mail(message_id="<erased@example.org>"))
    InboundMessage.objects.filter(pk=first.pk).update(raw_file="")  # as erasure leaves it
    before = InboundMessage.objects.get(pk=first.pk).fingerprint
    migration.recompute_fingerprints(apps, None)
    assert InboundMessage.objects.get(pk=first.pk).fingerprint == before


def test_a_redelivery_stored_twice_before_the_migration_does_not_stop_it(support):
    raw = raw_mail(message_id="<twice@example.org>")
    first = stored_before_the_upgrade(raw)
    second = ingest(RELAYED + raw)  # the defect: kept a second time, with today's fingerprint
    assert second.created
    migration.recompute_fingerprints(apps, None)
    assert InboundMessage.objects.get(pk=first.pk).fingerprint != second.inbound.fingerprint
    assert not ingest(RELAYED + RELAYED + raw).created
