"""The case page's subject form: an agent gives a case a clearer title."""

from django.urls import reverse

from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Status


def _form_url(case) -> str:
    return reverse("desk:case_form", args=[case.reference, "subject"])


def _post(client, case, subject, language="en"):
    url = reverse("desk:case_action", args=[case.reference, "subject"])
    return client.post(url, {"subject-subject": subject}, HTTP_ACCEPT_LANGUAGE=language)


def test_the_page_offers_the_form_filled_with_the_subject(ada_client, kurt_case):
    page = ada_client.get(f"/desk/cases/{kurt_case.reference}/", HTTP_ACCEPT_LANGUAGE="de")
    assert f'hx-get="{_form_url(kurt_case)}"' in page.content.decode()
    assert "Betreff ändern" in page.content.decode()
    form = ada_client.get(_form_url(kurt_case), HTTP_HX_REQUEST="true").content.decode()
    assert 'name="subject-subject"' in form and 'value="Internet fällt abends aus"' in form


def test_a_new_subject_is_the_title_and_the_timeline_says_so(ada_client, kurt_case):
    answer = _post(ada_client, kurt_case, "  DSL drops every evening ")
    assert answer.status_code == 302
    assert Case.objects.get(pk=kurt_case.pk).subject == "DSL drops every evening"
    page = ada_client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<h1 id="case-title">DSL drops every evening</h1>' in page
    assert "Betreff: Internet fällt abends aus → DSL drops every evening" in page


def test_a_too_long_subject_comes_back_with_its_error_and_the_text_kept(ada_client, kurt_case):
    typed = "DSL " + "x" * 260
    answer = _post(ada_client, kurt_case, typed)
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "A subject has at most 250 characters." in page
    assert 'id="action-subject" open' in page and f'value="{typed}"' in page
    assert Case.objects.get(pk=kurt_case.pk).subject == "Internet fällt abends aus"


def test_an_empty_subject_is_refused_in_german(ada_client, kurt_case):
    answer = _post(ada_client, kurt_case, "   ", language="de")
    assert answer.status_code == 422
    assert "Dieses Feld ist zwingend erforderlich." in answer.content.decode()
    assert Case.objects.get(pk=kurt_case.pk).subject == "Internet fällt abends aus"


def test_a_closed_case_is_not_renamed(ada_client, ada, kurt_case):
    cases.change_status(case=kurt_case, agent=ada, status=Status.CLOSED)
    answer = _post(ada_client, kurt_case, "DSL drops every evening")
    assert answer.status_code == 422
    assert f"Case {kurt_case.reference} is closed." in answer.content.decode()
    assert Case.objects.get(pk=kurt_case.pk).subject == "Internet fällt abends aus"


def test_an_agent_who_may_not_see_the_case_cannot_rename_it(ben_client, kurt_case, teams_only):
    assert _post(ben_client, kurt_case, "Mine now").status_code == 404
    assert Case.objects.get(pk=kurt_case.pk).subject == "Internet fällt abends aus"
