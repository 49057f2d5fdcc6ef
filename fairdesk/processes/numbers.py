"""Return numbers such as RT-0001234-5: the last digit is a check digit, so a number typed
or scanned wrong is told apart from one that does not exist (no Django)."""

import re

PREFIX = "RT"
_PATTERN = re.compile(r"^RT-?(\d{7})-?(\d)$")
_WEIGHTS = (7, 3, 1)


class BadNumber(ValueError):
    """Not the shape of a return number, or its check digit does not match."""


def check_digit(digits: str) -> int:
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(digits))
    return total % 10


def format_return_number(sequence: int) -> str:
    digits = f"{sequence:07d}"
    return f"{PREFIX}-{digits}-{check_digit(digits)}"


def parse_return_number(text: str) -> str:
    """The number in its one spelling; BadNumber says what is wrong with a mistyped one."""
    cleaned = re.sub(r"\s+", "", text or "").upper()
    match = _PATTERN.match(cleaned)
    if match is None:
        raise BadNumber("shape")
    digits, check = match.groups()
    if check_digit(digits) != int(check):
        raise BadNumber("check")
    return f"{PREFIX}-{digits}-{check}"
