"""The desk's survey editor: a lead's leading text is refused with the reason, kept in the
form; a neutral one becomes the new version."""

from django.test import Client

from fairdesk.feedback.library import DEFAULT_SURVEY
from fairdesk.feedback.models import Survey


def _lead(lena) -> Client:
    client = Client()
    client.force_login(lena)
    return client


def test_the_editor_refuses_leading_text_and_keeps_it(lena):
    client = _lead(lena)
    texts = {**DEFAULT_SURVEY, "csat_question_de": "Bitte bewerten Sie uns mit sehr gut!"}
    response = client.post("/desk/surveys/", texts)
    assert response.status_code == 422
    page = response.content.decode()
    assert "particular mark" in page and "Bitte bewerten Sie uns mit sehr gut!" in page
    assert Survey.objects.filter(active=True).count() == 1


def test_the_editor_saves_a_neutral_version(lena):
    client = _lead(lena)
    before = Survey.objects.get(active=True)
    texts = {**DEFAULT_SURVEY, "comment_prompt_en": "Anything else? (optional)"}
    assert client.post("/desk/surveys/", texts).status_code == 302
    assert Survey.objects.get(active=True).comment_prompt_en == "Anything else? (optional)"
    assert Survey.objects.get(pk=before.pk).active is False
    assert "Satisfaction question (German)" in client.get("/desk/surveys/").content.decode()
