"""Printed values as intervals; rounding versus truncation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from mcstats.audit import (
    decimals_of,
    exact_interval,
    interval,
    parse_reported,
    printing_style,
    round_half_up,
    truncate,
    truncation_interval,
)
from mcstats.errors import UsageError


def test_interval_half_unit_either_side() -> None:
    # 2.905 printed with 3 decimals: 2.905 - 0.0005 .. 2.905 + 0.0005.
    assert interval("2.905") == (2.9045, 2.9055)
    # Trailing zeros count: "3.20" is [3.195, 3.205], "3.2" is [3.15, 3.25].
    assert interval("3.20") == (3.195, 3.205)
    assert interval("3.2") == (3.15, 3.25)
    assert interval(3.2, 2) == (3.195, 3.205)
    assert interval("432") == (431.5, 432.5)
    assert interval("-0.25") == (-0.255, -0.245)


def test_exact_interval_slack_is_tiny() -> None:
    lo, hi = exact_interval("2.905")
    assert lo == Fraction(29045, 10000) - Fraction(1, 10**9)
    assert hi == Fraction(29055, 10000) + Fraction(1, 10**9)


def test_decimals_and_parsing() -> None:
    assert decimals_of("2.50") == 2
    assert decimals_of(".05") == 2
    assert decimals_of("10") == 0
    assert decimals_of(2.5) == 1  # a float cannot remember "2.50"
    assert parse_reported("\u22121.5") == Decimal("-1.5")
    with pytest.raises(UsageError):
        parse_reported("abc")
    with pytest.raises(UsageError):
        parse_reported(float("nan"))


def test_round_half_up_and_truncate() -> None:
    # 1255/432 = 2.905092..., 2/3 = 0.6666...
    assert round_half_up(Fraction(1255, 432), 3) == Decimal("2.905")
    assert round_half_up(Fraction(49, 56), 2) == Decimal("0.88")  # 0.875, a tie, goes up
    assert truncate(Fraction(49, 56), 2) == Decimal("0.87")
    assert truncate(Fraction(-2, 3), 2) == Decimal("-0.66")
    assert round_half_up(Fraction(-5, 2), 0) == Decimal("-3")


def test_printing_style() -> None:
    # 1/3 = 33.333...%: 33.3 both rounded and truncated; 2/3 = 66.666...%: 66.7 vs 66.6.
    assert printing_style(Fraction(100, 3), "33.3") == "rounded or truncated"
    assert printing_style(Fraction(200, 3), "66.7") == "rounded"
    assert printing_style(Fraction(200, 3), "66.6") == "truncated"
    assert printing_style(Fraction(200, 3), "67.0") == "neither"


def test_truncation_interval() -> None:
    assert truncation_interval("66.6") == (Fraction(666, 10), Fraction(667, 10))
    assert truncation_interval("-1.2") == (Fraction(-13, 10), Fraction(-12, 10))
