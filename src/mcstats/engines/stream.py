"""Streaming CSV reading for large surveys: pyarrow's incremental reader, block by block.

The fast path reads a clean CSV (UTF-8 with or without BOM; comma, semicolon or tab; a
unique header; every record on one line; no blank lines; every row as wide as the
header) in blocks, keeping memory bounded by the block size (:mod:`mcstats.engines.csvread`
reads; :class:`BlockCoder` codes a block from pyarrow's buffers; blocks it does not take
are dictionary-encoded and validated by :func:`mcstats.validate.code_responses`).

Anything else (another encoding, ragged or blank rows, quoted line breaks, duplicate
column names) is not guessed at here: FastPathUnavailable says why, and the caller
falls back to :func:`mcstats.io.read_csv`, which handles and reports every such case.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mcstats.engines import CSV_STREAM_QUOTES, Declined
from mcstats.engines.csvread import (
    PARSE_BLOCK,
    SCAN_BLOCK,
    BodyTally,
    FastPathUnavailable,
    iter_parsed,
    open_readahead,
    take_early_read,
)
from mcstats.engines.moments import SurveyMoments
from mcstats.instrument import Instrument
from mcstats.io import RawSurvey
from mcstats.validate import MAX_KEPT, MAX_LISTED, CodedSurvey

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # only blocks the coder does not take, and repeated rows, become frames

    from mcstats.analysis import AnalysisOptions, AnalysisResult
    from mcstats.engines import ReadOptions


@dataclass(frozen=True)
class TokenChunk:
    """One block of records: per column the distinct texts and each row's index into them.

    ``indices`` is -1 for an empty cell. ``first_row`` is the spreadsheet row of the
    block's first record (header = row 1).
    """

    first_row: int
    n: int
    columns: dict[str, tuple[list[str], np.ndarray]]


def token_chunk(first_row: int, batch: Any) -> TokenChunk:
    """A block's columns dictionary-encoded (what the careful per-block coder reads)."""
    import pyarrow.compute as pc

    cols: dict[str, tuple[list[str], np.ndarray]] = {}
    for name, arr in zip(batch.schema.names, batch.columns, strict=True):
        enc = pc.dictionary_encode(arr)
        idx = _dictionary_indices(enc.indices).astype(np.int64)
        cols[name] = (enc.dictionary.to_pylist(), idx)
    return TokenChunk(first_row=first_row, n=batch.num_rows, columns=cols)


class BlockCoder:
    """Codes a clean block straight from pyarrow's buffers, with no per-cell Python work.

    A Likert cell is almost always one byte ("1".."5") or empty, so each item column is
    coded by one lookup in a 768-entry table indexed by (cell length, capped at 2) and the
    cell's first byte, read from the offsets and data buffers of pyarrow's string array.
    The table is built once by running the validator's own cell coder
    (:class:`mcstats.validate.CellRules`) on every one-byte text; longer cells (labels,
    "10") are coded per distinct text, again by that coder.
    Group columns are coded per distinct text, as the validator does. The rules are
    therefore the validator's, not a second copy of them.

    :meth:`code` returns None for a block that holds anything the fast path does not report
    itself: an invalid cell, an unknown group level or a row with no valid answer. Such a
    block goes through :func:`mcstats.validate.code_responses`, which lists the cells and
    rows; so the fast path changes speed, never results or messages.
    """

    def __init__(self, instrument: Instrument, groups: list[str] | None, delimiter: str) -> None:
        from mcstats.instrument import normalise_label
        from mcstats.validate import CellRules, categorical_variables, level_map

        self.instrument = instrument
        self.items = instrument.item_columns
        self.labels = instrument.label_to_code()
        self.missing_labels = {normalise_label(x) for x in instrument.missing_labels}
        # A comma is a decimal mark in semicolon- and tab-delimited files, as code_chunk decides.
        self.rules = CellRules.of(instrument, decimal_comma=delimiter in (";", "\t"))
        self.cat_vars = categorical_variables(instrument, groups)
        self.level_maps = {v.column: level_map(v) for v in self.cat_vars if v.levels}
        self.needed = set(self.items) | {v.column for v in self.cat_vars}
        self.text_codes: dict[str, int] = {}
        # Indexed by 256 * (cell length, 2 for longer) + first byte: an empty cell is missing,
        # a one-byte cell (ASCII) is coded as the validator codes that text, and a longer
        # cell is coded by its text afterwards. -1 marks an invalid cell.
        table = np.zeros(3 * 256, dtype=np.int8)
        table[256:512] = -1
        for b in range(128):
            table[256 + b] = self._text_code(chr(b))
        self.code_table = table

    def _text_code(self, text: str) -> int:
        """The code of one cell text: 1..points, 0 missing, -1 invalid."""
        code = self.text_codes.get(text)
        if code is None:
            # Only validity matters here: an invalid cell sends its block to the careful
            # coder, which words the problem (explaining each of the 128 one-byte texts
            # the table is built from would search the labels 100 times per run).
            value, problem = self.rules.code(text, explain=False)
            code = -1 if problem else (0 if value != value else int(value))
            if len(self.text_codes) < 100_000:  # a column of free text must not grow this
                self.text_codes[text] = code
        return code

    def _item_codes(self, arr: Any) -> np.ndarray:
        """One item column's codes: 1..points, 0 missing, -1 invalid (a function of each
        cell's text)."""
        n = len(arr)
        offsets, data = _string_buffers(arr)
        # Null cells have no bytes (pyarrow's CSV reader writes them so, and the tests with
        # empty cells compare this path with the careful one).
        key = np.diff(offsets)  # cell lengths, then (length, capped at 2) * 256 + first byte
        longest = int(key.max()) if n else 0
        if longest <= 1:
            # Every cell empty or one byte (most Likert columns): the bytes of the non-empty
            # cells are the data in row order, so one lookup codes them (a third less time).
            codes = np.full(n, self.code_table[0], dtype=np.int8)
            codes[key.astype(bool)] = self.code_table[256:512][data[offsets[0] : offsets[-1]]]
            return codes
        np.minimum(key, 2, out=key)
        np.left_shift(key, 8, out=key)
        if data.size:  # an empty last cell starts at the end of the data: clip keeps it in range
            np.bitwise_or(key, np.take(data, offsets[:-1], mode="clip"), out=key)
        codes = self.code_table[key]
        where = np.flatnonzero(key >= 512)  # longer cells, coded by their text
        texts, index = _encode_texts(arr, where)
        table = np.array([self._text_code(t) for t in texts], dtype=np.int8)
        codes[where] = table[index]
        return codes

    def item_values(self, batch: Any) -> np.ndarray | None:
        """``(items, rows)`` codes of a block's item columns as :meth:`_item_codes` gives
        them (-1 invalid), or None when an item column is missing."""
        names = batch.schema.names
        if not self.needed.issubset(names):
            return None
        values = np.empty((len(self.items), batch.num_rows), dtype=np.int8)  # item by item
        for j, col in enumerate(self.items):
            values[j] = self._item_codes(batch.column(names.index(col)))
        return values

    def code(
        self, batch: Any, values: np.ndarray | None = None
    ) -> tuple[np.ndarray, dict[str, tuple[list[str], np.ndarray]]] | None:
        """``(answered codes, categorical codes)`` as :func:`mcstats.engines.moments.accumulate_codes`
        takes them, or None when the block needs the careful coder. ``values``: the block's
        :meth:`item_values`, if already computed."""
        from mcstats.instrument import normalise_label

        names = batch.schema.names
        answered = self.item_values(batch) if values is None else values
        if answered is None:
            return None  # code_responses names the missing column
        if answered.size and answered.min() < 0:
            return None  # an invalid cell: code_responses lists it
        if batch.num_rows and not np.logical_or.reduce(answered > 0, axis=0).all():
            return None  # a row to exclude: code_responses says why, row by row
        categorical: dict[str, tuple[list[str], np.ndarray]] = {}
        for var in self.cat_vars:
            texts, index = _encode_texts(batch.column(names.index(var.column)))
            mapped: list[str | None] = []
            for t in texts:
                if var.column in self.level_maps:
                    norm = normalise_label(t)
                    label = self.level_maps[var.column].get(norm)
                    if label is None and norm not in self.missing_labels:
                        return None  # not a level: code_responses lists the cells
                    mapped.append(label)
                else:
                    mapped.append(str(t).strip())
            labels: list[str] = []
            position: dict[str, int] = {}
            remap = np.full(len(mapped) + 1, -1, dtype=np.intp)  # the last slot serves -1
            for i, value in enumerate(mapped):
                if value is not None:
                    remap[i] = position.setdefault(value, len(labels))
                    if remap[i] == len(labels):
                        labels.append(value)
            categorical[var.column] = (labels, remap[index])
        return answered, categorical


def _chunk_frame(chunk: TokenChunk) -> pd.DataFrame:
    """A block's columns as categorical text cells (missing = empty), built from pyarrow's
    dictionary encoding without touching each cell: validation reads the categories."""
    import pandas as pd

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

    def __init__(
        self, instrument: Instrument, invalid: str, groups: list[str] | None, extras: Sequence[str] = ()
    ) -> None:
        from mcstats.engines.moments import empty_moments

        self.extras = tuple(extras)
        self.instrument = instrument
        self.invalid = invalid
        self.groups = groups
        self.group_cols = groups if groups is not None else [g.column for g in instrument.groups]
        self.moments = empty_moments(instrument, self.group_cols, self.extras)
        self.excluded: list[Any] = []
        self.problems: list[Any] = []
        self.n_problems = 0
        self.kept_by_column: Counter[str] = Counter()
        self.n_by_column: Counter[str] = Counter()
        self.item_set = set(instrument.item_columns)
        self.warnings: list[str] = []
        self.n_rows = 0
        self.ids = IdHashes()
        #: Without an id column: a 64-bit hash of every row (:func:`row_hashes`), to find rows
        #: that repeat an earlier row exactly without keeping the rows.
        self.row_keys = IdHashes()

    def add_row_keys(self, hashes: np.ndarray) -> None:
        """The row hashes of one chunk (only when the instrument has no id column)."""
        self.row_keys.add(hashes)

    def add(self, raw: RawSurvey, ids: np.ndarray | None) -> None:
        """One chunk; ``ids`` are the hashes of its ids (:func:`id_hashes`) if there is an id column."""
        from mcstats.engines.moments import accumulate
        from mcstats.validate import code_chunk

        coded = code_chunk(raw, self.instrument, invalid="missing", groups=self.groups)
        if ids is not None:
            self.ids.add(ids)
        self.n_rows += raw.n_rows
        self.excluded.extend(coded.excluded)
        self.n_problems += coded.n_invalid
        self.n_by_column.update(coded.n_invalid_by_column)
        # Blocks arrive in row order and each block's cells are sorted, so keeping cells as
        # they come, with code_responses' caps per column, keeps what the in-memory run keeps.
        for cell in coded.invalid_cells:
            if len(self.problems) >= MAX_KEPT:
                break
            cap = MAX_KEPT if cell.column in self.item_set else MAX_LISTED
            if self.kept_by_column[cell.column] < cap:
                self.kept_by_column[cell.column] += 1
                self.problems.append(cell)
        self.warnings.extend(w for w in coded.warnings if w not in self.warnings)
        self.moments.merge(
            accumulate(
                self.instrument, coded.items, coded.answered, coded.categorical, self.group_cols, self.extras
            )
        )

    def add_codes(
        self,
        answered: np.ndarray,
        categorical: dict[str, tuple[list[str], np.ndarray]],
        ids: np.ndarray | None,
    ) -> None:
        """One chunk coded by :class:`BlockCoder` (no invalid cells, no excluded rows)."""
        from mcstats.engines.moments import accumulate_codes

        if ids is not None:
            self.ids.add(ids)
        self.n_rows += answered.shape[1]
        self.moments.merge(
            accumulate_codes(self.instrument, answered, categorical, self.group_cols, self.extras)
        )

    def close(self) -> None:
        self.ids.close()
        self.row_keys.close()

    def finish(
        self,
        path: str,
        sha256: str,
        header: Sequence[str],
        id_texts: Callable[[set[int]], tuple[list[str], list[int]]],
        row_texts: Callable[[set[int]], tuple[pd.DataFrame, np.ndarray]],
    ) -> StreamedSurvey:
        """Whole-survey checks and warnings, then the streamed survey (temporary files of
        id and row hashes are removed however it ends).

        ``row_texts`` reads the file again for the rows whose hash repeats (only when one
        does): their cells, which :func:`mcstats.validate.duplicate_rows` compares, so a
        collision of hashes is never reported as a duplicate."""
        from mcstats.errors import DataError
        from mcstats.validate import (
            categorical_variables,
            duplicate_rows,
            invalid_cells_error,
            survey_without_rows,
            unknown_levels_error,
        )
        from mcstats.validate import duplicate_id_warnings as warn_duplicates

        try:
            inst = self.instrument
            if self.n_rows == 0:
                raise DataError("the file has a header but no respondent rows", path=path, row=2)
            if self.n_problems and self.invalid == "error":
                # The errors an in-memory run raises, in its order: item cells first, then the
                # first grouping column with unknown levels.
                n_items = sum(n for c, n in self.n_by_column.items() if c in self.item_set)
                if n_items:
                    cells = [c for c in self.problems if c.column in self.item_set]
                    raise invalid_cells_error(path, inst.scale_points, cells, n_items)
                for var in categorical_variables(inst, self.groups):
                    if self.n_by_column.get(var.column):
                        cells = [c for c in self.problems if c.column == var.column]
                        raise unknown_levels_error(path, var.column, cells, self.n_by_column[var.column])
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
            elif not id_col:
                repeated = self.row_keys.duplicated()
                if repeated:
                    copies, where = row_texts(repeated)
                    self.warnings.extend(duplicate_rows(copies, where))
            elif id_col:
                wanted = self.ids.duplicated()
                if wanted:
                    texts, rows = id_texts(wanted)
                    import pandas as pd

                    frame = pd.DataFrame({id_col: texts}, dtype=object)
                    self.warnings.extend(warn_duplicates(frame, np.asarray(rows, dtype=np.int64), id_col))
            for col, counts in self.moments.answered.items():
                if int(counts.counts.sum()) == 0:
                    self.warnings.append(f"item {col!r} has no valid response in any row")
            survey = survey_without_rows(
                path,
                sha256,
                inst,
                n_rows=self.n_rows,
                n_analysed=self.moments.n_rows,
                excluded=self.excluded,
                invalid_cells=self.problems,
                n_invalid=self.n_problems,
                warnings=self.warnings,
                # In the in-memory run's order: items, then grouping and categorical columns.
                n_invalid_by_column={
                    c: self.n_by_column[c]
                    for c in dict.fromkeys([*inst.item_columns, *self.n_by_column])
                    if self.n_by_column.get(c)
                },
            )
            return StreamedSurvey(moments=self.moments, survey=survey)
        finally:
            self.close()


class IdHashes:
    """The 64-bit hashes of every respondent id seen, to find duplicated ids at the end.

    Up to 250,000 hashes (2 MB) stay in memory; beyond that they go to temporary files,
    one per range of hash values, so finding the duplicates reads one range at a time and
    memory stays bounded however many respondents there are. Only hashes are kept: the
    texts and rows of the duplicated ids are read again at the end (and a collision of
    hashes is harmless, because those texts are compared).
    """

    IN_MEMORY = 250_000
    BUCKETS = 64

    def __init__(self) -> None:
        self._held: list[np.ndarray] = []
        self._n_held = 0
        self._dir: Any = None
        self._files: list[Any] = []

    def add(self, hashes: np.ndarray) -> None:
        if not hashes.size:
            return
        self._held.append(hashes.astype(np.uint64, copy=False))
        self._n_held += hashes.size
        if self._n_held > self.IN_MEMORY:
            self._spill()

    def _spill(self) -> None:
        import tempfile

        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="mcstats-ids-")
            self._files = [open(Path(self._dir.name) / f"{b:02d}.u64", "wb") for b in range(self.BUCKETS)]  # noqa: SIM115
        hashes = np.concatenate(self._held)
        self._held, self._n_held = [], 0
        # The top 6 bits: 64 ranges. One byte each, so the stable sort is numpy's radix sort
        # (about 7x faster than sorting 8-byte integers).
        bucket = (hashes >> np.uint64(58)).astype(np.uint8)
        order = np.argsort(bucket, kind="stable")
        parts = np.split(hashes[order], np.cumsum(np.bincount(bucket, minlength=self.BUCKETS))[:-1])
        for fh, part in zip(self._files, parts, strict=True):
            if part.size:
                part.tofile(fh)

    def duplicated(self) -> set[int]:
        """The hash values that occur more than once (and the temporary files removed)."""
        try:
            if self._dir is None:
                return _repeated(np.concatenate(self._held)) if self._held else set()
            if self._held:
                self._spill()
            out: set[int] = set()
            for fh in self._files:
                fh.close()
                out |= _repeated(np.fromfile(fh.name, dtype=np.uint64))
            return out
        finally:
            self.close()

    def close(self) -> None:
        for fh in self._files:
            fh.close()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None
        self._held, self._n_held = [], 0


def _repeated(hashes: np.ndarray) -> set[int]:
    values, counts = np.unique(hashes, return_counts=True)
    return set(values[counts > 1].tolist())


_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


def id_hashes(arr: Any) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of the ids in a pyarrow string array, after stripping as the validator
    does (``str(v).strip()``), and the positions of the rows they belong to (rows with an
    empty id have none).

    Ids of printable ASCII without spaces (the usual case) need no stripping, so they are
    hashed from pyarrow's buffers in a few vector operations a character (FNV-1a over the
    bytes, then a final mix); other blocks strip in Python first and hash the same way, so
    an id gets the same hash whichever way its block went.
    """
    import pyarrow as pa

    offsets, data = _string_buffers(arr)
    used = data[offsets[0] : offsets[-1]] if len(arr) else data[:0]
    if used.size and (int(used.min()) < 0x21 or int(used.max()) > 0x7E):
        texts = ["" if v is None else str(v).strip() for v in arr.to_pylist()]
        return _hash_strings(*_string_buffers(pa.array(texts, type=pa.string())))
    return _hash_strings(offsets, data)


def _encode_texts(arr: Any, cells: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """``pc.dictionary_encode(arr)`` as (distinct texts, each cell's index; -1 for a null),
    in the same order (first appearance); ``cells``: only the cells at these positions.

    Cells of at most 7 bytes (group levels such as M, F, North, Female; labels such as
    Agree) are packed with their length into one 64-bit key each and told apart exactly by
    numpy; longer cells go to pyarrow.compute, whose import (it writes the docstrings of
    every compute function) costs more than the coding of a small file.
    """
    offsets, data = _string_buffers(arr)
    lengths = np.diff(offsets)
    where = np.arange(len(arr)) if cells is None else cells
    valid = np.ones(len(arr), dtype=bool)
    if arr.null_count:
        bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
        valid = bits[arr.offset : arr.offset + len(arr)].astype(bool)
    n = len(where)
    if n and int(lengths[where].max()) > 7:
        import pyarrow.compute as pc

        part = arr if cells is None else arr.take(_positions(cells))
        enc = pc.dictionary_encode(part)
        return enc.dictionary.to_pylist(), _dictionary_indices(enc.indices)
    present = where[valid[where]]
    starts, lens = offsets[:-1][present], lengths[present]
    key = lens.astype(np.uint64) << np.uint64(56)
    key |= _packed_cells(data, starts, lens)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # first appearance, as dictionary_encode
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    index = np.full(n, -1, dtype=np.intp)
    index[valid[where]] = rank[inverse.ravel()]
    texts = []
    for i in present[first[order]]:
        texts.append(data[int(offsets[i]) : int(offsets[i + 1])].tobytes().decode("utf-8"))
    return texts, index


def _positions(where: np.ndarray) -> Any:
    """Row positions as a pyarrow int64 array for ``take``, made from the numpy buffer:
    ``pa.array(where)`` imports pandas (pyarrow checks every input for a pandas type)."""
    import pyarrow as pa

    values = np.ascontiguousarray(where, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def _dictionary_indices(indices: Any) -> np.ndarray:
    """The indices of a pyarrow dictionary encoding as numpy (-1 for a null), read from the
    array's buffers: ``fill_null(indices, -1)`` and ``to_numpy(zero_copy_only=False)`` would
    each import pandas (pyarrow converts the scalar and the nulls through it), a third of
    the start-up of a streamed run."""
    n, off = len(indices), indices.offset
    validity, values = indices.buffers()[:2]
    out = np.frombuffer(values, dtype=np.int32)[off : off + n].astype(np.intp)
    if indices.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")[off : off + n]
        out[bits == 0] = -1
    return out


def _packed_cells(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each cell's first ``lengths`` bytes (at most 7) as one little-endian word: byte ``i``
    in bits ``8 i`` to ``8 i + 7``, zeros above. One unaligned 8-byte read per cell (a
    strided view of the data with 8 zero bytes after it), then a mask."""
    padded = np.zeros(data.size + 8, dtype=np.uint8)
    padded[: data.size] = data
    window = np.ndarray((data.size + 1,), dtype="<u8", buffer=padded, strides=(1,))
    return np.take(window, starts, mode="clip") & _BYTE_MASKS[lengths]


def _string_buffers(arr: Any) -> tuple[np.ndarray, np.ndarray]:
    """The offsets and data of a pyarrow string array, as numpy views (no copy)."""
    n = len(arr)
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int32)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.empty(0, np.uint8)
    return offsets, data


def _hash_strings(offsets: np.ndarray, data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """FNV-1a hashes of the bytes of each non-empty string, with a final mix, and their rows."""
    lengths = np.diff(offsets)
    rows = np.flatnonzero(lengths > 0)
    starts, lengths = offsets[:-1][rows], lengths[rows]
    h = np.full(rows.size, _FNV_OFFSET, dtype=np.uint64)
    for pos in range(int(lengths.max()) if lengths.size else 0):
        byte = np.take(data, starts + pos, mode="clip").astype(np.uint64)
        # Only ids that long take this step: a hash must not depend on its block's longest id.
        np.copyto(h, (h ^ byte) * _FNV_PRIME, where=lengths > pos)
    h ^= lengths.astype(np.uint64)
    h ^= h >> np.uint64(33)  # splitmix64's finaliser, so that the top bits pick the file well
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return h, rows


def _id_texts_of(arr: Any, first_row: int, wanted: set[int]) -> tuple[list[str], list[int]]:
    """The stripped texts and rows of the ids in ``arr`` whose hash is wanted."""
    import pyarrow as pa

    hashes, rows = id_hashes(arr)
    hit = rows[np.isin(hashes, np.fromiter(wanted, dtype=np.uint64, count=len(wanted)))]
    texts = [str(v).strip() for v in arr.take(pa.array(hit)).to_pylist()]
    return texts, [first_row + int(i) for i in hit]


def compared_columns(header: Sequence[str]) -> list[int]:
    """Positions of the columns the duplicate-row check compares: every column but time
    stamps, as :func:`mcstats.validate.duplicate_rows` does."""
    from mcstats.layouts import looks_like_time

    return [i for i, c in enumerate(header) if not looks_like_time(str(c), [])]


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place: every input bit reaches the top bits."""
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    return h


#: The hash of an empty cell (no text, or spaces only).
_EMPTY_CELL = np.uint64(0x9E3779B97F4A7C15)


#: A one-byte cell's value: the byte with this bit set (exact, no hashing needed).
_ONE_BYTE = np.uint64(1 << 8)
#: The low ``8 * k`` bits of a word, for cells of k = 0..7 bytes.
_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)], dtype=np.uint64)
#: Set in the length of a cell longer than 7 bytes before it is mixed, so that its value
#: comes from another set of inputs than the packed short cells' (lengths below 2**56).
_LONG_CELL = np.uint64(1 << 63)
#: The one-byte texts that ``str.strip`` empties (a one-byte cell is ASCII).
_SPACE_BYTE = np.array([b < 128 and chr(b).isspace() for b in range(256)], dtype=bool)
#: The value of a cell of at most one byte, indexed by 256 * length + byte.
_SHORT_CELL = np.where(
    np.concatenate([np.ones(256, dtype=bool), _SPACE_BYTE]),
    _EMPTY_CELL,
    np.arange(512, dtype=np.uint64) | _ONE_BYTE,
)


def cell_hashes(arr: Any) -> np.ndarray:
    """A 64-bit value of each cell of a pyarrow string array, from its bytes, equal for
    equal texts.

    An empty cell, and a cell of spaces only (as :mod:`mcstats.io` reads it: Python's
    ``str.strip`` leaves nothing), get one fixed value. A one-byte cell (a response code,
    a one-letter group) is its byte with bit 8 set: exact, with nothing to hash, which is
    most cells of a survey. A cell of 2 to 7 bytes is its bytes and length packed into one
    64-bit word (exact), mixed; a longer one is hashed from pyarrow's buffers (FNV-1a, one
    byte position at a time, longest cells first, so that a position touches only the
    cells that long), then mixed. Only cells of two or more bytes that start with a space,
    a control character or a non-ASCII byte are looked at in Python, to tell spaces-only
    cells apart.
    """

    n = len(arr)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    offsets, data = _string_buffers(arr)
    starts = offsets[:-1]
    lengths = np.diff(offsets)
    longest = int(lengths.max())
    if longest == 0:
        return np.full(n, _EMPTY_CELL, dtype=np.uint64)
    lead = np.take(data, starts, mode="clip")
    if longest == 1:  # one lookup per cell
        np.left_shift(lengths, 8, out=lengths)
        np.bitwise_or(lengths, lead, out=lengths)
        return _SHORT_CELL[lengths]
    else:
        # Cells of up to 7 bytes (codes, labels, ids, group levels): the bytes and the length
        # packed into one word, exact, then mixed: one gather, not a pass per byte position.
        h = _packed_cells(data, starts, np.minimum(lengths, 7))
        h |= lengths.astype(np.uint64) << np.uint64(56)
        _mix(h)
        longer = np.flatnonzero(lengths > 7)
        if longer.size:  # FNV-1a over the bytes, longest cells first (a position touches
            # only the cells that long), with the length, then mixed
            order = longer[np.argsort(-lengths[longer], kind="stable")]
            lens, first = lengths[order], starts[order]
            shorter = -lens  # ascending: the cells longer than pos are the first searchsorted(...)
            g = np.full(order.size, _FNV_OFFSET, dtype=np.uint64)
            for pos in range(longest):
                k = int(np.searchsorted(shorter, -pos, side="left"))
                g[:k] = (g[:k] ^ data[first[:k] + pos].astype(np.uint64)) * _FNV_PRIME
            g ^= lens.astype(np.uint64) | _LONG_CELL
            h[order] = _mix(g)
        one = np.flatnonzero(lengths == 1)
        if one.size:
            h[one] = lead[one].astype(np.uint64) | _ONE_BYTE
        maybe = np.flatnonzero((lengths > 1) & ((lead <= 0x20) | (lead >= 0x80)))
        if maybe.size:
            texts = arr.take(_positions(maybe)).to_pylist()
            blank = np.fromiter((not t.strip() for t in texts), dtype=bool, count=len(texts))
            h[maybe[blank]] = _EMPTY_CELL
    empty = (lengths == 0) | ((lengths == 1) & _SPACE_BYTE[lead])
    if empty.any():
        h[empty] = _EMPTY_CELL
    return h


def row_hashes(columns: Sequence[Any]) -> np.ndarray:
    """A 64-bit hash of each row's cells, over pyarrow string arrays of equal length.

    Rows with equal cells (:func:`cell_hashes`: a spaces-only cell is empty) get equal
    hashes, so the rows :func:`mcstats.validate.duplicate_rows` calls equal are among
    those whose hashes are equal; those, and only those, are read again and their cells
    compared (a collision of hashes is never reported).

    Notes
    -----
    With ``c_j`` the hash of the row's cell in column ``j``: ``h = offset``, then for each
    column ``h = (h XOR c_j) * p`` modulo 2**64 (``p`` the FNV-1a prime), then
    splitmix64's finaliser.
    """
    n = len(columns[0]) if columns else 0
    h = np.full(n, _FNV_OFFSET, dtype=np.uint64)
    for arr in columns:
        h ^= cell_hashes(arr)
        h *= _FNV_PRIME
    return _mix(h)


def row_keys(batch: Any, other: Sequence[int], items: Sequence[int], values: np.ndarray | None) -> np.ndarray:
    """:func:`row_hashes` of a CSV block, with the item columns taken from their codes.

    ``values`` are the block's item codes (:meth:`BlockCoder.item_values`), of which rows
    ``items`` are compared; ``other`` are the positions of the other compared columns. An
    item's code is a function of its cell's text (given the instrument), so rows with
    equal cells still get equal keys; rows with equal codes but different texts ("3" and
    "03") share a key and are told apart when their cells are compared. Hashing a row's
    codes as bytes (eight to a 64-bit word) costs a few passes over the block, not a hash
    of every cell. Without ``values`` every compared column is hashed as text.

    Notes
    -----
    With ``w_i`` the row's item codes packed little-endian eight to a word (zero padded)
    and ``c_j`` the hashes of its other cells: ``h = offset``, then ``h = (h XOR x) * p``
    modulo 2**64 for each ``x`` of ``w_1, w_2, ..., c_1, c_2, ...``, then splitmix64's
    finaliser.
    """
    if values is None:
        return row_hashes([batch.column(i) for i in sorted([*other, *items])])
    n = batch.num_rows
    h = np.full(n, _FNV_OFFSET, dtype=np.uint64)
    if len(items):
        k = len(items)
        packed = np.zeros((n, -(-k // 8) * 8), dtype=np.int8)
        packed[:, :k] = values[list(items)].T
        for w in packed.view(np.uint64).T:
            h ^= w
            h *= _FNV_PRIME
    for i in other:
        h ^= cell_hashes(batch.column(i))
        h *= _FNV_PRIME
    return _mix(h)


def _rows_with(
    batch_columns: dict[str, Any], hashes: np.ndarray, wanted: np.ndarray
) -> tuple[dict[str, list], np.ndarray]:
    """The cells (spaces-only as empty) of the rows whose hash is wanted, and their positions."""
    import pyarrow as pa

    hit = np.flatnonzero(np.isin(hashes, wanted))
    if not hit.size:
        return {}, hit
    take = pa.array(hit)
    cells = {
        name: [v if v is not None and v.strip() else None for v in arr.take(take).to_pylist()]
        for name, arr in batch_columns.items()
    }
    return cells, hit


def _frame_of(header: Sequence[str], parts: list[dict[str, list]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {c: [v for p in parts for v in p[c]] for c in header}, columns=list(header), dtype=object
    )


def stream_survey(
    path: str | Path,
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
    block_size: int = PARSE_BLOCK,
    on_rows: Callable[[int], None] | None = None,
    fast: bool = True,
    quotes: bool = True,
    extras: Sequence[str] = (),
) -> StreamedSurvey:
    """Validate and summarise a CSV block by block, in memory bounded by the block.

    Each block is coded by :class:`BlockCoder` straight from pyarrow's buffers; a block it
    does not take (an invalid cell, an unknown group level, a row to exclude) goes through
    the same validation as an in-memory file (:func:`mcstats.validate.code_responses`).
    Either way the block is reduced to :class:`~mcstats.engines.moments.SurveyMoments`, which are
    merged; so results equal the in-memory path. ``fast=False`` sends every block the
    careful way (the tests compare the two). The file is read once, in a thread: the hash
    and the line count are taken from the bytes as they are read for the parse
    (:func:`mcstats.engines.csvread.iter_parsed`); a Windows-1252 file is transcoded chunk
    by chunk. Raises FastPathUnavailable when the file needs the careful reader.
    ``on_rows`` is called with the number of rows after each block (a progress bar).

    ``quotes=False`` leaves files with any double quote to the careful reader, which
    rejects malformed quoting (text after a closing quote) by row where pyarrow accepts it;
    ``engine="auto"`` asks for that below 64 MiB, where the careful reader is quick.
    ``extras`` names optional moments (:data:`mcstats.engines.moments.EXTRAS`).
    """
    try:
        early = take_early_read(path, quotes=quotes) if block_size == PARSE_BLOCK else None
        ahead = early or open_readahead(path, block_size=block_size, quotes=quotes)
    except OSError as exc:
        raise FastPathUnavailable(f"cannot read the file ({exc.strerror})") from None
    if ahead is None:
        raise FastPathUnavailable("not a CSV file")
    merger = _ChunkMerger(instrument, invalid, groups, extras)
    head = ahead.head
    try:
        if head.problem or ahead.batches is None:
            raise FastPathUnavailable(head.problem or "not readable")
        coder = BlockCoder(instrument, groups, head.delimiter)
        id_col = instrument.id_column
        has_ids = bool(id_col) and id_col in head.header
        # Without an id column, the duplicate-row check hashes every row as it goes by (the
        # item columns by their codes, see row_keys).
        compared = [] if id_col else compared_columns(head.header)
        item_pos = {c: j for j, c in enumerate(coder.items)}
        items = [item_pos[head.header[i]] for i in compared if head.header[i] in item_pos]
        other = [i for i in compared if head.header[i] not in item_pos]
        records = 0
        for first_row, batch in ahead.batches:
            records += batch.num_rows
            ids = id_hashes(batch.column(head.header.index(str(id_col))))[0] if has_ids else None
            values = coder.item_values(batch)
            if compared:
                merger.add_row_keys(row_keys(batch, other, items, values))
            coded = coder.code(batch, values) if fast else None
            if coded is not None:
                merger.add_codes(*coded, ids)
            else:
                chunk = token_chunk(first_row, batch)
                raw = RawSurvey(
                    path=str(path),
                    sha256="",  # the file's hash is known at the end; a block needs none
                    frame=_chunk_frame(chunk),
                    rows=np.arange(first_row, first_row + chunk.n, dtype=np.int64),
                    format="csv",
                    encoding=head.encoding,
                    delimiter=head.delimiter,
                )
                merger.add(raw, ids)
            if on_rows is not None:
                on_rows(merger.n_rows)
        # The blocks are exhausted, so the tally has seen every byte.
        scan = head.with_body(ahead.tally.result())
        if scan.problem:
            raise FastPathUnavailable(scan.problem)
        # Every record on one line: otherwise a quoted line break shifted the row numbers.
        if records + 1 != scan.n_lines:
            raise FastPathUnavailable("a quoted value spans lines, so rows and lines differ")
    except BaseException:
        merger.close()  # temporary files of id hashes, if any
        raise
    finally:
        ahead.close()

    def id_texts(wanted: set[int]) -> tuple[list[str], list[int]]:
        # Second, cheap pass, only when an id repeats: the texts of the duplicated ids.
        texts: list[str] = []
        rows: list[int] = []
        for first_row, batch in iter_parsed(path, head, BodyTally(), block_size=block_size):
            t, r = _id_texts_of(batch.column(head.header.index(str(id_col))), first_row, wanted)
            texts += t
            rows += r
        return texts, rows

    def row_texts(wanted: set[int]) -> tuple[pd.DataFrame, np.ndarray]:
        # Second pass, only when a row hash repeats: the cells of those rows.
        keys = np.fromiter(wanted, dtype=np.uint64, count=len(wanted))
        parts: list[dict[str, list]] = []
        rows: list[np.ndarray] = []
        for first_row, batch in iter_parsed(path, head, BodyTally(), block_size=block_size):
            hashes = row_keys(batch, other, items, coder.item_values(batch))
            cells, hit = _rows_with(dict(zip(head.header, batch.columns, strict=True)), hashes, keys)
            if hit.size:
                parts.append(cells)
                rows.append(first_row + hit)
        return _frame_of(head.header, parts), np.concatenate(rows) if rows else np.empty(0, np.int64)

    return merger.finish(str(path), scan.sha256, scan.header, id_texts, row_texts)


def _text_array(values: Any) -> Any:
    """Cell texts (None = empty) as a pyarrow string array, for :func:`id_hashes`."""
    import pyarrow as pa

    return pa.array([None if v is None else str(v) for v in values], type=pa.string())


def stream_sav(
    path: str | Path,
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
    chunk_rows: int = 100_000,
    on_rows: Callable[[int], None] | None = None,
    labels_from_file: bool = False,
    extras: Sequence[str] = (),
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
    merger = _ChunkMerger(instrument, invalid, groups, extras)
    id_col = instrument.id_column
    header = [str(c) for c in meta.column_names]
    compared = [] if id_col else [header[i] for i in compared_columns(header)]
    first = 2
    reader = pyreadstat.read_file_in_chunks(
        pyreadstat.read_sav, str(p), chunksize=chunk_rows, user_missing=False
    )
    try:
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
                ids = id_hashes(_text_array(frame[id_col]))[0]
            if compared:
                merger.add_row_keys(row_hashes([_text_array(frame[c]) for c in compared]))
            merger.add(raw, ids)
            first += len(frame)
            if on_rows is not None:
                on_rows(merger.n_rows)
    except BaseException:
        merger.close()  # temporary files of id hashes, if any
        raise

    def id_texts(wanted: set[int]) -> tuple[list[str], list[int]]:
        texts: list[str] = []
        rows: list[int] = []
        start = 2
        for df, _ in pyreadstat.read_file_in_chunks(
            pyreadstat.read_sav, str(p), chunksize=chunk_rows, usecols=[str(id_col)], user_missing=False
        ):
            values = df[str(id_col)].astype(object).map(_cell_text)
            t, r = _id_texts_of(_text_array(values), start, wanted)
            texts += t
            rows += r
            start += len(df)
        return texts, rows

    def row_texts(wanted: set[int]) -> tuple[pd.DataFrame, np.ndarray]:
        keys = np.fromiter(wanted, dtype=np.uint64, count=len(wanted))
        parts: list[dict[str, list]] = []
        rows: list[np.ndarray] = []
        start = 2
        for df, _ in pyreadstat.read_file_in_chunks(
            pyreadstat.read_sav, str(p), chunksize=chunk_rows, user_missing=False
        ):
            frame = df.astype(object).map(_cell_text) if len(df) else df.astype(object)
            frame.columns = header
            arrays = {c: _text_array(frame[c]) for c in header}
            cells, hit = _rows_with(arrays, row_hashes([arrays[c] for c in compared]), keys)
            if hit.size:
                parts.append(cells)
                rows.append(start + hit)
            start += len(df)
        return _frame_of(header, parts), np.concatenate(rows) if rows else np.empty(0, np.int64)

    return merger.finish(str(p), h.hexdigest(), header, id_texts, row_texts)


class StreamEngine:
    """The streaming engine behind the registry names ``stream``, ``stream-quoted`` and ``stream-sav``.

    Raises :class:`~mcstats.engines.Declined` (the next engine of the plan reads the file,
    and the run records why) where the streaming reader cannot take a CSV file as it is.
    """

    not_checked: tuple[str, ...] = ()

    def __init__(self, name: str, *, quotes: bool = True, sav: bool = False) -> None:
        self.name = name
        self.quotes = quotes
        self.sav = sav

    def run(
        self, path: Path, instrument: Instrument, options: AnalysisOptions, read: ReadOptions
    ) -> AnalysisResult | None:
        from mcstats.analysis import moment_extras, results_from_moments

        extras = moment_extras(options)
        if self.sav:
            streamed = stream_sav(
                path,
                instrument,
                invalid=read.invalid,
                groups=read.group_list,
                on_rows=read.on_rows,
                labels_from_file=read.labels_from_file,
                extras=extras,
            )
        else:
            try:
                streamed = stream_survey(
                    path,
                    instrument,
                    invalid=read.invalid,
                    groups=read.group_list,
                    on_rows=read.on_rows,
                    quotes=self.quotes,
                    extras=extras,
                )
            except FastPathUnavailable as exc:
                # The careful in-memory reader handles and reports what stopped it; the run says so.
                raise Declined(str(exc)) from None
        group_cols = read.group_columns(instrument)
        return results_from_moments(streamed.moments, streamed.survey, options, groups=group_cols)


#: ``auto`` below 64 MiB: files with double quotes go to the careful reader.
STREAM = StreamEngine("stream", quotes=CSV_STREAM_QUOTES["stream"])
#: ``stream``, and ``auto`` above 64 MiB: quoted fields too.
STREAM_QUOTED = StreamEngine("stream-quoted", quotes=CSV_STREAM_QUOTES["stream-quoted"])
#: ``stream`` with a .sav file: chunks of rows through pyreadstat.
STREAM_SAV = StreamEngine("stream-sav", sav=True)
