"""What the privacy app's timeline entries say, rendered when read in the reader's language."""

from django.utils.translation import gettext as _


def privacy_text(data: dict) -> str:
    event = data.get("privacy")
    if event == "erased" and data.get("why") == "retention":
        return _("Personal data erased: the retention period of closed cases ended.")
    if event == "erased":
        return _("Personal data erased at the customer's request.")
    if event == "hold":
        return _("Legal hold placed: this case may not be erased.")
    if event == "released":
        return _("Legal hold released.")
    return ""
