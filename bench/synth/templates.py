"""Texts with slots: sentences, openings and closings of letters, titles, stamps.

A slot ``{name}`` is filled by a ``s_<name>`` method of
:class:`bench.synth.sentences.Writer` (sentences, openers, closers) or from a dictionary
(titles, the restriction stamp). Kept as data apart from the code that fills them, so
that a new phrasing is an edit here and nowhere else.
"""

from bench.synth.scheme import EEL, KK, LEP, PR, TN, TNV, VH

# Data tables below are kept compact by hand; the formatter would put one item a line.
# fmt: off

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
