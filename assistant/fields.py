"""Questions about register fields ("who is responsible", "when was it registered").

Such questions are answered from the entry's metadata, not from text passages: the
register is the authority on its own fields.
"""

from __future__ import annotations

import re

# field -> (Estonian label, English label); keys are columns of the entries table
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "responsible": ("Vastutaja", "Responsible official"),
    "registered": ("Registreeritud", "Registration date"),
    "deadline": ("Lahendamise tähtaeg", "Deadline"),
    "addressee": ("Adressaat", "Addressee"),
    "sender": ("Saatja", "Sender"),
    "channel": ("Saabumis/saatmisviis", "Delivery channel"),
    "doc_type": ("Liik", "Document type"),
    "series": ("Sari", "Series"),
    "file": ("Toimik", "File"),
    "function": ("Funktsioon", "Function"),
    "title": ("Pealkiri", "Title"),
    "related": ("Seotud dokumendid", "Related documents"),
}

# Patterns are matched on the lower-cased question; order matters (first match wins).
_PATTERNS: list[tuple[str, str]] = [
    ("deadline", r"tähtae|tahtae|deadline|due date|\bdue\b|lahendamise"),
    ("responsible", r"vastutaja|vastutav|responsible|in charge|who handles|case officer"),
    (
        "related",
        r"\bseotud|seosed|samas küsimuses|related|\bthread\b|was .* answered|"
        r"\breply to\b|vastati|vastus(?:e)? (?:sellele|kirjale)",
    ),
    ("addressee", r"adressaa|addressed to|addressee|kellele|recipient|sent to|to whom"),
    ("registered", r"registreeri|registered|registration date|reg\.? kpv|when was .* filed"),
    ("sender", r"\bsaatja\b|kes saatis|who sent|\bsender\b|from whom"),
    ("channel", r"saatmisviis|saabumisviis|how was .* (?:sent|received)|delivery channel"),
    ("doc_type", r"dokumendi liik|what type of document|document type"),
    ("series", r"\bsari\b|\bseries\b|mis sarja"),
    ("file", r"\btoimik|case file"),
    ("function", r"funktsioon|\bfunction\b"),
    ("title", r"pealkiri|pealkirja|\btitle\b|\bheading\b"),
]
_COMPILED = [(f, re.compile(p)) for f, p in _PATTERNS]


def detect_field(question: str) -> str | None:
    """The register field a question asks for, if it asks for one."""
    q = question.casefold()
    for field, pattern in _COMPILED:
        if pattern.search(q):
            return field
    return None
