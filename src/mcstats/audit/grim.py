r"""Granularity checks: GRIM for means, GRIMMER for SDs, DEBIT for binary items.

Integer data have granular summaries. The mean of :math:`n` integers is :math:`T/n` for an
integer total :math:`T`; the mean of a score built from :math:`k` items (complete responses)
is :math:`T/(nk)`. With the printed precision this leaves only some printable means (GRIM);
the sum of squares :math:`Q = \sum x_i^2` is an integer too, of the same parity as
:math:`T`, which leaves only some printable SDs (GRIMMER); and a binary item's SD is fixed
by its mean (DEBIT).

Every check uses the closed, slightly widened rounding intervals of :mod:`mcstats.printed`
(its ``"either-way"`` policy with slack, so ties rounded any way pass) and the integer-data
facts of :mod:`mcstats.integer_data` shared with the reconstruction; it tries every total
:math:`T` that fits the printed mean (so the rounding of the mean used inside the SD check
is respected) and flags only when nothing fits. They are necessary conditions: passing them
does not prove that data exist.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Literal, TypeAlias

from mcstats import integer_data
from mcstats.audit import _scale
from mcstats.audit._scale import Score
from mcstats.audit.summary import Summary
from mcstats.printed import Interval, Reported, decimals_of, exact_interval, printed_interval, round_half_up

GrimmerReason: TypeAlias = Literal["grim", "range", "bounds", "granularity", "parity"]


def grim_totals(
    mean: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> range:
    r"""Integer totals :math:`T` (on the item-sum scale) whose mean prints as ``mean``.

    Rule: :math:`T` is an integer with :math:`lo \le T/(n f) \le hi`, where
    :math:`[lo, hi]` is the printed mean's rounding interval and :math:`f = k` for the mean
    of :math:`k` items (granularity :math:`1/(nk)`), :math:`f = 1` for a single item or a sum.

    References
    ----------
    Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> grim_totals("5.21", 28)  # 146 / 28 = 5.2143
    range(146, 147)
    >>> len(grim_totals("5.19", 28))
    0
    """
    return grim_totals_for(Summary(mean, n, items=items, score=score, mean_decimals=decimals))


def grim_totals_for(s: Summary) -> range:
    """:func:`grim_totals` of a :class:`~mcstats.audit.summary.Summary` (its scale ignored).

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).

    Returns
    -------
    range
        The totals :math:`T` on the item-sum scale with :math:`T/(nf)` in the mean's interval.

    Examples
    --------
    >>> grim_totals_for(Summary("5.21", 28))
    range(146, 147)
    """
    return integer_data.grim_totals(s.count(), s.mean_interval(), factor=s.factor)


def _audit_interval(value: Reported, decimals: int | None) -> Interval:
    """The audit's interval of a printed value: closed, widened by the slack."""
    return printed_interval(value, decimals, policy="either-way", slack=True)


def grim(
    mean: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> bool:
    r"""GRIM: can the mean of ``n`` integer scores print as ``mean``?

    Parameters
    ----------
    mean : str, float, int or Decimal
        The reported mean, preferably as printed text (``"5.20"`` keeps its zero).
    n : int
        Number of respondents.
    items : int
        Number of items averaged (``score="mean"``) or summed (``score="sum"``) in each
        respondent's score; 1 for a single item.
    score : {"mean", "sum"}
        ``"mean"`` (granularity :math:`1/(nk)`) or ``"sum"`` (granularity :math:`1/n`).
    decimals : int, optional
        Decimals of ``mean``; counted from it by default.

    Returns
    -------
    bool
        True when some integer total :math:`T` gives :math:`T/(nk)` inside the printed
        mean's rounding interval.

    Notes
    -----
    Formula: consistent iff :math:`\lceil n k\,lo \rceil \le \lfloor n k\,hi \rfloor` with
    :math:`[lo, hi] = [\bar x - \tfrac12 10^{-d}, \bar x + \tfrac12 10^{-d}]`. The test has
    no power once :math:`nk \ge 10^d`.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. *Social Psychological and
    Personality Science*, 8(4), 363-369.

    Examples
    --------
    Brown and Heathers' example: a mean of 5.19 from 28 people is impossible, since
    145/28 = 5.1786 and 146/28 = 5.2143:

    >>> grim("5.19", 28), grim("5.21", 28)
    (False, True)

    A mean of three items for 120 people has granularity 1/360 (57/360 = 0.158333):

    >>> grim("0.158", 120, items=3), grim("0.157", 120, items=3)
    (True, False)
    """
    return len(grim_totals(mean, n, items=items, score=score, decimals=decimals)) > 0


def grim_nearest(
    mean: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> tuple[str, str]:
    """The nearest printable means below and above ``mean`` (round half up), for messages.

    Examples
    --------
    >>> grim_nearest("5.19", 28)
    ('5.18', '5.21')
    """
    _scale.check_n(n)
    d = decimals if decimals is not None else decimals_of(mean)
    factor = _scale.unit_factor(items, score)
    lo, hi = exact_interval(mean, d)
    below = Fraction(math.floor(lo * factor * n), n * factor)
    above = Fraction(math.ceil(hi * factor * n), n * factor)
    return str(round_half_up(below, d)), str(round_half_up(above, d))


def grim_percent(percent: Reported, n: int, decimals: int | None = None) -> bool:
    r"""GRIM for a percentage of ``n`` people: is some whole count :math:`c` consistent?

    Rule: :math:`100\,c/n` must lie in the printed percentage's rounding interval for some
    integer :math:`0 \le c \le n`.

    References
    ----------
    Brown & Heathers (2017), GRIM, applied to percentages (scrutiny's ``percent = TRUE``).

    Examples
    --------
    >>> grim_percent("67.4", 150), grim_percent("67.3", 150)  # 101/150 = 67.33 %
    (False, True)
    """
    _scale.check_n(n)
    proportion = _audit_interval(percent, decimals).divided(100)
    return len(integer_data.grim_totals(n, proportion, lo=0, hi=1)) > 0


def grimmer_reason(
    mean: Reported,
    sd: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
    lo: int | None = None,
    hi: int | None = None,
) -> GrimmerReason | None:
    """Why GRIMMER fails (``None`` when the mean and SD are consistent).

    Returns one of ``"grim"`` (no total fits the mean), ``"range"`` (no total fits the mean
    within the scale), ``"bounds"`` (sums of squares exist but not between the smallest and
    largest that integer data allow), ``"granularity"`` (no integer sum of squares fits the
    SD) or ``"parity"`` (the integer sums of squares that fit have the wrong parity). See
    :func:`grimmer` for the rule.

    Examples
    --------
    >>> grimmer_reason("3.44", "2.47", 18)
    'parity'
    """
    summary = Summary(
        mean, n, sd, lo, hi, items=items, score=score, mean_decimals=mean_decimals, sd_decimals=sd_decimals
    )
    return grimmer_reason_for(summary)


def grimmer_reason_for(s: Summary) -> GrimmerReason | None:
    """:func:`grimmer_reason` of a :class:`~mcstats.audit.summary.Summary` with an SD.

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).

    Returns
    -------
    str or None
        As :func:`grimmer_reason`.

    Examples
    --------
    >>> grimmer_reason_for(Summary("3.44", 18, "2.47"))
    'parity'
    """
    n = s.count(2)
    factor = s.factor
    totals = grim_totals_for(s)
    if len(totals) == 0:
        return "grim"
    ulo: int | None = None
    uhi: int | None = None
    if s.has_scale:
        ulo, uhi = s.unit_bounds
        totals = range(max(totals.start, n * ulo), min(totals.stop, n * uhi + 1))
        if len(totals) == 0:
            return "range"
    sd_interval = s.sd_interval()
    if sd_interval.hi < 0:
        return "bounds"
    reasons: set[GrimmerReason] = set()
    for t in totals:
        q_interval = integer_data.sum_of_squares_interval(n, t, sd_interval, factor)
        assert q_interval is not None  # the SD interval reaches 0 or above
        ints = q_interval.integers()
        if len(ints) == 0:
            reasons.add("granularity")
            continue
        q_min = integer_data.min_sum_of_squares(n, t)
        q_max = ints[-1]
        if ulo is not None and uhi is not None:
            q_max = min(q_max, integer_data.max_sum_of_squares(n, t, ulo, uhi))
        if max(ints.start, q_min) > q_max:
            reasons.add("bounds")
            continue
        if integer_data.sums_of_squares(n, t, sd_interval, factor, within=(q_min, q_max)):
            return None
        reasons.add("parity")
    order: tuple[GrimmerReason, ...] = ("parity", "bounds", "granularity")
    return next(reason for reason in order if reason in reasons)


def grimmer(
    mean: Reported,
    sd: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
    lo: int | None = None,
    hi: int | None = None,
) -> bool:
    r"""GRIMMER: can ``n`` integer scores have a mean and a sample SD that print as reported?

    Parameters
    ----------
    mean, sd : str, float, int or Decimal
        The reported mean and SD (sample SD), preferably as printed text.
    n : int
        Number of respondents (at least 2).
    items : int
        Items in the score (1 for a single item).
    score : {"mean", "sum"}
        Whether the score is the mean or the sum of its items. A mean of :math:`k` items is
        checked as the sum, :math:`k` times larger.
    mean_decimals, sd_decimals : int, optional
        Decimals of ``mean`` and ``sd``; counted from them by default.
    lo, hi : int, optional
        Item scale (optional). When given, sums of squares are also capped by the largest
        that data on the scale allow.

    Returns
    -------
    bool
        True when some integer total :math:`T` and some integer sum of squares :math:`Q`
        fit both printed values and the rules below.

    Notes
    -----
    With integer data :math:`x_i` (item sums for a composite),
    :math:`(n-1)s^2 = Q - T^2/n`, so for each total :math:`T` allowed by GRIM there must be an
    integer :math:`Q` with

    .. math::

        (n-1)\,s_{lo}^2 + T^2/n \;\le\; Q \;\le\; (n-1)\,s_{hi}^2 + T^2/n,

    where :math:`[s_{lo}, s_{hi}]` is the SD's rounding interval; moreover
    :math:`Q \equiv T \pmod 2` (since :math:`x^2 \equiv x`, Anaya's parity rule),
    :math:`Q \ge Q_{min}(T) = nq^2 + r(2q+1)` for :math:`T = nq + r` (balanced data) and, with
    a scale, :math:`Q \le Q_{max}(T)` (data at the two ends, see
    :mod:`mcstats.audit.sd_bounds`). Unlike Allard's A-GRIMMER, every total that fits the
    rounded mean is tried, not only :math:`\mathrm{round}(n\bar x)`.

    References
    ----------
    Anaya, J. (2016). The GRIMMER test. *PeerJ Preprints* 4:e2400v1. Allard, A. (2018).
    Analytic-GRIMMER. Jung, L. (2024). scrutiny (R package), ``grimmer()``.

    Examples
    --------
    Mean 3.44, SD 2.47, N = 18: the total must be 62 (even), but the only integer sum of
    squares in :math:`[17 \cdot 2.465^2 + 62^2/18, 17 \cdot 2.475^2 + 62^2/18] =
    [316.85, 317.69]` is 317 (odd):

    >>> grimmer("3.44", "2.47", 18)
    False
    >>> grimmer("5.21", "1.6", 28)
    True
    """
    return (
        grimmer_reason(
            mean,
            sd,
            n,
            items=items,
            score=score,
            mean_decimals=mean_decimals,
            sd_decimals=sd_decimals,
            lo=lo,
            hi=hi,
        )
        is None
    )


def debit_sd_range(mean: Reported, n: int, decimals: int | None = None) -> tuple[float, float]:
    r"""Range of sample SDs of 0/1 data whose mean (proportion) prints as ``mean``.

    :math:`s^2 = c(n-c)/(n(n-1))` for :math:`c` ones among :math:`n`, over every :math:`c`
    with :math:`c/n` in the mean's interval. Returns ``(nan, nan)`` if no :math:`c` fits.

    References
    ----------
    Heathers & Brown (2019), DEBIT.

    Examples
    --------
    >>> [round(x, 4) for x in debit_sd_range("0.19", 1683)]
    [0.3887, 0.3962]
    """
    _scale.check_n(n, 2)
    counts = _debit_counts(mean, n, decimals)
    if len(counts) == 0:
        return math.nan, math.nan
    variances = [Fraction(c * (n - c), n * (n - 1)) for c in counts]
    return math.sqrt(min(variances)), math.sqrt(max(variances))


def _debit_counts(mean: Reported, n: int, decimals: int | None) -> range:
    return integer_data.grim_totals(n, _audit_interval(mean, decimals), lo=0, hi=1)


def debit(
    mean: Reported,
    sd: Reported,
    n: int,
    *,
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
) -> bool:
    r"""DEBIT: are the mean (proportion) and SD of a 0/1 item consistent?

    Parameters
    ----------
    mean : str, float, int or Decimal
        The reported mean of the 0/1 item, i.e. the proportion of ones (not a percentage).
    sd : str, float, int or Decimal
        The reported sample SD.
    n : int
        Number of respondents (at least 2).
    mean_decimals, sd_decimals : int, optional
        Decimals; counted from the values by default.

    Returns
    -------
    bool
        True when some count :math:`c` of ones has :math:`c/n` in the mean's interval and
        :math:`\sqrt{c(n-c)/(n(n-1))}` in the SD's interval.

    Notes
    -----
    For binary data the SD is a function of the mean:
    :math:`s = \sqrt{\tfrac{n}{n-1}\,p(1-p)}`, :math:`p = c/n` (sample SD). Papers that print
    the population SD (divisor :math:`n`) can fail this check for small :math:`n`.

    References
    ----------
    Heathers, J. A. J., & Brown, N. J. L. (2019). DEBIT: A simple consistency test for binary
    data. OSF preprint.

    Examples
    --------
    From scrutiny's ``pigs3`` data (N = 1683): a proportion of 0.19 needs 312..328 ones,
    whose SDs are 0.389..0.396, so 0.35 is impossible; 0.53 with 0.50 is fine.

    >>> debit("0.19", "0.35", 1683), debit("0.53", "0.50", 1683)
    (False, True)
    """
    _scale.check_n(n, 2)
    slo, shi = exact_interval(sd, sd_decimals)
    if shi < 0:
        return False
    vlo, vhi = max(slo, Fraction(0)) ** 2, shi**2
    for c in _debit_counts(mean, n, mean_decimals):
        v = Fraction(c * (n - c), n * (n - 1))
        if vlo <= v <= vhi:
            return True
    return False
