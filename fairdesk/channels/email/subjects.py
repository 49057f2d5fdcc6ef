"""The title of a case opened from mail: the customer's words, without what mail clients and
we put in front of them (no Django: table tests in tests/channels/email/test_mail_subjects.py).

A reply to our acknowledgment that opens a case of its own ("AW: [FD-000002] Wir haben Ihre
Anfrage erhalten: Router") would otherwise be acknowledged as "Wir haben Ihre Anfrage
erhalten: AW: [FD-000002] Wir haben Ihre Anfrage erhalten: Router".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What mail clients put before a replied or forwarded subject, in the languages they speak:
# Re, AW (Antwort), WG (Weitergeleitet), FW/Fwd, SV/VS (Nordic), Antw, TR/RV (French,
# Spanish), Odp (Polish); "Re[2]:" and "Re(2):" are counted replies.
_PREFIX = re.compile(
    r"(re|aw|wg|fw|fwd|sv|vs|antw|tr|rv|odp|r)\s*(\[\d+\]|\(\d+\))?\s*:\s*", re.IGNORECASE
)


# The prefixes that say a mail is forwarded: WG (Weitergeleitet), FW/Fwd, TR (transféré),
# RV (reenviado).
_FORWARD_PREFIXES = {"wg", "fw", "fwd", "tr", "rv"}


def is_forward(subject: str) -> bool:
    """Whether `subject`'s first prefix says the mail is forwarded ("Fwd: …", "WG: AW: …";
    not "AW: WG: …", an answer to a forward)."""
    found = _PREFIX.match(" ".join((subject or "").split()))
    return found is not None and found.group(1).lower() in _FORWARD_PREFIXES


def _tag(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"\[\s*{re.escape(prefix)}-\d{{6,}}\s*\]\s*", re.IGNORECASE)


def case_title(subject: str, *, phrases: Iterable[str] = (), prefix: str = "FD") -> str:
    """`subject` without the reply and forward prefixes, our reference tags and our own
    mail's `phrases` ("We received your request:") where they lead it, however often and in
    whatever order; "" when nothing of the customer's is left. Words later in the subject
    are the customer's and stay."""
    leading = [_PREFIX, _tag(prefix)]
    leading += [
        re.compile(rf"{re.escape(p.strip())}\s*", re.IGNORECASE) for p in phrases if p.strip()
    ]
    rest = " ".join((subject or "").split())
    while True:
        before = rest
        for pattern in leading:
            if found := pattern.match(rest):
                rest = rest[found.end() :]
        if rest == before:
            return rest
