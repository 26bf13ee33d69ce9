"""Make the bundled survey-platform exports (synthetic, anonymised; seed recorded here).

    python data/examples/make_exports.py

One invented survey of 40 teachers (ICT use in teaching, school support for ICT, with one
item worded against its scale), written as each platform exports it:

* ``google_forms_export.csv``: Timestamp, Email address, two multiple-choice grids
  (``Question [row]``), gender, qualification, a checkbox question (``, ``-joined) and a
  comment; one double submission (identical answers, 40 seconds later).
* ``microsoft_forms_export.xlsx``: ID, Start time, Completion time, Email, Name; Likert
  statements as ``Question.Statement`` columns; checkbox answers ``A;B;``.
* ``surveymonkey_export.csv``: two header rows (question, then matrix row or "Response").
* ``qualtrics_export.csv``: three header rows (ids, question texts, ImportIds).
* ``kobo_export.csv`` and ``kobo_form.xlsx``: KoboToolbox CSV (``;``-delimited, "XML
  values and headers", groups in headers: ``teaching/ict_1``), choice names such as
  ``strongly_agree``, a select-many question with its 0/1 option columns, and the XLSForm.

The answers are the same in every file (apart from the Google Forms double submission),
so one hand-written instrument per layout gives the same statistics.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

SEED = 20261201
HERE = Path(__file__).resolve().parent
N = 40

LABELS = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
NAMES = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
Q_USE = "To what extent do you agree with these statements about using ICT in your teaching?"
Q_SUPPORT = "How far do you agree with these statements about support for ICT at your school?"
USE = [
    "I use a projector when teaching",
    "I prepare lessons with a computer",
    "I share materials with students online",
    "I use educational videos in class",
    "I assess students with online quizzes",
]
SUPPORT = [
    "The school provides working computers",
    "Technical help is available when needed",
    "Training on ICT is offered regularly",
    "The internet connection is reliable",
    "ICT is not a priority at my school",  # worded against the scale
]
QUALIFICATIONS = ["NCE", "B.Ed", "M.Ed", "PhD"]
DEVICES = ["Laptop", "Smartphone", "Tablet"]
COMMENTS = [
    "More training on projectors would help",
    "Power cuts make it hard to plan lessons with computers",
    "",
    "We share one projector in the whole school",
    "n/a",
    "",
]


def responses(rng: np.random.Generator) -> dict[str, list]:
    use_f = rng.normal(0, 1, N)
    sup_f = rng.normal(0, 1, N)
    cuts = np.array([-1.5, -0.5, 0.4, 1.3])
    use = [1 + np.searchsorted(cuts, 0.9 * use_f + rng.normal(0, 0.8, N)) for _ in USE]
    sup = [1 + np.searchsorted(cuts, 0.9 * sup_f + rng.normal(0, 0.8, N)) for _ in SUPPORT]
    sup[4] = 6 - sup[4]  # the negatively worded item, as answered
    gender = rng.choice(["Female", "Male"], N, p=[0.55, 0.45])
    qual = rng.choice(QUALIFICATIONS, N, p=[0.3, 0.4, 0.2, 0.1])
    devices = [[d for d in DEVICES if rng.random() < 0.6] or ["Smartphone"] for _ in range(N)]
    comments = [COMMENTS[i % len(COMMENTS)] for i in range(N)]
    # A few unanswered cells.
    for _ in range(4):
        use[int(rng.integers(0, 5))][int(rng.integers(0, N))] = 0
    return {"use": use, "sup": sup, "gender": gender, "qual": qual, "devices": devices, "comments": comments}


def label(code: int) -> str:
    return LABELS[code - 1] if code else ""


def write_csv(path: Path, rows: list[list], delimiter: str = ",") -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)


def google(r: dict) -> None:
    header = ["Timestamp", "Email address"]
    header += [f"{Q_USE} [{s}]" for s in USE] + [f"{Q_SUPPORT} [{s}]" for s in SUPPORT]
    header += [
        "Gender",
        "Highest qualification",
        "Which devices do you use for teaching?",
        "Any other comments?",
    ]
    start = datetime(2026, 3, 2, 9, 0, 0)
    rows = [header]
    for i in range(N):
        t = start + timedelta(minutes=37 * i)
        row = [t.strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+1", f"teacher{i + 1:02d}@school.example"]
        row += [label(int(r["use"][j][i])) for j in range(5)] + [label(int(r["sup"][j][i])) for j in range(5)]
        row += [r["gender"][i], r["qual"][i], ", ".join(r["devices"][i]), r["comments"][i]]
        rows.append(row)
        if i == 11:  # a double submission: the same answers 40 seconds later
            again = list(row)
            again[0] = (t + timedelta(seconds=40)).strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+1"
            rows.append(again)
    write_csv(HERE / "google_forms_export.csv", rows)


def microsoft(r: dict) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["ID", "Start time", "Completion time", "Email", "Name"]
    header += [f"{Q_USE}.{s}" for s in USE] + [f"{Q_SUPPORT}.{s}" for s in SUPPORT]
    header += [
        "Gender",
        "Highest qualification",
        "Which devices do you use for teaching?",
        "Any other comments?",
    ]
    ws.append(header)
    start = datetime(2026, 3, 2, 9, 0, 0)
    for i in range(N):
        t = start + timedelta(minutes=37 * i)
        row = [i + 1, t, t + timedelta(minutes=6), "anonymous", ""]
        row += [label(int(r["use"][j][i])) or None for j in range(5)]
        row += [label(int(r["sup"][j][i])) or None for j in range(5)]
        row += [
            r["gender"][i],
            r["qual"][i],
            "".join(d + ";" for d in r["devices"][i]),
            r["comments"][i] or None,
        ]
        ws.append(row)
    wb.save(HERE / "microsoft_forms_export.xlsx")


def surveymonkey(r: dict) -> None:
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    top = [*meta, Q_USE, *[""] * 4, Q_SUPPORT, *[""] * 4, "Gender", "Highest qualification"]
    top += ["Which devices do you use for teaching?", "", "", "Any other comments?"]
    second = [""] * len(meta) + USE + SUPPORT + ["Response", "Response", *DEVICES, "Open-Ended Response"]
    rows = [top, second]
    for i in range(N):
        row = [
            str(11800000000 + 7 * i),
            "431234567",
            "03/02/2026 09:00:00 AM",
            "03/02/2026 09:06:00 AM",
            "",
            "",
        ]
        row += [label(int(r["use"][j][i])) for j in range(5)] + [label(int(r["sup"][j][i])) for j in range(5)]
        row += [r["gender"][i], r["qual"][i]]
        row += [d if d in r["devices"][i] else "" for d in DEVICES] + [r["comments"][i]]
        rows.append(row)
    write_csv(HERE / "surveymonkey_export.csv", rows)


def qualtrics(r: dict) -> None:
    ids = ["StartDate", "EndDate", "Progress", "Finished", "ResponseId"]
    ids += [f"Q1_{j}" for j in range(1, 6)] + [f"Q2_{j}" for j in range(1, 6)] + ["Q3", "Q4", "Q5", "Q6_TEXT"]
    texts = ["Start Date", "End Date", "Progress", "Finished", "Response ID"]
    texts += [f"{Q_USE} - {s}" for s in USE] + [f"{Q_SUPPORT} - {s}" for s in SUPPORT]
    texts += [
        "Gender",
        "Highest qualification",
        "Which devices do you use for teaching? - Selected Choice",
        "Any other comments?",
    ]
    imports = [
        json.dumps({"ImportId": i}) for i in ("startDate", "endDate", "progress", "finished", "_recordId")
    ]
    imports += [json.dumps({"ImportId": f"QID1_{j}"}) for j in range(1, 6)]
    imports += [json.dumps({"ImportId": f"QID2_{j}"}) for j in range(1, 6)]
    imports += [json.dumps({"ImportId": f"QID{k}"}) for k in (3, 4, 5)] + [
        json.dumps({"ImportId": "QID6_TEXT"})
    ]
    rows = [ids, texts, imports]
    for i in range(N):
        row = ["2026-03-02 09:00:00", "2026-03-02 09:06:00", "100", "True", f"R_{i + 1:04d}"]
        row += [label(int(r["use"][j][i])) for j in range(5)] + [label(int(r["sup"][j][i])) for j in range(5)]
        row += [r["gender"][i], r["qual"][i], ",".join(r["devices"][i]), r["comments"][i]]
        rows.append(row)
    write_csv(HERE / "qualtrics_export.csv", rows)


def kobo(r: dict) -> None:
    import openpyxl

    header = ["start", "end", "today"]
    header += [f"teaching/ict_{j}" for j in range(1, 6)] + [f"support/sup_{j}" for j in range(1, 6)]
    header += ["about_you/gender", "about_you/qualification", "about_you/devices"]
    header += [f"about_you/devices/{d.lower()}" for d in DEVICES] + ["about_you/comments"]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "_index"]
    rows = [header]
    for i in range(N):
        row = ["2026-03-02T09:00:00.000+01:00", "2026-03-02T09:06:00.000+01:00", "2026-03-02"]
        row += [NAMES[int(r["use"][j][i]) - 1] if r["use"][j][i] else "" for j in range(5)]
        row += [NAMES[int(r["sup"][j][i]) - 1] for j in range(5)]
        row += [
            r["gender"][i].lower(),
            r["qual"][i].lower().replace(".", ""),
            " ".join(d.lower() for d in r["devices"][i]),
        ]
        row += ["1" if d in r["devices"][i] else "0" for d in DEVICES] + [r["comments"][i]]
        row += [
            str(5000 + i),
            f"6f1c{i:04d}-0000-4000-8000-00000000{i:04d}",
            "2026-03-02T09:07:00",
            "",
            str(i + 1),
        ]
        rows.append(row)
    write_csv(HERE / "kobo_export.csv", rows, delimiter=";")
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["start", "start", ""])
    survey.append(["end", "end", ""])
    survey.append(["today", "today", ""])
    survey.append(["begin_group", "teaching", "Using ICT in teaching"])
    for j, s in enumerate(USE, start=1):
        survey.append(["select_one agree5", f"ict_{j}", s])
    survey.append(["end_group", "", ""])
    survey.append(["begin_group", "support", "Support for ICT at school"])
    for j, s in enumerate(SUPPORT, start=1):
        survey.append(["select_one agree5", f"sup_{j}", s])
    survey.append(["end_group", "", ""])
    survey.append(["begin_group", "about_you", "About you"])
    survey.append(["select_one gender", "gender", "Gender"])
    survey.append(["select_one qual", "qualification", "Highest qualification"])
    survey.append(["select_multiple devices", "devices", "Which devices do you use for teaching?"])
    survey.append(["text", "comments", "Any other comments?"])
    survey.append(["end_group", "", ""])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for name, lab in zip(NAMES, LABELS, strict=True):
        choices.append(["agree5", name, lab])
    choices.append(["gender", "female", "Female"])
    choices.append(["gender", "male", "Male"])
    for q in QUALIFICATIONS:
        choices.append(["qual", q.lower().replace(".", ""), q])
    for d in DEVICES:
        choices.append(["devices", d.lower(), d])
    wb.save(HERE / "kobo_form.xlsx")


def main() -> None:
    r = responses(np.random.default_rng(SEED))
    google(r)
    microsoft(r)
    surveymonkey(r)
    qualtrics(r)
    kobo(r)


if __name__ == "__main__":
    main()
