"""Validation: from raw text cells to coded responses, with every row and cell accounted for.

Rules (documented in ``docs/manual/validation.md``):

* An item cell is a response code when it is a whole number in the instrument's code
  range (1..points unless it declares another, such as ``codes: 0-3``), or a response
  label (or alias) of the instrument, matched case- and whitespace-insensitively.
* Codes are stored as positions 1..points on the scale (code - lowest + 1), so that every
  engine keeps 0 for "missing"; results add ``Instrument.code_offset`` back to means.
* Empty cells, the instrument's ``missing_labels`` and ``missing_codes`` are missing.
* Anything else (0, 6, 99 on a 5-point scale, 2.5, an unknown label) is invalid: by
  default an error listing the cells; with ``invalid="missing"`` it becomes missing and is
  listed in the results.
* A row with no valid response on any item is excluded from the analysis, with its reason;
  every other row is analysed. rows read = rows analysed + rows excluded.
* Reverse-keyed items are recoded ``lowest + highest - x`` (``points + 1 - p`` on positions);
  frequencies keep the codes as answered.
"""

from __future__ import annotations

import math
import re
from dataclasses import KW_ONLY, dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from mcstats.errors import CellProblem, DataError, UsageError
from mcstats.instrument import CategoricalVariable, Instrument, normalise_label
from mcstats.io import RawSurvey, shorten_cell

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MAX_LISTED = 20
#: Invalid cells kept in the results: the first 1000 by row (then column). Each item
#: column contributes its first 1000 and each group column its first MAX_LISTED, so the
#: listing is the same whether a file is read whole or in blocks.
MAX_KEPT = 1000


@dataclass(frozen=True)
class Exclusion:
    """A row left out of the analysis and why (row is the spreadsheet row)."""

    row: int
    reason: str


class _RowsFrame:
    """A data frame field of :class:`CodedSurvey` that may be left out (``None``).

    A survey summarised without its rows (streamed, Dask) has no item or categorical
    rows: reading such a field gives an empty frame, made on first read, so that a
    streamed run never imports pandas (a third of the start-up of ``mcstats analyze``).
    """

    def __init__(self, items: bool) -> None:
        self.items = items  # an empty item frame has the item columns (floats)

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, obj: Any, owner: Any = None) -> pd.DataFrame:
        if obj is None:
            raise AttributeError(self.slot)  # a dataclass field without a default
        frame = obj.__dict__.get(self.slot)
        if frame is None:
            import pandas as pd

            if self.items:
                frame = pd.DataFrame(columns=obj.instrument.item_columns, dtype=float)
            else:
                frame = pd.DataFrame()
            obj.__dict__[self.slot] = frame
        return frame

    def __set__(self, obj: Any, value: pd.DataFrame | None) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class CodedSurvey:
    """Validated responses ready for the statistics.

    ``items`` holds codes after reverse-keying (NaN = missing); ``answered`` the codes as
    answered. Both, and ``categorical``, hold the analysed rows only; ``rows`` gives their
    spreadsheet row numbers. A survey summarised without its rows (:func:`survey_without_rows`)
    passes ``None`` for the three frames and reads empty ones.
    """

    path: str
    sha256: str
    instrument: Instrument
    rows: np.ndarray
    n_rows: int
    excluded: list[Exclusion]
    invalid_cells: list[CellProblem] = field(default_factory=list)
    n_invalid: int = 0
    warnings: list[str] = field(default_factory=list)

    #: Set by engines that keep moments instead of the rows (streaming): rows analysed.
    n_analysed_rows: int | None = None
    #: How many invalid cells each column has (``n_invalid`` in all).
    n_invalid_by_column: dict[str, int] = field(default_factory=dict)
    _: KW_ONLY
    # Required keywords (the descriptor gives no default at run time; type checkers read
    # one, hence keyword-only and last). Both constructors pass every field by name.
    items: _RowsFrame = _RowsFrame(items=True)
    answered: _RowsFrame = _RowsFrame(items=True)
    categorical: _RowsFrame = _RowsFrame(items=False)

    @property
    def n_analysed(self) -> int:
        return len(self.items) if self.n_analysed_rows is None else self.n_analysed_rows


#: A number as people write response codes: decimal digits (of any script) with an optional
#: sign and decimal point. Exponents, digit separators, nan, inf and hex are not codes.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _number(text: str, decimal_comma: bool = False) -> float | None:
    """The number a cell holds, or None. ``decimal_comma``: ``3,5`` is 3.5 (see docs/manual/validation.md)."""
    if _NUMBER.fullmatch(text):
        return float(text)
    if decimal_comma and _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _code_cell(
    text: str,
    points: int,
    labels: dict[str, int],
    missing_labels: set[str],
    missing_codes: set[float],
    decimal_comma: bool = False,
    explain: bool = True,
) -> tuple[float, str | None]:
    """Return (position 1..points or NaN, problem or None) for one distinct cell text.

    ``labels`` maps normalised labels to codes; when it is a
    :class:`~mcstats.instrument.CodeTable` its ``lowest`` code sets the range (default 1).
    ``explain=False`` leaves out the nearest label of an unknown one (a fuzzy search over
    the labels), for callers that only ask whether a text is valid.
    """
    lowest = getattr(labels, "lowest", 1)
    highest = lowest + points - 1
    shift = lowest - 1
    norm = normalise_label(text)
    if norm == "" or norm in missing_labels:
        return math.nan, None
    num = _number(norm, decimal_comma)
    if num is None and norm not in labels and _DECIMAL_COMMA.fullmatch(norm):
        return math.nan, (
            f"a number with a decimal comma in a comma-delimited file; codes are whole numbers "
            f"{lowest} to {highest}"
        )
    if num is not None:
        if num in missing_codes:
            return math.nan, None
        if not math.isfinite(num):
            return math.nan, "not a response code"
        if not float(num).is_integer():
            return math.nan, f"not a whole number; codes are {lowest} to {highest}"
        if not lowest <= num <= highest:
            return math.nan, f"outside the scale; codes are {lowest} to {highest}"
        return float(num) - shift, None
    if norm in labels:
        return float(labels[norm]) - shift, None
    return math.nan, "unknown label" + (_closest_label(norm, labels) if explain else "")


@dataclass(frozen=True)
class CellRules:
    """The public rules that turn one item cell's text into a response code.

    Every engine codes cells with these rules, so that a block coded straight from a CSV
    reader's buffers and a whole file read by pandas give the same codes and problems.

    Parameters
    ----------
    points : int
        Number of response codes (the scale's length).
    labels : dict of str to int
        Normalised response labels and aliases -> codes (``Instrument.label_to_code()``,
        whose ``lowest`` attribute sets the code range; default 1).
    missing_labels : frozenset of str
        Normalised texts that mean "no answer".
    missing_codes : frozenset of float
        Numeric codes that mean "no answer".
    decimal_comma : bool
        ``3,5`` is the number 3.5 (semicolon- and tab-delimited files).
    """

    points: int
    labels: dict[str, int]
    missing_labels: frozenset[str]
    missing_codes: frozenset[float]
    decimal_comma: bool = False

    @classmethod
    def of(cls, instrument: Instrument, *, decimal_comma: bool = False) -> CellRules:
        """The rules an instrument sets."""
        return cls(
            points=instrument.scale_points,
            labels=instrument.label_to_code(),
            missing_labels=frozenset(normalise_label(x) for x in instrument.missing_labels),
            missing_codes=frozenset(instrument.missing_codes),
            decimal_comma=decimal_comma,
        )

    def code(self, text: str, explain: bool = True) -> tuple[float, str | None]:
        """(position 1..points, or NaN for missing or invalid; the problem, or None).

        ``explain=False``: an unknown label's problem does not name the nearest label.
        """
        missing_labels, missing_codes = set(self.missing_labels), set(self.missing_codes)
        return _code_cell(
            text, self.points, self.labels, missing_labels, missing_codes, self.decimal_comma, explain
        )


def _closest_label(norm: str, labels: dict[str, int]) -> str:
    """``; did you mean ...`` for a near-miss of a known label, then the labels known."""
    import difflib

    close = difflib.get_close_matches(norm, list(labels), n=1, cutoff=0.75)
    spelled: dict[str, str] = getattr(labels, "spelled", {})
    known = list(getattr(labels, "shown", ())) or sorted(labels, key=lambda k: (-labels[k], k))
    shown = ", ".join(repr(k) for k in known[:12]) + (", ..." if len(known) > 12 else "")
    hint = f"; did you mean {spelled.get(close[0], close[0])!r}?" if close else ""
    return f"{hint}; the labels are {shown}" if known else "; the instrument has no response labels"


def level_map(var: CategoricalVariable) -> dict[str, str]:
    return {normalise_label(v): lab for v, lab in var.levels} | {
        normalise_label(lab): lab for _, lab in var.levels
    }


def survey_without_rows(
    path: str,
    sha256: str,
    instrument: Instrument,
    *,
    n_rows: int,
    n_analysed: int,
    excluded: list[Exclusion],
    invalid_cells: list[CellProblem],
    n_invalid: int,
    warnings: list[str],
    n_invalid_by_column: dict[str, int] | None = None,
) -> CodedSurvey:
    """The row accounting of a survey whose rows were summarised, not kept (streamed or
    distributed engines): empty item frames (made when read), ``n_analysed_rows`` set."""
    return CodedSurvey(
        path=path,
        sha256=sha256,
        instrument=instrument,
        items=None,
        answered=None,
        categorical=None,
        rows=np.empty(0, dtype=np.int64),
        n_rows=n_rows,
        excluded=excluded,
        invalid_cells=invalid_cells,
        n_invalid=n_invalid,
        warnings=warnings,
        n_analysed_rows=n_analysed,
        n_invalid_by_column=dict(n_invalid_by_column or {}),
    )


def invalid_cells_error(path: str, points: int, cells: list[CellProblem], total: int) -> DataError:
    """The error for invalid item cells: the first MAX_LISTED of them (sorted) and the total."""
    return DataError(
        f"{total} cell(s) are not valid responses on the {points}-point scale. If the data use "
        "other codes (such as 0-3 or 1-7), declare that range in the instrument (codes: 0-3) "
        "or with the codes argument, which keeps every answer; only if these cells are not answers, "
        "use invalid='missing' to treat them as missing (counted in the results' warnings)",
        path=path,
        cells=cells[:MAX_LISTED],
        total=total,
    )


def unknown_levels_error(path: str, column: str, cells: list[CellProblem], total: int) -> DataError:
    """The error for values of a grouping column that are not among its levels."""
    return DataError(
        f"{total} value(s) of {column!r} are not among the levels the instrument defines",
        path=path,
        cells=cells[:MAX_LISTED],
        total=total,
    )


def categorical_variables(instrument: Instrument, groups: list[str] | None) -> list[CategoricalVariable]:
    """The instrument's group and categorical columns plus extra grouping columns asked for."""
    cat_vars = list(instrument.groups) + list(instrument.categorical)
    for g in groups or []:
        if g not in [v.column for v in cat_vars]:
            cat_vars.append(CategoricalVariable(column=g, title=g))
    return cat_vars


def code_responses(
    raw: RawSurvey,
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
) -> CodedSurvey:
    """Validate a raw survey against an instrument and code its responses.

    The work is :func:`code_chunk` (the checks that concern each row: columns, item
    cells, categorical levels, rows without any answer) followed by :func:`finish_survey`
    (the checks that concern the whole survey). The streaming and Dask engines call the
    first per block and do the second over all blocks themselves.

    Parameters
    ----------
    raw : RawSurvey
        The file as read by :func:`mcstats.io.load_survey`.
    instrument : Instrument
        The questionnaire: scale points, labels, items, groups.
    invalid : {"error", "missing"}
        ``"error"`` (default): any invalid cell raises a DataError listing up to 20 cells
        (file, row, column, value) and the total. ``"missing"``: invalid cells become
        missing and are listed in the result.
    groups : list of str, optional
        Extra grouping or categorical columns to carry (beyond the instrument's).

    Returns
    -------
    CodedSurvey
        Every row of the file either analysed or excluded with its reason.
    """
    return finish_survey(code_chunk(raw, instrument, invalid=invalid, groups=groups), raw)


def check_columns(raw: RawSurvey, instrument: Instrument, cat_vars: list[CategoricalVariable]) -> None:
    """Raise a DataError naming the first item or grouping column the file lacks."""
    frame = raw.frame
    item_cols = instrument.item_columns
    needed = item_cols + [v.column for v in cat_vars]
    absent = [c for c in needed if c not in frame.columns]
    if absent:
        kind = "item" if absent[0] in item_cols else "grouping"
        raise DataError(
            f"{kind} column {absent[0]!r} is not in the file"
            + (f" (nor {', '.join(map(repr, absent[1:]))})" if len(absent) > 1 else "")
            + f"; the file has: {', '.join(map(str, frame.columns))}"
            + _column_hint(absent[0], [str(c) for c in frame.columns], raw.unnamed_columns),
            path=raw.path,
            row=1,
            column=absent[0],
        )


@dataclass
class _CellTally:
    """Invalid cells found so far: the first ones kept, all counted (total and per column)."""

    problems: list[CellProblem] = field(default_factory=list)
    n: int = 0
    by_column: dict[str, int] = field(default_factory=dict)

    def add(self, column: str, count: int, kept: list[CellProblem]) -> None:
        self.n += count
        self.by_column[column] = count
        self.problems.extend(kept)


def code_items(raw: RawSurvey, instrument: Instrument, tally: _CellTally) -> pd.DataFrame:
    """The item cells as codes (NaN = missing or invalid); invalid cells go to ``tally``.

    Each distinct text of a column is coded once by :func:`code_cell` (a Likert column has
    a handful), and the codes are spread to the rows by their factor codes: no per-cell
    Python work on large files.
    """
    import pandas as pd

    frame = raw.frame
    rules = CellRules.of(instrument, decimal_comma=raw.format == "csv" and raw.delimiter in (";", "\t"))
    answered = pd.DataFrame(index=frame.index)
    rows = raw.rows
    for col in instrument.item_columns:
        cells = frame[col]
        if isinstance(cells.dtype, pd.CategoricalDtype):  # the streaming reader's blocks
            factor = cells.cat.codes.to_numpy()
            uniques = np.asarray(cells.cat.categories, dtype=object)
        else:
            factor, uniques = pd.factorize(cells.to_numpy(dtype=object))  # empty cells: -1
        lut = np.full(len(uniques) + 1, np.nan)  # the last slot serves -1 (empty)
        bad: dict[str, str] = {}
        bad_codes = np.zeros(len(uniques) + 1, dtype=bool)
        for j, u in enumerate(uniques):
            code, problem = rules.code(str(u))
            lut[j] = code
            if problem:
                bad[u] = problem
                bad_codes[j] = True
        answered[col] = pd.Series(lut[factor], index=cells.index)
        if bad:
            idx = np.flatnonzero(bad_codes[factor])
            kept = [  # the first of each column; sorted by row later
                CellProblem(int(rows[i]), col, shorten_cell(str(cells.iloc[i])), bad[cells.iloc[i]])
                for i in idx[:MAX_KEPT]
            ]
            tally.add(col, len(idx), kept)
    return answered


def code_categorical(
    raw: RawSurvey,
    instrument: Instrument,
    cat_vars: list[CategoricalVariable],
    invalid: str,
    tally: _CellTally,
) -> pd.DataFrame:
    """Grouping and demographic columns as their level labels (None = missing).

    A cell that is not one of a column's declared levels raises a DataError with
    ``invalid="error"``, and becomes missing and goes to ``tally`` with ``"missing"``.
    """
    import pandas as pd

    frame = raw.frame
    rows = raw.rows
    missing_labels = {normalise_label(x) for x in instrument.missing_labels}
    cat = pd.DataFrame(index=frame.index)
    for var in cat_vars:
        cells = frame[var.column]
        if var.levels:
            lm = level_map(var)
            # Map each distinct text once (a column has few), then spread to the rows.
            present = cells.notna().to_numpy()
            uniques = pd.unique(cells[present].to_numpy(dtype=object))
            labels_of = {u: lm.get(normalise_label(u)) for u in uniques}
            is_missing = {u: normalise_label(u) in missing_labels for u in uniques}
            values = cells.to_numpy(dtype=object)
            mapped = pd.Series(
                [labels_of[t] if ok else None for t, ok in zip(values, present, strict=True)],
                index=cells.index,
                dtype=object,
            )
            unknown = pd.Series(
                [
                    ok and labels_of[t] is None and not is_missing[t]
                    for t, ok in zip(values, present, strict=True)
                ],
                index=cells.index,
            )
            if unknown.any():
                idx = np.flatnonzero(unknown.to_numpy())
                cellp = [
                    CellProblem(
                        int(rows[i]),
                        var.column,
                        shorten_cell(str(cells.iloc[i])),
                        "not one of the levels " + ", ".join(repr(v) for v, _ in var.levels),
                    )
                    for i in idx[:MAX_LISTED]
                ]
                if invalid == "error":
                    raise unknown_levels_error(raw.path, var.column, cellp, len(idx))
                tally.add(var.column, len(idx), cellp)
            cat[var.column] = mapped
        else:
            # A list, not Series.map: pandas 3 infers a string dtype from map and turns None
            # into NaN, which later reads as the text "nan" (a level no one answered).
            cat[var.column] = pd.Series(
                [
                    None
                    if t is None or (isinstance(t, float) and math.isnan(t))
                    else str(t).strip()
                    for t in cells.to_numpy(dtype=object)
                ],
                index=cells.index,
                dtype=object,
            )
    return cat


def code_chunk(
    raw: RawSurvey,
    instrument: Instrument,
    *,
    invalid: str = "error",
    groups: list[str] | None = None,
) -> CodedSurvey:
    """Validate and code the rows of one file or one block of a larger file.

    Everything :func:`code_responses` does that concerns single rows: the columns are
    present, item cells are coded (:func:`code_items`), categorical cells mapped to their
    levels (:func:`code_categorical`), rows without any valid answer excluded with their
    reason, reverse-keyed items recoded. The checks of the whole survey (no rows at all,
    every row excluded, duplicates, an item never answered) are :func:`finish_survey`'s.

    Parameters
    ----------
    raw : RawSurvey
        The rows, as read by :func:`mcstats.io.load_survey` or a block reader.
    instrument : Instrument
        The questionnaire.
    invalid : {"error", "missing"}
        What to do with invalid cells (see :func:`code_responses`).
    groups : list of str, optional
        Extra grouping or categorical columns to carry.

    Returns
    -------
    CodedSurvey
        The coded rows, the excluded rows and the invalid cells of this chunk.
    """
    if invalid not in ("error", "missing"):
        raise UsageError(f"invalid must be 'error' or 'missing', got {invalid!r}", argument="invalid")
    item_cols = instrument.item_columns
    cat_vars = categorical_variables(instrument, groups)
    check_columns(raw, instrument, cat_vars)
    tally = _CellTally()
    answered = code_items(raw, instrument, tally)
    if tally.n and invalid == "error":
        problems = sorted(tally.problems, key=lambda c: (c.row, item_cols.index(c.column)))
        raise invalid_cells_error(raw.path, instrument.scale_points, problems, tally.n)
    cat = code_categorical(raw, instrument, cat_vars, invalid, tally)

    frame = raw.frame
    rows = raw.rows
    all_missing = answered.isna().all(axis=1).to_numpy()
    excluded = [
        Exclusion(int(r), "no valid response on any item" + _why(frame, item_cols, int(i)))
        for i, r in zip(np.flatnonzero(all_missing), rows[all_missing], strict=True)
    ]
    keep = ~all_missing
    answered = answered[keep].reset_index(drop=True)
    items = answered.copy()
    points = instrument.scale_points
    for item in instrument.items:
        if item.reverse:
            items[item.column] = (points + 1) - items[item.column]
    warnings: list[str] = []
    dropped = getattr(raw, "header_rows_dropped", [])
    if dropped:
        warnings.append(
            f"{len(dropped)} export header row(s) below the column names left out (row "
            f"{', '.join(map(str, dropped))}): question texts or import ids, not respondents"
        )
    for info in getattr(raw, "other_sheets", []):
        warnings.append(f"the workbook's {info.describe()}")
    if getattr(raw, "repeat_group", False):
        from mcstats.layouts import repeat_group_note

        warnings.append(repeat_group_note(raw.sheet, raw.frame))
    if raw.blank_rows:
        shown = ", ".join(map(str, raw.blank_rows[:MAX_LISTED]))
        warnings.append(
            f"{len(raw.blank_rows)} blank row(s) skipped (row {shown}"
            + (", ..." if len(raw.blank_rows) > MAX_LISTED else "")
            + "): every cell empty, so not counted as respondents"
        )
    needed = item_cols + [v.column for v in cat_vars]
    order = {c: j for j, c in enumerate(needed)}
    problems = sorted(tally.problems, key=lambda c: (c.row, order.get(c.column, len(order))))[:MAX_KEPT]
    return CodedSurvey(
        path=raw.path,
        sha256=raw.sha256,
        instrument=instrument,
        items=items,
        answered=answered,
        categorical=cat[keep].reset_index(drop=True),
        rows=rows[keep],
        n_rows=raw.n_rows,
        excluded=excluded,
        invalid_cells=problems,
        n_invalid=tally.n,
        n_invalid_by_column=tally.by_column,
        warnings=warnings,
    )


def finish_survey(coded: CodedSurvey, raw: RawSurvey) -> CodedSurvey:
    """The checks of a whole survey, after its rows are coded by :func:`code_chunk`.

    A file without respondent rows, or whose every row is excluded, is an error; duplicated
    respondent ids (or, without an id column, exact duplicate rows) and items that no one
    answered are warnings added to ``coded``.

    Parameters
    ----------
    coded : CodedSurvey
        The coded rows of the whole file.
    raw : RawSurvey
        The file they were coded from (the duplicate checks read its cells).

    Returns
    -------
    CodedSurvey
        ``coded`` with the whole-survey warnings added.
    """
    if raw.n_rows == 0:
        raise DataError("the file has a header but no respondent rows", path=raw.path, row=2)
    if coded.n_analysed == 0:
        first = coded.excluded[0]
        raise DataError(
            f"none of the {raw.n_rows} row(s) has a valid response on any item, so all were "
            f"excluded and there is nothing to analyse (row {first.row}: {first.reason})",
            path=raw.path,
        )
    warnings = list(coded.warnings)
    instrument = coded.instrument
    if instrument.id_column:
        warnings.extend(duplicate_id_warnings(raw.frame, raw.rows, instrument.id_column))
    else:
        warnings.extend(duplicate_rows(raw.frame, raw.rows))
    for col in instrument.item_columns:
        if coded.items[col].isna().all():
            warnings.append(f"item {col!r} has no valid response in any row")
    return replace(coded, warnings=warnings)


#: Id columns whose values are personal data (named like an email address or a phone number).
_PERSONAL_NAME = re.compile(r"e[-_ ]?mail|phone|mobile|telephone|whatsapp", re.IGNORECASE)
#: A value that is an email address.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def duplicate_id_warnings(frame: pd.DataFrame, rows: np.ndarray, column: str) -> list[str]:
    """A warning naming the rows of each respondent id that occurs more than once.

    Duplicated ids are reported, not resolved: both rows are analysed, because dropping
    either could discard the genuine answers (see the validation rules in docs/manual/validation.md).
    """
    if column not in frame.columns:
        return [f"respondent id column {column!r} is not in the file; duplicates cannot be checked"]
    ids = [None if v is None else str(v).strip() for v in frame[column]]
    where: dict[str, list[int]] = {}
    for v, r in zip(ids, rows, strict=True):
        if v:
            where.setdefault(v, []).append(int(r))
    dups = {v: rs for v, rs in where.items() if len(rs) > 1}
    if not dups:
        return []
    more = f"; and {len(dups) - 5} more" if len(dups) > 5 else ""
    if _PERSONAL_NAME.search(str(column)) or any(_EMAIL.search(v) for v in dups):
        # An email address or a phone number is personal data: reports are shared, so the
        # rows say which respondents repeat, without the values.
        rows_of = "; ".join(f"rows {', '.join(map(str, rs))}" for rs in list(dups.values())[:5])
        return [
            f"respondent id column {column!r} has {len(dups)} duplicated id(s) (personal data, so "
            f"the values are not shown): {rows_of}{more}; each row is analysed as a separate respondent"
        ]
    shown = "; ".join(
        f"{shorten_cell(v)!r} in rows {', '.join(map(str, rs))}" for v, rs in list(dups.items())[:5]
    )
    return [
        f"respondent id column {column!r} has {len(dups)} duplicated id(s): {shown}{more}; "
        "each row is analysed as a separate respondent"
    ]



def duplicate_rows(frame: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """A warning naming rows that repeat an earlier row exactly (a form submitted twice).

    Time stamps (columns named like Timestamp, Start time, _submission_time) are not
    compared: a double submission differs only there. Any other column counts, so rows
    with different respondent numbers are never duplicates. Rows are reported, not
    removed: identical answers can be genuine.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"Timestamp": ["9:00", "9:01", "9:05"], "Q1": ["3", "3", "4"]})
    >>> duplicate_rows(f, np.array([2, 3, 4]))[0][:92]
    '1 row(s) repeat an earlier row in every column (apart from Timestamp): row 3 = row 2; a form'
    """
    from mcstats.layouts import looks_like_time

    if len(frame) < 2:
        return []
    skip = [str(c) for c in frame.columns if looks_like_time(str(c), [])]
    compared = [c for c in frame.columns if str(c) not in skip]
    if not compared:
        return []
    keys = frame[compared].astype(object).where(frame[compared].notna(), "\x00")
    dup = keys.duplicated(keep="first").to_numpy()
    if not dup.any():
        return []
    first = [int(g) for g in keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup()]
    first_row: dict[int, int] = {}
    for g, r in zip(first, rows, strict=True):
        first_row.setdefault(g, int(r))
    pairs = [f"row {int(r)} = row {first_row[g]}" for g, r, d in zip(first, rows, dup, strict=True) if d]
    shown = "; ".join(pairs[:MAX_LISTED]) + ("; ..." if len(pairs) > MAX_LISTED else "")
    apart = f" (apart from {', '.join(skip[:3])}{', ...' if len(skip) > 3 else ''})" if skip else ""
    return [
        f"{len(pairs)} row(s) repeat an earlier row in every column{apart}: {shown}; a form submitted "
        "twice? Each row is analysed as a separate respondent; delete the copy if it is a double "
        "submission, or declare an id_column"
    ]


def _column_hint(name: str, columns: list[str], unnamed: list[str]) -> str:
    """Why a column may look absent: a near-miss in case or spacing, or unnamed columns."""
    near = [c for c in columns if normalise_label(c) == normalise_label(name)]
    if near:
        return f" ({near[0]!r} differs only in case or spacing; column names must match exactly)"
    import difflib

    close = difflib.get_close_matches(name, columns, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    if unnamed:
        return (
            f" (the header row has unnamed columns: {', '.join(unnamed[:5])}; names in merged cells "
            "or on a second header row are not read, put one name per column in the first row)"
        )
    return ""


def _why(frame: pd.DataFrame, item_cols: list[str], i: int) -> str:
    cells = frame.iloc[i][item_cols]
    if cells.isna().all():
        return " (all item cells empty)"
    return " (item cells hold only missing or invalid values)"
