"""The email channel's part of an erasure (registered in FAIRDESK_ERASURE_HOOKS).

Inbound mail of the erased cases, or sent from the customer's addresses, loses its raw
message (the compressed file in DATA_DIR/mail goes after commit), sender, subject and quoted
text; outbound mail to them loses its recipient, subject and composed bytes. The rows stay:
their Message-IDs still thread a late reply, and their states still count.

A customer erased who was on copy of another customer's case leaves it: they are no longer a
participant, and that case's mail keeps its words but loses them from its headers (the raw
file rewritten, `redact.py`) and its copies, and the case's facts lose their address.
"""

from contextlib import suppress

from django.db import transaction
from django.db.models import Q

from fairdesk.cases.models import AuditEvent, Entry
from fairdesk.channels.email.ingest import raw_folder, raw_message, store_raw
from fairdesk.channels.email.models import InboundMessage, OutboundMessage, Participant
from fairdesk.channels.email.redact import without_person
from fairdesk.lib.files import stored_path
from fairdesk.privacy.hooks import Erasure
from fairdesk.privacy.rows import scrub_rows
from fairdesk.privacy.scrub import mentions


def erase(*, erasure: Erasure) -> dict[str, int]:
    inbound = Q(case_id__in=erasure.case_ids)
    if erasure.customer_id is not None:
        for needle in erasure.needles:
            if "@" in needle:
                inbound |= Q(sender__icontains=needle)
    messages = InboundMessage.objects.filter(inbound)
    files = [name for name in messages.values_list("raw_file", flat=True) if name]
    blank = ("sender", "subject", "quoted_text", "raw_file")
    counts = {"inbound_mail": scrub_rows(messages, erasure.needles, blank=blank)}
    outbound = OutboundMessage.objects.filter(case_id__in=erasure.case_ids)
    blank = ("to_address", "subject", "raw", "last_error")
    counts["outbound_mail"] = scrub_rows(outbound, erasure.needles, blank=blank)
    counts["mail_files"] = len(files)
    if erasure.customer_id is not None:  # a retention run keeps the customer, and so this
        counts["mail_participants"] = _off_other_cases(erasure, files)
    transaction.on_commit(lambda: _remove(files))
    return counts


def _off_other_cases(erasure: Erasure, replaced: list[str]) -> int:
    """Take the customer off the cases of others they were on copy of; the number of cases.
    The raw files rewritten add their old names to `replaced`."""
    addresses = [needle for needle in erasure.needles if "@" in needle]
    copied = Participant.objects.filter(address__in=addresses).exclude(case_id__in=erasure.case_ids)
    case_ids = set(copied.values_list("case_id", flat=True))
    copied.delete()
    if not case_ids:
        return 0
    for inbound in InboundMessage.objects.filter(case_id__in=case_ids).exclude(raw_file=""):
        with suppress(FileNotFoundError):  # a file already gone holds nobody
            raw = raw_message(inbound)
            if (kept := without_person(raw, erasure.needles)) != raw:
                replaced.append(inbound.raw_file)
                inbound.raw_file = store_raw(kept)
                inbound.save(update_fields=["raw_file"])
    for outbound in OutboundMessage.objects.filter(case_id__in=case_ids):
        copies = [a for a in outbound.cc_addresses if not mentions(a, erasure.needles)]
        raw = without_person(bytes(outbound.raw), erasure.needles)
        if copies != outbound.cc_addresses or raw != bytes(outbound.raw):
            outbound.cc_addresses, outbound.raw = copies, raw
            outbound.save(update_fields=["cc_addresses", "raw"])
    # Facts that name them (participants added, a reply's copies); the texts stay the others'.
    scrub_rows(Entry.objects.filter(case_id__in=case_ids), erasure.needles, only=("data",))
    scrub_rows(AuditEvent.objects.filter(case_id__in=case_ids), erasure.needles, only=("data",))
    return len(case_ids)


def _remove(names: list[str]) -> None:
    still_used = set(
        InboundMessage.objects.filter(raw_file__in=names).values_list("raw_file", flat=True)
    )
    for name in set(names) - still_used:
        stored_path(raw_folder(), name).unlink(missing_ok=True)
