"""A simple, linear HTML to plain-text conversion for mails that only come as HTML."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "address", "article", "blockquote", "br", "div", "dl", "dt", "dd", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
    "table", "tr", "ul",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "head", "title", "template", "noscript", "svg", "object"}
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")
# A "<" that no ">" closes before the next "<": html.parser would rescan the rest of the
# input for its end at every one of them (quadratic); as text it is what the sender meant.
_UNCLOSED_TAG = re.compile(r"<(?![^<>]*>)")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        elif tag == "td" or tag == "th":
            self.chunks.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(data)


def html_to_text(html: str) -> str:
    """The readable text of `html`: paragraphs as lines, scripts and styles dropped."""
    collector = _TextCollector()
    # html.parser is forgiving and raises only on pathological input; keep what it collected.
    with contextlib.suppress(Exception):
        collector.feed(_UNCLOSED_TAG.sub("&lt;", html))
        collector.close()
    text = "".join(collector.chunks)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
