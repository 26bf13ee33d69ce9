"""``mcstats audit`` on a paper's running text: audit.json's ``extracted`` list and findings.

Expected values by hand: t(28) = 2.20 allowing its rounding (2.195 to 2.205) has a two-sided
p of .0358 to .0366 (R: 2 * pt(-2.205, 28) = 0.035842, 2 * pt(-2.195, 28) = 0.036613), which
rounds to .04: p = .04 fits, p = .06 does not and flips the decision at .05.
Columns count from 1: "Boys scored higher than girls, " is 31 characters, so t is column 32.
F(1, 40) = 0.50 has p = .4836 (R: pf(0.5, 1, 40, lower.tail = FALSE)), printed .48: fits.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from clirun import run_cli
from mcstats.audit.run import audit_document, audit_file, audit_text

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "mcstats" / "schema" / "audit.schema.json"

PAPER = """# A made-up study

Boys scored higher than girls, t(28) = 2.20, p = .06.
The three schools did not differ, F(1, 40) = 0.50, p = .48, and
the second test gave t(28) = 2.20, p = .04.
"""


def test_extracted_list_and_findings() -> None:
    report = audit_text(PAPER, title="made-up")
    doc = audit_document(report, created="2026-01-01T00:00:00Z")
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    ex = doc["extracted"]
    assert [(e["statistic"], e["df1"], e["df2"], e["value"], e["reported_p"]) for e in ex] == [
        ("t", None, 28, 2.2, 0.06),
        ("F", 1, 40, 0.5, 0.48),
        ("t", None, 28, 2.2, 0.04),
    ]
    assert [e["error"] for e in ex] == [True, False, False]
    assert [e["decision_error"] for e in ex] == [True, False, False]
    assert [e["location"] for e in ex] == [
        {"line": 3, "column": 32},
        {"line": 4, "column": 35},
        {"line": 5, "column": 22},
    ]
    assert ex[1]["computed_p"] == pytest.approx(0.4836, abs=5e-5)
    [f] = doc["findings"]
    assert (f["check"], f["severity"]) == ("statcheck", "inconsistent")
    assert f["location"] == "Text, line 3, column 32"
    assert f["reported"] == "t(28) = 2.20, p = .06"
    assert f["expected"] == "p = 0.0358 to 0.0366"
    assert "decision" in f["message"]
    assert doc["input"]["kind"] == "paper"
    assert doc["checks_run"] == {"statcheck": 3}
    assert doc["assumptions"][0].startswith("In-text results are read as statcheck")


def test_yaml_audits_have_an_empty_extracted_list() -> None:
    doc = audit_document(audit_file("data/published/mardan.yaml"))
    assert doc["extracted"] == []


def test_txt_is_a_paper_unless_it_has_a_quick_check_header(tmp_path: Path) -> None:
    paper = tmp_path / "paper.txt"
    paper.write_text(PAPER, encoding="utf-8")
    assert audit_file(paper).input_kind == "paper"
    quick = tmp_path / "quick.txt"
    quick.write_text("label,n,mean,sd,scale_min,scale_max\nItem 7,432,2.905,3.215,1,4\n", encoding="utf-8")
    assert audit_file(quick).input_kind == "quick-check"


def test_cli_audits_a_markdown_paper(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(PAPER, encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("audit", str(paper), "--out", str(out), "--fail-on", "inconsistent")
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode == 1, proc.stdout + proc.stderr
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert len(doc["extracted"]) == 3


def test_reports_of_a_paper_list_what_was_read_first() -> None:
    from mcstats.report.audit import render_audit_html, render_audit_markdown

    doc = audit_document(audit_file("tests/fixtures/papers/made_up.md"), created="2026-01-01T00:00:00Z")
    md = render_audit_markdown(doc)
    assert md.index("## Read from the paper") < md.index("## Audit of the reported statistics")
    assert "- Table 1 (line 11): 'Grand Mean' is the mean of the 3 item means above it." in md
    assert "| 18 | t(118) = 2.20, p = .06 | t | 0.02976 | yes | yes |" in md  # R: 2*pt(-2.2, 118)
    html = render_audit_html(doc)
    assert "<td>t(118) = 2.20, p = .06</td>" in html and "&#39;Grand Mean&#39;" in html
    yaml_doc = audit_document(audit_file("data/published/mardan.yaml"))
    assert "Read from the paper" not in render_audit_markdown(yaml_doc)
