"""The wording check for anything that asks a customer for a rating, pure Python, de and en.

A question that leads the answer measures the wording, not the service. `problems(text)`
names every leading pattern it finds (with the reason shown to the writer); `is_rating_request`
tells whether a reply or macro asks for a rating at all, so only those are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    SUPERLATIVE = "superlative"
    ASKS_FOR_MARK = "asks_for_mark"
    MARK_COUNTS = "mark_counts"
    INCENTIVE = "incentive"
    AGENT_NAME = "agent_name"
    PLEADING = "pleading"


# One pattern per line, case-insensitive; \b keeps "best" out of "bestätigen" and so on.
PATTERNS: dict[Reason, list[str]] = {
    Reason.SUPERLATIVE: [
        r"\b(excellent|outstanding|amazing|fantastic|superb|exceptional|best|greatest)\b",
        r"\b(hervorragend\w*|ausgezeichnet\w*|exzellent\w*|fantastisch\w*|großartig\w*"
        r"|grossartig\w*|beste[nmrs]?|erstklassig\w*|herausragend\w*)\b",
    ],
    Reason.ASKS_FOR_MARK: [
        r"\b(rate|give|score|grade|mark)\s+(us|me|him|her|them|it|our \w+)?\s*(with\s+)?"
        r"(a\s+)?(5|five|10|ten|top|full|highest|very good|excellent)\b",
        r"\b(5|five|10|ten)\s*(/\s*(5|10)|out of\s*(5|10)|stars?)\b",
        r"\b(top|full|highest|best)\s+(marks?|score|rating|stars?)\b",
        r"\b(mit|eine?n?)\s+(der\s+)?(5|fünf|10|zehn|sehr gut|1|eins|bestnote|höchstnote"
        r"|vollen? punktzahl)\b",
        r"\b(5|fünf|10|zehn)\s+(sternen?|punkten?)\b",
        r"\b(bestnote|höchstnote|volle punktzahl|volle sterne)\b",
        # a good answer asked for without a number: "a great rating", "eine gute Bewertung"
        r"\b(good|great|positive|high|glowing|perfect)\s+(ratings?|reviews?|scores?|feedback"
        r"|marks?|grades?)\b",
        r"\b(gut|positiv|hoh|sehr gut)e[nmrs]?\s+(bewertung|note|rückmeldung|feedback"
        r"|beurteilung)\w*",
    ],
    Reason.MARK_COUNTS: [
        r"\b(only|anything (below|less than|under|but))\s+(a\s+)?(5|five|10|ten|top|"
        r"very good|the top)\b",
        r"\b(counts? as|is considered|means) (a )?(fail|failure|negative|bad)\b",
        r"\b(zählt|gilt|wertet|bewertet wird)\b.{0,40}\b(als|nur)\b.{0,30}"
        r"\b(schlecht|negativ|durchgefallen|nicht bestanden|misserfolg)\w*",
        r"\bnur\s+(eine\s+)?(5|fünf|10|zehn|sehr gut|die bestnote)\s+zählt\b",
        r"\balles (unter|außer|ausser)\b",
        # what a low mark does: "any score below 5 hurts", "jede Bewertung unter 5 schadet"
        r"\b(any|every|each)\s+(score|rating|mark|grade|answer)\s+(below|under|less than"
        r"|lower than)\b",
        r"\b(bewertung|note|antwort)\w*\s+(unter|weniger als|schlechter als)\s+(einer?\s+)?"
        r"(5|fünf|10|zehn|sehr gut)",
    ],
    Reason.INCENTIVE: [
        r"\b(win|prize|voucher|gift card|coupon|discount|reward|raffle|free gift|bonus)\w*\b",
        r"\b(gewinn\w*|gutschein\w*|rabatt\w*|preisausschreiben|verlos\w*|prämie\w*|belohnung\w*"
        r"|geschenk\w*)\b",
    ],
    Reason.PLEADING: [
        r"\b(would mean (a lot|the world)|means a lot to me|my (job|bonus|review|salary)"
        r"|i beg|begging|help me out|do me a favou?r|please,? please)\b",
        r"\b(würde mir (sehr )?viel bedeuten|bedeutet mir viel|mein(en)? (job|bonus"
        r"|arbeitsplatz|gehalt)|ich bitte sie inständig|tun sie mir (den|einen) gefallen"
        r"|helfen sie mir|bitte,? bitte)\b",
    ],
}

_COMPILED = {
    reason: [re.compile(p, re.IGNORECASE) for p in patterns]
    for reason, patterns in PATTERNS.items()
}

_RATING_WORDS = re.compile(
    r"\b(rate|rating|survey|feedback|stars?|score|questionnaire|bewert\w*|umfrage\w*"
    r"|feedback\w*|sterne\w*|note|noten|zufriedenheit\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    reason: Reason
    found: str  # the words that matched, to show the writer where


def problems(text: str, *, names: Iterable[str] = ()) -> list[Problem]:
    """Every leading pattern in `text`; `names` are the agents' names, which must not appear
    (a survey about "Ada" rates Ada, and pressures the customer to be kind to her)."""
    found = []
    for reason, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                found.append(Problem(reason, match.group(0)))
                break
    for name in names:
        name = name.strip()
        if len(name) >= 2 and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
            found.append(Problem(Reason.AGENT_NAME, name))
            break
    return found


def is_rating_request(text: str) -> bool:
    """Whether a reply or macro asks the customer for a rating (so the check applies)."""
    return bool(_RATING_WORDS.search(text))
