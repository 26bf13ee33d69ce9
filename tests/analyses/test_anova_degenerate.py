"""Degenerate one-way ANOVAs: a one-case level, no variance, too few groups; hand values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mcstats.errors import DataError
from mcstats.stats.anova import histogram_median, one_way_anova, one_way_anova_from_histograms
from mcstats.stats.posthoc import p_adjust


def test_one_case_level_keeps_the_table_and_explains_what_is_missing() -> None:
    res = one_way_anova([5], [1, 2, 3], [2, 3, 4], levels=["solo", "b", "c"])
    # By hand: grand mean 20/7; SSB = (5 - 20/7)^2 + 3 (2 - 20/7)^2 + 3 (3 - 20/7)^2; SSW = 2 + 2.
    g = 20 / 7
    ssb = (5 - g) ** 2 + 3 * (2 - g) ** 2 + 3 * (3 - g) ** 2
    assert math.isclose(res.table.ss_between, ssb, rel_tol=1e-12)
    assert res.table.ss_within == 4.0 and (res.table.df_between, res.table.df_within) == (2, 4)
    assert math.isclose(res.table.F, (ssb / 2) / 1.0, rel_tol=1e-12)
    assert math.isnan(res.groups[0].sd) and math.isnan(res.welch.F) and math.isnan(res.brown_forsythe.F)
    assert res.tukey is None and res.games_howell is None and res.scheffe is None
    assert any("'solo'" in note and "single case" in note for note in res.notes)


def test_no_variance_in_any_group_is_a_clear_error() -> None:
    with pytest.raises(DataError, match="no variance within any group"):
        one_way_anova([2, 2], [3, 3], [4, 4])


def test_fewer_than_two_groups_and_empty_levels() -> None:
    with pytest.raises(DataError, match="two or more groups"):
        one_way_anova([1, 2, 3])
    with pytest.raises(DataError, match=r"'b'.*no case"):
        one_way_anova_from_histograms(np.array([1.0, 2.0]), np.array([[1, 2], [0, 0]]), ["a", "b"])
    with pytest.raises(DataError, match="more cases than groups"):
        one_way_anova([1], [2])


def test_constant_group_skips_welch_and_games_howell() -> None:
    res = one_way_anova([2, 2, 2], [1, 2, 3], [3, 4, 5])
    assert math.isnan(res.welch.F) and res.games_howell is None and res.tukey is not None
    assert any("no variance" in note for note in res.notes)


def test_games_howell_below_two_df_has_no_p() -> None:
    # Group a: n = 2 with a large variance, b: n = 30 with a tiny one -> Welch df near 1.
    res = one_way_anova([1, 9], [5, 5, 5, 6] * 7 + [5, 6], [5, 6, 7] * 5)
    assert res.games_howell is not None
    pair = res.games_howell[0]
    assert pair.df < 2 and math.isnan(pair.p) and pair.note
    assert any("fewer than 2 Welch df" in note for note in res.notes)


def test_histogram_median_matches_numpy() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        x = rng.integers(1, 6, size=rng.integers(1, 12))
        values = np.arange(1.0, 6.0)
        counts = np.bincount(x, minlength=6)[1:]
        assert histogram_median(values, counts) == float(np.median(x))


def test_p_adjust_by_hand() -> None:
    p = [0.04, 0.01, float("nan"), 0.03]
    # m = 3 (NaN left out). Bonferroni 3p; Holm: sorted .01,.03,.04 -> .03,.06,.06; BH: .03,.04,.04.
    assert np.allclose(p_adjust(p, "bonferroni"), [0.12, 0.03, np.nan, 0.09], equal_nan=True)
    assert np.allclose(p_adjust(p, "holm"), [0.06, 0.03, np.nan, 0.06], equal_nan=True)
    assert np.allclose(p_adjust(p, "bh"), [0.04, 0.03, np.nan, 0.04], equal_nan=True)
    with pytest.raises(ValueError, match="one of"):
        p_adjust(p, "fdr")
