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

import re
from dataclasses import dataclass

from index.search import QueryContext
from index.text import STOP_EN, STOP_ET, find_refs

# Anaphora and ellipsis: the question names its topic only through the conversation.
_FOLLOW = re.compile(
    r"\b(it|its|this|that|these|those|they|them|their|there|he|she|him|his|her|same|also|"
    r"too|other|others|another|else|such|what about|how about|and if|what if|and for|"
    r"i meant?|the one|the regular|see|seda|selle|sellest|sellel|selles|sellele|seal|sinna|"
    r"need|neid|nende|tema|nemad|sama|samuti|ka|teine|teised|muud|ja kuidas|kuidas on|"
    r"aga|mis siis|kas ka|mõtlesin|pidasin silmas)\b",
    re.IGNORECASE,
)
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
    return "anaphoric" if _FOLLOW.search(question) else "self-contained"


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


def shape(question: str, history: list[str] | None) -> Shaped:
    """Shape ``question`` by the earlier user turns ``history`` (oldest first)."""
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
    named = next((find_refs(h) for h in reversed(history[-LEXICAL_TURNS:]) if find_refs(h)), [])
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
