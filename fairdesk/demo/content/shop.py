"""Demo texts of a web shop: orders, deliveries, returns and complaints."""

from fairdesk.demo.content.base import Business, Scenario, Texts

DELIVERY = Scenario(
    key="shop-delivery",
    business="shop",
    category="Shop > Lieferung",
    handoff_team="Versand & Retouren",
    de=Texts(
        subjects=("Bestellung {order} nicht angekommen", "Wo bleibt meine Lieferung?"),
        openings=(
            "Hallo,\n\nich habe vor zehn Tagen bestellt (Bestellung {order}) und noch keine "
            "Versandbestätigung bekommen. Eine Bestellbestätigung kam auch nicht.\n\n{name}",
            "Guten Tag,\n\nlaut Sendungsverfolgung wurde mein Paket zugestellt, bei mir ist "
            "aber nichts angekommen. Bestellung {order}.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\nIhre Bestellung {order} hing in der Zahlungsprüfung. Sie ist "
            "jetzt freigegeben und geht heute raus; die Sendungsnummer folgt per Mail.",
            "Hallo {first},\n\nwir haben einen Nachforschungsauftrag beim Paketdienst gestellt. "
            "Das dauert bis zu sieben Tage; wir melden uns mit dem Ergebnis.",
        ),
        follow_ups=("Heute ist immer noch nichts da. Können Sie einfach neu schicken?",),
        diagnostics=(
            ("Sendungsstatus beim Paketdienst", "Zugestellt an Nachbarn, Unterschrift unleserlich"),
            ("Zahlungsstatus der Bestellung", "Zahlung eingegangen, Freigabe fehlte"),
        ),
        handoff_notes=(
            "Paket laut Dienstleister zugestellt, Kunde hat nichts. Bitte Nachforschung und "
            "ggf. Ersatzlieferung veranlassen.",
        ),
        resolutions=("Die Ersatzlieferung zu {order} ist heute zugestellt worden.",),
    ),
    en=Texts(
        subjects=("Order {order} never arrived", "Where is my delivery?"),
        openings=(
            "Hello,\n\nI ordered ten days ago (order {order}) and have not had a shipping "
            "confirmation. No order confirmation either.\n\n{name}",
            "Hi,\n\nTracking says my parcel was delivered, but nothing arrived here. Order "
            "{order}.\n\n{name}",
        ),
        answers=(
            "Hello {first},\n\nYour order {order} was stuck in the payment check. It is released "
            "now and ships today; the tracking number follows by email.",
            "Hello {first},\n\nWe have opened a trace with the carrier. It takes up to seven "
            "days; we will tell you the result.",
        ),
        follow_ups=("Still nothing today. Can't you just send it again?",),
        diagnostics=(
            ("Carrier tracking status", "Delivered to a neighbour, signature unreadable"),
            ("Payment status of the order", "Payment received, release was missing"),
        ),
        handoff_notes=(
            "Carrier says delivered, customer has nothing. Please open a trace and send a "
            "replacement if needed.",
        ),
        resolutions=("The replacement for {order} was delivered today.",),
    ),
)

RETURN = Scenario(
    key="shop-return",
    business="shop",
    category="Shop > Retoure",
    de=Texts(
        subjects=("Retoure {order} – wann kommt mein Geld?", "Rücksendung Jacke zu klein"),
        openings=(
            "Hallo,\n\nich habe die Jacke aus Bestellung {order} vor drei Wochen zurückgeschickt. "
            "Die Erstattung über {amount} € ist noch nicht da.\n\n{name}",
            "Hallo,\n\ndie Schuhe sind zu klein. Bitte schicken Sie mir ein Retourenetikett.\n\n"
            "Bestellung {order}, {name}",
        ),
        answers=(
            "Hallo {first},\n\ndie Rücksendung ist bei uns eingegangen und geprüft. Die "
            "Erstattung über {amount} € ist angewiesen.",
            "Hallo {first},\n\nim Kundenkonto finden Sie jetzt Ihr Retourenetikett. Die "
            "Rücksendung ist für Sie kostenlos.",
        ),
        diagnostics=(("Wareneingangsprüfung Retoure", "Artikel ungetragen, Etikett dran"),),
        resolutions=("Erstattung gebucht, der Betrag ist in 2–3 Tagen auf Ihrem Konto.",),
    ),
    en=Texts(
        subjects=(
            "Return {order} – when do I get my money?",
            "Returning a jacket that is too small",
        ),
        openings=(
            "Hello,\n\nI sent back the jacket from order {order} three weeks ago. The refund of "
            "{amount} € has not arrived.\n\n{name}",
            "Hi,\n\nThe shoes are too small. Please send me a return label.\n\nOrder {order}, "
            "{name}",
        ),
        answers=(
            "Hello {first},\n\nYour return has arrived and been checked. The refund of {amount} € "
            "is on its way.",
            "Hello {first},\n\nYou will find your return label in your account now. Returns are "
            "free of charge.",
        ),
        diagnostics=(("Returned goods inspection", "Item unworn, tags attached"),),
        resolutions=("Refund booked; the money will be in your account in 2–3 days.",),
    ),
)

DEFECT = Scenario(
    key="shop-defect",
    business="shop",
    category="Shop > Reklamation",
    handoff_team="Versand & Retouren",
    de=Texts(
        subjects=("Kaffeemaschine nach zwei Wochen defekt", "Ware beschädigt angekommen"),
        openings=(
            "Hallo,\n\ndie Kaffeemaschine aus Bestellung {order} pumpt nach zwei Wochen kein "
            "Wasser mehr. Fotos hänge ich an. Ich möchte Ersatz.\n\n{name}",
            "Guten Tag,\n\ndas Paket kam zerdrückt an, der Monitor hat einen Sprung im Display."
            "\n\nBestellung {order}, {name}",
        ),
        answers=(
            "Hallo {first},\n\ndanke für die Fotos. Bitte schicken Sie das Gerät mit dem "
            "beiliegenden Etikett zurück, wir prüfen es und senden Ersatz.",
        ),
        diagnostics=(
            ("Fotos vom Kunden gesichtet", "Transportschaden deutlich sichtbar"),
            ("Prüfung im Retourenlager", "Pumpe defekt, Garantiefall"),
        ),
        handoff_notes=(
            "Garantiefall bestätigt. Bitte Ersatzgerät aus Lager schicken, Kunde wartet seit "
            "einer Woche.",
        ),
        resolutions=("Das Ersatzgerät ist unterwegs, Sendungsnummer steht im Kundenkonto.",),
    ),
    en=Texts(
        subjects=("Coffee machine broken after two weeks", "Goods arrived damaged"),
        openings=(
            "Hello,\n\nThe coffee machine from order {order} stopped pumping water after two "
            "weeks. Photos attached. I would like a replacement.\n\n{name}",
            "Hi,\n\nThe parcel arrived crushed and the monitor has a cracked screen.\n\n"
            "Order {order}, {name}",
        ),
        answers=(
            "Hello {first},\n\nThanks for the photos. Please send the device back with the "
            "enclosed label; we will check it and send a replacement.",
        ),
        diagnostics=(
            ("Looked at the customer's photos", "Clear transport damage"),
            ("Inspection in the returns warehouse", "Pump faulty, warranty case"),
        ),
        handoff_notes=(
            "Warranty case confirmed. Please ship a replacement from stock; customer has been "
            "waiting a week.",
        ),
        resolutions=("The replacement is on its way; tracking is in your account.",),
    ),
)

PAYMENT = Scenario(
    key="shop-payment",
    business="shop",
    category="Shop > Bestellung",
    de=Texts(
        subjects=("Zahlung per Rechnung nicht möglich", "Bestellung {order} ändern"),
        openings=(
            "Hallo,\n\nkann ich bei Bestellung {order} noch die Lieferadresse ändern? Ich bin "
            "ab {day} im Urlaub.\n\n{name}",
        ),
        answers=(
            "Hallo {first},\n\ndie Bestellung war noch nicht verpackt, wir haben die Adresse "
            "geändert.",
        ),
        resolutions=("Erledigt: die Bestellung geht an die neue Adresse.",),
    ),
    en=Texts(
        subjects=("Cannot pay by invoice", "Change order {order}"),
        openings=(
            "Hello,\n\nCan I still change the delivery address of order {order}? I am on holiday "
            "from {day}.\n\n{name}",
        ),
        answers=("Hello {first},\n\nThe order was not packed yet, so we changed the address.",),
        resolutions=("Done: the order will go to the new address.",),
    ),
)

SHOP = Business(
    key="shop",
    categories=(
        ("Shop", "Kundenservice", False),
        ("Shop > Bestellung", "Kundenservice", False),
        ("Shop > Lieferung", "Kundenservice", False),
        ("Shop > Retoure", "Versand & Retouren", False),
        ("Shop > Reklamation", "Kundenservice", False),
    ),
    scenarios=(DELIVERY, RETURN, DEFECT, PAYMENT),
)
