"""The line order: confirmed by mail at once with every milestone's date."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.cases import services as cases
from fairdesk.cases.models import Channel
from fairdesk.lib.errors import Conflict
from fairdesk.lib.transactions import service
from fairdesk.processes.definitions import definition
from fairdesk.processes.models import Order, OrderKind, Process
from fairdesk.processes.services.engine import start_process
from fairdesk.processes.services.notify import tell_customer
from fairdesk.processes.texts import facts
from fairdesk.promises import services as promises


@service
def start_activation(*, order: Order, switch_on=None) -> Process:
    """Open the case of a line order with its dated milestones, and confirm the order by
    mail at once (the six weeks without any confirmation must not happen again)."""
    if order.kind != OrderKind.ACTIVATION:
        raise Conflict(_("Only line orders are activated."), field="kind")
    if order.processes.filter(definition="activation").exists():
        raise Conflict(_("This order is already being activated."), field="number")
    case = cases.open_new_case(
        customer=order.customer,
        subject=_("Your order %(o)s") % {"o": order.number},
        body=_("Order %(o)s received.") % {"o": order.number},
        channel=Channel.API,
        acknowledged_by="process",  # the confirmation is the acknowledgment
    ).case
    process = start_process(
        case=case,
        key="activation",
        order=order,
        contract=order.contract,
        dates={"switch_on": switch_on} if switch_on else {},
    )
    steps = list(process.steps.all())
    spec = definition("activation")
    with translation.override(order.customer.language or "de"):
        body = render_to_string(
            "processes/text/order_confirmation.txt",
            {"order": order, "milestones": [(spec.step(s.key).label, s.due_on) for s in steps]},
        )
    tell_customer(
        case=case,
        body=body,
        data=facts(
            "order_confirmed",
            order=order.number,
            definition="activation",
            milestones=[[s.key, s.due_on.isoformat() if s.due_on else None] for s in steps],
        ),
        audit="process.order_confirmed",
    )
    # The order confirmation is the answer; the milestones are the promises from here.
    promises.hand_over_to_steps(case=case, answered=True)
    return process
