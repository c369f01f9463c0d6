"""Viit in the browser: chat with cited answers, entry view, admin (rebuild, upload).

Only the interface lives here: answers come from :mod:`assistant`, index status and
rebuilds from :mod:`index` through their public functions. Run with ``viit serve``.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import streamlit as st

from assistant.admin import RebuildJob, save_upload
from assistant.answer import Answer, Assistant
from assistant.audit import audit, record_feedback
from assistant.entry_view import entry_view
from assistant.export import answer_markdown
from assistant.llm import Generation, LLMClient, LLMSettings, uses_llm
from assistant.privacy import PUBLIC, User
from assistant.users import authenticate
from index.search import Filters, IndexReader
from index.store import IndexError_

INDEX_DIR = Path(os.environ.get("VIIT_INDEX", "viit-index"))
PUBLIC_URL = os.environ.get("VIIT_PUBLIC_URL", "")  # e.g. https://register.example/search?ref={ref}

st.set_page_config(page_title="Viit", page_icon="📑", layout="wide")


@st.cache_resource
def _reader(path: str) -> IndexReader:
    return IndexReader(Path(path))


@st.cache_resource
def _jobs() -> dict[str, RebuildJob]:
    return {}


def user() -> User:
    return st.session_state.get("user", PUBLIC)


def sidebar(reader: IndexReader | None) -> Filters:
    with st.sidebar:
        st.title("📑 Viit")
        who = user()
        if who.cleared or who.name != "public":
            st.success(
                f"Signed in: {who.name}" + (" (cleared for restricted)" if who.cleared else "")
            )
            if st.button("Sign out"):
                st.session_state.user = PUBLIC
                st.rerun()
        else:
            with st.form("signin", clear_on_submit=True):
                st.caption("Sign in to see restricted entries you are cleared for.")
                name = st.text_input("User name")
                password = st.text_input("Password", type="password")
                if st.form_submit_button("Sign in"):
                    found = authenticate(name, password)
                    if found is None:
                        st.error("Unknown user or wrong password.")
                    else:
                        st.session_state.user = found
                        st.rerun()
        if who.admin:  # index status, uploads and rebuilds: admins only
            st.radio("Page", ["Ask", "Admin"], key="page", horizontal=True)
        if reader is not None:
            s = reader.status()
            st.subheader("Index")
            st.markdown(
                f"**{s['documents']}** files · **{s['entries']}** entries · "
                f"**{s['chunks']}** chunks  \n"
                f"model `{s['encoder']}`  \nlast build {s['built_at']}"
            )
            if s["failed"]:
                st.caption(f"{s['failed']} files could not be read (see Admin)")
        st.subheader("Filters")
        c1, c2 = st.columns(2)
        date_from = c1.date_input("From", value=None, format="DD.MM.YYYY")
        date_to = c2.date_input("To", value=None, format="DD.MM.YYYY")
        return Filters(
            date_from=date_from,
            date_to=date_to,
            doc_type=st.text_input("Type (Liik)") or None,
            function=st.text_input("Function") or None,
            series=st.text_input("Series (Sari)") or None,
            file=st.text_input("File (Toimik)") or None,
            correspondent=st.text_input("Correspondent") or None,
            access={"any": None, "public": "public", "restricted": "restricted"}[
                st.selectbox("Access", ["any", "public", "restricted"])
            ],
        )


def show_answer(i: int, answer: Answer) -> None:
    st.markdown(answer.text)
    for n, c in enumerate(answer.citations, 1):
        lock = " 🔒" if c.restricted else ""
        label = c.ref or f"{c.name} (no register reference)"
        with st.expander(f"[{n}] {label}{lock} — {c.title}"):
            page = f" · p. {c.page}" if c.page else ""
            st.caption(" · ".join(x for x in (c.date, c.doc_type, c.correspondent) if x) + page)
            st.markdown(f"> {c.quote}")
            cols = st.columns(3)
            if cols[0].button("Open entry", key=f"open-{i}-{n}"):
                st.session_state.view = {
                    "key": c.key, "doc": c.doc_id, "start": c.start, "end": c.end,
                }  # fmt: skip
                st.rerun()
            cols[1].code(f"[{c.key}] {c.title}", language=None)
            if PUBLIC_URL and c.ref:
                cols[2].link_button("Public register", PUBLIC_URL.format(ref=c.ref))
    if answer.citations or answer.text:
        cols = st.columns([1, 4])
        cols[0].download_button(
            "Export (Markdown)", answer_markdown(answer), file_name="viit-answer.md",
            key=f"export-{i}",
        )  # fmt: skip
        with cols[1]:
            vote = st.feedback("thumbs", key=f"fb-{i}")
            if vote is not None and not st.session_state.get(f"fb-done-{i}"):
                record_feedback(INDEX_DIR, user(), answer, up=bool(vote))
                st.session_state[f"fb-done-{i}"] = True
    for note in answer.notes:
        st.caption(note)


def page_entry(reader: IndexReader) -> None:
    view_req = st.session_state.view
    if st.button("← Back to the chat"):
        st.session_state.view = None
        st.rerun()
    view = entry_view(reader, view_req["key"], user())
    if view is None:
        st.error(f"No entry {view_req['key']} in the index.")
        return
    title = dict(view.metadata).get("Pealkiri", "")
    st.header(f"{view.ref or view.key}{' 🔒' if view.restricted else ''} {title}")
    if view.ref is None:
        st.caption("No register reference: cited by its file name.")
    meta = view.metadata + view.access
    st.table({"Field": [k for k, _ in meta], "Value": [v for _, v in meta]})
    if PUBLIC_URL and view.ref:
        st.link_button("Open in the public register", PUBLIC_URL.format(ref=view.ref))
    if view.related:
        st.subheader("Related documents")
        st.table(
            {
                "Date": [r["date"] for r in view.related],
                "Reference": [
                    (r["ref"] or "") + (" 🔒" if r["restricted"] else "") for r in view.related
                ],
                "Title": [r["title"] for r in view.related],
                "Type": [r["doc_type"] for r in view.related],
                "Parties": [r["parties"] or r["org"] for r in view.related],
            }
        )
    st.subheader("Documents")
    for d in view.documents:
        label = d.part or Path(d.file).name
        with st.expander(f"{label} ({d.format})", expanded=d.doc_id == view_req.get("doc")):
            if d.text is None:
                st.warning("Restricted: the text is not shown to you.")
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
            source = Path(reader.meta.get("source", "")) / d.file
            if not d.part and source.is_file():
                st.download_button(
                    "Download file", source.read_bytes(), file_name=source.name,
                    key=f"dl-{d.doc_id}",
                )  # fmt: skip


def page_chat(reader: IndexReader, filters: Filters) -> None:
    assistant = Assistant(reader)
    messages = st.session_state.setdefault("messages", [])
    for i, msg in enumerate(messages):
        with st.chat_message("user"):
            st.markdown(msg["question"])
        with st.chat_message("assistant"):
            show_answer(i, msg["answer"])
    question = st.chat_input("Ask about the register (Estonian or English)…")
    if question:
        history = [m["question"] for m in messages]
        with st.chat_message("user"):
            st.markdown(question)
        with st.chat_message("assistant"):
            with st.spinner("Searching the register…"):
                answer = assistant.ask(question, user=user(), history=history, filters=filters)
            answer = with_llm(assistant, answer)
            audit(INDEX_DIR, user(), question, answer)
            show_answer(len(messages), answer)
        messages.append({"question": question, "answer": answer})


def with_llm(assistant: Assistant, answer: Answer) -> Answer:
    """With VIIT_LLM_URL set: the language model's answer, streamed as it is verified."""
    try:
        settings = LLMSettings.from_env()
    except ValueError as exc:
        st.warning(f"Language model setting ignored: {exc}")
        return answer
    if settings is None or not uses_llm(answer):
        return answer
    gen = Generation(assistant, answer, user(), LLMClient(settings))
    slot = st.empty()
    with slot.container():
        st.write_stream(gen)
    slot.empty()  # show_answer shows the final text with its citations
    return gen.answer


def page_admin(reader: IndexReader | None) -> None:
    st.header("Index administration")
    if not user().admin:
        st.error("Only administrators may see the index and start rebuilds.")
        return
    source = Path(reader.meta.get("source", "")) if reader is not None else None
    source_text = st.text_input("Register folder", value=str(source or ""))
    source = Path(source_text) if source_text else None
    if reader is not None:
        st.json(reader.status())
        failures = reader.failures()
        if failures:
            st.table(
                {"File": [f["path"] for f in failures], "Reason": [f["reason"] for f in failures]}
            )
    uploads = st.file_uploader("Add filings to the register folder", accept_multiple_files=True)
    if uploads and source is not None and st.button("Save uploaded files"):
        for up in uploads:
            ok, message = save_upload(source, up.name, up.getvalue())
            (st.success if ok else st.error)(message)
    jobs = _jobs()
    job = jobs.get(str(INDEX_DIR))
    if st.button("Rebuild", disabled=source is None or (job is not None and job.running)):
        job = jobs[str(INDEX_DIR)] = RebuildJob(source, INDEX_DIR).start()
    if job is not None:
        show_job(job)


@st.fragment(run_every=1.0)
def show_job(job: RebuildJob) -> None:
    _, done, total = job.progress
    st.progress(done / total if total else 0.0, text=job.progress_text())
    if job.error:
        st.error(job.error)
    elif job.report is not None:
        st.success(job.summary())


def main() -> None:
    try:
        reader = _reader(str(INDEX_DIR))
        reader.refresh()
    except IndexError_ as exc:
        reader = None
        st.warning(str(exc))
    filters = sidebar(reader)
    if st.session_state.get("page") == "Admin" and user().admin:
        page_admin(reader)
    elif reader is None:
        st.info("Build an index first (Admin page or `viit index FOLDER`).")
    elif st.session_state.get("view"):
        page_entry(reader)
    else:
        page_chat(reader, filters)


main()
