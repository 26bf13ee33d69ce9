"""One call from a file to results on disk: load -> validate -> compute -> render.

The CLI's ``analyze`` and a user's own script call :func:`run_analysis` alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mcstats.analysis import AnalysisOptions, AnalysisResult, analyze
from mcstats.errors import UsageError
from mcstats.instrument import Instrument, with_file_labels
from mcstats.io import load_survey
from mcstats.report.render import render_markdown
from mcstats.results import dumps, results_dict, write_atomic
from mcstats.validate import code_responses


@dataclass(frozen=True)
class AnalysisRun:
    """What :func:`run_analysis` computed and where it wrote it."""

    result: AnalysisResult
    document: dict[str, object]
    results_path: Path
    report_path: Path


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
) -> AnalysisRun:
    """Analyse a survey file and write ``results.json`` and ``report.md`` to ``out_dir``.

    Examples
    --------
    >>> import tempfile
    >>> from mcstats import load_instrument, run_analysis
    >>> inst = load_instrument("instruments/example_4point.yaml")
    Labels stored in the file (.sav value and variable labels) fill what the instrument
    leaves open: item wording and group levels always; response labels too with
    ``labels_from_file=True`` (used when the instrument comes from command-line options).

    >>> with tempfile.TemporaryDirectory() as d:
    ...     run = run_analysis("data/examples/example_4point.csv", inst, out_dir=d)
    ...     run.document["input"]["n_rows"] == run.result.survey.n_analysed + len(run.result.survey.excluded)
    True
    """
    out = Path(out_dir) if out_dir is not None else default_out_dir(data_path)
    data = Path(data_path).resolve()
    results_path = out / "results.json"
    report_path = out / "report.md"
    for target in (results_path, report_path):
        if target.resolve() == data:
            raise UsageError(f"refusing to overwrite the input file {data_path} with {target.name}")
    raw = load_survey(data_path, sheet=sheet)
    if raw.value_labels or raw.variable_labels:
        instrument = with_file_labels(
            instrument, raw.value_labels, raw.variable_labels, responses=labels_from_file
        )
    survey = code_responses(raw, instrument, invalid=invalid, groups=groups)
    result = analyze(survey, options, groups=groups)
    doc = results_dict(result, created=created)
    write_atomic(results_path, dumps(doc))
    write_atomic(report_path, render_markdown(doc))
    return AnalysisRun(result=result, document=doc, results_path=results_path, report_path=report_path)
