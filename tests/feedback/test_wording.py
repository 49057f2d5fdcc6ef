"""The wording check as a table: leading text refused with its reason, neutral text passes."""

import pytest

from fairdesk.feedback.wording import Reason, is_rating_request, problems

LEADING = [
    ("Please rate us 5 stars!", Reason.ASKS_FOR_MARK),
    ("Give us a 10 if you were happy.", Reason.ASKS_FOR_MARK),
    ("We hope you'll give us top marks.", Reason.ASKS_FOR_MARK),
    ("Bitte bewerten Sie uns mit sehr gut.", Reason.ASKS_FOR_MARK),
    ("Wir freuen uns über 5 Sterne.", Reason.ASKS_FOR_MARK),
    ("Geben Sie uns die Bestnote!", Reason.ASKS_FOR_MARK),
    ("How excellent was our service?", Reason.SUPERLATIVE),
    ("Wie hervorragend war unser Service?", Reason.SUPERLATIVE),
    ("Only a 5 counts for us, anything below is a fail.", Reason.MARK_COUNTS),
    ("Alles unter sehr gut zählt bei uns als schlecht.", Reason.MARK_COUNTS),
    ("Answer and win a voucher!", Reason.INCENTIVE),
    ("Unter allen Antworten verlosen wir einen Gutschein.", Reason.INCENTIVE),
    ("It would mean a lot to me, my bonus depends on it.", Reason.PLEADING),
    ("Es würde mir sehr viel bedeuten.", Reason.PLEADING),
    ("How satisfied are you with Ada's help?", Reason.AGENT_NAME),
    # Asking for a good answer without naming a number is asking for a particular mark.
    ("We'd really appreciate a great rating.", Reason.ASKS_FOR_MARK),
    ("A positive review in the survey would help us.", Reason.ASKS_FOR_MARK),
    ("Wir würden uns sehr über eine gute Bewertung freuen.", Reason.ASKS_FOR_MARK),
    ("Über eine positive Rückmeldung in der Umfrage freuen wir uns.", Reason.ASKS_FOR_MARK),
    # Saying what a low mark does explains which mark counts.
    ("Any score below 5 hurts our team.", Reason.MARK_COUNTS),
    ("Jede Bewertung unter 5 schadet unserem Team.", Reason.MARK_COUNTS),
    ("Eine Note unter fünf Sternen wird als Beschwerde gewertet.", Reason.MARK_COUNTS),
]

NEUTRAL = [
    "How satisfied are you with how your request was handled?",
    "How easy was it to get your request handled?",
    "Is there anything you would like to tell us?",
    "Wie zufrieden sind Sie mit der Bearbeitung Ihres Anliegens?",
    "Wie einfach war es, Ihr Anliegen erledigt zu bekommen?",
    "Möchten Sie uns noch etwas mitteilen?",
    "Bitte bestätigen Sie den Termin.",  # "best" inside a word is no superlative
    "Please rate your experience on a scale from 1 to 5.",
    "Good or bad, every answer helps us equally.",
    "Gute wie schlechte Rückmeldungen helfen uns gleich viel.",
    "Ihr Router ist in unter 5 Tagen bei Ihnen.",
    "It takes less than 5 minutes.",
]


@pytest.mark.parametrize(("text", "reason"), LEADING)
def test_leading_wording_is_refused_with_its_reason(text, reason):
    found = problems(text, names=["Ada", "Ada Agent"])
    assert reason in [problem.reason for problem in found], found


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_wording_passes(text):
    assert problems(text, names=["Ada", "Ben"]) == []


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("How would you rate our help? Take the survey.", True),
        ("Über eine Bewertung freuen wir uns.", True),
        ("Your router ships tomorrow.", False),
        ("Ihr Router wird morgen verschickt.", False),
    ],
)
def test_replies_asking_for_a_rating_are_recognised(text, asks):
    assert is_rating_request(text) is asks
