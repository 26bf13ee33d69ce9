"""One call from a file to results on disk: load -> validate -> compute -> render.

The CLI's ``analyze`` and a user's own script call :func:`run_analysis` alike.
"""

from __future__ import annotations

import dataclasses
import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcstats.analysis import AnalysisOptions, AnalysisResult
from mcstats.engines import Declined, EngineUsed, ReadOptions, get_engine, plan, public_name
from mcstats.errors import DataError, UsageError
from mcstats.instrument import Instrument
from mcstats.report.render import render_markdown
from mcstats.report.tables import ReportOptions
from mcstats.results import dumps, results_dict, write_atomic, write_atomic_bytes
from mcstats.safety import check_input_file, check_not_inputs, output_set

#: Report formats ``run_analysis`` can write, with their file names (csv: a folder with
#: one file per table and index.csv).
REPORT_FORMATS = {
    "md": "report.md",
    "html": "report.html",
    "docx": "report.docx",
    "xlsx": "report.xlsx",
    "csv": "tables",
}


@dataclass(frozen=True)
class AnalysisRun:
    """What :func:`run_analysis` computed and where it wrote it."""

    result: AnalysisResult
    document: dict[str, object]
    results_path: Path
    report_path: Path
    written: tuple[Path, ...] = ()


def parse_formats(spec: str) -> tuple[str, ...]:
    """``"md,html"`` -> ("md", "html"), checked against :data:`REPORT_FORMATS`."""
    formats = tuple(dict.fromkeys(f.strip().lower() for f in spec.split(",") if f.strip()))
    unknown = [f for f in formats if f not in REPORT_FORMATS]
    if unknown or not formats:
        raise UsageError(
            f"formats takes a list of {', '.join(REPORT_FORMATS)}; got {spec!r}", argument="formats"
        )
    return formats


def write_reports(
    doc: dict[str, Any],
    out: Path,
    formats: Sequence[str],
    *,
    charts: bool = False,
    report: ReportOptions | None = None,
    paper: str | None = None,
    docx_template: str | Path | None = None,
) -> list[Path]:
    """Render a results document in each format (and the charts as PNG and SVG files).

    ``report`` chooses the tables, decimals, style and reliability detail of every format
    (:class:`mcstats.report.tables.ReportOptions`); ``paper`` (a4, letter) and
    ``docx_template`` set the Word page and styles.
    """
    written: list[Path] = []
    chart_list = []
    if charts or "html" in formats or "docx" in formats:
        from mcstats.report.charts import analysis_charts

        chart_list = analysis_charts(doc)
    if charts:
        for c in chart_list:
            write_atomic_bytes(out / "charts" / f"{c.name}.png", c.png)
            write_atomic(out / "charts" / f"{c.name}.svg", c.svg)
            written += [out / "charts" / f"{c.name}.png", out / "charts" / f"{c.name}.svg"]
    for fmt in formats:
        target = out / REPORT_FORMATS[fmt]
        if fmt == "md":
            # Figures are linked to charts/ only when the chart files are written.
            write_atomic(target, render_markdown(doc, report, chart_list if charts else ()))
        elif fmt == "html":
            from mcstats.report.render import render_html

            write_atomic(target, render_html(doc, chart_list, report))
        elif fmt == "docx":
            from mcstats.report.docx import render_docx

            write_atomic_bytes(
                target, render_docx(doc, chart_list, report, paper=paper, template=docx_template)
            )
        elif fmt == "xlsx":
            from mcstats.report.xlsx import render_xlsx

            write_atomic_bytes(target, render_xlsx(doc, report))
        else:
            from mcstats.report.xlsx import render_csv_tables
            from mcstats.safety import output_path

            for name, data in render_csv_tables(doc, report).items():
                path = output_path(out, REPORT_FORMATS["csv"], name)
                write_atomic_bytes(path, data)
                written.append(path)
            continue
        written.append(target)
    return written


def compute(
    data_path: str | Path,
    instrument: Instrument,
    *,
    options: AnalysisOptions | None = None,
    read: ReadOptions | None = None,
) -> AnalysisResult:
    """Load, validate and compute with the engine ``read.engine`` names (no files written).

    The engines (:mod:`mcstats.engines`) give the same numbers; they differ in memory and
    in where they can run. :func:`mcstats.engines.plan` lists the engines to try for the
    file: with ``auto``, a CSV file is streamed in blocks (memory bounded by the block)
    and everything else is read whole; a file the streaming reader cannot take as it is
    goes to the careful in-memory reader, which reports its problems by row. The result
    says which engine read the file and why the first of the plan did not
    (``result.engine``, :class:`~mcstats.engines.EngineUsed`).
    """
    opts = options or AnalysisOptions()
    read = read or ReadOptions()
    path = Path(data_path)
    if read.engine != "dask" or not glob.has_magic(str(path)):  # a Dask glob is checked file by file
        check_input_file(path, DataError, what="data file")
    fallback: str | None = None
    for name in plan(read.engine, path, opts):
        engine = get_engine(name)
        try:
            result = engine.run(path, instrument, opts, read)
        except Declined as exc:
            result, why = None, str(exc)
        else:
            why = "declined"
        if result is not None:
            used = EngineUsed(
                requested=read.engine,
                used=public_name(name),
                fallback=fallback,
                not_checked=engine.not_checked,
            )
            return dataclasses.replace(result, engine=used)
        fallback = fallback or why  # the first engine's reason: the one the user asked for
    raise AssertionError("the memory engine ends every plan")  # pragma: no cover


def default_out_dir(data_path: str | Path) -> Path:
    """``reports/<input name>/`` for an input file."""
    return Path("reports") / Path(data_path).stem


def run_analysis(
    data_path: str | Path,
    instrument: Instrument,
    *,
    out_dir: str | Path | None = None,
    options: AnalysisOptions | None = None,
    read: ReadOptions | None = None,
    created: str | None = None,
    formats: Sequence[str] = ("md",),
    charts: bool = False,
    report: ReportOptions | None = None,
    paper: str | None = None,
    docx_template: str | Path | None = None,
) -> AnalysisRun:
    """Analyse a survey file and write ``results.json`` and the reports to ``out_dir``.

    ``read`` says how the file is read (engine, invalid cells, groups, sheet; see
    :class:`~mcstats.engines.ReadOptions`); ``formats`` picks the reports (``md``, ``html``,
    ``docx``, ``xlsx``, ``csv``); ``charts=True`` also writes every chart as PNG and SVG under
    ``out_dir/charts/``. ``report`` chooses the tables, decimals, style and reliability
    detail (:class:`~mcstats.report.tables.ReportOptions`, docs/reports.md); ``paper`` and
    ``docx_template`` set the Word page size and styles.

    Labels stored in the file (.sav value and variable labels) fill what the instrument
    leaves open: item wording and group levels always; response labels too with
    ``ReadOptions(labels_from_file=True)`` (used when the instrument comes from options).

    Examples
    --------
    >>> import tempfile
    >>> from mcstats import load_instrument, run_analysis
    >>> inst = load_instrument("instruments/example_4point.yaml")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     run = run_analysis("data/examples/example_4point.csv", inst, out_dir=d)
    ...     run.document["input"]["n_rows"] == run.result.survey.n_analysed + len(run.result.survey.excluded)
    True
    """
    out = Path(out_dir) if out_dir is not None else default_out_dir(data_path)
    data = Path(data_path).resolve()
    results_path = out / "results.json"
    report_path = out / REPORT_FORMATS[formats[0]] if formats else out / "report.md"
    if paper is not None and paper not in ("a4", "letter"):
        raise UsageError(f"paper must be a4 or letter, got {paper!r}")
    if docx_template is not None and not Path(docx_template).is_file():
        raise UsageError(f"the Word template {docx_template} is not a file")
    check_not_inputs(  # neither the data file, the instrument nor the template may be overwritten
        (results_path, *(out / REPORT_FORMATS[f] for f in formats)), (data, instrument.path, docx_template)
    )
    result = compute(data_path, instrument, options=options, read=read)
    doc = results_dict(result, created=created)
    # One set: written into a temporary folder inside out and moved into place together,
    # under a lock against a concurrent run into the same folder.
    with output_set(out) as stage:
        write_atomic(stage / "results.json", dumps(doc))
        staged = write_reports(
            doc, stage, formats, charts=charts, report=report, paper=paper, docx_template=docx_template
        )
    written = [out / p.relative_to(stage) for p in staged]
    return AnalysisRun(
        result=result,
        document=doc,
        results_path=results_path,
        report_path=report_path,
        written=(results_path, *written),
    )
