"""Everything about a customer as one zip: `data.json` (machine-readable) and their files.

What goes in is what the customer may read of their own cases (public timeline entries and
their files, visible promises): the same rule the portal applies, so an export never shows
an internal note. Every other app adds its own rows of the customer's (declarations,
orders, returns, survey answers, callbacks, mail …) through its export hook (hooks.py).
"""

import io
import json
import zipfile
from datetime import date, datetime

from django.conf import settings
from django.db.models import Prefetch

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Attachment, Case, Entry
from fairdesk.lib.files import stored_path
from fairdesk.privacy.hooks import Export, export_sections
from fairdesk.promises.models import Promise

INTERNAL_KINDS = ("note", "owner")


def customer_cases(customer: Customer):
    public = Entry.objects.filter(public=True).exclude(kind__in=INTERNAL_KINDS)
    return (
        Case.objects.filter(customer=customer)
        .order_by("created_at", "id")
        .prefetch_related(
            Prefetch("entries", queryset=public.prefetch_related("attachments")),
            Prefetch("promises", queryset=Promise.objects.filter(visible=True)),
        )
    )


# What this module exports itself; every other app's rows come from its export hook.
EXPORTED_HERE = (
    "accounts.Customer",
    "accounts.CustomerEmail",
    "accounts.ApiToken",
    "cases.Case",
    "cases.Entry",
    "cases.Attachment",
    "promises.Promise",
)


def build(customer: Customer) -> tuple[bytes, dict[str, int]]:
    """The archive's bytes, and how many cases, entries, files and hook rows it holds."""
    files: list[tuple[str, Attachment]] = []
    cases = [_case(case, files) for case in customer_cases(customer)]
    sections = export_sections(Export(customer.pk, tuple(case["id"] for case in cases)))
    for case in cases:
        del case["id"]
    elsewhere = _written_elsewhere(customer, files)
    document = {
        "customer": _customer(customer),
        "cases": cases,
        "messages_on_other_cases": elsewhere,
        **sections,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=_plain)
        archive.writestr("data.json", text)
        for name, attachment in files:
            path = stored_path(settings.FAIRDESK_ATTACHMENT_DIR, attachment.sha256)
            if path.exists():
                archive.write(path, name)
    entries = sum(len(case["timeline"]) for case in cases) + len(elsewhere)
    counts = {"cases": len(cases), "entries": entries, "files": len(files)}
    counts["rows"] = sum(len(section) for section in sections.values())
    return buffer.getvalue(), counts


def _plain(value: object) -> str:
    """Dates and times (from the hooks' rows) as ISO text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _customer(customer: Customer) -> dict:
    return {
        "name": customer.name,
        "phone": customer.phone,
        "language": customer.language,
        "emails": [email.address for email in customer.emails.all()],
        "organisation": customer.organisation.name if customer.organisation else None,
        "monthly_fee_cents": customer.monthly_fee_cents,
        "created_at": customer.created_at.isoformat(),
        "api_tokens": [
            {
                "prefix": f"fd_{token.prefix}",
                "created_at": token.created_at.isoformat(),
                "expires_at": token.expires_at.isoformat() if token.expires_at else None,
                "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in customer.api_tokens.order_by("created_at")
        ],
    }


def _case(case: Case, files: list) -> dict:
    return {
        "id": case.pk,  # for the hooks; not written
        "reference": case.reference,
        "subject": case.subject,
        "status": case.status,
        "channel": case.channel,
        "created_at": case.created_at.isoformat(),
        "resolved_at": case.resolved_at.isoformat() if case.resolved_at else None,
        "timeline": [_entry(case, entry, files) for entry in case.entries.all()],
        "promises": [
            {
                "kind": promise.kind,
                "description": promise.description,
                "due_at": promise.due_at.isoformat() if promise.due_at else None,
                "state": promise.state,
            }
            for promise in case.promises.all()
        ],
    }


def _written_elsewhere(customer: Customer, files: list) -> list[dict]:
    """What the customer wrote on other customers' cases (a colleague on copy answering by
    mail): their own messages only, never the rest of those cases."""
    written = (
        Entry.objects.filter(author_customer=customer)
        .exclude(case__customer=customer)
        .select_related("case")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )
    return [
        {
            "case_reference": entry.case.reference,
            **_entry(entry.case, entry, files),
            "from_you": True,
        }
        for entry in written
    ]


def _entry(case: Case, entry: Entry, files: list) -> dict:
    names = []
    for attachment in entry.attachments.all():
        name = f"attachments/{case.reference}/{attachment.pk}-{attachment.filename}"
        files.append((name, attachment))
        names.append(name)
    return {
        "kind": entry.kind,
        "at": entry.created_at.isoformat(),
        "from_you": entry.author_customer_id == case.customer_id,
        "text": entry.body,
        "facts": entry.data,
        "files": names,
    }
