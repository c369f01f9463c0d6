"""Text clean-up shared by the readers.

Citations quote an exact substring of a section's text, so every reader normalises its
text once, here, before building sections; nothing downstream rewrites it.
"""

from __future__ import annotations

import re

# Typographic ligatures (PDF fonts) and invisible or non-breaking spaces would split or
# hide words from search; they carry no meaning for staff reading a quote.
_CHAR_MAP = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # byte order mark / zero-width no-break space
        "\u00ad": "",  # soft hyphen: only a hint where a word may break
        "\u2028": "\n",  # line separator
        "\u2029": "\n\n",  # paragraph separator
        "\x0b": "\n",  # vertical tab: Word's manual line break in some exports
        "\x0c": "\n",  # form feed: a page break
        # other C0 controls are font-mapping debris in extracted text
        **{chr(c): "" for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]},
    }
)
_TRAILING_SPACE = re.compile(r"[ \t\f\v]+\n")
_BLANK_RUN = re.compile(r"\n{3,}")
_HSPACE_RUN = re.compile(r"[ \t\f\v]+")


def tidy(text: str) -> str:
    """Normalise line ends and odd spaces; keep at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHAR_MAP)
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n").rstrip()


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces within lines (for HTML, where spacing carries no meaning)."""
    return "\n".join(_HSPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))


# A word broken at a line end by a hyphen: "adip-\niscing". The join is made only when
# the continuation starts in lower case and the left part has at least two letters, so
# "Erg-\nScacchetti", "e-\nkiri" and "§-\ns" stay as they are; compounds cut before a
# conjunction ("Põllumajandus- ja", "Regionaal-\nja") are kept too. A soft hyphen
# (U+00AD) marks a break the typesetter made, so it is always joined.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_]{2})([-\u00ad])[ \t]*\n[ \t]*(?=([^\W\d_]+))")
_KEEP_HYPHEN_BEFORE = {"ja", "ning", "või", "ega", "kui", "and", "or", "nor", "und", "oder"}


def join_hyphenated(text: str) -> str:
    """Undo end-of-line hyphenation so that broken words can be found again.

    Run it on raw text, before :func:`tidy` drops soft hyphens.
    """

    def repl(m: re.Match[str]) -> str:
        nxt = m.group(2)
        if m.group(1) == "\u00ad":
            return ""
        if not nxt[0].islower() or nxt.casefold() in _KEEP_HYPHEN_BEFORE:
            return m.group(0)
        return ""

    return _BROKEN_WORD.sub(repl, text)


def first_line_title(text: str, limit: int = 200) -> str | None:
    """The first line that reads like words (three letters or more), as a fallback title."""
    for line in text.split("\n"):
        line = line.strip()
        if sum(ch.isalpha() for ch in line) >= 3:
            return line[:limit].rstrip()
    return None
