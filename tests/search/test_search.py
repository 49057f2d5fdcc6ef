"""Searching cases: what matches, in which order, and who sees what."""

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case
from fairdesk.search.selectors import search_cases


def _open(customer, subject, body="Bitte helfen Sie mir."):
    return cases.open_case(
        customer=customer, subject=subject, body=body, channel="email", join_existing=False
    ).case


def test_subject_word_finds_the_case(kurt, olga, support):
    router = _open(kurt, "Router blinkt rot")
    _open(olga, "Invoice question")
    found = list(search_cases("router", within=Case.objects.all()))
    assert found == [router]


def test_exact_reference_comes_first(kurt, support):
    first = _open(kurt, "Router blinkt rot")
    second = _open(kurt, f"Wie {first.reference} schon geschrieben")
    found = list(search_cases(first.reference, within=Case.objects.all()))
    assert found[0] == first
    assert second in found
