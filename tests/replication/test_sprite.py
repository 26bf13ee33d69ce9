"""mcstats.replication.sprite checked against exhaustive enumeration of small data sets and hand arithmetic.

The exhaustive checks never call the code under test to decide what is possible: every
multiset of ``n`` whole numbers on the scale is listed, and a printed (mean, SD) pair is
possible exactly when one of them prints that way (rounding half up, worked out below with
integers only). The generator's verdicts must agree: an impossibility it claims must have no
data set behind it, and a pair that has one must be found by the search.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from mcstats.replication.published import ReportedValue
from mcstats.replication.sprite import (
    IntegerTarget,
    grim_totals,
    plan_integer_data,
    sd_from_moments,
    sprite_search,
    sum_of_squares_range,
)

# --------------------------------------------------------------------------- independent rounding


def half_up(x: Fraction, decimals: int) -> str:
    """``x >= 0`` rounded half up to ``decimals``, as text (integer arithmetic only)."""
    k = math.floor(x * 10**decimals + Fraction(1, 2))
    return _digits(k, decimals)


def sd_half_up(variance: Fraction, decimals: int) -> str:
    """sqrt(variance) rounded half up: the largest k with (k - 1/2)^2 <= variance * 10^(2d)."""
    y4 = 4 * variance * 10 ** (2 * decimals)
    k = (math.isqrt(math.floor(y4)) + 1) // 2
    return _digits(k, decimals)


def _digits(k: int, decimals: int) -> str:
    if decimals == 0:
        return str(k)
    s = str(k).rjust(decimals + 1, "0")
    return f"{s[:-decimals]}.{s[-decimals:]}"


def printed_pairs(n: int, lo: int, hi: int, dm: int, ds: int) -> set[tuple[str, str]]:
    """Every (mean, SD) pair, as printed, of every multiset of n whole numbers on lo..hi."""
    out = set()
    for data in itertools.combinations_with_replacement(range(lo, hi + 1), n):
        t = sum(data)
        q = sum(x * x for x in data)
        var = (Fraction(q) - Fraction(t * t, n)) / (n - 1)
        out.add((half_up(Fraction(t, n), dm), sd_half_up(var, ds)))
    return out


def test_independent_rounding_helpers() -> None:
    assert half_up(Fraction(2945, 1000), 2) == "2.95"  # half goes up
    assert half_up(Fraction(29449, 10000), 2) == "2.94"
    assert sd_half_up(Fraction(1, 4), 1) == "0.5"  # sqrt(.25) = .5 exactly
    assert sd_half_up(Fraction(2025, 10000), 1) == "0.5"  # .45 rounds up
    assert sd_half_up(Fraction(2024, 10000), 1) == "0.4"


# --------------------------------------------------------------------------- exact facts


@pytest.mark.parametrize(("lo", "hi"), [(1, 4), (1, 5), (0, 2)])
@pytest.mark.parametrize("n", [2, 3, 5, 6])
def test_sum_of_squares_range_is_the_exhaustive_range(n: int, lo: int, hi: int) -> None:
    seen: dict[int, list[int]] = {}
    for data in itertools.combinations_with_replacement(range(lo, hi + 1), n):
        seen.setdefault(sum(data), []).append(sum(x * x for x in data))
    for total, squares in seen.items():
        assert sum_of_squares_range(n, total, lo, hi) == (min(squares), max(squares)), total


@pytest.mark.parametrize("n", [3, 7, 12])
@pytest.mark.parametrize("decimals", [1, 2])
def test_grim_totals_match_brute_force(n: int, decimals: int) -> None:
    for k in range(10 * 10**decimals // 10 * 1, 5 * 10**decimals + 1, 7):  # means 1.0 .. 5.0
        text = _digits(k, decimals)
        expected = [t for t in range(n, 5 * n + 1) if half_up(Fraction(t, n), decimals) == text]
        assert grim_totals(n, ReportedValue(text), 1, 5) == expected, text


# --------------------------------------------------------------------------- verdicts vs exhaustive


CASES = [
    (n, lo, hi, dm, ds)
    for n in (2, 3, 4, 5, 6)
    for (lo, hi) in ((1, 4), (1, 5))
    for dm in (1, 2)
    for ds in (1, 2)
]


@pytest.mark.parametrize(("n", "lo", "hi", "dm", "ds"), CASES)
def test_verdicts_agree_with_exhaustive_enumeration(n: int, lo: int, hi: int, dm: int, ds: int) -> None:
    possible = printed_pairs(n, lo, hi, dm, ds)
    means = sorted({m for m, _ in possible})
    sds = [_digits(k, ds) for k in range(0, 3 * 10**ds, max(1, 10**ds // 5))]
    rng = np.random.default_rng(n * 1000 + hi * 100 + dm * 10 + ds)
    pairs = set(possible)
    # plus printed pairs that may be impossible: every mean with a spread of SDs, and off-grid means
    for m in means:
        pairs.update((m, s) for s in rng.choice(sds, size=4, replace=False))
    for k in range(lo * 10**dm, hi * 10**dm + 1, 3):
        pairs.add((_digits(k, dm), str(rng.choice(sds))))
    for mean, sd in sorted(pairs):
        target = IntegerTarget(n, lo, hi, mean=ReportedValue(mean), sd=ReportedValue(sd))
        plan = plan_integer_data(target)
        if not plan.possible:  # every impossibility claim holds
            assert (mean, sd) not in possible, (mean, sd, plan.reasons)
            assert plan.reasons
            continue
        result = sprite_search(plan, np.random.default_rng(7))
        if (mean, sd) in possible:  # every possible pair is found, and prints as asked
            assert result.found, (mean, sd)
            data = result.values
            var = (Fraction(int((data * data).sum())) - Fraction(int(data.sum()) ** 2, n)) / (n - 1)
            assert (half_up(Fraction(int(data.sum()), n), dm), sd_half_up(var, ds)) == (mean, sd)
            assert data.size == n and data.min() >= lo and data.max() <= hi
        else:  # necessary conditions hold but no data exist: the search must not pretend
            assert not result.found, (mean, sd)
            assert "not a proof" in result.reason


# --------------------------------------------------------------------------- the search


@pytest.mark.parametrize(
    ("n", "lo", "hi", "seed"), [(50, 1, 5, 1), (207, 1, 5, 2), (432, 1, 4, 3), (304, 10, 40, 4)]
)
def test_search_reproduces_printed_values_of_real_data(n: int, lo: int, hi: int, seed: int) -> None:
    """Printed summaries of actual integer data are possible, so the search must find data."""
    rng = np.random.default_rng(seed)
    data = rng.integers(lo, hi + 1, size=n)
    t, q = int(data.sum()), int((data * data).sum())
    mean = half_up(Fraction(t, n), 3)
    sd = sd_half_up((Fraction(q) - Fraction(t * t, n)) / (n - 1), 3)
    plan = plan_integer_data(IntegerTarget(n, lo, hi, mean=ReportedValue(mean), sd=ReportedValue(sd)))
    assert plan.possible
    a = sprite_search(plan, np.random.default_rng(11))
    b = sprite_search(plan, np.random.default_rng(11))
    assert a.found and np.array_equal(a.values, b.values)  # same seed, same data
    x = a.values
    var = (Fraction(int((x * x).sum())) - Fraction(int(x.sum()) ** 2, n)) / (n - 1)
    assert (half_up(Fraction(int(x.sum()), n), 3), sd_half_up(var, 3)) == (mean, sd)


def test_printed_minimum_and_maximum_are_in_the_data() -> None:
    """Means of 2 items (sums 2..10), N = 30, mean 3.00, minimum 1.00 and maximum 5.00.

    Hand: the total of the sums is 30 x 2 x 3 = 180; a sum of 2 and a sum of 10 are pinned, so
    the other 28 sums add up to 168; they are most alike all at 6, where
    Q = 28 x 36 + 4 + 100 = 1112 and the SD of the means is sqrt((1112 - 180^2/30)/29)/2 =
    sqrt(32/29)/2 = 0.5252. So an SD of .50 is impossible and one of 1.00 is not.
    """

    def target(sd: str) -> IntegerTarget:
        return IntegerTarget(
            30,
            2,
            10,
            factor=2,
            mean=ReportedValue("3.00"),
            sd=ReportedValue(sd),
            minimum=ReportedValue("1.00"),
            maximum=ReportedValue("5.00"),
        )

    narrow = plan_integer_data(target(".50"))
    assert not narrow.sd_possible and narrow.sd_min == pytest.approx(math.sqrt(32 / 29) / 2, abs=1e-12)
    plan = plan_integer_data(target("1.00"))
    res = sprite_search(plan, np.random.default_rng(0))
    assert plan.possible and plan.fixed == (2, 10) and res.found
    assert res.values.min() == 2 and res.values.max() == 10  # 1.00 and 5.00 as means of 2 items
    assert f"{res.mean:.2f}" == "3.00" and f"{res.sd:.2f}" == "1.00"


def test_widest_data_for_an_impossibly_large_sd() -> None:
    """N = 432, mean 2.905, SD 3.215 on 1-4 (Rivers State item 7).

    Hand: the total must be 1255 (432 x 2.9045 = 1254.744, 432 x 2.9055 = 1255.176); the widest
    data are 274 fours, one 2 and 157 ones (1255 - 432 = 823 = 3 x 274 + 1), with
    Q = 274 x 16 + 4 + 157 = 4545 and SD = sqrt((4545 - 1255^2/432)/431) = 1.44433.
    """
    plan = plan_integer_data(IntegerTarget(432, 1, 4, mean=ReportedValue("2.905"), sd=ReportedValue("3.215")))
    assert (plan.mean_possible, plan.sd_possible) == (True, False)
    res = sprite_search(plan, np.random.default_rng(0))
    values, counts = np.unique(res.values, return_counts=True)
    assert dict(zip(values.tolist(), counts.tolist(), strict=True)) == {1: 157, 2: 1, 4: 274}
    assert res.sd == pytest.approx(math.sqrt((4545 - Fraction(1255**2, 432)) / 431), abs=1e-12)
    assert "1.4443" in plan.sd_reason
    assert sd_from_moments(432, 1255, 4545) == pytest.approx(1.444333, abs=1e-6)
