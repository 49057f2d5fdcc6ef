"""Texts every business shares: people's names, places, thanks, questions and notes."""

FIRST_NAMES = {
    "de": (
        "Anna",
        "Jürgen",
        "Sabine",
        "Mehmet",
        "Katrin",
        "Stefan",
        "Petra",
        "Uwe",
        "Leonie",
        "Dirk",
        "Aylin",
        "Monika",
        "Thomas",
        "Birgit",
        "Florian",
        "Ewa",
        "Jörg",
        "Svenja",
    ),
    "en": (
        "Emily",
        "James",
        "Sophie",
        "Daniel",
        "Olivia",
        "Michael",
        "Grace",
        "Tom",
        "Priya",
        "Ryan",
        "Chloe",
        "Liam",
        "Hannah",
        "Marco",
        "Zoe",
        "Patrick",
    ),
}
LAST_NAMES = {
    "de": (
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Becker",
        "Yılmaz",
        "Hoffmann",
        "Schäfer",
        "Koch",
        "Richter",
        "Wolf",
        "Kowalski",
        "Neumann",
        "Braun",
        "Zimmermann",
    ),
    "en": (
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Wilson",
        "Evans",
        "Walsh",
        "Patel",
        "Murphy",
        "Clarke",
        "Hughes",
        "O'Brien",
        "Kelly",
        "Reid",
    ),
}
CITIES = (
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Leipzig",
    "Dresden",
    "Bremen",
    "Mainz",
    "Freiburg",
    "Kassel",
    "Rostock",
    "Augsburg",
)

THANKS = {
    "de": (
        "Danke, jetzt funktioniert alles wieder.",
        "Vielen Dank für die schnelle Hilfe!",
        "Alles klar, danke. Damit ist das für mich erledigt.",
    ),
    "en": (
        "Thanks, everything works again now.",
        "Many thanks for the quick help!",
        "All good, thank you. That settles it for me.",
    ),
}

QUESTIONS = {
    "de": (
        "Hallo {first},\n\nkönnen Sie uns bitte noch ein Foto bzw. einen Screenshot schicken? "
        "Dann können wir weitermachen.",
        "Hallo {first},\n\nwann sind Sie gut telefonisch erreichbar? Wir möchten ein paar "
        "Dinge direkt mit Ihnen durchgehen.",
    ),
    "en": (
        "Hello {first},\n\nCould you send us a photo or a screenshot, please? Then we can "
        "carry on.",
        "Hello {first},\n\nWhen can we best reach you by phone? We would like to go through "
        "a few things with you directly.",
    ),
}

ANSWERS_TO_QUESTIONS = {
    "de": ("Foto hängt an.", "Am besten ab 17 Uhr unter der bekannten Nummer."),
    "en": ("Photo attached.", "Best after 5 pm on the number you have."),
}

CALL_NOTES = {
    "de": (
        "Kunde angerufen, Sachstand erklärt. Kunde ist einverstanden mit dem weiteren Vorgehen.",
        "Rückruf wie versprochen: Termin und nächste Schritte besprochen.",
    ),
    "en": (
        "Called the customer and explained where things stand. Customer agrees with the plan.",
        "Called back as promised: agreed the appointment and next steps.",
    ),
}

# Internal notes are written in the desk's working language (German), whatever the customer's.
NOTES = (
    "Kunde hat schon zweimal angerufen, bitte heute noch melden.",
    "Vorgang mit dem Partner abgestimmt, warten auf Rückmeldung.",
    "Kulanz mit Teamleitung abgesprochen.",
    "Doppelte Meldung, gleiche Sache wie im verknüpften Fall.",
)

SIGNATURES = {"de": "\n\nViele Grüße\n{agent}", "en": "\n\nKind regards,\n{agent}"}
