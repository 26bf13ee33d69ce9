"""mcstats.printed and mcstats.integer_data: hand-calculated ends, policies and their doctests."""

from __future__ import annotations

import doctest
import importlib
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from mcstats.errors import UsageError
from mcstats.integer_data import grim_totals, sum_of_squares_interval, sums_of_squares
from mcstats.printed import Interval, printed_interval, prints_as


@pytest.mark.parametrize("name", ["mcstats.printed", "mcstats.integer_data"])
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_policies_at_the_ends() -> None:
    # "2.94": 2.935 .. 2.945 (hand); half up keeps 2.935 and not 2.945, either way keeps both
    lo, hi = Fraction(2935, 1000), Fraction(2945, 1000)
    up = printed_interval("2.94", policy="half-up")
    either = printed_interval("2.94")
    assert (up.lo, up.hi, either.lo, either.hi) == (lo, hi, lo, hi)
    assert lo in up and hi not in up and lo in either and hi in either
    # negative values: the end away from zero is -1.55, open under half up
    neg = printed_interval("-1.5", policy="half-up")
    assert Fraction(-155, 100) not in neg and Fraction(-145, 100) in neg
    # truncated 66.6: [66.6, 66.7)
    trunc = printed_interval("66.6", policy="truncated")
    assert Fraction(666, 10) in trunc and Fraction(667, 10) not in trunc
    # slack: a millionth of the last unit, 10^-9 for three decimals
    wide = printed_interval("2.905", slack=True)
    assert wide.lo == Fraction(29045, 10000) - Fraction(1, 10**9)
    with pytest.raises(UsageError):
        printed_interval("2.94", policy="banker")  # type: ignore[arg-type]


def test_true_values_of_every_kind() -> None:
    assert prints_as("2.94", Decimal("2.935")) and prints_as("3", np.int64(3))
    assert prints_as("2.94", np.float64(2.935))  # float: 12 significant digits
    assert not prints_as("2.94", float("nan")) and not prints_as("2.94", float("inf"))
    with pytest.raises(TypeError):
        _ = "2.94" in printed_interval("2.94")


def test_integers_in_an_interval() -> None:
    # [1, 2) scaled by 4: T/4 in [1, 2) is T = 4..7 (the open end 8 is out)
    assert Interval(Fraction(1), Fraction(2), hi_closed=False).integers(4) == range(4, 8)
    assert Interval(Fraction(1), Fraction(2), lo_closed=False).integers(4) == range(5, 9)
    # GRIM with the scale: 5.21 for N = 28 is T = 146 (145.88 .. 146.16), fine on 1..7; on
    # 1..5 the total is at most 140
    assert grim_totals(28, printed_interval("5.21"), lo=1, hi=7) == range(146, 147)
    assert len(grim_totals(28, printed_interval("5.21"), lo=1, hi=5)) == 0


def test_sums_of_squares_for_an_sd() -> None:
    # Mean 3.44 (T = 62), SD 2.47, N = 18 (Anaya's example): 17 * 2.465^2 + 62^2/18 = 316.85,
    # 17 * 2.475^2 + 62^2/18 = 317.69; the only integer 317 is odd while T is even.
    q = sum_of_squares_interval(18, 62, printed_interval("2.47"))
    assert q is not None and q.lo == Fraction(17 * 2465**2, 10**6) + Fraction(62**2, 18)
    assert list(q.integers()) == [317]
    assert len(sums_of_squares(18, 62, printed_interval("2.47"))) == 0
    # a wholly negative SD interval has no sum of squares
    assert sum_of_squares_interval(18, 62, printed_interval("-1.0")) is None
