"""SD bounds: worked examples derived by hand, and an exhaustive oracle for small N."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest

from mcstats.audit import (
    mean_sd_findings,
    sd_bounds,
    sd_bounds_findings,
    sd_possible,
)
from mcstats.audit.sd_bounds import (
    attainable_totals,
    max_variance_for_total,
    min_nonzero_variance_for_total,
    min_variance_for_total,
    widest_data,
)
from mcstats.errors import UsageError

# --------------------------------------------------------------------------------------
# Rivers State: N = 432, mean 2.905, SD 3.215 on a 1-4 item.
# --------------------------------------------------------------------------------------
#
# The mean 2.905 stands for [2.9045, 2.9055], so the total T = sum of the 432 responses lies
# in [2.9045 * 432, 2.9055 * 432] = [1254.744, 1255.176]: T = 1255 is the only integer.
#
# Largest SD: pile the data at 1 and 4. T - n*a = 1255 - 432 = 823 = 274 * 3 + 1, so
# j = 274 responses of 4, one response of 1 + 1 = 2 and 432 - 274 - 1 = 157 responses of 1.
#   check: 274*4 + 2 + 157 = 1096 + 2 + 157 = 1255.
#   Q = sum x^2 = 274*16 + 4 + 157 = 4384 + 4 + 157 = 4545
#   T^2/n = 1255^2 / 432 = 1575025 / 432 = 3645.8912...
#   s^2 = (4545 - 3645.8912) / 431 = 899.1088 / 431 = 2.08610
#   s = 1.4443
# The Bhatia-Davis bound n/(n-1) (m-a)(b-m) = 432/431 * 1.905 * 1.095 = 2.0908 -> 1.4460
# is a hair higher (f = 1, not 0). Even the largest SD of any data on 1-4, half of the data
# at each end, is only 1.5 * sqrt(432/431) = 1.5017. An SD of 3.215 is more than twice that.
# (The brief guessed "about 1.0"; the exact maximum is 1.444.)

RIVERS_MAX_VAR = (Fraction(4545) - Fraction(1255**2, 432)) / 431


def test_rivers_state_hand_derivation_matches_exact_max() -> None:
    assert float(RIVERS_MAX_VAR) == pytest.approx(2.08610, abs=1e-5)
    assert math.sqrt(RIVERS_MAX_VAR) == pytest.approx(1.4443, abs=1e-4)
    assert list(attainable_totals(432, "2.905", 1, 4)) == [1255]
    assert max_variance_for_total(432, 1255, 1, 4) == RIVERS_MAX_VAR
    assert widest_data(432, 1255, 1, 4) == [(4, 274), (2, 1), (1, 157)]
    assert sd_bounds(432, "2.905", 1, 4).max_sd == pytest.approx(1.4443, abs=1e-4)


def test_rivers_state_sd_is_impossible() -> None:
    assert not sd_possible(432, "2.905", "3.215", 1, 4)
    (finding,) = sd_bounds_findings(432, "2.905", "3.215", 1, 4, location="Table 3, item 7")
    assert finding.severity == "impossible"
    assert finding.expected == "at most 1.444"
    assert "274 responses of 4, one of 2 and 157 of 1" in finding.message
    assert finding.message.startswith("Table 3, item 7: The SD 3.215 is impossible")
    # The combined check reports it once, as an SD-bounds problem (the mean itself is fine:
    # 1255 / 432 = 2.90509 prints as 2.905).
    assert [f.check for f in mean_sd_findings(432, "2.905", "3.215", 1, 4)] == ["sd_bounds"]


def test_rivers_state_max_sd_itself_is_accepted_but_not_above() -> None:
    # s_max = 1.44433 prints as 1.444 (accepted); 1.446 is above [.., 1.44433] -> impossible.
    assert sd_possible(432, "2.905", "1.444", 1, 4)
    assert not sd_possible(432, "2.905", "1.446", 1, 4)


def test_rivers_state_min_sd() -> None:
    # Minimum: 1255 = 432*2 + 391, so 391 threes and 41 twos:
    # s^2 = r (n - r) / (n (n - 1)) = 391 * 41 / (432 * 431) = 16031 / 186192 = 0.086099
    # s = 0.29343
    assert min_variance_for_total(432, 1255, 1, 4) == Fraction(391 * 41, 432 * 431)
    assert sd_bounds(432, "2.905", 1, 4).min_sd == pytest.approx(0.29343, abs=1e-5)
    assert not sd_possible(432, "2.905", "0.25", 1, 4)
    assert sd_possible(432, "2.905", "0.293", 1, 4)


# --------------------------------------------------------------------------------------
# rsprite2's published examples (sd_bounds_measure, also in scrutiny's test file):
# n = 5, mean 4.2, scale 1-7: SD bounds (0.45, 3.03); as the mean of two items: (0.27, 3.03).
# --------------------------------------------------------------------------------------
#
# Single item: T = 21 (4.2 stands for [4.15, 4.25], 5 * that = [20.75, 21.25]).
#   min: 21 = 5*4 + 1 -> four 4s and one 5: s^2 = 1*4 / (5*4) = 0.2, s = 0.4472 -> 0.45
#   max: 21 - 5 = 16 = 2*6 + 4 -> two 7s, one 5, two 1s: Q = 98 + 25 + 2 = 125,
#        s^2 = (125 - 441/5) / 4 = (125 - 88.2) / 4 = 9.2, s = 3.0332 -> 3.03
# Mean of two items: item sums S on 2..14 with total 42.
#   min: 42 = 5*8 + 2 -> s_S^2 = 2*3/20 = 0.3, s = sqrt(0.3)/2 = 0.2739 -> 0.27
#   max: 42 - 10 = 32 = 2*12 + 8 -> two 14s, one 10, two 2s: Q = 392 + 100 + 8 = 500,
#        s_S^2 = (500 - 1764/5) / 4 = 36.8, s = sqrt(36.8)/2 = 3.0332 -> 3.03


def test_rsprite2_examples_single_item() -> None:
    b = sd_bounds(5, "4.2", 1, 7)
    assert b.min_sd == pytest.approx(math.sqrt(0.2))
    assert b.max_sd == pytest.approx(math.sqrt(9.2))
    assert (round(b.min_sd, 2), round(b.max_sd, 2)) == (0.45, 3.03)


def test_rsprite2_examples_two_item_mean() -> None:
    b = sd_bounds(5, "4.2", 1, 7, items=2)
    assert b.min_sd == pytest.approx(math.sqrt(0.3) / 2)
    assert b.max_sd == pytest.approx(math.sqrt(36.8) / 2)
    assert (round(b.min_sd, 2), round(b.max_sd, 2)) == (0.27, 3.03)
    # As a sum of two items (2..14), the SD is twice as large.
    s = sd_bounds(5, "8.4", 1, 7, items=2, score="sum")
    assert s.max_sd == pytest.approx(math.sqrt(36.8))


def test_min_nonzero_sd() -> None:
    # n = 10, mean 3.00 on 1-5: all equal (SD 0), or one 2 and one 4: s^2 = 2/9, s = 0.4714.
    assert min_nonzero_variance_for_total(10, 30, 1, 5) == Fraction(2, 9)
    b = sd_bounds(10, "3.00", 1, 5)
    assert b.min_sd == 0.0
    assert b.min_nonzero_sd == pytest.approx(math.sqrt(2 / 9))
    assert sd_possible(10, "3.00", "0.00", 1, 5)
    assert not sd_possible(10, "3.00", "0.20", 1, 5)
    (f,) = sd_bounds_findings(10, "3.00", "0.20", 1, 5)
    assert f.expected == "0 or at least 0.4714"
    # Mean 1.00 on 1-5: everyone answered 1, only SD 0 is possible.
    assert min_nonzero_variance_for_total(10, 10, 1, 5) is None
    assert not sd_possible(10, "1.00", "0.30", 1, 5)


def test_grim_inconsistent_mean_falls_back_to_continuous_bound() -> None:
    # 5.19 with n = 28 fails GRIM; the SD bound is then Bhatia-Davis over [5.185, 5.195]
    # on 1-7: n/(n-1) (m-1)(7-m) is largest at m = 5.185: 28/27 * 4.185 * 1.815 = 7.877,
    # s = 2.8066.
    b = sd_bounds(28, "5.19", 1, 7)
    assert not b.exact
    assert b.max_sd == pytest.approx(math.sqrt(28 / 27 * 4.185 * 1.815), rel=1e-6)  # slack
    assert not sd_possible(28, "5.19", "2.85", 1, 7)
    assert sd_possible(28, "5.19", "2.80", 1, 7)


def test_bad_arguments() -> None:
    with pytest.raises(UsageError):
        sd_bounds(1, "2.0", 1, 4)
    with pytest.raises(UsageError):
        sd_bounds(10, "2.0", 4, 1)
    with pytest.raises(UsageError):
        max_variance_for_total(5, 100, 1, 4)


# --------------------------------------------------------------------------------------
# Exhaustive oracle: every data set of n <= 7 responses on 1-4 and 1-5.
# --------------------------------------------------------------------------------------


def _variance(xs: tuple[int, ...]) -> Fraction:
    n = len(xs)
    t = sum(xs)
    return (sum(x * x for x in xs) - Fraction(t * t, n)) / (n - 1)


@pytest.mark.parametrize("hi", [4, 5])
@pytest.mark.parametrize("n", [2, 3, 4, 5, 7])
def test_formulas_equal_brute_force(n: int, hi: int) -> None:
    by_total: dict[int, list[Fraction]] = {}
    for xs in itertools.combinations_with_replacement(range(1, hi + 1), n):
        by_total.setdefault(sum(xs), []).append(_variance(xs))
    for total, variances in by_total.items():
        assert max_variance_for_total(n, total, 1, hi) == max(variances)
        assert min_variance_for_total(n, total, 1, hi) == min(variances)
        nonzero = [v for v in variances if v > 0]
        expected = min(nonzero) if nonzero else None
        assert min_nonzero_variance_for_total(n, total, 1, hi) == expected
