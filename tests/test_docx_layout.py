"""The Word report as a thesis chapter expects it, checked the way a reader sees it.

LibreOffice (headless) converts the DOCX to PDF; the PDF's page count and size are
checked with pdfinfo and its text with pdftotext; python-docx checks the caption style and
SEQ fields, the table widths, the alignment and the repeated header rows. A PNG of the first
page with a table is kept in build/test-artifacts/ (pdftoppm) for a person to look at.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mcstats.errors import UsageError
from mcstats.report.tables import ReportOptions, build_report

FIXTURE = Path(__file__).parent / "fixtures" / "reports" / "example_4point.json"
ARTIFACTS = Path(__file__).resolve().parents[1] / "build" / "test-artifacts"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, but CI must check the Word report")
        pytest.skip(f"{name} is not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
    return exe


def to_pdf(docx_bytes: bytes, tmp: Path) -> Path:
    src = tmp / "report.docx"
    src.write_bytes(docx_bytes)
    proc = subprocess.run(
        [tool("libreoffice"), "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(src)],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "HOME": str(tmp)},  # a fresh LibreOffice profile
    )
    pdf = tmp / "report.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr[-2000:]
    return pdf


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdf_pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(
        [tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return out.split("\f")


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def charts(doc: dict[str, Any]) -> list[Any]:
    from mcstats.report.charts import analysis_charts

    return analysis_charts(doc)


@pytest.mark.slow
def test_example_fits_six_a4_pages_with_whole_header_words(
    doc: dict[str, Any], charts: list[Any], tmp_path: Path
) -> None:
    """The 10-item, 2-scale example with a t-test by gender and its charts: <= 6 A4 pages."""
    from mcstats.report.docx import render_docx

    pdf = to_pdf(render_docx(doc, charts), tmp_path)
    info = pdf_info(pdf)
    assert int(info["Pages"]) <= 6
    w, h = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(w), round(h)) == (595, 842)  # A4 in points
    pages = pdf_pages_text(pdf)
    text = "\n".join(pages)
    # Every word of every column header is printed whole (a word broken over two lines
    # would not appear as one word); hyphenated heads may break at their hyphen.
    for table in build_report(doc).tables:
        for col in table.columns:
            for word in re.split(r"[\s\-/]+", col.header.plain):
                word = word.strip("()'’,.%")
                if len(word) > 2:
                    assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), (table.label, word)
    # The first page with a table, kept for a person to look at.
    first = next(i for i, page in enumerate(pages, start=1) if "Table 3" in page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            tool("pdftoppm"),
            "-r",
            "80",
            "-f",
            str(first),
            "-l",
            str(first),
            "-png",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "docx_first_table_page"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "docx_first_table_page.png").stat().st_size > 10_000


@pytest.mark.slow
def test_letter_paper(doc: dict[str, Any], tmp_path: Path) -> None:
    from mcstats.report.docx import render_docx

    pdf = to_pdf(render_docx(doc, paper="letter"), tmp_path)
    w, h = (float(x) for x in re.findall(r"[\d.]+", pdf_info(pdf)["Page size"])[:2])
    assert (round(w), round(h)) == (612, 792)


def test_captions_fields_widths_and_alignment(doc: dict[str, Any], charts: list[Any]) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from mcstats.report.docx import render_docx

    d = docx.Document(
        io.BytesIO(render_docx(doc, charts, ReportOptions(tables=("all",), reliability="full")))
    )
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert all(
        round(m.inches, 2) == 1.0 for m in (section.left_margin, section.right_margin, section.top_margin)
    )
    assert d.styles["Normal"].font.name == "Times New Roman" and d.styles["Normal"].font.size.pt == 12
    captions = [p for p in d.paragraphs if p.style.name == "Caption"]
    fields = [" ".join(t.text for t in p._p.iter(f"{W}instrText")).strip() for p in captions]
    report = build_report(doc, ReportOptions(tables=("all",), reliability="full"))
    assert fields.count("SEQ Table \\* ARABIC") == len(report.tables) == len(d.tables)
    assert fields.count("SEQ Figure \\* ARABIC") == len(charts)
    assert [p.text.split("\n")[0] for p in captions if "Table" in p.text[:6]] == [
        t.label for t in report.tables
    ]
    text_width = round(
        (section.page_width - section.left_margin - section.right_margin) / 635
    )  # EMU -> twips
    for t, table in zip(report.tables, d.tables, strict=True):
        grid = [int(g.get(f"{W}w")) for g in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert abs(sum(grid) - text_width) <= len(grid), t.label  # rounding of each column only
        rows = table.rows
        n_head = 2 if t.has_groups else 1
        for r in rows[:n_head]:
            assert r._tr.trPr.find(f"{W}tblHeader") is not None  # repeated on a new page
        for r in rows:
            assert r._tr.trPr.find(f"{W}cantSplit") is not None  # never split across pages
        for r in rows[n_head:]:
            for j, col in enumerate(t.columns):
                if col.align == "right" and r.cells[j].text:
                    assert r.cells[j].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT, (t.label, j)
        wording = [j for j, c in enumerate(t.columns) if c.wording]
        if wording and t.name in ("items", "item-total"):
            assert grid[wording[0]] == max(grid)  # the wording takes the room numbers leave


def test_template_styles_are_used(doc: dict[str, Any], tmp_path: Path) -> None:
    import docx
    from docx.shared import Inches, Pt

    from mcstats.report.docx import render_docx

    tpl = docx.Document()
    tpl.styles["Normal"].font.name = "Arial"
    tpl.styles["Normal"].font.size = Pt(11)
    tpl.sections[0].left_margin = Inches(1.5)
    tpl.add_paragraph("content of the template that must not stay")
    path = tmp_path / "university.docx"
    tpl.save(str(path))
    d = docx.Document(io.BytesIO(render_docx(doc, template=path)))
    assert d.styles["Normal"].font.name == "Arial"
    assert round(d.sections[0].left_margin.inches, 2) == 1.5  # the template's page
    sec = d.sections[0]
    text_width = round((sec.page_width - sec.left_margin - sec.right_margin) / 635)  # twips
    for table in d.tables:  # tables span the template's text width too (Arial measured as Helvetica)
        grid = [int(g.get(f"{W}w")) for g in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert abs(sum(grid) - text_width) <= len(grid)
    assert "content of the template" not in "\n".join(p.text for p in d.paragraphs)
    assert any(p.style.name == "Caption" for p in d.paragraphs)
    # A Word template (.dotx) is taken as well: the same package with the template content type.
    import zipfile

    dotx = tmp_path / "university.dotx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, content)
    assert docx.Document(io.BytesIO(render_docx(doc, template=dotx))).styles["Normal"].font.name == "Arial"
    with pytest.raises(UsageError, match=r"cannot use .* as a Word template"):
        bad = tmp_path / "bad.docx"
        bad.write_text("not a docx")
        render_docx(doc, template=bad)


def test_table_properties_follow_the_schema_order(doc: dict[str, Any]) -> None:
    """Word refuses a document whose properties break the WordprocessingML sequence
    (ECMA-376 Part 1, 17.4.60 tblPr, 17.4.70 tcPr, 17.4.66 tcBorders); LibreOffice does not,
    so the order is checked here."""
    import docx

    from mcstats.report.docx import render_docx

    tbl_pr = [
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
    ]
    tc_pr = [
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
    ]
    borders = ["top", "start", "left", "bottom", "end", "right", "insideH", "insideV"]

    def in_order(el: Any, order: list[str]) -> bool:
        names = [c.tag.rsplit("}", 1)[-1] for c in el]
        return all(n in order for n in names) and names == sorted(names, key=order.index)

    d = docx.Document(io.BytesIO(render_docx(doc, (), ReportOptions(tables=("all",), reliability="full"))))
    for table in d.tables:
        assert in_order(table._tbl.tblPr, tbl_pr)
        for tc in table._tbl.iter(f"{W}tc"):
            assert in_order(tc.tcPr, tc_pr)
            b = tc.tcPr.find(f"{W}tcBorders")
            assert b is None or in_order(b, borders)


def _four_group_doc(tmp_path: Path) -> dict[str, Any]:
    """Four experience levels (14, 9, 6 and 2 respondents, one without a level), 5 items."""
    import numpy as np
    import yaml

    from mcstats import AnalysisOptions, ReadOptions, load_instrument, run_analysis

    rng = np.random.default_rng(7)
    levels = ["0-5 years"] * 14 + ["6-10 years"] * 9 + ["11-20 years"] * 6 + ["Over 20 years"] * 2 + [""]
    lines = ["id,experience,Q1,Q2,Q3,Q4,Q5"]
    for i, lv in enumerate(levels):
        lines.append(f"{i},{lv}," + ",".join(str(int(x)) for x in rng.integers(1, 5, size=5)))
    data = tmp_path / "d.csv"
    data.write_text("\n".join(lines) + "\n")
    inst = tmp_path / "i.yaml"
    inst.write_text(
        yaml.safe_dump(
            {
                "scale_points": 4,
                "scales": {"s": {"title": "Use of ICT", "items": [f"Q{k}" for k in range(1, 6)]}},
                "groups": ["experience"],
            }
        )
    )
    run = run_analysis(
        data,
        load_instrument(inst),
        out_dir=tmp_path / "o",
        options=AnalysisOptions(item_tests=True),
        read=ReadOptions(groups=("experience",)),
    )
    return run.document


def test_a_table_too_wide_for_portrait_gets_a_landscape_page(tmp_path: Path) -> None:
    """The item-by-item table of four groups has 18 columns: on A4 portrait (8.27 in wide,
    1-inch margins: 6.27 in of text, ISO 216) its numbers would wrap inside the cell even at
    8 pt; it gets a landscape section of its own (11.69 in wide: 9.69 in of text) and the
    report returns to portrait after it. Header words that change font inside (*F*-cal)
    are measured whole, so Word does not break them at the hyphen."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from mcstats.report.docx import render_docx, text_width_in

    doc = _four_group_doc(tmp_path)
    tables = ReportOptions(tables=("anova", "item-tests", "frequencies"))
    d = Document(io.BytesIO(render_docx(doc, options=tables)))
    orientations = [s.orientation for s in d.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    wide = d.sections[1]
    assert round(wide.page_width.inches, 2) == 11.69 and round(wide.page_height.inches, 2) == 8.27
    body = d.element.body
    # The landscape section holds the item table: the section break (a sectPr in a
    # paragraph) of the landscape section comes after it.
    children = list(body)
    item_table = next(t for t in d.tables if "F-cal" in [c.text for c in t.rows[1].cells])
    breaks = [i for i, el in enumerate(children) if el.find(f".//{W}sectPr") is not None]
    position = children.index(item_table._tbl)
    assert len(breaks) == 2 and breaks[0] < position < breaks[1]
    header = [c.text for c in item_table.rows[1].cells]
    col = header.index("F-cal")
    width = item_table.columns[col].cells[0].width.inches
    size = item_table.rows[2].cells[0].paragraphs[0].runs[0].font.size.pt
    assert width >= text_width_in("F-cal", size) + 0.1  # the whole word and the cell padding
    # the numbers are whole: the widest F-crit fits its column
    crit = header.index("F-crit")
    widest = max(text_width_in(r.cells[crit].text, size) for r in item_table.rows[2:])
    assert item_table.columns[crit].cells[0].width.inches >= widest + 0.1


def test_terminal_prints_a_wide_table_in_panels_with_whole_numbers(tmp_path: Path) -> None:
    """At 80 columns the four-group item table continues in panels (as R prints a wide
    data frame): every number and df stays whole on its line, each panel begins with the
    item, and a group's n, M and SD stay in one panel."""
    from rich.console import Console

    from mcstats.report.terminal import print_table

    doc = _four_group_doc(tmp_path)
    (table,) = [t for t in build_report(doc).tables if t.name == "item-tests"]
    con = Console(width=80, record=True, highlight=False, markup=False)
    print_table(table, con)
    out = con.export_text()
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert out.count("(continued)") >= 1
    for row in table.rows:
        for cell in row.cells[1:]:
            assert any(f" {cell.text}" in line or line.startswith(cell.text) for line in lines), cell.text
    heads = [line for line in lines if line.lstrip().startswith("Item")]
    assert len(heads) == out.count("(continued)") + 1  # the item names every panel
    for level in ("0-5", "6-10", "11-20"):
        # n, M and SD of a level under one panel's heads: its name appears three times there
        assert any(line.count(level) == 3 for line in lines), level


def test_terminal_title_is_as_wide_as_the_console_not_the_table(tmp_path: Path) -> None:
    """A narrow table (the ANOVA table, 50 columns) keeps its title on one 80-column line:
    rich wrapped it to the table's width, three or four words a line."""
    from rich.console import Console

    from mcstats.report.terminal import print_table

    doc = _four_group_doc(tmp_path)
    table = next(t for t in build_report(doc).tables if t.name == "anova" and "One-Way" in t.title.plain)
    con = Console(width=80, record=True, highlight=False, markup=False)
    print_table(table, con)
    first = con.export_text().splitlines()[0]
    assert first == f"{table.label}. {table.title.plain}"  # 'Table 2. One-Way ANOVA of ... by experience'
    assert len(first) > 50
