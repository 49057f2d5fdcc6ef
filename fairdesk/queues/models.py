"""Who takes work and how a team shares it. Only fairdesk.queues.services writes these."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairdesk.accounts.models import Team
from fairdesk.cases.models import Case, Category

# An agent works on this many open cases at once unless their seat says otherwise.
DEFAULT_CAP = 20
DEFAULT_EXPEDITES_PER_WEEK = 3
DEFAULT_CALLBACK_SEATS = 2


class Presence(models.TextChoices):
    AVAILABLE = "available", _("available")
    AWAY = "away", _("away")


class Mode(models.TextChoices):
    LEAST_LOAD = "least_load", _("least load")
    ROUND_ROBIN = "round_robin", _("round robin")


class Seat(models.Model):
    """An agent's place in the queues: presence, cap, skills, and when they last got a case."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat"
    )
    presence = models.CharField(
        _("presence"), max_length=10, choices=Presence.choices, default=Presence.AVAILABLE
    )
    cap = models.PositiveIntegerField(_("open cases at most"), default=DEFAULT_CAP)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="+")
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    # The agent's load, kept here so a decision reads one row per agent instead of counting
    # their cases: each open case they own (by id, as text) with the earliest due date of
    # its owed promises in epoch seconds (None: nothing dated owed). Kept by
    # queues.services.load on every change of owner, status or promise.
    owned = models.JSONField(default=dict, blank=True)
    # The same, summed up for the decision (written with `owned`, in the same UPDATE): how
    # many, and their dates in order, so only those due within a day are weighed.
    open_cases = models.PositiveIntegerField(default=0)
    dues = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("queue seat")
        verbose_name_plural = _("queue seats")

    def __str__(self) -> str:
        return f"{self.user} ({self.presence})"


class Absence(models.Model):
    """A stretch when an agent is off (holiday, training): they get no cases then."""

    user = models.ForeignKey(  # found through the (user, ends_at) index
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences", db_index=False
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        indexes = [models.Index(fields=["user", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d}–{self.ends_at:%Y-%m-%d}"


class TeamRules(models.Model):
    """How a team shares its queue. A team without a row gets the defaults."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="queue_rules")
    mode = models.CharField(
        _("assignment"), max_length=15, choices=Mode.choices, default=Mode.LEAST_LOAD
    )
    auto_assign = models.BooleanField(_("assign automatically"), default=True)
    expedites_per_week = models.PositiveIntegerField(
        _("expedites per agent per week"), default=DEFAULT_EXPEDITES_PER_WEEK
    )
    callback_seats = models.PositiveSmallIntegerField(
        _("callbacks per window"),
        default=DEFAULT_CALLBACK_SEATS,
        help_text=_("How many customers the team can call back in one window."),
    )

    class Meta:
        verbose_name = _("team queue rules")
        verbose_name_plural = _("team queue rules")

    def __str__(self) -> str:
        return f"{self.team} ({self.mode})"


class Expedite(models.Model):
    """A case moved ahead of others: by an earlier promise, with a reason, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="expedites")
    agent = models.ForeignKey(  # found through the (agent, at) index
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expedites", db_index=False
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)
    reason = models.TextField()
    promise_id = models.BigIntegerField()
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("expedite")
        verbose_name_plural = _("expedites")
        indexes = [models.Index(fields=["agent", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} by {self.agent_id} at {self.at:%Y-%m-%d %H:%M}"


class Prediction(models.Model):
    """The first-response date predicted for a case at intake, and what it rested on."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="prediction")
    made_at = models.DateTimeField()
    predicted_at = models.DateTimeField()
    target_at = models.DateTimeField(null=True, blank=True)
    ahead = models.PositiveIntegerField()
    rate = models.FloatField()
    spread = models.FloatField()
    staff_needed = models.PositiveIntegerField(default=0)
    # When the team lead was mailed about this late prediction (at most one a team an hour).
    lead_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("prediction")
        verbose_name_plural = _("predictions")
        indexes = [models.Index(fields=["made_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} by {self.predicted_at:%Y-%m-%d %H:%M}"

    @property
    def later_than_target(self) -> bool:
        return self.target_at is not None and self.predicted_at > self.target_at


class Waiting(models.Model):
    """A case counted in its team's waiting count (open, unanswered, not merged): the mark
    that lets `queues.services.waiting` move the count exactly once per change."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("waiting case")
        verbose_name_plural = _("waiting cases")

    def __str__(self) -> str:
        return f"{self.case_id} waits in {self.team_id}"


class TeamQueue(models.Model):
    """A team's cases waiting for a first response, counted as they come and go (the ETA at
    intake reads this row instead of counting them), and the running hour of its pace."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="+")
    waiting = models.PositiveIntegerField(default=0)
    # The hour being tallied (queues.eta.tally): finished, it becomes a TeamHour.
    hour = models.DateTimeField(null=True, blank=True)
    answered = models.PositiveIntegerField(default=0)
    low = models.PositiveIntegerField(default=0)
    last = models.PositiveIntegerField(default=0)
    # The pace the ETA found for this hour (queues.eta.pace_of; rate None: no history): the
    # hours before it are finished, so every new case of the hour plans with the same one.
    pace_hour = models.DateTimeField(null=True, blank=True)
    rate = models.FloatField(null=True, blank=True)
    spread = models.FloatField(default=0.0)

    class Meta:
        verbose_name = _("team queue")
        verbose_name_plural = _("team queues")

    def __str__(self) -> str:
        return f"{self.team_id}: {self.waiting} waiting"


class TeamHour(models.Model):
    """A finished hour of a team's queue: first responses, and the fewest and last cases
    waiting (queues.eta.Hour). The ETA reads the last two weeks of them."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    answered = models.PositiveIntegerField()
    low = models.PositiveIntegerField()
    last = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("team hour")
        verbose_name_plural = _("team hours")
        constraints = [
            models.UniqueConstraint(fields=["team", "hour"], name="one_team_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.hour:%Y-%m-%d %H:00}: {self.answered}"


class BookingState(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", pgettext_lazy("callback", "cancelled")
    CALLED = "called", _("called")
    UNREACHED = "unreached", _("not reached")


class CallbackSlot(models.Model):
    """A callback window of a team: made when first booked, with its number of seats."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    seats = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("callback window")
        verbose_name_plural = _("callback windows")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "starts_at", "minutes"], name="one_callback_slot_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.starts_at:%Y-%m-%d %H:%M} +{self.minutes}"


class CallbackBooking(models.Model):
    """One seat of a callback window, held for one case; or, without a window ("as soon as
    possible, keep my place"), a call when the case's turn comes in the queue order. The
    partial unique key on (slot, seat) among booked rows is what makes the last seat
    impossible to book twice."""

    slot = models.ForeignKey(
        CallbackSlot, on_delete=models.CASCADE, related_name="bookings", null=True, blank=True
    )
    seat = models.PositiveSmallIntegerField(default=0)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="callback_bookings")
    phone = models.CharField(_("phone"), max_length=50)
    state = models.CharField(
        max_length=10, choices=BookingState.choices, default=BookingState.BOOKED
    )
    promise_id = models.BigIntegerField()
    created_at = models.DateTimeField()
    # Calls tried so far, and the earliest moment for the next try (FAIRDESK_CALLBACK_*).
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("callback booking")
        verbose_name_plural = _("callback bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "seat"],
                condition=Q(state="booked"),
                name="one_booking_per_callback_seat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} in {self.slot_id}#{self.seat} ({self.state})"


class SavedFilter(models.Model):
    """A view narrowed by a filter, saved under a name: the agent's own, or shared with one
    of their teams. The desk's view navigation lists it with its count; the filter is kept as
    the view's address keeps it (status, team, owner, category, priority, tag, channel,
    language), so it means the same as the link."""

    name = models.CharField(_("name"), max_length=80)
    view = models.CharField(_("view"), max_length=30)  # one of promises.case_views.VIEWS
    filters = models.JSONField(default=dict, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Set: every agent of the team sees it; empty: only its owner.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="saved_filters"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")

    def __str__(self) -> str:
        return self.name
