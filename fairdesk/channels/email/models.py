"""What the email channel remembers: every inbound message once, every outbound message sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case, Entry


class InboundState(models.TextChoices):
    # Stored by LMTP, not yet read: the drain parses and files it right after (drain.py).
    RECEIVED = "received", _("received, not yet processed")
    STORED = "stored", _("stored")
    UNPARSED = "unparsed", _("unparsed")
    FLAGGED = "flagged", _("flagged for an agent")


class InboundMessage(models.Model):
    """One received message; its unique keys make ingestion idempotent.

    The row is inserted first inside the ingest transaction (or alone, `received`, by LMTP),
    so a second delivery of the same message (the same bytes, or the same Message-ID with the
    same sender, date and subject) fails on a unique constraint and is recognised as "already
    stored". A different message that reuses a Message-ID is stored (and flagged): the
    Message-ID alone is not unique.
    """

    message_id = models.CharField(max_length=255, null=True, blank=True, db_index=True)
    sha256 = models.CharField(max_length=64, unique=True)
    # sha256 of Message-ID, sender, Date and Subject; None without a Message-ID.
    fingerprint = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # The raw bytes, zlib-compressed, live in DATA_DIR/mail under this file's own digest.
    raw_file = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    state = models.CharField(max_length=10, choices=InboundState.choices)
    reason = models.CharField(max_length=200, blank=True)
    sender = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=250, blank=True)
    # The quoted earlier conversation and signature, folded away in the timeline but kept.
    quoted_text = models.TextField(blank=True)
    auto_reply_allowed = models.BooleanField(default=False)
    auto_reply_reason = models.CharField(max_length=50, blank=True)
    source = models.CharField(max_length=100, blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mail"
    )
    entry = models.OneToOneField(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mail"
    )
    received_at = models.DateTimeField(db_index=True)
    # Flagged mail leaves the desk's list once an agent has looked at it (review.py).
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        indexes = [models.Index(fields=["state", "received_at"])]

    def __str__(self) -> str:
        return f"{self.message_id or self.sha256[:12]} ({self.state})"


class OutboundKind(models.TextChoices):
    ACKNOWLEDGMENT = "ack", _("acknowledgment")
    JOINED = "joined", _("added-to-case notice")
    REPLY = "reply", _("reply")
    SURVEY = "survey", _("survey invitation")
    AGENT = "agent", _("notification to an agent")


class OutboundState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    BOUNCED = "bounced", _("bounced")


class OutboundMessage(models.Model):
    """One message we send; its Message-ID lets replies find their case again."""

    message_id = models.CharField(max_length=255, unique=True)
    # None for mail to an agent about several cases (a notification digest).
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="outbound_mail"
    )
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_mail"
    )
    kind = models.CharField(max_length=10, choices=OutboundKind.choices)
    to_address = models.CharField(max_length=320)  # found through (to_address, kind, created_at)
    subject = models.CharField(max_length=300)
    # The composed message, so every retry sends the very same bytes and Message-ID.
    raw = models.BinaryField()
    state = models.CharField(
        max_length=10, choices=OutboundState.choices, default=OutboundState.QUEUED
    )
    # Further recipients the agent chose (participants of the case), as addresses.
    cc_addresses = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When a sender should next try (None: at once), and until when one holds it: a sender
    # that dies mid-send loses its lease, and the next one takes the row over.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        indexes = [
            models.Index(fields=["to_address", "kind", "created_at"]),
            models.Index(fields=["state", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_address} ({self.state})"


class Participant(models.Model):
    """An address besides the customer's that belongs to a case's conversation by email (a
    colleague the customer put on CC): it may write to the case, and an agent may copy it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mail_participants")
    address = models.CharField(max_length=320)  # lower case
    name = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("email participant")
        verbose_name_plural = _("email participants")
        constraints = [
            models.UniqueConstraint(fields=["case", "address"], name="mail_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.address} on {self.case_id}"
