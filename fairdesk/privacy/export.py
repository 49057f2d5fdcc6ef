"""Everything about a customer as one zip: `data.json` (machine-readable) and their files.

What goes in is what the customer may read of their own cases (public timeline entries and
their files, visible promises): the same rule the portal applies, so an export never shows
an internal note.
"""

import io
import json
import zipfile

from django.conf import settings
from django.db.models import Prefetch

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Attachment, Case, Entry
from fairdesk.lib.files import stored_path
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


def build(customer: Customer) -> tuple[bytes, dict[str, int]]:
    """The archive's bytes, and how many cases, entries and files it holds."""
    files: list[tuple[str, Attachment]] = []
    cases = [_case(case, files) for case in customer_cases(customer)]
    document = {"customer": _customer(customer), "cases": cases}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, attachment in files:
            path = stored_path(settings.FAIRDESK_ATTACHMENT_DIR, attachment.sha256)
            if path.exists():
                archive.write(path, name)
    entries = sum(len(case["timeline"]) for case in cases)
    return buffer.getvalue(), {"cases": len(cases), "entries": entries, "files": len(files)}


def _customer(customer: Customer) -> dict:
    return {
        "name": customer.name,
        "phone": customer.phone,
        "language": customer.language,
        "emails": [email.address for email in customer.emails.all()],
        "organisation": customer.organisation.name if customer.organisation else None,
        "created_at": customer.created_at.isoformat(),
    }


def _case(case: Case, files: list) -> dict:
    return {
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
