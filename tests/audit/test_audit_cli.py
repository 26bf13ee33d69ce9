"""``mcstats audit`` as a reviewer meets it: the two published papers, exit codes, bad input, escaping.

Every expected number is derived by hand in the comments and assertions below (integer
arithmetic on the printed values), never by calling the code under test.
"""

from __future__ import annotations

import json
import math
import subprocess
from collections import Counter
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest

from clirun import Runner, run_cli, run_process

RIVERS = "data/published/rivers_state.yaml"
MARDAN = "data/published/mardan.yaml"
SCHEMA = Path(__file__).resolve().parents[2] / "src" / "mcstats" / "schema" / "audit.schema.json"


def run(*args: str, cwd: Path | None = None, via: Runner = run_cli) -> subprocess.CompletedProcess[str]:
    return via("audit", *args, cwd=cwd)


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def audit(path: str, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    proc = run(path, "--out", str(out), *extra)
    no_traceback(proc)
    doc = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return proc, doc


def by_check(doc: dict) -> Counter[tuple[str, str]]:
    return Counter((f["check"], f["severity"]) for f in doc["findings"])


def find(doc: dict, check: str, where: str) -> dict:
    hits = [f for f in doc["findings"] if f["check"] == check and where in f["location"]]
    assert len(hits) == 1, (check, where, doc["findings"])
    return hits[0]


# ---------------------------------------------------------------------------- Rivers State


def grim_fails(mean: str, n: int) -> bool:
    """Hand GRIM: no integer total T with T/n in [mean - u/2, mean + u/2]."""
    d = len(mean.split(".")[1])
    half = Fraction(1, 2 * 10**d)
    lo, hi = (Fraction(mean) - half) * n, (Fraction(mean) + half) * n
    return math.ceil(lo) > math.floor(hi)


def test_rivers_state(tmp_path: Path) -> None:
    proc, doc = audit(RIVERS, tmp_path)
    assert proc.returncode == 0  # no --fail-on: findings never change the exit code
    assert doc["input"]["kind"] == "published" and len(doc["input"]["sha256"]) == 64

    # Item 7: mean 2.905 of N = 432 needs the total T = 1255 (2.9045*432 = 1254.74,
    # 2.9055*432 = 1255.18). The widest data: T - 432 = 823 = 3*274 + 1, so 274 fours, one 2
    # and 157 ones: Q = 274*16 + 4 + 157 = 4545, s^2 = (4545 - 1255^2/432)/431
    # = (4545 - 3645.891)/431 = 2.0861, s = 1.4443. An SD of 3.215 is impossible.
    f = find(doc, "sd_bounds", "7. Professional Development Gaps")
    assert f["severity"] == "impossible" and f["expected"] == "at most 1.444"
    assert "274 responses of 4, one of 2 and 157 of 1" in f["message"]
    # Item 10: mean 3.074 -> T = 1328 (1327.75..1328.18); 1328 - 432 = 896 = 3*298 + 2:
    # 298 fours, one 3, 133 ones; Q = 4768 + 9 + 133 = 4910;
    # s^2 = (4910 - 1328^2/432)/431 = (4910 - 4082.370)/431 = 1.92026, s = 1.3857.
    f = find(doc, "sd_bounds", "10. Stakeholder Resistance Management")
    assert f["severity"] == "impossible" and f["expected"] == "at most 1.386"

    # GRIM at three decimals with N = 432 (steps of 1/432 = 0.0023 are wider than 0.001):
    # 2.862 -> [1236.17, 1236.60], 2.781 -> [1201.18, 1201.61], 3.015 -> [1302.26, 1302.70],
    # 3.126 -> [1350.22, 1350.65], 2.960 -> [1278.50, 1278.94]: no whole total, impossible.
    # The other means have a total: 2.912 -> 1258 (1257.77..1258.20), 3.162 -> 1366,
    # 3.174 -> 1371 (1370.95..1371.38), 2.905 -> 1255, 3.074 -> 1328.
    means = {"2.862": True, "2.781": True, "3.015": True, "3.126": True, "2.960": True,
             "2.912": False, "3.162": False, "3.174": False, "2.905": False, "3.074": False}
    assert {m: grim_fails(m, 432) for m in means} == means
    grim_rows = sorted(f["reported"] for f in doc["findings"] if f["check"] == "grim")
    assert grim_rows == sorted(f"mean {m}, N = 432" for m, bad in means.items() if bad)
    assert find(doc, "grim", "1. Micro-credentials")["expected"] == "2.861 or 2.863"  # 1236/432, 1237/432

    # GRIMMER, item 4: mean 3.162 -> T = 1366 (even). SD 1.102 stands for [1.1015, 1.1025]:
    # Q = 431 s^2 + 1366^2/432 lies in [522.933 + 4319.343, 523.883 + 4319.343] = [4842.28, 4843.23],
    # so Q = 4843, which is odd; but Q = sum x^2 has the parity of T = sum x: impossible.
    f = find(doc, "grimmer", "4. My tying promotions")
    assert f["severity"] == "impossible" and "parity" in f["message"]

    # Grand means: (2.862 + 2.781 + 3.015 + 3.162 + 2.912)/5 = 14.732/5 = 2.9464 -> 2.95, and
    # (3.126 + 2.905 + 3.174 + 2.960 + 3.074)/5 = 15.239/5 = 3.0478 -> 3.05; the printed 2.94
    # and 3.04 are these truncated: notes.
    g1 = find(doc, "grand_mean", "Table 1, row 'Grand Mean'")
    g2 = find(doc, "grand_mean", "Table 2, row 'Grand Mean'")
    assert (g1["severity"], g2["severity"]) == ("note", "note")
    assert "truncated" in g1["message"] and "prints as 2.95" in g1["message"]
    assert "prints as 3.05" in g2["message"]

    # t-test: D = 24.67 - 22.82 = 1.85; Student's pooled variance
    # (303*1.96^2 + 172*1.92^2)/475 = 3.78540, SE = sqrt(3.78540*(1/304 + 1/173)) = 0.18529,
    # t = 9.98. Allowing every printed value its rounding:
    def se(s1: float, s2: float) -> float:
        return math.sqrt((303 * s1**2 + 172 * s2**2) / 475 * (1 / 304 + 1 / 173))

    t_lo = (24.665 - 22.825) / se(1.965, 1.925)
    t_hi = (24.675 - 22.815) / se(1.955, 1.915)
    assert f"{t_lo:.2f} to {t_hi:.2f}" == "9.90 to 10.06"
    f = find(doc, "ttest_t", "Test of Hypothesis")
    assert f["severity"] == "inconsistent" and f["expected"] == "9.90 to 10.06"
    # df 475 = 304 + 173 - 2, critical t(475) = 1.965 -> "1.96", p "0.00" (< .005): consistent,
    # and the decision "Significant" agrees with p < .05.
    assert not [f for f in doc["findings"] if f["check"] in ("ttest_df", "ttest_p", "ttest_t_critical",
                                                             "decision")]
    # Sample sizes: the groups add up to 304 + 173 = 477 > 432 valid questionnaires.
    f = find(doc, "sample_size", "Test of Hypothesis")
    assert (f["severity"], f["reported"], f["expected"]) == ("inconsistent", "304 + 173 = 477", "at most 432")

    # Response rate: 432/477 = 90.566 % rounds to 90.6; 90.5 is it truncated: a note.
    f = find(doc, "response_rate", "Valid questionnaires")
    assert f["severity"] == "note" and "prints as 90.6" in f["message"]
    # 477/1589 = 30.02 % prints as "30": no finding for the sample percentage.

    # Every remark is "High Extent" for means 2.781 to 3.174 and 3.04: inside 2.50-3.49 of the
    # real limits, so nothing, although the paper states no rule (the audit says so).
    assert not [f for f in doc["findings"] if f["check"] == "remark"]
    assert any("states no cut-off rule" in a for a in doc["assumptions"])

    # The hypothesis is about Table 1's construct (implied_by: table_1): its five 1-4 items sum
    # to 5 x 1 = 5 up to 5 x 4 = 20, and the group means 24.67 and 22.82 lie above 20; the
    # finding rests on that implied link, so it is inconsistent, not impossible.
    implied = [f for f in doc["findings"] if f["check"] == "range_implied"]
    assert [(f["severity"], f["reported"], f["expected"]) for f in implied] == [
        ("inconsistent", "24.67", "5 to 20"), ("inconsistent", "22.82", "5 to 20")]
    assert all("implied link" in f["message"] for f in implied)

    assert by_check(doc) == Counter({
        ("grim", "impossible"): 5,
        ("sd_bounds", "impossible"): 2,
        ("grimmer", "impossible"): 1,
        ("ttest_t", "inconsistent"): 1,
        ("sample_size", "inconsistent"): 1,
        ("range_implied", "inconsistent"): 2,
        ("grand_mean", "note"): 2,
        ("response_rate", "note"): 1,
    })
    assert doc["counts"] == {"impossible": 8, "inconsistent": 4, "note": 3, "total": 15}
    # The one alpha of the instrument cannot be recomputed, and the summed score's item
    # count is unknown: both are listed as not checked.
    reasons = " ".join(x["reason"] for x in doc["not_checked"])
    assert "alpha 0.75 cannot be recomputed" in reasons and "number of items summed" in reasons

    # Every finding explains itself and names its reference.
    for f in doc["findings"]:
        assert f["message"].startswith(f["location"] + ": ") and f["reference"]
    # Terminal: the table and the explanations.
    assert "Audit findings" in proc.stdout and "15 finding(s): 8 impossible" in proc.stdout
    md = (tmp_path / "audit.md").read_text(encoding="utf-8")
    assert "| 8 | impossible | sd_bounds | Table 2, row '7. Professional Development Gaps'" in md
    html = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


# ---------------------------------------------------------------------------- Mardan


def test_mardan(tmp_path: Path) -> None:
    proc, doc = audit(MARDAN, tmp_path)
    assert proc.returncode == 0
    # Table 2: 4/207 = 1.932 % rounds and truncates to 1.9, never to the printed 2.0.
    f = find(doc, "percent", "B.Ed. Honours")
    assert f["severity"] == "inconsistent" and "prints as 1.9" in f["message"]
    # Induction: 2/207 = 0.9662 %; at the two printed decimals .97 rounded, .96 truncated: a note.
    f = find(doc, "percent", "Induction")
    assert f["severity"] == "note" and "prints as .97" in f["message"]
    # Everything else agrees: e.g. Table 4 counts 38 + 60 + 60 + 47 = 205 (valid total),
    # 205 + 2 = 207 (total); 38/207 = 18.357 -> 18.4; 60/207 = 28.986 -> 29.0;
    # percents 18.4 + 29.0 + 29.0 + 22.7 = 99.1 within 4 x 0.05 of the valid total 99.0;
    # the government sector's 87.4 % is 181/207 = 87.44 %; AWAR's SD 1.26553 lies within
    # 3.99/sqrt(412) = 0.197 and sqrt(207/206 * 2.5193 * 1.4807) = 1.936.
    assert doc["counts"] == {"impossible": 0, "inconsistent": 1, "note": 1, "total": 2}
    not_checked = {x["location"]: x["reason"] for x in doc["not_checked"]}
    assert "only the decision ('significant difference') is printed" in " ".join(not_checked.values())
    assert any(loc.startswith("Table 6, row 'AWAR'") for loc in not_checked)
    assert doc["not_reported"]  # the transcription's list is carried into the report


# ---------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("path", "fail_on", "code"),
    [
        (RIVERS, "impossible", 1),  # 8 impossible findings
        (RIVERS, "inconsistent", 1),
        (MARDAN, "impossible", 0),  # nothing impossible, one inconsistent
        (MARDAN, "inconsistent", 1),
    ],
)
def test_fail_on(tmp_path: Path, path: str, fail_on: str, code: int) -> None:
    proc, doc = audit(path, tmp_path, "--fail-on", fail_on, "--quiet")
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert doc["fail_on"] == fail_on
    assert (tmp_path / "audit.md").exists() and (tmp_path / "audit.html").exists()


def test_fail_on_notes_only_passes(tmp_path: Path) -> None:
    csv_file = tmp_path / "ok.csv"
    # 10 answers 1,1,2,2,2,3,3,3,4,4: sum 25, mean 2.50; squares 73, s^2 = (73 - 62.5)/9, s = 1.080.
    csv_file.write_text("label,n,mean,sd,scale_min,scale_max\nfine,10,2.50,1.08,1,4\n", encoding="utf-8")
    proc, doc = audit(str(csv_file), tmp_path / "out", "--fail-on", "inconsistent")
    assert proc.returncode == 0 and doc["counts"]["total"] == 0


def test_bad_fail_on_is_a_usage_error(tmp_path: Path) -> None:
    proc = run(RIVERS, "--out", str(tmp_path), "--fail-on", "note")
    no_traceback(proc)
    assert proc.returncode == 2 and "--fail-on" in proc.stderr


def test_default_out_dir(tmp_path: Path) -> None:
    src = Path(MARDAN).resolve()
    proc = run(str(src), "--quiet", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "reports" / "mardan-audit" / "audit.json").exists()


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "via", [run_cli, pytest.param(run_process, marks=pytest.mark.slow)], ids=["in-process", "process"]
)
def test_bad_inputs_give_one_clear_line(tmp_path: Path, via: Runner) -> None:
    cases: list[tuple[list[str], int, list[str]]] = []
    missing = tmp_path / "nope.yaml"
    cases.append(([str(missing)], 3, [str(missing), "file not found"]))
    other = tmp_path / "table.odt"
    other.write_text("x", encoding="utf-8")
    cases.append(([str(other)], 2, ["published-values file", "quick-check CSV", ".pdf"]))
    word = tmp_path / "paper.docx"
    word.write_text("x", encoding="utf-8")
    cases.append(([str(word)], 3, [str(word), "not a valid .docx file"]))
    number = tmp_path / "number.yaml"
    text = Path(RIVERS).read_text(encoding="utf-8").replace('sd: ".974"', "sd: 0.974")
    number.write_text(text, encoding="utf-8")
    cases.append(([str(number)], 3, ["tables[1].rows[0].values.sd", "in quotes"]))
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: [unclosed\n", encoding="utf-8")
    cases.append(([str(broken)], 3, ["not valid YAML"]))
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    cases.append(([str(empty)], 3, [str(empty), "empty"]))
    for args, code, needles in cases:
        proc = run(*args, "--out", str(tmp_path / "out"), via=via)
        no_traceback(proc)
        assert proc.returncode == code, (args, proc.stderr)
        for needle in needles:
            assert needle in proc.stderr, (needle, proc.stderr)


# ---------------------------------------------------------------------------- escaping


def test_text_from_the_yaml_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert('x')</script> & [bold]7 | Gaps[/bold]"
    text = Path(RIVERS).read_text(encoding="utf-8")
    text = text.replace("label: 7. Professional Development Gaps", f'label: "{evil}"')
    text = text.replace("  title: >-\n    Investigating", "  title: >-\n    <b>Investigating", 1)
    src = tmp_path / "evil.yaml"
    src.write_text(text, encoding="utf-8")
    proc, doc = audit(str(src), tmp_path / "out")
    assert proc.returncode == 0
    f = next(f for f in doc["findings"] if f["check"] == "sd_bounds" and "3.215" in f["reported"])
    assert "<script>" in f["location"]  # JSON keeps the text as printed
    html = (tmp_path / "out" / "audit.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; [bold]7 | Gaps[/bold]" in html
    md = (tmp_path / "out" / "audit.md").read_text(encoding="utf-8")
    assert "<script" not in md and "&lt;script&gt;" in md and "7 \\| Gaps" in md
    # rich markup in a label is printed as text, not interpreted
    assert "[bold]7" in proc.stdout.replace("\n", "")


# ---------------------------------------------------------------------------- replicate


def test_replicate_report_includes_the_audit(tmp_path: Path) -> None:
    from mcstats.replication.replicate import list_studies

    ready = {s.name for s in list_studies() if s.available}
    if "rivers-state" not in ready:
        pytest.skip("no reconstructed data for rivers-state (run mcstats reconstruct first)")
    proc = run_cli("replicate", "rivers-state", "--out", str(tmp_path), "--quiet")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Audit of the published numbers" in md
    assert "15 findings: 8 impossible, 4 inconsistent, 3 notes" in md
    assert "at most 1.444" in md  # item 7's SD, derived in test_rivers_state
    comparison = json.loads((tmp_path / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["audit"]["counts"]["impossible"] == 8


def test_lenient_option_reads_non_apa_results(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    # t = 2.20 on 28 df: p = .0358 to .0366 (R: 2*pt(-2.205, 28), 2*pt(-2.195, 28)), not .01
    paper.write_text("The groups differed (t = 2.20, df = 28, p = .01).\n", encoding="utf-8")
    proc, doc = audit(str(paper), tmp_path / "apa")
    assert doc["extracted"] == []
    proc, doc = audit(str(paper), tmp_path / "lenient", "--lenient")
    no_traceback(proc)
    [r] = doc["extracted"]
    assert (r["statistic"], r["df2"], r["reported_p"], r["error"]) == ("t", 28.0, 0.01, True)
    assert [f["check"] for f in doc["findings"]] == ["statcheck"]
