"""/api/v1/contracts, /orders, /returns and process steps: a company feeds its contracts and
orders from its own systems, carriers' scans move returns, and its tools move steps.

Agents' tokens write; a customer's token reads the customer's own contracts and orders."""

from datetime import date
from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fairdesk.api import policy
from fairdesk.api.schemas import Day
from fairdesk.lib.errors import DomainError
from fairdesk.processes import services
from fairdesk.processes.models import Order, Process, Return
from fairdesk.promises.models import Contract

router = Router(tags=["processes"])


class Slice(Schema):
    """Which rows of a list: at most 500 from `offset` on."""

    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000_000)


class DeviceSchema(Schema):
    name: str = Field(max_length=200)
    serial: str = Field("", max_length=100)
    value_cents: int = Field(0, ge=0, description="Current value: the most ever charged for it.")


class ContractIn(Schema):
    number: str = Field(max_length=40)
    email: str = Field(max_length=254)
    name: str = Field("", max_length=200)
    product: str = Field("", max_length=200)
    monthly_fee_cents: int | None = Field(None, ge=0)
    concluded_on: Day | None = None
    starts_on: Day | None = None
    minimum_term_months: int = Field(0, ge=0, le=120)
    notice: int = Field(1, ge=0, le=365)
    notice_unit: Literal["days", "weeks", "months"] = "months"
    at_month_end: bool = False
    devices: list[DeviceSchema] | None = Field(None, description="Replaces the list when given.")
    language: Literal["de", "en"] | None = Field(
        None,
        description="The customer's language (de or en) for mail, when known; a language the "
        "customer chose in the portal is kept.",
    )


class ContractOut(Schema):
    number: str
    customer: int = Field(alias="customer_id")
    product: str
    monthly_fee_cents: int | None
    concluded_on: date | None
    starts_on: date | None
    minimum_term_months: int
    notice: int
    notice_unit: str
    at_month_end: bool
    state: str
    ends_on: date | None
    devices: list[DeviceSchema]

    @staticmethod
    def resolve_devices(contract: Contract) -> list:
        return list(contract.devices.all())


class ItemSchema(Schema):
    sku: str = Field(max_length=60)
    name: str = Field(max_length=200)
    quantity: int = Field(ge=1)
    unit_price_cents: int = Field(ge=0)


class OrderIn(Schema):
    number: str = Field(max_length=40)
    email: str = Field(max_length=254)
    name: str = Field("", max_length=200)
    kind: Literal["shop", "activation"] = "shop"
    ordered_on: Day
    delivery: Literal["ordered", "shipped", "delivered"] = "ordered"
    delivered_on: Day | None = None
    contract_number: str = Field("", max_length=40)
    items: list[ItemSchema] = Field(min_length=1)
    language: Literal["de", "en"] | None = Field(
        None,
        description="The customer's language (de or en) for mail, when known; a language the "
        "customer chose in the portal is kept.",
    )


class OrderOut(Schema):
    number: str
    customer: int = Field(alias="customer_id")
    kind: str
    ordered_on: date
    delivery: str
    delivered_on: date | None
    items: list[ItemSchema]

    @staticmethod
    def resolve_items(order: Order) -> list:
        return list(order.items.all())


class ReturnOut(Schema):
    number: str
    kind: str
    state: str
    case: str

    @staticmethod
    def resolve_case(parcel: Return) -> str:
        return parcel.case.reference


class ReturnStateIn(Schema):
    state: Literal["in_transit", "received", "inspected", "closed"]


class StepIn(Schema):
    action: Literal["done", "delay", "expedite"]
    due_on: Day | None = Field(None, description="delay: the new date")
    reason: str = Field("", max_length=500, description="delay and expedite: why")


class StepOut(Schema):
    key: str
    state: str
    due_on: date | None


def _contracts(caller: policy.Caller) -> QuerySet[Contract]:
    rows = Contract.objects.prefetch_related("devices").order_by("id")
    return rows if caller.is_agent else rows.filter(customer=caller.customer)


def _orders(caller: policy.Caller) -> QuerySet[Order]:
    rows = Order.objects.prefetch_related("items").order_by("id")
    return rows if caller.is_agent else rows.filter(customer=caller.customer)


@router.get("/contracts", response=list[ContractOut], summary="Contracts (a customer: own)")
def list_contracts(request: HttpRequest, page: Query[Slice]):
    return _contracts(policy.caller(request))[page.offset : page.offset + page.limit]


@router.get("/contracts/{number}", response=ContractOut, summary="One contract")
def get_contract(request: HttpRequest, number: str):
    contract = _contracts(policy.caller(request)).filter(number=number).first()
    if contract is None:
        raise Http404(_("No contract %(n)s.") % {"n": number})
    return contract


@router.put("/contracts/{number}", response=ContractOut, summary="Create or update a contract")
def put_contract(request: HttpRequest, number: str, payload: ContractIn):
    policy.require_agent(policy.caller(request))
    data = payload.dict()
    if data.pop("number") != number:
        raise DomainError(_("The number in the body differs from the address."), field="number")
    devices = data.pop("devices")
    contract = services.save_contract(
        number=number,
        devices=None if devices is None else tuple(services.DeviceIn(**d) for d in devices),
        **data,
    )
    return _contracts(policy.caller(request)).get(pk=contract.pk)


@router.get("/orders", response=list[OrderOut], summary="Orders (a customer: own)")
def list_orders(request: HttpRequest, page: Query[Slice]):
    return _orders(policy.caller(request))[page.offset : page.offset + page.limit]


@router.get("/orders/{number}", response=OrderOut, summary="One order")
def get_order(request: HttpRequest, number: str):
    order = _orders(policy.caller(request)).filter(number=number).first()
    if order is None:
        raise Http404(_("No order %(n)s.") % {"n": number})
    return order


@router.put("/orders/{number}", response=OrderOut, summary="Create or update an order")
def put_order(request: HttpRequest, number: str, payload: OrderIn):
    policy.require_agent(policy.caller(request))
    data = payload.dict()
    if data.pop("number") != number:
        raise DomainError(_("The number in the body differs from the address."), field="number")
    items = tuple(services.ItemIn(**item) for item in data.pop("items"))
    order = services.save_order(number=number, items=items, **data)
    return _orders(policy.caller(request)).get(pk=order.pk)


@router.post(
    "/orders/{number}/activation", response={201: list[StepOut]}, summary="Start an activation"
)
def start_activation(request: HttpRequest, number: str):
    policy.require_agent(policy.caller(request))
    order = _orders(policy.caller(request)).filter(number=number).first()
    if order is None:
        raise Http404(_("No order %(n)s.") % {"n": number})
    process = services.start_activation(order=order)
    return Status(201, list(process.steps.all()))


@router.post("/returns/{number}/state", response=ReturnOut, summary="A return's next state")
def move_return(request: HttpRequest, number: str, payload: ReturnStateIn):
    agent = policy.require_agent(policy.caller(request))
    parcel = services.find_return(number)
    policy.require_sees(agent, parcel.case, _("No return %(n)s.") % {"n": number})
    return services.move_return(parcel=parcel, state=payload.state, agent=agent, via="api")


@router.post("/processes/{process_id}/steps/{key}", response=StepOut, summary="Move a process step")
def move_step(request: HttpRequest, process_id: int, key: str, payload: StepIn):
    agent = policy.require_agent(policy.caller(request))
    process = Process.objects.select_related("case").filter(pk=process_id).first()
    if process is None:
        raise Http404(_("No process %(id)s.") % {"id": process_id})
    policy.require_sees(agent, process.case, _("No process %(id)s.") % {"id": process_id})
    if payload.action == "done":
        return services.complete_step(process=process, key=key, agent=agent, via="api")
    if payload.action == "expedite":
        return services.expedite_step(process=process, key=key, agent=agent, reason=payload.reason)
    if payload.due_on is None:
        raise DomainError(_("Give the new date."), field="due_on")
    return services.delay_step(
        process=process, key=key, due_on=payload.due_on, reason=payload.reason, agent=agent
    )
