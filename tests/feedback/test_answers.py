"""Answering: only a POST votes, once, for ever; a dissatisfied answer reaches the lead."""

import pytest
from django.urls import reverse

from fairdesk.cases.models import Case
from fairdesk.feedback import services
from fairdesk.feedback.links import token_for
from fairdesk.feedback.models import Answer
from fairdesk.lib.errors import Conflict, DomainError


def url(invitation):
    return reverse("portal:survey", args=[token_for(invitation.pk)])


def test_a_get_on_the_vote_link_records_nothing(client, invited):
    response = client.get(url(invited) + "?csat=5")
    assert response.status_code == 200
    assert b"How satisfied" in response.content or b"Wie zufrieden" in response.content
    assert Answer.objects.count() == 0


def test_a_post_records_one_answer_and_a_second_is_refused(client, invited):
    response = client.post(url(invited), {"csat": "4", "ces": "6", "comment": "Gut."})
    assert response.status_code == 200
    answer = Answer.objects.get()
    assert (answer.csat, answer.ces, answer.comment) == (4, 6, "Gut.")
    client.post(url(invited), {"csat": "1"})
    with pytest.raises(Conflict):
        services.answer(invitation=invited, csat=1)
    assert list(Answer.objects.values_list("csat", flat=True)) == [4]


def test_a_forged_or_unknown_link_is_refused(client, invited):
    assert client.get(url(invited)[:-3] + "xyz/").status_code == 404
    assert Answer.objects.count() == 0


def test_out_of_range_marks_are_refused_and_nothing_is_lost(client, invited):
    response = client.post(url(invited), {"csat": "9", "comment": "Mein Text"})
    assert response.status_code == 422
    assert "Mein Text" in response.content.decode()
    with pytest.raises(DomainError):
        services.answer(invitation=invited, csat=3, ces=0)


def test_a_dissatisfied_answer_opens_a_follow_up_case_for_the_team_lead(client, invited, lena):
    client.post(url(invited), {"csat": "1", "comment": "Drei Wochen gewartet."})
    answer = Answer.objects.get()
    follow_up = Case.objects.get(pk=answer.follow_up_id)
    assert follow_up.assignee == lena
    assert follow_up.team == invited.case.team
    assert invited.case in follow_up.related.all()
    assert "Drei Wochen gewartet." in follow_up.entries.first().body


def test_a_satisfied_answer_opens_nothing(client, invited):
    before = Case.objects.count()
    client.post(url(invited), {"csat": "5"})
    assert Case.objects.count() == before


def test_opting_out_from_the_page(client, invited, kurt):
    from fairdesk.feedback.models import OptOut

    client.post(reverse("portal:survey_opt_out", args=[token_for(invited.pk)]))
    assert OptOut.objects.filter(customer=kurt).exists()


def test_a_closed_survey_says_so_before_the_customer_fills_it_in(client, invited, settings):
    from datetime import timedelta

    from fairdesk.lib import clock

    days = settings.FAIRDESK_SURVEY_ANSWER_DAYS
    with clock.frozen_at(invited.drawn_at + timedelta(days=days, hours=1)):
        page = client.get(url(invited), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 410
    text = page.content.decode()
    assert f"This survey closed after {days} days." in text and 'name="csat"' not in text
    assert Answer.objects.count() == 0


def _follow_up_page(client, agent_client_user, follow_up, language):
    client.force_login(agent_client_user)
    page = client.get(f"/desk/cases/{follow_up.reference}/", HTTP_ACCEPT_LANGUAGE=language)
    return page.content.decode()


def test_without_a_team_lead_the_follow_up_goes_to_a_desk_administrator(
    client, invited, support, ada, ben, lena
):
    support.lead = None
    support.save()
    ben.agent.is_admin = True  # an administrator of another team
    ben.agent.save()
    client.post(url(invited), {"csat": "2", "comment": "Zu langsam."})
    follow_up = Case.objects.get(pk=Answer.objects.get().follow_up_id)
    assert follow_up.assignee == ben and follow_up.team == support
    english = _follow_up_page(client, ben, follow_up, "en")
    assert "Support has no team lead, so a desk administrator follows it up." in english
    german = _follow_up_page(client, ben, follow_up, "de")
    assert (
        "Support hat keine Teamleitung, darum geht ein Administrator des Desks ihr nach." in german
    )


def test_with_nobody_to_follow_it_up_the_case_says_why(client, invited, support, ada, lena):
    support.lead = None
    support.save()
    client.post(url(invited), {"csat": "1"})
    follow_up = Case.objects.get(pk=Answer.objects.get().follow_up_id)
    assert follow_up.assignee is None
    english = _follow_up_page(client, lena, follow_up, "en")
    assert "Support has no team lead and the desk no administrator" in english
    german = _follow_up_page(client, lena, follow_up, "de")
    assert "Support hat keine Teamleitung und der Desk keinen Administrator" in german


def test_a_follow_up_the_assignment_gave_its_lead_already_stays_theirs(
    client, invited, ada, lena, settings
):
    from fairdesk.queues import services as queues
    from fairdesk.queues.models import Presence

    settings.FAIRDESK_QUEUE_AUTO_ASSIGN = True
    queues.set_presence(agent=ada, presence=Presence.AWAY)  # the lead is the one on shift
    response = client.post(url(invited), {"csat": "1", "comment": "Nie wieder."})
    assert response.status_code == 200
    follow_up = Case.objects.get(pk=Answer.objects.get().follow_up_id)
    assert follow_up.assignee == lena
    english = _follow_up_page(client, lena, follow_up, "en")
    assert "the team lead follows it up." in english
