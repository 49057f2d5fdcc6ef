"""Saved replies: texts an agent inserts into a reply, in German and English."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Priority, Status
from fairdesk.promises.models import AGENT_KINDS


class Scope(models.TextChoices):
    PERSONAL = "personal", _("only me")
    TEAM = "team", _("my team")
    GLOBAL = "global", _("everyone")


class SavedReply(models.Model):
    """A reply text with variables ({customer_name}, {reference}, {next_due}, {agent_name}),
    seen by its owner (personal), a team, or every agent (global)."""

    title = models.CharField(_("title"), max_length=200)
    body_de = models.TextField(_("text in German"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    scope = models.CharField(_("seen by"), max_length=10, choices=Scope.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField()
    # A macro: what else happens when the reply is sent (each empty field changes nothing).
    then_status = models.CharField(
        _("then set the status"), max_length=30, choices=Status.choices, blank=True
    )
    then_priority = models.CharField(
        _("then set the priority"), max_length=10, choices=Priority.choices, blank=True
    )
    then_tags = models.CharField(_("then add the tags"), max_length=500, blank=True)
    then_take = models.BooleanField(_("then take the case"), default=False)
    then_promise = models.CharField(
        _("then promise"),
        max_length=30,
        choices=[(k.value, k.label) for k in AGENT_KINDS],
        blank=True,
    )
    then_promise_hours = models.PositiveSmallIntegerField(
        _("due in (hours)"), null=True, blank=True
    )
    # Hand the case to this agent, with this note for them (the title when empty).
    then_hand_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("then hand over to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    then_handoff_note = models.CharField(_("handoff note"), max_length=500, blank=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="personal") | Q(owner__isnull=False), name="personal_has_owner"
            ),
            models.CheckConstraint(
                condition=~Q(scope="team") | Q(team__isnull=False), name="team_reply_has_team"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_macro(self) -> bool:
        return bool(
            self.then_status
            or self.then_priority
            or self.then_tags
            or self.then_take
            or self.then_promise
        )
