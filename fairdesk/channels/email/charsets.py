"""Turning bytes in a declared (often wrong or unknown) charset into text without failing."""

from __future__ import annotations

import codecs
import re
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


def guess_decode(data: bytes) -> str:
    """Decode bytes of unknown charset: UTF-8 when valid, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode `data` with the declared charset; never raises.

    A declared charset that does not fit the bytes falls back to UTF-8 (the usual truth),
    then to the declared charset with replacement characters.
    """
    codec = codec_for(charset)
    if codec is None:
        return guess_decode(data)
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
