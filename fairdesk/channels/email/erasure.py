"""The email channel's part of an erasure (registered in FAIRDESK_ERASURE_HOOKS).

Inbound mail of the erased cases, or sent from the customer's addresses, loses its raw
message (the compressed file in DATA_DIR/mail goes after commit), sender, subject and quoted
text; outbound mail to them loses its recipient, subject and composed bytes. The rows stay:
their Message-IDs still thread a late reply, and their states still count.
"""

from django.db import transaction
from django.db.models import Q

from fairdesk.channels.email.ingest import raw_folder
from fairdesk.channels.email.models import InboundMessage, OutboundMessage
from fairdesk.lib.files import stored_path
from fairdesk.privacy.hooks import Erasure
from fairdesk.privacy.rows import scrub_rows


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
    transaction.on_commit(lambda: _remove(files))
    counts["mail_files"] = len(files)
    return counts


def _remove(names: list[str]) -> None:
    still_used = set(
        InboundMessage.objects.filter(raw_file__in=names).values_list("raw_file", flat=True)
    )
    for name in set(names) - still_used:
        stored_path(raw_folder(), name).unlink(missing_ok=True)
