"""Make the bundled survey-platform exports (synthetic, anonymised; seed recorded here).

    python data/examples/make_exports.py

One invented survey of 40 teachers (ICT use in teaching, school support for ICT, with one
item worded against its scale), written as each platform exports it:

* ``google_forms_export.csv``: Timestamp, Email address, two multiple-choice grids
  (``Question [row]``), gender, qualification, a checkbox question (``, ``-joined) and a
  comment; one double submission (identical answers, 40 seconds later).
* ``microsoft_forms_export.xlsx``: ID, Start time, Completion time, Email (``anonymous``),
  Name (empty), Last modified time; each Likert statement a column headed by the statement
  alone (Microsoft Forms does not export the Likert question's text; the two Likert
  questions follow each other); checkbox answers ``A;B;`` (sources: src/mcstats/layouts.py).
* ``surveymonkey_export.csv``: two header rows (question, then matrix row or "Response").
* ``qualtrics_export.csv``: three header rows (ids, question texts, ImportIds).
* ``kobo_export.csv`` and ``kobo_form.xlsx``: KoboToolbox CSV (``;``-delimited, "XML
  values and headers", groups in headers: ``teaching/ict_1``), choice names such as
  ``strongly_agree``, a select-many question with its 0/1 option columns, and the XLSForm.
* ``odk_central_export.csv``: ODK Central's CSV export of the same form (``kobo_form.xlsx``):
  ``SubmissionDate``, ``meta-instanceID``, fields with their groups joined by ``-``
  (``teaching-ict_1``), choice names, and ODK Central's closing columns (``KEY``,
  ``SubmitterID`` ... ``FormVersion``), as getodk/central-backend's tests show them.
* ``kobo_repeat_export.xlsx``: KoboToolbox XLS export ("Labels", groups in headers) of
  the same survey with a repeat group ``classes`` (each teacher's classes: class, number
  of students and three statements): the first sheet (named after the form) one row per
  submission with ``_index``, the sheet ``classes`` one row per class with
  ``_parent_table_name``, ``_parent_index`` and ``_submission__...`` columns, as
  KoboToolbox writes them (sources: src/mcstats/layouts.py).

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
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    header += USE + SUPPORT  # statements only: the questions' texts are not exported
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
        row = [i + 1, t, t + timedelta(minutes=6), "anonymous", None, None]
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


def odk_central(r: dict) -> None:
    header = ["SubmissionDate", "meta-instanceID", "start", "end"]
    header += [f"teaching-ict_{j}" for j in range(1, 6)] + [f"support-sup_{j}" for j in range(1, 6)]
    header += ["about_you-gender", "about_you-qualification", "about_you-devices", "about_you-comments"]
    header += ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected"]
    header += ["Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
    rows = [header]
    start = datetime(2026, 3, 2, 9, 0, 0)
    for i in range(N):
        t = start + timedelta(minutes=37 * i)
        key = f"uuid:6f1c{i:04d}-0000-4000-8000-00000000{i:04d}"
        row = [
            (t + timedelta(minutes=7)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            key,
            t.strftime("%Y-%m-%dT%H:%M:%S.000+01:00"),
            (t + timedelta(minutes=6)).strftime("%Y-%m-%dT%H:%M:%S.000+01:00"),
        ]
        row += [NAMES[int(r["use"][j][i]) - 1] if r["use"][j][i] else "" for j in range(5)]
        row += [NAMES[int(r["sup"][j][i]) - 1] for j in range(5)]
        row += [
            r["gender"][i].lower(),
            r["qual"][i].lower().replace(".", ""),
            " ".join(d.lower() for d in r["devices"][i]),
            r["comments"][i],
        ]
        row += [key, "12", "enumerator1", "0", "0", "", "", f"collect:Xq{i % 3}", "0", "2026030101"]
        rows.append(row)
    write_csv(HERE / "odk_central_export.csv", rows)


CLASS_LEVELS = ["JSS1", "JSS2", "JSS3", "SSS1", "SSS2", "SSS3"]
CLASS_ITEMS = [
    "Students in this class use computers",
    "This classroom has a working projector",
    "I use ICT with this class",
]


def kobo_xlsx(r: dict) -> None:
    """The XLS export of a form with a repeat group: one sheet per section."""
    import openpyxl

    rng = np.random.default_rng([SEED, 2])  # its own generator: the main answers stay those of r
    title = "ICT in teaching"
    groups = ("Using ICT in teaching", "Support for ICT at school", "About you")
    devices_q = f"{groups[2]}/Which devices do you use for teaching?"
    meta = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"]
    meta += ["_submitted_by", "__version__", "_tags"]
    header = ["start", "end"]
    header += [f"{groups[0]}/{s}" for s in USE] + [f"{groups[1]}/{s}" for s in SUPPORT]
    header += [f"{groups[2]}/Gender", f"{groups[2]}/Highest qualification", devices_q]
    header += [f"{devices_q}/{d}" for d in DEVICES] + [f"{groups[2]}/Any other comments?"]
    header += [*meta, "_index"]
    rep = "Classes you teach"
    rep_header = [f"{rep}/Class", f"{rep}/Number of students"] + [f"{rep}/{s}" for s in CLASS_ITEMS]
    rep_header += ["_parent_table_name", "_parent_index"] + [f"_submission_{m}" for m in meta]
    wb = openpyxl.Workbook()
    main, classes = wb.active, wb.create_sheet("classes")
    main.title = title
    main.append(header)
    classes.append(rep_header)
    start = datetime(2026, 3, 2, 9, 0, 0)
    for i in range(N):
        t = start + timedelta(minutes=37 * i)
        submission = [
            5000 + i,
            f"6f1c{i:04d}-0000-4000-8000-00000000{i:04d}",
            (t + timedelta(minutes=7)).strftime("%Y-%m-%dT%H:%M:%S"),
            None,
            None,
            "submitted_via_web",
            None,
            "vJx3aT9Hq2mZ",
            None,
        ]
        row: list = [t, t + timedelta(minutes=6)]
        row += [label(int(r["use"][j][i])) or None for j in range(5)]
        row += [label(int(r["sup"][j][i])) for j in range(5)]
        row += [r["gender"][i], r["qual"][i], " ".join(r["devices"][i])]
        row += [1 if d in r["devices"][i] else 0 for d in DEVICES] + [r["comments"][i] or None]
        main.append(row + submission + [i + 1])
        use = float(np.mean([c for c in (int(r["use"][j][i]) for j in range(5)) if c]))
        for _ in range(int(rng.integers(1, 4))):
            level = str(rng.choice(CLASS_LEVELS))
            answers = [int(np.clip(round(use + rng.normal(0, sd)), 1, 5)) for sd in (0.8, 1.0, 1.2)]
            entry = [level, int(rng.integers(25, 70)), *[label(a) for a in answers]]
            classes.append(entry + [title, i + 1] + submission)
    wb.save(HERE / "kobo_repeat_export.xlsx")


def main() -> None:
    r = responses(np.random.default_rng(SEED))
    google(r)
    microsoft(r)
    surveymonkey(r)
    qualtrics(r)
    kobo(r)
    odk_central(r)
    kobo_xlsx(r)


if __name__ == "__main__":
    main()
