r"""The smallest and the largest SD that integer data on a bounded scale can have.

All SDs are sample SDs (divisor :math:`n - 1`). Scores are single items, sums of ``k``
items or means of ``k`` items; the functions with ``_for_total`` work on integers directly,
the others take a reported mean and reduce it to integer totals (see :mod:`._scale`).

The exact maximum
-----------------
Let :math:`x_1..x_n` be integers in :math:`[a, b]` with total :math:`T` (mean
:math:`m = T/n`). Since :math:`(n-1)s^2 = \sum x_i^2 - T^2/n`, maximising the SD means
maximising :math:`Q = \sum x_i^2`, a convex function, over the polytope
:math:`\{x \in [a,b]^n : \sum x_i = T\}`. Its maximum lies at a vertex, where at most one
coordinate is strictly between :math:`a` and :math:`b`: the data are piled at the two ends
with the remainder on one interior value. Writing

.. math::

    T - na = j\,(b - a) + f, \qquad 0 \le f < b - a,

the extreme data set is :math:`j` values at :math:`b`, one value :math:`a + f` and
:math:`n - j - 1` values at :math:`a`, all integers when :math:`T` is, so

.. math::

    Q_{max} = j b^2 + (a + f)^2 + (n - j - 1) a^2, \qquad
    s^2_{max} = \frac{Q_{max} - T^2/n}{n - 1}
    \;\le\; \frac{n}{n-1}(m - a)(b - m),

with equality in the (Bhatia-Davis) bound on the right when :math:`f = 0`.

The exact minimum
-----------------
Moving one unit from a larger to a smaller value that differ by 2 or more lowers :math:`Q`,
so the minimum is the balanced data set: with :math:`T = nq + r`, :math:`0 \le r < n`,
:math:`r` values at :math:`q + 1` and :math:`n - r` at :math:`q`:

.. math::

    s^2_{min} = \frac{r (n - r)}{n (n - 1)}.

When :math:`r = 0` the minimum is 0 (all values equal) and the smallest *non-zero* SD moves
one value up and one down, :math:`s^2 = 2/(n-1)`, which needs :math:`a < q < b`.

Composites: the sum of ``k`` items is an integer on :math:`[ka, kb]`; the mean of ``k``
items is such a sum divided by ``k``, so its SD bounds are those of the sum divided by ``k``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from mcstats.audit import _scale
from mcstats.audit._scale import Score
from mcstats.audit.rounding import Reported, exact_interval
from mcstats.errors import UsageError


def _check_total(n: int, total: int, lo: int, hi: int) -> None:
    _scale.check_n(n, 2)
    _scale.check_scale(lo, hi)
    if not n * lo <= total <= n * hi:
        raise UsageError(f"a total of {total} is impossible for {n} values on {lo}..{hi}")


def max_variance_for_total(n: int, total: int, lo: int, hi: int) -> Fraction:
    """Exact largest sample variance of ``n`` integers on ``lo..hi`` adding up to ``total``.

    See the module docstring for the derivation:
    :math:`s^2_{max} = (j b^2 + (a+f)^2 + (n-j-1) a^2 - T^2/n)/(n-1)` with
    :math:`T - na = j(b-a) + f`.

    References
    ----------
    Bhatia & Davis (2000); Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> max_variance_for_total(5, 21, 1, 7)  # two 7s, one 5, two 1s
    Fraction(46, 5)
    """
    _check_total(n, total, lo, hi)
    j, f = divmod(total - n * lo, hi - lo)
    # j == n: every value at hi (then f == 0 and the middle terms cancel; kept explicit)
    q = n * hi * hi if j == n else j * hi * hi + (lo + f) ** 2 + (n - j - 1) * lo * lo
    return (q - Fraction(total * total, n)) / (n - 1)


def min_variance_for_total(n: int, total: int, lo: int, hi: int) -> Fraction:
    r"""Exact smallest sample variance of ``n`` integers on ``lo..hi`` adding up to ``total``.

    :math:`s^2_{min} = r(n-r)/(n(n-1))` with :math:`T = nq + r` (balanced data).

    References
    ----------
    Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> min_variance_for_total(5, 21, 1, 7)  # four 4s and one 5
    Fraction(1, 5)
    """
    _check_total(n, total, lo, hi)
    r = total % n
    return Fraction(r * (n - r), n * (n - 1))


def min_nonzero_variance_for_total(n: int, total: int, lo: int, hi: int) -> Fraction | None:
    """Smallest sample variance above zero, or ``None`` if only zero is possible.

    Equals :func:`min_variance_for_total` unless ``total`` is a multiple of ``n``; then it is
    :math:`2/(n-1)` (one value moved up and one down), if the common value is inside the
    scale.

    References
    ----------
    Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> min_nonzero_variance_for_total(10, 30, 1, 5)
    Fraction(2, 9)
    >>> min_nonzero_variance_for_total(10, 10, 1, 5) is None  # all ten at the floor
    True
    """
    v = min_variance_for_total(n, total, lo, hi)
    if v > 0:
        return v
    q = total // n
    if lo < q < hi:
        return Fraction(2, n - 1)
    return None


def max_sd_for_total(n: int, total: int, lo: int, hi: int) -> float:
    """Largest sample SD of ``n`` integers on ``lo..hi`` with the given total.

    Examples
    --------
    >>> round(max_sd_for_total(432, 1255, 1, 4), 4)  # mean 2.905 on a 1-4 scale
    1.4443
    """
    return math.sqrt(max_variance_for_total(n, total, lo, hi))


def min_sd_for_total(n: int, total: int, lo: int, hi: int) -> float:
    """Smallest sample SD of ``n`` integers on ``lo..hi`` with the given total.

    Examples
    --------
    >>> round(min_sd_for_total(5, 21, 1, 7), 4)
    0.4472
    """
    return math.sqrt(min_variance_for_total(n, total, lo, hi))


def min_nonzero_sd_for_total(n: int, total: int, lo: int, hi: int) -> float | None:
    """Smallest non-zero sample SD, or ``None`` where the data can only be constant.

    Examples
    --------
    >>> round(min_nonzero_sd_for_total(10, 30, 1, 5), 4)  # sqrt(2/9)
    0.4714
    """
    v = min_nonzero_variance_for_total(n, total, lo, hi)
    return None if v is None else math.sqrt(v)


@dataclass(frozen=True)
class SDBounds:
    """SD bounds for a reported mean, on the reported scale.

    Attributes
    ----------
    min_sd:
        Smallest possible SD (0 when the data can be constant).
    min_nonzero_sd:
        Smallest possible SD above 0 (``None`` when only 0 is possible).
    max_sd:
        Largest possible SD.
    exact:
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
    _scale.check_n(n)
    _scale.check_scale(lo, hi, items, score)
    factor = _scale.unit_factor(items, score)
    mlo, mhi = exact_interval(mean, decimals)
    ulo, uhi = _scale.unit_bounds(lo, hi, items)
    totals = _scale.totals_in(mlo * factor, mhi * factor, n)
    return range(max(totals.start, n * ulo), min(totals.stop, n * uhi + 1))


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
    n:
        Sample size (at least 2).
    mean:
        The reported mean, preferably as printed text.
    lo, hi:
        Lowest and highest response of one item (e.g. 1 and 4).
    items:
        Number of items in the score (1 for a single item).
    score:
        ``"mean"`` when the score is the mean of its items, ``"sum"`` when it is their sum.
    decimals:
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
    _scale.check_n(n, 2)
    totals = attainable_totals(n, mean, lo, hi, items=items, score=score, decimals=decimals)
    factor = _scale.unit_factor(items, score)
    ulo, uhi = _scale.unit_bounds(lo, hi, items)
    if len(totals) == 0:
        return _continuous_bounds(n, mean, lo, hi, items, score, decimals)
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


def _continuous_bounds(
    n: int, mean: Reported, lo: int, hi: int, items: int, score: Score, decimals: int | None
) -> SDBounds:
    mlo, mhi = exact_interval(mean, decimals)
    a, b = _scale.reported_bounds(lo, hi, items, score)
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
    n, mean, lo, hi, items, score:
        As in :func:`sd_bounds`.
    sd:
        The reported SD (sample SD), preferably as printed text.
    mean_decimals, sd_decimals:
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
    _scale.check_n(n, 2)
    factor = _scale.unit_factor(items, score)
    slo, shi = exact_interval(sd, sd_decimals)
    slo = max(slo, Fraction(0))
    if shi < 0:
        return False
    vlo, vhi = (slo * factor) ** 2, (shi * factor) ** 2
    totals = attainable_totals(n, mean, lo, hi, items=items, score=score, decimals=mean_decimals)
    ulo, uhi = _scale.unit_bounds(lo, hi, items)
    if len(totals) == 0:
        bounds = _continuous_bounds(n, mean, lo, hi, items, score, mean_decimals)
        return float(slo) <= bounds.max_sd * (1 + 1e-12)
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


def widest_data(n: int, total: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """The data set with the largest SD for a total: ``(value, count)`` pairs, highest first.

    ``j`` values at ``hi``, one at ``lo + f`` and the rest at ``lo``, with
    ``total - n*lo = j*(hi - lo) + f`` (module docstring).

    References
    ----------
    Bhatia & Davis (2000).

    Examples
    --------
    >>> widest_data(432, 1255, 1, 4)
    [(4, 274), (2, 1), (1, 157)]
    """
    _check_total(n, total, lo, hi)
    j, f = divmod(total - n * lo, hi - lo)
    pairs = [(hi, j)]
    rest = n - j
    if f > 0:
        pairs.append((lo + f, 1))
        rest -= 1
    pairs.append((lo, rest))
    return [(v, c) for v, c in pairs if c > 0]
