"""Survey-platform exports drafted by init and analysed without editing.

For every bundled export (data/examples/, made by make_exports.py), the drafted
instrument gives the same results.json as the hand-written instrument in
tests/fixtures/exports/ (apart from the instrument's name and path and the time).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from mcstats.analysis import analyze
from mcstats.draft import describe_decisions, draft_instrument, render_draft
from mcstats.errors import DataError
from mcstats.instrument import load_instrument
from mcstats.io import RawSurvey, load_survey
from mcstats.layouts import detect_layout, read_xlsform
from mcstats.results import results_dict
from mcstats.validate import code_responses

EXAMPLES = Path("data/examples")
FIXTURES = Path("tests/fixtures/exports")
EXPORTS = {
    "google_forms_export.csv": ("google-forms", None),
    "microsoft_forms_export.xlsx": ("microsoft-forms", None),
    "surveymonkey_export.csv": ("surveymonkey", None),
    "qualtrics_export.csv": ("qualtrics", None),
    "kobo_export.csv": ("kobo", "kobo_form.xlsx"),
    "kobo_repeat_export.xlsx": ("kobo", None),
    "odk_central_export.csv": ("odk-central", "kobo_form.xlsx"),
}


def _results(data: Path, instrument: Path) -> dict[str, Any]:
    doc = results_dict(analyze(code_responses(load_survey(data), load_instrument(instrument))), created="x")
    doc["instrument"].pop("path")
    doc["instrument"].pop("name")
    return doc


def _draft(name: str, tmp_path: Path) -> tuple[Any, Path]:
    form = EXPORTS[name][1]
    draft = draft_instrument(
        load_survey(EXAMPLES / name), form=read_xlsform(EXAMPLES / form) if form else None
    )
    out = tmp_path / "draft.yaml"
    out.write_text(render_draft(draft, name), encoding="utf-8")
    return draft, out


def _named_as_the_form(doc: dict[str, Any], draft: Any) -> dict[str, Any]:
    """The Microsoft Forms draft's results with its scales named and titled as the form
    has them: the export has no question texts, so the split scales are ``scale1`` and
    ``scale2`` with column-range titles; everything else must already agree."""
    names = {"scale1": "using_ict_teaching", "scale2": "support_ict_school"}
    titles = {
        "scale1": "To what extent do you agree with these statements about using ICT in your teaching?",
        "scale2": "How far do you agree with these statements about support for ICT at your school?",
    }
    text = json.dumps(doc)
    for sid, name in names.items():
        text = text.replace(json.dumps(draft.titles[sid]), json.dumps(titles[sid]))
        text = text.replace(f'"{sid}"', f'"{name}"').replace(f"'{sid}'", f"'{name}'")
    out: dict[str, Any] = json.loads(text)
    return out


@pytest.mark.parametrize("name", list(EXPORTS))
def test_draft_gives_the_hand_written_results(name: str, tmp_path: Path) -> None:
    draft, drafted = _draft(name, tmp_path)
    assert draft.layout == EXPORTS[name][0]
    hand = FIXTURES / f"{name.rsplit('.', 1)[0]}.yaml"
    used = drafted
    if name.startswith("microsoft"):
        # Microsoft Forms leaves out the Likert questions' texts: the two questions are one
        # run of statements, which init splits where the answers show the break (the
        # draft untouched), and says so with the numbers.
        assert draft.scales["scale1"][-1] == "I assess students with online quizzes"
        assert list(draft.scales) == ["scale1", "scale2"] and len(draft.scales["scale2"]) == 5
        note = next(n for n in draft.notes if n.startswith("Microsoft Forms exports a Likert question's"))
        assert "split into two scales, 'scale1' and 'scale2', after 'I assess students" in note
        assert "inferred from the answers" in note and "undo it by moving the items of 'scale2'" in note
        assert "  # split inferred from the answers after 'I assess" in drafted.read_text()
    ours, theirs = _results(EXAMPLES / name, used), _results(EXAMPLES / name, hand)
    if name.startswith("microsoft"):
        ours = _named_as_the_form(ours, draft)
    assert ours == theirs
    # The same survey in every layout: 40 respondents (Google Forms: and a double submission).
    assert ours["input"]["n_analysed"] == (41 if name.startswith("google") else 40)
    # The negatively worded item is suggested, with its r, not reverse-keyed silently.
    (candidate, r), *_ = draft.reverse_candidates.items()
    assert candidate == draft.scales[list(draft.scales)[-1]][-1]
    assert r < -0.5
    assert f"suggestion: corrected item-total r = {r:.2f}" in drafted.read_text()
    assert any("no item of this scale is reverse-keyed" in w for w in ours["warnings"])


def test_google_forms_decisions(tmp_path: Path) -> None:
    draft, _ = _draft("google_forms_export.csv", tmp_path)
    lines = describe_decisions(draft)
    assert lines[0] == "Timestamp: left out (time stamp)"
    assert lines[1] == "Email address: id (named like a respondent identifier)"
    assert lines[2] == (
        "To what extent do you agree... [I use a projector when teaching]: item (scale "
        "'using_ict_teaching', by grid question)"
    )
    assert (
        "Which devices do you use for teaching?: left out (checkbox question: several answers in one cell"
        in ("\n".join(lines))
    )
    assert "Any other comments?: left out (free text" in "\n".join(lines)
    assert draft.titles["using_ict_teaching"].startswith("To what extent do you agree")
    assert draft.items[0].text == "I use a projector when teaching"
    # The double submission is reported by its rows; the email address is personal data and
    # is not shown (docs/manual/validation.md).
    res = analyze(
        code_responses(
            load_survey(EXAMPLES / "google_forms_export.csv"),
            load_instrument(_draft("google_forms_export.csv", tmp_path)[1]),
        )
    )
    dup = [w for w in res.warnings if "duplicated id" in w]
    assert len(dup) == 1 and "rows 13, 14" in dup[0] and "teacher12@school.example" not in dup[0]


def test_surveymonkey_two_header_rows() -> None:
    raw = load_survey(EXAMPLES / "surveymonkey_export.csv")
    assert raw.extra_header_rows == 1 and raw.rows[0] == 3
    assert (
        "Gender" in raw.frame.columns
        and "Which devices do you use for teaching? [Laptop]" in raw.frame.columns
    )


def test_kobo_without_the_form_asks_for_it() -> None:
    with pytest.raises(DataError, match=r"give the form \(the form argument, the XLSForm .xlsx\)"):
        draft_instrument(load_survey(EXAMPLES / "kobo_export.csv"))


def test_kobo_form_labels(tmp_path: Path) -> None:
    draft, _ = _draft("kobo_export.csv", tmp_path)
    assert draft.titles == {
        "using_ict_teaching": "Using ICT in teaching",
        "support_ict_school": "Support for ICT at school",
    }
    assert draft.level_labels["about_you/gender"] == {"female": "Female", "male": "Male"}
    reasons = {d.column: d.reason for d in draft.decisions}
    assert reasons["about_you/devices/laptop"].startswith("one 0/1 option column of the select-many question")
    assert reasons["_uuid"].startswith("another identifier")
    assert reasons["start"] == "form metadata (KoboToolbox/ODK)"


def _raw(frame: pd.DataFrame) -> RawSurvey:
    frame = frame.astype(object).where(frame.notna(), None)
    return RawSurvey("x.csv", "0", frame, np.arange(2, len(frame) + 2), "csv")


def test_demographic_codes_are_not_a_scale() -> None:
    rng = np.random.default_rng(3)
    n = 60
    trait = rng.normal(size=n)
    data = {
        f"Q{i}": np.clip(np.round(2.5 + trait + rng.normal(size=n)), 1, 4).astype(int).astype(str)
        for i in range(1, 6)
    }
    data["education"] = rng.integers(1, 6, n).astype(str)
    draft = draft_instrument(_raw(pd.DataFrame(data)))
    assert draft.scales == {"Q": [f"Q{i}" for i in range(1, 6)]}
    assert list(draft.categorical) == ["education"]
    reason = next(d.reason for d in draft.decisions if d.column == "education")
    assert reason.startswith("a single column of codes or labels that shares no scale")


def test_zero_based_codes_are_drafted_as_such(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    data = {f"M{i}": rng.integers(0, 4, 30).astype(str) for i in range(1, 5)}
    draft = draft_instrument(_raw(pd.DataFrame(data)))
    assert (draft.min_code, draft.max_code) == (0, 3)
    p = tmp_path / "d.yaml"
    p.write_text(render_draft(draft, "d.csv"))
    inst = load_instrument(p)
    assert (inst.min_code, inst.max_code) == (0, 3)


def test_draft_yaml_always_loads(tmp_path: Path) -> None:
    odd = ['a "quoted" [x]: #1', "b\nnew line", "c\\d", "é ü 中文", "- dash", "{brace}", "x: y #z"]
    rng = np.random.default_rng(5)
    data = {
        f"{c} [{i}]" if i else c: rng.integers(1, 6, 20).astype(str) for c in odd[:1] for i in range(1, 4)
    }
    for c in odd[1:]:
        data[c + "1"] = rng.integers(1, 6, 20).astype(str)
        data[c + "2"] = rng.integers(1, 6, 20).astype(str)
    data["group\n#x"] = rng.choice(["a: b", "'c'"], 20)
    draft = draft_instrument(_raw(pd.DataFrame(data)))
    text = render_draft(draft, "odd\nname.csv")
    yaml.safe_load(text)
    p = tmp_path / "odd.yaml"
    p.write_text(text, encoding="utf-8")
    inst = load_instrument(p)
    assert set(inst.item_columns) == {c for c in data if c != "group\n#x"}


def test_duplicate_rows_warning(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text(
        "Timestamp,Q1,Q2,Q3\n"
        "2026/03/02 9:00,1,2,3\n2026/03/02 9:01,4,4,4\n2026/03/02 9:02,1,2,3\n2026/03/02 9:03,2,2,2\n"
        "2026/03/02 9:04,1,2,3\n"
    )
    inst = load_instrument(_write(tmp_path, "scale_points: 4\nscales: {s: [Q1, Q2, Q3]}\n"))
    res = analyze(code_responses(load_survey(p), inst))
    assert res.warnings[0].startswith(
        "2 row(s) repeat an earlier row in every column (apart from Timestamp): row 4 = row 2; "
        "row 6 = row 2; a form submitted twice?"
    )
    assert res.survey.n_analysed == 5  # reported, not removed


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "i.yaml"
    p.write_text(text)
    return p


def test_detect_layout() -> None:
    assert detect_layout(["Respondent ID", "Collector ID", "Start Date"]) == "surveymonkey"
    assert detect_layout(["StartDate", "ResponseId", "Q1_1"]) == "qualtrics"
    assert detect_layout(["ID", "Start time", "Completion time", "Email"]) == "microsoft-forms"
    assert detect_layout(["respondent", "Q1"]) == "plain"


def test_bfi_reverse_keys_and_education(tmp_path: Path) -> None:
    """psych::bfi (2800 people, 6-point, 25 items): init proposes exactly the items that
    psych's own scoring keys (bfi.keys) reverse, and education (1-5) is categorical."""
    import shutil
    import subprocess

    if shutil.which("Rscript") is None:
        pytest.skip("Rscript is not installed")
    csv_path, keys_path = tmp_path / "bfi.csv", tmp_path / "keys.txt"
    script = (
        "suppressPackageStartupMessages(library(psych)); data(bfi);"
        f"write.csv(bfi, '{csv_path}', row.names = FALSE, na = '');"
        f"k <- unlist(bfi.keys); writeLines(sub('^-', '', k[startsWith(k, '-')]), '{keys_path}')"
    )
    proc = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        pytest.skip(f"R's psych is not available: {proc.stderr[-200:]}")
    draft = draft_instrument(load_survey(csv_path))
    reversed_by_psych = set(keys_path.read_text().split())
    assert set(draft.reverse_candidates) == reversed_by_psych
    assert all(r < -0.3 for r in draft.reverse_candidates.values())
    assert "education" in draft.categorical and "education" not in draft.scales
    assert (draft.min_code, draft.max_code) == (1, 6)
    assert list(draft.scales) == ["A", "C", "E", "N", "O"]


@pytest.mark.parametrize("engine", ["memory", "stream"])
def test_duplicate_rows_warned_by_every_engine(tmp_path: Path, engine: str) -> None:
    from mcstats.engines import ReadOptions
    from mcstats.pipeline import compute

    p = tmp_path / "d.csv"
    p.write_text(
        "Timestamp,Q1,Q2,Q3\n"
        "2026/03/02 9:00,1,2,3\n2026/03/02 9:01,4,4,4\n2026/03/02 9:02,1,2,3\n2026/03/02 9:03,2,2,2\n"
    )
    inst = load_instrument(_write(tmp_path, "scale_points: 4\nscales: {s: [Q1, Q2, Q3]}\n"))
    res = compute(p, inst, read=ReadOptions(engine=engine))
    assert res.warnings[0].startswith(
        "1 row(s) repeat an earlier row in every column (apart from Timestamp): row 4 = row 2;"
    )


def test_microsoft_forms_conventions(tmp_path: Path) -> None:
    """The Microsoft Forms layout as documented in mcstats.layouts: quiz columns and the
    respondent's times, email and name are metadata; a statement heading that repeats an
    earlier one is numbered (``Useful2``) and keeps the heading as wording; a column of
    another kind between two Likert questions separates their runs; an address that
    answered twice is pointed out (``ID`` numbers responses, not people)."""
    labels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    rng = np.random.default_rng(3)
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Total points", "Quiz feedback"]
    header += ["Useful", "Easy", "Fast", "Points - Useful", "Gender", "Useful2", "Easy2", "Fast2"]
    lines = [",".join(header)]
    for i in range(30):
        a = rng.integers(0, 5, size=6)
        email = "ada@example.org" if i in (3, 17) else f"p{i}@example.org"
        cells = [str(i + 1), f"3/2/26 9:{i:02d}:00", f"3/2/26 9:{i:02d}:40", email, f"P {i}"]
        points, score = str(int(rng.integers(0, 11))), str(int(rng.integers(0, 3)))
        cells += [points, "", *[labels[j] for j in a[:3]], score]
        cells += [["Female", "Male"][i % 2], *[labels[j] for j in a[3:]]]
        lines.append(",".join(cells))
    p = tmp_path / "ms.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    draft = draft_instrument(load_survey(p))
    assert draft.layout == "microsoft-forms"
    reasons = {d.column: (d.kind, d.reason) for d in draft.decisions}
    for meta in ("Start time", "Completion time", "Email", "Name", "Total points", "Points - Useful"):
        assert reasons[meta] == ("left out", "form metadata (Microsoft Forms)"), meta
    assert reasons["ID"][0] == "id"
    assert draft.scales == {"scale1": ["Useful", "Easy", "Fast"], "scale2": ["Useful2", "Easy2", "Fast2"]}
    assert {i.column: i.text for i in draft.items}["Easy2"] == "Easy"
    assert any(
        n.startswith("1 address(es) in 'Email' answered more than once; ID numbers responses, not people")
        for n in draft.notes
    )
    # Runs of three: too short to suggest a break.
    assert not any("suggest a break" in n for n in draft.notes)


def _sheet_rows(name: str, sheet: str) -> list[tuple]:
    """A sheet of a bundled workbook read with openpyxl alone (header first)."""
    import openpyxl

    wb = openpyxl.load_workbook(EXAMPLES / name, read_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_kobo_repeat_group_sheet_is_listed_not_ignored(tmp_path: Path) -> None:
    """A KoboToolbox XLS export with a repeat group: the first sheet (one row per
    submission) is analysed; the repeat group's sheet is named with the reason it is not,
    by init and in results.json."""
    entries = _sheet_rows("kobo_repeat_export.xlsx", "classes")[1:]
    raw = load_survey(EXAMPLES / "kobo_repeat_export.xlsx")
    assert raw.sheet == "ICT in teaching" and [s.name for s in raw.other_sheets] == ["classes"]
    draft, drafted = _draft("kobo_repeat_export.xlsx", tmp_path)
    expected = (
        f"sheet 'classes' not analysed: a KoboToolbox repeat group ({len(entries)} row(s), linked to the "
        "main sheet's _index by _parent_index), whose rows are entries within a submission, not "
        "respondents; sheet='classes' analyses it on its own"
    )
    assert draft.sheets == [expected]
    assert expected in describe_decisions(draft)
    assert f"# Workbook: {expected}" in drafted.read_text()
    assert f"the workbook's {expected}" in _results(EXAMPLES / "kobo_repeat_export.xlsx", drafted)["warnings"]
    reasons = {d.column: d.reason for d in draft.decisions}
    assert reasons["_index"] == "form metadata (KoboToolbox/ODK)"
    assert draft.items[0].text == "I use a projector when teaching"


def test_kobo_repeat_group_sheet_chosen_with_sheet(tmp_path: Path) -> None:
    rows = _sheet_rows("kobo_repeat_export.xlsx", "classes")
    header, entries = rows[0], rows[1:]
    submissions = {e[header.index("_parent_index")] for e in entries}
    raw = load_survey(EXAMPLES / "kobo_repeat_export.xlsx", sheet="classes")
    assert raw.repeat_group and raw.n_rows == len(entries) == 75 and len(submissions) == 40
    draft = draft_instrument(raw)
    assert draft.layout == "kobo"
    assert draft.scales == {"classes_teach": [c for c in header[2:5]]}
    reasons = {d.column: d.reason for d in draft.decisions}
    for meta in ("_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"):
        assert reasons[meta] == "form metadata (KoboToolbox/ODK)", meta
    assert draft.id_column is None
    note = (
        "sheet 'classes' is a KoboToolbox repeat group: its 75 rows are entries from 40 submission(s), "
        "each analysed as a case, so a submission with several entries counts several times"
    )
    assert note in draft.notes
    assert draft.sheets == [
        "sheet 'ICT in teaching' not analysed: the KoboToolbox main sheet (40 submission(s)); "
        "sheet='ICT in teaching' analyses it"
    ]
    out = tmp_path / "classes.yaml"
    out.write_text(render_draft(draft, "kobo_repeat_export.xlsx"), encoding="utf-8")
    res = analyze(code_responses(raw, load_instrument(out)))
    assert note in res.warnings and res.survey.n_analysed == 75


def test_kobo_help_page_sample_sheets() -> None:
    """The headers of KoboToolbox's own example dataset (help page "Merging individual
    data with roster data", repeat_group_(merge)_dataset.xlsx): the main sheet ends in
    _index; the roster sheet, trimmed of its other metadata, keeps _index and _parent_index."""
    from mcstats.layouts import describe_sheet, is_kobo_repeat_sheet

    main = ["Name of the household head", "Sex of the household head", "_index"]
    roster = ["Name of child", "Age of child", "Sex of child", "_index", "_parent_index"]
    assert not is_kobo_repeat_sheet(main) and is_kobo_repeat_sheet(roster)
    assert describe_sheet("CR", 12, roster).startswith("sheet 'CR' not analysed: a KoboToolbox repeat group")


def test_odk_central_layout(tmp_path: Path) -> None:
    """ODK Central's CSV (headers as getodk/central-backend's export tests write them):
    groups joined by '-', its own columns left out, KEY the id, labels from the form."""
    assert detect_layout(["SubmissionDate", "meta-instanceID", "name", "KEY", "SubmitterID"]) == "odk-central"
    draft, _ = _draft("odk_central_export.csv", tmp_path)
    assert draft.titles == {
        "using_ict_teaching": "Using ICT in teaching",
        "support_ict_school": "Support for ICT at school",
    }
    assert {i.column: i.text for i in draft.items}["teaching-ict_1"] == "I use a projector when teaching"
    reasons = {d.column: (d.kind, d.reason) for d in draft.decisions}
    assert reasons["KEY"] == ("id", "the submission's key (ODK Central)")
    for meta in ("SubmissionDate", "meta-instanceID", "SubmitterID", "Edits", "FormVersion"):
        assert reasons[meta] == ("left out", "form metadata (ODK Central)"), meta
    assert reasons["about_you-devices"][1].startswith("select-many question")
    with pytest.raises(DataError, match="an ODK Central export holds choice names"):
        draft_instrument(load_survey(EXAMPLES / "odk_central_export.csv"))


def test_a_sheet_that_cannot_be_read_does_not_stop_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "data"
    for row in (["Q1", "Q2", "Q3"], [1, 2, 3], [2, 3, 4], [3, 4, 4]):
        first.append(row)
    wb.create_sheet("notes")["Z400"] = "far away"  # 26 x 400 = 10,400 cells in its used range
    p = tmp_path / "w.xlsx"
    wb.save(p)
    monkeypatch.setenv("MCSTATS_MAX_XLSX_CELLS", "5000")
    raw = load_survey(p)
    assert raw.n_rows == 3
    (info,) = raw.other_sheets
    assert info.describe().startswith(
        "sheet 'notes' not read (sheet 'notes' has cells up to row 400 and column 26"
    )


def _ms_forms_block(tmp_path: Path, loadings: np.ndarray, seed: int, n: int) -> Any:
    """A Microsoft Forms export of one run of Likert statements S1..Sk (codes 1-5 cut
    from normal scores) with the given loadings (items x factors), plus a random noise
    structure: correlated noise from a random mixing matrix on top of each item's own."""
    rng = np.random.default_rng(seed)
    k, m = loadings.shape
    mix = rng.normal(0, 0.25, size=(k, k))
    scores = rng.normal(size=(n, m)) @ loadings.T + rng.normal(size=(n, k)) @ mix.T
    scores += rng.normal(size=(n, k)) * np.sqrt(np.clip(1 - (loadings**2).sum(axis=1), 0.2, None))
    codes = np.digitize(scores, [-1.2, -0.4, 0.4, 1.2])
    labels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    header = ["ID", "Start time", "Completion time", "Email", *[f"S{j + 1}" for j in range(k)]]
    lines = [",".join(header)]
    for i in range(n):
        lines.append(",".join([str(i + 1), "3/2/26 9:00:00", "3/2/26 9:05:00", "anonymous"]
                              + [labels[c] for c in codes[i]]))  # fmt: skip
    p = tmp_path / f"block{seed}.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    draft = draft_instrument(load_survey(p))
    assert draft.layout == "microsoft-forms"
    return draft


@pytest.mark.parametrize("n", [40, 200])
def test_one_factor_block_is_never_split(tmp_path: Path, n: int) -> None:
    """Eight statements of one construct (loadings drawn from 0.4-0.8, a random noise
    structure per seed) stay one scale, at the sample's size and at 200 answers; the
    same generator with two factors (four statements each) is split where they meet,
    so the rule is not merely never firing."""
    for seed in range(15):
        rng = np.random.default_rng(1000 + seed)
        one = rng.uniform(0.4, 0.8, size=(8, 1))
        draft = _ms_forms_block(tmp_path, one, seed, n)
        assert list(draft.scales) == ["scale1"] and len(draft.scales["scale1"]) == 8, (seed, draft.notes)
        assert not any("split into two scales" in note for note in draft.notes)
    two = np.zeros((8, 2))
    two[:4, 0], two[4:, 1] = 0.75, 0.75
    draft = _ms_forms_block(tmp_path, two, 99, 200)
    assert draft.scales == {"scale1": ["S1", "S2", "S3", "S4"], "scale2": ["S5", "S6", "S7", "S8"]}


def test_split_rule_by_hand() -> None:
    """The correlation rule on a written-out 6-item |r| matrix, cut after item 3.

    within part 1 = (.5 + .4 + .6) / 3 = .50; within part 2 = (.3 + .5 + .4) / 3 = .40;
    between = (.1 + .0 + .2 + .1 + .1 + .0 + .0 + .2 + .1) / 9 = .8 / 9 = .0889.
    Margins: .50 - .0889 = .411 and .40 - .0889 = .311, both >= .20, and .0889 <= .40 / 2.
    Alphas (standardised, k r / (1 + (k - 1) r)): parts 3(.5)/2 = .750 and 1.2/1.8 = .667;
    whole, mean r = (1.5 + 1.2 + .8) / 15 = .2333: 1.4 / 2.1667 = .646. So: split.
    """
    from mcstats.draft import SPLIT_MARGIN, split_means, split_weakness

    r = np.array(
        [
            [1, 0.5, 0.4, 0.1, 0.0, 0.2],
            [0.5, 1, 0.6, 0.1, 0.1, 0.0],
            [0.4, 0.6, 1, 0.0, 0.2, 0.1],
            [0.1, 0.1, 0.0, 1, 0.3, 0.5],
            [0.0, 0.1, 0.2, 0.3, 1, 0.4],
            [0.2, 0.0, 0.1, 0.5, 0.4, 1],
        ]
    )
    w1, w2, between = split_means(r, 3)
    assert (w1, w2, between) == pytest.approx((0.5, 0.4, 0.8 / 9))
    assert SPLIT_MARGIN == 0.20
    assert split_weakness((w1, w2), between, (0.750, 0.667), 0.646, n=36) == ""
    # Fewer than 30 complete answers: only suggested.
    assert "complete answers" in split_weakness((w1, w2), between, (0.750, 0.667), 0.646, n=29)
    # Part 2 with |r| .2, .3, .25 (within .25): .25 - .0889 = .161 < .20, one scale.
    assert "mean |r|" in split_weakness((w1, 0.25), between, (0.750, 0.5), 0.6, n=36)
    # A part whose alpha is below the whole's: one scale.
    assert "alpha" in split_weakness((w1, w2), between, (0.750, 0.60), 0.646, n=36)
