"""The case page's promises and credits: their rows, the forms on each row, the actions.

Each row carries its own small forms (mark kept, withdraw; confirm, reject). After a refused
post the page shows the posted form, with its error, on the row it was about.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.http import Http404

from fairdesk.cases.models import Case
from fairdesk.desk import forms
from fairdesk.promises import credits as credit_services
from fairdesk.promises import services as promise_services
from fairdesk.promises.models import Credit, CreditState, Promise, State
from fairdesk.promises.selectors import credits_for

PROMISE_FORMS = {
    "keep_promise": forms.KeepPromiseForm,
    "withdraw_promise": forms.WithdrawPromiseForm,
}
CREDIT_FORMS = {"confirm_credit": forms.ConfirmCreditForm, "reject_credit": forms.RejectCreditForm}


def _promise_on(case: Case, data: dict) -> Promise:
    # Only a promise of this very case: an id from another case is no promise here.
    promise = Promise.objects.filter(pk=data["promise"], case=case).first()
    if promise is None:
        raise Http404("No such promise.")
    return promise


def _credit_on(case: Case, data: dict) -> Credit:
    credit = Credit.objects.filter(pk=data["credit"], case=case).first()
    if credit is None:
        raise Http404("No such credit.")
    return credit


def keep_promise(case: Case, agent: User, data: dict) -> None:
    promise_services.mark_kept_by_agent(promise=_promise_on(case, data), agent=agent)


def withdraw_promise(case: Case, agent: User, data: dict) -> None:
    promise_services.withdraw_promise(
        promise=_promise_on(case, data), agent=agent, reason=data["reason"]
    )


def confirm_credit(case: Case, agent: User, data: dict) -> None:
    credit_services.confirm_credit(credit=_credit_on(case, data), agent=agent, note=data["note"])


def reject_credit(case: Case, agent: User, data: dict) -> None:
    credit_services.reject_credit(credit=_credit_on(case, data), agent=agent, note=data["note"])


def _row_forms(
    kinds: Mapping[str, type[forms.DeskForm]], key: str, row_id: int, bound: dict, open_: bool
) -> dict[str, forms.DeskForm]:
    """The row's forms: the posted one if it was about this row, else blank ones.

    Each row's fields get their own ids, so labels point at the right field.
    """
    found = {}
    for action, form_class in kinds.items():
        posted = bound.get(action)
        if posted is not None and posted.data.get(f"{action}-{key}") == str(row_id):
            form = posted
        elif open_:
            form = form_class(prefix=action, initial={key: row_id})
        else:
            continue
        form.auto_id = f"id_%s_{row_id}"
        found[action] = form
    return found


def promise_rows(promises: list[dict], bound: dict) -> list[dict]:
    """The case's promises, each pending one with its mark-kept and withdraw forms."""
    return [
        {
            **promise,
            "forms": _row_forms(
                PROMISE_FORMS, "promise", promise["id"], bound, promise["state"] == State.PENDING
            ),
        }
        for promise in promises
    ]


def credit_rows(case: Case, promises: list[dict], bound: dict) -> list[dict]:
    """The case's credits with amount in euros, the rules that owe them and the promise."""
    labels = {promise["id"]: promise["description"] for promise in promises}
    return [
        {
            **credit,
            "amount": Decimal(credit["amount_cents"]) / 100,
            "rules": list(dict.fromkeys(line["rule"] for line in credit["lines"])),
            "promise_label": labels.get(credit["promise"], ""),
            "forms": _row_forms(
                CREDIT_FORMS, "credit", credit["id"], bound, credit["state"] == CreditState.PENDING
            ),
        }
        for credit in credits_for(case, public_only=False)
    ]
