"""The in-memory engine: the careful reader, every format, every analysis.

The whole file is read by :func:`mcstats.io.load_survey` (malformed rows, encodings and
export layouts reported by row), validated by :func:`mcstats.validate.code_responses` and
analysed by :func:`mcstats.analysis.analyze`, which accumulates the same one-pass moments
as the other engines and can also use the rows (pairwise reliability, polychoric
correlations, the bootstrap).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from mcstats.analysis import AnalysisOptions, AnalysisResult
    from mcstats.engines import ReadOptions
    from mcstats.instrument import Instrument


class MemoryEngine:
    """Read the whole file, validate it and analyse it (see the module docstring)."""

    name = "memory"
    not_checked: tuple[str, ...] = ()

    def run(
        self, path: Path, instrument: Instrument, options: AnalysisOptions, read: ReadOptions
    ) -> AnalysisResult:
        from mcstats.analysis import analyze
        from mcstats.instrument import with_file_labels
        from mcstats.io import load_survey
        from mcstats.validate import code_responses

        raw = load_survey(path, sheet=read.sheet)
        if raw.value_labels or raw.variable_labels:
            instrument = with_file_labels(
                instrument, raw.value_labels, raw.variable_labels, responses=read.labels_from_file
            )
        survey = code_responses(raw, instrument, invalid=read.invalid, groups=read.group_list)
        if read.on_rows is not None:
            read.on_rows(raw.n_rows)
        return analyze(survey, options, groups=read.group_list)


MEMORY = MemoryEngine()
