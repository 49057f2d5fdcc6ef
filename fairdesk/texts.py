"""What fairdesk's own timeline entries say, rendered when read from the facts they store.

Promise, credit, mail, privacy, survey and process events keep only facts (kind + data); the
desk, the portal and the API call `entry_text` and get the sentence in the active language
(the reader's), with times in the reader's format. Rows written before facts were complete
return "" here, and the interfaces then show the text stored with them.
"""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from fairdesk.cases.models import Entry
from fairdesk.channels.email.reasons import reason_text
from fairdesk.feedback.texts import survey_text
from fairdesk.lib.dates import moment_text
from fairdesk.privacy.texts import privacy_text
from fairdesk.processes.texts import process_text
from fairdesk.promises.models import SYSTEM_REASONS, Kind, promise_what, system_reason


def entry_text(entry: Entry) -> str:
    """The sentence a system-made entry says, or "" when it is not one (or too old to know)."""
    return facts_text(entry.data)


def facts_text(data: object) -> str:
    """The sentence for stored facts: an entry's data, or the `because` of a change fairdesk
    made itself (an escalation's priority and handoff)."""
    if not isinstance(data, dict):
        return ""
    if "credit" in data:
        return credit_text(data)
    if data.get("event") and "promise" in data:
        return promise_text(data)
    if data.get("mail"):
        return mail_text(data)
    if data.get("privacy"):
        return privacy_text(data)
    if data.get("survey"):
        return survey_text(data)
    if data.get("field") == "subject":  # an agent renamed the case (`rename_case`)
        return _("Subject: %(old)s → %(new)s") % {"old": data["from"], "new": data["to"]}
    if isinstance(data.get("address_of"), dict):
        return address_text(data)
    return process_text(data)


def address_text(data: dict) -> str:
    """An agent said a second address is a known customer's (`cases.services.give_address`)."""
    facts = data["address_of"]
    words = {k: facts.get(k, "") for k in ("address", "customer", "was")}
    if data.get("cases"):
        return _("%(address)s is now an address of %(customer)s; cases moved here: %(cases)s.") % (
            words | {"cases": ", ".join(data["cases"])}
        )
    return _("%(address)s is an address of %(customer)s: this case moved to them from %(was)s.") % (
        words
    )


def _what(data: dict) -> str:
    if data.get("kind") == Kind.CUSTOM and not data.get("description") and not data.get("rule"):
        return ""  # an old row that did not keep what was promised
    return promise_what(data.get("kind", ""), data.get("description", ""), data.get("rule", ""))


def promise_text(data: dict) -> str:
    what, due = _what(data), moment_text(data.get("due_at"))
    if not what:
        return ""
    why = data.get("reason", "")
    if data.get("reason_code") in SYSTEM_REASONS:
        why = system_reason(data["reason_code"], data.get("reason_ref", ""))
    facts = {"what": what, "due": due, "why": why}
    sentences = {
        "made": _("Promise: %(what)s by %(due)s.") if due else _("Promise: %(what)s."),
        "kept": _("Promise kept: %(what)s."),
        "broken": _("Promise broken: %(what)s was due %(due)s."),
        "withdrawn": _("Promise withdrawn: %(what)s. Reason: %(why)s"),
        "moved": _("Promise moved: %(what)s now by %(due)s. Reason: %(why)s"),
        "paused": _("Clock paused while we wait for your answer: %(what)s."),
        "resumed": _("Clock running again: %(what)s now due %(due)s."),
        "warned": _("Promise at risk: %(what)s is due %(due)s and not kept yet."),
        "escalated": _("Promise broken: %(what)s."),
    }
    sentence = sentences.get(data["event"])
    if sentence is None or ("%(due)s" in sentence and not due):
        return ""
    return sentence % facts


def amount_text(cents: int) -> str:
    """Euros in the reader's number format ("20,00" in German)."""
    return formats.number_format(Decimal(cents) / 100, 2)


def credit_text(data: dict) -> str:
    amount = amount_text(data.get("amount_cents") or 0)
    state = data.get("state")
    if data.get("goodwill"):
        return _("Goodwill credit of %(amount)s EUR: %(reason)s") % {
            "amount": amount,
            "reason": data.get("reason", ""),
        }
    if state == "confirmed":
        return _("Credit of %(amount)s EUR confirmed.") % {"amount": amount}
    if state == "rejected":
        if "note" not in data:
            return ""  # an old row: its stored text has the note
        return _("Credit of %(amount)s EUR rejected: %(note)s") % {
            "amount": amount,
            "note": data["note"],
        }
    what = _what(data)
    if not what:
        return ""
    return _("You are owed %(amount)s EUR for the broken promise (%(what)s).") % {
        "amount": amount,
        "what": what,
    }


def mail_text(data: dict) -> str:
    mail = data["mail"]
    if mail == "send_failed" and "error" in data:
        return _("The email to %(to)s could not be sent: %(error)s") % {
            "to": data.get("to", ""),
            "error": data["error"],
        }
    if mail == "reviewed" and "sender" in data:
        sender = data["sender"] or _("an unknown sender")
        return _("Flagged email from %(sender)s marked as reviewed.") % {"sender": sender}
    if mail == "flagged":
        return _("Email flagged for an agent: %(reason)s") % {
            "reason": reason_text(data.get("reason", ""))
        }
    if mail == "not_sent":
        addresses = ", ".join(data.get("to") or []) or "—"
        if data.get("why") == "address":
            return _("The reply was not emailed: we cannot send mail to %(addresses)s.") % {
                "addresses": addresses
            }
        return _("The reply was not emailed: mail to %(addresses)s bounces.") % {
            "addresses": addresses
        }
    if mail == "bounce_cleared":
        return _(
            "Mail came from %(address)s, so it no longer counts as bouncing "
            "(it bounced since %(since)s)."
        ) % {"address": data.get("address", ""), "since": moment_text(data.get("since"))}
    if mail == "bounce":
        return _("Mail to %(addresses)s bounced.") % {
            "addresses": ", ".join(data.get("failed") or []) or "—"
        }
    return ""
