"""Viit in the browser: chat with cited answers, entry view, admin (rebuild, upload).

Only the interface lives here: answers come from :class:`assistant.service.Service`, words
from :mod:`assistant.ui_text`, citation and build wording from :mod:`assistant.present`.
Icons are Streamlit's bundled Material Symbols, so a lock or the title mark never depends
on the fonts of the machine that shows the page. Run with ``viit serve``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

import streamlit as st

from assistant.admin import RebuildJob, save_upload
from assistant.entry_view import entry_view
from assistant.examples import examples
from assistant.export import answer_markdown
from assistant.model import Answer, Conversation
from assistant.present import card_text, meta_line, page_label
from assistant.privacy import PUBLIC, User
from assistant.service import Service
from assistant.ui_text import LANG_NAMES, LANGS, browser_lang, field_label, t
from assistant.users import authenticate
from index.search import Filters
from index.store import IndexMissing, IndexProblem

INDEX_DIR = Path(os.environ.get("VIIT_INDEX", "viit-index"))
PUBLIC_URL = os.environ.get("VIIT_PUBLIC_URL", "")  # e.g. https://register.example/search?ref={ref}
LOCK = ":material/lock:"
TITLE_ICON = ":material/bookmarks:"
FILTER_KEYS = ("type", "function", "series", "file", "correspondent")

log = logging.getLogger("viit.app")
if not log.handlers:  # the server log (stderr) gets the detail behind a friendly message
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)

st.set_page_config(page_title="Viit", page_icon=TITLE_ICON, layout="wide")


@st.cache_resource
def _service(path: str, llm_settings: tuple) -> Service:
    """One service per index and language-model setting: a changed VIIT_LLM_* setting
    takes effect without a restart."""
    return Service(Path(path))


def _llm_settings() -> tuple:
    return tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("VIIT_LLM_")))


@st.cache_resource
def _jobs() -> dict[str, RebuildJob]:
    return {}


def user() -> User:
    return st.session_state.get("user", PUBLIC)


def lang() -> str:
    """The interface language: the user's choice, else what the browser asks for."""
    if st.session_state.get("lang") not in LANGS:
        try:
            header = st.context.headers.get("Accept-Language")
        except Exception:  # no request behind this run (a script test)
            header = None
        st.session_state.lang = browser_lang(header)
    return st.session_state.lang


def _pick_lang() -> None:
    """A click on the selected language unselects it: keep the language then."""
    if st.session_state.get("lang_pick") in LANGS:
        st.session_state.lang = st.session_state.lang_pick


def _md(text: str) -> str:
    """Register text shown as Markdown without being read as Markdown (or as LaTeX)."""
    text = re.sub(r"([\\`*_\[\]{}<>#|$~])", r"\\\1", text)
    return text.replace("🔒", LOCK).replace("\n", " ")


# -- sidebar -----------------------------------------------------------------------------
def sidebar(service: Service | None) -> Filters:
    lg = lang()
    with st.sidebar:
        st.title(f"{TITLE_ICON} {t('app.title', lg)}")
        st.caption(t("app.tagline", lg))
        st.session_state.lang_pick = lg  # shows the language chosen so far
        st.segmented_control(
            "Keel / Language", LANGS, key="lang_pick", format_func=LANG_NAMES.get,
            label_visibility="collapsed", on_change=_pick_lang,
        )  # fmt: skip
        sign_in(lg)
        if user().admin:  # index status, uploads and rebuilds: admins only
            st.radio(
                t("page.label", lg), ["Ask", "Admin"], key="page", horizontal=True,
                format_func=lambda p: t(f"page.{p.lower()}", lg),
            )  # fmt: skip
        if service is not None:
            s = service.reader.status()
            st.subheader(t("index.heading", lg))
            st.markdown(
                t("index.counts", lg, **s) + "  \n" + t("index.model", lg, **s)
                + "  \n" + (t("answers.llm", lg, model=service.model) if service.model
                            else t("answers.extractive", lg))
            )  # fmt: skip
            if s["failed"]:
                st.caption(t("index.failed", lg, n=s["failed"]))
        return filters(lg)


def sign_in(lg: str) -> None:
    who = user()
    if who.cleared or who.name != "public":
        cleared = t("auth.cleared", lg) if who.cleared else ""
        st.success(t("auth.signed_in", lg, name=who.name) + cleared, icon=":material/person:")
        if st.button(t("auth.sign_out", lg), icon=":material/logout:"):
            st.session_state.user = PUBLIC
            st.rerun()
        return
    with st.form("signin", clear_on_submit=True):
        st.caption(t("auth.hint", lg))
        name = st.text_input(t("auth.user", lg))
        password = st.text_input(t("auth.password", lg), type="password")
        if st.form_submit_button(t("auth.sign_in", lg), icon=":material/login:"):
            found = authenticate(name, password)
            if found is None:
                st.error(t("auth.failed", lg))
            else:
                st.session_state.user = found
                st.rerun()


def _clear_filters() -> None:
    for k in (*FILTER_KEYS, "from", "to"):
        st.session_state.pop(f"f.{k}", None)
    st.session_state["f.access"] = "any"


def filters(lg: str) -> Filters:
    st.subheader(t("filters.heading", lg))
    c1, c2 = st.columns(2)
    date_from = c1.date_input(t("filters.from", lg), value=None, format="DD.MM.YYYY", key="f.from")
    date_to = c2.date_input(t("filters.to", lg), value=None, format="DD.MM.YYYY", key="f.to")
    text = {k: st.text_input(t(f"filters.{k}", lg), key=f"f.{k}") or None for k in FILTER_KEYS}
    access = st.selectbox(
        t("filters.access", lg), ["any", "public", "restricted"], key="f.access",
        format_func=lambda a: t(f"filters.access.{a}", lg),
    )  # fmt: skip
    chosen = Filters(
        date_from=date_from, date_to=date_to, doc_type=text["type"], function=text["function"],
        series=text["series"], file=text["file"], correspondent=text["correspondent"],
        access=None if access == "any" else access,
    )  # fmt: skip
    if chosen.active():
        st.button(t("filters.clear", lg), on_click=_clear_filters, icon=":material/filter_alt_off:")
    return chosen


# -- chat ----------------------------------------------------------------------------------
def show_answer(service: Service, i: int, answer: Answer, lg: str) -> None:
    st.markdown(answer.text.replace("🔒", LOCK))
    for n, card in enumerate(answer.cards, 1):
        icon = LOCK if card.restricted else ":material/description:"
        with st.expander(f"[{n}] {_md(card_text(card, lg))}", icon=icon):
            for c in card.citations:
                where = " · ".join(
                    x for x in (meta_line(c), page_label(c.page, lg, c.scanned)) if x
                )
                st.caption(_md(where))
                st.markdown("\n".join(f"> {_md(line)}" for line in c.quote.splitlines() if line))
            st.caption(t("answer.copy", lg))
            st.code(card_text(card, lg), language=None, wrap_lines=True)
            cols = st.columns([1, 1, 3])
            first = card.citations[0]
            if cols[0].button(
                t("answer.open", lg), key=f"open-{i}-{n}", icon=":material/open_in_new:"
            ):
                st.session_state.view = {
                    "key": card.key, "doc": first.doc_id, "start": first.start, "end": first.end,
                }  # fmt: skip
                st.rerun()
            if PUBLIC_URL and card.ref:
                cols[1].link_button(t("answer.public", lg), PUBLIC_URL.format(ref=card.ref))
    if answer.citations or answer.text:
        cols = st.columns([2, 5])
        cols[0].download_button(
            t("answer.export", lg), answer_markdown(answer), file_name="viit-answer.md",
            key=f"export-{i}", icon=":material/download:",
        )  # fmt: skip
        with cols[1]:
            vote = st.feedback("thumbs", key=f"fb-{i}")
            if vote is not None and not st.session_state.get(f"fb-done-{i}"):
                service.feedback(user(), answer, up=bool(vote))
                st.session_state[f"fb-done-{i}"] = True
    for note in answer.notes:
        st.caption(_md(note))


def _ask_example(question: str, example_filters: dict[str, str]) -> None:
    """Run an example as if typed, with the filter it shows set in the sidebar."""
    for name, value in example_filters.items():
        st.session_state[f"f.{name}"] = value
    st.session_state.pending = question


def empty_chat(service: Service, lg: str) -> None:
    st.subheader(t("chat.empty.title", lg))
    st.markdown(t("chat.empty.intro", lg))
    found = examples(service.reader, lg)
    if not found:
        st.info(t("chat.empty.none", lg))
    icons = {
        "field": ":material/event:", "content": ":material/article:",
        "related": ":material/account_tree:", "filter": ":material/filter_alt:",
    }  # fmt: skip
    for n, ex in enumerate(found):
        note = ""
        if ex.filters:
            name, value = next(iter(ex.filters.items()))
            note = " · " + t("example.filter_note", lg, label=t(f"filters.{name}", lg), value=value)
        st.caption(t(f"example.{ex.kind}", lg) + note)
        st.button(
            ex.question, key=f"example-{n}", icon=icons.get(ex.kind),
            on_click=_ask_example, args=(ex.question, ex.filters),
        )  # fmt: skip


def page_chat(service: Service, chosen: Filters, lg: str) -> None:
    messages = st.session_state.setdefault("messages", [])
    conversation = st.session_state.setdefault("conversation", Conversation())
    typed = st.chat_input(t("chat.placeholder", lg))
    question = typed or st.session_state.pop("pending", None)
    if not messages and not question:
        empty_chat(service, lg)
        return
    if messages and st.button(t("chat.new", lg), icon=":material/add_comment:"):
        st.session_state.messages, st.session_state.conversation = [], Conversation()
        st.rerun()
    for i, msg in enumerate(messages):
        with st.chat_message("user"):
            st.markdown(_md(msg["question"]))
        with st.chat_message("assistant"):
            show_answer(service, i, msg["answer"], lg)
    if not question:
        return
    with st.chat_message("user"):
        st.markdown(_md(question))
        if chosen.active():
            st.caption(t("filters.active", lg, filters=_filter_summary(chosen, lg)))
    with st.chat_message("assistant"):
        slot, shown = st.empty(), []

        def on_text(piece: str) -> None:
            shown.append(piece)
            slot.markdown("".join(shown).replace("🔒", LOCK))

        try:
            with st.spinner(t("chat.searching", lg)):
                answer = service.ask(
                    question, user(), conversation=conversation, filters=chosen, on_text=on_text
                )
        except Exception:
            log.exception("answering %r failed", question)
            slot.empty()
            st.error(t("answer.error", lg), icon=":material/error:")
            return
        slot.empty()  # show_answer shows the final text with its citations
        show_answer(service, len(messages), answer, lg)
    messages.append({"question": question, "answer": answer})


def _filter_summary(chosen: Filters, lg: str) -> str:
    names = {"doc_type": "type", "date_from": "from", "date_to": "to"}
    parts = []
    for name, value in vars(chosen).items():
        if value not in (None, "", ()):
            if name == "access":
                value = t(f"filters.access.{value}", lg)
            parts.append(f"{t('filters.' + names.get(name, name), lg)} = {value}")
    return "; ".join(parts)


# -- entry view ----------------------------------------------------------------------------
def page_entry(service: Service, lg: str) -> None:
    view_req = st.session_state.view
    if st.button(t("entry.back", lg), icon=":material/arrow_back:"):
        st.session_state.view = None
        st.rerun()
    view = entry_view(service.reader, view_req["key"], user())
    if view is None:
        st.error(t("entry.missing", lg, key=view_req["key"]))
        return
    lock = f" {LOCK}" if view.restricted else ""
    st.header(f"{_md(view.ref or view.key)}{lock} {_md(view.title)}")
    if view.ref is None:
        st.caption(t("entry.no_ref", lg))
    rows = [(field_label(k, lg), v) for k, v in view.metadata + view.access]
    st.markdown(_table([t("entry.field", lg), t("entry.value", lg)], rows))
    if PUBLIC_URL and view.ref:
        st.link_button(t("entry.public", lg), PUBLIC_URL.format(ref=view.ref))
    if view.related:
        st.subheader(t("entry.related", lg))
        cols = [t(f"entry.col.{c}", lg) for c in ("date", "ref", "title", "type", "parties")]
        rows = [
            (r["date"], (r["ref"] or "") + (" 🔒" if r["restricted"] else ""), r["title"],
             r["doc_type"], r["parties"] or r["org"])
            for r in view.related
        ]  # fmt: skip
        st.markdown(_table(cols, rows))
    st.subheader(t("entry.documents", lg))
    for d in view.documents:
        label = d.part or Path(d.file).name
        with st.expander(f"{_md(label)} ({d.format})", expanded=d.doc_id == view_req.get("doc")):
            if d.text is None:
                st.warning(t("entry.withheld", lg), icon=LOCK)
                continue
            text = d.text
            if d.doc_id == view_req.get("doc"):
                a, b = view_req["start"], view_req["end"]
                body = (
                    html.escape(text[:a]) + '<mark id="cited">' + html.escape(text[a:b]) + "</mark>"
                    + html.escape(text[b:])
                )  # fmt: skip
            else:
                body = html.escape(text)
            st.markdown(
                f'<div class="viit-doc" style="white-space: pre-wrap; max-height: 32rem; '
                f'overflow-y: auto">{body}</div>',
                unsafe_allow_html=True,
            )
            source = Path(service.reader.meta.get("source", "")) / d.file
            if not d.part and source.is_file():
                st.download_button(
                    t("entry.download", lg), source.read_bytes(), file_name=source.name,
                    key=f"dl-{d.doc_id}", icon=":material/download:",
                )  # fmt: skip


def _table(header: list[str], rows: list[tuple]) -> str:
    """A Markdown table: unlike st.table it shows the lock icon in a cell."""
    lines = ["| " + " | ".join(_md(h) for h in header) + " |", "|" + " --- |" * len(header)]
    lines += [
        "| " + " | ".join(_md("" if v is None else str(v)) for v in row) + " |" for row in rows
    ]
    return "\n".join(lines)


# -- admin ---------------------------------------------------------------------------------
def page_admin(service: Service | None, lg: str) -> None:
    st.header(t("admin.title", lg))
    if not user().admin:
        st.error(t("admin.only", lg))
        return
    reader = service.reader if service is not None else None
    source = Path(reader.meta.get("source", "")) if reader is not None else None
    source_text = st.text_input(t("admin.folder", lg), value=str(source or ""))
    source = Path(source_text) if source_text else None
    if reader is not None:
        st.subheader(t("admin.status", lg))
        status = reader.status()
        st.markdown(_table(["", ""], [(t(f"status.{k}", lg), v) for k, v in status.items()]))
        failures = reader.catalog.failures()
        if failures:
            st.subheader(t("admin.failures", lg))
            st.markdown(
                _table(
                    [t("admin.col.file", lg), t("admin.col.reason", lg)],
                    [(f.path, f.reason) for f in failures],
                )
            )
    uploads = st.file_uploader(t("admin.upload", lg), accept_multiple_files=True)
    if uploads and source is not None and st.button(t("admin.save", lg), icon=":material/save:"):
        for up in uploads:
            ok, message = save_upload(source, up.name, up.getvalue(), lang=lg)
            (st.success if ok else st.error)(message)
    jobs = _jobs()
    job = jobs.get(str(INDEX_DIR))
    busy = source is None or (job is not None and job.running)
    if st.button(t("admin.rebuild", lg), disabled=busy, icon=":material/sync:"):
        job = jobs[str(INDEX_DIR)] = RebuildJob(source, INDEX_DIR).start()
    if job is not None:
        show_job(job, lg)


@st.fragment(run_every=1.0)
def show_job(job: RebuildJob, lg: str) -> None:
    _, done, total = job.progress
    st.progress(done / total if total else 0.0, text=job.progress_text(lg))
    if job.error:
        st.error(job.error_text(lg))
    elif job.report is not None:
        st.success(job.summary(lg))


def main() -> None:
    lg = lang()
    problem = None
    try:
        service = _service(str(INDEX_DIR), _llm_settings())
    except IndexMissing:
        service, problem = None, t("index.missing", lg)
    except IndexProblem as exc:
        log.warning("index %s: %s", INDEX_DIR, exc)
        service, problem = None, t("index.broken", lg, detail=exc)
    if service is not None:
        service.reader.refresh()  # a finished rebuild is shown without a restart
    chosen = sidebar(service)
    lg = lang()
    if st.session_state.get("page") == "Admin" and user().admin:
        page_admin(service, lg)
    elif service is None:
        st.info(problem, icon=":material/info:")
    elif st.session_state.get("view"):
        page_entry(service, lg)
    else:
        page_chat(service, chosen, lg)


try:
    main()
except st.runtime.scriptrunner.StopException:
    raise
except Exception:
    log.exception("the page failed")
    st.error(t("answer.error", st.session_state.get("lang")), icon=":material/error:")
