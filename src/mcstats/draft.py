"""Draft an instrument from a data file, for the user to check (``mcstats init``).

Every column gets one decision and its reason (:attr:`Draft.decisions`), in this order:

* **left out**: empty; platform metadata (KoboToolbox ``_uuid``, ``start`` ...); one
  0/1 column of a select-many question; a time stamp; a checkbox question (several
  answers in one cell); free text (many distinct long answers, whatever repeats);
* **id**: a column named like an identifier (id, respondent, email, phone, uuid), else
  the first column with one distinct short value per row;
* **item**: whole numbers in a small range (0-3, 1-5, 1-7, 0-10 ...; at least three
  codes seen) or labels of a built-in label set (:mod:`mcstats.labels`), apart from empty
  cells; with an XLSForm (``form``), a select-one question with three or more choices;
* **group** / **categorical**: 2 to 12 distinct values (two: also a group for t-tests).

Items are put in scales by the export's structure: a grid question (``Question [row]``:
the question is the title, the row the wording), a KoboToolbox group (``group/question``),
a Qualtrics question (``Q1_2``, its text ``Question - statement``), a name prefix
(``AWAR1``..``AWAR5`` -> ``AWAR``), or else a run of neighbouring columns answered on the
same labels. A "scale" of one column is a categorical column (a demographic coded 1-5,
such as education), not a one-item scale. The code range is the lowest (0 when any item
has a 0) to the highest code seen. Reverse-key candidates are the items whose corrected
item-total correlation is negative; they are suggested, not set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mcstats.errors import DataError
from mcstats.instrument import DEFAULT_LABELS, normalise_label
from mcstats.io import RawSurvey
from mcstats.labels import LABEL_SETS, LabelSet, label_set, sets_matching, sort_levels
from mcstats.layouts import (
    ODK_CENTRAL_META,
    XlsForm,
    checkbox_parts,
    detect_layout,
    is_free_text,
    is_kobo_meta,
    is_ms_forms_meta,
    looks_like_id_name,
    looks_like_time,
    repeat_group_note,
    repeated_title_base,
)

#: Response vocabularies recognised in text answers (kept for callers of the old name):
#: label -> code, by label-set name.
VOCABULARIES: dict[str, dict[str, int]] = {
    name: {normalise_label(lab): i + 1 for i, lab in enumerate(s.labels)}
    | {normalise_label(a): c for a, c in s.aliases}
    for name, s in LABEL_SETS.items()
}

_PREFIX = re.compile(r"^(?P<prefix>.*?)[_\s.-]?(?P<num>\d+)$")
_WHOLE = re.compile(r"^\s*[+-]?\d+(\.0+)?\s*$")
_GRID = re.compile(r"^(?P<q>.+?)\s*\[(?P<row>.+)\]\s*$", re.DOTALL)
_NUMERIC = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass
class ItemGuess:
    """A column taken as an item: the codes and labels seen in it."""

    column: str
    points: int
    vocabulary: str | None
    text: str = ""
    codes: set[int] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    form_list: str | None = None


@dataclass(frozen=True)
class Decision:
    """What init decided about one column, and why (one line of its report)."""

    column: str
    kind: str
    reason: str

    def line(self) -> str:
        return f"{short_column(self.column)}: {self.kind} ({self.reason})"


def short_column(column: str, limit: int = 70) -> str:
    """A column name for a one-line report: a long grid column keeps its row text.

    >>> short_column("To what extent do you agree with these statements about ICT? [I use a projector]")
    'To what extent do you agree... [I use a projector]'
    """
    text = clean_text(column)
    m = _GRID.match(text)
    if len(text) > limit and m:
        return f"{clean_text(m['q'], 30)} [{clean_text(m['row'], limit - 30)}]"
    return clean_text(text, limit)


@dataclass
class Draft:
    """What :func:`draft_instrument` found in a file."""

    items: list[ItemGuess]
    scales: dict[str, list[str]]
    points: int
    responses: dict[int, str]
    aliases: dict[str, int]
    groups: dict[str, list[str]]
    categorical: dict[str, list[str]]
    ignored: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    min_code: int = 1
    labels_name: str | None = None
    id_column: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    reverse_candidates: dict[str, float] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    layout: str = "plain"
    #: Per group or categorical column, value -> label (from a form's choice labels).
    level_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The workbook's other sheets and why they are not analysed (one line each).
    sheets: list[str] = field(default_factory=list)
    #: Per scale, a comment written above it in the draft (a split inferred from answers).
    scale_comments: dict[str, str] = field(default_factory=dict)

    @property
    def max_code(self) -> int:
        return self.min_code + self.points - 1

    @property
    def reverse_suggestions(self) -> dict[str, float]:
        """Reverse-key candidates and their corrected item-total r (the web page's name)."""
        return dict(self.reverse_candidates)


def clean_text(text: str, limit: int = 0) -> str:
    """Text for a comment or a terminal line: control characters and line breaks become
    one space; cut to ``limit`` characters (0: no cut)."""
    out = _CONTROL.sub(" ", str(text)).strip()
    if limit and len(out) > limit:
        out = out[: limit - 3] + "..."
    return out


def scale_prefix(column: str) -> str:
    """The scale a column belongs to by name: letters before a trailing number.

    >>> scale_prefix("Q10"), scale_prefix("AWAR_3"), scale_prefix("age")
    ('Q', 'AWAR', 'age')
    """
    m = _PREFIX.match(column)
    return m["prefix"] if m and m["prefix"] else column


_STOP_WORDS = (
    "a about agree all an and are as at be by do does for from how far in is it of on or please "
    "rate statements statement such that the these this to what which with you your extent "
    "following each much many indicate level degree"
)
_STOP = frozenset(_STOP_WORDS.split())


def _slug(text: str, taken: Iterable[str]) -> str:
    """A short scale id from a question: its first three words that are not filler.

    >>> _slug("To what extent do you agree with these statements about using ICT in your teaching?", [])
    'using_ict_teaching'
    """
    words = re.findall(r"[0-9a-z]+", text.casefold())
    kept = [w for w in words if w not in _STOP] or words
    base = "_".join(kept[:3])[:32].strip("_") or "scale"
    out, n = base, 2
    while out in set(taken):
        out, n = f"{base}_{n}", n + 1
    return out


def _distinct(cells: pd.Series) -> list[str]:
    return [str(v).strip() for v in pd.unique(cells.dropna()) if str(v).strip()]


def _guess_item(
    col: str, values: list[str], value_labels: dict[str, str], form: XlsForm | None
) -> ItemGuess | None:
    """An item guess when every answer is a whole number in a small range, a label of a
    built-in set, or (with a form) a choice of a select-one question."""
    if form is not None:
        q = form.question(col)
        if q is not None:
            choices = form.choices.get(q.list_name or "", [])
            if q.type == "select_one" and len(choices) >= 3:
                return ItemGuess(col, len(choices), None, q.label, form_list=q.list_name)
            return None
    numbers = [v for v in values if _WHOLE.match(v)]
    texts = [v for v in values if not _WHOLE.match(v)]
    codes = {int(float(v)) for v in numbers}
    if texts:
        if not sets_matching(set(texts)):
            return None
        return ItemGuess(col, 0, "text", codes=codes, labels=set(texts))
    labelled = {int(float(k)) for k in value_labels if _WHOLE.match(k)}
    if not codes or min(codes) < -10 or max(codes | labelled) > 10:
        return None
    span = max(codes | labelled) - min(codes | labelled)
    # Two codes are more often a coded group (gender 1/2) than a two-point item.
    if len(codes) >= 3 and 2 <= span <= 10:
        return ItemGuess(col, max(codes | labelled), None, codes=codes | labelled)
    return None


def _scale_key(
    col: str, raw: RawSurvey, form: XlsForm | None, layout: str = "plain"
) -> tuple[str | None, str, str]:
    """(scale key or None, title, item wording) of an item column from its name."""
    m = _GRID.match(col)
    if m:
        return "grid:" + m["q"], clean_text(m["q"]), clean_text(m["row"])
    if layout == "microsoft-forms":
        # A Likert statement's column is headed by the statement alone (layouts.py): no
        # question to group by, only neighbouring columns; a repeated heading is numbered.
        return None, "", clean_text(repeated_title_base(col, raw.frame.columns) or "")
    if layout == "odk-central" and "-" in col and "/" not in col:
        # ODK Central joins a field's groups with "-": the question is after the last one.
        group = col.rpartition("-")[0]
        title, text = group, ""
        if form is not None:
            title = form.groups.get(group.rsplit("-", 1)[-1], group)
            q = form.question(col)
            text = q.label if q else ""
        return "group:" + group, clean_text(title), clean_text(text)
    if "/" in col:
        group, _, last = col.rpartition("/")
        title = group
        # A "Labels" export heads a column "group label/question label": the question's
        # label is its wording (an "XML values" export's names, such as ict_1, are not).
        text = last if " " in last.strip() else ""
        if form is not None:
            title = form.groups.get(group.rsplit("/", 1)[-1], group)
            q = form.question(col)
            text = q.label if q else ""
        return "group:" + group, clean_text(title), clean_text(text)
    label = raw.variable_labels.get(col, "")
    prefix = scale_prefix(col)
    if label and " - " in label:  # Qualtrics: "Question - statement"
        question, _, statement = label.rpartition(" - ")
        return "prefix:" + prefix, clean_text(question), clean_text(statement)
    if prefix != col:
        return "prefix:" + prefix, prefix, clean_text(label)
    return None, "", clean_text(label)


def draft_instrument(raw: RawSurvey, *, form: XlsForm | None = None, labels: str | None = None) -> Draft:
    """Guess items, scales, code range, labels, groups and the id column of a raw survey.

    Parameters
    ----------
    raw : RawSurvey
        The export as read by :func:`mcstats.io.load_survey`.
    form : XlsForm, optional
        The KoboToolbox / ODK form (:func:`mcstats.layouts.read_xlsform`): question and
        choice labels, select-one questions as items.
    labels : str, optional
        A built-in label set to use instead of guessing one from the answers.

    Returns
    -------
    Draft
    """
    frame = raw.frame
    n = len(frame)
    if n == 0:
        raise DataError("the file has a header but no rows to learn from", path=raw.path, row=2)
    forced = label_set(labels) if labels else None
    layout = detect_layout(str(c) for c in frame.columns)
    columns = [str(c) for c in frame.columns]
    present = set(columns)
    decided: dict[str, Decision] = {}
    items: list[ItemGuess] = []
    id_column: str | None = None
    cat_levels: dict[str, list[str]] = {}

    def decide(col: str, kind: str, reason: str) -> None:
        decided[col] = Decision(col, kind, reason)

    for col in columns:
        values = _distinct(frame[col])
        parent = col.rpartition("/")[0]
        q = form.question(col) if form is not None else None
        if not values:
            decide(col, "left out", "empty")
        elif is_kobo_meta(col) and not looks_like_id_name(col):
            decide(col, "left out", "form metadata (KoboToolbox/ODK)")
        elif layout == "microsoft-forms" and is_ms_forms_meta(col):
            decide(col, "left out", "form metadata (Microsoft Forms)")
        elif layout == "odk-central" and col.strip().casefold() in ODK_CENTRAL_META:
            decide(col, "left out", "form metadata (ODK Central)")
        elif layout == "odk-central" and col.strip() == "KEY" and id_column is None:
            id_column = col
            decide(col, "id", "the submission's key (ODK Central)")
        elif parent and parent in present and set(values) <= {"0", "1"}:
            decide(
                col,
                "left out",
                f"one 0/1 option column of the select-many question {clean_text(parent, 50)!r}",
            )
        elif looks_like_id_name(col):
            if id_column is None:
                id_column = col
                decide(col, "id", "named like a respondent identifier")
            else:
                decide(
                    col, "left out", f"another identifier ({clean_text(id_column, 40)!r} is the id column)"
                )
        elif looks_like_time(col, values):
            decide(col, "left out", "time stamp")
        elif q is not None and q.type == "select_multiple":
            decide(col, "left out", "select-many question (several answers in one cell)")
        elif (guess := _guess_item(col, values, raw.value_labels.get(col, {}), form)) is not None:
            items.append(guess)
        elif (parts := checkbox_parts(values)) is not None or (
            any(f"{col}/" in c for c in columns if c.startswith(f"{col}/"))
        ):
            shown = ", ".join(sorted(parts)[:4]) if parts else "options in separate columns"
            decide(
                col, "left out", f"checkbox question: several answers in one cell ({clean_text(shown, 60)})"
            )
        elif all(_NUMERIC.match(v) for v in values) and len(values) > 12:
            decide(col, "left out", f"numbers with {len(values)} distinct values (a measure such as age)")
        elif is_free_text(values, n):
            decide(col, "left out", f"free text ({len(values)} distinct answers)")
        elif len(values) == n and n >= 5 and max(len(v) for v in values) <= 40 and id_column is None:
            id_column = col
            decide(col, "id", "one distinct value per row")
        elif len(values) == 1:
            m = _GRID.match(col)
            if m and normalise_label(m["row"]) == normalise_label(values[0]):
                decide(col, "left out", "one option column of a checkbox question (ticked or empty)")
            else:
                decide(col, "left out", f"the same value in every row ({clean_text(values[0], 30)!r})")
        elif 2 <= len(values) <= 12 and len(values) < max(3, n // 2):
            cat_levels[col] = sort_levels(values)
        else:
            decide(col, "left out", f"{len(values)} distinct values (identifier, time stamp or free text?)")

    draft = Draft([], {}, 0, {}, {}, {}, {}, layout=layout, id_column=id_column)
    kept = _resolve_codes(draft, items, forced, form, raw, decide)
    for it in items:
        if it not in kept and decided.get(it.column, Decision("", "", "")).kind == "categorical":
            cat_levels[it.column] = _distinct(frame[it.column])
    _assign_scales(draft, kept, raw, form, decide, cat_levels, frame)
    if form is not None:
        for col in cat_levels:
            q = form.question(col)
            if q is not None and q.type == "select_one" and q.list_name in form.choices:
                choices = form.choices[q.list_name]
                cat_levels[col] = [name for name, _ in choices]
                draft.level_labels[col] = {name: clean_text(lab) for name, lab in choices}
    for col, levels in cat_levels.items():
        if len(levels) == 2:
            draft.groups[col] = levels
            decide(col, "group", "two values: compared by t-tests")
        else:
            draft.categorical[col] = levels
            if col not in decided:
                decide(col, "categorical", f"{len(levels)} values: frequency table")
    if not draft.items and layout == "kobo" and form is None:
        raise DataError(
            "no column looks like a Likert item; a KoboToolbox export with 'XML values and headers' "
            "holds choice names (such as strongly_agree): give the form (the form argument, the XLSForm "
            ".xlsx) so that its choice lists can be read, or export with 'Labels'",
            path=raw.path,
        )
    if not draft.items and layout == "odk-central" and form is None:
        raise DataError(
            "no column looks like a Likert item; an ODK Central export holds choice names (such as "
            "strongly_agree): give the form (the form argument, the XLSForm .xlsx) so that its "
            "choice lists can be read",
            path=raw.path,
        )
    if not draft.items:
        raise DataError(
            "no column looks like a Likert item (whole numbers in a small range such as 1-5 or 0-3, "
            "or labels of a known set such as 'Strongly agree'); write the instrument by hand "
            "(see docs/instrument-format.md)",
            path=raw.path,
        )
    if layout == "microsoft-forms":
        _ms_forms_repeated_emails(draft, frame)
    draft.sheets = [info.describe() for info in raw.other_sheets]
    if raw.repeat_group:
        draft.notes.append(repeat_group_note(raw.sheet, raw.frame))
    _reverse_candidates(draft, frame)
    draft.decisions = [decided[c] for c in columns if c in decided]
    draft.ignored = {d.column: d.reason for d in draft.decisions if d.kind == "left out"}
    return draft


def _ms_forms_repeated_emails(draft: Draft, frame: pd.DataFrame) -> None:
    """Microsoft Forms numbers responses (``ID``), not people: when the form recorded
    email addresses and one of them answered twice, say so (``id_column: Email`` makes
    ``analyze`` list the rows)."""
    email = next((str(c) for c in frame.columns if str(c).strip().casefold() == "email"), None)
    if email is None:
        return
    cells = (str(v).strip() for v in frame[email].dropna())
    counts = Counter(v for v in cells if v and v.casefold() != "anonymous")
    repeated = [v for v, k in counts.items() if k > 1]
    if repeated:
        draft.notes.append(
            f"{len(repeated)} address(es) in {email!r} answered more than once; {draft.id_column or 'ID'} "
            f"numbers responses, not people: set id_column: {email} to have analyze list those rows"
        )


def _resolve_codes(
    draft: Draft,
    items: list[ItemGuess],
    forced: LabelSet | None,
    form: XlsForm | None,
    raw: RawSurvey,
    decide: object,
) -> list[ItemGuess]:
    """Choose one code range and label set for the items; leave out those that do not fit."""
    say = decide  # (col, kind, reason)
    assert callable(say)
    if not items:
        return []
    if form is not None and any(i.form_list for i in items):
        lists = Counter(i.form_list for i in items if i.form_list)
        main = lists.most_common(1)[0][0]
        assert form is not None and main is not None
        choices = form.choices[main]
        names = [c for c, _ in choices]
        if all(_WHOLE.match(c) for c in names):
            codes = [int(float(c)) for c in names]
            draft.responses = {c: clean_text(lab) for c, (_, lab) in zip(codes, choices, strict=True)}
        else:
            codes = list(range(1, len(choices) + 1))
            draft.responses = {c: clean_text(lab) for c, (_, lab) in zip(codes, choices, strict=True)}
            draft.aliases = {
                name: c
                for c, name, (_, lab) in zip(codes, names, choices, strict=True)
                if normalise_label(name) != normalise_label(lab)
            }
        draft.min_code, draft.points = min(codes), max(codes) - min(codes) + 1
        on_main: list[ItemGuess] = []
        for it in items:
            if it.form_list == main:
                on_main.append(it)
            else:
                say(
                    it.column, "categorical", f"a select-one question on another choice list ({it.form_list})"
                )
        draft.notes.append(f"codes and labels from the form's choice list {main!r}")
        return on_main
    texts = [i for i in items if i.vocabulary == "text"]
    numeric = [i for i in items if i.vocabulary is None]
    chosen: LabelSet | None = forced
    if chosen is None and texts:
        union = set().union(*(i.labels for i in texts))
        matches = sets_matching(union)
        if matches:
            chosen = matches[0]
            seen = {chosen_code(chosen, t) for t in union}
            if len(seen) < chosen.points and len(matches) > 1 and matches[1].points != chosen.points:
                draft.notes.append(
                    f"the answers fit the label sets {', '.join(m.name for m in matches)}; the draft uses "
                    f"{chosen.name} because no other answer appears (if the form offered more, e.g. a middle "
                    f"answer, use labels: {matches[1].name})"
                )
        else:
            by_set = Counter(sets_matching(i.labels)[0].name for i in texts)
            chosen = LABEL_SETS[by_set.most_common(1)[0][0]]
            draft.notes.append(
                f"items use different label sets ({', '.join(by_set)}); the draft keeps {chosen.name}, "
                "the most common; analyse the others with a second instrument"
            )
    kept: list[ItemGuess] = []
    if chosen is not None:
        lowest = 1
        if numeric and any(0 in i.codes for i in numeric) and not texts:
            lowest = 0
        known = {normalise_label(x) for x in chosen.labels} | {normalise_label(a) for a, _ in chosen.aliases}
        for it in items:
            outside = sorted(c for c in it.codes if not lowest <= c < lowest + chosen.points)
            ok_labels = {normalise_label(x) for x in it.labels} <= known
            if ok_labels and (it.labels or len(outside) < len(it.codes)):
                kept.append(it)
                if outside:
                    draft.notes.append(
                        f"{clean_text(it.column, 60)} holds code(s) {', '.join(map(str, outside))} outside "
                        f"{lowest}-{lowest + chosen.points - 1} (a typing slip?); analyze lists such cells"
                    )
            else:
                say(
                    it.column,
                    "left out",
                    f"answers outside the label set {chosen.name} used by the other items",
                )
        draft.labels_name, draft.min_code, draft.points = chosen.name, lowest, chosen.points
        draft.responses = dict(chosen.responses(lowest))
        _spellings_of_the_form(draft, chosen, kept, raw.frame)
        return kept
    seen_codes: set[int] = set().union(*(i.codes for i in numeric))
    lowest = min(0 if 0 in seen_codes else 1, min(seen_codes))
    highest = max(seen_codes)
    draft.min_code, draft.points = lowest, highest - lowest + 1
    if len({max(i.codes) for i in numeric}) > 1:
        draft.notes.append(
            "items reach different top codes ("
            + ", ".join(map(str, sorted({max(i.codes) for i in numeric})))
            + "); "
            f"the draft uses codes {lowest}-{highest} for all; check items whose answers never "
            "reached the top"
        )
    first = raw.value_labels.get(numeric[0].column, {})
    for k, v in first.items():
        if _WHOLE.match(k) and lowest <= int(float(k)) <= highest:
            draft.responses[int(float(k))] = clean_text(v)
    return numeric


def _spellings_of_the_form(
    draft: Draft, chosen: LabelSet, items: list[ItemGuess], frame: pd.DataFrame
) -> None:
    """Label each code with the wording the respondents saw when it is another wording than
    the set's ("Neutral" for "Undecided"): the most common one in the data, unless it is an
    abbreviation (3 letters or fewer); the set's own wording stays readable as an alias.
    A wording that differs only in case or spacing keeps the set's spelling."""
    counts: Counter[str] = Counter()
    for it in items:
        for v in frame[it.column].dropna():
            t = clean_text(str(v))
            if len(t) > 3 and not _WHOLE.match(t):
                counts[t] += 1
    taken: set[int] = set()
    for text, _n in counts.most_common():
        pos = chosen_code(chosen, text)
        code = draft.min_code + pos - 1
        if not pos or code in taken:
            continue
        taken.add(code)
        own = draft.responses[code]
        if normalise_label(own) == normalise_label(text):
            continue
        draft.aliases.setdefault(own, code)
        draft.responses[code] = text.capitalize() if text.isupper() or text.islower() else text


def chosen_code(s: LabelSet, text: str) -> int:
    """The position of a label or alias in a set (0 when it is not one)."""
    norm = normalise_label(text)
    for i, lab in enumerate(s.labels, start=1):
        if normalise_label(lab) == norm:
            return i
    return next((c for a, c in s.aliases if normalise_label(a) == norm), 0)


def _assign_scales(
    draft: Draft,
    items: list[ItemGuess],
    raw: RawSurvey,
    form: XlsForm | None,
    decide: object,
    cat_levels: dict[str, list[str]],
    frame: pd.DataFrame,
) -> None:
    """Scales by grid question, group, prefix or run of neighbouring columns; a scale of
    one column becomes a categorical column."""
    say = decide
    assert callable(say)
    keyed: dict[str, list[ItemGuess]] = {}
    titles: dict[str, str] = {}
    run = 0
    previous_unkeyed = False
    position = {str(c): j for j, c in enumerate(raw.frame.columns)}
    last_pos = -2
    for it in items:
        key, title, text = _scale_key(it.column, raw, form, draft.layout)
        if text and not it.text:
            it.text = text
        if key is None:
            # A run is unbroken: the next column of the file, with no other column between.
            if not previous_unkeyed or position[it.column] != last_pos + 1:
                run += 1
            key, title = f"run:{run}", ""
            previous_unkeyed = True
        else:
            previous_unkeyed = False
        last_pos = position[it.column]
        keyed.setdefault(key, []).append(it)
        titles.setdefault(key, title)
    runs = 0
    for key, members in keyed.items():
        kind, _, name = key.partition(":")
        if len(members) == 1:
            it = members[0]
            values = _distinct(frame[it.column])
            reason = (
                "a single column of codes or labels that shares no scale (name prefix, grid question or "
                "group) with other columns: a demographic or a lone question, not a one-item scale"
            )
            if len(values) <= 12:
                cat_levels[it.column] = sort_levels(values)
                say(it.column, "categorical", reason)
            else:
                say(it.column, "left out", reason)
            continue
        split: BlockSplit | None = None
        if kind == "run" and draft.layout == "microsoft-forms":
            split = _likely_break(draft, frame, [m.column for m in members])
        parts = [members]
        if split is not None and split.applied:
            parts = [members[: split.k], members[split.k :]]
        how = {
            "grid": "grid question",
            "group": "form group",
            "prefix": "name prefix",
            "run": "neighbouring columns",
        }
        sids: list[str] = []
        for part in parts:
            if kind == "run":
                runs += 1
                sid = f"scale{runs}"
                first, last = clean_text(part[0].column, 30), clean_text(part[-1].column, 30)
                title = f"Scale {runs} (columns {first} .. {last})"
            elif kind == "prefix":
                sid, title = name, titles[key] or name
            else:
                sid, title = _slug(titles[key] or name, draft.scales), titles[key] or name
            sids.append(sid)
            draft.scales[sid] = [m.column for m in part]
            draft.titles[sid] = title
            draft.items.extend(part)
            for m in part:
                why = f"scale {sid!r}, by {how[kind]}"
                if len(parts) > 1:
                    why += ", split inferred from the answers"
                say(m.column, "item", why)
        if kind == "run" and draft.layout == "microsoft-forms":
            cols = [m.column for m in members]
            first, last = clean_text(cols[0], 30), clean_text(cols[-1], 30)
            head = (
                "Microsoft Forms exports a Likert question's statements without the question's "
                "text, so nothing in the file shows where one Likert question ends and the next "
                f"begins: the {len(members)} neighbouring columns answered on the same labels "
                f"({first} .. {last})"
            )
            if split is not None and split.applied:
                after = clean_text(cols[split.k - 1], 60)
                numbers = split.describe()
                draft.notes.append(
                    f"{head} were split into two scales, {sids[0]!r} and {sids[1]!r}, after {after!r}, "
                    f"because the answers show two questions ({numbers}); the split is inferred "
                    f"from the answers, not read from the form: confirm it from the form and give "
                    f"each scale its question as title, or undo it by moving the items of "
                    f"{sids[1]!r} to the end of {sids[0]!r} and deleting {sids[1]!r}"
                )
                comment = (
                    f"split inferred from the answers after {after!r} ({numbers}); "
                    "to undo it: see the Note above"
                )
                for sid in sids:
                    draft.scale_comments[sid] = comment
            else:
                hint = ""
                if split is not None:
                    hint = (
                        f"; the answers suggest a break after {clean_text(cols[split.k - 1], 60)!r} "
                        f"({split.describe()}), too weak to split the scale by itself "
                        f"({split.reason}): a suggestion to confirm from the form"
                    )
                draft.notes.append(
                    f"{head} are one scale, {sids[0]!r}; if they come from more than one "
                    f"question, split the scale where the next question starts and give each a title{hint}"
                )


#: Margin by which the mean |r| within each part of a split must exceed the mean |r|
#: between the parts (and the between mean may be at most half of each within mean).
SPLIT_MARGIN = 0.20
#: Fewest items in each part of a split, and fewest complete answers, for init to split.
SPLIT_MIN_ITEMS = 3
SPLIT_MIN_ROWS = 30


@dataclass(frozen=True)
class BlockSplit:
    """The best cut of a run of statements into two neighbouring parts, with its evidence.

    ``k`` items go to the first part; ``within`` is the mean absolute inter-item r in
    each part, ``between`` the mean absolute r between the parts; ``alphas`` Cronbach's
    alpha of each part and ``alpha_whole`` that of the whole run (each with its items
    keyed as init's reverse-key search keys them); ``n`` the complete cases.
    ``applied``: the evidence meets :func:`split_weakness`; ``reason``: why not.
    """

    k: int
    within: tuple[float, float]
    between: float
    alphas: tuple[float, float]
    alpha_whole: float
    n: int
    applied: bool
    reason: str

    def describe(self) -> str:
        w1, w2 = self.within
        a1, a2 = self.alphas
        return (
            f"mean |r| {w1:.2f} and {w2:.2f} within the parts, {self.between:.2f} between them; "
            f"alpha {a1:.2f} and {a2:.2f} against {self.alpha_whole:.2f} as one scale; n = {self.n}"
        )


def split_means(r: np.ndarray, k: int) -> tuple[float, float, float]:
    """Mean off-diagonal ``r`` within items ``[:k]``, within ``[k:]``, and between them.

    Examples
    --------
    >>> r = np.array([[1, .6, .1, .2], [.6, 1, .0, .1], [.1, .0, 1, .4], [.2, .1, .4, 1]])
    >>> [round(v, 3) for v in split_means(r, 2)]
    [0.6, 0.4, 0.1]
    """
    n = r.shape[0]
    a, b = r[:k, :k], r[k:, k:]
    w1 = float(a[~np.eye(k, dtype=bool)].mean())
    w2 = float(b[~np.eye(n - k, dtype=bool)].mean())
    return w1, w2, float(r[:k, k:].mean())


def split_weakness(
    within: tuple[float, float], between: float, alphas: tuple[float, float], alpha_whole: float, n: int
) -> str:
    """Why a cut is too weak for init to apply it ('' when it is strong enough).

    Notes
    -----
    A cut is applied when all hold: at least :data:`SPLIT_MIN_ROWS` complete answers;
    in each part, mean |r| within >= mean |r| between + :data:`SPLIT_MARGIN` and
    between <= within / 2; and each part's alpha >= the whole run's alpha (a part of
    a one-construct block has fewer items, so its alpha is lower unless its items
    hang together clearly better than the block's).
    """
    if n < SPLIT_MIN_ROWS:
        return f"fewer than {SPLIT_MIN_ROWS} complete answers"
    for w in within:
        if w - between < SPLIT_MARGIN or between > w / 2:
            return f"the mean |r| within a part is not {SPLIT_MARGIN:.2f} above and twice the mean between"
    if min(alphas) < alpha_whole:
        return "a part's alpha is below the whole run's"
    return ""


def _likely_break(draft: Draft, frame: pd.DataFrame, cols: list[str]) -> BlockSplit | None:
    """Where a run of statements most likely splits into two questions, from the answers.

    Notes
    -----
    With ``R`` the absolute correlations of the items (complete cases; absolute, so that
    an item worded against its question counts with it), each cut ``k`` (at least
    :data:`SPLIT_MIN_ITEMS` items on each side) has a mean of ``R`` within its two parts
    (pooled) and one between them. The cut with the largest difference is returned when
    that difference is at least :data:`SPLIT_MARGIN` and ``between`` at most half of the
    pooled within (a suggestion); otherwise None: the answers do not show two questions.
    Whether init applies the cut is :func:`split_weakness`.
    """
    if len(cols) < 2 * SPLIT_MIN_ITEMS:
        return None
    x = np.column_stack([_codes_of(draft, frame[c]) for c in cols])
    x = x[~np.isnan(x).any(axis=1)]
    if x.shape[0] < 10 or (x.std(axis=0) == 0).any():
        return None
    r = np.abs(np.corrcoef(x, rowvar=False))
    n = len(cols)
    off = ~np.eye(n, dtype=bool)
    best: tuple[int, float, float] | None = None
    for k in range(SPLIT_MIN_ITEMS, n - SPLIT_MIN_ITEMS + 1):
        part = np.arange(n) < k
        same = (part[:, None] == part[None, :]) & off
        within, between = float(r[same].mean()), float(r[~same & off].mean())
        if best is None or within - between > best[1] - best[2]:
            best = (k, within, between)
    if best is None or best[1] - best[2] < SPLIT_MARGIN or best[2] > best[1] / 2:
        return None
    k = best[0]
    w1, w2, between = split_means(r, k)
    alphas = (_keyed_alpha(x[:, :k]), _keyed_alpha(x[:, k:]))
    whole = _keyed_alpha(x)
    reason = split_weakness((w1, w2), between, alphas, whole, x.shape[0])
    return BlockSplit(k, (w1, w2), between, alphas, whole, x.shape[0], not reason, reason)


def _keyed_alpha(x: np.ndarray) -> float:
    """Cronbach's alpha of the columns of ``x`` keyed by :func:`_keying_signs`."""
    y = x * _keying_signs(x)
    k = y.shape[1]
    total = y.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - y.var(axis=0, ddof=1).sum() / total)) if total > 0 else float("nan")


def _codes_of(draft: Draft, column: pd.Series) -> np.ndarray:
    """The codes of an item column as the drafted instrument would read them (NaN otherwise)."""
    table = {normalise_label(lab): c for c, lab in draft.responses.items()}
    table |= {normalise_label(a): c for a, c in draft.aliases.items()}
    if draft.labels_name:
        s = LABEL_SETS[draft.labels_name]
        table |= {normalise_label(a): c for a, c in s.alias_codes(draft.min_code)}
    elif draft.min_code == 1 and draft.points in DEFAULT_LABELS and not draft.responses:
        s = label_set({4: "extent-4", 5: "agreement-5"}[draft.points])
        table |= {normalise_label(lab): c for c, lab in s.responses(1)}

    def one(v: object) -> float:
        if v is None:
            return np.nan
        t = str(v).strip()
        if _WHOLE.match(t):
            c = int(float(t))
            return float(c) if draft.min_code <= c <= draft.max_code else np.nan
        return float(table.get(normalise_label(t), np.nan))

    return np.array([one(v) for v in column], dtype=float)


def _keyed_item_total_r(x: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """Corrected item-total r of each column of ``x * sign`` (NaN where a variance is 0)."""
    keyed = x * sign
    total = keyed.sum(axis=1)
    out = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        rest = total - keyed[:, j]
        if x[:, j].std() > 0 and rest.std() > 0:
            out[j] = np.corrcoef(keyed[:, j], rest)[0, 1]
    return out


def _keying_signs(x: np.ndarray) -> np.ndarray:
    """+1 or -1 per column of ``x``: the keying :func:`_reverse_candidates` describes."""
    sign = np.ones(x.shape[1])
    for _ in range(x.shape[1]):
        r = _keyed_item_total_r(x, sign)
        if not np.nanmin(r, initial=0.0) < 0:
            break
        sign[int(np.nanargmin(r))] *= -1
    if (sign < 0).sum() * 2 > x.shape[1]:  # keyed the other way round: flip all
        sign = -sign
    return sign


def _reverse_candidates(draft: Draft, frame: pd.DataFrame) -> None:
    """Items that run against their scale, found from corrected item-total correlations.

    Notes
    -----
    On complete cases, with codes as answered: while some item has a negative corrected
    item-total r (its correlation with the sum of the other items, each keyed as decided
    so far), the item with the most negative r is taken as reverse-keyed. Taking one at a
    time matters when a scale has several reverse-worded items (psych's ``bfi``: C4 and
    C5 pull C2 and C3 below zero until they are reversed). The r reported for a
    candidate is its correlation, as answered, with the rest of the scale keyed as
    suggested: what ``analyze`` shows if it is left unreversed.
    """
    for cols in draft.scales.values():
        if len(cols) < 3:
            continue
        x = np.column_stack([_codes_of(draft, frame[c]) for c in cols])
        x = x[~np.isnan(x).any(axis=1)]
        if x.shape[0] < 5:
            continue
        sign = _keying_signs(x)
        final = x * sign
        total = final.sum(axis=1)
        for j in np.flatnonzero(sign < 0):
            rest = total - final[:, j]
            draft.reverse_candidates[cols[j]] = float(np.corrcoef(x[:, j], rest)[0, 1])
    if draft.reverse_candidates:
        draft.notes.append(
            "reverse-key candidates (negative corrected item-total r) are marked on their items; "
            "set reverse: true only for items worded against their scale"
        )


def describe_decisions(draft: Draft) -> list[str]:
    """One line per column: what init decided and why, then the reverse-key suggestions."""
    lines = [d.line() for d in draft.decisions]
    lines += draft.sheets
    for col, r in draft.reverse_candidates.items():
        lines.append(
            f"{short_column(col)}: reverse-key candidate (corrected item-total r = {r:.2f}); "
            "a suggestion: confirm it from the item's wording"
        )
    return lines


#: Characters a YAML reader would not keep as they are inside a quoted scalar: line breaks
#: beyond LF and CR (NEL, LINE and PARAGRAPH SEPARATOR are folded into spaces) and the
#: characters YAML does not allow in a file at all (DEL, C1 controls, U+FFFE, U+FFFF).
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _yaml_text(value: str) -> str:
    r"""A YAML scalar that keeps any text as text (JSON strings are YAML), with the
    characters YAML would fold or refuse written as ``\uXXXX`` escapes, so that a draft
    always loads and names its columns exactly as the file does.

    >>> _yaml_text("Q3\u2028x")
    '"Q3\\u2028x"'
    """
    import json

    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_draft(draft: Draft, source: str) -> str:
    """The draft as commented YAML in the instrument format (always loadable)."""
    src = clean_text(source, 120)
    lines = [
        f"# Draft instrument made by `mcstats init` from {src}"
        + (f" (layout: {draft.layout})." if draft.layout != "plain" else "."),
        "# It is a guess: check the code range, labels, scales, reverse-keyed items and groups,",
        "# then run: mcstats analyze DATA --instrument THIS_FILE",
        "# Format: docs/instrument-format.md",
    ]
    lines += [f"# Note: {clean_text(n)}" for n in draft.notes]
    lines += [f"# Workbook: {clean_text(n)}" for n in draft.sheets]
    lines += [f"# Left out: {clean_text(c, 80)} ({clean_text(why)})" for c, why in draft.ignored.items()]
    lines.append(f"name: {_yaml_text('Draft from ' + src)}")
    lines.append(f"scale_points: {draft.points}")
    if draft.min_code != 1:
        lines.append(f"codes: {draft.min_code}-{draft.max_code}   # lowest to highest code seen")
    aliases = dict(draft.aliases)
    if draft.labels_name:
        # Written out (not `labels: SET`) so that the labels can be edited in place.
        lines.append(f"# The answers match the built-in label set {draft.labels_name}, written out here.")
        for alias, code in LABEL_SETS[draft.labels_name].alias_codes(draft.min_code):
            aliases.setdefault(alias, code)
    if draft.responses and set(draft.responses) == set(range(draft.min_code, draft.max_code + 1)):
        lines.append("responses:")
        for code in sorted(draft.responses, reverse=True):
            lines.append(f"  {code}: {_yaml_text(draft.responses[code])}")
    else:
        lines.append("# responses: no labels found; list code: label pairs here (or labels: SET)")
    if aliases:
        lines.append("aliases:")
        lines += [f"  {_yaml_text(alias)}: {code}" for alias, code in aliases.items()]
    if draft.id_column:
        lines.append(f"id_column: {_yaml_text(draft.id_column)}")
    texts = {i.column: i.text for i in draft.items}
    lines.append("scales:")
    for sid, cols in draft.scales.items():
        if sid in draft.scale_comments:
            lines.append(f"  # {clean_text(draft.scale_comments[sid])}")
        lines.append(f"  {_yaml_text(sid)}:")
        lines.append(f"    title: {_yaml_text(draft.titles.get(sid, sid))}")
        lines.append("    items:")
        for c in cols:
            text = f", text: {_yaml_text(texts[c])}" if texts.get(c) else ""
            note = ""
            if c in draft.reverse_candidates:
                note = (
                    f"   # suggestion: corrected item-total r = {draft.reverse_candidates[c]:.2f}; "
                    "set reverse: true if the item is worded against the scale"
                )
            lines.append(f"      - {{column: {_yaml_text(c)}{text}, reverse: false}}{note}")
    for key, table in (("groups", draft.groups), ("categorical", draft.categorical)):
        if not table:
            continue
        lines.append(f"{key}:")
        for col, levels in table.items():
            names = draft.level_labels.get(col, {})
            lines.append(f"  - column: {_yaml_text(col)}")
            lines.append(
                "    levels: {"
                + ", ".join(f"{_yaml_text(v)}: {_yaml_text(names.get(v, v))}" for v in levels)
                + "}"
            )
    lines.append("cutoffs: {scheme: real-limits, compare: rounded, decimals: 2}")
    return "\n".join(lines) + "\n"
