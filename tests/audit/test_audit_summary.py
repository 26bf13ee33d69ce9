"""The Summary of a printed mean and SD: one value carried through every check."""

from __future__ import annotations

import doctest

import pytest

import mcstats.audit.summary
from mcstats.audit import Summary, check_summary, summary_findings
from mcstats.errors import UsageError


def test_doctests() -> None:
    result = doctest.testmod(mcstats.audit.summary, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_rivers_state_item_7() -> None:
    """N = 432, mean 2.905, SD 3.215 on 1-4: the total is 1255 (432 x 2.9045 = 1254.744,
    432 x 2.9055 = 1255.176) and the widest data (274 fours, one 2, 157 ones) have SD 1.444."""
    s = Summary("2.905", 432, "3.215", 1, 4)
    [f] = summary_findings(s)
    assert (f.check, f.expected) == ("sd_bounds", "at most 1.444")
    assert check_summary(s).checks == ("range", "grim", "sd_bounds", "grimmer")


def test_what_needs_n_is_listed_when_n_is_not_printed() -> None:
    r = check_summary(Summary("2.905", None, "3.215", 1, 4), (10, 339, "10-339"))
    assert r.checks == ("range", "sd_bounds")
    assert "GRIM and GRIMMER need the exact N (printed: 10-339)" in r.not_checked


def test_a_yes_no_item_gets_debit() -> None:
    # scrutiny's pigs3: N = 1683, proportion .19 needs 312..328 ones, SD .389..396 (not .35)
    r = check_summary(Summary("0.19", 1683, "0.35", 0, 1))
    assert r.checks == ("debit",) and [f.check for f in r.findings] == ["debit"]


def test_scale_given_whole() -> None:
    with pytest.raises(UsageError):
        Summary("2.5", 10, lo=1)
    with pytest.raises(UsageError):
        Summary("2.5", 10).describe()
