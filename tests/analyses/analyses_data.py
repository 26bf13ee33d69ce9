"""The group-comparison reference datasets of tests/reference/analyses, read with pandas
(independently of mcstats' loaders), and helpers to compare with R and PSPP."""

from __future__ import annotations

import json
import math
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parents[1] / "reference" / "analyses"
sys.path.insert(0, str(HERE))
from pspp_analyses import decimals, number, read_output  # noqa: E402

MANIFEST: dict[str, Any] = json.loads((HERE / "manifest.json").read_text())["datasets"]
NAMES = list(MANIFEST)


@cache
def expected(name: str) -> dict[str, Any]:
    return dict(json.loads((HERE / "expected" / f"{name}.json").read_text()))


@cache
def pspp(name: str) -> dict[str, list[tuple[str, list[list[str]]]]]:
    return read_output(HERE / "expected" / "pspp" / f"{name}.csv")


@cache
def data(name: str) -> pd.DataFrame:
    """The dataset with items as floats (reverse-keyed) and other columns as text (None missing)."""
    spec = MANIFEST[name]
    df = pd.read_csv(HERE / spec["file"], dtype=str, keep_default_na=False)
    df = df.replace({"": None})
    items = [c for cols in spec["scales"].values() for c in cols]
    for c in items:
        df[c] = pd.to_numeric(df[c]).astype(float)
    for c in spec["reverse"]:
        df[c] = spec["scale_points"] + 1 - df[c]
    return df


def score(name: str, scale: str) -> pd.Series:
    spec = MANIFEST[name]
    x = data(name)[spec["scales"][scale]]
    return x.sum(axis=1).where(x.notna().all(axis=1))


def variable(name: str, var: str) -> pd.Series:
    return score(name, var) if var in MANIFEST[name]["scales"] else data(name)[var]


def sorted_levels(values: pd.Series) -> list[str]:
    u = sorted(set(values.dropna()))
    try:
        return sorted(u, key=float)
    except ValueError:
        return sorted(u, key=lambda s: s.encode())


def histograms(y: pd.Series, g: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Distinct values of y and the (level x value) counts over rows with both present."""
    ok = y.notna() & g.notna()
    y, g = y[ok], g[ok]
    levels = sorted_levels(g)
    values = np.unique(y.to_numpy(dtype=float))
    counts = np.array([[int(((g == lv) & (y == v)).sum()) for v in values] for lv in levels])
    return values, counts, levels


def close(actual: float | None, want: float | None, rel: float = 1e-10, abs_: float = 1e-12) -> bool:
    if want is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    return actual is not None and math.isclose(actual, want, rel_tol=rel, abs_tol=abs_)


def printed_close(actual: float, cell: str, slack: float = 1e-9) -> bool:
    """Whether ``actual`` rounds to the number PSPP printed in ``cell``."""
    want = number(cell)
    if want is None:
        return False
    return abs(actual - want) <= 0.5 * 10 ** -decimals(cell) + slack


def tables(name: str, marker: str) -> dict[str, list[list[str]]]:
    """PSPP's tables under one marker, by title (the first of each title)."""
    out: dict[str, list[list[str]]] = {}
    for title, rows in pspp(name)[marker]:
        out.setdefault(title, rows)
    return out
