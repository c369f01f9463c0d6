"""Register API records (.json), such as the RMK document register's ``doc_*`` records.

A record's keys are mapped to the labels a register view would show ("Viit",
"Registreeritud", "Juurdepääsupiirang" ...) and then go through the same
:func:`ingest.fields.build_entry` as every other register format. Records keyed by such
labels already (``{"Viit": …, "Pealkiri": …}``) work too.

The reference (Viit) is ``doc_reference`` when the record has one; otherwise it is
composed as ``{doc_proc_marker}/{doc_number}`` (series/matter code, then the number, as
``3-1.1/8419``), the way these registers print it; a lone ``doc_number`` is used as is.

Accepted shapes: one record, a list of records, or either wrapped as ``{"data": …}``
(also ``items``/``results``/``records``). Several records give one Document whose
``parts`` are one Document per record.
"""

from __future__ import annotations

import json
from typing import Any

from ingest.fields import build_entry, canonical_field, clean_value, metadata_section
from ingest.model import Document, ReadError

_WRAPPERS = ("data", "items", "results", "records")
_DIRECTION_LABELS = {
    # doc_direction -> (label of doc_trans_actor, label of doc_trans_date)
    "OUTGOING": ("Adressaat", "Välja saatmise kuupäev"),
    "INCOMING": ("Saatja", "Saabumise kuupäev"),
}


def read(data: bytes, name: str) -> Document:
    """Read one or more register records from JSON."""
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReadError("invalid JSON: not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    records = _records(obj)
    if not records:
        message = obj.get("message") if isinstance(obj, dict) else None
        hint = f" (the response says: {clean_value(message)})" if isinstance(message, str) else ""
        raise ReadError(f"JSON is not a register record: no doc_reference or doc_number{hint}")
    docs = [
        _record_document(rec, name if len(records) == 1 else f"{name}#{n}")
        for n, rec in enumerate(records, 1)
    ]
    if len(docs) == 1:
        return docs[0]
    return Document(name=name, format="json", title=f"{len(docs)} register records", parts=docs)


def _records(obj: Any) -> list[dict[str, Any]]:
    while isinstance(obj, dict) and not _is_record(obj):
        inner = next((obj[k] for k in _WRAPPERS if isinstance(obj.get(k), (dict, list))), None)
        if inner is None:
            return []
        obj = inner
    if isinstance(obj, dict):
        return [obj]
    if isinstance(obj, list):
        return [r for r in obj if isinstance(r, dict) and _is_record(r)]
    return []


def _is_record(obj: dict[str, Any]) -> bool:
    return bool(reference(obj))


def reference(rec: dict[str, Any]) -> str | None:
    """The record's reference: ``doc_reference``, else ``doc_proc_marker/doc_number``."""
    if ref := _str(rec.get("doc_reference")):
        return ref
    number, marker = _str(rec.get("doc_number")), _str(rec.get("doc_proc_marker"))
    if number:
        return f"{marker}/{number}" if marker else number
    return next((_str(v) for k, v in rec.items() if canonical_field(k) == "ref" and _str(v)), None)


def record_pairs(rec: dict[str, Any]) -> list[tuple[str, str]]:
    """The record as ``(label, value)`` pairs with the labels a register view uses."""
    direction = (_str(rec.get("doc_direction")) or "").upper()
    actor_label, date_label = _DIRECTION_LABELS.get(direction, ("Osapool", "Saatmise kuupäev"))
    # "Väljaminev" + "Kiri" -> "Väljaminev kiri", the wording of other registers' "Liik".
    kind = _str(rec.get("doc_type_friendly")) or _str(rec.get("doc_type"))
    side = _str(rec.get("doc_direction_friendly"))
    doc_type = f"{side} {kind[:1].lower()}{kind[1:]}" if side and kind else kind
    proceeder = rec.get("doc_proceeder") if isinstance(rec.get("doc_proceeder"), dict) else {}
    pairs = [
        ("Viit", reference(rec)),
        ("Registreeritud", _str(rec.get("doc_date"))),
        ("Liik", doc_type),
        ("Dokumendi tüüp", _str(rec.get("doc_kind"))),
        ("Pealkiri", _str(rec.get("doc_headline"))),
        ("Sari", " ".join(p for p in (_str(rec.get("ds_code")), _str(rec.get("ds_name"))) if p)),
        ("Struktuuriüksus", _str(rec.get("unit_name"))),
        (actor_label, _str(rec.get("doc_trans_actor"))),
        (date_label, _str(rec.get("doc_trans_date"))),
        ("Saabumis/saatmisviis", _str(rec.get("doc_delivery_mode"))),
        ("Allkirjastaja", _str(rec.get("doc_signed_by"))),
        ("Vastutaja", _str(proceeder.get("wResponsibleUser"))),
        ("Staatus", _str(rec.get("doc_status"))),
        ("Täitmise märge", _str(rec.get("doc_fulfilment_note"))),
        ("Juurdepääsupiirang", _str(rec.get("doc_access_friendly") or rec.get("doc_access"))),
        ("Juurdepääsupiirangu alus", _str(rec.get("doc_restrict_desc"))),
    ]
    # Records already keyed by register labels ("Viit", "Pealkiri" ...); the API's own
    # row id is not register metadata.
    pairs += [(k, _str(v)) for k, v in rec.items() if canonical_field(k) not in (None, "id")]
    return list(dict.fromkeys((label, value) for label, value in pairs if value))


def _record_document(rec: dict[str, Any], name: str) -> Document:
    pairs = record_pairs(rec)
    warnings: list[str] = []
    entry = build_entry(pairs, warnings)
    if entry is None:  # _records keeps only records with a reference
        raise ReadError("JSON record has no usable reference")
    files = rec.get("failid") or rec.get("files") or []
    for item in files if isinstance(files, list) else []:
        file_name = (
            _str(item.get("file_name") or item.get("name")) if isinstance(item, dict) else None
        )
        if file_name and file_name not in entry.files:
            entry.files.append(file_name)
    return Document(
        name=name,
        format="json",
        sections=[metadata_section(pairs)],
        title=entry.title or entry.ref,
        entry=entry,
        warnings=warnings,
    )


def _str(value: Any) -> str | None:
    """A scalar as clean text; None for null, empty, lists and objects."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return clean_value(str(value)) or None
