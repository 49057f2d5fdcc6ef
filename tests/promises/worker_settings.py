"""Settings for the worker processes the two-worker test starts: the real settings (database
task backend included), with mail written to files in the data folder so it can be counted."""

from fairdesk.settings import *  # noqa: F403
from fairdesk.settings import DATA_DIR

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"
FAIRDESK_DEFAULTS = False  # the seed makes its own teams and policy
