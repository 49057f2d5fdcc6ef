"""Saved filters: a view and its filter kept under a name, personal or for a team."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Team
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError, NotAllowed
from fairdesk.lib.text import one_line
from fairdesk.lib.transactions import service
from fairdesk.promises.case_views import VIEWS
from fairdesk.queues.models import SavedFilter
from fairdesk.queues.selectors import FILTER_FIELDS, case_filter_of


@service
def save_filter(
    *, agent: User, name: str, view: str, filters: dict, team: Team | None = None
) -> SavedFilter:
    """Keep `view` narrowed by `filters` (the view's address fields) under `name`."""
    name = one_line(name, 80)
    if not name:
        raise DomainError(_("Give the filter a name."), field="name")
    if view not in VIEWS:
        raise DomainError(_("Unknown view."), field="view")
    kept = {key: one_line(str(value), 50) for key, value in filters.items() if value}
    if set(kept) - set(FILTER_FIELDS):
        raise DomainError(_("Unknown filter field."), field="filters")
    try:
        case_filter_of(kept)
    except ValueError as error:
        raise DomainError(_("The filter is not valid."), field="filters") from error
    if team is not None and not agent.agent.teams.filter(pk=team.pk).exists():
        raise NotAllowed(_("Share it with a team you belong to."), field="team")
    return SavedFilter.objects.create(
        name=name, view=view, filters=kept, owner=agent, team=team, created_at=clock.now()
    )


@service
def delete_filter(*, agent: User, saved: SavedFilter) -> None:
    """Its owner deletes it; a team's, also the team's lead."""
    lead = saved.team_id is not None and agent.teams_led.filter(pk=saved.team_id).exists()
    if saved.owner_id != agent.pk and not lead:
        raise NotAllowed(_("Only who saved it or the team's lead may delete it."))
    SavedFilter.objects.filter(pk=saved.pk).delete()
