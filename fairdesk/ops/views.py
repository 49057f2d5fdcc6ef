"""GET /health and GET /metrics: plain answers for machines, no session, no page."""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from fairdesk.ops import health as checks
from fairdesk.ops import metrics as figures


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, else 503 with each failing check's reason."""
    results = checks.checks()
    failing = [check for check in results if not check.ok]
    body = {
        "status": "failing" if failing else "ok",
        "reasons": [check.reason for check in failing],
        "checks": {
            check.name: {"ok": check.ok, "reason": check.reason, **check.facts} for check in results
        },
    }
    return JsonResponse(body, status=503 if failing else 200)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for the holder of FAIRDESK_METRICS_TOKEN; off without one."""
    token = settings.FAIRDESK_METRICS_TOKEN
    if not token:
        raise Http404  # metrics are off: nothing here to find
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
        response = HttpResponse("A valid bearer token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(figures.exposition(), content_type="text/plain; version=0.0.4")
