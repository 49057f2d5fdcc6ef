"""Admins file the category tree: add a node, rename it, route it to a team; each audited."""

from django.contrib.auth.models import User
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Category
from fairdesk.cases.services.rows import audit
from fairdesk.cases.services.structure import create_category
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service


@service
def add_category(
    *,
    admin: User,
    name: str,
    parent: Category | None = None,
    team: Team | None = None,
    is_fault: bool = False,
) -> Category:
    category = create_category(name=name, parent=parent, team=team, is_fault=is_fault)
    audit("category.created", case=None, agent=admin, category=category.pk, path=category.path)
    return category


@service
def edit_category(
    *, admin: User, category: Category, name: str, team: Team | None, is_fault: bool
) -> Category:
    """Rename a node (its descendants' paths follow), change its team and fault flag."""
    name = " ".join((name or "").replace(">", " ").split())[:100]
    if not name:
        raise DomainError(_("A category needs a name."), field="name")
    old_path = category.path
    new_path = f"{category.parent.path} > {name}" if category.parent_id else name
    if new_path.lower() != old_path.lower() and Category.objects.filter(path__iexact=new_path):
        raise DomainError(
            _("The category “%(path)s” exists already.") % {"path": new_path}, field="name"
        )
    if new_path != old_path:
        # One UPDATE renames the whole subtree: "Old > x" becomes "New > x".
        Category.objects.filter(path__startswith=f"{old_path} > ").update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
    category.name, category.path, category.team, category.is_fault = name, new_path, team, is_fault
    category.save(update_fields=["name", "path", "team", "is_fault"])
    audit(
        "category.changed",
        case=None,
        agent=admin,
        category=category.pk,
        path=new_path,
        old_path=old_path,
        team=team.pk if team else None,
        is_fault=is_fault,
    )
    return category
