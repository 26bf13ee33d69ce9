"""Word (.docx) reports through python-docx: the analysis report as a thesis chapter
expects it, and the side-by-side table of a replication.

The analysis report draws the table model of :mod:`mcstats.report.tables` (nothing is
computed here):

* A4 by default (``paper="letter"`` for US Letter), 1-inch margins, Times New Roman 12,
  or the styles, font and page of a university's own template (``template=``).
* APA 7 tables: the number in bold and the title in italics above the table, both in one
  paragraph of Word's Caption style whose number is a ``SEQ Table`` field, so that
  References > Insert Table of Figures builds a List of Tables (figures likewise with
  ``SEQ Figure``); horizontal rules only; a note under the table.
* Every table spans the text width: numeric columns are as wide as their widest number
  or header word (measured with the font's metrics), the wording column takes the rest
  and wraps between words; headers never break inside a word; numbers are right-aligned
  and centred as a block under their header; the header row repeats on a new page and no
  row is split across pages.
* A table whose numbers cannot stay whole across the portrait page even at 8 pt (an
  item-by-item comparison of four groups has 18 columns) is set on a landscape page of
  its own section; the text after it returns to portrait.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcstats.errors import UsageError
from mcstats.report.tables import Cell, Figure, Heading, Paragraph, ReportOptions, Table, Text, plain

if TYPE_CHECKING:
    from mcstats.report.charts import Chart


class _Tables:
    """Numbers tables in order and applies the APA layout."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.count = 0

    def add(self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]], note: str = "") -> Any:
        from docx.shared import Pt

        self.count += 1
        p = self.document.add_paragraph()
        p.add_run(f"Table {self.count}").bold = True
        p.paragraph_format.space_after = Pt(0)
        t = self.document.add_paragraph()
        t.add_run(title).italic = True
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        for j, text in enumerate(header):
            table.cell(0, j).text = text
        for i, row in enumerate(rows, start=1):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        _apa_rules(table)
        if note:
            n = self.document.add_paragraph()
            n.add_run("Note. ").italic = True
            n.add_run(note)
        return table


def _border(cell: Any, edge: str, size: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.append(borders)
    el = OxmlElement(f"w:{edge}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:color"), "000000")
    borders.append(el)


def _apa_rules(table: Any) -> None:
    """Horizontal rules only: above and below the heads, below the last row."""
    rows = table.rows
    for cell in rows[0].cells:
        _border(cell, "top", 8)
        _border(cell, "bottom", 4)
    for cell in rows[-1].cells:
        _border(cell, "bottom", 8)


#: Page sizes (width, height) in inches.
PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
MARGIN_IN = 1.0
FONT = "Times New Roman"
BODY_PT = 12
#: Table font sizes tried in turn until the numeric columns leave the wording column room.
TABLE_PT = (11, 10, 9, 8)
#: Left plus right cell margin in inches (set on every table; Word's default is 0.16).
CELL_PAD_IN = 0.12
#: The least width of the wording column, in inches, before a smaller font is tried.
MIN_WORDING_IN = 1.6


# ------------------------------------------------------------------ text measurement


_AFM_CACHE: dict[str, dict[int, float]] = {}


def _afm_widths(name: str) -> dict[int, float]:
    """Advance widths (1/1000 em) by character code from one of matplotlib's AFM files of
    the standard PostScript fonts (Times-Roman is metric-compatible with Times New Roman)."""
    if name not in _AFM_CACHE:
        widths: dict[int, float] = {}
        try:
            import matplotlib

            path = f"{matplotlib.get_data_path()}/fonts/afm/{name}.afm"
            with open(path, encoding="latin-1") as fh:
                for line in fh:
                    if line.startswith("C "):
                        fields = dict(f.strip().split(" ", 1) for f in line.split(";") if " " in f.strip())
                        code = int(fields["C"])
                        if code >= 0:
                            widths[code] = float(fields["WX"])
        except (OSError, ValueError, KeyError):
            widths = {}
        _AFM_CACHE[name] = widths
    return _AFM_CACHE[name]


def text_width_in(
    text: str, size_pt: float, *, bold: bool = False, italic: bool = False, sans: bool = False
) -> float:
    """Width of ``text`` set in Times (New Roman) at ``size_pt``, in inches; ``sans``: in
    Helvetica (Arial's metrics; wider than Calibri, so a safe measure for it too).

    >>> round(text_width_in("0.00", 12), 3)  # four characters of 0.5 em and a 0.25 em point
    0.292
    >>> text_width_in("Extent", 12, sans=True) > text_width_in("Extent", 12)
    True
    """
    if sans:
        name = {
            (False, False): "phvr8a",
            (True, False): "phvb8a",
            (False, True): "phvro8a",
            (True, True): "phvbo8a",
        }[(bold, italic)]
    else:
        name = {
            (False, False): "ptmr8a",
            (True, False): "ptmb8a",
            (False, True): "ptmri8a",
            (True, True): "ptmbi8a",
        }[(bold, italic)]
    widths = _afm_widths(name)
    total = 0.0
    for ch in text:
        code = ord(ch)
        w = widths.get(code) if code < 256 else None
        total += w if w is not None else 560.0  # Greek letters, dashes, minus: about 0.5 em
    return total / 1000.0 * size_pt / 72.0


def _wrap_width(text: str, size_pt: float, lines: int, *, sans: bool = False) -> float:
    """The least width (inches) at which ``text`` wraps between words into ``lines`` lines."""
    words = _words(text)
    if not words:
        return 0.0
    space = text_width_in(" ", size_pt, sans=sans)
    width = max(text_width_in(w, size_pt, sans=sans) for w in words)
    while True:
        used, line = 1, 0.0
        for w in words:
            ww = text_width_in(w, size_pt, sans=sans)
            if line and line + space + ww > width:
                used, line = used + 1, ww
            else:
                line = line + space + ww if line else ww
        if used <= lines:
            return width
        width += 0.02


def _cell_lines(cell: Cell) -> list[str]:
    """The lines of a cell in Word: a count with its percent is set as two lines, the
    count over its percent, so that a table of response options stays narrow."""
    if cell.kind == "count_percent" and " " in cell.text:
        count, percent = cell.text.split(" ", 1)
        return [count, percent]
    return [cell.text]


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w]


def _run_words(text: Text) -> list[list[tuple[str, bool]]]:
    """The words of a header as pieces of its runs: a word that runs on from an italic run
    into a plain one (*t*-crit, *F*-cal) is one word, measured whole, so that Word does
    not break it at its hyphen."""
    words: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    for run in text.runs:
        parts = run.text.split(" ")
        for k, part in enumerate(parts):
            if k > 0 and current:
                words.append(current)
                current = []
            if part:
                current.append((part, run.italic))
    if current:
        words.append(current)
    return words


# ------------------------------------------------------------------ OOXML helpers


#: Child order the WordprocessingML schema requires (Word refuses a file that breaks it;
#: LibreOffice does not), for the elements this module adds to.
_ORDER = {
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ],
    "tcPr": [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ],
    "tcBorders": ["top", "start", "left", "bottom", "end", "right", "insideH", "insideV", "tl2br", "tr2bl"],
    "tblCellMar": ["top", "start", "left", "bottom", "end", "right"],
    "rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _set(el: Any, tag: str, **attrs: str) -> Any:
    """The child ``tag`` of ``el`` (created in schema order if missing) with ``attrs`` set."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = el.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = _ORDER.get(_local(el.tag))
        name = tag.split(":", 1)[1]
        later = None
        if order is not None and name in order:
            rank = order.index(name)
            later = next(
                (c for c in el if _local(c.tag) in order and order.index(_local(c.tag)) > rank), None
            )
        if later is not None:
            later.addprevious(child)
        else:
            el.append(child)
    for k, v in attrs.items():
        child.set(qn(k), v)
    return child


def _field(paragraph: Any, instruction: str, result: str, *, bold: bool = False) -> None:
    """A complex field (``SEQ Table \\* ARABIC``) with its current result, so the number
    shows before Word updates fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run.bold = bold
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    shown = paragraph.add_run(result)
    shown.bold = bold
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _cell_border(cell: Any, edge: str, size: int) -> None:
    borders = _set(cell._tc.get_or_add_tcPr(), "w:tcBorders")
    _set(borders, f"w:{edge}", **{"w:val": "single", "w:sz": str(size), "w:space": "0", "w:color": "000000"})


def _twips(inches: float) -> int:
    return round(inches * 1440)


# ------------------------------------------------------------------ the document


def _as_document(path: Path) -> io.BytesIO:
    """The bytes of a .docx, or of a Word template (.dotx) relabelled as a document, which
    python-docx opens (it refuses the template content type)."""
    import zipfile

    data = path.read_bytes()
    if path.suffix.lower() not in (".dotx", ".dotm"):
        return io.BytesIO(data)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"wordprocessingml.template.main+xml", b"wordprocessingml.document.main+xml"
                ).replace(
                    b"ms-word.template.macroEnabledTemplate.main+xml", b"wordprocessingml.document.main+xml"
                )
            dst.writestr(item, content)
    out.seek(0)
    return out


class _Writer:
    """Draws a :class:`~mcstats.report.tables.Report` into a python-docx Document."""

    def __init__(self, template: str | Path | None, paper: str | None) -> None:
        from docx import Document
        from docx.shared import Inches, Pt

        if paper is not None and paper not in PAPER:
            raise UsageError(f"paper must be one of {', '.join(PAPER)}, got {paper!r}")
        if template is not None:
            try:
                self.d = Document(_as_document(Path(template)))
            except Exception as exc:  # python-docx raises several kinds for a bad file
                raise UsageError(f"cannot use {template} as a Word template: {exc}") from None
            body = self.d.element.body
            for child in list(body):
                if not child.tag.endswith("}sectPr"):
                    body.remove(child)
        else:
            self.d = Document()
            self._house_styles()
        section = self.d.sections[0]
        if template is None or paper is not None:
            width, height = PAPER[paper or "a4"]
            section.page_width, section.page_height = Inches(width), Inches(height)
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Inches(MARGIN_IN))
        self.landscape = False
        self._measure(section)
        self._caption_style()
        self.pt = Pt
        # Column widths are measured with Times metrics, or Helvetica's for a sans-serif
        # template font (Arial, Calibri, ...), which run wider.
        font = (self.d.styles["Normal"].font.name or "calibri").lower()  # no name: the theme font
        self.sans = not any(
            k in font for k in ("times", "roman", "serif", "georgia", "garamond", "cambria")
        ) or ("sans" in font)

    def _measure(self, section: Any) -> None:
        from docx.shared import Inches

        page = int(section.page_width or Inches(PAPER["a4"][0]))
        margins = int(section.left_margin or 0) + int(section.right_margin or 0)
        self.text_width_in = (page - margins) / 914400  # EMU per inch

    def needs_landscape(self, t: Table) -> bool:
        """True when ``t`` cannot keep its numbers whole across the portrait text width even
        at the smallest table font (an item-by-item table of four groups has 18 columns)."""
        if self.landscape:
            return self._portrait_misfit(t)
        return not self._layout(t)[2]

    def _portrait_misfit(self, t: Table) -> bool:
        width = self.text_width_in
        sec = self.d.sections[-1]
        portrait = int(sec.page_height or 0) - int(sec.left_margin or 0) - int(sec.right_margin or 0)
        self.text_width_in = portrait / 914400
        try:
            return not self._layout(t)[2]
        finally:
            self.text_width_in = width

    def orient(self, landscape: bool) -> None:
        """Start a new section (on a new page) in landscape or back in portrait, when the
        page is not already so: wide tables get a landscape page of their own, as APA's
        manual allows for tables that do not fit the portrait page."""
        if landscape == self.landscape:
            return
        from docx.enum.section import WD_ORIENT, WD_SECTION

        last = self.d.sections[-1]
        width, height = last.page_width, last.page_height
        section = self.d.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = height, width
        self.landscape = landscape
        self._measure(section)

    def _house_styles(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        styles = self.d.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        _set(normal.element.get_or_add_rPr(), "w:rFonts", **{"w:eastAsia": FONT, "w:cs": FONT})
        normal.paragraph_format.space_after = Pt(6)
        for name, centred in (("Heading 1", True), ("Heading 2", False)):
            st = styles[name]
            st.font.name = FONT
            st.font.size = Pt(BODY_PT)
            st.font.bold = True
            st.font.color.rgb = RGBColor(0, 0, 0)
            fonts = _set(
                st.element.get_or_add_rPr(),
                "w:rFonts",
                **{"w:ascii": FONT, "w:hAnsi": FONT, "w:eastAsia": FONT, "w:cs": FONT},
            )
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                fonts.attrib.pop(qn(attr), None)
            st.paragraph_format.space_before = Pt(12)
            st.paragraph_format.space_after = Pt(6)
            if centred:
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _caption_style(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        try:
            st = self.d.styles["Caption"]
        except KeyError:
            st = self.d.styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = self.d.styles["Normal"]
        # APA: the caption is in the body font; number bold, title italic (set per run).
        st.font.size = Pt(BODY_PT)
        st.font.bold = False
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.paragraph_format.space_before = Pt(12)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True

    # -- blocks

    def heading(self, text: str, level: int) -> None:
        self.d.add_heading(text, level=level)

    def paragraph(self, block: Paragraph) -> None:
        style = None
        if block.kind == "bullet":
            style = "List Bullet" if "List Bullet" in [s.name for s in self.d.styles] else None
        p = self.d.add_paragraph(style=style)
        if block.kind == "bullet" and style is None:
            p.add_run("• ")
        self._runs(p, block.text)
        if block.kind == "meta":
            for r in p.runs:
                r.italic = True

    def _runs(self, p: Any, text: Text, *, size: float | None = None, italic: bool = False) -> None:
        for run in text.runs:
            r = p.add_run(run.text)
            if run.italic or italic:
                r.italic = True
            if size is not None:
                r.font.size = self.pt(size)

    def caption(self, kind: str, number: int, title: Text) -> None:
        """``Table 1`` (bold, a SEQ field) and the title (italic) in one Caption paragraph,
        separated by a line break, as APA lays them out and Word lists them."""
        from docx.enum.text import WD_BREAK

        p = self.d.add_paragraph(style="Caption")
        p.add_run(f"{kind} ").bold = True
        _field(p, f"SEQ {kind} \\* ARABIC", str(number), bold=True)
        p.add_run().add_break(WD_BREAK.LINE)
        self._runs(p, title, italic=True)

    def table(self, t: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.caption("Table", t.number, t.title)
        size, widths, _ = self._layout(t)
        header = t.header_rows()
        table = self.d.add_table(rows=len(header) + len(t.rows), cols=len(t.columns))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        _set(tbl_pr, "w:tblW", **{"w:w": str(sum(_twips(w) for w in widths)), "w:type": "dxa"})
        _set(tbl_pr, "w:tblLayout", **{"w:type": "fixed"})
        # Cell margins of 0.06 inch each side (Word's default is 0.08): CELL_PAD_IN in all.
        margins = _set(tbl_pr, "w:tblCellMar")
        for side in ("left", "right"):
            _set(margins, f"w:{side}", **{"w:w": str(_twips(CELL_PAD_IN / 2)), "w:type": "dxa"})
        grid = table._tbl.tblGrid
        for gc, w in zip(
            grid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol"),
            widths,
            strict=True,
        ):
            gc.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w", str(_twips(w)))
        content = self._content_widths(t, size)
        keep = len(t.rows) + len(header) <= 30  # a short table stays on one page with its caption
        for i, hrow in enumerate(header):
            tr = table.rows[i]
            _set(tr._tr.get_or_add_trPr(), "w:tblHeader")
            _set(tr._tr.get_or_add_trPr(), "w:cantSplit")
            for h in hrow:
                cell = tr.cells[h.column]
                if h.colspan > 1:
                    cell = cell.merge(tr.cells[h.column + h.colspan - 1])
                if h.rowspan > 1:
                    cell = cell.merge(table.rows[i + h.rowspan - 1].cells[h.column])
                p = cell.paragraphs[0]
                self._runs(p, h.text, size=size)
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if h.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
                self._tight(p, keep=True)
                cell.vertical_alignment = 3  # bottom (WD_ALIGN_VERTICAL.BOTTOM)
        for r, row in enumerate(t.rows):
            tr = table.rows[len(header) + r]
            _set(tr._tr.get_or_add_trPr(), "w:cantSplit")
            for j, c in enumerate(row.cells):
                cell = tr.cells[j]
                p = cell.paragraphs[0]
                lines = _cell_lines(c)
                for k, line in enumerate(lines):
                    r_ = p.add_run(line)
                    r_.font.size = self.pt(size)
                    if k < len(lines) - 1:
                        r_.add_break()
                col = t.columns[j]
                if col.align == "right":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    # Right-aligned, and the block of numbers centred under the header.
                    slack = max(0.0, widths[j] - CELL_PAD_IN - content[j]) / 2
                    p.paragraph_format.right_indent = self.pt(slack * 72)
                self._tight(p, keep=keep)  # the last row keeps with the note
        for j, w in enumerate(widths):
            for cell in table.columns[j].cells:
                cell.width = self.pt(w * 72)
        self._rules(table, len(header), t)
        if t.notes:
            p = self.d.add_paragraph()
            p.add_run("Note. ").italic = True
            for k, n in enumerate(t.notes):
                self._runs(p, (plain(" ") if k else Text()) + n, size=size)
            p.paragraph_format.space_before = self.pt(3)
            p.paragraph_format.space_after = self.pt(12)
            p.paragraph_format.keep_together = True  # the note is not split from its table
            for run in p.runs:
                run.font.size = self.pt(size)

    def _tw(self, text: str, size: float, *, italic: bool = False) -> float:
        return text_width_in(text, size, italic=italic, sans=self.sans)

    def _tight(self, p: Any, *, keep: bool) -> None:
        pf = p.paragraph_format
        pf.space_before = self.pt(0)
        pf.space_after = self.pt(0)
        pf.line_spacing = 1.0
        pf.keep_with_next = keep

    def _rules(self, table: Any, n_header: int, t: Table) -> None:
        """APA: rules above and below the column heads (and under a spanning head), below
        the last row, and above a total row."""
        rows = table.rows
        for cell in rows[0].cells:
            _cell_border(cell, "top", 8)
        for cell in rows[n_header - 1].cells:
            _cell_border(cell, "bottom", 4)
        if n_header > 1:
            for h in t.header_rows()[0]:
                if h.colspan > 1:
                    _cell_border(rows[0].cells[h.column], "bottom", 4)
        for cell in rows[-1].cells:
            _cell_border(cell, "bottom", 8)
        for r, row in enumerate(t.rows):
            if row.total and r > 0:
                for cell in rows[n_header + r].cells:
                    _cell_border(cell, "top", 4)

    def _content_widths(self, t: Table, size: float) -> list[float]:
        """Widest cell text of each column (inches, no padding)."""
        out = []
        for j in range(len(t.columns)):
            out.append(max([self._tw(x, size) for row in t.rows for x in _cell_lines(row.cells[j])] + [0.0]))
        return out

    def _run_word_width(self, word: list[tuple[str, bool]], size: float) -> float:
        return sum(self._tw(piece, size, italic=italic) for piece, italic in word)

    def _header_word_widths(self, t: Table, size: float) -> list[float]:
        """Widest single word of each column's own header (spanning headers count over
        their columns)."""
        out = [0.0] * len(t.columns)
        for hrow in t.header_rows():
            for h in hrow:
                widest = max([self._run_word_width(w, size) for w in _run_words(h.text)] + [0.0])
                for j in range(h.column, h.column + h.colspan):
                    out[j] = max(out[j], widest / h.colspan)
        return out

    def _layout(self, t: Table) -> tuple[float, list[float], bool]:
        """Font size and column widths (inches) that fill the text width, and whether the
        columns fit it without shrinking below their content.

        For each font size (11, 10, 9, 8 pt) the other text columns first get their
        longest text up to 1.4 inch, then only their longest word; the first layout that
        leaves the wording column its least width wins.
        """
        total = self.text_width_in
        wording = next((j for j, c in enumerate(t.columns) if c.wording), None)
        for size in TABLE_PT:
            for compact in (False, True):
                widths, fits = self._try_layout(t, size, wording, compact=compact)
                if fits:
                    break
            if fits or size == TABLE_PT[-1]:
                break
        scale = total / sum(widths)
        if scale < 1.0 or wording is None:  # too wide even at the smallest size: shrink every column alike
            widths = [w * scale for w in widths]
        return size, widths, fits and scale >= 1.0 - 1e-9

    def _try_layout(
        self, t: Table, size: float, wording: int | None, *, compact: bool
    ) -> tuple[list[float], bool]:
        total = self.text_width_in
        content = self._content_widths(t, size)
        heads = self._header_word_widths(t, size)
        widths = []
        for j, c in enumerate(t.columns):
            if c.align == "right":
                need = max(content[j], heads[j])
            else:
                longest_word = max(
                    [self._tw(w, size) for row in t.rows for w in _words(row.cells[j].text)] + [heads[j]]
                )
                need = longest_word if compact else max(longest_word, min(content[j], 1.4))
            widths.append(need + CELL_PAD_IN + 0.02)
        if wording is None:
            return widths, True
        # Wider numeric columns so that no header takes more than three lines, while the
        # wording keeps at least 40% of the width.
        generous = [
            max(w, _wrap_width(c.header.plain, size, 3, sans=self.sans) + CELL_PAD_IN + 0.02)
            if c.align == "right"
            else w
            for w, c in zip(widths, t.columns, strict=True)
        ]
        if total - sum(w for j, w in enumerate(generous) if j != wording) >= 0.4 * total:
            widths = generous
        room = total - sum(w for j, w in enumerate(widths) if j != wording)
        words = max([self._tw(w, size) for row in t.rows for w in _words(row.cells[wording].text)] + [0.0])
        least = max(MIN_WORDING_IN, words + CELL_PAD_IN, heads[wording] + CELL_PAD_IN)
        natural = content[wording] + CELL_PAD_IN + 0.02
        if room > natural:
            # Short wording: it keeps its natural width and the rest is shared.
            widths[wording] = natural
            extra = (room - natural) / len(widths)
            widths = [w + extra for w in widths]
        else:
            widths[wording] = max(room, least)
        return widths, room >= least

    def figure(self, f: Figure, chart: Chart) -> None:
        import struct

        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        self.caption("Figure", f.number, plain(f.title))
        # PNG width in pixels at the charts' 150 dpi: the figure is never drawn larger.
        px = struct.unpack(">I", chart.png[16:20])[0] if chart.png[:8] == b"\x89PNG\r\n\x1a\n" else 0
        width = min(self.text_width_in, px / 150.0 if px else self.text_width_in)
        self.d.add_picture(io.BytesIO(chart.png), width=Inches(width))
        pic = self.d.paragraphs[-1]
        pic.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pic.paragraph_format.space_after = self.pt(12)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.d.save(out)
        return out.getvalue()


def render_docx(
    doc: dict[str, Any],
    charts: Sequence[Chart] = (),
    options: ReportOptions | None = None,
    *,
    paper: str | None = None,
    template: str | Path | None = None,
) -> bytes:
    """The Word report of a results.json document, as bytes of a .docx file.

    Parameters
    ----------
    doc : dict
        A results.json document.
    charts : sequence of Chart
        The charts to place as numbered figures (:func:`mcstats.report.charts.analysis_charts`).
    options : ReportOptions, optional
        Tables, decimals, style and reliability detail (:mod:`mcstats.report.tables`).
    paper : {"a4", "letter"}, optional
        Page size; default A4, or the template's page when a template is given.
    template : path, optional
        A .docx whose styles (Normal, Heading 1-2, Caption), fonts and page are used; its
        content is dropped.

    Returns
    -------
    bytes
        The .docx file.
    """
    from mcstats.report.render import _with_figures
    from mcstats.report.tables import build_report
    from mcstats.safety import escape_controls

    # Word is XML: control characters from labels (ESC, vertical tab) are shown escaped.
    report = build_report(escape_controls(doc), _with_figures(options, bool(charts)))
    w = _Writer(template, paper)
    w.d.core_properties.author = "mcstats"
    w.d.core_properties.title = report.title
    w.heading(report.title, 1)
    by_name = {c.name: c for c in charts}
    blocks = list(report.blocks)
    for k, block in enumerate(blocks):
        # A table too wide for the portrait page gets a landscape section; the text after
        # it goes back to portrait, and a heading goes with the table it introduces.
        after = blocks[k + 1] if k + 1 < len(blocks) else None
        if isinstance(block, Table):
            w.orient(w.needs_landscape(block))
        elif isinstance(block, Heading) and isinstance(after, Table):
            w.orient(w.needs_landscape(after))
        elif not isinstance(block, Figure) or block.chart in by_name:
            w.orient(False)
        if isinstance(block, Heading):
            w.heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            w.paragraph(block)
        elif isinstance(block, Table):
            w.table(block)
        elif isinstance(block, Figure) and block.chart in by_name:
            w.figure(block, by_name[block.chart])
    return w.save()


def render_comparison_docx(comparison: dict[str, Any]) -> bytes:
    """A Word document of a replication: per published table, every printed number beside
    its recomputed value and status (from comparison.json; nothing is computed here)."""
    from docx import Document

    from mcstats.safety import escape_controls

    comparison = escape_controls(comparison)  # Word is XML: no raw control characters
    d = Document()
    study = comparison.get("study", {})
    d.core_properties.author = "mcstats"
    d.add_heading(f"Replication: {study.get('title', '')}", level=1)
    d.add_paragraph(str(comparison.get("notice", "")))
    counts = comparison.get("counts", {})
    d.add_paragraph("; ".join(f"{k}: {v}" for k, v in counts.items()))
    tables = _Tables(d)
    by_table: dict[str, list[dict[str, Any]]] = {}
    for row in comparison.get("rows", []):
        by_table.setdefault(str(row["table"]), []).append(row)
    for title, rows in by_table.items():
        tables.add(
            f"{title}: published and recomputed",
            ["Row", "Statistic", "Published", "Recomputed", "Status", "Reason"],
            [
                [
                    str(r["row"]),
                    str(r["statistic"]),
                    str(r["published"] if r["published"] is not None else "—"),
                    str(
                        r.get("recomputed_text") or (r["recomputed"] if r["recomputed"] is not None else "—")
                    ),
                    str(r["status"]),
                    str(r.get("reason") or ""),
                ]
                for r in rows
            ],
        )
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
