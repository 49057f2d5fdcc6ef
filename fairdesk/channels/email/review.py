"""An agent marks flagged mail as looked at, so the desk's flagged-mail list stops growing."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import AuditEvent
from fairdesk.channels.email.models import InboundMessage, InboundState
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, NotAllowed
from fairdesk.lib.transactions import service

# Only mail the channel handed to an agent can be reviewed; stored mail is already filed.
NEEDS_AN_AGENT = (InboundState.FLAGGED, InboundState.UNPARSED)


@service
def mark_reviewed(*, inbound: InboundMessage, agent: User) -> InboundMessage:
    """Record that `agent` looked at `inbound`; a second review of the same mail is refused.

    The claim is one conditional UPDATE, so of two agents clicking at once exactly one
    records the review (and its timeline entry); the other gets Conflict.
    """
    if not hasattr(agent, "agent"):
        raise NotAllowed(_("Only agents may review flagged mail."))
    if inbound.state not in NEEDS_AN_AGENT:
        raise Conflict(_("This email is not flagged for an agent."))
    now = clock.now()
    claimed = InboundMessage.objects.filter(pk=inbound.pk, reviewed_at__isnull=True).update(
        reviewed_at=now, reviewed_by=agent
    )
    if not claimed:
        raise Conflict(_("This email has already been marked as reviewed."))
    inbound.reviewed_at, inbound.reviewed_by = now, agent
    data = {
        "mail": "reviewed",
        "inbound": inbound.pk,
        "state": inbound.state,
        "sender": inbound.sender,
    }
    if inbound.case is None:
        AuditEvent.objects.create(at=now, action="mail.reviewed", actor_user=agent, data=data)
    else:
        # record_event writes the audit event beside the timeline entry.
        cases.record_event(
            case=inbound.case,
            data=data,  # said in each agent's language from these facts (fairdesk.texts)
            agent=agent,
            audit="mail.reviewed",
        )
    return inbound
