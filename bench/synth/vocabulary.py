"""Words the generated letters are made of: names, roles, laws, places, events.

Kept as plain data apart from the code that draws from it, so that adding a city or a
surname is a one-line change that touches no logic. Every list is sampled with a seeded
RNG, so reordering one changes the output of a given seed (but nothing else).
"""

# Data tables below are kept compact by hand; the formatter would put one item a line.
# fmt: off

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

# fmt: on
