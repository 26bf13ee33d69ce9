r"""Integer data with a given N, mean and SD on a bounded scale: exact limits and a SPRITE search.

Published summaries (N, a mean and an SD printed to so many decimals) admit many data sets of
whole-number responses, or none. This module decides which, exactly, and finds one at random.

Work on the *integer scale*: one respondent's value is an integer :math:`x \in [a, b]` (an
item's code, or the sum of :math:`k` items, :math:`[k\,lo, k\,hi]`); the reported score is
:math:`x / f` with :math:`f = k` for the mean of :math:`k` items and :math:`f = 1` otherwise.
Data are summarised by the total :math:`T = \sum x_i` and the sum of squares
:math:`Q = \sum x_i^2`, since

.. math::

    \bar x = \frac{T}{n f}, \qquad s = \frac{1}{f}\sqrt{\frac{Q - T^2/n}{n - 1}}.

Three exact facts decide whether printed values can come from integer data:

1. **GRIM** (Brown & Heathers 2017): :math:`T` is an integer, so the mean prints as
   :math:`m` only if some integer :math:`T` has :math:`T/(nf)` in the rounding interval of
   :math:`m`.
2. **Bounds of Q for a total** (the extreme data sets): with :math:`T - na = j(b-a) + r`,
   :math:`0 \le r < b - a`, the largest sum of squares is that of :math:`j` values at
   :math:`b`, one at :math:`a + r` and the rest at :math:`a` (Q is convex, so its maximum on
   :math:`\{x \in [a,b]^n, \sum x = T\}` is at a vertex, where at most one value is inside
   the interval); with :math:`T = nq + r'`, :math:`0 \le r' < n`, the smallest is that of
   :math:`r'` values at :math:`q + 1` and the rest at :math:`q` (moving a unit from a larger
   to a smaller value two or more apart lowers Q). Bhatia & Davis (2000) give the continuous
   form :math:`s^2 \le \frac{n}{n-1}(\bar x - a)(b - \bar x)`.
3. **Parity** (a GRIMMER-type granularity, Anaya 2016): :math:`x^2 - x = x(x-1)` is even,
   so :math:`Q \equiv T \pmod 2`.

The search (:func:`sprite_search`) follows SPRITE (Heathers, Anaya, van der Zee & Brown
2018): start from random data with the right total, then repeatedly move one respondent up
a point and another down a point (the mean is unchanged) in the direction that brings the
SD towards its target, until the SD prints as required. As the SPRITE authors suggest for
speed, the data are kept as a histogram of counts and several disjoint pairs are moved at
once when the SD is far from its target (never so many that the target is overshot); a
failed attempt restarts from new random data.

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. *Social Psychological and
Personality Science*, 8(4), 363-369. Anaya, J. (2016). The GRIMMER test. *PeerJ Preprints*
4:e2400v1. Bhatia, R., & Davis, C. (2000). A better bound on the variance. *American
Mathematical Monthly*, 107(4), 353-357. Heathers, J. A. J., Anaya, J., van der Zee, T., &
Brown, N. J. L. (2018). Recovering data from summary statistics: Sample Parameter
Reconstruction via Iterative TEchniques (SPRITE). *PeerJ Preprints* 6:e26968v1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from mcstats import integer_data
from mcstats.errors import UsageError
from mcstats.integer_data import sd_from_moments, sum_of_squares_range
from mcstats.replication.published import ReportedValue

__all__ = [
    "IntegerPlan",
    "IntegerTarget",
    "SpriteResult",
    "grim_totals",
    "plan_integer_data",
    "sd_from_moments",
    "sprite_search",
    "sum_of_squares_range",
]

#: Attempts (each from new random data) before the search gives up on a target.
RESTARTS = 25
#: Moves per attempt.
MAX_MOVES = 20_000


# --------------------------------------------------------------------------- exact facts


def grim_totals(n: int, mean: ReportedValue, lo: int, hi: int, factor: int = 1) -> list[int]:
    r"""Integer totals :math:`T \in [n\,lo, n\,hi]` whose mean :math:`T/(n f)` prints as ``mean``.

    Parameters
    ----------
    n : int
        Number of respondents.
    mean : ReportedValue
        The printed mean, rounded half up (the ``"half-up"`` policy of
        :mod:`mcstats.printed`: the data built must print exactly as published).
    lo, hi : int
        Lowest and highest value of one respondent on the integer scale.
    factor : int
        ``k`` when the mean is the mean of ``k`` items (values are item sums), else 1.

    Returns
    -------
    list of int
        Empty when no integer data can have the mean (the GRIM test fails).

    Notes
    -----
    :func:`mcstats.integer_data.grim_totals` on the half-up interval of the mean.

    References
    ----------
    Brown & Heathers (2017), the GRIM test.

    Examples
    --------
    Rivers State, item 7 (N = 432, mean 2.905) and item 1 (mean 2.862, impossible):

    >>> grim_totals(432, ReportedValue("2.905"), 1, 4)
    [1255]
    >>> grim_totals(432, ReportedValue("2.862"), 1, 4)
    []
    """
    return list(integer_data.grim_totals(n, mean.printed_interval(), factor=factor, lo=lo, hi=hi))


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class IntegerTarget:
    """What a reconstructed variable must reproduce.

    Attributes
    ----------
    n : int
        Number of respondents.
    lo, hi : int
        Lowest and highest value of one respondent on the integer scale (item codes, or item
        sums ``k*lo .. k*hi``).
    factor : int
        The reported score is ``value / factor`` (``k`` for the mean of ``k`` items).
    mean, sd, minimum, maximum : ReportedValue or None
        The printed statistics, on the reported scale (any may be None).
    parts : int
        How many items make one value (shapes the random starting data only).
    describe : str
        The values in words, e.g. ``"responses on 1-4"``.
    """

    n: int
    lo: int
    hi: int
    factor: int = 1
    mean: ReportedValue | None = None
    sd: ReportedValue | None = None
    minimum: ReportedValue | None = None
    maximum: ReportedValue | None = None
    parts: int = 1
    describe: str = "values"


@dataclass(frozen=True)
class IntegerPlan:
    """The exact verdict on a target and the total and sums of squares the search aims at.

    ``total`` is the total used (the printed mean's, or the nearest possible one when the
    mean is impossible); ``q_low .. q_high`` the acceptable sums of squares (same parity as
    the total); ``fixed`` the values the printed minimum and maximum pin down. Each
    ``*_possible`` flag is False only when it is proved impossible; the matching
    ``*_reason`` says why, in words, and what the reconstruction uses instead.
    """

    target: IntegerTarget
    total: int
    q_low: int
    q_high: int
    fixed: tuple[int, ...]
    free_lo: int
    free_hi: int
    mean_possible: bool
    sd_possible: bool
    range_possible: bool
    sd_max: float
    sd_min: float
    mean_reason: str = ""
    sd_reason: str = ""
    range_reason: str = ""

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons for every impossibility, mean first."""
        return tuple(r for r in (self.range_reason, self.mean_reason, self.sd_reason) if r)

    @property
    def possible(self) -> bool:
        """True when every printed statistic can come from integer data."""
        return self.mean_possible and self.sd_possible and self.range_possible


def _fmt(x: float | Fraction, digits: int = 4) -> str:
    return f"{float(x):.{digits}f}"


def _pinned(value: ReportedValue | None, factor: int, lo: int, hi: int) -> int | None:
    """The integer-scale value a printed minimum or maximum stands for, or None if none fits."""
    if value is None:
        return None
    fits = [v for v in range(lo, hi + 1) if value.contains(Fraction(v, factor))]
    return fits[0] if fits else None


@dataclass(frozen=True)
class _Pins:
    """The values a printed minimum and maximum fix, and the range left to the others."""

    n: int
    fixed: tuple[int, ...]
    free_lo: int
    free_hi: int
    reason: str = ""

    @property
    def totals(self) -> tuple[int, int]:
        """Smallest and largest total the data can have with these pins."""
        base = sum(self.fixed)
        n_free = self.n - len(self.fixed)
        return base + n_free * self.free_lo, base + n_free * self.free_hi

    def q_range(self, total: int) -> tuple[int, int]:
        """Smallest and largest sum of squares for ``total`` with these pins."""
        q_min, q_max = sum_of_squares_range(
            self.n - len(self.fixed), total - sum(self.fixed), self.free_lo, self.free_hi
        )
        fixed_sq = sum(v * v for v in self.fixed)
        return q_min + fixed_sq, q_max + fixed_sq


def _pin_range(target: IntegerTarget) -> _Pins:
    """Step 1: the printed minimum and maximum pin one value each and narrow the others."""
    n, lo, hi, f = target.n, target.lo, target.hi, target.factor
    reasons: list[str] = []
    fixed: list[int] = []
    free_lo, free_hi = lo, hi
    if target.minimum is not None:
        pin_lo = _pinned(target.minimum, f, lo, hi)
        if pin_lo is None:
            reasons.append(f"the minimum {target.minimum.text} is not a possible value of {target.describe}")
        else:
            fixed.append(pin_lo)
            free_lo = pin_lo
    if target.maximum is not None:
        pin_hi = _pinned(target.maximum, f, lo, hi)
        if pin_hi is None or pin_hi < free_lo:
            reasons.append(f"the maximum {target.maximum.text} is not a possible value of {target.describe}")
        else:
            fixed.append(pin_hi)
            free_hi = pin_hi
    return _Pins(n, tuple(fixed[: n - 1]), free_lo, free_hi, "; ".join(reasons))


def _mean_totals(target: IntegerTarget, pins: _Pins) -> tuple[list[int], bool]:
    """Step 2 (GRIM): the totals to try, best first, and whether the printed mean is possible.

    Every total whose mean prints as the printed mean; when there is none, the one or two
    totals nearest to it (nearest mean first).
    """
    n, f = target.n, target.factor
    t_lo, t_hi = pins.totals
    if target.mean is None:
        return [t_lo + (t_hi - t_lo) // 2], True
    totals = [t for t in grim_totals(n, target.mean, target.lo, target.hi, f) if t_lo <= t <= t_hi]
    if totals:
        return totals, True
    printed = Fraction(target.mean.exact)
    exact = printed * n * f
    near = {min(max(math.floor(exact), t_lo), t_hi), min(max(math.ceil(exact), t_lo), t_hi)}
    return sorted(near, key=lambda t: (abs(Fraction(t, n * f) - printed), t)), False


@dataclass(frozen=True)
class _SdFit:
    """Step 3's answer: the total chosen and the sums of squares to aim at."""

    total: int
    q_min: int
    q_max: int
    q_low: int
    q_high: int
    possible: bool = True
    reason: str = ""


def _fit_sd(target: IntegerTarget, pins: _Pins, totals: list[int]) -> _SdFit:
    """Step 3 (extreme sums of squares and parity): the first total that admits the printed SD.

    Without a printed SD the whole range of sums of squares of the first total is acceptable;
    when no total admits the SD, the sum of squares whose SD is nearest it is used.
    """
    n, f = target.n, target.factor
    if target.sd is None:
        q_min, q_max = pins.q_range(totals[0])
        return _SdFit(totals[0], q_min, q_max, q_min, q_max)
    sd_interval = target.sd.printed_interval()
    for total in totals:
        q_min, q_max = pins.q_range(total)
        cands = integer_data.sums_of_squares(n, total, sd_interval, f, within=(q_min, q_max))
        if cands:
            return _SdFit(total, q_min, q_max, cands[0], cands[-1])
    chosen = totals[0]
    q_min, q_max = pins.q_range(chosen)
    q = _nearest_q(n, chosen, target.sd, f, q_min, q_max)
    reason = _sd_reason(target, chosen, q_min, q_max, q, totals, list(pins.fixed))
    return _SdFit(chosen, q_min, q_max, q, q, possible=False, reason=reason)


def _mean_reason(target: IntegerTarget, totals: list[int], chosen: int) -> str:
    """Why the printed mean is impossible, with the nearest possible means."""
    n, f = target.n, target.factor
    assert target.mean is not None
    means = " and ".join(f"{_fmt(Fraction(t, n * f))} (total {t})" for t in sorted(totals))
    return (
        f"no {n} {target.describe} have a mean that prints as {target.mean.text}: the nearest "
        f"possible means are {means} (GRIM: whole-number values have a whole-number total; "
        f"Brown & Heathers 2017); the reconstruction uses total {chosen}, mean "
        f"{_fmt(Fraction(chosen, n * f))}"
    )


def plan_integer_data(target: IntegerTarget) -> IntegerPlan:
    r"""Decide exactly whether integer data can reproduce a target, and what to aim at.

    Parameters
    ----------
    target : IntegerTarget
        N, scale and the printed mean, SD, minimum and maximum.

    Returns
    -------
    IntegerPlan
        The total and the range of sums of squares to aim at, the proved impossibilities and
        their reasons. Where the printed values are impossible the plan aims at the closest
        possible data: the total whose mean is nearest the printed mean, and the sum of
        squares whose SD is nearest the printed SD.

    Notes
    -----
    Three steps, each on the half-up intervals of :mod:`mcstats.printed` and the facts of
    :mod:`mcstats.integer_data`: the printed minimum and maximum pin values (:func:`_pin_range`),
    GRIM gives the totals :math:`T` for the mean (:func:`_mean_totals`), and for the SD an
    integer :math:`Q` with :math:`Q \equiv T \pmod 2` between the extreme sums of squares of
    :math:`T` (:func:`_fit_sd`). When these necessary conditions hold, :func:`sprite_search`
    looks for the data.

    References
    ----------
    Brown & Heathers (2017); Anaya (2016); Bhatia & Davis (2000); Heathers et al. (2018).

    Examples
    --------
    Rivers State item 7: N = 432, mean 2.905 and SD 3.215 on a 1-4 scale. The largest SD for
    that mean is 1.4443, so the SD is impossible and the plan aims at that largest SD:

    >>> t = IntegerTarget(432, 1, 4, mean=ReportedValue("2.905"), sd=ReportedValue("3.215"))
    >>> p = plan_integer_data(t)
    >>> p.mean_possible, p.sd_possible, round(p.sd_max, 4), p.q_low == p.q_high == 4545
    (True, False, 1.4443, True)
    """
    n, f = target.n, target.factor
    if n < 2:
        raise UsageError(f"a reconstruction needs at least 2 respondents, got {n}")
    pins = _pin_range(target)
    totals, mean_ok = _mean_totals(target, pins)
    fit = _fit_sd(target, pins, totals)
    return IntegerPlan(
        target=target,
        total=fit.total,
        q_low=fit.q_low,
        q_high=fit.q_high,
        fixed=pins.fixed,
        free_lo=pins.free_lo,
        free_hi=pins.free_hi,
        mean_possible=mean_ok,
        sd_possible=fit.possible,
        range_possible=not pins.reason,
        sd_max=sd_from_moments(n, fit.total, fit.q_max, f),
        sd_min=sd_from_moments(n, fit.total, fit.q_min, f),
        mean_reason="" if mean_ok else _mean_reason(target, totals, fit.total),
        sd_reason=fit.reason,
        range_reason=pins.reason,
    )


def _nearest_q(n: int, total: int, sd: ReportedValue, f: int, q_min: int, q_max: int) -> int:
    """The possible sum of squares (parity of the total, within bounds) whose SD is nearest ``sd``."""
    target_sd = Fraction(sd.exact)
    want = Fraction(total * total, n) + (n - 1) * (target_sd * f) ** 2
    if want >= q_max:
        return q_max
    if want <= q_min:
        return q_min
    below = math.floor(want)
    if (below - total) % 2:
        below -= 1
    options = [q for q in (below, below + 2) if q_min <= q <= q_max]

    def distance(q: int) -> float:
        return abs(sd_from_moments(n, total, q, f) - float(target_sd))

    return min(options, key=lambda q: (distance(q), q))


def _sd_reason(
    target: IntegerTarget,
    total: int,
    q_min: int,
    q_max: int,
    q_used: int,
    totals: list[int],
    fixed: list[int],
) -> str:
    n, f = target.n, target.factor
    assert target.sd is not None
    sd = target.sd
    s_max = sd_from_moments(n, total, q_max, f)
    s_min = sd_from_moments(n, total, q_min, f)
    if len(totals) > 1:
        mean_words = "any of the totals " + ", ".join(map(str, totals)) + f" (e.g. {total})"
    else:
        mean_words = f"mean {_fmt(Fraction(total, n * f))} (total {total})"
    pinned = " with the printed minimum and maximum" if fixed else ""
    q_interval = integer_data.sum_of_squares_interval(n, total, sd.printed_interval(), f)
    assert q_interval is not None  # a printed SD is not negative
    lo_q, hi_q = q_interval.bounds
    used = sd_from_moments(n, total, q_used, f)
    if lo_q > q_max:
        return (
            f"the SD {sd.text} is larger than any {n} {target.describe} with {mean_words}{pinned} "
            f"can have: the largest SD is {_fmt(s_max)}, reached when the values are piled at "
            f"the two ends of the scale (Bhatia & Davis 2000); the reconstruction uses that "
            f"largest SD"
        )
    if hi_q <= q_min:
        return (
            f"the SD {sd.text} is smaller than any {n} {target.describe} with {mean_words}{pinned} "
            f"can have: the smallest SD is {_fmt(s_min)} (the values as equal as whole numbers "
            f"allow); the reconstruction uses that smallest SD"
        )
    ints = q_interval.integers()
    need = f"it needs a sum of squares Q = sum(x^2) with {_fmt(lo_q, 2)} <= Q < {_fmt(hi_q, 2)}"
    if not ints:
        why = "and no whole number lies in that interval"
    else:
        parity = "even" if total % 2 == 0 else "odd"
        listed = ", ".join(str(q) for q in ints)
        why = (
            f"whose whole numbers ({listed}) are not {parity} like the total, as Q must be "
            f"because x^2 - x = x(x - 1) is always even"
        )
    return (
        f"no {n} {target.describe} with {mean_words} have an SD that prints as {sd.text}: "
        f"{need}, {why} (a GRIMMER-type granularity; Anaya 2016); the reconstruction uses the "
        f"nearest possible SD, {_fmt(used)}"
    )


# --------------------------------------------------------------------------- the search


@dataclass(frozen=True)
class SpriteResult:
    """Data found by :func:`sprite_search`.

    ``values`` are the respondents' integer-scale values in random order; ``found`` is False
    when no attempt reached the planned sums of squares (then ``values`` are the closest
    data seen and ``reason`` says so).
    """

    values: np.ndarray = field(repr=False)
    total: int
    sum_sq: int
    mean: float
    sd: float
    found: bool
    attempts: int
    reason: str = ""


def _random_start(plan: IntegerPlan, n_free: int, rng: np.random.Generator) -> np.ndarray:
    """Random counts over ``free_lo..free_hi`` with the planned total (fixed values excluded)."""
    lo, hi = plan.free_lo, plan.free_hi
    width = hi - lo + 1
    parts = max(1, plan.target.parts)
    if width > 1 and (hi - lo) % parts == 0:
        step = (hi - lo) // parts
        draws = rng.integers(0, step + 1, size=(n_free, parts)).sum(axis=1)
    else:
        draws = rng.integers(0, width, size=n_free)
    counts = np.bincount(draws, minlength=width).astype(np.int64)
    values = np.arange(lo, hi + 1, dtype=np.int64)
    diff = plan.total - sum(plan.fixed) - int(counts @ values)
    while diff != 0:
        if diff > 0:
            movable = np.flatnonzero(counts[:-1] > 0)
            i = int(movable[rng.integers(movable.size)])
            m = int(rng.integers(1, min(int(counts[i]), diff) + 1))
            counts[i] -= m
            counts[i + 1] += m
            diff -= m
        else:
            movable = np.flatnonzero(counts[1:] > 0) + 1
            i = int(movable[rng.integers(movable.size)])
            m = int(rng.integers(1, min(int(counts[i]), -diff) + 1))
            counts[i] -= m
            counts[i - 1] += m
            diff += m
    return counts


def _search_once(plan: IntegerPlan, counts: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """SPRITE moves on a histogram until Q is in ``[q_low, q_high]``; returns (counts, reached)."""
    lo = plan.free_lo
    width = counts.size
    values = np.arange(lo, lo + width, dtype=np.int64)
    sq = values * values
    fixed_sq = sum(v * v for v in plan.fixed)
    idx = np.arange(width)
    hi_i, lo_j = np.meshgrid(idx, idx, indexing="ij")  # pair (i, j): value i moves, value j moves
    gap = hi_i - lo_j
    inc_ok = (gap >= 0) & (hi_i < width - 1) & (lo_j > 0)  # i up, j down, i >= j: Q rises
    inc_step = 2 * (gap + 1)
    dec_ok = gap >= 2  # i down, j up, i >= j + 2: Q falls
    dec_step = 2 * (gap - 1)
    for _ in range(MAX_MOVES):
        q = int(counts @ sq) + fixed_sq
        if plan.q_low <= q <= plan.q_high:
            return counts, True
        rising = q < plan.q_low
        need_min = plan.q_low - q if rising else q - plan.q_high
        need_max = plan.q_high - q if rising else q - plan.q_low
        step = inc_step if rising else dec_step
        ok = (inc_ok if rising else dec_ok) & (step <= need_max)
        ci, cj = counts[hi_i], counts[lo_j]
        cap = np.where(gap == 0, ci // 2, np.minimum(ci, cj))
        ok &= cap > 0
        weights = np.where(ok, ci * cj, 0).astype(float).ravel()
        if weights.sum() <= 0:
            return counts, False
        k = int(rng.choice(weights.size, p=weights / weights.sum()))
        i, j = divmod(k, width)
        d = int(step[i, j])
        most = min(int(cap[i, j]), need_max // d)
        m = int(rng.integers(1, max(1, min(most, need_min // d)) + 1))
        if rising:
            counts[i] -= m
            counts[i + 1] += m
            counts[j] -= m
            counts[j - 1] += m
        else:
            counts[i] -= m
            counts[i - 1] += m
            counts[j] -= m
            counts[j + 1] += m
    return counts, False


def _extreme_counts(plan: IntegerPlan, n_free: int, highest: bool) -> np.ndarray:
    """The data with the largest (or smallest) sum of squares for the planned total, as counts."""
    lo, hi = plan.free_lo, plan.free_hi
    counts = np.zeros(hi - lo + 1, dtype=np.int64)
    total = plan.total - sum(plan.fixed)
    if lo == hi or n_free == 1:  # one possible data set
        counts[total // n_free - lo] = n_free
        return counts
    if highest:
        pairs = integer_data.widest_data(n_free, total, lo, hi)
    else:
        pairs = integer_data.balanced_data(n_free, total)
    for value, count in pairs:
        counts[value - lo] += count
    return counts


def sprite_search(plan: IntegerPlan, rng: np.random.Generator) -> SpriteResult:
    """Random integer data with the planned total and a sum of squares in the planned range.

    Parameters
    ----------
    plan : IntegerPlan
        From :func:`plan_integer_data`.
    rng : numpy.random.Generator
        The seeded generator (``numpy.random.default_rng(seed)``); the result is a function of
        the plan and the generator's state only.

    Returns
    -------
    SpriteResult
        Respondents' values on the integer scale, in random order, with their mean and SD
        on the reported scale.

    Notes
    -----
    SPRITE (Heathers et al. 2018) on a histogram: a move takes one respondent at value
    :math:`u` up a point and another at :math:`w` down a point, so the total is kept and
    :math:`Q` changes by :math:`2(u - w + 1)`; moves with :math:`u \\ge w` raise Q, moves with
    :math:`u \\ge w + 2` taken the other way lower it by :math:`2(u - w - 1)`. Each step picks
    a move at random (weighted by how many respondents could make it) among those that do
    not overshoot the target and repeats it for a random number of disjoint pairs. When the
    target is the largest or smallest possible Q, the extreme data set is built directly.

    References
    ----------
    Heathers, J. A. J., Anaya, J., van der Zee, T., & Brown, N. J. L. (2018). SPRITE.
    *PeerJ Preprints* 6:e26968v1.

    Examples
    --------
    >>> t = IntegerTarget(432, 1, 4, mean=ReportedValue("2.912"), sd=ReportedValue("1.095"))
    >>> res = sprite_search(plan_integer_data(t), np.random.default_rng(1))
    >>> res.found, f"{res.mean:.3f}", f"{res.sd:.3f}"
    (True, '2.912', '1.095')
    """
    target = plan.target
    n = target.n
    n_free = n - len(plan.fixed)
    values_axis = np.arange(plan.free_lo, plan.free_hi + 1, dtype=np.int64)
    fixed = np.asarray(plan.fixed, dtype=np.int64)
    fixed_sq = int((fixed * fixed).sum())
    q_min, q_max = sum_of_squares_range(n_free, plan.total - int(fixed.sum()), plan.free_lo, plan.free_hi)
    best: np.ndarray | None = None
    best_gap = None
    attempts = 0
    counts: np.ndarray
    found = False
    if plan.q_low == plan.q_high == q_max + fixed_sq:
        counts, found, attempts = _extreme_counts(plan, n_free, highest=True), True, 1
    elif plan.q_low == plan.q_high == q_min + fixed_sq:
        counts, found, attempts = _extreme_counts(plan, n_free, highest=False), True, 1
    else:
        for attempts in range(1, RESTARTS + 1):  # noqa: B007 - attempts is reported
            start = _random_start(plan, n_free, rng)
            counts, found = _search_once(plan, start, rng)
            if found:
                break
            q = int(counts @ (values_axis * values_axis)) + fixed_sq
            gap = min(abs(q - plan.q_low), abs(q - plan.q_high))
            if best_gap is None or gap < best_gap:
                best, best_gap = counts.copy(), gap
        if not found:
            assert best is not None
            counts = best
    data = np.concatenate([fixed, np.repeat(values_axis, counts)])
    data = rng.permutation(data)
    total = int(data.sum())
    sum_sq = int((data * data).sum())
    f = target.factor
    reason = ""
    if not found:
        reason = (
            f"the search found no data with an SD in the planned range after {attempts} attempts; "
            f"the printed values pass GRIM, the SD bounds and the parity check, so this is not a "
            f"proof that they are impossible; the closest data found have SD "
            f"{_fmt(sd_from_moments(n, total, sum_sq, f))}"
        )
    return SpriteResult(
        values=data,
        total=total,
        sum_sq=sum_sq,
        mean=total / (n * f),
        sd=sd_from_moments(n, total, sum_sq, f),
        found=found,
        attempts=attempts,
        reason=reason,
    )
