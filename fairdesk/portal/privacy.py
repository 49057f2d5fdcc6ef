"""The customer's own data as one download (GDPR export): a POST, since each export is
recorded."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from fairdesk.accounts.models import Customer
from fairdesk.portal.views import customer_required
from fairdesk.privacy import services as privacy
from fairdesk.privacy.downloads import archive_response


@require_POST
@customer_required
def my_data(request: HttpRequest, customer: Customer) -> HttpResponse:
    return archive_response(privacy.export_customer(customer=customer, agent=None), customer)
