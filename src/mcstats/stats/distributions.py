"""The t, F and normal distribution functions the statistics need, from scipy.special.

``scipy.stats`` computes ``t.sf``, ``t.ppf``, ``f.sf``, ``f.ppf`` and ``norm.ppf`` with
these same special functions (Cephes/Boost ``stdtr``, ``stdtrit``, ``fdtrc``, ``fdtri``,
``ndtri``), so the values are identical to the last bit (tests/test_distributions.py
checks that on a grid and at the edges). Importing ``scipy.stats`` costs about 0.4 s,
most of the start-up of ``mcstats analyze``; ``scipy.special`` costs about 0.1 s, of which
its compiled ufuncs are 0.01 s: :mod:`mcstats.stats._special` imports those alone.
"""

from __future__ import annotations

import math

from mcstats.stats._special import special


def t_sf(x: float, df: float) -> float:
    """Upper tail of Student's t: P(T > x) with ``df`` degrees of freedom.

    >>> round(2 * t_sf(2.0, 10), 6)  # two-sided p of t = 2 on 10 df
    0.073388
    """
    return float(special.stdtr(df, -x))


def t_ppf(q: float, df: float) -> float:
    """Quantile of Student's t (the critical value at ``q``).

    >>> round(t_ppf(0.975, 10), 6)
    2.228139
    """
    if q == 0.0 and df > 0:
        return -math.inf
    return float(special.stdtrit(df, q))


def f_sf(x: float, dfn: float, dfd: float) -> float:
    """Upper tail of the F distribution: P(F > x).

    >>> round(f_sf(4.0, 1, 20), 6)
    0.059266
    """
    if math.isinf(dfn) or math.isinf(dfd):
        return float(_stats().f.sf(x, dfn, dfd))  # a limit special.fdtrc does not take
    if x < 0 and dfn > 0 and dfd > 0:
        return 1.0
    return float(special.fdtrc(dfn, dfd, x))


def f_ppf(q: float, dfn: float, dfd: float) -> float:
    """Quantile of the F distribution.

    >>> round(f_ppf(0.95, 1, 20), 6)
    4.351244
    """
    if math.isinf(dfn) or math.isinf(dfd):
        return float(_stats().f.ppf(q, dfn, dfd))
    return float(special.fdtri(dfn, dfd, q))


def _stats():  # type: ignore[no-untyped-def]
    from scipy import stats

    return stats


def norm_ppf(q: float) -> float:
    """Quantile of the standard normal distribution.

    >>> round(norm_ppf(0.975), 6)
    1.959964
    """
    return float(special.ndtri(q))


def chi2_sf(x: float, df: float) -> float:
    """Upper tail of the chi-square distribution: P(X > x) with ``df`` degrees of freedom.

    ``scipy.stats.chi2.sf`` computes the same special function (Cephes ``chdtrc``).

    >>> round(chi2_sf(3.841458820694124, 1), 6)
    0.05
    """
    if x <= 0 and df > 0:
        return 1.0
    return float(special.chdtrc(df, x))


def norm_sf(x: float) -> float:
    """Upper tail of the standard normal distribution: P(Z > x).

    >>> round(2 * norm_sf(1.959963984540054), 6)
    0.05
    """
    return float(special.ndtr(-x))
