"""The NinjaAPI object: bearer-token auth and error shapes shared by every router."""

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import HttpBearer

from fairdesk.accounts.services import record_token_use, token_holder
from fairdesk.api.policy import Caller, require_writer
from fairdesk.api.responses import document_errors
from fairdesk.lib.errors import DomainError

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        holder = token_holder(token)
        if holder is None:
            return None
        caller = Caller(user=holder.user, customer=holder.customer)
        require_writer(caller, request.method or "GET")
        record_token_use(token=holder)
        return caller


class ObjectParser(Parser):
    """JSON bodies must be objects: a list or a string is refused before validation."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObject
        return data


class NotAnObject(ValueError):
    pass


class FairdeskApi(NinjaAPI):
    """NinjaAPI whose every answer under /api/v1/ is JSON, also 405 and unknown paths."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Built once per prefix: the routes do not change while the process runs, and
        building the document cost a fifth of a second on every request for it."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        built: dict[str, OpenAPISchema] = self.__dict__.setdefault("_openapi_by_prefix", {})
        if path_prefix not in built:
            schema = super().get_openapi_schema(path_prefix=path_prefix)
            document_errors(schema)
            built[path_prefix] = schema
        return built[path_prefix]

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        # Last, so it only catches what no operation matched.
        patterns.append(re_path(r"^.*$", _unknown_path, name="unknown"))
        return patterns


def _json_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)  # keeps csrf_exempt: the API authenticates by token, not cookie
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = problem(request, 405, _("This method is not allowed here."))
            response["Allow"] = allowed
        return response

    return wrapper


def _unknown_path(request: HttpRequest) -> HttpResponse:
    return problem(request, 404, _("There is no such API endpoint."))


_unknown_path.csrf_exempt = True  # type: ignore[attr-defined]


api = FairdeskApi(
    parser=ObjectParser(),
    title="fairdesk API",
    version="1",
    description="Cases, timelines and promises. Authenticate with `Authorization: Bearer TOKEN`.",
    urls_namespace="api-v1",
    auth=BearerToken(),
)


def problem(request: HttpRequest, status: int, message: str, field: str | None = None):
    """One error shape for every failure: {"detail": [{"field": ..., "message": ...}]}."""
    return api.create_response(
        request, {"detail": [{"field": field, "message": message}]}, status=status
    )


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = []
    for error in exc.errors:
        # loc is e.g. ("body", "payload", "subject"): where, which parameter, which field.
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] in ("body", "query", "path", "header", "form"):
            location = location[1:]
        if location and location[0] in ("payload", "filters"):
            location = location[1:]
        details.append({"field": ".".join(location) or None, "message": error.get("msg", "")})
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(DomainError)
def rule_broken(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem(request, exc.status, exc.message, exc.field)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, _("A valid bearer token is required."))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, str(exc) or _("Not found."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja raises HttpError(400) for a body it cannot parse; say what is wrong with it.
    if isinstance(exc.__cause__, NotAnObject):
        return problem(request, 400, _("The request body must be a JSON object."))
    if isinstance(exc.__cause__, ValueError):
        return problem(request, 400, _("The request body is not valid JSON."))
    return problem(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(request, 413, _("The request is too large."))


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("API error on %s %s", request.method, request.path)
    return problem(request, 500, _("Something went wrong on our side; nothing was changed."))


def _register_routers() -> None:
    from fairdesk.api.cases import router as cases_router
    from fairdesk.api.knowledge import router as knowledge_router
    from fairdesk.api.processes import router as processes_router
    from fairdesk.api.promises import router as promises_router
    from fairdesk.api.reports import router as reports_router

    api.add_router("/cases", cases_router)
    api.add_router("/cases", promises_router)
    api.add_router("/reports", reports_router)
    api.add_router("/", processes_router)
    api.add_router("/articles", knowledge_router)


_register_routers()
