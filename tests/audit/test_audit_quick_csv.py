"""The quick-check CSV: one reported mean per row; findings derived by hand; clear errors."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from clirun import run_cli
from mcstats.audit.run import audit_csv, audit_document
from mcstats.errors import DataError

HEADER = "label,n,mean,sd,scale_min,scale_max,items,score,decimals\n"


def write(tmp_path: Path, body: str, name: str = "check.csv", header: str = HEADER) -> Path:
    p = tmp_path / name
    p.write_text(header + body, encoding="utf-8")
    return p


def printed(x: float, d: int) -> str:
    return f"{x:.{d}f}"


def test_honest_rows_give_nothing(tmp_path: Path) -> None:
    # Real data, summarised with the statistics module, printed at 2 decimals.
    item = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4]  # sum 25, mean 2.50; squares 73; s = sqrt(10.5/9) = 1.080
    assert printed(statistics.mean(item), 2) == "2.50" and printed(statistics.stdev(item), 2) == "1.08"
    # Means of 3 items on 1-5 for 6 respondents with item sums 9, 12, 15, 7, 11, 13 (total 67):
    # mean 67/18 = 3.7222; SD of the sums 2.8577, of the means 0.9526.
    means = [s / 3 for s in (9, 12, 15, 7, 11, 13)]
    assert (printed(statistics.mean(means), 2), printed(statistics.stdev(means), 2)) == ("3.72", "0.95")
    # The sums of 4 items on 1-4 for 5 respondents: 4, 9, 16, 12, 10 -> mean 10.20, SD 4.38.
    sums = [4, 9, 16, 12, 10]
    assert (printed(statistics.mean(sums), 2), printed(statistics.stdev(sums), 2)) == ("10.20", "4.38")
    # A yes/no item: 35 ones among 100 -> mean .35, SD sqrt(100/99 * .35 * .65) = 0.4794 -> .48.
    p = write(
        tmp_path,
        "Item A,10,2.50,1.08,1,4,,,\n"
        "Scale B (mean of 3),6,3.72,0.95,1,5,3,mean,\n"
        "Scale C (sum of 4),5,10.20,4.38,1,4,4,sum,\n"
        "Yes/no D,100,.35,.48,0,1,,,\n"
        "No SD E,7,3.14,,1,5,,,\n",  # 22/7 = 3.1429
    )
    report = audit_csv(p)
    assert report.findings == ()
    assert report.rows_read == 5 and report.excluded == ()


def test_impossible_rows_are_found(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        # Rivers State item 7: the largest SD for N = 432, mean 2.905 on 1-4 is 1.444.
        "Rivers item 7,432,2.905,3.215,1,4,,,\n"
        # Sum of 5 items: 12.51 * 25 spans [312.625, 312.875], no whole total: GRIM.
        "Sum of 5,25,12.51,2.00,1,4,5,sum,\n"
        # 0/1 item: 35 of 100 (.345..355 allows only 35), SD must be 0.4794: DEBIT.
        "Yes/no,100,.35,.30,0,1,,,\n"
        # 4.12 on a 1-4 item: outside the scale.
        "Too high,30,4.12,0.50,1,4,,,\n"
        # Mean of 2 items on 1-5, N = 4: the 8 answers add to a whole number, so the mean
        # moves in steps of 1/8; [3.095, 3.105] * 8 = [24.76, 24.84] holds no whole sum: GRIM.
        "Mean of 2,4,3.10,,1,5,2,mean,\n"
        # A negative SD is impossible by definition.
        "Negative SD,10,2.50,-0.20,1,4,,,\n",
    )
    found = {(f.location, f.check, f.severity, f.expected) for f in audit_csv(p).findings}
    assert found == {
        ("Rivers item 7 (row 2)", "sd_bounds", "impossible", "at most 1.444"),
        ("Sum of 5 (row 3)", "grim", "impossible", "12.48 or 12.52"),  # 312/25, 313/25
        ("Yes/no (row 4)", "debit", "impossible", "0.4794"),
        ("Too high (row 5)", "range", "impossible", "1 to 4"),
        ("Mean of 2 (row 6)", "grim", "impossible", "3.00 or 3.13"),  # 24/8 = 3.000, 25/8 = 3.125
        ("Negative SD (row 7)", "limits", "impossible", "0 or more"),
    }


def test_decimals_column_restores_dropped_zeros(tmp_path: Path) -> None:
    # "3.1" read as one decimal stands for [3.05, 3.15]: 7 * that = [21.35, 22.05] holds 22.
    # Printed as "3.10" (Excel dropped the zero), [3.095, 3.105] * 7 = [21.665, 21.735]: no total.
    p = write(tmp_path, "as text,7,3.1,,1,5,,,\nwith decimals,7,3.1,,1,5,,,2\n")
    found = [(f.location, f.check) for f in audit_csv(p).findings]
    assert found == [("with decimals (row 3)", "grim")]


def test_blank_rows_are_listed_and_other_delimiters_work(tmp_path: Path) -> None:
    p = tmp_path / "semi.csv"
    p.write_text("label;n;mean;sd;scale_min;scale_max\nA;10;2.50;1.08;1;4\n;;;;;\n\nB;432;2.905;3.215;1;4\n",
                 encoding="utf-8")
    report = audit_csv(p)
    assert [(e.row, e.reason) for e in report.excluded] == [(3, "blank row"), (4, "blank row")]
    assert report.rows_read == 2 and [f.location for f in report.findings] == ["B (row 5)"]
    doc = audit_document(report)
    assert doc["input"]["excluded"] == [{"row": 3, "reason": "blank row"}, {"row": 4, "reason": "blank row"}]


@pytest.mark.parametrize(
    ("header", "body", "needles"),
    [
        (HEADER, "A,4.5,2.50,1.08,1,4,,,\n", ["row 2, column 'n': '4.5'", "whole number"]),
        (HEADER, "A,10,\"2,50\",1.08,1,4,,,\n", ["row 2, column 'mean': '2,50'", "decimal point"]),
        (HEADER, "A,10,2.50,1.08,4,4,,,\n", ["row 2, column 'scale_max'", "above scale_min"]),
        (HEADER, "A,10,2.50,1.08,1,4,,median,\n", ["row 2, column 'score': 'median'", "mean or sum"]),
        (HEADER, "A,10,2.505,1.08,1,4,,,2\n", ["column 'mean'", "more decimals"]),
        (HEADER, "A,10,abc,1.08,1,4,,,\nB,ten,2.5,,1,4,,,\n",
         ["2 cell(s)", "row 2, column 'mean': 'abc'", "row 3, column 'n'"]),
        (HEADER, "A,339-10,2.50,1.08,1,4,,,\n", ["row 2, column 'n'", "bounds"]),
        ("label,n,mena,sd,scale_min,scale_max\n", "A,10,2.5,1,1,4\n",
         ["row 1", "column 'mena'", "unknown column"]),
        ("label,n,mean,sd\n", "A,10,2.5,1\n", ["row 1", "column 'scale_min'", "required column"]),
        (HEADER, "", ["no rows to check"]),
    ],
)
def test_bad_rows_name_file_row_and_column(
    tmp_path: Path, header: str, body: str, needles: list[str]
) -> None:
    p = write(tmp_path, body, header=header)
    with pytest.raises(DataError) as info:
        audit_csv(p)
    text = str(info.value)
    assert str(p) in text
    for needle in needles:
        assert needle in text, text


def test_cli_on_a_bad_csv_exits_3_without_traceback(tmp_path: Path) -> None:
    p = write(tmp_path, "A,4.5,2.50,1.08,1,4,,,\n")
    proc = run_cli("audit", str(p), "--out", str(tmp_path / "out"))
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert "row 2, column 'n': '4.5'" in proc.stderr


def test_manual_example_runs(tmp_path: Path) -> None:
    """The quick-check example of the manual, copied from it, gives what the manual says."""
    manual = Path(__file__).resolve().parents[2] / "docs" / "manual" / "audit.md"
    readme = manual.read_text(encoding="utf-8")
    start = readme.index("```csv\nlabel,n,mean,sd,scale_min,scale_max,items,score,decimals\n")
    block = readme[start + len("```csv\n"): readme.index("```", start + 6)]
    p = tmp_path / "table2.csv"
    p.write_text(block, encoding="utf-8")
    found = [(f.location, f.check) for f in audit_csv(p).findings]
    assert found == [
        ("Table 2, item 7 (row 3)", "sd_bounds"),
        ("Table 2, item 9 (row 4)", "grim"),
        ("Table 4, sum of 5 items (row 6)", "grim"),
    ]
