"""Rank tests of a score across groups: Mann-Whitney U, Kruskal-Wallis H and Dunn's test.

All three need only the per-group histograms of the score (the count of each distinct
value in each group): tied values share the mean of the ranks they occupy (midranks), so
a group's rank sum is the histogram-weighted sum of the midranks, and the tie correction
uses the total count of each value. Scores of Likert scales take few values, so these
histograms are small and merge exactly across chunks.

Conventions follow R: ``wilcox.test`` (U of the first level, exact p when both groups
have fewer than 50 cases and there are no ties, otherwise the normal approximation with
continuity correction), ``kruskal.test`` (tie-corrected H, chi-square p). SPSS's
"Asymp. Sig." of Mann-Whitney (no continuity correction) is ``p_asymptotic``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.errors import DataError
from mcstats.stats._special import special
from mcstats.stats.posthoc import p_adjust


@dataclass(frozen=True)
class RankGroup:
    """N, mean rank and rank sum of one level."""

    level: str
    n: int
    mean_rank: float
    rank_sum: float


@dataclass(frozen=True)
class MannWhitneyResult:
    """Mann-Whitney U test of two levels (Wilcoxon rank-sum test).

    ``U`` is the first level's U; ``p`` follows R's rule and ``p_method`` says which
    (``"exact"`` or ``"normal approximation with continuity correction"``);
    ``p_asymptotic`` is the uncorrected normal p that SPSS prints with ``z``.
    """

    groups: tuple[RankGroup, RankGroup]
    U: float
    W: float
    z: float
    p: float
    p_method: str
    p_asymptotic: float
    rank_biserial: float
    ties: bool


@dataclass(frozen=True)
class DunnComparison:
    """Dunn's z for one pair of levels (i minus j), its two-sided p and Holm's p."""

    level_i: str
    level_j: str
    z: float
    p: float
    p_holm: float


@dataclass(frozen=True)
class KruskalWallisResult:
    """Kruskal-Wallis H test with epsilon squared and Dunn's pairwise tests."""

    groups: tuple[RankGroup, ...]
    H: float
    df: int
    p: float
    epsilon_squared: float
    dunn: tuple[DunnComparison, ...]
    ties: bool


def midranks(totals: np.ndarray) -> np.ndarray:
    """The midrank of each distinct value given its total count over all groups.

    >>> midranks(np.array([2, 0, 3, 1])).tolist()  # values 1 1 3 3 3 4: ranks 1.5, 4, 6
    [1.5, 2.5, 4.0, 6.0]
    """
    totals = np.asarray(totals, dtype=np.int64)
    below = np.cumsum(totals) - totals
    return below + (totals + 1) / 2.0


def _rank_groups(counts: np.ndarray, levels: Sequence[str]) -> tuple[tuple[RankGroup, ...], int, float]:
    counts = np.asarray(counts, dtype=np.int64)
    if counts.ndim != 2 or counts.shape[0] != len(levels):
        raise ValueError("counts must have one row per level")
    totals = counts.sum(axis=0)
    r = midranks(totals)
    N = int(totals.sum())
    groups = []
    for lv, h in zip(levels, counts, strict=True):
        n = int(h.sum())
        if n == 0:
            raise DataError(f"level {str(lv)!r} has no case with a score")
        s = float((h * r).sum())
        groups.append(RankGroup(str(lv), n, s / n, s))
    ties = float((totals.astype(float) ** 3 - totals).sum())
    return tuple(groups), N, ties


def _u_distribution(m: int, n: int) -> list[int]:
    """Number of arrangements giving each U = 0..m*n (Mann & Whitney 1947), exact integers:
    the coefficients of the Gaussian binomial [m+n choose m]_q."""
    poly = [1]
    for i in range(1, m + 1):
        # multiply by (1 - q^(n+i)), then divide by (1 - q^i)
        grown = poly + [0] * (n + i)
        for k in range(len(grown) - 1, n + i - 1, -1):
            grown[k] -= grown[k - n - i]
        for k in range(i, len(grown)):
            grown[k] += grown[k - i]
        poly = grown[: m * n + 1] if len(grown) > m * n + 1 else grown
    return poly[: m * n + 1]


def mann_whitney_from_histograms(counts: np.ndarray, levels: Sequence[str]) -> MannWhitneyResult:
    r"""Mann-Whitney U test from the two levels' histograms over common ordered values.

    Parameters
    ----------
    counts : (2, v) array of int
        Count of each distinct score value (ascending) in each level.
    levels : pair of str
        Names of the two levels; U, z and the rank-biserial r are those of the first.

    Notes
    -----
    :math:`U_1 = R_1 - n_1(n_1+1)/2` with :math:`R_1` the first level's rank sum (midranks),
    :math:`\sigma^2 = \frac{n_1 n_2}{12}\big((N+1) - \frac{\sum(t^3-t)}{N(N-1)}\big)`,
    :math:`z = (U_1 - n_1n_2/2)/\sigma`. ``p`` is R's ``wilcox.test`` default: exact
    (the distribution of U counted by Mann and Whitney's recursion) when both groups have
    fewer than 50 cases and no value is tied, otherwise
    :math:`2\,\Phi(-(|U_1 - n_1n_2/2| - 0.5)/\sigma)`. The rank-biserial correlation is
    :math:`r = 2U_1/(n_1n_2) - 1` (positive when the first level ranks higher).

    References
    ----------
    Mann, H. B. & Whitney, D. R. (1947). *Ann. Math. Statist.* 18, 50-60. Kerby, D. S.
    (2014). The simple difference formula. *Comprehensive Psychology* 3.

    Examples
    --------
    >>> res = mann_whitney_from_histograms(np.array([[1, 1, 1, 0], [0, 0, 1, 2]]), ["a", "b"])
    >>> res.U, res.W, res.p_method, round(res.p, 6)  # R: wilcox.test(c(1,2,3), c(3,4,4))
    (0.5, 6.5, 'normal approximation with continuity correction', 0.115688)
    >>> res = mann_whitney_from_histograms(histograms_of_samples([1.5, 7, 3.2], [2, 9, 10, 11]), "ab")
    >>> res.U, res.p_method, round(res.p, 12)  # R: 0.228571428571429
    (2.0, 'exact', 0.228571428571)
    """
    if len(levels) != 2:
        raise ValueError("Mann-Whitney compares exactly two levels")
    groups, N, ties = _rank_groups(counts, levels)
    g1, g2 = groups
    n1, n2 = g1.n, g2.n
    U = g1.rank_sum - n1 * (n1 + 1) / 2
    var = n1 * n2 / 12 * ((N + 1) - ties / (N * (N - 1)))
    sigma = math.sqrt(var) if var > 0 else math.nan
    d = U - n1 * n2 / 2
    z = d / sigma
    p_asym = float(2 * special.ndtr(-abs(z)))
    tied = ties > 0
    if n1 < 50 and n2 < 50 and not tied:
        dist = _u_distribution(n1, n2)
        total = sum(dist)
        u = round(U)
        # P(U >= u) above the centre, P(U <= u) below it
        tail = total - sum(dist[:u]) if u > n1 * n2 / 2 else sum(dist[: u + 1])
        p = min(1.0, 2 * tail / total)
        method = "exact"
    else:
        zc = (d - 0.5 * np.sign(d)) / sigma
        p = float(2 * min(special.ndtr(zc), special.ndtr(-zc)))
        method = "normal approximation with continuity correction"
    return MannWhitneyResult(
        groups=(g1, g2),
        U=float(U),
        W=g1.rank_sum,
        z=float(z),
        p=float(p),
        p_method=method,
        p_asymptotic=p_asym,
        rank_biserial=2 * U / (n1 * n2) - 1,
        ties=tied,
    )


def kruskal_wallis_from_histograms(counts: np.ndarray, levels: Sequence[str]) -> KruskalWallisResult:
    r"""Kruskal-Wallis H test and Dunn's pairwise tests from per-level histograms.

    Parameters
    ----------
    counts : (g, v) array of int
        Count of each distinct score value (ascending) in each level.
    levels : sequence of str
        Names of the levels.

    Notes
    -----
    .. math::

        H = \frac{\frac{12}{N(N+1)}\sum_i R_i^2/n_i - 3(N+1)}{1 - \sum(t^3-t)/(N^3-N)},
        \quad df = g - 1,\quad \varepsilon^2 = H\,\frac{N+1}{N^2-1}

    Dunn's :math:`z_{ij} = (\bar R_i - \bar R_j)/\sqrt{\big(\frac{N(N+1)}{12} -
    \frac{\sum(t^3-t)}{12(N-1)}\big)(1/n_i + 1/n_j)}`, two-sided normal p, Holm-adjusted
    over all pairs.

    References
    ----------
    Kruskal, W. H. & Wallis, W. A. (1952). *JASA* 47, 583-621. Dunn, O. J. (1964).
    Multiple comparisons using rank sums. *Technometrics* 6, 241-252. Tomczak, M. &
    Tomczak, E. (2014). *Trends in Sport Sciences* 21, 19-25 (epsilon squared).

    Examples
    --------
    >>> res = kruskal_wallis_from_histograms(np.array([[2, 1, 0], [0, 1, 2], [1, 1, 1]]), "abc")
    >>> round(res.H, 6), res.df, [g.mean_rank for g in res.groups]  # R: kruskal.test, 3.555556
    (3.555556, 2, [3.0, 7.0, 5.0])
    """
    if len(levels) < 2:
        raise DataError(f"a Kruskal-Wallis test compares two or more groups (got {len(levels)})")
    groups, N, ties = _rank_groups(counts, levels)
    denom = 1 - ties / (N**3 - N)
    if denom <= 0:
        raise DataError("every case has the same score, so the rank tests are undefined")
    stat = sum(g.rank_sum**2 / g.n for g in groups)
    H = (12 * stat / (N * (N + 1)) - 3 * (N + 1)) / denom
    df = len(groups) - 1
    p = float(special.chdtrc(df, H))
    s2 = N * (N + 1) / 12 - ties / (12 * (N - 1))
    pairs = [(i, j) for i in range(len(groups)) for j in range(i + 1, len(groups))]
    zs, ps = [], []
    for i, j in pairs:
        gi, gj = groups[i], groups[j]
        z = (gi.mean_rank - gj.mean_rank) / math.sqrt(s2 * (1 / gi.n + 1 / gj.n))
        zs.append(z)
        ps.append(float(2 * special.ndtr(-abs(z))))
    holm = p_adjust(ps, "holm")
    dunn = tuple(
        DunnComparison(groups[i].level, groups[j].level, z, pr, float(h))
        for (i, j), z, pr, h in zip(pairs, zs, ps, holm, strict=True)
    )
    return KruskalWallisResult(
        groups=groups,
        H=float(H),
        df=df,
        p=p,
        epsilon_squared=float(H * (N + 1) / (N**2 - 1)),
        dunn=dunn,
        ties=ties > 0,
    )


def histograms_of_samples(*samples: Sequence[float] | np.ndarray) -> np.ndarray:
    """(g, v) counts of each distinct value (ascending) per sample.

    >>> histograms_of_samples([1, 3, 3], [2, 3]).tolist()
    [[1, 0, 2], [0, 1, 1]]
    """
    arrays = [np.asarray(s, dtype=float) for s in samples]
    values, inverse = np.unique(np.concatenate(arrays), return_inverse=True)
    counts = np.zeros((len(arrays), values.size), dtype=np.int64)
    start = 0
    for i, a in enumerate(arrays):
        np.add.at(counts[i], inverse[start : start + a.size], 1)
        start += a.size
    return counts
