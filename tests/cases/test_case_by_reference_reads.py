"""`case_by_reference` reads the case with its team, owner, customer and category in one
fixed statement: the same values as the ORM, and nothing read again when they are used."""

from fairdesk.cases import selectors
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case


def _fields(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _same(loaded, stored) -> None:
    for name in _fields(type(stored)):
        assert getattr(loaded, name) == getattr(stored, name), name


def test_a_case_and_its_relations_read_as_the_orm_reads_them(
    kurt, ada, fault, support, django_assert_num_queries
):
    opened = cases.open_case(
        customer=kurt, subject="Router", body="Blinkt.", channel="email", category=fault
    ).case
    cases.take(case=opened, agent=ada)
    stored = Case.objects.select_related("team", "assignee", "customer", "category").get(
        pk=opened.pk
    )
    with django_assert_num_queries(1):
        case = selectors.case_by_reference(f" {opened.reference.lower()} ")
        assert case is not None
        _same(case, stored)
        for relation in ("team", "assignee", "customer", "category"):
            _same(getattr(case, relation), getattr(stored, relation))


def test_missing_relations_are_none_without_a_query(kurt, support, django_assert_num_queries):
    opened = cases.open_case(customer=kurt, subject="Rechnung", body="Zu hoch.", channel="web")
    with django_assert_num_queries(1):
        case = selectors.case_by_reference(opened.case.reference)
        assert case is not None and case.assignee is None and case.category is None
    assert selectors.case_by_reference("FD-999999") is None


def test_tags_and_linked_cases_as_the_orm_reads_them(kurt, ada, support):
    first = cases.open_case(customer=kurt, subject="Router", body="Blinkt.", channel="email")
    second = cases.open_new_case(customer=kurt, subject="Rechnung", body="Zu hoch.", channel="web")
    case, other = first.case, second.case
    assert selectors.tag_names(case) == [] and selectors.related_cases(case) == []
    cases.set_tags(case=case, agent=ada, names=["router", "Dringend", "ärger"])
    cases.link_cases(case=case, other=other, agent=ada)
    assert selectors.tag_names(case) == sorted(case.tags.values_list("name", flat=True))
    assert [linked.reference for linked in selectors.related_cases(case)] == [other.reference]
    assert [linked.reference for linked in selectors.related_cases(other)] == [case.reference]
