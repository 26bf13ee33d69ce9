"""Pearson and Spearman correlations from the joint histogram of two integer scores.

Scale scores and items are small integers, so the joint histogram (the count of each
pair of values over the cases that have both) is a small, exactly mergeable sufficient
statistic: it gives the pairwise N, the integer sums and cross-products behind Pearson's
r, and the midranks of both variables behind Spearman's rho.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.stats.distributions import norm_ppf, t_sf

NAN = float("nan")


@dataclass(frozen=True)
class PearsonCorrelation:
    """Pearson's r with its t test (n - 2 df) and the Fisher-z CI; ``note`` explains a NaN."""

    n: int
    r: float
    t: float
    df: int
    p: float
    ci95: tuple[float, float]
    note: str | None = None


@dataclass(frozen=True)
class SpearmanCorrelation:
    """Spearman's rho (Pearson's r of midranks) with the t-approximation p."""

    n: int
    rho: float
    p: float
    note: str | None = None


@dataclass(frozen=True)
class Correlation:
    """Both coefficients for one pair of variables over their pairwise-complete cases."""

    x: str
    y: str
    n: int
    pearson: PearsonCorrelation
    spearman: SpearmanCorrelation


def _t_test(r: float, n: int) -> tuple[float, float]:
    df = n - 2
    if df < 1 or not math.isfinite(r):
        return NAN, NAN
    if abs(r) >= 1:
        return math.copysign(math.inf, r), 0.0
    t = r * math.sqrt(df / (1 - r * r))
    return t, 2 * t_sf(abs(t), df)


def pearson_from_sums(n: int, sx: int, sy: int, sxx: int, syy: int, sxy: int) -> PearsonCorrelation:
    r"""Pearson's r, its test and CI from the count, sums and cross-products of two scores.

    Parameters
    ----------
    n, sx, sy, sxx, syy, sxy : int
        Cases, :math:`\sum x`, :math:`\sum y`, :math:`\sum x^2`, :math:`\sum y^2`,
        :math:`\sum xy` over the cases with both values (exact integers for integer scores).

    Notes
    -----
    :math:`r = \frac{n\sum xy - \sum x\sum y}{\sqrt{(n\sum x^2 - (\sum x)^2)(n\sum y^2 -
    (\sum y)^2)}}` with the numerators in exact integers; :math:`t = r\sqrt{(n-2)/(1-r^2)}`
    on n - 2 df (two-sided p); CI :math:`\tanh(\operatorname{atanh} r \pm
    z_{.975}/\sqrt{n-3})` (Fisher 1921), defined for n > 3, as R's ``cor.test``. r is NaN
    when either variable is constant (``note`` says which).

    References
    ----------
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced
    from a small sample. *Metron* 1, 3-32.

    Examples
    --------
    >>> res = pearson_from_sums(4, 10, 10, 30, 30, 29)  # x 1 2 3 4, y 1 3 2 4
    >>> res.r, round(res.p, 6)  # R: cor.test(1:4, c(1, 3, 2, 4))
    (0.8, 0.2)
    """
    n, sx, sy, sxx, syy, sxy = (int(v) for v in (n, sx, sy, sxx, syy, sxy))
    vx, vy = n * sxx - sx * sx, n * syy - sy * sy
    if n < 3:
        return PearsonCorrelation(n, NAN, NAN, n - 2, NAN, (NAN, NAN), f"{n} case(s): r needs at least 3")
    if vx == 0 or vy == 0:
        which = "both variables are" if vx == vy == 0 else ("x is" if vx == 0 else "y is")
        note = f"{which} constant over the {n} cases, so r is undefined"
        return PearsonCorrelation(n, NAN, NAN, n - 2, NAN, (NAN, NAN), note)
    r = (n * sxy - sx * sy) / math.sqrt(vx * vy)
    r = max(-1.0, min(1.0, r))
    t, p = _t_test(r, n)
    if n > 3 and abs(r) < 1:
        z, half = math.atanh(r), norm_ppf(0.975) / math.sqrt(n - 3)
        ci = (math.tanh(z - half), math.tanh(z + half))
    elif n > 3:
        ci = (r, r)
    else:
        ci = (NAN, NAN)
    return PearsonCorrelation(n, r, t, n - 2, p, ci)


def correlation_from_joint_histogram(
    x_values: Sequence[float] | np.ndarray,
    y_values: Sequence[float] | np.ndarray,
    joint: np.ndarray,
    *,
    x: str = "x",
    y: str = "y",
) -> Correlation:
    r"""Pearson's r and Spearman's rho from the joint histogram of two scores.

    Parameters
    ----------
    x_values, y_values : arrays
        Distinct values of x and y, ascending; whole numbers for the exact Pearson sums.
    joint : (len(x_values), len(y_values)) array of int
        Count of cases with each pair of values (cases with both present).
    x, y : str
        Names of the variables.

    Notes
    -----
    Spearman's rho is Pearson's r of the midranks (ties share their mean rank), its p the
    t approximation :math:`t = \rho\sqrt{(n-2)/(1-\rho^2)}` on n - 2 df: what R's
    ``cor.test(method = "spearman", exact = FALSE)`` and SPSS give; R's default exact p
    (untied data, n < 1290) is not computed.

    References
    ----------
    Spearman, C. (1904). The proof and measurement of association between two things.
    *Am. J. Psychol.* 15, 72-101.

    Examples
    --------
    >>> joint = np.array([[1, 0, 0], [0, 1, 1], [0, 1, 1]])  # x 1 2 2 3 3, y 1 2 3 2 3
    >>> res = correlation_from_joint_histogram([1, 2, 3], [1, 2, 3], joint)
    >>> res.n, round(res.pearson.r, 6), round(res.spearman.rho, 6)  # R: cor(x, y, method = ...)
    (5, 0.642857, 0.555556)
    """
    J = np.asarray(joint, dtype=np.int64)
    xv = np.asarray(x_values, dtype=float)
    yv = np.asarray(y_values, dtype=float)
    if J.shape != (xv.size, yv.size):
        raise ValueError("joint must have one row per x value and one column per y value")
    n = int(J.sum())
    fx, fy = J.sum(axis=1), J.sum(axis=0)
    if np.all(xv == np.round(xv)) and np.all(yv == np.round(yv)):
        xi = [int(v) for v in xv]
        yi = [int(v) for v in yv]
        sx = sum(int(f) * v for f, v in zip(fx, xi, strict=True))
        sy = sum(int(f) * v for f, v in zip(fy, yi, strict=True))
        sxx = sum(int(f) * v * v for f, v in zip(fx, xi, strict=True))
        syy = sum(int(f) * v * v for f, v in zip(fy, yi, strict=True))
        rows, cols = np.nonzero(J)
        sxy = sum(int(J[i, j]) * xi[i] * yi[j] for i, j in zip(rows, cols, strict=True))
        pearson = pearson_from_sums(n, sx, sy, sxx, syy, sxy)
    else:
        pearson = _weighted_pearson(xv, yv, J)
    # Midranks of each distinct value, from the marginal counts.
    rx = np.cumsum(fx) - fx + (fx + 1) / 2.0
    ry = np.cumsum(fy) - fy + (fy + 1) / 2.0
    rank_r = _weighted_pearson(rx, ry, J)
    spearman = SpearmanCorrelation(n, rank_r.r, rank_r.p, rank_r.note)
    return Correlation(x, y, n, pearson, spearman)


def _weighted_pearson(xv: np.ndarray, yv: np.ndarray, J: np.ndarray) -> PearsonCorrelation:
    n = int(J.sum())
    if n < 3:
        return PearsonCorrelation(n, NAN, NAN, n - 2, NAN, (NAN, NAN), f"{n} case(s): r needs at least 3")
    fx, fy = J.sum(axis=1), J.sum(axis=0)
    mx, my = float((fx * xv).sum() / n), float((fy * yv).sum() / n)
    dx, dy = xv - mx, yv - my
    sxx = float((fx * dx * dx).sum())
    syy = float((fy * dy * dy).sum())
    if sxx == 0 or syy == 0:
        return PearsonCorrelation(
            n, NAN, NAN, n - 2, NAN, (NAN, NAN), "a variable is constant, so r is undefined"
        )
    r = float((J * np.outer(dx, dy)).sum()) / math.sqrt(sxx * syy)
    r = max(-1.0, min(1.0, r))
    t, p = _t_test(r, n)
    ci = (NAN, NAN)
    if n > 3 and abs(r) < 1:
        z, half = math.atanh(r), norm_ppf(0.975) / math.sqrt(n - 3)
        ci = (math.tanh(z - half), math.tanh(z + half))
    return PearsonCorrelation(n, r, t, n - 2, p, ci)


def correlate(
    x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray, *, names: tuple[str, str] = ("x", "y")
) -> Correlation:
    """Pearson and Spearman correlation of two arrays over their pairwise-complete cases
    (NaN = missing).

    >>> res = correlate([1, 2, 3, 4, float("nan")], [1, 3, 2, 4, 5])
    >>> res.n, res.pearson.r, res.spearman.rho
    (4, 0.8, 0.8)
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    ok = ~(np.isnan(a) | np.isnan(b))
    xv, xi = np.unique(a[ok], return_inverse=True)
    yv, yi = np.unique(b[ok], return_inverse=True)
    joint = np.zeros((xv.size, yv.size), dtype=np.int64)
    np.add.at(joint, (xi, yi), 1)
    return correlation_from_joint_histogram(xv, yv, joint, x=names[0], y=names[1])
