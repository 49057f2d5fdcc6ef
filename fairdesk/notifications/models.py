"""Notifications for agents: what happened that concerns them, kept as facts and said in the
reader's language when read; their choices of how to hear about each kind; the digests mailed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case, Entry


class Kind(models.TextChoices):
    ASSIGNED = "assigned", _("A case was assigned to me")
    REPLIED = "replied", _("The customer replied on my case")
    HANDED_OVER = "handed_over", _("A case was handed to me")
    AT_RISK = "at_risk", _("A promise on my case is at risk")
    MENTIONED = "mentioned", _("I was mentioned in an internal note")


class Delivery(models.TextChoices):
    DESK = "desk", _("in the desk only")
    NOW = "now", _("also by mail at once")
    DIGEST = "digest", _("also by mail in a digest")


# Without a choice of their own an agent hears of these by mail: what is theirs to act on now.
# A promise at risk is mailed by the promise watch already, so it stays in the desk.
DEFAULT_DELIVERY = {
    Kind.ASSIGNED: Delivery.DESK,
    Kind.REPLIED: Delivery.DESK,
    Kind.HANDED_OVER: Delivery.NOW,
    Kind.AT_RISK: Delivery.DESK,
    Kind.MENTIONED: Delivery.NOW,
}


class Digest(models.Model):
    """One mail to one agent: the slot is the job's time slot, so of any number of workers
    only one mails an agent in a slot (the unique key), and an agent gets at most one mail
    per slot however busy the desk is."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    slot = models.BigIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("notification digest")
        verbose_name_plural = _("notification digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "slot"], name="one_digest_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.slot}"


class Notification(models.Model):
    """Something an agent should know, as facts (kind, case, entry, data): desk and mail say
    it in the reader's language when they show it."""

    recipient = models.ForeignKey(  # found through the notification_list index
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who caused it (None: the customer or fairdesk itself).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # Mail: not before `mail_after` (None: the desk only), in the digest that took it.
    mail_after = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # The header's unread count on every desk page: a small partial index.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # What the mail job still has to send.
            models.Index(
                fields=["mail_after"],
                condition=Q(mail_after__isnull=False, digest__isnull=True),
                name="notification_to_mail",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} on {self.case_id}"


class Preference(models.Model):
    """How an agent hears of one kind of notification (no row: DEFAULT_DELIVERY)."""

    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["agent", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.kind} {self.delivery}"
