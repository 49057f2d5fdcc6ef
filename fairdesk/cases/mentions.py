"""Which agents an internal note mentions: `@username` tokens, as a pure function.

A mention starts with `@` at the start of the text or after a character that cannot be part
of an address (so `ada@example.com` mentions nobody) and runs over the characters Django
allows in a username; a trailing full stop or hyphen is punctuation, not part of the name.
"""

import re

_MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")
_TRAILING = ".-@+"


def mentioned_names(text: str) -> list[str]:
    """The usernames mentioned in `text`, lower-cased, each once, in order of appearance."""
    names: list[str] = []
    for match in _MENTION.finditer(text or ""):
        name = match.group(1).rstrip(_TRAILING).lower()
        if name and name not in names:
            names.append(name)
    return names
