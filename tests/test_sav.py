"""SPSS .sav input written by GNU PSPP (tests/fixtures/sav/make_sav.py): value labels,
variable labels and user-missing codes, and the same numbers as the same data in CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run_cli

SAV = Path("tests/fixtures/sav")


def analyze(path: Path, out: Path) -> dict:
    proc = run_cli(
        "analyze", str(path), "--items", "Q1-Q5", "--points", "5", "--group", "gender",
        "--out", str(out), "-q",
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "results.json").read_text())


def strip_provenance(doc: dict) -> dict:
    doc = json.loads(json.dumps(doc))
    for key in ("created",):
        doc.pop(key)
    doc["input"].pop("path")
    doc["input"].pop("sha256")
    # Which engine ran is provenance: a .sav is read in memory, a small CSV streamed.
    doc["input"].pop("engine")
    doc.pop("instrument")
    return doc


def test_sav_equals_csv_with_missing_cells(tmp_path: Path) -> None:
    pytest.importorskip("pyreadstat")
    sav = analyze(SAV / "survey.sav", tmp_path / "sav")
    csv = analyze(SAV / "survey_blank.csv", tmp_path / "csv")
    # User-missing 9 in the .sav is missing, exactly like the empty cells of the CSV.
    assert sav["input"]["n_invalid_cells"] == 0
    # Value labels name the groups and responses; variable labels give the item wording.
    assert sav["ttests"][0]["levels"] == ["Male", "Female"]
    assert csv["ttests"][0]["levels"] == ["1", "2"]
    assert sav["instrument"]["responses"]["5"] == "Strongly Agree"
    assert sav["scales"]["scale"]["item_statistics"]["Q1"]["text"] == "I use digital badges to show my skills"
    a, b = strip_provenance(sav), strip_provenance(csv)
    # Group labels differ by design (Male/Female vs 1/2); everything numeric is identical.
    for t in a["ttests"] + b["ttests"]:
        t.pop("levels"), t.pop("decision")
        for g in t["groups"]:
            g.pop("level")
    a["frequencies"].pop("gender"), b["frequencies"].pop("gender")
    for fr in list(a["frequencies"].values()) + list(b["frequencies"].values()):
        fr.pop("title")
    for s in list(a["scales"].values()) + list(b["scales"].values()):
        for it in s["item_statistics"].values():
            it.pop("text")
    assert a == b
