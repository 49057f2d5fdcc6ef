"""Every change the queues make: one function per intent, in modules by intent.

Seats (presence, absences, caps), assignment (automatic, take next, the periodic pass),
expediting, and the prediction at intake. Callers import `fairdesk.queues.services`.
"""

from fairdesk.queues.services.assign import assign_case, assign_waiting, take_next
from fairdesk.queues.services.callbacks import (
    book_callback,
    bookable_until,
    cancel_callback,
    free_windows,
)
from fairdesk.queues.services.calls import (
    book_callback_asap,
    record_call_attempt,
    set_callback_seats,
    set_window_seats,
)
from fairdesk.queues.services.expedite import expedite
from fairdesk.queues.services.filters import delete_filter, save_filter
from fairdesk.queues.services.load import keep_load, recount_loads
from fairdesk.queues.services.predict import predict_first_response
from fairdesk.queues.services.seats import add_absence, seat_of, set_presence, set_seat
from fairdesk.queues.services.waiting import keep_waiting, recount_waiting

__all__ = [
    "add_absence",
    "assign_case",
    "assign_waiting",
    "book_callback",
    "book_callback_asap",
    "cancel_callback",
    "delete_filter",
    "expedite",
    "bookable_until",
    "free_windows",
    "keep_load",
    "keep_waiting",
    "predict_first_response",
    "recount_loads",
    "recount_waiting",
    "record_call_attempt",
    "save_filter",
    "seat_of",
    "set_callback_seats",
    "set_presence",
    "set_seat",
    "set_window_seats",
    "take_next",
]
