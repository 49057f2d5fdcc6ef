"""Settings, read from the environment once at start-up; a bad value stops start-up by name."""

import ipaddress
import os
import re
import secrets
from email.utils import formataddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
LANGUAGES = [("de", "Deutsch"), ("en", "English")]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def log_level() -> str:
    """FAIRDESK_LOG_LEVEL: one of Python's level names (logging would fail later, long-winded)."""
    level = os.environ.get("FAIRDESK_LOG_LEVEL", "INFO").strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ImproperlyConfigured(
            f"FAIRDESK_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {level!r}"
        )
    return level


def language() -> str:
    """FAIRDESK_LANGUAGE: the desk's language until a reader chooses theirs."""
    code = os.environ.get("FAIRDESK_LANGUAGE", "de")
    if code not in {name for name, _label in LANGUAGES}:
        raise ImproperlyConfigured(f"FAIRDESK_LANGUAGE must be de or en, not {code!r}")
    return code


def data_folder() -> Path:
    folder = Path(os.environ.get("FAIRDESK_DATA") or "var").resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"FAIRDESK_DATA {str(folder)!r} is not usable: {error}"
        ) from None
    return folder


def secret_key(folder: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    path = folder / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def database(folder: Path) -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'fairdesk.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as error:  # the library raises several kinds; all mean a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # Connections are kept (as for PostgreSQL): a new one rereads the schema and starts
        # with an empty page cache, which made each request's write transaction about 2 ms
        # longer (docs/scale.md).
        # WAL lets readers work while one writer commits; IMMEDIATE transactions take the
        # write lock up front, so concurrent writers wait instead of failing. They queue on a
        # file lock beside the database, woken when it frees (fairdesk.lib.sqlite.base), and
        # on SQLite's busy timeout for writes outside a transaction.
        if env_bool("FAIRDESK_SQLITE_WRITE_QUEUE", True):
            config["ENGINE"] = "fairdesk.lib.sqlite"
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA foreign_keys=ON",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name SQLite or PostgreSQL")
    # SQLite tests run in memory, said outright: pytest-django recognises that only for
    # Django's own engine name, and would give fairdesk.lib.sqlite a file per test worker.
    in_memory = ":memory:" if "sqlite" in config["ENGINE"] else None
    config["TEST"] = {"NAME": os.environ.get("FAIRDESK_TEST_DATABASE") or in_memory}
    return dict(config)


def base_url() -> str:
    """FAIRDESK_BASE_URL: the desk's address as customers reach it, the start of every link in
    mail; without a scheme and host every such link would be broken."""
    url = os.environ.get("FAIRDESK_BASE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or url != f"{parts.scheme}://{parts.netloc}"
    ):
        raise ImproperlyConfigured(
            f"FAIRDESK_BASE_URL must be the desk's address such as https://desk.example.com "
            f"(a scheme and a host, no path), not {url!r}"
        )
    return url


def mail_from() -> tuple[str, str]:
    """FAIRDESK_MAIL_FROM: an address, or a name and an address ("Kundenservice
    <support@example.com>"), as (name, address). Our Message-IDs' domain and the check that a
    mail is our own read the address alone."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = os.environ.get("FAIRDESK_MAIL_FROM", "support@fairdesk.localhost").strip()
    named = re.fullmatch(r'"?([^"<>]*?)"?\s*<([^<>\s]+)>', value)
    name, address = (named.group(1).strip(), named.group(2)) if named else ("", value)
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"FAIRDESK_MAIL_FROM must be an address such as support@example.com, or a name "
            f"and one (Kundenservice <support@example.com>), not {value!r}"
        ) from None
    return name, address


def time_zone() -> str:
    name = os.environ.get("FAIRDESK_TIME_ZONE", "Europe/Berlin")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"FAIRDESK_TIME_ZONE {name!r} is not a known time zone"
        ) from None
    return name


def holiday_region() -> tuple[str, str]:
    """FAIRDESK_COUNTRY / FAIRDESK_SUBDIVISION: the public holidays of the default calendar."""
    import holidays

    country = os.environ.get("FAIRDESK_COUNTRY", "DE").strip().upper()
    subdivision = os.environ.get("FAIRDESK_SUBDIVISION", "").strip().upper()
    if not country:
        if subdivision:
            raise ImproperlyConfigured("FAIRDESK_SUBDIVISION needs a FAIRDESK_COUNTRY")
        return "", ""  # no public holidays at all
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ImproperlyConfigured(
            f"FAIRDESK_COUNTRY {country!r} is not a country code the holidays library knows"
        )
    if subdivision and subdivision not in supported[country]:
        raise ImproperlyConfigured(
            f"FAIRDESK_SUBDIVISION {subdivision!r} is not a state of {country}; "
            f"one of {', '.join(supported[country])}"
        )
    return country, subdivision


DATA_DIR = data_folder()
DEMO = env_bool("FAIRDESK_DEMO", False)
DEBUG = env_bool("DEBUG", DEMO)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
if not ALLOWED_HOSTS:  # Django would answer every request 400, with nothing said why
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS names no host; give the desk's, e.g. desk.example.com"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
DATABASES = {"default": database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files (no CDN)
    "django_tasks",
    "django_tasks_db",
    "fairdesk.accounts",
    "fairdesk.cases",
    "fairdesk.promises",
    "fairdesk.channels.email",
    "fairdesk.search",
    "fairdesk.worker",
    "fairdesk.processes",
    "fairdesk.feedback",
    "fairdesk.queues",
    "fairdesk.insights",
    "fairdesk.replies",
    "fairdesk.notifications",
    "fairdesk.knowledge",
    "fairdesk.privacy",
    "fairdesk.api",
    "fairdesk.portal",
    "fairdesk.desk",
]

# What happens when something happens to a case (fairdesk.cases.events), in this order.
FAIRDESK_CASE_REACTIONS = [
    "fairdesk.feedback.reactions.on_case_event",  # first: refuses a leading rating request
    "fairdesk.promises.clocks.on_case_event",
    "fairdesk.queues.reactions.on_case_event",  # after the clocks: reads the new promises
    "fairdesk.insights.reactions.on_case_event",  # the per-case figures the reports read
    "fairdesk.notifications.reactions.on_case_event",  # tells the agents it concerns
    "fairdesk.channels.email.outbound.on_case_event",
]

# What other apps fill in on a new case's row before it is first written (each called with
# the unsaved case): a column written with the row is not written a second time (a page more
# for each of its indexes).
FAIRDESK_NEW_CASE_COLUMNS = [
    "fairdesk.promises.clocks.fill_next_due",  # the due time of the promises it will get
]

# What else an erasure of personal data erases (fairdesk.privacy.hooks), in this order.
FAIRDESK_ERASURE_HOOKS = [
    "fairdesk.processes.erasure.erase",
    "fairdesk.feedback.erasure.erase",
    "fairdesk.queues.erasure.erase",
    "fairdesk.channels.email.erasure.erase",
]
# What else a customer's export holds (fairdesk.privacy.hooks): each app's own rows of theirs.
FAIRDESK_EXPORT_HOOKS = [
    "fairdesk.promises.export.export",
    "fairdesk.processes.export.export",
    "fairdesk.feedback.export.export",
    "fairdesk.queues.export.export",
    "fairdesk.channels.email.export.export",
]

MIDDLEWARE = [
    "fairdesk.ops.metrics.measure_requests",  # first: times everything below it
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fairdesk.lib.request_memo.request_memo",  # settings rows read once per request
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fairdesk.lib.locale.AreaLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "fairdesk.lib.csp.ContentSecurityPolicyMiddleware",
    "fairdesk.lib.htmx.keep_address_on_refusal",
]

ROOT_URLCONF = "fairdesk.urls"
WSGI_APPLICATION = "fairdesk.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "libraries": {"dates": "fairdesk.lib.date_tags", "fields": "fairdesk.lib.field_tags"},
        },
    }
]

# Django's widget and label templates written in Python, the same markup (lib/form_renderer).
FORM_RENDERER = "fairdesk.lib.form_renderer.Renderer"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = language()
# The portal's language choice, kept apart from the desk's (LANGUAGE_COOKIE_NAME).
FAIRDESK_PORTAL_LANGUAGE_COOKIE = "fairdesk_portal_language"
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = time_zone()

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by the app itself (no collectstatic step to forget).
WHITENOISE_USE_FINDERS = True

# Outside debug, cookies only travel over HTTPS and never to scripts.
HTTPS = not DEBUG and env_bool("FAIRDESK_HTTPS", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Browsers remember to use HTTPS only (HSTS) when the site is served over it.
SECURE_HSTS_SECONDS = env_int("FAIRDESK_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("FAIRDESK_HSTS_SUBDOMAINS", False)
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto only when it is configured.
if env_bool("FAIRDESK_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies (addresses or networks) whose X-Forwarded-For names the client (lib/addresses.py).
FAIRDESK_TRUSTED_PROXIES = env_list("FAIRDESK_TRUSTED_PROXIES", "")
for _proxy in FAIRDESK_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"FAIRDESK_TRUSTED_PROXIES: {_proxy!r} is not an address or a network"
        ) from None
# Failed sign-ins: per client address, per account (above the address limit, so one address
# alone never locks an account), within a window.
FAIRDESK_SIGN_IN_WINDOW_SECONDS = env_int("FAIRDESK_SIGN_IN_WINDOW_SECONDS", 900, minimum=60)
FAIRDESK_SIGN_IN_ADDRESS_LIMIT = env_int("FAIRDESK_SIGN_IN_ADDRESS_LIMIT", 20, minimum=1)
FAIRDESK_SIGN_IN_ACCOUNT_LIMIT = env_int("FAIRDESK_SIGN_IN_ACCOUNT_LIMIT", 50, minimum=1)
if FAIRDESK_SIGN_IN_ACCOUNT_LIMIT <= FAIRDESK_SIGN_IN_ADDRESS_LIMIT:
    raise ImproperlyConfigured(
        "FAIRDESK_SIGN_IN_ACCOUNT_LIMIT must be above FAIRDESK_SIGN_IN_ADDRESS_LIMIT"
    )
# Whether agents see every case, or their teams' cases and those they own, wrote on or were
# mentioned on: only the value a fresh install starts with (a data migration); then an admin
# sets it in the desk.
FAIRDESK_CASE_VISIBILITY = os.environ.get("FAIRDESK_CASE_VISIBILITY", "all")
if FAIRDESK_CASE_VISIBILITY not in ("all", "teams"):
    raise ImproperlyConfigured("FAIRDESK_CASE_VISIBILITY must be all or teams")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGIN_URL = "/desk/sign-in/"
# No state in a web process, so any number of them can stand behind one proxy: sessions and
# failed sign-in counters (accounts.throttle) live in the database; fairdesk caches nothing,
# so the cache is a dummy (with Redis configured, Redis: see FAIRDESK_TASKS below).
SESSION_ENGINE = "fairdesk.lib.sessions"
# Passwords as Django's ModelBackend; the signed-in user and their agent profile read in one
# statement (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["fairdesk.accounts.backends.AccountBackend"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FAIRDESK_MAX_REQUEST_MB", 30, minimum=1) * 1024 * 1024
FAIRDESK_ATTACHMENT_DIR = DATA_DIR / "attachments"
FAIRDESK_MAX_ATTACHMENT_BYTES = env_int("FAIRDESK_MAX_ATTACHMENT_MB", 25, minimum=1) * 1024 * 1024
FAIRDESK_MAX_BODY_CHARS = env_int("FAIRDESK_MAX_BODY_CHARS", 200_000, minimum=1000)
FAIRDESK_REPEAT_CONTACT_DAYS = env_int("FAIRDESK_REPEAT_CONTACT_DAYS", 14, minimum=0)
# How long the API answers a retried write from its Idempotency-Key (docs/api.md).
FAIRDESK_REQUEST_KEY_HOURS = env_int("FAIRDESK_REQUEST_KEY_HOURS", 48, minimum=1)
FAIRDESK_BASE_URL = base_url()
# The calendar a fresh desk starts with (made once, by migration): these holidays.
FAIRDESK_COUNTRY, FAIRDESK_SUBDIVISION = holiday_region()
# Whether `migrate` gives a desk without any its first team, calendar and policy.
FAIRDESK_DEFAULTS = env_bool("FAIRDESK_DEFAULTS", True)
# How far ahead an agent may promise (a callback in the year 9999 is a typing error).
FAIRDESK_PROMISE_HORIZON_DAYS = env_int("FAIRDESK_PROMISE_HORIZON_DAYS", 730, minimum=1)
# Queues (docs/queues.md): assign new and returned cases to agents automatically.
FAIRDESK_QUEUE_AUTO_ASSIGN = env_bool("FAIRDESK_QUEUE_AUTO_ASSIGN", True)
# A booked callback: how many calls are tried before it ends as not reached, and how many
# minutes apart (docs/queues.md).
FAIRDESK_CALLBACK_ATTEMPTS = env_int("FAIRDESK_CALLBACK_ATTEMPTS", 3, minimum=1)
FAIRDESK_CALLBACK_RETRY_MINUTES = env_int("FAIRDESK_CALLBACK_RETRY_MINUTES", 10, minimum=1)
# The watch warns owner and lead once this share of a promise's time has passed.
FAIRDESK_WARN_AT_PERCENT = env_int("FAIRDESK_WARN_AT_PERCENT", 75, minimum=1)
if FAIRDESK_WARN_AT_PERCENT > 99:  # at 100 % the promise breaks: a warning comes too late
    raise ImproperlyConfigured("FAIRDESK_WARN_AT_PERCENT must be at most 99")
# Notifications (docs/notifications.md): how long a digest gathers before it is mailed, and
# the channel function that queues an agent's mail (a dotted path: the domain imports no channel).
FAIRDESK_NOTIFY_DIGEST_MINUTES = env_int("FAIRDESK_NOTIFY_DIGEST_MINUTES", 60, minimum=1)
FAIRDESK_NOTIFICATION_MAILER = "fairdesk.channels.email.agent_mail.queue_agent_mail"
# Surveys: the share of finished cases drawn, per stratum; how often one customer is asked at
# most; how long a link stays open; the seed that makes the draw repeatable.
FAIRDESK_SURVEY_PERCENT = env_int("FAIRDESK_SURVEY_PERCENT", 30, minimum=0)
if FAIRDESK_SURVEY_PERCENT > 100:
    raise ImproperlyConfigured("FAIRDESK_SURVEY_PERCENT must be at most 100")
FAIRDESK_SURVEY_EVERY_DAYS = env_int("FAIRDESK_SURVEY_EVERY_DAYS", 90, minimum=0)
FAIRDESK_SURVEY_ANSWER_DAYS = env_int("FAIRDESK_SURVEY_ANSWER_DAYS", 30, minimum=1)
FAIRDESK_SURVEY_SEED = os.environ.get("FAIRDESK_SURVEY_SEED", "fairdesk")

# Email channel: SMTP out through Django's mail backend, mailboxes polled over IMAP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other")
FAIRDESK_MAIL_FROM_NAME, FAIRDESK_MAIL_FROM = mail_from()
# Every mail we send (staff warnings, sign-in links, Django's own) comes from this address.
DEFAULT_FROM_EMAIL = SERVER_EMAIL = formataddr((FAIRDESK_MAIL_FROM_NAME, FAIRDESK_MAIL_FROM))
# The domain of our Message-IDs.
FAIRDESK_MAIL_DOMAIN = (
    os.environ.get("FAIRDESK_MAIL_DOMAIN") or FAIRDESK_MAIL_FROM.rpartition("@")[2]
)
# Further addresses that are ours (aliases, the polled mailboxes): never auto-answered.
FAIRDESK_MAIL_OWN_ADDRESSES = env_list("FAIRDESK_MAIL_OWN_ADDRESSES", "")
FAIRDESK_AUTOREPLY_PER_HOUR = env_int("FAIRDESK_AUTOREPLY_PER_HOUR", 3)
FAIRDESK_MAIL_SEND_ATTEMPTS = env_int("FAIRDESK_MAIL_SEND_ATTEMPTS", 5, minimum=1)
# Seconds one inbound message may take to parse; past it, it is stored raw and flagged.
FAIRDESK_MAIL_PARSE_SECONDS = env_int("FAIRDESK_MAIL_PARSE_SECONDS", 20, minimum=1)
# Seconds a sender holds a queued mail; a sender that dies loses it to the next after this.
FAIRDESK_MAIL_SEND_LEASE = env_int("FAIRDESK_MAIL_SEND_LEASE", 300, minimum=10)
# The demo sends no mail: it keeps it in the data folder, listed in the desk (demo/mailbox.py).
FAIRDESK_DEMO_MAILBOX = DATA_DIR / "demo-mail"
if DEMO:
    EMAIL_BACKEND = "fairdesk.demo.mailbox.DemoMailBackend"


def imap_mailboxes() -> list:
    """FAIRDESK_IMAP_MAILBOXES: comma-separated imaps:// URLs (URL-encode commas in passwords)."""
    from fairdesk.channels.email.mailboxes import parse_mailbox_url

    try:
        return [parse_mailbox_url(url) for url in env_list("FAIRDESK_IMAP_MAILBOXES", "")]
    except ValueError as error:
        raise ImproperlyConfigured(f"FAIRDESK_IMAP_MAILBOXES: {error}") from None


FAIRDESK_IMAP_MAILBOXES = imap_mailboxes()

# Operations (docs/operations.md): /metrics answers only the holder of this token (off without
# one); /health fails when the newest periodic run, the oldest unsent mail or the oldest due
# task is older than these many seconds.
FAIRDESK_METRICS_TOKEN = os.environ.get("FAIRDESK_METRICS_TOKEN", "")
if FAIRDESK_METRICS_TOKEN and len(FAIRDESK_METRICS_TOKEN) < 16:
    raise ImproperlyConfigured("FAIRDESK_METRICS_TOKEN must be at least 16 characters long")
FAIRDESK_HEALTH_WORKER_SECONDS = env_int("FAIRDESK_HEALTH_WORKER_SECONDS", 180, minimum=60)
FAIRDESK_HEALTH_MAIL_SECONDS = env_int("FAIRDESK_HEALTH_MAIL_SECONDS", 900, minimum=60)
FAIRDESK_HEALTH_TASK_SECONDS = env_int("FAIRDESK_HEALTH_TASK_SECONDS", 300, minimum=10)
# Mail LMTP stored but not yet filed: a burst drains at the write path's rate (~30/s).
FAIRDESK_HEALTH_INTAKE_SECONDS = env_int("FAIRDESK_HEALTH_INTAKE_SECONDS", 600, minimum=60)


def task_settings() -> tuple[str, dict[str, Any], str]:
    """FAIRDESK_TASKS: where background tasks wait, the database (default) or Redis (`rq`,
    at REDIS_URL); returns the choice, the TASKS setting and the Redis URL ('' without)."""
    choice = os.environ.get("FAIRDESK_TASKS", "database").strip().lower()
    if choice == "database":
        return choice, {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}, ""
    if choice != "rq":
        raise ImproperlyConfigured(f"FAIRDESK_TASKS must be database or rq, not {choice!r}")
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "FAIRDESK_TASKS=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0"
        )
    return choice, {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}, url


FAIRDESK_TASKS, _tasks_backend, REDIS_URL = task_settings()
TASKS = {"default": _tasks_backend}
if REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    # Nothing of fairdesk's is cached today; should something be, it is shared, not per process.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": log_level()},
}
