"""Write a synthetic public document register of any size, for indexing benchmarks.

Why: the two seed exports are far too few to measure how Viit indexes and rebuilds a
register of thousands of entries. This module writes a register that looks like a real
one to the readers (same export format, same kinds of attachments, the same scraping
artefacts) and is repeatable, so that timings of two runs compare the same input.

Layout, Viit's documented convention: one folder per entry,
``OUT/<series>/<ref with "/" replaced by "_">/``, holding

* ``entry.txt``: the export in the format of ``shared/seeds/000_*.txt``: the
  ``| field | value |`` metadata table, the e-mailed letter (Saatja/Saadetud/Adressaat/
  Teema/Manused header lines, body, signature) and the related-documents table
  ``| Nimi | K.p. | Δ | Viit | Tüüp | Org | Osapooled |``, whose rows point at other
  entries of the same register (``🔒`` after a restricted one);
* the attachments named in the ``Manused:`` header, and only those: PDF files with a text
  layer (mostly 2-3 pages) and, for a few entries, a forwarded letter as ``.txt`` in the
  format of ``shared/seeds/001_*.txt``.

A restricted entry has ``| Juurdepääsupiirang | AK |`` followed by a second
``Juurdepääsupiirang`` row holding the basis and, where the restriction ends, ``, kuni
DD.MM.YYYY`` (for example ``AvTS § 35 lg 1 p 12, kuni 10.11.2028``). Some end dates lie
before the sync date on purpose: such entries are public again. A public entry has
``Avalik`` and an empty second row, as in the seed.

Everything is drawn from seeded ``random.Random`` instances, one for the plan and one per
entry keyed by its reference, so the output depends only on the seed and the arguments,
not on the number of worker processes. PDFs are written by a small built-in writer (core
Helvetica font, WinAnsi encoding, Flate-compressed pages) so that the generator needs no
third-party package and stays fast.

Usage::

    python bench/make_register.py OUT --entries 10000 [--seed 0] [--pdf-ratio 0.3]
        [--restricted-ratio 0.1] [--txt-ratio 0.05] [--workers 2]
    python bench/make_register.py OUT --add-filings 100 --seed 1   # 1% new filings
    python bench/make_register.py OUT --touch-metadata 100 --seed 2  # metadata-only edits
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import math
import os
import random
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ENTRY_FILE = "entry.txt"
DEFAULT_SYNC = dt.date(2025, 12, 5)
FIRST_DAY = dt.date(2019, 1, 2)
# Below this many entries a worker pool costs more than it saves.
MIN_ENTRIES_FOR_POOL = 200
MAX_RELATED = 12

# --------------------------------------------------------------------------------------
# The register's owner and its classification scheme (Funktsioon -> Sari -> topics)
# --------------------------------------------------------------------------------------
# Data tables below are kept compact by hand; the formatter would put one item a line.
# fmt: off

OWNER = "Siseministeerium"
OWNER_CODE = "sisemin"  # the Org column of the related-documents table
OWNER_DOMAIN = "siseministeerium.ee"
OWNER_MAILBOX = "SiM info <info@siseministeerium.ee>"

IN, OUT = "Sissetulev kiri", "Väljaminev kiri"
TN, TNV = "Teabenõue", "Vastus teabenõudele"
LEP, KK, PR = "Leping", "Käskkiri", "Protokoll"
EEL, VH = "Õigusakti eelnõu", "Väikehange"
INCOMING = frozenset({IN, TN})
INTERNAL = frozenset({KK, PR})


@dataclass(frozen=True)
class Topic:
    """What a case is about, in the forms the templates need (nominative, genitive, English)."""

    et: str
    et_g: str
    en: str


@dataclass(frozen=True)
class Series:
    """A register series (Sari) with what kind of cases it holds."""

    code: str
    name: str
    function: str
    topics: tuple[Topic, ...]
    patterns: tuple[tuple[str, ...], ...]  # document types of a case, in filing order
    bases: tuple[str, ...]  # restriction bases used in this series
    units: tuple[str, ...]  # Vastutaja units
    subjects: tuple[str, ...] = ("gen",)  # keys of SENTENCES_ET the letters draw from
    weight: float = 1.0  # share of the register's cases
    intl: float = 0.03  # share of cases with a foreign counterparty (letters in English)
    private: float = 0.1  # share of cases with a private person as counterparty


def _topics(*rows: tuple[str, str, str]) -> tuple[Topic, ...]:
    return tuple(Topic(*row) for row in rows)


P_REPLY = (IN, OUT)
P_CHAIN = (IN, OUT, IN, OUT)
P_CONSULT = (OUT, IN, IN, IN)
P_TN = (TN, TNV)
P_DRAFT = (EEL, IN, IN, OUT)
P_TENDER = (VH, IN, LEP)

F1 = "1 Juhtimine ja asjaajamine"
F2 = "2 Õigusloome ja õigusalane tegevus"
F3 = "3 Personalijuhtimine"
F4 = "4 Finantsjuhtimine ja hanked"
F5 = "5 EL otsustusprotsess ja rahvusvaheline koostöö"
F6 = "6 Sisejulgeolek ja elanikkonnakaitse"
F7 = "7 Rahvastiku- ja kodakondsuspoliitika"
F8 = "8 Regionaalareng"

U_ADMIN = "kantsleri juhtimisala, halduse asekantsleri valdkond"
U_SEC = "kantsleri juhtimisala, sisejulgeoleku asekantsleri valdkond"
U_POP = "kantsleri juhtimisala, rahvastiku- ja kodakondsuspoliitika asekantsleri valdkond"
U_REG = "kantsleri juhtimisala, regionaalarengu asekantsleri valdkond"

SERIES: tuple[Series, ...] = (
    Series(
        "1-1", "Ministeeriumi juhtimise ja töö korraldamise dokumendid (AV)", F1,
        _topics(
            ("ministeeriumi tööplaan", "ministeeriumi tööplaani", "the ministry's work plan"),
            ("siseauditi aruanne", "siseauditi aruande", "the internal audit report"),
            ("riskijuhtimise kord", "riskijuhtimise korra", "the risk management procedure"),
            ("asjaajamiskord", "asjaajamiskorra", "the records management procedure"),
            ("struktuurimuudatus", "struktuurimuudatuse", "the structural reorganisation"),
            ("kaugtöö kord", "kaugtöö korra", "the remote work policy"),
            ("infoturbe poliitika", "infoturbe poliitika", "the information security policy"),
            ("hoonete haldamise kord", "hoonete haldamise korra", "facility management"),
        ),
        ((KK,), (KK,), (PR,), (PR,), (OUT,), P_REPLY),
        ("AvTS § 35 lg 1 p 5", "AvTS § 35 lg 2 p 2"),
        (f"{U_ADMIN}, dokumendihalduse talitus", "kantsleri juhtimisala, strateegiaosakond"),
        subjects=("gen", "event", "it", "money"),
        weight=0.8, private=0.0,
    ),
    Series(
        "1-2", "Teabenõuded ja nende vastused", F1,
        _topics(
            ("teabenõue", "teabenõude", "the request for information"),
            ("dokumendi koopia väljastamine", "dokumendi koopia väljastamise",
             "the release of document copies"),
            ("juurdepääsupiirangu kehtestamine", "juurdepääsupiirangu kehtestamise",
             "the imposition of access restrictions"),
            ("dokumendiregistri avalik vaade", "dokumendiregistri avaliku vaate",
             "the public view of the document register"),
            ("isikuandmete väljastamine", "isikuandmete väljastamise",
             "the disclosure of personal data"),
            ("lepingute avalikustamine", "lepingute avalikustamise",
             "the publication of contracts"),
            ("kirjavahetuse väljastamine", "kirjavahetuse väljastamise",
             "the release of correspondence"),
        ),
        (P_TN, P_TN, P_TN, (TN,)),
        ("AvTS § 35 lg 1 p 12", "AvTS § 35 lg 1 p 11"),
        (f"{U_ADMIN}, dokumendihalduse talitus", "kantsleri juhtimisala, õigusosakond"),
        subjects=("gen", "law", "decision"),
        weight=1.2, private=0.6,
    ),
    Series(
        "1-3", "Märgukirjad, selgitustaotlused ja pöördumised", F1,
        _topics(
            ("selgitustaotlus", "selgitustaotluse", "the request for explanation"),
            ("märgukiri", "märgukirja", "the memorandum"),
            ("kollektiivne pöördumine", "kollektiivse pöördumise", "the collective petition"),
            ("kodanike ettepanek", "kodanike ettepaneku", "the citizens' proposal"),
            ("ametniku tegevus", "ametniku tegevuse", "the conduct of an official"),
            ("menetlusaeg", "menetlusaja", "processing times"),
            ("teenuse kvaliteet", "teenuse kvaliteedi", "service quality"),
        ),
        (P_REPLY, P_REPLY, P_REPLY, P_CHAIN),
        ("AvTS § 35 lg 1 p 12",),
        ("kantsleri juhtimisala, kommunikatsiooniosakond", "kantsleri juhtimisala, õigusosakond"),
        subjects=("gen", "law", "stats", "decision"),
        weight=1.2, intl=0.06, private=0.6,
    ),
    Series(
        "2-1", "Õigusaktide eelnõud ja nende kooskõlastamise dokumendid (AV)", F2,
        _topics(
            ("päästeseaduse muutmine", "päästeseaduse muutmise",
             "the amendment of the Rescue Act"),
            ("relvaseaduse muudatus", "relvaseaduse muudatuse",
             "the amendment of the Weapons Act"),
            ("hädaolukorra seaduse eelnõu", "hädaolukorra seaduse eelnõu",
             "the draft Emergency Act"),
            ("välismaalaste seaduse muutmine", "välismaalaste seaduse muutmise",
             "the amendment of the Aliens Act"),
            ("ministri määruse eelnõu", "ministri määruse eelnõu",
             "the draft ministerial regulation"),
            ("korrakaitseseaduse täiendamine", "korrakaitseseaduse täiendamise",
             "the amendment of the Law Enforcement Act"),
            ("väljatöötamiskavatsus", "väljatöötamiskavatsuse", "the legislative intent"),
            ("rahvastikuregistri seaduse muudatus", "rahvastikuregistri seaduse muudatuse",
             "the amendment of the Population Register Act"),
        ),
        (P_DRAFT, P_DRAFT, P_CONSULT, P_REPLY),
        ("AvTS § 35 lg 2 p 2",),
        ("kantsleri juhtimisala, õigusosakond", "kantsleri juhtimisala, õigusloome talitus"),
        subjects=("gen", "law", "stats"),
        weight=1.0, private=0.0,
    ),
    Series(
        "2-2", "Õigusalane kirjavahetus", F2,
        _topics(
            ("kohtuotsuse täitmine", "kohtuotsuse täitmise",
             "the enforcement of a court judgment"),
            ("vaidemenetlus", "vaidemenetluse", "the challenge proceedings"),
            ("kahju hüvitamise nõue", "kahju hüvitamise nõude", "the claim for damages"),
            ("õigusakti tõlgendamine", "õigusakti tõlgendamise",
             "the interpretation of legislation"),
            ("haldusakti kehtetuks tunnistamine", "haldusakti kehtetuks tunnistamise",
             "the revocation of an administrative act"),
            ("õiguskantsleri märgukiri", "õiguskantsleri märgukirja",
             "the Chancellor of Justice's memorandum"),
        ),
        (P_REPLY, P_CHAIN, (IN,)),
        ("AvTS § 35 lg 1 p 12", "AvTS § 35 lg 1 p 1"),
        ("kantsleri juhtimisala, õigusosakond",),
        subjects=("gen", "law", "decision"),
        weight=0.7, private=0.4,
    ),
    Series(
        "3-1", "Personalitöö kirjavahetus", F3,
        _topics(
            ("ametikoha täitmine", "ametikoha täitmise", "filling the vacant position"),
            ("töötasustamise põhimõtted", "töötasustamise põhimõtete",
             "the remuneration principles"),
            ("teenistuslik järelevalve", "teenistusliku järelevalve", "the disciplinary review"),
            ("tööohutuse juhend", "tööohutuse juhendi", "the occupational safety guide"),
            ("praktikakoht", "praktikakoha", "the traineeship"),
            ("arenguvestlus", "arenguvestluse", "performance reviews"),
        ),
        (P_REPLY, (KK,), (OUT,)),
        ("AvTS § 35 lg 1 p 12", "AvTS § 35 lg 1 p 11"),
        (f"{U_ADMIN}, personaliosakond",),
        subjects=("gen", "event", "law"),
        weight=0.6, private=0.5,
    ),
    Series(
        "3-2", "Koolituste ja lähetuste dokumendid", F3,
        _topics(
            ("juhtide arendusprogramm", "juhtide arendusprogrammi",
             "the leadership development programme"),
            ("välislähetus", "välislähetuse", "the business trip abroad"),
            ("küberhügieeni koolitus", "küberhügieeni koolituse", "the cyber hygiene training"),
            ("keeleõpe", "keeleõppe", "language training"),
            ("kriisijuhtimise õppus", "kriisijuhtimise õppuse",
             "the crisis management exercise"),
            ("ametnike täiendkoolitus", "ametnike täiendkoolituse", "in-service training"),
        ),
        (P_REPLY, (OUT,), (KK,)),
        ("AvTS § 35 lg 1 p 12",),
        (f"{U_ADMIN}, personaliosakond", "kantsleri juhtimisala, koolitustalitus"),
        subjects=("gen", "event", "money"),
        weight=0.5, intl=0.25, private=0.1,
    ),
    Series(
        "4-1", "Riigihangete ja väikehangete dokumendid", F4,
        _topics(
            ("riigihange", "riigihanke", "the public procurement"),
            ("hankeplaan", "hankeplaani", "the procurement plan"),
            ("pakkumuste hindamine", "pakkumuste hindamise", "the evaluation of tenders"),
            ("raamleping", "raamlepingu", "the framework agreement"),
            ("sõidukite soetamine", "sõidukite soetamise", "the purchase of vehicles"),
            ("IT-arendusteenus", "IT-arendusteenuse", "IT development services"),
            ("päästevarustuse hange", "päästevarustuse hanke",
             "the procurement of rescue equipment"),
        ),
        (P_TENDER, P_TENDER, (VH,), P_REPLY),
        ("AvTS § 35 lg 1 p 17",),
        (f"{U_ADMIN}, hangete talitus", f"{U_ADMIN}, finantsosakond"),
        subjects=("gen", "money", "it"),
        weight=0.8, private=0.0,
    ),
    Series(
        "4-2", "Lepingud ja lepingutega seotud kirjavahetus", F4,
        _topics(
            ("koostööleping", "koostöölepingu", "the cooperation agreement"),
            ("üürileping", "üürilepingu", "the lease agreement"),
            ("lepingu muutmine", "lepingu muutmise", "the amendment of the contract"),
            ("töövõtuleping", "töövõtulepingu", "the contract for services"),
            ("andmetöötlusleping", "andmetöötluslepingu", "the data processing agreement"),
            ("halduslepingu täitmine", "halduslepingu täitmise",
             "the performance of the administrative contract"),
        ),
        ((LEP,), (LEP,), P_REPLY, (IN, LEP)),
        ("AvTS § 35 lg 1 p 17", "AvTS § 35 lg 1 p 5"),
        (f"{U_ADMIN}, finantsosakond", "kantsleri juhtimisala, õigusosakond"),
        subjects=("gen", "money", "law"),
        weight=0.7, intl=0.05, private=0.0,
    ),
    Series(
        "5-1", "Euroopa Liidu otsustusprotsessi dokumendid (AV)", F5,
        _topics(
            ("laste seksuaalse väärkohtlemise vastane määrus",
             "laste seksuaalse väärkohtlemise vastase määruse",
             "the regulation to prevent and combat child sexual abuse"),
            ("rände- ja varjupaigapakt", "rände- ja varjupaigapakti",
             "the Pact on Migration and Asylum"),
            ("Schengeni piirieeskirjad", "Schengeni piirieeskirjade", "the Schengen Borders Code"),
            ("Europoli mandaat", "Europoli mandaadi", "the Europol mandate"),
            ("e-tõendite määrus", "e-tõendite määruse", "the e-evidence regulation"),
            ("rahapesu andmebüroo", "rahapesu andmebüroo",
             "the anti-money laundering authority"),
            ("sisejulgeolekufond", "sisejulgeolekufondi", "the Internal Security Fund"),
            ("kodanikukaitse mehhanism", "kodanikukaitse mehhanismi",
             "the Union Civil Protection Mechanism"),
        ),
        (P_CONSULT, P_REPLY, (IN,), (IN,), (OUT,)),
        ("AvTS § 35 lg 2 p 2", "AvTS § 35 lg 1 p 5"),
        (f"{U_SEC}, korrakaitse- ja kriminaalpoliitika osakond",
         "kantsleri juhtimisala, Euroopa Liidu ja rahvusvahelise koostöö osakond"),
        subjects=("gen", "eu", "law", "stats"),
        weight=1.2, intl=0.6, private=0.0,
    ),
    Series(
        "5-2", "Rahvusvahelise koostöö kirjavahetus", F5,
        _topics(
            ("Läänemere riikide koostöö", "Läänemere riikide koostöö",
             "Baltic Sea regional cooperation"),
            ("Ukraina toetamine", "Ukraina toetamise", "support to Ukraine"),
            ("piiriülene päästekoostöö", "piiriülese päästekoostöö",
             "cross-border rescue cooperation"),
            ("politseikoostöö leping", "politseikoostöö lepingu",
             "the police cooperation agreement"),
            ("rahvusvaheline õppus", "rahvusvahelise õppuse", "the international exercise"),
            ("Põhjamaade ja Balti riikide kohtumine", "Põhjamaade ja Balti riikide kohtumise",
             "the Nordic-Baltic ministerial meeting"),
        ),
        (P_REPLY, (IN,), (OUT,)),
        ("AvTS § 35 lg 1 p 5",),
        ("kantsleri juhtimisala, Euroopa Liidu ja rahvusvahelise koostöö osakond",),
        subjects=("gen", "eu", "event"),
        weight=0.8, intl=0.7, private=0.0,
    ),
    Series(
        "6-1", "Korrakaitse ja kriminaalpoliitika kirjavahetus", F6,
        _topics(
            ("avaliku korra tagamine", "avaliku korra tagamise",
             "the maintenance of public order"),
            ("narkootikumide tarvitamise ennetamine", "narkootikumide tarvitamise ennetamise",
             "drug use prevention"),
            ("lähisuhtevägivald", "lähisuhtevägivalla", "domestic violence"),
            ("kogukonnapolitsei", "kogukonnapolitsei", "community policing"),
            ("liiklusjärelevalve", "liiklusjärelevalve", "traffic enforcement"),
            ("turvateenuste järelevalve", "turvateenuste järelevalve",
             "the supervision of security services"),
            ("küberkuritegevus", "küberkuritegevuse", "cybercrime"),
            ("relvaloa menetlus", "relvaloa menetluse", "firearms licensing"),
        ),
        (P_REPLY, P_CHAIN, (IN,)),
        ("AvTS § 35 lg 1 p 1", "AvTS § 35 lg 1 p 5", "AvTS § 35 lg 1 p 12"),
        (f"{U_SEC}, korrakaitse- ja kriminaalpoliitika osakond",),
        subjects=("gen", "stats", "law"),
        weight=1.2, intl=0.15, private=0.25,
    ),
    Series(
        "6-2", "Kriisireguleerimise ja elanikkonnakaitse dokumendid", F6,
        _topics(
            ("elanikkonnakaitse", "elanikkonnakaitse", "civil protection"),
            ("varjumiskohtade kaardistamine", "varjumiskohtade kaardistamise",
             "the mapping of public shelters"),
            ("hädaolukorra riskianalüüs", "hädaolukorra riskianalüüsi",
             "the emergency risk assessment"),
            ("evakuatsiooniplaan", "evakuatsiooniplaani", "the evacuation plan"),
            ("ohuteavituse süsteem", "ohuteavituse süsteemi", "the public warning system"),
            ("kriisivaru", "kriisivaru", "emergency stockpiles"),
            ("vabatahtlik päästetöö", "vabatahtliku päästetöö", "volunteer rescue work"),
        ),
        ((PR,), P_REPLY, P_CONSULT, (IN,)),
        ("AvTS § 35 lg 1 p 5",),
        (f"{U_SEC}, elanikkonnakaitse osakond", f"{U_SEC}, päästepoliitika osakond"),
        subjects=("gen", "event", "stats", "site"),
        weight=1.0, intl=0.2, private=0.05,
    ),
    Series(
        "7-1", "Rahvastikuregistri ja rahvastikutoimingute kirjavahetus", F7,
        _topics(
            ("rahvastikuregistri andmed", "rahvastikuregistri andmete",
             "population register data"),
            ("elukoha registreerimine", "elukoha registreerimise", "residence registration"),
            ("nimemuutmine", "nimemuutmise", "change of name"),
            ("perekonnaseisutoiming", "perekonnaseisutoimingu", "civil status acts"),
            ("isikukoodi andmine", "isikukoodi andmise",
             "the issuing of personal identification codes"),
            ("sünni registreerimine", "sünni registreerimise", "birth registration"),
        ),
        (P_REPLY, P_REPLY, P_TN),
        ("AvTS § 35 lg 1 p 12", "AvTS § 35 lg 1 p 11"),
        (f"{U_POP}, rahvastikutoimingute osakond",),
        subjects=("gen", "law", "stats", "it", "decision"),
        weight=0.9, intl=0.05, private=0.6,
    ),
    Series(
        "7-2", "Kodakondsuse ja rändepoliitika kirjavahetus", F7,
        _topics(
            ("Eesti kodakondsuse taotlemine", "Eesti kodakondsuse taotlemise",
             "the application for Estonian citizenship"),
            ("elamisloa pikendamine", "elamisloa pikendamise",
             "the extension of a residence permit"),
            ("ajutine kaitse", "ajutise kaitse", "temporary protection"),
            ("rahvusvaheline kaitse", "rahvusvahelise kaitse", "international protection"),
            ("lõimumiskava", "lõimumiskava", "the integration plan"),
            ("sisserände piirarv", "sisserände piirarvu", "the immigration quota"),
            ("määratlemata kodakondsusega isikud", "määratlemata kodakondsusega isikute",
             "persons with undetermined citizenship"),
        ),
        (P_REPLY, P_CHAIN, (IN,)),
        ("AvTS § 35 lg 1 p 12", "AvTS § 35 lg 1 p 11"),
        (f"{U_POP}, kodakondsus- ja rändepoliitika osakond",),
        subjects=("gen", "law", "stats", "decision"),
        weight=1.0, intl=0.3, private=0.5,
    ),
    Series(
        "8-1", "Regionaaltoetuste taotlused, otsused ja aruanded", F8,
        _topics(
            ("regionaalse investeeringutoetuse taotlus",
             "regionaalse investeeringutoetuse taotluse",
             "the application for a regional investment grant"),
            ("kohaliku omaalgatuse programm", "kohaliku omaalgatuse programmi",
             "the local initiative programme"),
            ("toetuse lõpparuanne", "toetuse lõpparuande", "the final grant report"),
            ("Ida-Virumaa tegevuskava", "Ida-Virumaa tegevuskava", "the Ida-Viru action plan"),
            ("ühistranspordi toetus", "ühistranspordi toetuse", "the public transport subsidy"),
            ("väikesaarte programm", "väikesaarte programmi", "the small islands programme"),
        ),
        (P_REPLY, (IN,), (IN, LEP)),
        ("AvTS § 35 lg 1 p 17", "AvTS § 35 lg 1 p 12"),
        (f"{U_REG}, regionaalarengu osakond", f"{U_REG}, välisvahendite osakond"),
        subjects=("gen", "money", "stats", "site"),
        weight=0.9, intl=0.06, private=0.1,
    ),
    Series(
        "8-2", "Kohalike omavalitsustega seotud kirjavahetus", F8,
        _topics(
            ("omavalitsuste ühinemine", "omavalitsuste ühinemise",
             "the merger of municipalities"),
            ("tasandusfond", "tasandusfondi", "the equalisation fund"),
            ("valla eelarvestrateegia", "valla eelarvestrateegia",
             "the municipal budget strategy"),
            ("kohaliku omavalitsuse järelevalve", "kohaliku omavalitsuse järelevalve",
             "the supervision of local government"),
            ("maakonna arengukava", "maakonna arengukava", "the county development plan"),
            ("valimisjaoskondade moodustamine", "valimisjaoskondade moodustamise",
             "the establishment of polling divisions"),
        ),
        (P_REPLY, P_CONSULT, (IN,)),
        ("AvTS § 35 lg 1 p 12",),
        (f"{U_REG}, kohaliku omavalitsuse osakond",),
        subjects=("gen", "money", "stats", "law"),
        weight=0.8, private=0.05,
    ),
)
SERIES_BY_CODE = {s.code: s for s in SERIES}

# --------------------------------------------------------------------------------------
# Counterparties, people and other vocabulary
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """The other side of a case: an organisation (with a contact person) or a private person."""

    name: str
    gen: str
    abbr: str
    domain: str
    international: bool = False
    private: bool = False

    @property
    def display(self) -> str:
        """How the register's public view shows the party: a private person by initials."""
        if self.private:
            return " ".join(f"{w[0]}." for w in self.name.split())
        return self.name


ORGS: tuple[Party, ...] = tuple(
    Party(*row)
    for row in (
        ("Politsei- ja Piirivalveamet", "Politsei- ja Piirivalveameti", "PPA", "politsei.ee"),
        ("Päästeamet", "Päästeameti", "PÄA", "rescue.ee"),
        ("Häirekeskus", "Häirekeskuse", "HK", "112.ee"),
        ("Kaitsepolitseiamet", "Kaitsepolitseiameti", "KAPO", "kapo.ee"),
        ("Sisekaitseakadeemia", "Sisekaitseakadeemia", "SKA", "sisekaitse.ee"),
        ("Siseministeeriumi infotehnoloogia- ja arenduskeskus",
         "Siseministeeriumi infotehnoloogia- ja arenduskeskuse", "SMIT", "smit.ee"),
        ("Riigi Infosüsteemi Amet", "Riigi Infosüsteemi Ameti", "RIA", "ria.ee"),
        ("Andmekaitse Inspektsioon", "Andmekaitse Inspektsiooni", "AKI", "aki.ee"),
        ("Õiguskantsleri Kantselei", "Õiguskantsleri Kantselei", "ÕK", "oiguskantsler.ee"),
        ("Riigikantselei", "Riigikantselei", "RK", "riigikantselei.ee"),
        ("Rahandusministeerium", "Rahandusministeeriumi", "RaM", "fin.ee"),
        ("Justiits- ja Digiministeerium", "Justiits- ja Digiministeeriumi", "JDM", "justdigi.ee"),
        ("Sotsiaalministeerium", "Sotsiaalministeeriumi", "SoM", "sm.ee"),
        ("Kaitseministeerium", "Kaitseministeeriumi", "KaM", "kaitseministeerium.ee"),
        ("Välisministeerium", "Välisministeeriumi", "VäM", "mfa.ee"),
        ("Sotsiaalkindlustusamet", "Sotsiaalkindlustusameti", "SKA", "sotsiaalkindlustusamet.ee"),
        ("Riigiprokuratuur", "Riigiprokuratuuri", "RP", "prokuratuur.ee"),
        ("Maa- ja Ruumiamet", "Maa- ja Ruumiameti", "MaRu", "maaruum.ee"),
        ("Keskkonnaamet", "Keskkonnaameti", "KeA", "keskkonnaamet.ee"),
        ("Transpordiamet", "Transpordiameti", "TRAM", "transpordiamet.ee"),
        ("Tarbijakaitse ja Tehnilise Järelevalve Amet",
         "Tarbijakaitse ja Tehnilise Järelevalve Ameti", "TTJA", "ttja.ee"),
        ("Riigi Tugiteenuste Keskus", "Riigi Tugiteenuste Keskuse", "RTK", "rtk.ee"),
        ("Statistikaamet", "Statistikaameti", "StA", "stat.ee"),
        ("Rahvusarhiiv", "Rahvusarhiivi", "RA", "ra.ee"),
        ("Tallinna Linnavalitsus", "Tallinna Linnavalitsuse", "TLV", "tallinnlv.ee"),
        ("Tartu Linnavalitsus", "Tartu Linnavalitsuse", "TaLV", "raad.tartu.ee"),
        ("Pärnu Linnavalitsus", "Pärnu Linnavalitsuse", "PLV", "parnu.ee"),
        ("Narva Linnavalitsus", "Narva Linnavalitsuse", "NLV", "narva.ee"),
        ("Saaremaa Vallavalitsus", "Saaremaa Vallavalitsuse", "SVV", "saaremaavald.ee"),
        ("Viljandi Vallavalitsus", "Viljandi Vallavalitsuse", "VVV", "viljandivald.ee"),
        ("Rae Vallavalitsus", "Rae Vallavalitsuse", "RVV", "rae.ee"),
        ("Lääneranna Vallavalitsus", "Lääneranna Vallavalitsuse", "LVV", "laaneranna.ee"),
        ("Eesti Linnade ja Valdade Liit", "Eesti Linnade ja Valdade Liidu", "ELVL", "elvl.ee"),
        ("MTÜ Lastekaitse Liit", "MTÜ Lastekaitse Liidu", "LKL", "lastekaitseliit.ee"),
        ("SA Eesti Inimõiguste Keskus", "SA Eesti Inimõiguste Keskuse", "EIK",
         "humanrights.ee"),
        ("Eesti Tööandjate Keskliit", "Eesti Tööandjate Keskliidu", "ETKL", "employers.ee"),
        ("Eesti Kaubandus-Tööstuskoda", "Eesti Kaubandus-Tööstuskoja", "EKTK", "koda.ee"),
        ("Eesti Infotehnoloogia ja Telekommunikatsiooni Liit",
         "Eesti Infotehnoloogia ja Telekommunikatsiooni Liidu", "ITL", "itl.ee"),
        ("Eesti Vabatahtlike Päästjate Liit", "Eesti Vabatahtlike Päästjate Liidu", "EVPL",
         "vabatahtlikud.ee"),
        ("MTÜ Eesti Naabrivalve", "MTÜ Eesti Naabrivalve", "ENV", "naabrivalve.ee"),
        ("Tartu Ülikool", "Tartu Ülikooli", "TÜ", "ut.ee"),
        ("Tallinna Tehnikaülikool", "Tallinna Tehnikaülikooli", "TalTech", "taltech.ee"),
        ("Põhjala Ehitus OÜ", "Põhjala Ehitus OÜ", "Põhjala", "pohjalaehitus.ee"),
        ("Lõunakivi AS", "Lõunakivi AS-i", "Lõunakivi", "lounakivi.ee"),
        ("Tarkvaraarendus Lumi OÜ", "Tarkvaraarendus Lumi OÜ", "Lumi", "lumisoft.ee"),
        ("Rannaküla Turvateenused OÜ", "Rannaküla Turvateenused OÜ", "RTT", "rannakyla.ee"),
        ("Sillamäe Logistika AS", "Sillamäe Logistika AS-i", "SL", "sillamaelogistika.ee"),
        ("Metsaserva Arendus OÜ", "Metsaserva Arendus OÜ", "MA", "metsaserva.ee"),
    )
)

GOVERNMENT_OFFICE = next(p for p in ORGS if p.name == "Riigikantselei")  # gets final drafts

FOREIGN_ORGS: tuple[Party, ...] = tuple(
    Party(name, name, abbr, domain, international=True)
    for name, abbr, domain in (
        ("European Commission, DG Migration and Home Affairs", "DG HOME", "ec.europa.eu"),
        ("General Secretariat of the Council of the European Union", "GSC",
         "consilium.europa.eu"),
        ("Europol", "Europol", "europol.europa.eu"),
        ("Frontex", "Frontex", "frontex.europa.eu"),
        ("European Union Agency for Asylum", "EUAA", "euaa.europa.eu"),
        ("Ministry of the Interior of Finland", "Intermin", "intermin.fi"),
        ("Ministry of the Interior of the Republic of Latvia", "IeM", "iem.gov.lv"),
        ("Ministry of the Interior of the Republic of Lithuania", "VRM", "vrm.lt"),
        ("Swedish Civil Contingencies Agency", "MSB", "msb.se"),
        ("OSCE Office for Democratic Institutions and Human Rights", "ODIHR", "osce.org"),
        ("UNHCR Representation for the Nordic and Baltic Countries", "UNHCR", "unhcr.org"),
        ("International Organization for Migration", "IOM", "iom.int"),
        ("Council of Europe", "CoE", "coe.int"),
        ("Baltic Sea Security Network", "BSSN", "bssn.eu"),
        ("Nordic Civil Protection Forum", "NCPF", "ncpf.org"),
        ("European Digital Rights Forum", "EDRF", "edrf.eu"),
        ("Child Safety Online Coalition", "CSOC", "csoc.org"),
        ("European Forum for Urban Security", "Efus", "efus.eu"),
    )
)

FIRST_ET = (
    "Mari", "Kadri", "Liis", "Triin", "Kati", "Anu", "Piret", "Tiina", "Kristi", "Merike",
    "Helen", "Maarja", "Laura", "Katrin", "Eva", "Kaja", "Anneli", "Sirje", "Ülle", "Ene",
    "Birgit", "Gerli", "Kärt", "Reet", "Õie", "Signe", "Marju", "Epp", "Tuuli", "Kerli",
    "Annika", "Janika", "Pille", "Külli", "Merle", "Evelin", "Olga", "Natalja", "Jelena",
    "Irina", "Svetlana", "Mart", "Jaan", "Andres", "Toomas", "Peeter", "Rein", "Urmas",
    "Priit", "Margus", "Indrek", "Tarmo", "Kalle", "Raivo", "Lauri", "Kristjan", "Siim",
    "Rasmus", "Martin", "Ott", "Tõnu", "Jüri", "Heiki", "Madis", "Karl", "Mihkel", "Aivar",
    "Erki", "Kaido", "Veiko", "Hannes", "Sergei", "Dmitri", "Aleksandr", "Andrei", "Vladimir",
)
LAST_ET = (
    "Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel",
    "Lepik", "Oja", "Kuusk", "Raud", "Vaher", "Karu", "Lill", "Põder", "Kallas", "Luik",
    "Kivi", "Mets", "Org", "Teder", "Paju", "Laur", "Jõgi", "Männik", "Kütt", "Nurk", "Sild",
    "Vares", "Aavik", "Lõhmus", "Kalda", "Uibo", "Parts", "Tamme", "Kruus", "Hein", "Toom",
    "Aas", "Liiv", "Kaasik", "Peterson", "Ivanov", "Smirnov", "Kuznetsov", "Vassiljev",
    "Petrov", "Jõesaar", "Allik", "Mölder", "Veski", "Puusepp", "Rätsep", "Kangur", "Orav",
    "Lehtmets", "Randmaa", "Sarapuu", "Valk", "Hunt", "Vaino", "Kärner", "Soosaar", "Käär",
    "Rannik", "Vahtra", "Õunapuu", "Metsalu", "Pihlak", "Pukk", "Roos", "Susi", "Tali", "Ots",
    "Lumiste", "Haage", "Reinsalu",
)
FIRST_EN = (
    "Anna", "Thomas", "Sophie", "Lukas", "Emma", "Jonas", "Marie", "Pierre", "Julia", "David",
    "Elena", "Marco", "Mikko", "Sanna", "Juha", "Aino", "Janis", "Ieva", "Andris", "Tomas",
    "Agne", "Karin", "Erik", "Ingrid", "Patrick", "Claire", "Stefan", "Isabel", "Niamh", "Paul",
)
LAST_EN = (
    "Müller", "Schmidt", "Dubois", "Martin", "Rossi", "García", "Virtanen", "Korhonen",
    "Nieminen", "Berzins", "Kalnins", "Kazlauskas", "Jansen", "de Vries", "Novak", "Kowalski",
    "Andersson", "Lindqvist", "Hansen", "O'Brien", "Walsh", "Murphy", "Fischer", "Weber",
    "Lambert", "Moreau", "Costa", "Silva", "Petersen", "Laine",
)
ROLES_ET = (
    "nõunik", "peaspetsialist", "osakonna juhataja", "valdkonna juht", "analüütik", "jurist",
    "projektijuht", "asekantsler", "talituse juhataja", "õigusnõunik", "juhtivanalüütik",
    "välisnõunik", "arendusjuht",
)
ROLES_EN = (
    "Policy Officer", "Head of Unit", "Senior Adviser", "Programme Manager", "Legal Officer",
    "Regional Coordinator", "Director", "Project Officer", "Deputy Head of Division",
)
LAWS = (
    ("haldusmenetluse seaduse", "HMS"), ("avaliku teabe seaduse", "AvTS"),
    ("isikuandmete kaitse seaduse", "IKS"), ("korrakaitseseaduse", "KorS"),
    ("päästeseaduse", "PäästeS"), ("hädaolukorra seaduse", "HOS"),
    ("välismaalaste seaduse", "VMS"), ("kodakondsuse seaduse", "KodS"),
    ("rahvastikuregistri seaduse", "RRS"), ("relvaseaduse", "RelvS"),
    ("riigihangete seaduse", "RHS"), ("riigieelarve seaduse", "RES"),
    ("avaliku teenistuse seaduse", "ATS"), ("töölepingu seaduse", "TLS"),
    ("kohaliku omavalitsuse korralduse seaduse", "KOKS"),
    ("politsei ja piirivalve seaduse", "PPVS"), ("karistusseadustiku", "KarS"),
    ("väärteomenetluse seadustiku", "VTMS"), ("kriminaalmenetluse seadustiku", "KrMS"),
    ("küberturvalisuse seaduse", "KüTS"), ("arhiiviseaduse", "AS"),
    ("märgukirjale ja selgitustaotlusele vastamise seaduse", "MSVS"),
)
ASPECTS = (
    ("rahastamine", "rahastamise"), ("järelevalve", "järelevalve"),
    ("isikuandmete töötlemine", "isikuandmete töötlemise"), ("halduskoormus", "halduskoormuse"),
    ("rakendamise ajakava", "rakendamise ajakava"), ("mõjude hindamine", "mõjude hindamise"),
    ("õigusselgus", "õigusselguse"), ("infosüsteemide koosvõime", "infosüsteemide koosvõime"),
    ("vastutuse jaotus", "vastutuse jaotuse"), ("personalivajadus", "personalivajaduse"),
    ("andmekvaliteet", "andmekvaliteedi"), ("piiriülene koostöö", "piiriülese koostöö"),
    ("kohalike omavalitsuste roll", "kohalike omavalitsuste rolli"),
    ("menetlusaeg", "menetlusaja"), ("teenuse kättesaadavus", "teenuse kättesaadavuse"),
    ("küberturvalisus", "küberturvalisuse"), ("kulude põhjendatus", "kulude põhjendatuse"),
    ("elanike teavitamine", "elanike teavitamise"),
    ("töötajate koolitamine", "töötajate koolitamise"),
    ("hankemenetluse läbipaistvus", "hankemenetluse läbipaistvuse"),
    ("ohvrite abistamine", "ohvrite abistamise"), ("andmevahetus", "andmevahetuse"),
)
ASPECTS_EN = (
    "data protection safeguards", "cross-border cooperation", "information exchange",
    "victim support", "border surveillance", "crisis preparedness", "financial oversight",
    "access to justice", "interoperability of information systems", "reporting obligations",
    "staff training", "risk assessment", "procedural safeguards", "public communication",
)
REGIONS = (
    ("Harjumaa", "Harjumaal"), ("Ida-Virumaa", "Ida-Virumaal"), ("Tartumaa", "Tartumaal"),
    ("Pärnumaa", "Pärnumaal"), ("Saaremaa", "Saaremaal"), ("Lääne-Virumaa", "Lääne-Virumaal"),
    ("Valgamaa", "Valgamaal"), ("Võrumaa", "Võrumaal"), ("Järvamaa", "Järvamaal"),
    ("Raplamaa", "Raplamaal"), ("Viljandimaa", "Viljandimaal"), ("Läänemaa", "Läänemaal"),
)
CITIES = (
    "Tallinn", "Tartu", "Narva", "Pärnu", "Kohtla-Järve", "Viljandi", "Rakvere", "Maardu",
    "Kuressaare", "Võru", "Valga", "Haapsalu", "Paide", "Jõhvi",
)
CITIES_EN = ("Brussels", "Luxembourg", "Helsinki", "Riga", "Vilnius", "Stockholm", "Warsaw")
STREETS = (
    "Pärnu mnt", "Narva mnt", "Tartu mnt", "Lai tn", "Pikk tn", "Vabaduse pst", "Rüütli tn",
    "Jaama tn", "Kooli tn", "Pargi tn", "Aia tn", "Posti tn", "Riia tn", "Suur-Ameerika tn",
    "Vaksali tn", "Kesk tn", "Mere pst", "Tööstuse tn", "Kalda tee", "Lossi tn",
)
VENUES = (
    "ministeeriumi saalis (Suur-Ameerika 1, Tallinn)", "veebikeskkonnas Microsoft Teams",
    "Päästeameti Lõuna päästekeskuse ruumides", "Sisekaitseakadeemia auditooriumis A-210",
    "Politsei- ja Piirivalveameti peamaja nõupidamisruumis", "Tartu Raekoja saalis",
    "Jõhvi Kontserdimaja konverentsisaalis", "ministeeriumi 4. korruse nõupidamisruumis",
)
FUNDS = (
    ("Sisejulgeolekufondi", "Internal Security Fund"),
    ("Piirihalduse ja viisapoliitika rahastu", "Border Management and Visa Instrument"),
    ("Varjupaiga-, Rände- ja Integratsioonifondi", "Asylum, Migration and Integration Fund"),
    ("Euroopa Regionaalarengu Fondi", "European Regional Development Fund"),
    ("riigieelarve", "state budget"), ("taaste- ja vastupidavusrahastu", "Recovery Facility"),
)
COURTS = ("Tallinna Halduskohtus", "Tartu Halduskohtus")
BUILDINGS = (
    "kolmekorruseline büroohoone", "päästedepoo", "politseijaoskond", "avalik varjend",
    "laohoone", "koolitushoone", "korterelamu", "sidemast",
)
SCENARIOS = (
    ("ulatusliku elektrikatkestuse", "a large-scale power outage"),
    ("küberintsidendi", "a cyber incident"),
    ("massilise sisserände olukorra", "a mass influx of migrants"),
    ("tööstusõnnetuse", "an industrial accident"), ("üleujutuse", "a flood"),
    ("metsatulekahju", "a forest fire"), ("joogiveekatkestuse", "a drinking water outage"),
)
STATUSES_EN = (
    "beneficiaries of temporary protection", "applicants for international protection",
    "third-country nationals holding a residence permit", "stateless persons",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
EVENTS = (
    ("Läänemere riikide siseministrite kohtumine", "Baltic Sea interior ministers' meeting"),
    ("elanikkonnakaitse konverents", "civil protection conference"),
    ("küberturbe seminar", "cyber security seminar"),
    ("piirivalve ekspertide töötuba", "border management expert workshop"),
    ("kogukonnaturvalisuse foorum", "community safety forum"),
    ("rände- ja lõimumisteemaline ümarlaud", "round table on migration and integration"),
)
CHANNELS_IN = ("e-post", "e-post", "e-post", "DVK", "DVK", "Riigiportaal eesti.ee", "post")
CHANNELS_OUT = ("e-post", "e-post", "DVK", "DVK", "post")

# Sentence templates by subject. A slot {name} is filled by Writer.s_<name>; slots that
# share a stem (topic/topic_g, law_g/law_abbr, org/org_g ...) agree within one sentence.
# Each series draws from a few subjects, so one letter stays on the matters of its series;
# "reply" and "decision" speak as the ministry and go only into what it sends.
SENTENCES_ET: dict[str, tuple[str, ...]] = {
    "gen": (
        "{org} palub esitada {topic_g} kohta täiendavad selgitused {n} tööpäeva jooksul "
        "alates käesoleva kirja kättesaamisest.",
        "Kontaktisik on {person} ({role}), tel {phone}, e-post {email}.",
        "Oleme seisukohal, et {topic} vajab täiendavat analüüsi, eelkõige {aspect_g} osas.",
        "Palume arvestada, et {topic} puudutab ka {org_g} pädevusse kuuluvaid küsimusi.",
        "Käesolevaga edastame {topic_g} kohta {date} koostatud ülevaate, mille {n} lisa on "
        "kirjaga kaasas.",
        "Töörühma järgmine koosolek on kavandatud {date2} ning päevakorras on {topic} ja "
        "{aspect}.",
        "Ettepanek on koostatud {org_g} {date} kirja nr {sender_ref} alusel.",
        "Palume Teie seisukohta hiljemalt {date2}.",
        "Muudatuse eesmärk on vähendada halduskoormust ligikaudu {pct}% ja lihtsustada {topic_g} "
        "menetlemist.",
        "Dokumendi koostas {person}, {role}.",
        "{date} toimunud koosoleku protokoll on kättesaadav dokumendiregistris viitega {ref}.",
        "{topic} on oluline teema ka {region} elanikele.",
        "Küsimuste korral võtke palun ühendust: {person}, tel {phone}.",
        "Esialgse hinnangu kohaselt mõjutab muudatus ligikaudu {num} inimest ja {n} asutust.",
        "{cp} on seisukohal, et {topic_g} rakendamiseks on vaja täiendavat rahastust "
        "ligikaudu {amount} eurot aastas.",
        "Probleemi lahendamiseks on kavas moodustada töörühm, kuhu kuuluvad {org_g} ja "
        "{org2_g} esindajad.",
        "Kirjale on lisatud {n} lisa, sealhulgas {topic_g} mõjuanalüüs.",
        "Arutelul osalesid {org_g}, {org2_g} ja {org3_g} esindajad.",
        "Analüüsi tulemused näitavad, et {aspect} on viimase {n_years} aasta jooksul "
        "paranenud, kuid {aspect2} vajab jätkuvalt tähelepanu.",
    ),
    "reply": (  # the ministry's own voice: only in what it sends
        "Teie {date} esitatud pöördumise kohta teatame, et {topic_g} menetlus on pooleli ja "
        "lõplik seisukoht esitatakse hiljemalt {date2}.",
        "Lisateavet küsisime ka {org_g} ekspertidelt, kelle vastus laekus {date}.",
        "Ühtlasi teavitame, et {topic} on lisatud {year1}. aasta tööplaani ning selle eest "
        "vastutab {person}.",
        "Vabandame vastamisega viivitamise pärast, mis tulenes {aspect_g} täiendavast "
        "analüüsist koostöös {org_g} ekspertidega.",
        "Ministeerium on valmis {topic_g} teemal kohtuma {date2} või mõnel muul Teile sobival "
        "ajal.",
        "{person} nimetatakse {topic_g} töörühma juhiks alates {date2}.",
        "Märgime, et {topic_g} küsimust on ministeeriumis arutatud ka varem, viimati {date}.",
        "Teie {date} esitatud ettepanekud {aspect_g} kohta on edastatud valdkonna eest "
        "vastutavale osakonnale.",
    ),
    "law": (
        "Vastavalt {law_g} §-le {sec} tuleb pöördumisele vastata {n2} kalendripäeva jooksul.",
        "Eelnõu kohaselt jõustuvad muudatused {date3}, kuid üleminekuperiood kestab kuni "
        "{date4}.",
        "Juhime tähelepanu, et {law_g} § {sec} lõike {lg} kohaselt tuleb {topic_g} puhul "
        "arvestada ka kolmandate isikute õigustega.",
        "Ministeerium ei pea otstarbekaks {aspect_g} reguleerimist seaduse tasandil, kuna "
        "vajalikud nõuded on juba kehtestatud {law_g} alusel.",
        "Leiame, et {topic_g} kavandatud muudatus ei ole kooskõlas {law_g} §-ga {sec}.",
        "Ettepanekuga nõustusid {num_small} kooskõlastajat, vastu oli {n} asutust.",
        "{law_g} muutmise seaduse eelnõu on kavas esitada Vabariigi Valitsusele {year1}. "
        "aasta {quarter}. kvartalis.",
        "Õiguskantsler juhtis {year}. aastal tähelepanu, et {aspect} peab olema {law_g} "
        "tasandil selgelt reguleeritud.",
        "Eelnõu § {sec} sõnastust tuleks täpsustada, sest praegusel kujul jääb ebaselgeks "
        "{aspect_g} ulatus.",
        "Seletuskirja {n}. peatükis tuleks täiendavalt analüüsida muudatuse mõju {aspect_g} "
        "seisukohast.",
    ),
    "decision": (
        "Kontrolli käigus tuvastati {defects}.",
        "{date} otsuse peale võib esitada vaide {n2} päeva jooksul arvates päevast, mil isik "
        "otsusest teada sai või oleks pidanud teada saama.",
        "Samuti on võimalik esitada kaebus {court} {n2} päeva jooksul otsuse "
        "teatavakstegemisest.",
        "Taotleja {person} esitas {date} avalduse, milles palus {topic_g} läbivaatamist "
        "kiirendatud korras.",
        "Eeltoodust ja {law_g} §-st {sec} tulenevalt jätab ministeerium taotluse osaliselt "
        "rahuldamata.",
        "Kui taotlus ei vasta {law_g} §-s {sec} sätestatud nõuetele, antakse taotlejale "
        "puuduste kõrvaldamiseks {n2} tööpäeva.",
        "Riigilõivu määr on {small_amount} eurot ning see tuleb tasuda viitenumbriga {refno} "
        "enne taotluse esitamist.",
        "Tähtaja ületamise korral võib rakendada sunniraha kuni {amount_small} eurot.",
        "Küsitud {num_small} dokumenti väljastatakse e-posti teel {n2} tööpäeva jooksul, "
        "ülejäänud {n} dokumendile on kehtestatud juurdepääsupiirang.",
    ),
    "money": (
        "Projekti kogumaksumus on {amount} eurot, millest {pct}% kaetakse {fund_g} "
        "vahenditest.",
        "Eelarve täitmine oli {date} seisuga {amount} eurot ehk {pct}% aasta mahust.",
        "Hankelepingu eeldatav maksumus on {amount} eurot käibemaksuta ja lepingu kestus on "
        "{months} kuud.",
        "Pakkumuste esitamise tähtaeg on {date2} kell {time}.",
        "Vastavalt {date} sõlmitud lepingule nr {contract} kohustub töövõtja üle andma "
        "lõpparuande hiljemalt {date3}.",
        "Taotlusvooru eelarve on {amount} eurot ja taotlusi saab esitada kuni {date2}.",
        "Toetuse saaja peab esitama lõpparuande {n2} päeva jooksul pärast projekti "
        "abikõlblikkuse perioodi lõppu ehk hiljemalt {date3}.",
        "Toetuse maksimaalne määr on {pct}% abikõlblikest kuludest, kuid mitte rohkem kui "
        "{amount} eurot projekti kohta.",
        "Pakkumuste hindamise kriteeriumid on hind ({pct}%) ja pakkuja varasem kogemus.",
        "Lepingu tasu kokku {amount} eurot makstakse välja {n} osas pärast vastuvõtuakti "
        "allkirjastamist.",
    ),
    "eu": (
        "Euroopa Komisjoni ettepanek {com} puudutab ka {topic_g} valdkonda.",
        "Eesti toetab ettepaneku {com} üldeesmärki, kuid peab vajalikuks täpsustada {aspect_g} "
        "sätteid.",
        "Nõukogu töörühma kohtumisel {date} arutati ettepaneku artikleid {art}–{art2}.",
        "Eesti seisukohad kiideti heaks Vabariigi Valitsuse Euroopa Liidu asjade komisjonis "
        "{date}.",
        "Riigikogu Euroopa Liidu asjade komisjon toetas Eesti seisukohti {date} istungil.",
        "Eesistujariik soovib jõuda üldise lähenemiseni hiljemalt {date3}.",
        "Määruse ettepaneku artikkel {art} näeb ette liikmesriikidele uue "
        "aruandluskohustuse.",
    ),
    "stats": (
        "{year}. aastal laekus ministeeriumile {num} sarnast pöördumist, mis on {pct}% "
        "rohkem kui aasta varem.",
        "{org_g} andmetel oli {date} seisuga registreeritud {num} juhtumit.",
        "{year}. aastal esitati ministeeriumile kokku {num} teabenõuet, millest {pct}% "
        "rahuldati täielikult.",
        "Statistikaameti andmetel elas {date} seisuga {region_in} {big_num} inimest.",
        "Häirekeskus võttis {year}. aastal vastu {big_num} hädaabikõnet.",
        "Kirjas viidatud andmed pärinevad {year}. aasta {region_g} küsitlusest, milles "
        "osales {num} vastajat.",
        "Politsei- ja Piirivalveameti andmetel registreeriti {year}. aastal {num} väärtegu, "
        "mis on {pct}% vähem kui aasta varem.",
        "Päästeamet tegi {year}. aastal {num} kodunõustamist.",
    ),
    "event": (
        "Kohtumine toimub {date2} kell {time} {venue}.",
        "Koolitusel osales {num_small} ametnikku {n} asutusest.",
        "Lähetus toimub ajavahemikul {date2}–{date3} ning selle eeldatavad kulud on "
        "{amount_small} eurot.",
        "Õppusel osales {num_small} inimest {n} asutusest ning harjutati {scenario_g} "
        "lahendamist.",
        "Palume kinnitada osalemine hiljemalt {date2} e-posti aadressil {email}.",
        "Õppuse kokkuvõte koos järeldustega esitatakse {date3}.",
        "Seminari ettekanded ja {topic_g} ülevaade avaldatakse ministeeriumi veebilehel "
        "hiljemalt {date2}.",
    ),
    "site": (
        "Kinnistule aadressiga {addr} on kavandatud {building}, mille ehitisealune pind on "
        "{area} m².",
        "Hoone aadressil {addr} vajab hinnanguliselt {amount} euro ulatuses "
        "renoveerimist.",
    ),
    "it": (
        "{org_g} infosüsteemi arendustööd on kavas lõpetada {year1}. aasta {quarter}. "
        "kvartaliks ja nende maksumus on {amount} eurot.",
        "Andmevahetus {org_g} infosüsteemiga toimub alates {date3} X-tee kaudu.",
        "Arenduse käigus lisatakse infosüsteemi {n} uut teenust ja {n2} andmevälja.",
    ),
}
SENTENCES_EN: dict[str, tuple[str, ...]] = {
    "gen": (
        "Following our meeting on {date_en}, we would like to share our position on "
        "{topic_en}.",
        "We kindly ask you to submit your comments by {date2_en}.",
        "Please find attached the report on {topic_en}, prepared by {person_en} "
        "({role_en}).",
        "We believe that {topic_en} requires close cooperation between {org_en} and "
        "national authorities.",
        "Should you have any questions, please contact {person_en} at {phone_en} or "
        "{email}.",
        "Delays in {aspect_en} directly affect the {num} people we currently support in "
        "{city_en}.",
        "{org_en} stands ready to provide technical support on {aspect_en} to the Estonian "
        "authorities.",
        "We note with concern that Article {art} of the current draft would weaken {aspect_en}.",
        "We thank the Ministry for its constructive cooperation on {topic_en} since {year0}.",
        "A summary of the discussion of {date_en} is available under reference {ref}.",
        "The deadline for the next progress report is {date2_en}.",
        "We would be grateful if you could nominate a contact person for {topic_en} by "
        "{date2_en}.",
        "{cp} has received {num} submissions on {topic_en} since {year0}.",
        "The attached annex sets out {n} recommendations on {aspect_en}.",
    ),
    "eu": (
        "According to Article {art} of Regulation (EU) {eu_reg}, Member States shall "
        "ensure adequate {aspect_en}.",
        "The Presidency intends to reach a general approach on {topic_en} by {date2_en}.",
        "We would appreciate receiving Estonia's written comments on Articles {art} to "
        "{art2} of proposal {com}.",
        "We therefore call on Estonia to support a balanced compromise on {topic_en} at the "
        "Council meeting on {date2_en}.",
        "At its meeting on {date_en}, the working party discussed Articles {art} to {art2} "
        "and noted broad support for {aspect_en}.",
        "The legal basis for the processing of personal data is Article {art} of the "
        "General Data Protection Regulation.",
    ),
    "stats": (
        "{org_en} has identified {num} cases in {year} in which {aspect_en} was "
        "insufficient.",
        "Our data show that the number of reported incidents increased by {pct}% between "
        "{year0} and {year}.",
        "In {year}, more than {num} requests were processed, {pct}% of which were answered "
        "within {n2} days.",
        "The evaluation found that {aspect_en} had improved in {n} of the 27 Member States "
        "reviewed.",
        "According to the latest figures, {big_num_en} people were registered as "
        "{status_en} in {year}.",
    ),
    "event": (
        "The next meeting of the working party is scheduled for {date2_en} in {city_en}.",
        "The workshop will take place on {date2_en} at {time_en} CET and will be held "
        "online.",
        "Participants are requested to confirm their attendance by {date2_en}.",
        "The pilot project in {city} involved {num_small} officers and {n} partner "
        "organisations.",
        "The joint exercise tested the response to {scenario_en} across {n} countries.",
        "The questionnaire consists of {n} sections and takes about {n2} minutes to "
        "complete.",
    ),
    "money": (
        "The total budget of the project is EUR {amount_en}, of which {pct}% is "
        "co-financed by the {fund_en}.",
        "Funding of EUR {amount_en} has been allocated for the period {year}–{year1}.",
    ),
}
# English letters have fewer subjects; these stand in for the Estonian-only ones.
EN_SUBJECT = {"law": "eu", "decision": "gen", "site": "gen", "it": "gen"}
RESTRICTED_NOTE = (
    "ASUTUSESISESEKS KASUTAMISEKS",
    "Teabevaldaja: Siseministeerium",
    "Märge tehtud: {date}",
    "Juurdepääsupiirang kehtib kuni: {end}",
    "Alus: {basis}",
)

OPENERS: dict[tuple[str, str], tuple[str, ...]] = {
    ("et", "in"): (
        "Pöördun Teie poole seoses {topic_g} küsimusega.",
        "{cp} esitab käesolevaga oma arvamuse {topic_g} kohta.",
        "Täname võimaluse eest avaldada arvamust {topic_g} kohta.",
        "Soovime juhtida ministeeriumi tähelepanu {topic_g} rakendamisel ilmnenud "
        "probleemidele.",
        "Palun väljastada mulle {topic_g} kohta käivad dokumendid.",
    ),
    ("et", "reply"): (
        "Täname Teid {date} saadetud pöördumise eest.",
        "Vastuseks Teie {date} kirjale nr {sender_ref} selgitame järgmist.",
        "{owner} on tutvunud Teie {date} esitatud ettepanekutega {topic_g} kohta.",
        "{owner} vaatas Teie pöördumise läbi ja selgitab {topic_g} küsimust järgmiselt.",
    ),
    ("et", "out"): (
        "{owner} edastab teadmiseks {topic_g} kohta koostatud teabe.",
        "Soovime Teid teavitada {topic_g} ettevalmistamise seisust.",
        "{owner} esitab oma seisukohad {topic_g} kohta.",
    ),
    ("et", "final"): (
        "{owner} esitab {topic_g} eelnõu koos kooskõlastustabeliga Vabariigi Valitsusele.",
        "Eelnõu on kooskõlastatud asjaomaste asutustega ja märkustega on arvestatud.",
    ),
    ("et", "consult"): (
        "Edastame arvamuse avaldamiseks {topic_g} kohta koostatud eelnõu.",
        "Palume esitada arvamus {topic_g} kohta hiljemalt {date2}.",
        "{owner} on koostanud {topic_g} eelnõu ja esitab selle kooskõlastamiseks.",
    ),
    ("et", "opinion"): (
        "{cp} esitab käesolevaga oma arvamuse {topic_g} kohta.",
        "Täname võimaluse eest avaldada arvamust {topic_g} kohta.",
        "{cp} on eelnõu läbi vaadanud ja kooskõlastab selle järgmiste märkustega.",
    ),
    ("et", "int"): (
        "Käesolevaga kinnitatakse {topic_g} uus redaktsioon.",
        "Koosolekul arutati {topic_g} ettevalmistamise seisu.",
        "Eesmärgiga korrastada {topic_g} menetlemist kehtestatakse järgmised muudatused.",
    ),
    ("en", "in"): (
        "We are writing to you regarding {topic_en}.",
        "On behalf of {cp}, I would like to thank you for the constructive exchange on "
        "{topic_en}.",
        "Further to our previous correspondence, please find below our comments on "
        "{topic_en}.",
    ),
    ("en", "out"): (
        "Thank you for your letter of {date_en} concerning {topic_en}.",
        "The Ministry of the Interior of Estonia has examined your proposal on {topic_en}.",
        "In reply to your request of {date_en}, we would like to provide the following "
        "information.",
    ),
}
CLOSERS_ET = (
    "Täname koostöö eest.", "Loodame jätkuvale heale koostööle.",
    "Palume vastust hiljemalt {date2}.", "Vajadusel oleme valmis andma täiendavaid selgitusi.",
)
CLOSERS_EN = (
    "We look forward to continued cooperation.", "Thank you for your attention to this matter.",
    "We remain at your disposal for any further information.",
)
BANNER = (
    "TÄHELEPANU! Tegemist on väljastpoolt asutust saabunud kirjaga. Tundmatu saatja korral "
    "palume linke ja faile",
    "mitte avada!",
)

# Titles (the register's Nimi, also the letter's Teema) by document type where the type
# decides, otherwise by the document's role in its case.
TITLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("et", "request"): (
        "Pöördumine {topic_g} küsimuses", "Ettepanek {topic_g} muutmiseks", "Selgitustaotlus",
        "Märgukiri: {topic}", "{Topic} – taotlus", "Kutse: {event}", "Teave {topic_g} kohta",
        "{abbr} - Arvamus {topic_g} kohta",
    ),
    ("et", "followup"): (
        "Täiendav pöördumine {topic_g} küsimuses", "Täiendavad küsimused: {topic}",
        "Vastus ministeeriumi kirjale",
    ),
    ("et", "reply"): (
        "Vastus pöördumisele", "Vastus: {first}", "Vastus selgitustaotlusele",
        "Teabe edastamine {topic_g} kohta", "Arvamuse avaldamine {topic_g} kohta",
    ),
    ("et", "notice"): (
        "Teabe edastamine {topic_g} kohta", "Eesti seisukohad {topic_g} kohta",
        "Kutse: {event}", "Ettepanek {topic_g} muutmiseks",
    ),
    ("et", "consult"): (
        "Esitame arvamuse avaldamiseks {topic_g} eelnõu", "Kooskõlastamiseks: {topic}",
        "Arvamuse küsimine {topic_g} kohta",
    ),
    ("et", "opinion"): (
        "{abbr} - Arvamus {topic_g} kohta",
        "{abbr} - Vastus arvamuse avaldamiseks edastatud eelnõule", "{abbr} - Kooskõlastus",
        "{abbr} - Märkused {topic_g} kohta",
    ),
    ("et", "final"): ("Eelnõu esitamine Vabariigi Valitsusele", "Kooskõlastustabel: {topic}"),
    ("et", TN): ("Teabenõue", "Teabenõue: {topic}", "Dokumentide väljastamise taotlus"),
    ("et", TNV): ("Vastus teabenõudele", "Teabenõudele vastamine", "Vastus teabenõudele: {topic}"),
    ("et", LEP): ("Leping: {topic}", "{cp_g} ja Siseministeeriumi vaheline leping",
                  "Lepingu lisa: {topic}"),
    ("et", KK): ("{Topic_g} kinnitamine", "Töörühma moodustamine {topic_g} ettevalmistamiseks",
                 "{Topic_g} muutmine"),
    ("et", PR): ("Töörühma koosoleku protokoll nr {n}", "Nõupidamise protokoll: {topic}"),
    ("et", EEL): ("{Topic}", "Eelnõu: {topic}", "Ministri määruse eelnõu „{topic}”"),
    ("et", VH): ("Väikehange „{topic}”", "Hinnapäring: {topic}"),
    ("en", "request"): (
        "Request for information on {topic_en}", "Invitation: {event_en}",
        "Open letter on {topic_en}", "Joint statement regarding {topic_en}",
        "Written consultation on {topic_en}",
    ),
    ("en", "followup"): ("Follow-up: {topic_en}", "Further comments on {topic_en}"),
    ("en", "reply"): (
        "Reply to your letter of {date_en}", "Re: {first}", "Estonia's position on {topic_en}",
        "Comments of Estonia on {topic_en}",
    ),
    ("en", "notice"): ("Estonia's position on {topic_en}", "Invitation: {event_en}"),
}
PDF_NAMES_ET = (
    "Arvamus", "Pöördumine", "Seletuskiri", "Lisa 1 Ülevaade", "Lisa 2 Analüüs", "Ettepanekud",
    "Aruanne", "Otsus", "Kiri", "Koosoleku protokoll", "Tehniline kirjeldus", "Kokkuvõte",
)
PDF_NAMES_EN = ("Position paper", "Letter", "Annex I", "Report", "Joint statement", "Summary")
PDF_HEADINGS_ET = (
    "Sissejuhatus", "Taust", "Õiguslik raamistik", "Analüüs", "Mõjud", "Ettepanekud",
    "Rakendamine", "Kokkuvõte",
)
PDF_HEADINGS_EN = (
    "Introduction", "Background", "Legal framework", "Findings", "Impact", "Recommendations",
    "Implementation", "Conclusions",
)

# fmt: on

# --------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------

# The look-behind makes a scan start only at word starts (10x faster on long text).
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SLOT_RE = re.compile(r"\{(\w+)\}")
ASCII_FOLD = str.maketrans(
    {
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "õ": "o",
        "š": "s",
        "ž": "z",
        "Ä": "A",
        "Ö": "O",
        "Ü": "U",
        "Õ": "O",
        "Š": "S",
        "Ž": "Z",
        "é": "e",
        "í": "i",
        "'": "",
        " ": "",
    }
)


def fmt_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def fmt_date_en(d: dt.date) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def fmt_int(n: int, lang: str = "et") -> str:
    """Group thousands the way each language writes them (Estonian uses a space)."""
    return f"{n:,}".replace(",", " " if lang == "et" else ",")


def email_of(name: str, domain: str) -> str:
    first, _, last = name.partition(" ")
    return f"{first.translate(ASCII_FOLD).lower()}.{last.translate(ASCII_FOLD).lower()}@{domain}"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def ref_dir(ref: str) -> str:
    """Folder name of an entry: its reference with '/' replaced by '_' (Viit's convention)."""
    return ref.replace("/", "_")


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# --------------------------------------------------------------------------------------
# The plan: every entry's metadata, decided up front so related rows can point anywhere
# --------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One register entry: its metadata and what its files should hold.

    Entries read back from an existing register (for :func:`add_filings`) fill only the
    metadata fields (``party`` is None for them); they are link targets, never rewritten.
    """

    ref: str
    series: str
    case_no: int
    seq: int
    registered: dt.date
    synced: dt.date
    doc_type: str
    title: str
    parties: str  # Adressaat as the public view shows it
    restricted: bool = False
    basis: str | None = None
    restriction_end: dt.date | None = None
    party: Party | None = None
    topic: int = 0
    lang: str = "et"
    responsible: str = ""
    channel: str = ""
    related: list[tuple[str, ...]] = field(default_factory=list)
    n_pdf: int = 0
    n_txt: int = 0
    file: str = ""  # Toimik
    role: str = ""  # what the document does in its case (see _role)


@dataclass
class _Case:
    series: Series
    start: dt.date
    types: tuple[str, ...]
    party: Party
    topic: int
    responsible: str
    order: int  # creation order, a stable tie-breaker
    entries: list[Entry] = field(default_factory=list)
    responders: tuple[Party, ...] = ()  # the organisations consulted, one per opinion


def _staff(function: str) -> list[str]:
    """The officials of a function, the same for every seed so that re-runs agree."""
    rng = random.Random(f"staff:{function}")
    series = [s for s in SERIES if s.function == function]
    units = [u for s in series for u in s.units]
    people = []
    for _ in range(6):
        name = f"{rng.choice(FIRST_ET)} {rng.choice(LAST_ET)}"
        people.append(f"{name} ({rng.choice(units)})")
    return people


STAFF: dict[str, list[str]] = {f: _staff(f) for f in dict.fromkeys(s.function for s in SERIES)}


@functools.cache
def staff_role(name: str) -> str:
    """An official's job title, fixed per name so that every signature agrees."""
    return random.Random(f"role:{name}").choice(ROLES_ET)


def _private_person(rng: random.Random, initials: str | None = None) -> Party:
    """A private person; with ``initials`` ("P. R."), one whose name fits them."""
    firsts, lasts = FIRST_ET, LAST_ET
    if initials:
        letters = [w[0] for w in initials.split() if w]
        if len(letters) == 2:
            firsts = tuple(n for n in FIRST_ET if n[0] == letters[0]) or FIRST_ET
            lasts = tuple(n for n in LAST_ET if n[0] == letters[1]) or LAST_ET
    name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
    return Party(name, name, "", "gmail.com", private=True)


def _pick_party(rng: random.Random, series: Series) -> Party:
    r = rng.random()
    if r < series.intl:
        return rng.choice(FOREIGN_ORGS)
    if r < series.intl + series.private:
        return _private_person(rng)
    return rng.choice(ORGS)


def _title(
    rng: random.Random,
    lang: str,
    doc_type: str,
    role: str,
    topic: Topic,
    party: Party,
    registered: dt.date,
    first_title: str | None,
) -> str:
    """A register title (also the letter's Teema) for a document of this type and role."""
    for key in ((lang, doc_type), (lang, role), ("et", doc_type), ("et", role)):
        if key in TITLES:
            break
    tpl = rng.choice(TITLES[key])
    if "{first}" in tpl and not first_title:
        tpl = TITLES[key][0]
    event = rng.choice(EVENTS)
    values = {
        "topic": topic.et,
        "Topic": cap(topic.et),
        "topic_g": topic.et_g,
        "Topic_g": cap(topic.et_g),
        "topic_en": topic.en,
        "abbr": party.abbr or party.name,
        "cp_g": party.gen,
        "event": event[0],
        "event_en": event[1],
        "date_en": fmt_date_en(registered - dt.timedelta(days=rng.randint(3, 40))),
        "n": str(rng.randint(1, 24)),
        "first": first_title or "",
    }
    return SLOT_RE.sub(lambda m: values[m.group(1)], tpl)


def _role(types: Sequence[str], pos: int) -> str:
    """What a document does in its case: a consultation and its opinions, a reply ..."""
    doc_type = types[pos]
    if types[0] in (OUT, EEL) and IN in types[1:]:
        return "consult" if pos == 0 else ("opinion" if doc_type == IN else "final")
    if doc_type in INCOMING:
        return "followup" if pos else "request"
    return "reply" if pos else "notice"


def _restriction(
    rng: random.Random, series: Series, party: Party, registered: dt.date
) -> tuple[str, dt.date | None]:
    """Basis and end date; personal data stays restricted for decades, the rest 5 years."""
    basis = "AvTS § 35 lg 1 p 12" if party.private else rng.choice(series.bases)
    personal = basis.endswith(("p 11", "p 12"))
    if personal:
        end = _add_years(registered, 75) if rng.random() < 0.5 else None
    else:
        end = _add_years(registered, 5) if rng.random() < 0.8 else None
    return basis, end


def _channel(rng: random.Random, doc_type: str, party: Party) -> str:
    if doc_type in INTERNAL:
        return "kohapeal"
    if rng.random() < 0.05:
        return party.name  # a scraping artefact seen in the seed: the sender in this field
    return rng.choice(CHANNELS_IN if doc_type in INCOMING else CHANNELS_OUT)


def _make_cases(rng: random.Random, n_entries: int, first: dt.date, last: dt.date) -> list[_Case]:
    """Cases (asjad) of documents until ``n_entries`` documents exist, sorted by start."""
    weights = [s.weight for s in SERIES]
    span = (last - first).days
    cases: list[_Case] = []
    total = 0
    while total < n_entries:
        series = rng.choices(SERIES, weights)[0]
        types = rng.choice(series.patterns)
        if types == P_CONSULT:  # a consultation draws a varying number of opinions
            types = (OUT,) + (IN,) * rng.randint(1, 5)
        types = types[: n_entries - total]
        # More recent years hold more documents, as registers grow.
        start = first + dt.timedelta(days=int(span * math.sqrt(rng.random())))
        responders: tuple[Party, ...] = ()
        if types[0] in (OUT, EEL) and IN in types[1:]:
            # A consultation goes to several bodies; each sends its own opinion.
            responders = tuple(rng.sample(ORGS, min(len(ORGS), len(types) + rng.randint(0, 6))))
            party = responders[0]
        else:
            party = _pick_party(rng, series)
        cases.append(
            _Case(
                series,
                start,
                types,
                party,
                rng.randrange(len(series.topics)),
                rng.choice(STAFF[series.function]),
                len(cases),
                responders=responders,
            )
        )
        total += len(types)
    cases.sort(key=lambda c: (c.start, c.order))
    return cases


def _case_entries(
    rng: random.Random,
    case: _Case,
    case_no: int,
    first_seq: int,
    synced: dt.date,
    last: dt.date,
    first_title: str | None = None,
) -> list[Entry]:
    """The documents of one case, dated in filing order and numbered ``case_no-seq``.

    ``first_seq`` > 1 continues a case already in the register; ``first_title`` is then
    the title replies may quote.
    """
    series = case.series
    topic = series.topics[case.topic]
    day = case.start
    out: list[Entry] = []
    opinions = iter(case.responders)
    for i, doc_type in enumerate(case.types):
        if i:
            day = min(last, day + dt.timedelta(days=rng.randint(1, 35)))
        pos = first_seq - 1 + i
        role = _role(case.types, i) if first_seq == 1 else _role((IN, doc_type), 1)
        party = case.party
        parties = party.display
        if role == "consult":
            parties = ", ".join(p.name for p in case.responders)
        elif role == "opinion":
            party = next(opinions, case.party)
            parties = party.name
        elif role == "final":
            party = GOVERNMENT_OFFICE
            parties = party.name
        elif doc_type in INTERNAL:
            parties = "Siseministeeriumi teenistujad" if doc_type == KK else party.name
        lang = "en" if party.international and doc_type not in INTERNAL | {EEL} else "et"
        title = _title(rng, lang, doc_type, role, topic, party, day, first_title)
        first_title = first_title or title
        out.append(
            Entry(
                ref=f"{series.code}/{case_no}-{pos + 1}",
                series=series.code,
                case_no=case_no,
                seq=pos + 1,
                registered=day,
                synced=synced,
                doc_type=doc_type,
                title=title,
                parties=parties,
                party=party,
                topic=case.topic,
                lang=lang,
                responsible=case.responsible,
                channel=_channel(rng, doc_type, party),
                file=f"{series.code}/{case.start.year}",
                role=role,
            )
        )
    return out


def _restrict(rng: random.Random, cases: Sequence[_Case], count: int) -> None:
    """Restrict about ``count`` entries, whole cases at a time, private matters first."""
    if count <= 0:
        return

    def weight(c: _Case) -> float:
        personal = any(b.endswith(("p 11", "p 12")) for b in c.series.bases)
        return 6.0 if c.party.private else (2.0 if personal else 1.0)

    # Weighted order without replacement (Efraimidis-Spirakis keys).
    ordered = sorted(cases, key=lambda c: -(rng.random() ** (1.0 / weight(c))))
    left = count
    for case in ordered:
        for e in case.entries[:left]:
            e.restricted = True
            e.basis, e.restriction_end = _restriction(rng, case.series, case.party, e.registered)
        left -= min(left, len(case.entries))
        if not left:
            break


def _link(rng: random.Random, new: Sequence[Entry], pool: Sequence[Entry]) -> None:
    """Fill each new entry's related rows with other entries of ``pool``.

    Rows are what a register shows as documents on the same matter: the other documents
    of the case, a few neighbours in the same series, and now and then one from elsewhere.
    """
    by_case: dict[tuple[str, int], list[Entry]] = {}
    by_series: dict[str, list[Entry]] = {}
    for e in pool:
        by_case.setdefault((e.series, e.case_no), []).append(e)
        by_series.setdefault(e.series, []).append(e)
    position = {id(e): i for lst in by_series.values() for i, e in enumerate(lst)}
    for e in new:
        chosen: dict[str, Entry] = {}
        for other in by_case[(e.series, e.case_no)]:
            if other.ref != e.ref:
                chosen[other.ref] = other
        siblings = by_series[e.series]
        at = position[id(e)]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            j = min(len(siblings) - 1, max(0, at + rng.randint(-25, 25)))
            chosen.setdefault(siblings[j].ref, siblings[j])
        if rng.random() < 0.3:
            other = pool[rng.randrange(len(pool))]
            chosen.setdefault(other.ref, other)
        chosen.pop(e.ref, None)
        rows = sorted(chosen.values(), key=lambda o: (o.registered, o.ref), reverse=True)
        e.related = [_related_row(e, o) for o in rows[:MAX_RELATED]]


def _related_row(e: Entry, other: Entry) -> tuple[str, ...]:
    ref = f"{other.ref} 🔒" if other.restricted else other.ref
    delta = max(0, (e.synced - other.registered).days)
    return (
        other.title,
        fmt_date(other.registered),
        str(delta),
        ref,
        other.doc_type,
        OWNER_CODE,
        other.parties,
    )


def _assign_files(
    rng: random.Random, entries: Sequence[Entry], pdf_ratio: float, txt_ratio: float
) -> None:
    """Give exactly round(ratio * n) entries their attachments, so small runs keep ratios."""
    n = len(entries)
    for i in rng.sample(range(n), min(n, round(pdf_ratio * n))):
        entries[i].n_pdf = 2 if rng.random() < 0.12 else 1
    letters = [e for e in entries if e.doc_type not in INTERNAL]  # forwarded mail
    for e in rng.sample(letters, min(len(letters), round(txt_ratio * n))):
        e.n_txt = 1


def plan_register(
    entries: int,
    seed: int = 0,
    *,
    pdf_ratio: float = 0.3,
    restricted_ratio: float = 0.1,
    txt_ratio: float = 0.05,
    sync_date: dt.date = DEFAULT_SYNC,
) -> list[Entry]:
    """Decide every entry's metadata, related rows and attachments (no files written)."""
    rng = random.Random(f"plan:{seed}")
    last = sync_date - dt.timedelta(days=1)
    cases = _make_cases(rng, entries, FIRST_DAY, last)
    next_case: dict[str, int] = {}
    out: list[Entry] = []
    for case in cases:
        no = next_case.get(case.series.code, 0) + 1
        next_case[case.series.code] = no
        case.entries = _case_entries(rng, case, no, 1, sync_date, last)
        out.extend(case.entries)
    _restrict(rng, cases, round(restricted_ratio * len(out)))
    out.sort(key=lambda e: (e.series, e.case_no, e.seq))
    _link(rng, out, out)
    _assign_files(rng, out, pdf_ratio, txt_ratio)
    return out


# --------------------------------------------------------------------------------------
# Text: sentences from templates, letters, the export file
# --------------------------------------------------------------------------------------


@functools.cache
def _template_parts(template: str) -> tuple[str, ...]:
    """Literal text and slot-method names alternating (parsed once per template)."""
    parts = SLOT_RE.split(template)
    return tuple(p if i % 2 == 0 else f"s_{p}" for i, p in enumerate(parts))


class Writer:
    """Fills sentence templates for one document with its own seeded RNG.

    Slots that belong together (``{topic}``/``{topic_g}``, ``{law_g}``/``{law_abbr}``,
    ``{year0}``/``{year}``) are drawn once per sentence, so a sentence stays coherent.
    Most topic slots take the case's own topic, which keeps an entry on one subject.
    """

    def __init__(self, rng: random.Random, entry: Entry) -> None:
        self.rng = rng
        self.entry = entry
        self.series = SERIES_BY_CODE[entry.series]
        self.party = entry.party or rng.choice(ORGS)
        self.day = entry.registered
        self.lang = entry.lang
        self._cache: dict[str, Any] = {}
        self.refs = [row[3].split(" ")[0] for row in entry.related] or [entry.ref]
        if self.lang == "en":
            keys = dict.fromkeys(EN_SUBJECT.get(k, k) for k in self.series.subjects)
            self.templates = [t for k in keys for t in SENTENCES_EN[k]]
        elif _direction(entry.doc_type) == "in":
            keys = tuple(k for k in self.series.subjects if k != "decision")
            self.templates = [t for k in keys for t in SENTENCES_ET[k]]
        else:
            keys = (*self.series.subjects, "reply")
            self.templates = [t for k in keys for t in SENTENCES_ET[k]]
        # Each document uses its own share of the templates, so that two letters of one
        # series differ in what they say, not only in names and numbers.
        self.templates = rng.sample(self.templates, max(6, len(self.templates) * 2 // 3))
        self._bag: list[str] = []

    # -- machinery ----------------------------------------------------------------------
    def fill(self, template: str) -> str:
        """The template with its slots filled; a fresh draw for every sentence."""
        self._cache = {}
        parts = _template_parts(template)
        out = [p if i % 2 == 0 else getattr(self, p)() for i, p in enumerate(parts)]
        return cap("".join(out))

    def _once(self, key: str, make: Callable[[], T]) -> T:
        """A value drawn once per sentence, shared by the slots that name ``key``."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _topic(self) -> Topic:
        def pick() -> Topic:
            if self.rng.random() < 0.7:
                return self.series.topics[self.entry.topic]
            return self.rng.choice(self.series.topics)

        return self._once("topic", pick)

    def _days(self, key: str, lo: int, hi: int) -> dt.date:
        delta = self._once(key, lambda: self.rng.randint(lo, hi))
        return self.day + dt.timedelta(days=delta)

    def _person(self) -> str:
        r = self.rng
        return self._once("person", lambda: f"{r.choice(FIRST_ET)} {r.choice(LAST_ET)}")

    def _person_en(self) -> str:
        r = self.rng
        return self._once("person", lambda: f"{r.choice(FIRST_EN)} {r.choice(LAST_EN)}")

    def new_name(self) -> str:
        """A fresh person's name in the document's language (not tied to a sentence)."""
        if self.lang == "en":
            return f"{self.rng.choice(FIRST_EN)} {self.rng.choice(LAST_EN)}"
        return f"{self.rng.choice(FIRST_ET)} {self.rng.choice(LAST_ET)}"

    def sentence(self) -> str:
        """The next sentence; templates are drawn without replacement until all are used."""
        if not self._bag:
            self._bag = self.rng.sample(self.templates, len(self.templates))
        return self.fill(self._bag.pop())

    def paragraph(self, lo: int = 2, hi: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    # -- slots --------------------------------------------------------------------------
    def s_topic(self) -> str:
        return self._topic().et

    def s_topic_g(self) -> str:
        return self._topic().et_g

    def s_topic_en(self) -> str:
        return self._topic().en

    def _org(self, key: str) -> Party:
        return self._once(key, lambda: self.rng.choice(ORGS))

    def s_org(self) -> str:
        return self._org("org").name

    def s_org_g(self) -> str:
        return self._org("org").gen

    def s_org2_g(self) -> str:
        return self._org("org2").gen

    def s_org3_g(self) -> str:
        return self._org("org3").gen

    def s_org_en(self) -> str:
        return self._once("org_en", lambda: self.rng.choice(FOREIGN_ORGS).name)

    def s_cp(self) -> str:
        return self.party.name

    def s_owner(self) -> str:
        return OWNER

    def _law(self) -> tuple[str, str]:
        return self._once("law", lambda: self.rng.choice(LAWS))

    def s_law_g(self) -> str:
        return self._law()[0]

    def s_law_abbr(self) -> str:
        return self._law()[1]

    def _aspect(self, key: str) -> tuple[str, str]:
        return self._once(key, lambda: self.rng.choice(ASPECTS))

    def s_aspect(self) -> str:
        return self._aspect("aspect")[0]

    def s_aspect_g(self) -> str:
        return self._aspect("aspect")[1]

    def s_aspect2(self) -> str:
        return self._aspect("aspect2")[0]

    def s_aspect_en(self) -> str:
        return self._once("aspect_en", lambda: self.rng.choice(ASPECTS_EN))

    def s_date(self) -> str:
        return fmt_date(self._days("date", -60, -1))

    def s_date2(self) -> str:
        return fmt_date(self._days("date2", 5, 60))

    def s_date3(self) -> str:
        return fmt_date(self._days("date3", 61, 200))

    def s_date4(self) -> str:
        return fmt_date(self._days("date4", 201, 800))

    def s_date_en(self) -> str:
        return fmt_date_en(self._days("date", -60, -1))

    def s_date2_en(self) -> str:
        return fmt_date_en(self._days("date2", 5, 60))

    def _year(self) -> int:
        return self._once("year", lambda: self.day.year - self.rng.choice((0, 1, 1, 2)))

    def s_year(self) -> str:
        return str(self._year())

    def s_year0(self) -> str:
        return str(self._year() - self._once("y0", lambda: self.rng.randint(2, 5)))

    def s_year1(self) -> str:
        return str(self.day.year + 1)

    def s_n(self) -> str:
        return str(self.rng.randint(2, 20))

    def s_n2(self) -> str:
        return str(self.rng.choice((5, 7, 10, 14, 15, 20, 30)))

    def s_n_years(self) -> str:
        return str(self.rng.randint(2, 10))

    def s_months(self) -> str:
        return str(self.rng.choice((6, 12, 18, 24, 36, 48)))

    def s_quarter(self) -> str:
        return str(self.rng.randint(1, 4))

    def s_num(self) -> str:
        return fmt_int(self.rng.randint(3, 2500), self.lang)

    def s_num_small(self) -> str:
        return str(self.rng.randint(5, 120))

    def s_big_num(self) -> str:
        return fmt_int(self.rng.randint(10_000, 600_000))

    def s_big_num_en(self) -> str:
        return fmt_int(self.rng.randint(10_000, 600_000), "en")

    def s_pct(self) -> str:
        return str(self.rng.randint(2, 95))

    def _amount(self) -> int:
        r = self.rng
        return r.choice(
            (r.randint(1, 99) * 1000, r.randint(100, 2500) * 1000, r.randint(1000, 99_999))
        )

    def s_amount(self) -> str:
        return fmt_int(self._amount())

    def s_amount_en(self) -> str:
        return fmt_int(self._amount(), "en")

    def s_amount_small(self) -> str:
        return fmt_int(self.rng.randint(50, 9000))

    def s_small_amount(self) -> str:
        return str(self.rng.choice((10, 15, 20, 35, 50, 80, 100, 150, 300)))

    def s_area(self) -> str:
        return fmt_int(self.rng.randint(50, 5000))

    def s_defects(self) -> str:
        total = self.rng.randint(2, 40)
        return f"{total} puudust, millest {self.rng.randint(1, total)} on tänaseks kõrvaldatud"

    def s_refno(self) -> str:
        return str(self.rng.randint(10**9, 10**10))

    def s_sec(self) -> str:
        return str(self.rng.randint(1, 160))

    def s_lg(self) -> str:
        return str(self.rng.randint(1, 9))

    def s_p(self) -> str:
        return str(self.rng.randint(1, 19))

    def _art(self) -> int:
        return self._once("art", lambda: self.rng.randint(1, 90))

    def s_art(self) -> str:
        return str(self._art())

    def s_art2(self) -> str:
        return str(self._art() + self.rng.randint(1, 8))

    def s_time(self) -> str:
        return self.rng.choice(("09.00", "10.00", "10.30", "11.00", "13.00", "14.00", "15.30"))

    def s_time_en(self) -> str:
        return self.rng.choice(("9:30", "10:00", "11:00", "14:00", "15:30"))

    def s_phone(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"+372 612 {r.randint(5000, 5999)}"
        return f"+372 5{r.randint(100, 999)} {r.randint(1000, 9999)}"

    def s_phone_en(self) -> str:
        return (
            f"+32 2 {self.rng.randint(200, 299)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}"
        )

    def s_email(self) -> str:
        person = self._cache.get("person") or self._person()
        domain = self.party.domain if self.lang == "en" else OWNER_DOMAIN
        return email_of(str(person), domain)

    def s_person(self) -> str:
        return self._person()

    def s_person_en(self) -> str:
        return self._person_en()

    def s_role(self) -> str:
        return self.rng.choice(ROLES_ET)

    def s_role_en(self) -> str:
        return self.rng.choice(ROLES_EN)

    def s_ref(self) -> str:
        return self.rng.choice(self.refs)

    def s_sender_ref(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            return f"{r.randint(1, 12)}-{r.randint(1, 9)}/{r.randint(100, 9999)}"
        return (
            f"{r.randint(1, 9)}.{r.randint(1, 9)}-{r.randint(1, 9)}/{self.day.year % 100}"
            f"/{r.randint(1, 9999)}"
        )

    def s_contract(self) -> str:
        return f"{self.entry.series}/{self.day.year}/{self.rng.randint(1, 300)}"

    def s_com(self) -> str:
        return f"COM({self._year()}) {self.rng.randint(100, 800)}"

    def s_eu_reg(self) -> str:
        return f"{self._year()}/{self.rng.randint(100, 2999)}"

    def s_venue(self) -> str:
        return self.rng.choice(VENUES)

    def _region(self) -> tuple[str, str]:
        return self._once("region", lambda: self.rng.choice(REGIONS))

    def s_region(self) -> str:
        return self._region()[0]

    def s_region_g(self) -> str:
        return self._region()[0]  # the -maa names are the same in the genitive

    def s_region_in(self) -> str:
        return self._region()[1]

    def s_city(self) -> str:
        return self.rng.choice(CITIES)

    def s_city_en(self) -> str:
        return self.rng.choice(CITIES_EN)

    def s_addr(self) -> str:
        r = self.rng
        return f"{r.choice(STREETS)} {r.randint(1, 120)}, {r.choice(CITIES)}"

    def s_building(self) -> str:
        return self.rng.choice(BUILDINGS)

    def s_court(self) -> str:
        return self.rng.choice(COURTS)

    def s_fund_g(self) -> str:
        return self.rng.choice(FUNDS)[0]

    def s_fund_en(self) -> str:
        return self.rng.choice(FUNDS)[1]

    def s_scenario_g(self) -> str:
        return self.rng.choice(SCENARIOS)[0]

    def s_scenario_en(self) -> str:
        return self.rng.choice(SCENARIOS)[1]

    def s_status_en(self) -> str:
        return self.rng.choice(STATUSES_EN)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at spaces; never splits a word (textwrap is 5x slower here)."""
    lines: list[str] = []
    line: list[str] = []
    used = -1
    for word in text.split(" "):
        if line and used + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, used = [], -1
        line.append(word)
        used += 1 + len(word)
    if line:
        lines.append(" ".join(line))
    return lines


def _direction(doc_type: str) -> str:
    """'in' for letters the ministry receives, 'out' for those it sends, 'int' for own acts."""
    if doc_type in INTERNAL:
        return "int"
    return "in" if doc_type in INCOMING else "out"


def _letter_parts(w: Writer) -> tuple[str, list[str], str, list[str]]:
    """Greeting, body paragraphs, closing sentence and signature lines of one letter."""
    e, rng, party = w.entry, w.rng, w.party
    direction = _direction(e.doc_type)
    lang = e.lang
    staff_name = e.responsible.split(" (")[0]
    if lang == "en" and direction == "out":
        greeting = rng.choice(("Dear Sir or Madam,", "Dear colleagues,"))
    elif lang == "en":
        greeting = rng.choice(
            ("Dear Sir or Madam,", "Dear colleagues,", "Dear Minister,", f"Dear {staff_name},")
        )
    elif direction == "out":
        who = party.name if party.private else rng.choice(("adressaat", "kolleegid"))
        greeting = f"Lugupeetud {who}"
    elif direction == "int":
        greeting = ""
    else:
        greeting = rng.choice(
            ("Tere!", "Lugupeetud minister", "Lugupeetud ministeerium", f"Lugupeetud {staff_name}")
        )
    openers = OPENERS.get((lang, e.role)) or OPENERS.get((lang, direction), OPENERS[("et", "in")])
    paragraphs = [w.fill(rng.choice(openers)) + " " + w.paragraph(1, 3)]
    if e.role == "consult" and lang == "et":  # the bodies consulted, as the seed lists them
        paragraphs.append(
            _org_list(
                "Eelnõu saadeti kooskõlastamiseks järgmistele asutustele:", e.parties.split(", ")
            )
        )
    # Body length: mostly 250-650 words (a few ~200-token chunks), now and then much longer.
    if party.private and direction == "in":  # people write short letters
        target = rng.randint(60, 260)
    else:
        target = rng.randint(900, 1500) if rng.random() < 0.08 else rng.randint(220, 650)
    words = len(paragraphs[0].split())
    while words < target:
        if lang == "en" and direction == "in" and rng.random() < 0.1:
            names = [p.name for p in rng.sample(FOREIGN_ORGS, rng.randint(4, 12))]
            para = _org_list("The following organisations support this letter:", names)
        else:
            para = w.paragraph()
        paragraphs.append(para)
        words += len(para.split())
    closer = w.fill(rng.choice(CLOSERS_EN if lang == "en" else CLOSERS_ET))
    if direction == "in":
        if party.private:
            sender, role, org = party.name, "", ""
        else:
            sender = w.new_name()
            role = rng.choice(ROLES_EN if lang == "en" else ROLES_ET)
            org = party.name
    else:
        sender, role = staff_name, staff_role(staff_name)
        org = "Ministry of the Interior of Estonia" if lang == "en" else OWNER
    sign = ["Best regards," if lang == "en" else "Lugupidamisega"]
    if direction != "in" and lang == "et":
        sign.append("(allkirjastatud digitaalselt)")
    sign += [x for x in (sender, role, org) if x]
    return greeting, paragraphs, closer, sign


def _org_list(intro: str, names: Sequence[str]) -> str:
    """A numbered list of organisations, as coalition letters and consultations carry."""
    return intro + "\n" + "\n".join(f"{i}. {name}" for i, name in enumerate(names, 1))


def _sender_and_recipient(w: Writer) -> tuple[str, str]:
    """Saatja and Adressaat header values, as 'Name <address>'."""
    e, party = w.entry, w.party
    staff_name = e.responsible.split(" (")[0]
    staff = f"{staff_name} <{email_of(staff_name, OWNER_DOMAIN)}>"
    if e.doc_type in INTERNAL:
        return staff, f"SiM teenistujad <teenistujad@{OWNER_DOMAIN}>"
    if party.private:
        contact = f"{party.name} <{email_of(party.name, party.domain)}>"
    else:
        person = w.new_name()
        contact = f"{person} <{email_of(person, party.domain)}>"
    if e.doc_type in INCOMING:
        return contact, (OWNER_MAILBOX if w.rng.random() < 0.6 else staff)
    return staff, contact


def render_entry(entry: Entry, rng: random.Random, attachments: Sequence[str]) -> str:
    """The export file of an entry in the seed-000 format."""
    w = Writer(rng, entry)
    lines = [f"| {k} | {v} |" if v else f"| {k} | |" for k, v in _metadata_rows(entry)]
    sender, recipient = _sender_and_recipient(w)
    sent = dt.datetime.combine(
        entry.registered - dt.timedelta(days=rng.choice((0, 0, 1))),
        dt.time(rng.randint(7, 18), rng.randint(0, 59)),
    )
    lines.append(f"Saatja: {sender} Saadetud: {sent:%d.%m.%Y %H:%M}")
    head = f"Adressaat: {recipient} Teema: {entry.title}"
    if attachments:  # wrapped like the seed, with Manused run on after the last line
        head_lines = _wrap(head, 120)
        head_lines[-1] += f" Manused: {'; '.join(attachments)}"
        lines += head_lines
    else:
        lines.append(head)
    if entry.doc_type in INCOMING and entry.channel == "e-post":
        lines += BANNER
    elif entry.restricted and rng.random() < 0.6:  # an own document carries its AK stamp
        end = fmt_date(entry.restriction_end) if entry.restriction_end else ""
        values = {"date": fmt_date(entry.registered), "end": end, "basis": entry.basis or ""}
        lines += [
            SLOT_RE.sub(lambda m: values[m.group(1)], ln)
            for ln in RESTRICTED_NOTE
            if end or "{end}" not in ln
        ]
    greeting, paragraphs, closer, sign = _letter_parts(w)
    # The public view flattens the letter: no blank lines, paragraphs run together and
    # break at arbitrary widths (see seed 000).
    flow: list[str] = []
    for i, para in enumerate(paragraphs):
        if i == 0 and greeting:
            para = f"{greeting} {para}" if rng.random() < 0.4 else f"{greeting}\n{para}"
        if flow and rng.random() < 0.3 and "\n" not in para:
            flow[-1] += " " + para
        else:
            flow.append(para)
    width = rng.randint(140, 520)
    for block in flow:
        for part in block.split("\n"):
            lines += _wrap(part, width) if len(part) > width else [part]
    lines.append(closer)
    if entry.lang == "en":
        lines += [sign[0], "-- " + " ".join(sign[1:])]
    else:
        lines += sign
    lines.append("| Nimi | K.p. | Δ | Viit | Tüüp | Org | Osapooled |")
    lines.append("|---|---|---|---|---|---|---|")
    lines += ["| " + " | ".join(row) + " |" for row in entry.related]
    # The public view obfuscates every e-mail address (Cloudflare), as in the seed.
    return EMAIL_RE.sub("[email protected]", "\n".join(lines))


def _metadata_rows(e: Entry) -> list[tuple[str, str]]:
    series = SERIES_BY_CODE.get(e.series)
    if e.restricted:
        basis = e.basis or ""
        if e.restriction_end:
            basis += f", kuni {fmt_date(e.restriction_end)}"
        access = [("Juurdepääsupiirang", "AK"), ("Juurdepääsupiirang", basis)]
    else:
        access = [("Juurdepääsupiirang", "Avalik"), ("Juurdepääsupiirang", "")]
    return [
        ("Dokumendiregister", OWNER),
        ("Viit", e.ref),
        ("Registreeritud", fmt_date(e.registered)),
        ("Sünkroonitud", fmt_date(e.synced)),
        ("Liik", e.doc_type),
        ("Funktsioon", series.function if series else ""),
        ("Sari", f"{e.series} {series.name}" if series else e.series),
        ("Toimik", e.file),
        *access,
        ("Adressaat", e.parties),
        ("Saabumis/saatmisviis", e.channel),
        ("Vastutaja", e.responsible),
        ("Originaal", "Ava uues aknas"),
    ]


def render_letter_txt(w: Writer, sent: dt.datetime) -> str:
    """A forwarded letter in the seed-001 format: spaced headers, Markdown bold and links."""
    rng, party, lang = w.rng, w.party, w.lang
    staff_name = w.entry.responsible.split(" (")[0]
    sender = party.name if party.private else w.new_name()
    domain = party.domain
    to = [OWNER_MAILBOX] + [
        f"<{email_of(f'{rng.choice(FIRST_ET)} {rng.choice(LAST_ET)}', d)}>"
        for d in rng.sample(("riigikantselei.ee", "mfa.ee", "fin.ee", "just.ee"), rng.randint(1, 3))
    ]
    cc = [f"{staff_name} <{email_of(staff_name, OWNER_DOMAIN)}>"]
    images = [
        f"Outlook-{rng.choice(('Icon_www', 'Icon_FB', 'logo', 'Icon_Linke'))}{i}.png"
        for i in range(1, rng.randint(2, 6))
    ]
    subject = _title(
        rng, lang, IN, "request", w.series.topics[w.entry.topic], party, sent.date(), None
    )

    def header(name: str, value: str) -> list[str]:
        return ["\n\n".join(_wrap(f"{name}: {value}", 80)), ""]

    out = [
        "",
        "",
        *header("Saatja", f"{sender} <{email_of(sender, domain)}>"),
        *header("Saadetud", f"{sent:%d.%m.%Y %H:%M}"),
        *header("Adressaat", "; ".join(to) + ";"),
        *header("Koopia", "; ".join(cc)),
        *header("Teema", subject),
        *header("Manused", "; ".join(images)),
    ]
    out += [" ".join(BANNER), ""]
    out += ["Dear Minister," if lang == "en" else "Lugupeetud minister", ""]
    for _ in range(rng.randint(3, 6)):
        out += [_markdown(rng, w.paragraph(2, 5)), ""]
    out += [" ", "Best regards," if lang == "en" else "Lugupidamisega", ""]
    out += (
        [sender]
        if party.private
        else [sender, rng.choice(ROLES_EN if lang == "en" else ROLES_ET), "", "", party.name]
    )
    return "\n".join(out) + "\n"


def _markdown(rng: random.Random, text: str) -> str:
    """Mark a run of words bold and another as a link, as mail-to-Markdown exports do."""
    words = text.split(" ")
    if len(words) > 12:
        i = rng.randrange(0, len(words) - 6)
        j = i + rng.randint(2, 5)
        words[i] = "**" + words[i]
        words[j] = words[j] + "**"
        k = rng.randrange(j + 1, len(words)) if j + 1 < len(words) - 1 else None
        if k is not None and not words[k].endswith("**"):
            words[k] = f"[{words[k]}](#)"
    return " ".join(words)


# --------------------------------------------------------------------------------------
# PDF: a minimal writer, enough for a text layer pypdf extracts
# --------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595, 842
MARGIN_X, TOP_Y, BOTTOM_Y = 56, 770, 60
WRAP_CHARS = 92  # ~Helvetica 10 pt across 483 pt of text width


def _pdf_str(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_text_string(text: str) -> bytes:
    """An Info-dictionary string: UTF-16BE with a BOM, written as hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def write_pdf(
    pages: Sequence[Sequence[tuple[str, float, float, float, str]]], title: str, created: dt.date
) -> bytes:
    """Serialise pages of text runs ``(font, size, x, y, text)`` into a PDF file.

    Fonts are the core Helvetica and Helvetica-Bold with WinAnsi encoding (it covers
    Estonian õ, ä, ö, ü, š, ž), so nothing is embedded and a page costs a few KB.
    """
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # Pages, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _pdf_text_string(title) + b" /Producer (Viit bench make_register) "
        b"/CreationDate (D:" + created.strftime("%Y%m%d").encode() + b"120000Z) >>",
    ]
    kids = []
    for runs in pages:
        content = bytearray(b"BT\n")
        for font, size, x, y, text in runs:
            content += b"/%s %g Tf 1 0 0 1 %g %g Tm " % (font.encode(), size, x, y)
            content += _pdf_str(text) + b" Tj\n"
        content += b"ET\n"
        data = zlib.compress(bytes(content), 6)
        objs.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
        content_no = len(objs)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font "
            b"<< /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (PAGE_W, PAGE_H, content_no)
        )
        kids.append(len(objs))
    objs[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % len(kids)
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return bytes(out)


def render_pdf(w: Writer, name: str, pages: int) -> bytes:
    """A formal document of about ``pages`` pages on the entry's topic."""
    e, rng, lang = w.entry, w.rng, w.lang
    topic = w.series.topics[e.topic]
    title = f"{name}: {topic.en if lang == 'en' else topic.et}"
    blocks: list[tuple[str, float, float, float, str]] = []  # font, size, leading, gap, text
    blocks.append(("F2", 14, 20, 0, cap(title)))
    blocks.append(
        (
            "F1",
            10,
            13,
            4,
            f"{OWNER if lang == 'et' else 'Ministry of the Interior'}"
            f", {fmt_date(e.registered)} nr {e.ref}",
        )
    )
    headings = PDF_HEADINGS_EN if lang == "en" else PDF_HEADINGS_ET
    budget = (pages - 1) * (TOP_Y - BOTTOM_Y) + rng.uniform(0.3, 0.9) * (TOP_Y - BOTTOM_Y)
    used = 40.0
    section = 0
    while used < budget:
        if section < len(headings) and (section == 0 or rng.random() < 0.35):
            section += 1
            blocks.append(("F2", 11, 16, 10, f"{section}. {headings[section - 1]}"))
            used += 26
        if rng.random() < 0.1:
            year = e.registered.year
            blocks.append(
                (
                    "F1",
                    10,
                    13,
                    6,
                    f"{'Indicator' if lang == 'en' else 'Näitaja':<40}{year - 1:>10}{year:>10}",
                )
            )
            for label in rng.sample(ASPECTS, 3):
                blocks.append(
                    (
                        "F1",
                        10,
                        13,
                        0,
                        f"{cap(label[0]):<40}"
                        f"{rng.randint(10, 9999):>10}"
                        f"{rng.randint(10, 9999):>10}",
                    )
                )
            used += 58
        para = w.paragraph(3, 6)
        for i, line in enumerate(_wrap(para, WRAP_CHARS)):
            blocks.append(("F1", 10, 13, 6 if i == 0 else 0, line))
            used += 13 + (6 if i == 0 else 0)
    if _direction(e.doc_type) == "in":
        signer = w.party.name if w.party.private else w.new_name()
        role = rng.choice(ROLES_EN if lang == "en" else ROLES_ET)
    else:
        signer = e.responsible.split(" (")[0]
        role = staff_role(signer)
    for line in (signer, role):
        blocks.append(("F1", 10, 13, 12, line))
    laid: list[list[tuple[str, float, float, float, str]]] = [[]]
    y = TOP_Y
    for font, size, leading, gap, text in blocks:
        if y - gap - leading < BOTTOM_Y:
            laid.append([])
            y, gap = TOP_Y, 0
        y -= gap + leading
        laid[-1].append((font, size, MARGIN_X, y, text))
    n = len(laid)
    header = f"{OWNER} | {e.ref}"
    for i, runs in enumerate(laid, 1):
        runs.insert(0, ("F1", 8, MARGIN_X, 810, header))
        runs.append(("F1", 8, PAGE_W - 100, 30, f"{i} ({n})"))
    return write_pdf(laid, title, e.registered)


# --------------------------------------------------------------------------------------
# Writing entries
# --------------------------------------------------------------------------------------


def _attachment_names(rng: random.Random, e: Entry) -> list[tuple[str, str, str]]:
    """(kind, file name, label) of each attachment; names are unique within the entry."""
    names: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    pool = PDF_NAMES_EN if e.lang == "en" else PDF_NAMES_ET
    for _ in range(e.n_pdf):
        label = base = rng.choice(pool)
        if rng.random() < 0.3:  # register-style name: reference, date and kind
            base = f"{ref_dir(e.ref)} {fmt_date(e.registered)} {base}"
        name = f"{base}.pdf"
        while name in seen:
            name = f"{base} ({len(seen) + 1}).pdf"
        seen.add(name)
        names.append(("pdf", name, label))
    for _ in range(e.n_txt):
        day = e.registered - dt.timedelta(days=rng.randint(10, 300))
        label = (
            f"Forwarded letter {day.isoformat()}"
            if e.lang == "en"
            else f"Edastatud kiri {fmt_date(day)}"
        )
        names.append(("txt", f"{label}.txt", label))
    return names


def write_entry(job: tuple[Path, Entry, int]) -> Path:
    """Write one entry's folder; the per-entry RNG makes it independent of the others."""
    out, e, seed = job
    rng = random.Random(f"entry:{seed}:{e.ref}")
    folder = out / e.series / ref_dir(e.ref)
    folder.mkdir(parents=True, exist_ok=False)
    attachments = _attachment_names(rng, e)
    text = render_entry(
        e, random.Random(f"text:{seed}:{e.ref}"), [name for _, name, _ in attachments]
    )
    (folder / ENTRY_FILE).write_text(text, encoding="utf-8")
    for kind, name, label in attachments:
        rng = random.Random(f"{kind}:{seed}:{e.ref}:{name}")
        if kind == "pdf":
            w = Writer(rng, e)
            pages = w.rng.choices((2, 3, 4), (45, 45, 10))[0]
            (folder / name).write_bytes(render_pdf(w, label, pages))
        else:  # the counterparty's earlier letter, so written in its voice
            w = Writer(rng, dataclasses.replace(e, doc_type=IN, role="request"))
            sent = dt.datetime.combine(
                e.registered - dt.timedelta(days=rng.randint(10, 300)),
                dt.time(rng.randint(7, 18), rng.randint(0, 59)),
            )
            (folder / name).write_text(render_letter_txt(w, sent), encoding="utf-8")
    return folder


def _write_all(out: Path, entries: Sequence[Entry], seed: int, workers: int | None) -> list[Path]:
    jobs = [(out, e, seed) for e in entries]
    if workers is None:
        workers = min(4, os.cpu_count() or 1)
    if workers <= 1 or len(jobs) < MIN_ENTRIES_FOR_POOL:
        return [write_entry(j) for j in jobs]
    with Pool(workers) as pool:
        return list(pool.imap(write_entry, jobs, chunksize=32))


# --------------------------------------------------------------------------------------
# Reading a generated register back (for add_filings and touch_metadata)
# --------------------------------------------------------------------------------------


def entry_files(out: Path) -> list[Path]:
    """Every entry.txt of a register, in a stable order."""
    return sorted(out.glob(f"*/*/{ENTRY_FILE}"))


def split_metadata(text: str) -> tuple[list[str], str]:
    """The leading ``| field | value |`` lines and the rest of an export, unchanged."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("| "):
        n += 1
    return lines[:n], "\n".join(lines[n:])


def _row(line: str) -> tuple[str, str]:
    parts = [p.strip() for p in line.strip().strip("|").split("|")]
    return parts[0], (parts[1] if len(parts) > 1 else "")


def _parse_title(rest: str) -> str:
    lines = rest.split("\n")[1:5]  # after "Saatja: ..." come the Adressaat/Teema lines
    if any(" Manused: " in ln for ln in lines):
        head = " ".join(lines[: next(i for i, ln in enumerate(lines) if " Manused: " in ln) + 1])
        head = head.rsplit(" Manused: ", 1)[0]
    else:
        head = lines[0] if lines else ""
    return head.split(" Teema: ", 1)[1] if " Teema: " in head else ""


def read_entry(path: Path) -> Entry:
    """The metadata of a written entry: enough to link to it and to continue its case."""
    text = path.read_text(encoding="utf-8")
    meta, rest = split_metadata(text)
    rows = [_row(ln) for ln in meta]
    fields = dict(rows)
    access = [v for k, v in rows if k == "Juurdepääsupiirang"]
    ref = fields["Viit"]
    series, _, rest_ref = ref.partition("/")
    case, _, seq = rest_ref.partition("-")
    return Entry(
        ref=ref,
        series=series,
        case_no=int(case),
        seq=int(seq),
        registered=dt.datetime.strptime(fields["Registreeritud"], "%d.%m.%Y").date(),
        synced=dt.datetime.strptime(fields["Sünkroonitud"], "%d.%m.%Y").date(),
        doc_type=fields.get("Liik", ""),
        title=_parse_title(rest),
        parties=fields.get("Adressaat", ""),
        restricted=bool(access) and access[0] not in ("Avalik", ""),
        responsible=fields.get("Vastutaja", ""),
        file=fields.get("Toimik", ""),
    )


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def make_register(
    out: Path,
    entries: int,
    seed: int = 0,
    *,
    pdf_ratio: float = 0.3,
    restricted_ratio: float = 0.1,
    txt_ratio: float = 0.05,
    workers: int | None = None,
    sync_date: dt.date = DEFAULT_SYNC,
) -> list[Path]:
    """Write a register of ``entries`` entries into ``out`` and return the entry folders.

    ``out`` must be missing or empty: mixing two registers would break the references.
    The same arguments always give byte-identical files, whatever ``workers`` is.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    plan = plan_register(
        entries,
        seed,
        pdf_ratio=pdf_ratio,
        restricted_ratio=restricted_ratio,
        txt_ratio=txt_ratio,
        sync_date=sync_date,
    )
    return _write_all(out, plan, seed, workers)


# What the next document of a case is, by the type of the case's latest one.
NEXT_IN_CASE = {IN: OUT, TN: TNV, OUT: IN, TNV: IN}


def add_filings(
    out: Path,
    count: int,
    seed: int,
    *,
    pdf_ratio: float = 0.3,
    restricted_ratio: float = 0.1,
    txt_ratio: float = 0.05,
    workers: int | None = None,
) -> list[Path]:
    """Add ``count`` new entries, filed after a week's new sync, and return their folders.

    Existing files are not touched. About half of the new documents continue recent
    cases (a reply to a letter, a follow-up to a reply), the rest open new cases; their
    related rows point at old and new entries alike. The same register and seed always
    give the same new entries.
    """
    out = Path(out)
    existing = [read_entry(p) for p in entry_files(out)]
    if not existing:
        raise FileNotFoundError(f"no register entries under {out}")
    rng = random.Random(f"add:{seed}:{len(existing)}")
    new_sync = max(e.synced for e in existing) + dt.timedelta(days=7)
    first_day = new_sync - dt.timedelta(days=6)
    cases: dict[tuple[str, int], list[Entry]] = {}
    for e in sorted(existing, key=lambda e: (e.series, e.case_no, e.seq)):
        cases.setdefault((e.series, e.case_no), []).append(e)
    last_case: dict[str, int] = {}
    for series_code, case_no in cases:
        last_case[series_code] = max(last_case.get(series_code, 0), case_no)
    open_cases = sorted(
        (k for k, docs in cases.items() if docs[-1].doc_type in NEXT_IN_CASE),
        key=lambda k: (cases[k][-1].registered, k),
    )[-max(50, count) :]
    new: list[Entry] = []
    while len(new) < count:
        day = first_day + dt.timedelta(days=rng.randint(0, 6))
        if open_cases and rng.random() < 0.5:  # the next document of a recent case
            key = rng.choice(open_cases)
            docs = cases[key]
            series = SERIES_BY_CODE.get(key[0]) or rng.choice(SERIES)
            day = max(day, docs[-1].registered)  # a case's documents stay in date order
            case = _Case(
                series,
                day,
                (NEXT_IN_CASE[docs[-1].doc_type],),
                _party_from_display(rng, docs[-1].parties, series),
                rng.randrange(len(series.topics)),
                docs[-1].responsible or rng.choice(STAFF[series.function]),
                0,
            )
            made = _case_entries(
                rng, case, key[1], docs[-1].seq + 1, new_sync, new_sync, first_title=docs[0].title
            )
            for m in made:
                m.file = docs[0].file or m.file
            if made[-1].doc_type not in NEXT_IN_CASE:
                open_cases.remove(key)
        else:  # a new case
            case = _make_cases(rng, min(3, count - len(new)), day, new_sync)[0]
            case.start = day
            no = last_case.get(case.series.code, 0) + 1
            last_case[case.series.code] = no
            key = (case.series.code, no)
            made = _case_entries(rng, case, no, 1, new_sync, new_sync)
            cases[key] = []
        made = made[: count - len(new)]
        cases[key] += made
        new += made
    for e in rng.sample(new, round(restricted_ratio * len(new))):
        e.restricted = True
        e.basis, e.restriction_end = _restriction(
            rng, SERIES_BY_CODE[e.series], e.party or _private_person(rng), e.registered
        )
    pool = sorted(existing + new, key=lambda e: (e.series, e.case_no, e.seq))
    _link(rng, new, pool)
    _assign_files(rng, new, pdf_ratio, txt_ratio)
    return _write_all(out, new, seed, workers)


def _party_from_display(rng: random.Random, shown: str, series: Series) -> Party:
    """The party behind an Adressaat value, or a stand-in that displays the same way."""
    for p in ORGS + FOREIGN_ORGS:
        if p.name == shown:
            return p
    if re.fullmatch(r"(\w\. )+\w\.", shown):
        return _private_person(rng, shown)
    return _pick_party(rng, series)


def touch_metadata(out: Path, count: int, seed: int, *, lift_ratio: float = 0.5) -> list[Path]:
    """Change only the metadata table of ``count`` entries; return the changed files.

    About ``lift_ratio`` of them are restricted entries whose restriction is lifted to
    Avalik (as far as there are any); the others get a new Vastutaja. Letter, related
    table and attachments stay byte-identical, so a rebuild need not re-embed them.
    """
    out = Path(out)
    files = entry_files(out)
    rng = random.Random(f"touch:{seed}")
    restricted, public = [], []
    for path in files:
        meta, _ = split_metadata(path.read_text(encoding="utf-8"))
        access = [v for k, v in map(_row, meta) if k == "Juurdepääsupiirang"]
        (restricted if access and access[0] not in ("Avalik", "") else public).append(path)
    count = min(count, len(files))
    n_lift = min(len(restricted), round(count * lift_ratio), count)
    n_lift = max(n_lift, count - len(public))
    lifts = rng.sample(restricted, n_lift)
    others = rng.sample(public, count - n_lift)
    for path in lifts:
        _rewrite_metadata(path, _lift)
    for path in others:
        _rewrite_metadata(path, lambda rows: _reassign(rng, rows))
    return sorted(lifts + others)


def _rewrite_metadata(path: Path, change: Callable[[list[tuple[str, str]]], None]) -> None:
    text = path.read_text(encoding="utf-8")
    meta, rest = split_metadata(text)
    rows = [_row(ln) for ln in meta]
    change(rows)
    lines = [f"| {k} | {v} |" if v else f"| {k} | |" for k, v in rows]
    path.write_text("\n".join(lines) + "\n" + rest, encoding="utf-8")


def _lift(rows: list[tuple[str, str]]) -> None:
    """Make an entry public: first Juurdepääsupiirang row Avalik, the second empty."""
    idx = [i for i, (k, _) in enumerate(rows) if k == "Juurdepääsupiirang"]
    for n, i in enumerate(idx):
        rows[i] = ("Juurdepääsupiirang", "Avalik" if n == 0 else "")


def _reassign(rng: random.Random, rows: list[tuple[str, str]]) -> None:
    """Hand the entry to another official of the same function."""
    fields = dict(rows)
    function = fields.get("Funktsioon", "")
    staff = STAFF.get(function) or [p for lst in STAFF.values() for p in lst]
    current = fields.get("Vastutaja", "")
    choice = rng.choice([s for s in staff if s != current] or staff)
    for i, (k, _) in enumerate(rows):
        if k == "Vastutaja":
            rows[i] = (k, choice)


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def _du(paths: Iterable[Path]) -> tuple[int, int, int]:
    """(files, bytes of content, bytes allocated on disk)."""
    files = size = alloc = 0
    for p in paths:
        for f in p.rglob("*"):
            if f.is_file():
                st = f.stat()
                files += 1
                size += st.st_size
                alloc += getattr(st, "st_blocks", 0) * 512
    return files, size, alloc


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("out", type=Path, metavar="OUT_DIR")
    ap.add_argument("--entries", type=int, help="write a new register of N entries")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pdf-ratio", type=float, default=0.3)
    ap.add_argument("--restricted-ratio", type=float, default=0.1)
    ap.add_argument("--txt-ratio", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=None, help="processes (default: CPUs, ≤4)")
    ap.add_argument("--add-filings", type=int, metavar="N", help="add N new entries")
    ap.add_argument(
        "--touch-metadata", type=int, metavar="N", help="change only the metadata of N entries"
    )
    args = ap.parse_args(argv)
    if args.entries is None and not args.add_filings and not args.touch_metadata:
        ap.error("give --entries, --add-filings or --touch-metadata")
    ratios = dict(
        pdf_ratio=args.pdf_ratio, restricted_ratio=args.restricted_ratio, txt_ratio=args.txt_ratio
    )
    if args.entries is not None:
        t0 = time.perf_counter()
        folders = make_register(args.out, args.entries, args.seed, workers=args.workers, **ratios)
        files, size, alloc = _du(folders)
        print(
            f"wrote {len(folders)} entries, {files} files, {size / 1e6:.1f} MB "
            f"({alloc / 1e6:.1f} MB on disk) in {time.perf_counter() - t0:.1f} s"
        )
    if args.add_filings:
        t0 = time.perf_counter()
        folders = add_filings(args.out, args.add_filings, args.seed, workers=args.workers, **ratios)
        print(f"added {len(folders)} entries in {time.perf_counter() - t0:.1f} s")
    if args.touch_metadata:
        t0 = time.perf_counter()
        touched = touch_metadata(args.out, args.touch_metadata, args.seed)
        print(f"changed the metadata of {len(touched)} entries in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
