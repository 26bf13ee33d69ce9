"""Reading survey files into a raw table of text cells, with spreadsheet row numbers.

Nothing here interprets responses: every cell is kept as the text the file holds (or
None when empty) so that validation can name the exact cell it rejects. Row numbers are
spreadsheet rows: the header is row 1, the first respondent row 2.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mcstats.engines.csvread import CSV_DELIMITERS, sniff_delimiter  # noqa: F401  (part of this module's API)
from mcstats.errors import DataError
from mcstats.limits import env_name, limit
from mcstats.safety import check_input_file

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # imported where a frame is made: the streaming engine never needs it

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".sav", ".parquet")


@dataclass(frozen=True)
class SheetInfo:
    """A workbook sheet that was not read: its name, rows below the header and header."""

    name: str
    n_rows: int
    header: tuple[str, ...]
    #: Why the sheet could not even be looked at (damaged, too large), if it could not.
    problem: str | None = None

    def describe(self) -> str:
        """Why it is not analysed, in one line (:func:`mcstats.layouts.describe_sheet`)."""
        from mcstats.layouts import describe_sheet

        if self.problem is not None:
            return f"sheet {self.name!r} not read ({self.problem})"
        return describe_sheet(self.name, self.n_rows, self.header)


@dataclass
class RawSurvey:
    """A data file as read: text cells, row numbers and provenance.

    Attributes
    ----------
    path: the file.
    sha256: hash of the file's bytes, so results can be tied to the exact input.
    frame: one column per file column, cells as ``str`` or ``None`` (empty).
    rows: spreadsheet row number of each record (header = row 1).
    encoding, delimiter: what was detected (CSV only).
    value_labels: per column, code -> label, where the file carries them (.sav).
    variable_labels: per column, a description (.sav), used as item wording.
    """

    path: str
    sha256: str
    frame: pd.DataFrame
    rows: np.ndarray
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    variable_labels: dict[str, str] = field(default_factory=dict)
    skipped_blank_lines: int = 0
    #: Spreadsheet rows skipped because every cell was empty (not respondents).
    blank_rows: list[int] = field(default_factory=list)
    #: Columns whose header cell was empty, named ``column<N>`` (N counts from 1).
    unnamed_columns: list[str] = field(default_factory=list)
    #: Header rows below the first that are not respondents (Qualtrics: question texts, ImportIds).
    extra_header_rows: int = 0
    #: Spreadsheet rows of those header rows (listed in the run's warnings).
    header_rows_dropped: list[int] = field(default_factory=list)
    #: The workbook sheet read (.xlsx), and the others: name, rows below the header, header.
    sheet: str | None = None
    other_sheets: list[SheetInfo] = field(default_factory=list)
    #: Whether the sheet read is a KoboToolbox repeat group's (rows are entries, not respondents).
    repeat_group: bool = False

    @property
    def n_rows(self) -> int:
        return len(self.frame)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes: a BOM wins, then UTF-8, then Windows-1252/Latin-1.

    Returns the text and the name of the encoding used.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise DataError(f"cannot decode the file as {encoding}: {exc}", path=path) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DataError(f"broken UTF-16 text: {exc.reason}", path=path) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _unnamed(columns: list[str], header: list[str]) -> list[str]:
    """The generated names of the columns whose header cell was empty."""
    return [c for c, h in zip(columns, header, strict=False) if not h.replace("\ufeff", "").strip()]


def _csv_problem(exc: csv.Error, line: int) -> str:
    """A csv module error in words, with the physical line where the record starts."""
    text = str(exc)
    if "unexpected end of data" in text:
        return (
            f"a quoted cell that starts in this row (line {line}) is never closed; "
            "check for a missing closing quote"
        )
    if "expected after" in text:
        return (
            f"text follows a closing quote in this row (line {line}); a quoted cell must end "
            "at the delimiter (write a quote inside a quoted cell as two quotes)"
        )
    return f"malformed CSV at line {line}: {text}"


def _check_header(header: list[str], path: str, row: int = 1) -> list[str]:
    names = [h.replace("\ufeff", "").strip() for h in header]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name == "":
            names[i] = f"column{i + 1}"
            continue
        if name in seen:
            raise DataError(
                f"column name {name!r} appears twice (columns {seen[name] + 1} and {i + 1}); "
                "rename one so that every column can be told apart",
                path=path,
                row=row,
                column=name,
            )
        seen[name] = i
    return names


#: Bytes read at a time by :func:`check_line_lengths`.
LINE_SCAN_BLOCK = 1 << 24


def check_line_lengths(path: str | Path, *, most: int | None = None) -> None:
    """Refuse a text file with a line longer than ``MCSTATS_MAX_LINE_BYTES``, before the
    file is read into memory.

    The careful reader holds the whole file, its decoded text and the parser's buffers at
    once; a file without line ends (or one giant line) would take many times its size. This
    scan reads :data:`LINE_SCAN_BLOCK` bytes at a time and stops at the first line beyond
    the limit, so its memory and time are bounded whatever the file. A line ends at a line
    feed or a carriage return; the line named in the message counts line feeds.

    Raises
    ------
    DataError
        Naming the file, the line and the limit.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as fh:
    ...     _ = fh.write(b"Q1,Q2\\n1,2\\n" + b"3" * 100 + b"\\n")
    >>> check_line_lengths(fh.name, most=100)
    >>> try:
    ...     check_line_lengths(fh.name, most=99)
    ... except DataError as exc:
    ...     print(exc.message.split(";")[0])
    line 3 is longer than 99 bytes (the limit MCSTATS_MAX_LINE_BYTES)
    >>> os.remove(fh.name)
    """
    most = limit("MAX_LINE_BYTES") if most is None else most
    try:
        with open(path, "rb") as fh:
            _scan_lines(fh, path, most)
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words


def _scan_lines(fh: Any, path: str | Path, most: int) -> None:
    """The scan of :func:`check_line_lengths` over an open binary file."""
    run = 0  # bytes of the current line read so far (carried across blocks)
    offset = 0  # where this block starts in the file
    while block := fh.read(LINE_SCAN_BLOCK):
        tail = _quick_tail(block, run, most)
        if tail is not None:
            run, offset = tail, offset + len(block)
            continue
        a = np.frombuffer(block, dtype=np.uint8)
        ends = np.flatnonzero((a == 10) | (a == 13))
        # Length of each line that ends in this block (the first continues the carried run).
        lengths = np.diff(ends, prepend=-1) - 1
        if lengths.size:
            lengths[0] += run
        over = np.flatnonzero(lengths > most)
        if over.size:
            first = int(over[0])
            begins = offset + int(ends[first - 1]) + 1 if first else offset - run
            _line_too_long(fh, path, begins, most)
        run = (len(block) - int(ends[-1]) - 1) if ends.size else run + len(block)
        offset += len(block)
        if run > most:
            _line_too_long(fh, path, offset - run, most)


def _quick_tail(block: bytes, run: int, most: int) -> int | None:
    """The length of the line left open at the end of ``block`` when no line in it (the
    carried ``run`` included) is longer than ``most``; None when one may be.

    A few ``find`` calls instead of a look at every line end: every line longer than
    ``most`` between the block's first and last line end holds a whole window of
    ``most // 2`` bytes (windows counted from the first line end), so a window without a
    line end is the only sign to look closer; the first and last lines are measured.
    """
    n = len(block)
    first = min((i for i in (block.find(b"\n"), block.find(b"\r")) if i >= 0), default=n)
    if run + first > most:
        return None
    if first == n:
        return run + n
    last = max(block.rfind(b"\n"), block.rfind(b"\r"))
    width = max(1, most // 2)
    for start in range(first, last - width + 1, width):
        if block.find(b"\n", start, start + width) < 0 and block.find(b"\r", start, start + width) < 0:
            return None
    tail = n - last - 1
    return tail if tail <= most else None


def _line_too_long(fh: Any, path: str | Path, begins: int, most: int) -> None:
    """Raise the error for the line that starts at byte ``begins`` (line feeds counted
    again from the start: only when a file is refused)."""
    fh.seek(0)
    line, left = 1, begins
    while left > 0 and (block := fh.read(min(left, LINE_SCAN_BLOCK))):
        line += block.count(b"\n")
        left -= len(block)
    raise DataError(
        f"line {line} is longer than {most:,} bytes (the limit {env_name('MAX_LINE_BYTES')}); "
        "a survey row is far shorter, so the file lacks line ends or is not a survey table "
        f"(if it is genuine, raise {env_name('MAX_LINE_BYTES')})",
        path=str(path),
    )


def csv_cell_limit() -> int:
    """Set the csv module's field limit to ``MCSTATS_MAX_CELL_CHARS`` and return it.

    Free-text answers can be longer than the csv module's default (128 KiB); a cell beyond
    the limit is refused by :func:`cell_too_long`, naming its row.
    """
    most = limit("MAX_CELL_CHARS")
    csv.field_size_limit(most)
    return most


def cell_too_long(exc: csv.Error) -> str | None:
    """The message for the csv module's 'field larger than field limit', else None."""
    if "field larger than field limit" not in str(exc):
        return None
    most = limit("MAX_CELL_CHARS")
    return (
        f"a cell in this row is longer than {most:,} characters (the limit "
        f"{env_name('MAX_CELL_CHARS')}); check the quoting (an unclosed quote swallows the "
        f"rows after it), or raise {env_name('MAX_CELL_CHARS')} if the text is genuine"
    )


def read_csv(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None) -> RawSurvey:
    """Read a CSV (comma, semicolon or tab; UTF-8, UTF-8 with BOM, UTF-16, Latin-1).

    Blank lines are skipped (and counted); a record with more cells than the header is an
    error naming its row; a record with fewer cells has its missing cells empty. A line
    longer than ``MCSTATS_MAX_LINE_BYTES`` is refused before the file is read, a cell
    longer than ``MCSTATS_MAX_CELL_CHARS`` when it is met (docs/limits.md).
    """
    p = Path(path)
    name = str(p)
    check_line_lengths(p)
    data = _read_bytes(p)
    if not data.strip():
        raise DataError("the file is empty; expected a header row and one row per respondent", path=name)
    text, used = decode_bytes(data, name, encoding)
    nul = text.find("\x00")
    if nul >= 0:
        raise DataError(
            f"the file holds NUL bytes after decoding (the first on line {text.count(chr(10), 0, nul) + 1}); "
            "it may be UTF-16 without a byte-order mark or not a text file at all; save it as UTF-8 "
            "(or UTF-16 with a byte-order mark)",
            path=name,
        )
    csv_cell_limit()
    delim = delimiter or sniff_delimiter(text)
    # strict: an unclosed quote is an error naming its row, instead of a cell that
    # silently swallows every following row.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    header: list[str] | None = None
    rownum = 1  # spreadsheet row: the header is row 1 unless blank lines come before it
    try:
        header = next(reader, None)
        while header is not None and not any(h.strip() for h in header):
            header = next(reader, None)  # leading blank lines
            rownum += 1
    except csv.Error as exc:
        raise DataError(
            f"cannot read the header: {cell_too_long(exc) or _csv_problem(exc, rownum)}",
            path=name,
            row=rownum,
        ) from None
    if header is None:
        raise DataError("the file holds no header row", path=name)
    header_row = rownum
    width = len(header)
    records: list[list[str | None]] = []
    rows: list[int] = []
    blank_rows: list[int] = []
    # From here on a record is one spreadsheet row; a quoted multi-line cell stays one row.
    start_line = reader.line_num + 1
    try:
        for rec in reader:
            rownum += 1
            start_line_of_rec, start_line = start_line, reader.line_num + 1
            if not rec or not any(c.strip() for c in rec):
                blank_rows.append(rownum)
                continue
            if len(rec) > width:
                extra = [c for c in rec[width:] if c.strip()]
                if extra:
                    raise DataError(
                        f"this row has {len(rec)} cells but the header has {width} columns "
                        f"(extra value {shorten_cell(extra[0])!r}, line {start_line_of_rec}); "
                        "check the delimiter and quoting",
                        path=name,
                        row=rownum,
                    )
                rec = rec[:width]
            cells: list[str | None] = [c if c.strip() != "" else None for c in rec]
            cells.extend([None] * (width - len(cells)))
            records.append(cells)
            rows.append(rownum)
    except csv.Error as exc:
        problem = cell_too_long(exc) or _csv_problem(exc, start_line)
        raise DataError(problem, path=name, row=rownum + 1) from None
    columns, header_rows = _header_names(header, records, name, header_row)
    variable_labels: dict[str, str] = {}
    if not header_rows:
        variable_labels, header_rows = _qualtrics_header_rows(columns, records, rows, header_row)
    dropped = rows[:header_rows]
    if header_rows:
        records, rows = records[header_rows:], rows[header_rows:]
    import pandas as pd

    frame = pd.DataFrame(records, columns=columns, dtype=object)
    # Blank lines at the end of the file are formatting, not skipped respondents.
    blank_rows = [r for r in blank_rows if rows and r < rows[-1]]
    return RawSurvey(
        path=name,
        sha256=_sha256(data),
        frame=frame,
        rows=np.asarray(rows, dtype=np.int64),
        format="csv",
        encoding=used,
        delimiter=delim,
        skipped_blank_lines=len(blank_rows),
        blank_rows=blank_rows,
        unnamed_columns=_unnamed(columns, header),
        variable_labels=variable_labels,
        extra_header_rows=header_rows,
        header_rows_dropped=list(dropped),
    )


#: SurveyMonkey's first columns; with them, the row under the header names answer options.
_SURVEYMONKEY_MARKS = frozenset({"respondent id", "collector id"})
#: What SurveyMonkey writes on its second header row over a question's only column.
_SURVEYMONKEY_SINGLE = frozenset({"response", "open-ended response"})


def surveymonkey_names(header: list[str], second: list[str | None]) -> list[str] | None:
    """Column names of a SurveyMonkey export, or None when the file is not one.

    SurveyMonkey writes two header rows: the question on the first (once, over the first of
    its columns; the cells over its other columns are empty) and the answer option or
    matrix row on the second ("Response" or "Open-Ended Response" over a question with one
    column). Recognised by its first columns (Respondent ID, Collector ID), or by empty
    header cells with a second row that names them and says "Response" somewhere. A
    question with one column keeps its text as the name; a matrix row becomes
    ``Question [row]``, as Google Forms names grid rows.

    >>> surveymonkey_names(["Respondent ID", "Collector ID", "Q?", "", "Gender"],
    ...                    [None, None, "Row a", "Row b", "Response"])
    ['Respondent ID', 'Collector ID', 'Q? [Row a]', 'Q? [Row b]', 'Gender']
    """
    names = [h.replace("\ufeff", "").strip() for h in header]
    sub = [(c or "").strip() for c in second[: len(names)]]
    sub += [""] * (len(names) - len(sub))
    marks = _SURVEYMONKEY_MARKS <= {n.casefold() for n in names}
    filled = any(not n and s for n, s in zip(names, sub, strict=True))
    says_response = any(s.casefold() in _SURVEYMONKEY_SINGLE for s in sub)
    if not (marks and (says_response or filled)) and not (filled and says_response):
        return None
    # The meta columns (ids, dates) have nothing on the second row; a respondent row would.
    if names and sub[0] and names[0].casefold() == "respondent id":
        return None
    out: list[str] = []
    question = ""
    for n, s in zip(names, sub, strict=True):
        if n:
            question = n
        if not s or s.casefold() in _SURVEYMONKEY_SINGLE:
            out.append(n or (question if s else ""))
        else:
            out.append(f"{question} [{s}]" if question else s)
    return out


def _header_names(
    header: list[str], records: list[list[str | None]], path: str, row: int
) -> tuple[list[str], int]:
    """The column names and how many header rows follow the first (SurveyMonkey: one)."""
    if records:
        sm = surveymonkey_names(header, records[0])
        if sm is not None:
            return _check_header(sm, path, row=row), 1
    return _check_header(header, path, row=row), 0


def _qualtrics_header_rows(
    columns: list[str], records: list[list[str | None]], rows: list[int] | None = None, header_row: int = 1
) -> tuple[dict[str, str], int]:
    """Qualtrics exports put two more header rows under the column ids: the question texts
    and a row of ``{"ImportId": ...}`` cells. Recognised by that third row, they are not
    respondents: the texts become item wording and both rows are left out (the data start
    at spreadsheet row 4, and row numbers stay those of the file).

    Only in that layout: the two rows follow the column names directly (``rows``, when
    given, are the spreadsheet rows of ``records``), every filled cell of the third row is
    an ImportId and at least half of the columns have one. A respondent whose free-text
    answer happens to look like an ImportId is never taken for a header row.

    >>> cols = ["Q1", "Q2", "Q3"]
    >>> ids = ['{"ImportId":"QID1"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3"}']
    >>> _qualtrics_header_rows(cols, [["Item one", "Item two", "Item three"], ids, ["1", "2", "3"]])[1]
    2
    >>> _qualtrics_header_rows(cols, [["1", "2", "3"], ["4", "5", '{"ImportId":"x"}']])[1]
    0
    """
    if len(records) < 2:
        return {}, 0
    if rows is not None and (len(rows) < 2 or rows[0] != header_row + 1 or rows[1] != header_row + 2):
        return {}, 0
    filled = [c for c in records[1] if c is not None]
    marks = sum(1 for c in filled if c.lstrip().startswith('{"ImportId"'))
    if marks == 0 or marks != len(filled) or marks < (len(columns) + 1) // 2:
        return {}, 0
    texts = {col: str(t).strip() for col, t in zip(columns, records[0], strict=False) if t}
    return texts, 2


def shorten_cell(text: str, limit: int = 60) -> str:
    """A cell value cut for a message: very long cells are shown by their start and length."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _read_bytes(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", path=str(p)) from None
    except IsADirectoryError:
        raise DataError("this is a folder, not a data file", path=str(p)) from None
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror}", path=str(p)) from None


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float):
        if np.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else repr(v)
    s = str(v)
    return s if s.strip() else None


def _xlsx_preflight(data: bytes, path: str) -> None:
    """Refuse a workbook before openpyxl parses it: more decompressed bytes than
    ``MCSTATS_MAX_XLSX_BYTES`` (a shared-string bomb), or an XML part with a DTD or entity
    declarations (an .xlsx never needs one)."""
    import zipfile

    from mcstats.limits import env_name, limit

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"not a readable .xlsx workbook ({type(exc).__name__})", path=path) from None
    most = limit("MAX_XLSX_BYTES")
    total = sum(i.file_size for i in infos)
    if total > most:
        raise DataError(
            f"the workbook unpacks to {total} bytes, more than the {most} mcstats reads "
            f"(set {env_name('MAX_XLSX_BYTES')} to raise the limit)",
            path=path,
        )
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(8192)
        except Exception as exc:  # a damaged member: zlib, CRC or size errors
            raise DataError(
                f"the workbook part {info.filename!r} is damaged ({type(exc).__name__})", path=path
            ) from None
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise DataError(
                f"the workbook part {info.filename!r} declares a DTD or entities, which an .xlsx file "
                "never needs; save the workbook again from a spreadsheet program",
                path=path,
            )


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


def _used_range(data: bytes, part: str, sheet: str, path: str) -> tuple[int, int]:
    """Rows and columns that hold cells in a sheet's XML, whatever its dimension record says
    (files written by other programs often store a smaller one), checked against
    ``MCSTATS_MAX_XLSX_CELLS``; a cell reference that is not one is an error naming the sheet."""
    import xml.etree.ElementTree as ET
    import zipfile

    from mcstats.limits import env_name, limit

    max_row = max_col = 0
    row_no = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)).open(part) as fh:
            for _, el in ET.iterparse(fh, events=("end",)):
                tag = el.tag.rsplit("}", 1)[-1]
                if tag == "row":
                    r = el.get("r")
                    row_no = int(r) if r is not None and r.isdigit() else row_no + 1
                    col_no = 0
                    for c in el:
                        if c.tag.rsplit("}", 1)[-1] != "c":
                            continue
                        ref = c.get("r")
                        if ref is None:
                            col_no += 1
                        else:
                            m = _CELL_REF.fullmatch(ref)
                            if m is None or int(m.group(2)) != row_no:
                                raise DataError(
                                    f"sheet {sheet!r} holds the cell reference {ref[:20]!r} in row {row_no}, "
                                    "which is not a cell of that row; the workbook is damaged",
                                    path=path,
                                )
                            col_no = 0
                            for ch in m.group(1):
                                col_no = col_no * 26 + ord(ch) - 64
                        if len(c):  # holds a value or formula
                            max_col = max(max_col, col_no)
                            max_row = max(max_row, row_no)
                    el.clear()
    except DataError:
        raise
    except Exception as exc:  # ParseError, zlib errors, a truncated part
        raise DataError(
            f"sheet {sheet!r} cannot be read: its XML is damaged ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:120] if str(exc) else ''})",
            path=path,
        ) from None
    most = limit("MAX_XLSX_CELLS")
    if max_row * max_col > most:
        raise DataError(
            f"sheet {sheet!r} has cells up to row {max_row} and column {max_col} ({max_row * max_col} cells "
            f"in its used range, more than the {most} mcstats reads; set {env_name('MAX_XLSX_CELLS')} to "
            "raise the limit, or delete the far cells)",
            path=path,
        )
    return max_row, max_col


def read_excel(path: str | Path, *, sheet: str | None = None) -> RawSurvey:
    """Read one sheet of an .xlsx workbook (the first, or ``sheet``) through openpyxl.

    Every row that holds data is read, whatever the sheet's stored dimension record says;
    the used range and the unpacked size are limited (``MCSTATS_MAX_XLSX_CELLS``,
    ``MCSTATS_MAX_XLSX_BYTES``), and a damaged workbook (broken XML, bad numbers, dates or
    references, a shared string out of range, a DTD) is one error naming the file.
    """
    p = Path(path)
    data = _read_bytes(p)
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - declared dependency
        raise DataError("reading .xlsx needs openpyxl (pip install openpyxl)", path=str(p)) from None
    _xlsx_preflight(data, str(p))
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise DataError(f"not a readable .xlsx workbook ({type(exc).__name__})", path=str(p)) from None
    if sheet is not None and sheet not in wb.sheetnames:
        raise DataError(f"no sheet named {sheet!r}; the workbook has {', '.join(wb.sheetnames)}", path=str(p))
    if not wb.sheetnames:
        raise DataError("the workbook has no readable sheet (a sheet part is missing)", path=str(p))
    name = sheet if sheet is not None else wb.sheetnames[0]
    try:
        raw = _read_sheet(wb, data, name, p)
        raw.sheet = name
        raw.other_sheets = [_sheet_info(wb, data, other, p) for other in wb.sheetnames if other != name]
        from mcstats.layouts import is_kobo_repeat_sheet

        raw.repeat_group = is_kobo_repeat_sheet(str(c) for c in raw.frame.columns)
        return raw
    except DataError:
        raise
    except Exception as exc:  # bad numbers, dates, shared-string indexes, missing parts
        raise DataError(
            f"sheet {name!r} cannot be read: the workbook is damaged ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:120] if str(exc) else ''})",
            path=str(p),
        ) from None
    finally:
        wb.close()


def _sheet_info(wb: Any, data: bytes, name: str, p: Path) -> SheetInfo:
    """Name, rows below the header and header of a sheet that is not read (so that no
    sheet of a workbook is left out without a word). A sheet that cannot be looked at
    (damaged, over the size limits) says so; it never stops the sheet that is read."""
    try:
        ws = wb[name]
        n_rows, n_cols = _used_range(data, ws._worksheet_path, name, str(p))
        if n_rows == 0:
            return SheetInfo(name, 0, ())
        ws.reset_dimensions()
        first = next(ws.iter_rows(values_only=True, max_row=1, max_col=n_cols), ())
        return SheetInfo(name, max(n_rows - 1, 0), tuple(_cell_text(h) or "" for h in first))
    except DataError as exc:
        return SheetInfo(name, 0, (), problem=exc.message)
    except Exception as exc:  # a damaged part: the sheet read is unaffected
        return SheetInfo(name, 0, (), problem=f"it cannot be read: {type(exc).__name__}")


def _read_sheet(wb: Any, data: bytes, name: str, p: Path) -> RawSurvey:
    import openpyxl
    import pandas as pd

    ws = wb[name]
    n_rows, n_cols = _used_range(data, ws._worksheet_path, name, str(p))
    if n_rows == 0:
        raise DataError("the sheet is empty", path=str(p))
    ws.reset_dimensions()  # read every row that holds data, not only the stored dimension
    # The same sheet with formulas instead of their saved values: a formula cell that was
    # never calculated (a workbook written by a script) has no saved value and would
    # otherwise read as an empty answer.
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)[name]
    formulas.reset_dimensions()
    it = zip(
        ws.iter_rows(values_only=True, max_row=n_rows, max_col=n_cols),
        formulas.iter_rows(values_only=True, max_row=n_rows, max_col=n_cols),
        strict=False,
    )
    first = next(it, None)
    if first is None:
        raise DataError("the sheet is empty", path=str(p))
    header_cells = [_cell_text(h) or "" for h in first[0]]
    columns = [str(i) for i in range(len(header_cells))]  # named once the rows are read
    records, rows, blank_rows = [], [], []
    for i, (rec, frec) in enumerate(it, start=2):
        cells = [_cell_text(c) for c in rec][: len(columns)]
        for j, (c, f) in enumerate(zip(cells, frec, strict=False)):
            if c is None and isinstance(f, str) and f.startswith("="):
                raise DataError(
                    f"the cell holds the formula {shorten_cell(f)!r} but no saved value; open the "
                    "workbook in a spreadsheet program and save it (or paste the values)",
                    path=str(p),
                    row=i,
                    column=header_cells[j] or f"column{j + 1}",
                )
        if not any(c is not None for c in cells):
            blank_rows.append(i)
            continue
        cells.extend([None] * (len(columns) - len(cells)))
        records.append(cells)
        rows.append(i)
    columns, header_rows = _header_names(header_cells, records, str(p), 1)
    variable_labels: dict[str, str] = {}
    if not header_rows:
        variable_labels, header_rows = _qualtrics_header_rows(columns, records, rows, 1)
    dropped = rows[:header_rows]
    records, rows = records[header_rows:], rows[header_rows:]
    # Trailing empty rows are formatting, not skipped respondents.
    blank_rows = [r for r in blank_rows if rows and r < rows[-1]]
    return RawSurvey(
        path=str(p),
        sha256=_sha256(data),
        frame=pd.DataFrame(records, columns=columns, dtype=object),
        rows=np.asarray(rows, dtype=np.int64),
        format="xlsx",
        skipped_blank_lines=len(blank_rows),
        blank_rows=blank_rows,
        unnamed_columns=_unnamed(columns, header_cells),
        variable_labels=variable_labels,
        extra_header_rows=header_rows,
        header_rows_dropped=list(dropped),
    )


def read_sav(path: str | Path) -> RawSurvey:
    """Read an SPSS .sav file through pyreadstat.

    User-missing codes declared in the file become missing; value labels and variable
    labels are kept for the instrument (labels as responses, variable labels as wording).
    """
    p = Path(path)
    data = _read_bytes(p)
    try:
        import pyreadstat
    except ImportError:  # pragma: no cover
        raise DataError("reading .sav needs pyreadstat (pip install pyreadstat)", path=str(p)) from None
    try:
        df, meta = pyreadstat.read_sav(str(p), user_missing=False)
    except Exception as exc:
        raise DataError(f"not a readable SPSS .sav file ({exc})", path=str(p)) from None
    frame = df.astype(object).map(_cell_text) if len(df) else df.astype(object)
    frame.columns = _check_header([str(c) for c in df.columns], str(p))
    value_labels, variable_labels = sav_labels(meta)
    return RawSurvey(
        path=str(p),
        sha256=_sha256(data),
        frame=frame,
        rows=np.arange(2, len(frame) + 2, dtype=np.int64),
        format="sav",
        value_labels=value_labels,
        variable_labels=variable_labels,
    )


def sav_labels(meta: Any) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Value labels (column -> code text -> label) and variable labels of a .sav file."""
    value_labels = {
        col: {_cell_text(k) or "": str(v) for k, v in labels.items()}
        for col, labels in (meta.variable_value_labels or {}).items()
    }
    variable_labels = {
        c: lab for c, lab in zip(meta.column_names, meta.column_labels or [], strict=False) if lab
    }
    return value_labels, variable_labels


def read_parquet(path: str | Path) -> RawSurvey:
    """Read a Parquet file through pyarrow. Row numbers are record numbers + 1, as if the
    column names were a header row (so the first respondent is row 2, as in a CSV)."""
    p = Path(path)
    data = _read_bytes(p)
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several types for broken files
        raise DataError(f"not a readable Parquet file ({type(exc).__name__}: {exc})", path=str(p)) from None
    columns = _check_header([str(c) for c in table.column_names], str(p))
    import pandas as pd

    frame = pd.DataFrame(
        {c: [_cell_text(v) for v in table.column(i).to_pylist()] for i, c in enumerate(columns)}, dtype=object
    )
    return RawSurvey(
        path=str(p),
        sha256=_sha256(data),
        frame=frame,
        rows=np.arange(2, len(frame) + 2, dtype=np.int64),
        format="parquet",
    )


def load_survey(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> RawSurvey:
    """Read a survey file (CSV, Excel .xlsx or SPSS .sav) into a :class:`RawSurvey`.

    Parameters
    ----------
    path : str | Path
        The data file; the format follows from the extension (.csv/.tsv/.txt, .xlsx, .sav).
    sheet : str | None
        Excel sheet name (default: the first sheet).
    encoding, delimiter : str | None
        Override the detected CSV encoding or delimiter.

    Raises
    ------
    DataError
        Naming the file (and row and column where it applies) when the file cannot be read.

    Examples
    --------
    >>> raw = load_survey("data/examples/example_4point.csv")
    >>> raw.n_rows, raw.encoding, raw.delimiter
    (120, 'utf-8', ',')
    """
    p = Path(path)
    check_input_file(p, DataError, what="data file")  # not /dev/zero, a pipe, a socket or a loop of links
    ext = p.suffix.lower()
    if ext in (".xlsx", ".xlsm"):
        return read_excel(p, sheet=sheet)
    if ext == ".sav":
        return read_sav(p)
    if ext == ".parquet":
        return read_parquet(p)
    if ext in (".csv", ".tsv", ".txt", ""):
        return read_csv(p, encoding=encoding, delimiter=delimiter)
    raise DataError(f"unknown file type {ext!r}; mcstats reads {', '.join(SUPPORTED)}", path=str(p))
