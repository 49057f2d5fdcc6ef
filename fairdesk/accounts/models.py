"""Who is who: customer organisations, customers, agents, teams and API tokens."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Right, Upper
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    DE = "de", "Deutsch"
    EN = "en", "English"


class Organisation(models.Model):
    """The company a customer belongs to (a business customer), not the desk's own company."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A group of agents with a shared queue; a case is owned by an agent or by its team."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_led",
    )
    escalation_team = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Where cases go when a promise is broken, if anywhere."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class AgentProfile(models.Model):
    """What makes a Django user an agent: teams and languages spoken."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    teams = models.ManyToManyField(Team, related_name="agents", blank=True)
    languages = models.JSONField(default=list, blank=True)
    is_admin = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("May run the desk: teams, agents, calendars, policies, categories."),
    )
    is_auditor = models.BooleanField(
        _("auditor"),
        default=False,
        help_text=_("Reads every case and changes nothing."),
    )

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # The number's last six digits, kept by the database on every write (an import, an
    # erasure, a bulk load alike): a caller giving it nationally ("030 …") is looked up by it
    # (accounts.services._customer_by_phone), which otherwise reads every customer.
    phone_tail = models.GeneratedField(
        expression=Right("phone", 6),
        output_field=models.CharField(max_length=6),
        db_persist=True,
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.DE
    )
    # Set by the customer's own choice (the portal's switch); until then the language is a
    # guess (the default, an import's) and the language they write a declaration in decides.
    language_chosen = models.BooleanField(_("language chosen"), default=False, db_default=False)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
        help_text=_("Set when the customer signs in with a password."),
    )
    monthly_fee_cents = models.PositiveIntegerField(
        _("monthly fee (cents)"),
        null=True,
        blank=True,
        help_text=_("The contract's monthly fee, for compensation computed as a share of it."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        db_default=True,  # bulk loaders insert rows without naming it
        help_text=_("A deactivated customer cannot sign in, and their tokens stop working."),
    )
    # Part of every portal session's stamp: raised by a deactivation or an erasure, so every
    # session ends at once, also one opened by a sign-in link (which has no password hash).
    session_generation = models.PositiveIntegerField(default=0, db_default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["phone_tail"], name="customer_phone_tail")]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name

    @property
    def primary_email(self) -> str:
        emails = sorted(self.emails.all(), key=lambda e: (not e.is_primary, e.id))
        return emails[0].address if emails else ""


class CustomerEmail(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("address"), unique=True)
    is_primary = models.BooleanField(default=False)
    bouncing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_primary", "id"]
        # Every new contact looks its sender up whatever the case of the address
        # (accounts.services.get_or_create_customer): without it, a scan of every address.
        indexes = [models.Index(Upper("address"), name="customeremail_address_upper")]
        verbose_name = _("customer email")
        verbose_name_plural = _("customer emails")

    def __str__(self) -> str:
        return self.address


class ApiToken(models.Model):
    """A bearer token for one agent or one customer; only its hash is stored."""

    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, customer__isnull=True)
                | Q(user__isnull=True, customer__isnull=False),
                name="token_for_exactly_one_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user or self.customer})"


class AccountEvent(models.Model):
    """Who changed a team or an agent, and how: the accounts' own audit record, never edited.

    (Case changes are audited by cases.AuditEvent; accounts sits below cases and cannot use it.)
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=50)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class Role(models.TextChoices):
    AGENT = "agent", _("agent")
    LEAD = "lead", _("team lead")
    ADMIN = "admin", _("administrator")
    AUDITOR = "auditor", _("auditor")


class CaseVisibility(models.TextChoices):
    ALL = "all", _("every agent sees every case")
    TEAMS = "teams", _("agents see their teams' cases and those they own or were on")


class DeskSettings(models.Model):
    """The desk's settings, one row (made by a data migration), changed by admins."""

    two_factor_roles = models.JSONField(
        _("roles that must sign in with a second factor"),
        default=list,
        blank=True,
        help_text=_("Any of: agent, lead, admin, auditor."),
    )
    # FAIRDESK_CASE_VISIBILITY is only its value on a fresh install (the data migration).
    case_visibility = models.CharField(
        _("which cases agents see"),
        max_length=10,
        choices=CaseVisibility.choices,
        default=CaseVisibility.ALL,
    )

    class Meta:
        verbose_name = _("desk settings")
        verbose_name_plural = _("desk settings")

    def __str__(self) -> str:
        return str(_("desk settings"))


class SignInCounter(models.Model):
    """Failed sign-ins counted per key (an address or an account) within a window.

    In the database, so every web process shares the counts.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("sign-in counter")
        verbose_name_plural = _("sign-in counters")

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.failures}"


class TwoFactor(models.Model):
    """An agent's TOTP secret and the hashes of their unused recovery codes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    recovery_hashes = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("two-factor sign-in")
        verbose_name_plural = _("two-factor sign-ins")

    def __str__(self) -> str:
        return str(self.user)
