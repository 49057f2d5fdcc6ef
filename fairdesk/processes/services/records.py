"""Contracts, devices and orders fed from the company's own systems (CSV or API)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service
from fairdesk.processes.models import Delivery, Device, Order, OrderItem, OrderKind
from fairdesk.promises import services as promises
from fairdesk.promises.models import Contract


@dataclass(frozen=True)
class DeviceIn:
    name: str
    serial: str = ""
    value_cents: int = 0


@dataclass(frozen=True)
class ItemIn:
    sku: str
    name: str
    quantity: int
    unit_price_cents: int


def _customer(email: str, name: str, language: str | None):
    """The customer an import names; the language it gives (when it gives one) is what the
    company knows, so it stands until the customer chooses one themselves."""
    customer = accounts.get_or_create_customer(email=email, name=name)
    if language is not None and language != customer.language:
        accounts.set_language(customer=customer, language=language, chosen=False)
    return customer


@service
def save_contract(
    *,
    email: str,
    name: str,
    number: str,
    devices: tuple[DeviceIn, ...] | None = None,
    language: str | None = None,
    **terms,
) -> Contract:
    """Create or update a contract by its number; `devices` (when given) replaces the list."""
    customer = _customer(email, name, language)
    contract = promises.save_contract(customer=customer, number=number, **terms)
    if devices is not None:
        Device.objects.filter(contract=contract).delete()
        Device.objects.bulk_create(
            Device(
                contract=contract,
                name=d.name[:200],
                serial=d.serial[:100],
                value_cents=d.value_cents,
            )
            for d in devices
        )
    return contract


@service
def save_order(
    *,
    email: str,
    name: str,
    number: str,
    ordered_on: date,
    items: tuple[ItemIn, ...],
    kind: str = OrderKind.SHOP,
    delivery: str = Delivery.ORDERED,
    delivered_on: date | None = None,
    contract_number: str = "",
    language: str | None = None,
) -> Order:
    """Create or update an order by its number, with its items."""
    number = (number or "").strip()
    if not number:
        raise DomainError(_("An order needs its number."), field="number")
    if kind not in OrderKind.values:
        raise DomainError(_("Unknown order kind %(k)r.") % {"k": kind}, field="kind")
    if delivery not in Delivery.values:
        raise DomainError(_("Unknown delivery state %(d)r.") % {"d": delivery}, field="delivery")
    if not items:
        raise DomainError(_("An order needs at least one item."), field="items")
    for item in items:
        if item.quantity < 1 or item.unit_price_cents < 0 or not item.sku.strip():
            raise DomainError(
                _("Each item needs an article number, a quantity and a price."), field="items"
            )
    customer = _customer(email, name, language)
    contract = None
    if contract_number:
        contract = Contract.objects.filter(number=contract_number, customer=customer).first()
        if contract is None:
            raise DomainError(
                _("No contract %(n)s for this customer.") % {"n": contract_number},
                field="contract_number",
            )
    order = Order.objects.select_for_update().filter(number=number).first()
    if order is not None and order.customer_id != customer.pk:
        raise Conflict(
            _("Order %(n)s belongs to another customer.") % {"n": number}, field="number"
        )
    fields = {
        "kind": kind,
        "ordered_on": ordered_on,
        "delivery": delivery,
        "delivered_on": delivered_on,
        "contract": contract,
    }
    if order is None:
        order = Order.objects.create(number=number, customer=customer, **fields)
    else:
        Order.objects.filter(pk=order.pk).update(**fields)
        order.refresh_from_db()
    for item in items:
        OrderItem.objects.update_or_create(
            order=order,
            sku=item.sku.strip()[:60],
            defaults={
                "name": item.name[:200],
                "quantity": item.quantity,
                "unit_price_cents": item.unit_price_cents,
            },
        )
    return order
