"""The survey draw: a periodic job over recently finished cases, seeded and stratified.

Every finished case (resolved, or closed without a resolution) gets one draw, in its stratum
(team, category, outcome). Within a stratum the draw is systematic with a seeded random start:
the running count invites exactly `share` of each stratum over time, and the order cases are
taken in is a seeded hash of their id, so nobody can steer a case in or out. A drawn case is
excluded only by a global rule: the customer opted out, has no deliverable address, or was
asked within FAIRDESK_SURVEY_EVERY_DAYS.
"""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from fairdesk.accounts.models import CustomerEmail
from fairdesk.cases import services as cases
from fairdesk.cases.models import Case, Status
from fairdesk.feedback.models import Draw, Exclusion, Invitation, OptOut, Stratum
from fairdesk.feedback.services import active_survey
from fairdesk.lib import clock
from fairdesk.lib.transactions import service

LOOK_BACK = timedelta(days=14)  # finished cases older than this when first seen are skipped
BATCH = 500


def uniform(*parts: object) -> float:
    """A number in [0, 1) fixed by the seed and `parts`: the draw's only randomness."""
    text = ":".join([settings.FAIRDESK_SURVEY_SEED, *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") / 2**64


def is_drawn(*, seen_before: int, share: float, start: float) -> bool:
    """Systematic draw: the (seen_before + 1)-th case of a stratum is drawn when it crosses a
    multiple of 1/share from the random start."""
    return math.floor(share * (seen_before + 1) + start) > math.floor(share * seen_before + start)


def run() -> None:
    """The periodic job (fairdesk/jobs.py)."""
    while draw_finished_cases():
        pass


def _candidates() -> list[Case]:
    since = clock.now() - LOOK_BACK
    found = list(
        Case.objects.filter(
            status__in=(Status.RESOLVED, Status.CLOSED),
            merged_into__isnull=True,
            survey_draw__isnull=True,
            updated_at__gte=since,
        )
        .select_related("customer")
        .order_by("id")[:BATCH]
    )
    found.sort(key=lambda case: uniform("order", case.pk))
    return found


@service
def draw_finished_cases() -> int:
    """Draw for one batch of finished cases; how many were drawn for (0 when none were left)."""
    candidates = _candidates()
    if not candidates:
        return 0
    survey = active_survey()
    share = settings.FAIRDESK_SURVEY_PERCENT / 100
    for case in candidates:
        outcome = "resolved" if case.resolved_at else "closed_unresolved"
        key = f"{case.team_id}:{case.category_id or '-'}:{outcome}"
        stratum, _created = Stratum.objects.select_for_update().get_or_create(key=key)
        drawn = is_drawn(seen_before=stratum.seen, share=share, start=uniform("start", key))
        exclusion = _exclusion(case) if drawn else ""
        draw = Draw.EXCLUDED if exclusion else Draw.INVITED if drawn else Draw.NOT_DRAWN
        Stratum.objects.filter(pk=stratum.pk).update(
            seen=stratum.seen + 1, invited=stratum.invited + (draw == Draw.INVITED)
        )
        invitation = Invitation.objects.create(
            case=case,
            customer=case.customer,
            survey=survey,
            team_id_at_draw=case.team_id,
            category_id_at_draw=case.category_id,
            outcome=outcome,
            draw=draw,
            exclusion=exclusion,
            drawn_at=clock.now(),
        )
        _record(invitation)
    return len(candidates)


def _deliverable(customer_id: int) -> bool:
    """Whether the customer has an address that does not bounce (and is not a placeholder)."""
    addresses = CustomerEmail.objects.filter(customer_id=customer_id, bouncing_since__isnull=True)
    return addresses.exclude(address__endswith=".invalid").exists()


def _exclusion(case: Case) -> str:
    if OptOut.objects.filter(customer_id=case.customer_id).exists():
        return Exclusion.OPTED_OUT
    if not _deliverable(case.customer_id):
        return Exclusion.NO_ADDRESS
    since = clock.now() - timedelta(days=settings.FAIRDESK_SURVEY_EVERY_DAYS)
    asked = Invitation.objects.filter(
        customer_id=case.customer_id, draw=Draw.INVITED, drawn_at__gte=since
    )
    if asked.exists():
        return Exclusion.RECENTLY_ASKED
    return ""


def _record(invitation: Invitation) -> None:
    """Invited and excluded draws go on the timeline and the audit log; the rest need not."""
    if invitation.draw == Draw.NOT_DRAWN:
        return
    if invitation.draw == Draw.INVITED:
        # A notice: the case's channels send it (mail: the survey invitation's own form).
        cases.tell_customer(
            case=invitation.case,
            data={"survey": "invited", "invitation": invitation.pk},
            body=_("Survey invitation sent (drawn by the system)."),
            notice="survey",
            audit="survey.invited",
        )
        return
    cases.record_event(
        case=invitation.case,
        data={"survey": "excluded", "reason": invitation.exclusion},
        body=_("No survey invitation: %(reason)s.")
        % {"reason": Exclusion(invitation.exclusion).label},
        audit="survey.excluded",
    )
