"""`viit`: index a register folder, ask it questions, show entries, serve the app.

Every command takes the index folder from ``--index DIR`` or the ``VIIT_INDEX``
environment variable; the default is ``./viit-index``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

DEFAULT_INDEX = "viit-index"
LANG = os.environ.get("VIIT_LANG", "en")  # the CLI's own words (build summaries): en or et
app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
out = Console()
err = Console(stderr=True)

IndexOpt = Annotated[
    Path,
    typer.Option(
        "--index",
        envvar="VIIT_INDEX",
        help="Index folder (env VIIT_INDEX; default ./viit-index).",
    ),
]


def _line(text: str) -> None:
    """One report line: never wrapped, so a path stays whole also in a piped log."""
    out.print(text, soft_wrap=True, overflow="ignore", crop=False)


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(1)


@contextlib.contextmanager
def _progress_bar(label: Callable[[str], str | None]) -> Iterator[Callable[[str, int, int], None]]:
    """A build progress callback drawing one bar per phase (files, chunks) with an ETA."""
    with Progress(
        TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TextColumn("ETA"), TimeRemainingColumn(),
        console=err, transient=True,
    ) as bar:  # fmt: skip
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                unknown = {t.id for t in bar.tasks if t.total is None}
                for name, task_id in list(tasks.items()):  # a phase of unknown length is over
                    if task_id in unknown:
                        bar.remove_task(tasks.pop(name))
                tasks[phase] = bar.add_task(label(phase) or phase, total=total or None, rate="")
            task = bar.tasks[[t.id for t in bar.tasks].index(tasks[phase])]
            speed = task.speed if task.total else None
            rate = f"{speed:,.1f}/s" if phase == "embed" and speed else ""
            bar.update(tasks[phase], completed=done, total=total or None, rate=rate)

        yield progress


@app.command()
def index(
    path: Annotated[Path, typer.Argument(help="Register folder to index.")],
    index: IndexOpt = Path(DEFAULT_INDEX),
    encoder: Annotated[
        str,
        typer.Option(envvar="VIIT_ENCODER", help="e5-small (default), minilm or a model folder."),
    ] = "e5-small",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would change.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Rebuild everything.")] = False,
) -> None:
    """Build or update the index from a register folder (only changed files are read)."""
    from assistant.present import build_rows
    from assistant.ui_text import t
    from index.build import build_index
    from index.encoder import EncoderError
    from index.store import IndexProblem

    labels = {"scan": "scanning", "parse": "files", "embed": "chunks"}
    with _progress_bar(labels.get) as progress:
        try:
            report = build_index(
                path, index, encoder=encoder, dry_run=dry_run, full=full, progress=progress
            )
        except (IndexProblem, EncoderError) as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted: the previous index version is still being served")
        except OSError as exc:
            _fail(
                f"could not write the index: {exc.strerror or exc} ({exc.filename or index}); "
                "the previous index is still being served"
            )

    if report.full_reason:
        out.print(f"[yellow]{escape(t('build.full', LANG, reason=report.full_reason))}[/]")
    title = t("build.title_dry" if dry_run else "build.title", LANG, path=path)
    table = Table(title=escape(title), show_header=False)
    for name, n in build_rows(report, LANG, dry_run=dry_run):
        table.add_row(name, str(n))
    out.print(table)
    if dry_run:
        for label, items in (
            ("add", report.added),
            ("update", report.updated),
            ("remove", report.removed),
        ):
            for p in items:
                _line(f"  {label:<7} {escape(p)}")
        for a, b in report.moved:
            _line(f"  move    {escape(a)} -> {escape(b)}")
    for label, items in (
        ("[red]failed[/] ", report.failing),
        ("[dim]skipped[/]", report.unsupported),
        ("[yellow]note[/]   ", report.warnings),
    ):
        for p, reason in items:
            _line(f"  {label} {escape(p)}: {escape(reason)}")
    if report.upgraded and not dry_run:
        out.print(t("build.upgraded", LANG))
    elif not report.changed and not dry_run:
        out.print(t("build.up_to_date", LANG))


def _open(index: Path):
    from index.search import IndexReader
    from index.store import IndexProblem

    try:
        return IndexReader(index)
    except IndexProblem as exc:
        _fail(str(exc))


def _user(user: str | None):
    from assistant.privacy import PUBLIC
    from assistant.users import load_user

    if not user:
        return PUBLIC
    found = load_user(user)
    if found is None:
        _fail(f"unknown user {user!r} (see VIIT_USERS)")
    return found


@app.command()
def ask(
    question: Annotated[
        str | None, typer.Argument(help="The question, in Estonian or English.")
    ] = None,
    index: IndexOpt = Path(DEFAULT_INDEX),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    user: Annotated[
        str | None, typer.Option(help="Ask as this user (their clearance applies).")
    ] = None,
    date_from: Annotated[
        str | None, typer.Option(help="Registered on or after (dd.mm.yyyy or ISO).")
    ] = None,
    date_to: Annotated[str | None, typer.Option(help="Registered on or before.")] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Document type (Liik) contains.")
    ] = None,
    function: Annotated[str | None, typer.Option(help="Function contains.")] = None,
    series: Annotated[str | None, typer.Option(help="Series (Sari) contains.")] = None,
    file: Annotated[str | None, typer.Option("--file", help="File (Toimik) contains.")] = None,
    correspondent: Annotated[str | None, typer.Option(help="Addressee/sender contains.")] = None,
    access: Annotated[str | None, typer.Option(help="public or restricted.")] = None,
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Extractive answer even if VIIT_LLM_URL is set.")
    ] = False,
    batch: Annotated[
        str | None,
        typer.Option(help="Questions one per line from this file ('-': standard input)."),
    ] = None,
    session: Annotated[
        Path | None,
        typer.Option(help="A conversation kept in this JSON file: follow-ups lean on it."),
    ] = None,
) -> None:
    """Answer a question with citations of register references.

    With --batch, one answer per question in order (with --json one JSON object a line),
    the model loaded once; with --session, the conversation so far is read from and
    written back to the file, so "and who signed it?" means the entry last discussed.
    """
    from assistant.model import Conversation
    from index.search import Filters

    if (question is None) == (batch is None):
        _fail("give a question, or --batch FILE, not both")
    filters = Filters(
        date_from=_date(date_from), date_to=_date(date_to), doc_type=doc_type,
        function=function, series=series, file=file, correspondent=correspondent, access=access,
    )  # fmt: skip
    conversation = None
    if session is not None:
        try:
            conversation = Conversation.load(session)
        except (OSError, ValueError) as exc:
            _fail(f"cannot read the session file {session}: {exc}")
    service = _service(index, use_llm=not no_llm)
    who = _user(user)
    questions = [question] if batch is None else _batch_questions(batch)
    for q in questions:
        try:
            _ask_one(
                service, q, who, filters, as_json=as_json, use_llm=not no_llm,
                conversation=conversation,
            )  # fmt: skip
        except Exception as exc:  # one bad question never ends a batch
            if batch is None:
                raise
            err.print(f"[red]{escape(q)}[/]: {escape(str(exc))}")
            if as_json:
                print(json.dumps({"answer": f"error: {exc}", "citations": []}))
        if conversation is not None:
            conversation.save(session)


def _batch_questions(batch: str) -> list[str]:
    """One question per non-empty line of a file, or of standard input for '-'."""
    try:
        text = sys.stdin.read() if batch == "-" else Path(batch).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read {batch}: {exc}")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _service(index: Path, use_llm: bool = True):
    from assistant.service import Service
    from index.store import IndexProblem

    try:
        service = Service(index)
    except IndexProblem as exc:
        _fail(str(exc))
    if use_llm and service.llm_error:
        _fail(service.llm_error)
    return service


def _ask_one(
    service, question: str, who, filters, *, as_json: bool, use_llm: bool, conversation=None
):
    """Ask through the service (answer, language model, audit) and print the answer."""
    from assistant.present import citation_label, meta_line, page_label

    shown = []  # what the language model's answer streamed to the terminal

    def on_text(piece: str) -> None:
        if not as_json:
            sys.stdout.write(piece)
            sys.stdout.flush()
            shown.append(piece)

    answer = service.ask(
        question, who, conversation=conversation, filters=filters, use_llm=use_llm,
        on_text=on_text,
    )  # fmt: skip
    streamed = "".join(shown)
    if streamed:
        sys.stdout.write("\n")
    for note in answer.notes:
        if note not in streamed:
            err.print(f"[dim]{escape(note)}[/]")
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return answer
    if not streamed:
        out.print(escape(answer.text))
    for i, c in enumerate(answer.citations, 1):
        page = page_label(c.page, answer.lang, c.scanned)
        meta = ", ".join(x for x in (meta_line(c), page) if x)
        lock = " 🔒" if c.restricted else ""
        label = escape(citation_label(c, answer.lang))
        out.print(f"\n[bold][{i}] {label}{lock}[/] {escape(c.title)} ({escape(meta)})")
        out.print(f"    [italic]“{escape(c.quote[:600])}”[/]")
    return answer


def _date(value: str | None) -> dt.date | None:
    from ingest.fields import parse_date

    if not value:
        return None
    day = parse_date(value)
    if day is None:
        _fail(f"not a date: {value!r} (use dd.mm.yyyy)")
    return day


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="A register reference, or a file name.")],
    index: IndexOpt = Path(DEFAULT_INDEX),
    user: Annotated[str | None, typer.Option(help="Show as this user.")] = None,
) -> None:
    """Show an entry: metadata, related documents and text."""
    from assistant.entry_view import entry_view

    reader = _open(index)
    view = entry_view(reader, ref, _user(user))
    if view is None:
        _fail(f"no entry or file {ref!r} in the index")
    out.print(escape(view.as_text()))


@app.command()
def status(index: IndexOpt = Path(DEFAULT_INDEX)) -> None:
    """Index status: documents, chunks, encoder, last build, failures."""
    reader = _open(index)
    for key, value in reader.status().items():
        _line(f"{key:>10}: {escape(str(value))}")
    for problem in reader.catalog.failures():
        _line(f"  {problem.status}: {escape(problem.path)}: {escape(problem.reason or '')}")
    for path, reason in json.loads(reader.meta.get("scan_problems") or "[]"):
        _line(f"  not read: {escape(path)}: {escape(reason)}")


@app.command()
def serve(
    index: IndexOpt = Path(DEFAULT_INDEX),
    port: Annotated[int, typer.Option(help="Port on localhost.")] = 8501,
) -> None:
    """Start the Streamlit app on this index."""
    env = {**os.environ, "VIIT_INDEX": str(Path(index).resolve())}
    if env.get("VIIT_USERS"):
        env["VIIT_USERS"] = str(Path(env["VIIT_USERS"]).resolve())
    app_py = Path(__file__).with_name("app.py")
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app_py), "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    out.print(f"Viit: http://localhost:{port}")
    # run beside app.py so that its .streamlit/config.toml (toolbar, statistics) applies
    raise typer.Exit(subprocess.call(cmd, env=env, cwd=app_py.parent))


@app.command("eval")
def evaluate(
    questions: Annotated[
        Path,
        typer.Argument(
            help="Register questions (JSONL), conversations (JSONL of id + turns) or a "
            "BEIR-style folder."
        ),
    ],
    index: IndexOpt = Path(DEFAULT_INDEX),
    k: Annotated[int, typer.Option(help="Cut-off for answer checks (cited entries).")] = 3,
    encoder: Annotated[
        str | None,
        typer.Option(
            help="BEIR folder: index its corpus with this encoder (e5-small default, minilm); "
            "register questions: check that the index was built with it."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Tables as Markdown.")] = False,
    details: Annotated[
        Path | None,
        typer.Option(help="Write each question's answer and verdict to this JSONL file."),
    ] = None,
) -> None:
    """Measure retrieval (recall@k, MRR, nDCG) and answers on a question set.

    Register questions and conversation turns are answered as a public user and scored
    by kind and language (expected citation, expected text, no leak). A BEIR-style
    folder's corpus is indexed in INDEX-beir-NAME/index-ENCODER first (once: reruns reuse
    it and its embedding cache); with answers.jsonl its answers get token F1 and ROUGE-L.
    """
    from assistant.evaluate import details as question_rows
    from assistant.evaluate import format_result, run_eval
    from index.encoder import EncoderError
    from index.store import IndexProblem

    with _progress_bar(lambda phase: f"index {phase}") as progress:
        try:
            result = run_eval(questions, index, k=k, encoder=encoder, progress=progress)
        except (IndexProblem, EncoderError, FileNotFoundError, ImportError) as exc:
            _fail(str(exc))
        except (ValueError, KeyError) as exc:
            _fail(f"{questions}: not a question set viit eval reads ({exc})")
    if details is not None:
        rows = question_rows(result)
        details.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        err.print(f"[dim]{len(rows)} answers and verdicts written to {escape(str(details))}[/]")
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(format_result(result, markdown=markdown))


if __name__ == "__main__":
    app()
