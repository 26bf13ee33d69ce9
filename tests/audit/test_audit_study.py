"""audit_study on small published-values documents: each kind of table, each cross-table check.

Each document is written here with numbers derived by hand in the comments; the last test
builds a whole paper from random Likert data (summarised with numpy and scipy, printed as a
paper prints) and asserts that the audit finds nothing.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from mcstats.audit.run import audit_study, replication_audit
from mcstats.replication.published import parse_published

LABELS = {4: "Very High Extent", 3: "High Extent", 2: "Low Extent", 1: "Very Low Extent"}


def study(tables: list[dict[str, Any]], **top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "mcstats-published/1",
        "id": "test",
        "study": {"title": "A test paper"},
        "scale": {"min": 1, "max": 4, "labels": dict(LABELS)},
        "tables": tables,
    }
    doc.update(top)
    return doc


def run(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    report = audit_study(parse_published(doc))
    return [(f.check, f.severity, f.location) for f in report.findings]


def items_table(rows: list[tuple[str, str, str, str, str]], **extra: Any) -> dict[str, Any]:
    """rows: (label, n, mean, sd, remark)."""
    table = {
        "id": "t1",
        "source": "Table 1",
        "kind": "item-descriptives",
        "variable": "scale_a",
        "score": {"kind": "item", "items": 1},
        "rows": [
            {"label": lab, "role": "item", "values": {"n": n, "mean": m, "sd": s}, "remarks": {"remark": r}}
            for lab, n, m, s, r in rows
        ],
    }
    table.update(extra)
    return table


# Honest item rows, N = 20 on 1-4, each from real data:
# five each of 1, 2, 3, 4: T = 50, mean 2.50, Q = 150, s^2 = (150 - 125)/19, s = 1.147;
# five 4s, twelve 3s, three 2s: T = 62, mean 3.10, Q = 80 + 108 + 12 = 200, s^2 = (200 - 192.2)/19, s = 0.641;
# four 3s, thirteen 2s, three 1s: T = 41, mean 2.05, Q = 36 + 52 + 3 = 91, s^2 = (91 - 84.05)/19, s = 0.605.
HONEST = [("Item 1", "20", "2.50", "1.15", "High Extent"),
          ("Item 2", "20", "3.10", "0.64", "High Extent"),
          ("Item 3", "20", "2.05", "0.60", "Low Extent")]


def test_honest_items_and_grand_mean() -> None:
    # Grand mean (2.50 + 3.10 + 2.05)/3 = 7.65/3 = 2.55.
    table = items_table(HONEST)
    table["rows"].append({"label": "Grand Mean", "role": "grand-mean", "values": {"n": "20", "mean": "2.55"},
                          "remarks": {"remark": "High Extent"}})
    assert run(study([table])) == []


def test_remark_against_a_stated_rule_and_against_real_limits() -> None:
    # Bands printed by the paper; a mean of 2.05 is in 1.50-2.49 "Low Extent", so "High Extent"
    # contradicts the stated rule.
    rows = [*HONEST[:2], ("Item 3", "20", "2.05", "0.60", "High Extent")]
    bands = [{"min": "3.50", "max": "4.00", "label": "Very High Extent"},
             {"min": "2.50", "max": "3.49", "label": "High Extent"},
             {"min": "1.50", "max": "2.49", "label": "Low Extent"},
             {"min": "1.00", "max": "1.49", "label": "Very Low Extent"}]
    stated = study([items_table(rows)], cutoff_rule={"stated": True, "bands": bands})
    assert run(stated) == [("remark", "inconsistent", "Table 1, row 'Item 3'")]
    # Without a stated rule the same remark is compared with the real limits, as a note.
    assert run(study([items_table(rows)])) == [("remark", "note", "Table 1, row 'Item 3'")]
    # A mean printed as 2.495 is "Low Extent" unrounded (2.4945..2.4955 < 2.50) and "High
    # Extent" once rounded to 2.50: both remarks are accepted. (T = 2.495 * 200 = 499.)
    for remark in ("High Extent", "Low Extent"):
        edge = items_table([("Edge", "200", "2.495", "1.00", remark)])
        assert run(study([edge], cutoff_rule={"stated": True, "bands": bands})) == []


def test_criterion_rule_with_unknown_words() -> None:
    # Criterion 2.50, remark words not in the rule: "Agree" for 3.10 (above) and 2.05 (below).
    rows = [("Item 1", "20", "3.10", "0.64", "Agree"), ("Item 2", "20", "2.05", "0.60", "Agree"),
            ("Item 3", "20", "2.50", "1.15", "Agree")]
    doc = study([items_table(rows)], cutoff_rule={"stated": True, "criterion": "2.50"})
    assert run(doc) == [("remark", "inconsistent", "")]
    rows[1] = ("Item 2", "20", "2.05", "0.60", "Disagree")
    assert run(study([items_table(rows)], cutoff_rule={"stated": True, "criterion": "2.50"})) == []


def test_alpha_from_item_and_total_sds() -> None:
    # 4 items with SD 1.00 and a 4-item sum with SD 3.00 imply
    # alpha = 4/3 (1 - 4 * 1^2/3^2) = 20/27 = 0.741 (0.733..0.749 allowing rounding): .84 is inconsistent.
    items = items_table([(f"Item {i}", "20", "2.50", "1.00", "High Extent") for i in range(1, 5)])
    # (SD 1.00 with mean 2.50, N = 20 on 1-4: T = 50, Q = 19 * 1 + 125 = 144, even like T: fine.
    # The sum's mean 10.05 makes T = 201 and Q = 19 * 9 + 201^2/20 = 2191, odd like T: fine;
    # a mean of 10.00 would need Q = 2171, odd with an even T: GRIMMER would object.)
    total: dict[str, Any] = {"id": "t2", "source": "Table 2", "kind": "descriptives", "variable": "scale_a",
             "score": {"kind": "sum-of-items", "items": 4},
             "rows": [{"label": "Scale A", "role": "composite",
                       "values": {"n": "20", "mean": "10.05", "sd": "3.00", "alpha": ".84"}}]}
    found = run(study([items, total]))
    assert found == [("alpha", "inconsistent", "Table 2, row 'Scale A'")]
    total["rows"][0]["values"]["alpha"] = ".74"
    assert run(study([items, total])) == []


def frequency(rows: list[tuple[str, str, dict[str, str]]]) -> dict[str, Any]:
    return {"id": "f1", "source": "Table 3", "kind": "frequency", "variable": "gender",
            "rows": [{"label": lab, "role": role, "values": vals} for lab, role, vals in rows]}


def test_frequency_table_in_spss_layout() -> None:
    # Counts 10, 20, 30, 5 missing, 65 in all. Percent of 65: 15.4, 30.8, 46.2, missing 7.7,
    # valid total 60/65 = 92.3. Valid percent of 60: 16.7, 33.3, 50.0; cumulative 16.7, 50.0, 100.0.
    def rows(cum2: str = "50.0", valid_total: str = "60") -> list[tuple[str, str, dict[str, str]]]:
        return [
            ("A", "level", {"frequency": "10", "percent": "15.4", "valid_percent": "16.7",
                            "cumulative_percent": "16.7"}),
            ("B", "level", {"frequency": "20", "percent": "30.8", "valid_percent": "33.3",
                            "cumulative_percent": cum2}),
            ("C", "level", {"frequency": "30", "percent": "46.2", "valid_percent": "50.0",
                            "cumulative_percent": "100.0"}),
            ("Total", "valid-total", {"frequency": valid_total, "percent": "92.3", "valid_percent": "100.0"}),
            ("System", "missing", {"frequency": "5", "percent": "7.7"}),
            ("Total", "total", {"frequency": "65", "percent": "100.0"}),
        ]

    assert run(study([frequency(rows())])) == []
    # 49.9 is neither 50.0 rounded nor truncated.
    assert run(study([frequency(rows(cum2="49.9"))])) == [("cumulative_percent", "inconsistent",
                                                         "Table 3, row 2")]
    # A valid total of 61 contradicts 10 + 20 + 30 = 60 (and 61 + 5 = 66, not 65), and its
    # percent 92.3 stays consistent with 60/65 only: two count findings.
    found = run(study([frequency(rows(valid_total="61"))]))
    assert [f for f in found if f[0] == "total"] == [
        ("total", "inconsistent", "Table 3, row 'Total'"),
        ("total", "inconsistent", "Table 3, row 'Total'"),
    ]


def test_sample_sizes_across_text_and_tables() -> None:
    design = {"id": "d", "source": "Methods", "kind": "design", "rows": [
        {"label": "Population", "role": "fact", "values": {"population": "100"}},
        {"label": "Sample", "role": "fact", "values": {"sample": "120", "sample_percent": "120"}},
        {"label": "Distributed", "role": "fact", "values": {"distributed": "120"}},
        {"label": "Valid", "role": "fact", "values": {"valid": "130", "response_rate": "108.3"}},
        {"label": "Sample (abstract)", "role": "fact", "source": "Abstract", "values": {"sample": "125"}},
    ]}
    found = run(study([design, items_table([("Item 1", "140", "2.50", "1.00", "High Extent")])]))
    checks = [(c, s, loc) for c, s, loc in found if c == "sample_size"]
    assert checks == [
        # the sample printed twice with two values
        ("sample_size", "inconsistent", "Abstract, row 'Sample (abstract)'"),
        # sample 120 > population 100; distributed 120 > population 100; valid 130 > distributed 120
        ("sample_size", "inconsistent", "Methods, row 'Sample'"),
        ("sample_size", "inconsistent", "Methods, row 'Distributed'"),
        ("sample_size", "inconsistent", "Methods, row 'Valid'"),
        # the item's N of 140 > 130 valid
        ("sample_size", "inconsistent", "Table 1, row 'Item 1'"),
    ]
    # A sample percentage of 120 and a response rate of 108.3 are above 100 by definition.
    assert ("limits", "impossible", "Methods, row 'Sample'") in found
    assert ("limits", "impossible", "Methods, row 'Valid'") in found


def test_ttest_decision_and_limits() -> None:
    # Groups 30 and 30, means 3.00 and 2.90, SD 0.50 each: t = 0.10 / (0.5 sqrt(2/30)) = 0.775,
    # df 58, p = .44: "Significant" contradicts p = .44 > .05, and p = 1.20 is no probability.
    table: dict[str, Any] = {"id": "tt", "source": "Table 5", "kind": "t-test",
             "score": {"kind": "mean-of-items", "items": 5},
             "rows": [
                 {"label": "Male", "role": "group", "values": {"n": "30", "mean": "3.00", "sd": "0.50",
                                                                "t": "0.77", "df": "58", "p": ".44"},
                  "remarks": {"decision": "Significant"}},
                 {"label": "Female", "role": "group", "values": {"n": "30", "mean": "2.90", "sd": "0.50"}},
             ]}
    assert run(study([table])) == [("decision", "inconsistent", "Table 5, row 'Male'")]
    table["rows"][0]["remarks"]["decision"] = "Not significant"
    assert run(study([table])) == []
    table["rows"][0]["values"]["p"] = "1.20"
    found = run(study([table]))
    assert ("limits", "impossible", "Table 5, row 'Male'") in found


def test_composites_of_unknown_make_up() -> None:
    # A mean of items whose number is not printed: only the range and the Bhatia-Davis bound
    # sqrt(20/19 * (2.5 - 1)(4 - 2.5)) = 1.539 apply: SD 1.60 is impossible, 1.50 is not.
    table: dict[str, Any] = {"id": "c", "source": "Table 6", "kind": "descriptives",
                             "score": {"kind": "mean-of-items"},
                             "rows": [{"label": "Scale", "role": "composite",
                       "values": {"n": "20", "mean": "2.50", "sd": "1.60"}}]}
    assert run(study([table])) == [("min_max_sd", "impossible", "Table 6, row 'Scale'")]
    table["rows"][0]["values"]["sd"] = "1.50"
    report = audit_study(parse_published(study([table])))
    assert report.findings == ()
    assert "number of items in the mean is not printed" in report.not_checked[0].reason


def test_replication_hook_shape() -> None:
    hook = replication_audit("data/published/rivers_state.yaml")
    assert hook["title"] and hook["summary"].startswith("15 findings: 8 impossible, 4 inconsistent, 3 notes")
    assert {tuple(sorted(f)) for f in hook["findings"]} == {
        ("check", "expected", "location", "message", "reference", "reported", "severity")
    }


# ---------------------------------------------------------------------------- no false alarm


def fmt(x: float, d: int) -> str:
    return str(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


@pytest.mark.filterwarnings("ignore:Precision loss occurred")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(12, 300), d=st.sampled_from([2, 3]))
def test_a_paper_made_from_real_data_has_no_findings(seed: int, n: int, d: int) -> None:
    rng = np.random.default_rng(seed)
    k = 5
    p = rng.dirichlet(np.ones(4))
    data = rng.choice([1, 2, 3, 4], size=(n, k), p=p)
    group = rng.integers(0, 2, size=n)
    if min(np.sum(group == 0), np.sum(group == 1)) < 2:
        group[:2] = [0, 1]
        group[2:4] = [0, 1]
    means, sds = data.mean(axis=0), data.std(axis=0, ddof=1)
    rows = []
    for j in range(k):
        m = fmt(means[j], d)
        code = min(4, max(1, int(Decimal(fmt(means[j], 2)) + Decimal("0.5"))))
        rows.append({"label": f"Item {j + 1}", "role": "item",
                     "values": {"n": str(n), "mean": m, "sd": fmt(sds[j], d)},
                     "remarks": {"remark": LABELS[code]}})
    rows.append({"label": "Grand Mean", "role": "grand-mean",
                 "score": {"kind": "mean-of-item-means", "items": k},
                 "values": {"n": str(n), "mean": fmt(means.mean(), 2)}})
    totals = data.sum(axis=1)
    g1, g2 = totals[group == 0], totals[group == 1]
    t = sps.ttest_ind(g1, g2)
    assume(bool(np.isfinite(t.statistic)))
    ttest = {"id": "tt", "source": "Table 2", "kind": "t-test", "score": {"kind": "sum-of-items", "items": k},
             "rows": [
                 {"label": "A", "role": "group",
                  "values": {"n": str(len(g1)), "mean": fmt(g1.mean(), 2), "sd": fmt(g1.std(ddof=1), 2),
                             "t": fmt(t.statistic, 2), "df": str(n - 2), "p": fmt(t.pvalue, 3),
                             "t_critical": fmt(sps.t.ppf(0.975, n - 2), 2)},
                  "remarks": {"decision": "Significant" if t.pvalue < 0.05 else "Not significant"}},
                 {"label": "B", "role": "group",
                  "values": {"n": str(len(g2)), "mean": fmt(g2.mean(), 2), "sd": fmt(g2.std(ddof=1), 2)}},
             ]}
    counts = np.bincount(data[:, 0], minlength=5)[1:]
    freq = {"id": "f", "source": "Table 3", "kind": "frequency", "rows": [
        *({"label": str(c), "role": "level",
           "values": {"frequency": str(counts[c - 1]), "percent": fmt(100 * counts[c - 1] / n, 1)}}
          for c in range(1, 5)),
        {"label": "Total", "role": "total", "values": {"frequency": str(n), "percent": "100.0"}},
    ]}
    design = {"id": "d", "source": "Methods", "kind": "design", "rows": [
        {"label": "Distributed", "role": "fact", "values": {"distributed": str(n + 10)}},
        {"label": "Valid", "role": "fact",
         "values": {"valid": str(n), "response_rate": fmt(100 * n / (n + 10), 1)}},
    ]}
    doc = study([design, items_table([]), ttest, freq])
    doc["tables"][1]["rows"] = rows
    report = audit_study(parse_published(copy.deepcopy(doc)))
    assert report.findings == (), [f.message for f in report.findings]
