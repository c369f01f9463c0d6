"""Split a document into passages that fit the embedding model.

Chunks are bounded by the model's own token limit, measured with the model's tokenizer,
so nothing is silently truncated at encode time. Boundaries fall between sentences,
preferably between paragraphs; a short heading line is never left at the end of a
chunk. Consecutive chunks of a section share a sentence or two of overlap. Each chunk
keeps its character span in the document's full text, so a citation can show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.model import Chunk, Document

# Where a unit may end: a paragraph break, a line break, or a sentence end.
_BREAK = re.compile(r"\n\s*\n|\n|(?<=[.!?…:;])\s+(?=[\"“«(\[]?[A-ZÕÄÖÜŠŽ0-9•\-–])")
_PARA = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ChunkSettings:
    """Stored with the index: changing them forces a full rebuild."""

    max_tokens: int = 256  # the model's limit, special tokens included
    target_tokens: int = 200  # preferred chunk size in tokens
    overlap_tokens: int = 32
    context_tokens: int = 24  # budget for the heading prepended when embedding

    def key(self) -> str:
        return (
            f"max={self.max_tokens},target={self.target_tokens},"
            f"overlap={self.overlap_tokens},ctx={self.context_tokens}"
        )


# counts tokens of each text without special tokens
TokenCounter = Callable[[list[str]], list[int]]


@dataclass
class _Unit:
    start: int
    end: int
    tokens: int
    para_start: bool  # a paragraph begins here
    heading: bool


def _units(text: str, base: int) -> list[tuple[int, int, bool]]:
    """Spans (absolute) of sentence/line units with a flag for paragraph starts."""
    spans: list[tuple[int, int, bool]] = []
    pos, para = 0, True
    for m in _BREAK.finditer(text):
        if m.start() > pos and text[pos : m.start()].strip():
            s, e = _strip_span(text, pos, m.start())
            spans.append((base + s, base + e, para))
            para = False
        if _PARA.fullmatch(m.group()) or "\n\n" in m.group() or m.group().count("\n") > 1:
            para = True
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        s, e = _strip_span(text, pos, len(text))
        spans.append((base + s, base + e, para))
    return spans


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_heading(piece: str) -> bool:
    piece = piece.strip()
    return (
        0 < len(piece) <= 80 and not piece.endswith((".", ",", ";", "!", "?")) and "\n" not in piece
    )


def chunk_document(
    doc: Document,
    count_tokens: TokenCounter,
    settings: ChunkSettings = ChunkSettings(),
    context: str | None = None,
) -> list[Chunk]:
    """Chunks of ``doc`` (not of its parts); spans index ``doc.text``."""
    text = doc.text
    context = _fit_context(
        context if context is not None else (doc.title or ""), count_tokens, settings
    )
    ctx_tokens = count_tokens([context])[0] + 1 if context else 0
    budget = settings.max_tokens - 2 - ctx_tokens  # [CLS]/[SEP] or <s>/</s>
    target = min(settings.target_tokens - ctx_tokens, budget)
    chunks: list[Chunk] = []
    for section, offset in zip(doc.sections, doc.section_offsets(), strict=True):
        spans = _units(section.text, offset)
        if not spans:
            continue
        pieces = [text[s:e] for s, e, _ in spans]
        counts = count_tokens(pieces)
        units: list[_Unit] = []
        for (s, e, para), n, piece in zip(spans, counts, pieces, strict=True):
            if n > budget:
                units.extend(_split_long(text, s, e, budget, count_tokens, para))
            else:
                units.append(_Unit(s, e, n, para, _is_heading(piece)))
        for s, e in _pack(units, target, budget, settings.overlap_tokens):
            chunks.append(
                Chunk(
                    text=text[s:e],
                    start=s,
                    end=e,
                    page=section.page,
                    kind=section.kind,
                    context=context,
                )
            )
    return chunks


def _fit_context(context: str, count_tokens: TokenCounter, settings: ChunkSettings) -> str:
    context = " ".join(context.split())
    while context and count_tokens([context])[0] > settings.context_tokens:
        context = context[: int(len(context) * 0.8)].rsplit(" ", 1)[0]
    return context


def _split_long(
    text: str, s: int, e: int, budget: int, count_tokens: TokenCounter, para: bool
) -> list[_Unit]:
    """Cut a unit longer than the budget at word boundaries (a table row, a run-on line)."""
    out: list[_Unit] = []
    words = [m.span() for m in re.finditer(r"\S+", text[s:e])]
    i = 0
    while i < len(words):
        lo, hi = i, len(words)
        # largest prefix of words[i:] within budget (binary search on token counts)
        best = i + 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            piece = text[s + words[i][0] : s + words[mid - 1][1]]
            if count_tokens([piece])[0] <= budget:
                best, lo = mid, mid
            else:
                hi = mid - 1
            if lo == hi:
                break
        a, b = s + words[i][0], s + words[best - 1][1]
        out.append(_Unit(a, b, count_tokens([text[a:b]])[0], para and i == 0, False))
        i = best
    return out


def _pack(units: list[_Unit], target: int, budget: int, overlap: int) -> list[tuple[int, int]]:
    """Greedy packing of units into spans, preferring paragraph boundaries."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and total + units[j].tokens + 1 <= (budget if j == i else target):
            total += units[j].tokens + 1
            j += 1
        j = max(j, i + 1)
        if j < len(units):
            # prefer to end before a paragraph start if that keeps the chunk half full
            for k in range(j, i + 1, -1):
                if units[k].para_start and sum(u.tokens for u in units[i:k]) >= target // 2:
                    j = k
                    break
            # never end on a heading: move it to the next chunk
            while j - 1 > i and units[j - 1].heading and units[j - 1].para_start:
                j -= 1
        spans.append((units[i].start, units[j - 1].end))
        if j >= len(units):
            break
        # overlap: restart a sentence or two back, within the overlap budget
        k, carried = j, 0
        while k - 1 > i and carried + units[k - 1].tokens <= overlap:
            k -= 1
            carried += units[k].tokens
        i = k if k < j else j
    return spans
