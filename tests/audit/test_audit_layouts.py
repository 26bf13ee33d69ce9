"""Remarks judged by the rule a table's own remarks imply, and a composite's range on the items
it is implied to sum.

Hand calculations: Rivers State's hypothesis compares scores of the construct of Table 1, five
items scored 1-4, whose sum lies between 5 and 20; the printed group means 24.67 and 22.82 lie
above 20 (an inference, so inconsistent, not impossible). In the remark table below, 2.70 lies
between 2.61 and 3.10, both remarked Agree, so no cut-off rule can call it Disagree.
"""

from __future__ import annotations

import pytest

from mcstats.audit.run import audit_study
from mcstats.errors import InstrumentError
from mcstats.replication.published import parse_published


def _study(rows: list[dict], **score: object) -> dict:
    return {
        "format": "mcstats-published/1", "id": "x", "study": {"title": "x"}, "scale": {"min": 1, "max": 4},
        "tables": [
            {"id": "table_1", "source": "Table 1", "kind": "item-descriptives", "rows": rows},
            {"id": "hyp", "source": "Hypothesis table", "kind": "t-test",
             "score": {"kind": "sum-of-items", "items": None, **score},
             "rows": [
                 {"label": "Male", "role": "group", "values": {"n": "304", "mean": "24.67", "sd": "1.96"}},
                 {"label": "Female", "role": "group", "values": {"n": "173", "mean": "18.82", "sd": "1.92"}},
             ]},
        ],
    }


ITEMS = [
    {"label": f"{i}. item", "role": "item", "values": {"mean": m}, "remarks": {"remark": w}}
    for i, (m, w) in enumerate(
        [("2.61", "Agree"), ("2.70", "Disagree"), ("3.10", "Agree"), ("1.90", "Strongly Disagree"),
         ("3.60", "Strongly Agree")], start=1,
    )
]


def test_remark_against_the_rule_the_table_implies() -> None:
    report = audit_study(parse_published(_study(ITEMS), path="x"))
    inferred = [f for f in report.findings if f.check == "remark_inferred"]
    assert [(f.severity, f.location, f.reported, f.expected) for f in inferred] == [
        ("note", "Table 1, row '2. item'", "Disagree (mean 2.70)", "Agree")
    ]
    assert "2.61 below it and 3.10 above it" in inferred[0].message


def test_consistent_remarks_give_no_inferred_note() -> None:
    rows = [dict(r) for r in ITEMS]
    rows[1] = {"label": "2. item", "role": "item", "values": {"mean": "2.70"}, "remarks": {"remark": "Agree"}}
    report = audit_study(parse_published(_study(rows), path="x"))
    assert [f for f in report.findings if f.check == "remark_inferred"] == []


def test_composite_range_on_the_implied_items() -> None:
    report = audit_study(parse_published(_study(ITEMS, implied_by="table_1"), path="x"))
    implied = [f for f in report.findings if f.check == "range_implied"]
    # 24.67 > 20 = 5 items x 4; 18.82 fits 5..20
    assert [(f.severity, f.location, f.expected) for f in implied] == [
        ("inconsistent", "Hypothesis table, row 'Male'", "5 to 20")
    ]
    assert "implied link" in implied[0].message
    without = audit_study(parse_published(_study(ITEMS), path="x"))
    assert [f for f in without.findings if f.check.startswith("range")] == []


def test_implied_by_must_name_a_table() -> None:
    with pytest.raises(InstrumentError, match=r"tables\[1\]\.score\.implied_by"):
        parse_published(_study(ITEMS, implied_by="table_9"), path="x")


def test_a_table_on_its_own_scale() -> None:
    # 4.60 lies outside the study's 1-4 scale (impossible in Table 1) but inside Table 2's 1-5;
    # on 1-5 the real limits give 3.60 the band 3.50-4.49, Agree, not Undecided (a note)
    labels = {5: "Strongly Agree", 4: "Agree", 3: "Undecided", 2: "Disagree", 1: "Strongly Disagree"}
    doc = {
        "format": "mcstats-published/1", "id": "x", "study": {"title": "x"}, "scale": {"min": 1, "max": 4},
        "tables": [
            {"id": "t1", "source": "Table 1", "kind": "item-descriptives", "rows": [
                {"label": "a", "role": "item", "values": {"n": "20", "mean": "4.60", "sd": ".50"}}]},
            {"id": "t2", "source": "Table 2", "kind": "item-descriptives",
             "scale": {"min": 1, "max": 5, "labels": labels}, "rows": [
                 {"label": "b", "role": "item", "values": {"n": "20", "mean": "4.60", "sd": ".50"},
                  "remarks": {"remark": "Strongly Agree"}},
                 {"label": "c", "role": "item", "values": {"n": "20", "mean": "3.60", "sd": ".50"},
                  "remarks": {"remark": "Undecided"}}]},
        ],
    }
    report = audit_study(parse_published(doc, path="x"))
    assert sorted((f.check, f.severity, f.location, f.expected) for f in report.findings) == [
        ("range", "impossible", "Table 1, row 'a'", "1 to 4"),
        ("remark", "note", "Table 2, row 'c'", "Agree"),
    ]
    doc["tables"][1]["scale"] = {"min": 5, "max": 1}
    with pytest.raises(InstrumentError, match=r"tables\[1\]\.scale\.max"):
        parse_published(doc, path="x")


def _grouped(relation: str, average: str) -> dict:
    return {
        "format": "mcstats-published/1", "id": "x", "study": {"title": "x"}, "scale": {"min": 1, "max": 4},
        "tables": [{
            "id": "t3", "source": "Table 3", "kind": "item-descriptives",
            "groups": {"urban": "Urban", "rural": "Rural", "average": "Average"},
            "overall": {"group": "average", "relation": relation},
            "rows": [
                {"label": "1. Aims", "role": "item", "values": {
                    "n.urban": "20", "mean.urban": "2.85", "sd.urban": ".67",
                    "n.rural": "30", "mean.rural": "3.10", "sd.rural": "3.50", "mean.average": average}},
            ],
        }],
    }


def test_groups_side_by_side() -> None:
    # each group is checked as a row: SD 3.50 on 1-4 is impossible for the rural group;
    # the mean of the group means is (2.85 + 3.10)/2 = 2.975, printed 2.98 (half up)
    report = audit_study(parse_published(_grouped("mean-of-groups", "2.98"), path="x"))
    assert sorted((f.check, f.severity, f.location) for f in report.findings) == [
        ("sd_bounds", "impossible", "Table 3, row '1. Aims [Rural]'"),
    ]
    # weighted by N: (20 * 2.85 + 30 * 3.10)/50 = 3.00, so 2.98 does not fit, and 3.00 does
    report = audit_study(parse_published(_grouped("weighted-by-n", "2.98"), path="x"))
    overall = [f for f in report.findings if f.check == "overall"]
    assert [(f.severity, f.location) for f in overall] == [
        ("inconsistent", "Table 3, row '1. Aims', column 'Average'")
    ]
    report = audit_study(parse_published(_grouped("weighted-by-n", "3.00"), path="x"))
    assert [f for f in report.findings if f.check == "overall"] == []


def test_groups_side_by_side_are_validated() -> None:
    doc = _grouped("mean-of-groups", "2.98")
    doc["tables"][0]["rows"][0]["values"]["mean.suburb"] = "2.0"
    with pytest.raises(InstrumentError, match=r"values\.mean\.suburb"):
        parse_published(doc, path="x")
    doc = _grouped("median", "2.98")
    with pytest.raises(InstrumentError, match=r"overall"):
        parse_published(doc, path="x")


def test_numbers_no_check_recomputes_are_listed() -> None:
    doc = {
        "format": "mcstats-published/1", "id": "x", "study": {"title": "x"}, "scale": {"min": 1, "max": 4},
        "custom_statistics": {"kr20": "Kuder-Richardson 20"},
        "tables": [
            {"id": "t1", "source": "Table 1", "kind": "item-descriptives",
             "score": {"kind": "item", "items": 1}, "columns": {"f": "F", "kr20": "KR-20"},
             "rows": [{"label": "a", "role": "item",
                       "values": {"n": "20", "mean": "2.50", "sd": ".51", "f": "3.20", "kr20": ".81",
                                  "cohens_d": ".40"}}]},
        ],
    }
    report = audit_study(parse_published(doc, path="x"))
    reasons = sorted(x.reason for x in report.not_checked)
    assert reasons == [
        "no check recomputes cohens_d .40 in a item-descriptives table",
        "no check recomputes f 3.20 in a item-descriptives table (only its limits were checked)",
        "no check recomputes kr20 .81 (a custom statistic) in a item-descriptives table",
    ]
