"""The knowledge base in the desk: the list, writing and previewing drafts, publishing and
unpublishing (knowledge.services says who may), files, categories, and the articles
suggested beside a case's reply box."""

from datetime import timedelta

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fairdesk.cases import selectors as case_selectors
from fairdesk.desk import policy
from fairdesk.desk.knowledge_forms import ArticleForm, CategoryForm, FileForm
from fairdesk.desk.policy import AgentRequest, agent_required
from fairdesk.knowledge import selectors, services
from fairdesk.knowledge.models import Article, Version
from fairdesk.lib import clock
from fairdesk.lib.downloads import attachment_response, preview_response
from fairdesk.lib.errors import DomainError

# The answered questions shown on the list: the last four weeks.
ANSWERED_DAYS = 28
MAX_QUERY = 200


def _language() -> str:
    return "en" if translation.get_language() == "en" else "de"


def _article_or_404(article_id: int) -> Article:
    found = selectors.article(article_id)
    if found is None:
        raise Http404("No such article.")
    return found


@require_http_methods(["GET", "POST"])
@agent_required
def articles(request: AgentRequest) -> HttpResponse:
    """Every article with its state; a search of the published ones; the categories."""
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    language = _language()
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(agent=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("desk:knowledge")
    context = {
        "articles": selectors.articles_for_desk(query),
        "found": selectors.search_published(query, public_only=False, language=language)
        if query
        else None,
        "q": query,
        "language": language,
        "categories": selectors.categories(),
        "category_form": form,
        "may_publish": services.may_publish(request.user),
        "answered": selectors.answered_questions(
            since=clock.now() - timedelta(days=ANSWERED_DAYS), language=language
        ),
        "answered_days": ANSWERED_DAYS,
        "which": "knowledge",
    }
    return render(request, "knowledge/desk_list.html", context, status=422 if form.errors else 200)


@require_GET
@agent_required
def article(request: AgentRequest, article_id: int) -> HttpResponse:
    """The published text, the draft's preview, the history (any version by ?version=n)."""
    found = _article_or_404(article_id)
    history = list(selectors.history(found))
    number = request.GET.get("version", "")
    shown = next((v for v in history if str(v.number) == number), None)
    return render(
        request, "knowledge/desk_article.html", _article_context(request, found, history, shown)
    )


def _article_context(
    request: AgentRequest, found: Article, history: list[Version], shown: Version | None
) -> dict:
    return {
        "article": found,
        "history": history,
        "shown": shown,
        "published": next((v for v in history if v.state == "published"), None),
        "draft": next((v for v in history if v.state == "draft"), None),
        "files": selectors.files_of(found),
        "file_form": FileForm(),
        "may_publish": services.may_publish(request.user),
        "language": _language(),
        "portal_url": settings.FAIRDESK_BASE_URL + reverse("portal:help_article", args=[found.pk]),
        "which": "knowledge",
    }


@require_http_methods(["GET", "POST"])
@agent_required
def edit(request: AgentRequest, article_id: int | None = None) -> HttpResponse:
    """Write a new article, or the draft of one (from its draft, else its published text)."""
    found = _article_or_404(article_id) if article_id is not None else None
    start = None
    if found is not None:
        start = selectors.draft_of(found) or selectors.published_version(
            found.pk, public_only=False
        )
    form = ArticleForm.for_version(start, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.save_draft(agent=request.user, article=found, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("desk:knowledge_article", article_id=draft.article_id)
    context = {"form": form, "article": found, "which": "knowledge"}
    status = 422 if form.errors else 200
    return render(request, "knowledge/desk_edit.html", context, status=status)


@require_POST
@agent_required
def article_action(request: AgentRequest, article_id: int, action: str) -> HttpResponse:
    """Publish, unpublish, discard the draft, add or remove a file."""
    found = _article_or_404(article_id)
    try:
        if action == "publish":
            services.publish(agent=request.user, article=found)
        elif action == "unpublish":
            services.unpublish(agent=request.user, article=found)
        elif action == "discard":
            services.discard_draft(agent=request.user, article=found)
            if not Article.objects.filter(pk=found.pk).exists():
                return redirect("desk:knowledge")
        elif action == "add-file":
            return _add_file(request, found)
        elif action == "remove-file":
            file = selectors.files_of(found).filter(pk=request.POST.get("file") or 0).first()
            if file is None:
                raise Http404("No such file.")
            services.remove_file(agent=request.user, file=file)
        else:
            raise Http404("No such action.")
    except DomainError as error:
        return _refused(request, found, error)
    return redirect("desk:knowledge_article", article_id=found.pk)


def _add_file(request: AgentRequest, found: Article) -> HttpResponse:
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_file(
                agent=request.user,
                article=found,
                filename=upload.name,
                content_type=upload.content_type or "",
                data=upload.read(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("desk:knowledge_article", article_id=found.pk)
    context = _article_context(request, found, list(selectors.history(found)), None)
    return render(
        request, "knowledge/desk_article.html", {**context, "file_form": form}, status=422
    )


def _refused(request: AgentRequest, found: Article, error: DomainError) -> HttpResponse:
    context = _article_context(request, found, list(selectors.history(found)), None)
    return render(
        request, "knowledge/desk_article.html", {**context, "refused": error.message}, status=422
    )


@require_GET
@agent_required
def file(request: AgentRequest, file_id: int) -> FileResponse:
    """Any article's file, for agents: images shown, anything else downloaded."""
    found = selectors.readable_file(file_id, public_only=False)
    if found is None:
        raise Http404("No such file.")
    return preview_response(found) if found.is_image else attachment_response(found)


@require_GET
@agent_required
def case_suggestions(request: AgentRequest, reference: str) -> HttpResponse:
    """Articles that may answer a case, from its subject and first message (or what the
    agent types): public ones to link in the reply, internal ones to read."""
    case = policy.case_for(request.user, reference)
    text = request.GET.get("q", "")[:MAX_QUERY].strip()
    if not text:
        first = case_selectors.timeline(case, public_only=True).order_by("created_at", "id")
        body = first.values_list("body", flat=True).first() or ""
        text = f"{case.subject}\n{body[:2000]}"
    language = case.customer.language or "de"
    versions = selectors.suggestions(text, public_only=False, language=language)
    context = {
        "versions": versions,
        "language": language,
        "base_url": settings.FAIRDESK_BASE_URL,
    }
    return render(request, "knowledge/desk_case_suggestions.html", context)
