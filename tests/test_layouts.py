"""Survey-platform exports drafted by init and analysed without editing.

For every bundled export (data/examples/, made by make_exports.py), the drafted
instrument gives the same results.json as the hand-written instrument in
tests/fixtures/exports/ (apart from the instrument's name and path and the time).
"""

from __future__ import annotations

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


@pytest.mark.parametrize("name", list(EXPORTS))
def test_draft_gives_the_hand_written_results(name: str, tmp_path: Path) -> None:
    draft, drafted = _draft(name, tmp_path)
    assert draft.layout == EXPORTS[name][0]
    hand = FIXTURES / f"{name.rsplit('.', 1)[0]}.yaml"
    ours, theirs = _results(EXAMPLES / name, drafted), _results(EXAMPLES / name, hand)
    assert ours == theirs
    # The same survey in every layout: 40 respondents (Google Forms: and a double submission).
    assert ours["input"]["n_analysed"] == (41 if name.startswith("google") else 40)
    # The negatively worded item is suggested, with its r, not reverse-keyed silently.
    (candidate, r), *_ = draft.reverse_candidates.items()
    assert candidate == draft.scales[list(draft.scales)[1]][4] and r < -0.5
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
    # The double submission is reported by its id (the email address), with rows.
    res = analyze(
        code_responses(
            load_survey(EXAMPLES / "google_forms_export.csv"),
            load_instrument(_draft("google_forms_export.csv", tmp_path)[1]),
        )
    )
    assert any("'teacher12@school.example' in rows 13, 14" in w for w in res.warnings)


def test_surveymonkey_two_header_rows() -> None:
    raw = load_survey(EXAMPLES / "surveymonkey_export.csv")
    assert raw.extra_header_rows == 1 and raw.rows[0] == 3
    assert (
        "Gender" in raw.frame.columns
        and "Which devices do you use for teaching? [Laptop]" in raw.frame.columns
    )


def test_kobo_without_the_form_asks_for_it() -> None:
    with pytest.raises(DataError, match=r"give the form \(--form form.xlsx\)"):
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
