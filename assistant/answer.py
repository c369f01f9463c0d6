"""Question in, cited answer out: retrieve, then compose an extractive answer.

Every statement in an answer is a sentence or a metadata line quoted verbatim from a
register document, followed by the citation key of that document (its reference, or its
file name when it has none). Citations are verified against the catalog before they are
shown; what fails the check is dropped, never shown as a citation.
"""

from __future__ import annotations

import datetime as dt
import re
import numpy as np

from assistant.fields import FIELD_LABELS, detect_field
from assistant.model import Answer, Citation, Conversation
from assistant.followup import shape
from assistant.privacy import PUBLIC, User, for_user
from assistant.sentences import sentence_spans
from index.catalog import fmt_date
from index.search import Filters, IndexReader, Passage
from index.text import analyze, detect_lang, find_refs, term_matches

MAX_SENTENCES = 3
CONTEXT_PASSAGES = 6
# below this relevance (calibrated cosine + 0.45 x weighted term overlap) no sentence
# answers the question; measured on register-dev: unanswerable ~0.17, answers >= 0.30
MIN_RELEVANCE = 0.25
# a sentence this close to the question may answer it without sharing its rarest word
STRONG_COSINE = 0.45


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
    "field": {"et": "{label} ({ref}): {value}", "en": "{label} of {ref}: {value}"},
    "related": {
        "et": "Dokumendiga {ref} on seotud:",
        "en": "Documents related to {ref}:",
    },
    "no_ref": {
        "et": "Registris ei ole dokumenti viitega {ref}.",
        "en": "The register holds no document with reference {ref}.",
    },
    "no_field": {
        "et": "Dokumendi {ref} kohta ei ole registris välja „{label}” väärtust.",
        "en": "The register gives no “{label}” for {ref}.",
    },
}


class Assistant:
    """Turns questions into cited answers over one index."""

    def __init__(self, reader: IndexReader):
        self.reader = reader

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
        shaped = shape(question, history)  # the conversation adds a second search run
        query = shaped.text
        hits = self.reader.search(
            question,
            k=20,
            cleared=user.cleared,
            filters=filters,
            today=today,
            context=shaped.context,
        )
        passages = self.reader.passages([h.chunk_id for h in hits], today)
        dense = {h.chunk_id: h.dense for h in hits}
        mentioned = find_refs(question)
        refs = [r for r in mentioned if self.reader.entry_row(r) is not None]
        fld = detect_field(question)
        if mentioned and not refs and not any(r in p.text for p in passages for r in mentioned):
            # a reference the register does not know: say so rather than answer about
            # whatever else matched the rest of the question
            text = MESSAGES["no_ref"][lang].format(ref=", ".join(mentioned))
            return Answer(question, text, lang, found=False)
        target = refs[0] if refs else (passages[0].ref if passages else None)
        if fld and not refs and passages and passages[0].ref is None:
            # the best match is a file without an entry ("to whom was the certificate
            # issued" about a loose PDF): read its text instead of looking up a field
            target = None

        # a public user asking about a restricted entry learns that it is restricted
        if target and not user.cleared and self.reader.is_restricted(target, today):
            top_is_target = passages and passages[0].ref == target
            if refs or top_is_target:
                return self._restricted(question, lang, target)

        if fld and target:
            answer = self._field_answer(question, lang, target, fld, user, today)
            if answer is not None:
                return answer
        answer = self._extract(question, query, lang, passages, dense, user, today)
        answer.context = visible_passages(passages, user)
        return answer

    # -- answers from register metadata ----------------------------------------------
    def _field_answer(self, question, lang, ref, fld, user, today) -> Answer | None:
        row = self.reader.entry_row(ref)
        if row is None:
            return None
        if fld == "related":
            return self._related_answer(question, lang, ref, user, today)
        label_et, label_en = FIELD_LABELS[fld]
        value = _field_value(row, fld)
        if fld == "title" and not value:
            # exports without a title line: the entry's own letter carries it as subject
            value = next((d["title"] for d in self.reader.documents_of(ref) if d["title"]), None)
        label = label_et if lang == "et" else label_en
        if not value:
            if self._asked_about(question, ref):
                # the entry was named: its missing field is the answer, not another entry
                text = MESSAGES["no_field"][lang].format(label=label, ref=ref)
                return Answer(question, text, lang, found=False)
            return None
        quote = self._metadata_quote(ref, value)
        text = MESSAGES["field"][lang].format(label=label, ref=ref, value=value)
        answer = Answer(question, f"{text} [{ref}]", lang)
        if quote is not None:
            answer.citations.append(quote)
        return self._finish(answer, user, today)

    @staticmethod
    def _asked_about(question: str, ref: str) -> bool:
        return ref in find_refs(question)

    def _metadata_quote(self, ref: str, value: str) -> Citation | None:
        """The metadata line of the entry's own document that states ``value``."""
        for doc in self.reader.documents_of(ref):
            row = self.reader.document(doc["id"])
            text = row["text"]
            pos = text.find(value)
            if pos < 0:
                continue
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos + len(value))
            end = len(text) if end < 0 else end
            return self._citation(row, start, end, None)
        return None

    def _related_answer(self, question, lang, ref, user, today) -> Answer:
        rows = self.reader.thread(ref)
        q_terms = set(analyze(question, drop_stop=True))
        lines, shown = [], []
        scored = []
        for r in rows:
            hidden = not user.cleared and _row_restricted(r, today)
            title = "" if hidden else (r["title"] or "")
            overlap = len(q_terms & set(analyze(title, drop_stop=True)))
            scored.append((overlap, r, hidden, title))
        best = max((s[0] for s in scored), default=0)
        for overlap, r, hidden, title in scored:
            if best and overlap < max(1, best // 2):
                continue
            if hidden:
                lines.append(f"- {r['ref']} 🔒 ({fmt_date(r['date'])})")
            else:
                kind = f", {r['doc_type']}" if r["doc_type"] else ""
                lines.append(f"- {r['ref']} {title} ({fmt_date(r['date'])}{kind})")
            shown.append(r)
        if not lines:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        answer = Answer(
            question,
            MESSAGES["related"][lang].format(ref=ref) + "\n" + "\n".join(lines) + f"\n[{ref}]",
            lang,
        )
        for r in shown:
            if _row_restricted(r, today) and not user.cleared:
                continue
            cit = self._metadata_quote(ref, r["ref"]) if r["ref"] else None
            if cit is not None and all(c.start != cit.start for c in answer.citations):
                answer.citations.append(cit)
        return self._finish(answer, user, today)

    def _restricted(self, question: str, lang: str, ref: str) -> Answer:
        row = self.reader.entry_row(ref)
        basis = (
            f" ({'alus' if lang == 'et' else 'basis'} {row['access_basis']})"
            if row["access_basis"]
            else ""
        )
        end = ""
        if row["access_end"]:
            end = f", {'kuni' if lang == 'et' else 'until'} {fmt_date(row['access_end'])}"
        title = row["title"] or ""
        text = MESSAGES["restricted"][lang].format(
            ref=ref, title=title, date=fmt_date(row["registered"]),
            level=row["access_level"] or "AK", basis=basis, end=end,
        )  # fmt: skip
        if not title:
            text = text.replace(" „”", "").replace(" “”", "")
        answer = Answer(question, f"{text} [{ref}]", lang, restricted_refs=[ref])
        # the public registration record is the evidence
        for doc in self.reader.documents_of(ref):
            if doc["synthetic"]:
                row_doc = self.reader.document(doc["id"])
                cit = self._citation(row_doc, 0, len(row_doc["text"]), None)
                cit.correspondent = ""  # addressee/sender are not in the public record
                answer.citations.append(cit)
        return answer

    # -- extractive answers from text ------------------------------------------------
    def _extract(self, question, query, lang, passages, dense, user, today) -> Answer:
        passages = visible_passages(passages, user)
        if not passages:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        q_terms = [t for t in analyze(query, drop_stop=True) if len(t) > 1]
        cands: list[tuple[Passage, int, int, str]] = []
        for p in passages:
            doc_text = self.reader.document(p.doc_id)["text"]
            line_mode = p.kind in ("metadata", "record", "related")
            for s, e in sentence_spans(p.text, line_mode=line_mode):
                sent = p.text[s:e]
                if len(sent) < 12 or len(sent) > 1200 or len(sent.split()) < 4:
                    continue
                a, b = p.start + s, p.start + e
                if doc_text[a:b] == sent:
                    cands.append((p, a, b, sent))
        if not cands:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        enc = self.reader.encoder
        qv = enc.encode_query(query)
        sv = enc.encode_passages([c[3] for c in cands])
        cos = calibrated(enc, qv, sv @ qv)
        stats = self.reader.term_weights(sorted(set(q_terms)), lang)
        weights = {t: w for t, (w, _df) in stats.items()}
        # the most specific question terms the register knows at all
        present = {t: w for t, (w, df) in stats.items() if df > 0}
        top_w = max(present.values(), default=0.0)
        specific = {t for t, w in present.items() if w >= 0.8 * top_w}
        wanted = answer_type(question)
        rank_of = {p.chunk_id: i for i, p in enumerate(passages)}
        scores, relevance = [], []
        for (p, _a, _b, sent), c in zip(cands, cos, strict=True):
            rel = float(c) + 0.45 * _overlap(weights, sent, lang)
            if float(c) < STRONG_COSINE and not _mentions(specific, sent, lang):
                rel = min(rel, MIN_RELEVANCE - 0.01)  # similar in tone, not in substance
            prior = 0.1 / (1 + rank_of[p.chunk_id])
            bonus = 0.15 if wanted and wanted.search(sent) else 0.0
            relevance.append(rel)
            scores.append(rel + prior + bonus)
        order = np.argsort(scores)[::-1]
        best = scores[order[0]]
        if max(relevance) < MIN_RELEVANCE:
            return Answer(question, MESSAGES["none"][lang], lang, found=False)
        chosen = []
        for i in order:
            if len(chosen) >= MAX_SENTENCES or scores[i] < best - 0.45:
                break
            if relevance[i] < MIN_RELEVANCE:
                continue
            p, a, b, sent = cands[i]
            if any(c[0].doc_id == p.doc_id and not (b <= c[1] or a >= c[2]) for c in chosen):
                continue
            chosen.append(cands[i])
        # keep document order within one source for readability
        chosen.sort(key=lambda c: (rank_of[c[0].chunk_id], c[1]))
        answer = Answer(question, "", lang)
        parts = []
        for p, a, b, sent in chosen:
            cit = self._citation(self.reader.document(p.doc_id), a, b, p.page)
            answer.citations.append(cit)
            parts.append(f"{' '.join(sent.split())} [{cit.key}]")
        answer.text = " ".join(parts)
        return self._finish(answer, user, today)

    # -- citations ---------------------------------------------------------------------
    def _citation(self, doc_row, start: int, end: int, page: int | None) -> Citation:
        ref = doc_row["ref"]
        entry = self.reader.entry_row(ref) if ref else None
        letter = self.reader.letter(doc_row["id"])
        title = (
            (entry["title"] if entry and entry["title"] else None)
            or doc_row["title"]
            or doc_row["name"]
        )
        date = (
            fmt_date(entry["registered"])
            if entry
            else (letter.sent.strftime("%d.%m.%Y") if letter and letter.sent else "")
        )
        correspondent = ""
        if entry:
            correspondent = entry["addressee"] or entry["sender"] or ""
        elif letter:
            correspondent = letter.sender or ""
        file_path = doc_row["file_path"] or ""
        if page is None:
            page = _page_at(doc_row, start)
        return Citation(
            ref=ref, file=file_path, title=title or "", quote=doc_row["text"][start:end],
            page=page, doc_id=doc_row["id"], start=start, end=end, date=date,
            doc_type=(entry["doc_type"] if entry else None) or "", correspondent=correspondent,
        )  # fmt: skip

    def verify(self, cit: Citation, user: User, today: dt.date | None = None) -> bool:
        """The reference exists, the user may see it, the quote is verbatim at its place."""
        row = self.reader.document(cit.doc_id)
        if row is None or not cit.quote.strip():
            return False
        stored = row["text"][cit.start : cit.end]
        if cit.quote not in (stored, for_user(stored, user)):  # as shown: isikukood masked
            return False
        if row["ref"] != cit.ref:  # a citation without a reference may not name an entry's text
            return False
        if cit.ref is not None:
            if self.reader.entry_row(cit.ref) is None:
                return False
            if (
                not user.cleared
                and self.reader.is_restricted(cit.ref, today)
                and not row["synthetic"]
            ):
                return False
        return cit.page is None or _page_at(row, cit.start) in (None, cit.page)

    def _finish(self, answer: Answer, user: User, today: dt.date) -> Answer:
        kept = []
        for cit in answer.citations:
            if self.verify(cit, user, today):
                cit.restricted = bool(cit.ref) and self.reader.is_restricted(cit.ref, today)
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


# Sentences about nothing in particular: their similarity to the question is the
# encoder's floor for "unrelated" (about 0.0 for MiniLM, about 0.75 for e5), so one
# threshold works for any encoder.
_ANCHORS = [
    "The weather was pleasant yesterday afternoon.",
    "Ilm oli eile pärastlõunal meeldiv.",
    "Please find the attached file below.",
    "Palun vaata lisatud faili.",
    "Thank you for your message.",
    "Täname teid kirja eest.",
]
_ANCHOR_VECS: dict[str, np.ndarray] = {}


def calibrated(enc, qv: np.ndarray, cos: np.ndarray) -> np.ndarray:
    """Cosine rescaled so that an unrelated sentence scores about 0 for any encoder."""
    if enc.name not in _ANCHOR_VECS:
        _ANCHOR_VECS[enc.name] = enc.encode_passages(_ANCHORS)
    floor = float(np.max(_ANCHOR_VECS[enc.name] @ qv))
    return (cos - floor) / max(1e-6, 1.0 - floor)


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


_DATE = (
    r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}\.? (?:jaan|veebr|märts|apr|mai|juun|juul|aug|sept|okt|nov|dets)\w*"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{4}"
)
# what kind of statement answers the question: a date, a number, a reason
_ANSWER_TYPES = [
    (
        re.compile(
            r"\b(?:millal|mis ajal|kui kaua|kauaks|mis kuupäev|when|until when|how long"
            r"|what date)\b",
            re.I,
        ),
        re.compile(_DATE + r"|\bkuni\b|\buntil\b", re.I),
    ),
    (
        re.compile(
            r"\b(?:mitu|kui palju|mitme|how many|how much|by how much|what share"
            r"|what percentage)\b",
            re.I,
        ),
        re.compile(r"\d"),
    ),
    (
        re.compile(r"\b(?:miks|mis põhjusel|why|for what reason)\b", re.I),
        re.compile(
            r"\b(?:sest|kuna|seetõttu|põhjusel|tõttu|because|since|due to|as a result)\b", re.I
        ),
    ),
]


def answer_type(question: str) -> re.Pattern | None:
    """A pattern that sentences answering ``question`` are likely to match."""
    for asks, answers in _ANSWER_TYPES:
        if asks.search(question):
            return answers
    return None


def _field_value(row, fld: str) -> str | None:
    value = row[fld] if fld in row.keys() else None  # noqa: SIM118 (sqlite3.Row)
    if value and fld in ("registered", "deadline", "synced"):
        return fmt_date(value)
    return value


def _row_restricted(r, today: dt.date) -> bool:
    if r["restricted"]:
        return True
    if r["e_restricted"]:
        end = r["access_end"]
        return end is None or today <= dt.date.fromisoformat(end)
    return False


def _page_at(doc_row, offset: int) -> int | None:
    import json

    for start, end, _kind, page in json.loads(doc_row["sections"]):
        if start <= offset <= end:
            return page
    return None


_WS = re.compile(r"\s+")
