"""Streaming CSV reading for large surveys: pyarrow's incremental reader, chunk by chunk.

The fast path reads a clean CSV (UTF-8 with or without BOM; comma, semicolon or tab; a
unique header; every record on one line; no blank lines; every row as wide as the
header) in blocks, keeping memory bounded by the block size. Each column of a block comes
out dictionary-encoded: its few distinct texts and one small integer per row, which is
what validation needs (a Likert column has a handful of distinct answers).

Anything else (another encoding, ragged or blank rows, quoted line breaks, duplicate
column names) is not guessed at here: :func:`fast_path_problem` says why, and the caller
falls back to :func:`mcstats.io.read_csv`, which handles and reports every such case.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mcstats.engine import SurveyMoments
from mcstats.instrument import Instrument
from mcstats.io import RawSurvey, sniff_delimiter
from mcstats.validate import CodedSurvey

SCAN_BLOCK = 1 << 24  # bytes per pre-scan read


@dataclass(frozen=True)
class FileScan:
    """What one pass over the bytes tells: hash, line count and whether it is 'clean'."""

    sha256: str
    n_lines: int
    header: list[str]
    delimiter: str
    problem: str | None


@dataclass(frozen=True)
class TokenChunk:
    """One block of records: per column the distinct texts and each row's index into them.

    ``indices`` is -1 for an empty cell. ``first_row`` is the spreadsheet row of the
    block's first record (header = row 1).
    """

    first_row: int
    n: int
    columns: dict[str, tuple[list[str], np.ndarray]]


def scan_file(path: str | Path) -> FileScan:
    """Hash the file and check, in one pass over its bytes, that the fast path applies."""
    h = hashlib.sha256()
    n_lines = 0
    has_quote = False
    has_nul = False
    blank = False
    prev_tail = b"\n"
    head = b""
    with open(path, "rb") as fh:
        while True:
            block = fh.read(SCAN_BLOCK)
            if not block:
                break
            h.update(block)
            if len(head) < 65536:
                head += block[: 65536 - len(head)]
            n_lines += block.count(b"\n")
            has_quote = has_quote or b'"' in block
            has_nul = has_nul or b"\x00" in block
            joined = prev_tail + block
            if b"\n\n" in joined or b"\n\r\n" in joined:
                blank = True
            prev_tail = block[-2:]
        if prev_tail and not prev_tail.endswith(b"\n"):
            n_lines += 1  # last line without a newline
    problem = None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problem = "UTF-16 text"
    text = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the 64 KiB head is not an error.
        if exc.start < len(text) - 4:
            problem = problem or "not UTF-8"
        decoded = text[: exc.start].decode("utf-8")
    if not decoded.strip():
        problem = problem or "empty"
    delimiter = sniff_delimiter(decoded) if decoded else ","
    first = decoded.splitlines()[0] if decoded.splitlines() else ""
    header = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    names = [c.strip() for c in header]
    if blank:
        problem = problem or "blank lines"
    if has_nul:
        problem = problem or "NUL bytes"
    if '{"ImportId"' in decoded.replace('""', '"')[:65536]:
        problem = problem or "Qualtrics header rows"  # the careful reader takes them apart
    if has_quote:
        # Quotes are fine unless a quoted value spans lines; the record count tells later.
        pass
    if len(set(names)) != len(names) or any(n == "" for n in names):
        problem = problem or "duplicate or empty column names"
    return FileScan(h.hexdigest(), n_lines, names, delimiter, problem)


class FastPathUnavailable(Exception):
    """The file needs the careful reader (mcstats.io.read_csv); the message says why."""


def iter_token_chunks(path: str | Path, scan: FileScan, *, block_size: int = 1 << 22) -> Iterator[TokenChunk]:
    """Dictionary-encoded blocks of a clean CSV, read with pyarrow's streaming reader.

    Raises FastPathUnavailable when pyarrow meets something only the careful reader handles
    (a row of the wrong width, invalid UTF-8, a quoted line break).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    if scan.problem:
        raise FastPathUnavailable(scan.problem)
    bad_rows: list[int] = []

    def on_invalid(row: object) -> str:
        bad_rows.append(1)
        return "skip"

    try:
        reader = pv.open_csv(
            path,
            read_options=pv.ReadOptions(block_size=block_size, column_names=scan.header, skip_rows=1),
            parse_options=pv.ParseOptions(
                delimiter=scan.delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pv.ConvertOptions(
                column_types={c: pa.string() for c in scan.header},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise FastPathUnavailable(f"pyarrow: {exc}") from None
    row = 2
    records = 0
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as exc:
            raise FastPathUnavailable(f"pyarrow: {exc}") from None
        if bad_rows:
            raise FastPathUnavailable("a row is not as wide as the header")
        cols: dict[str, tuple[list[str], np.ndarray]] = {}
        for name, arr in zip(batch.schema.names, batch.columns, strict=True):
            enc = pc.dictionary_encode(arr)
            idx = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
            cols[name] = (enc.dictionary.to_pylist(), idx)
        yield TokenChunk(first_row=row, n=batch.num_rows, columns=cols)
        row += batch.num_rows
        records += batch.num_rows
    # Every record on one line: otherwise a quoted line break shifted the row numbers.
    if records + 1 != scan.n_lines:
        raise FastPathUnavailable("a quoted value spans lines, so rows and lines differ")


def _chunk_frame(chunk: TokenChunk) -> pd.DataFrame:
    """A block's columns as categorical text cells (missing = empty), built from pyarrow's
    dictionary encoding without touching each cell: validation reads the categories."""
    data = {
        name: pd.Categorical.from_codes(idx, categories=pd.Index(uniques, dtype=object))
        for name, (uniques, idx) in chunk.columns.items()
    }
    return pd.DataFrame(data)


@dataclass
class StreamedSurvey:
    """What the streaming engine gathered: merged moments and the row accounting."""

    moments: SurveyMoments
    survey: CodedSurvey


class _ChunkMerger:
    """Validates raw chunks like an in-memory file and merges their moments and accounting."""

    def __init__(self, instrument: Instrument, invalid: str, groups: list[str] | None) -> None:
        from mcstats.engine import empty_moments

        self.instrument = instrument
        self.invalid = invalid
        self.groups = groups
        self.group_cols = groups if groups is not None else [g.column for g in instrument.groups]
        self.moments = empty_moments(instrument, self.group_cols)
        self.excluded: list[Any] = []
        self.problems: list[Any] = []
        self.n_problems = 0
        self.warnings: list[str] = []
        self.n_rows = 0
        self.id_hashes: list[np.ndarray] = []
        self.id_rows: list[np.ndarray] = []

    def add(self, raw: RawSurvey, ids: np.ndarray | None) -> None:
        """One chunk; ``ids`` are its id texts (stripped, "" when empty) if there is an id column."""
        from mcstats.engine import accumulate
        from mcstats.validate import code_responses

        coded = code_responses(raw, self.instrument, invalid="missing", groups=self.groups, chunk=True)
        if ids is not None:
            # Ids are kept as 64-bit hashes (16 bytes a row with the row number), so memory
            # stays small; the texts of duplicated ids are looked up again at the end.
            keep = ids != ""
            self.id_hashes.append(pd.util.hash_array(ids[keep]))
            self.id_rows.append(raw.rows[keep])
        self.n_rows += raw.n_rows
        self.excluded.extend(coded.excluded)
        self.n_problems += coded.n_invalid
        self.problems.extend(coded.invalid_cells[: max(0, 1000 - len(self.problems))])
        self.warnings.extend(w for w in coded.warnings if w not in self.warnings)
        self.moments.merge(
            accumulate(self.instrument, coded.items, coded.answered, coded.categorical, self.group_cols)
        )

    def finish(
        self,
        path: str,
        sha256: str,
        header: Sequence[str],
        id_texts: Callable[[set[int]], tuple[list[str], list[int]]],
    ) -> StreamedSurvey:
        """Whole-survey checks and warnings, then the streamed survey."""
        from mcstats.errors import DataError
        from mcstats.validate import MAX_LISTED
        from mcstats.validate import _duplicate_ids as warn_duplicates

        inst = self.instrument
        if self.n_rows == 0:
            raise DataError("the file has a header but no respondent rows", path=path, row=2)
        if self.n_problems and self.invalid == "error":
            problems = sorted(self.problems, key=lambda c: c.row)
            raise DataError(
                f"{self.n_problems} cell(s) are not valid responses on the {inst.scale_points}-point "
                "scale (use --invalid missing to treat them as missing and list them in the results)",
                path=path,
                cells=problems[:MAX_LISTED],
                total=self.n_problems,
            )
        if self.moments.n_rows == 0:
            first = self.excluded[0]
            raise DataError(
                f"none of the {self.n_rows} row(s) has a valid response on any item, so all were "
                f"excluded and there is nothing to analyse (row {first.row}: {first.reason})",
                path=path,
            )
        id_col = inst.id_column
        if id_col and id_col not in header:
            self.warnings.append(
                f"respondent id column {id_col!r} is not in the file; duplicates cannot be checked"
            )
        elif id_col and self.id_hashes:
            wanted = _duplicated(np.concatenate(self.id_hashes))
            if wanted:
                texts, rows = id_texts(wanted)
                frame = pd.DataFrame({id_col: texts}, dtype=object)
                self.warnings.extend(warn_duplicates(frame, np.asarray(rows, dtype=np.int64), id_col))
        for col, counts in self.moments.answered.items():
            if int(counts.counts.sum()) == 0:
                self.warnings.append(f"item {col!r} has no valid response in any row")
        empty = pd.DataFrame(columns=inst.item_columns, dtype=float)
        survey = CodedSurvey(
            path=path,
            sha256=sha256,
            instrument=inst,
            items=empty,
            answered=empty,
            categorical=pd.DataFrame(),
            rows=np.empty(0, dtype=np.int64),
            n_rows=self.n_rows,
            excluded=self.excluded,
            invalid_cells=self.problems,
            n_invalid=self.n_problems,
            warnings=self.warnings,
            n_analysed_rows=self.moments.n_rows,
        )
        return StreamedSurvey(moments=self.moments, survey=survey)


def _duplicated(hashes: np.ndarray) -> set[int]:
    """The hash values that occur more than once."""
    values, counts = np.unique(hashes, return_counts=True)
    return set(values[counts > 1].tolist())


def _id_texts_of(values: np.ndarray, first_row: int, wanted: set[int]) -> tuple[list[str], list[int]]:
    hit = np.isin(pd.util.hash_array(values), list(wanted)) & (values != "")
    return values[hit].tolist(), (first_row + np.flatnonzero(hit)).tolist()


def stream_survey(
    path: str | Path,
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
    block_size: int = 1 << 22,
    on_rows: Callable[[int], None] | None = None,
) -> StreamedSurvey:
    """Validate and summarise a large CSV block by block, in memory bounded by the block.

    Each block goes through the same validation as an in-memory file
    (:func:`mcstats.validate.code_responses`) and is reduced to
    :class:`~mcstats.engine.SurveyMoments`, which are merged; so results equal the
    in-memory path. Raises FastPathUnavailable when the file needs the careful reader.
    ``on_rows`` is called with the number of rows after each block (a progress bar).
    """
    scan = scan_file(path)
    merger = _ChunkMerger(instrument, invalid, groups)
    id_col = instrument.id_column

    def ids_of(chunk: TokenChunk) -> np.ndarray:
        uniques, idx = chunk.columns[str(id_col)]
        return np.array([str(u).strip() for u in uniques] + [""], dtype=object)[idx]

    for chunk in iter_token_chunks(path, scan, block_size=block_size):
        raw = RawSurvey(
            path=str(path),
            sha256=scan.sha256,
            frame=_chunk_frame(chunk),
            rows=np.arange(chunk.first_row, chunk.first_row + chunk.n, dtype=np.int64),
            format="csv",
            encoding="utf-8",
            delimiter=scan.delimiter,
        )
        merger.add(raw, ids_of(chunk) if id_col and id_col in chunk.columns else None)
        if on_rows is not None:
            on_rows(merger.n_rows)

    def id_texts(wanted: set[int]) -> tuple[list[str], list[int]]:
        # Second, cheap pass: the id column alone, for the texts of the duplicated ids.
        texts: list[str] = []
        rows: list[int] = []
        for chunk in iter_token_chunks(path, scan, block_size=block_size):
            t, r = _id_texts_of(ids_of(chunk), chunk.first_row, wanted)
            texts += t
            rows += r
        return texts, rows

    return merger.finish(str(path), scan.sha256, scan.header, id_texts)


def stream_sav(
    path: str | Path,
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
    chunk_rows: int = 100_000,
    on_rows: Callable[[int], None] | None = None,
    labels_from_file: bool = False,
) -> StreamedSurvey:
    """An SPSS .sav file in chunks of rows through pyreadstat, merged like CSV blocks.

    User-missing codes are missing, and the file's labels fill what the instrument leaves
    open, exactly as :func:`mcstats.io.read_sav` and the in-memory path do.
    """
    import pyreadstat

    from mcstats.errors import DataError
    from mcstats.instrument import with_file_labels
    from mcstats.io import _cell_text, sav_labels

    p = Path(path)
    try:
        _, meta = pyreadstat.read_sav(str(p), metadataonly=True)
    except Exception as exc:
        raise DataError(f"not a readable SPSS .sav file ({exc})", path=str(p)) from None
    value_labels, variable_labels = sav_labels(meta)
    if value_labels or variable_labels:
        instrument = with_file_labels(instrument, value_labels, variable_labels, responses=labels_from_file)
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        while block := fh.read(SCAN_BLOCK):
            h.update(block)
    merger = _ChunkMerger(instrument, invalid, groups)
    id_col = instrument.id_column
    header = [str(c) for c in meta.column_names]
    first = 2
    reader = pyreadstat.read_file_in_chunks(
        pyreadstat.read_sav, str(p), chunksize=chunk_rows, user_missing=False
    )
    for df, _ in reader:
        frame = df.astype(object).map(_cell_text) if len(df) else df.astype(object)
        frame.columns = header
        raw = RawSurvey(
            path=str(p),
            sha256=h.hexdigest(),
            frame=frame,
            rows=np.arange(first, first + len(frame), dtype=np.int64),
            format="sav",
            value_labels=value_labels,
            variable_labels=variable_labels,
        )
        ids = None
        if id_col and id_col in frame.columns:
            ids = np.array(["" if v is None else str(v).strip() for v in frame[id_col]], dtype=object)
        merger.add(raw, ids)
        first += len(frame)
        if on_rows is not None:
            on_rows(merger.n_rows)

    def id_texts(wanted: set[int]) -> tuple[list[str], list[int]]:
        texts: list[str] = []
        rows: list[int] = []
        start = 2
        for df, _ in pyreadstat.read_file_in_chunks(
            pyreadstat.read_sav, str(p), chunksize=chunk_rows, usecols=[str(id_col)], user_missing=False
        ):
            values = np.array(
                ["" if (v := _cell_text(x)) is None else v.strip() for x in df[str(id_col)]], dtype=object
            )
            t, r = _id_texts_of(values, start, wanted)
            texts += t
            rows += r
            start += len(df)
        return texts, rows

    return merger.finish(str(p), h.hexdigest(), header, id_texts)
