"""Who the register's documents are exchanged with, and who at the ministry handles them.

Counterparties are fixed tables (the same organisations recur across a real register);
private persons and officials are drawn from the name lists. Officials are drawn per
function with their own seed, so every run and every seed agrees on who works where.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from bench.synth.scheme import SERIES, Series
from bench.synth.vocabulary import FIRST_EN, FIRST_ET, LAST_EN, LAST_ET, ROLES_EN, ROLES_ET


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


# Data tables below are kept compact by hand; the formatter would put one item a line.
# fmt: off

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

# fmt: on


def person_name(rng: random.Random, lang: str = "et") -> str:
    """A first and last name in the document's language."""
    if lang == "en":
        return f"{rng.choice(FIRST_EN)} {rng.choice(LAST_EN)}"
    return f"{rng.choice(FIRST_ET)} {rng.choice(LAST_ET)}"


def job_title(rng: random.Random, lang: str = "et") -> str:
    """A counterparty's job title in the document's language."""
    return rng.choice(ROLES_EN if lang == "en" else ROLES_ET)


def official_name(responsible: str) -> str:
    """The name in a Vastutaja value, which reads "Name (unit)"."""
    return responsible.split(" (")[0]


def _staff(function: str) -> list[str]:
    """The officials of a function, the same for every seed so that re-runs agree."""
    rng = random.Random(f"staff:{function}")
    series = [s for s in SERIES if s.function == function]
    units = [u for s in series for u in s.units]
    people = []
    for _ in range(6):
        name = person_name(rng)
        people.append(f"{name} ({rng.choice(units)})")
    return people


STAFF: dict[str, list[str]] = {f: _staff(f) for f in dict.fromkeys(s.function for s in SERIES)}


@functools.cache
def staff_role(name: str) -> str:
    """An official's job title, fixed per name so that every signature agrees."""
    return random.Random(f"role:{name}").choice(ROLES_ET)


def private_person(rng: random.Random, initials: str | None = None) -> Party:
    """A private person; with ``initials`` ("P. R."), one whose name fits them."""
    firsts, lasts = FIRST_ET, LAST_ET
    if initials:
        letters = [w[0] for w in initials.split() if w]
        if len(letters) == 2:
            firsts = tuple(n for n in FIRST_ET if n[0] == letters[0]) or FIRST_ET
            lasts = tuple(n for n in LAST_ET if n[0] == letters[1]) or LAST_ET
    name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
    return Party(name, name, "", "gmail.com", private=True)


def pick_party(rng: random.Random, series: Series) -> Party:
    """The counterparty of a new case, foreign or private as often as the series says."""
    r = rng.random()
    if r < series.intl:
        return rng.choice(FOREIGN_ORGS)
    if r < series.intl + series.private:
        return private_person(rng)
    return rng.choice(ORGS)


def party_from_display(rng: random.Random, shown: str, series: Series) -> Party:
    """The party behind an Adressaat value, or a stand-in that displays the same way."""
    for p in ORGS + FOREIGN_ORGS:
        if p.name == shown:
            return p
    if re.fullmatch(r"(\w\. )+\w\.", shown):
        return private_person(rng, shown)
    return pick_party(rng, series)
