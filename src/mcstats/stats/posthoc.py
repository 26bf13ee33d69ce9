"""Post hoc pairwise comparisons after a one-way ANOVA, and p-value adjustments.

Every test takes the group N, mean and SD (sufficient statistics) and returns one
:class:`PairwiseComparison` per pair of levels i < j, with the difference level_i minus
level_j (SPSS's "I - J"). The studentized range distribution is
:mod:`mcstats.stats.studentized_range`, R's algorithm (Copenhaver & Holland 1988), so Tukey
and Games-Howell p values and limits are R's to rounding (1e-12), with R's accuracy: its
``ptukey`` is off by up to 2e-3 relative for a small p at 2.3 df, and its ``qtukey`` stops
its secant search at a step of 1e-4. (``scipy.stats.studentized_range``, used before, is
more accurate there but cost 1-5 s per run and agreed with R only to 1e-4.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.stats.distributions import f_ppf, f_sf
from mcstats.stats.studentized_range import ptukey, qtukey

NAN = float("nan")

#: Group statistics: a sequence or a 1-D array, one entry per group.
Numbers = Sequence[float] | np.ndarray

#: p-value adjustments for a family of tests, by option name.
P_ADJUSTMENTS = ("none", "holm", "bonferroni", "bh")

#: The post hoc tests :func:`mcstats.stats.anova.one_way_anova` can run, by option name
#: (here, with the tests, so that options are checked without importing the ANOVA).
POSTHOC_TESTS = ("tukey", "games-howell", "scheffe")


@dataclass(frozen=True)
class PairwiseComparison:
    """One pair of levels: difference (i - j), its SE, the test statistic, df, adjusted p
    and the simultaneous (1 - alpha) CI. ``note`` says why a value is missing."""

    level_i: str
    level_j: str
    mean_difference: float
    se: float
    statistic: float
    df: float
    p: float
    ci: tuple[float, float]
    note: str | None = None


def _srange_sf(q: Sequence[float], k: int, df: float | Sequence[float]) -> list[float]:
    """Upper tail of the studentized range for every pair at once (R's values, one array call)."""
    return [
        float(x)
        for x in np.atleast_1d(ptukey(np.asarray(q, dtype=float), k, np.asarray(df), lower_tail=False))
    ]


def _srange_ppf(p: float, k: int, df: float | Sequence[float]) -> list[float]:
    """Quantiles of the studentized range for one df or one per pair."""
    return [float(x) for x in np.atleast_1d(qtukey(p, k, np.asarray(df, dtype=float)))]


def _pairs(k: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(k) for j in range(i + 1, k)]


def _check(n: Numbers, mean: Numbers, sd: Numbers, levels: Sequence[str]) -> int:
    if not (len(n) == len(mean) == len(sd) == len(levels)) or len(n) < 2:
        raise ValueError("n, mean, sd and levels need one entry per group, at least two groups")
    if min(n) < 2:
        raise ValueError("post hoc tests need at least two cases in every group")
    return len(n)


def _mse(n: Numbers, sd: Numbers) -> tuple[float, float]:
    nn = np.asarray(n, dtype=float)
    ss = np.asarray(sd, dtype=float)
    df = float(nn.sum() - nn.size)
    return float(((nn - 1) * ss**2).sum() / df), df


def tukey_hsd(
    n: Numbers,
    mean: Numbers,
    sd: Numbers,
    levels: Sequence[str],
    *,
    alpha: float = 0.05,
) -> tuple[PairwiseComparison, ...]:
    r"""Tukey's HSD (Tukey-Kramer for unequal n), as R's ``TukeyHSD`` and SPSS print it.

    Notes
    -----
    With :math:`MS_W` on :math:`N - g` df and :math:`SE = \sqrt{MS_W(1/n_i + 1/n_j)}`:
    :math:`q = \sqrt 2\,|\bar x_i - \bar x_j|/SE`, :math:`p = P(Q_{g,N-g} > q)`, and the CI
    is :math:`\bar x_i - \bar x_j \pm q_{1-\alpha;g,N-g}\,SE/\sqrt 2`. ``statistic`` is q.

    References
    ----------
    Tukey, J. W. (1953). *The problem of multiple comparisons*. Kramer, C. Y. (1956).
    Extension of multiple range tests to group means with unequal numbers of replications.
    *Biometrics* 12, 307-310.

    Examples
    --------
    >>> (c,) = tukey_hsd([3, 3], [2.0, 4.0], [1.0, 1.0], ["a", "b"])
    >>> c.mean_difference, round(c.p, 7)  # R's TukeyHSD; Student's t (exact) gives 0.0704840
    (-2.0, 0.0704845)
    """
    k = _check(n, mean, sd, levels)
    mse, df = _mse(n, sd)
    (qcrit,) = _srange_ppf(1 - alpha, k, df)
    pairs = _pairs(k)
    d = [float(mean[i] - mean[j]) for i, j in pairs]
    se = [math.sqrt(mse * (1 / n[i] + 1 / n[j])) for i, j in pairs]
    q = [abs(dd) / s * math.sqrt(2) for dd, s in zip(d, se, strict=True)]
    p = _srange_sf(q, k, df)  # every pair in one call: the same df
    out = []
    for (i, j), dd, s, qq, pp in zip(pairs, d, se, q, p, strict=True):
        half = qcrit * s / math.sqrt(2)
        out.append(
            PairwiseComparison(str(levels[i]), str(levels[j]), dd, s, qq, df, pp, (dd - half, dd + half))
        )
    return tuple(out)


def games_howell(
    n: Numbers,
    mean: Numbers,
    sd: Numbers,
    levels: Sequence[str],
    *,
    alpha: float = 0.05,
) -> tuple[PairwiseComparison, ...]:
    r"""Games-Howell pairwise comparisons (unequal variances and n).

    Notes
    -----
    Per pair, :math:`SE = \sqrt{s_i^2/n_i + s_j^2/n_j}`, Welch's df
    :math:`\nu = SE^4 / \big(\frac{(s_i^2/n_i)^2}{n_i-1} + \frac{(s_j^2/n_j)^2}{n_j-1}\big)`,
    :math:`q = \sqrt 2\,|\bar x_i-\bar x_j|/SE`, :math:`p = P(Q_{g,\nu} > q)`, CI
    :math:`\bar x_i-\bar x_j \pm q_{1-\alpha;g,\nu}SE/\sqrt 2`. A pair with
    :math:`\nu < 2` gets no p or CI (R's ``ptukey`` and PSPP give none there either).

    References
    ----------
    Games, P. A. & Howell, J. F. (1976). Pairwise multiple comparison procedures with
    unequal n's and/or variances. *Journal of Educational Statistics* 1, 113-125.

    Examples
    --------
    >>> (c,) = games_howell([3, 3], [2.0, 4.0], [1.0, 1.0], ["a", "b"])
    >>> round(c.df, 6), round(c.p, 7)  # R's ptukey; Welch's t test (exact) gives 0.0704840
    (4.0, 0.0704845)
    """
    k = _check(n, mean, sd, levels)
    rows = []
    for i, j in _pairs(k):
        d = float(mean[i] - mean[j])
        vi, vj = sd[i] ** 2 / n[i], sd[j] ** 2 / n[j]
        se = math.sqrt(vi + vj)
        df = (vi + vj) ** 2 / (vi**2 / (n[i] - 1) + vj**2 / (n[j] - 1)) if se > 0 else NAN
        q = abs(d) / se * math.sqrt(2) if se > 0 else NAN
        rows.append((i, j, d, se, df, q))
    # Every pair's quantile and p in one call each (each pair has its own df).
    used = [r for r in rows if r[4] >= 2]
    crit = iter(_srange_ppf(1 - alpha, k, [r[4] for r in used]) if used else [])
    p = iter(_srange_sf([r[5] for r in used], k, [r[4] for r in used]) if used else [])
    out = []
    for i, j, d, se, df, q in rows:
        if not df >= 2:
            note = "Welch df below 2: the studentized range is not used there (R, PSPP)"
            out.append(
                PairwiseComparison(str(levels[i]), str(levels[j]), d, se, q, df, NAN, (NAN, NAN), note)
            )
            continue
        half = next(crit) * se / math.sqrt(2)
        out.append(
            PairwiseComparison(str(levels[i]), str(levels[j]), d, se, q, df, next(p), (d - half, d + half))
        )
    return tuple(out)


def scheffe(
    n: Numbers,
    mean: Numbers,
    sd: Numbers,
    levels: Sequence[str],
    *,
    alpha: float = 0.05,
) -> tuple[PairwiseComparison, ...]:
    r"""Scheffé's pairwise comparisons.

    Notes
    -----
    :math:`SE = \sqrt{MS_W(1/n_i + 1/n_j)}`,
    :math:`F = \big((\bar x_i - \bar x_j)/SE\big)^2/(g-1)` on :math:`(g-1, N-g)` df,
    CI :math:`\bar x_i - \bar x_j \pm \sqrt{(g-1)F_{1-\alpha;g-1,N-g}}\,SE`. ``statistic``
    is F; ``df`` is the denominator df.

    References
    ----------
    Scheffé, H. (1953). A method for judging all contrasts in the analysis of variance.
    *Biometrika* 40, 87-110. Maxwell, S. E. & Delaney, H. D. (2004). *Designing Experiments
    and Analyzing Data*, 2nd ed., ch. 5.

    Examples
    --------
    >>> (c,) = scheffe([3, 3], [2.0, 4.0], [1.0, 1.0], ["a", "b"])
    >>> round(c.statistic, 6), round(c.p, 6)  # two groups: Student t squared on (1, 4) df
    (6.0, 0.070484)
    """
    k = _check(n, mean, sd, levels)
    mse, df = _mse(n, sd)
    crit = math.sqrt((k - 1) * f_ppf(1 - alpha, k - 1, df))
    out = []
    for i, j in _pairs(k):
        d = float(mean[i] - mean[j])
        se = math.sqrt(mse * (1 / n[i] + 1 / n[j]))
        F = (d / se) ** 2 / (k - 1)
        out.append(
            PairwiseComparison(
                str(levels[i]),
                str(levels[j]),
                d,
                se,
                F,
                df,
                f_sf(F, k - 1, df),
                (d - crit * se, d + crit * se),
            )
        )
    return tuple(out)


def p_adjust(p: Sequence[float], method: str) -> np.ndarray:
    r"""Adjust a family of p values for multiple comparisons, as R's ``p.adjust``.

    Parameters
    ----------
    p : sequence of float
        The unadjusted p values (NaN entries are left out of the family and stay NaN).
    method : {"none", "holm", "bonferroni", "bh"}
        Holm (1979) step-down, Bonferroni, or Benjamini-Hochberg (1995) false discovery rate.

    Notes
    -----
    With m p values sorted ascending :math:`p_{(1)} \le \dots \le p_{(m)}`: Bonferroni
    :math:`\min(1, m p)`; Holm :math:`\max_{j \le i}\min(1, (m - j + 1)p_{(j)})`; BH
    :math:`\min_{j \ge i}\min(1, m p_{(j)}/j)`.

    References
    ----------
    Holm, S. (1979). *Scand. J. Statist.* 6, 65-70. Benjamini, Y. & Hochberg, Y. (1995).
    *JRSS B* 57, 289-300.

    Examples
    --------
    >>> p_adjust([0.01, 0.04, 0.03], "holm").round(6).tolist()
    [0.03, 0.06, 0.06]
    >>> p_adjust([0.01, 0.04, 0.03], "bh").round(6).tolist()
    [0.03, 0.04, 0.04]
    """
    if method not in P_ADJUSTMENTS:
        raise ValueError(f"p adjustment must be one of {', '.join(P_ADJUSTMENTS)}, got {method!r}")
    arr = np.asarray(p, dtype=float)
    out = np.full(arr.shape, NAN)
    ok = np.flatnonzero(~np.isnan(arr))
    m = ok.size
    if m == 0 or method == "none":
        return arr.copy()
    x = arr[ok]
    if method == "bonferroni":
        adj = np.minimum(1.0, m * x)
    elif method == "holm":
        o = np.argsort(x, kind="stable")
        steps = np.minimum(1.0, (m - np.arange(m)) * x[o])
        adj = np.empty(m)
        adj[o] = np.maximum.accumulate(steps)
    else:
        o = np.argsort(x, kind="stable")[::-1]
        steps = m / np.arange(m, 0, -1) * x[o]
        adj = np.empty(m)
        adj[o] = np.minimum(1.0, np.minimum.accumulate(steps))
    out[ok] = adj
    return out
