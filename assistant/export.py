"""An answer with its citations as Markdown, for pasting into a reply or a file note."""

from __future__ import annotations

from assistant.model import Answer
from assistant.present import citation_text, page_label


def answer_markdown(answer: Answer) -> str:
    """One numbered line per entry with its quoted passages under it, as the app shows them."""
    lines = [f"**Q:** {answer.question}", "", answer.text, ""]
    for n, card in enumerate(answer.cards, 1):
        lines.append(f"{n}. **{citation_text(card, answer.lang)}**")
        for c in card.citations:
            lines.extend(f"   > {line}" for line in c.quote.splitlines() if line.strip())
            if c.page:
                lines.append(f"   > ({page_label(c.page, answer.lang, c.scanned)})")
    return "\n".join(lines) + "\n"
