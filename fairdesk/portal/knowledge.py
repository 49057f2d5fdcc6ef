"""The portal's help articles: read and search the public ones (signed in or not), the
suggestions beside a new request, and "this answered my question"."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from fairdesk.accounts.models import Customer
from fairdesk.knowledge import selectors, services
from fairdesk.lib.downloads import attachment_response, preview_response
from fairdesk.portal import policy
from fairdesk.portal.views import customer_required

MAX_QUERY = 200
# What the customer has typed so far is enough to find articles; more only slows the search.
MAX_TYPED = 2000


def _language() -> str:
    return "en" if translation.get_language() == "en" else "de"


def _signed_in(request: HttpRequest) -> None:
    """The page header shows the portal's menu to a signed-in customer, as on other pages."""
    request.portal_customer = policy.current_customer(request)  # type: ignore[attr-defined]


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    _signed_in(request)
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    language = _language()
    if query:
        versions = selectors.search_published(query, public_only=True, language=language)
    else:
        versions = selectors.published(public_only=True, language=language)
    context = {"versions": versions, "q": query, "language": language}
    return render(request, "knowledge/portal_index.html", context)


@require_GET
def help_article(request: HttpRequest, article_id: int) -> HttpResponse:
    _signed_in(request)
    version = selectors.published_version(article_id, public_only=True)
    if version is None:  # internal, unpublished or unknown: the same answer
        raise Http404("No such article.")
    context = {
        "version": version,
        "language": _language(),
        "files": selectors.files_of(version.article),
        "answered": request.GET.get("answered") == "1",
    }
    return render(request, "knowledge/portal_article.html", context)


@require_GET
def help_file(request: HttpRequest, file_id: int) -> FileResponse:
    """A file of a published public article: images shown, anything else downloaded."""
    file = selectors.readable_file(file_id, public_only=True)
    if file is None:
        raise Http404("No such file.")
    return preview_response(file) if file.is_image else attachment_response(file)


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Articles that may answer the request being typed (htmx, as the customer types)."""
    typed = f"{request.GET.get('subject', '')}\n{request.GET.get('body', '')}"[:MAX_TYPED]
    language = _language()
    versions = selectors.suggestions(typed, public_only=True, language=language)
    context = {"versions": versions, "language": language}
    return render(request, "knowledge/portal_suggestions.html", context)


@require_POST
@customer_required
def answered(request: HttpRequest, customer: Customer, article_id: int) -> HttpResponse:
    """The customer says the article answered their question: counted, and no request is
    sent. Nothing else (no case, no mail) happens."""
    version = selectors.published_version(article_id, public_only=True)
    if version is None:
        raise Http404("No such article.")
    services.record_answered(article=version.article, language=_language())
    return redirect(f"{reverse('portal:help_article', args=[article_id])}?answered=1")
