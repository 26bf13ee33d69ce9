"""Tests recomputed from printed summaries: one-way ANOVA F (with df and critical F), F = t^2,
chi-square from a crosstab, r with N and p.

Reference values: R (aov, qf, t.test, chisq.test without correction, cor.test) on seeded
random Likert data, written by tests/reference/audit_summaries/summaries.R into
summaries.json (15 significant digits). Hand calculations are in the comments.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from mcstats.audit.anova_summary import anova_findings, anova_range
from mcstats.audit.crosstab_summary import chi_square_from_counts, correlation_findings, crosstab_findings
from mcstats.stats.distributions import chi2_sf

REF = json.loads(
    (Path(__file__).resolve().parents[1] / "reference" / "audit_summaries" / "summaries.json").read_text(
        encoding="utf-8"
    )
)


def _print(x: float, d: int) -> str:
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("case", REF["anova"], ids=lambda c: f"k{len(c['n'])}-N{sum(c['n'])}")
def test_anova_from_summaries_equals_r(case: dict[str, Any]) -> None:
    a = anova_range(case["n"], case["mean"], case["sd"])
    assert (a.df1, a.df2) == (case["df1"], case["df2"])
    # means and SDs at 15 decimals: the interval shrinks onto R's F
    assert a.f[0] == pytest.approx(case["F"], rel=1e-9) and a.f[1] == pytest.approx(case["F"], rel=1e-9)
    assert a.p[0] == pytest.approx(case["p"], rel=1e-8, abs=1e-10)
    assert abs(a.critical_f() - case["f_critical"]) < 1e-10
    if len(case["n"]) == 2:  # F = t^2 for two groups (Student's t from R's t.test)
        assert case["F"] == pytest.approx(case["t"] ** 2, rel=1e-12)


@pytest.mark.parametrize("case", REF["anova"], ids=lambda c: f"k{len(c['n'])}-N{sum(c['n'])}")
def test_anova_printed_as_a_paper_prints_it_raises_nothing(case: dict[str, Any]) -> None:
    means = [_print(float(m), 2) for m in case["mean"]]
    sds = [_print(float(s), 2) for s in case["sd"]]
    p = _print(case["p"], 3)
    found = anova_findings(
        case["n"],
        means,
        sds,
        f=_print(case["F"], 2),
        df1=str(case["df1"]),
        df2=str(case["df2"]),
        p=p if Decimal(p) > 0 else "<.001",
        f_critical=_print(case["f_critical"], 2),
    )
    assert found == []
    # a wrong F, wrong df and a critical F of other df are caught
    wrong = anova_findings(
        case["n"],
        means,
        sds,
        f=_print(case["F"] * 1.5 + 1, 2),
        df2=str(case["df2"] + 3),
        f_critical=_print(case["f_critical"] + 0.5, 2),
    )
    assert sorted(f.check for f in wrong) == ["anova_df", "anova_f", "anova_f_critical"]


def test_anova_hand_example() -> None:
    # groups 10, 12, 11 with means 2.10, 2.80, 3.05 and SDs .74, .83, .79: at the printed values
    # grand mean = (21 + 33.6 + 33.55)/33 = 2.67121; SS_B = 10(.57121)^2 + 12(.12879)^2 +
    # 11(.37879)^2 = 3.2627 + .1990 + 1.5783 = 5.0400; SS_W = 9(.5476) + 11(.6889) + 10(.6241)
    # = 4.9284 + 7.5779 + 6.241 = 18.7473; F = (5.0400/2)/(18.7473/30) = 4.0327 (R: 4.032702)
    a = anova_range([10, 12, 11], ["2.10", "2.80", "3.05"], [".74", ".83", ".79"])
    assert a.f[0] < 4.0327 < a.f[1]
    assert (a.df1, a.df2) == (2, 30)


@pytest.mark.parametrize("case", REF["chisq"], ids=lambda c: f"{len(c['counts'])}x{len(c['counts'][0])}")
def test_chi_square_from_crosstab_equals_r(case: dict[str, Any]) -> None:
    chi, df, expected = chi_square_from_counts(case["counts"])
    assert abs(float(chi) - case["chi2"]) < 1e-10 * max(1.0, case["chi2"])
    assert df == case["df"]
    assert abs(chi2_sf(float(chi), df) - case["p"]) < 1e-10
    for row, ref_row in zip(expected, case["expected"], strict=True):
        for e, r in zip(row, ref_row, strict=True):
            assert abs(float(e) - r) < 1e-10
    printed_expected = [[_print(r, 1) for r in ref_row] for ref_row in case["expected"]]
    p = _print(case["p"], 3)
    assert (
        crosstab_findings(
            case["counts"],
            chi2=_print(case["chi2"], 2),
            df=str(case["df"]),
            p=p if Decimal(p) > 0 else "<.001",
            expected=printed_expected,
        )
        == []
    )
    wrong = crosstab_findings(case["counts"], chi2=_print(case["chi2"] + 1, 2), df=str(case["df"] + 1))
    assert sorted(f.check for f in wrong) == ["chi_square", "chi_square_df"]


def test_chi_square_hand_example() -> None:
    # 20 10 / 10 20: every expected count is 15, chi2 = 4 * 25/15 = 6.667 on 1 df
    assert (
        crosstab_findings(
            [[20, 10], [10, 20]], chi2="6.67", df="1", expected=[["15.0", "15.0"], [None, "15"]]
        )
        == []
    )
    [f] = crosstab_findings([[20, 10], [10, 20]], expected=[["14.0", None], [None, None]])
    assert (f.check, f.expected) == ("expected_count", "15.000")


@pytest.mark.parametrize("case", REF["cor"], ids=lambda c: f"N{c['n']}")
def test_correlation_with_n_and_p(case: dict[str, Any]) -> None:
    p = _print(case["p"], 3)
    assert correlation_findings(_print(case["r"], 2), case["n"], p if Decimal(p) > 0 else "<.001") == []
    # a p from another r is caught: r = .50 on 198 df has p far below .05, printed as .40
    if case["n"] > 30:
        [f] = correlation_findings(".50", case["n"], ".40")
        assert f.check == "correlation_p" and "decision" in f.message


def test_anova_with_many_groups_uses_a_safe_upper_bound() -> None:
    # 13 groups of 5: means 1.0, 1.2, ..., 3.4 (printed), SDs 1.00; at the printed values
    # SS_B = 5 * sum((m - 2.2)^2) = 5 * 0.04 * 2 * (1 + 4 + ... + 36) = 36.4, SS_W = 13 * 4 = 52,
    # F = (36.4/12)/(52/52) = 3.0333 (12 and 52 df)
    means = [f"{1 + 0.2 * i:.1f}" for i in range(13)]
    a = anova_range([5] * 13, means, ["1.00"] * 13)
    assert a.f[0] < 3.0333 < a.f[1]
    assert anova_findings([5] * 13, means, ["1.00"] * 13, f="3.03", df1="12", df2="52") == []


def test_published_anova_t_test_f_and_correlation_tables() -> None:
    from mcstats.audit.run import audit_study
    from mcstats.replication.published import parse_published

    item = {"kind": "item", "items": 1}

    def group(label: str, n: str, mean: str, sd: str, **extra: str) -> dict:
        return {"label": label, "role": "group", "values": {"n": n, "mean": mean, "sd": sd, **extra}}

    doc = {
        "format": "mcstats-published/1", "id": "x", "study": {"title": "x"}, "scale": {"min": 1, "max": 4},
        "tables": [
            {"id": "a", "source": "Table 3", "kind": "anova", "score": item, "rows": [
                group("Urban", "10", "2.10", ".74", f="5.20", df1="2", df2="30", f_critical="3.32"),
                group("Rural", "12", "2.80", ".83"),
                group("Semi", "11", "3.05", ".79"),
            ]},
            # Student's t of the first two groups: sp = sqrt((9 * .74^2 + 11 * .83^2)/20) = .7906,
            # t = -.70 / (.7906 * sqrt(1/10 + 1/12)) = -2.0674 (R: -2.067416), t^2 = 4.2742:
            # F = 4.28 fits, F = 5.00 does not: F runs from 4.101 (means .69 apart, SDs .745 and
            # .835) to 4.453 (.71 apart, SDs .735 and .825) (R, the same formula at the corners)
            {"id": "b", "source": "Table 4", "kind": "t-test", "score": item, "rows": [
                group("Male", "10", "2.10", ".74", t="-2.07", df="20", f="4.28"),
                group("Female", "12", "2.80", ".83"),
            ]},
            {"id": "c", "source": "Table 5", "kind": "t-test", "score": item, "rows": [
                group("Male", "10", "2.10", ".74", f="5.00"),
                group("Female", "12", "2.80", ".83"),
            ]},
            {"id": "d", "source": "Table 6", "kind": "correlation", "rows": [
                {"label": "A with B", "values": {"r": ".22", "n": "30", "p": ".26"}},
                {"label": "A with C", "values": {"r": ".22", "n": "30", "p": ".24"}},
                {"label": "A with D", "values": {"r": ".35"}},
            ]},
        ],
    }
    report = audit_study(parse_published(doc, path="x"))
    tests = sorted((f.check, f.location, f.expected) for f in report.findings if f.check != "grim")
    assert tests == [
        ("anova_f", "Table 3, row 'Urban'", "3.893 to 4.177"),
        ("anova_f", "Table 5, row 'Male'", "4.101 to 4.453"),
        ("correlation_p", "Table 6, row 'A with B'", "p = 0.2319 to 0.2539"),
    ]
    assert any("N is not printed" in x.reason for x in report.not_checked)


def test_quick_check_rows_for_t_and_f(tmp_path: Path) -> None:
    from mcstats.audit.run import audit_csv
    from mcstats.errors import DataError

    # R: t for 10/12 cases, means 2.10/2.75, SDs .74/.83 (pooled) = -1.919744, p = .06927 on 20 df;
    # F for 10/12/11 cases, means 2.10/2.75/3.00, SDs .74/.83/.79 = 3.589608, p = .04002 on (2, 30)
    good = tmp_path / "good.csv"
    good.write_text(
        "label,n,mean,sd,scale_min,scale_max,test,t,f,df,p\n"
        "Male,10,2.10,.74,1,4,gender,-1.92,,20,.069\n"
        "Female,12,2.75,.83,1,4,gender,,,,\n"
        'Urban,10,2.10,.74,1,4,school,,3.59,"2, 30",.040\n'
        "Rural,12,2.75,.83,1,4,school,,,,\n"
        "Semi,11,3.00,.79,1,4,school,,,,\n"
        "Old,?,3.00,.79,1,4,age,1.50,,,\n"
        "Young,20,2.00,.79,1,4,age,,,,\n",
        encoding="utf-8",
    )
    report = audit_csv(good)
    assert [f for f in report.findings if f.check.startswith(("ttest", "anova"))] == []
    assert report.checks_run["ttest"] == 1 and report.checks_run["anova"] == 1
    assert any("test 'age'" in x.location and "lack the N or the SD" in x.reason for x in report.not_checked)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "label,n,mean,sd,scale_min,scale_max,test,f,df\n"
        'Urban,10,2.10,.74,1,4,school,5.20,"2, 30"\n'
        "Rural,12,2.75,.83,1,4,school,,\n"
        "Semi,11,3.00,.79,1,4,school,,\n",
        encoding="utf-8",
    )
    [f] = [f for f in audit_csv(bad).findings if f.check.startswith("anova")]
    assert (f.check, f.expected) == ("anova_f", "3.46 to 3.723")
    orphan = tmp_path / "orphan.csv"
    orphan.write_text("label,n,mean,sd,scale_min,scale_max,t\nA,10,2.10,.74,1,4,2.0\n", encoding="utf-8")
    with pytest.raises(DataError, match="column 'test'"):
        audit_csv(orphan)
