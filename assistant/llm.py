"""Optional language model: answers written by an OpenAI-compatible chat endpoint.

Extractive answers stay the default and need nothing of this. When ``VIIT_LLM_URL`` names
an endpoint (e.g. a local llama.cpp server at ``http://127.0.0.1:8080/v1``), a text answer
is rewritten by the model from the passages the search returned for this user, which are
access-filtered already:

1. the prompt holds only those passages (isikukood masked for public users), each with
   the citation key it must be cited by: its register reference, or its file name; before
   them, the conversation so far (earlier questions and the answers shown) within a token
   budget, oldest turns dropped first, so that "and who signed it?" means the entry the
   conversation is about; the last instruction is in the question's language;
2. the reply streams in (``stream: true``, server-sent events) and is cut into sentences;
3. a sentence is kept only if it cites one or more of the supplied passages and every
   number it states occurs in a passage it cites; a sentence citing anything else, or
   nothing, or repeating the prompt, is left out (and counted in a note);
4. each kept citation is checked like an extractive one (entry exists, the user may see
   it, the quote is verbatim at its place) before the sentence is shown;
5. on a connection error, an HTTP error, a timeout, a malformed stream or a reply with no
   sentence left, the extractive answer is shown with a note saying so.

Only text answers that the extractive step found are rewritten (:func:`uses_llm`); answers
from register metadata and "nothing found" stay as they are. ``VIIT_LLM_TIMEOUT`` bounds
the wait for the connection and for each piece of the stream, and a whole reply may take
ten times that.

Only the standard library speaks HTTP here, so the setting needs no extra package.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from assistant.answer import Assistant
from assistant.model import Answer, Citation, Conversation
from assistant.privacy import User, for_user
from assistant.sentences import sentence_spans
from index.records import Passage

LANGUAGES = {"et": "Estonian", "en": "English"}
MAX_ANSWER_SENTENCES = 5

NOTES = {
    "written": {
        "et": "Vastuse sõnastas keelemudel {model} viidatud lõikude põhjal.",
        "en": "Written by the language model {model} from the cited passages.",
    },
    "dropped": {
        "et": "Keelemudeli vastusest jäeti välja {n} lauset, millel polnud kehtivat viidet.",
        "en": "Left out {n} sentence(s) of the language model without a valid citation.",
    },
    "unavailable": {
        "et": "Keelemudel ei ole kättesaadav ({reason}); näidatud on väljavõtteline vastus.",
        "en": "Language model unavailable ({reason}); extractive answer shown.",
    },
    "unverified": {
        "et": "Keelemudeli vastuses polnud ühtki kehtiva viitega lauset; "
        "näidatud on väljavõtteline vastus.",
        "en": "The language model gave no sentence with a valid citation; extractive answer shown.",
    },
}


# -- settings ------------------------------------------------------------------------
@dataclass(frozen=True)
class LLMSettings:
    """Where the chat endpoint is and how long to wait for it (see :meth:`from_env`)."""

    url: str
    model: str = "local"
    api_key: str | None = field(default=None, repr=False)
    timeout: float = 60.0  # seconds to connect, and to wait for each piece of the stream
    max_tokens: int = 400
    temperature: float = 0.1
    history_tokens: int = 1000  # earlier turns of the conversation in the prompt, at most

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMSettings | None:
        """Settings from ``VIIT_LLM_*``; ``None`` (extractive answers) without a URL.

        ``VIIT_LLM_URL`` base URL of an OpenAI-compatible API (``…/v1``) or its
        ``…/chat/completions`` address; ``VIIT_LLM_MODEL`` model name (default ``local``);
        ``VIIT_LLM_API_KEY`` sent as a bearer token; ``VIIT_LLM_TIMEOUT`` seconds (60);
        ``VIIT_LLM_MAX_TOKENS`` longest reply (400); ``VIIT_LLM_HISTORY_TOKENS`` how much of
        the conversation so far goes into the prompt (1000 tokens, oldest turns dropped
        first; 0: none). The budget must leave room in the server's context window for
        the passages and the reply.
        """
        env = os.environ if env is None else env
        url = env.get("VIIT_LLM_URL", "").strip()
        if not url:
            return None
        names = "VIIT_LLM_TIMEOUT/VIIT_LLM_MAX_TOKENS/VIIT_LLM_HISTORY_TOKENS"
        try:
            timeout = float(env.get("VIIT_LLM_TIMEOUT") or 60)
            max_tokens = int(env.get("VIIT_LLM_MAX_TOKENS") or 400)
            history = env.get("VIIT_LLM_HISTORY_TOKENS", "").strip()
            history_tokens = int(history) if history else 1000
        except ValueError as exc:
            raise ValueError(f"{names}: {exc}") from None
        if timeout <= 0 or max_tokens <= 0 or history_tokens < 0:
            raise ValueError(
                "VIIT_LLM_TIMEOUT and VIIT_LLM_MAX_TOKENS must be positive, "
                "VIIT_LLM_HISTORY_TOKENS zero or more"
            )
        return cls(
            url=url,
            model=env.get("VIIT_LLM_MODEL", "").strip() or "local",
            api_key=env.get("VIIT_LLM_API_KEY") or None,
            timeout=timeout,
            max_tokens=max_tokens,
            history_tokens=history_tokens,
        )

    @property
    def endpoint(self) -> str:
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else url + "/chat/completions"


# -- HTTP client -----------------------------------------------------------------------
class LLMError(Exception):
    """The endpoint could not give a reply: connection, HTTP status, timeout, protocol."""


class LLMClient:
    """Chat completions over HTTP with server-sent events, standard library only."""

    def __init__(self, settings: LLMSettings):
        self.settings = settings
        host = urllib.parse.urlsplit(settings.endpoint).hostname or ""
        # a proxy from the environment must not swallow a server on this machine
        handlers = [urllib.request.ProxyHandler({})] if _is_loopback(host) else []
        self._opener = urllib.request.build_opener(*handlers)

    @property
    def model(self) -> str:
        return self.settings.model

    def stream(self, messages: list[dict], max_tokens: int | None = None) -> Iterator[str]:
        """The reply's text as the server sends it; raises :class:`LLMError`."""
        s = self.settings
        body = {
            "model": s.model,
            "messages": messages,
            "stream": True,
            "temperature": s.temperature,
            "max_tokens": max_tokens or s.max_tokens,
        }
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if s.api_key:
            headers["Authorization"] = f"Bearer {s.api_key}"
        request = urllib.request.Request(
            s.endpoint, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        # a server that trickles forever is cut off too
        deadline = time.monotonic() + 10 * s.timeout
        try:
            response = self._opener.open(request, timeout=s.timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise LLMError(f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            raise LLMError(_reason(exc)) from None
        try:
            with response:
                if response.headers.get_content_type() == "application/json":
                    # a server that ignores ``stream`` answers in one piece
                    yield _message_content(response.read())
                    return
                yield from _sse_content(response, deadline)
        except LLMError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise LLMError(_reason(exc)) from None


def _sse_content(response, deadline: float) -> Iterator[str]:
    data: list[str] = []
    while True:
        raw = response.readline()
        if time.monotonic() > deadline:
            raise LLMError("timed out")
        line = raw.decode("utf-8").rstrip("\r\n")
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
        if line:
            continue  # comments, event:, id:, retry: carry nothing for us
        if data:  # a blank line (or the end) completes an event
            event, data = "\n".join(data), []
            if event.strip() == "[DONE]":
                return
            text = _delta_content(event)
            if text:
                yield text
        if not raw:
            return


def _delta_content(event: str) -> str:
    try:
        obj = json.loads(event)
        if "error" in obj:
            raise LLMError(f"server error: {str(obj['error'])[:200]}")
        choices = obj.get("choices") or []
        if not choices:
            return ""
        return (choices[0].get("delta") or {}).get("content") or ""
    except (ValueError, AttributeError, TypeError):
        raise LLMError("malformed stream from the server") from None


def _message_content(raw: bytes) -> str:
    try:
        obj = json.loads(raw)
        return obj["choices"][0]["message"]["content"] or ""
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError("malformed reply from the server") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return "timed out"
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
        if isinstance(exc, TimeoutError):
            return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)[:200]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- prompt ----------------------------------------------------------------------------
SYSTEM = (
    "You answer questions about a document register. The user gives you numbered "
    "passages from the register; they are your only source. Rules:\n"
    "1. State only what the passages say.\n"
    "2. End every sentence with the citation of the passage it comes from, in square "
    "brackets, written exactly as given after 'cite as', for example [{example}].\n"
    "3. Never cite anything that is not among the passages.\n"
    "4. If the passages do not answer the question, say so in one sentence.\n"
    "5. Write at most {n} sentences, in {language}, the language of the question.\n"
    "6. Earlier turns of the conversation only tell you what the question refers to; "
    "facts come from the passages."
)
# the last words before the reply, in the language the reply must be in: a small model
# answers in the language it was last spoken to in rather than the one it was told to use
ANSWER_IN = {
    "et": "Vasta eesti keeles. Lõpeta iga lause nurksulgudes viitega.",
    "en": "Answer in English. End each sentence with its citation in square brackets.",
}
CHARS_PER_TOKEN = 3  # the server's tokenizer is not at hand: a cautious estimate


def estimate_tokens(text: str) -> int:
    """Tokens ``text`` takes, about: three characters a token errs on the safe side for
    Estonian (long words, split into more pieces than English)."""
    return -(-len(text) // CHARS_PER_TOKEN) + 4  # and the role markers of a message


def history_messages(
    conversation: Conversation | None, question: str, user: User, budget: int
) -> list[dict[str, str]]:
    """The earlier turns as chat messages, newest kept first within ``budget`` tokens.

    Each turn is its question and the answer shown, masked for ``user``; a turn that does
    not fit ends the history (an older turn without the newer ones would mislead).
    """
    turns = list(conversation.turns) if conversation is not None else []
    if turns and " ".join(turns[-1].question.split()) == " ".join(question.split()):
        turns.pop()  # the question itself, already added by the caller
    kept: list[dict[str, str]] = []
    for turn in reversed(turns):
        if not turn.question.strip():
            continue
        pair = [
            {"role": "user", "content": for_user(turn.question.strip(), user)},
            {"role": "assistant", "content": for_user(turn.answer.strip(), user)},
        ]
        cost = sum(estimate_tokens(m["content"]) for m in pair)
        if cost > budget:
            break
        budget -= cost
        kept[:0] = pair
    return kept


def build_messages(
    question: str,
    lang: str,
    passages: list[Passage],
    user: User,
    conversation: Conversation | None = None,
    history_tokens: int = 1000,
) -> list[dict[str, str]]:
    """The chat messages for ``question``: the rules, the conversation so far (within
    ``history_tokens``), then the passages and the question.

    ``passages`` are the ones the search returned for ``user`` (restricted text is left out
    inside the search for public users); identification codes are masked for them here too.
    """
    language = LANGUAGES.get(lang, "the language of the question")
    blocks = []
    for n, p in enumerate(passages, 1):
        head = f"Passage {n} (cite as [{p.key}])"
        title = " ".join((p.title or "").split())
        if title:
            head += f" {for_user(title, user)}"
        if p.page:
            head += f", page {p.page}"
        blocks.append(f"{head}:\n{for_user(p.text.strip(), user)}")
    example = passages[0].key if passages else "5-1/54-1"
    system = SYSTEM.format(example=example, n=MAX_ANSWER_SENTENCES, language=language)
    content = (
        "\n\n".join(blocks)
        + f"\n\nQuestion: {question}\n"
        + ANSWER_IN.get(lang, ANSWER_IN["en"].replace("English", language))
    )
    history = history_messages(conversation, question, user, history_tokens)
    return [
        {"role": "system", "content": system},
        *history,
        {"role": "user", "content": content},
    ]


# -- sentences and their citations -----------------------------------------------------
_CITE = re.compile(r"\[([^\[\]\n]{1,200})\]")
_ABBREV = {
    "nr", "lk", "vt", "nt", "jne", "jm", "nn", "lg", "p", "ca", "u", "hr", "pr", "dr", "mr",
    "mrs", "ms", "no", "vs", "tel", "e.g", "i.e", "etc", "art", "sh", "s.h",
}  # fmt: skip
# a sentence ends after . ! ? (and any citations after it) where the next one starts,
# or at the end of a line that the next line does not continue with a citation
_END = re.compile(
    r"[.!?…][\"”»)]*(?:\s*\[[^\[\]\n]{1,200}\])*(?=\s+[\"“«(*•-]?[A-ZÕÄÖÜŠŽ0-9])"
    r"|(?<=\S)(?=[ \t]*\n\s*[^\s\[])"
)
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_LIST_ONLY = re.compile(r"\s*(?:\d{1,3}[.)]?|[-*•])\s*")  # "2." opening a list item
_ECHO = re.compile(r"\bcite as\b|^\s*(?:passage|question)\s*\d*\s*[(:]", re.I)
_NUMBER = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d{3})*")


def split_sentences(text: str) -> list[tuple[str, str]]:
    """(separator before, sentence) pieces of a reply; the last one may be unfinished."""
    pieces, pos = [], 0
    for m in _END.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _LIST_ONLY.fullmatch(line) or (
            m.group().startswith(".") and _abbreviation_before(text, m.start())
        ):
            continue
        end = m.end()
        piece = text[pos:end]
        sep = piece[: len(piece) - len(piece.lstrip())]
        if piece.strip():
            pieces.append((sep, piece.strip()))
            pos = end
    piece = text[pos:]
    if piece.strip():
        pieces.append((piece[: len(piece) - len(piece.lstrip())], piece.strip()))
    return pieces


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    return bool(word) and word.group(1).casefold() in _ABBREV


def _claim_numbers(text: str) -> list[tuple[str, set[str]]]:
    """Each number as a whole ("20,254" -> "20254") and as its digit groups."""
    out = []
    for m in _NUMBER.finditer(text):
        groups = {str(int(g)) for g in re.findall(r"\d+", m.group())}
        out.append((str(int(re.sub(r"\D", "", m.group()))), groups))
    return out


def _numbers(text: str) -> set[str]:
    out = set()
    for whole, groups in _claim_numbers(text):
        out |= groups | {whole}
    return out


@dataclass
class Check:
    """One sentence of the reply: kept (with its citation keys) or why it was left out."""

    text: str
    keys: list[str]
    reason: str | None = None  # None: kept

    @property
    def ok(self) -> bool:
        return self.reason is None


def check_sentence(sentence: str, passages: list[Passage]) -> Check:
    """Does ``sentence`` cite only supplied passages, and do they state its numbers?"""
    by_key: dict[str, list[Passage]] = {}
    for p in passages:
        by_key.setdefault(p.key, []).append(p)
    folded = {k.casefold(): k for k in by_key}
    keys: list[str] = []
    for m in _CITE.finditer(sentence):
        found = _resolve(m.group(1), folded)
        if found is None:
            return Check(sentence, [], f"cites [{m.group(1)}], which is not a supplied passage")
        keys.extend(k for k in found if k not in keys)
    body = _LIST_MARK.sub("", _CITE.sub(" ", sentence))
    if not any(ch.isalnum() for ch in body):
        return Check(sentence, keys, "no statement")
    if not keys:
        return Check(sentence, [], "no citation")
    if _ECHO.search(body):
        return Check(sentence, keys, "repeats the prompt")
    known = set()
    for k in keys:
        known |= _numbers(k)
        for p in by_key[k]:
            known |= _numbers(p.text)
    for whole, groups in _claim_numbers(body):
        if whole not in known and not groups <= known:
            return Check(sentence, keys, f"states {whole}, which the cited passages do not")
    text = _CITE.sub(lambda m: _canonical(m.group(1), folded), sentence)
    return Check(text, keys)


def _resolve(inside: str, folded: dict[str, str]) -> list[str] | None:
    whole = inside.strip().strip("\"'“”").casefold()
    if whole in folded:
        return [folded[whole]]
    parts = re.split(r"[;,]|\s+(?:and|ja)\s+", inside)
    parts = [x.strip().strip("\"'“”").casefold() for x in parts if x.strip()]
    if parts and all(x in folded for x in parts):
        return [folded[x] for x in parts]
    return None


def _canonical(inside: str, folded: dict[str, str]) -> str:
    return " ".join(f"[{k}]" for k in _resolve(inside, folded) or [])


# -- generation ------------------------------------------------------------------------
def uses_llm(answer: Answer) -> bool:
    """Whether a language model may write this answer: a text answer the search found.

    Answers from register metadata (fields, related documents, the notice that an entry
    is restricted) and questions the register does not answer stay as they are.
    """
    return bool(answer.found and getattr(answer, "context", None))


class Generation:
    """A language-model answer for ``answer``'s question, streamed as it is verified.

    Iterate for the text (only kept sentences, masked for the user; on failure the note
    and the extractive answer); afterwards :attr:`answer` is the final :class:`Answer`.
    ``conversation``: the turns before this question (questions and the answers shown),
    which go into the prompt within the client's ``history_tokens``; add :attr:`answer` to
    it afterwards.
    """

    def __init__(
        self,
        assistant: Assistant,
        answer: Answer,
        user: User,
        client: LLMClient,
        today: dt.date | None = None,
        *,
        conversation: Conversation | None = None,
    ):
        self.assistant = assistant
        self.fallback = answer
        self.user = user
        self.client = client
        self.today = today or dt.date.today()
        self.passages: list[Passage] = list(getattr(answer, "context", None) or [])
        budget = getattr(client.settings, "history_tokens", 0)
        self.messages = build_messages(
            answer.question, answer.lang, self.passages, user, conversation, budget
        )
        self.checks: list[Check] = []
        self.reply = ""  # the model's text as it came, before any check
        self.answer: Answer | None = None
        self._citations: dict[tuple[int, int, int], Citation] = {}
        self._bad_keys: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        if self.answer is not None:
            yield self.answer.text
            return
        kept: list[str] = []
        reply, done = "", 0
        stream = self.client.stream(self.messages)
        try:
            if not self.passages:
                raise LLMError("no passages to give it")
            for delta in stream:
                reply += delta
                self.reply = reply
                pieces = split_sentences(reply)
                for sep, sentence in pieces[done : len(pieces) - 1]:
                    yield from self._take(sep, sentence, kept)
                done = max(done, len(pieces) - 1)
                if (
                    len(kept) >= MAX_ANSWER_SENTENCES
                    or len(self.checks) >= 4 * MAX_ANSWER_SENTENCES
                ):
                    break  # long enough, or going nowhere: the rest is not waited for
            else:
                for sep, sentence in split_sentences(reply)[done:]:
                    yield from self._take(sep, sentence, kept)
        except LLMError as exc:
            yield from self._fall_back("unavailable", kept, reason=str(exc))
            return
        finally:
            stream.close()  # hangs up on the server
        if not kept:
            yield from self._fall_back("unverified", kept)
            return
        self.answer = self._final(kept)

    def run(self) -> Answer:
        """Consume the whole stream; the final answer."""
        for _ in self:
            pass
        assert self.answer is not None
        return self.answer

    def _take(self, sep: str, sentence: str, kept: list[str]) -> Iterator[str]:
        check = check_sentence(sentence, self.passages)
        self.checks.append(check)
        if not check.ok or len(kept) >= MAX_ANSWER_SENTENCES:
            return
        cits = [self._cite(key, check.text) for key in check.keys]
        if None in cits:
            check.reason = "a citation did not verify"
            return
        for cit in cits:
            self._citations.setdefault((cit.doc_id, cit.start, cit.end), cit)
        sep = next((x for x in ("\n\n", "\n") if x in sep), " ") if kept else ""
        kept.append(sep + check.text)
        yield for_user(sep + check.text, self.user)

    def _cite(self, key: str, claim: str) -> Citation | None:
        """A verified citation of ``key``: the passage sentence closest to ``claim``."""
        if key in self._bad_keys:
            return None
        cit = self._best_quote(key, claim)
        if cit is None or not self.assistant.verify(cit, self.user, self.today):
            self._bad_keys.add(key)
            return None
        return cit

    def _best_quote(self, key: str, claim: str) -> Citation | None:
        reader = self.assistant.reader
        cands = []
        for p in self.passages:
            if p.key != key:
                continue
            doc = reader.catalog.document(p.doc_id)
            if doc is None:
                continue
            line_mode = p.kind in ("metadata", "record", "related")
            for s, e in sentence_spans(p.text, line_mode=line_mode) or [(0, len(p.text))]:
                a, b = p.start + s, p.start + e
                if doc.text[a:b].strip():
                    cands.append((p, doc, a, b, p.text[s:e]))
        if not cands:
            return None
        body = _CITE.sub(" ", claim)
        enc = reader.encoder
        sims = enc.encode_passages([c[4] for c in cands]) @ enc.encode_query(body)
        wanted = _numbers(body)
        scores = [
            float(sim) + 0.2 * len(wanted & _numbers(c[4]))
            for sim, c in zip(sims, cands, strict=True)
        ]
        p, doc, a, b, _ = cands[max(range(len(cands)), key=scores.__getitem__)]
        return Citation.of(reader.catalog, doc, a, b, p.page)

    def _final(self, kept: list[str]) -> Answer:
        fb = self.fallback
        answer = Answer(fb.question, "".join(kept), fb.lang)
        answer.citations = list(self._citations.values())
        answer.notes.append(NOTES["written"][fb.lang].format(model=self.client.model))
        dropped = sum(1 for c in self.checks if c.reason and c.reason != "no statement")
        if dropped:
            answer.notes.append(NOTES["dropped"][fb.lang].format(n=dropped))
        # the same last step as extractive answers: restricted marks, audit refs, masking
        return self.assistant._finish(answer, self.user, self.today)

    def _fall_back(self, why: str, kept: list[str], reason: str = "") -> Iterator[str]:
        note = NOTES[why][self.fallback.lang].format(reason=reason)
        self.fallback.notes.append(note)
        self.answer = self.fallback
        yield ("\n\n" if kept else "") + f"({note})\n\n" + self.fallback.text
