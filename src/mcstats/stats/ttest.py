"""Independent-samples t-tests: Student (pooled variance) and Welch, Levene's test
centred on the mean (as SPSS prints it), effect sizes, and the same from summaries.

Conventions: two-sided p; the difference is the first level minus the second; SDs are
sample SDs (n - 1); the confidence level and the critical t use ``alpha`` (default .05).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.errors import DataError
from mcstats.stats.descriptives import mean_ci
from mcstats.stats.distributions import f_sf, t_ppf, t_sf


@dataclass(frozen=True)
class GroupSummary:
    """N, mean, SD (n - 1) and standard error of one group."""

    level: str
    n: int
    mean: float
    sd: float
    se: float
    ci95: tuple[float, float] = (float("nan"), float("nan"))


@dataclass(frozen=True)
class TTestRow:
    """One t-test (Student or Welch): t, df, two-sided p, difference, its SE and CI."""

    t: float
    df: float
    p: float
    mean_difference: float
    se_difference: float
    ci95: tuple[float, float]
    t_critical: float


@dataclass(frozen=True)
class LeveneResult:
    """Levene's test for equality of variances, centred on the group means."""

    F: float
    df1: int
    df2: int
    p: float


@dataclass(frozen=True)
class TTestResult:
    """Everything SPSS's Independent Samples Test prints, plus effect sizes."""

    groups: tuple[GroupSummary, GroupSummary]
    levene: LeveneResult | None
    student: TTestRow
    welch: TTestRow
    cohen_d: float
    hedges_g: float
    alpha: float
    decision: str


def student_ttest_from_summary(
    n1: int, mean1: float, sd1: float, n2: int, mean2: float, sd2: float, alpha: float = 0.05
) -> TTestRow:
    r"""Student's pooled-variance t-test from group N, mean and SD.

    Notes
    -----
    .. math::

        s_p^2 = \frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{n_1+n_2-2},\quad
        SE = s_p\sqrt{1/n_1 + 1/n_2},\quad t = (\bar x_1-\bar x_2)/SE,\quad df = n_1+n_2-2.

    Examples
    --------
    >>> row = student_ttest_from_summary(10, 5.0, 1.0, 10, 4.0, 1.0)
    >>> round(row.t, 6), row.df
    (2.236068, 18.0)
    """
    _check_summary(n1, sd1, n2, sd2)
    df = float(n1 + n2 - 2)
    pooled_var = ((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / df
    se = math.sqrt(pooled_var * (1.0 / n1 + 1.0 / n2))
    return _row(mean1 - mean2, se, df, alpha)


def welch_ttest_from_summary(
    n1: int, mean1: float, sd1: float, n2: int, mean2: float, sd2: float, alpha: float = 0.05
) -> TTestRow:
    r"""Welch's unequal-variance t-test from group N, mean and SD.

    Notes
    -----
    .. math::

        SE = \sqrt{s_1^2/n_1 + s_2^2/n_2},\quad
        df = \frac{(s_1^2/n_1 + s_2^2/n_2)^2}{\frac{(s_1^2/n_1)^2}{n_1-1} + \frac{(s_2^2/n_2)^2}{n_2-1}}

    (Welch 1947; Satterthwaite 1946.)

    Examples
    --------
    >>> row = welch_ttest_from_summary(10, 5.0, 1.0, 10, 4.0, 1.0)
    >>> round(row.df, 6)
    18.0
    """
    _check_summary(n1, sd1, n2, sd2)
    v1, v2 = sd1**2 / n1, sd2**2 / n2
    se = math.sqrt(v1 + v2)
    denom = v1**2 / (n1 - 1) + v2**2 / (n2 - 1)
    df = (v1 + v2) ** 2 / denom if denom > 0 else float("nan")
    return _row(mean1 - mean2, se, df, alpha)


def _check_summary(n1: int, sd1: float, n2: int, sd2: float) -> None:
    if n1 < 2 or n2 < 2:
        raise ValueError(f"each group needs at least two cases (got {n1} and {n2})")
    if sd1 < 0 or sd2 < 0:
        raise ValueError("standard deviations cannot be negative")


def _row(diff: float, se: float, df: float, alpha: float) -> TTestRow:
    if se > 0 and math.isfinite(df):
        t = diff / se
        p = 2.0 * t_sf(abs(t), df)
    else:
        t, p = float("nan"), float("nan")
    tcrit = t_ppf(1.0 - alpha / 2.0, df) if math.isfinite(df) else float("nan")
    return TTestRow(
        t=float(t),
        df=float(df),
        p=p,
        mean_difference=float(diff),
        se_difference=float(se),
        ci95=(float(diff - tcrit * se), float(diff + tcrit * se)),
        t_critical=tcrit,
    )


def levene_test(*samples: Sequence[float] | np.ndarray) -> LeveneResult:
    r"""Levene's test of equal variances, centred on the group means (as SPSS prints it).

    Notes
    -----
    With :math:`z_{ij} = |x_{ij} - \bar x_i|`, F is the one-way ANOVA F of the
    :math:`z_{ij}` on the groups: df1 = g - 1, df2 = N - g (Levene 1960). R's
    ``car::leveneTest(center = mean)`` and SPSS give the same; R's default centre is the
    median (Brown-Forsythe), which SPSS does not use.

    Examples
    --------
    >>> res = levene_test([1, 2, 3, 4], [2, 2, 3, 3])
    >>> res.df1, res.df2
    (1, 6)
    """
    arrays = [np.asarray(s, dtype=float) for s in samples]
    z = [np.abs(a - a.mean()) for a in arrays]
    n_total = sum(len(a) for a in arrays)
    g = len(arrays)
    grand = np.concatenate(z).mean()
    between = sum(len(zi) * (zi.mean() - grand) ** 2 for zi in z) / (g - 1)
    within = sum(((zi - zi.mean()) ** 2).sum() for zi in z) / (n_total - g)
    if within > 0:
        F = float(between / within)
        p = f_sf(F, g - 1, n_total - g)
    else:
        F, p = float("nan"), float("nan")
    return LeveneResult(F=F, df1=g - 1, df2=n_total - g, p=p)


def summarise_group(level: str, values: np.ndarray) -> GroupSummary:
    n = int(values.size)
    mean = float(values.mean())
    sd = float(values.std(ddof=1)) if n > 1 else float("nan")
    return GroupSummary(level=level, n=n, mean=mean, sd=sd, se=sd / math.sqrt(n), ci95=mean_ci(mean, sd, n))


def independent_ttest(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    levels: tuple[str, str] = ("1", "2"),
    alpha: float = 0.05,
) -> TTestResult:
    r"""Independent-samples t-test of two groups, as SPSS's T-TEST prints it.

    Parameters
    ----------
    x, y : Sequence[float] | np.ndarray
        Scores of the first and the second group (no missing values).
    levels : tuple[str, str]
        Names of the two groups, used in the result and the decision sentence.
    alpha : float
        Significance level for the decision, the critical t and the (1 - alpha) CI.

    Returns
    -------
    TTestResult
        Group summaries, Levene's test (mean-centred), Student and Welch rows, Cohen's d
        and Hedges' g, and a decision sentence based on Student's test.

    Notes
    -----
    Cohen's d uses the pooled SD, :math:`d = (\bar x_1 - \bar x_2)/s_p`; Hedges' g applies
    the small-sample correction :math:`g = d\,(1 - 3/(4(n_1+n_2)-9))` (Hedges 1981;
    Borenstein et al. 2009, eq. 4.22). The decision uses Student's row, as the papers do;
    Welch's row is reported beside it for unequal variances.

    References
    ----------
    Student (1908). The probable error of a mean. *Biometrika* 6, 1-25.
    Welch, B. L. (1947). *Biometrika* 34, 28-35. Levene, H. (1960). In *Contributions to
    Probability and Statistics*, 278-292.

    Examples
    --------
    >>> res = independent_ttest([3, 4, 5, 4], [2, 3, 2, 3], levels=("M", "F"))
    >>> round(res.student.t, 4), res.student.df
    (3.0, 6.0)
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.size < 2 or b.size < 2:
        small = levels[0] if a.size < 2 else levels[1]
        raise DataError(
            f"group {small!r} has {min(a.size, b.size)} case(s); a t-test needs at least two "
            "cases in each group"
        )
    g1 = summarise_group(levels[0], a)
    g2 = summarise_group(levels[1], b)
    return ttest_from_groups(g1, g2, levene_test(a, b), alpha=alpha)


def ttest_from_groups(
    g1: GroupSummary, g2: GroupSummary, levene: LeveneResult | None, *, alpha: float = 0.05
) -> TTestResult:
    """The whole independent-samples t-test from the two group summaries (and Levene's
    test, which needs the data or their histograms). :func:`independent_ttest` and the
    one-pass engine both end here; the formulas are in :func:`independent_ttest`.

    >>> g1 = GroupSummary("x", 4, 4.0, math.sqrt(2 / 3), math.sqrt(2 / 3) / 2)
    >>> g2 = GroupSummary("y", 4, 2.5, math.sqrt(1 / 3), math.sqrt(1 / 3) / 2)
    >>> round(ttest_from_groups(g1, g2, None).student.t, 6)  # 1.5 / sqrt(0.5 * (1/4 + 1/4))
    3.0
    """
    if g1.sd == 0 and g2.sd == 0:
        raise DataError(
            "the score has no variance within either group (every respondent in a group gave "
            "the same score), so t is undefined"
        )
    levels = (g1.level, g2.level)
    student = student_ttest_from_summary(g1.n, g1.mean, g1.sd, g2.n, g2.mean, g2.sd, alpha)
    welch = welch_ttest_from_summary(g1.n, g1.mean, g1.sd, g2.n, g2.mean, g2.sd, alpha)
    pooled_sd = math.sqrt(((g1.n - 1) * g1.sd**2 + (g2.n - 1) * g2.sd**2) / (g1.n + g2.n - 2))
    d = (g1.mean - g2.mean) / pooled_sd
    g = d * (1.0 - 3.0 / (4.0 * (g1.n + g2.n) - 9.0))
    return TTestResult(
        groups=(g1, g2),
        levene=levene,
        student=student,
        welch=welch,
        cohen_d=float(d),
        hedges_g=float(g),
        alpha=alpha,
        decision=decision_sentence(student, levels, alpha),
    )


def decision_sentence(row: TTestRow, levels: tuple[str, str], alpha: float) -> str:
    """The plain-language decision on the null hypothesis of equal means."""
    a_txt = f"{alpha:g}"
    if row.p < alpha:
        return (
            f"Significant: p = {row.p:.3g} < {a_txt} (|t| = {abs(row.t):.2f} > t-crit = "
            f"{row.t_critical:.2f}); the null hypothesis of equal means of {levels[0]} and "
            f"{levels[1]} is rejected."
        )
    return (
        f"Not significant: p = {row.p:.3g} >= {a_txt} (|t| = {abs(row.t):.2f} <= t-crit = "
        f"{row.t_critical:.2f}); the null hypothesis of equal means of {levels[0]} and "
        f"{levels[1]} is not rejected."
    )
