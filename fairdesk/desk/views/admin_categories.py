"""Administration: the category tree (add a node, rename it, route it to a team)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fairdesk.cases import services as cases
from fairdesk.cases.models import Category
from fairdesk.desk.admin_forms import CategoryForm, NewCategoryForm, posted
from fairdesk.desk.policy import AgentRequest, admin_required
from fairdesk.lib.errors import DomainError


@require_GET
@admin_required
def admin_home(request: AgentRequest) -> HttpResponse:
    return redirect("desk:admin_teams")


def _tree() -> list[tuple[Category, int]]:
    """Every category with its depth, in path order (a parent before its children)."""
    rows = Category.objects.select_related("team").order_by("path")
    return [(row, row.path.count(" > ")) for row in rows]


@require_http_methods(["GET", "POST"])
@admin_required
def categories(request: AgentRequest) -> HttpResponse:
    form = NewCategoryForm(posted(request), prefix="category")
    if request.method == "POST" and form.is_valid():
        try:
            made = cases.add_category(admin=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Category %(path)s added.") % {"path": made.path})
            return redirect("desk:admin_categories")
    status = 422 if request.method == "POST" else 200
    context = {"tree": _tree(), "form": form, "section": "categories"}
    return render(request, "desk/admin/categories.html", context, status=status)


@require_http_methods(["GET", "POST"])
@admin_required
def category(request: AgentRequest, category_id: int) -> HttpResponse:
    node = get_object_or_404(Category, pk=category_id)
    initial = {"name": node.name, "team": node.team_id, "is_fault": node.is_fault}
    form = CategoryForm(posted(request), initial=initial, prefix="category")
    if request.method == "POST" and form.is_valid():
        try:
            cases.edit_category(admin=request.user, category=node, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Category %(path)s saved.") % {"path": node.path})
            return redirect("desk:admin_categories")
    status = 422 if request.method == "POST" else 200
    context = {"category": node, "form": form, "section": "categories"}
    return render(request, "desk/admin/category.html", context, status=status)
