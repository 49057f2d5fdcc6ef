"""The case and its timeline. Only fairdesk.cases.services writes these tables."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairdesk.accounts.models import Customer, Team


class Status(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("open")
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("waiting on customer")
    WAITING_ON_THIRD_PARTY = "waiting_on_third_party", _("waiting on third party")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


UNRESOLVED = (Status.NEW, Status.OPEN, Status.WAITING_ON_CUSTOMER, Status.WAITING_ON_THIRD_PARTY)


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    WEB = "web", _("web form")
    PORTAL = "portal", _("portal")
    API = "api", _("API")
    PHONE = "phone", _("phone")
    LETTER = "letter", _("letter")
    WALK_IN = "walk_in", _("walk-in")


class Category(models.Model):
    """A node of the category tree, e.g. Internet > Störung > Keine Synchronisation."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Team that gets new cases of this category."),
    )
    is_fault = models.BooleanField(
        _("fault"),
        default=False,
        help_text=_("A service fault (outage, no sync)."),
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_name_per_parent")
        ]

    def __str__(self) -> str:
        return self.path


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    subject = models.CharField(_("subject"), max_length=250)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    # The three keys below are found through the composite indexes that begin with them
    # (Meta.indexes): an index of their own would only cost every write a page more.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases", db_index=False)
    # The owner is this agent, or (when empty) the team's shared queue: never nobody.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        db_index=False,
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="cases")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_cases"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    handoff_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"), db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # When its earliest owed dated promise falls due (None: nothing dated owed). Kept by the
    # promises app through `services.keep_next_due` in the transaction that changes a
    # promise, so the queue order (queues.ordering) is an index walk, not a sort of every
    # open case: at a million cases a team's queue has tens of thousands of them.
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The lists newest activity first (the API's default), by status or all unmerged
            # ones; the id ends the order, so cases with the same time (a bulk import) need
            # no sort either.
            models.Index(fields=["status", "-updated_at", "id"], name="case_status_by_activity"),
            models.Index(
                fields=["-updated_at", "id"],
                condition=Q(merged_into__isnull=True),
                name="case_unmerged_by_activity",
            ),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["customer", "status"]),
            # The views' counts (open, unassigned, waiting, my team's): read from the index
            # alone, without the merged cases.
            models.Index(
                fields=["status", "team", "assignee"],
                condition=Q(merged_into__isnull=True),
                name="case_unmerged_by_status",
            ),
            # The queue order (next due, then age; PostgreSQL puts cases without a due
            # promise last in an ascending index, as the order wants): a team's queue,
            # an agent's own work, and any list of cases (the API's).
            models.Index(
                fields=["team", "next_due_at", "created_at", "id"],
                condition=Q(assignee__isnull=True, merged_into__isnull=True, status__in=UNRESOLVED),
                name="case_team_queue_order",
            ),
            models.Index(
                fields=["assignee", "next_due_at", "created_at", "id"],
                condition=Q(merged_into__isnull=True, status__in=UNRESOLVED),
                name="case_own_work_order",
            ),
            models.Index(fields=["next_due_at", "created_at", "id"], name="case_queue_order"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def owner_label(self) -> str:
        if self.assignee_id:
            return self.assignee.get_full_name() or self.assignee.get_username()
        return str(_("%(team)s queue") % {"team": self.team.name})


class CaseAlias(models.Model):
    """A reference that now leads to another case (the case it was merged into)."""

    reference = models.CharField(max_length=20, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = _("case alias")
        verbose_name_plural = _("case aliases")

    def __str__(self) -> str:
        return f"{self.reference} → {self.case_id}"


class EntryKind(models.TextChoices):
    MESSAGE_IN = "message_in", _("customer message")
    REPLY = "reply", _("reply")
    NOTE = "note", _("internal note")
    CALL = "call", _("phone call")
    STATUS = "status", _("status change")
    OWNER = "owner", _("owner change")
    DIAGNOSTIC = "diagnostic", _("diagnostic step")
    PROMISE = "promise", _("promise")
    SYSTEM = "system", _("system event")


class Entry(models.Model):
    """One item of a case's timeline."""

    # Found through the (case, created_at) index.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries", db_index=False)
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public = models.BooleanField(_("visible to the customer"), default=False)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True, help_text=_("Sanitised HTML; never raw input."))
    # Kind-specific facts, e.g. {"from": "open", "to": "resolved"} or a diagnostic's result.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def author_label(self) -> str:
        if self.author_user_id:
            return self.author_user.get_full_name() or self.author_user.get_username()
        if self.author_customer_id:
            return self.author_customer.name
        return "fairdesk"


class Attachment(models.Model):
    """A file on an entry; the bytes live in the data folder under their SHA-256."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255, default="application/octet-stream")
    inline = models.BooleanField(default=False)
    content_id = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class AuditEvent(models.Model):
    """Who did what, when: written by every service, never edited.

    Both actors are set when an agent acts for a customer (a contact taken on the phone).
    """

    at = models.DateTimeField(db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=50)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class Presence(models.Model):
    """Which agent has a case open right now, and whether they are writing a reply: the
    case page reports it every few seconds, so others see it (collision warnings). A row is
    current while `seen_at` is recent; it is no change to the case (no entry, no audit)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    typing = models.BooleanField(default=False)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")
        constraints = [
            models.UniqueConstraint(fields=["case", "agent"], name="one_presence_per_agent")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.agent_id}"


class Mention(models.Model):
    """An agent named with `@username` in an internal note: the notification says so, and
    visibility may count "cases an agent was mentioned on" (a row per agent and note)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mentions")
    agent = models.ForeignKey(  # found through the (agent, case) index
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions", db_index=False
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="mentions")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["entry", "agent"], name="one_mention_per_note")
        ]
        indexes = [models.Index(fields=["agent", "case"])]

    def __str__(self) -> str:
        return f"{self.case_id} @{self.agent_id}"


class RequestKey(models.Model):
    """A client's `Idempotency-Key` for one request that wrote an entry: the same request
    sent again (a retry after a lost answer) is answered from here and writes nothing."""

    # Whose key: "user:<id>" or "customer:<id>" (an API token's holder).
    caller = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    # SHA-256 of the request's method, path and body: a key sent with another request is
    # refused rather than answered with the first one's result.
    fingerprint = models.CharField(max_length=64)
    # Empty only inside the transaction that claimed the key.
    entry = models.ForeignKey(Entry, null=True, on_delete=models.CASCADE, related_name="+")
    joined = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("request key")
        verbose_name_plural = _("request keys")
        constraints = [
            models.UniqueConstraint(fields=["caller", "key"], name="one_request_per_key")
        ]

    def __str__(self) -> str:
        return self.key
