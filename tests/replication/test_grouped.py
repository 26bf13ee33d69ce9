"""Replication of a table with groups side by side (``mean.urban``, ``sd.rural``, an overall
column): issue 17, replication understands grouped values.

The table is made up; every printed value was worked out by hand so that it is possible or
not on purpose (4-point items, Urban N = 20, Rural N = 30):

* Q1 Urban: 57 / 20 = 2.85; sum of squares 171 gives s^2 = (171 - 57^2/20) / 19 = 0.45,
  s = 0.6708 -> .67. Rural: 93 / 30 = 3.10; 303 gives (303 - 288.3) / 29 = 0.5069, s = 0.7120
  -> .71. Average (mean of the group means): (2.85 + 3.10) / 2 = 2.975 -> 2.98.
* Q2 Urban: 2.51 is no multiple of 1/20 = .05 (GRIM: 2.50 or 2.55), impossible. Rural:
  87 / 30 = 2.90; 271 gives (271 - 252.3) / 29 = 0.6448, s = 0.8030 -> .80. Average: the
  printed means give (2.51 + 2.90) / 2 = 2.705, within [2.70, 2.71): 2.70 is consistent.
* Q3 Urban: 60 / 20 = 3.00; 192 gives (192 - 180) / 19 = 0.6316, s = 0.7947 -> .79. Rural:
  96 / 30 = 3.20; 324 gives (324 - 307.2) / 29 = 0.5793, s = 0.7611 -> .76. Average printed
  2.90, but (3.00 + 3.20) / 2 = 3.10: inconsistent.

A crosstab beside it (Table 4, row percentages), judged from its printed counts: Female,
Undecided 15 / 50 = 30.0 %, printed 33.0 (inconsistent); Total, Agree 30 + 20 = 50, printed
51 (inconsistent); Pearson's chi-square of (30, 10, 10; 20, 15, 15) = 4.00 on 2 df, p =
exp(-2) = .135 (R: pchisq(4, 2, lower.tail = FALSE) = 0.1353).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mcstats.audit.run import audit_study, replication_audit
from mcstats.replication.published import load_published
from mcstats.replication.reconstruct import reconstruct_study, write_reconstruction
from mcstats.replication.replicate import replicate

INSTRUMENT = {
    "name": "Grouped table test",
    "scale_points": 4,
    "responses": {4: "Strongly agree", 3: "Agree", 2: "Disagree", 1: "Strongly disagree"},
    "scales": {
        "s": {"title": "A scale", "items": [{"column": f"Q{i}", "text": f"Item {i}"} for i in (1, 2, 3)]}
    },
}

STUDY = {
    "format": "mcstats-published/1",
    "id": "grouped",
    "study": {"title": "A made-up paper with groups side by side"},
    "instrument": "../../instruments/grouped.yaml",
    "scale": {"min": 1, "max": 4},
    "tables": [
        {
            "id": "table_1",
            "source": "Table 1",
            "kind": "item-descriptives",
            "groups": {"urban": "Urban", "rural": "Rural", "average": "Average"},
            "overall": {"group": "average", "relation": "mean-of-groups"},
            "columns": {"n": "N", "mean": "Mean", "sd": "SD"},
            "rows": [
                {
                    "label": "Q1 item",
                    "item": "Q1",
                    "values": {
                        "n.urban": "20",
                        "mean.urban": "2.85",
                        "sd.urban": ".67",
                        "n.rural": "30",
                        "mean.rural": "3.10",
                        "sd.rural": ".71",
                        "mean.average": "2.98",
                    },
                },
                {
                    "label": "Q2 item",
                    "item": "Q2",
                    "values": {
                        "n.urban": "20",
                        "mean.urban": "2.51",
                        "n.rural": "30",
                        "mean.rural": "2.90",
                        "sd.rural": ".80",
                        "mean.average": "2.70",
                    },
                },
                {
                    "label": "Q3 item",
                    "item": "Q3",
                    "values": {
                        "n.urban": "20",
                        "mean.urban": "3.00",
                        "sd.urban": ".79",
                        "n.rural": "30",
                        "mean.rural": "3.20",
                        "sd.rural": ".76",
                        "mean.average": "2.90",
                    },
                },
            ],
        },
        {
            "id": "table_4",
            "source": "Table 4",
            "kind": "crosstab",
            "groups": {"agree": "Agree", "undecided": "Undecided", "disagree": "Disagree", "total": "Total"},
            "overall": {"group": "total", "relation": "sum-of-groups"},
            "percent_of": "row",
            "rows": [
                {
                    "label": "Male",
                    "values": {
                        "frequency.agree": "30",
                        "percent.agree": "60.0",
                        "frequency.undecided": "10",
                        "percent.undecided": "20.0",
                        "frequency.disagree": "10",
                        "percent.disagree": "20.0",
                        "frequency.total": "50",
                    },
                },
                {
                    "label": "Female",
                    "values": {
                        "frequency.agree": "20",
                        "percent.agree": "40.0",
                        "frequency.undecided": "15",
                        "percent.undecided": "33.0",
                        "frequency.disagree": "15",
                        "percent.disagree": "30.0",
                        "frequency.total": "50",
                    },
                },
                {
                    "label": "Total",
                    "role": "total",
                    "values": {
                        "frequency.agree": "51",
                        "frequency.undecided": "25",
                        "frequency.disagree": "25",
                        "frequency.total": "100",
                    },
                },
                {
                    "label": "Pearson chi-square",
                    "role": "fact",
                    "values": {"chi_square": "4.00", "df": "2", "p": ".135"},
                },
            ],
        },
    ],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("grouped")
    (root / "instruments").mkdir()
    (root / "instruments" / "grouped.yaml").write_text(yaml.safe_dump(INSTRUMENT), encoding="utf-8")
    published = root / "data" / "published"
    published.mkdir(parents=True)
    (published / "grouped.yaml").write_text(yaml.safe_dump(STUDY, sort_keys=False), encoding="utf-8")
    rec = reconstruct_study(published / "grouped.yaml", seed=1)
    write_reconstruction(rec, root / "data" / "reconstructed")
    out = replicate("grouped", root / "out", root=root, audit=replication_audit(published / "grouped.yaml"))
    return rec, out, load_published(published / "grouped.yaml")


def verdict(run: Any, label: str, statistic: str) -> dict[str, Any]:
    _, out, _ = run
    [row] = [r for r in out.comparison["rows"] if r["row"] == label and r["statistic"] == statistic]
    return row


def test_reconstruction_places_each_group_in_its_rows(run: Any) -> None:
    rec, _, _ = run
    groups = rec.columns["table_1_group"]
    assert groups.count("Urban") == 20 and groups.count("Rural") == 30 and rec.n_rows == 50
    for item, group, total in (
        ("Q1", "Urban", 57),
        ("Q1", "Rural", 93),
        ("Q3", "Urban", 60),
        ("Q3", "Rural", 96),
    ):
        cells = [int(v) for g, v in zip(groups, rec.columns[item], strict=True) if g == group]
        assert sum(cells) == total, (item, group)


def test_every_grouped_value_is_compared(run: Any) -> None:
    _, out, study = run
    printed = {(r.label, k) for t in study.tables for r in t.rows for k in r.values}
    compared = {(r["row"], r["statistic"]) for r in out.comparison["rows"]}
    assert compared == printed
    for r in out.comparison["rows"]:
        assert r["status"] == "reproduced" or r["reason"], r


def test_grouped_verdicts_by_hand(run: Any) -> None:
    for key in ("n.urban", "mean.urban", "sd.urban", "n.rural", "mean.rural", "sd.rural", "mean.average"):
        assert verdict(run, "Q1 item", key)["status"] == "reproduced", key
    q2 = verdict(run, "Q2 item", "mean.urban")
    assert q2["status"] == "impossible" and "2.51" in q2["reason"]
    assert verdict(run, "Q2 item", "mean.rural")["status"] == "reproduced"
    assert verdict(run, "Q2 item", "sd.rural")["status"] == "reproduced"
    q3 = verdict(run, "Q3 item", "mean.average")
    assert (
        q3["status"] == "inconsistent" and q3["recomputed_text"] == "3.10" and q3["column"] == "Average Mean"
    )
    assert "overall mean" in q3["reason"]
    assert verdict(run, "Q1 item", "mean.average")["recomputed_text"] == "2.98"


def test_the_audit_says_the_same(run: Any) -> None:
    _, out, study = run
    audit = audit_study(study)
    found = sorted((f.check, f.severity, f.location) for f in audit.findings if f.check != "percent_total")
    assert found == [
        ("grim", "impossible", "Table 1, row 'Q2 item [Urban]'"),
        ("overall", "inconsistent", "Table 1, row 'Q3 item', column 'Average'"),
        ("percent", "inconsistent", "Table 4, row 'Female', column 'Undecided'"),
        ("total", "inconsistent", "Table 4, row 'Total', column 'Agree'"),
    ]
    problems = sorted(
        (r["row"], r["statistic"], r["status"])
        for r in out.comparison["rows"]
        if r["status"] in ("impossible", "inconsistent", "note")
    )
    assert problems == [
        ("Female", "percent.undecided", "inconsistent"),
        ("Q2 item", "mean.urban", "impossible"),
        ("Q3 item", "mean.average", "inconsistent"),
        ("Total", "frequency.agree", "inconsistent"),
    ]
    # the same words as the audit's findings
    messages = {f.message.split(": ", 1)[1] for f in audit.findings}
    for r in out.comparison["rows"]:
        if r["row"] in ("Female", "Total") and r["status"] == "inconsistent":
            assert r["reason"] in messages, r


def test_crosstab_from_its_printed_counts(run: Any) -> None:
    chi = verdict(run, "Pearson chi-square", "chi_square")
    assert chi["status"] == "reproduced" and chi["recomputed_text"] == "4.00"
    assert verdict(run, "Pearson chi-square", "p")["recomputed"] == pytest.approx(
        0.1353352832366127, abs=1e-12
    )
    assert verdict(run, "Male", "percent.agree")["status"] == "reproduced"
    assert verdict(run, "Male", "frequency.agree")["status"] == "not checkable"
    assert verdict(run, "Male", "frequency.total")["status"] == "reproduced"
