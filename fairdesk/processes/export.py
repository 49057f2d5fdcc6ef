"""The processes' part of a customer's export (registered in FAIRDESK_EXPORT_HOOKS): their
declarations as received, orders with their items, devices on their contracts, the
processes of their cases with each step, and their returns."""

from django.db.models import Q

from fairdesk.privacy.hooks import Export, Sections, exports, rows
from fairdesk.processes.models import Declaration, Device, Order, OrderItem, Process, Return


@exports("processes.Declaration", "processes.Order", "processes.Process", "processes.Return")
def export(*, export: Export) -> Sections:
    mine = Q(customer_id=export.customer_id) | Q(case_id__in=export.case_ids)
    orders = Order.objects.filter(customer_id=export.customer_id).order_by("ordered_on", "pk")
    return {
        "declarations": rows(
            Declaration.objects.filter(mine).order_by("received_at", "pk"),
            "case__reference",
            "kind",
            "name",
            "email",
            "customer_number",
            "contract_number",
            "reason",
            "wanted_on",
            "received_at",
            "effective_on",
            "outcome",
        ),
        "orders": rows(
            orders, "number", "kind", "ordered_on", "delivery", "delivered_on", "contract__number"
        ),
        "order_items": rows(
            OrderItem.objects.filter(order__in=orders).order_by("order_id", "pk"),
            "order__number",
            "sku",
            "name",
            "quantity",
            "unit_price_cents",
        ),
        "devices": rows(
            Device.objects.filter(contract__customer_id=export.customer_id).order_by("pk"),
            "contract__number",
            "name",
            "serial",
        ),
        "processes": _processes(export),
        "returns": rows(
            Return.objects.filter(case_id__in=export.case_ids).order_by("created_at", "pk"),
            "case__reference",
            "number",
            "kind",
            "state",
            "wanted",
            "reason",
            "declared_on",
            "created_at",
            "received_at",
            "refund_cents",
            "charged_cents",
        ),
    }


def _processes(export: Export) -> list[dict]:
    processes = (
        Process.objects.filter(case_id__in=export.case_ids)
        .select_related("case")
        .prefetch_related("steps")
        .order_by("started_at", "pk")
    )
    return [
        {
            "case": process.case.reference,
            "definition": process.definition,
            "state": process.state,
            "started_at": process.started_at,
            "done_at": process.done_at,
            "steps": [
                {"key": s.key, "state": s.state, "due_on": s.due_on, "done_at": s.done_at}
                for s in process.steps.all()
            ],
        }
        for process in processes
    ]
