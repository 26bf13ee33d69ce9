"""The audit and the reconstruction agree on printed numbers, at the ends of their intervals too.

Both decide with :mod:`mcstats.printed` and :mod:`mcstats.integer_data`, under two rounding
policies: the audit's closed interval (ties may have gone either way, plus a millionth of a
unit of slack) and the reconstruction's half-up interval (open at the end away from zero).
The properties:

* at an exact tie :math:`e = (2k+1)/(2 \\cdot 10^d)` that is the mean of integer data, the
  half-up print (``k+1``) and the half-down print (``k``) both pass the audit (no false
  alarm), the reconstruction accepts the half-up one and not the half-down one, and every
  total the audit accepts beyond the reconstruction's lies exactly at an end of the interval;
* the printed mean and SD of actual integer data, rounded half up or half down, pass every
  audit check; rounded half up, the reconstruction finds them possible;
* on printed pairs near actual data, whatever the reconstruction finds possible the audit
  finds consistent, and the two verdicts are equal unless the two policies admit different
  integer totals or sums of squares (which happens only at the ends of the intervals).

The expected prints are computed here with integer arithmetic only (no code under test).
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcstats.audit import grim, grim_totals, grimmer, sd_possible
from mcstats.integer_data import sum_of_squares_interval
from mcstats.printed import exact_interval, printed_interval
from mcstats.replication import sprite
from mcstats.replication.published import ReportedValue

from ._budget import DERANDOMIZE, PROPERTY_EXAMPLES

EDGES = settings(
    derandomize=DERANDOMIZE,
    max_examples=PROPERTY_EXAMPLES * 5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# --------------------------------------------------------------------------- independent printing


def _digits(k: int, decimals: int) -> str:
    if decimals == 0:
        return str(k)
    s = str(k).rjust(decimals + 1, "0")
    return f"{s[:-decimals]}.{s[-decimals:]}"


def mean_prints(x: Fraction, decimals: int) -> tuple[str, str]:
    """``x >= 0`` rounded half up and half down (equal unless ``x`` is a tie)."""
    y = x * 10**decimals
    up = math.floor(y + Fraction(1, 2))
    down = math.ceil(y - Fraction(1, 2))
    return _digits(up, decimals), _digits(down, decimals)


def sd_prints(variance: Fraction, decimals: int) -> tuple[str, str]:
    """sqrt(variance) rounded half up and half down.

    With :math:`y = s^2 10^{2d}`, half up is :math:`\\lfloor (\\sqrt{4y} + 1)/2 \\rfloor`; a tie
    is :math:`4y` the square of an odd integer, and then half down is one less.
    """
    y4 = 4 * variance * 10 ** (2 * decimals)
    root = math.isqrt(math.floor(y4))
    up = (root + 1) // 2
    tie = y4.denominator == 1 and root * root == y4 and root % 2 == 1
    return _digits(up, decimals), _digits(up - 1 if tie else up, decimals)


def test_independent_printing() -> None:
    assert mean_prints(Fraction(2945, 1000), 2) == ("2.95", "2.94")  # a tie
    assert mean_prints(Fraction(29449, 10000), 2) == ("2.94", "2.94")
    assert sd_prints(Fraction(9, 4), 0) == ("2", "1")  # sqrt = 1.5, a tie
    assert sd_prints(Fraction(2025, 10000), 1) == ("0.5", "0.4")  # .45
    assert sd_prints(Fraction(2024, 10000), 1) == ("0.4", "0.4")


def interval_ends(text: str) -> set[Fraction]:
    """The exact ends of a printed value's interval, computed from the text."""
    v = Fraction(text)
    half = Fraction(1, 2 * 10 ** (len(text.split(".")[1]) if "." in text else 0))
    return {v - half, v + half}


# --------------------------------------------------------------------------- a mean at a tie


@st.composite
def mean_ties(draw: st.DrawFn) -> tuple[int, int, int, int, int, int]:
    """(n, items, lo, hi, decimals, k): the tie (2k+1)/(2*10^d) is the mean of integer data."""
    d = draw(st.integers(0, 2))
    items = draw(st.sampled_from([1, 2, 3]))
    step = 2 * 10**d // math.gcd(2 * 10**d, items)
    n = step * draw(st.integers(1, 3))  # n * items is a multiple of 2 * 10^d
    lo = draw(st.integers(0, 1))
    hi = lo + draw(st.integers(1, 6))
    k = draw(st.integers(lo * 10**d, hi * 10**d - 1))
    return n, items, lo, hi, d, k


@EDGES
@given(mean_ties())
def test_a_mean_at_a_tie(case: tuple[int, int, int, int, int, int]) -> None:
    n, items, lo, hi, d, k = case
    tie = Fraction(2 * k + 1, 2 * 10**d)
    total = tie * n * items
    assert total.denominator == 1
    t = int(total)
    up, down = _digits(k + 1, d), _digits(k, d)
    assert mean_prints(tie, d) == (up, down)

    # the audit: both prints are honest rounding, the total fits both
    for text in (up, down):
        assert grim(text, n, items=items), text
        assert t in grim_totals(text, n, items=items), text
        a_lo, a_hi = exact_interval(text)
        assert a_lo <= tie <= a_hi
    # the reconstruction rounds half up: the tie prints as `up`, never as `down`
    assert t in sprite.grim_totals(n, ReportedValue(up), items * lo, items * hi, items)
    assert t not in sprite.grim_totals(n, ReportedValue(down), items * lo, items * hi, items)
    assert ReportedValue(up).contains(tie) and ReportedValue(up).contains(float(tie))
    assert not ReportedValue(down).contains(tie) and not ReportedValue(down).contains(float(tie))
    assert ReportedValue(down).contains(tie, inclusive=True)

    # the reconstruction's totals are the audit's, less totals exactly at an end
    for text in (up, down):
        recon = set(sprite.grim_totals(n, ReportedValue(text), items * lo, items * hi, items))
        audit = {x for x in grim_totals(text, n, items=items) if items * lo * n <= x <= items * hi * n}
        assert recon <= audit, text
        for extra in audit - recon:
            assert Fraction(extra, n * items) in interval_ends(text), (text, extra)


# --------------------------------------------------------------------------- printed data


@st.composite
def integer_data(draw: st.DrawFn) -> tuple[int, int, list[int], int, int]:
    lo = draw(st.integers(0, 1))
    hi = lo + draw(st.integers(1, 4))
    n = draw(st.integers(2, 24))
    values = draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n))
    return lo, hi, values, draw(st.integers(0, 2)), draw(st.integers(0, 2))


def moments(values: list[int]) -> tuple[Fraction, Fraction]:
    n, t, q = len(values), sum(values), sum(x * x for x in values)
    return Fraction(t, n), (Fraction(q) - Fraction(t * t, n)) / (n - 1)


@EDGES
@given(integer_data())
def test_printed_summaries_of_integer_data_pass_both(case: tuple[int, int, list[int], int, int]) -> None:
    lo, hi, values, dm, ds = case
    n = len(values)
    mean, variance = moments(values)
    means, sds = mean_prints(mean, dm), sd_prints(variance, ds)
    for m in means:  # half up and half down: the audit never flags honest rounding
        for s in sds:
            assert grimmer(m, s, n, lo=lo, hi=hi), (m, s)
            assert sd_possible(n, m, s, lo, hi), (m, s)
    plan = sprite.plan_integer_data(
        sprite.IntegerTarget(n, lo, hi, mean=ReportedValue(means[0]), sd=ReportedValue(sds[0]))
    )
    assert plan.possible, plan.reasons


def _policies_differ(n: int, lo: int, hi: int, mean: str, sd: str) -> bool:
    """Whether the audit's and the reconstruction's intervals admit different integers."""
    audit_totals = {t for t in grim_totals(mean, n) if n * lo <= t <= n * hi}
    recon_totals = set(sprite.grim_totals(n, ReportedValue(mean), lo, hi))
    if audit_totals != recon_totals:
        return True
    audit_sd = printed_interval(sd, policy="either-way", slack=True)
    recon_sd = ReportedValue(sd).printed_interval()
    for t in recon_totals:
        qa, qr = sum_of_squares_interval(n, t, audit_sd), sum_of_squares_interval(n, t, recon_sd)
        if (qa is None) != (qr is None) or (qa and qr and set(qa.integers()) != set(qr.integers())):
            return True
    return False


@EDGES
@given(integer_data(), st.integers(-2, 2), st.integers(-2, 2))
def test_verdicts_agree_near_integer_data(
    case: tuple[int, int, list[int], int, int], mean_shift: int, sd_shift: int
) -> None:
    lo, hi, values, dm, ds = case
    n = len(values)
    mean, variance = moments(values)
    m_text = mean_prints(mean, dm)[0]
    s_text = sd_prints(variance, ds)[0]
    m = _digits(max(0, round(Fraction(m_text) * 10**dm) + mean_shift), dm)
    s = _digits(max(0, round(Fraction(s_text) * 10**ds) + sd_shift), ds)
    audit = grimmer(m, s, n, lo=lo, hi=hi)
    target = sprite.IntegerTarget(n, lo, hi, mean=ReportedValue(m), sd=ReportedValue(s))
    plan = sprite.plan_integer_data(target)
    if plan.possible:
        assert audit, (m, s)
    if not _policies_differ(n, lo, hi, m, s):
        assert audit == plan.possible, (m, s, plan.reasons)
