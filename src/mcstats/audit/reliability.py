r"""Cronbach's alpha implied by the item SDs and the SD of the total score.

.. math::

    \alpha = \frac{k}{k-1}\Big(1 - \frac{\sum_{i=1}^k s_i^2}{s_T^2}\Big),

where :math:`s_i` are the item SDs and :math:`s_T` the SD of the sum of the :math:`k` items
(all on the same respondents). Alpha decreases in every :math:`s_i` and increases in
:math:`s_T`, so over the rounding intervals of the printed SDs

.. math::

    \alpha_{min} = \frac{k}{k-1}\Big(1 - \frac{\sum hi_i^2}{lo_T^2}\Big), \qquad
    \alpha_{max} = \frac{k}{k-1}\Big(1 - \frac{\sum lo_i^2}{hi_T^2}\Big).

Independently of alpha, :math:`s_T \le \sum s_i` (the SD of a sum is at most the sum of the
SDs, since :math:`|\mathrm{cov}_{ij}| \le s_i s_j`), so a total SD above the sum of the item
SDs is impossible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from mcstats.errors import UsageError
from mcstats.printed import Reported, exact_interval

#: Relative tolerance for comparing the float ends of the alpha interval.
RTOL = 1e-9


def _sd_intervals(
    item_sds: Sequence[Reported], total_sd: Reported, sd_decimals: int | None, total_is_mean: bool
) -> tuple[list[tuple[Fraction, Fraction]], tuple[Fraction, Fraction]]:
    k = len(item_sds)
    if k < 2:
        raise UsageError(f"alpha needs at least two items, not {k}")
    items = [
        (max(lo, Fraction(0)), max(hi, Fraction(0)))
        for lo, hi in (exact_interval(s, sd_decimals) for s in item_sds)
    ]
    tlo, thi = (max(x, Fraction(0)) for x in exact_interval(total_sd, sd_decimals))
    if total_is_mean:
        tlo, thi = tlo * k, thi * k
    return items, (tlo, thi)


def alpha_interval(
    item_sds: Sequence[Reported],
    total_sd: Reported,
    *,
    sd_decimals: int | None = None,
    total_is_mean: bool = False,
) -> tuple[float, float]:
    r"""Range of Cronbach's alpha implied by printed item SDs and the total-score SD.

    Parameters
    ----------
    item_sds : Sequence[Reported]
        The printed SDs of the :math:`k \ge 2` items.
    total_sd : Reported
        The printed SD of the total score.
    sd_decimals : int | None
        Decimals of all SDs; by default counted from each text.
    total_is_mean : bool
        True when ``total_sd`` is the SD of the *mean* of the items (then
        :math:`s_T = k \cdot` ``total_sd``), False when it is the SD of their sum.

    Returns
    -------
    tuple of float
        :math:`(\alpha_{min}, \alpha_{max})`; :math:`\alpha_{min}` is :math:`-\infty` when the
        total SD may be 0.

    Notes
    -----
    :math:`\alpha = \frac{k}{k-1}(1 - \sum s_i^2 / s_T^2)`, evaluated at the corners given
    in the module docstring.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    *Psychometrika*, 16(3), 297-334.

    Examples
    --------
    Four items with SD 1.00 and a total SD of 3.00: alpha = 4/3 (1 - 4/9) = 0.741; the
    rounding of the SDs moves it between 0.733 and 0.749:

    >>> [round(a, 3) for a in alpha_interval(["1.00"] * 4, "3.00")]
    [0.733, 0.749]
    """
    items, (tlo, thi) = _sd_intervals(item_sds, total_sd, sd_decimals, total_is_mean)
    k = len(items)
    factor = Fraction(k, k - 1)
    sum_lo = sum((lo * lo for lo, _ in items), Fraction(0))
    sum_hi = sum((hi * hi for _, hi in items), Fraction(0))
    a_min = -math.inf if tlo == 0 else float(factor * (1 - sum_hi / (tlo * tlo)))
    if thi > 0:
        return a_min, float(factor * (1 - sum_lo / (thi * thi)))
    # A total SD of 0: alpha is undefined unless every item is constant too.
    return a_min, (-math.inf if sum_lo > 0 else 1.0)


def total_sd_possible(
    item_sds: Sequence[Reported],
    total_sd: Reported,
    *,
    sd_decimals: int | None = None,
    total_is_mean: bool = False,
) -> bool:
    r"""Whether the total-score SD can be at most the sum of the item SDs.

    Rule: :math:`s_T \le \sum_i s_i` (since :math:`|\mathrm{cov}_{ij}| \le s_i s_j`),
    checked at the ends of the rounding intervals: :math:`lo_T \le \sum hi_i`.

    References
    ----------
    Cronbach (1951); the Cauchy-Schwarz inequality for covariances.

    Examples
    --------
    >>> total_sd_possible(["0.80", "0.90", "1.00"], "2.70"), total_sd_possible(["0.80"] * 3, "2.70")
    (True, False)
    """
    items, (tlo, _) = _sd_intervals(item_sds, total_sd, sd_decimals, total_is_mean)
    return tlo <= sum((hi for _, hi in items), Fraction(0))


def alpha_consistent(
    item_sds: Sequence[Reported],
    total_sd: Reported,
    alpha: Reported,
    *,
    sd_decimals: int | None = None,
    alpha_decimals: int | None = None,
    total_is_mean: bool = False,
) -> bool:
    """Whether a printed alpha fits the alpha implied by the printed SDs.

    Rule: the printed alpha's rounding interval meets :func:`alpha_interval`.

    References
    ----------
    Cronbach, L. J. (1951). *Psychometrika*, 16(3), 297-334.

    Examples
    --------
    >>> alpha_consistent(["1.00"] * 4, "3.00", ".74"), alpha_consistent(["1.00"] * 4, "3.00", ".84")
    (True, False)
    """
    a_min, a_max = alpha_interval(
        item_sds, total_sd, sd_decimals=sd_decimals, total_is_mean=total_is_mean
    )
    lo, hi = (float(x) for x in exact_interval(alpha, alpha_decimals))
    tol = RTOL * max(1.0, abs(lo), abs(hi))
    return a_min <= hi + tol and lo <= a_max + tol
