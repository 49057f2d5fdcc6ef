"""How cases relate and are filed: categories, tags, merges and links."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Team
from fairdesk.cases.events import Event, case_event
from fairdesk.cases.models import (
    Case,
    CaseAlias,
    Category,
    Entry,
    EntryKind,
    Status,
    Tag,
)
from fairdesk.cases.services.rows import audit, touch, write_entry
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service


@service
def change_category(*, case: Case, agent: User, category: Category | None) -> None:
    old = case.category.path if case.category_id else None
    touch(case, category=category)
    write_entry(
        case,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"field": "category", "from": old, "to": category.path if category else None},
    )
    audit("case.category", case=case, agent=agent, old=old, new=category.path if category else None)


@service
def set_tags(*, case: Case, agent: User, names: list[str]) -> None:
    clean = sorted({" ".join(n.split())[:50].lower() for n in names if n.strip()})
    tags = [Tag.objects.get_or_create(name=name)[0] for name in clean]
    case.tags.set(tags)
    touch(case)
    audit("case.tags", case=case, agent=agent, tags=clean)


@service
def merge_cases(*, source: Case, target: Case, agent: User) -> Case:
    """Move `source`'s timeline into `target`; `source`'s reference then leads to `target`."""
    if source.pk == target.pk:
        raise DomainError(_("A case cannot be merged into itself."), field="target")
    if source.customer_id != target.customer_id:
        raise DomainError(_("Only cases of the same customer can be merged."), field="target")
    if target.merged_into_id or target.status == Status.CLOSED:
        raise Conflict(_("Merge into an open case."), field="target")
    Entry.objects.filter(case=source).update(case=target)
    CaseAlias.objects.filter(case=source).update(case=target)
    CaseAlias.objects.create(reference=source.reference, case=target)
    Case.objects.filter(pk=source.pk).update(
        status=Status.CLOSED, merged_into=target, updated_at=clock.now()
    )
    touch(target)
    write_entry(
        target, EntryKind.SYSTEM, agent=agent, public=True, data={"merged": source.reference}
    )
    audit("case.merged", case=target, agent=agent, source=source.reference)
    case_event(case=target, event=Event.MERGED, source=source)
    return target


@service
def link_cases(*, case: Case, other: Case, agent: User | None = None) -> None:
    """Relate two cases; `agent` is None when fairdesk links them (a mail naming another case)."""
    if case.pk == other.pk:
        raise DomainError(_("A case cannot be linked to itself."), field="other")
    if case.related.filter(pk=other.pk).exists():
        return  # already linked: no second pair of timeline entries
    case.related.add(other)
    for one, two in ((case, other), (other, case)):
        write_entry(
            one, EntryKind.SYSTEM, agent=agent, public=False, data={"linked": two.reference}
        )
    audit("case.linked", case=case, agent=agent, other=other.reference)


@service
def create_category(
    *, name: str, parent: Category | None = None, team: Team | None = None, is_fault: bool = False
) -> Category:
    name = " ".join((name or "").replace(">", " ").split())[:100]
    if not name:
        raise DomainError(_("A category needs a name."), field="name")
    path = f"{parent.path} > {name}" if parent else name
    return Category.objects.create(
        name=name, parent=parent, path=path, team=team, is_fault=is_fault
    )
