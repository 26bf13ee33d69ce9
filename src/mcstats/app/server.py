"""The local web page of ``mcstats app``: routes, worker threads and the server.

Stack: Starlette (routing, forms, responses), uvicorn (the server), python-multipart (file
uploads, through Starlette), the project's jinja2 for the templates and a vendored htmx
(``static/htmx.min.js``) for the page's requests: no JavaScript build step, nothing from
the network. Every number, table and report comes from the library (``mcstats.app.library``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import shutil
import socket
import sys
import threading
import traceback
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

try:  # the app extra; without it the module still imports (doctests, `mcstats --help`)
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles
except ImportError:  # pragma: no cover - checked by require_extra()
    pass

from mcstats.app import library as lib
from mcstats.app.forms import (
    EXTRAS,
    ROLES,
    FormProblem,
    InstrumentForm,
    ScaleSlot,
    analysis_choices,
    document_from_form,
    form_from_document,
    form_from_fields,
    report_choices,
    trimmed,
)
from mcstats.app.jobs import AUDIT_SUFFIXES, DATA_SUFFIXES, XLSFORM_SUFFIXES, Job, Workspace, stored_suffix
from mcstats.app.security import REPORT_CSP, Guard, new_token
from mcstats.app.strings import texts

#: Default upload limit in megabytes (``--max-upload-mb``).
DEFAULT_MAX_UPLOAD_MB = 200
#: Reports written for an analysis (the formats of ``mcstats analyze --format``).
ANALYSIS_FORMATS = ("md", "html", "docx", "xlsx")
#: Files a job may offer: key -> (file name in the job folder, download name suffix, media type).
DOWNLOADS: dict[str, tuple[str, str, str]] = {
    "report.docx": (
        "out/report.docx",
        "report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "report.xlsx": (
        "out/report.xlsx",
        "report.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "report.md": ("out/report.md", "report.md", "text/markdown; charset=utf-8"),
    "report.html": ("out/report.html", "report.html", "text/html; charset=utf-8"),
    "results.json": ("out/results.json", "results.json", "application/json"),
    "instrument.yaml": ("instrument.yaml", "instrument.yaml", "application/yaml; charset=utf-8"),
    "audit.html": ("out/audit.html", "audit.html", "text/html; charset=utf-8"),
    "audit.md": ("out/audit.md", "audit.md", "text/markdown; charset=utf-8"),
    "audit.json": ("out/audit.json", "audit.json", "application/json"),
    "comparison.json": ("out/comparison.json", "comparison.json", "application/json"),
    "replication.md": ("out/report.md", "replication.md", "text/markdown; charset=utf-8"),
    "replication.html": ("out/report.html", "replication.html", "text/html; charset=utf-8"),
    "replication-audit.html": ("out/audit.html", "audit.html", "text/html; charset=utf-8"),
    "reconstructed.csv": ("reconstructed.csv", "synthetic.csv", "text/csv; charset=utf-8"),
}
#: Reports that may be shown inside the page (in a sandboxed frame).
VIEWABLE = frozenset({"report.html", "audit.html", "replication.html", "replication-audit.html"})
#: Columns of the typed audit grid: form name -> quick-check CSV header.
GRID_COLUMNS = (
    ("label", "label"),
    ("n", "n"),
    ("mean", "mean"),
    ("sd", "sd"),
    ("scale_min", "scale_min"),
    ("scale_max", "scale_max"),
    ("items", "items"),
)
#: A library text's mention of an argument: ``the codes argument`` or ``invalid='missing'``
#: (as mcstats.cli._common reads them for the command line).
_ARGUMENT = re.compile(r"\bthe ([a-z][a-z0-9_]*) argument\b|\b([a-z][a-z0-9_]*)=(?:'([^'\n]*)'|(True)\b)")
#: Export layouts whose choice names need the XLSForm (``init --form``).
XLSFORM_LAYOUTS = frozenset({"kobo", "odk-central"})
#: Tables of the report the page does not offer (their analysis needs command-line input).
PAGE_HIDDEN_TABLES: frozenset[str] = frozenset()
GRID_ROWS = 5
GRID_MAX_ROWS = 500


@dataclass(frozen=True)
class Settings:
    """What the page needs to know about its server."""

    token: str = field(default_factory=new_token)
    csrf: str = field(default_factory=new_token)
    port: int = 0
    hosts: tuple[str, ...] | None = ("127.0.0.1", "localhost", "[::1]")
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    language: str = "en"

    @property
    def max_upload(self) -> int:
        return int(self.max_upload_mb * 1_000_000)

    @property
    def cookie_name(self) -> str:
        return f"mcstats_token_{self.port}"

    def host_headers(self) -> list[str] | None:
        if self.hosts is None:
            return None
        out = []
        for name in self.hosts:
            out += [f"{name}:{self.port}", name] if self.port in (80, 0) else [f"{name}:{self.port}"]
        return out


# ----------------------------------------------------------------------------- the page


class Page:
    """The routes of the page over one workspace."""

    def __init__(self, settings: Settings, workspace: Workspace) -> None:
        from mcstats._version import __version__

        self.settings = settings
        self.workspace = workspace
        self.t = texts(settings.language)
        self.env = Environment(
            loader=PackageLoader("mcstats", "app/templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["words"] = self.words
        self.env.globals.update(
            t=self.t,
            csrf=settings.csrf,
            version=__version__,
            max_upload=settings.max_upload,
            max_upload_mb=f"{settings.max_upload_mb:g}",
            schemes=[s for s in lib.CUTOFF_SCHEMES],
            data_accept=",".join(DATA_SUFFIXES),
            xlsform_accept=",".join(XLSFORM_SUFFIXES),
            audit_accept=",".join(audit_suffixes()),
            paper_suffixes=", ".join(lib.PAPER_SUFFIXES),
            # The tables by their page text (strings.py), not the library's description,
            # which names command-line options.
            report_tables=[
                (n, self.t.get(f"table_{n}", spec.description))
                for n, spec in lib.TABLES.items()
                if n not in PAGE_HIDDEN_TABLES
            ],
            extras=EXTRAS,
            t_decisions=list(lib.T_DECISION_RULES),
            p_adjustments=lib.P_ADJUSTMENTS,
            default_tables=lib.default_tables(),
            styles=lib.STYLES,
            reliability_details=lib.RELIABILITY_DETAIL,
            grid_columns=[c for c, _ in GRID_COLUMNS],
            roles=ROLES,
            has_file=lambda job, key: key in DOWNLOADS and job.path(DOWNLOADS[key][0]).is_file(),
        )

    # -- helpers

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status)

    def problem(self, message: str, status: int = 200, hint: str = "") -> HTMLResponse:
        return self.render("_message.html.j2", status=status, message=message, hint=hint)

    def words(self, text: str) -> str:
        """A library text with the arguments it names written as the page's fields.

        The library names its arguments (``the codes argument``, ``invalid='missing'``); the
        command line writes them as flags, the page as the field that sets them (texts
        ``arg_NAME`` or ``arg_NAME_VALUE`` of strings.py). Arguments the page has no field
        for stay as the library wrote them.
        """

        def field(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            value = m.group(3)
            key = f"arg_{name}" if value is None else f"arg_{name}_{value}"
            return self.t.get(key, m.group(0))

        out = _ARGUMENT.sub(field, text)
        # The instrument key the library names for a reverse-keyed item is the form's box.
        return out.replace("set reverse: true", self.t["yaml_set_reverse"]).replace(
            "(reverse: true)", self.t["yaml_reverse"]
        )

    def shown(self, job: Job, text: str) -> str:
        """A library message with the stored file's path replaced by the user's file name
        and its arguments named as the page's fields."""
        out = self.words(text)
        if job.xlsform_path is not None:
            out = out.replace(str(job.xlsform_path), job.xlsform_name or self.t["your_file"])
        for p in (job.data_path, job.dir, self.workspace.root):
            if p is not None:
                out = out.replace(str(p), job.display_name or self.t["your_file"])
        return out

    async def _upload(
        self, request: Request, kind: str, allowed: tuple[str, ...], *, with_xlsform: bool = False
    ) -> tuple[Job, dict[str, str]]:
        form = await request.form(max_files=2 if with_xlsform else 1, max_fields=20000)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise FormProblem(self.t["no_file"])
        name = upload.filename
        suffix = stored_suffix(name, allowed)
        if suffix is None:
            raise FormProblem(self.t["wrong_kind"].format(name=name, suffixes=", ".join(allowed)))
        # An optional KoboToolbox/ODK form (XLSForm) beside the data: its choice lists.
        xlsform = form.get("xlsform") if with_xlsform else None
        if not isinstance(xlsform, UploadFile) or not xlsform.filename:
            xlsform = None
        elif stored_suffix(xlsform.filename, XLSFORM_SUFFIXES) is None:
            raise FormProblem(
                self.t["wrong_kind"].format(name=xlsform.filename, suffixes=", ".join(XLSFORM_SUFFIXES))
            )
        job = self.workspace.new_job(kind)
        job.display_name = name
        job.data_path = job.path("upload" + suffix)
        for part, target in ((upload, job.data_path), (xlsform, job.path("xlsform.xlsx"))):
            if part is None:
                continue
            with open(target, "xb") as fh:
                await run_in_threadpool(shutil.copyfileobj, part.file, fh)
            await part.close()
        if xlsform is not None:
            job.xlsform_path = job.path("xlsform.xlsx")
            job.xlsform_name = xlsform.filename or ""
        return job, fields

    # -- pages

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/analyze", status_code=303)

    async def analyze_page(self, request: Request) -> Response:
        return self.render("analyze.html.j2", page="analyze")

    async def audit_page(self, request: Request) -> Response:
        return self.render("audit.html.j2", page="audit", rows=GRID_ROWS)

    async def replicate_page(self, request: Request) -> Response:
        try:
            studies = await run_in_threadpool(lib.list_studies)
            error = ""
        except lib.McStatsError as exc:
            studies, error = [], str(exc)
        return self.render("replicate.html.j2", page="replicate", studies=studies, error=error)

    # -- analyze

    async def analyze_upload(self, request: Request) -> Response:
        try:
            job, _ = await self._upload(request, "analyze", DATA_SUFFIXES, with_xlsform=True)
        except FormProblem as exc:
            return self.problem(str(exc))
        try:
            await run_in_threadpool(self._draft, job)
        except lib.McStatsError as exc:
            message = self.shown(job, str(exc))
            if job.extra.get("layout") in XLSFORM_LAYOUTS and not job.xlsform_path:
                # The library's advice names init's --form; the page names its own field.
                return self.problem(message.split("; ")[0], hint=self.t["xlsform_hint"])
            return self.problem(message)
        return self.render("_workspace.html.j2", job=job, form=job.form, error="")

    def _draft(self, job: Job) -> None:
        assert job.data_path is not None
        raw = lib.load_survey(job.data_path)
        job.extra["layout"] = lib.detect_layout(str(c) for c in raw.frame.columns)
        xlsform = lib.read_xlsform(job.xlsform_path) if job.xlsform_path else None
        draft = lib.draft_instrument(raw, form=xlsform)
        text = lib.render_draft(draft, printable(job.display_name))
        doc = yaml.safe_load(text)
        job.base_doc = doc
        job.shape = (raw.n_rows, len(raw.frame.columns))
        job.draft_notes = list(draft.notes)
        job.left_out = dict(draft.ignored)
        # init's reverse-key candidates with their r (the CLI's init prints the same)
        suggestions = _reverse_suggestions(draft)
        form = form_from_document(doc, id_candidates=list(draft.ignored), suggestions=suggestions)
        job.form = _with_new_slot(form)

    def _instrument_from(
        self, job: Job, fields: Mapping[str, str]
    ) -> tuple[InstrumentForm, Any, dict[str, Any]]:
        """The submitted form, the validated instrument and the analysis choices."""
        assert job.form is not None
        form = form_from_fields(fields, job.form, list(lib.TABLES))
        doc = document_from_form(form, job.base_doc, self.t)
        choices = analysis_choices(form, self.t)
        report = lib.ReportOptions(**report_choices(form, self.t))
        instrument = lib.parse_instrument(doc)
        return form, instrument, {"doc": doc, "report": report, **choices}

    async def analyze_check(self, request: Request) -> Response:
        job = self.workspace.job(request.path_params["job"], "analyze")
        if job is None or job.form is None:
            return self.problem(self.t["job_gone"], 404)
        fields = await _fields(request)
        error = ""
        form = form_from_fields(fields, job.form, list(lib.TABLES))
        try:
            form, _, _ = self._instrument_from(job, fields)
        except (FormProblem, lib.McStatsError) as exc:
            error = str(exc)
        job.form = _with_new_slot(trimmed(form))
        # A change of the code range re-draws the form; the focus stays on the changed field.
        focus = fields.get("_focus", "")
        focus = focus if focus in ("f-points", "f-lowest") else ""
        return self.render(
            "_instrument.html.j2", job=job, form=job.form, error=error, checked=not error, focus=focus
        )

    async def analyze_run(self, request: Request) -> Response:
        job = self.workspace.job(request.path_params["job"], "analyze")
        if job is None or job.form is None:
            return self.problem(self.t["job_gone"], 404)
        if job.status == "running":
            return self.render("_run_status.html.j2", job=job)
        fields = await _fields(request)
        try:
            form, instrument, choices = self._instrument_from(job, fields)
            options = lib.AnalysisOptions(
                score=choices["score"],
                alpha=choices["alpha"],
                levels=choices["levels"],
                t_decision=choices["t_decision"],
                p_adjust=choices["p_adjust"],
                crosstabs=lib.demographic_crosstabs(instrument) if choices["crosstabs"] else (),
                **{e: choices[e] for e in EXTRAS},
            )
        except (FormProblem, lib.McStatsError) as exc:
            return self.render("_run_status.html.j2", job=job, form_error=str(exc))
        job.form = form  # as on the screen (its scale slots keep their numbers)
        invalid = "missing" if form.invalid == "missing" else "error"
        doc = choices["doc"]
        lib.write_atomic(
            job.path("instrument.yaml"), yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
        )
        job.files = {}
        job.document = None
        report = choices["report"]
        job.start(lambda j: self._analyze(j, instrument, options, invalid, report))
        return self.render("_run_status.html.j2", job=job, form_error="")

    def _analyze(self, job: Job, instrument: Any, options: Any, invalid: str, report: Any) -> None:
        def on_rows(n: int) -> None:
            job.rows = n

        try:
            assert job.data_path is not None
            read = lib.ReadOptions(invalid=invalid, on_rows=on_rows)
            result = lib.compute(job.data_path, instrument, options=options, read=read)
            doc = lib.results_dict(result)
            doc["input"]["path"] = job.display_name
            doc["instrument"]["path"] = "instrument.yaml"
            out = job.path("out")
            lib.write_atomic(out / "results.json", lib.dumps(doc))
            lib.write_reports(doc, out, ANALYSIS_FORMATS, report=report)
            with job.lock:
                job.document = doc
                job.rows = int(doc["input"]["n_rows"])
                job.status = "done"
        except lib.DataError as exc:
            self._failed(job, exc, data=True)
        except lib.McStatsError as exc:
            self._failed(job, exc)
        except Exception as exc:  # shown as one line; the traceback goes to the terminal
            traceback.print_exc(file=sys.stderr)
            with job.lock:
                job.error = self.t["internal_error"].format(detail=type(exc).__name__)
                job.status = "failed"

    def _failed(self, job: Job, exc: lib.McStatsError, *, data: bool = False) -> None:
        with job.lock:
            if isinstance(exc, lib.DataError) and exc.cells:
                # The library's first sentence states the problem; its advice names the
                # command line's options (--codes, --invalid), so the page gives its own
                # (problems_intro: the code range fields, the missing button).
                head = str(exc).splitlines()[0]
                job.error = self.shown(job, _first_sentence(head))
                job.problems = [self.shown(job, c.describe()) for c in exc.cells]
                job.more_problems = max(0, exc.total - len(exc.cells))
            else:
                job.error = self.shown(job, str(exc))
            job.data_problem = data
            job.status = "failed"

    async def analyze_status(self, request: Request) -> Response:
        job = self.workspace.job(request.path_params["job"], "analyze")
        if job is None:
            return self.problem(self.t["job_gone"], 404)
        return self.render("_run_status.html.j2", job=job, form_error="")

    # -- files of a job

    async def view(self, request: Request) -> Response:
        name = request.path_params["name"]
        job = self.workspace.job(request.path_params["job"])
        if job is None or name not in VIEWABLE:
            return self.problem(self.t["not_found"], 404)
        path = job.path(DOWNLOADS[name][0])
        if not path.is_file():
            return self.problem(self.t["not_found"], 404)
        return FileResponse(
            path,
            media_type="text/html; charset=utf-8",
            headers={"content-security-policy": REPORT_CSP, "x-frame-options": "SAMEORIGIN"},
        )

    async def download(self, request: Request) -> Response:
        name = request.path_params["name"]
        job = self.workspace.job(request.path_params["job"])
        if job is None or name not in DOWNLOADS:
            return self.problem(self.t["not_found"], 404)
        stored, suffix, media = DOWNLOADS[name]
        path = job.path(stored)
        if not path.is_file():
            return self.problem(self.t["not_found"], 404)
        stem = _ascii_name(Path(job.display_name).stem) if job.display_name else "mcstats"
        return FileResponse(
            path,
            media_type=media,
            filename=f"{stem}-{suffix}",
            headers={"content-security-policy": "default-src 'none'; sandbox"},
        )

    # -- audit

    async def audit_upload(self, request: Request) -> Response:
        try:
            job, fields = await self._upload(request, "audit", audit_suffixes())
        except FormProblem as exc:
            return self.problem(str(exc))
        return await self._audit(job, lenient=fields.get("lenient") == "1")

    async def audit_grid(self, request: Request) -> Response:
        fields = await _fields(request)
        rows: list[list[str]] = []
        for r in range(GRID_MAX_ROWS):
            cells = [fields.get(f"grid-{r}-{name}", "").strip() for name, _ in GRID_COLUMNS]
            if f"grid-{r}-label" not in fields:
                break
            if any(cells):
                rows.append(cells)
        if not rows:
            return self.problem(self.t["grid_empty"])
        job = self.workspace.new_job("audit")
        job.display_name = self.t["typed_rows"]
        job.data_path = job.path("typed.csv")
        header = [h for _, h in GRID_COLUMNS]
        await run_in_threadpool(lib.write_csv, job.data_path, rows, header=header)
        return await self._audit(job)

    async def _audit(self, job: Job, *, lenient: bool = False) -> Response:
        def work() -> dict[str, Any]:
            assert job.data_path is not None
            report = lib.audit_file(job.data_path, lenient=lenient)
            doc = lib.audit_document(report)
            doc["input"]["path"] = job.display_name
            out = job.path("out")
            lib.write_atomic(out / "audit.json", lib.dumps(doc))
            lib.write_atomic(out / "audit.md", lib.render_audit_markdown(doc))
            lib.write_atomic(out / "audit.html", lib.render_audit_html(doc))
            return doc

        try:
            doc = await run_in_threadpool(work)
        except lib.McStatsError as exc:
            return self.problem(self.shown(job, str(exc)))
        job.document = doc
        return self.render("_audit_result.html.j2", job=job, doc=doc)

    # -- replicate

    async def replicate_run(self, request: Request) -> Response:
        fields = await _fields(request)
        try:
            names = {s.name: s for s in await run_in_threadpool(lib.list_studies)}
        except lib.McStatsError as exc:
            return self.problem(str(exc))
        entry = names.get(fields.get("study", ""))
        if entry is None:
            return self.problem(self.t["not_found"], 404)
        job = self.workspace.new_job("replicate")
        job.display_name = entry.name

        def work() -> Any:
            out = job.path("out")
            run = lib.replicate_study(
                entry, out, audit=lib.replication_audit(entry.published), formats=("md", "html")
            )
            audit = lib.audit_document(lib.audit_file(entry.published))
            audit["input"]["path"] = entry.published.name
            lib.write_atomic(out / "audit.html", lib.render_audit_html(audit))
            shutil.copyfile(entry.data, job.path("reconstructed.csv"))
            return run

        try:
            run = await run_in_threadpool(work)
        except lib.McStatsError as exc:
            return self.problem(str(exc))
        return self.render("_replicate_result.html.j2", job=job, entry=entry, counts=run.counts)

    # -- application

    def app(self) -> Starlette:
        static = Path(__file__).with_name("static")
        routes = [
            Route("/", self.home),
            Route("/analyze", self.analyze_page),
            Route("/analyze/upload", self.analyze_upload, methods=["POST"]),
            Route("/analyze/{job}/check", self.analyze_check, methods=["POST"]),
            Route("/analyze/{job}/run", self.analyze_run, methods=["POST"]),
            Route("/analyze/{job}/status", self.analyze_status),
            Route("/audit", self.audit_page),
            Route("/audit/upload", self.audit_upload, methods=["POST"]),
            Route("/audit/grid", self.audit_grid, methods=["POST"]),
            Route("/replicate", self.replicate_page),
            Route("/replicate/run", self.replicate_run, methods=["POST"]),
            Route("/jobs/{job}/view/{name}", self.view),
            Route("/jobs/{job}/download/{name}", self.download),
            Mount("/static", app=StaticFiles(directory=static), name="static"),
        ]
        return Starlette(routes=routes)


def printable(name: str) -> str:
    r"""A file name as one line of text (no line breaks or control characters).

    >>> printable("a\nb\u2028c.csv")
    'abc.csv'
    """
    return "".join(ch for ch in name if ch.isprintable())


def audit_suffixes() -> tuple[str, ...]:
    """What the audit page takes: published values, quick-check tables and the papers the
    library reads."""
    return tuple(dict.fromkeys((*AUDIT_SUFFIXES, *lib.PAPER_SUFFIXES)))


def _first_sentence(text: str) -> str:
    """The text up to its first full stop that ends a sentence.

    >>> _first_sentence("f.csv: 3 cell(s) are not valid responses on the 1-4 scale. If the data use ...")
    'f.csv: 3 cell(s) are not valid responses on the 1-4 scale.'
    >>> _first_sentence("4 value(s) of 'g' are not among the levels")
    "4 value(s) of 'g' are not among the levels"
    """
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _with_new_slot(form: InstrumentForm) -> InstrumentForm:
    form.scales.append(ScaleSlot("", ""))
    return form


def _reverse_suggestions(draft: Any) -> dict[str, str]:
    """Reverse-key suggestions of the draft, when the library makes them: column -> r text."""
    found = getattr(draft, "reverse_suggestions", None) or {}
    out: dict[str, str] = {}
    for col, r in dict(found).items():
        try:
            out[str(col)] = f"{float(r):.2f}"
        except (TypeError, ValueError):
            out[str(col)] = str(r)
    return out


async def _fields(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=20000)
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _ascii_name(stem: str) -> str:
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in stem)
    return cleaned.strip("_")[:60] or "mcstats"


#: Modules of the app extra (``pip install 'mcstats[app]'``).
EXTRA_MODULES = ("starlette", "uvicorn", "python_multipart")


def require_extra() -> None:
    """Raise a UsageError naming the install command when the app extra is missing."""
    import importlib

    missing = []
    for name in EXTRA_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise lib.UsageError(
            f"the web page needs the app extra ({', '.join(missing)} not installed): "
            "pip install 'mcstats[app]'"
        )


def create_app(settings: Settings, workspace: Workspace) -> Guard:
    """The page behind its guard (an ASGI application)."""
    require_extra()
    page = Page(settings, workspace)
    t = page.t
    return Guard(
        page.app(),
        token=settings.token,
        csrf=settings.csrf,
        cookie_name=settings.cookie_name,
        max_upload=settings.max_upload,
        hosts=settings.host_headers(),
        messages=t,
    )


# ----------------------------------------------------------------------------- the server


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str | None, *, explicit: bool) -> tuple[str, str | None]:
    """The address to bind and a warning to print, or a UsageError.

    The page binds to 127.0.0.1 unless a host is given explicitly (``--host``); binding
    anywhere else without that is refused. With it, the token is still required and a
    warning says that other computers can reach the page.
    """
    chosen = host or "127.0.0.1"
    if is_loopback(chosen):
        return chosen, None
    if not explicit:
        raise lib.UsageError(
            f"refusing to serve on {chosen}, which other computers can reach; "
            "give the host argument explicitly if that is what you want",
            argument="host",
        )
    return chosen, (
        f"warning: the page is reachable from other computers on {chosen}; anyone with the "
        "address (it holds the access token) can use it and see uploaded data"
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free port chosen by the system)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise lib.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@dataclass
class Running:
    """A started server (for tests and embedding): its URL, settings and a stop function."""

    url: str
    settings: Settings
    workspace: Workspace
    stop: Callable[[], None]
    thread: threading.Thread | None = None


def start(
    *,
    host: str | None = None,
    port: int = 0,
    explicit_host: bool = False,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    in_thread: bool = False,
    workspace_parent: str | Path | None = None,
    language: str = "en",
) -> Running:
    """Bind, build the page and serve it (in a thread with ``in_thread=True``).

    Without ``in_thread`` the call serves until interrupted (Ctrl+C), then removes the
    session's temporary folder.
    """
    require_extra()
    import uvicorn

    address, warning = check_host(host, explicit=explicit_host)
    from mcstats.app.strings import LANGUAGES

    if language not in LANGUAGES:
        raise lib.UsageError(
            f"language {language!r} is not available; available: {', '.join(sorted(LANGUAGES))}",
            argument="language",
        )
    if max_upload_mb <= 0:
        raise lib.UsageError(
            f"max_upload_mb must be more than 0, got {max_upload_mb:g}", argument="max_upload_mb"
        )
    sock = bind(address, port)
    actual = sock.getsockname()[1]
    hosts = None if explicit_host and not is_loopback(address) else ("127.0.0.1", "localhost", "[::1]")
    settings = Settings(port=actual, hosts=hosts, max_upload_mb=max_upload_mb, language=language)
    shown = f"[{address}]" if ":" in address else address
    if shown not in ("127.0.0.1", "localhost", "[::1]") and settings.hosts is not None:
        settings = replace(settings, hosts=(*settings.hosts, shown))
    workspace = Workspace(workspace_parent)
    url = f"http://{shown}:{actual}/?token={settings.token}"
    config = uvicorn.Config(
        create_app(settings, workspace),
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,  # no proxy in front: X-Forwarded-* headers are not trusted
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)

    def stop() -> None:
        server.should_exit = True

    if warning:
        print(warning, file=sys.stderr)
    if in_thread:

        def serve() -> None:
            try:
                server.run(sockets=[sock])
            finally:
                sock.close()

        thread = threading.Thread(target=serve, name="mcstats-app-server", daemon=True)
        thread.start()
        running = Running(url, settings, workspace, stop, thread)

        def stop_and_clean() -> None:
            stop()
            thread.join(timeout=10)
            workspace.close()

        running.stop = stop_and_clean
        return running
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        workspace.close()
    return Running(url, settings, workspace, stop)


def serve(
    *,
    host: str | None = None,
    port: int = 0,
    open_browser: bool = True,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    language: str = "en",
) -> None:
    """``mcstats app``: serve the page until Ctrl+C, opening the browser at its address."""
    running = start(
        host=host,
        port=port,
        explicit_host=host is not None,
        max_upload_mb=max_upload_mb,
        in_thread=True,
        language=language,
    )
    print(f"mcstats app: open {running.url}", flush=True)
    print("Press Ctrl+C to stop; the uploaded files are then deleted.", flush=True)
    if open_browser:
        with contextlib.suppress(Exception):
            webbrowser.open(running.url)
    try:
        assert running.thread is not None
        while running.thread.is_alive():
            running.thread.join(timeout=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
