"""Chi-square test of independence of two categorical columns, from their contingency counts.

The counts of each (row value, column value) pair are the sufficient statistic: they add
up across chunks. :func:`crosstab_test` gives what SPSS's CROSSTABS prints with
/STATISTICS=CHISQ PHI: expected counts, row and column percents, Pearson's chi-square,
the likelihood-ratio chi-square, Yates's continuity correction and Fisher's exact test for
2x2 tables, phi and Cramér's V, and the number of cells with an expected count below 5.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.errors import DataError
from mcstats.stats._special import special


@dataclass(frozen=True)
class ChiSquare:
    """A chi-square statistic with its df and upper-tail p."""

    statistic: float
    df: int
    p: float


@dataclass(frozen=True)
class FisherExact:
    """Fisher's exact test of a 2x2 table: two-sided p (R's rule) and both one-sided p."""

    p: float
    p_less: float
    p_greater: float


@dataclass(frozen=True)
class Crosstab:
    """A contingency table with its tests of independence.

    Rows or columns without any case are left out (``dropped_rows``/``dropped_columns``
    name them, and ``note`` says so): they carry no information and would make expected
    counts zero.
    """

    row_levels: tuple[str, ...]
    column_levels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    expected: tuple[tuple[float, ...], ...]
    row_percent: tuple[tuple[float, ...], ...]
    column_percent: tuple[tuple[float, ...], ...]
    n: int
    pearson: ChiSquare
    likelihood_ratio: ChiSquare
    yates: ChiSquare | None
    fisher: FisherExact | None
    phi: float | None
    cramers_v: float
    n_expected_below_5: int
    n_cells: int
    dropped_rows: tuple[str, ...] = ()
    dropped_columns: tuple[str, ...] = ()
    note: str | None = None


def fisher_exact_2x2(table: Sequence[Sequence[int]] | np.ndarray) -> FisherExact:
    r"""Fisher's exact test of a 2x2 table, as R's ``fisher.test``.

    Notes
    -----
    Given the margins, the top-left count follows the hypergeometric distribution
    :math:`P(a) = \binom{a+c}{a}\binom{b+d}{b}/\binom{N}{a+b}`. The two-sided p sums the
    probabilities of the tables no more likely than the observed one (with R's relative
    tolerance of :math:`10^{-7}`); ``p_less`` and ``p_greater`` are the lower and upper
    tails. Probabilities are computed in logs and normalised over the support, as R does.

    References
    ----------
    Fisher, R. A. (1935). The logic of inductive inference. *JRSS* 98, 39-82. Agresti, A.
    (2013). *Categorical Data Analysis*, 3rd ed., 3.5.

    Examples
    --------
    >>> res = fisher_exact_2x2([[3, 1], [1, 3]])  # R: fisher.test(matrix(c(3,1,1,3), 2))
    >>> round(res.p, 6), round(res.p_greater, 6)
    (0.485714, 0.242857)
    """
    t = np.asarray(table, dtype=np.int64)
    if t.shape != (2, 2):
        raise ValueError("Fisher's exact test here takes a 2x2 table")
    x = int(t[0, 0])
    m = int(t[:, 0].sum())  # first column total
    n = int(t[:, 1].sum())
    k = int(t[0, :].sum())  # first row total
    lo, hi = max(0, k - n), min(k, m)
    support = np.arange(lo, hi + 1)
    logd = np.array([_log_choose(m, int(s)) + _log_choose(n, k - int(s)) for s in support])
    d = np.exp(logd - logd.max())
    d /= d.sum()
    obs = d[x - lo]
    p = float(d[d <= obs * (1 + 1e-7)].sum())
    return FisherExact(
        p=min(1.0, p),
        p_less=min(1.0, float(d[support <= x].sum())),
        p_greater=min(1.0, float(d[support >= x].sum())),
    )


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def crosstab_test(
    counts: Sequence[Sequence[int]] | np.ndarray,
    row_levels: Sequence[str],
    column_levels: Sequence[str],
) -> Crosstab:
    r"""Chi-square tests of independence of a contingency table.

    Parameters
    ----------
    counts : (r, c) array of int
        Count of cases with each row value and column value.
    row_levels, column_levels : sequences of str
        Names of the rows and columns.

    Returns
    -------
    Crosstab
        Counts, expected counts, row and column percents, Pearson's and the
        likelihood-ratio chi-square, Cramér's V, cells with expected < 5; for 2x2 tables
        also Yates's corrected chi-square, phi and Fisher's exact test.

    Notes
    -----
    :math:`E_{ij} = R_i C_j / N`, :math:`X^2 = \sum (O-E)^2/E`,
    :math:`G^2 = 2\sum_{O>0} O\ln(O/E)`, both on :math:`(r-1)(c-1)` df;
    Yates: :math:`\sum (\max(0, |O-E| - 0.5))^2/E` (R's ``chisq.test`` caps the 0.5 at
    :math:`|O-E|`); :math:`V = \sqrt{X^2/(N(\min(r,c)-1))}`;
    :math:`\phi = (ad - bc)/\sqrt{R_1R_2C_1C_2}` (signed, as SPSS prints it).

    References
    ----------
    Pearson, K. (1900). *Phil. Mag.* 50, 157-175. Yates, F. (1934). *JRSS Suppl.* 1,
    217-235. Cramér, H. (1946). *Mathematical Methods of Statistics*, 282. Agresti, A.
    (2013). *Categorical Data Analysis*, 3rd ed., 3.2.

    Examples
    --------
    >>> res = crosstab_test([[10, 20], [20, 10]], ["a", "b"], ["x", "y"])
    >>> round(res.pearson.statistic, 6), res.pearson.df, round(res.cramers_v, 6)
    (6.666667, 1, 0.333333)
    """
    t = np.asarray(counts, dtype=np.int64)
    if t.ndim != 2 or t.shape != (len(row_levels), len(column_levels)):
        raise ValueError("counts must have one row per row level and one column per column level")
    if (t < 0).any():
        raise ValueError("counts cannot be negative")
    keep_r = t.sum(axis=1) > 0
    keep_c = t.sum(axis=0) > 0
    dropped_r = tuple(str(lv) for lv, k in zip(row_levels, keep_r, strict=True) if not k)
    dropped_c = tuple(str(lv) for lv, k in zip(column_levels, keep_c, strict=True) if not k)
    t = t[keep_r][:, keep_c]
    rows = [str(lv) for lv, k in zip(row_levels, keep_r, strict=True) if k]
    cols = [str(lv) for lv, k in zip(column_levels, keep_c, strict=True) if k]
    if len(rows) < 2 or len(cols) < 2:
        raise DataError(
            f"a chi-square test needs at least two rows and two columns with cases "
            f"(found {len(rows)} x {len(cols)})"
        )
    note = None
    if dropped_r or dropped_c:
        empty = [*(f"row {r!r}" for r in dropped_r), *(f"column {c!r}" for c in dropped_c)]
        note = f"left out without cases: {', '.join(empty)}"
    N = int(t.sum())
    R = t.sum(axis=1).astype(float)
    C = t.sum(axis=0).astype(float)
    E = np.outer(R, C) / N
    X2 = float(((t - E) ** 2 / E).sum())
    pos = t > 0
    G2 = float(2 * (t[pos] * np.log(t[pos] / E[pos])).sum())
    df = (len(rows) - 1) * (len(cols) - 1)
    yates = fisher = phi = None
    if t.shape == (2, 2):
        dev = np.abs(t - E)
        corr = np.minimum(0.5, dev)
        Y2 = float(((dev - corr) ** 2 / E).sum())
        yates = ChiSquare(Y2, 1, float(special.chdtrc(1, Y2)))
        fisher = fisher_exact_2x2(t)
        a, b, c, d = (int(v) for v in t.ravel())
        phi = (a * d - b * c) / math.sqrt(R[0] * R[1] * C[0] * C[1])
    return Crosstab(
        row_levels=tuple(rows),
        column_levels=tuple(cols),
        counts=tuple(tuple(int(v) for v in row) for row in t),
        expected=tuple(tuple(float(v) for v in row) for row in E),
        row_percent=tuple(tuple(float(v) for v in row) for row in 100 * t / R[:, None]),
        column_percent=tuple(tuple(float(v) for v in row) for row in 100 * t / C[None, :]),
        n=N,
        pearson=ChiSquare(X2, df, float(special.chdtrc(df, X2))),
        likelihood_ratio=ChiSquare(G2, df, float(special.chdtrc(df, G2))),
        yates=yates,
        fisher=fisher,
        phi=phi,
        cramers_v=math.sqrt(X2 / (N * (min(t.shape) - 1))),
        n_expected_below_5=int((E < 5).sum()),
        n_cells=int(E.size),
        dropped_rows=dropped_r,
        dropped_columns=dropped_c,
        note=note,
    )
