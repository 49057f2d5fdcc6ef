"""What the privacy duties leave behind: holds, retention rules, and a record of every export,
erasure and read of a customer's data. Only fairdesk.privacy.services writes these tables.

None of these rows holds a customer's name, address or phone: they name the customer by id,
so an erasure leaves its own record behind without undoing itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairdesk.cases.models import Case, Category


class LegalHold(models.Model):
    """A case that must not be erased (a dispute, an authority's request) until released."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(_("reason"), max_length=500)
    placed_at = models.DateTimeField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(released_at__isnull=True), name="one_open_hold"
            )
        ]

    def __str__(self) -> str:
        return f"hold on case {self.case_id}: {self.reason}"


class RetentionRule(models.Model):
    """Personal data of a closed case is erased `months` after it closed; per category, or
    for every case without a rule of its own (category empty)."""

    category = models.OneToOneField(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    months = models.PositiveIntegerField(_("months after close"))

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(
                fields=["months"], condition=Q(category__isnull=True), name="one_default_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category_id or 'default'}: {self.months} months"


class RecordKind(models.TextChoices):
    EXPORT = "export", _("export")
    ERASURE = "erasure", _("erasure")
    RETENTION = "retention", _("retention")


class PrivacyRecord(models.Model):
    """One export, erasure or retention run: when, by whom, for which customer, how much."""

    kind = models.CharField(max_length=10, choices=RecordKind.choices)
    at = models.DateTimeField(db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # True when the customer asked for it themselves (a portal export).
    by_customer = models.BooleanField(default=False)
    customer_id_at = models.BigIntegerField(null=True, db_index=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("privacy record")
        verbose_name_plural = _("privacy records")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} customer {self.customer_id_at}"


class ReadKind(models.TextChoices):
    CASE = "case", _("case read")
    ATTACHMENT = "attachment", _("attachment downloaded")
    CUSTOMER = "customer", _("customer read")


class ReadEvent(models.Model):
    """One read of a customer's personal data by an agent: one small insert per read."""

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ReadKind.choices)
    customer_id_at = models.BigIntegerField(null=True, db_index=True)
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    attachment_id_at = models.BigIntegerField(null=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("read of personal data")
        verbose_name_plural = _("reads of personal data")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.case_reference}"
