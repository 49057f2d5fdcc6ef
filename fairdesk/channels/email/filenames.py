"""Attachment file names from outside are metadata only: the one rule lives in fairdesk.lib.files.

fairdesk.lib.files imports nothing from Django, so the email core stays Django-free.
"""

from fairdesk.lib.files import MAX_FILENAME_LENGTH, safe_filename

__all__ = ["MAX_FILENAME_LENGTH", "safe_filename"]
