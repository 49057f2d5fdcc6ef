"""Surveys, the draw for each finished case, and the answers. Only feedback.services writes.

Every finished case gets exactly one Invitation row: the draw's outcome (invited, not drawn,
or excluded by a global rule with its reason). No row is ever chosen or removed by an agent.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case


class Survey(models.Model):
    """One version of the questions; an edit makes a new version, answers keep theirs."""

    csat_question_de = models.CharField(max_length=300)
    csat_question_en = models.CharField(max_length=300)
    ces_question_de = models.CharField(max_length=300)
    ces_question_en = models.CharField(max_length=300)
    comment_prompt_de = models.CharField(max_length=300)
    comment_prompt_en = models.CharField(max_length=300)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_survey")
        ]

    def __str__(self) -> str:
        return f"survey #{self.pk}"

    def text(self, field: str, language: str) -> str:
        return getattr(self, f"{field}_{'de' if language == 'de' else 'en'}")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("resolved")
    CLOSED_UNRESOLVED = "closed_unresolved", _("closed unresolved")


class Draw(models.TextChoices):
    INVITED = "invited", _("invited")
    NOT_DRAWN = "not_drawn", _("not drawn")
    EXCLUDED = "excluded", _("excluded")


class Exclusion(models.TextChoices):
    """The only reasons a drawn case gets no invitation: global rules, never an agent."""

    OPTED_OUT = "opted_out", _("customer opted out")
    NO_ADDRESS = "no_address", _("no deliverable address (bounced)")
    RECENTLY_ASKED = "recently_asked", _("customer asked recently")


class Invitation(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="survey_draw")
    # Found through the (customer, draw, drawn_at) index.
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    # The stratum the draw was made in: team, category and outcome as they were.
    team_id_at_draw = models.BigIntegerField()
    category_id_at_draw = models.BigIntegerField(null=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    draw = models.CharField(max_length=10, choices=Draw.choices)
    exclusion = models.CharField(max_length=20, choices=Exclusion.choices, blank=True)
    drawn_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["customer", "draw", "drawn_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(draw="excluded", exclusion__gt="")
                | (~Q(draw="excluded") & Q(exclusion="")),
                name="exclusion_only_when_excluded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.draw}"


class Stratum(models.Model):
    """How many finished cases of one stratum were seen and invited: the systematic draw's
    running count, so each stratum gets its share over time, not just on average."""

    key = models.CharField(max_length=100, unique=True)
    seen = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("survey stratum")
        verbose_name_plural = _("survey strata")

    def __str__(self) -> str:
        return self.key


class Answer(models.Model):
    """A customer's answer: written once, never changed (no service updates it)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="answer")
    csat = models.PositiveSmallIntegerField()
    ces = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    language = models.CharField(max_length=5)
    follow_up = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(condition=Q(csat__gte=1, csat__lte=5), name="csat_1_to_5"),
            models.CheckConstraint(
                condition=Q(ces__isnull=True) | Q(ces__gte=1, ces__lte=7), name="ces_1_to_7"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.csat}"


class OptOut(models.Model):
    """A customer who asked not to be surveyed again."""

    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("survey opt-out")
        verbose_name_plural = _("survey opt-outs")

    def __str__(self) -> str:
        return str(self.customer_id)
