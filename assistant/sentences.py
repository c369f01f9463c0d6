"""Sentence spans for extractive answers.

Register texts wrap lines mid-sentence (scraped e-mails, PDF pages), while metadata and
lists put one statement per line. A line break ends a sentence only where the line
before is complete or the next line starts a new statement.
"""

from __future__ import annotations

import re

_SENT_END = re.compile(
    r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(\[]?[A-ZÕÄÖÜŠŽ0-9])"
    # a page that lost its spacing glues sentences: "most active.How many"
    r"|(?<=[a-zõäöüšž%)][.!?])(?=[A-ZÕÄÖÜŠŽ][a-zõäöüšž])"
)
# a line this much shorter than the longest line of its paragraph ends where it ends (a
# heading, a title, the last line of a paragraph): wrapped lines fill the width
SHORT_LINE = 0.6
_STARTS_NEW = re.compile(r"^\s*[\"“«(\[]?[A-ZÕÄÖÜŠŽ0-9\[]")
_NEW_STATEMENT = re.compile(r"^\s*(?:[-•*–]\s|\d{1,2}[.)]\s|[A-ZÕÄÖÜŠŽ][\w /.-]{0,40}:\s)")


def sentence_spans(text: str, line_mode: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``; ``line_mode`` splits every line."""
    spans: list[tuple[int, int]] = []
    for para in _blocks(text, line_mode):
        s0, e0 = para
        piece = text[s0:e0]
        pos = 0
        for m in _SENT_END.finditer(piece):
            _add(spans, text, s0 + pos, s0 + m.start() + _tail(m.group()))
            pos = m.end()
        _add(spans, text, s0 + pos, e0)
    return spans


def _tail(sep: str) -> int:
    """Length of closing quotes/brackets that belong to the sentence before the gap."""
    n = 0
    for ch in sep:
        if ch.isspace():
            break
        n += 1
    return n


def _blocks(text: str, line_mode: bool) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    cur: tuple[int, int] | None = None
    prev_end_char = ""
    prev_short = False
    width = max((e - s for s, e in lines), default=0)
    for s, e in lines:
        line = text[s:e]
        if not line.strip():
            continue
        blank_before = cur is not None and "\n\n" in text[cur[1] : s].replace("\r", "").replace(
            " ", ""
        )
        split = (
            cur is None
            or line_mode
            or blank_before
            or prev_end_char in ".!?:;"
            or bool(_NEW_STATEMENT.match(line))
            or (prev_short and bool(_STARTS_NEW.match(line)))
        )
        if split:
            if cur is not None:
                blocks.append(cur)
            cur = (s, e)
        else:
            cur = (cur[0], e)
        prev_end_char = line.rstrip()[-1:] if line.strip() else ""
        prev_short = len(line.strip()) < SHORT_LINE * width
    if cur is not None:
        blocks.append(cur)
    return blocks


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
