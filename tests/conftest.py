"""Shared fixtures: the real sample register, indexed once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "sample_register"


def stop(proc: subprocess.Popen) -> None:
    """End a server process started by a test: politely, then by force."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory) -> Path:
    """The bundled sample register, built with the real model, FAISS and SQLite."""
    from index.build import build_index

    base = tmp_path_factory.mktemp("sample")
    register = base / "register"
    shutil.copytree(SAMPLE, register)
    index_dir = base / "index"
    report = build_index(register, index_dir)
    assert report.version and not report.failed
    return index_dir


@pytest.fixture(scope="session")
def reader(sample_index):
    from index.search import IndexReader

    return IndexReader(sample_index)


@pytest.fixture(scope="session")
def assistant(reader):
    from assistant.answer import Assistant

    return Assistant(reader)


SECRET = "Salajane kokkulepe: hind on 4711 eurot ja tarnija on Kalevipoja OÜ."


@pytest.fixture(scope="session")
def restricted_index(tmp_path_factory) -> Path:
    """The sample letters plus entry 9-9/1-1 (AK) whose attachment holds ``SECRET``."""
    from index.build import build_index

    base = tmp_path_factory.mktemp("restricted")
    reg = base / "register"
    entry = reg / "9-9_1-1"
    entry.mkdir(parents=True)
    seed = (SAMPLE / "000_f2f91bb77c0c7eec.txt").read_text(encoding="utf-8")
    text = seed.replace("5-1/54-1", "9-9/1-1").replace(
        "| Juurdepääsupiirang | Avalik |\n| Juurdepääsupiirang | |",
        "| Juurdepääsupiirang | AK |\n| Juurdepääsupiirang | AvTS § 35 lg 1 p 2 |",
    )
    (entry / "entry.txt").write_text(text, encoding="utf-8")
    (entry / "lisa.txt").write_text(SECRET + "\n", encoding="utf-8")
    shutil.copy(SAMPLE / "001_57d17f6c24bc326f.txt", reg)
    build_index(reg, base / "index")
    return base / "index"


# Fixtures that build an index with the real model: a test using one needs minutes on a
# cold machine, so it belongs to the slow layer whatever its own marks say.
MODEL_FIXTURES = frozenset({"sample_index", "reader", "assistant", "restricted_index"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
