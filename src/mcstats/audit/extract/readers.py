"""A paper as text: ``.txt``, ``.md``, ``.html``, ``.docx`` and ``.pdf`` read into one text.

Every reader returns the paper's running text with its tables written as tab-separated lines
(one line per table row, cells joined by tabs), so that one table finder
(:mod:`mcstats.audit.extract.tables`) serves every format, and the in-text results
(:mod:`mcstats.audit.extract.text`) are read from the same text:

* ``.txt`` and ``.md``: the text as it is (Markdown pipe tables are kept; the table finder
  reads them too).
* ``.html``/``.htm``: the standard library's HTML parser; block elements end lines, ``<td>``
  and ``<th>`` are joined by tabs, scripts and styles are dropped, entities decoded.
* ``.docx``: python-docx (already a dependency for Word reports); paragraphs and tables in
  document order.
* ``.pdf``: pypdf (BSD-3-Clause, pure Python, no other dependency: the optional extra
  ``pdf``), text in its layout mode, so that table columns keep their places; a table's
  cells are put under its header's columns by position (empty cells stay empty). A scanned
  PDF (no text layer) has no text, which is reported.

Examples
--------
>>> read_html_text("<p>Boys: t(28) = 2.20, p = .06</p><table><tr><th>Item</th><th>Mean</th></tr></table>")
'Boys: t(28) = 2.20, p = .06\\nItem\\tMean'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from mcstats.errors import DataError, UsageError
from mcstats.safety import check_input_file

__all__ = ["PAPER_SUFFIXES", "Paper", "read_docx_text", "read_html_text", "read_paper", "read_pdf_text"]

#: File suffixes read as papers.
PAPER_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


@dataclass(frozen=True)
class Paper:
    """A paper's text (tables as tab-separated lines) and where it came from."""

    path: str | None
    kind: str
    text: str


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "caption",
    "blockquote",
    "pre",
    "hr",
    "title",
    "figcaption",
    "dt",
    "dd",
}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.cells: list[str] | None = None
        self.skip = 0

    def _end_line(self) -> None:
        line = " ".join("".join(self.cur).split())
        if line:
            self.lines.append(line)
        self.cur = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1
        elif tag == "tr":
            self._end_line()
            self.cells = []
        elif tag in ("td", "th"):
            self.cur = []
        elif tag in _BLOCK and self.cells is None:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append(" ".join("".join(self.cur).split()))
            self.cur = []
        elif tag == "tr" and self.cells is not None:
            if any(self.cells):
                self.lines.append("\t".join(self.cells))
            self.cells = None
            self.cur = []
        elif tag in _BLOCK and self.cells is None:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.cur.append(data)

    def text(self) -> str:
        self._end_line()
        return "\n".join(self.lines)


def read_html_text(html: str) -> str:
    """The text of an HTML page, tables as tab-separated lines (see the module docstring)."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------


def read_docx_text(path: str | Path) -> str:
    """The text of a Word document: paragraphs and tables (tab-separated) in document order."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UsageError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise DataError(
            f"cannot read the Word document: not a valid .docx file ({type(exc).__name__})", path=str(path)
        ) from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join(Paragraph(block, document).text.split())
            if text:
                lines.append(text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    lines.append("\t".join(cells))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------

_SPAN = re.compile(r"\S+(?: \S+)*")


def _spans(line: str) -> list[tuple[int, int, str]]:
    """Runs of text separated by two or more spaces: (start, end, text)."""
    return [(m.start(), m.end(), m.group()) for m in _SPAN.finditer(line)]


def _is_header(spans: list[tuple[int, int, str]]) -> bool:
    from mcstats.audit.extract.tables import column_statistic, remark_column

    named = sum(1 for _, _, t in spans if column_statistic(t) or remark_column(t))
    return len(spans) >= 3 and named >= 2


_NUMERIC_CELL = re.compile(r"^[-\u2212+]?\d*[.,]?\d+%?$")


def _split_numbers(cells: list[str]) -> None:
    """A cell holding two numbers (``432 2.960``: a row set off from its header) gives one to
    the empty cell beside it: the first to the left, or the last to the right."""
    for k in range(1, len(cells)):
        parts = cells[k].split()
        if len(parts) != 2 or not all(_NUMERIC_CELL.match(x) for x in parts):
            continue
        if k > 1 and not cells[k - 1]:
            cells[k - 1], cells[k] = parts
        elif k + 1 < len(cells) and not cells[k + 1]:
            cells[k], cells[k + 1] = parts


def _fits(body: list[tuple[int, int, str]], bounds: list[float], width: int) -> bool:
    """Whether a line reads as a table row under these columns: two or more cells, one of
    them a number in a column right of the first."""
    if len(body) < 2:
        return False
    cells = [""] * width
    for s0, e0, text in body:
        k = _zone(bounds, (s0 + e0) / 2)
        cells[k] = f"{cells[k]} {text}".strip()
    return sum(1 for c in cells if c) >= 2 and any(
        _NUMERIC_CELL.match(x) for c in cells[1:] for x in c.split()
    )


def _zone(bounds: list[float], centre: float) -> int:
    return next(j for j in range(len(bounds) - 1) if bounds[j] <= centre < bounds[j + 1])


_COUNT_CELL = re.compile(r"^\d+(?:\s*\(\s*\d*\.?\d+\s*%?\s*\))?$")


def _is_count_header(spans: list[tuple[int, int, str]], following: list[tuple[int, int, str]]) -> bool:
    """A crosstab's header (``School  Yes  No  Total``): three or more runs of words, and the
    line under it the same number of runs, all but the first counts (``12`` or ``12 (40.0%)``)."""
    if len(spans) < 3 or any(c.isdigit() for _, _, t in spans for c in t):
        return False
    return len(following) == len(spans) and all(_COUNT_CELL.match(t) for _, _, t in following[1:])


def _layout_tables(lines: list[str]) -> list[str]:
    """Layout-mode lines with tables rebuilt: cells placed under the header's columns.

    A header is a line of three or more runs (text separated by 2+ spaces), two of them
    column names (N, Mean, SD, Remark, ...). Each run of a body line goes to the column
    whose zone (from halfway to the previous header cell to halfway to the next) holds the
    run's centre, so that empty cells stay empty. Where the header has no cell above the
    row labels (it starts to the right of where the labels end), a label column is added.
    A line right under the header with words only under its columns completes the header
    (``Std.`` over ``D.``). A line with text but no number after a row with numbers
    continues that row (a wrapped label, a remark printed on two lines). A blank line, or a
    single long run, ends the table.
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        spans = _spans(lines[i])
        following = _spans(lines[i + 1]) if i + 1 < len(lines) else []
        if not (_is_header(spans) or _is_count_header(spans, following)):
            out.append(" ".join(lines[i].split()))
            i += 1
            continue
        header = [t for _, _, t in spans]
        starts = [s0 for s0, _, _ in spans]
        ends = [e0 for _, e0, _ in spans]
        nxt = _spans(lines[i + 1]) if i + 1 < len(lines) else []
        after = _spans(lines[i + 2]) if i + 2 < len(lines) else []
        first_body = after if nxt and not any(c.isdigit() for _, _, t in nxt for c in t) else nxt
        if first_body and first_body[0][1] <= starts[0] and starts[0] >= 8:
            header, starts, ends = ["", *header], [0, *starts], [0, *ends]  # an unheaded label column
        bounds = [0.0, *((e0 + s1) / 2 for e0, s1 in zip(ends[:-1], starts[1:], strict=True)), float("inf")]
        if header[0] == "":
            bounds[1] = float(starts[1]) - 0.5
        i += 1
        # a header printed on two lines: words only, none left of the second column
        if i < len(lines):
            cont = _spans(lines[i])
            if cont and cont[0][0] >= starts[1] and not any(c.isdigit() for _, _, t in cont for c in t):
                for s0, e0, text in cont:
                    k = _zone(bounds, (s0 + e0) / 2)
                    header[k] = f"{header[k]} {text}".strip()
                i += 1
        out.append("\t".join(header))
        rows: list[list[str]] = []
        while i < len(lines):
            body = _spans(lines[i])
            if not rows and not _fits(body, bounds, len(header)):
                # between the header and its first row: a blank line, or a page break with
                # the page's running head and foot; look a few lines on for the rows
                near = range(i + 1, min(i + 8, len(lines)))
                ahead = next((j for j in near if _fits(_spans(lines[j]), bounds, len(header))), None)
                if ahead is not None:
                    i = ahead
                    continue
            if not body:
                break
            if len(body) == 1 and (len(body[0][2]) > 60 or body[0][2].lower().startswith("table")):
                break
            cells = [""] * len(header)
            for s0, e0, text in body:
                k = _zone(bounds, (s0 + e0) / 2)
                cells[k] = f"{cells[k]} {text}".strip()
            _split_numbers(cells)
            numeric = any(_NUMERIC_CELL.match(c) for c in cells[1:] if c)
            above = rows[-1] if rows else None
            if above is not None and not numeric and any(_NUMERIC_CELL.match(c) for c in above[1:] if c):
                for k, text in enumerate(cells):  # a wrapped label or remark
                    if text:
                        above[k] = f"{above[k]} {text}".strip()
            else:
                rows.append(cells)
            i += 1
        out.extend("\t".join(r) for r in rows)
    return out


def read_pdf_text(path: str | Path) -> str:
    """The text of a PDF through pypdf's layout mode, table columns as tabs."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise UsageError(
            "reading a PDF needs pypdf: pip install 'mcstats[pdf]' (or pip install pypdf)"
        ) from None
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise DataError(f"cannot read the PDF: {exc}", path=str(path)) from None
    # one stream of lines, so that a table whose header ends a page keeps its rows
    lines = _layout_tables([line for page in pages for line in page.splitlines()])
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise DataError(
            "the PDF has no text layer (a scan?); run OCR first or transcribe the tables into a "
            "published-values YAML",
            path=str(path),
        )
    return text


# --------------------------------------------------------------------------------------------
# Any paper
# --------------------------------------------------------------------------------------------


def _check_paper_size(p: Path, size: int) -> None:
    """Refuse a paper above ``MCSTATS_MAX_PAPER_BYTES`` (or a .docx that unpacks beyond it)
    before it is read: a paper is text and tables, megabytes at most (issue 19, item 2)."""
    from mcstats.limits import env_name, limit

    most = limit("MAX_PAPER_BYTES")
    what = "the file is"
    if size <= most and p.suffix.lower() == ".docx":
        import zipfile

        try:
            with zipfile.ZipFile(p) as zf:
                size, what = sum(i.file_size for i in zf.infolist()), "the Word document unpacks to"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return  # read_docx_text says the file is not a .docx
    if size > most:
        raise DataError(
            f"{what} {size:,} bytes, more than the {most:,} mcstats reads from a paper "
            f"(the limit {env_name('MAX_PAPER_BYTES')}); a paper's text and tables take far less",
            path=str(p),
        )


def read_paper(path: str | Path) -> Paper:
    """Read a paper (.txt, .md, .html, .docx, .pdf) into :class:`Paper`.

    Raises
    ------
    UsageError
        For another file type, or a PDF without pypdf installed.
    DataError
        When the file cannot be read.
    """
    from mcstats.io import decode_bytes

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in PAPER_SUFFIXES:
        raise UsageError(f"{p}: a paper must be .txt, .md, .html, .docx or .pdf")
    # Regular files only, before anything is read: /dev/zero, a pipe or a link to one would
    # be read without end (issue 19); then the size limit.
    _check_paper_size(p, check_input_file(p, DataError, what="paper"))
    if suffix == ".docx":
        return Paper(str(p), "docx", read_docx_text(p))
    if suffix == ".pdf":
        return Paper(str(p), "pdf", read_pdf_text(p))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=str(p)) from None
    text, _ = decode_bytes(data, str(p))
    if suffix in (".html", ".htm"):
        return Paper(str(p), "html", read_html_text(text))
    return Paper(str(p), "markdown" if suffix in (".md", ".markdown") else "text", text)
