"""Random text in every text field reaching every renderer (issue 19, item 4): terminal,
Markdown, HTML, Word, xlsx, CSV tables and charts never raise, and never carry a raw
control character, live markup or a formula from the data."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ._budget import DERANDOMIZE
from .corpus import unsafe_markup

pytestmark = pytest.mark.slow

DOC = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "example_4point.json").read_text(
        encoding="utf-8"
    )
)
#: Raw control characters that must never reach an output (escape sequences, BEL, VT...).
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

HOSTILE = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(
        [
            "\x1b[2J\x1b]0;title\x07",
            '=HYPERLINK("http://x")',
            "@SUM(A1)",
            "+1+1",
            "-2+3",
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "$\\frac{1",
            "$5 to $10",
            ":x: :rocket:",
            "\u202eevil",
            "\x0b\x0c",
            "a|b\\c*_`#",
        ]
    ),
)


def _inject(doc: dict[str, Any], texts: list[str]) -> dict[str, Any]:
    d = copy.deepcopy(doc)
    it = iter(texts * 50)
    d["instrument"]["name"] = next(it)
    for code in d["instrument"]["responses"]:
        d["instrument"]["responses"][code] = next(it)
    for scale in d["scales"].values():
        scale["title"] = next(it)
        for stats in scale["item_statistics"].values():
            stats["text"] = next(it)
            stats["remark"] = next(it)
    for table in d["frequencies"].values():
        table["title"] = next(it)
        for row in table["rows"]:
            row["label"] = next(it)
    for t in d["ttests"]:
        new = [next(it), next(it)]
        if new[0] == new[1]:
            new[1] += "2"
        t["levels"] = new
        for g, name in zip(t["groups"], new, strict=False):
            g["level"] = name
    d["warnings"] = [next(it)]
    return d


@settings(
    derandomize=DERANDOMIZE,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(HOSTILE, min_size=3, max_size=12))
def test_random_text_reaches_every_renderer_harmlessly(texts: list[str]) -> None:
    from openpyxl import load_workbook

    from mcstats.report.docx import render_docx
    from mcstats.report.render import render_html, render_markdown
    from mcstats.report.terminal import print_analysis
    from mcstats.report.xlsx import render_csv_tables, render_xlsx
    from mcstats.safety import FORMULA_TRIGGERS, terminal_console

    doc = _inject(DOC, texts)
    md = render_markdown(doc)
    html = render_html(doc, [])
    for name, text in (("report.md", md), ("report.html", html)):
        assert not RAW_CONTROL.search(text), name
        assert not unsafe_markup(name, text), (name, unsafe_markup(name, text))
    buf = io.StringIO()
    print_analysis(doc, console=terminal_console(file=buf, width=120, markup=False))
    term = buf.getvalue()
    assert not RAW_CONTROL.search(term.replace("\n", "").replace("\t", ""))
    render_docx(doc, [])
    wb = load_workbook(io.BytesIO(render_xlsx(doc)))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    for data in render_csv_tables(doc).values():
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for cell in row:
                if cell and cell[0] in FORMULA_TRIGGERS:
                    float(cell)  # only a number may start with + or -


@settings(
    derandomize=DERANDOMIZE, max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(HOSTILE, min_size=3, max_size=6))
@pytest.mark.filterwarnings("ignore:Glyph")
def test_random_text_reaches_the_charts_harmlessly(texts: list[str]) -> None:
    import xml.dom.minidom

    from mcstats.report.charts import analysis_charts

    for chart in analysis_charts(_inject(DOC, texts)):
        xml.dom.minidom.parseString(chart.svg)
        assert not RAW_CONTROL.search(
            chart.svg.decode("utf-8") if isinstance(chart.svg, bytes) else chart.svg
        )
