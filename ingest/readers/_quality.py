"""How much of an extracted text reads as words: the test that catches garbage from PDFs.

A PDF whose fonts lack a usable Unicode map yields text such as ``$PNQVUFS4DJFODF``
("Computer Science" shifted by the font's private codes), replacement characters,
control and private-use characters, or UTF-8 read as a Western code page ("pÃ¤ev").
None of that can be found by a search, so a reader must notice it and try another
extractor.

The measure needs no dictionary (registers mix Estonian, English, Russian): the share
of the text's characters that lie in *word-like* tokens (letters only, a normal case
pattern, a vowel in a long Latin or Cyrillic word) or *number-like* tokens (dates,
amounts, references such as ``5-1/54-1``). Ordinary prose of any of these languages
scores above 0.8, tables of figures too; font-code garbage scores near 0.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”„‘’«»()[]{}<>.,;:!?…–—-*•·/§%"
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
_NUMBER = re.compile(r"^[+-]?[\d.,:/%\-–]*\d[\d.,:/%\-–]*[^\W\d_]{0,2}$|^[^\W\d_]{0,3}[\d./\-]+$")
_LATIN_VOWELS = set("aeiouyäöõüåæøéèêëáàâíìîïóòôúùûýœ")
_CYRILLIC_VOWELS = set("аеёиоуыэюяіїє")
# UTF-8 bytes shown as Windows-1252 / Latin-1: "Ã¤" for "ä", "Å¡" for "š", "â€"" for "–"
_MOJIBAKE = re.compile(
    r"[ÃÂÅÄ][\u0080-\u00bf\u0152-\u0161\u0178-\u017e\u02c6-\u02dc\u2013-\u203a]|â€"
)


def _letters_ok(word: str) -> bool:
    """A plausible case pattern (lower, Capitalised, UPPER) and vowels where expected."""
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    lower = word.lower()
    if len(word) >= 4:
        latin = all("LATIN" in unicodedata.name(c, "") for c in lower)
        cyrillic = all("CYRILLIC" in unicodedata.name(c, "") for c in lower)
        if latin and not _LATIN_VOWELS & set(lower):
            return False
        if cyrillic and not _CYRILLIC_VOWELS & set(lower):
            return False
    return True


def _bad_char(c: str) -> bool:
    if c == "\ufffd":
        return True
    cat = unicodedata.category(c)
    return cat in ("Cc", "Co", "Cn", "Cs") and c not in "\t\n\r\f"


def score(text: str) -> float:
    """Share (0..1) of the text's non-space characters in word- or number-like tokens;
    1.0 for text with nothing to judge."""
    total = good = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        total += len(token)
        if any(_bad_char(c) for c in token) or _MOJIBAKE.search(token):
            continue
        core = token.strip(_EDGE_PUNCT)
        if not core:
            good += len(token)  # punctuation alone: neutral
            continue
        if (_WORD.match(core) and all(_letters_ok(w) for w in re.split(r"[-'’]", core))) or (
            _NUMBER.match(core)
        ):
            good += len(token)
    return good / total if total else 1.0


# Below this share a text is taken for garbage and another extractor is tried. Prose,
# tables and reference lists measure 0.85-1.0 (tests/test_readers_pdf.py), font-code
# garbage 0-0.3; the cut lies in the wide gap between them.
GARBAGE_BELOW = 0.6


def is_garbage(text: str) -> bool:
    return score(text) < GARBAGE_BELOW
