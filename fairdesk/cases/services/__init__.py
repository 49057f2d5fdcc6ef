"""Every change to a case: one function per intent, one transaction each, each writing its
timeline entry and audit event. Views, API, commands and tasks all come through here.

The functions live in modules by intent; this package is the one name callers import.
"""

from fairdesk.cases.services.categories import add_category, edit_category
from fairdesk.cases.services.changes import UNCHANGED, CaseChanges, Handover, change_case
from fairdesk.cases.services.due import keep_next_due, recount_next_due
from fairdesk.cases.services.intake import (
    Intake,
    add_customer_message,
    open_case,
    open_case_for_address,
    open_case_for_caller,
    open_new_case,
)
from fairdesk.cases.services.ownership import assign, hand_over, take
from fairdesk.cases.services.presence import report_presence
from fairdesk.cases.services.replays import write_once
from fairdesk.cases.services.rows import (
    NewAttachment,
    created_here,
    created_here_id,
    write_pending_audit,
)
from fairdesk.cases.services.status import (
    change_priority,
    change_status,
    reopen,
    resolve_by_customer,
)
from fairdesk.cases.services.structure import (
    change_category,
    create_category,
    give_address,
    link_cases,
    merge_cases,
    rename_case,
    set_tags,
    split_off,
)
from fairdesk.cases.services.timeline import (
    NewEvent,
    add_note,
    record_call,
    record_diagnostic,
    record_event,
    record_events,
    reply,
    tell_customer,
)

__all__ = [
    "UNCHANGED",
    "CaseChanges",
    "Handover",
    "Intake",
    "NewAttachment",
    "NewEvent",
    "add_category",
    "assign",
    "add_customer_message",
    "add_note",
    "change_case",
    "change_category",
    "change_priority",
    "change_status",
    "create_category",
    "created_here",
    "created_here_id",
    "write_pending_audit",
    "edit_category",
    "give_address",
    "hand_over",
    "keep_next_due",
    "link_cases",
    "merge_cases",
    "open_case",
    "open_case_for_address",
    "open_case_for_caller",
    "open_new_case",
    "record_call",
    "record_diagnostic",
    "record_event",
    "record_events",
    "recount_next_due",
    "rename_case",
    "reopen",
    "reply",
    "report_presence",
    "resolve_by_customer",
    "set_tags",
    "split_off",
    "take",
    "tell_customer",
    "write_once",
]
