"""Question in, cited answer out: read what is asked, find what it is about, answer from it.

A question is read for its intent (``assistant/intent.py``: register fields, a summary,
related documents, or content) and for what it names (a register reference the register's
pattern or catalog knows, a file name, a document's number). An entry named is never
"not found": the answer comes from that entry, its fields, related documents or text.
Otherwise the search finds the entry or passage.

Every statement is quoted verbatim from a register document, or states a register field
with the document line that holds it, followed by the citation key (the reference, or the
file's name when it has none). Citations are verified against the catalog before they are
shown; what fails the check is dropped, never shown as a citation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.followup import follow_up_entry, shape
from assistant.intent import ACCESS, Intent, fields_pattern, label, read_intent
from assistant.lists import direction, list_answer
from assistant.model import Answer, Citation, Conversation
from assistant.privacy import PUBLIC, User, for_user
from assistant.sentences import sentence_spans
from index.records import CatalogLookup, Passage
from index.search import Filters, IndexReader
from index.text import analyze, detect_lang, find_refs, fold, term_matches
from ingest import zones
from ingest.fields import (
    FIELD,
    REF_RE,
    canonical_field,
    case_of,
    format_date,
    parse_datetime,
    parse_letter_headers,
    states_as_own,
)
from ingest.periods import find_period

MAX_SENTENCES = 3
# the best passages of the best documents join the candidates (see Assistant._expand)
EXPAND_DOCS = 2
EXPAND_CHUNKS = 2
# an unnamed field question is about one of the entries of this many best passages
FIELD_DEPTH = 8
# readable text answers instead of a restricted entry's record only where it names clearly
# more of the question than the record does
RECORD_MARGIN = 1.5
RECORD_LEAD = 0.25  # ... and by this share of the question's term weight at least
# a word of a register's own label matches the question by this many first letters
STEM = 5
# how much of each document is read to see which entry a field question names
NAMES_CHARS = 20_000
CONTEXT_PASSAGES = 6
# candidate sentences encoded per question (batched once): enough for the best passages
MAX_CANDIDATES = 64
# below this relevance (calibrated cosine + 0.45 x weighted term overlap) no sentence
# answers the question; measured on register-dev: unanswerable ~0.17, answers >= 0.30
MIN_RELEVANCE = 0.25
# a sentence this close to the question may answer it without sharing its rarest word
STRONG_COSINE = 0.45
# a sentence of a part that is not the letter's message (signature, header, notice ...)
# keeps this share of its score unless the question asks for what that part holds
OFF_MESSAGE = 0.6
# an earlier message quoted below the letter answers, but after the letter's own text
QUOTED_SHARE = 0.85
SIGNATURE_CHARS = 600
# a signer is named by the first lines of the signature: name, title, organisation
SIGNER_LINES = 3
# a question in a text answers only a question about what was asked
QUESTION_SHARE = 0.7
# a sentence of the kind the question asks for (a date, a number) gains this much
TYPE_BONUS = 0.15
# a sentence of a document dated in the period the question names gains this much
PERIOD_BONUS = 0.1

MESSAGES = {
    "none": {
        "et": "Registrist ei leitud sellele küsimusele vastust.",
        "en": "I found nothing in the register that answers this question.",
    },
    "restricted": {
        "et": "Dokument {ref} „{title}” ({date}) on juurdepääsupiiranguga: {level}{basis}{end}. "
        "Selle sisu ei avaldata.",
        "en": "Document {ref} “{title}” ({date}) is restricted: {level}{basis}{end}. "
        "Its content is not disclosed.",
    },
    "related": {
        "et": "Dokumendiga {ref} on seotud:",
        "en": "Documents related to {ref}:",
    },
    "no_reply": {
        "et": "Registris ei ole dokumendile {ref} vastuseks saadetud dokumenti.",
        "en": "The register holds no reply sent to {ref}.",
    },
    "related_none": {
        "et": "Registris ei ole dokumendiga {ref} seotud dokumente.",
        "en": "The register lists no documents related to {ref}.",
    },
    "no_ref": {
        "et": "Registris ei ole dokumenti viitega {ref}.",
        "en": "The register holds no document with reference {ref}.",
    },
    "no_field": {
        "et": "Dokumendi {ref} kohta ei ole registris välja „{label}” väärtust.",
        "en": "The register gives no “{label}” for {ref}.",
    },
    "from_letter": {"et": "kirja päise järgi", "en": "according to the letter's header"},
    "correspondent": {
        "et": "registris on sissetuleva kirja korrespondent märgitud väljal „{label}”",
        "en": "the register records an incoming letter's correspondent as its “{label}”",
    },
    "public": {"et": "Avalik", "en": "Public"},
    "forwarded": {"et": "edastas {who}", "en": "forwarded by {who}"},
    "from_text": {"et": "dokumendi tekstist", "en": "from the document's text"},
    "lapsed": {
        "et": "piirang lõppes {end}, dokument on nüüd avalik",
        "en": "the restriction ended on {end}; the document is now public",
    },
    "basis": {"et": "alus", "en": "basis"},
    "until": {"et": "kuni", "en": "until"},
    "from": {"et": "alates", "en": "from"},
    "about": {"et": "{key} „{title}”", "en": "{key} “{title}”"},
}

_INCOMING = re.compile(r"sissetul|saabun|incoming|received", re.I)
_FORWARD = re.compile(r"^\s*(?:fw|fwd|vs|edasi|edastatud|wg)\s*:", re.I)
# where a document without register metadata states its own number and date
HEAD_CHARS = 600


@dataclass
class Target:
    """What a question is about: an entry (``ref``) or a file without one."""

    key: str
    ref: str | None = None
    files: tuple[str, ...] = ()
    named: bool = True  # named in the question (else found by the search)


@dataclass
class _Candidate:
    passage: Passage
    start: int  # in the document's text
    end: int
    text: str
    zone: str = zones.MESSAGE
    relevance: float = 0.0
    score: float = 0.0
    whole: bool = False  # a whole block (a signature), not one of its sentences


@dataclass
class _Scope:
    """One question's search results, with the scores sentence choice reuses."""

    passages: list[Passage] = field(default_factory=list)
    query: str = ""


class Assistant:
    """Turns questions into cited answers over one index."""

    def __init__(self, reader: IndexReader):
        self.reader = reader
        self._zones: dict[tuple[str | None, int], list[zones.Zone]] = {}
        self._qvecs: dict[tuple[str, str], np.ndarray] = {}
        self._dates: dict[tuple[str | None, int], dt.date | None] = {}

    @property
    def catalog(self) -> CatalogLookup:
        """The served version's catalog: a property, as a rebuild replaces it."""
        return self.reader.catalog

    def ask(
        self,
        question: str,
        user: User = PUBLIC,
        history: list[str] | None = None,
        filters: Filters | None = None,
        today: dt.date | None = None,
        conversation: Conversation | None = None,
    ) -> Answer:
        if conversation is not None and history is None:
            history = conversation.questions()
        question = " ".join(question.split())
        lang = detect_lang(question)
        if not question:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        self.reader.refresh()  # a finished rebuild is picked up without restart
        today = today or dt.date.today()
        intent = read_intent(question)
        named = self.named(question)
        carried = None if named else follow_up_entry(question, conversation, today)
        # lists and counts over the catalog ("what has ECPAT sent us", "documents of 2024")
        listed = list_answer(
            self.reader, question, None, user, today, ref=carried, conversation=conversation
        )
        if listed is not None:
            return self._finish(listed, user, today) if listed.found else listed
        if carried is not None:
            named = self._targets_of(carried)  # "and who signed it?": the last entry
        # the conversation adds a second search run
        shaped = shape(question, history, entry=carried)
        unknown = [r for r in find_refs(question) if r not in self.catalog.known_refs()]
        if unknown and not named:
            # a reference the register does not know: say so rather than answer about
            # whatever else matched the rest of the question
            text = MESSAGES["no_ref"][lang].format(ref=", ".join(unknown))
            return Answer(question, text, lang, found=False)

        target = named[0] if named else None
        scope = None
        if target is None and (intent.fields or intent.summary or intent.related):
            scope = self._search(question, shaped, user, filters, today)
            target = self._found_target(question, scope.passages, intent, lang, user, today)

        if (
            target is not None
            and target.ref
            and not user.cleared
            and self.catalog.is_restricted(target.ref, today)
        ):
            # its registration data and related list are public, its text and files are not
            public = [k for k in intent.fields if k == ACCESS or FIELD[k].registration]
            if public:
                answer = self._field_answer(question, lang, target, public, user, today)
                if answer is not None and answer.found:
                    return answer
            if intent.related:
                return self._related_answer(question, lang, target.ref, user, today)
            return self._restricted(question, lang, target.ref)

        if target is not None:
            answer = self._about_target(question, lang, target, intent, user, today)
            if answer is not None:
                return answer
            if target.named:
                flt = Filters(refs=(target.ref,)) if target.ref else Filters(files=target.files)
                scope = self._search(question, shaped, user, flt, today)
        if scope is None or (target is not None and not target.named):
            scope = self._search(question, shaped, user, filters, today)
        if not user.cleared and scope.passages and not target:
            top = scope.passages[0]
            if (
                top.ref
                and top.synthetic
                and self.catalog.is_restricted(top.ref, today)
                and self._record_fits_best(question, lang, scope.passages)
            ):
                # the best match is the public record of a restricted entry: say what it is
                return self._restricted(question, lang, top.ref)
        passages = visible_passages(scope.passages, user)
        candidates = self._expand(question, passages, user, today)
        if intent.reply and not (target is not None and target.named):
            # "what did X reply to Y": only a reply answers, never Y itself
            candidates = [p for p in candidates if self._outgoing(p)]
        named = target is not None and target.named
        answer = self._extract(question, scope.query, lang, candidates, user, today, named)
        if not answer.found and named:
            # the named entry does not answer it: the rest of the register may
            scope = self._search(question, shaped, user, filters, today)
            passages = visible_passages(scope.passages, user)
            answer = self._extract(
                question,
                scope.query,
                lang,
                self._expand(question, passages, user, today),
                user,
                today,
            )
        answer.context = passages
        return answer

    # -- what the question names -----------------------------------------------------
    def named(self, question: str) -> list[Target]:
        """Entries and files the question names: references, file names, document ids."""
        out: dict[str, Target] = {}
        known = self.catalog.known_refs()
        for ref in find_refs(question):
            if ref in known and self.catalog.entry(ref) is not None:
                out.setdefault(ref, Target(ref, ref))
            elif ref not in known and len(stating := self.catalog.files_stating(ref)) == 1:
                # a number no entry has, written in one file only and not as the number
                # of the letter it answers: that file's own ("Meie 20.03.2024 nr 8-2/2262")
                docs = self.catalog.documents_by_file(stating[0])
                texts = (self.catalog.document(d.id).text for d in docs)
                if any(states_as_own(text, ref) for text in texts):
                    self._add_file(out, stating[0])
        # a reference written as the register writes it even where the pattern would not
        # take it (a plain number, letters in it): a whole token equal to a held reference
        for tok in re.findall(r"[\w./-]*\d[\w./-]*", question):
            tok = tok.strip(".-/")
            if tok in known and tok not in out and self.catalog.entry(tok) is not None:
                out[tok] = Target(tok, tok)
        q = question.casefold()
        numbers = set(re.findall(r"(?<!\d)\d{5,}(?!\d)", question))
        # a date written as registers write it, found in exactly one file's name
        # ("8-22262 20.03.2024 Väljaminev kiri.asice"), names that file
        for day in re.findall(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?!\d)", question):
            dated = [p for p in self.catalog.file_paths() if day in p.rsplit("/", 1)[-1]]
            if len(dated) == 1:
                self._add_file(out, dated[0])
        for path in self.catalog.file_paths():
            name = path.rsplit("/", 1)[-1]
            stem = name.rsplit(".", 1)[0]
            # a name without its extension names the file only where it is no plain word
            # ("rmk_document_410948", not "hoidla")
            coined = len(stem) >= 6 and bool(re.search(r"[\d_]|[a-zõäöü][A-ZÕÄÖÜ]", stem))
            hit = name.casefold() in q or (
                coined and re.search(rf"(?<![\w.]){re.escape(stem.casefold())}\b", q)
            )
            if not hit and numbers:
                hit = bool(numbers & set(re.findall(r"\d{5,}", name)))
            if hit:
                self._add_file(out, path)
        return list(out.values())

    def _targets_of(self, key: str) -> list[Target]:
        """The entry or file a citation key names."""
        if key in self.catalog.known_refs() and self.catalog.entry(key) is not None:
            return [Target(key, key)]
        out: dict[str, Target] = {}
        for path in self.catalog.file_paths():
            if path == key or path.rsplit("/", 1)[-1] == key:
                self._add_file(out, path)
        return list(out.values())[:1]

    def _documents(self, target: Target) -> list:
        """The catalog rows of the target's documents: its entry's, or its file's."""
        if target.ref:
            return self.catalog.documents_of(target.ref)
        return [d for f in target.files for d in self.catalog.documents_by_file(f)]

    def _add_file(self, out: dict[str, Target], path: str) -> None:
        docs = self.catalog.documents_by_file(path)
        ref = next((d.ref for d in docs if d.ref), None)
        if ref:
            out.setdefault(ref, Target(ref, ref))
        else:
            name = path.rsplit("/", 1)[-1]
            out.setdefault(name, Target(name, None, (path,)))

    def _found_target(self, question, passages, intent, lang, user, today) -> Target | None:
        """What an unnamed field question is about: the best match that has the field
        asked for (a deadline question means an entry with a deadline), else the best."""
        targets: dict[str, Target] = {}
        for p in passages[:FIELD_DEPTH]:
            if p.ref:
                targets.setdefault(p.ref, Target(p.ref, p.ref, named=False))
            elif p.file_path:
                targets.setdefault(
                    p.file_name, Target(p.file_name, None, (p.file_path,), named=False)
                )
        register_only = any(k == ACCESS or not FIELD[k].in_letters for k in intent.fields)
        first = next(iter(targets.values()), None)
        if first is not None and first.ref is None and self._speaks_of(first, intent.fields):
            # the best match is a letter that talks about the field itself ("which access
            # restriction was asked for"): its text answers, not another entry's field
            return first
        if intent.fields and register_only:
            having = []
            for t in targets.values():
                if t.ref and not user.cleared and self.catalog.is_restricted(t.ref, today):
                    letter, doc = None, None
                else:
                    letter, doc = self._letter_of(t)
                row = self.catalog.entry(t.ref) if t.ref else None
                if any(
                    self._field_value(row, k, letter, doc, lang, today)[0] for k in intent.fields
                ):
                    having.append(t)
            if having:
                # of those, the one whose own text names most of what the question names
                # ("the ECPAT letter's responsible official"); else the best ranked
                weights = self._topic_weights(question, intent.fields, lang)
                scores = [self._names_score(t, weights, lang, user, today) for t in having]
                return having[max(range(len(having)), key=lambda i: (scores[i], -i))]
        return first

    def _expand(self, question, passages, user, today) -> list[Passage]:
        """The best passages, and the best passages of the best documents: a long letter's
        answer may lie in a part the question's words did not reach (a question in another
        language than the letter)."""
        out = list(passages)
        seen = {p.chunk_id for p in out}
        docs: dict[str, Filters] = {}
        for p in passages:
            key = p.ref or p.file_path
            if key and key not in docs and len(docs) < EXPAND_DOCS:
                docs[key] = Filters(refs=(p.ref,)) if p.ref else Filters(files=(p.file_path,))
        if not docs:
            return out
        qv = self._query_vector(question)
        for flt in docs.values():
            hits = self.reader.search(
                question, k=EXPAND_CHUNKS, cleared=user.cleared, filters=flt, method="dense",
                today=today, query_vector=qv,
            )  # fmt: skip
            for p in self.catalog.passages([h.chunk_id for h in hits], today):
                if p.chunk_id not in seen and (user.cleared or not p.restricted):
                    seen.add(p.chunk_id)
                    out.append(p)
        return out

    def _topic_weights(self, question, keys, lang) -> dict[str, float]:
        """IDF of the question's words that name its topic, not the fields it asks for."""
        asks = fields_pattern(keys)
        terms = sorted(
            {t for t in analyze(question, drop_stop=True) if len(t) > 2 and not asks.match(fold(t))}
        )
        return {t: w for t, (w, df) in self.reader.term_weights(terms, lang).items() if df}

    def _names_score(self, target, weights, lang, user, today) -> float:
        if not weights:
            return 0.0
        docs = self._documents(target)
        hidden = (
            bool(target.ref) and not user.cleared and self.catalog.is_restricted(target.ref, today)
        )
        text = " ".join(
            self.catalog.document(d.id).text[:NAMES_CHARS]
            for d in docs
            if d.synthetic or not hidden
        )
        toks = set(analyze(text))
        return sum(w for t, w in weights.items() if term_matches(t, toks, lang))

    def _record_fits_best(self, question, lang, passages) -> bool:
        """Whether the restricted entry's record names as much of the question as any text
        the user may read (within RECORD_MARGIN): else the readable text answers, not the
        restriction notice."""
        terms = sorted({t for t in analyze(question, drop_stop=True) if len(t) > 1})
        weights = {t: w for t, (w, _df) in self.reader.term_weights(terms, lang).items()}
        record = _overlap(weights, passages[0].text, lang)
        visible = [p for p in passages[1:] if not p.restricted and not p.synthetic]
        return not any(
            (share := _overlap(weights, p.text, lang)) > RECORD_MARGIN * record
            and share - record >= RECORD_LEAD
            for p in visible
        )

    def _speaks_of(self, target: Target, keys: list[str]) -> bool:
        """Whether the target's own text uses the words that ask for these fields."""
        pattern = fields_pattern(keys)
        for d in self._documents(target):
            doc = self.catalog.document(d.id)
            if doc is not None and pattern.search(fold(doc.text)):
                return True
        return False

    def _query_vector(self, text: str) -> np.ndarray:
        """A question's vector, encoded once however many steps of one answer need it."""
        key = (self.reader.encoder.cache_id, text)
        if key not in self._qvecs:
            if len(self._qvecs) > 256:
                self._qvecs.clear()
            self._qvecs[key] = self.reader.encoder.encode_query(text)
        return self._qvecs[key]

    def _search(self, question, shaped, user, filters, today) -> _Scope:
        hits = self.reader.search(
            question,
            k=20,
            cleared=user.cleared,
            filters=filters,
            today=today,
            context=shaped.context,
            query_vector=self._query_vector(question),
        )
        return _Scope(self.catalog.passages([h.chunk_id for h in hits], today), shaped.text)

    # -- answers about one entry or file ---------------------------------------------
    def _about_target(self, question, lang, target, intent: Intent, user, today):
        if not intent.fields and target.ref and (own := self._own_fields(question, target.ref)):
            return self._own_field_answer(question, lang, target.ref, own, user, today)
        if intent.fields:
            answer = self._field_answer(question, lang, target, intent.fields, user, today)
            if answer is not None:
                return answer
        if (intent.related or intent.reply) and target.ref:
            row = self.catalog.entry(target.ref)
            if intent.reply and row is not None and direction(row.doc_type) == "in":
                return self._replies_answer(question, lang, target.ref, user, today)
            if intent.related:
                return self._related_answer(question, lang, target.ref, user, today)
        if intent.summary:
            return self._summary_answer(question, lang, target, user, today)
        if (point := _POINT.search(question)) is not None:
            return self._point_answer(question, lang, target, point.group(1), user, today)
        return None

    def _point_answer(self, question, lang, target, number, user, today) -> Answer | None:
        """A numbered point of a document ("tsiteeri otsuse punkt 1"): the item whole."""
        docs = self._documents(target)
        item = re.compile(rf"(?m)^[ \t]*{re.escape(number)}[.)][ \t]+\S")
        for d in docs:
            if d.synthetic:
                continue
            doc = self.catalog.document(d.id)
            text = doc.text
            m = item.search(text)
            if m is None:
                continue
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            end = _item_end(text, m.end())
            cit = Citation.of(self.catalog, doc, start, end)
            body = " ".join(text[start:end].split())
            return self._finish(Answer(question, f"{body} [{cit.key}]", lang, [cit]), user, today)
        return None

    def _field_answer(self, question, lang, target, keys, user, today) -> Answer | None:
        """One answer stating every field asked, each with the line that holds it."""
        row = self.catalog.entry(target.ref) if target.ref else None
        letter, letter_doc = self._letter_of(target)
        if target.ref and not user.cleared and self.catalog.is_restricted(target.ref, today):
            letter, letter_doc = None, None  # only the public registration record speaks
        statements: list[str] = []
        cits: list[Citation] = []
        missing: list[str] = []
        for key in keys:
            value, note, quote = self._field_value(row, key, letter, letter_doc, lang, today)
            if not value:
                missing.append(key)
                continue
            statements.append(f"{label(key, lang)}: {value}" + (f" ({note})" if note else ""))
            cit = None
            if quote and row is not None:
                cit = self._metadata_quote(target.ref, quote, user, today)
            elif quote and letter_doc is not None:
                cit = self._quote_in(letter_doc, quote)
            if cit is None and row is not None:
                cit = self._record_head(target.ref, user, today)
            if cit is not None and all(
                (c.doc_id, c.start) != (cit.doc_id, cit.start) for c in cits
            ):
                cits.append(cit)
        if not statements:
            if target.named and (row is not None or letter is not None):
                # the entry was named: its missing field is the answer, not another entry
                text = MESSAGES["no_field"][lang].format(
                    label=label(missing[0], lang), ref=target.key
                )
                return Answer(question, text, lang, found=False)
            return None
        text = f"{target.key}: " + "; ".join(statements) + f". [{target.key}]"
        answer = Answer(question, text, lang, citations=cits)
        return self._finish(answer, user, today)

    def _own_fields(self, question: str, ref: str) -> list[tuple[str, str]]:
        """Fields the register page holds beyond the field table ("Täitmise märge",
        "Struktuuriüksus") that the question names by their label: (label, value)."""
        row = self.catalog.entry(ref)
        extra = row.extra if row is not None else {}
        q = fold(question)
        out = []
        for name, value in extra.items():
            if canonical_field(name) is not None or not value:
                continue  # a known field is asked through the field table
            stems = [w[:STEM] for w in fold(name).split() if len(w) >= 3]
            if stems and all(re.search(rf"(?<![a-z0-9]){re.escape(s)}", q) for s in stems):
                out.append((name, value))
        return out

    def _own_field_answer(self, question, lang, ref, fields, user, today) -> Answer:
        if not user.cleared and self.catalog.is_restricted(ref, today):
            return self._restricted(question, lang, ref)  # not in the public record
        text = f"{ref}: " + "; ".join(f"{k}: {v}" for k, v in fields) + f". [{ref}]"
        cits = [c for k, v in fields if (c := self._metadata_quote(ref, v, user, today))]
        return self._finish(Answer(question, text, lang, citations=cits[:3]), user, today)

    def _field_value(self, row, key, letter, doc, lang, today) -> tuple[str, str, str]:
        """(value as stated, a note on where it comes from, the text to quote)."""
        if key == ACCESS:
            return self._access_value(row, lang, today) if row is not None else ("", "", "")
        if row is not None:
            value = _entry_value(row, key)
            if value:
                shown = format_date(value) if FIELD[key].is_date else value
                return shown, "", shown
            if key == "sender" and row.addressee and _INCOMING.search(row.doc_type or ""):
                lab = FIELD["addressee"].label(lang)
                note = MESSAGES["correspondent"][lang].format(label=lab)
                if letter is not None and letter.sender:
                    return (
                        f"{letter.sender}, {row.addressee}",
                        MESSAGES["from_letter"][lang] + "; " + note,
                        row.addressee,
                    )
                return row.addressee, note, row.addressee
        if letter is not None:
            value = _letter_value(letter, key)
            if key == "sender" and doc is not None and _FORWARD.match(letter.subject or ""):
                inner = _forwarded_letter(doc.text)
                if inner is not None and inner.sender:
                    note = MESSAGES["forwarded"][lang].format(who=letter.sender)
                    return inner.sender, note, inner.sender
            if value:
                return value, MESSAGES["from_letter"][lang] if row is not None else "", value
        if key == "signed_by" and doc is not None:
            # the register does not say: the letter's own signature block does
            zone = zones.own_signature(self._zones_of(doc))
            if zone is not None and (names := zones.signer_lines(doc.text[zone.start : zone.end])):
                value = ", ".join(names[:SIGNER_LINES])
                return value, MESSAGES["from_text"][lang], doc.text[zone.start : zone.end]
        if row is None and doc is not None:
            # a document without register metadata states its own number and date at its head
            head = doc.text[:HEAD_CHARS]
            if key == "ref" and (m := REF_RE.search(head)):
                return m.group(), MESSAGES["from_text"][lang], m.group()
            if key in ("registered", "sent") and (m := _first_date(head)):
                return m, MESSAGES["from_text"][lang], m
            title = doc.title
            if key == "title" and title and title in doc.text and not zones.is_contact(title):
                # the title its reader found (the first heading, a PDF's title as written)
                return title, MESSAGES["from_text"][lang], title
        return "", "", ""

    def _access_value(self, row, lang, today) -> tuple[str, str, str]:
        level = row.access_level or MESSAGES["public"][lang]
        parts = [level]
        if row.access_basis:
            parts.append(f"{MESSAGES['basis'][lang]} {row.access_basis}")
        if row.access_start:
            parts.append(f"{MESSAGES['from'][lang]} {format_date(row.access_start)}")
        if row.access_end:
            parts.append(f"{MESSAGES['until'][lang]} {format_date(row.access_end)}")
        note = ""
        if row.marked_restricted and not self.catalog.is_restricted(row.ref, today):
            note = MESSAGES["lapsed"][lang].format(end=format_date(row.access_end))
        return ", ".join(parts), note, ""

    def _letter_of(self, target: Target):
        """The letter headers of the target's own document, and that document's row."""
        docs = self._documents(target)
        for d in docs:
            if d.synthetic:
                continue
            letter = self.catalog.letter(d.id)
            if letter is not None and (letter.sender or letter.sent or letter.subject):
                return letter, self.catalog.document(d.id)
        for d in docs:
            if not d.synthetic:
                return None, self.catalog.document(d.id)
        return None, None

    def _metadata_quote(self, ref, value, user=PUBLIC, today=None) -> Citation | None:
        """The line of the entry's own documents that states ``value``; for a public user
        of a restricted entry only its public registration record counts."""
        restricted = not user.cleared and self.catalog.is_restricted(ref, today)
        for doc in self.catalog.documents_of(ref):
            if restricted and not doc.synthetic:
                continue
            row = self.catalog.document(doc.id)
            cit = self._quote_in(row, value)
            if cit is not None:
                return cit
        return None

    def _quote_in(self, doc_row, value: str) -> Citation | None:
        text = doc_row.text
        pos = text.find(value)
        if pos < 0 or not value.strip():
            return None
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos + len(value))
        end = len(text) if end < 0 else end
        return Citation.of(self.catalog, doc_row, start, end)

    def _record_head(self, ref, user, today) -> Citation | None:
        """The first line of the entry's registration data: the evidence of a field that
        is not written into the text (access is kept out of it)."""
        restricted = not user.cleared and self.catalog.is_restricted(ref, today)
        for doc in self.catalog.documents_of(ref):
            if restricted and not doc.synthetic:
                continue
            row = self.catalog.document(doc.id)
            for start, end, kind, _page in row.sections:
                if kind in ("metadata", "record") and end > start:
                    line_end = row.text.find("\n", start, end)
                    return Citation.of(self.catalog, row, start, end if line_end < 0 else line_end)
        return None

    def _replies_answer(self, question, lang, ref, user, today) -> Answer:
        """What was sent in reply to an incoming letter: its related documents that went
        out under the same case number (5-1/54-2 answers 5-1/54-1); none is said so."""
        case = case_of(ref)
        replies = [
            r for r in self.catalog.thread(ref, today)
            if r.ref and case_of(r.ref) == case and direction(r.doc_type) == "out"
        ]  # fmt: skip
        if not replies:
            text = MESSAGES["no_reply"][lang].format(ref=ref)
            return Answer(question, text, lang, found=False)
        return self._related_answer(question, lang, ref, user, today, only=replies)

    def _related_answer(self, question, lang, ref, user, today, only=None) -> Answer:
        rows = only if only is not None else self.catalog.thread(ref, today)
        if not rows:
            text = MESSAGES["related_none"][lang].format(ref=ref)
            return self._finish(
                Answer(
                    question,
                    f"{text} [{ref}]",
                    lang,
                    citations=_opt(self._record_head(ref, user, today)),
                ),
                user,
                today,
            )
        wanted = [True] * len(rows) if only else self._related_filter(question, ref, rows, user)
        lines, shown = [], []
        for r, keep in zip(rows, wanted, strict=True):
            if not keep:
                continue
            date = format_date(r.date)
            if r.restricted and not user.cleared:
                lines.append(f"- {r.ref or ''} 🔒 ({date})")
            else:
                kind = f", {r.doc_type}" if r.doc_type else ""
                rel = f"; {r.relation}" if r.relation else ""
                party = f" — {r.org or r.parties}" if (r.org or r.parties) else ""
                head = f"{r.ref} " if r.ref else ""
                lines.append(f"- {head}{r.title}{party} ({date}{kind}{rel})".replace("(, ", "("))
            shown.append(r)
        answer = Answer(
            question,
            MESSAGES["related"][lang].format(ref=ref) + "\n" + "\n".join(lines) + f"\n[{ref}]",
            lang,
        )
        for r in shown:
            if r.restricted and not user.cleared:
                continue
            cit = None
            for value in (r.ref, r.title):
                if value and r.from_ref == ref:
                    cit = self._metadata_quote(ref, value, user, today)
                if cit is not None:
                    break
            if cit is None and r.ref and r.from_ref != ref:
                cit = self._record_head(r.from_ref, user, today)
            if cit is not None and all(
                c.start != cit.start or c.doc_id != cit.doc_id for c in answer.citations
            ):
                answer.citations.append(cit)
        if not answer.citations:
            answer.citations = _opt(self._record_head(ref, user, today))
        return self._finish(answer, user, today)

    def _related_filter(self, question, ref, rows, user) -> list[bool]:
        """Which related rows the question asks about ("those involving the Government
        Office"): rows matching its other words, by term or, across languages, by the
        encoder; all rows when none stands out."""
        rest = question.replace(ref, " ")
        terms = {t for t in analyze(rest, drop_stop=True) if len(t) > 2 and not t.isdigit()}
        terms -= _RELATION_WORDS
        if not terms:
            return [True] * len(rows)
        lang = detect_lang(rest)
        texts = [
            " ".join(x for x in (r.title, r.org or "", r.parties or "", r.doc_type or "") if x)
            if not (r.restricted and not user.cleared)
            else ""
            for r in rows
        ]
        lexical = [
            sum(term_matches(t, set(analyze(tx)), lang) for t in terms) if tx else 0 for tx in texts
        ]
        best = max(lexical, default=0)
        if best:
            return [n >= max(1, best - 1) and n * 2 >= best for n in lexical]
        enc = self.reader.encoder
        if not enc.multilingual:
            return [True] * len(rows)
        qv = enc.encode_query(rest)
        vis = [i for i, tx in enumerate(texts) if tx]
        if not vis:
            return [True] * len(rows)
        cos = calibrated(enc, qv, enc.encode_passages([texts[i] for i in vis]) @ qv)
        top = float(np.max(cos))
        if top < STRONG_COSINE:
            return [True] * len(rows)
        keep = {vis[j] for j, c in enumerate(cos) if c >= top - 0.1}
        return [i in keep for i in range(len(rows))]

    def _summary_answer(self, question, lang, target, user, today) -> Answer | None:
        """Title, subject and the lead sentences of the message of a named entry or file."""
        docs = self._documents(target)
        row = self.catalog.entry(target.ref) if target.ref else None
        title = (row.title if row is not None else None) or ""
        cits: list[Citation] = []
        lead: list[str] = []
        for d in docs:
            if d.synthetic or not d.length:
                continue
            doc = self.catalog.document(d.id)
            if not title and doc.title and not zones.is_contact(doc.title):
                title = doc.title
            for a, b in self._lead_sentences(doc):
                sent = doc.text[a:b]
                lead.append(" ".join(sent.split()))
                cits.append(Citation.of(self.catalog, doc, a, b))
            if lead:
                break
        if not lead and not title:
            return None
        if title and target.ref:
            head = self._metadata_quote(target.ref, title, user, today)
            if head is not None:
                cits.insert(0, head)
        facts = ", ".join(
            x
            for x in (
                row.doc_type if row is not None else "",
                format_date(row.registered) if row is not None else "",
            )
            if x
        )
        about = MESSAGES["about"][lang].format(key=target.key, title=title) if title else target.key
        text = about + (f" ({facts})" if facts else "") + "."
        if lead:
            text += " " + " ".join(lead)
        answer = Answer(question, f"{text} [{target.key}]", lang, citations=cits)
        if not cits:
            return None
        return self._finish(answer, user, today)

    def _lead_sentences(self, doc, n: int = 2) -> list[tuple[int, int]]:
        """The first sentences of the document's message: no header, greeting, notice,
        link or heading."""
        zs = self._zones_of(doc)
        out = []
        for start, end, kind, _page in doc.sections:
            if kind in ("metadata", "record", "related"):
                continue
            for s, e in sentence_spans(doc.text[start:end]):
                a, b = start + s, start + e
                sent = doc.text[a:b]
                if zones.kind_at(zs, a, b) != zones.MESSAGE or zones.is_heading(sent):
                    continue
                if len(sent.split()) < 6 or _GREETING.match(sent):
                    continue
                out.append((a, b))
                if len(out) >= n:
                    return out
        return out

    def _restricted(self, question: str, lang: str, ref: str) -> Answer:
        row = self.catalog.entry(ref)
        basis = f" ({MESSAGES['basis'][lang]} {row.access_basis})" if row.access_basis else ""
        end = ""
        if row.access_end:
            end = f", {MESSAGES['until'][lang]} {format_date(row.access_end)}"
        title = row.title or ""
        text = MESSAGES["restricted"][lang].format(
            ref=ref, title=title, date=format_date(row.registered),
            level=row.access_level or "AK", basis=basis, end=end,
        )  # fmt: skip
        if not title:
            text = text.replace(" „”", "").replace(" “”", "")
        answer = Answer(question, f"{text} [{ref}]", lang, restricted_refs=[ref])
        # the public registration record is the evidence
        for doc in self.catalog.documents_of(ref):
            if doc.synthetic:
                row_doc = self.catalog.document(doc.id)
                cit = Citation.of(self.catalog, row_doc, 0, len(row_doc.text))
                answer.citations.append(cit)
        return answer

    # -- extractive answers from text ------------------------------------------------
    def _extract(self, question, query, lang, passages, user, today, named=False) -> Answer:
        """The sentences that answer; ``named``: the passages are of the document the
        question names, so a part of it that the question asks for answers by its kind."""
        passages = [p for p in passages if user.cleared or not p.restricted]
        if not passages:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        cands = self._candidates(passages)
        if not cands:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        self._score(question, query, lang, passages, cands, today, named)
        chosen = _choose(cands)
        if not chosen:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        rank_of = {p.chunk_id: i for i, p in enumerate(passages)}
        # keep document order within one source for readability
        chosen.sort(key=lambda c: (rank_of[c.passage.chunk_id], c.start))
        answer = Answer(question, "", lang)
        parts = []
        for c in chosen:
            cit = Citation.of(
                self.catalog,
                self.catalog.document(c.passage.doc_id),
                c.start,
                c.end,
                c.passage.page,
            )
            answer.citations.append(cit)
            parts.append(f"{' '.join(c.text.split())} [{cit.key}]")
        answer.text = " ".join(parts)
        return self._finish(answer, user, today)

    def _candidates(self, passages: list[Passage]) -> list[_Candidate]:
        """Whole sentences of the best passages, each once, with the part it stands in."""
        cands: list[_Candidate] = []
        seen: set[str] = set()
        for p in passages:
            doc = self.catalog.document(p.doc_id)
            doc_text = doc.text
            zs = self._zones_of(doc)
            line_mode = p.kind in ("metadata", "record", "related")
            for s, e in _whole_sentences(doc_text, p.start, p.end, line_mode):
                sent = doc_text[s:e]
                if len(sent) < 12 or len(sent) > 1200 or len(sent.split()) < 4:
                    continue
                norm = " ".join(fold(sent).split())
                if norm in seen:
                    continue
                seen.add(norm)
                zone = zones.HEADING if zones.is_heading(sent) else zones.kind_at(zs, s, e)
                cands.append(_Candidate(p, s, e, sent, zone))
            # a signature is quoted whole: the name with its title and organisation
            for z in zones.blocks(zs, zones.SIGNATURE):
                if z.end > p.start and z.start < p.end and z.end - z.start <= SIGNATURE_CHARS:
                    norm = " ".join(fold(doc_text[z.start : z.end]).split())
                    if norm not in seen and len(norm.split()) >= 3:
                        seen.add(norm)
                        block = doc_text[z.start : z.end]
                        cands.append(
                            _Candidate(p, z.start, z.end, block, zones.SIGNATURE, whole=True)
                        )
        return cands

    def _score(self, question, query, lang, passages, cands, today=None, named=False) -> None:
        """Relevance of each candidate: the encoder's closeness to the question plus the
        share of the question's term weight it holds; its passage's rank, the kind of
        statement asked for and a document dated in the period the question names ("the
        2023 coalition letter") break ties."""
        q_terms = [t for t in analyze(query, drop_stop=True) if len(t) > 1]
        stats = self.reader.term_weights(sorted(set(q_terms)), lang)
        weights = {t: w for t, (w, _df) in stats.items()}
        present = {t: w for t, (w, df) in stats.items() if df > 0}
        top_w = max(present.values(), default=0.0)
        specific = {t for t, w in present.items() if w >= 0.8 * top_w}
        rank_of = {p.chunk_id: i for i, p in enumerate(passages)}
        for c in cands:
            c.score = _overlap(weights, c.text, lang)
        if len(cands) > MAX_CANDIDATES:
            # the sentences worth encoding: the best passages' and those sharing terms
            cands.sort(key=lambda c: (-(c.score > 0), rank_of[c.passage.chunk_id], c.start))
            del cands[MAX_CANDIDATES:]
        enc = self.reader.encoder
        qv = self._query_vector(query)
        sv = enc.encode_passages([c.text for c in cands])
        langs = [detect_lang(c.text) for c in cands]
        cos = calibrated(enc, qv, sv @ qv, langs)
        wanted = answer_type(question)
        asked = _asked_zones(question)
        period = find_period(question, today or dt.date.today())
        zs_of = {
            d: self._zones_of(self.catalog.document(d)) for d in {c.passage.doc_id for c in cands}
        }
        for c, cs, c_lang in zip(cands, cos, langs, strict=True):
            cs = float(cs)
            other_lang = enc.multilingual and c_lang != lang
            rel = cs + 0.45 * c.score
            if cs < STRONG_COSINE and not other_lang and not _mentions(specific, c.text, lang):
                rel = min(rel, MIN_RELEVANCE - 0.01)  # similar in tone, not in substance
            if c.zone == zones.HEADING and c.text.rstrip().endswith("?"):
                # a question: what a letter asks, or a FAQ heading that answers nothing
                rel *= 1.0 if _ASKS_WHAT_WAS_ASKED.search(fold(question)) else QUESTION_SHARE
            elif c.zone == zones.HEADING:
                rel = min(rel, MIN_RELEVANCE - 0.01)  # names a topic, answers nothing
            elif c.zone != zones.MESSAGE and c.zone not in asked:
                rel *= OFF_MESSAGE
            if c.zone != zones.QUOTED and zones.quoted(zs_of[c.passage.doc_id], c.start):
                rel *= 1.0 if zones.QUOTED in asked else QUOTED_SHARE
            elif named and c.zone == zones.SIGNATURE and zones.SIGNATURE in asked:
                # "who signed it": the named document's own signature block says, whole,
                # however little its names and titles resemble the question
                rel = max(rel, MIN_RELEVANCE) if c.whole else min(rel, MIN_RELEVANCE - 0.01)
            prior = 0.1 / (1 + rank_of[c.passage.chunk_id])
            if period is not None and self._dated_in(c.passage, period):
                prior += PERIOD_BONUS
            fits = wanted is not None and bool(wanted.answers.search(c.text))
            if wanted is not None and wanted.required and not fits:
                rel = min(rel, MIN_RELEVANCE - 0.01)  # a when-question needs a date
            bonus = TYPE_BONUS if fits else 0.0
            c.relevance = rel
            c.score = rel + prior + bonus

    def _outgoing(self, passage: Passage) -> bool:
        """Whether the passage's document went out: its entry's type says so."""
        row = self.catalog.entry(passage.ref) if passage.ref else None
        return row is not None and direction(row.doc_type) == "out"

    def _dated_in(self, passage: Passage, period) -> bool:
        """Whether the passage's document is dated in ``period`` (its entry's registration
        date, else its letter's date)."""
        key = (self.reader.version, passage.doc_id)
        if key not in self._dates:
            row = self.catalog.entry(passage.ref) if passage.ref else None
            day = dt.date.fromisoformat(row.registered) if row and row.registered else None
            if day is None and (letter := self.catalog.letter(passage.doc_id)) and letter.sent:
                day = letter.sent.date()
            self._dates[key] = day
        day = self._dates[key]
        return day is not None and day in period

    def _zones_of(self, doc) -> list[zones.Zone]:
        key = (self.reader.version, doc.id)
        if key not in self._zones:
            if len(self._zones) > 5000:
                self._zones.clear()
            body = 0
            for start, _end, kind, _page in doc.sections:
                if kind not in ("metadata", "record", "related"):
                    body = start
                    break
            self._zones[key] = zones.mark(doc.text, body)
        return self._zones[key]

    # -- citations ---------------------------------------------------------------------
    def verify(self, cit: Citation, user: User, today: dt.date | None = None) -> bool:
        """The reference exists, the user may see it, the quote is verbatim at its place."""
        row = self.catalog.document(cit.doc_id)
        if row is None or not cit.quote.strip():
            return False
        stored = row.text[cit.start : cit.end]
        if cit.quote not in (stored, for_user(stored, user)):  # as shown: isikukood masked
            return False
        if row.ref != cit.ref:  # a citation without a reference may not name an entry's text
            return False
        if cit.ref is not None:
            if self.catalog.entry(cit.ref) is None:
                return False
            if (
                not user.cleared
                and self.catalog.is_restricted(cit.ref, today)
                and not row.synthetic
            ):
                return False
        section = row.section_at(cit.start)
        return cit.page is None or section is None or section.page in (None, cit.page)

    def _finish(self, answer: Answer, user: User, today: dt.date) -> Answer:
        kept = []
        for cit in answer.citations:
            if self.verify(cit, user, today):
                cit.restricted = bool(cit.ref) and self.catalog.is_restricted(cit.ref, today)
                if cit.restricted:
                    answer.restricted_refs.append(cit.ref)
                kept.append(cit)
            else:
                answer.notes.append(f"dropped an unverifiable citation to {cit.key}")
                for quote in (cit.quote, " ".join(cit.quote.split())):  # as written in the text
                    answer.text = answer.text.replace(f"{quote} [{cit.key}]", "").strip()
        answer.citations = kept
        if not kept:
            return Answer(answer.question, MESSAGES["none"][answer.lang], answer.lang, found=False)
        # masking happens last: verification compares the stored text itself
        answer.text = for_user(answer.text, user)
        for cit in answer.citations:
            cit.quote = for_user(cit.quote, user)
            cit.title = for_user(cit.title, user)
        return answer


def visible_passages(passages: list[Passage], user: User) -> list[Passage]:
    """The best passages ``user`` may see: what an answer is drawn from."""
    return [p for p in passages if user.cleared or not p.restricted][:CONTEXT_PASSAGES]


# Words that say "related" rather than which related documents.
_RELATION_WORDS = frozenset(
    analyze(
        "seotud seos seosed dokument dokumendid dokumentide hulgas linked related documents "
        "document which involve involving mis millised lingitud samas küsimuses same matter "
        "register entries entry kiri kirjad letter letters",
        "et",
    )
    + analyze(
        "linked related documents document which involve involving same matter entries entry "
        "letter letters",
        "en",
    )
)
_ASKS_WHAT_WAS_ASKED = re.compile(
    r"kusi|kusiti|paring|pari|palu|taotl|\bask|inquir|enquir|request|question"
)
_GREETING = re.compile(
    r"^\s*(?:dear|hello|hi|lugupeetud|austatud|hea|tere)\b[^.!?]{0,80}[,!:]?\s*$", re.I
)


def _opt(cit: Citation | None) -> list[Citation]:
    return [cit] if cit is not None else []


def _entry_value(row, key: str) -> str | None:
    """A field of an entry row: its column, else the entry's extra fields by label."""
    if value := row.column(key):
        return value
    f = FIELD.get(key)
    if f is None:
        return None
    for name, value in row.extra.items():
        norm = name.casefold()
        if norm in f.labels or norm in (f.et.casefold(), f.en.casefold()):
            return value
    return None


def _letter_value(letter, key: str) -> str | None:
    if key == "sender":
        return letter.sender
    if key in ("sent", "registered"):
        return format_date(letter.sent, with_time=True) if letter.sent else None
    if key == "addressee":
        return "; ".join(letter.recipients) or None
    if key == "title":
        return letter.subject
    return None


# a numbered point, item or paragraph of a document: "punkt 1", "p 2", "point 3", "item 4"
_POINT = re.compile(r"\b(?:punkt\w*|p\.?|point|item|paragraph|lõi?ge\w*|lg\.?)\s*(\d{1,2})\b", re.I)


def _item_end(text: str, pos: int) -> int:
    """Where a numbered item that runs on from ``pos`` ends: at the next item, a blank
    line, or the end."""
    nxt = re.compile(r"\n\s*\n|\n[ \t]*\d{1,2}[.)][ \t]+\S").search(text, pos)
    end = nxt.start() if nxt else len(text)
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def _forwarded_letter(text: str):
    """The headers of the first message a forward carries."""
    for at in zones.quoted_letters(text, 1):
        heads = parse_letter_headers(text[at:])
        if heads is not None:
            return heads.letter
    return None


def _first_date(text: str) -> str | None:
    value = parse_datetime(text)
    return format_date(value, with_time=True) if value else None


def _whole_sentences(text: str, start: int, end: int, line_mode: bool) -> list[tuple[int, int]]:
    """Sentences of ``text`` that overlap ``[start, end)``, whole even where the passage
    cuts them: a chunk boundary never yields a fragment."""
    lo = text.rfind("\n\n", 0, start)
    lo = 0 if lo < 0 else lo + 2
    hi = text.find("\n\n", end)
    hi = len(text) if hi < 0 else hi
    if hi - lo > 20_000:  # a long run without paragraph breaks: stay near the passage
        lo, hi = max(lo, start - 1000), min(hi, end + 1000)
    out = []
    for s, e in sentence_spans(text[lo:hi], line_mode=line_mode):
        a, b = lo + s, lo + e
        if b > start and a < end:
            out.append((a, b))
    return out


def _choose(cands: list[_Candidate]) -> list[_Candidate]:
    """1-3 sentences: the best, and those close behind it that add something new."""
    if not cands:
        return []
    order = sorted(cands, key=lambda c: -c.score)
    if order[0].relevance < MIN_RELEVANCE and max(c.relevance for c in cands) < MIN_RELEVANCE:
        return []
    best = order[0].score
    chosen: list[_Candidate] = []
    for c in order:
        if len(chosen) >= MAX_SENTENCES or c.score < best - 0.45:
            break
        if c.relevance < MIN_RELEVANCE:
            continue
        if any(
            o.passage.doc_id == c.passage.doc_id and not (c.end <= o.start or c.start >= o.end)
            for o in chosen
        ):
            continue
        chosen.append(c)
    return chosen


def _asked_zones(question: str) -> set[str]:
    q = fold(question)
    return {kind for kind, pattern in zones.ASKS_FOR.items() if re.search(pattern, q)}


# Sentences about nothing in particular, in each language: their similarity to the
# question is the encoder's floor for "unrelated" (about 0.0 for MiniLM, about 0.75 for
# e5), so one threshold works for any encoder. A sentence in another language than the
# question is measured against the floor of its own language: a multilingual encoder
# scores every pair across languages lower, related or not.
_ANCHORS = {
    "en": [
        "The weather was pleasant yesterday afternoon.",
        "Please find the attached file below.",
        "Thank you for your message.",
    ],
    "et": [
        "Ilm oli eile pärastlõunal meeldiv.",
        "Palun vaata lisatud faili.",
        "Täname teid kirja eest.",
    ],
}
_ANCHOR_VECS: dict[tuple[str, str], np.ndarray] = {}


def calibrated(enc, qv: np.ndarray, cos: np.ndarray, langs: list[str] | None = None) -> np.ndarray:
    """Cosine rescaled so that an unrelated sentence scores about 0 for any encoder;
    ``langs`` (each sentence's language) picks the floor of that language."""
    floors = {}
    for lang, texts in _ANCHORS.items():
        key = (enc.cache_id, lang)  # the same model at another precision has other floors
        if key not in _ANCHOR_VECS:
            _ANCHOR_VECS[key] = enc.encode_passages(texts)
        floors[lang] = float(np.max(_ANCHOR_VECS[key] @ qv))
    if langs is None or not enc.multilingual:
        floor = np.full(len(cos), max(floors.values()))
    else:
        floor = np.array([floors.get(x, max(floors.values())) for x in langs])
    return (cos - floor) / np.maximum(1e-6, 1.0 - floor)


def _overlap(weights: dict[str, float], sentence: str, lang: str) -> float:
    """Share of the question's term weight (IDF) that the sentence contains."""
    total = sum(weights.values())
    if not total:
        return 0.0
    toks = set(analyze(sentence))
    return sum(w for t, w in weights.items() if term_matches(t, toks, lang)) / total


def _mentions(terms: set[str], sentence: str, lang: str) -> bool:
    if not terms:
        return True
    toks = set(analyze(sentence))
    return any(term_matches(t, toks, lang) for t in terms)


# any statement of time: a date, a year, a month, a season, a weekday, a clock time, or a
# time relative to today, in Estonian (any case ending) or English
_DATE = (
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b"
    r"|\b\d{1,2}[:.]\d{2}\b|\bkell\b"
    r"|\b(?:jaan|veebr|märts|marts|aprill|mai|juun|juul|august|septemb|oktoob|novemb|detsemb"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|kevad|suvi|suve|sügis|sugis|talv|spring|summer|autumn|fall|winter"
    r"|esmaspäev|teisipäev|kolmapäev|neljapäev|reede|laupäev|pühapäev"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|täna|tana|homme|ülehomme|eile|today|tomorrow|yesterday|tonight"
    r"|järgmis\w* (?:nädal|kuu|aasta)|next (?:week|month|year)|kvartal|quarter)\w*"
)
_DURATION = (
    r"\b\d+\s*(?:\([^)]{1,20}\)\s*)?(?:töö)?(?:päev|nädal|kuu|aasta|tund|minut|working day|"
    r"business day|day|week|month|year|hour|minute)\w*"
)
_MONEY = r"\d[\d\s.,]*\s*(?:€|eur\w*|usd|\$|kr\b|krooni|senti|cents?)|(?:€|\$)\s*\d"


@dataclass(frozen=True)
class AnswerType:
    """What kind of statement answers a question. ``required``: a sentence without it does
    not answer (a when-question needs a date); else it only helps."""

    asks: re.Pattern[str]
    answers: re.Pattern[str]
    required: bool = True


# the most specific first: a price before a count, a duration before a date
ANSWER_TYPES = [
    AnswerType(
        re.compile(
            r"\b(?:palju maksab|mis maksab|maksumus|mis hinnaga|hind|hinda|"
            r"how much (?:does|did|do|is|was|will)\b.{0,60}\b(?:cost|charge|pay)|"
            r"what (?:does|did) .{0,60} cost|price|cost of|fee)\b",
            re.I,
        ),
        re.compile(_MONEY, re.I),
    ),
    AnswerType(
        re.compile(
            r"\b(?:kui kaua|kui pikk|mis aja jooksul|mitu (?:töö)?päeva|mitme (?:töö)?päeva|"
            r"how long|how many (?:working |business )?(?:days|weeks|months|years)|"
            r"within what (?:time|period))\b",
            re.I,
        ),
        # a period's length, or how long something holds: "kehtivusega kuni 13.02.2029"
        re.compile(_DURATION + r"|\b(?:kuni|until|till|through)\s+\S*\d", re.I),
    ),
    AnswerType(
        re.compile(
            r"\b(?:millal|mis ajal|mis ajaks|kauaks|mis kuupäev\w*|when|until when|what date"
            r"|by when|which date)\b",
            re.I,
        ),
        re.compile(_DATE + r"|\bkuni\b|\buntil\b|" + _DURATION, re.I),
    ),
    AnswerType(
        re.compile(
            r"\b(?:mitu|mitme|kui palju|mitmekordselt|how many|how much|by how much|what share"
            r"|what percentage|what proportion)\b",
            re.I,
        ),
        re.compile(
            r"\d|\b(?:üks|kaks|kolm|neli|viis|kuus|seitse|kaheksa|üheksa|kümme|one|two|"
            r"three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million)\b",
            re.I,
        ),
    ),
    AnswerType(
        # what a party thinks of a draft or a proposal: its position, as an approval
        # letter states it ("ei kooskõlasta", "toetame", "we do not support")
        re.compile(
            r"\b(?:mida .{0,60}\b(?:arva|arvat|leid|leia)\w*|mis .{0,60}\bseisukoh\w*"
            r"|kas .{0,60}\b(?:kooskõlast|toeta|nõustu)\w*"
            r"|what (?:did|does|do) .{0,80}\b(?:think|make of|feel about)"
            r"|what (?:is|was|are|were) .{0,60}\b(?:position|opinion|view|stance)"
            r"|(?:did|does|do) .{0,60}\b(?:support|agree|approve|oppose|object))\b",
            re.I,
        ),
        re.compile(
            # finite forms only: "kooskõlastamiseks" (sent for approval) states no position
            r"\b(?:kooskõlast(?:a|ab|ame|an|anud)|toeta(?:b|me|n|nud)?|nõustu(?:b|me|n|nud)?"
            r"|leia(?:me|b|n)|seisukoh\w*"
            r"|ettepane\w*|pea(?:me|b) (?:vajalikuks|oluliseks|võimalikuks)"
            r"|support\w*|agree\w*|oppose\w*|object\w*|approve\w*|endorse\w*|welcome\w*"
            r"|(?:we|they|it) (?:believe|consider|find|recommend|propose)\w*|position|opinion)\b",
            re.I,
        ),
        required=False,
    ),
    AnswerType(
        re.compile(r"\b(?:miks|mis põhjusel|why|for what reason)\b", re.I),
        re.compile(
            r"\b(?:sest|kuna|seetõttu|põhjusel|tõttu|because|since|due to|as a result)\b", re.I
        ),
        required=False,
    ),
]


def answer_type(question: str) -> AnswerType | None:
    """The kind of statement that answers ``question``, if it asks for one: the one asked
    first ("by how much did it drop when ..." asks for a number, not a date); on a tie the
    more specific (a price before a count)."""
    found = []
    for order, kind in enumerate(ANSWER_TYPES):
        if (m := kind.asks.search(question)) is not None:
            found.append((m.start(), m.end(), order, kind))
    if not found:
        return None
    first = min(found, key=lambda f: (f[0], f[2]))
    # "kui palju maksab": the price asked overlaps the count and is the more specific
    overlapping = [f for f in found if f[0] < first[1] and first[0] < f[1]]
    return min(overlapping, key=lambda f: f[2])[3]


__all__ = ["Answer", "Assistant", "Citation", "calibrated"]
