"""Merge, link and tags from the case page, each through its service."""

from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, EntryKind


def _post(client, case, action, data):
    return client.post(reverse("desk:case_action", args=[case.reference, action]), data)


def _second_case(kurt, subject="Rechnung doppelt"):
    return cases.open_new_case(
        customer=kurt, subject=subject, body="Zweimal abgebucht.", channel="web"
    ).case


def test_merge_a_duplicate_from_the_case_page(ada_client, kurt, kurt_case):
    copy = _second_case(kurt)
    response = _post(ada_client, copy, "merge", {"merge-target": kurt_case.reference.lower()})
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.merged_into == kurt_case and copy.status == "closed"
    page = ada_client.get(f"/desk/cases/{copy.reference}/", follow=True).content.decode()
    assert f"Merged from {copy.reference}" in page and "Zweimal abgebucht." in page


def test_merge_refuses_another_customers_case_next_to_the_field(ada_client, kurt_case, olga_case):
    response = _post(ada_client, kurt_case, "merge", {"merge-target": olga_case.reference})
    assert response.status_code == 422
    assert "Only cases of the same customer can be merged." in response.content.decode()
    assert Case.objects.get(pk=kurt_case.pk).merged_into is None


def test_an_unknown_reference_is_named(ada_client, kurt_case):
    response = _post(ada_client, kurt_case, "link", {"link-other": "FD-999999"})
    assert response.status_code == 422 and "No case FD-999999." in response.content.decode()


def test_link_two_cases_shows_on_both(ada_client, kurt_case, olga_case):
    assert (
        _post(ada_client, kurt_case, "link", {"link-other": olga_case.reference}).status_code == 302
    )
    page = ada_client.get(f"/desk/cases/{olga_case.reference}/").content.decode()
    assert f"Linked to {kurt_case.reference}" in page
    assert f'href="/desk/cases/{kurt_case.reference}/"' in page


def test_tags_are_set_on_the_timeline_and_an_unchanged_set_writes_nothing(ada_client, kurt_case):
    _post(ada_client, kurt_case, "tags", {"tags-tags": "DSL, Rückruf ,,"})
    assert sorted(kurt_case.tags.values_list("name", flat=True)) == ["dsl", "rückruf"]
    entries = kurt_case.entries.filter(kind=EntryKind.SYSTEM, data__has_key="tags")
    assert entries.count() == 1
    _post(ada_client, kurt_case, "tags", {"tags-tags": "rückruf, dsl"})
    assert entries.count() == 1
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/").content.decode()
    assert "Tags: — → dsl, rückruf" in page
    _post(ada_client, kurt_case, "tags", {"tags-tags": ""})
    assert not kurt_case.tags.exists() and entries.count() == 2
