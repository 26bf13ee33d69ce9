"""Excel (.xlsx) and CSV tables of an analysis, drawn from the table model.

``render_xlsx`` writes one sheet per table (its number, title, the header, the rows and
the note) after a contents sheet; ``render_csv_tables`` gives one CSV file per table and an
index of titles and notes. Numbers are numbers, not text: each holds the value as the
report prints it (rounded half-up to the table's decimals), and in Excel a number format
shows those decimals, without the leading zero where APA drops it (``.00``); a p value
below .001 keeps its value and shows as "< .001". A count with its percent ("44 (37.3)")
becomes two columns. Every text cell passes :func:`mcstats.safety.neutralise_cell`, so a
label from the data that starts with ``=``, ``+``, ``-`` or ``@`` stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mcstats.report.tables import Cell, ReportOptions, Table, build_report
from mcstats.safety import neutralise_cell, safe_filename


@dataclass(frozen=True)
class FlatColumn:
    """A spreadsheet column: its header, the spanning header above it, and how it takes
    its value from a model cell."""

    header: str
    group: str
    value: Callable[[Cell], Any]
    number_format: Callable[[Cell], str | None]


def _number_value(cell: Cell) -> Any:
    if cell.kind in ("text",):
        return cell.text
    if cell.kind == "empty":
        return None
    if cell.value is None:
        return "—"
    if cell.kind == "p" and cell.value < 0.001:
        return float(cell.value)  # shown as "< .001" by its number format
    return cell.number


def _number_format(cell: Cell) -> str | None:
    if cell.kind == "p":
        return '[<0.001]"< .001";.000'
    if cell.kind in ("integer", "count_percent"):
        return "0"
    if cell.kind == "number":
        if cell.decimals == 0:
            return "0"
        zeros = "0" * cell.decimals
        return f".{zeros}" if not cell.leading_zero else f"0.{zeros}"
    return None


def _percent_value(cell: Cell) -> Any:
    if cell.kind != "count_percent" or cell.percent is None:
        return None
    return float(f"{cell.percent:.1f}") if cell.percent == cell.percent else None


def flat_columns(table: Table) -> list[FlatColumn]:
    """The table's columns for a spreadsheet: a count-with-percent column becomes a count
    and a percent column under its header."""
    out: list[FlatColumn] = []
    for j, c in enumerate(table.columns):
        kinds = {row.cells[j].kind for row in table.rows}
        group = c.group.plain if c.group else ""
        if "count_percent" in kinds:
            out.append(FlatColumn("n", c.header.plain, _number_value, _number_format))
            out.append(FlatColumn("%", c.header.plain, _percent_value, lambda _c: "0.0"))
        else:
            out.append(FlatColumn(c.header.plain, group, _number_value, _number_format))
    return out


def _cells(table: Table) -> list[list[tuple[Any, str | None]]]:
    """(value, number format) of every cell, rows of the flat columns."""
    rows = []
    for row in table.rows:
        values: list[tuple[Any, str | None]] = []
        for j in range(len(table.columns)):
            cell = row.cells[j]
            kinds = {r.cells[j].kind for r in table.rows}
            if "count_percent" in kinds:
                values.append((_number_value(cell), _number_format(cell)))
                values.append((_percent_value(cell), "0.0"))
            else:
                values.append((_number_value(cell), _number_format(cell)))
        rows.append(values)
    return rows


def note_text(table: Table) -> str:
    return ("Note. " + " ".join(n.plain for n in table.notes)) if table.notes else ""


def _sheet_title(table: Table) -> str:
    return f"Table {table.number}"  # unique, short, and free of the characters Excel refuses


def render_xlsx(doc: dict[str, Any], options: ReportOptions | None = None) -> bytes:
    """The tables of a results.json document as an Excel workbook (bytes of a .xlsx).

    Examples
    --------
    >>> import io, json, openpyxl
    >>> doc = json.load(open("tests/fixtures/reports/example_4point.json"))
    >>> wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    >>> wb.sheetnames[:3], wb["Table 2"]["D6"].value, wb["Table 2"]["D6"].number_format
    (['Contents', 'Table 1', 'Table 2'], 0.72, '.00')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from mcstats.safety import escape_controls

    # A workbook is XML: control characters from labels are shown escaped (openpyxl raises on them).
    report = build_report(escape_controls(doc), _no_figures(options))
    wb = Workbook()
    contents = wb.active
    contents.title = "Contents"
    _put(contents, 1, 1, report.title, font=Font(bold=True))
    _put(contents, 3, 1, "Table", font=Font(bold=True))
    _put(contents, 3, 2, "Title", font=Font(bold=True))
    _put(contents, 3, 3, "Name", font=Font(bold=True))
    contents.column_dimensions["B"].width = 90
    contents.column_dimensions["C"].width = 20
    thin = Side(style="thin", color="000000")
    for i, table in enumerate(report.tables, start=4):
        _put(contents, i, 1, table.label)
        _put(contents, i, 2, table.title.plain)
        _put(contents, i, 3, table.name)
        ws = wb.create_sheet(_sheet_title(table))
        _put(ws, 1, 1, table.label, font=Font(bold=True))
        _put(ws, 2, 1, table.title.plain, font=Font(italic=True))
        cols = flat_columns(table)
        header_row = 4
        grouped = any(c.group for c in cols)
        if grouped:
            j = 0
            while j < len(cols):
                k = j
                while k + 1 < len(cols) and cols[k + 1].group == cols[j].group and cols[j].group:
                    k += 1
                if cols[j].group:
                    _put(ws, header_row, j + 1, cols[j].group, align=Alignment(horizontal="center"))
                    if k > j:
                        ws.merge_cells(
                            start_row=header_row, start_column=j + 1, end_row=header_row, end_column=k + 1
                        )
                j = k + 1
            header_row += 1
        for j, c in enumerate(cols, start=1):
            right = table.columns[_model_index(table, j - 1)].align == "right"
            _put(
                ws,
                header_row,
                j,
                c.header,
                align=Alignment(horizontal="right" if right else "left", wrap_text=True, vertical="bottom"),
            )
            ws.cell(header_row, j).border = Border(bottom=thin)
            ws.cell(4, j).border = Border(top=thin, bottom=thin if header_row == 4 else None)
        r = header_row
        for values in _cells(table):
            r += 1
            for j, (value, fmt) in enumerate(values, start=1):
                cell = _put(ws, r, j, value)
                if fmt and isinstance(value, int | float):
                    cell.number_format = fmt
                if table.columns[_model_index(table, j - 1)].align == "right":
                    cell.alignment = Alignment(horizontal="right")
        for j in range(1, len(cols) + 1):
            ws.cell(r, j).border = Border(bottom=thin)
        note = note_text(table)
        if note:
            _put(ws, r + 2, 1, note, align=Alignment(wrap_text=False))
        for j, c in enumerate(cols, start=1):
            from openpyxl.utils import get_column_letter

            wording = table.columns[_model_index(table, j - 1)].wording
            ws.column_dimensions[get_column_letter(j)].width = (
                60 if wording else max(8, min(16, len(c.header) + 2))
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _model_index(table: Table, flat: int) -> int:
    """The model column of a flat column (count-with-percent columns take two)."""
    j = 0
    for i in range(len(table.columns)):
        width = 2 if any(row.cells[i].kind == "count_percent" for row in table.rows) else 1
        if flat < j + width:
            return i
        j += width
    return len(table.columns) - 1


def _put(ws: Any, row: int, col: int, value: Any, *, font: Any = None, align: Any = None) -> Any:
    """Write a cell; text is neutralised (never a formula) and stored as text."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = neutralise_cell(value)
        cell.data_type = "s"
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    return cell


def _no_figures(options: ReportOptions | None) -> ReportOptions:
    from dataclasses import replace

    return replace(options or ReportOptions(), figures=False)


def csv_file_name(table: Table) -> str:
    """``table_03_items_enhancement.csv``: the number first, so files sort in report order."""
    return f"table_{table.number:02d}_{safe_filename(table.id, fallback='table')}.csv"


class _Number(str):
    """A number as the CSV file writes it ("-0.49"): digits we formatted, not text from
    data, so the formula guard leaves its sign alone."""


def _csv_value(value: Any, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if fmt and fmt.startswith("[<0.001]") and value < 0.001:
        return "< .001"
    if isinstance(value, int):
        return _Number(value)
    decimals = len(fmt.split(".")[-1]) if fmt and "." in fmt else 0
    if fmt and fmt.startswith("[<"):
        decimals = 3
    return _Number(f"{value:.{decimals}f}")


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow([v if isinstance(v, _Number) else neutralise_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def render_csv_tables(doc: dict[str, Any], options: ReportOptions | None = None) -> dict[str, bytes]:
    """One CSV file per table (file name -> bytes) and ``index.csv`` with every table's
    number, name, title, note and file.

    Each file holds the header (a spanning header joined in front: "95% CI LL") and the rows,
    numbers written with the table's decimals and a leading zero ("0.72"), so a spreadsheet
    reads them as numbers. UTF-8 with a byte-order mark, CRLF, every cell neutralised.

    Examples
    --------
    >>> import json
    >>> doc = json.load(open("tests/fixtures/reports/example_4point.json"))
    >>> files = render_csv_tables(doc)
    >>> sorted(files)[:3]
    ['index.csv', 'table_01_excluded.csv', 'table_02_reliability.csv']
    >>> files["table_02_reliability.csv"].decode("utf-8-sig").splitlines()[1]
    'Extent micro-credentials enhance professional growth and development,5,114,0.72,0.63,0.80'
    """
    report = build_report(doc, _no_figures(options))
    files: dict[str, bytes] = {}
    index: list[list[Any]] = [["number", "name", "title", "note", "file"]]
    for table in report.tables:
        cols = flat_columns(table)
        header = [f"{c.group} {c.header}".strip() if c.group else c.header for c in cols]
        rows: list[list[Any]] = [header]
        for values in _cells(table):
            rows.append([_csv_value(v, f) for v, f in values])
        name = csv_file_name(table)
        files[name] = _csv_bytes(rows)
        index.append([table.number, table.name, table.title.plain, note_text(table), name])
    files["index.csv"] = _csv_bytes(index)
    return files
