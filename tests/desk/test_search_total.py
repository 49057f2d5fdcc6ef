"""The desk's search says how many cases match, exactly or as "more than"."""

from fairdesk.cases import services as cases


def test_the_desk_says_how_many_cases_match(ada_client, kurt, support, monkeypatch):
    from django.urls import reverse

    from fairdesk.search import backends, selectors

    for number in range(3):
        cases.open_new_case(
            customer=kurt,
            subject=f"Router {number}",
            body="x",
            channel="email",
        )
    page = ada_client.get(reverse("desk:search"), {"q": "router"}).content.decode()
    assert "Matching cases: 3." in page
    monkeypatch.setattr(backends, "RANKED", 2)
    monkeypatch.setattr(selectors, "COUNTED", 2)
    page = ada_client.get(reverse("desk:search"), {"q": "router"}).content.decode()
    assert "More than 2 cases match." in page and "The newest 2 of them are ranked" in page
