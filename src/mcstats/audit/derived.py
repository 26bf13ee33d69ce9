r"""Values a table derives from others: percentages, cumulative percentages, totals, grand
means and response rates.

Each check recomputes the value (exactly from counts, or as an interval when the inputs are
themselves rounded) and says whether the printed value is consistent with it at the printed
precision, and whether it matches round-half-up printing or truncation (chopping), the usual
way a hand-made table goes wrong in the last digit.

Rules, with :math:`u = 10^{-d}` for a value :math:`v` printed with :math:`d` decimals:

* *consistent*: the implied value(s) meet :math:`[v - u/2, v + u/2]` (closed, see
  :mod:`mcstats.printed`);
* *rounded*: some implied value rounds half up to :math:`v`, i.e. meets
  :math:`[v - u/2, v + u/2)`;
* *truncated*: some implied value chops to :math:`v`, i.e. meets :math:`[v, v + u)`
  (for :math:`v \ge 0`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from mcstats.audit import _scale
from mcstats.errors import UsageError
from mcstats.printed import Reported, decimals_of, exact_interval, parse_reported, unit


@dataclass(frozen=True)
class DerivedCheck:
    """Outcome of comparing a printed value with the value implied by other reported numbers.

    Attributes
    ----------
    consistent : bool
        The printed value fits the implied value(s) at its precision.
    rounded : bool
        Round-half-up printing of an implied value gives the printed value.
    truncated : bool
        Chopping an implied value to the printed decimals gives the printed value.
    expected : tuple[float, float]
        The implied value, or the interval of implied values when the inputs are rounded.
    """

    consistent: bool
    rounded: bool
    truncated: bool
    expected: tuple[float, float]


def _compare(elo: Fraction, ehi: Fraction, printed: Reported, decimals: int | None) -> DerivedCheck:
    d = decimals if decimals is not None else decimals_of(printed)
    v = Fraction(parse_reported(printed))
    u = unit(d)
    plo, phi = exact_interval(printed, d)
    consistent = elo <= phi and ehi >= plo
    if v >= 0:
        rounded = elo < v + u / 2 and ehi >= v - u / 2
        truncated = elo < v + u and ehi >= v
    else:
        rounded = elo <= v + u / 2 and ehi > v - u / 2
        truncated = elo > v - u and ehi <= v
    return DerivedCheck(
        consistent=consistent,
        rounded=rounded,
        truncated=truncated,
        expected=(float(elo), float(ehi)),
    )


def _check_count(count: int, what: str) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise UsageError(f"{what} must be a whole number of 0 or more, not {count!r}")


def percent(count: int, total: int, printed: Reported, decimals: int | None = None) -> DerivedCheck:
    r"""Percentage of a count: :math:`100\,c/N` against its printed value.

    Parameters
    ----------
    count, total : int
        The count and the number it is a percentage of.
    printed : Reported
        The printed percentage, preferably as text.
    decimals : int | None
        Decimals of ``printed``; counted from it by default.

    Returns
    -------
    DerivedCheck

    References
    ----------
    Brown & Heathers (2017) apply the same granularity argument to percentages.

    Examples
    --------
    2 of 3 is 66.666...%: 66.7 is rounded, 66.6 is truncated (not consistent with rounding):

    >>> c = percent(2, 3, "66.7")
    >>> c.consistent, c.rounded, c.truncated
    (True, True, False)
    >>> c = percent(2, 3, "66.6")
    >>> c.consistent, c.rounded, c.truncated
    (False, False, True)
    """
    _check_count(count, "count")
    _scale.check_n(total, 1, "total")
    x = Fraction(100 * count, total)
    return _compare(x, x, printed, decimals)


def valid_percent(
    count: int, total: int, missing: int, printed: Reported, decimals: int | None = None
) -> DerivedCheck:
    r"""Valid percentage: :math:`100\,c/(N - \text{missing})`, as SPSS's *Valid Percent*.

    References
    ----------
    IBM SPSS Statistics, FREQUENCIES: *Valid Percent* is based on the non-missing cases.

    Examples
    --------
    30 of 120 respondents, 20 missing: 30/100 = 30.0 %, whereas 30/120 = 25.0 %:

    >>> valid_percent(30, 120, 20, "30.0").consistent, valid_percent(30, 120, 20, "25.0").consistent
    (True, False)
    """
    _check_count(missing, "missing")
    if missing >= total:
        raise UsageError(f"missing ({missing}) must be smaller than the total ({total})")
    return percent(count, total - missing, printed, decimals)


def cumulative_percents(
    counts: Sequence[int], printed: Sequence[Reported], decimals: int | None = None
) -> list[DerivedCheck]:
    r"""Cumulative percentages of a frequency table against their printed values.

    The :math:`j`-th cumulative percentage is :math:`100 \sum_{i \le j} c_i / \sum_i c_i`
    (valid cases only, as SPSS prints it).

    References
    ----------
    IBM SPSS Statistics, FREQUENCIES: *Cumulative Percent* of the valid cases.

    Examples
    --------
    >>> [c.consistent for c in cumulative_percents([1, 1, 1], ["33.3", "66.7", "100.0"])]
    [True, True, True]
    >>> [c.consistent for c in cumulative_percents([1, 1, 1], ["33.3", "66.6", "100.0"])]
    [True, False, True]
    """
    if len(counts) != len(printed):
        raise UsageError("give one printed cumulative percentage per count")
    for c in counts:
        _check_count(c, "count")
    total = sum(counts)
    _scale.check_n(total, 1, "the total of the counts")
    out = []
    running = 0
    for c, p in zip(counts, printed, strict=True):
        running += c
        x = Fraction(100 * running, total)
        out.append(_compare(x, x, p, decimals))
    return out


def cumulative_from_percents(
    percents: Sequence[Reported],
    printed: Sequence[Reported],
    *,
    percent_decimals: int | None = None,
    decimals: int | None = None,
) -> list[DerivedCheck]:
    r"""Cumulative percentages against the printed percentages they add up (no counts known).

    The :math:`j`-th cumulative value lies in :math:`[\sum_{i\le j} lo_i, \sum_{i\le j} hi_i]`,
    the sum of the percentages' rounding intervals.

    References
    ----------
    Interval arithmetic on rounded values; Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> [c.consistent for c in cumulative_from_percents(["33.3", "33.3", "33.3"],
    ...                                                  ["33.3", "66.7", "100.0"])]
    [True, True, True]
    >>> cumulative_from_percents(["20.0", "30.0"], ["20.0", "55.0"])[1].consistent
    False
    """
    if len(percents) != len(printed):
        raise UsageError("give one printed cumulative percentage per percentage")
    out = []
    lo = hi = Fraction(0)
    for pct, cum in zip(percents, printed, strict=True):
        plo, phi = exact_interval(pct, percent_decimals)
        lo, hi = lo + max(plo, Fraction(0)), hi + phi
        out.append(_compare(lo, hi, cum, decimals))
    return out


def percent_total(
    percents: Sequence[Reported], printed_total: Reported = "100", decimals: int | None = None
) -> DerivedCheck:
    r"""Whether printed percentages can add up to their printed total (usually 100).

    Rule: :math:`\sum lo_i \le` total's upper end and :math:`\sum hi_i \ge` its lower end,
    where :math:`[lo_i, hi_i]` are the percentages' rounding intervals. Rounded percentages
    need not add to exactly 100.0, but they cannot miss it by more than half a unit each.

    References
    ----------
    Interval arithmetic on rounded values; Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> percent_total(["33.3", "33.3", "33.3"], "100.0").consistent
    True
    >>> percent_total(["40.0", "33.3", "33.3"], "100.0").consistent
    False
    """
    if not percents:
        raise UsageError("give at least one percentage")
    lo = sum((exact_interval(p)[0] for p in percents), Fraction(0))
    hi = sum((exact_interval(p)[1] for p in percents), Fraction(0))
    return _compare(lo, hi, printed_total, decimals)


def total_matches(parts: Sequence[int], printed_total: int) -> bool:
    """Whether whole-number counts add up to their printed total (exact).

    References
    ----------
    Arithmetic; no rounding is involved in whole-number counts.

    Examples
    --------
    >>> total_matches([12, 30, 58], 100), total_matches([12, 30, 58], 101)
    (True, False)
    """
    for c in parts:
        _check_count(c, "count")
    _check_count(printed_total, "total")
    return sum(parts) == printed_total


def grand_mean(
    item_means: Sequence[Reported],
    printed: Reported,
    *,
    weights: Sequence[int] | None = None,
    item_decimals: int | None = None,
    decimals: int | None = None,
) -> DerivedCheck:
    r"""Grand mean of item (or group) means against its printed value.

    Rule: with equal weights the grand mean of :math:`k` items answered by the same
    respondents is :math:`\frac1k \sum \bar x_i`; with weights :math:`w_i` (group sizes) it is
    :math:`\sum w_i \bar x_i / \sum w_i`. Each item mean stands for its rounding interval, so
    the grand mean lies in :math:`[\sum w_i lo_i / \sum w_i, \sum w_i hi_i / \sum w_i]`.

    References
    ----------
    Interval arithmetic on rounded values; Brown & Heathers (2017), GRIM.

    Examples
    --------
    Item means 2.91, 3.05 and 2.64 average 2.8667, so the grand mean prints as 2.87:

    >>> grand_mean(["2.91", "3.05", "2.64"], "2.87").consistent
    True
    >>> grand_mean(["2.91", "3.05", "2.64"], "2.97").consistent
    False
    """
    if not item_means:
        raise UsageError("give at least one item mean")
    w: Sequence[int] = weights if weights is not None else [1] * len(item_means)
    if len(w) != len(item_means):
        raise UsageError("give one weight per item mean")
    for x in w:
        _check_count(x, "weight")
    wsum = sum(w)
    _scale.check_n(wsum, 1, "the sum of the weights")
    intervals = [exact_interval(m, item_decimals) for m in item_means]
    lo = sum((wi * iv[0] for wi, iv in zip(w, intervals, strict=True)), Fraction(0)) / wsum
    hi = sum((wi * iv[1] for wi, iv in zip(w, intervals, strict=True)), Fraction(0)) / wsum
    return _compare(lo, hi, printed, decimals)


def response_rate(
    returned: int, distributed: int, printed: Reported, decimals: int | None = None
) -> DerivedCheck:
    r"""Response rate :math:`100 \times \text{returned} / \text{distributed}` against its print.

    References
    ----------
    American Association for Public Opinion Research (2016). *Standard Definitions*, 9th ed.

    Examples
    --------
    >>> response_rate(432, 500, "86.4").consistent, response_rate(432, 500, "84.6").consistent
    (True, False)
    """
    _check_count(returned, "returned")
    _scale.check_n(distributed, 1, "distributed")
    return percent(returned, distributed, printed, decimals)
