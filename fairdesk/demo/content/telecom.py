"""Demo texts of a mobile telecom: cancellations, bills, network faults, SIM cards."""

from fairdesk.demo.content.base import Business, Scenario, Texts

CANCEL = Scenario(
    key="telecom-cancel",
    business="telecom",
    category="Mobilfunk > Vertrag > Kündigung",
    de=Texts(
        subjects=("Kündigung meines Mobilfunkvertrags", "Kündigung zum nächstmöglichen Termin"),
        openings=(
            "Sehr geehrte Damen und Herren,\n\nhiermit kündige ich meinen Vertrag {contract} "
            "zum nächstmöglichen Termin. Bitte bestätigen Sie mir das Vertragsende schriftlich."
            "\n\n{name}",
            "Hallo,\n\nich habe vor drei Wochen per Fax gekündigt und noch keine Bestätigung. "
            "Bitte bestätigen Sie die Kündigung von {contract}.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nwir bestätigen die Kündigung Ihres Vertrags {contract} zum {day}. "
            "Ihre Rufnummer können Sie bis 90 Tage nach Vertragsende mitnehmen.",
        ),
        follow_ups=("Danke. Bekomme ich die Bestätigung auch als PDF?",),
        resolutions=("Die Kündigungsbestätigung liegt Ihnen jetzt auch als PDF im Portal vor.",),
    ),
    en=Texts(
        subjects=("Cancelling my mobile contract", "Cancellation at the earliest date"),
        openings=(
            "Dear Sir or Madam,\n\nI hereby cancel my contract {contract} at the earliest "
            "possible date. Please confirm the end date in writing.\n\n{name}",
            "Hello,\n\nI cancelled by fax three weeks ago and have no confirmation yet. Please "
            "confirm the cancellation of {contract}.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nWe confirm the cancellation of your contract {contract} as of "
            "{day}. You can take your number with you up to 90 days after the contract ends.",
        ),
        follow_ups=("Thanks. Can I get the confirmation as a PDF too?",),
        resolutions=("The cancellation confirmation is now in the portal as a PDF as well.",),
    ),
)

ROAMING = Scenario(
    key="telecom-roaming-bill",
    business="telecom",
    category="Mobilfunk > Rechnung",
    de=Texts(
        subjects=("Rechnung über {amount} € – Roaming?", "Unerklärliche Kosten auf der Rechnung"),
        openings=(
            "Hallo,\n\nmeine letzte Rechnung ist {amount} € hoch, sonst zahle ich 25 €. Ich war "
            "nur in Österreich, das ist doch EU?\n\n{name}, Rufnummer 0151 {contract}",
        ),
        answers=(
            "Hallo {first},\n\ndie Kosten stammen aus Datenverbindungen über ein Schiffsnetz, "
            "das nicht zum EU-Roaming gehört. Aus Kulanz schreiben wir Ihnen den Betrag gut.",
        ),
        diagnostics=(
            ("Einzelverbindungsnachweis geprüft", "Daten über Satelliten-/Schiffsnetz am {day}"),
        ),
        resolutions=("Die Gutschrift über {amount} € steht auf Ihrer nächsten Rechnung.",),
    ),
    en=Texts(
        subjects=("Bill of {amount} € – roaming?", "Unexplained charges on my bill"),
        openings=(
            "Hello,\n\nMy last bill is {amount} €, usually I pay 25 €. I was only in Austria, "
            "that's the EU, isn't it?\n\n{name}, number 0151 {contract}",
        ),
        answers=(
            "Hello {first},\n\nThe charges come from data sessions over a maritime network, "
            "which is not part of EU roaming. As a goodwill gesture we will credit the amount.",
        ),
        diagnostics=(("Itemised bill checked", "Data over a satellite/ship network on {day}"),),
        resolutions=("The credit of {amount} € will appear on your next bill.",),
    ),
)

NO_SIGNAL = Scenario(
    key="telecom-no-signal",
    business="telecom",
    category="Mobilfunk > Störung",
    handoff_team="Technik",
    phone_likely=True,
    de=Texts(
        subjects=("Kein Netz in {city}", "Seit Tagen kein Empfang zu Hause"),
        openings=(
            "Hallo,\n\nseit Montag habe ich in {city} zu Hause kein Netz mehr, weder LTE noch "
            "5G. Andere Anbieter funktionieren bei den Nachbarn.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nin Ihrer Gegend ist eine Sendeanlage gestört. Unsere Technik "
            "arbeitet daran; wir melden uns, sobald sie wieder läuft.",
        ),
        follow_ups=("Immer noch kein Empfang. Gibt es einen Termin für die Reparatur?",),
        diagnostics=(
            ("Netzstatus am Standort", "Sendeanlage {city}-Nord seit {day} außer Betrieb"),
            ("SIM-Karte im Netz angemeldet", "Ja, letzte Anmeldung an Nachbarzelle"),
        ),
        handoff_notes=(
            "Kunde betroffen von Ausfall Sendeanlage {city}-Nord, SIM in Ordnung. Bitte Fall "
            "mit dem Störungsticket der Anlage verknüpfen.",
        ),
        resolutions=("Die Sendeanlage läuft wieder, Ihr Empfang sollte normal sein.",),
    ),
    en=Texts(
        subjects=("No signal in {city}", "No reception at home for days"),
        openings=(
            "Hello,\n\nSince Monday I have no signal at home in {city}, neither LTE nor 5G. "
            "Other networks work for my neighbours.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nA cell site in your area is faulty. Our engineers are on it; we "
            "will let you know as soon as it is back.",
        ),
        follow_ups=("Still no signal. Is there a date for the repair?",),
        diagnostics=(
            ("Network status at the location", "Cell site {city}-North down since {day}"),
            ("SIM registered in the network", "Yes, last seen on a neighbouring cell"),
        ),
        handoff_notes=(
            "Customer hit by the {city}-North cell site outage, SIM is fine. Please link the "
            "case to the site's fault ticket.",
        ),
        resolutions=("The cell site is back up; your reception should be normal again.",),
    ),
)

ESIM = Scenario(
    key="telecom-esim",
    business="telecom",
    category="Mobilfunk > SIM & Gerät",
    de=Texts(
        subjects=("eSIM lässt sich nicht aktivieren", "Neue SIM-Karte funktioniert nicht"),
        openings=(
            "Hallo,\n\nbeim Scannen des QR-Codes für die eSIM kommt nur „Code nicht mehr "
            "gültig“. Ich habe ein neues Handy und bin gerade ohne Telefon.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nder alte Code war schon verbraucht. Wir haben Ihnen einen neuen "
            "QR-Code ins Portal gelegt, er gilt 7 Tage.",
        ),
        diagnostics=(("eSIM-Profilstatus", "Profil bereits heruntergeladen, Code verbraucht"),),
        resolutions=("Die eSIM ist aktiv, Sie sind wieder erreichbar.",),
    ),
    en=Texts(
        subjects=("Cannot activate my eSIM", "New SIM card does not work"),
        openings=(
            "Hello,\n\nWhen I scan the eSIM QR code I get “code no longer valid”. I have a new "
            "phone and no working phone right now.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nThe old code had been used already. We put a new QR code in the "
            "portal for you; it is valid for 7 days.",
        ),
        diagnostics=(("eSIM profile status", "Profile already downloaded, code used up"),),
        resolutions=("The eSIM is active; you can be reached again.",),
    ),
)

TELECOM = Business(
    key="telecom",
    categories=(
        ("Mobilfunk", "Kundenservice", False),
        ("Mobilfunk > Vertrag", "Kundenservice", False),
        ("Mobilfunk > Vertrag > Kündigung", "Kundenservice", False),
        ("Mobilfunk > Rechnung", "Kundenservice", False),
        ("Mobilfunk > Störung", "Störungsannahme", True),
        ("Mobilfunk > SIM & Gerät", "Kundenservice", False),
    ),
    scenarios=(CANCEL, ROAMING, NO_SIGNAL, ESIM),
)
