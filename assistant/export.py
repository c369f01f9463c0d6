"""An answer with its citations as Markdown, for pasting into a reply or a file note."""

from __future__ import annotations

from assistant.answer import Answer


def answer_markdown(answer: Answer) -> str:
    lines = [f"**Q:** {answer.question}", "", answer.text, ""]
    for n, c in enumerate(answer.citations, 1):
        ref = c.ref or f"{c.name} (no register reference)"
        page = f", p. {c.page}" if c.page else ""
        meta = ", ".join(x for x in (c.date, c.doc_type, c.correspondent) if x)
        lines.append(f"{n}. **{ref}** {c.title} ({meta}{page})")
        lines.extend(f"   > {line}" for line in c.quote.splitlines() if line.strip())
    return "\n".join(lines) + "\n"
