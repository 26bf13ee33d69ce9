r"""The smallest and the largest SD that integer data on a bounded scale can have.

All SDs are sample SDs (divisor :math:`n - 1`). Scores are single items, sums of ``k``
items or means of ``k`` items; the functions with ``_for_total`` work on integers directly,
the others take a reported mean and reduce it to integer totals (see :mod:`._scale`).

The exact extremes for a total (data piled at the two ends of the scale for the largest SD,
balanced data for the smallest) are derived in :mod:`mcstats.integer_data`, which the
reconstruction uses too; the functions ``*_for_total`` and :func:`widest_data` are its own,
re-exported here. What a printed mean or SD stands for is the audit's interval of
:mod:`mcstats.printed` (closed, widened by its slack).

Composites: the sum of ``k`` items is an integer on :math:`[ka, kb]`; the mean of ``k``
items is such a sum divided by ``k``, so its SD bounds are those of the sum divided by ``k``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from mcstats import integer_data
from mcstats.audit import _scale
from mcstats.audit._scale import Score
from mcstats.audit.summary import Summary
from mcstats.integer_data import (
    max_sd_for_total,
    max_variance_for_total,
    min_nonzero_sd_for_total,
    min_nonzero_variance_for_total,
    min_sd_for_total,
    min_variance_for_total,
    widest_data,
)
from mcstats.printed import Reported

__all__ = [
    "SDBounds",
    "attainable_totals",
    "attainable_totals_for",
    "max_sd_for_total",
    "max_variance_for_total",
    "min_nonzero_sd_for_total",
    "min_nonzero_variance_for_total",
    "min_sd_for_total",
    "min_variance_for_total",
    "sd_bounds",
    "sd_bounds_for",
    "sd_possible",
    "sd_possible_for",
    "widest_data",
]


@dataclass(frozen=True)
class SDBounds:
    """SD bounds for a reported mean, on the reported scale.

    Attributes
    ----------
    min_sd : float
        Smallest possible SD (0 when the data can be constant).
    min_nonzero_sd : float or None
        Smallest possible SD above 0 (``None`` when only 0 is possible).
    max_sd : float
        Largest possible SD.
    exact : bool
        True when some integer total fits the mean; False when none does (the mean fails GRIM)
        and the bounds are the continuous Bhatia-Davis ones,
        :math:`0 \\le s^2 \\le \\frac{n}{n-1}(m-a)(b-m)` over the mean's interval.
    """

    min_sd: float
    min_nonzero_sd: float | None
    max_sd: float
    exact: bool


def attainable_totals(
    n: int,
    mean: Reported,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> range:
    """Integer totals (on the item-sum scale) whose mean prints as ``mean``.

    A mean of ``k`` items reported with ``d`` decimals fits every integer
    :math:`T \\in [n k\\,lo_m, n k\\,hi_m] \\cap [nk\\,lo, nk\\,hi]`, where
    :math:`[lo_m, hi_m]` is the mean's rounding interval.

    Examples
    --------
    >>> attainable_totals(432, "2.905", 1, 4)
    range(1255, 1256)
    """
    summary = Summary(mean, n, lo=lo, hi=hi, items=items, score=score, mean_decimals=decimals)
    return attainable_totals_for(summary)


def attainable_totals_for(s: Summary) -> range:
    r""":func:`attainable_totals` of a :class:`~mcstats.audit.summary.Summary` with a scale.

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).

    Returns
    -------
    range
        The totals that fit the mean, within :math:`[nk \cdot lo, nk \cdot hi]`.

    Examples
    --------
    >>> attainable_totals_for(Summary("2.905", 432, lo=1, hi=4))
    range(1255, 1256)
    """
    n = s.count()
    ulo, uhi = s.unit_bounds
    return integer_data.grim_totals(n, s.mean_interval(), factor=s.factor, lo=ulo, hi=uhi)


def sd_bounds(
    n: int,
    mean: Reported,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> SDBounds:
    """Smallest, smallest non-zero and largest SD of data whose mean prints as ``mean``.

    Parameters
    ----------
    n : int
        Sample size (at least 2).
    mean : str, float, int or Decimal
        The reported mean, preferably as printed text.
    lo, hi : int
        Lowest and highest response of one item (e.g. 1 and 4).
    items : int
        Number of items in the score (1 for a single item).
    score : {"mean", "sum"}
        ``"mean"`` when the score is the mean of its items, ``"sum"`` when it is their sum.
    decimals : int, optional
        Decimals of ``mean``; counted from it by default.

    Returns
    -------
    SDBounds
        The bounds over every integer total that fits the printed mean (so rounding of the
        mean is respected), on the reported scale.

    Notes
    -----
    Per total, :func:`max_variance_for_total` and :func:`min_variance_for_total` (module
    docstring); the bounds for a mean of ``k`` items are those of the sum divided by ``k``.
    If no total fits, the continuous bound :math:`\\frac{n}{n-1}(m-a)(b-m)` maximised over
    the interval of the mean is returned with ``exact=False``.

    References
    ----------
    Bhatia, R., & Davis, C. (2000). A better bound on the variance. *American Mathematical
    Monthly*, 107(4), 353-357.

    Examples
    --------
    The Rivers State item: N = 432, mean 2.905 on 1-4 needs a total of 1255; the widest data
    are 274 fours, one 2 and 157 ones, with SD 1.444:

    >>> b = sd_bounds(432, "2.905", 1, 4)
    >>> round(b.max_sd, 3), round(b.min_sd, 3)
    (1.444, 0.293)

    rsprite2's example, mean 4.2 of N = 5 on 1-7, and the mean of two such items:

    >>> b = sd_bounds(5, "4.2", 1, 7)
    >>> round(b.min_sd, 2), round(b.max_sd, 2)
    (0.45, 3.03)
    >>> round(sd_bounds(5, "4.2", 1, 7, items=2).min_sd, 2)
    0.27
    """
    return sd_bounds_for(Summary(mean, n, lo=lo, hi=hi, items=items, score=score, mean_decimals=decimals))


def sd_bounds_for(s: Summary) -> SDBounds:
    """:func:`sd_bounds` of a :class:`~mcstats.audit.summary.Summary` with a scale (its SD ignored).

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).

    Returns
    -------
    SDBounds
        As :func:`sd_bounds`.

    Examples
    --------
    >>> round(sd_bounds_for(Summary("2.905", 432, lo=1, hi=4)).max_sd, 3)
    1.444
    """
    n = s.count(2)
    totals = attainable_totals_for(s)
    factor = s.factor
    ulo, uhi = s.unit_bounds
    if len(totals) == 0:
        return _continuous_bounds(s)
    vmax = max(max_variance_for_total(n, t, ulo, uhi) for t in totals)
    vmin = min(min_variance_for_total(n, t, ulo, uhi) for t in totals)
    nonzero = [
        v for v in (min_nonzero_variance_for_total(n, t, ulo, uhi) for t in totals) if v is not None
    ]
    return SDBounds(
        min_sd=math.sqrt(vmin) / factor,
        min_nonzero_sd=math.sqrt(min(nonzero)) / factor if nonzero else None,
        max_sd=math.sqrt(vmax) / factor,
        exact=True,
    )


def _continuous_bounds(s: Summary) -> SDBounds:
    n = s.count(2)
    mlo, mhi = s.mean_interval().bounds
    lo, hi = s.scale
    a, b = _scale.reported_bounds(lo, hi, s.items, s.score)
    mlo, mhi = max(mlo, Fraction(a)), min(mhi, Fraction(b))
    if mlo > mhi:  # the mean is outside the scale: no data at all
        return SDBounds(min_sd=0.0, min_nonzero_sd=None, max_sd=0.0, exact=False)
    centre = Fraction(a + b, 2)
    m = min(max(centre, mlo), mhi)  # (m-a)(b-m) peaks at the centre of the scale
    v = Fraction(n, n - 1) * (m - a) * (b - m)
    return SDBounds(min_sd=0.0, min_nonzero_sd=None, max_sd=math.sqrt(v), exact=False)


def sd_possible(
    n: int,
    mean: Reported,
    sd: Reported,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
) -> bool:
    """Whether some integer data on the scale have a mean and an SD that print as reported.

    Parameters
    ----------
    n, mean, lo, hi, items, score
        As in :func:`sd_bounds`.
    sd : str, float, int or Decimal
        The reported SD (sample SD), preferably as printed text.
    mean_decimals, sd_decimals : int, optional
        Decimals of ``mean`` and ``sd``; counted from them by default.

    Returns
    -------
    bool
        False only when, for every integer total :math:`T` that fits the mean, the SD's
        interval lies wholly above :math:`s_{max}(T)`, wholly below :math:`s_{min}(T)`, or
        strictly between 0 and the smallest non-zero SD.

    Notes
    -----
    Rule: :math:`s_{min}(T) \\le s \\le s_{max}(T)` for some :math:`T`, with the formulas of
    the module docstring. This is a necessary condition only; GRIMMER
    (:func:`mcstats.audit.grim.grimmer`) adds the granularity of the sum of squares.

    References
    ----------
    Bhatia & Davis (2000); Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> sd_possible(432, "2.905", "3.215", 1, 4)   # Rivers State: max is 1.444
    False
    >>> sd_possible(432, "2.905", "0.95", 1, 4)
    True
    """
    summary = Summary(
        mean, n, sd, lo, hi, items=items, score=score, mean_decimals=mean_decimals, sd_decimals=sd_decimals
    )
    return sd_possible_for(summary)


def sd_possible_for(s: Summary) -> bool:
    """:func:`sd_possible` of a :class:`~mcstats.audit.summary.Summary` with an SD and a scale.

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).

    Returns
    -------
    bool
        As :func:`sd_possible`.

    Examples
    --------
    >>> sd_possible_for(Summary("2.905", 432, "3.215", lo=1, hi=4))
    False
    """
    n = s.count(2)
    factor = s.factor
    slo, shi = s.sd_interval().bounds
    slo = max(slo, Fraction(0))
    if shi < 0:
        return False
    vlo, vhi = (slo * factor) ** 2, (shi * factor) ** 2
    totals = attainable_totals_for(s)
    ulo, uhi = s.unit_bounds
    if len(totals) == 0:
        return float(slo) <= _continuous_bounds(s).max_sd * (1 + 1e-12)
    for t in totals:
        vmax = max_variance_for_total(n, t, ulo, uhi)
        vmin = min_variance_for_total(n, t, ulo, uhi)
        if vlo > vmax or vhi < vmin:
            continue
        if vmin == 0 and vlo > 0:
            nz = min_nonzero_variance_for_total(n, t, ulo, uhi)
            if nz is None or vhi < nz:
                continue
        return True
    return False
