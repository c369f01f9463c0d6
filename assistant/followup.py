"""Follow-up questions shaped by the conversation, without a language model.

In a conversation most questions lean on what came before: "Is it the same for
earthquakes?", "What about bicycles?", "Speed limit", "ja kuidas on Tartus?". Rewriting
them needs a language model; instead the question is searched twice and the two runs are
fused (reciprocal rank fusion, see ``index.search.QueryContext``):

* as typed: a question that changes the topic is not dragged back to the old one;
* with the conversation: lexically with the content words of the last user turns added
  (conversational filler such as "can you please clarify" dropped), densely with the
  question's vector moved towards the earlier turns (``v(question) + 0.5 v(history)``;
  concatenating the turns into one text lets the history drown the question).

How much say the conversation gets depends on how much the question says on its own:
a word or two ("Speed limit", "What is the difference?", "Is it the same for
earthquakes?") name only part of what is asked, so the conversation counts twice as much
as the question; a question with a pronoun or an ellipsis marker ("what about", "ja
kuidas on", "I meant", "sama") counts as much as it; a self-contained question half.
Measured on the mtrag-govt conversations (bench/QUALITY.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant.lists import is_list_question
from assistant.model import Conversation
from index.search import QueryContext
from index.text import STOP_EN, STOP_ET, detect_lang, find_refs
from ingest.periods import find_period

# Anaphora and ellipsis: the question names its topic only through the conversation. The
# words are looked for in the question's own language only: English "need", "see" and
# "ka" are no pronouns, Estonian "need" ("these") and "see" ("it") are (issue 17: "I need
# the name of ..." was taken for a follow-up).
_FOLLOW = {
    "en": re.compile(
        r"\b(it|its|this|that|these|those|they|them|their|there|he|she|him|his|her|same|also|"
        r"too|other|others|another|else|such|what about|how about|and if|what if|and for|"
        r"i meant?|the one|the regular)\b",
        re.IGNORECASE,
    ),
    "et": re.compile(
        r"\b(see|seda|selle|sellest|sellel|selles|sellele|sellega|selleks|seal|sinna|need|"
        r"neid|nende|neile|tema|teda|talle|temal|nemad|sama|samuti|ka|teine|teised|muud|"
        r"ja kuidas|kuidas on|aga|mis siis|kas ka|mõtlesin|motlesin|pidasin silmas)\b",
        re.IGNORECASE,
    ),
}
# Conversational requests and reactions: words of the dialogue, not of the topic.
FILLER = frozenset(
    """please clarify explain tell know want wanted understand mean meant sure thanks thank
    great wow sounds sound maybe still just really okay hello like would could let give
    talking describe palun selgita selgitage seleta seletage räägi rääkige ütle öelge tahan
    tahaksin soovin sooviksin teada tean aitäh tänan äkki lihtsalt täpsusta täpsustage
    mõtlesin mõtlen pidasin silmas same else sama""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W_]+(?:[-/'’][^\W_]+)*", re.UNICODE)
LEXICAL_TURNS = 2  # earlier turns whose words are carried into the lexical query
DENSE_TURNS = 6  # earlier turns the history vector reads (most recent first)
# fusion weight of the runs with the conversation, by how the question leans on it
CONTEXT_WEIGHT = {"elliptic": 2.0, "anaphoric": 1.0, "self-contained": 0.5}


def content_words(text: str, drop_filler: bool = False) -> list[str]:
    words = [w for w in _WORD.findall(text) if w.casefold() not in STOP_EN | STOP_ET]
    return [
        w for w in words if len(w) > 2 and not (drop_filler and w.casefold() in FILLER)
    ]  # fmt: skip


def dependence(question: str) -> str:
    """How a question leans on the conversation: elliptic, anaphoric or self-contained."""
    if len(content_words(question, drop_filler=True)) <= 2:
        return "elliptic"  # a bare phrase, or a question about "it" with one topic word
    return "anaphoric" if _FOLLOW[detect_lang(question)].search(question) else "self-contained"


def is_follow_up(question: str) -> bool:
    """The question leans on the conversation: anaphora, ellipsis or a bare phrase."""
    return dependence(question) != "self-contained"


@dataclass(frozen=True)
class Shaped:
    """A question with what the conversation adds to its search."""

    question: str
    carried: tuple[str, ...] = ()  # content words of the last turns, most recent first
    history: str = ""  # earlier turns for the encoder, most recent first
    leans: str = "self-contained"  # see dependence()
    refs: tuple[str, ...] = ()  # references of the last turn naming any (follow-ups only)

    @property
    def follow_up(self) -> bool:
        return self.leans != "self-contained"

    @property
    def text(self) -> str:
        """One-string query: the question, then the carried words (for sentence scoring)."""
        return " ".join((self.question, *self.carried)) if self.follow_up else self.question

    @property
    def context(self) -> QueryContext | None:
        if not self.history:
            return None
        own = " ".join(content_words(self.question, drop_filler=True)) or self.question
        return QueryContext(
            lexical=" ".join((own, *self.carried)),
            history=self.history,
            refs=self.refs,
            weight=CONTEXT_WEIGHT[self.leans],
        )


def shape(question: str, history: list[str] | None, entry: str | None = None) -> Shaped:
    """Shape ``question`` by the earlier user turns ``history`` (oldest first).

    ``entry``: the key :func:`follow_up_entry` found; a reference there is searched as
    named, also when it came from an answer's citations rather than a question.
    """
    history = [h for h in (history or []) if h.strip()]
    if not history or find_refs(question):
        return Shaped(question)  # a named reference is self-contained
    own = {w.casefold() for w in content_words(question)}
    carried: dict[str, None] = {}
    for earlier in reversed(history[-LEXICAL_TURNS:]):
        for w in content_words(earlier, drop_filler=True):
            if w.casefold() not in own and w.casefold() not in {c.casefold() for c in carried}:
                carried[w] = None
    leans = dependence(question)
    if leans == "anaphoric" and entry is None and _refers_within(question, history):
        leans = "self-contained"  # "did CR14 ask about its minutes": CR14's, not the last
    named = next((find_refs(h) for h in reversed(history[-LEXICAL_TURNS:]) if find_refs(h)), [])
    if entry is not None and find_refs(entry) == [entry]:
        named = [entry]
    return Shaped(
        question=question,
        carried=tuple(carried),
        history=" ".join(reversed(history[-DENSE_TURNS:])),
        leans=leans,
        refs=tuple(named) if leans != "self-contained" else (),
    )


def shape_query(question: str, history: list[str]) -> str:
    """The one-string search query for ``question`` given earlier user turns (oldest first)."""
    return shape(question, history).text


# -- the entry a follow-up is about --------------------------------------------------------
# Words that point back at one entry: "who signed it?", "millal see registreeriti?". Fewer
# than _FOLLOW: "that" and "there" are mostly conjunctions and adverbs in a new question.
_POINTS_BACK = {
    "en": re.compile(
        r"\b(it|its|this|these|those|they|them|their|he|she|him|his|her|same|the reply|"
        r"the answer|the attachments?)\b",
        re.IGNORECASE,
    ),
    "et": re.compile(
        r"\b(see|seda|selle|sellest|sellel|selles|sellele|sellega|selleks|sellesse|seal|"
        r"need|neid|nende|neile|tema|teda|talle|temal|ta|tal|seesama|"
        r"sama|samas|samasse|samast|samale|samal|samalt|samad|samade|samu|"
        r"vastus|vastust|vastuse)\b",
        re.IGNORECASE,
    ),
}
# "the letter" with nothing to tell which letter: the one discussed ("what does the letter
# say about encryption?"); "the letter from ECPAT" describes another
_THE_DOCUMENT = re.compile(
    r"\bthe (?:letter|document|entry|decision|contract|file|e-?mail|message|record)\b"
    r"(?!\s+(?:from|about|of|to|on|regarding|by|with|dated|sent|that|which|in|for)\b)",
    re.IGNORECASE,
)
# An opening that continues the last question: "and the reply?", "ja kes vastutab?"
_CONTINUES = re.compile(
    r"^\W*(?:and|but|also|so|what about|how about|ja|ning|aga|kuidas on|mis siis|kas ka|ka)\b",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"[\w.-]+\.(?:pdf|docx?|odt|rtf|txt|html?|eml|msg|asice|bdoc|ddoc|json|xml|xlsx?)\b", re.I
)
# a proper name in the question (an acronym, or a capital inside the sentence): a new topic
_NAME = re.compile(r"(?<=\s)[A-ZÕÄÖÜŠŽ][\wõäöüšž-]+|\b[A-ZÕÄÖÜŠŽ]{2,}\b")
MAX_ELLIPTIC_WORDS = 2


def last_entry(conversation: Conversation | None) -> str | None:
    """The entry the conversation was last about, if one entry: its citation key.

    An unanswered turn leaves the topic where it was; a turn whose answer cited several
    entries (a list) leaves no single entry to refer back to.
    """
    for turn in reversed(conversation.turns if conversation else []):
        keys = list(dict.fromkeys(turn.keys))
        named = [r for r in find_refs(turn.question) if r in keys]
        if named:
            return named[0]
        if len(keys) == 1:
            return keys[0]
        if keys:
            return None
    return None


def follow_up_entry(
    question: str, conversation: Conversation | None, today: dt.date | None = None
) -> str | None:
    """The citation key of the entry ``question`` refers back to, or None.

    A pronoun ("who signed it?", "millal see registreeriti?"), a continuing opening ("and
    the reply?", "ja kes selle eest vastutab?") or a bare field question ("kes vastutab?",
    "who signed?") keeps the last entry discussed. A question naming a reference or a file
    starts afresh, and so does a question that stands on its own: a list over the register,
    a proper name, or more than a couple of words of its own.
    """
    key = last_entry(conversation)
    if key is None or find_refs(question) or _FILE_NAME.search(question):
        return None
    today = today or dt.date.today()
    # "this week", "sel aastal": a period, not a pronoun
    text = question
    if (p := find_period(question, today)) is not None:
        text = question[: p.span[0]] + " " + question[p.span[1] :]
    lang = detect_lang(question)
    said = " ".join(f"{t.question} {t.answer}" for t in conversation.turns[-2:])
    if _new_names(text, said):
        return None  # a new name starts a new topic, even with a pronoun ("its minutes")
    if _POINTS_BACK[lang].search(text) or _CONTINUES.search(text):
        return key
    if lang == "en" and _THE_DOCUMENT.search(text):
        return key
    if is_list_question(question) or _NAME.search(" " + text.strip()[1:]):
        return None
    own = [w for w in content_words(text, drop_filler=True) if w.casefold() not in _QUESTION_WORDS]
    return key if len(own) <= MAX_ELLIPTIC_WORDS else None


# pronouns that may point at a name earlier in the same question
_OWN_PRONOUN = re.compile(r"^(?:its|their|his|her|hers|they|them|he|she|him|tema|nende)$", re.I)


def _refers_within(question: str, history: list[str]) -> bool:
    """Every word that looks back is a pronoun after a name the conversation has not had:
    it points at that name ("which restriction did CR14 ask about for its minutes")."""
    q = question.strip()
    new = _new_names(q, " ".join(history[-LEXICAL_TURNS:]))
    cues = list(_FOLLOW[detect_lang(q)].finditer(q))
    return bool(new and cues) and all(
        _OWN_PRONOUN.match(c.group()) and c.start() > new[0] for c in cues
    )


def _new_names(question: str, said: str) -> list[int]:
    """Where the question names something the conversation has not had ("... did CR14 ask
    ..."); its first word is capitalised as any sentence's is, so it names nothing."""
    q, said = question.strip(), said.casefold()
    return [
        m.start()
        for m in _NAME.finditer(" " + q[1:])
        if len(m.group().strip()) > 1 and m.group().strip().casefold() not in said
    ]


_QUESTION_WORDS = frozenset(
    """who whom whose what which when where why how kes keda kelle kellele kellelt mis mida
    mille millal kus kuhu kust miks kuidas milline millised kas""".split()  # noqa: SIM905
)
