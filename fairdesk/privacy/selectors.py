"""What the privacy pages read: the record of exports and erasures, holds, rules, and the
audit log (reads of personal data, case changes, account and settings changes)."""

from django.db.models import Q, QuerySet

from fairdesk.accounts.models import AccountEvent
from fairdesk.cases.models import AuditEvent
from fairdesk.privacy.models import LegalHold, PrivacyRecord, ReadEvent, RetentionRule

LOG_SOURCES = ("reads", "cases", "accounts")


def records() -> QuerySet[PrivacyRecord]:
    return PrivacyRecord.objects.select_related("actor_user")


def open_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True).select_related("case", "placed_by")


def hold_on(case_id: int) -> LegalHold | None:
    return open_holds().filter(case_id=case_id).first()


def retention_rules() -> QuerySet[RetentionRule]:
    return RetentionRule.objects.select_related("category").order_by("category__path")


def audit_log(source: str, text: str = "") -> QuerySet:
    """One source of the audit log, newest first, filtered by `text` (a person's user name
    or name, a case reference, an action)."""
    text = text.strip()
    if source == "cases":
        changes = AuditEvent.objects.select_related("actor_user", "case").order_by("-at", "-id")
        match = Q(case__reference__iexact=text) | Q(action__icontains=text)
        return changes.filter(match | _by(text, "actor_user")) if text else changes
    if source == "accounts":
        settings = AccountEvent.objects.select_related("actor").order_by("-at", "-id")
        return settings.filter(Q(action__icontains=text) | _by(text, "actor")) if text else settings
    reads = ReadEvent.objects.select_related("user").order_by("-at", "-id")
    if text.isdigit():
        return reads.filter(customer_id_at=int(text))
    return reads.filter(Q(case_reference__iexact=text) | _by(text, "user")) if text else reads


def _by(text: str, field: str) -> Q:
    return (
        Q(**{f"{field}__username__iexact": text})
        | Q(**{f"{field}__first_name__icontains": text})
        | Q(**{f"{field}__last_name__icontains": text})
    )
