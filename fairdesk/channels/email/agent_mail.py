"""Mail to an agent (a notification digest) through the outbound path customers' mail takes:
a row written in the caller's transaction, composed at once (it concerns no single case),
sent by the lease-claiming sender after commit, retried by the periodic job."""

from django.conf import settings

from fairdesk.channels.email.compose import compose, new_message_id
from fairdesk.channels.email.models import OutboundKind, OutboundMessage
from fairdesk.channels.email.outbound import announce, serialise
from fairdesk.lib import clock


def queue_agent_mail(*, to_address: str, subject: str, body: str) -> OutboundMessage:
    """Queue a plain-text mail to an agent; `settings.FAIRDESK_NOTIFICATION_MAILER`."""
    message_id = new_message_id(settings.FAIRDESK_MAIL_DOMAIN)
    now = clock.now()
    message = compose(
        from_addr=(settings.FAIRDESK_MAIL_FROM_NAME, settings.FAIRDESK_MAIL_FROM),
        to_addrs=[to_address],
        subject=subject,
        text=body,
        message_id_domain=settings.FAIRDESK_MAIL_DOMAIN,
        message_id=message_id,
        auto_submitted="auto-generated",
        date=now,
    )
    outbound = OutboundMessage.objects.create(
        message_id=message_id,
        case=None,
        kind=OutboundKind.AGENT,
        to_address=to_address,
        subject=subject[:300],
        raw=serialise(message),
        created_at=now,
    )
    announce(outbound.pk)
    return outbound
