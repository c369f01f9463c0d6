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
from index.catalog import restriction_in_force
from index.search import IndexReader

TITLE_WORDS = 9  # a longer title is cut: the first words find the document as well


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
        if not restriction_in_force(r, today)
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
    row = pick(lambda r: r["n_related"] > 0)
    if row is not None:
        out.append(Example("related", t("example.q.related", lang, ref=row["ref"])))
    row = pick(lambda r: bool(r["registered"]))
    if row is not None:
        out.insert(0, Example("field", t("example.q.field", lang, ref=row["ref"])))
    row = pick(lambda r: bool(r["title"]))
    if row is not None:
        out.insert(1, Example("content", t("example.q.content", lang, title=_short(row["title"]))))
    row = pick(lambda r: bool(_correspondent(r)))
    if row is not None:
        name = _correspondent(row)
        out.append(Example("filter", t("example.q.filter", lang, name=name), {"correspondent": name}))
    return out


def _correspondent(row) -> str:
    return (row["sender"] or row["addressee"] or "").split(",")[0].strip()


def _short(title: str) -> str:
    words = title.split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
