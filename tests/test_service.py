"""The one assistant service both shells call: answer, language model fallback, audit.

Real sample index (conftest), real model; the language model is a closed port on this
machine, so the fallback is the one a user sees when the model server is down.
"""

from __future__ import annotations

import json
import socket

import pytest

from assistant.model import Conversation
from assistant.privacy import PUBLIC, User
from assistant.service import Service

DROP_Q = "By how much did reporting drop in 2021 when no law allowed platforms to detect abuse?"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends


def _audit(index_dir) -> list[dict]:
    path = index_dir / "audit.log"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def service(sample_index, reader, monkeypatch):
    for name in ("VIIT_LLM_URL", "VIIT_LLM_TIMEOUT", "VIIT_LLM_MAX_TOKENS"):
        monkeypatch.delenv(name, raising=False)
    return Service(sample_index, reader=reader)


def test_extractive_answer_is_audited_and_joins_the_conversation(service, sample_index):
    before = len(_audit(sample_index)) if (sample_index / "audit.log").exists() else 0
    pieces = []
    conversation = Conversation()
    answer = service.ask(
        "Millal registreeriti dokument 5-1/54-1?", User("mari", cleared=True),
        conversation=conversation, on_text=pieces.append,
    )  # fmt: skip
    assert "10.11.2023" in answer.text and answer.citations[0].ref == "5-1/54-1"
    assert service.model is None and not pieces  # no language model: nothing streamed
    log = _audit(sample_index)
    assert len(log) == before + 1
    assert log[-1]["user"] == "mari" and log[-1]["cited"] == ["5-1/54-1"]
    assert [t.question for t in conversation.turns] == ["Millal registreeriti dokument 5-1/54-1?"]
    assert conversation.turns[0].keys == ["5-1/54-1"]


@pytest.mark.parametrize("use_llm", [True, False])
def test_language_model_down_falls_back_with_a_note(service, sample_index, monkeypatch, use_llm):
    monkeypatch.setenv("VIIT_LLM_URL", f"http://127.0.0.1:{_closed_port()}/v1")
    monkeypatch.setenv("VIIT_LLM_TIMEOUT", "5")
    service = Service(sample_index, reader=service.reader)
    assert service.model == "local"
    pieces = []
    answer = service.ask(DROP_Q, PUBLIC, use_llm=use_llm, on_text=pieces.append)
    assert "58%" in answer.text and answer.citations[0].ref == "5-1/54-1"
    unavailable = [n for n in answer.notes if n.startswith("Language model unavailable")]
    if use_llm:
        assert unavailable and "".join(pieces).startswith(f"({unavailable[0]})")
        assert answer.text in "".join(pieces)  # the extractive answer streamed after the note
    else:
        assert not unavailable and not pieces
    log = _audit(sample_index)
    assert log[-1]["question"] == DROP_Q and "5-1/54-1" in log[-1]["cited"]


def test_a_bad_setting_leaves_answers_extractive_and_says_so(service, sample_index, monkeypatch):
    monkeypatch.setenv("VIIT_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("VIIT_LLM_TIMEOUT", "soon")
    service = Service(sample_index, reader=service.reader)
    assert service.model is None and "VIIT_LLM_TIMEOUT" in service.llm_error
    answer = service.ask("Millal registreeriti dokument 5-1/54-1?")
    assert "10.11.2023" in answer.text
    assert any(n.startswith("Keelemudeli seadistus jäeti kõrvale") for n in answer.notes)


def test_restricted_references_shown_are_audited(restricted_index):
    service = Service(restricted_index)
    service.ask("Mis on kirjas kirjes 9-9/1-1?", User("mari", cleared=True))
    service.ask("Mis on kirjas kirjes 9-9/1-1?", PUBLIC)
    cleared, public = _audit(restricted_index)[-2:]
    assert cleared["restricted_shown"] == ["9-9/1-1"]
    assert public["user"] == "public" and not public["cleared"]
    assert public["question"] == "Mis on kirjas kirjes 9-9/1-1?"
