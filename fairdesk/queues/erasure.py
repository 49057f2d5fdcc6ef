"""The queues' part of an erasure (registered in FAIRDESK_ERASURE_HOOKS): a callback
booking keeps its window and state (the seat's history) and loses the number it was to
call, a phone number being the person's own."""

from fairdesk.privacy.hooks import Erasure
from fairdesk.privacy.rows import scrub_rows
from fairdesk.queues.models import CallbackBooking


def erase(*, erasure: Erasure) -> dict[str, int]:
    bookings = CallbackBooking.objects.filter(case_id__in=erasure.case_ids)
    return {"callbacks": scrub_rows(bookings, erasure.needles, blank=("phone",))}
