"""`mcstats init`: a draft instrument that loads and drives an analysis without editing."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import Runner, both_ways, run_cli
from mcstats.instrument import load_instrument

run = run_cli


@both_ways()
def test_draft_from_example(tmp_path: Path, run: Runner) -> None:
    out = tmp_path / "draft.yaml"
    proc = run("init", "data/examples/example_4point.csv", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    inst = load_instrument(out)
    assert inst.scale_points == 4
    assert inst.item_columns == [f"Q{i}" for i in range(1, 11)]
    assert inst.response_label(4) == "Very High Extent"
    assert [g.column for g in inst.groups] == ["gender"]
    # The respondent column is recognised as the id (duplicates are then reported).
    assert inst.id_column == "respondent"
    again = run("init", "data/examples/example_4point.csv", "--out", str(out))
    assert again.returncode == 2 and "--force" in again.stderr


def test_google_forms_style_export(tmp_path: Path) -> None:
    data = tmp_path / "forms.csv"
    data.write_text(
        "Timestamp,Your gender,Comments,AWAR1,AWAR2,PER1,PER2\n"
        '2024/01/05 10:01:02,Female,"Good, thanks",Agree,Strongly agree,Neutral,Agree\n'
        "2024/01/05 10:03:40,Male,,Disagree,Agree,Undecided,Strongly disagree\n"
        "2024/01/05 10:07:13,Female,No comment,Strongly agree,Agree,Agree,Agree\n"
        "2024/01/05 10:09:55,Male,n/a,Neutral,Disagree,Disagree,Neutral\n"
    )
    out = tmp_path / "forms.yaml"
    assert run("init", str(data), "--out", str(out)).returncode == 0
    inst = load_instrument(out)
    assert inst.scale_points == 5
    assert {s.id: s.columns for s in inst.scales} == {"AWAR": ["AWAR1", "AWAR2"], "PER": ["PER1", "PER2"]}
    assert [g.column for g in inst.groups] == ["Your gender"]
    text = out.read_text()
    assert "Left out: Timestamp" in text and "Left out: Comments" in text
    proc = run("analyze", str(data), "--instrument", str(out), "--out", str(tmp_path / "r"), "-q")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "r" / "results.json").read_text())
    # "Neutral" and "Undecided" are both 3; PER1 = 3, 3, 4, 2 -> mean 12/4.
    assert doc["scales"]["PER"]["item_statistics"]["PER1"]["mean"] == 3.0
    assert doc["input"]["n_analysed"] == 4


def test_no_items_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "names.csv"
    data.write_text("name,city\nAna,Lagos\nBen,Accra\n")
    proc = run("init", str(data), "--out", str(tmp_path / "x.yaml"))
    assert proc.returncode == 3 and "no column looks like a Likert item" in proc.stderr
    assert "Traceback" not in proc.stderr
