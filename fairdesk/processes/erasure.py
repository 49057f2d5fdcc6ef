"""The processes' part of an erasure (registered in FAIRDESK_ERASURE_HOOKS).

Declarations (a cancellation's signed name, address, numbers) are blanked outright; steps,
returns and orders keep their dates and states and lose only what mentions the customer.
"""

from django.db.models import Q

from fairdesk.privacy.hooks import Erasure
from fairdesk.privacy.rows import scrub_rows
from fairdesk.processes.models import Declaration, Order, OrderItem, Process, Return, Step


def erase(*, erasure: Erasure) -> dict[str, int]:
    ids, needles = erasure.case_ids, erasure.needles
    mine = Q(case_id__in=ids)
    if erasure.customer_id is not None:
        mine |= Q(customer_id=erasure.customer_id)
    blank = ("name", "email", "reason", "customer_number")
    counts = {"declarations": scrub_rows(Declaration.objects.filter(mine), needles, blank=blank)}
    scrub_rows(Process.objects.filter(case_id__in=ids), needles)
    scrub_rows(Step.objects.filter(process__case_id__in=ids), needles)
    scrub_rows(Return.objects.filter(case_id__in=ids), needles, blank=("reason",))
    if erasure.customer_id is not None:
        orders = Order.objects.filter(customer_id=erasure.customer_id)
        scrub_rows(orders, needles)
        scrub_rows(OrderItem.objects.filter(order__in=orders), needles)
    return counts
