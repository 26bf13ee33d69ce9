"""One-way analysis of variance of a score across the levels of a grouping column.

Everything here is a function of sufficient statistics: the group N, mean and SD for the
ANOVA table, Welch's and Brown-Forsythe's tests, eta and omega squared; the per-group
histogram of the score (distinct values and their counts) for Levene's test, whose
absolute deviations depend on the score value only. Scores of Likert scales take few
values, so the histograms are small and merge exactly across chunks (see
:mod:`mcstats.stats.moments`). :func:`one_way_anova` runs the whole analysis, post hoc
tests included (:mod:`mcstats.stats.posthoc`), from data or from histograms.

Conventions: group SDs are sample SDs (n - 1); a level with a single case contributes to
the ANOVA table (no within-group df) but leaves Welch's and Brown-Forsythe's tests, the
group's SD and every post hoc test undefined (NaN, with the reason in ``notes``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.errors import DataError
from mcstats.stats.descriptives import mean_ci
from mcstats.stats.distributions import f_ppf, f_sf
from mcstats.stats.posthoc import POSTHOC_TESTS, PairwiseComparison, games_howell, scheffe, tukey_hsd
from mcstats.stats.ttest import GroupSummary

NAN = float("nan")

#: Group statistics: a sequence or a 1-D array, one entry per group.
Numbers = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class LeveneTest:
    """Levene's test of equal variances; ``center`` is ``"mean"`` (SPSS) or ``"median"``."""

    center: str
    F: float
    df1: int
    df2: int
    p: float


@dataclass(frozen=True)
class AnovaTable:
    """The classic one-way ANOVA table (between, within, total)."""

    ss_between: float
    ss_within: float
    ss_total: float
    df_between: int
    df_within: int
    df_total: int
    ms_between: float
    ms_within: float
    F: float
    p: float


@dataclass(frozen=True)
class RobustFTest:
    """An F test of equal means that does not assume equal variances (Welch, Brown-Forsythe)."""

    F: float
    df1: float
    df2: float
    p: float


@dataclass(frozen=True)
class OneWayAnova:
    """Everything SPSS's ONEWAY prints, plus effect sizes with a CI and a decision."""

    groups: tuple[GroupSummary, ...]
    n: int
    levene_mean: LeveneTest
    levene_median: LeveneTest
    table: AnovaTable
    welch: RobustFTest
    brown_forsythe: RobustFTest
    eta_squared: float
    omega_squared: float
    eta_squared_ci95: tuple[float, float]
    tukey: tuple[PairwiseComparison, ...] | None
    games_howell: tuple[PairwiseComparison, ...] | None
    scheffe: tuple[PairwiseComparison, ...] | None
    alpha: float
    decision: str
    notes: tuple[str, ...] = ()
    #: The critical F at ``alpha`` on (df between, df within): the papers' "F-crit".
    F_critical: float = math.nan


def _arrays(n: Numbers, mean: Numbers, sd: Numbers) -> tuple[np.ndarray, ...]:
    nn = np.asarray(n, dtype=float)
    mm = np.asarray(mean, dtype=float)
    ss = np.asarray(sd, dtype=float)
    if not (nn.size == mm.size == ss.size) or nn.size < 2:
        raise DataError(f"a one-way ANOVA needs at least two groups (got {nn.size})")
    if (nn < 1).any():
        raise DataError("every group of a one-way ANOVA needs at least one case")
    return nn, mm, ss


def anova_table(n: Numbers, mean: Numbers, sd: Numbers) -> AnovaTable:
    r"""The one-way ANOVA table from the group N, mean and SD.

    Parameters
    ----------
    n, mean, sd : sequences of equal length
        Per group: cases, mean and sample SD (n - 1); the SD of a one-case group is
        ignored (NaN is fine).

    Returns
    -------
    AnovaTable
        Sums of squares, df, mean squares, F and its upper-tail p.

    Notes
    -----
    .. math::

        SS_B = \sum_i n_i(\bar x_i - \bar x)^2,\quad SS_W = \sum_i (n_i - 1)s_i^2,\quad
        F = \frac{SS_B/(g-1)}{SS_W/(N-g)}

    F is NaN when there is no within-group variance (every group constant).

    References
    ----------
    Fisher, R. A. (1925). *Statistical Methods for Research Workers*, ch. VII.

    Examples
    --------
    >>> t = anova_table([3, 3], [2.0, 4.0], [1.0, 1.0])  # (1, 2, 3) and (3, 4, 5)
    >>> t.ss_between, t.ss_within, t.F
    (6.0, 4.0, 6.0)
    """
    nn, mm, ss = _arrays(n, mean, sd)
    N, g = float(nn.sum()), nn.size
    grand = float((nn * mm).sum() / N)
    ssb = float((nn * (mm - grand) ** 2).sum())
    ssw = float(np.where(nn > 1, (nn - 1) * np.nan_to_num(ss) ** 2, 0.0).sum())
    dfb, dfw = g - 1, int(N) - g
    msb = ssb / dfb
    msw = ssw / dfw if dfw > 0 else NAN
    if msw > 0:
        F = msb / msw
        p = f_sf(F, dfb, dfw)
    else:
        F, p = NAN, NAN
    return AnovaTable(ssb, ssw, ssb + ssw, dfb, dfw, int(N) - 1, msb, msw, F, p)


def defined_anova_table(n: Numbers, mean: Numbers, sd: Numbers) -> AnovaTable:
    """:func:`anova_table`, or a :class:`~mcstats.errors.DataError` saying why F is undefined
    (no within-group df; no variance within any group).

    >>> defined_anova_table([2, 2], [1.0, 2.0], [1.0, 1.0]).F  # SS_B = 1, MS_W = (1 + 1) / 2
    1.0
    >>> try:
    ...     defined_anova_table([2, 2], [1.0, 2.0], [0.0, 0.0])
    ... except DataError as exc:
    ...     print(exc.message[:34])
    the score has no variance within a
    """
    N, g = int(np.sum(n)), len(n)
    if N - g < 1:
        raise DataError(
            f"{N} case(s) in {g} groups leave no within-group df; a one-way ANOVA "
            "needs more cases than groups"
        )
    table = anova_table(n, mean, sd)
    if not math.isfinite(table.F):
        raise DataError(
            "the score has no variance within any group (every respondent in a group gave the "
            "same score), so F is undefined"
        )
    return table


def welch_anova(n: Numbers, mean: Numbers, sd: Numbers) -> RobustFTest:
    r"""Welch's heteroscedastic one-way ANOVA (R's ``oneway.test(var.equal = FALSE)``).

    Notes
    -----
    With weights :math:`w_i = n_i/s_i^2`, :math:`W = \sum w_i`,
    :math:`\tilde x = \sum w_i\bar x_i/W` and :math:`\Lambda = \sum (1 - w_i/W)^2/(n_i-1)`:

    .. math::

        F = \frac{\sum w_i(\bar x_i-\tilde x)^2/(g-1)}{1 + \frac{2(g-2)}{g^2-1}\Lambda},\quad
        df_1 = g - 1,\quad df_2 = \frac{g^2-1}{3\Lambda}

    Undefined (NaN) when a group has fewer than two cases or no variance.

    References
    ----------
    Welch, B. L. (1951). On the comparison of several mean values: an alternative approach.
    *Biometrika* 38, 330-336.

    Examples
    --------
    >>> w = welch_anova([3, 3], [2.0, 4.0], [1.0, 1.0])  # equals Welch's t squared
    >>> round(w.F, 10), round(w.df2, 10)
    (6.0, 4.0)
    """
    nn, mm, ss = _arrays(n, mean, sd)
    g = nn.size
    if (nn < 2).any() or not (ss > 0).all():
        return RobustFTest(NAN, float(g - 1), NAN, NAN)
    w = nn / ss**2
    W = float(w.sum())
    mw = float((w * mm).sum() / W)
    lam = float(((1 - w / W) ** 2 / (nn - 1)).sum())
    F = float((w * (mm - mw) ** 2).sum() / (g - 1)) / (1 + 2 * (g - 2) * lam / (g * g - 1))
    df2 = (g * g - 1) / (3 * lam)
    return RobustFTest(F, float(g - 1), df2, f_sf(F, g - 1, df2))


def brown_forsythe_anova(n: Numbers, mean: Numbers, sd: Numbers) -> RobustFTest:
    r"""Brown and Forsythe's F* test of equal means under unequal variances.

    (Not to be confused with the median-centred Levene test, also named after them.)

    Notes
    -----
    .. math::

        F^* = \frac{\sum n_i(\bar x_i - \bar x)^2}{\sum (1 - n_i/N)s_i^2},\quad
        df_2 = \Big(\sum \frac{c_i^2}{n_i - 1}\Big)^{-1},\quad
        c_i = \frac{(1 - n_i/N)s_i^2}{\sum_j (1 - n_j/N)s_j^2}

    with :math:`df_1 = g - 1` (Satterthwaite's df for the denominator). SPSS prints it
    with Welch's test under ONEWAY /STATISTICS=BROWNFORSYTHE.

    References
    ----------
    Brown, M. B. & Forsythe, A. B. (1974). The small sample behavior of some statistics
    which test the equality of several means. *Technometrics* 16, 129-132.

    Examples
    --------
    >>> bf = brown_forsythe_anova([3, 3], [2.0, 4.0], [1.0, 1.0])
    >>> round(bf.F, 10), round(bf.df2, 10)  # two groups: Welch's t squared and df
    (6.0, 4.0)
    """
    nn, mm, ss = _arrays(n, mean, sd)
    g = nn.size
    if (nn < 2).any() or not (ss > 0).all():
        return RobustFTest(NAN, float(g - 1), NAN, NAN)
    N = float(nn.sum())
    grand = float((nn * mm).sum() / N)
    a = (1 - nn / N) * ss**2
    F = float((nn * (mm - grand) ** 2).sum() / a.sum())
    c = a / a.sum()
    df2 = float(1.0 / (c**2 / (nn - 1)).sum())
    return RobustFTest(F, float(g - 1), df2, f_sf(F, g - 1, df2))


def histogram_median(values: np.ndarray, counts: np.ndarray) -> float:
    """Median of data given as sorted distinct values with counts (mean of the two middle
    values for an even count, as R's ``median``).

    >>> histogram_median(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1, 1, 0, 2]))  # 1 2 4 4
    3.0
    """
    n = int(counts.sum())
    cum = np.cumsum(counts)
    lo = values[int(np.searchsorted(cum, (n + 1) // 2))]
    hi = values[int(np.searchsorted(cum, n // 2 + 1))]
    return float((lo + hi) / 2)


def levene_from_histograms(values: np.ndarray, counts: np.ndarray, center: str = "mean") -> LeveneTest:
    r"""Levene's test from per-group histograms of a score, centred on the mean or median.

    Parameters
    ----------
    values : (v,) array
        The distinct score values, ascending.
    counts : (g, v) array
        Count of each value in each group.
    center : {"mean", "median"}
        ``"mean"``: Levene (1960), as SPSS prints it; ``"median"``: the Brown-Forsythe
        variant, R's ``car::leveneTest`` default.

    Notes
    -----
    With :math:`z_{ij} = |x_{ij} - c_i|` (:math:`c_i` the group mean or median), F is the
    one-way ANOVA F of z; z depends only on the score value, so the histograms suffice.

    References
    ----------
    Levene, H. (1960). In *Contributions to Probability and Statistics*, 278-292.
    Brown, M. B. & Forsythe, A. B. (1974). Robust tests for the equality of variances.
    *JASA* 69, 364-367.

    Examples
    --------
    >>> v = np.array([1.0, 2.0, 3.0, 4.0])
    >>> res = levene_from_histograms(v, np.array([[1, 1, 1, 1], [0, 2, 2, 0]]))
    >>> res.df1, res.df2, round(res.F, 6)
    (1, 6, 3.0)
    """
    if center not in ("mean", "median"):
        raise ValueError(f"center must be 'mean' or 'median', got {center!r}")
    counts = np.asarray(counts)
    ns, zbar, zs = [], [], []
    for h in counts:
        n = int(h.sum())
        c = float((values * h).sum() / n) if center == "mean" else histogram_median(values, h)
        z = np.abs(values - c)
        ns.append(n)
        zs.append(z)
        zbar.append(float((z * h).sum() / n))
    nn = np.array(ns, dtype=float)
    N, G = int(nn.sum()), len(ns)
    grand = float((nn * np.array(zbar)).sum() / N)
    between = float((nn * (np.array(zbar) - grand) ** 2).sum()) / (G - 1)
    ssw = sum(float((h * (z - zb) ** 2).sum()) for h, z, zb in zip(counts, zs, zbar, strict=True))
    within = ssw / (N - G) if N > G else NAN
    if not within > 0:
        return LeveneTest(center, NAN, G - 1, N - G, NAN)
    F = between / within
    return LeveneTest(center, F, G - 1, N - G, f_sf(F, G - 1, N - G))


def eta_squared_ci(F: float, df1: int, df2: int, n: int, level: float = 0.95) -> tuple[float, float]:
    r"""Confidence interval of the population eta squared (= omega squared) of a one-way
    ANOVA, by inverting the noncentral F distribution.

    Notes
    -----
    The bounds of the noncentrality :math:`\lambda` solve
    :math:`P(F' \le F_{obs} \mid \lambda) = 1 - (1-\text{level})/2` (lower) and
    :math:`(1-\text{level})/2` (upper), a bound is 0 when even :math:`\lambda = 0` is
    below it; the interval is :math:`\lambda/(\lambda + N)` at both (Steiger 2004,
    the population proportion of variance that eta squared and omega squared estimate).
    This is the two-sided 95% interval; ``effectsize`` in R defaults to a one-sided 90%
    interval with a different conversion, so its numbers differ.

    References
    ----------
    Steiger, J. H. (2004). Beyond the F test: effect size confidence intervals and tests of
    close fit in the analysis of variance and contrast analysis. *Psychological Methods*
    9, 164-182.

    Examples
    --------
    >>> lo, hi = eta_squared_ci(4.5308920658807805, 3, 14, 18)
    >>> round(lo, 4), round(hi, 4)
    (0.0115, 0.6534)
    """
    if not (math.isfinite(F) and df1 > 0 and df2 > 0):
        return NAN, NAN
    from mcstats.stats._special import special

    def cdf(lam: float) -> float:
        return float(special.ncfdtr(df1, df2, lam, F)) if lam > 0 else float(special.fdtr(df1, df2, F))

    def bound(q: float) -> float:
        # P(F' <= F | lambda) falls as lambda grows: bracket, then bisect to double precision
        # (scipy.optimize is not imported for this; it costs more start-up than the search).
        if cdf(0.0) < q:
            return 0.0
        lo, hi = 0.0, max(10.0, F * df1 * 4)
        while cdf(hi) > q:
            lo, hi = hi, hi * 2
        for _ in range(200):
            mid = (lo + hi) / 2
            if cdf(mid) > q:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 1e-14 * max(1.0, hi):
                break
        return (lo + hi) / 2

    tail = (1 - level) / 2
    lam_lo, lam_hi = bound(1 - tail), bound(tail)
    return lam_lo / (lam_lo + n), lam_hi / (lam_hi + n)


def _summaries(values: np.ndarray, counts: np.ndarray, levels: Sequence[str]) -> tuple[GroupSummary, ...]:
    out = []
    for lv, h in zip(levels, counts, strict=True):
        n = int(h.sum())
        mean = float((values * h).sum() / n)
        sd = math.sqrt(float((h * (values - mean) ** 2).sum()) / (n - 1)) if n > 1 else NAN
        se = sd / math.sqrt(n)
        out.append(GroupSummary(str(lv), n, mean, sd, se, mean_ci(mean, sd, n) if n > 1 else (NAN, NAN)))
    return tuple(out)


def one_way_anova_from_histograms(
    values: np.ndarray,
    counts: np.ndarray,
    levels: Sequence[str],
    *,
    alpha: float = 0.05,
    posthoc: Sequence[str] = POSTHOC_TESTS,
) -> OneWayAnova:
    r"""The whole one-way ANOVA from per-group histograms of a score.

    Parameters
    ----------
    values : (v,) array
        Distinct score values, ascending (e.g. the possible sum scores of a scale).
    counts : (g, v) array of int
        Count of each value in each level; a level with no case is an error.
    levels : sequence of str
        Names of the levels, in the order of ``counts``.
    alpha : float
        Significance level of the decision and the post hoc intervals (1 - alpha).
    posthoc : sequence of str
        Any of ``"tukey"``, ``"games-howell"``, ``"scheffe"``.

    Returns
    -------
    OneWayAnova
        Group summaries (N, mean, SD, SE, 95% CI), Levene's test (mean- and
        median-centred), the ANOVA table, Welch's and Brown-Forsythe's F, eta squared
        (:math:`SS_B/SS_T`), omega squared (:math:`(SS_B - (g-1)MS_W)/(SS_T + MS_W)`,
        Hays 1963), the CI of :func:`eta_squared_ci`, the post hoc comparisons, and the
        decision on equal means (from the classic F).

    Examples
    --------
    >>> v = np.arange(1.0, 6.0)
    >>> res = one_way_anova_from_histograms(
    ...     v, np.array([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]]), ["a", "b", "c"])
    >>> res.table.F, res.table.df_between, res.table.df_within
    (3.0, 2, 6)
    """
    counts = np.asarray(counts, dtype=np.int64)
    values = np.asarray(values, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != len(levels) or counts.shape[1] != values.size:
        raise ValueError("counts must have one row per level and one column per value")
    if len(levels) < 2:
        raise DataError(f"a one-way ANOVA compares two or more groups (got {len(levels)})")
    empty = [str(lv) for lv, h in zip(levels, counts, strict=True) if h.sum() == 0]
    if empty:
        raise DataError(f"level(s) {', '.join(map(repr, empty))} have no case with a score")
    unknown = set(posthoc) - set(POSTHOC_TESTS)
    if unknown:
        raise ValueError(f"unknown post hoc test(s): {', '.join(sorted(unknown))}")
    groups = _summaries(values, counts, levels)
    n = np.array([g.n for g in groups])
    mean = np.array([g.mean for g in groups])
    sd = np.array([g.sd for g in groups])
    N = int(n.sum())
    notes: list[str] = []
    table = defined_anova_table(n, mean, sd)
    small = [g.level for g in groups if g.n < 2]
    if small:
        notes.append(
            f"level(s) {', '.join(map(repr, small))} have a single case: no SD, so Welch's and "
            "Brown-Forsythe's tests and the post hoc tests are not computed"
        )
    constant = [g.level for g in groups if g.n >= 2 and g.sd == 0]
    if constant:
        notes.append(
            f"level(s) {', '.join(map(repr, constant))} have no variance: Welch's and "
            "Brown-Forsythe's tests and Games-Howell are not computed"
        )
    eta2 = table.ss_between / table.ss_total
    omega2 = (table.ss_between - table.df_between * table.ms_within) / (table.ss_total + table.ms_within)
    tk = gh = sc = None
    if not small:
        lv = [g.level for g in groups]
        if "tukey" in posthoc:
            tk = tukey_hsd(n, mean, sd, lv, alpha=alpha)
        if "games-howell" in posthoc and not constant:
            gh = games_howell(n, mean, sd, lv, alpha=alpha)
            if any(c.note for c in gh):
                notes.append(
                    "Games-Howell is not defined for pairs with fewer than 2 Welch df (as in R's "
                    "ptukey and PSPP); those pairs have no p or CI"
                )
        if "scheffe" in posthoc:
            sc = scheffe(n, mean, sd, lv, alpha=alpha)
    return OneWayAnova(
        groups=groups,
        n=N,
        levene_mean=levene_from_histograms(values, counts, "mean"),
        levene_median=levene_from_histograms(values, counts, "median"),
        table=table,
        welch=welch_anova(n, mean, sd),
        brown_forsythe=brown_forsythe_anova(n, mean, sd),
        eta_squared=eta2,
        omega_squared=omega2,
        eta_squared_ci95=eta_squared_ci(table.F, table.df_between, table.df_within, N),
        tukey=tk,
        games_howell=gh,
        scheffe=sc,
        alpha=alpha,
        decision=anova_decision(table, alpha),
        notes=tuple(notes),
        F_critical=f_ppf(1 - alpha, table.df_between, table.df_within),
    )


def one_way_anova(
    *samples: Sequence[float] | np.ndarray,
    levels: Sequence[str] | None = None,
    alpha: float = 0.05,
    posthoc: Sequence[str] = POSTHOC_TESTS,
) -> OneWayAnova:
    """One-way ANOVA of two or more samples (no missing values); see
    :func:`one_way_anova_from_histograms` for what is computed.

    Examples
    --------
    >>> res = one_way_anova([1, 2, 3], [3, 4, 5], [2, 3, 4], levels=["a", "b", "c"])
    >>> res.table.F, round(res.eta_squared, 4)
    (3.0, 0.5)
    """
    arrays = [np.asarray(s, dtype=float) for s in samples]
    names = [str(i + 1) for i in range(len(arrays))] if levels is None else list(levels)
    if len(names) != len(arrays):
        raise ValueError("one level name per sample")
    values, inverse = np.unique(np.concatenate(arrays), return_inverse=True)
    counts = np.zeros((len(arrays), values.size), dtype=np.int64)
    start = 0
    for i, a in enumerate(arrays):
        np.add.at(counts[i], inverse[start : start + a.size], 1)
        start += a.size
    return one_way_anova_from_histograms(values, counts, names, alpha=alpha, posthoc=posthoc)


def anova_decision(table: AnovaTable, alpha: float) -> str:
    """The plain-language decision on the null hypothesis of equal means."""
    head = f"F({table.df_between}, {table.df_within}) = {table.F:.2f}, p = {table.p:.3g}"
    if table.p < alpha:
        return f"Significant: {head} < {alpha:g}; the null hypothesis of equal means is rejected."
    return f"Not significant: {head} >= {alpha:g}; the null hypothesis of equal means is not rejected."
