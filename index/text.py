"""Lexical analysis for Estonian and English: tokens, stems, references, language.

A default tokenizer splits ``5-1/54-1`` into ``5``, ``1``, ``54``, ``1`` and drops the
one-letter pieces, so a question naming a register reference cannot find it. Here
references and numbers are kept as whole tokens, words are lower-cased, stemmed with
the Snowball stemmer of the text's language, and folded to ASCII so that a question
typed without diacritics still matches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from ingest.fields import REF_RE

# Numbers joined by slashes stay one token (5-1/54-1, 24/7): whether such a token is a
# register reference is REF_RE's decision (ingest/fields.py), not the tokenizer's.
_SLASHED = r"\d+(?:[.\-]\d+)*/\d+(?:[.\-]\d+)*"

_TOKEN_RE = re.compile(rf"{_SLASHED}|\d+(?:[.,:\-]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

STOP_ET = set(
    [
        "ja",
        "ning",
        "ka",
        "et",
        "kui",
        "on",
        "oli",
        "olid",
        "olema",
        "ei",
        "ega",
        "see",
        "seda",
        "selle",
        "need",
        "neid",
        "nende",
        "mis",
        "mida",
        "milline",
        "millised",
        "millist",
        "kes",
        "keda",
        "kelle",
        "kus",
        "kuhu",
        "kust",
        "millal",
        "kas",
        "kuidas",
        "miks",
        "mitu",
        "palju",
        "ta",
        "tema",
        "nad",
        "nemad",
        "me",
        "meie",
        "te",
        "teie",
        "ma",
        "mina",
        "sa",
        "sina",
        "oma",
        "üks",
        "ühe",
        "veel",
        "siis",
        "nii",
        "aga",
        "või",
        "kõik",
        "kõike",
        "mille",
        "kohta",
        "poolt",
        "kellele",
        "kellelt",
        "kellega",
        "millele",
        "millest",
        "milles",
        "kaua",
        "kauaks",
        "aasta",
        "aastal",
        "aastas",
        "aastat",
        "kuu",
        "kuus",
        "päev",
        "päeval",
        "nädal",
        "jaoks",
        "ka",
        "alla",
        "üle",
        "peale",
        "vaid",
        "juba",
        "ju",
    ]
)
STOP_EN = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "without",
        "about",
        "into",
        "over",
        "under",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "many",
        "much",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "there",
        "here",
        "i",
        "you",
        "he",
        "she",
        "we",
        "me",
        "my",
        "your",
        "our",
        "his",
        "her",
        "not",
        "no",
        "yes",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "any",
        "some",
        "all",
        "each",
        "than",
        "then",
        "so",
        "as",
        "if",
        "but",
        "also",
        "did",
        "year",
        "years",
        "month",
        "day",
        "week",
    ]
)
_ET_MARKERS = set("õäöüšž")


def fold(text: str) -> str:
    """Lower-case and strip diacritics (õ→o, ä→a, š→s)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def detect_lang(text: str) -> str:
    """'et' or 'en' from stop words and Estonian letters: enough for stemming and framing."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if not words:
        return "en"
    et = sum(w in STOP_ET for w in words) + 2 * sum(any(c in _ET_MARKERS for c in w) for w in words)
    en = sum(w in STOP_EN for w in words)
    return "et" if et > en else "en"


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer("estonian" if lang == "et" else "english")


def raw_tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def analyze(text: str, lang: str | None = None, drop_stop: bool = False) -> list[str]:
    """Index/query tokens: references whole, numbers whole, words stemmed and folded."""
    lang = lang or detect_lang(text)
    stem = _stemmer(lang).stemWord
    out: list[str] = []
    for tok in raw_tokens(text):
        if tok[0].isdigit():
            out.append(tok.rstrip("%").replace(",", "."))
            continue
        low = tok.casefold()
        if drop_stop and (low in STOP_ET or low in STOP_EN):
            continue
        out.append(fold(stem(low)))
    return out


def find_refs(text: str) -> list[str]:
    """Register references named in a text, in order, without repeats."""
    seen: dict[str, None] = {}
    for m in REF_RE.finditer(text):
        seen.setdefault(m.group(), None)
    return list(seen)


# Estonian case endings, longest first: a query word is also matched on its stem
# without them (ECPATi -> ECPAT*, ministeeriumis -> ministeerium*).
_ET_ENDINGS = sorted(
    [
        "sse",
        "ga",
        "ks",
        "ni",
        "na",
        "ta",
        "st",
        "lt",
        "le",
        "l",
        "s",
        "t",
        "d",
        "de",
        "te",
        "i",
        "e",
        "a",
        "u",
        "id",
    ],
    key=len,
    reverse=True,
)


def _prefix(tok: str, lang: str) -> str | None:
    """A prefix that matches the word's inflected forms, or None to match it exactly."""
    if lang == "et":
        for end in _ET_ENDINGS:
            if tok.endswith(end) and len(tok) - len(end) >= 4:
                tok = tok[: -len(end)]
                break
        if len(tok) >= 9:
            tok = tok[: max(8, -(-len(tok) * 8 // 10))]
        return tok if len(tok) >= 4 else None
    if len(tok) >= 7:
        return tok[: max(6, -(-len(tok) * 7 // 10))]
    return None


def fts_terms(text: str, lang: str | None = None) -> list[str]:
    """FTS5 terms of a query: inflected words as stem prefixes, references and numbers whole.

    Estonian inflects heavily (registreeriti / registreerimise / registreeritud) and the
    Snowball stemmer is light, so words are matched on their stem without case endings.
    """
    lang = lang or detect_lang(text)
    terms: dict[str, None] = {}
    for tok in analyze(text, lang, drop_stop=True):
        if tok[0].isdigit() or "/" in tok:
            terms.setdefault(f'"{tok}"', None)
        elif (pre := _prefix(tok, lang)) is not None:
            terms.setdefault(f'"{pre}"*', None)
        elif len(tok) >= 2:
            terms.setdefault(f'"{tok}"', None)
    return list(terms)


def fts_query(text: str, lang: str | None = None) -> str | None:
    """An FTS5 MATCH expression: any query term (see :func:`fts_terms`)."""
    terms = fts_terms(text, lang)
    return " OR ".join(terms) if terms else None


def term_matches(term: str, tokens: set[str], lang: str) -> bool:
    """Whether a query term (as :func:`analyze` gives it) occurs among ``tokens``."""
    if term in tokens:
        return True
    pre = None if term[0].isdigit() or "/" in term else _prefix(term, lang)
    return pre is not None and any(t.startswith(pre) for t in tokens)
