"""Admin actions behind the app: a rebuild in the background and uploads of new filings."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from index.build import BuildReport, build_index
from index.store import IndexError_
from ingest.readers import supported

_PHASES = {
    "scan": "looking for changed files",
    "parse": "reading files",
    "embed": "embedding passages",
}
_SAFE_NAME = re.compile(r"[^\w .,()\-+&äöüõšžÄÖÜÕŠŽ]")


def save_upload(folder: Path, name: str, data: bytes) -> tuple[bool, str]:
    """Put an uploaded file into the register folder without overwriting anything."""
    name = _SAFE_NAME.sub("_", Path(name).name).strip(" .")
    if not name:
        return False, "the file has no usable name"
    if not supported(name):
        return (
            False,
            f"{name}: unsupported file type (PDF, scans, e-mail, Outlook, signature containers, "
            "Word, OpenDocument, Excel, RTF, HTML, XML, JSON, text)",
        )
    if not data:
        return False, f"{name}: the file is empty"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        if target.read_bytes() == data:
            where = f" as {target.name}" if target.name != name else ""
            return False, f"{name}: the same file is already in the register{where}"
        n += 1
        target = folder / f"{stem} ({n}){suffix}"
    tmp = folder / f".{target.name}.upload"
    tmp.write_bytes(data)
    tmp.replace(target)
    renamed = f" (saved as {target.name}: the name was taken)" if target.name != name else ""
    return True, f"{name} added{renamed}"


@dataclass
class RebuildJob:
    """One rebuild running in a thread; the app polls ``progress`` and ``report``."""

    source: Path
    index_dir: Path
    progress: tuple[str, int, int] = ("waiting", 0, 0)
    report: BuildReport | None = None
    error: str | None = None
    running: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> RebuildJob:
        """Run in a background thread; ``running`` is true from this call on."""
        self.running = True
        threading.Thread(target=self.run, name="viit-rebuild", daemon=True).start()
        return self

    def run(self) -> None:
        self.running = True
        try:
            self.report = build_index(self.source, self.index_dir, progress=self._progress)
        except IndexError_ as exc:
            self.error = str(exc)
        except Exception as exc:  # a thread has no one else to tell: never fail silently
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
            self.error = (
                f"rebuild failed: {reason}{where}; the previous index is still being served"
            )
        finally:
            self.running = False

    def _progress(self, phase: str, done: int, total: int) -> None:
        self.progress = (phase, done, total)

    def progress_text(self) -> str:
        phase, done, total = self.progress
        label = _PHASES.get(phase, phase)
        return f"{label}: {done}/{total}" if total else f"{label}…"

    def summary(self) -> str:
        r = self.report
        if r is None:
            return ""
        if not r.changed:
            return "Index is up to date: nothing changed."
        full = f"Full rebuild: {r.full_reason}.\n" if r.full_reason else ""
        parts = [
            f"{len(r.added)} added", f"{len(r.updated)} updated", f"{len(r.removed)} removed",
            f"{len(r.moved)} moved", f"{r.unchanged} unchanged", f"{len(r.failed)} failed",
        ]  # fmt: skip
        text = full + ", ".join(parts)
        text += f"; {r.chunks_embedded} passages embedded in {r.seconds:.1f} s."
        for path, reason in r.failed:
            text += f"\n- {path}: {reason}"
        return text
