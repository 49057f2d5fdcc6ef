"""Read queries about customers and agents."""

from fairdesk.accounts.models import Customer, CustomerEmail


def customer_by_email(address: str) -> Customer | None:
    found = (
        CustomerEmail.objects.select_related("customer")
        .filter(address__iexact=(address or "").strip())
        .first()
    )
    return found.customer if found else None
