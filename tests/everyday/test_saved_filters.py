"""Saved filters: a view and its filter kept as a row under a name, the agent's own or their
team's, listed with its count in the views' navigation."""

import pytest

from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError, NotAllowed
from fairdesk.queues import selectors, services
from fairdesk.queues.models import SavedFilter
from tests.everyday.test_views import MONDAY_MORNING
from tests.everyday.test_views import world as world  # noqa: F401  (a fixture)


def test_the_desk_saves_the_filter_in_view_and_lists_it_with_its_count(ada_client, ada, world):
    with clock.frozen_at(MONDAY_MORNING):
        response = ada_client.post(
            "/desk/views/saved/",
            {
                "view": "open",
                "language": "en",
                "channel": "phone",
                "save-name": "Englisch am Telefon",
            },
        )
        saved = SavedFilter.objects.get()
        assert (saved.view, saved.filters, saved.owner, saved.team) == (
            "open", {"language": "en", "channel": "phone"}, ada, None,
        )  # fmt: skip
        assert response.url == "/desk/views/open/?channel=phone&language=en"
        page = ada_client.get("/desk/views/").content.decode()
    assert "Englisch am Telefon" in page
    assert f'data-saved-filter="{saved.pk}">1<' in page  # Olga's waiting phone case


def test_saving_without_a_name_keeps_the_filter_in_view(ada_client):
    response = ada_client.post(
        "/desk/views/saved/",
        {"view": "open", "language": "en", "channel": "phone", "save-name": " "},
    )
    assert response.url == "/desk/views/open/?channel=phone&language=en"
    assert "Give the filter a name." in ada_client.get(response.url).content.decode()
    assert not SavedFilter.objects.exists()


def test_a_personal_filter_is_its_owners_and_a_team_filter_the_teams(
    ada, ben, lena, support, world
):
    mine = services.save_filter(agent=ada, name="Meine", view="open", filters={"tag": "foto"})
    shared = services.save_filter(
        agent=ada, name="Support offen", view="my_team", filters={}, team=support
    )
    assert selectors.saved_filters_for(ada) == [mine, shared]
    assert selectors.saved_filters_for(lena) == [shared]
    assert selectors.saved_filters_for(ben) == []
    with clock.frozen_at(MONDAY_MORNING):
        assert selectors.saved_filter_counts(ada, [mine, shared], within={}) == [1, 3]
    with pytest.raises(NotAllowed):
        services.delete_filter(agent=ben, saved=shared)
    services.delete_filter(agent=lena, saved=shared)  # the team's lead
    assert list(SavedFilter.objects.all()) == [mine]


@pytest.mark.parametrize(
    "view,filters,team_of_other",
    [("nonsense", {}, False), ("open", {"colour": "red"}, False), ("open", {"team": "x"}, False),
     ("open", {}, True)],
)  # fmt: skip
def test_bad_filters_are_refused(ada, technik, view, filters, team_of_other, world):
    with pytest.raises(DomainError):
        services.save_filter(
            agent=ada, name="x", view=view, filters=filters, team=technik if team_of_other else None
        )


def test_saved_filters_in_the_navigation_cost_one_count_each(
    ada_client, ada, world, django_assert_num_queries
):
    for n in range(3):
        services.save_filter(agent=ada, name=f"F{n}", view="open", filters={"priority": "high"})
    with clock.frozen_at(MONDAY_MORNING), django_assert_num_queries(26):
        # the views page's 24, then the three saved filters' counts
        ada_client.get("/desk/views/open/")
