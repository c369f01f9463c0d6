"""Admin actions behind the app: a rebuild in the background and uploads of new filings."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from assistant.present import build_summary, progress_text
from assistant.ui_text import t
from index.build import BuildReport, build_index
from index.store import IndexProblem
from ingest.readers import supported

log = logging.getLogger(__name__)
_SAFE_NAME = re.compile(r"[^\w .,()\-+&äöüõšžÄÖÜÕŠŽ]")


def save_upload(folder: Path, name: str, data: bytes, lang: str | None = None) -> tuple[bool, str]:
    """Put an uploaded file into the register folder without overwriting anything; the
    message says what happened, in ``lang``."""
    name = _SAFE_NAME.sub("_", Path(name).name).strip(" .")
    if not name:
        return False, t("upload.no_name", lang)
    if not supported(name):
        return False, t("upload.unsupported", lang, name=name)
    if not data:
        return False, t("upload.empty", lang, name=name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        if target.read_bytes() == data:
            where = t("upload.same_as", lang, name=target.name) if target.name != name else ""
            return False, t("upload.same", lang, name=name, where=where)
        n += 1
        target = folder / f"{stem} ({n}){suffix}"
    tmp = folder / f".{target.name}.upload"
    tmp.write_bytes(data)
    tmp.replace(target)
    renamed = t("upload.renamed", lang, name=target.name) if target.name != name else ""
    return True, t("upload.added", lang, name=name, renamed=renamed)


@dataclass
class RebuildJob:
    """One rebuild running in a thread; the app polls ``progress`` and ``report``.

    ``error`` is the reason a rebuild failed, in the words of the layer that failed (the
    index's own message for a lock or an incompatible index); :meth:`error_text` frames
    it for the user.
    """

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
        except IndexProblem as exc:
            self.error = str(exc)
        except Exception as exc:  # a thread has no one else to tell: never fail silently
            log.exception("rebuild of %s from %s failed", self.index_dir, self.source)
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
            where = f" ({exc.filename})" if isinstance(exc, OSError) and exc.filename else ""
            self.error = f"{reason}{where}"
        finally:
            self.running = False

    def _progress(self, phase: str, done: int, total: int) -> None:
        self.progress = (phase, done, total)

    def progress_text(self, lang: str | None = None) -> str:
        return progress_text(*self.progress, lang)

    def error_text(self, lang: str | None = None) -> str:
        return t("build.error", lang, reason=self.error) if self.error else ""

    def summary(self, lang: str | None = None) -> str:
        return build_summary(self.report, lang) if self.report is not None else ""
