"""Which saved replies an agent sees, and a reply's text filled in for one case."""

import re

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import translation

from fairdesk.cases.models import Case
from fairdesk.promises.selectors import next_due
from fairdesk.promises.services import when
from fairdesk.replies.models import SavedReply, Scope

VARIABLE = re.compile(r"\{(customer_name|reference|next_due|agent_name)\}")


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


def filled_in(reply: SavedReply, *, case: Case, agent: User) -> str:
    """The reply in the customer's language (the other one when it has no such text), its
    variables filled in; the next due promise's date in the customer's language."""
    language = case.customer.language or "de"
    body = (
        (reply.body_en or reply.body_de) if language == "en" else (reply.body_de or reply.body_en)
    )
    due = next_due([case.pk], public_only=True).get(case.pk)
    with translation.override(language):
        values = {
            "customer_name": case.customer.name,
            "reference": case.reference,
            "next_due": when(due.due_at) if due else "",
            "agent_name": agent.get_full_name() or agent.get_username(),
        }
    return VARIABLE.sub(lambda match: values[match.group(1)], body)
