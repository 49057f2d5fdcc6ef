"""The pure scrubbing rules: a string that mentions the person goes, at any depth."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairdesk.privacy.scrub import ERASED, mentions, needles_of, scrub

NEEDLES = needles_of(name="Zora Zufall", emails=["Zora@Example.org"], phone="")


def test_needles_are_lower_cased_and_empty_ones_left_out():
    assert NEEDLES == ("zora zufall", "zora@example.org")


def test_scrub_replaces_mentions_inside_json():
    value = {"from": "ZORA@example.org", "n": 3, "list": ["ok", "Hallo Zora Zufall!"], "x": None}
    assert scrub(value, NEEDLES) == {"from": ERASED, "n": 3, "list": ["ok", ERASED], "x": None}
    assert scrub(b"mail to zora@example.org", NEEDLES) == b""


texts = st.text(max_size=20) | st.builds(
    "{}{}{}".format,
    st.text(max_size=5),
    st.sampled_from(["ZORA zufall", "zora@example.ORG"]),
    st.text(max_size=5),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=10,
)
slow_machine = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@slow_machine
@given(json_values)
def test_after_scrubbing_nothing_mentions_a_needle(value):
    def strings(item):
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for part in item.values():
                yield from strings(part)
        elif isinstance(item, list):
            for part in item:
                yield from strings(part)

    assert not any(mentions(text, NEEDLES) for text in strings(scrub(value, NEEDLES)))


@slow_machine
@given(json_values)
def test_scrubbing_twice_changes_nothing_more(value):
    once = scrub(value, NEEDLES)
    assert scrub(once, NEEDLES) == once
