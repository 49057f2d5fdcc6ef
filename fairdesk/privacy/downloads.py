"""How an export archive is handed out, the same way in the desk and the portal."""

from django.http import HttpResponse

from fairdesk.accounts.models import Customer
from fairdesk.lib import clock


def archive_response(archive: bytes, customer: Customer) -> HttpResponse:
    response = HttpResponse(archive, content_type="application/zip")
    name = f"fairdesk-data-{customer.pk}-{clock.now():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
