"""The wording check where people write: the survey editor and replies that ask for a rating."""

import pytest

from fairdesk.cases import services as cases
from fairdesk.feedback import services
from fairdesk.feedback.models import Survey
from fairdesk.lib.errors import DomainError

NEUTRAL = {
    "csat_question_de": "Wie zufrieden sind Sie mit der Bearbeitung?",
    "csat_question_en": "How satisfied are you with how your request was handled?",
    "ces_question_de": "Wie einfach war es?",
    "ces_question_en": "How easy was it?",
    "comment_prompt_de": "Möchten Sie uns etwas mitteilen?",
    "comment_prompt_en": "Anything you would like to tell us?",
}


def test_a_neutral_survey_becomes_the_new_version(lena):
    old = Survey.objects.get(active=True)
    new = services.publish_survey(agent=lena, texts=NEUTRAL)
    assert Survey.objects.get(active=True) == new != old


def test_a_leading_survey_is_refused_with_the_reason(lena):
    texts = {**NEUTRAL, "csat_question_en": "Please rate us 5 stars!"}
    with pytest.raises(DomainError) as refused:
        services.publish_survey(agent=lena, texts=texts)
    assert refused.value.field == "csat_question_en"
    assert "particular mark" in refused.value.message


def test_a_survey_naming_an_agent_is_refused(lena, ada):
    texts = {**NEUTRAL, "csat_question_de": "Wie zufrieden waren Sie mit Ada?"}
    with pytest.raises(DomainError, match="names an agent"):
        services.publish_survey(agent=lena, texts=texts)


def test_a_reply_pleading_for_a_top_rating_is_refused_and_not_written(kurt, ada, support):
    case = cases.open_case(customer=kurt, subject="X", body="Y", channel="email").case
    with pytest.raises(DomainError):
        cases.reply(
            case=case, agent=ada, body="Bitte bewerten Sie uns in der Umfrage mit sehr gut!"
        )
    assert not case.entries.filter(kind="reply").exists()


def test_a_plain_reply_and_a_neutral_mention_of_the_survey_pass(kurt, ada, support):
    case = cases.open_case(customer=kurt, subject="X", body="Y", channel="email").case
    cases.reply(case=case, agent=ada, body="Der Router ist unterwegs.")
    cases.reply(case=case, agent=ada, body="Vielleicht erhalten Sie eine kurze Umfrage.")
    assert case.entries.filter(kind="reply").count() == 2


def test_a_reply_asking_for_a_good_rating_is_refused_and_not_written(kurt, ada, support):
    case = cases.open_case(customer=kurt, subject="X", body="Y", channel="email").case
    with pytest.raises(DomainError):
        cases.reply(
            case=case,
            agent=ada,
            body="Wir würden uns über eine gute Bewertung in der Umfrage sehr freuen.",
        )
    assert not case.entries.filter(kind="reply").exists()
