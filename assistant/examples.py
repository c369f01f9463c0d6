"""Example questions for an empty chat, made from the register that is loaded.

A new user learns what Viit can do from questions that work on their own register: a real
reference, a real title, a real correspondent. One of each kind the answerer handles
differently: a register field, the content of a document, the related documents of an
entry, and a search narrowed by a filter. Only entries a public user may see are used,
so an example never names a restricted entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assistant.ui_text import t
from index.access import entry_restricted
from index.search import IndexReader
from index.text import detect_lang

TITLE_WORDS = 9  # a longer title is cut: the first words find the document as well
MIN_TEXT = 500  # characters: a document shorter than that has little content to ask about


@dataclass(frozen=True)
class Example:
    kind: str  # field | content | related | filter
    question: str
    filters: dict[str, str] = field(default_factory=dict)  # Filters field -> value


def examples(reader: IndexReader, lang: str, today: dt.date | None = None) -> list[Example]:
    """Up to four examples in ``lang``, each from a different entry where the register
    has enough of them."""
    today = today or dt.date.today()
    rows = [
        r
        for r in reader.con.execute(
            "SELECT e.*, (SELECT count(*) FROM related r WHERE r.ref = e.ref) AS n_related "
            "FROM entries e ORDER BY e.registered DESC, e.ref"
        ).fetchall()
        if not entry_restricted(r, today)
    ]
    used: set[str] = set()

    def pick(test) -> object | None:
        found = [r for r in rows if test(r)]
        fresh = [r for r in found if r["ref"] not in used]
        row = (fresh or found or [None])[0]
        if row is not None:
            used.add(row["ref"])
        return row

    out: list[Example] = []
    row = pick(lambda r: bool(r["registered"]))
    if row is not None:
        out.append(Example("field", t("example.q.field", lang, ref=row["ref"])))
    title = _content_title(reader, lang, {r["ref"] for r in rows})
    if title:
        out.append(Example("content", t("example.q.content", lang, title=_short(title))))
    rows.sort(key=lambda r: -r["n_related"])  # the entry with the longest thread shows most
    row = pick(lambda r: r["n_related"] > 0)
    if row is not None:
        out.append(Example("related", t("example.q.related", lang, ref=row["ref"])))
    # a letter with text: the filter narrows the search to one correspondent's letters
    lettered = _text_lengths(reader)
    candidates = [r for r in rows if _correspondent(r) and r["ref"] in lettered]
    row = max(candidates, key=lambda r: lettered[r["ref"]], default=None)
    if row is not None:
        name = _correspondent(row)
        out.append(Example("filter", t("example.q.filter", lang), {"correspondent": name}))
    return out


def _text_lengths(reader: IndexReader) -> dict[str, int]:
    """Characters of text each entry's documents hold, for entries with some to search."""
    sql = (
        "SELECT ref, sum(length(text)) FROM documents WHERE synthetic = 0 AND ref IS NOT NULL "
        "GROUP BY ref HAVING sum(length(text)) >= ?"
    )
    return dict(reader.con.execute(sql, (MIN_TEXT,)).fetchall())


def _content_title(reader: IndexReader, lang: str, public: set[str]) -> str | None:
    """The title of a document with text to tell, in the UI language if one is."""
    titles = [
        r["title"]
        for r in reader.con.execute(
            "SELECT title, ref FROM documents WHERE synthetic = 0 AND title IS NOT NULL "
            "AND length(text) >= ? ORDER BY length(text) DESC, id",
            (MIN_TEXT,),
        )
        if (r["ref"] is None or r["ref"] in public) and len(r["title"].split()) >= 3
    ]
    same = [x for x in titles if detect_lang(x) == lang]
    return (same or titles or [None])[0]


def _correspondent(row) -> str:
    return (row["sender"] or row["addressee"] or "").split(",")[0].strip()


def _short(title: str) -> str:
    words = title.split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
