"""The one-step cancellation and withdrawal (§ 312k, § 356a BGB): one service takes the
declaration, stores it, confirms it by mail and opens the case with its promises."""

import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Customer
from fairdesk.cases import services as cases
from fairdesk.cases.models import Channel
from fairdesk.lib import clock
from fairdesk.lib.dates import day_text
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service
from fairdesk.processes import rules
from fairdesk.processes.models import Declaration, DeclarationKind, Order
from fairdesk.processes.services.engine import (
    complete_step,
    holidays,
    set_date,
    start_process,
    today,
    zone,
)
from fairdesk.processes.services.notify import tell_customer
from fairdesk.processes.services.returns import left_to_return, open_return, returned_before
from fairdesk.promises import services as promises
from fairdesk.promises.models import Contract, ContractState

# An end date wanted more than this many years ahead is a typo (no contract runs that long;
# the longest minimum term is ten years), and one near the year 9999 cannot be planned.
LATEST_YEARS = 30


@dataclass(frozen=True)
class DeclarationIn:
    """What the law lets the page ask, and nothing more."""

    kind: str
    name: str
    contract_number: str
    email: str
    reason: str = ""
    customer_number: str = ""
    wanted_on: date | None = None
    language: str = "de"


def _clean(data: DeclarationIn) -> DeclarationIn:
    name = " ".join(data.name.split())[:200]
    number = "".join(data.contract_number.split())[:60]
    email = data.email.strip()
    reason = " ".join(data.reason.split())[:1000]
    if data.kind not in DeclarationKind.values:
        raise DomainError(_("Choose the type of declaration."), field="kind")
    if not name:
        raise DomainError(_("Please give your name."), field="name")
    if not number:
        raise DomainError(_("Please give your contract or order number."), field="contract_number")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Please give a valid email address."), field="email") from None
    if data.kind == DeclarationKind.EXTRAORDINARY and not reason:
        raise DomainError(_("Please give the reason for cancelling for cause."), field="reason")
    if data.wanted_on is not None and data.wanted_on < today():
        raise DomainError(
            _("That date has passed. Leave it empty to end on the earliest possible date."),
            field="wanted_on",
        )
    if data.wanted_on is not None and data.wanted_on.year > today().year + LATEST_YEARS:
        raise DomainError(
            _("That date is too far ahead. Leave it empty to end on the earliest possible date."),
            field="wanted_on",
        )
    return DeclarationIn(
        kind=data.kind,
        name=name,
        contract_number=number,
        email=email,
        reason=reason,
        customer_number=" ".join(data.customer_number.split())[:60],
        wanted_on=data.wanted_on,
        language=data.language if data.language in ("de", "en") else "de",
    )


def _identified(customer: Customer, data: DeclarationIn) -> bool:
    """The number is not enough: the name or an address of the customer must match too."""
    addresses = {e.address.lower() for e in customer.emails.all()}
    return data.email.lower() in addresses or customer.name.casefold() == data.name.casefold()


def _by_number(rows, number: str):
    """The row with this number; else the one a customer typed in other letters ("v-1001")."""
    return rows.filter(number=number).first() or rows.filter(number__iexact=number).first()


def _match(data: DeclarationIn) -> tuple[Contract | None, Order | None]:
    # Locked: two submissions for one contract in the same second are taken one by one.
    contracts = Contract.objects.select_for_update(of=("self",)).select_related("customer")
    contract = _by_number(contracts, data.contract_number)
    if contract is not None:
        return (contract, None) if _identified(contract.customer, data) else (None, None)
    if data.kind == DeclarationKind.WITHDRAWAL:
        order = _by_number(Order.objects.select_related("customer"), data.contract_number)
        if order is not None and _identified(order.customer, data):
            return None, order
    return None, None


def _first(data: DeclarationIn, contract, order, customer) -> Declaration | None:
    earlier = Declaration.objects.filter(first__isnull=True).select_related("case")
    if contract is not None:
        return earlier.filter(contract=contract).first()
    if order is not None:
        return earlier.filter(order=order).first()
    return earlier.filter(
        contract__isnull=True,
        order__isnull=True,
        contract_number=data.contract_number,
        customer=customer,
    ).first()


def _withdrawal_deadline(start: date) -> date:
    """The last day to withdraw, past weekends and the public holidays of the default
    calendar (§ 193 BGB: a period ending on Christmas Day runs to the next working day)."""
    return rules.withdrawal_deadline(start, holidays(start))


def _effective(data: DeclarationIn, contract, order, received_on: date):
    """(end date, outcome) or (None, "") when an agent must look at the contract first."""
    if order is not None:
        deadline = _withdrawal_deadline(order.delivered_on or order.ordered_on)
        if received_on > deadline:
            raise DomainError(
                _("The withdrawal period for this order ended on %(d)s.")
                % {"d": day_text(deadline)},
                field="kind",
            )
        return received_on, rules.Outcome.AS_WANTED
    if contract is None or contract.starts_on is None:
        return None, ""
    kind = rules.CancellationKind(data.kind)
    if kind == rules.CancellationKind.WITHDRAWAL:
        deadline = _withdrawal_deadline(contract.concluded_on or contract.starts_on)
        if received_on > deadline:
            raise DomainError(
                _("The withdrawal period ended on %(d)s. You can still cancel the contract.")
                % {"d": day_text(deadline)},
                field="kind",
            )
    terms = rules.Terms(
        starts_on=contract.starts_on,
        minimum_term_months=contract.minimum_term_months,
        notice=contract.notice,
        notice_unit=rules.Unit(contract.notice_unit),
        at_month_end=contract.at_month_end,
    )
    result = rules.effective_date(terms, received_on=received_on, kind=kind, wanted=data.wanted_on)
    return result.ends_on, result.outcome


def declaration_texts(
    declaration: Declaration, language: str, repeat_of: Declaration | None = None
):
    with translation.override(language):
        already, all_returned = returned_before(declaration)
        context = {
            "d": declaration,
            "first": repeat_of,
            "zone": zone(),
            "already": already,
            "all_returned": all_returned,
        }
        statement = render_to_string("processes/text/declaration.txt", context)
        confirmation = render_to_string("processes/text/confirmation.txt", context)
        # capfirst, not capitalize(): that lowercases the rest, and German nouns with it.
        subject = capfirst(str(DeclarationKind(declaration.kind).label))
    return subject, statement, confirmation


@service
def declare(*, data: DeclarationIn) -> Declaration:
    """Take a cancellation or withdrawal: store it as received, open its case with the
    promises, and confirm it by mail at once. A second one for the same contract joins the
    first case instead of starting over."""
    data = _clean(data)
    now = clock.now()
    received_on = now.astimezone(zone()).date()
    contract, order = _match(data)
    owner = (contract or order).customer if (contract or order) else None
    customer = owner or accounts.get_or_create_customer(
        email=data.email, name=data.name, language=data.language
    )
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    first = _first(data, contract, order, customer)
    effective_on, outcome = (
        (first.effective_on, first.outcome)
        if first
        else _effective(data, contract, order, received_on)
    )
    declaration = Declaration(
        kind=data.kind,
        reason=data.reason,
        name=data.name,
        customer_number=data.customer_number,
        contract_number=data.contract_number,
        email=data.email,
        wanted_on=data.wanted_on,
        received_at=now,
        token=secrets.token_urlsafe(32),
        contract=contract,
        order=order,
        customer=customer,
        first=first,
        effective_on=effective_on,
        outcome=outcome,
        language=customer.language if customer.language_chosen else data.language,
    )
    if declaration.language != customer.language:  # later mail (the label) follows it
        accounts.set_language(customer=customer, language=declaration.language, chosen=False)
    subject, statement, confirmation = declaration_texts(declaration, declaration.language, first)
    on_returns = ""  # the returns already holding all of a withdrawn order
    if first is not None:
        declaration.case = first.case
        cases.add_customer_message(
            case=first.case, customer=customer, body=statement, channel=Channel.WEB
        )
    else:
        declaration.case = cases.open_new_case(
            customer=customer,
            subject=f"{subject} {data.contract_number}",
            body=statement,
            channel=Channel.WEB,
            acknowledged_by="process",  # the confirmation is the acknowledgment
        ).case
        on_returns = _start(declaration)
    declaration.save()
    tell_customer(
        case=declaration.case,
        body=confirmation,
        data={"declaration": declaration.pk, "event": "confirmed", "repeat": bool(first)},
        audit="process.declaration_confirmed",
    )
    # The confirmation is the answer; the steps are the promises from here (a return's
    # already begun, when it holds everything withdrawn).
    promises.hand_over_to_steps(case=declaration.case, answered=True, on_returns=on_returns)
    return declaration


def _start(declaration: Declaration) -> str:
    """Start the declaration's process (and return); "" then. A withdrawn order already all
    on returns starts nothing: the returns' numbers, whose steps refund it."""
    contract, order = declaration.contract, declaration.order
    if order is not None:
        # Locked like a return from the portal; what is on a return already is refunded
        # with that one, so only the rest is returned (nothing, when that was all of it).
        Order.objects.select_for_update().filter(pk=order.pk).first()
        left = left_to_return(order)
        if not left:
            lines, _all = returned_before(declaration)
            return ", ".join(dict.fromkeys(line.parcel.number for line in lines))
        open_return(
            order=order,
            items=left,
            wanted="refund",
            reason=_("Withdrawal"),
            declared_on=declaration.received_at.astimezone(zone()).date(),
            case=declaration.case,
        )
        return ""
    devices = contract is not None and contract.devices.exists()
    skip = {"confirm_contract"} if declaration.effective_on else set()
    if not devices:
        skip |= {"return_label", "device_received"}
    process = start_process(
        case=declaration.case,
        key="cancellation",
        contract=contract,
        dates={"effective_on": declaration.effective_on} if declaration.effective_on else {},
        skip=skip,
    )
    if contract is not None and declaration.effective_on is not None:
        state = (
            ContractState.WITHDRAWN
            if declaration.kind == DeclarationKind.WITHDRAWAL
            else ContractState.CANCELLED
        )
        promises.end_contract(contract=contract, state=state, ends_on=declaration.effective_on)
    if devices:
        open_return(contract=contract, process=process, case=declaration.case)
    return ""


@service
def confirm_declaration(*, declaration: Declaration, contract: Contract, agent) -> Declaration:
    """An agent found the contract a declaration named: the end date is computed from its
    terms (as of the day the declaration was received) and confirmed to the customer."""
    declaration = (
        Declaration.objects.select_for_update().select_related("case").get(pk=declaration.pk)
    )
    if declaration.contract_id is not None or declaration.first_id is not None:
        raise Conflict(_("This declaration is already matched."), field="contract")
    if contract.starts_on is None:
        raise DomainError(_("The contract has no start date to count from."), field="contract")
    data = DeclarationIn(
        kind=declaration.kind,
        name=declaration.name,
        contract_number=contract.number,
        email=declaration.email,
        reason=declaration.reason,
        wanted_on=declaration.wanted_on,
    )
    received_on = declaration.received_at.astimezone(zone()).date()
    effective_on, outcome = _effective(data, contract, None, received_on)
    Declaration.objects.filter(pk=declaration.pk).update(
        contract=contract, effective_on=effective_on, outcome=outcome
    )
    declaration.contract, declaration.effective_on, declaration.outcome = (
        contract,
        effective_on,
        outcome,
    )
    process = declaration.case.processes.get(definition="cancellation")
    set_date(process=process, name="effective_on", day=effective_on)
    complete_step(process=process, key="confirm_contract", agent=agent)
    state = (
        ContractState.WITHDRAWN
        if declaration.kind == DeclarationKind.WITHDRAWAL
        else ContractState.CANCELLED
    )
    promises.end_contract(contract=contract, state=state, ends_on=effective_on)
    _subject, _statement, confirmation = declaration_texts(declaration, declaration.language)
    tell_customer(
        case=declaration.case,
        body=confirmation,
        data={"declaration": declaration.pk, "event": "confirmed", "matched": True},
        audit="process.declaration_confirmed",
    )
    return declaration
