"""t-test rows recomputed from group summaries (statcheck, extended)."""

from __future__ import annotations

import math

import pytest
from scipy import stats as sps

from mcstats.audit import check_ttest, p_from_t, p_interval, t_range, ttest_findings
from mcstats.audit.ttest_summary import df_interval, welch_df

# --------------------------------------------------------------------------------------
# Rivers State: male N = 304, mean 24.67, SD 1.96; female N = 173, mean 22.82, SD 1.92;
# reported df 475, t 6.41, t-crit 1.96.
# --------------------------------------------------------------------------------------
#
# Student: df = 304 + 173 - 2 = 475 (as reported).
#   pooled variance s_p^2 = (303 * 1.96^2 + 172 * 1.92^2) / 475
#                         = (303 * 3.8416 + 172 * 3.6864) / 475
#                         = (1164.0048 + 634.0608) / 475 = 1798.0656 / 475 = 3.785401
#   1/304 + 1/173 = 0.0032895 + 0.0057803 = 0.0090698
#   SE = sqrt(3.785401 * 0.0090698) = sqrt(0.0343329) = 0.185292
#   t = (24.67 - 22.82) / 0.185292 = 1.85 / 0.185292 = 9.984
# Welch: SE = sqrt(3.8416/304 + 3.6864/173) = sqrt(0.0126368 + 0.0213087) = 0.184243,
#   t = 1.85 / 0.184243 = 10.041.
# Allowing for rounding (means +-0.005, SDs +-0.005) the smallest Student t is
#   (1.85 - 0.01) / SE(1.965, 1.925) and the largest (1.85 + 0.01) / SE(1.955, 1.915):
#   about 9.90 and 10.06 -- t is about 10, not 6.41.
# Critical t for df = 475 at alpha .05: 1.96495, which prints as 1.96 (consistent).

RIVERS = (304, "24.67", "1.96", 173, "22.82", "1.92")


def _student_t(n1: int, m1: float, s1: float, n2: int, m2: float, s2: float) -> float:
    sp2 = ((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2)
    return (m1 - m2) / math.sqrt(sp2 * (1 / n1 + 1 / n2))


def test_rivers_state_by_hand() -> None:
    sp2 = (303 * 1.96**2 + 172 * 1.92**2) / 475
    assert sp2 == pytest.approx(3.785401, abs=1e-6)
    se = math.sqrt(sp2 * (1 / 304 + 1 / 173))
    assert se == pytest.approx(0.185292, abs=1e-6)
    assert 1.85 / se == pytest.approx(9.984, abs=1e-3)
    welch_se = math.sqrt(1.96**2 / 304 + 1.92**2 / 173)
    assert 1.85 / welch_se == pytest.approx(10.041, abs=1e-3)

    r = t_range(*RIVERS)
    assert r.df == (475.0, 475.0)
    assert r.point.t == pytest.approx(1.85 / se, rel=1e-9)
    t_lo = _student_t(304, 24.665, 1.965, 173, 22.825, 1.925)
    t_hi = _student_t(304, 24.675, 1.955, 173, 22.815, 1.915)
    assert r.t[0] == pytest.approx(t_lo, rel=1e-6)
    assert r.t[1] == pytest.approx(t_hi, rel=1e-6)
    assert 9.89 < r.t[0] < 9.91 and 10.05 < r.t[1] < 10.07


def test_rivers_state_is_flagged() -> None:
    audit = check_ttest(*RIVERS, t="6.41", df="475", t_critical="1.96")
    assert audit.method == "student"
    assert audit.t_ok is False
    assert audit.df_ok is True
    assert audit.t_critical_ok is True  # t_.975(475) = 1.96495 -> 1.96
    assert not audit.consistent
    findings = ttest_findings(*RIVERS, t="6.41", df="475", t_critical="1.96", location="Table 5")
    assert [(f.check, f.severity) for f in findings] == [("ttest_t", "inconsistent")]
    assert findings[0].expected == "9.90 to 10.06"
    assert "6.41" in findings[0].message and findings[0].message.startswith("Table 5: ")
    # Welch cannot rescue it either (t = 10.04).
    assert check_ttest(*RIVERS, t="6.41", method="welch").t_ok is False


def test_rivers_state_correct_row_passes() -> None:
    # What the row should have said: t = 9.98, df = 475, p < .001, t-crit 1.96.
    assert ttest_findings(*RIVERS, t="9.98", df="475", p="< .001", t_critical="1.96") == []
    assert ttest_findings(*RIVERS, t="-9.98", df="475", p=".000") == []  # sign is arbitrary


def test_df_that_does_not_follow_from_group_sizes() -> None:
    # n1 + n2 - 2 = 475; 477 fits neither Student nor Welch (Welch df <= n1 + n2 - 2).
    (f,) = ttest_findings(*RIVERS, t="9.98", df="477", method="student")
    assert f.check == "ttest_df"
    assert "304 + 173 - 2 = 475" in f.message
    fs = ttest_findings(*RIVERS, t="9.98", df="477")
    assert [x.check for x in fs] == ["ttest_df"]


def test_small_hand_example_consistent() -> None:
    # Groups (3, 4, 5, 4) and (2, 3, 2, 3): means 4.00 and 2.50; variances 2/3 and 1/3,
    # SDs 0.8165 -> 0.82 and 0.5774 -> 0.58. s_p^2 = (3 * 2/3 + 3 * 1/3)/6 = 0.5,
    # SE = sqrt(0.5 * (1/4 + 1/4)) = 0.5, t = 1.5/0.5 = 3.00 with df 6;
    # p = 2 * P(T_6 > 3) = 0.0240 -> .024; t-crit(6) = 2.447.
    p = 2 * sps.t.sf(3.0, 6)
    assert round(p, 3) == 0.024
    assert ttest_findings(4, "4.00", "0.82", 4, "2.50", "0.58", t="3.00", df="6", p=".024",
                          t_critical="2.447") == []  # fmt: skip


def test_statcheck_p_from_t() -> None:
    # t(28) = 2.20: p = 2 * P(T_28 > 2.20) = 0.0362; printed t stands for [2.195, 2.205],
    # df 28 for [27.5, 29] (rounded or chopped).
    lo, hi = p_from_t("2.20", "28")
    assert lo == pytest.approx(2 * sps.t.sf(2.205, 29))
    assert hi == pytest.approx(2 * sps.t.sf(2.195, 27.5))
    assert lo < 0.0362 < hi


def test_statcheck_inconsistency_and_decision_error() -> None:
    # Groups 20/20 with means 5.00 vs 4.50 and SDs 1.00: t = 0.5 / sqrt(1 * 0.1) = 1.58, df 38,
    # p = 2 * P(T_38 > 1.58) = 0.122 (not significant).
    t = 0.5 / math.sqrt(0.1)
    p = 2 * sps.t.sf(t, 38)
    assert round(t, 2) == 1.58 and round(p, 3) == 0.122
    ok = ttest_findings(20, "5.00", "1.00", 20, "4.50", "1.00", t="1.58", df="38", p=".122")
    assert ok == []
    bad = ttest_findings(20, "5.00", "1.00", 20, "4.50", "1.00", t="1.58", df="38", p="< .05")
    checks = {f.check for f in bad}
    assert {"ttest_p", "ttest_p_from_t", "ttest_decision"} <= checks


def test_p_interval_forms() -> None:
    assert p_interval("0.00") == (0.0, 0.005)
    assert p_interval(".000") == (0.0, 0.0005)
    assert p_interval("p < .001") == (0.0, 0.001)
    assert p_interval("> .05") == (0.05, 1.0)
    assert p_interval("n.s.") == (0.05, 1.0)
    lo, hi = p_interval("= .032")
    assert (lo, hi) == pytest.approx((0.0315, 0.0325))


def test_welch_df_formula_and_range() -> None:
    # Equal n and SD: df = n1 + n2 - 2 = 18; r -> 0 gives n2 - 1, r -> inf gives n1 - 1.
    assert welch_df(10, 10, 1.0) == pytest.approx(18.0)
    assert welch_df(10, 30, 0.0) == pytest.approx(29.0)
    assert welch_df(10, 30, math.inf) == pytest.approx(9.0)
    # Hand: n = 10 and 30, SDs 2.0 and 1.0: v1 = 0.4, v2 = 1/30 = 0.03333;
    # df = (0.43333)^2 / (0.4^2/9 + 0.03333^2/29) = 0.187778 / (0.0177778 + 0.0000383)
    #    = 0.187778 / 0.0178161 = 10.5398
    r = t_range(10, "5.0", "2.0", 30, "4.0", "1.0", method="welch")
    assert r.df[0] < 10.5398 < r.df[1]
    assert r.point.df == pytest.approx(10.5398, abs=1e-4)
    assert ttest_findings(10, "5.0", "2.0", 30, "4.0", "1.0", df="10.54", method="welch") == []
    assert ttest_findings(10, "5.0", "2.0", 30, "4.0", "1.0", df="10") == []  # chopped
    assert df_interval("10") == (9.5, 11.0)


def test_t_critical_mismatch() -> None:
    # df 6: t-crit 2.447; 1.96 (the normal value) does not fit.
    fs = ttest_findings(4, "4.00", "0.82", 4, "2.50", "0.58", t_critical="1.96")
    assert [f.check for f in fs] == ["ttest_t_critical"]
