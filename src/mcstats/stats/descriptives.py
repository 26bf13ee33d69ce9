"""Item statistics: N, mean, SD (n - 1), minimum and maximum on available cases."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ItemStatistics:
    """Descriptive statistics of one item, on the cases that answered it."""

    n: int
    mean: float
    sd: float
    min: float
    max: float
    n_missing: int
    mean_ci95: tuple[float, float] = (math.nan, math.nan)


def mean_ci(mean: float, sd: float, n: int, level: float = 0.95) -> tuple[float, float]:
    r"""t-based confidence interval of a mean: :math:`\bar x \pm t_{1-\gamma/2,\,n-1}\, s/\sqrt n`.

    R: ``t.test(x)$conf.int``. Undefined (NaN) for n < 2.

    >>> lo, hi = mean_ci(3.0, 1.0, 4)
    >>> round(lo, 4), round(hi, 4)  # t(.975, 3) = 3.182446; 3 -/+ 3.182446 / 2
    (1.4088, 4.5912)
    """
    if n < 2 or not math.isfinite(sd):
        return (math.nan, math.nan)
    from mcstats.stats.distributions import t_ppf

    half = t_ppf(0.5 + level / 2.0, n - 1) * sd / math.sqrt(n)
    return (mean - half, mean + half)


def item_statistics(values: Sequence[float] | np.ndarray) -> ItemStatistics:
    r"""N, mean, SD, min and max of one item, leaving missing values (NaN) out.

    Notes
    -----
    Available cases per item (SPSS DESCRIPTIVES' default):
    :math:`\bar x = \sum x_i / n`, :math:`s = \sqrt{\sum (x_i-\bar x)^2/(n-1)}`.
    With n < 2 the SD is undefined and reported as NaN (null in JSON). ``mean_ci95`` is the
    t-based 95% interval of :func:`mean_ci`.

    References
    ----------
    IBM Corp. *IBM SPSS Statistics Algorithms*, DESCRIPTIVES: mean and standard deviation
    (unweighted case). R: ``mean(x, na.rm = TRUE)``, ``sd(x, na.rm = TRUE)``.

    Examples
    --------
    >>> s = item_statistics([1, 2, 3, 4, float("nan")])
    >>> s.n, s.mean, round(s.sd, 6), s.min, s.max, s.n_missing
    (4, 2.5, 1.290994, 1.0, 4.0, 1)
    """
    x = np.asarray(values, dtype=float)
    ok = x[~np.isnan(x)]
    n = int(ok.size)
    if n == 0:
        nan = float("nan")
        return ItemStatistics(0, nan, nan, nan, nan, int(x.size))
    mean = float(ok.mean())
    sd = float(ok.std(ddof=1)) if n > 1 else math.nan
    return ItemStatistics(
        n, mean, sd, float(ok.min()), float(ok.max()), int(x.size - n), mean_ci(mean, sd, n)
    )
