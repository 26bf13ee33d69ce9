"""`mcstats init` on real export layouts, then `mcstats analyze` with the draft untouched;
`--codes` and `--labels` for option-driven runs, in memory and streamed."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from clirun import run_cli
from mcstats.results import load_schema

EXAMPLES = Path("data/examples")
RANGES = Path("tests/reference/code_ranges")


run = run_cli


def _init_then_analyze(tmp_path: Path, name: str, *extra: str) -> tuple[str, dict]:
    draft = tmp_path / "draft.yaml"
    proc = run("init", str(EXAMPLES / name), "--out", str(draft), *extra)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "r"
    res = run("analyze", str(EXAMPLES / name), "--instrument", str(draft), "--out", str(out), "-q")
    assert res.returncode == 0, res.stderr
    doc = json.loads((out / "results.json").read_text())
    jsonschema.validate(doc, load_schema())
    return proc.stdout, doc


def test_google_forms_init_prints_each_column(tmp_path: Path) -> None:
    stdout, doc = _init_then_analyze(tmp_path, "google_forms_export.csv")
    lines = stdout.splitlines()
    assert lines[0].endswith("google_forms_export.csv: a google-forms export, 41 rows, 16 columns")
    # One line per column, then the reverse-key suggestion, the draft's note, what was written.
    assert len(lines) == 1 + 16 + 1 + 1 + 1
    assert lines[1] == "  Timestamp: left out (time stamp)"
    assert "reverse-key candidate (corrected item-total r = -0.65)" in lines[17]
    assert lines[18].startswith("  Note: reverse-key candidates (negative corrected item-total r)")
    assert lines[-1].startswith("Wrote ") and "codes 1-5 (agreement-5), id: Email address" in lines[-1]
    assert doc["input"]["n_analysed"] == 41
    assert sorted(doc["scales"]) == ["support_ict_school", "using_ict_teaching"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("surveymonkey_export.csv", ()),
        ("qualtrics_export.csv", ()),
        ("kobo_export.csv", ("--form", str(EXAMPLES / "kobo_form.xlsx"))),
        ("kobo_repeat_export.xlsx", ()),
        ("odk_central_export.csv", ("--form", str(EXAMPLES / "kobo_form.xlsx"))),
    ],
)
def test_every_export_layout(tmp_path: Path, name: str, extra: tuple[str, ...]) -> None:
    _, doc = _init_then_analyze(tmp_path, name, *extra)
    alphas = sorted(round(s["reliability"]["alpha"], 6) for s in doc["scales"].values())
    assert alphas == [0.285192, 0.81281]
    assert doc["input"]["n_analysed"] == 40


@pytest.mark.slow
def test_microsoft_forms_init_then_analyze_untouched(tmp_path: Path) -> None:
    """Microsoft Forms exports Likert statements without their question: init splits the
    ten neighbouring statements after the fifth, where the answers show two questions,
    prints that the split was inferred (with the numbers and how to undo it), and each
    part's alpha is Cronbach's formula on the file's answers (computed here with pandas)."""
    import pandas as pd

    stdout, doc = _init_then_analyze(tmp_path, "microsoft_forms_export.xlsx")
    assert "Note: Microsoft Forms exports a Likert question's statements without the question" in stdout
    assert "were split into two scales, 'scale1' and 'scale2', after 'I assess students" in stdout
    assert "the split is inferred from the answers" in stdout and "or undo it by moving" in stdout
    assert list(doc["scales"]) == ["scale1", "scale2"] and doc["input"]["n_analysed"] == 40
    frame = pd.read_excel(EXAMPLES / "microsoft_forms_export.xlsx", engine="openpyxl")
    codes = {"strongly disagree": 1, "disagree": 2, "neutral": 3, "agree": 4, "strongly agree": 5}
    for sid, cols in (("scale1", slice(6, 11)), ("scale2", slice(11, 16))):
        x = frame.iloc[:, cols].apply(lambda col: col.str.casefold().map(codes)).dropna()
        k = x.shape[1]
        alpha = k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))
        assert doc["scales"][sid]["reliability"]["alpha"] == pytest.approx(alpha, abs=1e-12)
        assert doc["scales"][sid]["reliability"]["n"] == len(x)


def test_init_unknown_label_set(tmp_path: Path) -> None:
    proc = run(
        "init",
        str(EXAMPLES / "google_forms_export.csv"),
        "--out",
        str(tmp_path / "d.yaml"),
        "--labels",
        "agree-5",
    )
    assert proc.returncode == 2
    assert "--labels: no built-in label set 'agree-5' (did you mean 'agreement-5'?)" in proc.stderr


@pytest.mark.parametrize("engine", ["memory", "stream"])
def test_codes_option_in_memory_and_streamed(tmp_path: Path, engine: str) -> None:
    r = json.loads((RANGES / "ds8_0to3.R.json").read_text())
    out = tmp_path / engine
    proc = run(
        "analyze", str(RANGES / "ds8_0to3.csv"), "--items", "M1-M6", "--codes", "0-3", "--reverse", "M3",
        "--engine", engine, "--out", str(out), "-q",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "results.json").read_text())
    assert doc["scales"]["scale"]["reliability"]["alpha"] == pytest.approx(r["alpha"], abs=1e-10)
    assert doc["scales"]["scale"]["item_statistics"]["M1"]["mean"] == pytest.approx(
        r["item_mean"]["M1"], abs=1e-10
    )
    assert [row["value"] for row in doc["frequencies"]["M1"]["rows"]] == [0, 1, 2, 3]


@pytest.mark.parametrize("engine", ["memory", "stream", "dask"])
def test_invalid_missing_warning_counts_in_memory_and_streamed(tmp_path: Path, engine: str) -> None:
    if engine == "dask":
        pytest.importorskip("dask")
    data = tmp_path / "d.csv"
    data.write_text("Q1,Q2,Q3\n0,1,2\n3,2,4\n0,9,4\n4,4,4\n2,3,1\n")
    out = tmp_path / engine
    proc = run(
        "analyze", str(data), "--items", "Q1-Q3", "--points", "4", "--invalid", "missing",
        "--engine", engine, "--out", str(out), "-q",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "results.json").read_text())
    warning = next(w for w in doc["warnings"] if "treated as missing" in w)
    assert warning.startswith(
        "3 cell(s) that are not valid responses were treated as missing, as asked: Q1: 2, Q2: 1;"
    )


def test_out_of_range_error_names_codes_option(tmp_path: Path) -> None:
    proc = run(
        "analyze", str(RANGES / "ds8_0to3.csv"), "--items", "M1-M6", "--points", "4", "--out", str(tmp_path)
    )
    assert proc.returncode == 3
    assert "declare that range in the instrument (codes: 0-3) or with --codes" in proc.stderr
    assert proc.stderr.index("--codes") < proc.stderr.index("use --invalid missing to treat them")
    assert "argument" not in proc.stderr and "invalid=" not in proc.stderr


def test_unknown_column_did_you_mean(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text("Item1,Item2,Item3\n1,2,3\n2,3,4\n")
    proc = run(
        "analyze", str(data), "--items", "Itm1,Item2,Item3", "--points", "4", "--out", str(tmp_path / "o")
    )
    assert proc.returncode == 3
    assert "(did you mean 'Item1'?)" in proc.stderr
