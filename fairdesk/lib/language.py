"""Which language a customer writes in: a declared tag (Content-Language, the portal's
language) when it names one we speak, else a count of German and English stop words.

No models and no Django: the first message of a new customer is short, and telling German
from English needs only the little words every sentence has.
"""

import re

SPOKEN = ("de", "en")

# The commonest short words of each language that the other does not use (so "in", "an",
# "so", "was" and "will" count for neither).
_GERMAN = (
    "aber alle auch auf aus bei bin bis bitte danke das dass dem den der des die dies "
    "doch ein eine einen einer es für geht gibt habe haben hat hier ich ihr immer ist "
    "jetzt kann kein keine mein meine mir mit nach nicht noch nur oder schon sehr seit "
    "sie sind stand und uns von vor war wie wieder wir wird zu zum zur über"
)

_ENGLISH = (
    "about after again all am and any are be been but can cannot could did do does "
    "don't for from get had has have hello here how i i'm is it it's just my no not "
    "now of on our please since still thank thanks that the there this to today up "
    "us want we what when why with working would you your"
)

_STOP_WORDS = {"de": frozenset(_GERMAN.split()), "en": frozenset(_ENGLISH.split())}
_WORD = re.compile(r"[a-zäöüß']+")


def from_tag(tag: str | None) -> str | None:
    """The first language we speak in a declared list such as "en-GB, de;q=0.5"."""
    for part in (tag or "").split(","):
        primary = part.split(";")[0].strip().lower().split("-")[0]
        if primary in SPOKEN:
            return primary
    return None


def from_text(text: str) -> str | None:
    """German or English by stop words; None when the text says too little to tell."""
    counts = dict.fromkeys(SPOKEN, 0)
    for word in _WORD.findall((text or "")[:5000].lower()):
        for language, words in _STOP_WORDS.items():
            counts[language] += word in words
    best = max(counts, key=counts.__getitem__)
    runner_up = max(count for language, count in counts.items() if language != best)
    # Two stop words at least and a clear lead: "OK" or a signature alone tells nothing.
    if counts[best] >= 2 and counts[best] > runner_up:
        return best
    return None


def guess(*, declared: str | None = None, text: str = "") -> str | None:
    """The declared language when we speak it, else the text's, else None."""
    return from_tag(declared) or from_text(text)
