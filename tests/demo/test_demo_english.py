"""The demo's English texts read as English mail: after "Hello {first}," and a blank line
the next sentence starts with a capital (German goes on in lower case after "Hallo …,")."""

import re

from fairdesk.demo.content import BUSINESSES
from fairdesk.demo.content.common import QUESTIONS

# A greeting line, a blank line, and the first letter after it.
AFTER_GREETING = re.compile(r"^[^\n,]{1,40},\n\n(\w)")


def _english_texts() -> list[str]:
    found = list(QUESTIONS["en"])
    for business in BUSINESSES:
        for scenario in business.scenarios:
            texts = scenario.texts("en")
            found += [*texts.openings, *texts.answers, *texts.follow_ups, *texts.resolutions]
    return found


def test_english_demo_mail_starts_its_first_sentence_in_capitals():
    greeted = [(text, m.group(1)) for text in _english_texts() if (m := AFTER_GREETING.match(text))]
    assert len(greeted) > 30
    assert [text for text, first in greeted if first.islower()] == []


def test_german_demo_mail_goes_on_after_the_greeting_in_lower_case_where_it_should():
    german = [text for text in QUESTIONS["de"] if AFTER_GREETING.match(text)]
    assert all(AFTER_GREETING.match(text).group(1).islower() for text in german)
