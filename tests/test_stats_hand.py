"""Statistics checked against hand calculations written out here (no reference program)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from mcstats.instrument import instrument_from_options, parse_instrument
from mcstats.stats.cutoffs import cutoff_scheme, round_as_printed
from mcstats.stats.descriptives import item_statistics
from mcstats.stats.frequencies import frequencies
from mcstats.stats.reliability import cronbach_alpha
from mcstats.stats.ttest import (
    independent_ttest,
    levene_test,
    student_ttest_from_summary,
    welch_ttest_from_summary,
)


def test_alpha_by_hand() -> None:
    # Items (columns) over four respondents:
    #   i1 = 1,2,3,4  var = (2.25+.25+.25+2.25)/3 = 5/3
    #   i2 = 2,3,3,4  var = (1+0+0+1)/3 = 2/3
    #   i3 = 2,3,4,4  mean 3.25, var = (1.5625+.0625+.5625+.5625)/3 = 2.75/3
    #   total = 5,8,10,12  mean 8.75, var = (14.0625+.5625+1.5625+10.5625)/3 = 26.75/3
    # alpha = 3/2 * (1 - (5/3 + 2/3 + 2.75/3) / (26.75/3)) = 1.5 * (1 - 9.75/26.75)
    res = cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 4, 4]])
    assert res.alpha == pytest.approx(1.5 * (1 - 9.75 / 26.75), abs=1e-14)
    # Item 1 deleted: items 2,3 -> totals 4,6,7,8, mean 6.25, var = (5.0625+.0625+.5625+3.0625)/3 = 8.75/3
    row = res.items["item1"]
    assert row.scale_mean_if_deleted == pytest.approx(6.25)
    assert row.scale_variance_if_deleted == pytest.approx(8.75 / 3)
    # alpha of items 2,3 = 2 * (1 - (2/3 + 2.75/3) / (8.75/3)) = 2 * (1 - 4.75/8.75)
    assert row.alpha_if_deleted == pytest.approx(2 * (1 - 4.75 / 8.75))
    # corrected r(i1, i2+i3): cov = sum((x-2.5)(rest-6.25))/3 = (-1.5*-2.25 + -.5*-.25 + .5*.75 + 1.5*1.75)/3
    cov = (3.375 + 0.125 + 0.375 + 2.625) / 3
    assert row.corrected_item_total_r == pytest.approx(cov / math.sqrt(5 / 3 * 8.75 / 3))


def test_alpha_listwise_counts_excluded() -> None:
    res = cronbach_alpha([[1, 2], [2, np.nan], [3, 3], [4, 4], [np.nan, np.nan]])
    assert res.n == 3 and res.n_excluded == 2


def test_item_statistics_by_hand() -> None:
    s = item_statistics([1, 4, 4, np.nan])
    # mean 3, deviations -2, 1, 1 -> SS 6, sd = sqrt(6/2) = sqrt(3)
    assert (s.n, s.mean, s.min, s.max, s.n_missing) == (3, 3.0, 1.0, 4.0, 1)
    assert s.sd == pytest.approx(math.sqrt(3))
    assert math.isnan(item_statistics([2.0]).sd)


def test_frequencies_by_hand() -> None:
    t = frequencies([1, 2, 2, 4, None], labels={1: "a", 2: "b", 3: "c", 4: "d"}, order=[1, 2, 3, 4])
    assert [r.frequency for r in t.rows] == [1, 2, 0, 1]
    assert [r.percent for r in t.rows] == [20.0, 40.0, 0.0, 20.0]
    assert [r.valid_percent for r in t.rows] == [25.0, 50.0, 0.0, 25.0]
    assert [r.cumulative_percent for r in t.rows] == [25.0, 75.0, 75.0, 100.0]
    assert (t.missing, t.total) == (1, 5)


def test_student_and_welch_from_summary_by_hand() -> None:
    # n1 = 10, mean 5, sd 2; n2 = 20, mean 4, sd 1.
    # pooled var = (9*4 + 19*1)/28 = 55/28; SE = sqrt(55/28 * (1/10 + 1/20)) = sqrt(55/28*0.15)
    st = student_ttest_from_summary(10, 5.0, 2.0, 20, 4.0, 1.0)
    se = math.sqrt(55 / 28 * 0.15)
    assert st.se_difference == pytest.approx(se)
    assert st.t == pytest.approx(1 / se)
    assert st.df == 28
    # Welch: v1 = 4/10 = .4, v2 = 1/20 = .05; SE = sqrt(.45); df = .45^2 / (.4^2/9 + .05^2/19)
    w = welch_ttest_from_summary(10, 5.0, 2.0, 20, 4.0, 1.0)
    assert w.se_difference == pytest.approx(math.sqrt(0.45))
    assert w.df == pytest.approx(0.45**2 / (0.16 / 9 + 0.0025 / 19))
    # Two-sided p from the t distribution's survival function; critical t at .975.
    assert st.p == pytest.approx(2 * sps.t.sf(1 / se, 28))
    assert st.t_critical == pytest.approx(sps.t.ppf(0.975, 28))


def test_levene_by_hand() -> None:
    # Group a = 1,2,3,4 (mean 2.5): |dev| = 1.5,.5,.5,1.5 (mean 1); group b = 2,2,3,3 (mean 2.5): .5,.5,.5,.5
    # z grand mean = .75; between SS = 4*(.25)^2 + 4*(.25)^2 = .5, df1 = 1
    # within SS = (.25+.25+.25+.25) + 0 = 1, df2 = 6 -> F = .5 / (1/6) = 3
    res = levene_test([1, 2, 3, 4], [2, 2, 3, 3])
    assert res.F == pytest.approx(3.0)
    assert (res.df1, res.df2) == (1, 6)


def test_effect_sizes_by_hand() -> None:
    # x = 3,4,5,4 (mean 4, var 2/3); y = 2,3,2,3 (mean 2.5, var 1/3); pooled var = .5
    res = independent_ttest([3, 4, 5, 4], [2, 3, 2, 3], levels=("x", "y"))
    d = 1.5 / math.sqrt(0.5)
    assert res.cohen_d == pytest.approx(d)
    assert res.hedges_g == pytest.approx(d * (1 - 3 / (4 * 8 - 9)))
    assert "Significant" in res.decision


def test_round_half_up() -> None:
    assert round_as_printed(2.495, 2) == 2.5  # Python's round() gives 2.5 or 2.49 depending on binary form
    assert round_as_printed(499 / 200, 2) == 2.5
    assert round_as_printed(2.4949999, 2) == 2.49
    assert round_as_printed(-0.125, 2) == -0.13


@pytest.mark.parametrize(
    ("mean", "rounded", "exact"),
    [
        (3.50, "Very High Extent", "Very High Extent"),
        (3.495, "Very High Extent", "High Extent"),  # prints as 3.50
        (3.4949, "High Extent", "High Extent"),  # prints as 3.49
        (2.50, "High Extent", "High Extent"),
        (2.4999, "High Extent", "Low Extent"),  # prints as 2.50
        (1.50, "Low Extent", "Low Extent"),
        (1.49, "Very Low Extent", "Very Low Extent"),
        (1.00, "Very Low Extent", "Very Low Extent"),
        (4.00, "Very High Extent", "Very High Extent"),
    ],
)
def test_real_limits_4_point_boundaries(mean: float, rounded: str, exact: str) -> None:
    for compare, expected in (("rounded", rounded), ("exact", exact)):
        inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1"]}, "cutoffs": {"compare": compare}})
        assert cutoff_scheme(inst).remark(mean) == expected, (mean, compare)


@pytest.mark.parametrize(
    ("mean", "label"),
    [
        (4.5, "Strongly Agree"),
        (4.49, "Agree"),
        (3.5, "Agree"),
        (3.49, "Undecided"),
        (2.5, "Undecided"),
        (2.49, "Disagree"),
        (1.5, "Disagree"),
        (1.49, "Strongly Disagree"),
    ],
)
def test_real_limits_5_point_boundaries(mean: float, label: str) -> None:
    assert cutoff_scheme(instrument_from_options("Q1-Q2", 5)).remark(mean) == label


def test_criterion_and_equal_interval() -> None:
    four = instrument_from_options("Q1-Q2", 4)
    crit = cutoff_scheme(four, "criterion")
    assert crit.remark(2.50) == "Accepted" and crit.remark(2.49) == "Rejected"
    five = instrument_from_options("Q1-Q2", 5)
    assert cutoff_scheme(five, "criterion").remark(3.00) == "Accepted"
    assert cutoff_scheme(five, "criterion").remark(2.99) == "Rejected"
    # Equal intervals on 4 points: width 3/4 -> 1-1.75, 1.75-2.5, 2.5-3.25, 3.25-4
    eq = cutoff_scheme(four, "equal-interval")
    assert [eq.remark(x) for x in (1.74, 1.75, 2.49, 2.5, 3.24, 3.25)] == [
        "Very Low Extent",
        "Low Extent",
        "Low Extent",
        "High Extent",
        "High Extent",
        "Very High Extent",
    ]


def test_custom_bands_from_instrument() -> None:
    inst = parse_instrument(
        {
            "scale_points": 4,
            "scales": {"s": ["Q1"]},
            "cutoffs": {
                "bands": [{"min": 1, "max": 2.49, "label": "Low"}, {"min": 2.5, "max": 4, "label": "High"}]
            },
        }
    )
    s = cutoff_scheme(inst)
    assert (s.remark(2.49), s.remark(2.495), s.remark(4.0)) == ("Low", "High", "High")


def test_split_half_of_halves_correlating_minus_one_is_undefined() -> None:
    """Items x and -x (covariance [[1, -1], [-1, 1]]): r = -1 / sqrt(1 * 1) = -1, and the
    Spearman-Brown step-up 2r / (1 + r) divides by zero, so it is undefined (NaN), not inf;
    Guttman's split-half 4 * cov(a, b) / var(total) = 4 * (-1) / 0 is undefined too."""
    import math

    import numpy as np

    from mcstats.stats.guttman import split_half

    s = split_half(np.array([[1.0, -1.0], [-1.0, 1.0]]), [0])
    assert s.r == -1.0
    assert math.isnan(s.spearman_brown)


def test_standardized_alpha_of_perfectly_opposed_items_is_undefined() -> None:
    """x = 1, 2, 3 and y = 3, 2, 1 correlate -1, the least a pair can: the mean inter-item
    r is -1 = -1/(k-1) with k = 2, so k * r / (1 + (k - 1) * r) = -2 / 0 is undefined
    (NaN here; psych prints -Inf), and computing it must not raise. (Found by the
    property test of chunked versus in-memory moments.)"""
    import math

    from mcstats.stats.reliability import cronbach_alpha

    res = cronbach_alpha([[1, 3], [2, 2], [3, 1]])
    assert res.mean_inter_item_r == -1.0
    assert math.isnan(res.alpha_standardized)


def test_alpha_is_undefined_when_the_sum_score_does_not_vary_up_to_rounding() -> None:
    """Rows (1, 1, 2), (1, 1, 2), (1, 2, 1), (2, 1, 1) all sum to 4, so the sum score's
    variance is 0 and alpha = k/(k-1) * (1 - sum(s_i^2) / 0) is undefined. Item variances
    (n - 1 = 3): a = 1, 1, 1, 2 gives 0.75/3 = 1/4, b likewise 1/4, c = 2, 2, 1, 1 gives
    1/3. numpy's covariance sums to about 6e-17, not 0: such rounding noise (as in a
    covariance merged in floating point) must give NaN too, not -2e16. Without one item
    the other two do vary, so each alpha-if-deleted is a number. (Found by the property
    test of chunked versus whole moments.)"""
    import math

    import numpy as np

    from mcstats.stats.reliability import reliability_from_moments

    x = np.array([[1, 1, 2], [1, 1, 2], [1, 2, 1], [2, 1, 1]], dtype=float)
    cov = np.cov(x, rowvar=False)
    assert np.allclose(np.diag(cov), [1 / 4, 1 / 4, 1 / 3]) and abs(cov.sum()) < 1e-15
    for noise in (0.0, 1e-17, -1e-17):
        res = reliability_from_moments(4, x.mean(axis=0), cov + noise, ["a", "b", "c"])
        assert math.isnan(res.alpha)
        assert all(math.isfinite(res.items[i].alpha_if_deleted) for i in "abc")


def test_omega_if_deleted_survives_a_singular_newton_step() -> None:
    """Four complete cases of four items (found by the property test): without item 3 the
    correlations are r13 = 0, r23 = 0 and r14 = a = 1.3333 / sqrt(0.91667 * 2) = 0.98473
    (items 1, 2, 4), so one factor fits exactly with loadings sqrt(a), 0, sqrt(a), and
    omega = (sum of r - sum of uniquenesses) / sum of r = ((3 + 2a) - (3 - 2a)) / (3 + 2a)
    = 4a / (3 + 2a). The Newton step there is singular to working precision; the fit must
    go on (a pseudo-inverse step), not raise."""
    import math

    import numpy as np

    from mcstats.stats.omega import omega_if_deleted

    x = np.array([[1, 3, 1, 1], [2, 3, 1, 3], [3, 2, 1, 4], [3, 4, 2, 4]], dtype=float)
    cov = np.cov(x, rowvar=False)
    a = cov[0, 3] / math.sqrt(cov[0, 0] * cov[3, 3])
    assert omega_if_deleted(cov)[2] == pytest.approx(4 * a / (3 + 2 * a), abs=1e-9)
