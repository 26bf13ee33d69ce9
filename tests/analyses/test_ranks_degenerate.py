"""Degenerate rank tests: one value for everybody, an empty level, one group."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mcstats.errors import DataError
from mcstats.stats.ranks import (
    histograms_of_samples,
    kruskal_wallis_from_histograms,
    mann_whitney_from_histograms,
    midranks,
)


def test_all_tied_is_a_clear_error_for_kruskal_wallis() -> None:
    with pytest.raises(DataError, match="same score"):
        kruskal_wallis_from_histograms(np.array([[3], [2]]), ["a", "b"])


def test_all_tied_mann_whitney_has_undefined_z() -> None:
    res = mann_whitney_from_histograms(np.array([[3], [2]]), ["a", "b"])
    # U = n1 n2 / 2 = 3 and sigma = 0: no test; documented NaN, not a ZeroDivisionError.
    assert res.U == 3.0 and math.isnan(res.z) and math.isnan(res.p)


def test_empty_level_and_single_group() -> None:
    with pytest.raises(DataError, match="'b' has no case"):
        kruskal_wallis_from_histograms(np.array([[1, 2], [0, 0]]), ["a", "b"])
    with pytest.raises(DataError, match="two or more groups"):
        kruskal_wallis_from_histograms(np.array([[1, 2]]), ["a"])


def test_midranks_by_hand() -> None:
    # values 1,1,2,2,2,4 -> ranks (1+2)/2, (3+4+5)/3, 6 (value 3, absent, would get 5.5)
    assert midranks(np.array([2, 3, 0, 1])).tolist() == [1.5, 4.0, 5.5, 6.0]
    assert histograms_of_samples([2.0], [1.0, 2.0]).tolist() == [[0, 1], [1, 1]]
