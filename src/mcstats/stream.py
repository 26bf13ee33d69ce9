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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mcstats.engine import SurveyMoments
from mcstats.instrument import Instrument
from mcstats.io import sniff_delimiter
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
    from mcstats.engine import accumulate, empty_moments
    from mcstats.errors import CellProblem, DataError
    from mcstats.io import RawSurvey
    from mcstats.validate import MAX_LISTED, Exclusion, code_responses

    scan = scan_file(path)
    group_cols = groups if groups is not None else [g.column for g in instrument.groups]
    moments = empty_moments(instrument, group_cols)
    excluded: list[Exclusion] = []
    problems: list[CellProblem] = []
    n_problems = 0
    warnings: list[str] = []
    n_rows = 0
    id_col = instrument.id_column
    id_hashes: list[np.ndarray] = []
    id_rows: list[np.ndarray] = []
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
        coded = code_responses(raw, instrument, invalid="missing", groups=groups, chunk=True)
        if id_col and id_col in chunk.columns:
            # Ids are kept as 64-bit hashes (16 bytes a row with the row number), so memory
            # stays small; the texts of duplicated ids are looked up again at the end.
            uniques, idx = chunk.columns[id_col]
            texts = np.array([str(u).strip() for u in uniques] + [""], dtype=object)[idx]
            keep = texts != ""
            id_hashes.append(pd.util.hash_array(texts[keep]))
            id_rows.append(raw.rows[keep])
        n_rows += chunk.n
        excluded.extend(coded.excluded)
        n_problems += coded.n_invalid
        problems.extend(coded.invalid_cells[: max(0, 1000 - len(problems))])
        warnings.extend(w for w in coded.warnings if w not in warnings)
        moments.merge(accumulate(instrument, coded.items, coded.answered, coded.categorical, group_cols))
        if on_rows is not None:
            on_rows(n_rows)
    if n_rows == 0:
        raise DataError("the file has a header but no respondent rows", path=str(path), row=2)
    if n_problems and invalid == "error":
        problems.sort(key=lambda c: c.row)
        raise DataError(
            f"{n_problems} cell(s) are not valid responses on the {instrument.scale_points}-point "
            "scale (use --invalid missing to treat them as missing and list them in the results)",
            path=str(path),
            cells=problems[:MAX_LISTED],
            total=n_problems,
        )
    if moments.n_rows == 0:
        raise DataError(
            f"none of the {n_rows} row(s) has a valid response on any item, so all were "
            f"excluded and there is nothing to analyse (row {excluded[0].row}: {excluded[0].reason})",
            path=str(path),
        )
    if id_col:
        if id_col not in scan.header:
            warnings.append(
                f"respondent id column {id_col!r} is not in the file; duplicates cannot be checked"
            )
        elif id_hashes:
            warnings.extend(
                _duplicate_ids(path, scan, id_col, np.concatenate(id_hashes), np.concatenate(id_rows))
            )
    for col, counts in moments.answered.items():
        if int(counts.counts.sum()) == 0:
            warnings.append(f"item {col!r} has no valid response in any row")
    empty = pd.DataFrame(columns=instrument.item_columns, dtype=float)
    survey = CodedSurvey(
        path=str(path),
        sha256=scan.sha256,
        instrument=instrument,
        items=empty,
        answered=empty,
        categorical=pd.DataFrame(),
        rows=np.empty(0, dtype=np.int64),
        n_rows=n_rows,
        excluded=excluded,
        invalid_cells=problems,
        n_invalid=n_problems,
        warnings=warnings,
        n_analysed_rows=moments.n_rows,
    )
    return StreamedSurvey(moments=moments, survey=survey)


def _duplicate_ids(
    path: str | Path, scan: FileScan, column: str, hashes: np.ndarray, rows: np.ndarray
) -> list[str]:
    """The duplicate-id warning of :func:`mcstats.validate.code_responses`, from hashes."""
    from mcstats.validate import _duplicate_ids as warn_duplicates

    order = np.argsort(hashes, kind="stable")
    sorted_h = hashes[order]
    same = sorted_h[1:] == sorted_h[:-1]
    dup = np.zeros(len(sorted_h), dtype=bool)
    dup[1:] |= same
    dup[:-1] |= same
    if not dup.any():
        return []
    wanted = set(sorted_h[dup].tolist())
    # Second, cheap pass: the id column alone, for the texts of the duplicated ids.
    texts: list[str] = []
    text_rows: list[int] = []
    for chunk in iter_token_chunks(path, scan):
        uniques, idx = chunk.columns[column]
        values = np.array([str(u).strip() for u in uniques] + [""], dtype=object)[idx]
        hit = np.isin(pd.util.hash_array(values), list(wanted)) & (values != "")
        texts.extend(values[hit].tolist())
        text_rows.extend((chunk.first_row + np.flatnonzero(hit)).tolist())
    frame = pd.DataFrame({column: texts}, dtype=object)
    raw_rows = np.asarray(text_rows, dtype=np.int64)
    return warn_duplicates(frame, raw_rows, column)
