"""Test settings: the real settings with a throwaway data folder, a fast hasher and tasks
that run at once."""

import os
import tempfile

os.environ.setdefault("FAIRDESK_DATA", tempfile.mkdtemp(prefix="fairdesk-test-"))
# The tests were written against an English desk; tests of German pages ask for German.
os.environ.setdefault("FAIRDESK_LANGUAGE", "en")

from fairdesk.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# migrate makes no default team, calendar or policy: each test makes the ones it needs.
FAIRDESK_DEFAULTS = False
# Cases stay in the team queue unless a test turns automatic assignment on (tests/queues).
FAIRDESK_QUEUE_AUTO_ASSIGN = False
# WhiteNoise otherwise reads every static file's headers each time a test client starts (a
# sixth of an API test's time); in autorefresh mode it looks a file up when it is asked for.
WHITENOISE_AUTOREFRESH = True
