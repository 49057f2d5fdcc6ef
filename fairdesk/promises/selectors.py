"""Read queries about promises and credits: model instances, which each interface shapes."""

from django.http import Http404

from fairdesk.cases.models import Case
from fairdesk.promises.models import Credit, CreditState, Promise


def promises_for(case: Case, *, public_only: bool) -> list[Promise]:
    """The case's promises, oldest first, with who made them (for `made_by_label`)."""
    promises = Promise.objects.filter(case=case).select_related("made_by", "policy")
    if public_only:
        promises = promises.filter(visible=True)
    return list(promises)


def credits_for(case: Case, *, public_only: bool) -> list[Credit]:
    """What broken promises owe the customer; a customer does not see rejected proposals."""
    credits = Credit.objects.filter(case=case).select_related("promise")
    if public_only:
        credits = credits.exclude(state=CreditState.REJECTED)
    return list(credits)


def promise_on(case: Case, promise_id: int | str, *, public_only: bool = False) -> Promise:
    """This case's promise `promise_id`, else 404: an id from another case is no promise here."""
    found = Promise.objects.filter(case=case, pk=promise_id)
    if public_only:
        found = found.filter(visible=True)
    promise = found.select_related("case", "made_by", "policy").first()
    if promise is None:
        raise Http404(f"No promise {promise_id} on {case.reference}.")
    return promise


def credit_on(case: Case, credit_id: int | str) -> Credit:
    """This case's credit `credit_id`, else 404."""
    credit = Credit.objects.filter(case=case, pk=credit_id).select_related("promise", "case")
    found = credit.first()
    if found is None:
        raise Http404(f"No credit {credit_id} on {case.reference}.")
    return found
