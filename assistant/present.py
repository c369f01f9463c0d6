"""How citations and index builds read, the same in the terminal, the app and exports.

The shells only lay these strings out; what a citation is called ("5-1/54-1" or
"Vastus.msg (viiteta)") and what a build did is decided here once, in the user's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.model import Card, Citation
from assistant.ui_text import t

if TYPE_CHECKING:
    from index.build import BuildReport


def citation_label(c: Citation | Card, lang: str | None) -> str:
    """The register reference, or the file name marked as having none."""
    if c.ref:
        return c.ref
    name = c.name if isinstance(c, Citation) else c.key
    return f"{name} ({t('answer.no_ref', lang)})"


def page_label(page: int | None, lang: str | None, scanned: bool = False) -> str:
    label = t("answer.page", lang, page=page) if page else ""
    return ", ".join(x for x in (label, t("answer.scanned", lang) if scanned else "") if x)


def meta_line(c: Citation) -> str:
    """Date, type and correspondent of the cited document, as far as the register knows."""
    return ", ".join(x for x in (c.date, c.doc_type, c.correspondent) if x)


def citation_text(c: Citation | Card, lang: str | None, page: int | None = None) -> str:
    """The whole citation as one line to paste into a reply:
    ``5-1/54-1, 10.11.2023, Sissetulev kiri: CSAR: …`` (and the page when one is given)."""
    title = f"{c.doc_type}: {c.title}" if c.doc_type and c.title else c.title or c.doc_type
    parts = [citation_label(c, lang), c.date, title, page_label(page, lang)]
    return ", ".join(p for p in parts if p)


def card_text(card: Card, lang: str | None) -> str:
    """A card's citation line; the page is added when every passage is on the same one."""
    pages = {c.page for c in card.citations}
    return citation_text(card, lang, page=pages.pop() if len(pages) == 1 else None)


def quote_lines(c: Citation, lang: str | None) -> tuple[str, str]:
    """A passage as (where, quote): its page or file part and the quoted words."""
    where = ", ".join(x for x in (page_label(c.page, lang, c.scanned), c.correspondent) if x)
    return where, c.quote


# -- index builds ----------------------------------------------------------------------
def build_rows(report: BuildReport, lang: str | None, dry_run: bool = False) -> list[tuple]:
    """(label, value) rows of what a build did or, dry, would do."""
    rows = [
        (t("build.added", lang), len(report.added)),
        (t("build.updated", lang), len(report.updated)),
        (t("build.removed", lang), len(report.removed)),
        (t("build.moved", lang), len(report.moved)),
        (t("build.unchanged", lang), report.unchanged),
    ]
    if report.retried:
        rows.append((t("build.reread", lang), len(report.retried)))
    # every build counts the files still failing, not only those that failed in this run
    rows += [
        (t("build.failed", lang), len(report.failing)),
        (t("build.skipped", lang), len(report.unsupported)),
    ]
    if not dry_run:
        rows += [
            (t("build.embedded", lang), report.chunks_embedded),
            (t("build.reused", lang), report.chunks_reused),
            (t("build.deduplicated", lang), report.chunks_deduplicated),
            (t("build.seconds", lang), f"{report.seconds:.1f}"),
        ]
    return rows


def build_summary(report: BuildReport, lang: str | None) -> str:
    """A finished build in a few lines, failed files last, one per line."""
    if not report.changed:
        return t("build.up_to_date", lang)
    lines = [t("build.full", lang, reason=report.full_reason)] if report.full_reason else []
    counts = dict(
        added=len(report.added), updated=len(report.updated), removed=len(report.removed),
        moved=len(report.moved), unchanged=report.unchanged, failed=len(report.failing),
        embedded=report.chunks_embedded, seconds=report.seconds,
    )  # fmt: skip
    lines.append(t("build.counts", lang, **counts))
    lines += [f"- {path}: {reason}" for path, reason in report.failing]
    return "\n".join(lines)


def progress_text(phase: str, done: int, total: int, lang: str | None) -> str:
    key = f"build.phase.{phase}"
    try:
        label = t(key, lang)
    except KeyError:
        label = phase
    return f"{label}: {done}/{total}" if total else f"{label}…"
