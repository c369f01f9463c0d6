"""HTML (.html, .htm): register entry pages, or any other page as plain text.

Register views lay out an entry's metadata as label/value pairs in one of a few shapes:
``<th>Viit:</th><td>…</td>`` rows (ADR/Delta), ``<dt>``/``<dd>``, ``detail_label`` /
``detail_desc`` divs (Tallinn), or ``Label: value`` lines. This reader collects such pairs
in page order and lets :mod:`ingest.fields` decide what they mean; a page whose pairs hold
no reference (Viit) is not an entry and is read as visible text.
"""

from __future__ import annotations

import re
from collections.abc import Container

from bs4 import BeautifulSoup, NavigableString, Tag

from ingest.fields import (
    DASHES,
    REF_RE,
    build_entry,
    build_related,
    canonical_field,
    clean_value,
    display_label,
    metadata_section,
    normalize_label,
    parse_date,
    related_section,
)
from ingest.model import SECTION_BODY, Document, Entry, ReadError, Related, Section

# Never content: scripts, styling, and the search forms that register views put on every
# page (their labels, "Pealkiri:", "Registreerimise kpv:", would look like metadata).
_DROP_TAGS = ("script", "style", "noscript", "template", "form", "select", "button", "input")
# Page furniture left out of a plain page's text.
_CHROME_TAGS = ("nav", "header", "footer", "aside")
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "address", "figure",
    "figcaption", "caption", "hr",
)  # fmt: skip
_LABEL_CLASS = re.compile(r"label|key|name", re.I)
_VALUE_CLASS = re.compile(r"desc|value|data|content|field", re.I)
_LABEL_LINE = re.compile(r"^([^:]{1,40}):\s*(\S.*)$")
_MIN_LABEL_LINES = 3

# Section headings of an entry page: the file list, and related-document lists with the
# relation they imply when their rows carry none.
_FILE_HEADINGS = frozenset({"failid", "files", "dokumendi failid", "manused", "failide nimekiri"})
_RELATED_HEADINGS: dict[str, str | None] = {
    "seosed": None,
    "seotud dokumendid": None,
    "related documents": None,
    "dokumendid samas küsimuses": "samas küsimuses",
    "samas küsimuses": "samas küsimuses",
}
_FILE_COLUMNS = frozenset({"nimetus", "fail", "failinimi", "faili nimi", "nimi", "file"})


def read(data: bytes, name: str) -> Document:
    """Read an HTML page: a register entry if its metadata has a reference, else plain text."""
    if b"\x00" in data[:4096]:
        raise ReadError("binary or unknown encoding: not an HTML page")
    soup = BeautifulSoup(data, "lxml")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    warnings: list[str] = []
    pairs = label_pairs(soup)
    entry = build_entry(pairs, warnings)
    if entry is not None:
        return _entry_document(soup, name, pairs, entry, warnings)
    return _plain_document(soup, name, warnings)


# --------------------------------------------------------------------------- entry pages


def label_pairs(soup: BeautifulSoup | Tag) -> list[tuple[str, str]]:
    """All ``(label, value)`` pairs of the page's metadata, in page order.

    Unknown labels are kept only when they sit with known ones (the lowest element
    containing every known label), so a layout table elsewhere adds nothing.
    """
    order = {id(el): n for n, el in enumerate(soup.find_all(True))}
    found: list[tuple[Tag, str, str]] = []  # (label element, label, value)
    used: set[int] = set()
    for tr in soup.find_all("tr"):
        cells = tr.find_all(["th", "td"], recursive=False)
        if len(cells) == 2 and cells[1].name == "td":
            label = _text(cells[0])
            if cells[0].name == "th" or label.endswith(":"):
                found.append((cells[0], label, _text(cells[1])))
                used.add(id(tr))
    for dt_tag in soup.find_all("dt"):
        dd = dt_tag.find_next_sibling(["dd", "dt"])
        if dd is not None and dd.name == "dd":
            found.append((dt_tag, _text(dt_tag), _text(dd)))
            used.add(id(dt_tag.parent))
    for el in soup.find_all(class_=_LABEL_CLASS):
        value = el.find_next_sibling()
        if value is not None and _VALUE_CLASS.search(" ".join(value.get("class", []))):
            found.append((el, _text(el), _text(value)))
            used.add(id(el.parent))
    lines = []
    for el in soup.find_all(["li", "p", "div", "span"]):
        if el.find(_BLOCK_TAGS) or any(id(p) in used for p in el.parents):
            continue
        m = _LABEL_LINE.match(_text(el))
        if m and canonical_field(m.group(1)):
            lines.append((el, m.group(1), m.group(2)))
    # A lone "Viit: …" line in a letter's text does not make the page a register entry.
    if len(lines) >= _MIN_LABEL_LINES:
        found += lines
    known = [el for el, label, _ in found if canonical_field(label)]
    if not known:
        return []
    root = _common_ancestor(known)
    kept = [
        (el, label, value)
        for el, label, value in found
        if canonical_field(label) or any(p is root for p in el.parents)
    ]
    kept.sort(key=lambda item: order.get(id(item[0]), 0))
    return [(display_label(label), value) for _, label, value in kept if display_label(label)]


def _entry_document(
    soup: BeautifulSoup, name: str, pairs: list[tuple[str, str]], entry: Entry, warnings: list[str]
) -> Document:
    entry.files = _files(soup)
    entry.related = _related(soup, entry)
    sections = [metadata_section(pairs)]
    related = related_section(entry.related)
    if related is not None:
        sections.append(related)
    title = entry.title or " ".join(p for p in (entry.doc_type, entry.ref) if p)
    return Document(
        name=name, format="html", sections=sections, title=title, entry=entry, warnings=warnings
    )


def _headings(soup: BeautifulSoup, names: Container[str]) -> list[tuple[Tag, str]]:
    """Short elements whose whole text is one of ``names`` (a section title such as "Failid")."""
    out = []
    for el in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "span", "caption",
                             "strong", "b", "legend", "th"]):  # fmt: skip
        text = normalize_label(_text(el))
        if text in names and not el.find(["table", "ul", "ol"]):
            out.append((el, text))
    return out


def _next_list(el: Tag) -> Tag | None:
    return el.find_next(["table", "ul", "ol"])


def _files(soup: BeautifulSoup) -> list[str]:
    """File names under a "Failid" heading (the link text, else the name column)."""
    files: list[str] = []
    for heading, _ in _headings(soup, _FILE_HEADINGS):
        container = _next_list(heading)
        if container is None:
            continue
        if container.name == "table":
            header, *body = _table_rows(container) or [[]]
            col = next((n for n, h in enumerate(header) if normalize_label(h) in _FILE_COLUMNS), 0)
            names = [row[col] for row in body if len(row) > col]
        else:
            names = [_text(li) for li in container.find_all("li")]
        files.extend(n for n in names if n and n not in files)
        break
    return files


def _table_rows(table: Tag) -> list[list[str]]:
    """Rows as cell texts; the first row is the header row if it is made of ``th`` cells
    (otherwise an empty header row is inserted)."""
    rows = []
    for tr in table.find_all("tr"):
        cells = tr.find_all(["th", "td"], recursive=False)
        rows.append((all(c.name == "th" for c in cells), [_text(c) for c in cells]))
    if not rows:
        return []
    header = rows[0][1] if rows[0][0] else [""]
    return [header] + [cells for is_head, cells in rows[1 if rows[0][0] else 0 :] if not is_head]


def _related(soup: BeautifulSoup, entry: Entry) -> list[Related]:
    """Rows of "Seosed" tables and "Dokumendid samas küsimuses" lists."""
    out: list[Related] = []
    done: set[int] = set()  # a heading nested in a titled div is found twice
    for heading, text in _headings(soup, _RELATED_HEADINGS):
        container = _next_list(heading)
        if container is None or id(container) in done:
            continue
        done.add(id(container))
        relation = _RELATED_HEADINGS[text]
        if container.name == "table":
            rows = _table_rows(container)
            for row in rows[1:]:
                related = build_related(zip(rows[0], row, strict=False), relation)
                if related is not None:
                    out.append(related)
        else:
            for li in container.find_all("li"):
                related = _related_item(_text(li), relation)
                if related is not None and not _is_self(related, entry):
                    out.append(related)
    return out


def _related_item(text: str, relation: str | None) -> Related | None:
    """A list item such as "21.03.2025 Saabunud kiri" or "30.05.2025 Vastusdokument,
    Väljasaadetud kiri": date, optional reference, then title parts and the type last."""
    if not text:
        return None
    date = parse_date(text)
    ref_match = REF_RE.search(text)
    rest = REF_RE.sub("", text)
    rest = re.sub(r"^\s*\d{1,2}\.\d{1,2}\.\d{4}(\s+\d{1,2}:\d{2})?", "", rest)
    parts = [p.strip(f" {DASHES}") for p in rest.split(",") if p.strip(f" {DASHES}")]
    return Related(
        title=", ".join(parts[:-1]),
        date=date,
        ref=ref_match.group() if ref_match else None,
        doc_type=parts[-1] if parts else None,
        relation=relation,
    )


def _is_self(row: Related, entry: Entry) -> bool:
    """Whether a "same matter" list item is the entry itself (lists include it)."""
    if row.ref:
        return row.ref == entry.ref and row.doc_type == entry.doc_type
    return (
        row.date is not None
        and row.date == entry.registered
        and (row.doc_type or "").casefold() == (entry.doc_type or "").casefold()
    )


# --------------------------------------------------------------------------- plain pages


def _plain_document(soup: BeautifulSoup, name: str, warnings: list[str]) -> Document:
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    title = clean_value(title_tag.get_text()) if title_tag else ""
    title = title or (clean_value(h1.get_text()) if h1 else "")
    for tag in soup.find_all(_CHROME_TAGS):
        tag.decompose()
    if soup.head is not None:
        soup.head.decompose()
    text = visible_text(soup)
    if not text:
        raise ReadError("HTML page has no visible text")
    return Document(
        name=name,
        format="html",
        sections=[Section(text=text, kind=SECTION_BODY)],
        title=title or None,
        warnings=warnings,
    )


def visible_text(root: BeautifulSoup | Tag) -> str:
    """Text as a reader sees it: one paragraph per block element, ``<br>`` as a line break."""
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in root.find_all(_BLOCK_TAGS):
        block.insert_before(NavigableString("\n\n"))
        block.insert_after(NavigableString("\n\n"))
    for cell in root.find_all(["td", "th"]):
        cell.insert_after(NavigableString(" "))
    lines = [clean_value(line) for line in root.get_text().split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _text(el: Tag) -> str:
    """An element's text on one line (``<br>`` becomes a space)."""
    return clean_value(el.get_text(" "))


def _common_ancestor(elements: list[Tag]) -> Tag | None:
    paths = [list(reversed(list(el.parents))) for el in elements]
    common = None
    for nodes in zip(*paths, strict=False):
        if all(n is nodes[0] for n in nodes):
            common = nodes[0]
        else:
            break
    return common
