"""Every change to feedback: the draw, an answer, an opt-out, a new survey version.

None of these takes an agent's choice about which case is asked: the draw is the system's, and
its only exclusions are the global rules in `Exclusion`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from fairdesk.accounts.models import Customer, Team
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Channel
from fairdesk.feedback import selectors, wording
from fairdesk.feedback.library import DEFAULT_SURVEY
from fairdesk.feedback.models import Answer, Draw, Invitation, OptOut, Survey
from fairdesk.lib import clock
from fairdesk.lib.errors import Conflict, DomainError
from fairdesk.lib.transactions import service

DISSATISFIED_AT_MOST = 2  # CSAT 1 and 2 open a follow-up case for the team lead
SURVEY_FIELDS = ("csat_question", "ces_question", "comment_prompt")


def _agent_names() -> list[str]:
    from django.contrib.auth import get_user_model

    names: set[str] = set()
    for first, last in (
        get_user_model().objects.filter(agent__isnull=False).values_list("first_name", "last_name")
    ):
        names.update(part for part in (first, last, f"{first} {last}".strip()) if part)
    return sorted(names)


def wording_refusal(text: str) -> str:
    """Why `text` may not be put to customers ("" when it may), in the reader's language."""
    found = wording.problems(text, names=_agent_names())
    if not found:
        return ""
    reasons = {
        wording.Reason.SUPERLATIVE: _("it puts a superlative in the customer's mouth"),
        wording.Reason.ASKS_FOR_MARK: _("it asks for a particular mark"),
        wording.Reason.MARK_COUNTS: _("it explains which mark counts"),
        wording.Reason.INCENTIVE: _("it offers something for answering"),
        wording.Reason.AGENT_NAME: _("it names an agent"),
        wording.Reason.PLEADING: _("it pleads for a good answer"),
    }
    problem = found[0]
    return _("This wording leads the answer: %(reason)s (“%(found)s”).") % {
        "reason": reasons[problem.reason],
        "found": problem.found,
    }


@service
def publish_survey(*, agent: User, texts: dict[str, str]) -> Survey:
    """A new version of the questions (de and en), checked for leading wording first."""
    now = clock.now()
    values = {}
    for field in SURVEY_FIELDS:
        for language in ("de", "en"):
            name = f"{field}_{language}"
            text = " ".join((texts.get(name) or "").split())
            if not text:
                raise DomainError(
                    _("Every question needs a German and an English text."), field=name
                )
            if refusal := wording_refusal(text):
                raise DomainError(refusal, field=name)
            values[name] = text[:300]
    Survey.objects.filter(active=True).update(active=False)
    return Survey.objects.create(**values, active=True, created_at=now)


@service
def active_survey() -> Survey:
    """The survey invitations use: the data migration makes the first; should the table ever
    be emptied, the library's neutral default takes its place."""
    survey = Survey.objects.filter(active=True).first()
    if survey is None:
        survey = Survey.objects.create(**DEFAULT_SURVEY, active=True, created_at=clock.now())
    return survey


@service
def opt_out(*, customer: Customer) -> None:
    """The customer asked not to be surveyed again (from the survey page's link)."""
    OptOut.objects.get_or_create(customer=customer, defaults={"at": clock.now()})


@service
def answer(
    *,
    invitation: Invitation,
    csat: int,
    ces: int | None = None,
    comment: str = "",
    language: str = "de",
) -> Answer:
    """Record the customer's answer, once; a dissatisfied one opens a follow-up for the lead."""
    if not 1 <= csat <= 5:
        raise DomainError(_("Please choose one of the five answers."), field="csat")
    if ces is not None and not 1 <= ces <= 7:
        raise DomainError(_("Please choose one of the seven answers."), field="ces")
    invitation = Invitation.objects.select_for_update().select_related("case").get(pk=invitation.pk)
    if invitation.draw != Draw.INVITED:
        raise Conflict(_("This survey link is not valid."))
    if Answer.objects.filter(invitation=invitation).exists():
        raise Conflict(_("This survey has already been answered. Thank you."))
    if selectors.is_closed(invitation, clock.now()):
        raise Conflict(closed_text())
    comment = (comment or "").strip()[:5000]
    result = Answer.objects.create(
        invitation=invitation,
        csat=csat,
        ces=ces,
        comment=comment,
        language=language,
        answered_at=clock.now(),
    )
    cases.record_event(
        case=invitation.case,
        data={"survey": "answered", "csat": csat, "ces": ces},
        body=_("Survey answered: satisfaction %(csat)d of 5.") % {"csat": csat},
        audit="survey.answered",
    )
    if csat <= DISSATISFIED_AT_MOST:
        result.follow_up = _open_follow_up(invitation.case, result)
        Answer.objects.filter(pk=result.pk).update(follow_up=result.follow_up)
    return result


def closed_text() -> str:
    days = settings.FAIRDESK_SURVEY_ANSWER_DAYS
    return _("This survey closed after %(days)d days.") % {"days": days}


def _open_follow_up(case: Case, result: Answer) -> Case:
    """The complaint loop (ISO 10002): a new case for the team lead, linked to the first."""
    with translation.override(case.customer.language or settings.LANGUAGE_CODE):
        subject = _("Your survey answer on %(ref)s") % {"ref": case.reference}
        body = result.comment or _("(no comment)")
        body = _("Satisfaction %(csat)d of 5. %(comment)s") % {
            "csat": result.csat,
            "comment": body,
        }
    follow_up = cases.open_new_case(
        customer=case.customer,
        subject=subject,
        body=body,
        channel=Channel.WEB,
        category=case.category,
        team=case.team,
    ).case
    cases.link_cases(case=follow_up, other=case)
    owner, role = follow_up_owner(case.team)
    # Facts: the desk says why in each reader's language (feedback.texts.survey_text).
    because = {"survey": "follow_up", "to": role, "team": case.team.name}
    if owner is None:
        cases.record_event(case=follow_up, data=because, audit="survey.follow_up_unowned")
    elif Case.objects.filter(pk=follow_up.pk, assignee=owner).exists():
        # The automatic assignment gave it to them already (a hand-over there is refused).
        cases.record_event(case=follow_up, data=because, audit="survey.follow_up")
    else:
        note = _("A dissatisfied survey answer: the team lead follows it up.")
        cases.hand_over(  # in the team still, whoever follows it up
            case=follow_up,
            agent=None,
            note=note,
            to_team=case.team,
            to_agent=owner,
            because=because,
        )
    return follow_up


def follow_up_owner(team: Team) -> tuple[User | None, str]:
    """Who follows up a dissatisfied answer on the team's case, and in which role: the
    team's lead; else a desk administrator (one of the team first: a fresh install's first
    team has none, its first agent is an administrator); else nobody ("nobody": the
    follow-up waits in the team queue and says why)."""
    lead = team.lead
    if lead is not None and lead.is_active and hasattr(lead, "agent"):
        return lead, "lead"
    admins = User.objects.filter(is_active=True, agent__is_admin=True)
    admin = (
        admins.annotate(
            in_team=Exists(
                Team.agents.through.objects.filter(
                    team_id=team.pk, agentprofile__user_id=OuterRef("pk")
                )
            )
        )
        .order_by("-in_team", "id")
        .first()
    )
    return (admin, "admin") if admin is not None else (None, "nobody")
