"""The case page's rarely used forms come when opened (htmx), or on a page of their own."""

import pytest
from django.urls import reverse

from fairdesk.cases import services as cases

ON_DEMAND = ("diagnostic", "promise", "expedite", "subject", "priority", "category")
ON_DEMAND += ("hand_over", "tags", "link", "merge")


def _case_page(client, case, **headers) -> str:
    return client.get(f"/desk/cases/{case.reference}/", **headers).content.decode()


def _form_url(case, name: str) -> str:
    return reverse("desk:case_form", args=[case.reference, name])


def test_the_page_has_the_everyday_forms_and_links_to_the_others(ada_client, kurt_case):
    page = _case_page(ada_client, kurt_case, HTTP_ACCEPT_LANGUAGE="en")
    for field in ("reply-body", "note-body", "status-status"):
        assert f'name="{field}"' in page
    for name in ON_DEMAND:
        assert f'hx-get="{_form_url(kurt_case, name)}"' in page
        assert f'<a href="{_form_url(kurt_case, name)}">Open this form</a>' in page
    assert 'name="hand_over-to_agent"' not in page and 'name="merge-target"' not in page


def test_htmx_fetches_the_form_alone_with_the_case_filled_in(ada_client, ada, kurt_case, billing):
    cases.set_tags(case=kurt_case, agent=ada, names=["DSL", "Rückruf"])
    cases.change_category(case=kurt_case, agent=ada, category=billing)
    tags = ada_client.get(_form_url(kurt_case, "tags"), HTTP_HX_REQUEST="true")
    assert tags.status_code == 200
    body = tags.content.decode()
    assert "<html" not in body and 'name="csrfmiddlewaretoken"' in body
    assert f'action="{reverse("desk:case_action", args=[kurt_case.reference, "tags"])}"' in body
    assert 'value="dsl, rückruf"' in body.lower()
    category = ada_client.get(_form_url(kurt_case, "category"), HTTP_HX_REQUEST="true")
    assert f'value="{billing.pk}" selected' in category.content.decode()


def test_without_script_the_form_has_a_page_of_its_own(ada_client, ben, kurt_case):
    # A boosted link (htmx on the body) wants a whole page too.
    for headers in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}):
        page = ada_client.get(_form_url(kurt_case, "hand_over"), **headers).content.decode()
        assert "<html" in page and f'href="/desk/cases/{kurt_case.reference}/"' in page
        assert 'name="hand_over-to_agent"' in page and f'value="{ben.pk}"' in page


def test_each_form_on_demand_posts_to_its_action(ada_client, kurt_case):
    for name in ON_DEMAND:
        body = ada_client.get(_form_url(kurt_case, name), HTTP_HX_REQUEST="true").content.decode()
        assert f'name="{name}-' in body, name


def test_a_refused_form_on_demand_comes_back_on_the_page_with_its_error(ada_client, kurt_case):
    url = reverse("desk:case_action", args=[kurt_case.reference, "link"])
    page = ada_client.post(url, {"link-other": "FD-999999"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 422
    text = page.content.decode()
    assert 'id="action-link" open' in text and 'value="FD-999999"' in text
    assert "No case FD-999999." in text
    # The other rarely used forms stay folded away, to be fetched when opened.
    assert 'name="merge-target"' not in text


def test_the_forms_speak_german(ada_client, kurt_case):
    page = _case_page(ada_client, kurt_case, HTTP_ACCEPT_LANGUAGE="de")
    assert "Formular öffnen" in page and "Übergeben" in page
    alone = ada_client.get(_form_url(kurt_case, "merge"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Mit einem anderen Fall zusammenführen" in alone.content.decode()


@pytest.mark.parametrize("name", ["reply", "take", "delete_everything"])
def test_only_the_forms_on_demand_are_fetched(ada_client, kurt_case, name):
    assert ada_client.get(_form_url(kurt_case, name)).status_code == 404


def test_a_case_the_agent_may_not_see_has_no_forms(ben_client, kurt_case, teams_only):
    assert ben_client.get(_form_url(kurt_case, "merge")).status_code == 404


def test_a_customer_gets_no_desk_form(kurt_client, kurt_case):
    answer = kurt_client.get(_form_url(kurt_case, "merge"))
    assert answer.status_code in (302, 403)
