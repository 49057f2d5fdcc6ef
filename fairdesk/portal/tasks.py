"""Background work of the portal, run by `fairdesk worker` through the Django Tasks API."""

from django_tasks import task

from fairdesk.portal import services


@task()
def send_sign_in_link(*, address: str) -> bool:
    """Mail a sign-in link to `address` if an active customer owns it."""
    return services.email_sign_in_link(address=address)
