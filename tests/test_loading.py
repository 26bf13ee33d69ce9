"""Reading and validating files: encodings, delimiters, labels, ragged rows, row numbers."""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pytest

from mcstats.errors import DataError
from mcstats.instrument import instrument_from_options, parse_instrument
from mcstats.io import load_survey
from mcstats.validate import code_responses

FOUR = instrument_from_options("Q1-Q3", 4)


def _write(tmp_path: Path, data: bytes, name: str = "s.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (b"Q1,Q2,Q3\n1,2,3\n4,3,2\n", "utf-8", ","),
        (codecs.BOM_UTF8 + b"Q1;Q2;Q3\r\n1;2;3\r\n4;3;2\r\n", "utf-8-sig", ";"),
        (b"Q1\tQ2\tQ3\n1\t2\t3\n4\t3\t2\n", "utf-8", "\t"),
        ("Q1,Q2,Q3\n1,2,3\n4,3,2\n".encode("utf-16"), "utf-16", ","),
        ("Q1,Q2,Q3,Name\n1,2,3,Zo\u00eb\n4,3,2,Ren\u00e9\n".encode("latin-1"), "cp1252", ","),
    ],
)
def test_encodings_and_delimiters(tmp_path: Path, data: bytes, encoding: str, delimiter: str) -> None:
    raw = load_survey(_write(tmp_path, data))
    assert (raw.encoding, raw.delimiter, raw.n_rows) == (encoding, delimiter, 2)
    assert list(raw.frame.columns[:3]) == ["Q1", "Q2", "Q3"]
    coded = code_responses(raw, FOUR)
    assert coded.items["Q1"].tolist() == [1.0, 4.0]


def test_labels_case_spaces_and_nbsp(tmp_path: Path) -> None:
    text = "Q1,Q2,Q3\nVery High Extent, high extent ,LOW\u00a0EXTENT\nvery  low extent,4,\n"
    coded = code_responses(load_survey(_write(tmp_path, text.encode())), FOUR)
    assert coded.items.iloc[0].tolist() == [4.0, 3.0, 2.0]
    assert coded.items.iloc[1, :2].tolist() == [1.0, 4.0]
    assert np.isnan(coded.items.iloc[1, 2])


def test_row_numbers_count_the_header_as_row_one(tmp_path: Path) -> None:
    text = 'Q1,Q2,Q3\n1,2,3\n\n2,"multi\nline",7\n'
    with pytest.raises(DataError) as info:
        code_responses(load_survey(_write(tmp_path, text.encode())), FOUR)
    cells = {(c.row, c.column) for c in info.value.cells}
    # Row 3 is the blank line; the quoted multi-line cell stays in spreadsheet row 4.
    assert cells == {(4, "Q2"), (4, "Q3")}


def test_ragged_row_with_extra_value(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"row 3: this row has 4 cells but the header has 3"):
        load_survey(_write(tmp_path, b"Q1,Q2,Q3\n1,2,3\n1,2,3,9\n"))


def test_short_row_is_padded_with_missing(tmp_path: Path) -> None:
    coded = code_responses(load_survey(_write(tmp_path, b"Q1,Q2,Q3\n1,2,3\n1,2\n")), FOUR)
    assert np.isnan(coded.items.loc[1, "Q3"])


def test_duplicated_column_names(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="column name 'Q1' appears twice"):
        load_survey(_write(tmp_path, b"Q1,Q2,Q1\n1,2,3\n"))


def test_more_than_twenty_bad_cells_are_counted(tmp_path: Path) -> None:
    rows = "\n".join("7,7,7" for _ in range(10))
    with pytest.raises(DataError) as info:
        code_responses(load_survey(_write(tmp_path, f"Q1,Q2,Q3\n{rows}\n".encode())), FOUR)
    assert len(info.value.cells) == 20 and info.value.total == 30
    assert "... and 10 more (30 in all)" in str(info.value)


def test_two_point_five_is_not_a_code(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not a whole number"):
        code_responses(load_survey(_write(tmp_path, b"Q1,Q2,Q3\n2.5,1,1\n")), FOUR)


def test_missing_codes_and_labels_from_instrument(tmp_path: Path) -> None:
    inst = parse_instrument(
        {
            "scale_points": 5,
            "missing_codes": [9, 99],
            "missing_labels": ["N/A"],
            "scales": {"s": ["Q1", "Q2"]},
        }
    )
    coded = code_responses(load_survey(_write(tmp_path, b"Q1,Q2\n9,n/a\n99,3\n1,2\n")), inst)
    # Row 2 has only missing answers and is excluded; the others are analysed.
    assert [e.row for e in coded.excluded] == [2]
    assert coded.n_analysed + len(coded.excluded) == coded.n_rows == 3
    assert coded.items["Q2"].tolist() == [3.0, 2.0]


def test_reverse_keying_and_answered_codes(tmp_path: Path) -> None:
    inst = instrument_from_options("Q1-Q2", 5, reverse="Q2")
    coded = code_responses(load_survey(_write(tmp_path, b"Q1,Q2\n1,1\n2,5\n")), inst)
    assert coded.items["Q2"].tolist() == [5.0, 1.0]
    assert coded.answered["Q2"].tolist() == [1.0, 5.0]


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"unknown file type '\.json'"):
        load_survey(_write(tmp_path, b"{}", name="x.json"))


def test_xlsx_roundtrip(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Responses"
    ws.append(["Q1", "Q2", "Q3"])
    ws.append([1, "High Extent", 3])
    ws.append([None, None, None])
    ws.append([4, 4, 1])
    p = tmp_path / "s.xlsx"
    wb.save(p)
    raw = load_survey(p, sheet="Responses")
    assert raw.rows.tolist() == [2, 4]
    coded = code_responses(raw, FOUR)
    assert coded.items["Q2"].tolist() == [3.0, 4.0]
    with pytest.raises(DataError, match="no sheet named 'Other'"):
        load_survey(p, sheet="Other")
