"""Separate language choices for the portal and the desk.

One browser may be both a customer's and an agent's (a team trying the portal, a small
shop): choosing English in the portal must not switch the desk. The portal keeps its choice
in its own cookie; LocaleMiddleware sees that one under Django's name on portal pages, and
the desk's everywhere else."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.views.i18n import set_language as django_set_language

PORTAL_PREFIX = "/portal/"


def cookie_name(path: str) -> str:
    """The language cookie for the part of the site `path` belongs to."""
    if path.startswith(PORTAL_PREFIX):
        return settings.FAIRDESK_PORTAL_LANGUAGE_COOKIE
    return settings.LANGUAGE_COOKIE_NAME


class AreaLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware reading the language cookie of the area the request is for."""

    def process_request(self, request: HttpRequest) -> None:
        wanted = cookie_name(request.path_info)
        if wanted != settings.LANGUAGE_COOKIE_NAME:
            cookies = dict(request.COOKIES)
            cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
            if wanted in cookies:
                cookies[settings.LANGUAGE_COOKIE_NAME] = cookies[wanted]
            request.COOKIES = cookies
        super().process_request(request)


def remember_language(response: HttpResponse, *, path: str, language: str) -> HttpResponse:
    """Set the language cookie of `path`'s area on `response`."""
    response.set_cookie(
        cookie_name(path),
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice for the area the form came from."""
    response = django_set_language(request)
    chosen = response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    if chosen is not None and chosen.value:
        area_path = request.POST.get("next") or request.GET.get("next") or "/"
        remember_language(response, path=area_path, language=chosen.value)
    return response
