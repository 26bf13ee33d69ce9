"""Regenerate the corpus files that are not plain ASCII text, byte for byte.

The hand-written corpus files are ASCII and committed as they are. Everything else
(other encodings, byte-order marks, NUL and control bytes, non-breaking spaces, very long
cells, Excel workbooks and SPSS files) is written by this script, deterministically: the
same bytes on every run and every machine, so that ``tests/hardening/test_corpus.py`` can
check the committed files against a fresh run.

Usage (from the repository root)::

    python3 tests/corpus/make_corpus.py            # rewrite the files in tests/corpus/
    python3 tests/corpus/make_corpus.py --check    # exit 1 if a committed file differs

Workbooks are written with openpyxl and then normalised (fixed zip timestamps, fixed
document dates); .sav files with pyreadstat and then given a fixed creation date and time
in the header, so that neither depends on the clock.
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

HEADER: list[Any] = ["id", "gender", "Q1", "Q2", "Q3", "Q4", "Q5"]
ROWS: list[list[Any]] = [
    ["R01", "M", 4, 5, 4, 3, 4],
    ["R02", "F", 2, 3, 2, 2, 3],
    ["R03", "M", 5, 5, 4, 4, 5],
    ["R04", "F", 3, 3, 3, 2, 3],
    ["R05", "M", 4, 4, 5, 4, 4],
    ["R06", "F", 1, 2, 2, 1, 2],
]


def _lines(rows: Sequence[Sequence[Any]], delimiter: str = ",", newline: str = "\n") -> str:
    return "".join(delimiter.join(str(c) for c in r) + newline for r in rows)


def _base(delimiter: str = ",", newline: str = "\n") -> str:
    return _lines([HEADER, *ROWS], delimiter, newline)


# --------------------------------------------------------------------------- text files


def bom_utf8() -> bytes:
    return codecs.BOM_UTF8 + _base().encode("utf-8")


def latin1() -> bytes:
    rows: list[list[Any]] = [
        ["id", "Geschlecht", "Kommentar", "Q1", "Q2", "Q3", "Q4", "Q5"],
        ["R01", "männlich", "café", 4, 5, 4, 3, 4],
        ["R02", "weiblich", "naïve Frage", 2, 3, 2, 2, 3],
        ["R03", "männlich", "Grüße", 5, 5, 4, 4, 5],
        ["R04", "weiblich", "½ fertig", 3, 3, 3, 2, 3],
        ["R05", "männlich", "", 4, 4, 5, 4, 4],
    ]
    return _lines(rows, ";").encode("latin-1")


def utf16le_bom() -> bytes:
    # Excel's "Unicode text" export: UTF-16 little endian with a BOM, tab-delimited, CRLF.
    return codecs.BOM_UTF16_LE + _base("\t", "\r\n").encode("utf-16-le")


def utf16be_bom() -> bytes:
    return codecs.BOM_UTF16_BE + _base(",").encode("utf-16-be")


def utf16_no_bom() -> bytes:
    return _base(",").encode("utf-16-le")


def labels_case_spaces_nbsp() -> bytes:
    rows = [
        HEADER,
        ["R01", "M", "strongly AGREE", "Agree\u00a0", "  agree", "UNDECIDED ", "Agree"],
        ["R02", "F", "disagree", "Undecided", "Disagree\u00a0\u00a0", "disagree", "undecided"],
        ["R03", "M", "Strongly\u00a0Agree", "strongly  agree", "Agree", "Agree", "Strongly Agree"],
        ["R04", "F", "Undecided", "undecided", "Undecided", "Disagree", "UNDECIDED"],
        ["R05", "M", "\u00a0Agree\u00a0", "agree", "Strongly agree", "Agree", "Agree"],
    ]
    return _lines(rows).encode("utf-8")


def unicode_digits() -> bytes:
    # Eastern Arabic (Urdu) and Arabic-Indic digits are decimal digits: read as codes.
    rows = [
        HEADER,
        ["R01", "M", "\u06f4", "\u06f5", "\u06f4", "\u06f3", "\u06f4"],
        ["R02", "F", "\u0662", "\u0663", "\u0662", "\u0662", "\u0663"],
        ["R03", "M", 5, 5, 4, 4, 5],
        ["R04", "F", 3, 3, 3, 2, 3],
    ]
    return _lines(rows).encode("utf-8")


def nul_bytes() -> bytes:
    text = _base()
    lines = text.split("\n")
    lines[3] = lines[3].replace("5,5", "5\x00,5", 1)
    return "\n".join(lines).encode("utf-8")


def binary_garbage() -> bytes:
    # A PNG signature followed by 4 KiB of hash-chained bytes: not text in any encoding.
    out = bytearray(b"\x89PNG\r\n\x1a\n")
    block = b"mcstats corpus"
    while len(out) < 4096:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out)


def cr_line_endings() -> bytes:
    return _base(",", "\r").encode("ascii")


def crlf_line_endings() -> bytes:
    return _base(",", "\r\n").encode("ascii")


def long_text_cells() -> bytes:
    # Free-text answers longer than Python's default CSV field limit (131072 characters).
    rows: list[list[Any]] = [["id", "gender", "comment", "Q1", "Q2", "Q3", "Q4", "Q5"]]
    words = "The training was useful but far too long, and the room was cold. "
    for i, r in enumerate(ROWS):
        comment = (words * (2500 if i == 1 else 3))[: 150_000 if i == 1 else 180]
        rows.append([r[0], r[1], f'"{comment}"', *r[2:]])
    return _lines(rows).encode("utf-8")


def audit_quick_long_label() -> bytes:
    # A quick-check label longer than the csv module's default field limit (issue 19: it
    # ended in the csv module's traceback).
    label = ("Satisfaction with the training " * 5000)[:150_000]
    return f"label,n,mean,sd,scale_min,scale_max\n{label},40,3.2,0.9,1,5\nshort,40,2.9,1.1,1,5\n".encode()


def long_invalid_cell() -> bytes:
    rows: list[list[Any]] = [HEADER, *ROWS]
    rows[3] = [*rows[3][:4], "x" * 5000, *rows[3][5:]]
    return _lines(rows).encode("utf-8")


def inst_not_utf8() -> bytes:
    text = "name: Fragebogen für Lehrkräfte\nscale_points: 5\nscales:\n  attitude: [Q1, Q2, Q3, Q4, Q5]\n"
    return text.encode("latin-1")


def inst_utf8_bom() -> bytes:
    text = "name: Questionnaire \u00e9t\u00e9\nscale_points: 5\nscales:\n  attitude: [Q1, Q2, Q3, Q4, Q5]\n"
    return codecs.BOM_UTF8 + text.encode("utf-8")


# --------------------------------------------------------------------------- workbooks

_FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _normalised_xlsx(wb: object) -> bytes:
    """Save a workbook and rewrite the zip with fixed timestamps and document dates."""
    buf = io.BytesIO()
    wb.save(buf)  # type: ignore[attr-defined]
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def _survey_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    return _normalised_xlsx(wb)


def _edit_part(xlsx: bytes, part: str, edit: Callable[[bytes], bytes | None]) -> bytes:
    """The workbook with one zip member rewritten (or dropped when ``edit`` returns None)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data: bytes | None = src.read(info.filename)
            if info.filename == part:
                data = edit(data)  # type: ignore[arg-type]
            if data is not None:
                dst.writestr(info, data)
    return out.getvalue()


_SHEET = "xl/worksheets/sheet1.xml"


def xlsx_small_dimension() -> bytes:
    # Other programs often store a dimension record smaller than the data: A1:C3 here for
    # seven columns and seven rows. Every row that holds data must still be read.
    return _edit_part(
        _survey_xlsx(), _SHEET, lambda d: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:C3"/>', d)
    )


def xlsx_far_cell() -> bytes:
    # One cell at XFD1048576 makes the used range 17 billion cells.
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    return _edit_part(_survey_xlsx(), _SHEET, lambda d: d.replace(b"</sheetData>", far))


def xlsx_truncated_xml() -> bytes:
    return _edit_part(_survey_xlsx(), _SHEET, lambda d: d[: len(d) // 2])


def xlsx_dtd() -> bytes:
    return _edit_part(
        _survey_xlsx(),
        _SHEET,
        lambda d: d.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY e "lol">]><worksheet', 1),
    )


def xlsx_bad_number() -> bytes:
    return _edit_part(
        _survey_xlsx(),
        _SHEET,
        lambda d: d.replace(b'<c r="C2" t="n"><v>4</v>', b'<c r="C2" t="n"><v>4x</v>', 1),
    )


def xlsx_bad_reference() -> bytes:
    return _edit_part(_survey_xlsx(), _SHEET, lambda d: d.replace(b'r="C3"', b'r="!!"', 1))


def xlsx_bad_date() -> bytes:
    return _edit_part(
        _survey_xlsx(),
        _SHEET,
        lambda d: d.replace(b'<c r="C2" t="n"><v>4</v>', b'<c r="C2" t="d"><v>2024-13-45</v>', 1),
    )


def xlsx_missing_sheet_part() -> bytes:
    return _edit_part(_survey_xlsx(), _SHEET, lambda d: None)


def xlsx_merged_header() -> bytes:
    # Row 1 of the export groups the items under one merged title, as questionnaires laid
    # out by hand often do; the item names are in row 2. mcstats reads row 1 as the header.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["id", "gender", "Attitude items", None, None, None, None])
    ws.merge_cells("C1:G1")
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    return _normalised_xlsx(wb)


def xlsx_typed_cells() -> bytes:
    # Numbers stored as floats, labels as text, a date column and a boolean column.
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["id", "submitted", "consent", "gender", "Q1", "Q2", "Q3", "Q4", "Q5"])
    day = dt.datetime(2024, 3, 1, 9, 30)
    for i, r in enumerate(ROWS):
        q: list[Any] = [float(x) for x in r[2:]]
        q[1] = {5: "Strongly agree", 4: "Agree", 3: "Undecided", 2: "Disagree", 1: "Strongly disagree"}[
            int(q[1])
        ]
        ws.append([r[0], day + dt.timedelta(hours=i), True, r[1], *q])
    ws.append([None] * 9)  # an empty row inside the sheet is skipped
    ws.append(["R07", day, False, "M", 3.0, "Agree", 3.0, 3.0, 4.0])
    return _normalised_xlsx(wb)


def xlsx_empty_sheet() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Responses"
    return _normalised_xlsx(wb)


def xlsx_formula_uncached() -> bytes:
    # A workbook written by a script: the formula cell has no saved value until a
    # spreadsheet program recalculates it.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in ROWS:
        ws.append(r)
    ws["E3"] = "=1+1"
    return _normalised_xlsx(wb)


def not_a_workbook() -> bytes:
    return b"PK\x03\x04 this is not really a zip archive, only its first four bytes\n"


# --------------------------------------------------------------------------- SPSS

_SAV_DATE = slice(92, 101)
_SAV_TIME = slice(101, 109)


def _fixed_sav(write: Callable[[Path], None]) -> bytes:
    """Write a .sav with pyreadstat and replace the header's creation date and time."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "f.sav"
        write(p)
        data = bytearray(p.read_bytes())
    if data[:4] != b"$FL2":
        raise RuntimeError("unexpected .sav header")
    data[_SAV_DATE] = b"01 Jan 24"
    data[_SAV_TIME] = b"00:00:00"
    return bytes(data)


def sav_user_missing() -> bytes:
    # Codes 9 (no answer) and 99 (not asked) are declared user-missing in the file itself.
    import pandas as pd
    import pyreadstat

    df = pd.DataFrame(
        {
            "id": [r[0] for r in ROWS],
            "gender": [1.0 if r[1] == "M" else 2.0 for r in ROWS],
            **{f"Q{i}": [float(r[1 + i]) for r in ROWS] for i in range(1, 6)},
        }
    )
    df.loc[1, "Q2"] = 9.0
    df.loc[4, "Q3"] = 99.0
    df.loc[5, "Q5"] = 9.0
    labels = {
        5.0: "Strongly agree",
        4.0: "Agree",
        3.0: "Undecided",
        2.0: "Disagree",
        1.0: "Strongly disagree",
    }
    value_labels = {f"Q{i}": {**labels, 9.0: "No answer", 99.0: "Not asked"} for i in range(1, 6)}
    value_labels["gender"] = {1.0: "Male", 2.0: "Female"}

    def write(p: Path) -> None:
        pyreadstat.write_sav(
            df,
            str(p),
            column_labels={"id": "Respondent", "gender": "Gender", "Q1": "I enjoy the course"},
            variable_value_labels=value_labels,
            missing_ranges={f"Q{i}": [9.0, 99.0] for i in range(1, 6)},
        )

    return _fixed_sav(write)


def many_distinct_values() -> bytes:
    """1300 respondents, each from another town: more distinct values than a frequency table lists."""
    rows = [["id", "city", "Q1", "Q2", "Q3"]]
    rows += [
        [f"R{i:04d}", f"town{i:04d}", 1 + i % 5, 1 + (i * 3) % 5, 1 + (i * 7) % 5] for i in range(1, 1301)
    ]
    return _lines(rows).encode("ascii")


def header_line_separators() -> bytes:
    # Column names with NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR (YAML folds them into
    # spaces unless escaped) and a C1 control (which YAML refuses in a file).
    header = ["id", "Q1\u2028a", "Q2\u2029b", "Q3\u0085c", "Q4\u0090d"]
    rows = [[f"R{i:02d}", 1 + i % 5, 1 + (i * 2) % 5, 1 + (i * 3) % 5, 1 + (i * 4) % 5] for i in range(1, 13)]
    return _lines([header, *rows]).encode("utf-8")


def sav_truncated() -> bytes:
    # An SPSS file cut after its first 600 bytes (a download that stopped).
    return sav_user_missing()[:600]


def not_a_sav() -> bytes:
    return b"$FL2 but then nothing an SPSS reader can use\n"


FILES: dict[str, Callable[[], bytes]] = {
    "bom_utf8.csv": bom_utf8,
    "latin1.csv": latin1,
    "utf16le_bom.csv": utf16le_bom,
    "utf16be_bom.csv": utf16be_bom,
    "utf16_no_bom.csv": utf16_no_bom,
    "labels_case_spaces_nbsp.csv": labels_case_spaces_nbsp,
    "unicode_digits.csv": unicode_digits,
    "nul_bytes.csv": nul_bytes,
    "binary_garbage.csv": binary_garbage,
    "cr_line_endings.csv": cr_line_endings,
    "crlf_line_endings.csv": crlf_line_endings,
    "long_text_cells.csv": long_text_cells,
    "long_invalid_cell.csv": long_invalid_cell,
    "audit_quick_long_label.csv": audit_quick_long_label,
    "inst_not_utf8.yaml": inst_not_utf8,
    "inst_utf8_bom.yaml": inst_utf8_bom,
    "xlsx_merged_header.xlsx": xlsx_merged_header,
    "xlsx_typed_cells.xlsx": xlsx_typed_cells,
    "xlsx_empty_sheet.xlsx": xlsx_empty_sheet,
    "xlsx_formula_uncached.xlsx": xlsx_formula_uncached,
    "not_a_workbook.xlsx": not_a_workbook,
    "sav_user_missing.sav": sav_user_missing,
    "not_a_sav.sav": not_a_sav,
    "many_distinct_values.csv": many_distinct_values,
    "xlsx_small_dimension.xlsx": xlsx_small_dimension,
    "xlsx_far_cell.xlsx": xlsx_far_cell,
    "xlsx_truncated_xml.xlsx": xlsx_truncated_xml,
    "xlsx_dtd.xlsx": xlsx_dtd,
    "xlsx_bad_number.xlsx": xlsx_bad_number,
    "xlsx_bad_reference.xlsx": xlsx_bad_reference,
    "xlsx_bad_date.xlsx": xlsx_bad_date,
    "xlsx_missing_sheet_part.xlsx": xlsx_missing_sheet_part,
    "sav_truncated.sav": sav_truncated,
    "header_line_separators.csv": header_line_separators,
}


def generate() -> dict[str, bytes]:
    """The generated files' names and bytes."""
    return {name: make() for name, make in FILES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    differ = []
    for name, data in generate().items():
        target = HERE / name
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                differ.append(name)
        else:
            target.write_bytes(data)
    if differ:
        print("differ from a fresh run: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
