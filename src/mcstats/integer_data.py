r"""What integer data allow: GRIM totals, sums of squares and SD bounds.

Likert responses are whole numbers, so their summaries are granular. Work on the *integer
scale*: one respondent's value is an integer :math:`x \in [a, b]` (an item's code, or the
sum of :math:`k` items on :math:`[k\,lo, k\,hi]`); the reported score is :math:`x / f` with
:math:`f = k` for the mean of :math:`k` items and :math:`f = 1` otherwise. Data are
summarised by the total :math:`T = \sum x_i` and the sum of squares :math:`Q = \sum x_i^2`:

.. math::

    \bar x = \frac{T}{n f}, \qquad s = \frac{1}{f}\sqrt{\frac{Q - T^2/n}{n - 1}}
    \quad\text{(sample SD)}.

The audit (:mod:`mcstats.audit`) and the reconstruction (:mod:`mcstats.replication.sprite`)
both decide with the functions below; what a printed mean or SD stands for comes from
:mod:`mcstats.printed` as an :class:`~mcstats.printed.Interval`, whose rounding policy the
caller chooses (the audit's closed interval, the reconstruction's half-up one).

1. **GRIM** (Brown & Heathers 2017): :math:`T` is an integer, so a printed mean is possible
   only if some integer :math:`T` has :math:`T/(nf)` in its interval (:func:`grim_totals`).
2. **Sums of squares for an SD**: :math:`(n-1) f^2 s^2 = Q - T^2/n`, so the SD's interval
   maps to an interval of :math:`Q` (:func:`sum_of_squares_interval`); :math:`Q` is an
   integer of the parity of :math:`T`, since :math:`x^2 - x = x(x-1)` is even (Anaya 2016,
   GRIMMER; :func:`sums_of_squares`).
3. **Extreme sums of squares for a total** (:func:`sum_of_squares_range`).

The exact maximum
-----------------
Maximising the SD for a total maximises :math:`Q`, a convex function, over the polytope
:math:`\{x \in [a,b]^n : \sum x_i = T\}`. Its maximum lies at a vertex, where at most one
coordinate is strictly between :math:`a` and :math:`b`: the data are piled at the two ends
with the remainder on one interior value. Writing :math:`T - na = j\,(b - a) + r`,
:math:`0 \le r < b - a`, the extreme data set is :math:`j` values at :math:`b`, one value
:math:`a + r` and :math:`n - j - 1` values at :math:`a`, so

.. math::

    Q_{max} = j b^2 + (a + r)^2 + (n - j - 1) a^2, \qquad
    s^2_{max} = \frac{Q_{max} - T^2/n}{n - 1}
    \;\le\; \frac{n}{n-1}(m - a)(b - m),

with equality in the Bhatia-Davis bound on the right when :math:`r = 0`.

The exact minimum
-----------------
Moving one unit from a larger to a smaller value that differ by 2 or more lowers :math:`Q`,
so the minimum is the balanced data set: with :math:`T = nq + r'`, :math:`0 \le r' < n`,
:math:`r'` values at :math:`q + 1` and :math:`n - r'` at :math:`q`, and
:math:`s^2_{min} = r'(n - r')/(n(n - 1))`. When :math:`r' = 0` the minimum is 0 (all values
equal) and the smallest *non-zero* SD moves one value up and one down,
:math:`s^2 = 2/(n-1)`, which needs :math:`a < q < b`.

References
----------
Anaya, J. (2016). The GRIMMER test. *PeerJ Preprints* 4:e2400v1. Bhatia, R., & Davis, C.
(2000). A better bound on the variance. *American Mathematical Monthly*, 107(4), 353-357.
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. *Social Psychological and
Personality Science*, 8(4), 363-369. Heathers, J. A. J., Anaya, J., van der Zee, T., &
Brown, N. J. L. (2018). SPRITE. *PeerJ Preprints* 6:e26968v1.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

from mcstats.errors import UsageError
from mcstats.printed import Interval

__all__ = [
    "balanced_data",
    "grim_totals",
    "max_sd_for_total",
    "max_sum_of_squares",
    "max_variance_for_total",
    "min_nonzero_sd_for_total",
    "min_nonzero_variance_for_total",
    "min_sd_for_total",
    "min_sum_of_squares",
    "min_variance_for_total",
    "sd_from_moments",
    "sum_of_squares_interval",
    "sum_of_squares_range",
    "sums_of_squares",
    "widest_data",
]


def _whole(v: object) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _check_n(n: int, minimum: int = 1) -> None:
    if not _whole(n) or n < minimum:
        raise UsageError(f"n must be a whole number of at least {minimum}, not {n!r}")


def _check_total(n: int, total: int, lo: int, hi: int, *, minimum_n: int = 1, strict: bool = False) -> None:
    """Raise unless ``n`` integers on ``lo..hi`` (``lo < hi`` when ``strict``) can add up to ``total``."""
    _check_n(n, minimum_n)
    for name, v in (("lo", lo), ("hi", hi)):
        if not _whole(v):
            raise UsageError(f"the scale bound {name} must be a whole number, not {v!r}")
    if lo > hi or (strict and lo == hi):
        raise UsageError(f"the scale needs lo < hi (got {lo}..{hi})")
    if not n * lo <= total <= n * hi:
        raise UsageError(f"a total of {total} is impossible for {n} values on {lo}..{hi}")


# --------------------------------------------------------------------------- GRIM


def grim_totals(
    n: int, mean: Interval, *, factor: int = 1, lo: int | None = None, hi: int | None = None
) -> range:
    r"""Integer totals :math:`T` whose mean :math:`T/(nf)` lies in a printed mean's interval.

    Parameters
    ----------
    n : int
        Number of respondents.
    mean : Interval
        The printed mean's interval (:func:`mcstats.printed.printed_interval`, with the
        caller's rounding policy).
    factor : int
        :math:`f = k` when the mean is the mean of :math:`k` items (values are item sums),
        else 1.
    lo, hi : int, optional
        One respondent's lowest and highest value on the integer scale; when given, totals
        outside :math:`[n\,lo, n\,hi]` are dropped.

    Returns
    -------
    range
        Consecutive totals; empty when no integer data have the mean (GRIM fails).

    Notes
    -----
    :math:`T \in [n f\,m_{lo},\ n f\,m_{hi}] \cap \mathbb{Z}`, an open end of the interval
    excluded (:meth:`mcstats.printed.Interval.integers`).

    References
    ----------
    Brown & Heathers (2017), GRIM.

    Examples
    --------
    Brown and Heathers' example: a mean of 5.19 from 28 people is impossible, since
    145/28 = 5.1786 and 146/28 = 5.2143:

    >>> from mcstats.printed import printed_interval
    >>> grim_totals(28, printed_interval("5.19")), grim_totals(28, printed_interval("5.21"))
    (range(146, 146), range(146, 147))
    """
    _check_n(n)
    _check_n(factor)
    totals = mean.integers(n * factor)
    start, stop = totals.start, totals.stop
    if lo is not None:
        start = max(start, n * lo)
    if hi is not None:
        stop = min(stop, n * hi + 1)
    return range(start, max(start, stop))


# --------------------------------------------------------------------------- sums of squares


def min_sum_of_squares(n: int, total: int) -> int:
    r"""Smallest :math:`Q = \sum x_i^2` of ``n`` integers adding up to ``total`` (any scale).

    Parameters
    ----------
    n : int
        Number of values.
    total : int
        Their sum :math:`T`.

    Returns
    -------
    int
        :math:`Q_{min} = (n - r)q^2 + r(q+1)^2` with :math:`T = nq + r`, :math:`0 \le r < n`
        (balanced data, module docstring).

    References
    ----------
    Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> min_sum_of_squares(432, 1255)  # 391 threes and 41 twos
    3683
    """
    _check_n(n)
    q, r = divmod(total, n)
    return (n - r) * q * q + r * (q + 1) ** 2


def max_sum_of_squares(n: int, total: int, lo: int, hi: int) -> int:
    r"""Largest :math:`Q = \sum x_i^2` of ``n`` integers on ``lo..hi`` adding up to ``total``.

    Parameters
    ----------
    n : int
        Number of values.
    total : int
        Their sum :math:`T`, with :math:`n\,lo \le T \le n\,hi`.
    lo, hi : int
        The scale.

    Returns
    -------
    int
        :math:`Q_{max} = j b^2 + (a + r)^2 + (n - j - 1) a^2` with
        :math:`T - na = j(b - a) + r` (module docstring).

    References
    ----------
    Bhatia & Davis (2000); Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> max_sum_of_squares(432, 1255, 1, 4)  # 274 fours, one 2, 157 ones
    4545
    """
    _check_total(n, total, lo, hi)
    if lo == hi:
        return n * lo * lo
    j, r = divmod(total - n * lo, hi - lo)
    if j >= n:  # every value at hi (then r == 0)
        return n * hi * hi
    return j * hi * hi + (lo + r) ** 2 + (n - j - 1) * lo * lo


def sum_of_squares_range(n: int, total: int, lo: int, hi: int) -> tuple[int, int]:
    r"""Smallest and largest :math:`Q = \sum x_i^2` of ``n`` integers on ``lo..hi`` adding up to ``total``.

    Parameters
    ----------
    n : int
        Number of values (at least 1).
    total : int
        Their sum, with :math:`n\,lo \le T \le n\,hi`.
    lo, hi : int
        The scale.

    Returns
    -------
    tuple of int
        ``(q_min, q_max)``: :func:`min_sum_of_squares` and :func:`max_sum_of_squares`.

    Raises
    ------
    UsageError
        When no ``n`` integers on the scale add up to ``total``.

    Notes
    -----
    Every integer :math:`Q` of the parity of :math:`T` between the two is the sum of squares
    of some data set (SPRITE's moves change :math:`Q` by 2), so the range is exact.

    References
    ----------
    Bhatia & Davis (2000); Heathers et al. (2018), SPRITE.

    Examples
    --------
    Rivers State item 7 (N = 432, total 1255): the smallest Q is that of 391 threes and 41
    twos, the largest that of 274 fours, one 2 and 157 ones:

    >>> sum_of_squares_range(432, 1255, 1, 4)
    (3683, 4545)
    """
    q_max = max_sum_of_squares(n, total, lo, hi)
    return min_sum_of_squares(n, total), q_max


def sum_of_squares_interval(n: int, total: int, sd: Interval, factor: int = 1) -> Interval | None:
    r"""The sums of squares :math:`Q` whose sample SD lies in a printed SD's interval.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum :math:`T` on the integer scale.
    sd : Interval
        The printed SD's interval on the reported scale
        (:func:`mcstats.printed.printed_interval`).
    factor : int
        :math:`f`, the reported scale is the integer scale divided by it.

    Returns
    -------
    Interval or None
        :math:`[T^2/n + (n-1) f^2 s_{lo}^2,\ T^2/n + (n-1) f^2 s_{hi}^2]`, each end closed or
        open as the SD's, with :math:`s_{lo}` raised to 0 (closed) if negative; None when the
        whole SD interval is negative.

    Notes
    -----
    :math:`(n-1) f^2 s^2 = Q - T^2/n` is increasing in :math:`s \ge 0`, so the ends map to
    ends.

    References
    ----------
    Anaya (2016), GRIMMER.

    Examples
    --------
    Mean 3.44 (total 62), SD 2.47, N = 18: :math:`Q \in [316.85, 317.69]`.

    >>> from mcstats.printed import printed_interval
    >>> q = sum_of_squares_interval(18, 62, printed_interval("2.47"))
    >>> round(float(q.lo), 2), round(float(q.hi), 2)
    (316.85, 317.69)
    """
    _check_n(n, 2)
    if sd.hi < 0 or (sd.hi == 0 and not sd.hi_closed):
        return None
    s_lo, lo_closed = (sd.lo, sd.lo_closed) if sd.lo > 0 else (Fraction(0), True)
    base = Fraction(total * total, n)
    return Interval(
        base + (n - 1) * (s_lo * factor) ** 2,
        base + (n - 1) * (sd.hi * factor) ** 2,
        lo_closed=lo_closed,
        hi_closed=sd.hi_closed,
    )


def sums_of_squares(
    n: int, total: int, sd: Interval, factor: int = 1, *, within: tuple[int, int] | None = None
) -> range:
    r"""Integer sums of squares of the parity of ``total`` whose SD lies in ``sd``'s interval.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum :math:`T`.
    sd : Interval
        The printed SD's interval.
    factor : int
        :math:`f` (module docstring).
    within : tuple of int, optional
        ``(q_min, q_max)`` to intersect with, e.g. :func:`sum_of_squares_range`.

    Returns
    -------
    range
        Step 2, every :math:`Q \equiv T \pmod 2` in :func:`sum_of_squares_interval` (and in
        ``within``); empty when none.

    Notes
    -----
    :math:`Q \equiv T \pmod 2` because :math:`x^2 - x = x(x - 1)` is even (Anaya's parity).

    References
    ----------
    Anaya (2016), GRIMMER.

    Examples
    --------
    The only integer in :math:`[316.85, 317.69]` is 317, odd, but the total 62 is even:

    >>> from mcstats.printed import printed_interval
    >>> sums_of_squares(18, 62, printed_interval("2.47"))
    range(318, 318, 2)
    >>> sums_of_squares(28, 146, printed_interval("1.6"))  # Q = 828, 830, 832, 834
    range(828, 835, 2)
    """
    q = sum_of_squares_interval(n, total, sd, factor)
    if q is None:
        return range(0, 0, 2)
    ints = q.integers()
    first, stop = ints.start, ints.stop
    if within is not None:
        first, stop = max(first, within[0]), min(stop, within[1] + 1)
    if (first - total) % 2:
        first += 1
    return range(first, max(first, stop), 2)


def sd_from_moments(n: int, total: int, sum_sq: int, factor: int = 1) -> float:
    r"""Sample SD of integer data from N, total and sum of squares.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total, sum_sq : int
        :math:`T = \sum x_i` and :math:`Q = \sum x_i^2` on the integer scale.
    factor : int
        :math:`f`; the SD is reported on the integer scale divided by it.

    Returns
    -------
    float
        :math:`\sqrt{(Q - T^2/n)/(n-1)}/f`.

    Examples
    --------
    >>> round(sd_from_moments(4, 10, 30), 6)  # 1, 2, 3, 4
    1.290994
    """
    var = (Fraction(sum_sq) - Fraction(total * total, n)) / (n - 1)
    return math.sqrt(var) / factor


# --------------------------------------------------------------------------- SD bounds


def max_variance_for_total(n: int, total: int, lo: int, hi: int) -> Fraction:
    r"""Exact largest sample variance of ``n`` integers on ``lo..hi`` adding up to ``total``.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale, ``lo < hi``.

    Returns
    -------
    Fraction
        :math:`s^2_{max} = (Q_{max} - T^2/n)/(n-1)` (module docstring).

    References
    ----------
    Bhatia & Davis (2000); Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> max_variance_for_total(5, 21, 1, 7)  # two 7s, one 5, two 1s
    Fraction(46, 5)
    """
    _check_scale(n, total, lo, hi)
    return (max_sum_of_squares(n, total, lo, hi) - Fraction(total * total, n)) / (n - 1)


def min_variance_for_total(n: int, total: int, lo: int, hi: int) -> Fraction:
    r"""Exact smallest sample variance of ``n`` integers on ``lo..hi`` adding up to ``total``.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale, ``lo < hi``.

    Returns
    -------
    Fraction
        :math:`s^2_{min} = r(n-r)/(n(n-1))` with :math:`T = nq + r` (balanced data), which is
        :math:`(Q_{min} - T^2/n)/(n-1)`.

    References
    ----------
    Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> min_variance_for_total(5, 21, 1, 7)  # four 4s and one 5
    Fraction(1, 5)
    """
    _check_scale(n, total, lo, hi)
    return (min_sum_of_squares(n, total) - Fraction(total * total, n)) / (n - 1)


def min_nonzero_variance_for_total(n: int, total: int, lo: int, hi: int) -> Fraction | None:
    r"""Smallest sample variance above zero, or ``None`` if only zero is possible.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale, ``lo < hi``.

    Returns
    -------
    Fraction or None
        :func:`min_variance_for_total` unless ``total`` is a multiple of ``n``; then
        :math:`2/(n-1)` (one value moved up and one down) if the common value is inside the
        scale, else None.

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


def _check_scale(n: int, total: int, lo: int, hi: int) -> None:
    _check_total(n, total, lo, hi, minimum_n=2, strict=True)


def max_sd_for_total(n: int, total: int, lo: int, hi: int) -> float:
    """Largest sample SD of ``n`` integers on ``lo..hi`` with the given total.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale.

    Returns
    -------
    float
        The square root of :func:`max_variance_for_total`.

    Examples
    --------
    >>> round(max_sd_for_total(432, 1255, 1, 4), 4)  # mean 2.905 on a 1-4 scale
    1.4443
    """
    return math.sqrt(max_variance_for_total(n, total, lo, hi))


def min_sd_for_total(n: int, total: int, lo: int, hi: int) -> float:
    """Smallest sample SD of ``n`` integers on ``lo..hi`` with the given total.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale.

    Returns
    -------
    float
        The square root of :func:`min_variance_for_total`.

    Examples
    --------
    >>> round(min_sd_for_total(5, 21, 1, 7), 4)
    0.4472
    """
    return math.sqrt(min_variance_for_total(n, total, lo, hi))


def min_nonzero_sd_for_total(n: int, total: int, lo: int, hi: int) -> float | None:
    """Smallest non-zero sample SD, or ``None`` where the data can only be constant.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale.

    Returns
    -------
    float or None
        The square root of :func:`min_nonzero_variance_for_total`.

    Examples
    --------
    >>> round(min_nonzero_sd_for_total(10, 30, 1, 5), 4)  # sqrt(2/9)
    0.4714
    """
    v = min_nonzero_variance_for_total(n, total, lo, hi)
    return None if v is None else math.sqrt(v)


def widest_data(n: int, total: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """The data set with the largest SD for a total: ``(value, count)`` pairs, highest first.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    total : int
        Their sum.
    lo, hi : int
        The scale, ``lo < hi``.

    Returns
    -------
    list of tuple of int
        ``j`` values at ``hi``, one at ``lo + r`` and the rest at ``lo``, with
        ``total - n*lo = j*(hi - lo) + r`` (module docstring); counts of 0 left out.

    References
    ----------
    Bhatia & Davis (2000).

    Examples
    --------
    >>> widest_data(432, 1255, 1, 4)
    [(4, 274), (2, 1), (1, 157)]
    """
    _check_scale(n, total, lo, hi)
    j, r = divmod(total - n * lo, hi - lo)
    pairs = [(hi, j)]
    rest = n - j
    if r > 0:
        pairs.append((lo + r, 1))
        rest -= 1
    pairs.append((lo, rest))
    return [(v, c) for v, c in pairs if c > 0]


def balanced_data(n: int, total: int) -> list[tuple[int, int]]:
    r"""The data set with the smallest SD for a total: ``(value, count)`` pairs, highest first.

    Parameters
    ----------
    n : int
        Number of values (at least 1).
    total : int
        Their sum.

    Returns
    -------
    list of tuple of int
        With :math:`T = nq + r`, :math:`0 \le r < n`: ``r`` values at ``q + 1`` and ``n - r`` at
        ``q`` (module docstring); counts of 0 left out. Its sum of squares is
        :func:`min_sum_of_squares`.

    References
    ----------
    Heathers et al. (2018), SPRITE.

    Examples
    --------
    >>> balanced_data(432, 1255)  # 1255 = 432 x 2 + 391
    [(3, 391), (2, 41)]
    """
    _check_n(n)
    q, r = divmod(total, n)
    return [(v, c) for v, c in ((q + 1, r), (q, n - r)) if c > 0]
