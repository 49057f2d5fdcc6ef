"""Article text as stored: a small, safe set of HTML, and its plain words for the index.

A pure core (no Django). Articles are written by agents but read by customers, so nothing in
them may run, load remote content or restyle the page: no scripts, styles, images, frames,
forms or attributes beyond a link's target and title. Images belong to the article as files
(served under the download rules), not in its text.
"""

import html
import re

import nh3

TAGS = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
    }
)
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# An article links out for its reader: the target gets neither the opener nor our ranking.
LINK_REL = "noopener nofollow"


def clean(text: str) -> str:
    """`text` with only the allowed markup left; a text without markup becomes paragraphs
    (a blank line between them) with its line breaks kept. Cleaning twice changes nothing."""
    cleaned = nh3.clean(
        (text or "").replace("\x00", ""),
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
    # nh3 escapes every "<" of text, so one left is a tag: without any, it is plain text.
    if cleaned and "<" not in cleaned:
        paragraphs = [part.strip() for part in cleaned.split("\n\n") if part.strip()]
        cleaned = "".join(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return cleaned


_TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """The words of stored (already clean) article HTML, for the search index: each tag
    becomes a space, so "a<br>b" stays two words."""
    return " ".join(html.unescape(_TAG.sub(" ", text or "")).split())
