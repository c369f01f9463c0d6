"""Follow-up questions shaped by the conversation, without a language model.

"Is it the same for earthquakes?" carries little on its own: a short question that
leans on what came before (pronouns, "same", "what about") is searched together with the
content words of the previous question(s).
"""

from __future__ import annotations

import re

from index.text import STOP_EN, STOP_ET, find_refs

_FOLLOW = re.compile(
    r"\b(it|its|this|that|these|those|they|them|there|same|also|too|what about|how about|"
    r"and if|see|seda|sellele|selle|need|nende|sama|samuti|ka|aga|kas see|mis siis)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*", re.UNICODE)


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.casefold() not in STOP_EN | STOP_ET and len(w) > 2]


def is_follow_up(question: str) -> bool:
    words = content_words(question)
    return bool(_FOLLOW.search(question)) or len(words) <= 2


def shape_query(question: str, history: list[str], turns: int = 2) -> str:
    """The search query for ``question`` given earlier user turns (oldest first)."""
    if not history or find_refs(question) or not is_follow_up(question):
        return question
    own = {w.casefold() for w in content_words(question)}
    carried: list[str] = []
    for earlier in history[-turns:]:
        for w in content_words(earlier):
            if w.casefold() not in own and w not in carried:
                carried.append(w)
    return f"{question} {' '.join(carried)}" if carried else question
