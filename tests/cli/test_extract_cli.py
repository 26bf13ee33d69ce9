"""``mcstats extract PAPER --out draft.yaml`` and ``mcstats audit PAPER`` from the command line.

The made-up paper (tests/fixtures/papers/made_up.md) has, by hand: item 2's SD 1.902 above
the largest possible 1.3575 (N = 120, mean 3.150 on 1-4), item 3's mean 2.412 not a multiple
of 1/120 (2.408 or 2.417), and t(118) = 2.20 with p = .06 where p is .029 to .030
(see tests/audit/test_extract_paper.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from clirun import Runner, both_ways, run_cli

ROOT = Path(__file__).resolve().parents[2]
MADE_UP = ROOT / "tests" / "fixtures" / "papers" / "made_up.md"


run = run_cli


def test_extract_writes_a_draft_that_audits(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    proc = run("extract", str(MADE_UP), "--out", str(draft))
    assert proc.returncode == 0, proc.stderr
    assert "guess: Responses are coded 1 to 4" in proc.stdout
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert doc["format"] == "mcstats-published/1"
    assert doc["tables"][1]["rows"][1]["values"] == {"n": "120", "mean": "3.150", "sd": "1.902"}
    out = tmp_path / "audit"
    proc = run("audit", str(draft), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    # the draft holds the tables; the in-text t-test is checked only when the paper is audited
    assert sorted(f["check"] for f in audit["findings"]) == ["grim", "sd_bounds"]


def test_audit_paper_lists_guesses_first(tmp_path: Path) -> None:
    out = tmp_path / "audit"
    proc = run("audit", str(MADE_UP), "--out", str(out), "--fail-on", "impossible")
    assert proc.returncode == 1, proc.stderr  # two impossible findings
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    assert sorted(f["check"] for f in audit["findings"]) == ["grim", "sd_bounds", "statcheck"]
    assert audit["assumptions"][0].startswith("Read from the paper (guess):")
    assert [e["statistic"] for e in audit["extracted"]] == ["t", "F"]


@both_ways()
def test_extract_default_name_and_errors(tmp_path: Path, run: Runner) -> None:
    proc = run("extract", str(MADE_UP), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "made_up-draft.yaml").exists()
    proc = run("extract", str(tmp_path / "missing.pdf"))
    assert proc.returncode == 3 and "file not found" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("extract", str(tmp_path / "paper.odt"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    paper = tmp_path / "paper.md"
    paper.write_text("x", encoding="utf-8")
    proc = run("extract", str(paper), "--out", str(paper))
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr
