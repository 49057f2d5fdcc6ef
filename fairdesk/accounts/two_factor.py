"""Two-factor sign-in for agents: a TOTP app (RFC 6238, through pyotp) and recovery codes.

An agent enrolls by scanning the secret into an app and typing one code, which confirms it
and hands out ten recovery codes (shown once; only their hashes are kept). A code is
accepted once: the time step it belongs to is remembered, so a code seen over a shoulder
cannot be replayed within its 30 seconds. Which roles must use it is DeskSettings'
`two_factor_roles`, set by an admin.
"""

import hashlib
import secrets

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from fairdesk.accounts.administration import _audit
from fairdesk.accounts.models import DeskSettings, Role, TwoFactor
from fairdesk.lib import clock
from fairdesk.lib.errors import DomainError
from fairdesk.lib.transactions import service

ISSUER = "fairdesk"
RECOVERY_CODES = 10


def roles_of(user: User) -> set[str]:
    """Every role `user` holds: agent always, lead of a team, admin, auditor."""
    profile = getattr(user, "agent", None)
    if profile is None:
        return set()
    roles = {Role.AGENT.value}
    if user.teams_led.exists():
        roles.add(Role.LEAD.value)
    if profile.is_admin or user.is_superuser:
        roles.add(Role.ADMIN.value)
    if profile.is_auditor:
        roles.add(Role.AUDITOR.value)
    return roles


def desk_settings() -> DeskSettings:
    return DeskSettings.objects.get_or_create(pk=1)[0]


def required_for(user: User) -> bool:
    return bool(roles_of(user) & set(desk_settings().two_factor_roles))


def confirmed(user: User) -> TwoFactor | None:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).first()


@service
def set_required_roles(*, admin: User | None, roles: list[str]) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise DomainError(
            _("Unknown roles: %(roles)s") % {"roles": ", ".join(sorted(unknown))}, field="roles"
        )
    DeskSettings.objects.update_or_create(pk=1, defaults={"two_factor_roles": sorted(roles)})
    _audit(admin, "settings.two_factor_roles", roles=sorted(roles))


@service
def start_enrollment(*, user: User) -> str:
    """A fresh secret for `user` (replacing an unconfirmed one); returns its provisioning URI."""
    if confirmed(user) is not None:
        raise DomainError(_("Two-factor sign-in is already set up."))
    import pyotp  # only the few two-factor requests need it: workers load it then

    secret = pyotp.random_base32()
    TwoFactor.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": None, "recovery_hashes": []}
    )
    return provisioning_uri(user, secret)


def provisioning_uri(user: User, secret: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)


def pending_secret(user: User) -> str | None:
    row = TwoFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    return row.secret if row else None


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


@service
def confirm_enrollment(*, user: User, code: str) -> list[str]:
    """Confirm the pending secret with a code from the app; returns the recovery codes."""
    row = TwoFactor.objects.select_for_update().filter(user=user).first()
    if row is None or row.confirmed_at is not None:
        raise DomainError(_("Start setting up two-factor sign-in first."), field="code")
    step = _matching_step(row.secret, code)
    if step is None:
        raise DomainError(_("This code is not right. Try the newest one."), field="code")
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    row.confirmed_at = clock.now()
    row.last_step = step
    row.recovery_hashes = [_hash(c) for c in codes]
    row.save()
    _audit(user, "agent.two_factor_enrolled", agent=user.pk)
    return codes


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (of now, one before, one after) whose code is `code`, else None."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return None
    import pyotp

    totp = pyotp.TOTP(secret)
    now = clock.now()
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@service
def verify(*, user: User, code: str) -> bool:
    """Whether `code` (from the app, or an unused recovery code) proves `user`; spends it."""
    row = (
        TwoFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if row is None:
        return False
    step = _matching_step(row.secret, code)
    if step is not None:
        # Conditional UPDATE: each time step is accepted once, even by simultaneous requests.
        return bool(TwoFactor.objects.filter(pk=row.pk, last_step__lt=step).update(last_step=step))
    hashed = _hash(code or "")
    if hashed not in row.recovery_hashes:
        return False
    row.recovery_hashes = [h for h in row.recovery_hashes if h != hashed]
    row.save(update_fields=["recovery_hashes"])
    _audit(user, "agent.recovery_code_used", agent=user.pk, left=len(row.recovery_hashes))
    return True
