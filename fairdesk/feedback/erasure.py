"""The feedback app's part of an erasure (registered in FAIRDESK_ERASURE_HOOKS).

Scores stay (they are statistics, and carry no name); a comment is the customer's own
words and goes.
"""

from django.db.models import Q

from fairdesk.feedback.models import Answer
from fairdesk.privacy.hooks import Erasure
from fairdesk.privacy.rows import scrub_rows


def erase(*, erasure: Erasure) -> dict[str, int]:
    mine = Q(invitation__case_id__in=erasure.case_ids)
    if erasure.customer_id is not None:
        mine |= Q(invitation__customer_id=erasure.customer_id)
    answers = Answer.objects.filter(mine)
    return {"feedback_comments": scrub_rows(answers, erasure.needles, blank=("comment",))}
