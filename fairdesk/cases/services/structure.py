"""How cases relate and are filed: categories, tags, merges and links."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import Team
from fairdesk.cases import selectors
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
from fairdesk.cases.services.intake import new_case
from fairdesk.cases.services.rows import audit, lock_open, touch, write_entry
from fairdesk.lib import clock, request_memo
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.text import one_line
from fairdesk.lib.transactions import service
from fairdesk.search import index as search_index


@service
def change_category(*, case: Case, agent: User, category: Category | None) -> None:
    case = lock_open(case)  # a closed case's figures stay as it closed
    old = case.category.path if case.category_id else None
    old_id = case.category_id
    touch(case, category=category)
    entry = write_entry(
        case,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"field": "category", "from": old, "to": category.path if category else None},
    )
    audit("case.category", case=case, agent=agent, old=old, new=category.path if category else None)
    case_event(
        case=case,
        event=Event.CATEGORY_CHANGED,
        entry=entry,
        old=old_id,
        new=category.pk if category else None,
    )


SUBJECT_LENGTH = 250  # as intake keeps it (Case.subject)


@service
def rename_case(*, case: Case, agent: User, subject: str) -> Entry | None:
    """Give the case a clearer subject. The customer sees the new title; the entry saying who
    changed it from what is the agents' (internal), like a category change. The search index
    is built again (`touch`), so the replaced title's words no longer find the case."""
    new = one_line(subject)
    if not new:
        raise DomainError(_("Please give a subject."), field="subject")
    if len(new) > SUBJECT_LENGTH:
        raise DomainError(
            _("A subject has at most %(n)s characters.") % {"n": SUBJECT_LENGTH}, field="subject"
        )
    case = lock_open(case)  # a closed case is not renamed: reopened first, it can be
    old = case.subject
    if new == old:
        return None  # nothing changed: no entry saying it did
    touch(case, subject=new)
    entry = write_entry(
        case,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"field": "subject", "from": old, "to": new},
    )
    audit("case.subject", case=case, agent=agent, old=old, new=new)
    return entry


@service
def set_tags(*, case: Case, agent: User, names: list[str]) -> None:
    clean = sorted({one_line(n, 50).lower() for n in names if n.strip()})
    request_memo.forget(selectors.TAGS_NOTED % case.pk)
    before = sorted(case.tags.values_list("name", flat=True))
    if clean == before:
        return  # nothing changed: no entry saying it did
    case = lock_open(case)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in clean]
    case.tags.set(tags)
    touch(case)
    write_entry(
        case, EntryKind.SYSTEM, agent=agent, public=False, data={"tags": clean, "was": before}
    )
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
    search_index.case_changed(target.pk)  # built again: it holds the source's entries now
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


SPLITTABLE = (EntryKind.MESSAGE_IN, EntryKind.CALL)


@service
def split_off(*, entry: Entry, agent: User | None = None, customer=None) -> Case:
    """A contact that joined a case is a new matter: move it into a case of its own.

    The new case gets its own promises (its clocks start from the contact, as if it had been
    opened then) and the customer an acknowledgment naming it; the case it leaves forgets the
    answer that contact was owed. Said by an agent, or by the customer from the notice.
    """
    entry = Entry.objects.select_related("case", "author_customer").get(pk=entry.pk)
    old = lock_open(entry.case)
    author = entry.author_customer
    if entry.kind not in SPLITTABLE or author is None:
        raise DomainError(_("Only a customer's message can become a case of its own."))
    if customer is not None and author.pk != customer.pk:
        raise DomainError(_("Only a customer's message can become a case of its own."))
    if entry.data.get("split_from") or not _earlier_contact(entry):
        raise Conflict(
            _("This message is already case %(ref)s of its own.") % {"ref": old.reference}
        )
    new = new_case(
        customer=author,
        subject=entry.data.get("subject") or old.subject,
        channel=entry.data.get("channel") or old.channel,
        team=old.team,
    )
    entry.case, entry.data = new, entry.data | {"split_from": old.reference}
    Entry.objects.filter(pk=entry.pk).update(case=new, data=entry.data)
    search_index.case_changed(old.pk)
    search_index.case_changed(new.pk)
    touch(old)
    write_entry(old, EntryKind.SYSTEM, agent=agent, public=True, data={"split": new.reference})
    audit("case.split", case=old, agent=agent, customer=customer, new=new.reference)
    case_event(case=old, event=Event.SPLIT_OFF, entry=entry, new_case=new)
    case_event(case=new, event=Event.OPENED, entry=entry)
    return new


def _earlier_contact(entry: Entry) -> bool:
    """Whether the case had a customer contact before `entry` (else it is the case's own)."""
    return (
        Entry.objects.filter(case_id=entry.case_id, kind__in=SPLITTABLE, id__lt=entry.pk)
        .exclude(author_customer=None)
        .exists()
    )


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
def give_address(*, case: Case, other: Case, agent: User) -> Case:
    """`case` came from a customer writing from a second address (a customer of its own,
    linked to `other`): the agent says the address is `other`'s customer's. The address and
    every case of that one-mail customer move to them, so the cases can be merged as usual."""
    stranger, owner = case.customer, other.customer
    address = accounts.move_address(stranger=stranger, to=owner, agent=agent)
    moved = list(Case.objects.select_for_update().filter(customer=stranger).order_by("pk"))
    Entry.objects.filter(case__in=moved, author_customer=stranger).update(author_customer=owner)
    facts = {"address": address, "customer": owner.name, "was": stranger.name}
    for one in moved:
        touch(one, customer=owner)  # found under its customer's name now
        write_entry(one, EntryKind.SYSTEM, agent=agent, public=False, data={"address_of": facts})
        audit("case.customer_changed", case=one, agent=agent, address=address, was=stranger.pk)
    write_entry(
        other,
        EntryKind.SYSTEM,
        agent=agent,
        public=False,
        data={"address_of": facts, "cases": [c.reference for c in moved]},
    )
    return case


@service
def create_category(
    *, name: str, parent: Category | None = None, team: Team | None = None, is_fault: bool = False
) -> Category:
    name = one_line((name or "").replace(">", " "), 100)
    if not name:
        raise DomainError(_("A category needs a name."), field="name")
    path = f"{parent.path} > {name}" if parent else name
    if Category.objects.filter(path__iexact=path).exists():
        raise DomainError(
            _("The category “%(path)s” exists already.") % {"path": path}, field="name"
        )
    return Category.objects.create(
        name=name, parent=parent, path=path, team=team, is_fault=is_fault
    )
