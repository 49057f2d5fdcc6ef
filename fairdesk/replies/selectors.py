"""Which saved replies an agent sees, and a reply's text filled in for one case."""

import re

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import translation

from fairdesk.cases.models import Case
from fairdesk.promises.selectors import next_due
from fairdesk.promises.services import when
from fairdesk.replies.models import SavedReply, Scope

VARIABLES = ("customer_name", "reference", "next_due", "agent_name")
VARIABLE = re.compile(r"\{(" + "|".join(VARIABLES) + r")\}")
# What an agent may have meant as a variable: a word in braces ("{kundenname}").
SOMETHING_IN_BRACES = re.compile(r"\{(\w+)\}")


def visible_to(agent: User, *, query: str = "") -> QuerySet[SavedReply]:
    """Global replies, the agent's teams' and the agent's own; `query` in title or text."""
    teams = agent.agent.teams.values_list("pk", flat=True)
    seen = Q(scope=Scope.GLOBAL) | Q(scope=Scope.TEAM, team__in=teams)
    replies = SavedReply.objects.filter(seen | Q(scope=Scope.PERSONAL, owner=agent))
    query = " ".join((query or "").split())[:100]
    if query:
        replies = replies.filter(
            Q(title__icontains=query) | Q(body_de__icontains=query) | Q(body_en__icontains=query)
        )
    return replies.order_by("title", "id")


def unknown_variables(text: str) -> list[str]:
    """The words in braces in `text` that are not variables, each once, in order."""
    found = SOMETHING_IN_BRACES.findall(text or "")
    return list(dict.fromkeys(name for name in found if name not in VARIABLES))


def text_for(reply: SavedReply, case: Case) -> tuple[str, str]:
    """The text the customer gets and its language: theirs, else the other one."""
    if (case.customer.language or "de") == "en":
        return (reply.body_en, "en") if reply.body_en else (reply.body_de, "de")
    return (reply.body_de, "de") if reply.body_de else (reply.body_en, "en")


def _values(case: Case, agent: User, language: str) -> dict[str, str]:
    due = next_due([case.pk], public_only=True).get(case.pk)
    with translation.override(language):
        return {
            "customer_name": case.customer.name,
            "reference": case.reference,
            "next_due": when(due.due_at) if due else "",
            "agent_name": agent.get_full_name() or agent.get_username(),
        }


def filled_in(reply: SavedReply, *, case: Case, agent: User) -> str:
    """The reply in the customer's language (the other one when it has no such text), its
    variables filled in; the next due promise's date in the language of the text chosen,
    so a German text sent to an English customer does not carry an English date."""
    return filling(reply, case=case, agent=agent)[0]


def filling(reply: SavedReply, *, case: Case, agent: User) -> tuple[str, list[str]]:
    """The reply filled in (as `filled_in`), and the variables its text uses that have no
    value for this case (no promise the customer can see for {next_due}, no name)."""
    body, language = text_for(reply, case)
    values = _values(case, agent, language)
    empty = list(dict.fromkeys(name for name in VARIABLE.findall(body) if not values[name]))
    return VARIABLE.sub(lambda match: values[match.group(1)], body), empty


def _led_team_ids(agent: User) -> set[int] | None:
    """The teams whose replies the agent may change; None: every team (an administrator)."""
    profile = getattr(agent, "agent", None)
    if agent.is_superuser or (profile is not None and profile.is_admin):
        return None
    return set(agent.teams_led.values_list("pk", flat=True))


def _may_change(agent: User, reply: SavedReply, led: set[int] | None) -> bool:
    if reply.scope == Scope.PERSONAL:
        return reply.owner_id == agent.pk
    if led is None:
        return True
    return reply.team_id in led if reply.scope == Scope.TEAM else bool(led)


def may_change(agent: User, reply: SavedReply) -> bool:
    """A personal reply is its owner's to change; a team's, that team's lead's; everyone's,
    a lead's; an administrator may change any shared one."""
    return _may_change(agent, reply, _led_team_ids(agent))


def changeable_ids(agent: User, replies: list[SavedReply]) -> set[int]:
    """Which of `replies` the agent may change or delete (one query)."""
    led = _led_team_ids(agent)
    return {reply.pk for reply in replies if _may_change(agent, reply, led)}
