"""Survey-platform exports analysed without manual editing: Qualtrics and Google Forms."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import run_cli
from mcstats.io import load_survey

QUALTRICS = (
    "StartDate,EndDate,ResponseId,Q1_1,Q1_2,Q1_3,Q2,Q3_TEXT\n"
    '"Start Date","End Date","Response ID","How much do you agree? - Badges show my skills",'
    '"How much do you agree? - Badges help my career","How much do you agree? - I trust badges",'
    '"Gender","Any comments?"\n'
    '"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate""}",'
    '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1_1""}","{""ImportId"":""QID1_2""}",'
    '"{""ImportId"":""QID1_3""}","{""ImportId"":""QID2""}","{""ImportId"":""QID3_TEXT""}"\n'
    "2024-03-01 10:00:00,2024-03-01 10:04:00,R_1,"
    "Strongly agree,Agree,Neither agree nor disagree,Female,fine\n"
    '2024-03-01 11:00:00,2024-03-01 11:03:00,R_2,Disagree,Agree,Agree,Male,"long, with commas"\n'
    "2024-03-01 12:00:00,2024-03-01 12:09:00,R_3,Agree,Strongly agree,Strongly agree,Female,\n"
    "2024-03-01 13:00:00,2024-03-01 13:02:00,R_4,Neither agree nor disagree,Disagree,Disagree,Male,no\n"
)


def test_qualtrics_three_header_rows(tmp_path: Path) -> None:
    p = tmp_path / "qualtrics.csv"
    p.write_text(QUALTRICS)
    raw = load_survey(p)
    assert raw.n_rows == 4 and raw.rows.tolist() == [4, 5, 6, 7]
    assert raw.variable_labels["Q1_2"] == "How much do you agree? - Badges help my career"
    proc = run_cli(
        "analyze", str(p), "--items", "Q1_1-Q1_3", "--points", "5", "--group", "Q2",
        "--out", str(tmp_path / "out"), "-q",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "out" / "results.json").read_text())
    assert doc["input"]["n_rows"] == 4 and doc["input"]["n_analysed"] == 4
    q1 = doc["scales"]["scale"]["item_statistics"]["Q1_1"]
    # Strongly agree 5, Disagree 2, Agree 4, Neither 3 -> mean 14 / 4.
    assert q1["mean"] == 3.5 and q1["text"] == "How much do you agree? - Badges show my skills"
    assert doc["ttests"][0]["levels"] == ["Female", "Male"]


def test_google_forms_text_answers_with_options(tmp_path: Path) -> None:
    p = tmp_path / "forms.csv"
    p.write_text(
        "Timestamp,Q1,Q2,Q3,Comments\n"
        '2024/01/05 10:01:02 AM GMT,Strongly agree,Agree,Neutral,"Good, thanks"\n'
        "2024/01/05 10:03:40 AM GMT,Disagree,Agree,Strongly disagree,\n"
        "2024/01/05 10:07:13 AM GMT,Agree,Agree,Agree,ok\n"
    )
    proc = run_cli(
        "analyze", str(p), "--items", "Q1-Q3", "--points", "5", "--out", str(tmp_path / "out"), "-q",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "out" / "results.json").read_text())
    # Neutral = 3 (an alias of the default label Undecided): Q3 = 3, 1, 4.
    assert doc["scales"]["scale"]["item_statistics"]["Q3"]["mean"] == 8 / 3
