"""Generate the bundled example corpus in ``examples/`` and verify ``examples/qa.jsonl``.

The corpus is the document set of one fictional company, Quarnell Logistics Group plc
(head office Dublin, subsidiaries in Germany, the Netherlands and France), written in
English, German, Dutch and French across PDF, DOCX, HTML, TXT, Markdown and e-mail.
All names, companies, addresses and figures are invented for this project.

Run from the repository root:

    .venv/bin/python scripts/make_examples.py

The output is deterministic (fixed creation dates, zip timestamps, MIME boundaries and
Message-IDs). At the end the script checks every question in ``examples/qa.jsonl``
against the extracted text of its source document and exits non-zero on any failure.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from collections import Counter
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples"
DOCS = OUT / "documents"

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

# Attachments that are ingested as their own documents: attachment name -> e-mail file.
ATTACHMENTS = {"quarnellcool_rates_2025.md": "en_email_rates_quotation.eml"}

LANGS = ("en", "de", "nl", "fr")
DOC_LANG: dict[str, str] = {}  # filled by the writers below


# ---------------------------------------------------------------------------
# PDF (fpdf2, DejaVu Sans)
# ---------------------------------------------------------------------------


def _new_pdf(footer_text: str, title: str, lang: str, created: datetime) -> Any:
    from fpdf import FPDF

    class _Pdf(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 8, f"{footer_text} {self.page_no()}/{{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = _Pdf(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(title)
    pdf.set_author("Quarnell Logistics Group plc (fictional)")
    pdf.set_subject("souverain example corpus, fictional content")
    pdf.set_creator("souverain scripts/make_examples.py")
    pdf.set_producer("fpdf2")
    pdf.set_lang(lang)
    pdf.set_creation_date(created)
    pdf.add_page()
    return pdf


def _render_pdf(pdf: Any, blocks: list[tuple[Any, ...]]) -> None:
    from fpdf.enums import XPos, YPos

    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    for block in blocks:
        kind = block[0]
        if kind == "title":
            pdf.set_font("DejaVu", "B", 16)
            pdf.multi_cell(0, 8, block[1], align="L", **nl)
            pdf.ln(1)
        elif kind == "subtitle":
            pdf.set_font("DejaVu", "", 10)
            pdf.set_text_color(80, 80, 80)
            pdf.multi_cell(0, 5.5, block[1], align="L", **nl)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(3)
        elif kind == "h":
            if pdf.get_y() > pdf.h - 45:  # keep headings with the text that follows
                pdf.add_page()
            pdf.ln(2.5)
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, block[1], align="L", **nl)
            pdf.ln(0.8)
        elif kind == "p":
            pdf.set_font("DejaVu", "", 9.5)
            pdf.multi_cell(0, 5.1, block[1], align="L", **nl)
            pdf.ln(1.4)
        elif kind == "center":
            pdf.set_font("DejaVu", "", 9.5)
            pdf.multi_cell(0, 5.1, block[1], align="C", **nl)
            pdf.ln(1.4)
        elif kind == "bullets":
            pdf.set_font("DejaVu", "", 9.5)
            for item in block[1]:
                pdf.set_x(pdf.l_margin + 4)
                pdf.multi_cell(0, 5.1, f"• {item}", align="L", **nl)
                pdf.ln(0.6)
            pdf.ln(1)
        elif kind == "table":
            _, widths, aligns, rows = block
            pdf.set_font("DejaVu", "", 9)
            pdf.ln(1)
            with pdf.table(
                col_widths=widths,
                text_align=aligns,
                line_height=5.6,
                first_row_as_headings=True,
            ) as table:
                for row in rows:
                    r = table.row()
                    for cell in row:
                        r.cell(cell)
            pdf.ln(3)
        elif kind == "signatures":
            pdf.ln(8)
            pdf.set_font("DejaVu", "", 9.5)
            half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
            left, right = block[1], block[2]
            pdf.cell(half, 5, "______________________________")
            pdf.cell(half, 5, "______________________________", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            for a, b in zip(left, right, strict=True):
                pdf.cell(half, 5, a)
                pdf.cell(half, 5, b, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:  # pragma: no cover - programming error
            raise ValueError(kind)


def write_pdf(
    name: str,
    lang: str,
    title: str,
    footer: str,
    created: datetime,
    blocks: list[tuple[Any, ...]],
) -> None:
    pdf = _new_pdf(footer, title, lang, created)
    _render_pdf(pdf, blocks)
    (DOCS / name).write_bytes(bytes(pdf.output()))
    DOC_LANG[name] = lang


LEASE_DE: list[tuple[Any, ...]] = [
    ("title", "Gewerbemietvertrag über Büroräume"),
    ("subtitle", "Vertragsnummer SW-B-2024-117 · Objekt Kranichufer 27, Berlin-Friedrichshain"),
    ("p", "zwischen"),
    (
        "p",
        "der Spreewerth Grundbesitz GmbH, Potsdamer Chaussee 112, 14129 Berlin, "
        "vertreten durch die Geschäftsführerin Dr. Renate Vollmer,",
    ),
    ("p", "– nachfolgend „Vermieterin“ genannt –"),
    ("p", "und"),
    (
        "p",
        "der Quarnell Logistik GmbH, Ankerkai 9, 20457 Hamburg, "
        "vertreten durch den Geschäftsführer Matthias Kröger,",
    ),
    ("p", "– nachfolgend „Mieterin“ genannt –"),
    ("p", "wird folgender Mietvertrag geschlossen:"),
    ("h", "§ 1 Mietgegenstand"),
    (
        "p",
        "(1) Vermietet werden Büroräume im 4. Obergeschoss des Gebäudes Kranichufer 27, 10245 Berlin.",
    ),
    (
        "p",
        "(2) Die Mietfläche beträgt 412 m². Sie umfasst 14 Büroräume, zwei Besprechungsräume, "
        "eine Teeküche sowie die zugehörigen Sanitärräume.",
    ),
    ("p", "(3) Zusätzlich werden sechs Stellplätze in der Tiefgarage (Nr. 41 bis 46) vermietet."),
    (
        "p",
        "(4) Die Räume dürfen ausschließlich als Büro für Verwaltung und Vertrieb genutzt werden. "
        "Eine Nutzung als Lager ist ausgeschlossen.",
    ),
    ("h", "§ 2 Mietzeit"),
    ("p", "(1) Das Mietverhältnis beginnt am 15. Januar 2025."),
    (
        "p",
        "(2) Es ist fest abgeschlossen und endet am 31. Dezember 2029, "
        "ohne dass es einer Kündigung bedarf.",
    ),
    (
        "p",
        "(3) Während der festen Mietzeit ist die ordentliche Kündigung für beide Parteien "
        "ausgeschlossen.",
    ),
    (
        "p",
        "(4) Die Mieterin hat das einmalige Recht, die Mietzeit um drei Jahre "
        "bis zum 31. Dezember 2032 zu verlängern (Option).",
    ),
    (
        "p",
        "(5) Die Option ist spätestens neun Monate vor Ablauf der Mietzeit schriftlich auszuüben.",
    ),
    (
        "p",
        "(6) Wird das Mietverhältnis nach Ablauf der Mietzeit fortgesetzt, "
        "läuft es auf unbestimmte Zeit. Es kann dann von jeder Partei "
        "mit einer Frist von sechs Monaten zum Ende eines Kalendervierteljahres gekündigt werden.",
    ),
    (
        "p",
        "(7) Die Übergabe der Räume erfolgt am 13. Januar 2025. "
        "Über die Übergabe wird ein gemeinsames Protokoll erstellt.",
    ),
    ("h", "§ 3 Miete und Betriebskosten"),
    ("p", "(1) Die monatliche Nettokaltmiete beträgt 18,50 € je m², insgesamt 7.622,00 €."),
    (
        "p",
        "(2) Für die sechs Tiefgaragenstellplätze sind monatlich je 95,00 €, insgesamt 570,00 €, zu zahlen.",
    ),
    (
        "p",
        "(3) Auf die Betriebskosten leistet die Mieterin eine monatliche Vorauszahlung "
        "von 4,20 € je m², insgesamt 1.730,40 €.",
    ),
    (
        "p",
        "(4) Die Vermieterin hat zur Umsatzsteuer optiert. "
        "Zu allen Beträgen kommt die gesetzliche Umsatzsteuer von derzeit 19 % hinzu.",
    ),
    (
        "table",
        (62, 34, 34, 36),
        ("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        [
            ("Position (monatlich)", "Netto", "USt. 19 %", "Brutto"),
            ("Nettokaltmiete", "7.622,00 €", "1.448,18 €", "9.070,18 €"),
            ("Stellplätze (6)", "570,00 €", "108,30 €", "678,30 €"),
            ("Betriebskostenvorauszahlung", "1.730,40 €", "328,78 €", "2.059,18 €"),
            ("Summe", "9.922,40 €", "1.885,26 €", "11.807,66 €"),
        ],
    ),
    (
        "p",
        "(5) Die Gesamtmiete ist monatlich im Voraus, spätestens am dritten Werktag eines Monats, "
        "auf das von der Vermieterin schriftlich benannte Konto zu zahlen.",
    ),
    (
        "p",
        "(6) Über die Betriebskosten wird jährlich abgerechnet. Abrechnungszeitraum ist das Kalenderjahr.",
    ),
    ("h", "§ 4 Wertsicherung"),
    (
        "p",
        "(1) Die Nettokaltmiete ist an den Verbraucherpreisindex für Deutschland (VPI) gekoppelt.",
    ),
    (
        "p",
        "(2) Ändert sich der Index gegenüber dem Stand bei Mietbeginn oder der letzten Anpassung "
        "um mehr als 5 %, ändert sich die Nettokaltmiete im gleichen prozentualen Verhältnis.",
    ),
    ("p", "(3) Eine Anpassung ist frühestens zum 15. Januar 2027 möglich."),
    ("h", "§ 5 Mietsicherheit"),
    (
        "p",
        "(1) Die Mieterin leistet eine Mietsicherheit in Höhe von drei Nettokaltmieten, also 22.866,00 €.",
    ),
    (
        "p",
        "(2) Die Sicherheit ist durch eine unbefristete, selbstschuldnerische Bankbürgschaft "
        "eines in Deutschland zugelassenen Kreditinstituts zu erbringen.",
    ),
    ("p", "(3) Die Bürgschaft ist der Vermieterin bis spätestens 20. Dezember 2024 zu übergeben."),
    ("h", "§ 6 Zustand und Instandhaltung"),
    (
        "p",
        "(1) Die Vermieterin übergibt die Räume mit neuem Teppichboden und frisch gestrichenen Wänden.",
    ),
    (
        "p",
        "(2) Kleinreparaturen trägt die Mieterin bis zu 250,00 € im Einzelfall, "
        "höchstens jedoch 2.500,00 € pro Kalenderjahr.",
    ),
    (
        "p",
        "(3) Die Instandhaltung von Dach und Fach sowie der Haustechnik obliegt der Vermieterin.",
    ),
    ("h", "§ 7 Bauliche Veränderungen"),
    (
        "p",
        "Bauliche Veränderungen durch die Mieterin bedürfen der vorherigen schriftlichen Zustimmung "
        "der Vermieterin. Bei Mietende ist der ursprüngliche Zustand wiederherzustellen, "
        "soweit die Parteien nichts anderes vereinbaren.",
    ),
    ("h", "§ 8 Untervermietung"),
    (
        "p",
        "Eine Untervermietung ist nur mit schriftlicher Zustimmung der Vermieterin zulässig. "
        "Die Überlassung an verbundene Unternehmen der Quarnell-Gruppe bedarf keiner Zustimmung.",
    ),
    ("h", "§ 9 Zugang und Transponder"),
    ("p", "(1) Die Mieterin erhält 30 Transponder für das elektronische Zugangssystem."),
    ("p", "(2) Für jeden verlorenen Transponder berechnet die Vermieterin 85,00 €."),
    ("p", "(3) Das Gebäude ist werktags von 6:00 bis 22:00 Uhr zugänglich."),
    ("h", "§ 10 Versicherung"),
    (
        "p",
        "Die Mieterin schließt eine Betriebshaftpflichtversicherung "
        "mit einer Deckungssumme von mindestens 3.000.000 € ab und weist diese jährlich nach.",
    ),
    ("h", "§ 11 Rückgabe"),
    (
        "p",
        "Bei Beendigung des Mietverhältnisses sind die Räume besenrein zu übergeben. "
        "Alle Transponder sind zurückzugeben.",
    ),
    ("h", "§ 12 Schlussbestimmungen"),
    ("p", "(1) Änderungen und Ergänzungen dieses Vertrages bedürfen der Schriftform."),
    ("p", "(2) Gerichtsstand ist Berlin."),
    (
        "p",
        "(3) Sollte eine Bestimmung dieses Vertrages unwirksam sein, "
        "bleibt die Wirksamkeit der übrigen Bestimmungen unberührt.",
    ),
    ("p", "Berlin, den 28. November 2024"),
    (
        "signatures",
        ["Dr. Renate Vollmer", "Spreewerth Grundbesitz GmbH"],
        ["Matthias Kröger", "Quarnell Logistik GmbH"],
    ),
]


CONTRACT_FR: list[tuple[Any, ...]] = [
    ("title", "Contrat-cadre de fourniture d'emballages"),
    (
        "subtitle",
        "Référence QL-ACH-2025-031 · Quarnell Logistique SAS / Cartonnages Delorme-Vasseur SAS",
    ),
    ("p", "ENTRE LES SOUSSIGNÉS :"),
    (
        "p",
        "Quarnell Logistique SAS, au capital de 2\u00a0400\u00a0000 €, dont le siège social est situé "
        "27 cours Albert-Vernay, 69003 Lyon, immatriculée au RCS de Lyon, "
        "représentée par Madame Élodie Marchetti, Directrice des achats, dûment habilitée,",
    ),
    ("p", "ci-après « le Client »,"),
    ("p", "ET"),
    (
        "p",
        "Cartonnages Delorme-Vasseur SAS, dont le siège social est situé ZI des Prés-Hauts, "
        "38300 Bourgoin-Jallieu, représentée par Monsieur Thibault Garnier, Directeur commercial,",
    ),
    ("p", "ci-après « le Fournisseur »."),
    ("p", "IL A ÉTÉ CONVENU CE QUI SUIT :"),
    ("h", "Article 1 – Objet"),
    (
        "p",
        "Le présent contrat-cadre fixe les conditions dans lesquelles le Fournisseur livre au Client "
        "des emballages en carton ondulé, des caisses isothermes et des packs réfrigérants "
        "pour les sites de Saint-Priest et de Lille.",
    ),
    (
        "p",
        "Les commandes sont passées par bons de commande successifs, transmis par EDI ou par e-mail.",
    ),
    ("h", "Article 2 – Durée"),
    ("p", "Le contrat entre en vigueur le 12 mai 2025 pour une durée de trois ans."),
    ("p", "Il est ensuite reconduit tacitement par périodes successives d'un an."),
    (
        "p",
        "Chaque partie peut le dénoncer moyennant un préavis de quatre mois avant l'échéance, "
        "par lettre recommandée avec accusé de réception.",
    ),
    ("h", "Article 3 – Prix"),
    ("p", "Les prix unitaires hors taxes (HT), franco site du Client, sont les suivants :"),
    (
        "table",
        (26, 84, 22, 34),
        ("LEFT", "LEFT", "LEFT", "RIGHT"),
        [
            ("Réf.", "Désignation", "Unité", "Prix HT"),
            ("CDV-6040", "Carton double cannelure 60 × 40 × 40 cm", "pièce", "1,84 €"),
            ("CDV-4030", "Carton simple cannelure 40 × 30 × 30 cm", "pièce", "0,97 €"),
            ("ISO-28", "Caisse isotherme EPS 28 litres", "pièce", "6,35 €"),
            ("ISO-45", "Caisse isotherme EPS 45 litres", "pièce", "8,90 €"),
            ("GEL-500", "Pack réfrigérant gel 500 g", "pièce", "0,62 €"),
        ],
    ),
    ("p", "Les prix sont fermes jusqu'au 31 décembre 2025."),
    ("p", "Ils peuvent ensuite être révisés une fois par an, dans la limite de 2,5 % par an."),
    ("h", "Article 4 – Volumes"),
    (
        "p",
        "Le Client s'engage sur un volume minimal de 180\u00a0000 cartons par année contractuelle.",
    ),
    (
        "p",
        "Au-delà de 250\u00a0000 cartons par an, une remise de 3 % s'applique "
        "sur l'ensemble des commandes de l'année contractuelle.",
    ),
    ("h", "Article 5 – Commandes et délais de livraison"),
    (
        "p",
        "Le délai de livraison standard est de cinq jours ouvrés "
        "à compter de la réception du bon de commande.",
    ),
    (
        "p",
        "Pour les commandes urgentes, le Fournisseur livre sous 48 heures "
        "moyennant une majoration de 12 %.",
    ),
    ("p", "Les livraisons ont lieu du lundi au vendredi entre 7h00 et 13h00."),
    ("h", "Article 6 – Pénalités de retard"),
    (
        "p",
        "En cas de retard de livraison, le Fournisseur doit une pénalité de 0,5 % "
        "du montant HT de la commande par jour ouvré de retard.",
    ),
    (
        "p",
        "Le montant total des pénalités est plafonné à 10 % du montant HT de la commande concernée.",
    ),
    ("h", "Article 7 – Qualité"),
    (
        "p",
        "Le taux de non-conformité ne doit pas dépasser 0,8 % des unités livrées sur un trimestre.",
    ),
    (
        "p",
        "Les emballages non conformes sont repris et remplacés aux frais du Fournisseur "
        "sous dix jours ouvrés.",
    ),
    (
        "p",
        "Les caisses isothermes doivent maintenir une température comprise entre +2 °C et +8 °C "
        "pendant au moins 72 heures.",
    ),
    ("h", "Article 8 – Facturation et paiement"),
    ("p", "Les factures sont payables à 45 jours fin de mois à compter de leur date d'émission."),
    (
        "p",
        "Tout retard de paiement entraîne l'application d'une indemnité forfaitaire "
        "pour frais de recouvrement de 40 €.",
    ),
    ("h", "Article 9 – Assurance"),
    (
        "p",
        "Le Fournisseur justifie d'une assurance responsabilité civile professionnelle "
        "couvrant au moins 2\u00a0000\u00a0000 € par sinistre.",
    ),
    ("h", "Article 10 – Confidentialité"),
    (
        "p",
        "Les parties gardent confidentielles les informations échangées pendant toute la durée "
        "du contrat et pendant cinq ans après son terme.",
    ),
    ("h", "Article 11 – Interlocuteurs"),
    (
        "p",
        "Pour le Client : Mme Élodie Marchetti, Directrice des achats, e.marchetti@quarnell.example.",
    ),
    (
        "p",
        "Pour le Fournisseur : M. Thibault Garnier, Directeur commercial, t.garnier@delorme-vasseur.example.",
    ),
    ("h", "Article 12 – Droit applicable et juridiction"),
    ("p", "Le contrat est soumis au droit français."),
    ("p", "Tout litige relève de la compétence exclusive du Tribunal de commerce de Lyon."),
    ("p", "Fait à Lyon, le 23 avril 2025, en deux exemplaires originaux."),
    (
        "signatures",
        ["Élodie Marchetti", "Quarnell Logistique SAS"],
        ["Thibault Garnier", "Cartonnages Delorme-Vasseur SAS"],
    ),
]


REPORT_EN: list[tuple[Any, ...]] = [
    ("title", "Quarnell Logistics Group plc"),
    ("subtitle", "Annual Report 2024 – Summary · published in Dublin on 10 April 2025"),
    ("h", "Letter from the Chief Executive"),
    (
        "p",
        "2024 was a year of profitable growth for Quarnell. All four countries grew, "
        "and our new cold store in Venlo was completed on time and on budget.",
    ),
    ("p", "Group revenue rose by 8.9% to EUR 412.6 million (2023: EUR 378.9 million)."),
    (
        "p",
        "I would like to thank our 2,870 colleagues for their commitment, "
        "and our 1,180 customers for their trust.",
    ),
    ("p", "Aoife Brennan, Chief Executive Officer"),
    ("h", "Key figures 2024"),
    (
        "table",
        (86, 40, 40),
        ("LEFT", "RIGHT", "RIGHT"),
        [
            ("Indicator", "2024", "2023"),
            ("Revenue (EUR million)", "412.6", "378.9"),
            ("EBIT (EUR million)", "27.3", "22.4"),
            ("EBIT margin", "6.6%", "5.9%"),
            ("Net profit (EUR million)", "18.1", "14.7"),
            ("Capital expenditure (EUR million)", "34.8", "21.5"),
            ("Net debt at year end (EUR million)", "96.2", "88.0"),
            ("Employees at 31 December", "2,870", "2,655"),
            ("Dividend per share (EUR)", "0.42", "0.35"),
        ],
    ),
    ("h", "Performance by country"),
    (
        "table",
        (40, 30, 30, 24, 26, 16),
        ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        [
            ("Country", "Revenue 2024", "Revenue 2023", "Change", "Employees", "Sites"),
            ("Ireland", "61.4", "57.2", "+7.3%", "310", "3"),
            ("Germany", "158.9", "146.0", "+8.8%", "1,045", "6"),
            ("Netherlands", "112.7", "101.3", "+11.3%", "820", "4"),
            ("France", "79.6", "74.4", "+7.0%", "695", "3"),
            ("Group", "412.6", "378.9", "+8.9%", "2,870", "16"),
        ],
    ),
    ("p", "Revenue in EUR million; employees (headcount) at 31 December 2024."),
    ("p", "Germany remained our largest market with revenue of EUR 158.9 million."),
    (
        "p",
        "The Netherlands grew fastest, driven by the new cold store in Venlo. "
        "The Venlo cold store opened on 16 September 2024. "
        "It adds 14,500 pallet places for chilled and frozen goods.",
    ),
    (
        "p",
        "In France, the Saint-Priest site near Lyon won two pharmaceutical customers. "
        "Ireland grew mainly in contract logistics for medical devices.",
    ),
    ("h", "Sustainability"),
    ("p", "Battery-electric trucks made up 14% of our fleet at year end."),
    ("p", "The group operated 640 trucks and vans on 31 December 2024."),
    ("p", "CO2 emissions per tonne-kilometre fell by 6.2% compared with 2023."),
    ("p", "All 16 sites have used certified green electricity since 30 June 2024."),
    ("h", "Shareholder information"),
    ("p", "The Annual General Meeting will be held in Dublin on 22 May 2025."),
    ("p", "The Board proposes a dividend of EUR 0.42 per share."),
    ("p", "Subject to approval, the dividend will be paid on 18 June 2025."),
    ("h", "Outlook 2025"),
    (
        "p",
        "For 2025 we expect revenue between EUR 435 million and EUR 450 million "
        "and an EBIT margin of around 7%.",
    ),
    (
        "p",
        "Planned capital expenditure is EUR 41 million. "
        "It includes a new cross-dock in Duisburg, due to open in the fourth quarter of 2025.",
    ),
    ("h", "Board of Directors"),
    (
        "bullets",
        [
            "Margaret Kilbride, Chair",
            "Aoife Brennan, Chief Executive Officer",
            "Declan Whitford, Chief Financial Officer",
            "Hendrik Zwanenburg, Non-executive Director",
            "Claire Fontanel, Non-executive Director",
        ],
    ),
    (
        "p",
        "Quarnell Logistics Group plc, Quarnell House, 18 Grand Canal Walk, Dublin 2, Ireland. "
        "The full annual report is available from investors@quarnell.example.",
    ),
]


def write_pdfs() -> None:
    write_pdf(
        "de_mietvertrag_berlin.pdf",
        "de",
        "Gewerbemietvertrag Büroräume Kranichufer 27, Berlin",
        "Mietvertrag SW-B-2024-117 – Seite",
        datetime(2024, 11, 28, 9, 0, tzinfo=UTC),
        LEASE_DE,
    )
    write_pdf(
        "fr_contrat_cadre_emballages.pdf",
        "fr",
        "Contrat-cadre de fourniture d'emballages QL-ACH-2025-031",
        "Contrat-cadre QL-ACH-2025-031 – page",
        datetime(2025, 4, 23, 9, 0, tzinfo=UTC),
        CONTRACT_FR,
    )
    write_pdf(
        "en_annual_report_2024_summary.pdf",
        "en",
        "Quarnell Logistics Group plc – Annual Report 2024 Summary",
        "Quarnell Logistics Group plc – Annual Report 2024 Summary – page",
        datetime(2025, 4, 10, 9, 0, tzinfo=UTC),
        REPORT_EN,
    )


# ---------------------------------------------------------------------------
# DOCX (python-docx)
# ---------------------------------------------------------------------------

FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def _save_docx_deterministic(document: Any, path: Path) -> None:
    """Save a python-docx document with fixed zip entry timestamps."""
    buf = io.BytesIO()
    document.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            new = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, data)
    path.write_bytes(out.getvalue())


def _new_docx(title: str, author: str, lang: str, when: datetime) -> Any:
    import docx

    document = docx.Document()
    cp = document.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.language = lang
    cp.subject = "souverain example corpus, fictional content"
    cp.keywords = "Quarnell; fictional; example"
    cp.comments = "Generated by scripts/make_examples.py"
    cp.revision = 1
    naive = when.replace(tzinfo=None)
    cp.created = naive
    cp.modified = naive
    cp.last_printed = naive
    return document


def _table(document: Any, rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = text
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def write_handbook_nl() -> None:
    name = "nl_personeelshandboek_uittreksel.docx"
    d = _new_docx(
        "Personeelshandboek Quarnell Logistiek B.V. (uittreksel)",
        "HR Quarnell Logistiek B.V.",
        "nl-NL",
        datetime(2025, 1, 13, 9, 0, tzinfo=UTC),
    )
    d.add_heading("Personeelshandboek Quarnell Logistiek B.V.", level=0)
    d.add_paragraph("Uittreksel – versie 3.2 – geldig vanaf 13 januari 2025")
    d.add_paragraph(
        "Dit uittreksel geldt voor alle medewerkers van de vestigingen Venlo, Rotterdam, "
        "Tilburg en Zwolle. Bij verschillen gaat de cao voor."
    )

    d.add_heading("1. Werktijden", level=1)
    d.add_paragraph("Een volledige werkweek bestaat uit 38 uur.")
    d.add_paragraph("Kantoormedewerkers werken met flexibele werktijden tussen 07:30 en 18:30 uur.")
    d.add_paragraph("De kernuren, waarin iedereen bereikbaar is, zijn van 10:00 tot 15:00 uur.")
    d.add_paragraph("In de distributiecentra wordt in drie ploegen gewerkt:")
    for item in (
        "Vroege dienst: 06:00 – 14:00 uur",
        "Late dienst: 14:00 – 22:00 uur (toeslag 15 %)",
        "Nachtdienst: 22:00 – 06:00 uur (toeslag 27 %)",
    ):
        d.add_paragraph(item, style="List Bullet")
    d.add_paragraph(
        "Overuren worden in overleg met de leidinggevende gecompenseerd in tijd "
        "of uitbetaald tegen 125 % van het uurloon."
    )

    d.add_heading("2. Vakantie en verlof", level=1)
    d.add_paragraph(
        "Een medewerker met een volledige werkweek heeft recht op 26 vakantiedagen per kalenderjaar."
    )
    d.add_paragraph("Daarvan zijn 20 dagen wettelijk en 6 dagen bovenwettelijk.")
    d.add_paragraph(
        "Wettelijke vakantiedagen vervallen zes maanden na het einde van het kalenderjaar. "
        "Bovenwettelijke dagen verjaren na vijf jaar."
    )
    d.add_paragraph(
        "Het vakantiegeld bedraagt 8 % van het brutojaarsalaris en wordt in mei uitbetaald."
    )
    d.add_paragraph(
        "Vakantie van meer dan twee weken vraag je minimaal zes weken van tevoren aan via het HR-portaal."
    )
    d.add_paragraph("Na 10 jaar dienstverband krijg je één extra vakantiedag per jaar.")

    d.add_heading("2.1 Ziekmelding", level=2)
    for item in (
        "Meld je ziek vóór 08:30 uur telefonisch bij je leidinggevende.",
        "Registreer de ziekmelding dezelfde dag in het HR-portaal.",
        "Blijf bereikbaar voor de bedrijfsarts en volg zijn of haar adviezen op.",
        "Meld je beter zodra je weer aan het werk gaat.",
    ):
        d.add_paragraph(item, style="List Number")

    d.add_heading("3. Onkostenregeling", level=1)
    d.add_paragraph(
        "Zakelijke kosten worden vergoed als ze vooraf zijn goedgekeurd en met bonnen zijn onderbouwd."
    )
    d.add_paragraph(
        "Declaraties dien je binnen 30 dagen na het maken van de kosten in via het declaratieportaal."
    )
    d.add_paragraph(
        "Voor bedragen vanaf € 25,00 is een origineel bonnetje of een digitale factuur verplicht."
    )
    _table(
        d,
        [
            ("Kostensoort", "Vergoeding", "Voorwaarde"),
            ("Woon-werkverkeer (eigen vervoer)", "€ 0,19 per km", "maximaal 40 km enkele reis"),
            (
                "Zakelijke kilometers (eigen auto)",
                "€ 0,23 per km",
                "rit registreren in het portaal",
            ),
            ("Openbaar vervoer", "100 % van de kosten", "2e klas"),
            ("Lunch tijdens dienstreis", "maximaal € 17,50", "reis langer dan 6 uur"),
            ("Diner tijdens dienstreis", "maximaal € 32,00", "terugkomst na 20:00 uur"),
            ("Hotelovernachting", "maximaal € 140 per nacht", "Amsterdam: maximaal € 175"),
            ("Thuiswerkvergoeding", "€ 2,35 per dag", "alleen geregistreerde thuiswerkdagen"),
        ],
    )
    d.add_paragraph("Alcoholische dranken en verkeersboetes worden nooit vergoed.")
    d.add_paragraph(
        "Goedgekeurde declaraties worden met de eerstvolgende salarisbetaling uitbetaald."
    )

    d.add_heading("4. Contact", level=1)
    d.add_paragraph(
        "Vragen over dit handboek beantwoordt Marloes van Dijkhuizen, HR-manager, "
        "via hr.nl@quarnell.example."
    )
    _save_docx_deterministic(d, DOCS / name)
    DOC_LANG[name] = "nl"


def write_it_policy_de() -> None:
    name = "de_it_sicherheitsrichtlinie.docx"
    d = _new_docx(
        "IT-Sicherheitsrichtlinie Quarnell Logistik GmbH",
        "Jonas Brückner",
        "de-DE",
        datetime(2025, 2, 17, 9, 0, tzinfo=UTC),
    )
    d.add_heading("IT-Sicherheitsrichtlinie", level=0)
    d.add_paragraph("Quarnell Logistik GmbH – Version 2.1 – gültig ab 17. Februar 2025")
    d.add_paragraph("Verantwortlich: Jonas Brückner, Informationssicherheitsbeauftragter (ISB)")

    d.add_heading("1. Geltungsbereich", level=1)
    d.add_paragraph(
        "Diese Richtlinie gilt für alle Beschäftigten, Leiharbeitskräfte und externen Dienstleister "
        "der Quarnell Logistik GmbH an den sechs deutschen Standorten."
    )

    d.add_heading("2. Passwörter und Anmeldung", level=1)
    for item in (
        "Passwörter müssen mindestens 14 Zeichen lang sein.",
        "Für alle Cloud-Dienste und den VPN-Zugang ist die Multi-Faktor-Authentifizierung (MFA) Pflicht.",
        "Passwörter werden ausschließlich im freigegebenen Passwort-Manager gespeichert.",
        "Ein Passwortwechsel ist nur bei Verdacht auf Kompromittierung erforderlich.",
        "Nach zehn fehlgeschlagenen Anmeldeversuchen wird das Konto für 15 Minuten gesperrt.",
        "Der Bildschirm wird nach spätestens 10 Minuten Inaktivität automatisch gesperrt.",
    ):
        d.add_paragraph(item, style="List Bullet")

    d.add_heading("3. Meldung von Sicherheitsvorfällen", level=1)
    d.add_paragraph(
        "Verdächtige E-Mails, verlorene Geräte und andere Sicherheitsvorfälle sind unverzüglich, "
        "spätestens innerhalb von 30 Minuten nach Entdeckung, zu melden."
    )
    d.add_paragraph(
        "Meldungen gehen an den IT-Servicedesk unter 040 5557 3100 oder an security@quarnell.example."
    )
    d.add_paragraph("Der Verlust eines Firmenhandys ist zusätzlich der Teamleitung zu melden.")

    d.add_heading("4. Software-Updates und Datensicherung", level=1)
    d.add_paragraph("Kritische Sicherheitsupdates werden innerhalb von 72 Stunden installiert.")
    d.add_paragraph("Alle übrigen Updates werden innerhalb von 14 Tagen installiert.")
    d.add_paragraph(
        "Serverdaten werden täglich gesichert; die Sicherungen werden 90 Tage aufbewahrt."
    )
    d.add_paragraph("Die Wiederherstellung aus der Sicherung wird einmal pro Quartal getestet.")

    d.add_heading("5. Klassifizierung von Informationen", level=1)
    _table(
        d,
        [
            ("Stufe", "Beispiele", "Umgang"),
            ("Öffentlich", "Pressemitteilungen, Website", "keine Einschränkungen"),
            ("Intern", "Telefonlisten, Prozessbeschreibungen", "nur für Beschäftigte"),
            (
                "Vertraulich",
                "Kundenverträge, Preislisten",
                "Weitergabe nur nach Bedarf, verschlüsselt",
            ),
            (
                "Streng vertraulich",
                "Personalakten, Gehaltsdaten, Zugangsdaten",
                "nur für namentlich berechtigte Personen",
            ),
        ],
    )

    d.add_heading("6. Mobile Geräte und Wechseldatenträger", level=1)
    for item in (
        "USB-Sticks sind nur erlaubt, wenn sie von der IT ausgegeben und hardwareverschlüsselt sind.",
        "Außerhalb des Firmennetzes ist immer das VPN zu verwenden, auch im Homeoffice.",
        "Öffentliche WLAN-Netze dürfen nur mit aktivem VPN genutzt werden.",
    ):
        d.add_paragraph(item, style="List Bullet")

    d.add_heading("7. Schulungen", level=1)
    d.add_paragraph(
        "Alle Beschäftigten absolvieren jährlich bis zum 30. September "
        "die E-Learning-Schulung „Informationssicherheit“."
    )
    d.add_paragraph("Die IT führt viermal im Jahr eine Phishing-Simulation durch.")

    d.add_heading("8. Verstöße", level=1)
    d.add_paragraph("Verstöße gegen diese Richtlinie können arbeitsrechtliche Konsequenzen haben.")
    _save_docx_deterministic(d, DOCS / name)
    DOC_LANG[name] = "de"


# ---------------------------------------------------------------------------
# Plain-text formats: HTML, TXT, Markdown
# ---------------------------------------------------------------------------

HTML_LYON_FR = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Quarnell Logistique – Site de Lyon Saint-Priest</title>
<style>
  body { font-family: sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #999; padding: 0.3rem 0.6rem; text-align: left; }
</style>
</head>
<body>
<header>
<p><a href="/">Quarnell Logistique</a> › Nos sites › Lyon Saint-Priest</p>
</header>
<main>
<h1>Notre site de Lyon Saint-Priest</h1>
<p>Ouverte le 14 mars 2016, la plateforme de Lyon Saint-Priest est le plus grand site de
Quarnell Logistique en France. Elle dessert surtout des clients de l'agroalimentaire et de la
santé dans la région Auvergne-Rhône-Alpes.</p>

<h2>Adresse et accès</h2>
<address>
Quarnell Logistique SAS – Plateforme de Lyon Saint-Priest<br>
112 rue des Frênes-Hauts<br>
69800 Saint-Priest, France
</address>
<p>Les poids lourds accèdent au site par l'entrée Nord, porte B.</p>
<p>Parking visiteurs : 40 places devant le bâtiment administratif.</p>

<h2>Le site en chiffres</h2>
<ul>
  <li>248 collaborateurs, dont 186 en entrepôt et 62 dans les bureaux</li>
  <li>38 500 m² d'entrepôt, dont 6 200 m² en température dirigée (+2 °C à +8 °C)</li>
  <li>52 quais de chargement, dont 8 quais réfrigérés</li>
  <li>environ 21 000 palettes expédiées par mois</li>
  <li>Certifications : ISO 9001, ISO 14001 et BPD (Bonnes Pratiques de Distribution)</li>
</ul>

<h2>Horaires d'ouverture</h2>
<table>
  <thead>
    <tr><th>Service</th><th>Lundi – vendredi</th><th>Samedi</th></tr>
  </thead>
  <tbody>
    <tr><td>Réception des marchandises</td><td>6h00 – 20h00</td><td>7h00 – 12h00</td></tr>
    <tr><td>Expéditions</td><td>5h30 – 21h30</td><td>6h00 – 13h00</td></tr>
    <tr><td>Accueil et bureaux</td><td>8h30 – 17h30</td><td>fermé</td></tr>
  </tbody>
</table>
<p>Le site est fermé le dimanche et les jours fériés.</p>

<h2>Contact</h2>
<p>Directrice de site : Nadia Ferrand</p>
<p>Téléphone : +33 4 65 71 20 48 – E-mail : lyon@quarnell.example</p>
<p>Les rendez-vous de livraison se prennent au plus tard 24 heures à l'avance
sur le portail transporteurs.</p>
</main>
<footer>
<p>© 2025 Quarnell Logistique SAS – contenu fictif, exemple du projet souverain.</p>
</footer>
</body>
</html>
"""

HTML_SERVICE_EN = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>QuarnellCool – temperature-controlled logistics | Quarnell Logistics Group</title>
<script>/* analytics placeholder: not content */ var consent = false;</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/services">Services</a> | <a href="/contact">Contact</a></nav>
<main>
<h1>QuarnellCool: temperature-controlled logistics</h1>
<p>QuarnellCool is our end-to-end service for food, pharmaceutical and life-science products
that must stay within a defined temperature range from pick-up to delivery.</p>

<h2>Temperature ranges</h2>
<table>
  <tr><th>Range</th><th>Temperature</th><th>Typical products</th></tr>
  <tr><td>Frozen</td><td>−25 °C to −18 °C</td><td>ice cream, frozen bakery, seafood</td></tr>
  <tr><td>Chilled</td><td>+2 °C to +8 °C</td><td>dairy, vaccines, fresh meals</td></tr>
  <tr><td>Controlled ambient</td><td>+15 °C to +25 °C</td><td>medicines, chocolate, cosmetics</td></tr>
</table>

<h2>What you get</h2>
<ul>
  <li>41,000 temperature-controlled pallet places in 7 cold stores in Ireland, Germany,
      the Netherlands and France</li>
  <li>A fleet of 185 refrigerated trailers with dual-zone cooling</li>
  <li>Calibrated data loggers that record the temperature every 5 minutes</li>
  <li>Automatic alerts if a shipment stays out of range for more than 15 minutes</li>
  <li>GDP-certified processes for medicines, audited every year</li>
  <li>Next-day delivery in the Benelux and Germany for orders placed before 14:00</li>
</ul>

<h2>Performance in 2024</h2>
<p>On-time delivery: 98.7%.</p>
<p>Temperature compliance: 99.96% of all shipments.</p>

<h2>Request a quote</h2>
<p>We reply to every quote request within 24 hours on working days.</p>
<p>Contact Conor Maguire, Head of Cold Chain Solutions, at coldchain@quarnell.example
or +353 1 555 0142.</p>
</main>
<footer><p>© 2025 Quarnell Logistics Group plc. Fictional example content.</p></footer>
</body>
</html>
"""

HTML_JOB_DE = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Teamleiter Disposition (m/w/d) – Hamburg | Karriere bei Quarnell</title>
</head>
<body>
<main>
<h1>Teamleiter Disposition (m/w/d)</h1>
<p>Standort: Hamburg-Billbrook, Kaltenbergkai 12, 22113 Hamburg</p>
<p>Vollzeit (40 Stunden pro Woche) · unbefristet · Referenz: HH-DISPO-2025-04</p>

<h2>Ihre Aufgaben</h2>
<ul>
  <li>Fachliche und disziplinarische Führung eines Teams von 12 Disponentinnen und Disponenten</li>
  <li>Planung von täglich rund 320 Touren im temperaturgeführten Nah- und Fernverkehr</li>
  <li>Steuerung von Subunternehmern und Einhaltung der Lenk- und Ruhezeiten</li>
  <li>Berichterstattung an die Niederlassungsleitung Hamburg</li>
</ul>

<h2>Ihr Profil</h2>
<ul>
  <li>Ausbildung als Kaufmann/Kauffrau für Spedition und Logistikdienstleistung oder ein Studium</li>
  <li>Mindestens fünf Jahre Erfahrung in der Disposition, davon zwei Jahre mit Führungsverantwortung</li>
  <li>Sehr gute Deutsch- und gute Englischkenntnisse</li>
</ul>

<h2>Wir bieten</h2>
<ul>
  <li>Jahresbruttogehalt zwischen 58.000 € und 66.000 €, je nach Erfahrung</li>
  <li>30 Tage Urlaub im Jahr</li>
  <li>Kostenloses Deutschlandticket als Jobticket</li>
  <li>Betriebliche Altersvorsorge mit 20 % Arbeitgeberzuschuss</li>
  <li>Ein Tag mobiles Arbeiten pro Woche</li>
</ul>

<h2>Bewerbung</h2>
<p>Frühestmöglicher Eintritt ist der 18. August 2025.</p>
<p>Bitte bewerben Sie sich bis zum 31. Mai 2025 über unser Karriereportal.</p>
<p>Ihre Ansprechpartnerin: Lena Hartwig, Recruiting, Telefon 040 5557 3188,
karriere@quarnell.example</p>
</main>
</body>
</html>
"""

TXT_MINUTES_NL = """NOTULEN OPERATIONEEL OVERLEG DC VENLO

Datum:       dinsdag 11 maart 2025
Tijd:        09:30 - 11:00 uur
Locatie:     vergaderruimte Maas, Koelhuisweg 41, 5928 PR Venlo
Voorzitter:  Pieter Hoogendoorn (vestigingsmanager)
Notulist:    Sanne Verbeek
Aanwezig:    Pieter Hoogendoorn, Sanne Verbeek, Bram de Wit (teamleider inbound),
             Fatima El Amrani (kwaliteit), Joris Ketelaar (planning)
Afwezig:     Ilse Vermeulen (HR), met bericht


1. Opening en vaststelling notulen

De voorzitter opent de vergadering om 09:32 uur.
De notulen van 11 februari 2025 worden zonder wijzigingen vastgesteld.


2. Kengetallen februari 2025

- Productiviteit orderpicking: 142 orderregels per uur (doel: 150).
- Foutpercentage uitlevering: 0,31 % (doel: onder 0,25 %).
- Ziekteverzuim: 5,8 % (januari: 6,4 %).
- Bezettingsgraad koelhuis: 91 %.

Joris licht toe dat de lagere productiviteit vooral komt door het inwerken
van negen nieuwe uitzendkrachten.


3. Nieuwe klant Vennekamp Zuivel

De opstart van Vennekamp Zuivel is gepland op maandag 14 april 2025.
De klant neemt 2.300 palletplaatsen in de koelzone (+2 tot +8 °C) af.
Voor de avonddienst worden zes extra medewerkers geworven.
Fatima stelt het kwaliteitsplan op.
De eerste audit door de klant vindt plaats op 29 april 2025.


4. Investering reachtrucks

Het budget van € 186.000 voor vier elektrische reachtrucks is door het hoofdkantoor goedgekeurd.
De leverancier heeft levering in week 19 toegezegd.
Alle bestuurders krijgen een instructie van een halve dag door de leverancier.


5. Veiligheid

In februari zijn twee bijna-ongevallen gemeld, beide bij dock 7 (achteruitrijdende trekker).
Besluit: vanaf 17 maart 2025 geldt bij de docks 5 tot en met 9 een eenrichtingsroute voor voetgangers.


6. Rondvraag

Bram vraagt of de kantine ook op zaterdag open kan. Pieter neemt dit mee naar het MT.


ACTIEPUNTEN

Nr | Actie                                      | Wie                | Deadline
1  | Vacatures avonddienst plaatsen             | Ilse Vermeulen     | 18-03-2025
2  | Kwaliteitsplan Vennekamp Zuivel opstellen  | Fatima El Amrani   | 31-03-2025
3  | Eenrichtingsroute docks 5-9 markeren       | Bram de Wit        | 14-03-2025
4  | Voorstel zaterdagopenstelling kantine      | Pieter Hoogendoorn | volgend overleg


Volgend overleg: dinsdag 15 april 2025, 09:30 uur, vergaderruimte Maas.
"""

TXT_TELEWORK_FR = """QUARNELL LOGISTIQUE SAS
27 cours Albert-Vernay, 69003 Lyon

NOTE DE SERVICE N° 2025-07
Objet : Télétravail - nouvelles règles
Lyon, le 19 mars 2025

Destinataires : l'ensemble du personnel administratif de Quarnell Logistique SAS


Après consultation du CSE le 11 mars 2025, la direction fixe les règles suivantes,
applicables à compter du 28 avril 2025.


1. Éligibilité

Le télétravail est ouvert aux salariés des fonctions administratives ayant au moins
trois mois d'ancienneté.
Les postes d'exploitation en entrepôt et à quai ne sont pas éligibles.


2. Nombre de jours

Chaque salarié éligible peut télétravailler jusqu'à deux jours par semaine.
Le mardi est un jour de présence obligatoire pour tous, en raison des réunions d'équipe.
Les jours de télétravail sont fixés chaque mois avec le responsable hiérarchique.


3. Demande

La demande initiale se fait via le formulaire RH au moins 15 jours avant la date de début souhaitée.
Une période d'adaptation de deux mois permet à chaque partie de mettre fin au télétravail sans motif.


4. Horaires et joignabilité

Le salarié en télétravail doit être joignable de 9h30 à 12h00 et de 14h00 à 16h30.
Le droit à la déconnexion s'applique en dehors de ces plages et, en tout cas, après 19h00.


5. Équipement et indemnité

L'entreprise fournit un ordinateur portable, un casque et un second écran.
Une indemnité forfaitaire de 2,60 € par jour de télétravail est versée avec le salaire.
Elle est plafonnée à 57,20 € par mois.


6. Contact

Pour toute question : Sophie Tanguy, Responsable RH, poste 2214.


Laurent Aubriot
Directeur général
"""

MD_ONBOARDING_EN = """# Welcome to Quarnell: onboarding guide

Dublin head office · version of 20 January 2025

This guide is for new office colleagues at Quarnell Logistics Group plc in Dublin.
Your onboarding coordinator is Gráinne O'Sullivan in HR.
She will send you a calendar for your first two weeks before you start.

## Your first day

- Please arrive at 09:15 and ask for your buddy at reception.
- Our office is on the ground floor of Quarnell House, 18 Grand Canal Walk, Dublin 2.
- Bring photo ID and your PPS number so that payroll can set you up.
- IT will hand over your laptop and access badge before 11:00.
- The fire warden, Liam Cassidy, gives the fire safety briefing at 14:00.

## Your first weeks

| Week | What happens | Who is responsible |
|------|--------------|--------------------|
| 1 | IT set-up, security e-learning, team introductions | IT service desk, your manager |
| 2 | Visit to the Ballycoolin warehouse | Operations |
| 3–4 | Shadowing in customer service and planning | Your buddy |
| 6 | First review meeting | Your manager |
| 13 | Mid-probation review | HR |

## Key facts

- Probation period: six months.
- Annual leave: 24 days per year, plus the Irish public holidays.
- Core hours: 10:00 to 16:00; you can start between 07:30 and 10:00.
- Hybrid working: up to three days per week from home once your probation has ended.
- Pension: Quarnell matches your contributions up to 6% of basic salary.
- Cycle to Work scheme: up to EUR 1,250 for a bicycle, repaid through your salary.
- Salaries are paid monthly by bank transfer.

## Mandatory training

1. Information security e-learning: within your first 10 working days.
2. Data protection (GDPR) basics: within your first month.
3. Fire safety briefing: on your first day.

## Who to contact

| Topic | Contact | How |
|-------|---------|-----|
| Onboarding and HR | Gráinne O'Sullivan | onboarding@quarnell.example |
| IT and passwords | IT service desk | extension 4400 |
| Payroll | Ciarán Moloney | payroll.ie@quarnell.example |
| Facilities and badges | Front desk | extension 4000 |

Welcome aboard!
"""

MD_SAFETY_NL = """# Veiligheidsinstructie magazijn – DC Rotterdam Waalhaven

Versie 4 · laatste herziening 12 februari 2025 · eigenaar: Kees Brouwer, preventiemedewerker

Deze instructie geldt voor iedereen die het magazijn betreedt: medewerkers, uitzendkrachten,
chauffeurs en bezoekers.

## Persoonlijke beschermingsmiddelen (PBM)

- Veiligheidsschoenen klasse S3 zijn overal in het magazijn verplicht.
- Draag altijd een oranje veiligheidshesje; bezoekers krijgen een geel hesje bij de receptie.
- In de vriescel is thermokleding van het bedrijf verplicht.

## Zones en maximale verblijfsduur

In de vriescel mag je maximaal 45 minuten aaneengesloten werken.
Daarna volgt een pauze van 15 minuten in de opwarmruimte.

| Zone | Temperatuur | Max. aaneengesloten verblijf | Daarna pauze |
|------|-------------|------------------------------|--------------|
| Vriescel V1–V3 | −22 °C | 45 minuten | 15 minuten |
| Koelcel K1–K4 | +4 °C | 2 uur | 10 minuten |
| Ambient hal | +15 tot +25 °C | geen limiet | – |

## Heftrucks en verkeer

- De maximumsnelheid is 6 km/u in de hallen en 10 km/u op het buitenterrein.
- Alleen medewerkers met een geldig heftruckcertificaat mogen heftrucks en reachtrucks besturen.
- Het heftruckcertificaat moet elke vijf jaar worden vernieuwd.
- Voetgangers gebruiken uitsluitend de groen gemarkeerde looppaden.

## Bij een ongeval of brand

1. Bel het interne noodnummer 2222 (vanaf een mobiele telefoon: +31 10 555 2222).
2. Waarschuw de dichtstbijzijnde BHV'er; op elke dienst zijn minimaal vier BHV'ers aanwezig.
3. Verlaat bij een ontruimingsalarm het gebouw via de dichtstbijzijnde nooduitgang.
4. Ga naar de verzamelplaats op parkeerplaats P2 bij poort 3.
5. Meld je bij de ploegleider, zodat iedereen geteld kan worden.

## Contact

Vragen over deze instructie: Kees Brouwer, preventiemedewerker, toestel 2340.
"""

MD_RATES_ATTACHMENT = """# QuarnellCool rates 2025

Quotation Q-2025-0318 for Brackenholt Pharma Ltd.
All prices in EUR, excluding VAT.

## Storage and handling

| Service | Unit | Price (EUR) |
|---------|------|-------------|
| Chilled storage (+2 °C to +8 °C) | pallet per week | 11.40 |
| Frozen storage (−25 °C to −18 °C) | pallet per week | 14.90 |
| Controlled ambient storage (+15 °C to +25 °C) | pallet per week | 7.80 |
| Inbound handling | pallet | 6.75 |
| Outbound handling | pallet | 7.20 |
| Order picking | order line | 0.68 |

## Refrigerated transport (full truck load)

| Route | Price per trip (EUR) |
|-------|----------------------|
| Venlo – Lyon (Saint-Priest) | 1,890.00 |
| Venlo – Hamburg | 1,240.00 |
| Venlo – Dublin (via Rotterdam ferry) | 2,960.00 |

## Conditions

- Minimum monthly invoice: EUR 2,500.
- Payment terms: 30 days net.
- Temperature report per shipment: EUR 4.50.
- The fuel surcharge applies to transport only.
"""


def write_text_files() -> None:
    files = {
        "fr_site_lyon_saint_priest.html": ("fr", HTML_LYON_FR),
        "en_service_quarnellcool.html": ("en", HTML_SERVICE_EN),
        "de_stellenanzeige_teamleiter_disposition.html": ("de", HTML_JOB_DE),
        "nl_notulen_overleg_venlo_2025-03-11.txt": ("nl", TXT_MINUTES_NL),
        "fr_note_de_service_teletravail.txt": ("fr", TXT_TELEWORK_FR),
        "en_onboarding_guide.md": ("en", MD_ONBOARDING_EN),
        "nl_veiligheidsinstructie_magazijn.md": ("nl", MD_SAFETY_NL),
    }
    for name, (lang, text) in files.items():
        (DOCS / name).write_text(text, encoding="utf-8", newline="\n")
        DOC_LANG[name] = lang


# ---------------------------------------------------------------------------
# E-mail (.eml)
# ---------------------------------------------------------------------------

EMAIL_DELAY_DE = """Sehr geehrter Herr Albrecht,

leider müssen wir Ihnen mitteilen, dass sich die Zustellung des Auftrags 4500-2187 \
der Nordbrise Feinkost GmbH verzögert.
Die Sendung umfasst 18 Paletten Tiefkühlware bei -22 °C.

Ursprünglich war die Anlieferung für heute, Dienstag, den 22. April 2025, \
an Ihr Lager in Lübeck geplant.
Grund ist der Ausfall eines Kühlaggregats in unserem Umschlaglager Hannover-Lahe am Ostermontag.
Die Ware ist nicht betroffen: Die Temperaturaufzeichnung zeigt durchgehend Werte \
zwischen -23 °C und -21 °C.

Neuer Zustelltermin ist Donnerstag, der 24. April 2025, im Zeitfenster von 06:00 bis 10:00 Uhr.
Die Sendung wird mit dem Fahrzeug HH-QL 4127 zugestellt; Fahrer ist Herr Dariusz Nowak.

Als Ausgleich schreiben wir Ihnen 15 % der Frachtkosten gut.
Bei Frachtkosten von 2.750,00 € sind das 412,50 €.
Die Gutschrift erhalten Sie mit der Aprilrechnung.

Bitte bestätigen Sie uns den neuen Termin bis morgen, 23. April 2025, 12:00 Uhr.
Für Rückfragen erreichen Sie mich direkt unter 040 5557 3142.

Mit freundlichen Grüßen

Katrin Neumeyer
Teamleiterin Disposition
Quarnell Logistik GmbH
Ankerkai 9, 20457 Hamburg
"""

EMAIL_RATES_EN = """Dear Mr Pemberton,

Thank you for meeting us at our Venlo cold store on Tuesday.
As promised, please find attached our 2025 rates for temperature-controlled storage, \
handling and transport (quotation Q-2025-0318).

A few points to note:

- The quotation is valid until 30 September 2025.
- The fuel surcharge on transport rates is currently 9.5% and is reviewed monthly.
- We can start operations for Brackenholt Pharma on 14 July 2025 at the earliest.
- For that start date we need your signed order by 27 June 2025.

If you have any questions, I am available on +353 1 555 0177.

Kind regards,

Niamh Gallagher
Key Account Manager, Pharma & Life Sciences
Quarnell Logistics Group plc, Dublin
"""


def _write_eml(name: str, msg: EmailMessage, lang: str) -> None:
    (DOCS / name).write_bytes(msg.as_bytes(policy=policy.SMTP))
    DOC_LANG[name] = lang


def write_emails() -> None:
    m = EmailMessage(policy=policy.default)
    m["From"] = "Katrin Neumeyer <k.neumeyer@quarnell.example>"
    m["To"] = "Sören Albrecht <s.albrecht@nordbrise-feinkost.example>"
    m["Cc"] = "Disposition Hamburg <dispo.hamburg@quarnell.example>"
    m["Subject"] = "Lieferverzögerung Auftrag 4500-2187 – neuer Zustelltermin"
    m["Date"] = "Tue, 22 Apr 2025 10:14:00 +0200"
    m["Message-ID"] = "<20250422101400.4500-2187@quarnell.example>"
    m.set_content(EMAIL_DELAY_DE)
    m["Content-Language"] = "de-DE"  # after set_content, which clears Content-* headers
    _write_eml("de_email_lieferverzoegerung.eml", m, "de")

    m = EmailMessage(policy=policy.default)
    m["From"] = "Niamh Gallagher <n.gallagher@quarnell.example>"
    m["To"] = "Oliver Pemberton <o.pemberton@brackenholt-pharma.example>"
    m["Subject"] = "QuarnellCool rates 2025 – quotation Q-2025-0318"
    m["Date"] = "Thu, 12 Jun 2025 15:42:00 +0100"
    m["Message-ID"] = "<20250612154200.Q-2025-0318@quarnell.example>"
    m.set_content(EMAIL_RATES_EN)
    m["Content-Language"] = "en-IE"
    (att_name,) = ATTACHMENTS
    m.add_attachment(MD_RATES_ATTACHMENT, subtype="markdown", filename=att_name)
    m.set_boundary("==quarnell-example-boundary-Q-2025-0318==")
    _write_eml(ATTACHMENTS[att_name], m, "en")
    DOC_LANG[att_name] = "en"


# ---------------------------------------------------------------------------
# Questions (qa.jsonl) and answer-form helpers
# ---------------------------------------------------------------------------

EN_M = ["January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"]  # fmt: skip
DE_M = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
        "September", "Oktober", "November", "Dezember"]  # fmt: skip
NL_M = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december"]  # fmt: skip
FR_M = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre"]  # fmt: skip


def _uniq(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


def date_forms(y: int, m: int, d: int, *, yearless: bool = False) -> list[str]:
    """Date spellings in all four languages. Days are >= 10 so no form is a
    substring of a different date (e.g. '1 March' inside '21 March')."""
    assert d >= 10, "use two-digit days for unambiguous matching"
    en, de, nl, fr = EN_M[m - 1], DE_M[m - 1], NL_M[m - 1], FR_M[m - 1]
    suf = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = [
        f"{d} {en} {y}", f"{en} {d}, {y}", f"{en} {d} {y}", f"{d}{suf} {en} {y}",
        f"{d}{suf} of {en} {y}", f"{en} {d}{suf}, {y}", f"{d}. {de} {y}", f"{d} {nl} {y}",
        f"{d} {fr} {y}", f"{d:02d}.{m:02d}.{y}", f"{d:02d}/{m:02d}/{y}", f"{d:02d}-{m:02d}-{y}",
        f"{y}-{m:02d}-{d:02d}", f"{d}.{m}.{y}", f"{d}/{m}/{y}", f"{d}-{m}-{y}",
    ]  # fmt: skip
    if m == 3:
        forms.append(f"{d}. Maerz {y}")
    if yearless:
        forms += [f"{d} {en}", f"{en} {d}", f"{d}{suf} {en}", f"{d}. {de}", f"{d} {nl}",
                  f"{d} {fr}", f"{d:02d}.{m:02d}.", f"{d}.{m}."]  # fmt: skip
    return _uniq(forms)


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def amount(value: float) -> list[str]:
    """Number spellings for an amount in EUR. Small amounts (< 100, or integers
    < 1000) are only accepted together with a currency marker."""
    cents = round(value * 100)
    whole, frac = divmod(cents, 100)
    if frac == 0:
        nums = [_grouped(whole, s) for s in (".", ",", "", " ", "\u00a0", "\u202f")]
    else:
        nums = []
        for s, dec in ((".", ","), (",", "."), ("", ","), ("", "."), (" ", ","), ("\u00a0", ","),
                       ("\u202f", ",")):  # fmt: skip
            nums.append(f"{_grouped(whole, s)}{dec}{frac:02d}")
    nums = _uniq(nums)
    small = value < 100 or (frac == 0 and value < 1000)
    if not small:
        return nums
    # Bare decimals are specific enough from 10.00 upwards (e.g. "14,90").
    forms: list[str] = list(nums) if frac and value >= 10 else []
    for n in nums:
        forms += [f"€{n}", f"€ {n}", f"{n} €", f"{n}€", f"{n} eur", f"eur {n}"]
    if whole == 0:
        forms += [f"{frac} cent"]
    return _uniq(forms)


def pct(num: str) -> list[str]:
    nums = _uniq([num, num.replace(".", ",")])
    forms: list[str] = []
    for n in nums:
        forms += [f"{n}%", f"{n} %", f"{n}\u00a0%", f"{n}\u202f%", f"{n} percent", f"{n} per cent",
                  f"{n} procent", f"{n} Prozent", f"{n} pour cent"]  # fmt: skip
    return _uniq(forms)


def count(n: int, *words: str) -> list[str]:
    return [f"{n} {w}" for w in words]


def plain_number(n: int) -> list[str]:
    return _uniq([_grouped(n, s) for s in (".", ",", "", " ", "\u00a0", "\u202f")])


SIX_MONTHS = ["six months", "6 months", "sechs Monate", "6 Monate", "zes maanden", "6 maanden",
              "six mois", "6 mois"]  # fmt: skip


def q(question: str, lang: str, doc: str, evidence: list[str], answer: list[str]) -> dict[str, Any]:
    return {"question": question, "evidence": evidence, "answer": answer, "lang": lang, "doc": doc}


LEASE = "de_mietvertrag_berlin.pdf"
CONTRACT = "fr_contrat_cadre_emballages.pdf"
REPORT = "en_annual_report_2024_summary.pdf"
HANDBOOK = "nl_personeelshandboek_uittreksel.docx"
ITPOL = "de_it_sicherheitsrichtlinie.docx"
LYON = "fr_site_lyon_saint_priest.html"
SERVICE = "en_service_quarnellcool.html"
JOB = "de_stellenanzeige_teamleiter_disposition.html"
MINUTES = "nl_notulen_overleg_venlo_2025-03-11.txt"
TELEWORK = "fr_note_de_service_teletravail.txt"
ONBOARD = "en_onboarding_guide.md"
SAFETY = "nl_veiligheidsinstructie_magazijn.md"
MAIL_DE = "de_email_lieferverzoegerung.eml"
MAIL_EN = "en_email_rates_quotation.eml"
RATES = "quarnellcool_rates_2025.md"  # attachment inside MAIL_EN

QA: list[dict[str, Any]] = [
    # --- German office lease (PDF, de) ---
    q("When does the lease for the Berlin office end?", "en", LEASE,
      ["endet am 31. Dezember 2029"], date_forms(2029, 12, 31)),
    q("Wie hoch ist die monatliche Nettokaltmiete für das Büro in Berlin?", "de", LEASE,
      ["Die monatliche Nettokaltmiete beträgt 18,50 € je m²", "insgesamt 7.622,00 €"],
      amount(7622)),
    q("Welke opzegtermijn geldt voor het kantoor in Berlijn als de huur na de vaste looptijd "
      "gewoon doorloopt?", "nl", LEASE,
      ["mit einer Frist von sechs Monaten"], SIX_MONTHS),
    q("Quel est le montant de la garantie locative pour les bureaux de Berlin ?", "fr", LEASE,
      ["in Höhe von drei Nettokaltmieten, also 22.866,00 €"], amount(22866)),
    q("How big is the rented office space in Berlin?", "en", LEASE,
      ["Die Mietfläche beträgt 412 m²"],
      ["412 m", "412m", "412 sq", "412 vierkante", "412 Quadrat"]),
    # --- French packaging framework contract (PDF, fr) ---
    q("Wat is de opzegtermijn van het raamcontract met de Franse verpakkingsleverancier?", "nl",
      CONTRACT, ["moyennant un préavis de quatre mois"],
      ["four months", "4 months", "vier maanden", "4 maanden", "vier Monate", "4 Monate",
       "quatre mois", "4 mois"]),
    q("Ab welcher Jahresmenge gibt der französische Kartonlieferant einen Mengenrabatt?", "de",
      CONTRACT, ["Au-delà de 250 000 cartons par an"], plain_number(250000)),
    q("Quel est le prix unitaire HT de la caisse isotherme EPS de 28 litres ?", "fr", CONTRACT,
      ["Caisse isotherme EPS 28 litres"], amount(6.35)),
    q("When does the packaging framework contract with Cartonnages Delorme-Vasseur take effect?",
      "en", CONTRACT, ["Le contrat entre en vigueur le 12 mai 2025"], date_forms(2025, 5, 12)),
    q("What are the payment terms in our packaging contract with Cartonnages Delorme-Vasseur?",
      "en", CONTRACT, ["payables à 45 jours fin de mois"],
      ["45 days", "45 jours", "45 Tage", "45 dagen"]),
    # --- Annual report summary 2024 (PDF, en) ---
    q("Quel a été le chiffre d'affaires du groupe Quarnell en 2024 ?", "fr", REPORT,
      ["Group revenue rose by 8.9% to EUR 412.6 million"], ["412,6", "412.6"]),
    q("Wie viele Mitarbeitende hatte Quarnell Ende 2024 in den Niederlanden?", "de", REPORT,
      ["Netherlands 112.7 101.3 +11.3% 820 4"], ["820"]),
    q("Hoeveel palletplaatsen heeft het nieuwe koelhuis in Venlo?", "nl", REPORT,
      ["It adds 14,500 pallet places"], plain_number(14500)),
    q("When will the dividend for 2024 be paid?", "en", REPORT,
      ["the dividend will be paid on 18 June 2025"], date_forms(2025, 6, 18)),
    q("Welk deel van het wagenpark van Quarnell was eind 2024 volledig elektrisch?", "nl", REPORT,
      ["Battery-electric trucks made up 14% of our fleet"], pct("14")),
    # --- Dutch employee handbook (DOCX, nl) ---
    q("How many vacation days do full-time employees in the Netherlands get per year?", "en",
      HANDBOOK, ["recht op 26 vakantiedagen per kalenderjaar"],
      count(26, "days", "vacation days", "holiday", "annual leave", "vakantiedagen", "dagen",
            "Tage", "Urlaubstage", "jours")),
    q("Wie viel Kilometergeld bekommt man in den Niederlanden für Dienstfahrten mit dem "
      "eigenen Auto?", "de", HANDBOOK,
      ["Zakelijke kilometers (eigen auto)", "€ 0,23 per km"], amount(0.23)),
    q("Quel est le plafond pour une nuit d'hôtel à Amsterdam selon le manuel du personnel "
      "néerlandais ?", "fr", HANDBOOK, ["Amsterdam: maximaal € 175"], amount(175)),
    q("Hoeveel toeslag krijg je bij Quarnell Logistiek voor de nachtdienst?", "nl", HANDBOOK,
      ["Nachtdienst: 22:00 – 06:00 uur (toeslag 27 %)"], pct("27")),
    # --- German IT security policy (DOCX, de) ---
    q("Hoe lang moet een wachtwoord minimaal zijn volgens het IT-beveiligingsbeleid van "
      "Quarnell Logistik?", "nl", ITPOL, ["Passwörter müssen mindestens 14 Zeichen lang sein."],
      count(14, "tekens", "karakters", "Zeichen", "characters", "caractères")),
    q("Within how much time must a security incident be reported at Quarnell Logistik in "
      "Germany?", "en", ITPOL, ["spätestens innerhalb von 30 Minuten nach Entdeckung"],
      ["30 min", "30 Minuten", "half an hour", "halben Stunde", "half uur", "demi-heure"]),
    q("Pendant combien de jours les sauvegardes des serveurs sont-elles conservées chez "
      "Quarnell Logistik ?", "fr", ITPOL, ["die Sicherungen werden 90 Tage aufbewahrt"],
      count(90, "jours", "Tage", "days", "dagen")),
    q("Wie schnell müssen kritische Sicherheitsupdates installiert werden?", "de", ITPOL,
      ["Kritische Sicherheitsupdates werden innerhalb von 72 Stunden installiert."],
      ["72 Stunden", "72 Std", "72 h", "72 uur", "72 heures", "72 hours"]),
    # --- Lyon site page (HTML, fr) ---
    q("Wie viele Mitarbeitende arbeiten am Standort Lyon Saint-Priest?", "de", LYON,
      ["248 collaborateurs, dont 186 en entrepôt"], ["248"]),
    q("What time does the reception desk at the Lyon site close on weekdays?", "en", LYON,
      ["Accueil et bureaux", "8h30 – 17h30"],
      ["17h30", "17:30", "17.30", "5:30 pm", "5.30 pm", "5:30pm", "5.30pm", "half past five"]),
    q("Combien de quais de chargement compte la plateforme de Saint-Priest ?", "fr", LYON,
      ["52 quais de chargement, dont 8 quais réfrigérés"],
      count(52, "quais", "loading", "docks", "dock", "Lade", "laad")),
    q("Wie is de vestigingsdirecteur van de locatie in Lyon?", "nl", LYON,
      ["Directrice de site : Nadia Ferrand"], ["Ferrand"]),
    # --- QuarnellCool service page (HTML, en) ---
    q("Wie viele Kühlauflieger hat Quarnell für temperaturgeführte Transporte?", "de", SERVICE,
      ["A fleet of 185 refrigerated trailers"], ["185"]),
    q("Avant quelle heure faut-il commander pour une livraison le lendemain au Benelux ?", "fr",
      SERVICE, ["for orders placed before 14:00"],
      ["14:00", "14h", "14 h", "14.00", "14 Uhr", "14 uur", "2 pm", "2pm", "2 p.m."]),
    q("What was QuarnellCool's on-time delivery rate in 2024?", "en", SERVICE,
      ["On-time delivery: 98.7%."], pct("98.7")),
    # --- Venlo meeting minutes (TXT, nl) ---
    q("When is the go-live for the new customer Vennekamp Zuivel in Venlo?", "en", MINUTES,
      ["is gepland op maandag 14 april 2025"],
      date_forms(2025, 4, 14)),
    q("Quel budget a été approuvé pour les nouveaux chariots rétractables à Venlo ?", "fr",
      MINUTES, ["Het budget van € 186.000"], plain_number(186000)),
    q("Hoeveel palletplaatsen in de koelzone neemt Vennekamp Zuivel af?", "nl", MINUTES,
      ["De klant neemt 2.300 palletplaatsen in de koelzone"], plain_number(2300)),
    q("Wer erstellt den Qualitätsplan für den neuen Kunden Vennekamp Zuivel?", "de", MINUTES,
      ["Kwaliteitsplan Vennekamp Zuivel opstellen", "Fatima stelt het kwaliteitsplan op."],
      ["El Amrani", "Amrani"]),
    # --- Onboarding guide (Markdown, en) ---
    q("Wie viele Urlaubstage haben Beschäftigte in der Zentrale in Dublin?", "de", ONBOARD,
      ["Annual leave: 24 days per year"],
      count(24, "Urlaubstage", "Tage", "days", "dagen", "vakantiedagen", "jours")),
    q("Wie is de contactpersoon voor onboarding op het hoofdkantoor in Dublin?", "nl", ONBOARD,
      ["Your onboarding coordinator is Gráinne O'Sullivan"],
      ["O'Sullivan", "O’Sullivan", "OSullivan", "O Sullivan"]),
    q("Quelle est la durée de la période d'essai au siège de Dublin ?", "fr", ONBOARD,
      ["Probation period: six months."], SIX_MONTHS),
    q("How much can I get through the Cycle to Work scheme?", "en", ONBOARD,
      ["up to EUR 1,250 for a bicycle"], amount(1250)),
    # --- German delayed-delivery e-mail (eml, de) ---
    q("What is the new delivery date for order 4500-2187?", "en", MAIL_DE,
      ["Neuer Zustelltermin ist Donnerstag, der 24. April 2025"],
      date_forms(2025, 4, 24, yearless=True)),
    q("Hoe hoog is de creditnota voor de vertraagde levering aan Nordbrise Feinkost?", "nl",
      MAIL_DE, ["Bei Frachtkosten von 2.750,00 € sind das 412,50 €."], amount(412.50)),
    q("Wie viele Paletten umfasst der verspätete Auftrag 4500-2187?", "de", MAIL_DE,
      ["Die Sendung umfasst 18 Paletten Tiefkühlware"],
      count(18, "Paletten", "pallets", "pallet", "palettes")),
    # --- English quotation e-mail (eml, en) ---
    q("Jusqu'à quand l'offre tarifaire QuarnellCool envoyée à Brackenholt Pharma est-elle "
      "valable ?", "fr", MAIL_EN, ["The quotation is valid until 30 September 2025."],
      date_forms(2025, 9, 30)),
    q("Wie hoch ist der aktuelle Treibstoffzuschlag im Angebot für Brackenholt Pharma?", "de",
      MAIL_EN, ["The fuel surcharge on transport rates is currently 9.5%"], pct("9.5")),
    # --- Rates attachment (Markdown inside the eml, en) ---
    q("What does frozen storage cost per pallet per week?", "en", RATES,
      ["Frozen storage (−25 °C to −18 °C)"], amount(14.90)),
    q("Wat kost een koeltransport (volle vracht) van Venlo naar Lyon volgens de tarieven 2025?",
      "nl", RATES, ["Venlo – Lyon (Saint-Priest)"], amount(1890)),
    q("Quel est le montant minimum de facturation mensuelle dans l'offre QuarnellCool ?", "fr",
      RATES, ["Minimum monthly invoice: EUR 2,500."], amount(2500)),
    # --- French telework memo (TXT, fr) ---
    q("How many days per week can employees of Quarnell Logistique work from home?", "en",
      TELEWORK, ["peut télétravailler jusqu'à deux jours par semaine"],
      ["two days", "2 days", "deux jours", "2 jours", "zwei Tage", "2 Tage", "twee dagen",
       "2 dagen"]),
    q("Op welke dag moeten medewerkers van Quarnell Logistique verplicht op kantoor zijn?", "nl",
      TELEWORK, ["Le mardi est un jour de présence obligatoire"],
      ["dinsdag", "mardi", "Tuesday", "Dienstag"]),
    q("Wie hoch ist die Homeoffice-Pauschale pro Tag bei Quarnell Logistique in Frankreich?",
      "de", TELEWORK, ["Une indemnité forfaitaire de 2,60 € par jour"], amount(2.60)),
    q("À partir de quelle date les nouvelles règles de télétravail s'appliquent-elles ?", "fr",
      TELEWORK, ["applicables à compter du 28 avril 2025"], date_forms(2025, 4, 28)),
    # --- Dutch warehouse safety instruction (Markdown, nl) ---
    q("How long may I work in the freezer room at the Rotterdam warehouse without a break?",
      "en", SAFETY, ["In de vriescel mag je maximaal 45 minuten aaneengesloten werken."],
      ["45 min", "45 Minuten", "three quarters of an hour", "drei Viertelstunden"]),
    q("Wo ist der Sammelplatz bei einer Evakuierung im Lager Rotterdam?", "de", SAFETY,
      ["Ga naar de verzamelplaats op parkeerplaats P2 bij poort 3."], ["P2"]),
    q("Hoe hard mag een heftruck rijden in de hallen van DC Rotterdam?", "nl", SAFETY,
      ["De maximumsnelheid is 6 km/u in de hallen"],
      ["6 km/u", "6 km/h", "6 km per uur", "zes kilometer per uur", "6 kilometer per uur"]),
    # --- Hamburg job posting (HTML, de) ---
    q("Quel est le salaire annuel proposé pour le poste de chef d'équipe planification à "
      "Hambourg ?", "fr", JOB, ["Jahresbruttogehalt zwischen 58.000 € und 66.000 €"],
      plain_number(58000) + plain_number(66000)),
    q("What is the application deadline for the team leader dispatch job in Hamburg?", "en", JOB,
      ["Bitte bewerben Sie sich bis zum 31. Mai 2025"], date_forms(2025, 5, 31)),
    q("Wie viele Urlaubstage bietet Quarnell in der Stelle als Teamleiter Disposition?", "de",
      JOB, ["30 Tage Urlaub im Jahr"], count(30, "Tage", "Urlaubstage", "days", "dagen", "jours")),
    q("Hoeveel disponenten telt het team van de teamleider disposities in Hamburg?", "nl", JOB,
      ["eines Teams von 12 Disponentinnen und Disponenten"],
      count(12, "disponenten", "Disponent", "dispatchers", "planners", "planificateurs",
            "personen", "medewerkers", "mensen")),
]  # fmt: skip


def write_qa() -> None:
    with (OUT / "qa.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for item in QA:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _pdf_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append(tp.get_text_range())
            tp.close()
            page.close()
        return pages
    finally:
        pdf.close()


def _docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _eml_parts(path: Path) -> tuple[str, dict[str, str]]:
    msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body: list[str] = []
    attachments: dict[str, str] = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        content = part.get_content()
        text = content if isinstance(content, str) else content.decode("utf-8", "replace")
        if filename:
            attachments[filename] = text
        else:
            body.append(text)
    return "\n".join(body), attachments


def extract_lines(doc: str) -> list[str]:
    """Text of a document (or e-mail attachment) as a list of lines."""
    if doc in ATTACHMENTS:
        _, atts = _eml_parts(DOCS / ATTACHMENTS[doc])
        return atts[doc].splitlines()
    path = DOCS / doc
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return [ln for page in _pdf_pages(path) for ln in re.split(r"\r\n|\r|\n", page)]
    if suffix == ".docx":
        return _docx_text(path).splitlines()
    if suffix in (".html", ".htm"):
        p = _TextExtractor()
        p.feed(path.read_text(encoding="utf-8"))
        return ["".join(p.parts)]
    if suffix == ".eml":
        body, _ = _eml_parts(path)
        return body.splitlines()
    return path.read_text(encoding="utf-8").splitlines()


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def verify() -> list[str]:
    errors: list[str] = []
    docs = sorted(DOC_LANG)
    lines = {d: [norm(x) for x in extract_lines(d)] for d in docs}
    full = {d: norm(" ".join(lines[d])) for d in docs}

    # Document-level checks.
    for d in docs:
        path = DOCS / (ATTACHMENTS.get(d, d))
        size = path.stat().st_size
        if size >= 100_000:
            errors.append(f"{d}: file is {size} bytes (limit 100 KB)")
        if len(full[d]) < 400:
            errors.append(f"{d}: extracted text suspiciously short ({len(full[d])} chars)")
        if d.endswith(".pdf"):
            n = len(_pdf_pages(path))
            if not 2 <= n <= 3:
                errors.append(f"{d}: {n} pages, expected 2-3")

    rows = [json.loads(x) for x in (OUT / "qa.jsonl").read_text(encoding="utf-8").splitlines()]
    seen_q: set[str] = set()
    for i, row in enumerate(rows, 1):
        tag = f"qa line {i} ({row.get('doc')})"
        if set(row) != {"question", "evidence", "answer", "lang", "doc"}:
            errors.append(f"{tag}: unexpected keys {sorted(row)}")
            continue
        doc, lang = row["doc"], row["lang"]
        if lang not in LANGS:
            errors.append(f"{tag}: bad lang {lang!r}")
        if doc not in DOC_LANG:
            errors.append(f"{tag}: unknown document")
            continue
        if row["question"] in seen_q:
            errors.append(f"{tag}: duplicate question")
        seen_q.add(row["question"])
        ev = row["evidence"]
        if not 1 <= len(ev) <= 2:
            errors.append(f"{tag}: needs 1-2 evidence strings")
        for e in ev:
            n_words = len(e.split())
            if not 3 <= n_words <= 10:
                errors.append(f"{tag}: evidence {e!r} has {n_words} words (3-10)")
            ne = norm(e)
            if doc.endswith(".pdf"):
                # Stricter for PDFs: the string must sit on a single extracted line.
                if not any(ne in ln for ln in lines[doc]):
                    where = "on one line" if ne in full[doc] else "at all"
                    errors.append(f"{tag}: evidence {e!r} not found {where} in PDF text")
            elif ne not in full[doc]:
                errors.append(f"{tag}: evidence {e!r} not found in document text")
            others = [o for o in docs if o != doc and ne in full[o]]
            if others:
                errors.append(f"{tag}: evidence {e!r} also occurs in {others}")
        answers = row["answer"]
        if not answers or any(len(a.strip()) < 2 for a in answers):
            errors.append(f"{tag}: empty or too short answer form")
        if not any(norm(a) in full[doc] for a in answers):
            errors.append(f"{tag}: no answer form occurs in the document text")

    by_lang = Counter(r["lang"] for r in rows)
    cross = sum(1 for r in rows if r.get("doc") in DOC_LANG and r["lang"] != DOC_LANG[r["doc"]])
    if not 48 <= len(rows) <= 60:
        errors.append(f"{len(rows)} questions, expected 48-60")
    for lang in LANGS:
        if by_lang[lang] == 0:
            errors.append(f"no question in language {lang}")
    if cross * 2 < len(rows):
        errors.append(f"only {cross} of {len(rows)} questions are cross-lingual")
    for d in docs:
        if not any(r.get("doc") == d for r in rows):
            errors.append(f"{d}: no question refers to this document")

    print(f"documents: {len(docs)} ({', '.join(docs)})")
    print(f"questions: {len(rows)}; by language: {dict(sorted(by_lang.items()))}; "
          f"cross-lingual: {cross}")  # fmt: skip
    return errors


def main() -> int:
    if not FONT_REGULAR.exists() or not FONT_BOLD.exists():
        print(
            f"missing Unicode TTF fonts {FONT_REGULAR} / {FONT_BOLD}; "
            "install the Debian package fonts-dejavu-core",
            file=sys.stderr,
        )
        return 2
    DOCS.mkdir(parents=True, exist_ok=True)
    write_pdfs()
    write_handbook_nl()
    write_it_policy_de()
    write_text_files()
    write_emails()
    write_qa()
    errors = verify()
    for e in errors:
        print("FAIL:", e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} check(s) failed", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
