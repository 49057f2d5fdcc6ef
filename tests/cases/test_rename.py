"""Renaming a case: its subject (the title agents and the customer see) changes through
`rename_case`, with an internal timeline entry saying who changed it from what to what."""

import pytest
from django.utils import translation

from fairdesk.cases import services
from fairdesk.cases.models import AuditEvent, Case, EntryKind, Status
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.search.selectors import search_cases
from fairdesk.texts import entry_text


def _case(customer, subject="Re: AW: Ihre Nachricht"):
    return services.open_case(
        customer=customer, subject=subject, body="Abends bricht DSL ab.", channel="email"
    ).case


def _found(words):
    return list(search_cases(words, within=Case.objects.all()))


def test_a_rename_trims_the_subject_and_notes_who_changed_it_from_what(kurt, ada, support):
    case = _case(kurt)
    entry = services.rename_case(case=case, agent=ada, subject="  DSL drops\n every evening ")
    assert Case.objects.get(pk=case.pk).subject == "DSL drops every evening"
    assert entry is not None
    assert (entry.kind, entry.public, entry.author_user) == (EntryKind.SYSTEM, False, ada)
    assert entry.data == {
        "field": "subject",
        "from": "Re: AW: Ihre Nachricht",
        "to": "DSL drops every evening",
    }
    audit = AuditEvent.objects.get(action="case.subject")
    assert audit.data == {"old": "Re: AW: Ihre Nachricht", "new": "DSL drops every evening"}
    with translation.override("de"):
        assert entry_text(entry) == "Betreff: Re: AW: Ihre Nachricht → DSL drops every evening"
    with translation.override("en"):
        assert entry_text(entry) == "Subject: Re: AW: Ihre Nachricht → DSL drops every evening"


@pytest.mark.parametrize("subject", ["", "   \n "])
def test_an_empty_subject_is_refused_and_the_old_one_stays(kurt, ada, support, subject):
    case = _case(kurt)
    with pytest.raises(DomainError) as error:
        services.rename_case(case=case, agent=ada, subject=subject)
    assert error.value.field == "subject"
    assert Case.objects.get(pk=case.pk).subject == "Re: AW: Ihre Nachricht"


def test_a_subject_longer_than_intake_takes_is_refused(kurt, ada, support):
    case = _case(kurt)
    services.rename_case(case=case, agent=ada, subject="x" * 250)  # the longest intake keeps
    with pytest.raises(DomainError) as error:
        services.rename_case(case=case, agent=ada, subject="y" * 251)
    assert error.value.field == "subject"
    assert "250" in error.value.message
    assert Case.objects.get(pk=case.pk).subject == "x" * 250


def test_the_same_subject_again_changes_nothing(kurt, ada, support):
    case = _case(kurt)
    before = case.entries.count()
    assert services.rename_case(case=case, agent=ada, subject=" Re: AW:  Ihre Nachricht") is None
    assert case.entries.count() == before
    assert not AuditEvent.objects.filter(action="case.subject").exists()


def test_a_closed_case_keeps_its_subject(kurt, ada, support):
    case = _case(kurt)
    services.change_status(case=case, agent=ada, status=Status.CLOSED)
    with pytest.raises(Conflict):
        services.rename_case(case=case, agent=ada, subject="DSL drops every evening")
    assert Case.objects.get(pk=case.pk).subject == "Re: AW: Ihre Nachricht"


def test_search_finds_the_new_subject_and_not_a_replaced_one(kurt, ada, support):
    case = _case(kurt)
    services.rename_case(case=case, agent=ada, subject="Modem flackert")
    assert _found("flackert") == [case]
    services.rename_case(case=case, agent=ada, subject="DSL drops every evening")
    assert _found("evening") == [case]
    assert _found("flackert") == []  # only the title had it, and the title is another now
    assert _found("Nachricht") == [case]  # the customer's own mail subject is still there


def test_change_case_renames_with_the_other_changes(kurt, ada, support):
    case = _case(kurt)
    changes = services.CaseChanges(subject="DSL drops every evening", tags=["dsl"])
    services.change_case(case=case, agent=ada, changes=changes)
    assert Case.objects.get(pk=case.pk).subject == "DSL drops every evening"
