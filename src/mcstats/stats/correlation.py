"""Pearson and Spearman correlations from the joint histogram of two integer scores.

Scale scores and items are small integers, so the joint histogram (the count of each
pair of values over the cases that have both) is a small, exactly mergeable sufficient
statistic: it gives the pairwise N, the integer sums and cross-products behind Pearson's
r, and the midranks of both variables behind Spearman's rho.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from mcstats.stats.distributions import norm_ppf, norm_sf, t_sf
from mcstats.stats.moments import ItemBlockCounts

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


#: How a Spearman p was computed (``SpearmanCorrelation.p_method``), as R's ``cor.test``.
SPEARMAN_P_METHODS = {
    "exact": "exact permutation distribution (no ties, n <= 9; AS 89)",
    "edgeworth": "Edgeworth series approximation (no ties, 9 < n <= 1290; AS 89)",
    "t": "t approximation on n - 2 df (ties, or n > 1290)",
}


@dataclass(frozen=True)
class SpearmanCorrelation:
    """Spearman's rho (Pearson's r of midranks) with its two-sided p, computed as R's
    ``cor.test(method = "spearman")`` does (``p_method``: see :func:`spearman_p`)."""

    n: int
    rho: float
    p: float
    note: str | None = None
    p_method: str = "t"


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


@cache
def _s_counts(n: int) -> np.ndarray:
    """Number of the n! permutations with each value of S = sum (i - pi(i))^2 (index S),
    by dynamic programming over the set of ranks already placed."""
    top = n * (n * n - 1) // 3
    table = np.zeros((1 << n, top + 1), dtype=np.int64)
    table[0, 0] = 1
    for mask in range(1 << n):
        row = table[mask]
        if not row.any():
            continue
        i = bin(mask).count("1")  # position being filled
        for j in range(n):
            if not mask >> j & 1:
                d = (i - j) ** 2
                table[mask | 1 << j, d:] += row[: top + 1 - d]
    return table[(1 << n) - 1]


def _prho(n: int, s: float, lower_tail: bool) -> float:
    """P(S >= s), or P(S < s) when ``lower_tail``: algorithm AS 89 as R's ``prho`` (exact
    enumeration for n <= 9, Edgeworth series above)."""
    pv = 0.0 if lower_tail else 1.0
    if s <= 0:
        return pv
    n3 = n * (n * n - 1.0) / 3.0
    if s > n3:
        return 1.0 - pv
    if n <= 9:
        counts = _s_counts(n)
        nfac = math.factorial(n)
        ifr = int(counts[math.ceil(s) :].sum())  # permutations with S >= s
        return (nfac - ifr if lower_tail else ifr) / nfac
    c = (0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4)
    y = float(n)
    b = 1 / y
    x = (6.0 * (s - 1) * b / (y * y - 1) - 1) * math.sqrt(y - 1)
    y = x * x
    u = (
        x
        * b
        * (
            c[0]
            + b * (c[1] + c[2] * b)
            + y
            * (
                -c[3]
                + b * (c[4] + c[5] * b)
                - y * b * (c[6] + c[7] * b - y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))
            )
        )
    )
    y = u / math.exp(y / 2.0)
    pv = (-y if lower_tail else y) + (norm_sf(-x) if lower_tail else norm_sf(x))
    return min(1.0, max(0.0, pv))


def spearman_p(rho: float, n: int, *, ties: bool) -> tuple[float, str]:
    r"""Two-sided p of Spearman's rho the way R's ``cor.test(method = "spearman")`` gives it.

    Parameters
    ----------
    rho : float
        Spearman's rho over ``n`` cases.
    n : int
        Number of cases (at least 3).
    ties : bool
        Whether either variable has tied values.

    Returns
    -------
    tuple of (float, str)
        The p value and how it was computed: ``"exact"``, ``"edgeworth"`` or ``"t"``
        (:data:`SPEARMAN_P_METHODS`).

    Notes
    -----
    With :math:`S = (n^3 - n)(1 - \rho)/6` (the sum of squared rank differences when there
    are no ties): without ties and :math:`n \le 1290`, algorithm AS 89 (Best & Roberts
    1975) -- the exact permutation distribution of S for :math:`n \le 9`, an Edgeworth
    series for larger n -- at the rounded S (plus 2 in the lower tail, as R), doubled and
    capped at 1; with ties (R then warns "Cannot compute exact p-value with ties") or
    :math:`n > 1290`, the t approximation :math:`t = \rho\sqrt{(n-2)/(1-\rho^2)}` on
    :math:`n - 2` df, which is also what SPSS prints. Likert scores nearly always have ties,
    so the t approximation is the usual case.

    References
    ----------
    Best, D. J. & Roberts, D. E. (1975). Algorithm AS 89: the upper tail probabilities of
    Spearman's rho. *Applied Statistics* 24, 377-379. R Core Team, ``cor.test`` and
    ``src/library/stats/src/prho.c``.

    Examples
    --------
    >>> p, how = spearman_p(0.8, 5, ties=False)  # R: cor.test(1:5, c(1, 3, 2, 5, 4), method = "spearman")
    >>> round(p, 6), how
    (0.133333, 'exact')
    >>> p, how = spearman_p(0.8, 5, ties=True)
    >>> round(p, 6), how  # the t approximation, R's exact = FALSE
    (0.104088, 't')
    """
    if not math.isfinite(rho) or n < 3:
        return NAN, "t"
    if ties or n > 1290:
        if abs(rho) >= 1:
            return 0.0, "t"
        return min(1.0, 2 * t_sf(abs(rho) * math.sqrt((n - 2) / (1 - rho * rho)), n - 2)), "t"
    q = (n**3 - n) * (1 - rho) / 6
    if q > (n**3 - n) / 6:
        p = _prho(n, round(q), lower_tail=False)
    else:
        p = _prho(n, round(q) + 2, lower_tail=True)
    return min(2 * p, 1.0), ("exact" if n <= 9 else "edgeworth")


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
    Spearman's rho is Pearson's r of the midranks (ties share their mean rank); its p is
    R's ``cor.test(method = "spearman")`` default (:func:`spearman_p`): AS 89 (exact for
    n <= 9, Edgeworth series up to 1290) when neither variable has ties, else the t
    approximation :math:`t = \rho\sqrt{(n-2)/(1-\rho^2)}` on n - 2 df (R with ties or
    ``exact = FALSE``, and SPSS).

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
    if np.all(xv == np.round(xv)) and np.all(yv == np.round(yv)) and _int64_sums_fit(n, xv, yv):
        # Exact in int64: every sum is below n * max|v|^2 (checked above); the products
        # in pearson_from_sums are Python integers.
        xi, yi = xv.astype(np.int64), yv.astype(np.int64)
        sxy = int(xi @ J @ yi)
        pearson = pearson_from_sums(n, fx @ xi, fy @ yi, fx @ (xi * xi), fy @ (yi * yi), sxy)
    else:
        pearson = _weighted_pearson(xv, yv, J)
    # Midranks of each distinct value, from the marginal counts.
    rx = np.cumsum(fx) - fx + (fx + 1) / 2.0
    ry = np.cumsum(fy) - fy + (fy + 1) / 2.0
    ties = bool(fx.max(initial=0) > 1 or fy.max(initial=0) > 1)
    return _correlation(x, y, n, pearson, _weighted_pearson(rx, ry, J), ties)


def _int64_sums_fit(n: int, xv: np.ndarray, yv: np.ndarray) -> bool:
    """Whether sums of n products of two of these values stay below 2**62 in int64."""
    big = max(float(np.abs(xv).max(initial=0)), float(np.abs(yv).max(initial=0)), 1.0)
    return n * big * big < 2.0**62


def _correlation(
    x: str, y: str, n: int, pearson: PearsonCorrelation, rank_r: PearsonCorrelation, ties: bool
) -> Correlation:
    """The :class:`Correlation` of Pearson's r and the Pearson r of the midranks."""
    if pearson.note and pearson.note.startswith(("x is", "y is")):  # name the variable
        pearson = replace(pearson, note=(x if pearson.note[0] == "x" else y) + pearson.note[1:])
    p, how = spearman_p(rank_r.r, n, ties=ties) if math.isfinite(rank_r.r) else (rank_r.p, "t")
    note = rank_r.note
    if how == "edgeworth" and p == 0.0:
        note = (
            "AS 89's Edgeworth series (R's default p without ties) reaches 0 for a correlation this "
            f"strong; the t approximation gives p = {rank_r.p:.3g}"
        )
    spearman = SpearmanCorrelation(n, rank_r.r, p, note, how)
    return Correlation(x, y, n, pearson, spearman)


def _weighted_pearson(xv: np.ndarray, yv: np.ndarray, J: np.ndarray) -> PearsonCorrelation:
    n = int(J.sum())
    if n < 3:
        return _pearson_from_moments(n, NAN, NAN, NAN)
    fx, fy = J.sum(axis=1), J.sum(axis=0)
    mx, my = float((fx * xv).sum() / n), float((fy * yv).sum() / n)
    dx, dy = xv - mx, yv - my
    sxx = float((fx * dx * dx).sum())
    syy = float((fy * dy * dy).sum())
    return _pearson_from_moments(n, sxx, syy, float((J * np.outer(dx, dy)).sum()))


def _pearson_from_moments(n: int, sxx: float, syy: float, sxy: float) -> PearsonCorrelation:
    """Pearson's r, t, p and Fisher-z CI from centred sums of squares and cross-products."""
    if n < 3:
        return PearsonCorrelation(n, NAN, NAN, n - 2, NAN, (NAN, NAN), f"{n} case(s): r needs at least 3")
    if sxx == 0 or syy == 0:
        return PearsonCorrelation(
            n, NAN, NAN, n - 2, NAN, (NAN, NAN), "a variable is constant, so r is undefined"
        )
    r = sxy / math.sqrt(sxx * syy)
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


@dataclass(frozen=True)
class ItemCorrelations:
    """Correlations between every pair of a set of items (an inter-item correlation
    matrix), each pair over the cases that answered both; each item's N, mean and SD over
    the cases that answered it. ``pairs`` runs (0, 1), (0, 2), ..., (1, 2), ..."""

    items: tuple[str, ...]
    n: tuple[int, ...]
    mean: tuple[float, ...]
    sd: tuple[float, ...]
    pairs: tuple[Correlation, ...]


def joint_code_counts(codes: np.ndarray, points: int) -> np.ndarray:
    r"""Joint histograms of every pair of items from their integer codes.

    Parameters
    ----------
    codes : (items, rows) array of int
        Codes 1..``points``; 0 (or anything outside 1..points) is missing.
    points : int
        Number of codes.

    Returns
    -------
    numpy.ndarray
        ``(items, items, points, points)`` int64: entry ``[i, j, a, b]`` counts the rows
        with item i = a + 1 and item j = b + 1 (so ``[i, i]`` is diagonal with item i's own
        counts). The counts add over blocks of rows, so chunks, files and partitions merge
        exactly.

    Notes
    -----
    Items are taken four at a time (three or two for scales of more than 12 points): the
    four-way table of a block (:class:`ItemBlockCounts`) has six of the pair tables as its
    two-way margins. Engines that count chunk by chunk keep the :class:`ItemBlockCounts`
    and read the pairs off once at the end.

    Examples
    --------
    >>> J = joint_code_counts(np.array([[1, 2, 2, 0], [1, 2, 1, 2]]), 2)
    >>> J[0, 1].tolist(), J[0, 0].tolist()  # item 0 by item 1; item 0's own counts
    ([[1, 0], [1, 1]], [[1, 0], [0, 2]])
    """
    return ItemBlockCounts.count(codes, points).pair_tables()


def item_correlations_from_joint_counts(
    values: Sequence[float] | np.ndarray, joint: np.ndarray, items: Sequence[str]
) -> ItemCorrelations:
    r"""Pearson and Spearman correlations of every pair of items from their joint histograms.

    Parameters
    ----------
    values : sequence of float
        The value of each code (ascending), e.g. 1..points.
    joint : (items, items, codes, codes) array of int
        :func:`joint_code_counts`: pairwise joint histograms; the diagonal blocks hold each
        item's own counts.
    items : sequence of str
        Item names.

    Returns
    -------
    ItemCorrelations
        Each pair's :class:`Correlation` (Pearson r with its t test and Fisher-z CI;
        Spearman rho with R's p, :func:`spearman_p`) over the cases answering both items.

    Notes
    -----
    Each pair is :func:`correlation_from_joint_histogram` of its block: Pearson's r from the
    exact integer sums and cross-products, Spearman's rho from the midranks of the pair's
    marginal counts (pairwise deletion, as R's ``cor.test`` on the complete pairs and
    SPSS's CORRELATIONS /MISSING=PAIRWISE). Means and SDs (n - 1) are each item's.

    References
    ----------
    Pearson, K. (1896). *Phil. Trans. R. Soc. A* 187, 253-318. Spearman, C. (1904).
    *Am. J. Psychol.* 15, 72-101. Fisher, R. A. (1921). *Metron* 1, 3-32.

    Examples
    --------
    >>> x = np.array([[1, 2, 3, 4, 5], [2, 1, 4, 3, 5], [5, 4, 0, 2, 1]])  # 0: missing
    >>> res = item_correlations_from_joint_counts([1, 2, 3, 4, 5], joint_code_counts(x, 5), "abc")
    >>> [(p.x, p.y, p.n, round(p.pearson.r, 6)) for p in res.pairs]  # R: cor(.., use = "pair")
    [('a', 'b', 5, 0.8), ('a', 'c', 4, -1.0), ('b', 'c', 4, -0.855236)]
    >>> res.n, res.mean
    ((5, 5, 4), (3.0, 3.0, 3.0))
    """
    J = np.asarray(joint, dtype=np.int64)
    v = np.asarray(values, dtype=float)
    k = len(items)
    if J.shape != (k, k, v.size, v.size):
        raise ValueError("joint must be (items, items, codes, codes)")
    ns, means, sds = [], [], []
    for i in range(k):
        f = np.diagonal(J[i, i]).astype(float)
        n = int(f.sum())
        ns.append(n)
        m = float((f * v).sum() / n) if n else NAN
        means.append(m)
        sds.append(math.sqrt(float((f * (v - m) ** 2).sum()) / (n - 1)) if n > 1 else NAN)
    most = int(J.sum(axis=(2, 3)).max(initial=0))
    if not (np.all(v == np.round(v)) and _int64_sums_fit(most, v, v)):
        pairs = tuple(
            correlation_from_joint_histogram(v, v, J[i, j], x=str(items[i]), y=str(items[j]))
            for i in range(k)
            for j in range(i + 1, k)
        )
        return ItemCorrelations(tuple(str(s) for s in items), tuple(ns), tuple(means), tuple(sds), pairs)
    # Every pair at once, as correlation_from_joint_histogram computes one: Pearson's sums in
    # exact integers, the midranks' centred moments in doubles.
    vi = v.astype(np.int64)
    fx, fy = J.sum(axis=3), J.sum(axis=2)  # (k, k, codes): the pair's margins
    n_pair = fx.sum(axis=2)
    sx, sy = fx @ vi, fy @ vi
    sxx, syy = fx @ (vi * vi), fy @ (vi * vi)
    sxy = np.einsum("ijab,a,b->ij", J, vi, vi)
    rx = np.cumsum(fx, axis=2) - fx + (fx + 1) / 2.0
    ry = np.cumsum(fy, axis=2) - fy + (fy + 1) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        dx = rx - ((fx * rx).sum(axis=2) / n_pair)[..., None]
        dy = ry - ((fy * ry).sum(axis=2) / n_pair)[..., None]
    rank_xx, rank_yy = (fx * dx * dx).sum(axis=2), (fy * dy * dy).sum(axis=2)
    rank_xy = np.einsum("ijab,ija,ijb->ij", J, dx, dy)
    ties = (fx.max(axis=2) > 1) | (fy.max(axis=2) > 1)
    pairs = tuple(
        _correlation(
            str(items[i]),
            str(items[j]),
            int(n_pair[i, j]),
            pearson_from_sums(n_pair[i, j], sx[i, j], sy[i, j], sxx[i, j], syy[i, j], sxy[i, j]),
            _pearson_from_moments(
                int(n_pair[i, j]), float(rank_xx[i, j]), float(rank_yy[i, j]), float(rank_xy[i, j])
            ),
            bool(ties[i, j]),
        )
        for i in range(k)
        for j in range(i + 1, k)
    )
    return ItemCorrelations(tuple(str(s) for s in items), tuple(ns), tuple(means), tuple(sds), pairs)


def item_correlations(
    data: Sequence[Sequence[float]] | np.ndarray, items: Sequence[str], points: int
) -> ItemCorrelations:
    """Inter-item correlations of a (rows, items) array of codes 1..``points`` (NaN or 0 =
    missing): :func:`joint_code_counts` then :func:`item_correlations_from_joint_counts`.

    >>> res = item_correlations([[1, 2], [2, 1], [3, 4], [4, 3], [5, 5]], ["a", "b"], 5)
    >>> round(res.pairs[0].pearson.r, 6), round(res.pairs[0].spearman.rho, 6)
    (0.8, 0.8)
    """
    x = np.asarray(data, dtype=float)
    codes = np.where(np.isnan(x), 0, x).astype(np.int64).T
    values = np.arange(1, points + 1, dtype=float)
    return item_correlations_from_joint_counts(values, joint_code_counts(codes, points), items)
