"""Whether two phone numbers are one line, as fairdesk keeps them (`normalise_phone`: digits
with a leading "+" when given). No Django: table tests in tests/everyday/test_new_case.py."""


def _written(number: str) -> tuple[str, str]:
    """How a kept number is written, and its digits after the prefix that says so."""
    if number.startswith("+"):
        return "international", number[1:]
    if number.startswith("00"):
        return "international", number[2:]
    if number.startswith("0"):
        return "national", number[1:]  # the trunk 0 ("030 …" in Germany)
    return "plain", number


def same_number(one: str, other: str) -> bool:
    """Whether two kept numbers (normalise_phone) are one line: the same digits, or one
    written nationally ("0301234567") and one with its country code ("+49301234567")."""
    (how, digits), (other_how, other_digits) = _written(one), _written(other)
    if how == other_how:
        return digits == other_digits
    if {how, other_how} != {"national", "international"}:
        return False
    national, international = (
        (digits, other_digits) if how == "national" else (other_digits, digits)
    )
    country_code = len(international) - len(national)
    return len(national) >= 6 and 1 <= country_code <= 3 and international.endswith(national)
