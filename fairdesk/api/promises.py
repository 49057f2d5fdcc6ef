"""/api/v1/cases/{reference}/promises and /credits: agents make, keep and withdraw promises
and decide credits; customers see their visible promises and what they are owed."""

from django.http import HttpRequest
from ninja import Router, Status

from fairdesk.api import policy
from fairdesk.api.schemas import CreditOut, CreditPatch, PromiseIn, PromiseOut, PromisePatch
from fairdesk.promises import credits, selectors, services
from fairdesk.promises.models import CreditState, State

router = Router(tags=["promises"])


@router.get("/{reference}/promises", response=list[PromiseOut], summary="The case's promises")
def list_promises(request: HttpRequest, reference: str):
    caller = policy.caller(request)
    return selectors.promises_for(
        policy.case_or_404(request, reference), public_only=not policy.sees_internal(caller)
    )


@router.post("/{reference}/promises", response={201: PromiseOut}, summary="Make a promise")
def make_promise(request: HttpRequest, reference: str, payload: PromiseIn):
    agent = policy.require_agent(policy.caller(request))
    promise = services.make_promise(
        case=policy.case_or_404(request, reference), agent=agent, **payload.dict()
    )
    return Status(201, promise)


@router.patch(
    "/{reference}/promises/{promise_id}",
    response=PromiseOut,
    summary="Mark a promise kept, or withdraw it with a reason",
)
def change_promise(request: HttpRequest, reference: str, promise_id: int, payload: PromisePatch):
    agent = policy.require_agent(policy.caller(request))
    promise = selectors.promise_on(policy.case_or_404(request, reference), promise_id)
    if payload.state == State.WITHDRAWN:
        services.withdraw_promise(promise=promise, agent=agent, reason=payload.reason)
    else:
        services.mark_kept_by_agent(promise=promise, agent=agent, note=payload.reason)
    return promise


@router.get("/{reference}/credits", response=list[CreditOut], summary="What the case owes")
def list_credits(request: HttpRequest, reference: str):
    caller = policy.caller(request)
    return selectors.credits_for(
        policy.case_or_404(request, reference), public_only=not policy.sees_internal(caller)
    )


@router.patch(
    "/{reference}/credits/{credit_id}",
    response=CreditOut,
    summary="Confirm or reject a pending credit",
)
def decide_credit(request: HttpRequest, reference: str, credit_id: int, payload: CreditPatch):
    agent = policy.require_agent(policy.caller(request))
    credit = selectors.credit_on(policy.case_or_404(request, reference), credit_id)
    credit = credits.decide_credit(
        credit=credit,
        agent=agent,
        confirm=payload.state == CreditState.CONFIRMED,
        note=payload.note,
    )
    return credit
