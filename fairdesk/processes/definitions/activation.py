"""An internet line ordered and switched on: every milestone dated at the order."""

from django.utils.translation import gettext_lazy as _

from fairdesk.processes.definitions.base import Actor, Definition, EndsBy, StepDef

PROCESS = Definition(
    key="activation",
    label=_("Order and activation"),
    steps=(
        StepDef(
            key="order_checked",
            label=_("Order checked"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=1,
        ),
        StepDef(
            key="line_ordered",
            label=_("Line ordered from the network operator"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=2,
            after="order_checked",
        ),
        StepDef(
            key="router_shipped",
            label=_("Router shipped"),
            actor=Actor.CARRIER,
            ends_by=(EndsBy.API, EndsBy.AGENT),
            days=3,
            after="line_ordered",
        ),
        StepDef(
            key="switch",
            label=_("Switch date"),
            actor=Actor.SYSTEM,
            ends_by=(EndsBy.API, EndsBy.AGENT),
            days=10,
            after="line_ordered",
        ),
        StepDef(
            key="activated",
            label=_("Line activated"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.API, EndsBy.AGENT),
            days=0,
            after="switch",
        ),
    ),
)
