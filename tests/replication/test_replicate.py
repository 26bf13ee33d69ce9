"""``mcstats replicate``: every printed number beside its recomputation, with a status.

Expected values come from the papers (the published files), from hand arithmetic written out
here, or from R (one-line commands quoted beside the numbers).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clirun import Runner, run_cli, run_process
from mcstats.replication.published import ReportedValue, load_published
from mcstats.replication.reconstruct import reconstruct_study, write_reconstruction
from mcstats.replication.replicate import STATUSES, judge, list_studies, replicate
from mcstats.results import load_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "src" / "mcstats" / "schema" / "comparison.schema.json").read_text())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = {}
    for name in ("rivers-state", "mardan"):
        out[name] = replicate(name, tmp_path_factory.mktemp(name), root=ROOT)
    return out


def rows_of(run: Any, **match: Any) -> list[dict[str, Any]]:
    return [r for r in run.comparison["rows"] if all(r[k] == v for k, v in match.items())]


def one(run: Any, **match: Any) -> dict[str, Any]:
    found = rows_of(run, **match)
    assert len(found) == 1, (match, found)
    return found[0]


# --------------------------------------------------------------------------- printed precision


def test_comparison_at_the_printed_precision() -> None:
    v = ReportedValue("2.94")  # 2.94 printed = any value in [2.935, 2.945)
    assert judge(v, 2.935) == "reproduced"
    assert judge(v, 2.944999) == "reproduced"
    assert judge(v, 2.955) == "inconsistent"  # prints as 2.95 or 2.96 and chops to 2.95, never 2.94
    assert judge(v, 2.934999) == "inconsistent"
    # 2.945 and 2.949 print as 2.95 but chop to 2.94: truncated instead of rounded, the audit's note
    assert judge(v, 2.945) == "note"
    assert judge(v, 2.949) == "note"
    assert judge(ReportedValue(".96"), 2 / 207 * 100) == "note"  # .9662 prints as .97, chops to .96
    assert judge(ReportedValue("2.0"), 4 / 207 * 100) == "inconsistent"  # 1.932 prints as 1.9
    assert judge(ReportedValue("0.00"), 1.9e-21) == "reproduced"
    assert judge(v, 2.94, impossible="no data") == "impossible"
    assert judge(v, None) == "not checkable"
    assert judge(v, 2.94, not_checkable="a population size") == "not checkable"


# --------------------------------------------------------------------------- one vocabulary

#: The audit findings of each shipped paper, as a reviewer reads them in audit.md (severity,
#: location, and the statistic the finding is about), written out by hand from the two papers:
#: every per-number finding the replication compares too. The cross-table sample-size finding
#: of Rivers State (group sizes adding up to more than the valid questionnaires) is about no
#: single printed number.
AUDIT_PER_NUMBER = {
    "rivers-state": {
        ("note", "Data Presentation and Results", "Valid questionnaires", "response_rate"),  # 90.566 chopped
        ("impossible", "Table 1", "1. Micro", "mean"),  # GRIM: 2.862 with N = 432
        ("impossible", "Table 1", "2. My academic", "mean"),  # GRIM: 2.781
        ("impossible", "Table 1", "3. My work time", "mean"),  # GRIM: 3.015
        ("impossible", "Table 1", "4. My tying", "sd"),  # GRIMMER: SD 1.102
        ("note", "Table 1", "Grand Mean", "mean"),  # 2.9464 chopped to 2.94
        ("impossible", "Table 2", "6. Technological", "mean"),  # GRIM: 3.126
        ("impossible", "Table 2", "7. Professional", "sd"),  # SD 3.215 above 1.444
        ("impossible", "Table 2", "9. Budget", "mean"),  # GRIM: 2.960
        ("impossible", "Table 2", "10. Stakeholder", "sd"),  # SD 1.570 above 1.386
        ("note", "Table 2", "Grand Mean", "mean"),  # 3.0478 chopped to 3.04
        ("inconsistent", "Test of Hypothesis (untitled t-test table)", "Male", "t"),  # 6.41, not 9.98
        # five 1-4 items of Table 1 (the hypothesis's construct) sum to 5-20: 24.67 and 22.82
        # lie above, an inconsistency resting on the implied link (implied_by: table_1)
        ("inconsistent", "Test of Hypothesis (untitled t-test table)", "Male", "mean"),
        ("inconsistent", "Test of Hypothesis (untitled t-test table)", "Female", "mean"),
    },
    "mardan": {
        ("inconsistent", "Table 2", "B.Ed. Honours", "percent"),  # 4/207 = 1.93%, printed 2.0
        ("note", "Table 2", "Induction", "percent"),  # 2/207 = .966%, printed .96
    },
}


@pytest.mark.parametrize("name", ["rivers-state", "mardan"])
def test_replicate_and_audit_give_the_same_verdicts(runs: dict[str, Any], name: str) -> None:
    """Point 5 of issue 17: the same number gets the same word in both commands."""
    from mcstats.audit.run import replication_audit
    from mcstats.verdicts import SEVERITIES

    study = {"rivers-state": "rivers_state", "mardan": "mardan"}[name]
    audit = replication_audit(ROOT / "data" / "published" / f"{study}.yaml")
    rows = runs[name].comparison["rows"]
    problems = [r for r in rows if r["status"] in SEVERITIES]
    expected = AUDIT_PER_NUMBER[name]
    matched = {
        want
        for want in expected
        for r in problems
        if (r["status"], r["table"], r["statistic"]) == (want[0], want[1], want[3])
        and r["row"].startswith(want[2])
    }
    assert matched == expected
    assert len(problems) == len(expected)
    # ... and the audit says the same of each (severity and location; the audit shortens long labels)
    for r in problems:
        assert any(
            f["severity"] == r["status"] and f["location"].startswith(f"{r['table']}, row '{r['row'][:40]}")
            for f in audit["findings"]
        ), r
    for severity, table, label, _ in expected:
        assert any(
            f["severity"] == severity and f["location"].startswith(f"{table}, row '{label}")
            for f in audit["findings"]
        ), (severity, table, label)
    assert "not reproducible" not in runs[name].paths["markdown"].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- outputs


@pytest.mark.parametrize("name", ["rivers-state", "mardan"])
def test_outputs_and_schemas(runs: dict[str, Any], name: str) -> None:
    run = runs[name]
    for key in ("comparison", "results", "markdown", "html", "analysis"):
        assert run.paths[key].is_file()
    comparison = json.loads(run.paths["comparison"].read_text(encoding="utf-8"))
    jsonschema.validate(comparison, SCHEMA)
    jsonschema.validate(json.loads(run.paths["results"].read_text(encoding="utf-8")), load_schema())
    assert comparison["seed"] == 1 and comparison["notice"].startswith("SYNTHETIC DATA")
    assert set(comparison["counts"]) == set(STATUSES)
    assert sum(comparison["counts"].values()) == len(comparison["rows"])


@pytest.mark.parametrize(("name", "file"), [("rivers-state", "rivers_state"), ("mardan", "mardan")])
def test_one_row_per_published_number(runs: dict[str, Any], name: str, file: str) -> None:
    study = load_published(ROOT / "data" / "published" / f"{file}.yaml")
    printed = sorted((t.id, t.rows.index(r), v.statistic) for t, r, v in study.values())
    rows = runs[name].comparison["rows"]
    numeric = sorted(
        (r["table_id"], r["row_index"], r["statistic"])
        for r in rows
        if r["statistic"] in {v[2] for v in printed}
    )
    assert numeric == printed
    for r in rows:
        assert r["status"] in STATUSES
        assert r["status"] == "reproduced" or r["reason"], r


# --------------------------------------------------------------------------- Rivers State


def test_rivers_state_impossible_values(runs: dict[str, Any]) -> None:
    run = runs["rivers-state"]
    q7 = one(run, table_id="table_2", row="7. Professional Development Gaps", statistic="sd")
    assert q7["status"] == "impossible" and q7["published"] == "3.215"
    assert q7["recomputed_text"] == "1.444" and "1.4443" in q7["reason"]
    for label in ("1. Micro", "2. My academic", "3. My work time"):
        row = next(
            r for r in rows_of(run, table_id="table_1", statistic="mean") if r["row"].startswith(label)
        )
        assert row["status"] == "impossible" and "GRIM" in row["reason"]
    q5 = [r for r in rows_of(run, table_id="table_1") if r["row"].startswith("5.")]
    assert {r["status"] for r in q5} == {"reproduced"}


@pytest.mark.parametrize(
    ("table", "grand", "means"),
    [
        ("table_1", "2.94", ["2.862", "2.781", "3.015", "3.162", "2.912"]),
        ("table_2", "3.04", ["3.126", "2.905", "3.174", "2.960", "3.074"]),
    ],
)
def test_grand_means_cannot_be_the_mean_of_their_item_means(
    runs: dict[str, Any], table: str, grand: str, means: list[str]
) -> None:
    """Each item mean lies within .0005 of its printed value, so their mean does too.

    Table 1: (2.862 + 2.781 + 3.015 + 3.162 + 2.912) / 5 = 14.732 / 5 = 2.9464, so the mean of
    the item means is in [2.9459, 2.9469), which prints as 2.95, never 2.94 ([2.935, 2.945)).
    Table 2: 15.239 / 5 = 3.0478, in [3.0473, 3.0483): prints as 3.05, never 3.04.
    """
    centre = sum(Fraction(m) for m in means) / 5
    lo, hi = centre - Fraction(1, 2000), centre + Fraction(1, 2000)
    g = Fraction(grand)
    # the whole interval lies at or above the (open) top of the grand mean's interval
    assert hi > lo >= g + Fraction(1, 200)
    # ... and the printed grand mean is that mean truncated (2.9464 -> 2.94, 3.0478 -> 3.04):
    # the audit calls it a note, and so does the replication, with the audit's words
    assert math.floor(centre * 100) / Fraction(100) == g
    row = one(runs["rivers-state"], table_id=table, row="Grand Mean", statistic="mean")
    assert row["status"] == "note"
    assert "truncated, not rounded" in row["reason"]


def test_rivers_state_hypothesis_from_the_printed_summaries(runs: dict[str, Any]) -> None:
    """Student: s_p^2 = (303 x 1.96^2 + 172 x 1.92^2) / 475, t = 1.85 / sqrt(s_p^2 (1/304 + 1/173)).

    R: sp2 <- (303*1.96^2+172*1.92^2)/475; 1.85/sqrt(sp2*(1/304+1/173))  -> 9.98427239033521
       qt(0.975, 475) -> 1.96497077333028
       v1 <- 1.96^2/304; v2 <- 1.92^2/173; 1.85/sqrt(v1+v2) -> 10.0410826682892
       (v1+v2)^2/(v1^2/303+v2^2/172) -> 363.855630175775
    """
    sp2 = (303 * 1.96**2 + 172 * 1.92**2) / 475
    t_student = (24.67 - 22.82) / math.sqrt(sp2 * (1 / 304 + 1 / 173))
    v1, v2 = 1.96**2 / 304, 1.92**2 / 173
    t_welch = (24.67 - 22.82) / math.sqrt(v1 + v2)
    df_welch = (v1 + v2) ** 2 / (v1**2 / 303 + v2**2 / 172)
    assert t_student == pytest.approx(9.98427239033521, abs=1e-10)
    assert df_welch == pytest.approx(363.855630175775, abs=1e-9)
    run = runs["rivers-state"]
    [test] = run.comparison["tests_from_summaries"]
    assert test["student"]["t"] == pytest.approx(t_student, abs=1e-10)
    assert test["student"]["df"] == 475
    assert test["student"]["t_critical"] == pytest.approx(1.96497077333028, abs=1e-10)
    assert test["welch"]["t"] == pytest.approx(t_welch, abs=1e-10)
    assert test["welch"]["df"] == pytest.approx(df_welch, abs=1e-9)
    male = "Male teaching staff"
    t = one(run, table_id="hypothesis_1", row=male, statistic="t")
    assert t["status"] == "inconsistent" and t["published"] == "6.41" and t["recomputed_text"] == "9.98"
    assert any(a["value"] == pytest.approx(t_welch, abs=1e-10) for a in t["alternatives"])
    assert "does not follow" in t["reason"]
    for stat in ("df", "t_critical", "p", "n", "sd"):
        assert one(run, table_id="hypothesis_1", row=male, statistic=stat)["status"] == "reproduced", stat
    # the mean 24.67 is above 20, the most five 1-4 items of Table 1 can sum to: the audit's
    # range_implied finding, inconsistent because it rests on the implied link
    mean = one(run, table_id="hypothesis_1", row=male, statistic="mean")
    assert mean["status"] == "inconsistent" and "implied link" in mean["reason"]
    assert one(run, table_id="hypothesis_1", row=male, statistic="decision")["status"] == "reproduced"
    report = run.paths["markdown"].read_text(encoding="utf-8")
    assert "Student, from the printed summaries | 9.98 | 475" in report
    assert "Welch, from the printed summaries | 10.04 | 363.86" in report


def test_rivers_state_response_rate_truncated(runs: dict[str, Any]) -> None:
    row = one(runs["rivers-state"], table_id="design", statistic="response_rate")
    # 432 / 477 = 0.905660...: 90.566% prints as 90.6; chopped it reads 90.5, as printed: a note
    assert row["status"] == "note" and row["recomputed_text"] == "90.6"
    assert "432/477" in row["reason"]
    assert one(runs["rivers-state"], table_id="design", statistic="population")["status"] == "not checkable"


# --------------------------------------------------------------------------- Mardan


def test_mardan_counts_exact_and_percents_from_counts(runs: dict[str, Any]) -> None:
    run = runs["mardan"]
    counts = rows_of(run, statistic="frequency")
    assert len(counts) == 44 and all(r["status"] == "reproduced" for r in counts)
    assert all(r["recomputed_text"] == r["published"] for r in counts)
    # which printed percents do not follow from their printed counts, worked out independently
    study = load_published(ROOT / "data" / "published" / "mardan.yaml")
    expected = set()
    for table in study.tables:
        total = next((int(r.values["frequency"].text) for r in table.rows if r.role == "total"), 207)
        for r in table.rows:
            if "frequency" in r.values and "percent" in r.values:
                p = r.values["percent"]
                exact = Decimal(int(r.values["frequency"].text)) * 100 / Decimal(total)
                shown = exact.quantize(Decimal(1).scaleb(-p.decimals), rounding=ROUND_HALF_UP)
                if shown != Decimal(p.text):
                    expected.add((table.id, r.label))
    assert expected == {("table_2", "B.Ed. Honours"), ("table_2", "Induction")}
    differing = {
        (r["table_id"], r["row"]) for r in rows_of(run, statistic="percent") if r["status"] != "reproduced"
    }
    assert differing == expected
    honours = one(run, table_id="table_2", row="B.Ed. Honours", statistic="percent")
    assert honours["status"] == "inconsistent" and "4/207 = 1.932%" in honours["reason"]
    induction = one(run, table_id="table_2", row="Induction", statistic="percent")
    assert induction["recomputed_text"] == ".97" and "2 decimals" in induction["reason"]
    # 2/207 = 0.966%: chopped it reads .96, as printed, so the verdict is the audit's note
    assert induction["status"] == "note"


def test_mardan_composites_reproduced_under_a_stated_assumption(runs: dict[str, Any]) -> None:
    run = runs["mardan"]
    for table, row in (("table_6", "AWAR"), ("table_9", "PER")):
        stats = rows_of(run, table_id=table, row=row)
        assert {r["statistic"] for r in stats} == {"n", "min", "max", "mean", "sd"}
        assert all(r["status"] == "reproduced" for r in stats)
        assert all("items assumed" in r["reason"] for r in stats)


def test_mardan_badge_test_has_nothing_published(runs: dict[str, Any]) -> None:
    run = runs["mardan"]
    row = one(run, table_id="badge_t_test", statistic="decision")
    # a test on synthetic data beside the paper's decision: explained, not coloured as a failure
    assert row["status"] == "not checkable"
    assert "nothing published to compare" in row["reason"]
    report = run.paths["markdown"].read_text(encoding="utf-8")
    assert "t-test of the mean score of awareness by earned_badge" in report
    assert "nothing published to compare with" in report
    html = run.paths["html"].read_text(encoding="utf-8")
    # grey, not the red or orange of a failure
    assert "rec v-not-checkable" in html and ".v-not-checkable { color: #555; }" in html
    assert run.comparison["tests_from_summaries"] == []


# --------------------------------------------------------------------------- reports


@pytest.mark.parametrize("name", ["rivers-state", "mardan"])
def test_html_report_is_self_contained(runs: dict[str, Any], name: str) -> None:
    html = runs[name].paths["html"].read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", html)
    assert refs and all(r.startswith("data:image/png;base64,") for r in refs)
    assert "<script" not in html.lower() and "@import" not in html and "url(" not in html
    assert "Synthetic data." in html
    # The notice is said once: the heading word is not repeated by the notice's own first words.
    assert html.count("SYNTHETIC DATA") == 0 and html.count("Synthetic data.") == 1
    md = runs[name].paths["markdown"].read_text(encoding="utf-8")
    assert md.count("SYNTHETIC DATA") == 0 and md.count("Synthetic data.") == 1
    for fig in (runs[name].out_dir / "figures").iterdir():
        assert fig.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_figures(runs: dict[str, Any]) -> None:
    rs = runs["rivers-state"].paths["markdown"].read_text(encoding="utf-8")
    assert "![Table 1: item means with the cut-off lines](figures/table_1_item_means.png)" in rs
    assert "![Table 2: item means with the cut-off lines](figures/table_2_item_means.png)" in rs
    md = runs["mardan"].paths["markdown"].read_text(encoding="utf-8")
    assert "figures/figure_1.png" in md and "Yes 123, No 84" in md
    assert "prints no numbers" in md


def test_paper_tables_side_by_side(runs: dict[str, Any]) -> None:
    md = runs["mardan"].paths["markdown"].read_text(encoding="utf-8")
    assert "| B.Ed. Honours | 4 | 4 ✓ | 2.0 | 1.9 ≠ [1] |" in md
    assert "| Total | 205 | 205 ✓ | 99.0 | 99.0 ✓ |" in md  # Table 4's valid total, then the total
    assert "| Total | 207 | 207 ✓ | 100.0 | 100.0 ✓ |" in md


def test_html_escapes_text_from_the_paper(tmp_path: Path) -> None:
    for folder in ("instruments", "data/published"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = tmp_path / "data" / "published" / "rivers_state.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "label: 6. Technological Integration Barriers", 'label: "6. <b>Barriers</b> & <script>x</script>"'
        ),
        encoding="utf-8",
    )
    (tmp_path / "data" / "published" / "mardan.yaml").unlink()
    write_reconstruction(reconstruct_study(path, seed=1), tmp_path / "data" / "reconstructed")
    run = replicate("rivers-state", tmp_path / "out", root=tmp_path)
    html = run.paths["html"].read_text(encoding="utf-8")
    assert "&lt;b&gt;Barriers&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<script>" not in html


def test_audit_hook(tmp_path: Path) -> None:
    finding = {
        "check": "sd_bounds",
        "severity": "impossible",
        "location": "Table 2, item 7",
        "reported": "3.215",
        "expected": "at most 1.444",
        "message": "The SD 3.215 is impossible <for N = 432>.",
        "reference": "Bhatia & Davis (2000)",
    }
    run = replicate(
        "rivers-state", tmp_path, root=ROOT, audit={"findings": [finding], "summary": "One finding."}
    )
    md = run.paths["markdown"].read_text(encoding="utf-8")
    html = run.paths["html"].read_text(encoding="utf-8")
    assert "## Audit of the published numbers" in md and "One finding." in md
    assert "The SD 3.215 is impossible &lt;for N = 432&gt;." in html
    assert run.comparison["audit"]["findings"][0]["check"] == "sd_bounds"
    plain = replicate("rivers-state", tmp_path / "plain", root=ROOT)  # no audit: no section
    assert "Audit of the published numbers" not in plain.paths["markdown"].read_text(encoding="utf-8")
    assert "audit" not in plain.comparison


# --------------------------------------------------------------------------- the command


def _run(*args: str, via: Runner = run_cli) -> subprocess.CompletedProcess[str]:
    return via(*args, cwd=ROOT)


@pytest.mark.parametrize(
    "via", [run_cli, pytest.param(run_process, marks=pytest.mark.slow)], ids=["in-process", "process"]
)
def test_replicate_command(tmp_path: Path, via: Runner) -> None:
    proc = _run("replicate", "rivers-state", "--out", str(tmp_path), via=via)
    assert proc.returncode == 0, proc.stderr
    assert "63 printed values compared on SYNTHETIC reconstructed data" in proc.stdout
    assert "differs: Table 2" not in proc.stdout  # Table 2 has only impossible values
    assert (tmp_path / "comparison.json").is_file() and (tmp_path / "report.html").is_file()


def test_replicate_list() -> None:
    proc = _run("replicate", "--list")
    assert proc.returncode == 0, proc.stderr
    assert "rivers-state:" in proc.stdout and "mardan:" in proc.stdout and "ready" in proc.stdout
    assert [s.name for s in list_studies(ROOT)] == ["mardan", "rivers-state"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [(["replicate", "nowhere"], 2, "no study called"), (["replicate"], 2, "--list")],
)
def test_replicate_command_errors(args: list[str], code: int, words: str) -> None:
    proc = _run(*args)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert words in proc.stderr and "Traceback" not in proc.stderr


def test_replicate_word_reports(tmp_path: Path) -> None:
    """--format docx: the side-by-side tables and the analysis in Word, reopened here."""
    import docx

    proc = _run("replicate", "rivers-state", "--out", str(tmp_path), "--format", "docx", "-q")
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "report.html").exists()
    cells = [
        c.text for t in docx.Document(str(tmp_path / "report.docx")).tables for r in t.rows for c in r.cells
    ]
    # The paper prints 3.215 as item 7's SD (Table 2); the side-by-side table shows it.
    assert "3.215" in cells
    assert docx.Document(str(tmp_path / "analysis.docx")).tables
