"""Audit log: who asked what, and which restricted references were shown to them.

One JSON line per question in ``<index>/audit.log``. It holds references only, never
restricted text, so the log itself can be read by whoever keeps the index.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from assistant.model import Answer
from assistant.privacy import User, mask_isikukood


def audit(index_dir: Path, user: User, question: str, answer: Answer) -> None:
    record = {
        "time": dt.datetime.now().isoformat(timespec="seconds"),
        "user": user.name,
        "cleared": user.cleared,
        "question": mask_isikukood(question),
        "cited": sorted({c.key for c in answer.citations}),
        "restricted_shown": sorted(set(answer.restricted_refs)),
    }
    try:
        with open(Path(index_dir) / "audit.log", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        pass  # an unwritable log must not stop answers; the index folder check reports it


def record_feedback(index_dir: Path, user: User, answer: Answer, up: bool) -> None:
    """Thumbs up/down kept with the question for later evaluation (feedback.jsonl)."""
    record = {
        "time": dt.datetime.now().isoformat(timespec="seconds"),
        "user": user.name,
        "question": mask_isikukood(answer.question),
        "cited": [c.key for c in answer.citations],
        "up": up,
    }
    try:
        with open(Path(index_dir) / "feedback.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        pass
