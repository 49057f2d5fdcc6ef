"""The speed floor for bench/api_ingest.py: a minimal Django JSON view under fairdesk's own
gunicorn settings (fairdesk.cli._serve). It reads the posted JSON and answers 201 with a small
JSON body, touching no database: what any Django endpoint costs before doing anything.

    .venv/bin/python bench/floor_app.py PORT WORKERS
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def create(request: HttpRequest) -> JsonResponse:
    payload = json.loads(request.body)
    return JsonResponse({"reference": "FD-000001", "subject": payload.get("subject")}, status=201)


def ready(request: HttpRequest) -> JsonResponse:
    return JsonResponse({})


urlpatterns = [path("api/v1/cases", create), path("api/v1/openapi.json", ready)]


def main() -> None:
    from fairdesk.cli import _serve, _shared_metrics_folder

    _shared_metrics_folder()  # as `fairdesk serve` does: its worker exit hook reads it
    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        SECRET_KEY="floor",  # noqa: S106 -- a throwaway server on loopback
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )
    django.setup()
    from django.core.wsgi import get_wsgi_application

    _serve("127.0.0.1", int(sys.argv[1]), int(sys.argv[2]), application=get_wsgi_application())


if __name__ == "__main__":
    main()
