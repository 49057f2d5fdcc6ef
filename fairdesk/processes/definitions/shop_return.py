"""A web-shop return (RMA): label, parcel, inspection, and the refund, replacement or repair."""

from django.utils.translation import gettext_lazy as _

from fairdesk.processes.definitions.base import Actor, Definition, EndsBy, StepDef

PROCESS = Definition(
    key="shop_return",
    label=_("Return"),
    steps=(
        StepDef(
            key="label_sent",
            label=_("Return label sent"),
            actor=Actor.SYSTEM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=1,
        ),
        StepDef(
            key="received",
            label=_("Parcel received"),
            actor=Actor.CUSTOMER,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            promise_kind="",
            days=10,
            after="label_sent",
        ),
        StepDef(
            key="inspected",
            label=_("Items inspected"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT,),
            days=2,
            after="received",
            after_done=True,
        ),
        StepDef(
            key="settled",
            label=_("Refund, replacement or repair"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            promise_kind="refund",
            # Set when the parcel arrives, from rules.refund_deadline.
            date="refund_by",
        ),
    ),
)
