"""The queues' part of a customer's export (registered in FAIRDESK_EXPORT_HOOKS): the
callbacks booked on their cases, with the number given and the window."""

from fairdesk.privacy.hooks import Export, Sections, exports, rows
from fairdesk.queues.models import CallbackBooking


@exports("queues.CallbackBooking")
def export(*, export: Export) -> Sections:
    bookings = CallbackBooking.objects.filter(case_id__in=export.case_ids).order_by("created_at")
    return {
        "callbacks": rows(
            bookings,
            "case__reference",
            "phone",
            "state",
            "slot__starts_at",
            "slot__minutes",
            "created_at",
        )
    }
