"""A lent device sent back (a router after a cancellation), step by step."""

from django.utils.translation import gettext_lazy as _

from fairdesk.processes.definitions.base import Actor, Definition, EndsBy, StepDef

PROCESS = Definition(
    key="device_return",
    label=_("Device return"),
    steps=(
        StepDef(
            key="label_sent",
            label=_("Return label sent"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=2,
        ),
        StepDef(
            key="in_transit",
            label=_("Parcel on its way"),
            actor=Actor.CUSTOMER,
            ends_by=(EndsBy.API, EndsBy.AGENT),
            promise_kind="",
            days=10,
            after="label_sent",
        ),
        StepDef(
            key="received",
            label=_("Device received"),
            actor=Actor.CARRIER,
            ends_by=(EndsBy.API, EndsBy.AGENT),
            promise_kind="",
            days=3,
            after="in_transit",
        ),
        StepDef(
            key="inspected",
            label=_("Device inspected"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT,),
            days=3,
            after="received",
            after_done=True,
        ),
        StepDef(
            key="closed",
            label=_("Return closed"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT,),
            promise_kind="",
            days=1,
            after="inspected",
            after_done=True,
        ),
    ),
)
