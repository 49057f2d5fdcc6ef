"""Turning bytes in a declared (often wrong or unknown) charset into text without failing."""

from __future__ import annotations

import codecs
import contextlib
import re
from contextvars import ContextVar
from functools import lru_cache

# Labels mail software writes that Python does not know, or knows by a narrower codec.
# Supersets are chosen on purpose: what is labelled GB2312 or Shift_JIS is usually GBK/CP932.
_ALIASES = {
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-8-e": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "unicode-1-1-utf-7": "utf-7",
    "x-unicode-1-1-utf-7": "utf-7",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "windows-874": "cp874",
    "tis-620": "cp874",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso_8859-1": "cp1252",
    "big5": "big5hkscs",
}
# Labels that say "I do not know": decode by guessing instead.
_UNKNOWN = {"", "unknown-8bit", "x-unknown", "unknown", "default", "x-user-defined", "8bit"}
# ASCII labels are very often wrong for 8-bit text; treat them as "guess".
_ASCII = {"us-ascii", "ascii", "us_ascii", "ansi_x3.4-1968", "iso646-us"}


@lru_cache(maxsize=256)
def codec_for(charset: str | None) -> str | None:
    """The Python codec name for a MIME charset label, or None when it must be guessed."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    if label in _UNKNOWN or label in _ASCII:
        return None
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


# The charsets a message declares (its parts' charset parameters, its encoded-words): the
# best guess for undeclared 8-bit bytes in its headers. Set by the parser for one message,
# so the header helpers need no extra argument on every call.
declared_charsets: ContextVar[tuple[str, ...]] = ContextVar("declared_charsets", default=())
# Tried after UTF-8 and the declared charsets: the East Asian encodings mailers most often
# write without a label, and Windows-1252 last (it decodes any byte).
_CJK_GUESSES = ("cp932", "gb18030")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A single high byte between ASCII letters is Latin text ("M\xfcller"), not a double-byte pair.
# (The letter before must not itself be the trail byte of a pair, as in Shift_JIS "\x83X".)
_LATIN_SHAPE = re.compile(rb"(?<![\x80-\xff])[A-Za-z][\x80-\xff][a-z]")
_JIS_START = re.compile(rb"\x1b\$[@B]")


def guess_decode(data: bytes, hints: tuple[str, ...] | None = None) -> str:
    """Decode bytes of unknown charset, never raising: UTF-8 when valid, then the charsets the
    message declares (`hints`, default `declared_charsets`), Shift_JIS and GB18030 when the
    bytes look like them, Windows-1252 last."""
    if data.isascii() and _JIS_START.search(data):
        return _jis_as_cp932(data)  # ISO-2022-JP is 7-bit: only its escapes give it away
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for label in declared_charsets.get() if hints is None else hints:
        codec = codec_for(label)
        if codec and not codec.startswith(("utf_8", "iso2022")):
            with contextlib.suppress(UnicodeDecodeError, LookupError):
                return data.decode(codec)
    if not _LATIN_SHAPE.search(data):
        for codec in _CJK_GUESSES:
            with contextlib.suppress(UnicodeDecodeError):
                text = data.decode(codec)
                if _mostly_cjk(text):
                    return text
    return data.decode("cp1252", errors="replace")


def _mostly_cjk(text: str) -> bool:
    wide = [c for c in text if ord(c) > 0x7F]
    return bool(wide) and sum(1 for c in wide if _CJK.match(c)) >= 0.9 * len(wide)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode `data` with the declared charset; never raises.

    A declared charset that does not fit the bytes falls back to UTF-8 (the usual truth),
    then to the declared charset with replacement characters.
    """
    codec = codec_for(charset)
    if codec is None:
        return guess_decode(data)
    if codec.startswith("iso2022") and not data.isascii():
        return guess_decode(data)  # a 7-bit label on 8-bit bytes (often Shift_JIS): a lie
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        pass
    except Exception:  # some codecs raise odd errors on hostile input
        return guess_decode(data)
    if codec.startswith("iso2022_jp"):
        return _jis_as_cp932(data)
    if not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(codec, errors="replace")
    except Exception:
        return guess_decode(data)


_JIS_ESCAPE = re.compile(rb"\x1b(\$[@B]|\([BJ])")


def _jis_as_cp932(data: bytes) -> str:
    """ISO-2022-JP with the vendor extensions Windows writes (circled digits, №...):
    decode it by shifting the JIS X 0208 pairs to Shift_JIS and reading that as CP932."""
    out = bytearray()
    double_byte = False
    for index, chunk in enumerate(_JIS_ESCAPE.split(data)):
        if index % 2 == 1:  # the captured escape sequence
            double_byte = chunk.startswith(b"$")
            continue
        if not double_byte:
            out += chunk
            continue
        for first, second in zip(chunk[::2], chunk[1::2], strict=False):
            lead = ((first + 1) >> 1) + (0x70 if first < 0x5F else 0xB0)
            trail = second + (0x1F if first & 1 else 0x7E)
            if first & 1 and trail >= 0x7F:
                trail += 1
            out += bytes((lead & 0xFF, trail & 0xFF))
    return out.decode("cp932", errors="replace")
