"""A contract cancelled (or withdrawn from) through the public page (§ 312k, § 356a BGB).

What the customer is promised at once: the day the contract ends, the return label for any
device lent, our confirmation that the device arrived, and the final invoice.
"""

from django.utils.translation import gettext_lazy as _

from fairdesk.processes.definitions.base import Actor, Definition, EndsBy, StepDef

PROCESS = Definition(
    key="cancellation",
    label=_("Cancellation"),
    steps=(
        StepDef(
            key="confirm_contract",
            label=_("We find your contract and confirm the end date"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=1,
        ),
        StepDef(
            key="effective",
            label=_("Contract ends"),
            actor=Actor.SYSTEM,
            ends_by=(EndsBy.DATE,),
            promise_kind="cancellation_effective",
            date="effective_on",
        ),
        StepDef(
            key="return_label",
            label=_("Return label sent"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=2,
        ),
        StepDef(
            key="device_received",
            label=_("Device received"),
            actor=Actor.CARRIER,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=10,
            after="effective",
        ),
        StepDef(
            key="final_invoice",
            label=_("Final invoice"),
            actor=Actor.TEAM,
            ends_by=(EndsBy.AGENT, EndsBy.API),
            days=20,
            after="effective",
        ),
    ),
)
