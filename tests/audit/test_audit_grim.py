"""GRIM, GRIMMER and DEBIT: published examples with hand derivations, and an exhaustive
no-false-alarm oracle for small samples."""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest

from mcstats.audit import (
    debit,
    debit_findings,
    debit_sd_range,
    grim,
    grim_findings,
    grim_percent,
    grim_totals,
    grimmer,
    grimmer_findings,
    grimmer_reason,
    mean_sd_findings,
)
from mcstats.errors import UsageError

# --------------------------------------------------------------------------------------
# GRIM (Brown & Heathers 2017). The paper's example: a mean of 5.19 from N = 28.
# 5.19 stands for [5.185, 5.195]; times 28: [145.18, 145.46] holds no integer.
# 145/28 = 5.17857 -> 5.18 and 146/28 = 5.21429 -> 5.21.
# --------------------------------------------------------------------------------------


def test_grim_brown_heathers_example() -> None:
    assert not grim("5.19", 28)
    (f,) = grim_findings("5.19", 28)
    assert f.expected == "5.18 or 5.21"
    assert f.check == "grim" and f.severity == "impossible"


def test_grim_sequence_from_scrutiny() -> None:
    # scrutiny's test: 5.19, 5.20, ..., 5.30 with n = 28 -> consistent at 5.21, 5.25, 5.29.
    # 146/28 = 5.2143, 147/28 = 5.25, 148/28 = 5.2857; 149/28 = 5.3214 is beyond 5.30.
    means = [f"{519 + i}" for i in range(12)]
    got = [grim(f"{m[0]}.{m[1:]}", 28) for m in means]
    expected = [False, False, True, False, False, False, True, False, False, False, True, False]
    assert got == expected


def test_grim_composites_from_scrutiny() -> None:
    # Three items, n = 120: granularity 1/360. 54/360 = .150, 55/360 = .15278 -> .153,
    # 56/360 = .15556 -> .156, 57/360 = .15833 -> .158, 58/360 = .16111.
    got = [grim(f"0.15{i}", 120, items=3) for i in range(10)]
    assert got == [True, False, False, True, False, False, True, False, True, False]
    # Two items, n = 28: granularity 1/56. 45/56 = .8036 -> .80, 46/56 = .8214 -> .82,
    # 47/56 = .8393 -> .84, 48/56 = .8571 -> .86, 49/56 = .875 exactly -> .87 or .88 (a tie:
    # half-up gives .88, half-even .88, half-down .87; the closed interval accepts both),
    # 50/56 = .8929 -> .89.
    got = [grim(f"0.8{i}", 28, items=2) for i in range(10)]
    assert got == [True, False, True, False, True, False, True, True, True, True]


def test_grim_sum_score_has_granularity_one_over_n() -> None:
    # Sum of 4 items, n = 10: the mean of the sums is T/10. 12.35 stands for
    # [12.345, 12.355]; times 10: [123.45, 123.55] holds no integer. 12.30 = 123/10 is fine.
    assert not grim("12.35", 10, items=4, score="sum")
    assert grim("12.30", 10, items=4, score="sum")
    # The same respondents' mean of the 4 items has granularity 1/40 = 0.025: 3.075, 3.100.
    # 3.09 stands for [3.085, 3.095]; times 40: [123.4, 123.8] holds no integer.
    assert not grim("3.09", 10, items=4)
    assert grim("3.08", 10, items=4)  # [3.075, 3.085] * 40 = [123, 123.4] -> 123


def test_grim_no_power_for_large_n() -> None:
    # n * k >= 10^d: every mean is possible (e.g. 2 decimals, n = 100).
    assert all(grim(f"3.{i:02d}", 100) for i in range(100))
    assert len(grim_totals("2.905", 432)) == 1


def test_grim_percent_pigs2() -> None:
    # scrutiny's pigs2: 67.4 % of 150: 67.35..67.45 % of 150 = 101.03..101.18 -> impossible.
    # 54.0 % of 150 = 81 exactly -> possible.
    assert not grim_percent("67.4", 150)
    assert grim_percent("54.0", 150)


# --------------------------------------------------------------------------------------
# GRIMMER (Anaya 2016; Allard 2018).
# --------------------------------------------------------------------------------------


def test_grimmer_parity_example_from_rsprite2() -> None:
    # Mean 3.44, SD 2.47, N = 18 (rsprite2 / scrutiny test: inconsistent).
    # T: [3.435, 3.445] * 18 = [61.83, 62.01] -> T = 62 (62/18 = 3.4444 -> 3.44, GRIM fine).
    # Q = (n-1) s^2 + T^2/n must be an integer:
    #   lower: 17 * 2.465^2 + 3844/18 = 17 * 6.076225 + 213.5556 = 103.2958 + 213.5556 = 316.85
    #   upper: 17 * 2.475^2 + 213.5556 = 17 * 6.125625 + 213.5556 = 104.1356 + 213.5556 = 317.69
    # The only integer is 317, odd, but T = 62 is even and sum x^2 has the parity of sum x.
    assert grim("3.44", 18)
    assert grimmer_reason("3.44", "2.47", 18) == "parity"
    assert not grimmer("3.44", "2.47", 18)
    (f,) = grimmer_findings("3.44", "2.47", 18)
    assert f.check == "grimmer" and "parity" in f.message


def test_grimmer_consistent_example_from_rsprite2() -> None:
    # Mean 5.21, SD 1.6, N = 28: T = 146; Q in [27*1.55^2 + 146^2/28, 27*1.65^2 + 146^2/28]
    # = [64.8675 + 761.2857, 73.5075 + 761.2857] = [826.15, 834.79]: 827..834, evens exist.
    assert grimmer("5.21", "1.6", 28)


def test_grimmer_granularity() -> None:
    # N = 5, mean 3.00 -> T = 15, T^2/n = 45.
    # SD 1.00: Q in [4*0.995^2 + 45, 4*1.005^2 + 45] = [48.9601, 49.0401] -> Q = 49, odd like
    #   T: consistent (e.g. 2, 2, 3, 4, 4: Q = 4 + 4 + 9 + 16 + 16 = 49).
    # SD 1.10: Q in [4*1.095^2 + 45, 4*1.105^2 + 45] = [49.7961, 49.8841]: no integer.
    assert grimmer("3.00", "1.00", 5)
    assert grimmer_reason("3.00", "1.10", 5) == "granularity"


def test_grimmer_below_the_balanced_minimum() -> None:
    # N = 100, mean 2.50 -> T = 250 (only integer in [249.5, 250.5]), T^2/n = 625.
    # SD 0.10: Q in [99*0.095^2 + 625, 99*0.105^2 + 625] = [625.89, 626.09] -> Q = 626, even
    # like T, but the smallest possible Q is 50 twos and 50 threes: 200 + 450 = 650.
    assert grimmer_reason("2.50", "0.10", 100) == "bounds"
    assert [f.check for f in mean_sd_findings(100, "2.50", "0.10", 1, 5)] == ["sd_bounds"]


def test_grimmer_composite_uses_item_sums() -> None:
    # Mean of 2 items, N = 3. Data (item sums) 2, 3, 5 -> means 1.0, 1.5, 2.5.
    # mean = 5.0/3 ... of the means: (1 + 1.5 + 2.5)/3 = 1.6667 -> "1.67";
    # SD of the means: deviations -0.6667, -0.1667, 0.8333 -> squares 0.4444, 0.0278, 0.6944
    #   -> sum 1.1667 / 2 = 0.5833 -> s = 0.7638 -> "0.76".
    assert grimmer("1.67", "0.76", 3, items=2, lo=1, hi=5)
    # On the item-sum scale: T = 10, SD 0.76 -> 1.52 in [1.51, 1.53]; Q in
    # [2*1.51^2 + 100/3, 2*1.53^2 + 100/3] = [37.893, 38.015] -> Q = 38, even like T = 10. OK.
    # SD 0.70 -> [1.39, 1.41] on sums: Q in [2*1.9321 + 33.333, 2*1.9881 + 33.333]
    # = [37.197, 37.310]: no integer.
    assert grimmer_reason("1.67", "0.70", 3, items=2) == "granularity"


def test_grimmer_flags_mean_via_grim_reason() -> None:
    assert grimmer_reason("5.19", "1.00", 28) == "grim"
    assert grimmer_findings("5.19", "1.00", 28) == []  # left to grim_findings


def test_grimmer_scale_maximum() -> None:
    # N = 4, mean 2.50 -> T = 10, T^2/n = 25. SD 1.91: Q in [3*1.905^2 + 25, 3*1.915^2 + 25]
    # = [35.887, 36.002] -> Q = 36, even like T: fine for unbounded integers (0, 2, 4, 4 has
    # Q = 0 + 4 + 16 + 16 = 36). On 1-4 the largest Q is two 4s and two 1s = 34
    # (s^2 = (34 - 25)/3 = 3, s = 1.732), so 1.91 is impossible there.
    assert grimmer("2.50", "1.91", 4)
    assert grimmer_reason("2.50", "1.91", 4, lo=1, hi=4) == "bounds"
    assert grimmer("2.50", "1.73", 4, lo=1, hi=4)


def test_grimmer_requires_both_bounds() -> None:
    with pytest.raises(UsageError):
        grimmer("2.50", "1.00", 4, lo=1)


# --------------------------------------------------------------------------------------
# DEBIT (Heathers & Brown 2019), scrutiny's pigs3 (N = 1683): only row 4 is inconsistent.
# Row 4: mean 0.19 stands for [0.185, 0.195] -> ones c in [311.36, 328.19] -> 312..328.
#   s^2 = c (n - c) / (n (n - 1)), n (n - 1) = 1683 * 1682 = 2830806.
#   c = 312: 312 * 1371 = 427752 -> s^2 = 0.151106 -> s = 0.38872
#   c = 328: 328 * 1355 = 444440 -> s^2 = 0.157001 -> s = 0.39623
#   (s^2 grows with c below n/2), so SD 0.35 ([0.345, 0.355]) is impossible.
# Row 1: mean 0.53 -> c = 884..900 around n/2: s ~ sqrt(1683/1682 * .53 * .47) = 0.4992 -> .50.
# --------------------------------------------------------------------------------------

PIGS3 = [
    ("0.53", "0.50", True),
    ("0.44", "0.50", True),
    ("0.77", "0.42", True),
    ("0.19", "0.35", False),
    ("0.34", "0.47", True),
    ("0.93", "0.25", True),
    ("0.12", "0.33", True),
]


@pytest.mark.parametrize(("mean", "sd", "ok"), PIGS3)
def test_debit_pigs3(mean: str, sd: str, ok: bool) -> None:
    assert debit(mean, sd, 1683) is ok


def test_debit_row4_by_hand() -> None:
    lo, hi = debit_sd_range("0.19", 1683)
    assert lo == pytest.approx((427752 / 2830806) ** 0.5)
    assert hi == pytest.approx((444440 / 2830806) ** 0.5)
    (f,) = debit_findings("0.19", "0.35", 1683)
    assert f.expected == "0.3887 to 0.3962"


def test_debit_extremes() -> None:
    # All zeros or all ones: SD 0 only (scrutiny's boundary tests).
    assert debit("0.00", "0.00", 50) and debit("1.00", "0.00", 50)
    assert not debit("0.00", "0.50", 50) and not debit("1.00", "0.50", 50)
    # 50 ones in 100: s = sqrt(100/99 * .25) = 0.50252 -> "0.503".
    assert debit("0.50", "0.503", 100)


# --------------------------------------------------------------------------------------
# Exhaustive oracle: every data set of n <= 7 on 1-4 (and 0/1 for DEBIT), printed at 1, 2
# and 3 decimals with half-up and half-even rounding, must pass every check.
# --------------------------------------------------------------------------------------


def _print(x: Fraction, d: int, mode: str) -> str:
    with localcontext() as ctx:
        ctx.prec = 60
        value = Decimal(x.numerator) / Decimal(x.denominator)
        return str(value.quantize(Decimal(1).scaleb(-d), rounding=mode))


def _print_sqrt(v: Fraction, d: int, mode: str) -> str:
    with localcontext() as ctx:
        ctx.prec = 60
        value = (Decimal(v.numerator) / Decimal(v.denominator)).sqrt()
        return str(value.quantize(Decimal(1).scaleb(-d), rounding=mode))


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7])
def test_no_false_alarm_exhaustive_small_n(n: int) -> None:
    seen: set[tuple[str, str]] = set()
    for xs in itertools.combinations_with_replacement(range(1, 5), n):
        t = sum(xs)
        var = (sum(x * x for x in xs) - Fraction(t * t, n)) / (n - 1)
        for d in (1, 2, 3):
            for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
                mean = _print(Fraction(t, n), d, mode)
                sd = _print_sqrt(var, d, mode)
                if (mean, sd) in seen:
                    continue
                seen.add((mean, sd))
                assert grim(mean, n), (xs, mean)
                assert grimmer(mean, sd, n, lo=1, hi=4), (xs, mean, sd)
                assert mean_sd_findings(n, mean, sd, 1, 4) == [], (xs, mean, sd)


def test_grimmer_has_power_in_small_samples() -> None:
    # The checks are not vacuous: among all (mean, SD) pairs printable at 2 decimals with
    # N = 5 on 1-4, those no data set produces are mostly rejected.
    n = 5
    produced = set()
    for xs in itertools.combinations_with_replacement(range(1, 5), n):
        t = sum(xs)
        var = (sum(x * x for x in xs) - Fraction(t * t, n)) / (n - 1)
        produced.add((_print(Fraction(t, n), 2, ROUND_HALF_UP), _print_sqrt(var, 2, ROUND_HALF_UP)))
    rejected = 0
    for t in range(5, 21):
        mean = _print(Fraction(t, n), 2, ROUND_HALF_UP)
        for s in range(0, 170):
            sd = f"{s / 100:.2f}"
            if (mean, sd) in produced:
                continue
            rejected += not grimmer(mean, sd, n, lo=1, hi=4)
    total = 16 * 170 - len(produced)
    assert rejected / total > 0.9


@pytest.mark.parametrize("n", [2, 3, 5, 8, 20, 37])
def test_debit_no_false_alarm_exhaustive(n: int) -> None:
    for c in range(n + 1):
        var = Fraction(c * (n - c), n * (n - 1))
        for d in (2, 3):
            for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN):
                mean = _print(Fraction(c, n), d, mode)
                sd = _print_sqrt(var, d, mode)
                assert debit(mean, sd, n), (n, c, mean, sd)
