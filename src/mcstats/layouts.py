"""What survey platforms put in their exports, for ``mcstats init`` to read them as they are.

The readers (:mod:`mcstats.io`) already turn each export into one row per respondent
(Qualtrics' and SurveyMonkey's extra header rows are not respondents). This module
recognises the layout from the columns, and knows each platform's conventions:

* **Google Forms**: ``Timestamp``, ``Email address``; a grid (multiple-choice grid)
  question becomes one column per row, named ``Question [row]``; a checkbox question
  holds all ticked answers in one cell (joined with ``, `` or ``;``).
* **Microsoft Forms**: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``;
  a Likert question becomes one column per statement; checkbox answers end in ``;``.
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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mcstats.errors import DataError

#: Column names each platform writes, casefolded.
_MARKS = {
    "google-forms": ({"timestamp"}, {"email address", "score"}),
    "microsoft-forms": ({"id", "start time", "completion time"}, {"email", "name", "last modified time"}),
    "surveymonkey": ({"respondent id", "collector id"}, {"start date", "end date", "ip address"}),
    "qualtrics": ({"startdate", "responseid"}, {"enddate", "progress", "finished"}),
    "kobo": ({"_uuid", "_submission_time"}, {"_id", "start", "end", "_index", "__version__"}),
}

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
    if best == "plain" and any("/" in n for n in names) and names & KOBO_META:
        best = "kobo"
    return best


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
        """The question behind a data column (``group/name`` or ``name``)."""
        return self.questions.get(column.rsplit("/", 1)[-1])


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
