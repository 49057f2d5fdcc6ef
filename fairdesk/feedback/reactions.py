"""The feedback check on replies: a reply that asks for a rating must not lead the answer.

A case reaction (settings.FAIRDESK_CASE_REACTIONS, listed first): it raises inside the reply's
transaction, so a leading reply is refused whole, with the reason, and nothing is sent.
"""

from fairdesk.cases.events import Event
from fairdesk.cases.models import Case, Entry
from fairdesk.feedback import wording
from fairdesk.feedback.services import wording_refusal
from fairdesk.lib.errors import DomainError


def on_case_event(*, case: Case, event: Event, entry: Entry | None = None, **facts: object) -> None:
    if event != Event.PUBLIC_REPLY or entry is None:
        return
    if wording.is_rating_request(entry.body) and (refusal := wording_refusal(entry.body)):
        raise DomainError(refusal, field="body")
