"""The Dask engine: the same partial statistics per partition, merged in a tree.

A survey stored as one or many CSV or Parquet files is read with ``dask.dataframe``; each
partition is validated exactly as an in-memory file is (:func:`mcstats.validate.code_chunk`)
and reduced to :class:`~mcstats.engines.moments.SurveyMoments`; the moments are merged pairwise in a
tree on the workers, and only the merged moments (kilobytes) come back. On a cluster pass
``scheduler="tcp://host:8786"``; without one, Dask's local scheduler runs the same graph.

Row numbers: a first, cheap pass counts each partition's rows, so every message and
exclusion still names the file and its spreadsheet row (header = row 1) for CSV files
with one record per line; for Parquet the row is the record number + 1.

The same design maps to Spark: ``mapPartitions`` over a DataFrame of text columns with the
partition function below, then ``treeReduce(SurveyMoments.merge)``; the result feeds
:func:`mcstats.analysis.results_from_moments` on the driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mcstats.engines.moments import SurveyMoments, accumulate
from mcstats.errors import CellProblem, DataError, UsageError
from mcstats.instrument import Instrument
from mcstats.validate import (
    CodedSurvey,
    Exclusion,
    code_chunk,
    invalid_cells_error,
    survey_without_rows,
)

if TYPE_CHECKING:  # pragma: no cover
    from mcstats.analysis import AnalysisOptions, AnalysisResult
    from mcstats.engines import ReadOptions


@dataclass
class PartitionSummary:
    """What one partition contributes: moments and its share of the row accounting."""

    moments: SurveyMoments
    n_rows: int
    excluded: list[Exclusion]
    problems: list[CellProblem]
    n_problems: int
    warnings: list[str]
    #: Invalid cells per column (``--invalid missing`` reports them in results.json).
    by_column: dict[str, int] = field(default_factory=dict)

    def merge(self, other: PartitionSummary) -> PartitionSummary:
        self.moments.merge(other.moments)
        self.n_rows += other.n_rows
        self.excluded += other.excluded
        self.problems += other.problems[: max(0, 1000 - len(self.problems))]
        self.n_problems += other.n_problems
        for col, n in other.by_column.items():
            self.by_column[col] = self.by_column.get(col, 0) + n
        self.warnings += [w for w in other.warnings if w not in self.warnings]
        return self


def _text(v: Any) -> str | None:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v)
    return s if s.strip() else None


def summarise_partition(
    frame: pd.DataFrame,
    path: str,
    first_row: int,
    instrument: Instrument,
    groups: Sequence[str] | None,
    delimiter: str | None,
    extras: Sequence[str] = (),
) -> PartitionSummary:
    """Validate and reduce one partition (runs on a worker)."""
    from mcstats.io import RawSurvey

    cells = pd.DataFrame({c: [_text(v) for v in frame[c].tolist()] for c in frame.columns}, dtype=object)
    raw = RawSurvey(
        path=path,
        sha256="",
        frame=cells,
        rows=np.arange(first_row, first_row + len(cells), dtype=np.int64),
        format="csv" if delimiter else "parquet",
        delimiter=delimiter,
    )
    group_list = list(groups) if groups is not None else None
    coded = code_chunk(raw, instrument, invalid="missing", groups=group_list)
    group_cols = group_list if group_list is not None else [g.column for g in instrument.groups]
    moments = accumulate(instrument, coded.items, coded.answered, coded.categorical, group_cols, extras)
    return PartitionSummary(
        moments,
        len(cells),
        coded.excluded,
        coded.invalid_cells,
        coded.n_invalid,
        coded.warnings,
        dict(coded.n_invalid_by_column),
    )


def _merge(a: PartitionSummary, b: PartitionSummary) -> PartitionSummary:
    return a.merge(b)


def dask_survey(
    paths: Sequence[str | Path],
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
    scheduler: str | None = None,
    blocksize: str | int = "64MB",
    extras: Sequence[str] = (),
) -> tuple[SurveyMoments, CodedSurvey]:
    """Moments and row accounting of a survey in one or many CSV or Parquet files, with Dask.

    Returns the merged moments and a :class:`~mcstats.validate.CodedSurvey` carrying the
    row accounting (no rows), ready for :func:`mcstats.analysis.results_from_moments`.
    """
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - optional dependency
        raise UsageError("engine dask needs dask (pip install 'mcstats[dask]')", argument="engine") from None
    files = [str(p) for p in paths]
    if not files:
        raise UsageError("no input files")
    from mcstats.safety import check_input_file

    for f in files:  # regular files only: not /dev/zero, a pipe, a socket or a loop of links
        check_input_file(f, DataError, what="data file")
    kinds = {f.lower().endswith(".parquet") for f in files}
    if len(kinds) > 1:
        raise DataError(
            "the files mix CSV and Parquet; give one kind at a time (a glob such as data/*.parquet)",
            path=f"{files[0]} (+{len(files) - 1} more)",
        )
    parquet = kinds == {True}
    delimiter = None
    careful: list[str] = []
    try:
        if parquet:
            ddf = dd.read_parquet(files)
            part_paths = _parquet_partition_paths(files, ddf.npartitions)
            if len(set(map(str, ddf.columns))) != len(ddf.columns):
                raise DataError("the Parquet files have two columns of one name", path=files[0])
        else:
            careful = _files_for_the_careful_reader(files)
            fast = [f for f in files if f not in careful]
            delimiter = _csv_delimiter(fast[0] if fast else files[0])
            ddf = (
                dd.read_csv(
                    fast,
                    dtype=str,
                    keep_default_na=False,
                    na_filter=False,
                    sep=delimiter,
                    blocksize=blocksize,
                    include_path_column="__mcstats_file__",
                )
                if fast
                else None
            )
            part_paths = None
    except DataError:
        raise
    except Exception as exc:  # pyarrow and pandas raise many types for broken files
        raise DataError(
            f"cannot read the files with Dask ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
            path=files[0] if len(files) == 1 else f"{files[0]} (+{len(files) - 1} more)",
        ) from None
    client = None
    if scheduler:
        try:
            from distributed import Client

            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except ImportError:  # pragma: no cover - optional dependency
            raise UsageError("a Dask scheduler needs distributed (pip install 'mcstats[dask]')") from None
        except (OSError, TimeoutError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler!r} within {SCHEDULER_TIMEOUT_S} s "
                f"({type(exc).__name__}); check the address or leave it out for a local cluster",
                argument="scheduler",
            ) from None
    try:
        if ddf is None:
            total = _careful_total(careful, instrument, groups, dask, tuple(extras))
            return _finish(total, files, instrument, invalid)
        parts = ddf.to_delayed()
        if part_paths is None:
            heads = dask.compute(*[dask.delayed(_path_and_len)(p) for p in parts])
            part_paths = [h[0] for h in heads]
            lengths = [h[1] for h in heads]
        else:
            lengths = list(dask.compute(*[dask.delayed(len)(p) for p in parts]))
        first_rows: list[int] = []
        seen: dict[str, int] = {}
        for path, n in zip(part_paths, lengths, strict=True):
            start = seen.get(path, 2)
            first_rows.append(start)
            seen[path] = start + n
        tasks = [
            dask.delayed(summarise_partition)(
                dask.delayed(_drop_path)(p), path, first, instrument, groups, delimiter, tuple(extras)
            )
            for p, path, first in zip(parts, part_paths, first_rows, strict=True)
        ]
        tasks += [dask.delayed(_careful_summary)(f, instrument, groups, tuple(extras)) for f in careful]
        while len(tasks) > 1:  # pairwise tree reduction on the workers
            tasks = [
                dask.delayed(_merge)(tasks[i], tasks[i + 1]) if i + 1 < len(tasks) else tasks[i]
                for i in range(0, len(tasks), 2)
            ]
        try:
            (total,) = dask.compute(tasks[0])
        except (DataError, UsageError):
            raise
        except Exception as exc:  # a malformed row that pandas' parser meets in a partition
            raise DataError(
                f"cannot read the files with Dask ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}); "
                "the memory engine names the row",
                path=files[0] if len(files) == 1 else f"{files[0]} (+{len(files) - 1} more)",
            ) from None
    finally:
        if client is not None:
            client.close()
    return _finish(total, files, instrument, invalid)


#: Seconds to wait for a Dask scheduler before a clear message.
SCHEDULER_TIMEOUT_S = 10


def _csv_delimiter(path: str) -> str:
    from mcstats.engines.csvread import scan_head

    return scan_head(path).delimiter


def _files_for_the_careful_reader(files: list[str]) -> list[str]:
    """CSV files that Dask's line-by-line reader would get wrong: blank lines (row numbers and
    the blank-row rule), Qualtrics header rows, another encoding, NUL bytes, empty or
    duplicate column names. Each of them is read whole by :func:`mcstats.io.read_csv` in
    one task, so every engine gives the same rows, numbers and messages.

    A file with a line beyond ``MCSTATS_MAX_LINE_BYTES`` is refused first, as the careful
    reader refuses it: Dask's reader would otherwise parse a file without line ends as one
    partition of one row, for minutes (issue 19)."""
    from mcstats.engines.csvread import scan_body, scan_head
    from mcstats.io import check_line_lengths

    for f in files:
        check_line_lengths(f)
    return [f for f in files if scan_head(f).with_body(scan_body(f)).problem is not None]


def _careful_summary(
    path: str, instrument: Instrument, groups: Sequence[str] | None, extras: Sequence[str] = ()
) -> PartitionSummary:
    """One CSV file through the careful reader (runs on a worker), with the same optional
    moments as the other partitions (a file without them would be left out of those
    analyses when the partitions merge)."""
    from mcstats.io import load_survey

    raw = load_survey(path)
    group_list = list(groups) if groups is not None else None
    coded = code_chunk(raw, instrument, invalid="missing", groups=group_list)
    group_cols = group_list if group_list is not None else [g.column for g in instrument.groups]
    moments = accumulate(instrument, coded.items, coded.answered, coded.categorical, group_cols, extras)
    return PartitionSummary(
        moments,
        raw.n_rows,
        coded.excluded,
        coded.invalid_cells,
        coded.n_invalid,
        coded.warnings,
        dict(coded.n_invalid_by_column),
    )


def _careful_total(
    files: list[str],
    instrument: Instrument,
    groups: Sequence[str] | None,
    dask: Any,
    extras: Sequence[str] = (),
) -> PartitionSummary:
    parts = dask.compute(*[dask.delayed(_careful_summary)(f, instrument, groups, extras) for f in files])
    total = parts[0]
    for p in parts[1:]:
        total = total.merge(p)
    return total


def _path_and_len(frame: pd.DataFrame) -> tuple[str, int]:
    path = str(frame["__mcstats_file__"].iloc[0]) if len(frame) else ""
    return path, len(frame)


def _drop_path(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["__mcstats_file__"], errors="ignore")


def _parquet_partition_paths(files: list[str], n: int) -> list[str]:
    return files * (n // len(files)) if n % len(files) == 0 and n >= len(files) else [files[0]] * n


def _finish(
    total: PartitionSummary, files: list[str], instrument: Instrument, invalid: str
) -> tuple[SurveyMoments, CodedSurvey]:
    where = files[0] if len(files) == 1 else f"{files[0]} (+{len(files) - 1} more)"
    if total.n_rows == 0:
        raise DataError("the files have a header but no respondent rows", path=where, row=2)
    if total.n_problems and invalid == "error":
        problems = sorted(total.problems, key=lambda c: c.row)
        raise invalid_cells_error(where, instrument.scale_points, problems, total.n_problems)
    if total.moments.n_rows == 0:
        raise DataError(
            f"none of the {total.n_rows} row(s) has a valid response on any item, so all were "
            "excluded and there is nothing to analyse",
            path=where,
        )
    import hashlib

    h = hashlib.sha256()
    for f in files:  # one hash over the files in order: the input's identity
        with open(f, "rb") as fh:
            while block := fh.read(1 << 24):
                h.update(block)
    survey = survey_without_rows(
        where,
        h.hexdigest(),
        instrument,
        n_rows=total.n_rows,
        n_analysed=total.moments.n_rows,
        excluded=sorted(total.excluded, key=lambda e: e.row),
        invalid_cells=total.problems,
        n_invalid=total.n_problems,
        warnings=total.warnings,
        # In the in-memory run's order: items, then grouping and categorical columns.
        n_invalid_by_column={
            c: total.by_column[c]
            for c in dict.fromkeys([*instrument.item_columns, *total.by_column])
            if total.by_column.get(c)
        },
    )
    return total.moments, survey


class DaskEngine:
    """``engine="dask"``: ``path`` may be a glob of CSV or Parquet files (sorted)."""

    name = "dask"
    # Partitions are read apart and merged as moments, so rows are never compared across them.
    not_checked = (
        "duplicate respondents (repeated ids and copied rows): the dask engine reads partitions "
        "apart and does not compare rows across them; the memory and stream engines check them",
    )

    def run(
        self, path: Path, instrument: Instrument, options: AnalysisOptions, read: ReadOptions
    ) -> AnalysisResult:
        import glob

        from mcstats.analysis import moment_extras, results_from_moments

        files = sorted(glob.glob(str(path))) or [str(path)]
        moments, survey = dask_survey(
            files,
            instrument,
            invalid=read.invalid,
            groups=read.group_list,
            scheduler=read.scheduler,
            extras=moment_extras(options),
        )
        group_cols = read.group_columns(instrument)
        return results_from_moments(moments, survey, options, groups=group_cols)


DASK = DaskEngine()
