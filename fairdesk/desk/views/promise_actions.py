"""The case page's promises and credits: their rows, the forms on each row, the actions.

Each row carries its own small forms (mark kept, withdraw; confirm, reject). After a refused
post the page shows the posted form, with its error, on the row it was about.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User

from fairdesk.cases.models import Case
from fairdesk.desk import forms
from fairdesk.promises import credits as credit_services
from fairdesk.promises import services as promise_services
from fairdesk.promises.models import Credit, CreditState, Promise, State
from fairdesk.promises.selectors import credit_on, credits_for, promise_on

PROMISE_FORMS = {
    "keep_promise": forms.KeepPromiseForm,
    "withdraw_promise": forms.WithdrawPromiseForm,
}
CREDIT_FORMS = {"confirm_credit": forms.ConfirmCreditForm, "reject_credit": forms.RejectCreditForm}


def _promise_on(case: Case, data: dict) -> Promise:
    return promise_on(case, data["promise"])


def _credit_on(case: Case, data: dict) -> Credit:
    return credit_on(case, data["credit"])


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


@dataclass(frozen=True)
class PromiseRow:
    promise: Promise
    forms: dict[str, forms.DeskForm]


@dataclass(frozen=True)
class CreditRow:
    """A credit (its amount, rules and promise come with it) and the forms on its row."""

    credit: Credit
    forms: dict[str, forms.DeskForm]


def promise_rows(promises: list[Promise], bound: dict) -> list[PromiseRow]:
    """The case's promises, each pending one with its mark-kept and withdraw forms."""
    return [
        PromiseRow(
            promise,
            _row_forms(PROMISE_FORMS, "promise", promise.pk, bound, promise.state == State.PENDING),
        )
        for promise in promises
    ]


def credit_rows(case: Case, bound: dict) -> list[CreditRow]:
    """The case's credits, each pending one with its confirm and reject forms."""
    return [
        CreditRow(
            credit,
            _row_forms(
                CREDIT_FORMS, "credit", credit.pk, bound, credit.state == CreditState.PENDING
            ),
        )
        for credit in credits_for(case, public_only=False)
    ]
