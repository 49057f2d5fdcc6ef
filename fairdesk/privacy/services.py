"""The privacy duties as services: export, erasure, legal holds, retention, read records.

Erasure keeps what a company must keep (the cases with their status, dates, team, category,
priority and channel; promises, credits and their clocks; feedback scores) and removes or
blanks what identifies the person: their name, addresses, phone and sign-in, the cases'
subjects, every timeline text, attachments, raw mail (through the erasure hooks), and every
mention of them in audit data. The search index rebuilds the cases' rows from what is left.
"""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, ApiToken, Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Attachment, AuditEvent, Case, Entry
from fairdesk.lib import clock, sql
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service
from fairdesk.privacy import export, files
from fairdesk.privacy.hooks import Erasure, run_hooks
from fairdesk.privacy.models import (
    LegalHold,
    PrivacyRecord,
    ReadEvent,
    ReadKind,
    RecordKind,
    RetentionRule,
)
from fairdesk.privacy.rows import scrub_rows
from fairdesk.privacy.scrub import ERASED, needles_of
from fairdesk.promises.models import Contract, Credit, Promise
from fairdesk.search import index


def customer_needles(customer: Customer) -> tuple[str, ...]:
    emails = customer.emails.values_list("address", flat=True)
    user = customer.user
    # A login name is a needle only when it is an address: "max" would match "maximum".
    logins = [name for name in (user.username, user.email) if "@" in name] if user else []
    return needles_of(name=customer.name, emails=[*emails, *logins], phone=customer.phone)


@service
def erase_customer(*, customer: Customer, agent: User) -> PrivacyRecord:
    """Erase everything that identifies `customer`; refused while a case of theirs is held."""
    case_ids = tuple(Case.objects.filter(customer=customer).values_list("id", flat=True))
    _refuse_held(case_ids)
    erasure = Erasure(customer.pk, case_ids, customer_needles(customer))
    counts = _erase_cases(erasure, agent=agent, reason="request")
    counts["messages_elsewhere"] = _erase_messages_elsewhere(erasure)
    counts["audit"] = counts.get("audit", 0) + _scrub_audit(erasure)
    scrub_rows(Contract.objects.filter(customer=customer), erasure.needles)
    _anonymise_customer(customer)
    return PrivacyRecord.objects.create(
        kind=RecordKind.ERASURE,
        at=clock.now(),
        actor_user=agent,
        customer_id_at=customer.pk,
        counts=counts,
    )


def _refuse_held(case_ids: tuple[int, ...]) -> None:
    hold = (
        LegalHold.objects.filter(case_id__in=case_ids, released_at__isnull=True)
        .select_related("case")
        .first()
    )
    if hold:
        raise Conflict(
            _("Case %(ref)s is under a legal hold (%(reason)s); nothing was erased.")
            % {"ref": hold.case.reference, "reason": hold.reason}
        )


def _erase_cases(erasure: Erasure, *, agent: User | None, reason: str) -> dict[str, int]:
    """Blank the cases' subjects, timeline texts and attachments; the facts stay."""
    ids = erasure.case_ids
    counts = {"cases": len(ids), **_blank_entries(Entry.objects.filter(case_id__in=ids), erasure)}
    Case.objects.filter(pk__in=ids).update(subject=ERASED)
    for promised in (
        Promise.objects.filter(case_id__in=ids),
        Credit.objects.filter(case_id__in=ids),
    ):
        scrub_rows(promised, erasure.needles)
    counts.update(run_hooks(erasure))
    for case in Case.objects.filter(pk__in=ids):
        cases.record_event(
            case=case,
            data={"privacy": "erased", "why": reason},
            agent=agent,
            audit="privacy.erased",
        )
        index.case_changed(case.pk)
    return counts


def _blank_entries(entries, erasure: Erasure) -> dict[str, int]:
    """The entries lose their texts and files; their facts lose every mention."""
    attachments = Attachment.objects.filter(entry__in=entries)
    digests = set(attachments.values_list("sha256", flat=True))
    counts = {"attachments": attachments.count()}
    attachments.delete()
    files.remove_unreferenced_attachments(digests)
    # Each entry whose words go says so when read ("text erased"), not a blank or its facts.
    had_text = list(entries.exclude(body="", html="").only("pk", "data"))
    for entry in had_text:
        entry.data = {**(entry.data if isinstance(entry.data, dict) else {}), "erased": True}
    Entry.objects.bulk_update(had_text, ["data"], batch_size=500)
    counts["entries"] = len(had_text)
    entries.update(body="", html="")
    scrub_rows(entries, erasure.needles)
    return counts


def _erase_messages_elsewhere(erasure: Erasure) -> int:
    """What the customer wrote on other customers' cases (a colleague on copy who answered
    by mail) goes like their own cases' texts; those cases stay as they are otherwise."""
    written = Entry.objects.filter(author_customer_id=erasure.customer_id).exclude(
        case_id__in=erasure.case_ids
    )
    case_ids = set(written.values_list("case_id", flat=True))
    if not case_ids:
        return 0
    blanked = _blank_entries(Entry.objects.filter(pk__in=written.values("pk")), erasure)
    for case_id in case_ids:
        index.case_changed(case_id)
    return blanked["entries"]


def _scrub_audit(erasure: Erasure) -> int:
    """Audit rows stay (who did what, when) but lose every mention of the person."""
    cases.write_pending_audit()  # this call's own events are scrubbed too
    events = AuditEvent.objects.filter(case_id__in=erasure.case_ids)
    if erasure.customer_id:
        events = events | AuditEvent.objects.filter(actor_customer_id=erasure.customer_id)
    changed = scrub_rows(events, erasure.needles)
    # Account changes are few (admins' work) and their JSON may escape umlauts, which a
    # database text search would miss: read them all.
    return changed + scrub_rows(AccountEvent.objects.all(), erasure.needles)


def _anonymise_customer(customer: Customer) -> None:
    # Every portal session (a sign-in link's too), token and link of theirs ends now.
    accounts.deactivate_customer(customer=customer)
    customer.emails.all().delete()
    ApiToken.objects.filter(customer=customer).delete()
    if customer.user_id:
        user = customer.user
        user.username = f"erased-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    Customer.objects.filter(pk=customer.pk).update(name=ERASED, phone="", organisation=None)


@service
def place_hold(*, case: Case, reason: str, agent: User) -> LegalHold:
    if not reason.strip():
        raise DomainError(_("A legal hold needs a reason."), field="reason")
    if LegalHold.objects.filter(case=case, released_at__isnull=True).exists():
        raise Conflict(_("This case is already under a legal hold."))
    hold = LegalHold.objects.create(
        case=case, reason=reason.strip()[:500], placed_at=clock.now(), placed_by=agent
    )
    cases.record_event(case=case, data={"privacy": "hold"}, agent=agent, audit="privacy.hold")
    return hold


@service
def release_hold(*, case: Case, agent: User) -> None:
    released = LegalHold.objects.filter(case=case, released_at__isnull=True).update(
        released_at=clock.now()
    )
    if not released:
        raise Conflict(_("This case is not under a legal hold."))
    cases.record_event(
        case=case, data={"privacy": "released"}, agent=agent, audit="privacy.hold_released"
    )


@service
def set_retention(*, category_id: int | None, months: int | None, agent: User) -> None:
    """Set (or with `months` None remove) the rule for a category, or the default rule."""
    if months is not None and months < 1:
        raise DomainError(_("Keep personal data at least one month."), field="months")
    rules = RetentionRule.objects.all()
    if category_id is None:
        rules = rules.filter(category__isnull=True)
    else:
        rules = rules.filter(category_id=category_id)
    rules.delete()
    if months is not None:
        RetentionRule.objects.create(category_id=category_id, months=months)
    AccountEvent.objects.create(
        at=clock.now(),
        actor=agent,
        action="retention_set",
        data={"category": category_id, "months": months},
    )


def log_read(
    *,
    user: User,
    kind: ReadKind,
    case: Case | None = None,
    customer_id: int | None = None,
    attachment_id: int | None = None,
) -> None:
    """One row per read of a customer's data by an agent. Not a service on purpose: a plain
    INSERT in the request's own transaction (or none), so reading stays cheap (a fixed
    statement: every desk case view writes one)."""
    read = ReadEvent(
        at=clock.now(),
        user=user,
        kind=kind,
        customer_id_at=case.customer_id if case else customer_id,
        case_reference=case.reference if case else "",
        attachment_id_at=attachment_id,
    )
    sql.insert(read)


@service
def export_customer(*, customer: Customer, agent: User | None) -> bytes:
    """The customer's data as a zip (see export.py), recorded; `agent` None when the
    customer downloads it themselves."""
    archive, counts = export.build(customer)
    PrivacyRecord.objects.create(
        kind=RecordKind.EXPORT,
        at=clock.now(),
        actor_user=agent,
        by_customer=agent is None,
        customer_id_at=customer.pk,
        counts=counts,
    )
    return archive


@service
def apply_retention(*, case_ids: tuple[int, ...]) -> dict[str, int]:
    """Erase the personal data of these (closed) cases, skipping held ones; the counts.

    The customers stay (they may have other cases); only what these cases hold goes.
    """
    held = set(
        LegalHold.objects.filter(case_id__in=case_ids, released_at__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    wanted = tuple(case_id for case_id in case_ids if case_id not in held)
    counts: dict[str, int] = {"held": len(held)}
    by_customer: dict[int, list[int]] = {}
    for case_id, customer_id in Case.objects.filter(pk__in=wanted).values_list("pk", "customer"):
        by_customer.setdefault(customer_id, []).append(case_id)
    for customer in Customer.objects.filter(pk__in=by_customer):
        erasure = Erasure(None, tuple(by_customer[customer.pk]), customer_needles(customer))
        for key, value in _erase_cases(erasure, agent=None, reason="retention").items():
            counts[key] = counts.get(key, 0) + value
        counts["audit"] = counts.get("audit", 0) + _scrub_audit(erasure)
    if wanted:  # a run that only met held cases leaves no record (it runs hourly)
        PrivacyRecord.objects.create(kind=RecordKind.RETENTION, at=clock.now(), counts=counts)
    return counts
