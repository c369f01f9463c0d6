"""Every word the shells show, in Estonian and English: one catalogue per language.

The people who use Viit work in Estonian, so Estonian is the default; English is there
for the colleagues who do not read it. Answers follow the question's language on their
own (assistant/answer.py); these strings are the frame around them. A key missing from
one language is a test failure (tests/test_ui_text.py), never an English word in the
middle of an Estonian page.
"""

from __future__ import annotations

from ingest.fields import FIELDS

LANGS = ("et", "en")
DEFAULT_LANG = "et"
LANG_NAMES = {"et": "Eesti", "en": "English"}

ET: dict[str, str] = {
    # frame
    "app.title": "Viit",
    "app.tagline": "Dokumendiregistri abiline: vastused viidetega registrikirjetele.",
    "lang.label": "Keel",
    # sign-in
    "auth.signed_in": "Sisse logitud: {name}",
    "auth.cleared": " (näeb piiratud kirjeid)",
    "auth.sign_out": "Logi välja",
    "auth.hint": "Logi sisse, et näha piiratud kirjeid, millele sul on ligipääs.",
    "auth.user": "Kasutajanimi",
    "auth.password": "Parool",
    "auth.sign_in": "Logi sisse",
    "auth.failed": "Tundmatu kasutaja või vale parool.",
    # pages
    "page.label": "Leht",
    "page.ask": "Küsi",
    "page.admin": "Haldus",
    # index status in the sidebar
    "index.heading": "Indeks",
    "index.counts": "**{documents}** faili · **{entries}** kirjet · **{chunks}** lõiku",
    "index.model": "otsingumudel `{encoder}`  \nviimati ehitatud {built_at}",
    "index.failed": "{n} faili ei õnnestunud lugeda (vt Haldus)",
    "index.missing": "Indeksit veel pole. Ehita see halduse lehel või käsuga `viit index KAUST`.",
    "index.broken": "Indeksit ei saa praegu avada: {detail}",
    "answers.llm": "Vastused sõnastab keelemudel **{model}**; iga lause kontrollitakse "
    "viidatud lõigu vastu.",
    "answers.extractive": "Vastused on väljavõtted registri tekstidest (keelemudelit pole "
    "seadistatud).",
    # filters
    "filters.heading": "Filtrid",
    "filters.from": "Alates",
    "filters.to": "Kuni",
    "filters.type": "Liik",
    "filters.function": "Funktsioon",
    "filters.series": "Sari",
    "filters.file": "Toimik",
    "filters.correspondent": "Adressaat või saatja",
    "filters.access": "Juurdepääs",
    "filters.access.any": "kõik",
    "filters.access.public": "avalik",
    "filters.access.restricted": "piiratud",
    "filters.clear": "Tühjenda filtrid",
    "filters.active": "Filter on peal: {filters}",
    # chat
    "chat.placeholder": "Küsi registri kohta (eesti või inglise keeles)…",
    "chat.searching": "Otsin registrist…",
    "chat.new": "Uus vestlus",
    "chat.empty.title": "Mida Viidilt küsida?",
    "chat.empty.intro": "Viit vastab registri kirjete ja dokumentide põhjal ning viitab "
    "igale allikale registriviitega. Piiratud kirjeid näevad ainult selleks õigust omavad "
    "kasutajad. Proovi mõnda näidet:",
    "chat.empty.none": "Registris pole veel kirjeid, millest näiteid teha.",
    "example.field": "Kirje väli",
    "example.content": "Sisu",
    "example.related": "Seotud dokumendid",
    "example.filter": "Filtriga",
    "example.q.field": "Millal registreeriti dokument {ref}?",
    "example.q.content": "Mida öeldakse teema „{title}“ kohta?",
    "example.q.related": "Millised dokumendid on seotud kirjega {ref}?",
    "example.q.filter": "Mida kirjas palutakse?",
    "example.filter_note": "{label} = {value}",
    # answers
    "answer.sources": "Allikad",
    "answer.no_ref": "viiteta",
    "answer.page": "lk {page}",
    "answer.scanned": "skaneeritud, OCR",
    "answer.open": "Ava kirje",
    "answer.copy": "Viide kopeerimiseks",
    "answer.public": "Avalik register",
    "answer.export": "Ekspordi (Markdown)",
    "answer.export_question": "Küsimus",
    "answer.restricted": "Piiratud juurdepääsuga kirje",
    "answer.error": "Vastamisel tekkis viga; üksikasjad on serveri logis. Proovi uuesti "
    "või sõnasta küsimus teisiti.",
    # entry view
    "entry.back": "Tagasi vestlusse",
    "entry.missing": "Registris pole kirjet {key}.",
    "entry.no_ref": "Registriviiteta fail: sellele viidatakse faili nimega.",
    "entry.field": "Väli",
    "entry.value": "Väärtus",
    "entry.public": "Ava avalikus registris",
    "entry.related": "Seotud dokumendid",
    "entry.col.date": "Kuupäev",
    "entry.col.ref": "Viit",
    "entry.col.title": "Pealkiri",
    "entry.col.type": "Liik",
    "entry.col.parties": "Osapooled",
    "entry.documents": "Dokumendid",
    "entry.withheld": "Piiratud: teksti sulle ei näidata.",
    "entry.download": "Laadi fail alla",
    # admin
    "admin.title": "Indeksi haldus",
    "admin.only": "Indeksi olekut ja ümberehitust näevad ainult haldurid.",
    "admin.folder": "Registri kaust",
    "admin.status": "Indeksi olek",
    "admin.failures": "Lugemata failid",
    "admin.col.file": "Fail",
    "admin.col.reason": "Põhjus",
    "admin.upload": "Lisa registri kausta uusi faile",
    "admin.save": "Salvesta üles laaditud failid",
    "admin.rebuild": "Uuenda indeksit",
    "status.version": "Versioon",
    "status.documents": "Faile",
    "status.entries": "Kirjeid",
    "status.chunks": "Lõike",
    "status.failed": "Lugemata faile",
    "status.encoder": "Otsingumudel",
    "status.precision": "Mudeli täpsus",
    "status.lexical": "Sõnaotsing",
    "status.built_at": "Ehitatud",
    "status.source": "Registri kaust",
    # uploads (assistant/admin.py)
    "upload.no_name": "failil pole kasutatavat nime",
    "upload.unsupported": "{name}: seda failitüüpi ei toetata (PDF, e-kiri, Outlook, "
    "ASiC-E, DOCX, HTML, JSON, tekst)",
    "upload.empty": "{name}: fail on tühi",
    "upload.same": "{name}: sama fail on registris juba olemas{where}",
    "upload.same_as": " nimega {name}",
    "upload.added": "{name} lisatud{renamed}",
    "upload.renamed": " (salvestatud nimega {name}: nimi oli võetud)",
    # index builds (assistant/admin.py, viit index)
    "build.phase.waiting": "ootan",
    "build.phase.scan": "otsin muutunud faile",
    "build.phase.parse": "loen faile",
    "build.phase.embed": "arvutan lõikude vektoreid",
    "build.up_to_date": "Indeks on ajakohane: midagi ei muutunud.",
    "build.full": "Täielik ümberehitus: {reason}.",
    "build.title": "Indeks {path}",
    "build.title_dry": "Indeksi {path} muudatused (proov)",
    "build.added": "lisatud",
    "build.updated": "muudetud",
    "build.removed": "eemaldatud",
    "build.moved": "teisaldatud/ümber nimetatud",
    "build.unchanged": "muutmata",
    "build.failed": "ebaõnnestunud",
    "build.skipped": "vahele jäetud",
    "build.embedded": "lõike vektoriseeritud",
    "build.reused": "lõike taaskasutatud",
    "build.seconds": "sekundit",
    "build.reread": "uuesti loetud",
    "build.deduplicated": "lõike korduvaid (üks vektor)",
    "build.counts": "{added} lisatud, {updated} muudetud, {removed} eemaldatud, {moved} "
    "teisaldatud, {unchanged} muutmata, {failed} ebaõnnestunud; {embedded} lõiku "
    "vektoriseeritud {seconds:.1f} s jooksul.",
    "build.upgraded": "Indeks uuendatud: iga lõigu sõnaotsingu postitused kirjutatud.",
    "build.error": "Ümberehitus ebaõnnestus: {reason}; kasutusel on endine indeks.",
    # the language model (assistant/service.py)
    "llm.setting_ignored": "Keelemudeli seadistus jäeti kõrvale: {detail}",
}

EN: dict[str, str] = {
    "app.title": "Viit",
    "app.tagline": "Document register assistant: answers that cite register entries.",
    "lang.label": "Language",
    "auth.signed_in": "Signed in: {name}",
    "auth.cleared": " (cleared for restricted)",
    "auth.sign_out": "Sign out",
    "auth.hint": "Sign in to see restricted entries you are cleared for.",
    "auth.user": "User name",
    "auth.password": "Password",
    "auth.sign_in": "Sign in",
    "auth.failed": "Unknown user or wrong password.",
    "page.label": "Page",
    "page.ask": "Ask",
    "page.admin": "Admin",
    "index.heading": "Index",
    "index.counts": "**{documents}** files · **{entries}** entries · **{chunks}** chunks",
    "index.model": "search model `{encoder}`  \nlast build {built_at}",
    "index.failed": "{n} files could not be read (see Admin)",
    "index.missing": "There is no index yet. Build one on the Admin page or with "
    "`viit index FOLDER`.",
    "index.broken": "The index cannot be opened just now: {detail}",
    "answers.llm": "Answers are written by the language model **{model}**; every sentence "
    "is checked against the passage it cites.",
    "answers.extractive": "Answers are extracts from the register's texts (no language model "
    "is set up).",
    "filters.heading": "Filters",
    "filters.from": "From",
    "filters.to": "To",
    "filters.type": "Type",
    "filters.function": "Function",
    "filters.series": "Series",
    "filters.file": "Case file",
    "filters.correspondent": "Addressee or sender",
    "filters.access": "Access",
    "filters.access.any": "any",
    "filters.access.public": "public",
    "filters.access.restricted": "restricted",
    "filters.clear": "Clear filters",
    "filters.active": "Filter on: {filters}",
    "chat.placeholder": "Ask about the register (Estonian or English)…",
    "chat.searching": "Searching the register…",
    "chat.new": "New chat",
    "chat.empty.title": "What can I ask Viit?",
    "chat.empty.intro": "Viit answers from the register's entries and documents and cites "
    "every source by its register reference. Restricted entries are shown only to users "
    "cleared for them. Try an example:",
    "chat.empty.none": "The register has no entries to make examples from yet.",
    "example.field": "A field of an entry",
    "example.content": "Content",
    "example.related": "Related documents",
    "example.filter": "With a filter",
    "example.q.field": "When was document {ref} registered?",
    "example.q.content": "What is said about “{title}”?",
    "example.q.related": "Which documents are related to {ref}?",
    "example.q.filter": "What is the letter about?",
    "example.filter_note": "{label} = {value}",
    "answer.sources": "Sources",
    "answer.no_ref": "no register reference",
    "answer.page": "p. {page}",
    "answer.scanned": "scanned, OCR",
    "answer.open": "Open entry",
    "answer.copy": "Citation to copy",
    "answer.public": "Public register",
    "answer.export": "Export (Markdown)",
    "answer.export_question": "Q",
    "answer.restricted": "Restricted entry",
    "answer.error": "Something went wrong while answering; the details are in the server "
    "log. Please try again or rephrase the question.",
    "entry.back": "Back to the chat",
    "entry.missing": "No entry {key} in the index.",
    "entry.no_ref": "No register reference: cited by its file name.",
    "entry.field": "Field",
    "entry.value": "Value",
    "entry.public": "Open in the public register",
    "entry.related": "Related documents",
    "entry.col.date": "Date",
    "entry.col.ref": "Reference",
    "entry.col.title": "Title",
    "entry.col.type": "Type",
    "entry.col.parties": "Parties",
    "entry.documents": "Documents",
    "entry.withheld": "Restricted: the text is not shown to you.",
    "entry.download": "Download file",
    "admin.title": "Index administration",
    "admin.only": "Only administrators may see the index and start rebuilds.",
    "admin.folder": "Register folder",
    "admin.status": "Index status",
    "admin.failures": "Files not read",
    "admin.col.file": "File",
    "admin.col.reason": "Reason",
    "admin.upload": "Add filings to the register folder",
    "admin.save": "Save uploaded files",
    "admin.rebuild": "Rebuild",
    "status.version": "Version",
    "status.documents": "Files",
    "status.entries": "Entries",
    "status.chunks": "Chunks",
    "status.failed": "Files not read",
    "status.encoder": "Search model",
    "status.precision": "Model precision",
    "status.lexical": "Word search",
    "status.built_at": "Built",
    "status.source": "Register folder",
    "upload.no_name": "the file has no usable name",
    "upload.unsupported": "{name}: unsupported file type (PDF, e-mail, Outlook, ASiC-E, "
    "DOCX, HTML, JSON, text)",
    "upload.empty": "{name}: the file is empty",
    "upload.same": "{name}: the same file is already in the register{where}",
    "upload.same_as": " as {name}",
    "upload.added": "{name} added{renamed}",
    "upload.renamed": " (saved as {name}: the name was taken)",
    "build.phase.waiting": "waiting",
    "build.phase.scan": "looking for changed files",
    "build.phase.parse": "reading files",
    "build.phase.embed": "embedding passages",
    "build.up_to_date": "Index is up to date: nothing changed.",
    "build.full": "Full rebuild: {reason}.",
    "build.title": "Index {path}",
    "build.title_dry": "Would index {path}",
    "build.added": "added",
    "build.updated": "updated",
    "build.removed": "removed",
    "build.moved": "moved/renamed",
    "build.unchanged": "unchanged",
    "build.failed": "failed",
    "build.skipped": "skipped",
    "build.embedded": "chunks embedded",
    "build.reused": "chunks reused",
    "build.seconds": "seconds",
    "build.reread": "re-read",
    "build.deduplicated": "chunks deduplicated",
    "build.counts": "{added} added, {updated} updated, {removed} removed, {moved} moved, "
    "{unchanged} unchanged, {failed} failed; {embedded} passages embedded in {seconds:.1f} s.",
    "build.upgraded": "Index upgraded: lexical postings written for every chunk.",
    "build.error": "Rebuild failed: {reason}; the previous index is still being served.",
    "llm.setting_ignored": "Language model setting ignored: {detail}",
}

CATALOGUES = {"et": ET, "en": EN}

# Register field labels as the register prints them (Estonian) and in English; the entry
# view keeps the register's own label in Estonian.
# a register field's label in English, from the one field table (ingest/fields.py)
FIELD_LABELS_EN = {f.et: f.en for f in FIELDS}


def norm_lang(lang: str | None) -> str:
    return lang if lang in CATALOGUES else DEFAULT_LANG


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The string ``key`` in ``lang`` (Estonian by default), filled with ``values``."""
    text = CATALOGUES[norm_lang(lang)][key]
    return text.format(**values) if values else text


def field_label(label: str, lang: str | None) -> str:
    """A register field label (Estonian, as the register prints it) in ``lang``."""
    return FIELD_LABELS_EN.get(label, label) if norm_lang(lang) == "en" else label


def browser_lang(accept_language: str | None) -> str:
    """The first of our languages that an Accept-Language header asks for, by weight.

    ``"en-US,en;q=0.9,et;q=0.8"`` gives English; a header naming neither gives Estonian.
    """
    best: tuple[float, int, str] | None = None
    for pos, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        if base not in CATALOGUES:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and (best is None or (-weight, pos) < (-best[0], best[1])):
            best = (weight, pos, base)
    return best[2] if best else DEFAULT_LANG
