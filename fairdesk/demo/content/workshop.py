"""Demo texts of a car workshop: appointments, repairs and estimates, complaints."""

from fairdesk.demo.content.base import Business, Scenario, Texts

APPOINTMENT = Scenario(
    key="workshop-appointment",
    business="workshop",
    category="Werkstatt > Termin",
    phone_likely=True,
    de=Texts(
        subjects=("Termin für Inspektion", "Reifenwechsel – Termin frei?"),
        openings=(
            "Hallo,\n\nich bräuchte einen Termin für die große Inspektion, Kennzeichen {plate}. "
            "Am liebsten vormittags, dann bringe ich das Auto vor der Arbeit.\n\n{name}",
            "Guten Tag,\n\nhaben Sie nächste Woche einen Termin zum Wechsel auf Winterreifen? "
            "Die Reifen lagern bei Ihnen. Kennzeichen {plate}.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nwir haben am {day} um 8:00 Uhr einen Termin für Sie eingetragen. "
            "Die Arbeit dauert etwa drei Stunden; einen Ersatzwagen können wir stellen.",
        ),
        follow_ups=("Passt, ich bin um 8 Uhr da. Brauchen Sie den Fahrzeugschein?",),
        resolutions=("Inspektion erledigt, das Auto steht abholbereit auf Platz 4.",),
    ),
    en=Texts(
        subjects=("Booking a service", "Tyre change – any free slot?"),
        openings=(
            "Hello,\n\nI need an appointment for the major service, plate {plate}. Mornings "
            "would be best, I can drop the car off before work.\n\n{name}",
            "Hi,\n\nDo you have a slot next week to switch to winter tyres? You store my tyres. "
            "Plate {plate}.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nWe have booked you in on {day} at 8:00. The work takes about "
            "three hours; we can give you a courtesy car.",
        ),
        follow_ups=("Great, I'll be there at 8. Do you need the registration papers?",),
        resolutions=("Service done; your car is ready for collection in bay 4.",),
    ),
)

REPAIR = Scenario(
    key="workshop-repair",
    business="workshop",
    category="Werkstatt > Reparatur",
    handoff_team="Technik",
    de=Texts(
        subjects=("Motorkontrollleuchte an", "Quietschen beim Bremsen", "Klimaanlage kühlt nicht"),
        openings=(
            "Hallo,\n\nseit gestern leuchtet die gelbe Motorkontrollleuchte, das Auto zieht "
            "schlechter. Kennzeichen {plate}. Kann ich noch fahren?\n\n{name}",
            "Guten Tag,\n\nbeim Bremsen quietscht es vorne links laut. Können Sie sich das "
            "ansehen? {plate}\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nbitte fahren Sie nur noch kurze Strecken. Bringen Sie das Auto "
            "gern morgen früh vorbei, wir lesen den Fehlerspeicher aus.",
        ),
        follow_ups=("Was kostet die Reparatur ungefähr? Ich brauche vorher einen Preis.",),
        diagnostics=(
            ("Fehlerspeicher ausgelesen", "P0300 Zündaussetzer, Zylinder 3"),
            ("Zündkerzen und Zündspule Zylinder 3", "Zündspule defekt"),
            ("Bremsbeläge vorne gemessen", "Links 2 mm, rechts 4 mm, Scheiben riefig"),
        ),
        handoff_notes=(
            "Fehlerspeicher ausgelesen, Zündspule Zyl. 3 defekt. Kostenvoranschlag {amount} € "
            "ist freigegeben, bitte Teil bestellen und einplanen.",
        ),
        resolutions=(
            "Hallo {first},\n\ndie Reparatur ist fertig, die Kontrollleuchte ist aus. Rechnung "
            "über {amount} € liegt bei Abholung bereit.",
        ),
    ),
    en=Texts(
        subjects=("Engine warning light on", "Brakes squeal", "Air conditioning not cooling"),
        openings=(
            "Hello,\n\nSince yesterday the yellow engine light is on and the car pulls less. "
            "Plate {plate}. Is it safe to drive?\n\n{name}",
            "Hi,\n\nThe front left brake squeals loudly. Could you take a look? {plate}\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nPlease only drive short distances. Bring the car in tomorrow "
            "morning and we will read the fault memory.",
        ),
        follow_ups=("Roughly how much will the repair cost? I need a price first.",),
        diagnostics=(
            ("Read the fault memory", "P0300 misfire, cylinder 3"),
            ("Spark plugs and ignition coil cylinder 3", "Ignition coil faulty"),
            ("Measured front brake pads", "Left 2 mm, right 4 mm, discs scored"),
        ),
        handoff_notes=(
            "Fault memory read, ignition coil cyl. 3 faulty. Estimate of {amount} € approved, "
            "please order the part and schedule the job.",
        ),
        resolutions=(
            "Hello {first},\n\nThe repair is done and the warning light is off. The invoice for "
            "{amount} € is ready when you collect the car.",
        ),
    ),
)

COMPLAINT = Scenario(
    key="workshop-complaint",
    business="workshop",
    category="Werkstatt > Reklamation",
    handoff_team="Technik",
    de=Texts(
        subjects=("Nach Reparatur wieder dasselbe Geräusch", "Reklamation Rechnung {contract}"),
        openings=(
            "Hallo,\n\nich habe das Auto letzte Woche abgeholt, und das Klackern vorne rechts "
            "ist schon wieder da. Bezahlt habe ich {amount} €.\n\n{name}, {plate}",
        ),
        answers=(
            "Hallo {first},\n\ndas tut uns leid. Bringen Sie das Auto bitte noch einmal vorbei; "
            "die Nachbesserung ist für Sie selbstverständlich kostenlos.",
        ),
        diagnostics=(("Probefahrt mit Meister", "Koppelstange vorne rechts ausgeschlagen"),),
        handoff_notes=(
            "Nachbesserung auf Gewährleistung, Koppelstange vorne rechts. Kunde ist verärgert, "
            "bitte heute noch erledigen.",
        ),
        resolutions=("Die Koppelstange ist getauscht, das Geräusch ist weg. Ohne Kosten für Sie.",),
    ),
    en=Texts(
        subjects=("Same noise again after the repair", "Complaint about invoice {contract}"),
        openings=(
            "Hello,\n\nI collected the car last week and the knocking at the front right is "
            "back already. I paid {amount} €.\n\n{name}, {plate}",
        ),
        answers=(
            "Hello {first},\n\nWe are sorry. Please bring the car in once more; the rework is "
            "of course free of charge.",
        ),
        diagnostics=(("Test drive with the foreman", "Front right drop link worn"),),
        handoff_notes=(
            "Warranty rework, front right drop link. Customer is upset, please finish today.",
        ),
        resolutions=("The drop link is replaced and the noise is gone, at no cost to you.",),
    ),
)

WORKSHOP = Business(
    key="workshop",
    categories=(
        ("Werkstatt", "Werkstatt", False),
        ("Werkstatt > Termin", "Werkstatt", False),
        ("Werkstatt > Reparatur", "Werkstatt", True),
        ("Werkstatt > Reklamation", "Werkstatt", False),
    ),
    scenarios=(APPOINTMENT, REPAIR, COMPLAINT),
)
