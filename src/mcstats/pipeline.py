"""One call from a file to results on disk: load -> validate -> compute -> render.

The CLI's ``analyze`` and a user's own script call :func:`run_analysis` alike.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcstats.analysis import AnalysisOptions, AnalysisResult, analyze, results_from_moments
from mcstats.errors import UsageError
from mcstats.instrument import Instrument, with_file_labels
from mcstats.io import load_survey
from mcstats.report.render import render_markdown
from mcstats.results import dumps, results_dict, write_atomic, write_atomic_bytes
from mcstats.safety import check_not_inputs
from mcstats.stream import FastPathUnavailable, stream_survey  # the default path for CSV files
from mcstats.validate import code_responses

#: Report formats ``run_analysis`` can write, with their file names.
REPORT_FORMATS = {"md": "report.md", "html": "report.html", "docx": "report.docx"}


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
        raise UsageError(f"--format takes a list of {', '.join(REPORT_FORMATS)}; got {spec!r}")
    return formats


def write_reports(
    doc: dict[str, Any], out: Path, formats: Sequence[str], *, charts: bool = False
) -> list[Path]:
    """Render a results document in each format (and the charts as PNG and SVG files)."""
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
            write_atomic(target, render_markdown(doc))
        elif fmt == "html":
            from mcstats.report.render import render_html

            write_atomic(target, render_html(doc, chart_list))
        else:
            from mcstats.report.docx import render_docx

            write_atomic_bytes(target, render_docx(doc, chart_list))
        written.append(target)
    return written


#: Engines: read the whole file, stream it in blocks, or pick by size (see ``compute``).
ENGINES = ("auto", "memory", "stream", "dask")
#: Above this size ``engine="auto"`` streams a CSV file even when it has quoted fields.
STREAM_ABOVE_BYTES = 64 * 1024 * 1024


def compute(
    data_path: str | Path,
    instrument: Instrument,
    *,
    options: AnalysisOptions | None = None,
    invalid: str = "error",
    groups: list[str] | None = None,
    sheet: str | None = None,
    labels_from_file: bool = False,
    engine: str = "auto",
    on_rows: Callable[[int], None] | None = None,
    scheduler: str | None = None,
) -> AnalysisResult:
    """Load, validate and compute, in memory or streamed (no files written).

    ``engine="stream"`` reads a CSV in blocks with pyarrow and merges the blocks' moments,
    so memory is bounded by the block, not the file; ``"memory"`` reads the whole file;
    ``"auto"`` streams CSV files (below 64 MiB only those without double quotes, so that
    malformed quoting is reported by row). Both give the same numbers. A file the
    streaming reader cannot take as it is (another encoding, blank or ragged rows, line
    breaks inside quotes) is read in memory by the careful reader, which reports such
    problems by row. Pairwise reliability, --ordinal and --bootstrap need the rows, so they
    always run in memory.
    """
    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    opts = options or AnalysisOptions()
    path = Path(data_path)
    if engine == "dask":
        if opts.reliability_missing != "listwise" or opts.ordinal or opts.bootstrap > 0:
            raise UsageError("pairwise reliability, --ordinal and --bootstrap need --engine memory")
        from mcstats.distributed import dask_survey

        files = sorted(glob.glob(str(data_path))) or [str(data_path)]
        moments, survey = dask_survey(files, instrument, invalid=invalid, groups=groups, scheduler=scheduler)
        group_cols = groups if groups is not None else [g.column for g in instrument.groups]
        return results_from_moments(moments, survey, opts, groups=group_cols)
    csv_like = path.suffix.lower() in (".csv", ".tsv", ".txt")
    large = _size(path) > STREAM_ABOVE_BYTES
    wants_stream = engine == "stream" or (engine == "auto" and csv_like)
    needs_rows = opts.reliability_missing != "listwise" or opts.ordinal or opts.bootstrap > 0
    if engine == "stream" and not needs_rows and path.suffix.lower() == ".sav":
        from mcstats.stream import stream_sav

        streamed = stream_sav(
            path,
            instrument,
            invalid=invalid,
            groups=groups,
            on_rows=on_rows,
            labels_from_file=labels_from_file,
        )
        group_cols = groups if groups is not None else [g.column for g in instrument.groups]
        return results_from_moments(streamed.moments, streamed.survey, opts, groups=group_cols)
    if wants_stream and not needs_rows and path.suffix.lower() not in (".xlsx", ".xlsm", ".sav"):
        try:
            streamed = stream_survey(
                path,
                instrument,
                invalid=invalid,
                groups=groups,
                on_rows=on_rows,
                quotes=engine == "stream" or large,
            )
        except FastPathUnavailable:
            pass  # the careful in-memory reader below handles and reports what stopped it
        else:
            group_cols = groups if groups is not None else [g.column for g in instrument.groups]
            return results_from_moments(streamed.moments, streamed.survey, opts, groups=group_cols)
    raw = load_survey(data_path, sheet=sheet)
    if raw.value_labels or raw.variable_labels:
        instrument = with_file_labels(
            instrument, raw.value_labels, raw.variable_labels, responses=labels_from_file
        )
    survey = code_responses(raw, instrument, invalid=invalid, groups=groups)
    if on_rows is not None:
        on_rows(raw.n_rows)
    return analyze(survey, opts, groups=groups)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def default_out_dir(data_path: str | Path) -> Path:
    """``reports/<input name>/`` for an input file."""
    return Path("reports") / Path(data_path).stem


def run_analysis(
    data_path: str | Path,
    instrument: Instrument,
    *,
    out_dir: str | Path | None = None,
    options: AnalysisOptions | None = None,
    invalid: str = "error",
    groups: list[str] | None = None,
    sheet: str | None = None,
    created: str | None = None,
    labels_from_file: bool = False,
    formats: Sequence[str] = ("md",),
    charts: bool = False,
    engine: str = "auto",
    on_rows: Callable[[int], None] | None = None,
    scheduler: str | None = None,
) -> AnalysisRun:
    """Analyse a survey file and write ``results.json`` and the reports to ``out_dir``.

    ``formats`` picks the reports (``md``, ``html``, ``docx``); ``charts=True`` also writes
    every chart as PNG and SVG under ``out_dir/charts/``.

    Labels stored in the file (.sav value and variable labels) fill what the instrument
    leaves open: item wording and group levels always; response labels too with
    ``labels_from_file=True`` (used when the instrument comes from command-line options).

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
    check_not_inputs(  # neither the data file nor the instrument may be overwritten
        (results_path, *(out / REPORT_FORMATS[f] for f in formats)), (data, instrument.path)
    )
    result = compute(
        data_path,
        instrument,
        options=options,
        invalid=invalid,
        groups=groups,
        sheet=sheet,
        labels_from_file=labels_from_file,
        engine=engine,
        on_rows=on_rows,
        scheduler=scheduler,
    )
    doc = results_dict(result, created=created)
    write_atomic(results_path, dumps(doc))
    written = write_reports(doc, out, formats, charts=charts)
    return AnalysisRun(
        result=result,
        document=doc,
        results_path=results_path,
        report_path=report_path,
        written=(results_path, *written),
    )
