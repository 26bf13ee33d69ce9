"""Run the doctests of every audit module (they are the documented worked examples)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "mcstats.audit",
    "mcstats.audit.rounding",
    "mcstats.audit.sd_bounds",
    "mcstats.audit.grim",
    "mcstats.audit.ranges",
    "mcstats.audit.derived",
    "mcstats.audit.ttest_summary",
    "mcstats.audit.reliability",
    "mcstats.audit.findings",
    "mcstats.audit.limits",
    "mcstats.audit.remarks",
    "mcstats.audit.samples",
    "mcstats.audit.run",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0
    if name != "mcstats.audit":
        assert result.attempted > 0
