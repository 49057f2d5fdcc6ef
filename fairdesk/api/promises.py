"""/api/v1/cases/{reference}/promises and /credits: agents make, keep and withdraw promises
and decide credits; customers see their visible promises and what they are owed."""

from django.http import Http404, HttpRequest
from ninja import Router, Status

from fairdesk.api import policy
from fairdesk.api.schemas import CreditOut, CreditPatch, PromiseIn, PromiseOut, PromisePatch
from fairdesk.cases.models import Case
from fairdesk.promises import credits, selectors, services
from fairdesk.promises.models import Credit, CreditState, Promise, State

router = Router(tags=["promises"])


def _promise(case: Case, promise_id: int, *, public_only: bool) -> Promise:
    found = Promise.objects.filter(case=case, pk=promise_id)
    if public_only:
        found = found.filter(visible=True)
    promise = found.select_related("case", "made_by", "policy").first()
    if promise is None:
        raise Http404(f"No promise {promise_id} on {case.reference}.")
    return promise


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
    return Status(201, selectors.promise_out(promise))


@router.patch(
    "/{reference}/promises/{promise_id}",
    response=PromiseOut,
    summary="Mark a promise kept, or withdraw it with a reason",
)
def change_promise(request: HttpRequest, reference: str, promise_id: int, payload: PromisePatch):
    agent = policy.require_agent(policy.caller(request))
    promise = _promise(policy.case_or_404(request, reference), promise_id, public_only=False)
    if payload.state == State.WITHDRAWN:
        services.withdraw_promise(promise=promise, agent=agent, reason=payload.reason)
    else:
        services.mark_kept_by_agent(promise=promise, agent=agent, note=payload.reason)
    return selectors.promise_out(promise)


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
    case = policy.case_or_404(request, reference)
    credit = (
        Credit.objects.filter(case=case, pk=credit_id).select_related("promise", "case").first()
    )
    if credit is None:
        raise Http404(f"No credit {credit_id} on {case.reference}.")
    credit = credits.decide_credit(
        credit=credit,
        agent=agent,
        confirm=payload.state == CreditState.CONFIRMED,
        note=payload.note,
    )
    return selectors.credit_out(credit)
