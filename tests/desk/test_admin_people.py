"""Administration in the desk: teams and their members, agents invited and deactivated."""

import re

from django.contrib.auth import get_user_model
from django.test import Client

from fairdesk.accounts import services as accounts
from fairdesk.accounts.models import AccountEvent, ApiToken, Team
from fairdesk.lib.errors import DomainError


def test_admin_creates_a_team_with_lead_and_members(admin_client, lena, ada, ben):
    response = admin_client.post(
        "/desk/admin/teams/",
        {"team-name": "Vertrieb", "team-lead": lena.pk, "team-members": [ada.pk, ben.pk]},
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Vertrieb")
    assert team.lead == lena
    assert set(team.agents.values_list("user__username", flat=True)) == {"lena", "ada", "ben"}
    event = AccountEvent.objects.get(action="team.created")
    assert event.actor == lena and event.data["team"] == team.pk
    page = admin_client.get("/desk/admin/teams/").content.decode()
    assert "Vertrieb" in page and "Ben Technik" in page


def test_a_refused_team_comes_back_filled_in(admin_client, support, ada):
    response = admin_client.post(
        "/desk/admin/teams/", {"team-name": "support", "team-members": [ada.pk]}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "exists already" in page
    assert 'value="support"' in page
    assert re.search(rf'value="{ada.pk}"[^>]*checked', page)
    assert Team.objects.count() == 1


def test_admin_edits_a_team_and_its_members(admin_client, support, technik, ada, ben):
    response = admin_client.post(
        f"/desk/admin/teams/{support.pk}/",
        {
            "team-name": "Support 1st level",
            "team-escalation_team": technik.pk,
            "team-members": [ben.pk],
        },
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.name == "Support 1st level" and support.escalation_team == technik
    assert list(support.agents.values_list("user__username", flat=True)) == ["ben"]
    assert support.lead is None
    assert AccountEvent.objects.filter(action="team.changed").count() == 1


def test_a_team_cannot_escalate_to_itself(lena_admin, support):
    from fairdesk.lib.errors import DomainError

    try:
        accounts.change_team(
            admin=lena_admin,
            team=support,
            name="Support",
            lead=None,
            escalation_team=support,
            members=[],
        )
    except DomainError as error:
        assert error.field == "escalation_team"
    else:
        raise AssertionError("a team escalating to itself was accepted")


def _invite(admin_client, **extra) -> str:
    data = {
        "invite-username": "carla",
        "invite-name": "Carla Neu",
        "invite-email": "carla@desk.example",
    } | extra
    response = admin_client.post("/desk/admin/agents/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    return re.search(r'class="invitation-link">([^<]+)<', response.content.decode()).group(1)


def test_invited_agent_chooses_a_password_once_and_signs_in(admin_client, support, client):
    link = _invite(admin_client, **{"invite-teams": [support.pk]})
    carla = get_user_model().objects.get(username="carla")
    assert not carla.has_usable_password()
    assert list(carla.agent.teams.all()) == [support]
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"password": "ein-gutes-passwort-7", "password_again": "ein-gutes-passwort-7"}
    )
    assert response.status_code == 302 and response["Location"] == "/desk/sign-in/"
    signed_in = client.post(
        "/desk/sign-in/", {"username": "carla", "password": "ein-gutes-passwort-7"}
    )
    assert signed_in.status_code == 302
    assert client.get("/desk/").status_code == 200
    # The link is used up: the password it set is part of its signature.
    assert Client().get(path).status_code == 410
    actions = AccountEvent.objects.exclude(action="agent.admin_role").values_list("action")
    assert [action for (action,) in actions] == ["agent.invited", "agent.invitation_accepted"]


def test_a_weak_password_is_refused_on_the_invitation_page(admin_client, client):
    path = _invite(admin_client).split("testserver", 1)[1]
    response = client.post(path, {"password": "123", "password_again": "123"})
    assert response.status_code == 422
    assert "too short" in response.content.decode()
    assert not get_user_model().objects.get(username="carla").has_usable_password()


def test_a_taken_username_is_refused_and_the_form_kept(admin_client, ada):
    response = admin_client.post(
        "/desk/admin/agents/",
        {"invite-username": "ADA", "invite-name": "Ada Zwei", "invite-email": "a2@desk.example"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "is taken" in page and 'value="Ada Zwei"' in page


def test_deactivating_an_agent_ends_sessions_and_revokes_tokens(admin_client, ada, ada_client):
    key = accounts.create_token(user=ada)
    response = admin_client.post(f"/desk/admin/agents/{ada.pk}/deactivate/")
    assert response.status_code == 302
    ada.refresh_from_db()
    assert not ada.is_active
    assert ApiToken.objects.get(user=ada).revoked_at is not None
    assert accounts.token_holder(key) is None
    # Ada's open session is over: the desk sends her to sign in.
    assert ada_client.get("/desk/").status_code == 302
    event = AccountEvent.objects.get(action="agent.deactivated")
    assert event.data == {"agent": ada.pk, "tokens_revoked": 1}


def test_a_reactivated_agent_gets_a_new_invitation(admin_client, ada):
    admin_client.post(f"/desk/admin/agents/{ada.pk}/deactivate/")
    response = admin_client.post(f"/desk/admin/agents/{ada.pk}/reactivate/", follow=True)
    page = response.content.decode()
    assert "/desk/invitation/" in page
    ada.refresh_from_db()
    assert ada.is_active and not ada.has_usable_password()


def test_admins_cannot_lock_themselves_out(admin_client, lena):
    response = admin_client.post(f"/desk/admin/agents/{lena.pk}/deactivate/", follow=True)
    assert "You cannot deactivate yourself." in response.content.decode()
    response = admin_client.post(f"/desk/admin/agents/{lena.pk}/remove_admin/", follow=True)
    assert "your own admin role" in response.content.decode()
    lena.refresh_from_db()
    assert lena.is_active and lena.agent.is_admin


def test_admin_gives_the_admin_role_and_the_header_links_it(admin_client, ada, ada_client):
    assert "/desk/admin/" not in ada_client.get("/desk/").content.decode()
    admin_client.post(f"/desk/admin/agents/{ada.pk}/make_admin/")
    assert "/desk/admin/" in ada_client.get("/desk/").content.decode()
    assert ada_client.get("/desk/admin/calendars/").status_code == 200


def test_agent_list_query_count_does_not_grow(admin_client, support, django_assert_num_queries):
    for number in range(8):
        accounts.create_agent(username=f"a{number}", password=None, teams=(support,))
    # session, user with agent profile; agents with profiles; their teams; the invite form's teams.
    with django_assert_num_queries(6):
        assert admin_client.get("/desk/admin/agents/").status_code == 200


def test_team_list_query_count_does_not_grow(
    admin_client, support, technik, ada, ben, django_assert_num_queries
):
    for number in range(6):
        accounts.create_team(admin=None, name=f"Team {number}", members=[ada, ben])
    # session, user with agent profile; teams with lead and escalation team; their members;
    # the new-team form's choices (agents twice, teams).
    with django_assert_num_queries(8):
        assert admin_client.get("/desk/admin/teams/").status_code == 200


def test_saving_a_team_keeps_its_deactivated_members(admin_client, lena_admin, support, ada):
    accounts.deactivate_agent(admin=lena_admin, user=ada)
    response = admin_client.post(
        f"/desk/admin/teams/{support.pk}/", {"team-name": "Support", "team-lead": lena_admin.pk}
    )
    assert response.status_code == 302
    assert set(support.agents.values_list("user__username", flat=True)) == {"lena", "ada"}


def test_an_agents_email_address_is_refused_for_a_second_agent(admin_client, ada):
    response = admin_client.post(
        "/desk/admin/agents/",
        {
            "invite-username": "carla",
            "invite-name": "Carla Neu",
            "invite-email": "ADA@Desk.Example",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "ADA@desk.example is already the address of the agent ada." in page
    assert 'value="carla"' in page  # the form comes back filled in
    assert not get_user_model().objects.filter(username="carla").exists()
    try:
        accounts.create_agent(username="carla", password=None, email="ada@DESK.example")
    except DomainError as error:
        assert error.field == "email"
    else:
        raise AssertionError("a second agent got ada's address")
