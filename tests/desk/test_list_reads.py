"""What the desk's lists read about the agent by fixed statements: their presence, their
teams."""

from fairdesk.accounts.selectors import team_ids_of
from fairdesk.queues import services as queues
from fairdesk.queues.selectors import presence_of


def test_presence_is_available_without_a_seat_and_away_once_set(ada, ada_client):
    assert presence_of(ada) == "available"
    assert "Set me away" in ada_client.get("/desk/queue/").content.decode()
    queues.set_presence(agent=ada, presence="away")
    assert presence_of(ada) == "away"
    page = ada_client.get("/desk/queue/").content.decode()
    assert "I am available" in page and "fairdesk assigns you no new cases" in page


def test_an_agents_teams_are_theirs_only(ada, ben, support, technik):
    assert team_ids_of(ada) == sorted(ada.agent.teams.values_list("pk", flat=True))
    assert support.pk in team_ids_of(ada) and technik.pk not in team_ids_of(ada)
    assert team_ids_of(ben) == [technik.pk]
