"""The process steps and documents on the portal's and the desk's case pages."""

from django import template

from fairdesk.processes import selectors
from fairdesk.processes.models import Return
from fairdesk.processes.services.returns import label_url as _label_url

register = template.Library()


@register.inclusion_tag("processes/_steps.html")
def process_steps(case, desk: bool = False) -> dict:
    processes = selectors.processes_for_case(case)
    # Documents belong to processes: a case without one costs a single query.
    documents = selectors.documents_for_case(case) if processes else {}
    return {"processes": processes, "documents": documents, "desk": desk}


@register.filter
def label_url(parcel: Return) -> str:
    return _label_url(parcel)


@register.inclusion_tag("processes/_records.html")
def customer_records(customer) -> dict:
    """A customer's contracts (with devices) and orders (with items), for the desk."""
    return {
        "contracts": list(selectors.contracts_of(customer)),
        "orders": list(selectors.orders_of(customer)),
    }
