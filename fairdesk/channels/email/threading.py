"""Which case an inbound message belongs to, and who may write to a case by email."""

from __future__ import annotations

from dataclasses import dataclass

from fairdesk.cases import selectors
from fairdesk.cases.models import Case
from fairdesk.channels.email.compose import find_reference
from fairdesk.channels.email.model import ParsedMessage
from fairdesk.channels.email.models import InboundMessage, OutboundMessage


@dataclass(frozen=True)
class ThreadMatch:
    """The case a message names, and how: "message-id" (our headers) or "reference" (subject)."""

    case: Case
    how: str


def match_case(parsed: ParsedMessage) -> ThreadMatch | None:
    """The case the message answers: In-Reply-To/References naming one of our Message-IDs (or
    an earlier inbound message of a case), else the "[FD-000123]" in the subject, else None."""
    ids = [i for i in (parsed.in_reply_to, *reversed(parsed.references)) if i]
    if ids:
        sent = (
            OutboundMessage.objects.filter(message_id__in=ids, case__isnull=False)
            .order_by("-created_at", "-id")
            .values_list("case_id", flat=True)
            .first()
        )
        received = (
            InboundMessage.objects.filter(message_id__in=ids, case__isnull=False)
            .order_by("-received_at", "-id")
            .values_list("case_id", flat=True)
            .first()
        )
        if case_id := sent or received:
            return ThreadMatch(case=_follow_merges(Case.objects.get(pk=case_id)), how="message-id")
    reference = find_reference(parsed.subject)
    if reference and (case := selectors.case_by_reference(reference)):
        return ThreadMatch(case=case, how="reference")
    return None


def participants(case: Case) -> set[str]:
    """The addresses that may add to `case` by email: its customer's and the colleagues
    put on CC (lower case)."""
    from fairdesk.channels.email import participants as mail_participants

    return mail_participants.addresses(case)


def is_participant(case: Case, address: str) -> bool:
    return address.strip().lower() in participants(case)


def _follow_merges(case: Case) -> Case:
    while case.merged_into is not None:
        case = case.merged_into
    return case
