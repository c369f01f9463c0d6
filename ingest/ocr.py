"""OCR of scanned pages and images with Tesseract (Estonian and English), cached.

Registers hold scanned paper: image-only PDF pages and ``.png``/``.jpg``/``.tif`` files.
Tesseract (Debian ``tesseract-ocr`` with ``-est`` and ``-eng`` data) is run through
pytesseract; a PDF page is rendered at 300 dpi by poppler's ``pdftoppm`` first.

OCR costs seconds a page (README figures), so every result is cached by the hash of
what was read (the image bytes, or the PDF bytes and page number) together with the
languages and Tesseract version, as a small text file: a rebuild, a renamed file or the
same scan in two containers never runs it twice. The build points the cache at a folder
beside the index (:func:`cache_in`); ``VIIT_CACHE`` sets one for any other caller.
``VIIT_OCR=0`` turns OCR off: scans are then refused with that reason.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

LANGS = "est+eng"
DPI = 300
PAGE_TIMEOUT = 300  # seconds for one page; a pathological image must not hang a build

_cache_dir: Path | None = None


class OcrUnavailable(Exception):
    """OCR cannot run here; the message is the one-line reason shown to staff."""


def enabled() -> bool:
    return os.environ.get("VIIT_OCR", "1").strip().lower() not in {"0", "off", "no", "false"}


@functools.cache
def _tesseract() -> tuple[str | None, str]:
    """(version, reason it cannot run) of the installed Tesseract."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None, "tesseract is not installed (Debian: apt-get install tesseract-ocr)"
    try:
        version = (
            subprocess.run(
                [exe, "--version"], capture_output=True, text=True, timeout=30, check=False
            )
            .stdout.split("\n")[0]
            .split()[-1]
        )
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError, IndexError) as exc:
        return None, f"tesseract does not run: {exc}"
    missing = [lang for lang in LANGS.split("+") if lang not in langs]
    if missing:
        packages = " ".join(f"tesseract-ocr-{m}" for m in missing)
        return (
            None,
            f"tesseract lacks language data {'+'.join(missing)} (apt-get install {packages})",
        )
    return version, ""


def unavailable() -> str | None:
    """Why OCR cannot run now (turned off or not installed), or None when it can."""
    if not enabled():
        return "OCR is turned off (VIIT_OCR=0)"
    version, reason = _tesseract()
    return None if version else f"OCR not available: {reason}"


def describe() -> str:
    """The OCR in use, for the index metadata: a change re-reads what it refused."""
    if not enabled():
        return "ocr off"
    version, _ = _tesseract()
    return f"ocr tesseract {version} {LANGS}" if version else "ocr unavailable"


@contextlib.contextmanager
def cache_in(folder: Path) -> Iterator[None]:
    """Cache OCR results in ``folder`` while the block runs."""
    global _cache_dir
    before, _cache_dir = _cache_dir, Path(folder)
    try:
        yield
    finally:
        _cache_dir = before


def _cache_root() -> Path | None:
    if _cache_dir is not None:
        return _cache_dir
    env = os.environ.get("VIIT_CACHE")
    return Path(env) / "ocr" if env else None


def _cached(key: str) -> str | None:
    root = _cache_root()
    if root is None:
        return None
    try:
        return (root / key[:2] / f"{key}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _store(key: str, text: str) -> None:
    root = _cache_root()
    if root is None:
        return
    path = root / key[:2] / f"{key}.txt"
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


def _key(*parts: bytes | str) -> str:
    version, _ = _tesseract()
    h = hashlib.sha256(f"{version}|{LANGS}|{DPI}".encode())
    for part in parts:
        h.update(b"|")
        h.update(part if isinstance(part, bytes) else part.encode())
    return h.hexdigest()


def _require() -> None:
    reason = unavailable()
    if reason:
        raise OcrUnavailable(reason)


def image_frames(data: bytes) -> list[str]:
    """OCR text of each frame of an image file (a multi-page TIFF has several)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    _require()
    try:
        with warnings.catch_warnings():  # a large scan is no decompression bomb to staff
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise ValueError(f"not a readable image: {exc}") from exc
    texts: list[str] = []
    for number, frame in enumerate(ImageSequence.Iterator(image)):
        if number >= count:
            break
        key = _key(b"image", data, str(number))
        text = _cached(key)
        if text is None:
            text = _run(frame.convert("L") if frame.mode not in ("1", "L", "RGB") else frame)
            _store(key, text)
        texts.append(text)
    return texts


def pdf_page(data: bytes, number: int) -> str:
    """OCR text of one PDF page (1-based), rendered by pdftoppm."""
    from PIL import Image

    _require()
    key = _key(b"pdf", data, str(number))
    text = _cached(key)
    if text is not None:
        return text
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise OcrUnavailable(
            "OCR not available: pdftoppm is not installed (apt-get install poppler-utils)"
        )
    with tempfile.TemporaryDirectory(prefix="viit-ocr-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        cmd = [exe, "-r", str(DPI), "-gray", "-png", "-f", str(number), "-l", str(number)]
        result = subprocess.run(
            [*cmd, str(src), str(Path(tmp) / "page")],
            capture_output=True, timeout=PAGE_TIMEOUT, check=False,
        )  # fmt: skip
        pages = sorted(Path(tmp).glob("page*.png"))
        if not pages:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ValueError(f"page {number} could not be rendered: {message[:1]}")
        with Image.open(pages[0]) as image:
            text = _run(image)
    _store(key, text)
    return text


def _run(image) -> str:  # a PIL image
    import pytesseract

    # Tesseract's OpenMP threads spin against each other and against everything else on a
    # busy machine: one thread per page was 15x faster on 2 loaded cores (README notes)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        return pytesseract.image_to_string(image, lang=LANGS, timeout=PAGE_TIMEOUT)
    except RuntimeError as exc:  # pytesseract's timeout
        raise ValueError(f"OCR took longer than {PAGE_TIMEOUT} s: {exc}") from exc
    except pytesseract.TesseractError as exc:
        raise ValueError(f"OCR failed: {exc}") from exc
