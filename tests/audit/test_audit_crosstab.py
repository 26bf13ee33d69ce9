"""Crosstabs in the published-values format (issue 17): counts against their totals, each
percentage from its count and base, percentages adding up, chi-square from the counts.

Hand calculation (made-up table, gender by opinion, row percentages):

    Male    30 (60.0 %)  10 (20.0 %)  10 (20.0 %)   50
    Female  20 (40.0 %)  15 (30.0 %)  15 (30.0 %)   50
    Total   50 (50.0 %)  25 (25.0 %)  25 (25.0 %)  100

Expected counts: 50 x 50 / 100 = 25 (Agree), 50 x 25 / 100 = 12.5 (the others). Pearson's
chi-square = 2 x (5^2 / 25) + 4 x (2.5^2 / 12.5) = 2 + 2 = 4.00 on (2 - 1)(3 - 1) = 2 df;
p = exp(-4 / 2) = 0.1353 (R: pchisq(4, 2, lower.tail = FALSE) = 0.135335283236613).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mcstats.audit.run import audit_study
from mcstats.errors import InstrumentError
from mcstats.replication.published import parse_published


def crosstab(**changes: Any) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": "table_4",
        "source": "Table 4",
        "kind": "crosstab",
        "variable": "gender",
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
                    "percent.total": "100.0",
                },
            },
            {
                "label": "Female",
                "values": {
                    "frequency.agree": "20",
                    "percent.agree": "40.0",
                    "frequency.undecided": "15",
                    "percent.undecided": "30.0",
                    "frequency.disagree": "15",
                    "percent.disagree": "30.0",
                    "frequency.total": "50",
                    "percent.total": "100.0",
                },
            },
            {
                "label": "Total",
                "role": "total",
                "values": {
                    "frequency.agree": "50",
                    "percent.agree": "50.0",
                    "frequency.undecided": "25",
                    "percent.undecided": "25.0",
                    "frequency.disagree": "25",
                    "percent.disagree": "25.0",
                    "frequency.total": "100",
                    "percent.total": "100.0",
                },
            },
            {
                "label": "Pearson chi-square",
                "role": "fact",
                "values": {"chi_square": "4.00", "df": "2", "p": ".135"},
            },
        ],
    }
    for path, value in changes.items():
        row, key = path.split("__")
        target = next(r for r in table["rows"] if r["label"] == row)
        target["values"][key.replace("_dot_", ".")] = value
    return {
        "format": "mcstats-published/1",
        "id": "x",
        "study": {"title": "x"},
        "scale": {"min": 1, "max": 5},
        "tables": [table],
    }


def findings(doc: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    report = audit_study(parse_published(doc, path="x"))
    return sorted((f.check, f.severity, f.location, f.reported, f.expected) for f in report.findings)


def test_a_consistent_crosstab_has_no_finding() -> None:
    report = audit_study(parse_published(crosstab(), path="x"))
    assert report.findings == ()
    assert report.checks_run["percent"] == 12 and report.checks_run["chi_square"] == 1
    assert not [x for x in report.not_checked if "Table 4" in x.location]  # every number checked


def test_percentage_that_does_not_follow_from_its_count() -> None:
    # 15 / 50 = 30.0 %, printed 33.0; the row then adds up to 40 + 33 + 30 = 103
    found = findings(crosstab(Female__percent_dot_undecided="33.0"))
    assert [(f[0], f[1], f[2]) for f in found] == [
        ("percent", "inconsistent", "Table 4, row 'Female', column 'Undecided'"),
        ("percent_total", "inconsistent", "Table 4, row 'Female'"),
    ]
    assert found[0][4].startswith("30")


def test_totals_that_do_not_add_up() -> None:
    # Agree: 30 + 20 = 50, printed 51 in the Total row
    found = findings(crosstab(Total__frequency_dot_agree="51"))
    totals = [f for f in found if f[0] == "total"]
    assert [(f[2], f[3], f[4]) for f in totals] == [("Table 4, row 'Total', column 'Agree'", "51", "50")]


def test_chi_square_from_the_counts() -> None:
    found = findings(crosstab(**{"Pearson chi-square__chi_square": "5.00", "Pearson chi-square__p": ".082"}))
    assert [(f[0], f[4]) for f in found] == [("chi_square", "4.000"), ("chi_square_p", "0.1353")]


def test_column_percentages() -> None:
    doc = crosstab()
    table = doc["tables"][0]
    table["percent_of"] = "column"
    # Male's share of each column: 30/50 = 60.0, 10/25 = 40.0, 10/25 = 40.0, 50/100 = 50.0
    male, female, total = table["rows"][:3]
    male["values"].update(
        {
            "percent.agree": "60.0",
            "percent.undecided": "40.0",
            "percent.disagree": "40.0",
            "percent.total": "50.0",
        }
    )
    female["values"].update(
        {
            "percent.agree": "40.0",
            "percent.undecided": "60.0",
            "percent.disagree": "60.0",
            "percent.total": "50.0",
        }
    )
    total["values"].update(
        {"percent.agree": "100.0", "percent.undecided": "100.0", "percent.disagree": "100.0"}
    )
    assert findings(doc) == []
    bad = copy.deepcopy(doc)
    bad["tables"][0]["rows"][0]["values"]["percent.undecided"] = "20.0"  # 10/25 is 40.0
    assert [f[:3] for f in findings(bad)] == [
        ("percent", "inconsistent", "Table 4, row 'Male', column 'Undecided'"),
        ("percent_total", "inconsistent", "Table 4, column 'Undecided'"),
    ]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"percent_of": "cells"}, "tables[0].percent_of"),
        ({"groups": None}, "tables[0].groups"),
        ({"overall": {"group": "total", "relation": "mean-of-groups"}}, "tables[0].overall.relation"),
    ],
)
def test_crosstab_keys_are_validated(change: dict[str, Any], key: str) -> None:
    doc = crosstab()
    doc["tables"][0].update(change)
    if doc["tables"][0]["groups"] is None:
        del doc["tables"][0]["groups"], doc["tables"][0]["overall"]
        for r in doc["tables"][0]["rows"]:
            r["values"] = {k: v for k, v in r["values"].items() if "." not in k}
    with pytest.raises(InstrumentError, match=key.replace("[", r"\[").replace("]", r"\]")):
        parse_published(doc, path="x")


PAPER = """A made-up paper on a 5-point scale.

Table 4: Opinion by gender

| Gender | Agree | % | Undecided | % | Disagree | % | Total |
|---|---|---|---|---|---|---|---|
| Male | 30 | 60.0 | 10 | 20.0 | 10 | 20.0 | 50 |
| Female | 20 | 40.0 | 15 | 33.0 | 15 | 30.0 | 50 |
| Total | 50 | 50.0 | 25 | 25.0 | 25 | 25.0 | 100 |

Table 5: Use by school type

| School | Yes | No | Total |
|---|---|---|---|
| Public | 12 (40.0%) | 18 (60.0%) | 30 |
| Private | 9 (45.0%) | 11 (55.0%) | 20 |
| Total | 21 (42.0%) | 29 (58.0%) | 51 |
"""


def test_extract_drafts_crosstabs_and_audit_checks_them(tmp_path: Any) -> None:
    """Table 4: 15/50 = 30.0 %, printed 33.0 (and the row adds up to 103); Table 5: the rows
    hold 30 + 20 = 50 respondents, the total says 51. Percentages of the total row are judged
    against the counts' own sum (21/50 = 42.0 %), so the misprinted total is one finding."""
    import yaml

    from mcstats.audit.extract.draft import draft_from_text
    from mcstats.audit.run import audit_paper

    draft = draft_from_text(PAPER)
    doc = yaml.safe_load(draft.yaml)
    t4, t5 = doc["tables"]
    assert (t4["kind"], t4["percent_of"], t4["overall"]) == (
        "crosstab",
        "row",
        {"group": "total", "relation": "sum-of-groups"},
    )
    assert t4["rows"][1]["values"]["percent.undecided"] == "33.0"
    # "Yes" and "No" are not YAML booleans as group ids
    assert t5["groups"] == {"g_yes": "Yes", "g_no": "No", "total": "Total"}
    assert t5["rows"][0]["values"] == {
        "frequency.g_yes": "12",
        "percent.g_yes": "40.0",
        "frequency.g_no": "18",
        "percent.g_no": "60.0",
        "frequency.total": "30",
    }
    assert t5["rows"][2]["role"] == "total"
    assert any("crosstab whose percentages are of the row total" in g for g in draft.guesses)
    from paper_render import to_docx, to_html

    paper = tmp_path / "paper.md"
    paper.write_text(PAPER, encoding="utf-8")
    page = tmp_path / "paper.html"
    page.write_text(to_html(PAPER), encoding="utf-8")
    word = tmp_path / "paper.docx"
    to_docx(PAPER, word)
    for path in (paper, page, word):
        found = sorted((f.check, f.location) for f in audit_paper(path).findings)
        assert found == [
            ("percent", "Table 4, row 'Female', column 'Undecided'"),
            ("percent_total", "Table 4, row 'Female'"),
            ("total", "Table 5, row 'Total', column 'Total'"),
        ], path.suffix


def test_a_likert_table_is_not_a_crosstab() -> None:
    from mcstats.audit.extract.draft import draft_from_text

    text = (
        "A 4-point scale.\n\n| Item | N | Mean | SD |\n|---|---|---|---|\n"
        "| Q1 | 40 | 2.50 | .80 |\n| Q2 | 40 | 2.60 | .70 |\n"
    )
    assert "crosstab" not in draft_from_text(text).yaml
