"""Demo texts of an internet provider: DSL and fibre faults, moves, routers."""

from fairdesk.demo.content.base import Business, Scenario, Texts

NO_SYNC = Scenario(
    key="internet-no-sync",
    business="internet",
    category="Internet > Störung > Keine Synchronisation",
    handoff_team="Technik",
    phone_likely=True,
    de=Texts(
        subjects=(
            "Kein Internet seit gestern Abend",
            "DSL-Lampe blinkt nur noch",
            "Störung: Router bekommt keine Verbindung",
        ),
        openings=(
            "Guten Tag,\n\nseit gestern gegen 19 Uhr haben wir kein Internet mehr. Die DSL-Lampe "
            "am Router blinkt nur. Router habe ich schon zweimal neu gestartet.\n\n"
            "Vertragsnummer {contract}\n\nGruß\n{name}",
            "Hallo,\n\nbei uns in {city} geht seit heute Morgen nichts mehr, weder Internet "
            "noch Telefon. Ich arbeite im Homeoffice und brauche die Leitung dringend.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\ndanke für Ihre Meldung. Wir haben die Leitung geprüft: Ihr Router "
            "synchronisiert nicht mit unserer Technik. Ich habe den Fall an unsere Technik "
            "übergeben, Sie hören spätestens morgen von uns.",
            "Guten Tag {first},\n\nwir sehen die Störung auf Ihrer Leitung. Bitte lassen Sie den "
            "Router eingeschaltet, damit wir messen können. Wir melden uns mit einem Termin.",
        ),
        follow_ups=(
            "Gibt es schon etwas Neues? Die Leitung ist immer noch tot.",
            "Ich habe heute schon zweimal angerufen und jedes Mal dasselbe erzählt. "
            "Wann kommt denn nun ein Techniker?",
        ),
        diagnostics=(
            ("Leitungsmessung vom Port", "Keine Synchronisation, Leitung offen ab ca. 400 m"),
            ("Router-Neustart mit Kunde", "Kein Erfolg, DSL-LED blinkt weiter"),
            ("Störungen im Gebiet geprüft", "Keine Großstörung im Anschlussbereich {city}"),
            ("Kabel TAE-Dose zum Router getauscht", "Keine Änderung"),
        ),
        handoff_notes=(
            "Messung zeigt Unterbrechung ab ca. 400 m. Router-Neustart und Kabeltausch sind "
            "erledigt, bitte nicht noch einmal fragen. Technikertermin nötig.",
            "Erste Prüfung abgeschlossen (siehe Diagnose). Verdacht auf Fehler im Kabelverzweiger, "
            "bitte Außendienst beauftragen.",
        ),
        resolutions=(
            "Hallo {first},\n\nunser Techniker hat heute den Fehler im Kabelverzweiger behoben. "
            "Ihr Anschluss synchronisiert wieder mit voller Geschwindigkeit. Für die Ausfalltage "
            "schreiben wir Ihnen die Entschädigung auf der nächsten Rechnung gut.",
        ),
    ),
    en=Texts(
        subjects=(
            "No internet since last night",
            "DSL light keeps blinking",
            "Outage: router cannot connect",
        ),
        openings=(
            "Hello,\n\nSince about 7 pm yesterday we have had no internet. The DSL light on the "
            "router just blinks. I restarted the router twice already.\n\n"
            "Contract number {contract}\n\nRegards,\n{name}",
            "Hi,\n\nNothing works here in {city} since this morning, neither internet nor phone. "
            "I work from home and need the line urgently.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nThank you for reporting this. We tested your line: your router "
            "does not sync with our equipment. I have passed the case to our engineers; you will "
            "hear from us by tomorrow at the latest.",
            "Dear {first},\n\nWe can see the fault on your line. Please leave the router switched "
            "on so that we can measure. We will get back to you with an appointment.",
        ),
        follow_ups=(
            "Any news? The line is still dead.",
            "I have called twice today and told the same story each time. When will a "
            "technician come?",
        ),
        diagnostics=(
            ("Line test from the port", "No sync, line open at about 400 m"),
            ("Router restart with the customer", "No change, DSL LED still blinking"),
            ("Checked for area outages", "No major outage in {city}"),
            ("Swapped the cable from wall socket to router", "No change"),
        ),
        handoff_notes=(
            "Line test shows a break at about 400 m. Router restart and cable swap are done, "
            "please do not ask again. Needs a technician visit.",
            "First-level checks done (see diagnostics). Suspect a fault in the street cabinet, "
            "please dispatch field service.",
        ),
        resolutions=(
            "Hello {first},\n\nOur technician fixed the fault in the street cabinet today. Your "
            "line syncs again at full speed. We will credit the compensation for the days "
            "without service on your next bill.",
        ),
    ),
)

SLOW = Scenario(
    key="internet-slow",
    business="internet",
    category="Internet > Störung > Langsame Verbindung",
    handoff_team="Technik",
    de=Texts(
        subjects=("Internet viel zu langsam", "Nur 12 statt 100 Mbit/s", "Abends ständig Abbrüche"),
        openings=(
            "Hallo,\n\nich bezahle für 100 Mbit/s, der Speedtest zeigt seit Wochen nur um die "
            "12 Mbit/s. Per LAN-Kabel gemessen, nicht WLAN.\n\n{name}, Vertrag {contract}",
            "Guten Abend,\n\njeden Abend zwischen 20 und 22 Uhr bricht die Verbindung mehrmals "
            "ab. Videokonferenzen sind so unmöglich.\n\nMfG {name}",
        ),
        answers=(
            "Hallo {first},\n\ndanke für die Messwerte. Wir haben die Leitung über 24 Stunden "
            "aufgezeichnet und schauen uns die Werte an. Bitte lassen Sie den Router "
            "eingeschaltet.",
        ),
        follow_ups=("Heute Abend wieder drei Abbrüche, Uhrzeiten: 20:14, 20:52, 21:30.",),
        diagnostics=(
            ("24-Stunden-Leitungsaufzeichnung", "Viele CRC-Fehler zwischen 19 und 23 Uhr"),
            ("Synchronisationsrate am Port", "Sync bei 16 Mbit/s, Profil 100 Mbit/s"),
            ("Firmware des Routers", "Aktuell, kein Update nötig"),
        ),
        handoff_notes=(
            "Aufzeichnung zeigt Störeinflüsse abends. Profil und Firmware geprüft. Bitte Port "
            "wechseln oder Leitung vor Ort messen lassen.",
        ),
        resolutions=(
            "Hallo {first},\n\nwir haben Ihren Anschluss auf einen neuen Port gelegt. Die "
            "Leitung synchronisiert jetzt mit 100 Mbit/s und ist seit zwei Tagen stabil.",
        ),
    ),
    en=Texts(
        subjects=("Internet far too slow", "Only 12 instead of 100 Mbit/s", "Drops every evening"),
        openings=(
            "Hello,\n\nI pay for 100 Mbit/s, but speed tests have shown around 12 Mbit/s for "
            "weeks. Measured over a LAN cable, not Wi-Fi.\n\n{name}, contract {contract}",
            "Good evening,\n\nEvery evening between 8 and 10 pm the connection drops several "
            "times. Video calls are impossible like this.\n\nRegards, {name}",
        ),
        answers=(
            "Hello {first},\n\nThanks for the measurements. We are recording your line for 24 "
            "hours and will look at the figures. Please keep the router switched on.",
        ),
        follow_ups=("Three more drops tonight, at 20:14, 20:52 and 21:30.",),
        diagnostics=(
            ("24-hour line recording", "Many CRC errors between 7 and 11 pm"),
            ("Sync rate at the port", "Syncs at 16 Mbit/s, profile is 100 Mbit/s"),
            ("Router firmware", "Up to date, no update needed"),
        ),
        handoff_notes=(
            "Recording shows interference in the evenings. Profile and firmware checked. Please "
            "move the port or measure on site.",
        ),
        resolutions=(
            "Hello {first},\n\nWe moved your line to a new port. It now syncs at 100 Mbit/s and "
            "has been stable for two days.",
        ),
    ),
)

MOVE = Scenario(
    key="internet-move",
    business="internet",
    category="Internet > Anschluss > Umzug",
    de=Texts(
        subjects=("Umzug am {day}", "Anschluss mitnehmen in neue Wohnung"),
        openings=(
            "Hallo,\n\nwir ziehen am {day} nach {city} um. Können wir den Anschluss mitnehmen, "
            "und ab wann läuft er in der neuen Wohnung?\n\n{name}, Vertrag {contract}",
        ),
        answers=(
            "Hallo {first},\n\nan Ihrer neuen Adresse ist der gleiche Tarif verfügbar. Wir "
            "schalten den Anschluss zum {day} um; den Termin bestätigen wir Ihnen noch einmal "
            "schriftlich.",
        ),
        follow_ups=("Brauchen Sie noch die Wohnungsnummer? Es ist die 3. Etage links.",),
        resolutions=("Die Umschaltung ist erledigt, der Anschluss in {city} ist aktiv.",),
    ),
    en=Texts(
        subjects=("Moving house on {day}", "Take my line to the new flat"),
        openings=(
            "Hello,\n\nWe are moving to {city} on {day}. Can we take the line with us, and from "
            "when will it work in the new flat?\n\n{name}, contract {contract}",
        ),
        answers=(
            "Hello {first},\n\nThe same plan is available at your new address. We will switch "
            "the line over on {day} and confirm the date in writing.",
        ),
        follow_ups=("Do you need the flat number? It is the 3rd floor, left.",),
        resolutions=("The switch-over is done; your line in {city} is live.",),
    ),
)

ROUTER_RETURN = Scenario(
    key="internet-router-return",
    business="internet",
    category="Internet > Router > Rücksendung",
    de=Texts(
        subjects=(
            "Router nach Kündigung zurückschicken",
            "Mahnung für Router, den ich längst zurückgeschickt habe",
        ),
        openings=(
            "Guten Tag,\n\nmein Vertrag endet zum Monatsende. Wohin schicke ich den Mietrouter, "
            "und bekomme ich ein Rücksendeetikett?\n\n{name}",
            "Hallo,\n\nich soll {amount} € für den Router zahlen, dabei habe ich ihn vor sechs "
            "Wochen zurückgeschickt. Der Einlieferungsbeleg hängt an.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nanbei Ihr Rücksendeetikett. Bitte schicken Sie den Router mit "
            "Netzteil innerhalb von 14 Tagen nach Vertragsende zurück.",
            "Hallo {first},\n\nder Router ist bei uns eingegangen, die Forderung ist "
            "storniert. Entschuldigen Sie bitte den Ärger.",
        ),
        resolutions=("Der Router ist eingegangen und geprüft, es ist nichts mehr offen.",),
    ),
    en=Texts(
        subjects=(
            "Returning the router after cancelling",
            "Reminder for a router I returned long ago",
        ),
        openings=(
            "Hello,\n\nMy contract ends at the end of the month. Where do I send the rented "
            "router, and do I get a return label?\n\n{name}",
            "Hi,\n\nYou are asking me to pay {amount} € for the router, but I sent it back six "
            "weeks ago. The postal receipt is attached.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nPlease find your return label attached. Send the router with its "
            "power supply within 14 days of the end of the contract.",
            "Hello {first},\n\nThe router has arrived; the charge is cancelled. Sorry for the "
            "trouble.",
        ),
        resolutions=("The router has arrived and been checked; nothing is outstanding.",),
    ),
)

BILL = Scenario(
    key="internet-bill",
    business="internet",
    category="Internet > Rechnung",
    de=Texts(
        subjects=("Rechnung doppelt abgebucht", "Falscher Tarif auf der Rechnung"),
        openings=(
            "Hallo,\n\ndiesen Monat wurden {amount} € zweimal abgebucht. Bitte erstatten Sie "
            "den doppelten Betrag.\n\n{name}, Kundennummer {contract}",
        ),
        answers=(
            "Hallo {first},\n\nSie haben recht, die Lastschrift lief doppelt. Wir erstatten "
            "{amount} € innerhalb von fünf Werktagen auf Ihr Konto.",
        ),
        resolutions=("Die Erstattung über {amount} € ist heute rausgegangen.",),
    ),
    en=Texts(
        subjects=("Bill charged twice", "Wrong plan on my bill"),
        openings=(
            "Hello,\n\n{amount} € was debited twice this month. Please refund the duplicate.\n\n"
            "{name}, customer number {contract}",
        ),
        answers=(
            "Hello {first},\n\nYou are right, the direct debit ran twice. We will refund "
            "{amount} € to your account within five business days.",
        ),
        resolutions=("The refund of {amount} € went out today.",),
    ),
)

INTERNET = Business(
    key="internet",
    categories=(
        ("Internet", "Störungsannahme", False),
        ("Internet > Störung", "Störungsannahme", True),
        ("Internet > Störung > Keine Synchronisation", "Störungsannahme", True),
        ("Internet > Störung > Langsame Verbindung", "Störungsannahme", True),
        ("Internet > Anschluss", "Kundenservice", False),
        ("Internet > Anschluss > Umzug", "Kundenservice", False),
        ("Internet > Router", "Versand & Retouren", False),
        ("Internet > Router > Rücksendung", "Versand & Retouren", False),
        ("Internet > Rechnung", "Kundenservice", False),
    ),
    scenarios=(NO_SYNC, SLOW, MOVE, ROUTER_RETURN, BILL),
)
