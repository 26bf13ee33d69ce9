"""SPSS-style frequency tables: value, label, frequency, percent, valid percent and
cumulative percent, then the missing and total rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from mcstats.labels import sort_levels

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


@dataclass(frozen=True)
class FrequencyRow:
    value: Any
    label: str
    frequency: int
    percent: float
    valid_percent: float
    cumulative_percent: float


@dataclass(frozen=True)
class FrequencyTable:
    """A frequency table. ``missing`` counts the cases without a valid value."""

    rows: tuple[FrequencyRow, ...]
    missing: int
    total: int


def frequency_table(
    counts: Sequence[tuple[Any, int]], missing: int, labels: Mapping[Any, str] | None = None
) -> FrequencyTable:
    """A frequency table from (value, count) pairs in display order and the missing count.

    The single place where percents are computed, for :func:`frequencies` and
    :func:`code_frequencies` alike.
    """
    n_valid = sum(int(c) for _, c in counts)
    total = n_valid + int(missing)
    lab = dict(labels or {})
    rows = []
    cum = 0
    for value, count in counts:
        f = int(count)
        cum += f
        rows.append(
            FrequencyRow(
                value=value,
                label=str(lab.get(value, "")),
                frequency=f,
                percent=100.0 * f / total if total else float("nan"),
                valid_percent=100.0 * f / n_valid if n_valid else float("nan"),
                cumulative_percent=100.0 * cum / n_valid if n_valid else float("nan"),
            )
        )
    return FrequencyTable(rows=tuple(rows), missing=int(missing), total=total)


def code_frequencies(
    codes: np.ndarray, points: int, labels: Mapping[Any, str] | None = None
) -> FrequencyTable:
    """Frequency table of a coded item (floats 1..points, NaN missing), every code listed.

    Vectorised with ``np.bincount``; equal to :func:`frequencies` on the same values.

    >>> t = code_frequencies(np.array([1.0, 2.0, 2.0, np.nan]), 3)
    >>> [(r.value, r.frequency) for r in t.rows], t.missing
    ([(1, 1), (2, 2), (3, 0)], 1)
    """
    x = np.asarray(codes, dtype=float)
    ok = ~np.isnan(x)
    counts = np.bincount(x[ok].astype(np.int64), minlength=points + 1)[1 : points + 1]
    return frequency_table(
        [(c, int(k)) for c, k in zip(range(1, points + 1), counts, strict=True)],
        int((~ok).sum()),
        labels,
    )


def frequencies(
    values: Sequence[Any] | pd.Series | np.ndarray,
    labels: Mapping[Any, str] | None = None,
    order: Sequence[Any] | None = None,
) -> FrequencyTable:
    r"""Frequency table of one categorical column, as SPSS FREQUENCIES prints it.

    Parameters
    ----------
    values : Sequence[Any] | pd.Series | np.ndarray
        The column; None/NaN are missing.
    labels : Mapping[Any, str] | None
        Optional value -> label mapping (response labels, group labels).
    order : Sequence[Any] | None
        Values to list first and in this order (for instance every code 1..k, so that
        unused codes show with frequency 0). Other observed values follow, sorted.

    Notes
    -----
    percent = f / N_total * 100; valid percent = f / N_valid * 100; cumulative percent is
    the running sum of valid percents, computed from cumulative counts so the last row is
    exactly 100.

    References
    ----------
    IBM Corp. *IBM SPSS Statistics Algorithms*, FREQUENCIES: percent, valid percent and
    cumulative percent. R: ``table(x)`` and ``prop.table``.

    Examples
    --------
    >>> t = frequencies([1, 2, 2, None], labels={1: "No", 2: "Yes"})
    >>> [(r.value, r.label, r.frequency, round(r.percent, 1), round(r.valid_percent, 2)) for r in t.rows]
    [(1, 'No', 1, 25.0, 33.33), (2, 'Yes', 2, 50.0, 66.67)]
    >>> t.missing, t.total
    (1, 4)
    """
    import pandas as pd

    s = pd.Series(values, dtype=object)
    valid = s[s.notna()]
    counts = valid.value_counts(sort=False)
    return counted_frequencies(dict(counts.items()), int(s.size - valid.size), labels, order)


def counted_frequencies(
    counts: Mapping[Any, int],
    missing: int,
    labels: Mapping[Any, str] | None = None,
    order: Sequence[Any] | None = None,
) -> FrequencyTable:
    """:func:`frequencies` from value counts (as a one-pass engine gathers them).

    Values in ``order`` come first, in that order; the other values follow, sorted
    (:func:`mcstats.labels.sort_levels`: "6-10 years" before "11-20 years").

    >>> t = counted_frequencies({"b": 2, "a": 1}, 1, order=["b"])
    >>> [(r.value, r.frequency) for r in t.rows], t.total
    ([('b', 2), ('a', 1)], 4)
    """
    keys: list[Any] = list(dict.fromkeys(order or []))
    first = set(keys)
    rest = [v for v in counts if v not in first]
    try:
        rest = sort_levels(rest)
    except TypeError:
        rest = sorted(rest, key=str)
    keys.extend(rest)
    return frequency_table([(v, int(counts.get(v, 0))) for v in keys], int(missing), labels)
