"""What survey platforms put in their exports, for ``mcstats init`` to read them as they are.

The readers (:mod:`mcstats.io`) already turn each export into one row per respondent
(Qualtrics' and SurveyMonkey's extra header rows are not respondents). This module
recognises the layout from the columns, and knows each platform's conventions:

* **Google Forms**: ``Timestamp``, ``Email address``; a grid (multiple-choice grid)
  question becomes one column per row, named ``Question [row]``; a checkbox question
  holds all ticked answers in one cell (joined with ``, `` or ``;``).
* **Microsoft Forms** (:data:`MS_FORMS_META`): ``ID``, ``Start time``, ``Completion time``,
  ``Email``, ``Name`` (``anonymous`` and empty in an anonymous form), in newer exports
  ``Last modified time``; quizzes add ``Total points``, ``Quiz feedback``, ``Grade posted
  time`` and ``Points - Question`` / ``Feedback - Question`` columns. Every other column
  is a question, headed by its text. A Likert question becomes one column per statement,
  headed by **the statement's text alone**: the question's own text is not exported, so
  nothing in the file says where one Likert question ends and the next begins. A text
  that heads two columns gets a number on the second (``When``, ``When2``). A rating
  question is one column of numbers; checkbox answers end in ``;``.
  Sources (read 2026-12-02): Microsoft's "Check and share your form results" (one row per
  response, questions in columns, names and emails not shown for anonymous forms) and the
  Tech Community thread "Export Likert Question Text with Statements" (only statements
  are exported), as summarised in AndrewGodlewsky/AI-Dev-Survey
  docs/research/microsoft-forms-export.md; exported headers quoted in public scripts that
  read these files, e.g. acl-org/acl-anthology bin/add_attachments.py (``ID,Start
  time,Completion time,Email,Name,...``) and scripts quoting ``...,Last modified time,...``,
  ``Points - ...`` and ``When2``-style repeated titles. No Microsoft specification of the
  format was found; the bundled sample (data/examples/microsoft_forms_export.xlsx) is
  built to this layout.
* **SurveyMonkey**: ``Respondent ID``, ``Collector ID``, ``Start Date``, ``End Date``,
  ``IP Address``; two header rows (question, then answer option or matrix row), read as
  ``Question [row]`` by :func:`mcstats.io.surveymonkey_names`.
* **Qualtrics**: ``StartDate``, ``ResponseId``; three header rows (ids, question texts,
  ImportIds); ``Q1_2`` columns with the text ``Question - statement``.
* **KoboToolbox / ODK**: metadata columns (``start``, ``end``, ``_id``, ``_uuid``,
  ``_submission_time``, ...); with "XML values and headers" and "include groups in
  headers" the columns are ``group/question`` and the cells choice names; a select-many
  question has one column of space-separated choice names and one 0/1 column per choice
  (``question/choice``). The form (XLSForm: ``survey`` and ``choices`` sheets) gives the
  question labels and the choice labels (:func:`read_xlsform`).
  See KoboToolbox's help pages "Exporting and downloading your data" and "Advanced
  options for exporting data".
  **Repeat groups** (a household's members, a teacher's classes) are only in the XLS
  export: the first sheet holds one row per submission and an ``_index`` column; each
  repeat group has a sheet of its own (named after the group), one row per entry, with
  ``_parent_table_name``, ``_parent_index`` (the parent row's ``_index``) and
  ``_submission__id``, ``_submission__uuid`` ... (the submission's metadata); a CSV
  export holds the main data only (help pages "Managing repeat group data" and "Merging
  individual data with roster data"; kobotoolbox/formpack, ``reporting/export.py``).
  :func:`describe_sheet` tells these sheets apart.
* **ODK Central** (CSV): ``SubmissionDate``, ``meta-instanceID``, then the form's fields
  with their groups joined by ``-`` (``home-address-street``), a select-many question's
  options as ``q1/a`` when split, and ``KEY``, ``SubmitterID``, ``SubmitterName``,
  ``AttachmentsPresent``, ``AttachmentsExpected``, ``Status``, ``ReviewState``,
  ``DeviceID``, ``Edits``, ``FormVersion`` (:data:`ODK_CENTRAL_META`); cells hold choice
  names, so the form (``--form``) gives the labels. A repeat group is a CSV file of its
  own in the export's ZIP. Source: getodk/central-backend's tests of its CSV export
  (read 2026-12-02).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcstats.errors import DataError

#: Column names each platform writes, casefolded.
_MARKS = {
    "google-forms": ({"timestamp"}, {"email address", "score"}),
    "microsoft-forms": (
        {"id", "start time", "completion time"},
        {"email", "name", "last modified time", "total points", "quiz feedback"},
    ),
    "surveymonkey": ({"respondent id", "collector id"}, {"start date", "end date", "ip address"}),
    "qualtrics": ({"startdate", "responseid"}, {"enddate", "progress", "finished"}),
    "kobo": ({"_uuid", "_submission_time"}, {"_id", "start", "end", "_index", "__version__"}),
    "odk-central": (
        {"submissiondate", "meta-instanceid", "key"},
        {"submitterid", "submittername", "reviewstate", "formversion", "attachmentspresent"},
    ),
}

#: ODK Central's own CSV columns (casefolded), left out of the analysis; ``KEY`` is the id.
ODK_CENTRAL_META = frozenset(
    {
        "submissiondate",
        "meta-instanceid",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "deviceid",
        "edits",
        "formversion",
        "parent_key",
    }
)

#: Microsoft Forms' own columns (casefolded), left out of the analysis; ``ID`` is the id.
MS_FORMS_META = frozenset(
    {
        "start time",
        "completion time",
        "email",
        "name",
        "last modified time",
        "total points",
        "quiz feedback",
        "grade posted time",
    }
)
#: Microsoft Forms quiz columns beside each question: ``Points - Q``, ``Feedback - Q``.
_MS_QUIZ = re.compile(r"^(points|feedback) - ", re.IGNORECASE)


def is_ms_forms_meta(column: str) -> bool:
    """Whether a column is one Microsoft Forms adds itself (times, email, name, quiz scores).

    >>> [is_ms_forms_meta(c) for c in ("Start time", "Points - Q1", "ID", "I use a projector")]
    [True, True, False, False]
    """
    return column.strip().casefold() in MS_FORMS_META or bool(_MS_QUIZ.match(column.strip()))


def repeated_title_base(column: str, columns: Iterable[str]) -> str | None:
    """The text of a column that Microsoft Forms numbered because an earlier column has the
    same heading (``When2`` after ``When``), or None.

    >>> repeated_title_base("For me2", ["For me", "For the team", "For me2"])
    'For me'
    >>> repeated_title_base("Q2", ["Q1", "Q2"]) is None
    True
    """
    m = re.match(r"^(?P<base>.*\D)(?P<n>[2-9]|[1-9]\d+)$", column)
    if m is None:
        return None
    base = m["base"]
    return base if base in set(columns) else None


#: KoboToolbox / ODK metadata columns (casefolded); left out of the analysis.
KOBO_META = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "audit",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_version_",
        "_tags",
        "_index",
        "_parent_index",
        "_parent_table_name",
        "_attachments",
        "_geolocation",
        "_xform_id_string",
        "meta/instanceid",
        "meta/deprecatedid",
        "meta/rootuuid",
        "formhub/uuid",
        "instanceid",
    }
)

#: Names of respondent-id columns (whole name, casefolded, spaces and punctuation as _).
_ID_NAME = re.compile(
    r"^(_?id|_?uuid|respondent(_?id|_?no|_?number)?|response_?id|participant(_?id)?|"
    r"e_?mail(_address)?|email|phone(_?number)?|mobile(_?number)?|student_?id|staff_?id|"
    r"serial(_?no|_?number)?|s_?n|record(_?id)?|case(_?id)?)$"
)
#: Names of time-stamp columns.
_TIME_NAME = re.compile(
    r"^(timestamp|time_?stamp|start_?time|completion_?time|end_?time|start_?date|end_?date|"
    r"startdate|enddate|recordeddate|submission_?time|_submission_time|start|end|today|"
    r"date|last_?modified_?time|date_?submitted|submitted_?at)$"
)
_TIME_VALUE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?.*)?$")


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")


def detect_layout(columns: Iterable[str]) -> str:
    """The platform an export comes from, by its columns (``"plain"`` when none fits).

    >>> detect_layout(["Timestamp", "Email address", "Q [a]"])
    'google-forms'
    >>> detect_layout(["start", "end", "grp/q1", "_uuid", "_submission_time"])
    'kobo'
    """
    names = {str(c).strip().casefold() for c in columns}
    best, score = "plain", 0
    for layout, (needed, extra) in _MARKS.items():
        if needed <= names:
            s = len(needed) * 2 + len(extra & names)
            if s > score:
                best, score = layout, s
    if best == "plain" and (
        (any("/" in n for n in names) and names & KOBO_META) or is_kobo_repeat_sheet(names)
    ):
        best = "kobo"
    return best


def is_kobo_meta(column: str) -> bool:
    """A KoboToolbox / ODK metadata column, including a repeat-group sheet's copies of its
    submission's metadata (``_submission__uuid`` ...).

    >>> [is_kobo_meta(c) for c in ("_uuid", "_submission__id", "_parent_index", "grp/q1")]
    [True, True, True, False]
    """
    key = column.strip().casefold()
    return key in KOBO_META or key.startswith("_submission_")


def is_kobo_repeat_sheet(header: Iterable[str]) -> bool:
    """Whether a sheet's columns are those of a KoboToolbox repeat group's sheet.

    >>> is_kobo_repeat_sheet(["hh/name", "_parent_table_name", "_parent_index", "_submission__id"])
    True
    >>> is_kobo_repeat_sheet(["Name of child", "Age of child", "_index", "_parent_index"])
    True
    >>> is_kobo_repeat_sheet(["name", "_index"])
    False
    """
    names = {str(h).strip().casefold() for h in header}
    # KoboToolbox writes _parent_table_name and _submission__... beside it too; a sheet
    # trimmed by hand (the help page's own example) may keep only _parent_index.
    return "_parent_index" in names


def describe_sheet(name: str, n_rows: int, header: Iterable[str]) -> str:
    """Why a workbook's sheet other than the one read is not analysed, in one line."""
    if is_kobo_repeat_sheet(header):
        return (
            f"sheet {name!r} not analysed: a KoboToolbox repeat group ({n_rows} row(s), linked to "
            "the main sheet's _index by _parent_index), whose rows are entries within a submission, "
            f"not respondents; sheet={name!r} analyses it on its own"
        )
    names = {str(h).strip().casefold() for h in header}
    if "_index" in names and names & {"_uuid", "_submission_time"}:
        return (
            f"sheet {name!r} not analysed: the KoboToolbox main sheet ({n_rows} submission(s)); "
            f"sheet={name!r} analyses it"
        )
    return f"sheet {name!r} not read ({n_rows} row(s)); one sheet is analysed (the sheet argument chooses it)"


def repeat_group_note(sheet: str | None, frame: Any) -> str:
    """What a KoboToolbox repeat group's sheet holds (``frame``: its cells, a pandas
    DataFrame): entries of submissions, each analysed as a case."""
    columns = {str(c).casefold(): c for c in frame.columns}
    parent = columns.get("_submission__uuid", columns.get("_parent_index"))
    of = f" from {frame[parent].dropna().nunique()} submission(s)" if parent is not None else ""
    return (
        f"sheet {sheet!r} is a KoboToolbox repeat group: its {len(frame)} rows are entries{of}, "
        "each analysed as a case, so a submission with several entries counts several times"
    )


def looks_like_id_name(column: str) -> bool:
    """Whether a column's name says it identifies respondents (id, email, phone, uuid).

    >>> [looks_like_id_name(c) for c in ("Respondent ID", "Email address", "_uuid", "Q1", "idea")]
    [True, True, True, False, False]
    """
    return bool(_ID_NAME.match(_key(column)))


def looks_like_time(column: str, values: list[str]) -> bool:
    """A time stamp: by name, or every value a date (with or without a time)."""
    if _TIME_NAME.match(_key(column)):
        return True
    return bool(values) and all(_TIME_VALUE.match(v.strip()) for v in values[:200])


def checkbox_parts(values: list[str]) -> set[str] | None:
    """The answer options of a checkbox (select-many) column, or None if it is not one.

    A cell holds several options joined with ``;`` (Microsoft Forms, with a trailing ``;``),
    ``, `` (Google Forms) or ``,`` (Qualtrics). The column is a checkbox column when at least
    one cell holds two or more options, the options are few (at most 15) and short, and
    they recur (fewer distinct options than distinct cells, or every option in two cells)
    or every cell ends in ``;``.

    >>> sorted(checkbox_parts(["Laptop;Phone;", "Phone;", "Tablet;Laptop;"]))
    ['Laptop', 'Phone', 'Tablet']
    >>> checkbox_parts(["Good, thanks", "No comment", "n/a"]) is None
    True
    """
    cells = [v.strip() for v in values if v and v.strip()]
    if not cells:
        return None
    for sep in (";", ", ", ","):
        split = [[p.strip() for p in c.split(sep) if p.strip()] for c in cells]
        if not any(len(parts) >= 2 for parts in split):
            continue
        parts = [p for ps in split for p in ps]
        distinct = set(parts)
        if len(distinct) > 15 or max(len(p) for p in distinct) > 60:
            continue
        recurring = all(parts.count(p) >= 2 for p in distinct)
        trailing = sep == ";" and all(c.endswith(";") for c in cells)  # Microsoft Forms
        if len(distinct) < len(set(cells)) or recurring or trailing:
            return distinct
    return None


def is_free_text(values: list[str], n_rows: int) -> bool:
    """Many distinct, long answers: free text, whatever repeats ("n/a", "none") it has."""
    distinct = {v.strip() for v in values if v and v.strip()}
    if not distinct:
        return False
    long = [v for v in distinct if len(v) > 25 or len(v.split()) > 3]
    return len(distinct) > 12 or (len(long) >= max(2, len(distinct) // 2) and len(distinct) > 3)


# --------------------------------------------------------------------------- XLSForm


@dataclass(frozen=True)
class FormQuestion:
    """One row of an XLSForm's ``survey`` sheet."""

    name: str
    type: str
    label: str = ""
    list_name: str | None = None
    group: str = ""


@dataclass
class XlsForm:
    """The parts of an XLSForm that ``init`` uses: questions, groups and choice lists."""

    path: str
    questions: dict[str, FormQuestion] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def question(self, column: str) -> FormQuestion | None:
        """The question behind a data column (``group/name``, ODK Central's
        ``group-name``, or ``name``)."""
        name = column.rsplit("/", 1)[-1]
        found = self.questions.get(name)
        if found is None and "-" in name:
            found = self.questions.get(name.rsplit("-", 1)[-1])
        return found


def _label_column(header: list[str]) -> int | None:
    """The index of ``label`` (or the first ``label::Language``) in a sheet's header."""
    low = [h.casefold() for h in header]
    if "label" in low:
        return low.index("label")
    for i, h in enumerate(low):
        if h.startswith("label::"):
            return i
    return None


def read_xlsform(path: str | Path) -> XlsForm:
    """Read an XLSForm (.xlsx with ``survey`` and ``choices`` sheets).

    Raises
    ------
    DataError
        When the file is not a workbook with those sheets and their ``type``/``name``
        and ``list_name``/``name`` columns.
    """
    import openpyxl

    p = Path(path)
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except FileNotFoundError:
        raise DataError("form file not found", path=str(p)) from None
    except Exception as exc:
        raise DataError(f"not a readable XLSForm workbook ({type(exc).__name__})", path=str(p)) from None
    sheets = {name.casefold(): name for name in wb.sheetnames}
    if "survey" not in sheets or "choices" not in sheets:
        raise DataError(
            "an XLSForm needs the sheets 'survey' and 'choices'; this workbook has "
            + ", ".join(wb.sheetnames),
            path=str(p),
        )

    def rows(sheet: str) -> tuple[list[str], list[list[str]]]:
        it = wb[sheets[sheet]].iter_rows(values_only=True)
        head = [str(h).strip() if h is not None else "" for h in next(it, ())]
        body = [[str(c).strip() if c is not None else "" for c in r] for r in it]
        return head, body

    form = XlsForm(path=str(p))
    head, body = rows("survey")
    low = [h.casefold() for h in head]
    if "type" not in low or "name" not in low:
        raise DataError("the survey sheet needs the columns type and name", path=str(p))
    ti, ni, li = low.index("type"), low.index("name"), _label_column(head)
    stack: list[str] = []
    for r in body:
        r = r + [""] * (len(head) - len(r))
        typ, name = r[ti], r[ni]
        label = r[li] if li is not None else ""
        kind = typ.split()[0].casefold() if typ else ""
        if kind in ("begin_group", "begin") and name:
            stack.append(name)
            form.groups[name] = label or name
            continue
        if kind in ("end_group", "end"):
            if stack:
                stack.pop()
            continue
        if not name:
            continue
        parts = typ.split()
        list_name = parts[1] if kind in ("select_one", "select_multiple") and len(parts) > 1 else None
        form.questions[name] = FormQuestion(name, kind, label, list_name, "/".join(stack))
    head, body = rows("choices")
    low = [h.casefold() for h in head]
    if "list_name" not in low or "name" not in low:
        raise DataError("the choices sheet needs the columns list_name and name", path=str(p))
    lni, ni, li = low.index("list_name"), low.index("name"), _label_column(head)
    for r in body:
        r = r + [""] * (len(head) - len(r))
        if r[lni] and r[ni]:
            form.choices.setdefault(r[lni], []).append((r[ni], r[li] if li is not None else r[ni]))
    wb.close()
    return form
