r"""One-way ANOVA recomputed from printed group summaries (N, mean, SD per group).

.. math::

    F = \frac{SS_B / (k - 1)}{SS_W / (N - k)}, \quad
    SS_B = \sum_i n_i (\bar x_i - \bar x)^2, \quad SS_W = \sum_i (n_i - 1) s_i^2,

with :math:`\bar x = \sum n_i \bar x_i / N`, df :math:`(k - 1, N - k)`. Each printed mean and
SD stands for its rounding interval, so F is an interval: :math:`SS_W` grows with every SD
(its ends are at the SDs' ends) and :math:`SS_B` depends only on the means. The largest
:math:`SS_B` over the box of means is at one of its corners (a convex function), the
smallest is :math:`\min_c \sum n_i (\mathrm{clip}(c, lo_i, hi_i) - c)^2` (each mean as close
as it can get to a common value c), found exactly segment by segment. Then
:math:`F \in [SS_{B,min}/(k-1) / (SS_{W,max}/(N-k)),\ SS_{B,max}/(k-1) / (SS_{W,min}/(N-k))]`
and p, which falls as F grows, lies between the p values of those ends. For two groups
:math:`F = t^2` of Student's t.

References
----------
Fisher, R. A. (1925). *Statistical Methods for Research Workers*. The same recomputation
for t-tests is statcheck's (Nuijten et al. 2016) extended to summaries (Anaya 2016).

Examples
--------
>>> a = anova_range([10, 12, 11], ["2.10", "2.80", "3.05"], [".74", ".83", ".79"])
>>> a.df1, a.df2, round(a.f[0], 2), round(a.f[1], 2)   # F at the printed values: 4.03
(2, 30, 3.89, 4.18)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from mcstats.audit.findings import REFERENCES, Finding, where
from mcstats.errors import UsageError
from mcstats.printed import Reported, exact_interval
from mcstats.stats.distributions import f_ppf, f_sf

__all__ = ["AnovaRange", "anova_findings", "anova_range", "ss_between_range"]

#: Corners of the box of means are enumerated up to this many groups (2^12 = 4096).
_MAX_CORNER_GROUPS = 12


@dataclass(frozen=True)
class AnovaRange:
    """What the printed group summaries allow for a one-way ANOVA.

    Attributes
    ----------
    df1, df2 : int
        Between- and within-groups df, ``k - 1`` and ``N - k``.
    f : tuple of float
        Smallest and largest F.
    p : tuple of float
        Smallest and largest p (upper tail of F).
    """

    df1: int
    df2: int
    f: tuple[float, float]
    p: tuple[float, float]

    def critical_f(self, alpha: float = 0.05) -> float:
        """The critical F at ``alpha`` for these df."""
        return f_ppf(1.0 - alpha, self.df1, self.df2)


def ss_between_range(
    ns: Sequence[int], lows: Sequence[Fraction], highs: Sequence[Fraction]
) -> tuple[Fraction, Fraction]:
    """Smallest and largest between-groups sum of squares over the box of means (exact).

    Examples
    --------
    >>> lo, hi = ss_between_range([1, 1], [Fraction(0), Fraction(0)], [Fraction(1), Fraction(1)])
    >>> lo, hi   # equal means possible; one at 0 and one at 1 gives 2 * (1/2)^2
    (Fraction(0, 1), Fraction(1, 2))
    """
    n_total = sum(ns)

    def ssb(ms: Sequence[Fraction]) -> Fraction:
        grand = Fraction(sum(n * m for n, m in zip(ns, ms, strict=True))) / n_total
        return Fraction(sum(n * (m - grand) ** 2 for n, m in zip(ns, ms, strict=True)))

    if len(ns) <= _MAX_CORNER_GROUPS:
        high = max(ssb(list(c)) for c in itertools.product(*zip(lows, highs, strict=True)))
    else:  # an upper bound (no false alarm): the grand mean lies in [min lo, max hi]
        floor_, ceiling = min(lows), max(highs)
        high = Fraction(
            sum(n * max(hi - floor_, ceiling - lo) ** 2 for n, lo, hi in zip(ns, lows, highs, strict=True))
        )
    points = sorted(set(lows) | set(highs))
    candidates: set[Fraction] = set(points)
    edges = [points[0] - 1, *points, points[-1] + 1]
    for a, b in itertools.pairwise(edges):
        below = [(n, lo) for n, lo in zip(ns, lows, strict=True) if lo >= b]  # c < lo_i on (a, b)
        above = [(n, hi) for n, hi in zip(ns, highs, strict=True) if hi <= a]  # c > hi_i on (a, b)
        weight = sum(n for n, _ in below) + sum(n for n, _ in above)
        if weight:
            c = Fraction(sum(n * lo for n, lo in below) + sum(n * hi for n, hi in above)) / weight
            candidates.add(min(max(c, a), b))

    def gap(c: Fraction) -> Fraction:
        return Fraction(
            sum(n * (min(max(c, lo), hi) - c) ** 2 for n, lo, hi in zip(ns, lows, highs, strict=True))
        )

    # the best common value c gives the smallest spread; the spread of the clipped means
    # around their own weighted mean is no larger than around c, so take the exact SS_B
    best = min(candidates, key=gap)
    low = ssb([min(max(best, lo), hi) for lo, hi in zip(lows, highs, strict=True)])
    return low, high


def anova_range(
    ns: Sequence[int], means: Sequence[Reported], sds: Sequence[Reported], *, decimals: int | None = None
) -> AnovaRange:
    """df, F and p of a one-way ANOVA consistent with printed group N, means and SDs.

    Raises
    ------
    UsageError
        With fewer than two groups, a group N below 1, or all N summing to the number of
        groups (no within-groups df).
    """
    k = len(ns)
    if k < 2 or len(means) != k or len(sds) != k:
        raise UsageError("a one-way ANOVA needs the N, mean and SD of at least two groups")
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 1 for n in ns):
        raise UsageError(f"group sizes must be whole numbers of at least 1, not {list(ns)}")
    n_total = sum(ns)
    df1, df2 = k - 1, n_total - k
    if df2 < 1:
        raise UsageError("the groups have no within-groups degrees of freedom (N = number of groups)")
    mean_iv = [exact_interval(m, decimals) for m in means]
    sd_iv = [exact_interval(s, decimals) for s in sds]
    ssb_lo, ssb_hi = ss_between_range(ns, [lo for lo, _ in mean_iv], [hi for _, hi in mean_iv])
    ssw_lo = sum((n - 1) * max(Fraction(0), lo) ** 2 for n, (lo, _) in zip(ns, sd_iv, strict=True))
    ssw_hi = sum((n - 1) * hi**2 for n, (_, hi) in zip(ns, sd_iv, strict=True))
    f_lo = float(ssb_lo / df1 / (ssw_hi / df2)) if ssw_hi > 0 else (0.0 if ssb_lo == 0 else math.inf)
    f_hi = float(ssb_hi / df1 / (ssw_lo / df2)) if ssw_lo > 0 else math.inf
    p_lo = 0.0 if math.isinf(f_hi) else f_sf(f_hi, df1, df2)
    p_hi = f_sf(f_lo, df1, df2)
    return AnovaRange(df1, df2, (f_lo, f_hi), (p_lo, p_hi))


def _overlaps(lo: float, hi: float, a: float, b: float) -> bool:
    tol = 1e-9 * max(1.0, abs(lo), abs(hi), abs(a), abs(b))
    return lo <= b + tol and a <= hi + tol


def _fmt(x: float) -> str:
    return "inf" if math.isinf(x) else f"{x:.4g}"


def anova_findings(
    ns: Sequence[int],
    means: Sequence[Reported],
    sds: Sequence[Reported],
    *,
    f: Reported | None = None,
    df1: Reported | None = None,
    df2: Reported | None = None,
    p: Reported | None = None,
    f_critical: Reported | None = None,
    alpha: float = 0.05,
    location: str = "",
) -> list[Finding]:
    """``inconsistent`` findings for a printed F, df, p or critical F that the groups contradict.

    ``p`` may be a bound (``"<.001"``). A printed critical F is compared with the critical F
    of the test's own df at ``alpha``.

    Examples
    --------
    >>> fs = anova_findings([10, 12, 11], ["2.10", "2.80", "3.05"], [".74", ".83", ".79"],
    ...                     f="5.20", df1="2", df2="30", f_critical="3.32")
    >>> [(x.check, x.expected) for x in fs]
    [('anova_f', '3.893 to 4.177')]
    """
    from mcstats.audit.ttest_summary import p_interval

    a = anova_range(ns, means, sds)
    ref = REFERENCES["statcheck"]
    summary = "; ".join(f"N = {n}, mean {m}, SD {s}" for n, m, s in zip(ns, means, sds, strict=True))
    out: list[Finding] = []

    def add(check: str, reported: str, expected: str, message: str) -> None:
        out.append(
            Finding(check, "inconsistent", location, reported, expected, where(location) + message, ref)
        )

    if f is not None:
        lo, hi = exact_interval(f)
        if not _overlaps(float(lo), float(hi), *a.f):
            expected = f"{_fmt(a.f[0])} to {_fmt(a.f[1])}"
            add(
                "anova_f",
                f"F = {f}",
                expected,
                f"Reported F = {f}, but the group summaries ({summary}) give a one-way ANOVA F of "
                f"{expected} (F = (SS_between/(k-1)) / (SS_within/(N-k)), every printed value allowed its "
                "rounding).",
            )
    for name, printed, want in (("df1", df1, a.df1), ("df2", df2, a.df2)):
        if printed is not None:
            lo, hi = exact_interval(printed)
            if not lo <= want <= hi:
                add(
                    "anova_df",
                    f"{name} = {printed}",
                    str(want),
                    f"Reported {name} = {printed}, but {len(ns)} groups of {sum(ns)} cases give df = "
                    f"({a.df1}, {a.df2}): k - 1 and N - k.",
                )
    if p is not None:
        plo, phi = p_interval(p)
        if not _overlaps(plo, phi, *a.p):
            expected = f"{_fmt(a.p[0])} to {_fmt(a.p[1])}"
            add(
                "anova_p",
                f"p = {p}",
                expected,
                f"Reported p = {p}, but the group summaries give an F whose p (F({a.df1}, {a.df2})) is "
                f"{expected}.",
            )
    if f_critical is not None:
        crit = a.critical_f(alpha)
        lo, hi = exact_interval(f_critical)
        if not lo <= Fraction(crit) <= hi:
            add(
                "anova_f_critical",
                f"F-crit = {f_critical}",
                f"{crit:.4f}",
                f"Reported critical F = {f_critical} does not belong to this test: the critical F at "
                f"alpha = {alpha} for df ({a.df1}, {a.df2}) is {crit:.4f}.",
            )
    return out
