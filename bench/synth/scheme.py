"""The register's owner and its classification scheme (Funktsioon -> Sari -> topics).

Each series says what kind of cases it holds (document types in filing order, topics,
restriction bases, responsible units, what its letters talk about), so that a generated
register has the shape of a real ministry's: many replies, some consultations, a few
tenders, each case on one subject.
"""

from __future__ import annotations

from dataclasses import dataclass

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

# fmt: on


def direction_of(doc_type: str) -> str:
    """'in' for letters the ministry receives, 'out' for those it sends, 'int' for own acts.

    The direction decides who speaks in a document: the counterparty or the ministry.
    """
    if doc_type in INTERNAL:
        return "int"
    return "in" if doc_type in INCOMING else "out"


def is_personal_basis(basis: str) -> bool:
    """AvTS § 35 lg 1 p 11 and p 12 protect personal data, which stays restricted longest."""
    return basis.endswith(("p 11", "p 12"))
