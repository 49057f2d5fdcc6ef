"""/api/v1/cases/{reference}/promises and /credits: agents make, keep and withdraw promises
and decide credits; customers see their visible promises and what they are owed."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from fairdesk.api import policy
from fairdesk.api.cases import _caller, _case
from fairdesk.api.schemas import PromiseOut
from fairdesk.promises import credits, selectors, services
from fairdesk.promises.models import AGENT_KINDS

router = Router(tags=["promises"])


class PromiseIn(Schema):
    kind: Literal[tuple(k.value for k in AGENT_KINDS)]  # type: ignore[valid-type]
    due_at: datetime = Field(description="When it is kept at the latest (a window's end).")
    window_start: datetime | None = Field(None, description="Appointments: the window's start.")
    description: str = Field("", max_length=500, description="Required for custom promises.")
    reason: str = Field("", max_length=1000)
    visible: bool = True


class PromisePatch(Schema):
    state: Literal["kept", "withdrawn"]
    reason: str = Field(
        "", max_length=1000, description="Required to withdraw: the customer reads it."
    )


class CreditLine(Schema):
    day: int
    date: str
    amount_cents: int
    rule: str


class CreditOut(Schema):
    id: int
    promise: int
    state: str
    amount_cents: int
    lines: list[CreditLine]
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_promise(credit) -> int:
        return credit.promise_id


class CreditPatch(Schema):
    state: Literal["confirmed", "rejected"]
    note: str = Field("", max_length=1000, description="Required to reject.")


@router.get("/{reference}/promises", response=list[PromiseOut], summary="The case's promises")
def list_promises(request: HttpRequest, reference: str):
    caller = _caller(request)
    return selectors.promises_for(
        _case(request, reference), public_only=not policy.sees_internal(caller)
    )


@router.post("/{reference}/promises", response={201: PromiseOut}, summary="Make a promise")
def make_promise(request: HttpRequest, reference: str, payload: PromiseIn):
    agent = policy.require_agent(_caller(request))
    promise = services.make_promise(case=_case(request, reference), agent=agent, **payload.dict())
    return Status(201, promise)


@router.patch(
    "/{reference}/promises/{promise_id}",
    response=PromiseOut,
    summary="Mark a promise kept, or withdraw it with a reason",
)
def change_promise(request: HttpRequest, reference: str, promise_id: int, payload: PromisePatch):
    agent = policy.require_agent(_caller(request))
    promise = selectors.promise_on(_case(request, reference), promise_id)
    if payload.state == "withdrawn":
        services.withdraw_promise(promise=promise, agent=agent, reason=payload.reason)
    else:
        services.mark_kept_by_agent(promise=promise, agent=agent, note=payload.reason)
    return promise


@router.get("/{reference}/credits", response=list[CreditOut], summary="What the case owes")
def list_credits(request: HttpRequest, reference: str):
    caller = _caller(request)
    return selectors.credits_for(
        _case(request, reference), public_only=not policy.sees_internal(caller)
    )


@router.patch(
    "/{reference}/credits/{credit_id}",
    response=CreditOut,
    summary="Confirm or reject a pending credit",
)
def decide_credit(request: HttpRequest, reference: str, credit_id: int, payload: CreditPatch):
    agent = policy.require_agent(_caller(request))
    credit = selectors.credit_on(_case(request, reference), credit_id)
    credit = credits.decide_credit(
        credit=credit, agent=agent, confirm=payload.state == "confirmed", note=payload.note
    )
    return credit
