"""The reads every desk and portal request makes first (session, user with agent profile,
portal customer with user), as fixed statements: the same answers as Django's own reads."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from fairdesk.accounts.selectors import customer_with_user, signed_in_user
from fairdesk.lib import clock
from tests.portal.conftest import sign_in


def test_an_agent_is_read_with_their_profile_in_one_statement(ada, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = signed_in_user(ada.pk)
        assert user is not None and user.username == ada.username
        assert user.agent.pk == ada.agent.pk and list(user.agent.languages) == list(
            ada.agent.languages
        )
        assert user.agent.user is user and user.check_password is not None
    assert user.date_joined == ada.date_joined and user.is_active is True


def test_a_user_without_profile_is_no_agent_without_asking_again(
    kurt_user, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = signed_in_user(kurt_user.pk)
        assert user is not None and not hasattr(user, "agent")
    assert signed_in_user(kurt_user.pk + 1000) is None


def test_a_session_past_its_expiry_signs_the_agent_out(ada_client):
    assert ada_client.get("/desk/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    answer = ada_client.get("/desk/")
    assert answer.status_code == 302 and "/desk/sign-in/" in answer["Location"]


def test_a_session_expires_by_the_wall_clock_not_the_business_clock(ada_client):
    # Tests and replays move fairdesk's clock; a session's expiry is Django's own affair.
    with clock.frozen_at(timezone.now() + dt.timedelta(days=400)):
        assert ada_client.get("/desk/").status_code == 200


def test_a_deactivated_agent_is_signed_out(ada, ada_client):
    ada.is_active = False
    ada.save(update_fields=["is_active"])
    assert ada_client.get("/desk/").status_code == 302


def test_a_customer_is_read_with_their_login_in_one_statement(
    kurt, kurt_user, django_assert_num_queries
):
    with django_assert_num_queries(1):
        customer = customer_with_user(kurt.pk)
        assert customer is not None and customer.user is not None
        assert customer.user.username == "kurt" and customer.name == kurt.name
    assert customer.created_at == kurt.created_at and customer.is_active is True


def test_a_customer_without_login_has_no_user(olga, django_assert_num_queries):
    with django_assert_num_queries(1):
        customer = customer_with_user(olga.pk)
        assert customer is not None and customer.user is None
    assert customer_with_user(olga.pk + 1000) is None


def test_the_portal_knows_its_customer_and_forgets_a_deactivated_one(kurt, support):
    client = sign_in(Client(), kurt)
    assert client.get("/portal/").status_code == 200
    kurt.is_active = False
    kurt.save(update_fields=["is_active"])
    assert client.get("/portal/").status_code == 302
