#!/usr/bin/env python3
# Generates demo-catalog.json, the catalogue that seeds market-panel-server.
# Edit this file, run it, and commit both:  ./generate-catalog.py > demo-catalog.json
#
# Copyright 2026 The Market Panel authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
from decimal import Decimal, ROUND_HALF_UP

MARKETPLACES = [
    {"code": "US", "name": "United States", "country": "US", "currency": "USD", "language": "en"},
    {"code": "UK", "name": "United Kingdom", "country": "GB", "currency": "GBP", "language": "en"},
    {"code": "DE", "name": "Deutschland", "country": "DE", "currency": "EUR", "language": "de"},
]
# Local list prices from the USD price.
RATES = {"USD": Decimal("1"), "GBP": Decimal("0.80"), "EUR": Decimal("0.93")}

def money(usd, currency):
    return str((Decimal(usd) * RATES[currency]).quantize(Decimal("0.01"), ROUND_HALF_UP))

def prices(month=None, year=None, setup="0.00"):
    out = []
    for currency in ("USD", "GBP", "EUR"):
        for ptype, amount in (("month", month), ("year", year)):
            if amount is None:
                continue
            out.append({"currency": currency, "period": {"type": ptype, "duration": 1},
                        "setup": money(setup, currency), "recurring": money(amount, currency)})
    return out

def one_time(setup, periods=("month", "year")):
    out = []
    for currency in ("USD", "GBP", "EUR"):
        for ptype in periods:
            out.append({"currency": currency, "period": {"type": ptype, "duration": 1},
                        "setup": money(setup, currency), "recurring": "0.00"})
    return out

TERMS = [
    {"id": "tc-marketplace", "name": "Marketplace Terms of Service", "kind": "marketplace",
     "url": "https://marketpanel.example/terms/marketplace",
     "text": "By placing this order you agree to the marketplace terms of service, including billing in advance for each billing period and the cancellation policy."},
    {"id": "tc-idsync-vendor", "name": "IDSync End User License Agreement", "kind": "vendor",
     "url": "https://marketpanel.example/terms/idsync",
     "text": "IDSync Inc. grants a subscription licence for the number of users ordered. Billing integrations are licensed per connected PSA instance."},
    {"id": "tc-fabrikam-vendor", "name": "Fabrikam Online Services Terms", "kind": "vendor",
     "url": "https://marketpanel.example/terms/fabrikam", "text": "Fabrikam online services are licensed per user for the subscription term."},
    {"id": "tc-woodgrove-vendor", "name": "Woodgrove Security Licence", "kind": "vendor",
     "url": "https://marketpanel.example/terms/woodgrove", "text": "Woodgrove protection is licensed per protected device."},
    {"id": "tc-contoso-vendor", "name": "Contoso Cloud Service Agreement", "kind": "vendor",
     "url": "https://marketpanel.example/terms/contoso", "text": "Contoso infrastructure services are provided on a best-effort basis with a 99.9% availability target."},
]

CATEGORIES = [
    ("10", "Cloud Services", None, "Everything delivered as a service."),
    ("11", "Cloud Enablement Services", "10", "Tools that connect your customers' cloud services to your business systems."),
    ("12", "Cloud Management Services", "10", "Manage, bill and synchronize the cloud services you resell."),
    ("13", "Productivity and Collaboration", "10", "Mail, office and document suites."),
    ("14", "Security", "10", "Endpoint, mail and identity protection."),
    ("15", "Backup and Recovery", "10", "Backups of devices, servers and mailboxes."),
    ("16", "Infrastructure", "10", "Virtual servers, storage and databases."),
    ("17", "Communications", "10", "Telephony, meetings and chat."),
    ("18", "Legacy Services", "10", "Older services kept for existing customers."),
    ("20", "Professional Services", None, "Workshops and one-time services."),
]

RESOURCE_CATEGORIES = [
    {"id": "idsync-users", "name": "IDSync - Users"},
    {"id": "idsync-autotask", "name": "IDSync - Autotask Billing"},
    {"id": "idsync-connectwise", "name": "IDSync - ConnectWise Billing"},
    {"id": "licences", "name": "Licences"},
    {"id": "add-ons", "name": "Add-ons"},
    {"id": "storage", "name": "Storage"},
    {"id": "services", "name": "Services"},
]

def idsync_plan(pid, audience):
    r = audience == "reseller"
    p = "IDS-R" if r else "IDS-C"
    seat_m, seat_y = ("3.00", "33.00") if r else ("4.00", "44.00")
    bill_m, bill_y = ("49.00", "539.00") if r else ("29.00", "319.00")
    qs = "299.00" if r else "199.00"
    name = "IDSync - Connector for Resellers" if r else "IDSync - Connector for Customer"
    return {
        "id": pid, "name": name,
        "shortDescription": ("Synchronize your customers' identities and bill them through your PSA." if r
                             else "Synchronize one company's identities and bill them through its PSA."),
        "longDescription": ("IDSync - Identity Synchronizer keeps user accounts in step between Microsoft 365, "
                            "Google Workspace and your PSA, and bills each seat through Autotask or ConnectWise. "
                            + ("This connector is for resellers: one subscription serves all your customers."
                               if r else "This connector is for one customer's own tenant.")),
        "categoryId": "12" if r else "11",
        "productLine": {"id": "idsync", "name": "IDSync - Identity Synchronizer"},
        "vendor": "IDSync Inc.", "serviceName": "IDSYNC", "audience": audience,
        "terms": ["tc-marketplace", "tc-idsync-vendor"],
        "periods": [{"type": "month", "duration": 1}, {"type": "year", "duration": 1}],
        "products": [
            {"mpn": p + "-USERS", "name": "IDSync users", "resourceCategory": "idsync-users",
             "unitOfMeasure": "user", "includedQuantity": 0, "minimumQuantity": 1,
             "maximumQuantity": 1000 if r else 250, "prices": prices(seat_m, seat_y)},
            {"mpn": p + "-AT-BILL", "name": "IDSync Autotask Billing Integration",
             "resourceCategory": "idsync-autotask", "unitOfMeasure": "unit", "includedQuantity": 0,
             "minimumQuantity": 0, "maximumQuantity": 1, "prices": prices(bill_m, bill_y)},
            {"mpn": p + "-AT-QS", "name": "IDSync Autotask QuickStart", "resourceCategory": "idsync-autotask",
             "unitOfMeasure": "service", "includedQuantity": 0, "minimumQuantity": 0, "maximumQuantity": 1,
             "oneTime": True, "prices": one_time(qs)},
            {"mpn": p + "-CW-BILL", "name": "IDSync ConnectWise Billing Integration",
             "resourceCategory": "idsync-connectwise", "unitOfMeasure": "unit", "includedQuantity": 0,
             "minimumQuantity": 0, "maximumQuantity": 1, "prices": prices(bill_m, bill_y)},
            {"mpn": p + "-CW-QS", "name": "IDSync ConnectWise QuickStart", "resourceCategory": "idsync-connectwise",
             "unitOfMeasure": "service", "includedQuantity": 0, "minimumQuantity": 0, "maximumQuantity": 1,
             "oneTime": True, "prices": one_time(qs)},
        ],
    }

def simple_plan(pid, name, category, vendor, terms, mpn, unit, month, year, short,
                audience="customer", minimum=1, maximum=300, included=0, addon=None, setup="0.00",
                fail=False, periods=("month", "year")):
    products = [{"mpn": mpn + "-" + unit.upper(), "name": name + " " + unit + "s",
                 "resourceCategory": "licences" if unit in ("user", "device", "line") else "storage",
                 "unitOfMeasure": unit, "includedQuantity": included, "minimumQuantity": minimum,
                 "maximumQuantity": maximum,
                 "prices": prices(month if "month" in periods else None, year if "year" in periods else None, setup)}]
    if fail:
        products[0]["failProvisioning"] = True
    if addon is not None:
        aname, am, ay = addon
        products.append({"mpn": mpn + "-ADDON", "name": aname, "resourceCategory": "add-ons",
                         "unitOfMeasure": "unit", "includedQuantity": 0, "minimumQuantity": 0,
                         "maximumQuantity": maximum,
                         "prices": prices(am if "month" in periods else None, ay if "year" in periods else None)})
    return {
        "id": pid, "name": name, "shortDescription": short,
        "longDescription": short + " Billed per " + unit + "; change the number of " + unit + "s at any time.",
        "categoryId": category, "productLine": {"id": mpn.lower(), "name": name},
        "vendor": vendor, "serviceName": vendor.split()[0].upper(), "audience": audience,
        "terms": ["tc-marketplace"] + ([terms] if terms else []),
        "periods": [{"type": t, "duration": 1} for t in periods],
        "products": products,
    }

PLANS = [
    idsync_plan("100", "reseller"),
    idsync_plan("101", "customer"),
    simple_plan("110", "Fabrikam Office Basic", "13", "Fabrikam Ltd.", "tc-fabrikam-vendor", "FAB-OB", "user", "6.00", "66.00", "Mail, calendar and web office apps."),
    simple_plan("111", "Fabrikam Office Standard", "13", "Fabrikam Ltd.", "tc-fabrikam-vendor", "FAB-OS", "user", "12.50", "137.50", "Desktop office apps, mail and file storage.", addon=("Fabrikam extra archive (per user)", "3.00", "33.00")),
    simple_plan("112", "Fabrikam Office Premium", "13", "Fabrikam Ltd.", "tc-fabrikam-vendor", "FAB-OP", "user", "22.00", "242.00", "Everything in Standard plus device management and advanced security."),
    simple_plan("113", "Tailspin Docs Business", "13", "Tailspin Software", None, "TSP-DB", "user", "8.00", "88.00", "Shared documents and wikis for small teams."),
    simple_plan("114", "Tailspin Docs Enterprise", "13", "Tailspin Software", None, "TSP-DE", "user", "15.00", "165.00", "Documents with audit trails, retention and single sign-on.", minimum=10, maximum=5000),
    simple_plan("120", "Woodgrove Endpoint Protection", "14", "Woodgrove Security", "tc-woodgrove-vendor", "WGS-EP", "device", "3.50", "38.50", "Anti-malware for Windows, macOS and Linux devices."),
    simple_plan("121", "Woodgrove Endpoint Protection Advanced", "14", "Woodgrove Security", "tc-woodgrove-vendor", "WGS-EPA", "device", "6.00", "66.00", "Endpoint protection with detection and response.", addon=("Woodgrove managed response (per device)", "2.00", "22.00")),
    simple_plan("122", "Litware Email Security", "14", "Litware Inc.", None, "LIT-ES", "user", "2.50", "27.50", "Spam, phishing and attachment filtering for mailboxes."),
    simple_plan("123", "Litware Password Vault", "14", "Litware Inc.", None, "LIT-PV", "user", "3.00", "33.00", "Shared password vaults for teams."),
    simple_plan("124", "Proseware Multi-Factor Authentication", "14", "Proseware", None, "PRO-MFA", "user", "1.50", "16.50", "Push and hardware-key sign-in for every application."),
    simple_plan("130", "Adatum Cloud Backup", "15", "Adatum Corp.", None, "ADT-CB", "device", "5.00", "55.00", "Image backups of workstations with 30-day retention.", addon=("Adatum backup storage (100 GB)", "4.00", "44.00")),
    simple_plan("131", "Adatum Server Backup", "15", "Adatum Corp.", None, "ADT-SB", "server", "25.00", "275.00", "Backups of physical and virtual servers.", maximum=100),
    simple_plan("132", "Adatum Mailbox Backup", "15", "Adatum Corp.", None, "ADT-MB", "user", "2.00", "22.00", "Daily backups of hosted mailboxes."),
    simple_plan("140", "Contoso Virtual Server S", "16", "Contoso Cloud", "tc-contoso-vendor", "CTS-VS-S", "server", "19.00", "209.00", "2 vCPU, 4 GB RAM, 80 GB SSD.", maximum=50, setup="10.00"),
    simple_plan("141", "Contoso Virtual Server M", "16", "Contoso Cloud", "tc-contoso-vendor", "CTS-VS-M", "server", "39.00", "429.00", "4 vCPU, 16 GB RAM, 160 GB SSD.", maximum=50, setup="10.00"),
    simple_plan("142", "Contoso Object Storage", "16", "Contoso Cloud", "tc-contoso-vendor", "CTS-OS", "terabyte", "20.00", "220.00", "S3-compatible storage billed per terabyte.", maximum=500, included=1),
    simple_plan("143", "Contoso Managed Database", "16", "Contoso Cloud", "tc-contoso-vendor", "CTS-DB", "instance", "55.00", "605.00", "PostgreSQL with daily backups and failover.", maximum=20),
    simple_plan("150", "Wingtip Cloud PBX", "17", "Wingtip Telecom", None, "WGT-PBX", "line", "9.00", "99.00", "Hosted telephony with numbers in 40 countries.", addon=("Wingtip call recording (per line)", "2.50", "27.50")),
    simple_plan("151", "Wingtip Video Meetings", "17", "Wingtip Telecom", None, "WGT-VM", "host", "11.00", "121.00", "Video meetings for up to 300 people."),
    simple_plan("152", "Wingtip Team Chat", "17", "Wingtip Telecom", None, "WGT-TC", "user", "4.00", "44.00", "Channels, threads and file sharing."),
    simple_plan("160", "Relecloud Remote Monitoring", "12", "Relecloud", None, "RLC-RMM", "device", "1.20", "13.20", "Monitor and manage every customer device from one console.", audience="reseller", minimum=10, maximum=10000),
    simple_plan("161", "Relecloud Patch Management", "12", "Relecloud", None, "RLC-PM", "device", "0.80", "8.80", "Automatic operating-system and application patching.", audience="reseller", minimum=10, maximum=10000),
    simple_plan("170", "Legacy Mail Archive (provisioning fails in the demo)", "18", "Olde Mail Systems", None, "OLD-ARC", "user", "1.00", "11.00",
                "A retired archive service: every order for it fails at provisioning, to demonstrate the error path.", fail=True),
    simple_plan("180", "Cloud Onboarding Workshop", "20", "Northwind Services", None, "NWS-WS", "seat", "0.00", "0.00",
                "A half-day remote workshop for your team.", minimum=1, maximum=20, periods=("month",)),
]

# Cancellation rules (docs/api.md "Cancellation"): a full refund for
# refundDays after the purchase or renewal, then afterRefundWindow: "none"
# (no refund), "prorated" (the unused part of the term) or "refused" (no
# cancellation). Plans without: cancellation any time, no refund.
CANCELLATION = {
    "110": {"refundDays": 7, "afterRefundWindow": "prorated"},
    "120": {"refundDays": 7, "afterRefundWindow": "refused"},
    "130": {"refundDays": 14, "afterRefundWindow": "none"},
}
for plan in PLANS:
    if plan["id"] in CANCELLATION:
        plan["cancellation"] = CANCELLATION[plan["id"]]

# Manual renewal (docs/api.md "Scheduled changes and renewals"): plans
# whose subscriptions can be renewed ahead with POST /orders {type: renewal}.
MANUAL_RENEWAL = ("101", "130")
for plan in PLANS:
    if plan["id"] in MANUAL_RENEWAL:
        plan["manualRenewal"] = True

# Plan and period switches (docs/api.md "Plan switches"), SimpleAPI
# planSwitches[] of the source plan: the target plan and period, the source
# period, the billing policy and when the switch takes effect. Resource limits
# are carried over by MPN (a period switch of the same plan) or else by
# resource category (resourceCategory); the target's min/max must admit them.
def switch(target, period, source, policy, when):
    return {"planId": target, "period": {"type": period, "duration": 1},
            "sourcePeriod": {"type": source, "duration": 1}, "billingPolicy": policy, "whenEffective": when}

SWITCHES = {
    # IDSync 1-month <-> 1-year
    "100": [switch("100", "year", "month", "prorate_starting_new_subscription_period", "immediately"),
            switch("100", "month", "year", "no_refund", "next_subscription_period")],
    "101": [switch("101", "year", "month", "prorate_starting_new_subscription_period", "immediately"),
            switch("101", "month", "year", "no_refund", "next_subscription_period")],
    # Fabrikam Office Basic -> Standard upgrade, and the downgrade back
    "110": [switch("111", t, t, "prorate_keeping_exp_date", "immediately") for t in ("month", "year")],
    "111": [switch("110", t, t, "no_refund", "next_billing_period") for t in ("month", "year")],
    # Tailspin Docs Business -> Enterprise: Enterprise takes at least 10 users
    "113": [switch("114", t, t, "prorate_keeping_exp_date", "immediately") for t in ("month", "year")],
}
for plan in PLANS:
    if plan["id"] in SWITCHES:
        plan["switches"] = SWITCHES[plan["id"]]

# The workshop is a one-time service: replace its product.
PLANS[-1]["products"] = [{"mpn": "NWS-WS-SEAT", "name": "Cloud Onboarding Workshop seat", "resourceCategory": "services",
                          "unitOfMeasure": "seat", "includedQuantity": 0, "minimumQuantity": 1, "maximumQuantity": 20,
                          "oneTime": True, "prices": one_time("150.00", ("month",))}]

# German texts of the catalogue, for the DE marketplace (language "de"). Each
# catalogue object carries them as "translations": {"de": {FIELD: TEXT}};
# the server answers a marketplace in its language and falls back to the
# English fields. Vendor names, brand names and SKUs stay as they are.
DE_TERMS = {
    "tc-marketplace": ("Nutzungsbedingungen des Marktplatzes",
                       "Mit dieser Bestellung stimmen Sie den Nutzungsbedingungen des Marktplatzes zu, einschließlich "
                       "der Vorauszahlung für jeden Abrechnungszeitraum und der Kündigungsregelung."),
    "tc-idsync-vendor": ("IDSync-Endbenutzer-Lizenzvertrag",
                         "IDSync Inc. gewährt eine Abonnementlizenz für die bestellte Anzahl von Benutzern. "
                         "Abrechnungsintegrationen werden je verbundener PSA-Instanz lizenziert."),
    "tc-fabrikam-vendor": ("Nutzungsbedingungen der Fabrikam-Onlinedienste",
                           "Fabrikam-Onlinedienste werden pro Benutzer für die Laufzeit des Abonnements lizenziert."),
    "tc-woodgrove-vendor": ("Woodgrove-Sicherheitslizenz", "Der Woodgrove-Schutz wird pro geschütztem Gerät lizenziert."),
    "tc-contoso-vendor": ("Contoso-Cloud-Dienstvertrag",
                          "Contoso-Infrastrukturdienste werden nach bestem Bemühen mit einem Verfügbarkeitsziel "
                          "von 99,9 % erbracht."),
}

DE_CATEGORIES = {
    "10": ("Cloud-Dienste", "Alles, was als Dienst bereitgestellt wird."),
    "11": ("Cloud-Enablement-Dienste", "Werkzeuge, die die Cloud-Dienste Ihrer Kunden mit Ihren Geschäftssystemen verbinden."),
    "12": ("Cloud-Management-Dienste", "Verwalten, abrechnen und synchronisieren Sie die Cloud-Dienste, die Sie weiterverkaufen."),
    "13": ("Produktivität und Zusammenarbeit", "E-Mail-, Office- und Dokumenten-Suiten."),
    "14": ("Sicherheit", "Schutz für Endgeräte, E-Mail und Identitäten."),
    "15": ("Datensicherung und Wiederherstellung", "Sicherungen von Geräten, Servern und Postfächern."),
    "16": ("Infrastruktur", "Virtuelle Server, Speicher und Datenbanken."),
    "17": ("Kommunikation", "Telefonie, Besprechungen und Chat."),
    "18": ("Ältere Dienste", "Ältere Dienste, die für Bestandskunden weitergeführt werden."),
    "20": ("Professionelle Dienstleistungen", "Workshops und einmalige Dienstleistungen."),
}

DE_RESOURCE_CATEGORIES = {
    "idsync-users": "IDSync - Benutzer",
    "idsync-autotask": "IDSync - Autotask-Abrechnung",
    "idsync-connectwise": "IDSync - ConnectWise-Abrechnung",
    "licences": "Lizenzen",
    "add-ons": "Zusatzoptionen",
    "storage": "Speicher",
    "services": "Dienstleistungen",
}

# unitOfMeasure -> (singular, plural)
DE_UNITS = {
    "user": ("Benutzer", "Benutzer"), "device": ("Gerät", "Geräte"), "server": ("Server", "Server"),
    "terabyte": ("Terabyte", "Terabyte"), "instance": ("Instanz", "Instanzen"), "line": ("Leitung", "Leitungen"),
    "host": ("Host", "Hosts"), "seat": ("Platz", "Plätze"),
}

# plan id -> (name, short description)
DE_PLANS = {
    "100": ("IDSync - Connector für Wiederverkäufer",
            "Synchronisieren Sie die Identitäten Ihrer Kunden und rechnen Sie sie über Ihr PSA ab."),
    "101": ("IDSync - Connector für Kunden",
            "Synchronisiert die Identitäten eines Unternehmens und rechnet sie über dessen PSA ab."),
    "110": ("Fabrikam Office Basic", "E-Mail, Kalender und Office-Web-Apps."),
    "111": ("Fabrikam Office Standard", "Office-Desktop-Apps, E-Mail und Dateispeicher."),
    "112": ("Fabrikam Office Premium", "Alles aus Standard plus Geräteverwaltung und erweiterte Sicherheit."),
    "113": ("Tailspin Docs Business", "Gemeinsame Dokumente und Wikis für kleine Teams."),
    "114": ("Tailspin Docs Enterprise", "Dokumente mit Prüfprotokollen, Aufbewahrungsregeln und Single Sign-on."),
    "120": ("Woodgrove Endpunktschutz", "Malware-Schutz für Windows-, macOS- und Linux-Geräte."),
    "121": ("Woodgrove Endpunktschutz Advanced", "Endpunktschutz mit Erkennung und Reaktion."),
    "122": ("Litware E-Mail-Sicherheit", "Filter gegen Spam, Phishing und schädliche Anhänge für Postfächer."),
    "123": ("Litware Passwort-Tresor", "Gemeinsame Passwort-Tresore für Teams."),
    "124": ("Proseware Multi-Faktor-Authentifizierung", "Anmeldung per Push oder Hardwareschlüssel für jede Anwendung."),
    "130": ("Adatum Cloud-Backup", "Image-Sicherungen von Arbeitsplatzrechnern mit 30 Tagen Aufbewahrung."),
    "131": ("Adatum Server-Backup", "Sicherungen physischer und virtueller Server."),
    "132": ("Adatum Postfach-Backup", "Tägliche Sicherungen gehosteter Postfächer."),
    "140": ("Contoso Virtueller Server S", "2 vCPU, 4 GB RAM, 80 GB SSD."),
    "141": ("Contoso Virtueller Server M", "4 vCPU, 16 GB RAM, 160 GB SSD."),
    "142": ("Contoso Objektspeicher", "S3-kompatibler Speicher, abgerechnet pro Terabyte."),
    "143": ("Contoso Verwaltete Datenbank", "PostgreSQL mit täglichen Sicherungen und Failover."),
    "150": ("Wingtip Cloud-Telefonanlage", "Gehostete Telefonie mit Rufnummern in 40 Ländern."),
    "151": ("Wingtip Videokonferenzen", "Videokonferenzen für bis zu 300 Personen."),
    "152": ("Wingtip Team-Chat", "Kanäle, Threads und Dateifreigabe."),
    "160": ("Relecloud Fernüberwachung", "Überwachen und verwalten Sie jedes Kundengerät von einer Konsole aus."),
    "161": ("Relecloud Patch-Verwaltung", "Automatisches Patchen von Betriebssystemen und Anwendungen."),
    "170": ("Legacy Mail Archive (Bereitstellung schlägt in der Demo fehl)",
            "Ein eingestellter Archivdienst: Jede Bestellung dafür schlägt bei der Bereitstellung fehl, "
            "um den Fehlerfall zu zeigen."),
    "180": ("Cloud-Onboarding-Workshop", "Ein halbtägiger Remote-Workshop für Ihr Team."),
}

DE_IDSYNC_LONG = ("IDSync - Identity Synchronizer hält Benutzerkonten zwischen Microsoft 365, Google Workspace und "
                  "Ihrem PSA auf demselben Stand und rechnet jeden Platz über Autotask oder ConnectWise ab. ")
DE_IDSYNC_AUDIENCE = {
    "100": "Dieser Connector ist für Wiederverkäufer: Ein Abonnement bedient alle Ihre Kunden.",
    "101": "Dieser Connector ist für den eigenen Mandanten eines Kunden.",
}

# product MPN (or MPN suffix, for the IDSync plans' products) -> name
DE_PRODUCTS = {
    "-USERS": "IDSync-Benutzer",
    "-AT-BILL": "IDSync Autotask-Abrechnungsintegration",
    "-AT-QS": "IDSync Autotask-QuickStart",
    "-CW-BILL": "IDSync ConnectWise-Abrechnungsintegration",
    "-CW-QS": "IDSync ConnectWise-QuickStart",
    "FAB-OS-ADDON": "Fabrikam Zusatzarchiv (pro Benutzer)",
    "WGS-EPA-ADDON": "Woodgrove Managed Response (pro Gerät)",
    "ADT-CB-ADDON": "Adatum Sicherungsspeicher (100 GB)",
    "WGT-PBX-ADDON": "Wingtip Gesprächsaufzeichnung (pro Leitung)",
    "NWS-WS-SEAT": "Cloud-Onboarding-Workshop – Platz",
}

def translate(obj, language, fields):
    obj.setdefault("translations", {})[language] = fields

def translate_plan(plan):
    name, short = DE_PLANS[plan["id"]]
    if plan["id"] in DE_IDSYNC_AUDIENCE:
        long = DE_IDSYNC_LONG + DE_IDSYNC_AUDIENCE[plan["id"]]
        line = plan["productLine"]["name"]
    else:
        unit = plan["products"][0]["unitOfMeasure"]
        long = short + " Abgerechnet wird pro " + DE_UNITS[unit][0] + "; die Anzahl lässt sich jederzeit ändern."
        line = name
    translate(plan, "de", {"name": name, "shortDescription": short, "longDescription": long,
                           "productLineName": line})
    for product in plan["products"]:
        mpn = product["mpn"]
        de = DE_PRODUCTS.get(mpn)
        if de is None and plan["id"] in DE_IDSYNC_AUDIENCE:
            de = DE_PRODUCTS[mpn[len("IDS-R"):]]
        if de is None:
            de = name + " – " + DE_UNITS[product["unitOfMeasure"]][1]
        translate(product, "de", {"name": de})

for t in TERMS:
    translate(t, "de", {"name": DE_TERMS[t["id"]][0], "text": DE_TERMS[t["id"]][1]})
for c in RESOURCE_CATEGORIES:
    translate(c, "de", {"name": DE_RESOURCE_CATEGORIES[c["id"]]})
for plan in PLANS:
    translate_plan(plan)

def address(street, postal, city, country, state=None):
    a = {"streetAddress": street, "postalCode": postal, "city": city, "countryCode": country}
    if state:
        a["state"] = state
    return a

def contact(first, last, email, phone):
    return [{"type": "admin", "firstName": first, "lastName": last, "email": email, "phoneNumber": phone}]

RESELLERS = [
    {"id": "1000000", "name": "Northwind Cloud Reseller", "currency": "USD", "language": "en",
     "address": address("1 Harbour Way", "98101", "Seattle", "US", "WA"),
     "contactPersons": contact("Nancy", "Davolio", "nancy@northwind.example", "1##2065550100#"),
     "login": "demo-reseller", "password": "Demo-Reseller-1"},
    {"id": "1000010", "name": "Contoso Partners", "currency": "USD", "language": "en",
     "address": address("500 Market Street", "94105", "San Francisco", "US", "CA"),
     "contactPersons": contact("Carlos", "Grilo", "carlos@contoso-partners.example", "1##4155550100#"),
     "login": "other-reseller", "password": "Demo-Reseller-2"},
]

CUSTOMERS = [
    {"id": "1000001", "resellerId": "1000000", "name": "Acme Corporation", "externalId": "ACME-001",
     "language": "en", "taxRegId": "US-94-1234567",
     "address": address("100 Main Street", "10001", "New York", "US", "NY"),
     "contactPersons": contact("Ada", "Admin", "ada@acme.example", "1##2125550101#"),
     "login": "acme-admin", "password": "Demo-Customer-1"},
    {"id": "1000002", "resellerId": "1000000", "name": "Globex Inc.", "externalId": "GLOBEX-002",
     "language": "en", "address": address("42 Cypress Creek Road", "60601", "Chicago", "US", "IL"),
     "contactPersons": contact("Hank", "Scorpio", "hank@globex.example", "1##3125550102#"),
     "login": "globex-admin", "password": "Demo-Customer-2"},
    {"id": "1000003", "resellerId": "1000000", "name": "Initech LLC", "externalId": "INITECH-003",
     "language": "en", "address": address("4120 Freidrich Lane", "78744", "Austin", "US", "TX"),
     "contactPersons": contact("Bill", "Lumbergh", "bill@initech.example", "1##5125550103#"),
     "login": "initech-admin", "password": "Demo-Customer-3"},
    {"id": "1000011", "resellerId": "1000010", "name": "Umbrella Ltd", "externalId": "UMB-011",
     "language": "en", "address": address("1 Raccoon Road", "EC1A 1BB", "London", "GB"),
     "contactPersons": contact("Alice", "Abernathy", "alice@umbrella.example", "44##2075550104#"),
     "login": "umbrella-admin", "password": "Demo-Customer-4"},
]

def sub(sid, market, customer, plan, period, days_ago, products, renewal=True):
    return {"id": sid, "marketplace": market, "customerId": customer, "planId": plan,
            "subscriptionPeriod": {"type": period, "duration": 1}, "daysAgo": days_ago,
            "renewalStatus": renewal,
            "products": [{"mpn": m, "quantity": q, "usage": u} for (m, q, u) in products]}

SUBSCRIPTIONS = [
    sub("1000100", "US", "1000000", "100", "month", 75,
        [("IDS-R-USERS", 25, 18), ("IDS-R-AT-BILL", 1, 1), ("IDS-R-AT-QS", 1, 1)]),
    sub("1000101", "US", "1000001", "101", "year", 120,
        [("IDS-C-USERS", 50, 42), ("IDS-C-CW-BILL", 1, 1)]),
    sub("1000102", "US", "1000001", "111", "month", 200,
        [("FAB-OS-USER", 40, 37), ("FAB-OS-ADDON", 5, 3)]),
    sub("1000103", "US", "1000001", "120", "year", 30, [("WGS-EP-DEVICE", 40, 35)]),
    sub("1000104", "US", "1000002", "110", "month", 45, [("FAB-OB-USER", 15, 15)]),
    sub("1000105", "US", "1000002", "130", "month", 10, [("ADT-CB-DEVICE", 12, 9), ("ADT-CB-ADDON", 2, 1)]),
    sub("1000106", "US", "1000003", "150", "month", 400, [("WGT-PBX-LINE", 10, 8)], renewal=False),
    sub("1000107", "US", "1000011", "112", "year", 90, [("FAB-OP-USER", 20, 17)]),
    sub("1000108", "UK", "1000002", "122", "month", 20, [("LIT-ES-USER", 15, 14)]),
    sub("1000109", "DE", "1000003", "152", "month", 60, [("WGT-TC-USER", 30, 22)]),
]

# Orders besides the completed sales order of each subscription above.
ORDERS = [
    {"marketplace": "US", "type": "change", "subscriptionId": "1000102", "daysAgo": 20,
     "status": "completed", "products": [{"mpn": "FAB-OS-USER", "quantity": 40, "from": 35}]},
    {"marketplace": "US", "type": "sales", "customerId": "1000002", "planId": "170", "daysAgo": 5,
     "subscriptionPeriod": {"type": "month", "duration": 1},
     "status": "error", "products": [{"mpn": "OLD-ARC-USER", "quantity": 15}],
     "errorMessage": "Provisioning of “Legacy Mail Archive (provisioning fails in the demo)” failed: the vendor system refused the request (this product always fails in the demo)."},
]

catalog = {
    "version": 1,
    "marketplaces": MARKETPLACES,
    "terms": TERMS,
    "categories": [{"id": i, "name": n, "parentId": p, "description": d,
                    "translations": {"de": {"name": DE_CATEGORIES[i][0], "description": DE_CATEGORIES[i][1]}}}
                   for (i, n, p, d) in CATEGORIES],
    "resourceCategories": RESOURCE_CATEGORIES,
    "plans": PLANS,
    "resellers": RESELLERS,
    "customers": CUSTOMERS,
    "subscriptions": SUBSCRIPTIONS,
    "orders": ORDERS,
}
print(json.dumps(catalog, indent=1, ensure_ascii=False))
