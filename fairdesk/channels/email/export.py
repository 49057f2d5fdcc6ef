"""The email channel's part of a customer's export (registered in FAIRDESK_EXPORT_HOOKS):
the mail we received and sent on their cases (addresses, subject, when; the texts are the
cases' timeline entries) and the addresses that take part in their cases' mail."""

from fairdesk.channels.email.models import InboundMessage, OutboundMessage, Participant
from fairdesk.privacy.hooks import Export, Sections, exports, rows


@exports("mail.InboundMessage", "mail.OutboundMessage", "mail.Participant")
def export(*, export: Export) -> Sections:
    ids = export.case_ids
    return {
        "mail_received": rows(
            InboundMessage.objects.filter(case_id__in=ids).order_by("received_at", "pk"),
            "case__reference",
            "sender",
            "subject",
            "received_at",
        ),
        "mail_sent": rows(
            OutboundMessage.objects.filter(case_id__in=ids).order_by("created_at", "pk"),
            "case__reference",
            "kind",
            "to_address",
            "cc_addresses",
            "subject",
            "state",
            "sent_at",
        ),
        "mail_participants": rows(
            Participant.objects.filter(case_id__in=ids).order_by("added_at", "pk"),
            "case__reference",
            "address",
            "name",
            "added_at",
        ),
    }
