"""Calendars, policies, promises and the credits broken promises owe.

Only fairdesk.promises.services (and the clocks and watch it drives) writes these tables.
"""

import re
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Customer
from fairdesk.cases.models import Case, Category, Channel, Priority
from fairdesk.promises import businesstime

# Built calendars by (row id, updated_at): building one parses holidays, so do it once.
_BUILT: dict[tuple[int, object], businesstime.Calendar] = {}


class Calendar(models.Model):
    """Opening hours in a time zone with a state's public holidays, stored as the spec."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    # `hours` as businesstime.Calendar.from_spec takes it: "24/7" or {"mon-fri": [...]}.
    hours = models.JSONField(_("opening hours"))
    tz = models.CharField(_("time zone"), max_length=60, default="Europe/Berlin")
    country = models.CharField(_("holiday country"), max_length=2, blank=True)
    subdivision = models.CharField(_("holiday state"), max_length=10, blank=True)
    exceptions = models.JSONField(_("dated exceptions"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    def business(self) -> businesstime.Calendar:
        """The pure calendar this row describes."""
        key = (self.pk, self.updated_at)
        if key not in _BUILT:
            _BUILT[key] = businesstime.Calendar.from_spec(
                self.hours,
                tz=self.tz,
                country=self.country or None,
                subdivision=self.subdivision or None,
                exceptions=self.exceptions,
            )
        return _BUILT[key]


class Policy(models.Model):
    """Service targets (in business time) for the cases it matches, and what a breach costs."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="+")
    resolution_calendar = models.ForeignKey(
        Calendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("When fixing runs on other hours than answering; else the calendar."),
    )
    first_response = models.DurationField(_("first response within"), null=True, blank=True)
    next_response = models.DurationField(_("next response within"), null=True, blank=True)
    resolution = models.DurationField(_("resolution within"), null=True, blank=True)
    # Matching: empty criteria match anything; see rules.choose_policy.
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    is_default = models.BooleanField(_("default policy"), default=False)
    remind_waiting_after = models.PositiveSmallIntegerField(
        _("remind a silent customer after (business days)"),
        null=True,
        blank=True,
        default=5,
        help_text=_("Empty: a case waiting on the customer is never reminded or closed."),
    )
    resolve_waiting_after = models.PositiveSmallIntegerField(
        _("then resolve after (business days)"),
        null=True,
        blank=True,
        default=5,
        help_text=_("Business days after the reminder; empty: remind only."),
    )
    next_day_status = models.BooleanField(
        _("next-day status promise for faults"),
        default=False,
        help_text=_(
            "A fault not fixed on the day it was reported gets a promise to tell the customer "
            "by the end of the next day what is being done and when it will be fixed."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service policy")
        verbose_name_plural = _("service policies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CompensationRule(models.Model):
    """One row of what a broken promise of `kind` owes (see compensation.Rule)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="compensation")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("promise kind"), max_length=30)
    basis = models.CharField(
        max_length=10, choices=[("per_day", _("per day")), ("once", _("once"))]
    )
    from_day = models.PositiveIntegerField(default=0)
    to_day = models.PositiveIntegerField(null=True, blank=True)
    fixed_cents = models.PositiveIntegerField(default=0)
    percent_of_fee = models.DecimalField(max_digits=6, decimal_places=2, default=0)

    class Meta:
        ordering = ["policy", "position", "id"]
        verbose_name = _("compensation rule")
        verbose_name_plural = _("compensation rules")

    def __str__(self) -> str:
        return self.name


class ContractState(models.TextChoices):
    ACTIVE = "active", _("active")
    CANCELLED = "cancelled", _("cancelled")  # notice given, runs until `ends_on`
    ENDED = "ended", _("ended")
    WITHDRAWN = "withdrawn", _("withdrawn")


class NoticeUnit(models.TextChoices):
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class Contract(models.Model):
    """A customer's contract: which policy their cases get, the fee compensation is based on,
    and the terms a cancellation is computed from (fairdesk.processes.rules)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contracts")
    policy = models.ForeignKey(
        Policy, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    monthly_fee_cents = models.PositiveIntegerField(null=True, blank=True)
    # The company's own contract number: what customers quote and imports match on.
    number = models.CharField(_("contract number"), max_length=40, blank=True)
    product = models.CharField(_("product"), max_length=200, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    minimum_term_months = models.PositiveSmallIntegerField(_("minimum term (months)"), default=0)
    notice = models.PositiveSmallIntegerField(_("notice period"), default=1)
    notice_unit = models.CharField(
        _("notice period unit"), max_length=6, choices=NoticeUnit.choices, default="months"
    )
    at_month_end = models.BooleanField(_("ends only at a month's end"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ContractState.choices, default="active"
    )
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["customer", "id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="one_contract_per_number"
            )
        ]

    def __str__(self) -> str:
        return self.number or f"{self.customer} – {self.policy}"


class CaseTerms(models.Model):
    """The policy a case was opened under (so later promises use the same terms)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="terms")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("case terms")
        verbose_name_plural = _("case terms")

    def __str__(self) -> str:
        return f"{self.case_id} under {self.policy_id}"


class Kind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("first response")
    NEXT_RESPONSE = "next_response", _("next response")
    RESOLUTION = "resolution", _("resolution")
    CALLBACK = "callback", _("callback")
    APPOINTMENT = "appointment", _("technician appointment")
    CANCELLATION_EFFECTIVE = "cancellation_effective", _("cancellation effective")
    REFUND = "refund", _("refund")
    PROCESS_STEP = "process_step", _("process step")
    CUSTOM = "custom", _("custom")


# Kinds the policy's clock makes and keeps: at most one pending of each per case.
CLOCK_KINDS = (Kind.FIRST_RESPONSE, Kind.NEXT_RESPONSE, Kind.RESOLUTION)
# Kinds an agent may promise (desk form, API, make_promise): the one list of them.
AGENT_KINDS = (
    Kind.CALLBACK,
    Kind.APPOINTMENT,
    Kind.CANCELLATION_EFFECTIVE,
    Kind.REFUND,
    Kind.CUSTOM,
)

NEXT_DAY_STATUS = "next_day_status"
# What a preset's promise says, rendered in the reader's language (never stored as text).
RULE_LABELS = {
    NEXT_DAY_STATUS: _("news on the fault: what we are doing and when it will be fixed"),
}


# What fairdesk itself writes as a promise's description (an expedite's promise, made by
# queues), kept as this key and said in the reader's language; the German words stand for
# rows written before the key was kept.
EXPEDITED = "an answer, expedited"
SYSTEM_DESCRIPTIONS = {
    EXPEDITED: _("an answer, expedited"),
    "eine Antwort, vorgezogen": _("an answer, expedited"),
}

CASE_CLOSED = "case_closed"
CASE_MERGED = "case_merged"
QUEUE_AHEAD = "queue_ahead"
RESOLVED_UNANSWERED = "resolved_unanswered"
SPLIT_OFF = "split_off"
PROCESS_STEPS = "process_steps"
ALREADY_ON_RETURN = "already_on_return"
# Why fairdesk itself withdrew or moved a promise, said in the reader's language ("ref": the
# case, how many requests are ahead, or the returns' numbers).
SYSTEM_REASONS = {
    CASE_CLOSED: _("The case was closed."),
    CASE_MERGED: _("The case continues as %(ref)s."),
    QUEUE_AHEAD: _("%(ref)s requests came in before this one, and we answer in order."),
    RESOLVED_UNANSWERED: _("The case was resolved before we answered."),
    SPLIT_OFF: _("The message is now case %(ref)s."),
    PROCESS_STEPS: _("The dated steps of this process are our promises for it."),
    ALREADY_ON_RETURN: _(
        "Everything withdrawn is already on a return (%(ref)s) and is refunded with it."
    ),
}


def system_reason(code: str, ref: str = "") -> str:
    """fairdesk's own reason `code`, in the active language."""
    return str(SYSTEM_REASONS[code]) % {"ref": ref or "?"}


def reason_for_reader(reason: str) -> str:
    """A promise's kept reason (written in the language active when it was withdrawn) in the
    active language when it is one of fairdesk's own reasons; an agent's reason as written."""
    for code, said in SYSTEM_REASONS.items():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                written = re.escape(str(said)).replace(re.escape("%(ref)s"), "(?P<ref>.+)")
            if found := re.fullmatch(written, reason):
                return system_reason(code, found.groupdict().get("ref") or "")
    return reason


def promise_what(kind: str, description: str = "", rule: str = "") -> str:
    """What a promise promises, in the active language: a preset's own words, else the
    agent's description, else the kind's name."""
    if rule in RULE_LABELS:
        return str(RULE_LABELS[rule])
    if description in SYSTEM_DESCRIPTIONS:
        return str(SYSTEM_DESCRIPTIONS[description])
    if description:
        # A sentence ends after it ("Promise broken: …."), so its own full stop goes.
        return description.rstrip(". ") or description
    try:
        return str(Kind(kind).label)
    except ValueError:
        return kind or ""


class State(models.TextChoices):
    PENDING = "pending", _("pending")
    KEPT = "kept", _("kept")
    BROKEN = "broken", _("broken")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Promise(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="promises")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    visible = models.BooleanField(_("visible to the customer"), default=True)
    policy = models.ForeignKey(
        Policy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    # Set on promises a preset makes once per case, e.g. "next_day_status".
    rule = models.CharField(max_length=30, blank=True)
    # The business clock: on `calendar`, `budget` of open time from `started_at`. While the
    # case waits on the customer `paused_since` is set, `due_at` is empty and `remaining`
    # holds the open time still left.
    calendar = models.ForeignKey(
        Calendar, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DurationField(null=True, blank=True)
    started_at = models.DateTimeField()
    paused_since = models.DateTimeField(null=True, blank=True)
    remaining = models.DurationField(null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    # A broken promise stays owed (first in the queue, "overdue since …") until it is made
    # up for: the late answer, the fix, the case resolved, or a new promise in its place.
    caught_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["state", "warn_at"]),
            # The overdue view walks the owed promises by due time, and counts the cases
            # that owe one due before a time: the case id in the index answers both without
            # reading the promises.
            models.Index(
                fields=["due_at", "case"],
                condition=Q(state="pending") | Q(state="broken", caught_up_at__isnull=True),
                name="promise_owed_case_by_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(state=State.PENDING, kind__in=[k.value for k in CLOCK_KINDS]),
                name="one_pending_clock_promise_per_kind",
            ),
            models.UniqueConstraint(
                fields=["case", "rule"], condition=~Q(rule=""), name="one_preset_promise_per_case"
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True) | Q(window_start__lte=models.F("due_at")),
                name="promise_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.state}"

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    @property
    def label(self) -> str:
        return promise_what(self.kind, self.description, self.rule)

    @property
    def reason_text(self) -> str:
        return reason_for_reader(self.reason)

    @property
    def window_end(self):
        return self.due_at if self.window_start else None

    @property
    def made_by_label(self) -> str:
        """Who made it: the agent, the policy whose clock did, or fairdesk itself."""
        if self.made_by_id:
            return self.made_by.get_full_name() or self.made_by.get_username()
        return self.policy.name if self.policy_id else "fairdesk"

    def facts(self) -> dict:
        """What a timeline entry keeps about the promise, to say it in any language later."""
        facts = {"kind": self.kind, "due_at": self.due_at.isoformat() if self.due_at else None}
        if self.description and self.rule not in RULE_LABELS:
            facts["description"] = self.description
        if self.rule:
            facts["rule"] = self.rule
        return facts

    def left_at(self, moment) -> timedelta | None:
        """Business time left at `moment` (negative once overdue)."""
        if self.paused_since is not None:
            return self.remaining
        if self.due_at is None:
            return None
        if self.calendar_id:
            return businesstime.between(self.calendar.business(), moment, self.due_at)
        return self.due_at - moment


# The law preset's rule names (compensation.TKG_58), said in the reader's language; names an
# operator gives their own rules are shown as written.
PRESET_RULE_NAMES = {
    "TKG §58(3) days 3-4": _("TKG §58(3) days 3-4"),
    "TKG §58(3) from day 5": _("TKG §58(3) from day 5"),
    "TKG §58(4) missed appointment": _("TKG §58(4) missed appointment"),
}


class CreditState(models.TextChoices):
    PENDING = "pending", _("pending")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class Credit(models.Model):
    """What a broken promise owes the customer, computed from the policy's rules.

    Pending until an agent confirms or rejects it; while pending the watch recomputes it
    (an outage that goes on owes more each day).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="credits")
    # None for goodwill: granted by an agent with a reason, owed by no broken promise.
    promise = models.OneToOneField(
        Promise, null=True, blank=True, on_delete=models.CASCADE, related_name="credit"
    )
    state = models.CharField(
        max_length=10, choices=CreditState.choices, default=CreditState.PENDING
    )
    amount_cents = models.PositiveIntegerField(default=0)
    monthly_fee_cents = models.PositiveIntegerField(default=0)
    # The itemised lines: [{"day": 3, "date": "2027-05-17", "amount_cents": 500, "rule": ...}]
    lines = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=1000, blank=True)
    goodwill_reason = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # A credit is owed by a broken promise, or granted as goodwill for a reason.
            models.CheckConstraint(
                condition=models.Q(promise__isnull=False) | ~models.Q(goodwill_reason=""),
                name="credit_promise_or_goodwill",
            )
        ]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")

    def __str__(self) -> str:
        return f"{self.case_id} {self.amount_cents / 100:.2f} EUR {self.state}"

    @property
    def amount(self) -> Decimal:
        """The amount in euros, for showing in the reader's number format."""
        return Decimal(self.amount_cents) / 100

    @property
    def rules(self) -> list[str]:
        """The compensation rules that owe it, each named once, in the order of the lines, in
        the reader's language where fairdesk knows the rule."""
        names = dict.fromkeys(line["rule"] for line in self.lines)
        return [str(PRESET_RULE_NAMES.get(name, name)) for name in names]


class WaitingStep(models.Model):
    """A step taken on a case waiting on the customer: the reminder, then the resolution.

    The key (case, waiting since, step) lets each step happen once for each stretch of
    waiting, however many workers run the job; a customer's reply ends the stretch."""

    class Step(models.TextChoices):
        REMINDED = "reminded", _("reminded")
        RESOLVED = "resolved", _("resolved")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    waiting_since = models.DateTimeField()
    step = models.CharField(max_length=10, choices=Step.choices)
    taken_at = models.DateTimeField()

    class Meta:
        verbose_name = _("waiting step")
        verbose_name_plural = _("waiting steps")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "waiting_since", "step"], name="one_waiting_step_per_stretch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"
