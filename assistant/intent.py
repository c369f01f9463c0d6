"""What a question asks for: register fields, a summary, related documents, or content.

Intent is read from the one field table (``ingest.fields.FIELDS``): each field lists the
stems that ask for it in Estonian and English. Questions are folded to lower-case ASCII
first, so a question typed without diacritics or in any case ending matches the same
stems ("kes vastutab", "vastutaja?", "who is responsible"). A question may ask for several
fields at once ("What kind of document is it and how was it sent?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from index.text import fold
from ingest.fields import FIELD, FIELDS

#: Fields answered together: access is one statement (level, basis, start, end).
ACCESS = "access"
_ACCESS_PARTS = ("access.level", "access.basis", "access.start", "access.end")

# "What is it about": the entry's title, subject and the lead of its message.
_SUMMARY = re.compile(
    r"(?<![a-z0-9])(?:millest (?:\w+ )?(?:raagi|kirjut|on (?:juttu|jutt|kirjas))|mis teema|"
    r"mida (?:\w+ )?sisalda|mis on (?:\w+ ){0,4}sisu|sisu\b|"
    r"kokkuvot|lühidalt|luhidalt|ulevaade|what(?:'s| is| was| are) .{0,80}\babout|"
    r"mis (?:on )?(?:seal |selles |\w+s )?kirjas|mida (?:\w+ ){0,3}utleb|"
    r"what (?:does|did) .{0,60}\bsay\b|what is (?:written|in) (?:it|the)\b|"
    r"summar|gist|overview|tell me about|describe|main points|in short|briefly)"
)
# Related documents: the entry's links ("Seosed", "Dokumendid samas küsimuses").
_RELATED = re.compile(
    r"(?<![a-z0-9])(?:seotud|seos|samas (?:kusimuses|asjas|menetluses)|lingitud|"
    r"alusdokument|alus ?kiri|vastusdokument|related|linked|same (?:matter|case|issue|file)|"
    r"thread|base document|originating|in response to which|which (?:letter|request) "
    r"(?:did|does) .{0,40}(?:answer|reply)|millele .{0,30}vasta|mis kirjale|"
    r"(?:a |the )?(?:reply|response|answer|vastus)\w* (?:to|millele|kirjale)\b|"
    r"mille peale|vastuseks)"
)


# What someone answered: "what did the ministry reply to ...", "mida ministeerium vastas"
_REPLY = re.compile(
    r"(?<![a-z0-9])(?:what (?:did|was|has) .{0,60}\b(?:reply|replied|respond|responded|answer|"
    r"answered)\b|(?:reply|response|answer) (?:of|from) |mida .{0,60}\bvasta(?:s|sid|ti|nud)\b|"
    r"mis .{0,40}\bvasta(?:s|sid|ti)\b)"
)


@dataclass
class Intent:
    """What one question asks; ``fields`` in the order the question names them."""

    fields: list[str] = field(default_factory=list)
    summary: bool = False
    related: bool = False
    reply: bool = False  # what someone answered: only a reply answers it

    @property
    def metadata(self) -> bool:
        return bool(self.fields) or self.related


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for f in FIELDS:
        if f.asks:
            key = ACCESS if f.key in _ACCESS_PARTS else f.key
            out.append((key, re.compile(r"(?<![a-z0-9])(?:" + "|".join(f.asks) + ")")))
    return out


def read_intent(question: str) -> Intent:
    """The fields, summary or related documents a question asks for (may be none)."""
    q = fold(question)
    found: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for key, pattern in _cues():
        m = pattern.search(q)
        if m and (key not in found or m.start() < found[key]):
            found[key], spans[key] = m.start(), m.span()
    fields_ = sorted(found, key=found.__getitem__)
    if "signed_by" in spans and "sender" in spans:
        # "kes kirjutas alla": who signed, in words that also ask who wrote
        (a, b), (c, d) = spans["signed_by"], spans["sender"]
        if a < d and c < b:
            fields_.remove("sender")
    # a sender's own reference or a restriction's end date is a more specific ask than
    # the sender or the access level its words also name
    if "sender_ref" in found:
        fields_ = [f for f in fields_ if f not in ("sender", "ref")]
    if "sent" in found or "received" in found:
        fields_ = [f for f in fields_ if f != "registered"] or fields_
    if len(fields_) > 1 and "ref" in fields_:
        fields_.remove("ref")  # "viit" names the entry in most questions, not the field
    return Intent(
        fields=fields_,
        summary=bool(_SUMMARY.search(q)),
        related=bool(_RELATED.search(q)),
        reply=bool(_REPLY.search(q)),
    )


@lru_cache(maxsize=64)
def _fields_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    asks = [a for key, pattern in _cues() if key in keys for a in [pattern.pattern]]
    return re.compile("|".join(asks) or r"(?!)")


def fields_pattern(keys: list[str]) -> re.Pattern[str]:
    """The words that ask for any of ``keys``, over folded text."""
    return _fields_pattern(tuple(sorted(keys)))


def label(key: str, lang: str) -> str:
    if key == ACCESS:
        return FIELD["access.level"].label(lang)
    return FIELD[key].label(lang)
