"""SPSS-style frequency tables: value, label, frequency, percent, valid percent and
cumulative percent, then the missing and total rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
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


def frequencies(
    values: Sequence[Any] | pd.Series | np.ndarray,
    labels: Mapping[Any, str] | None = None,
    order: Sequence[Any] | None = None,
) -> FrequencyTable:
    r"""Frequency table of one categorical column, as SPSS FREQUENCIES prints it.

    Parameters
    ----------
    values:
        The column; None/NaN are missing.
    labels:
        Optional value -> label mapping (response labels, group labels).
    order:
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
    s = pd.Series(values, dtype=object)
    valid = s[s.notna()]
    total = int(s.size)
    n_valid = int(valid.size)
    counts = valid.value_counts(sort=False)
    keys: list[Any] = []
    for v in order or []:
        if v not in keys:
            keys.append(v)
    rest = [v for v in counts.index if v not in keys]
    try:
        rest = sorted(rest)
    except TypeError:
        rest = sorted(rest, key=str)
    keys.extend(rest)
    rows = []
    cum = 0
    lab = dict(labels or {})
    for v in keys:
        f = int(counts.get(v, 0))
        cum += f
        rows.append(
            FrequencyRow(
                value=v,
                label=str(lab.get(v, "")),
                frequency=f,
                percent=100.0 * f / total if total else float("nan"),
                valid_percent=100.0 * f / n_valid if n_valid else float("nan"),
                cumulative_percent=100.0 * cum / n_valid if n_valid else float("nan"),
            )
        )
    return FrequencyTable(rows=tuple(rows), missing=total - n_valid, total=total)
