"""The one way a shell asks Viit a question: answer, language model with its fallback, audit.

The terminal, the app and any shell to come call :meth:`Service.ask` and only display what
it returns, so none of them can skip the audit log or wire the language model differently.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from assistant.answer import Assistant
from assistant.audit import audit, record_feedback
from assistant.llm import Generation, LLMClient, LLMSettings, uses_llm
from assistant.model import Answer, Conversation
from assistant.privacy import PUBLIC, User
from assistant.ui_text import t
from index.search import Filters, IndexReader

log = logging.getLogger(__name__)


class Service:
    """Questions over one index, as one user at a time asks them.

    ``VIIT_LLM_*`` is read once here: a setting that does not parse leaves answers
    extractive and says so in every answer's notes (:attr:`llm_error`) rather than
    failing the question.
    """

    def __init__(self, index_dir: Path, reader: IndexReader | None = None):
        self.index_dir = Path(index_dir)
        self.reader = reader if reader is not None else IndexReader(self.index_dir)
        self.assistant = Assistant(self.reader)
        self.llm: LLMSettings | None = None
        self.llm_error: str | None = None
        try:
            self.llm = LLMSettings.from_env()
        except ValueError as exc:
            self.llm_error = str(exc)
            log.warning("language model setting ignored: %s", exc)

    @property
    def model(self) -> str | None:
        """The language model that writes answers, or None: answers are extractive."""
        return self.llm.model if self.llm is not None else None

    def ask(
        self,
        question: str,
        user: User = PUBLIC,
        *,
        conversation: Conversation | None = None,
        filters: Filters | None = None,
        use_llm: bool = True,
        on_text: Callable[[str], None] | None = None,
        today: dt.date | None = None,
    ) -> Answer:
        """The cited answer, audited; added to ``conversation`` when one is given.

        With a language model set up (and ``use_llm``), a text answer is rewritten by it
        and ``on_text`` receives each verified piece as it streams (or, if the model
        fails, its note and the extractive answer); an answer from register metadata or
        with no language model is returned without calling ``on_text``.
        """
        answer = self.assistant.ask(
            question, user=user, filters=filters, today=today, conversation=conversation
        )
        if use_llm and self.llm_error:
            answer.notes.append(t("llm.setting_ignored", answer.lang, detail=self.llm_error))
        elif use_llm and self.llm is not None and uses_llm(answer):
            gen = Generation(
                self.assistant, answer, user, LLMClient(self.llm), today=today,
                conversation=conversation,
            )  # fmt: skip
            for piece in gen:
                if on_text is not None:
                    on_text(piece)
            answer = gen.answer or answer
        audit(self.index_dir, user, question, answer)
        if conversation is not None:
            conversation.add(answer)
        return answer

    def feedback(self, user: User, answer: Answer, up: bool) -> None:
        """A thumbs up or down on an answer, kept with the question for evaluation."""
        record_feedback(self.index_dir, user, answer, up)
