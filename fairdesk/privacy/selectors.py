"""What the privacy pages read: the record of exports and erasures, holds, rules, and the
audit log (reads of personal data, case changes, account and settings changes)."""

import json
from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q, QuerySet, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import IContains

from fairdesk.accounts.models import AccountEvent
from fairdesk.cases.models import AuditEvent
from fairdesk.privacy.models import LegalHold, PrivacyRecord, ReadEvent, ReadKind, RetentionRule

LOG_SOURCES = ("reads", "cases", "accounts")


def records() -> QuerySet[PrivacyRecord]:
    return PrivacyRecord.objects.select_related("actor_user")


def open_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True).select_related("case", "placed_by")


def hold_on(case_id: int) -> LegalHold | None:
    return open_holds().filter(case_id=case_id).first()


def retention_rules() -> QuerySet[RetentionRule]:
    return RetentionRule.objects.select_related("category").order_by("category__path")


def audit_log(
    source: str, text: str = "", *, actions: Collection[str] = (), details: Collection[str] = ()
) -> QuerySet:
    """One source of the audit log, newest first, filtered by `text` as the reader sees the
    log: a person's user name or name (the actor, or the agent a fact names by number), a case
    reference, a fact's value under one of the keys `details`, or the kind of read in the
    active language. The names of case and account actions are the interface's: it passes
    the codes whose names hold `text` as `actions`, so the database filters by code."""
    text = text.strip()
    if source == "cases":
        changes = AuditEvent.objects.select_related("actor_user", "case").order_by("-at", "-id")
        if not text:
            return changes
        people = _people(text)
        match = Q(case__reference__iexact=text) | _facts(text, details, people)
        return changes.filter(match | _named(actions) | Q(actor_user_id__in=people))
    if source == "accounts":
        settings = AccountEvent.objects.select_related("actor").order_by("-at", "-id")
        if not text:
            return settings
        people = _people(text)
        match = _facts(text, details, people) | _named(actions)
        return settings.filter(match | Q(actor_id__in=people))
    reads = ReadEvent.objects.select_related("user").order_by("-at", "-id")
    if text.isdigit():
        return reads.filter(customer_id_at=int(text))
    if not text:
        return reads
    kinds = [kind for kind, label in ReadKind.choices if text.casefold() in str(label).casefold()]
    match = Q(case_reference__iexact=text) | Q(kind__in=kinds)
    return reads.filter(match | Q(user_id__in=_people(text)))


def _people(text: str) -> list[int]:
    """The users `text` names: their user name, or a part of their full name."""
    full_name = Concat("first_name", Value(" "), "last_name", output_field=CharField())
    users = get_user_model().objects.annotate(full_name=full_name)
    named = users.filter(Q(username__iexact=text) | Q(full_name__icontains=text))
    return list(named.values_list("pk", flat=True))


def _named(actions: Collection[str]) -> Q:
    return Q(action__in=actions) if actions else Q(pk__in=[])


def _facts(text: str, keys: Collection[str], people: list[int]) -> Q:
    """A fact shown under one of `keys` holds `text` (as text, case aside), or the agent a fact
    names by number is one of `people`.

    Reading each key out of every row's JSON costs ~50 µs a row on SQLite (16 s for 300,000
    events), so the row's stored text is searched first (SQLite keeps it with non-ASCII
    letters escaped, PostgreSQL as they are) and only the rows it finds are read by key."""
    match = Q(data__agent__in=people) if people else Q(pk__in=[])
    stored = Cast("data", TextField())
    somewhere = Q(IContains(stored, text))
    if (escaped := json.dumps(text)[1:-1]) != text:
        somewhere |= Q(IContains(stored, escaped))
    shown = Q(pk__in=[])
    for key in keys:
        shown |= Q(IContains(KeyTextTransform(key, "data"), text))
    return match | (somewhere & shown)
