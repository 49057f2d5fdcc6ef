"""Reviewing flagged mail: recorded once, with who and when, on the case's timeline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fairdesk.cases.models import AuditEvent, EntryKind
from fairdesk.channels.email.ingest import ingest
from fairdesk.channels.email.models import InboundMessage, InboundState
from fairdesk.channels.email.review import mark_reviewed
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, NotAllowed

from .mailfactory import raw_mail

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def flagged(support, kurt) -> InboundMessage:
    case = ingest(raw_mail()).inbound.case
    inbound = ingest(
        raw_mail(sender="Mallory <mallory@evil.example>", subject=f"[{case.reference}] x")
    ).inbound
    assert inbound.state == InboundState.FLAGGED
    return inbound


def test_marking_reviewed_records_who_when_and_a_timeline_entry(flagged, ada):
    with clock.frozen_at(AT):
        mark_reviewed(inbound=flagged, agent=ada)
    flagged.refresh_from_db()
    assert (flagged.reviewed_at, flagged.reviewed_by) == (AT, ada)
    entry = flagged.case.entries.get(data__mail="reviewed")
    assert entry.kind == EntryKind.SYSTEM and not entry.public and entry.author_user == ada
    assert entry.data["sender"] == "mallory@evil.example"
    audit = AuditEvent.objects.get(action="mail.reviewed")
    assert (audit.case, audit.actor_user, audit.at) == (flagged.case, ada, AT)


def test_second_review_is_refused_and_changes_nothing(flagged, ada, ben):
    # Ben's copy was read before Ada's click landed, as when both click at once.
    bens_copy = InboundMessage.objects.get(pk=flagged.pk)
    with clock.frozen_at(AT):
        mark_reviewed(inbound=flagged, agent=ada)
    with pytest.raises(Conflict, match="already been marked as reviewed"):
        mark_reviewed(inbound=bens_copy, agent=ben)
    flagged.refresh_from_db()
    assert (flagged.reviewed_at, flagged.reviewed_by) == (AT, ada)
    assert flagged.case.entries.filter(data__mail="reviewed").count() == 1
    assert AuditEvent.objects.filter(action="mail.reviewed").count() == 1


def test_stored_mail_is_not_for_review(support, kurt, ada):
    stored = ingest(raw_mail()).inbound
    with pytest.raises(Conflict, match="not flagged"):
        mark_reviewed(inbound=stored, agent=ada)
    stored.refresh_from_db()
    assert stored.reviewed_at is None


def test_only_agents_review(flagged, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x-pass-123")
    with pytest.raises(NotAllowed):
        mark_reviewed(inbound=flagged, agent=staff)
    flagged.refresh_from_db()
    assert flagged.reviewed_at is None
