"""The table model (mcstats.report.tables) and every renderer drawing it.

The same table has the same number, title, cells and decimals in Markdown, HTML, Word,
Excel, CSV and the terminal; options change exactly what they say; a reverse-keyed item
is shown as answered (hand-computed fixture).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from clirun import run_cli
from mcstats.errors import UsageError
from mcstats.report.render import md_run_text, render_html, render_markdown
from mcstats.report.tables import TABLES, ReportOptions, Table, build_report, default_tables, parse_tables
from mcstats.report.xlsx import csv_file_name, render_csv_tables, render_xlsx

FIXTURE = Path(__file__).parent / "fixtures" / "reports" / "example_4point.json"
ALL = ReportOptions(tables=("all",), reliability="full")


#: The one-way ANOVA and rank-test sections of another run (issue 16), so that their
#: tables are drawn in every format too.
GROUP_FIXTURE = Path(__file__).parent / "fixtures" / "reports" / "group_comparisons.json"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    d = dict(json.loads(FIXTURE.read_text(encoding="utf-8")))
    extra = json.loads(GROUP_FIXTURE.read_text(encoding="utf-8"))
    keys = ("anova", "rank_tests", "item_tests", "crosstabs", "correlations", "item_correlations")
    return {**d, **{k: extra[k] for k in keys}}


def html_tables(html: str) -> dict[int, dict[str, Any]]:
    """Number -> caption and body rows (cell texts) of every table of an HTML report."""
    from lxml import html as lh

    tree = lh.fromstring(html)
    out = {}
    for t in tree.iter("table"):
        number = int(t.get("id").removeprefix("table-"))
        caption = t.find("caption")
        out[number] = {
            "label": caption[0].text_content(),
            "title": caption[1].text_content(),
            "rows": [[td.text_content() for td in tr.iter("td")] for tr in t.find("tbody").iter("tr")],
        }
    return out


def docx_tables(data: bytes) -> list[dict[str, Any]]:
    """Caption and body rows of every table of a Word report, in order."""
    import docx

    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    out = []
    caption = None
    tables = iter(d.tables)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter("{*}t"))
            if text.startswith("Table "):
                caption = text
        elif tag == "tbl":
            t = next(tables)
            n_head = sum(
                1 for r in t.rows if r._tr.trPr is not None and r._tr.trPr.find("{*}tblHeader") is not None
            )
            # A count over its percent is two lines of one cell in Word ("44", "(37.3)").
            rows = [[c.text.replace("\n", " ") for c in r.cells] for r in t.rows[n_head:]]
            out.append({"caption": caption, "rows": rows})
    return out


def expected_csv(cell: Any) -> str:
    if cell.kind in ("text", "empty"):
        return cell.text
    if cell.value is None:
        return "—"
    if cell.kind == "p" and cell.value < 0.001:
        return "< .001"
    if cell.kind in ("integer",):
        return str(cell.value)
    return f"{cell.number:.{cell.decimals}f}"


def test_same_tables_in_every_format(doc: dict[str, Any]) -> None:
    """One test over all renderers: numbers, titles and every printed cell agree."""
    import openpyxl

    from mcstats.report.docx import render_docx
    from mcstats.report.terminal import print_table

    report = build_report(doc, ALL)
    tables = report.tables
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))
    assert {t.name for t in tables} == set(TABLES) - {"invalid-cells"}  # the fixture has no invalid cells
    md = render_markdown(doc, ALL)
    html = html_tables(render_html(doc, (), ALL))
    word = docx_tables(render_docx(doc, (), ALL))
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, ALL)))
    files = render_csv_tables(doc, ALL)
    assert len(html) == len(word) == len(wb.sheetnames) - 1 == len(files) - 1 == len(tables)
    index = list(csv.reader(io.StringIO(files["index.csv"].decode("utf-8-sig"))))[1:]
    for t, w in zip(tables, word, strict=True):
        rows = [[c.text for c in r.cells] for r in t.rows]
        # Markdown: the number, the title, then each row in order.
        start = md.index(f"**{t.label}**\n\n*{md_run_text(t.title.plain)}*")
        pos = start
        for row in rows:
            line = "| " + " | ".join(md_run_text(x) for x in row) + " |"
            pos = md.index(line, pos)
        # HTML and Word: the same caption and the same cells.
        assert html[t.number]["label"] == t.label and html[t.number]["title"] == t.title.plain
        assert html[t.number]["rows"] == rows
        assert w["caption"] == f"{t.label}{t.title.plain}"  # "Table 3", a line break, the title
        assert w["rows"] == rows
        # Excel: the sheet of the table holds numbers with the table's decimals as formats.
        ws = wb[f"Table {t.number}"]
        assert ws["A1"].value == t.label and ws["A2"].value == t.title.plain
        # CSV: the file named by number holds the same values.
        name = csv_file_name(t)
        assert [row[:3] for row in index if row[4] == name] == [[str(t.number), t.name, t.title.plain]]
        got = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))[1:]
        first = 5 + (1 if any(c.group for c in t.columns) or _has_pairs(t) else 0)
        for r, row in enumerate(t.rows):
            flat_csv: list[str] = []
            flat_xlsx: list[Any] = []
            for cell in row.cells:
                if cell.kind == "count_percent":
                    flat_csv += [str(cell.value), f"{cell.percent:.1f}" if cell.percent is not None else ""]
                    flat_xlsx += [
                        (cell.value, "0"),
                        (round(cell.percent, 1) if cell.percent is not None else None, None),
                    ]
                else:
                    flat_csv.append(expected_csv(cell))
                    flat_xlsx.append((cell, None))
            assert got[r] == flat_csv, (t.id, r)
            for j, item in enumerate(flat_xlsx, start=1):
                xcell = ws.cell(first + r, j)
                if isinstance(item[0], int | float) or item[0] is None:
                    if item[0] is not None:
                        assert xcell.value == pytest.approx(item[0])
                    continue
                cell = item[0]
                if cell.kind in ("number", "p", "integer") and cell.value is not None:
                    assert isinstance(xcell.value, int | float), (t.id, r, j, xcell.value)
                    if cell.kind == "number":
                        assert xcell.number_format.split(".")[-1] == "0" * cell.decimals or cell.decimals == 0
                        assert xcell.value == cell.number
                elif cell.kind == "text":
                    assert (xcell.value or "") == cell.text
        # Terminal: "Table N. Title" at 80 columns.
        con = Console(width=80, record=True, highlight=False, markup=False)
        print_table(t, con)
        out = con.export_text()
        assert out.startswith(f"{t.label}. ")
        assert max(len(line) for line in out.splitlines()) <= 80


def _has_pairs(t: Table) -> bool:
    return any(c.kind == "count_percent" for r in t.rows for c in r.cells)


def test_tables_option_selects_exactly_the_named_tables(doc: dict[str, Any]) -> None:
    import openpyxl

    from mcstats.report.docx import render_docx

    opts = ReportOptions(tables=parse_tables("ttest,item-frequencies"))
    names = [t.name for t in build_report(doc, opts).tables]
    assert names == [
        "item-frequencies",
        "item-frequencies",
        "ttest",
        "ttest",
    ]  # report order, not option order
    assert len(html_tables(render_html(doc, (), opts))) == 4
    assert len(docx_tables(render_docx(doc, (), opts))) == 4
    assert len(openpyxl.load_workbook(io.BytesIO(render_xlsx(doc, opts))).sheetnames) == 5
    assert render_markdown(doc, opts).count("**Table ") == 4
    assert set(default_tables()) == {
        *("excluded", "reliability", "items", "item-total", "ttest", "frequencies"),
        *("anova", "posthoc", "rank-tests", "item-tests", "crosstabs", "correlations", "item-correlations"),
    }
    with pytest.raises(UsageError, match=r"unknown table 'manova'.*items"):
        parse_tables("items,manova")


def test_decimals_and_style_change_exactly_the_decimals(doc: dict[str, Any]) -> None:
    it = doc["scales"]["enhancement"]["item_statistics"]["Q1"]  # mean 346/118 = 2.9322...
    assert it["mean"] == pytest.approx(346 / 118)

    def items_row(opts: ReportOptions) -> list[str]:
        t = next(t for t in build_report(doc, opts).tables if t.id == "items_enhancement")
        return [c.text for c in t.rows[0].cells]

    def alpha(opts: ReportOptions) -> str:
        t = next(t for t in build_report(doc, opts).tables if t.id == "reliability")
        return t.rows[0].cells[3].text

    assert items_row(ReportOptions())[3:5] == ["2.93", "0.99"]  # APA: 2 decimals
    assert items_row(ReportOptions(style="papers"))[3:5] == ["2.932", "0.993"]  # papers: 3 for M and SD
    assert alpha(ReportOptions(style="papers")) == ".72"  # ... and only for them
    assert items_row(ReportOptions(decimals=4))[3] == "2.9322"
    a = doc["scales"]["enhancement"]["reliability"]["alpha"]
    assert alpha(ReportOptions(decimals=3)) == f"{a:.3f}".lstrip("0") != alpha(ReportOptions())
    md = render_markdown(doc, ReportOptions(decimals=3))
    assert (
        "| 1 | Micro-credentials enhance my professional growth | 118 | 2.932 | 0.993 | High Extent |" in md
    )
    with pytest.raises(UsageError, match="decimals"):
        ReportOptions(decimals=9)


def test_terminal_shortens_wording_only_there(doc: dict[str, Any]) -> None:
    from mcstats.report.terminal import print_analysis

    con = Console(width=80, record=True, highlight=False, markup=False)
    print_analysis(doc, console=con)
    out = con.export_text()
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" in out  # long scale titles are shortened in the terminal
    assert "…" not in render_markdown(doc)  # never in files


def test_formula_guard_in_xlsx_and_csv(doc: dict[str, Any]) -> None:
    import openpyxl

    evil = json.loads(json.dumps(doc))
    evil["frequencies"]["gender"]["rows"][0]["label"] = '=HYPERLINK("http://x","y")'
    evil["frequencies"]["gender"]["title"] = "@SUM(A1)"
    files = render_csv_tables(evil)
    text = next(v for k, v in files.items() if "frequencies" in k).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM" in text
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(evil)))
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "@", "+", "-")) for v in values)
    assert any(v.startswith("'=HYPERLINK") for v in values)


def test_reverse_keyed_item_shown_as_answered(tmp_path: Path) -> None:
    """Hand calculation: 4-point items, B reverse-keyed; B answered 4, 4, 3, 1.

    As answered: M = (4 + 4 + 3 + 1) / 4 = 3.00 -> real limits 2.50-3.49 "Agree".
    Recoded (5 - x): 1, 1, 2, 4 -> M = 2.00 -> "Disagree" (used in scores and reliability).
    A answered 3, 4, 2, 1: M = 2.50 "Agree". Grand mean of recoded item means
    (2.50 + 2.00) / 2 = 2.25 "Disagree".
    """
    from mcstats import load_instrument, run_analysis

    data = tmp_path / "d.csv"
    data.write_text("A,B\n3,4\n4,4\n2,3\n1,1\n")
    inst = tmp_path / "i.yaml"
    inst.write_text(
        yaml.safe_dump(
            {
                "scale_points": 4,
                "responses": {4: "Strongly Agree", 3: "Agree", 2: "Disagree", 1: "Strongly Disagree"},
                "scales": {
                    "s": {
                        "title": "Attitude",
                        "items": [
                            {"column": "A", "text": "ICT tools help my teaching"},
                            {
                                "column": "B",
                                "text": "ICT tools waste teaching time",
                                "reverse": True,
                                "short": "ICT wastes time",
                            },
                        ],
                    }
                },
            }
        )
    )
    run = run_analysis(data, load_instrument(inst), out_dir=tmp_path / "o")
    t = next(t for t in build_report(run.document).tables if t.name == "items")
    rows = [[c.text for c in r.cells] for r in t.rows]
    assert rows[0][1:] == ["ICT tools help my teaching", "4", "2.50", "1.29", "Agree"]
    assert rows[1][1:] == ["ICT tools waste teaching time (R)", "4", "3.00", "1.41", "Agree"]
    assert rows[2][1:4:2] == ["Grand mean (mean of item means, recoded)", "2.25"] and rows[2][5] == "Disagree"
    note = " ".join(n.plain for n in t.notes)
    assert "recoded item (5 − x), recoded M: item 2, 2.00" in note
    # The item-total and item-frequencies tables and the charts use the short label.
    ft = next(t for t in build_report(run.document, ReportOptions(tables=("item-frequencies",))).tables)
    assert [c.text for c in ft.rows[1].cells] == [
        "2",
        "ICT wastes time (R)",
        "2 (50.0)",
        "1 (25.0)",
        "0 (0.0)",
        "1 (25.0)",
        "4",
        "3.00",
        "1.41",
        "Agree",
    ]
    assert [c.plain for c in ft.columns[2:6] for c in [c.header]] == ["SA", "A", "D", "SD"]


def test_registry_adds_a_table_in_one_place(doc: dict[str, Any]) -> None:
    """A new table kind registered once appears, numbered, in every format."""
    from mcstats.report import tables as T

    @T.register("demo", "a demonstration table", section="tests")
    def _demo(ctx: T.Context) -> list[T.Table]:
        return [
            T._table(
                ctx,
                "demo",
                "demo",
                T.apa("A *Demo*"),
                [T.Column("x", T.apa("*x*"))],
                [T._row(T.number(1.23456, ctx.d))],
            )
        ]

    try:
        opts = ReportOptions(tables=("ttest", "demo"))
        tables = build_report(doc, opts).tables
        assert [(t.number, t.name) for t in tables] == [(1, "ttest"), (2, "ttest"), (3, "demo")]
        assert "| 1.23 |" in render_markdown(doc, opts)
        assert re.search(r"<td class=\"num\">1.23</td>", render_html(doc, (), opts))
    finally:
        del T.TABLES["demo"]




def test_cli_tables_decimals_and_formats(tmp_path: Path) -> None:
    """--tables and --decimals change exactly what they say in every format written."""
    import openpyxl

    out = tmp_path / "o"
    proc = run_cli(
        "analyze",
        "data/examples/example_4point.csv",
        "--instrument",
        "instruments/example_4point.yaml",
        "--out",
        str(out),
        "--format",
        "md,html,xlsx,csv",
        "--tables",
        "items",
        "--decimals",
        "3",
    )
    assert proc.returncode == 0, proc.stderr
    # Q1 answered 44 x 4, 32 x 3, 32 x 2, 10 x 1 (the fixture's frequency table): M = 346/118.
    mean = f"{346 / 118:.3f}"
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.count("**Table ") == 2 and f"| 118 | {mean} |" in md
    assert "Reliability of the Scales" not in md and "Table 2" in md and "Table 3" not in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<table ") == 2 and f">{mean}<" in html
    wb = openpyxl.load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["Contents", "Table 1", "Table 2"]
    cell = wb["Table 1"]["D5"]
    assert cell.value == float(mean) and cell.number_format == "0.000"
    names = sorted(p.name for p in (out / "tables").iterdir())
    assert names == ["index.csv", "table_01_items_enhancement.csv", "table_02_items_challenges.csv"]
    assert f",118,{mean}," in (out / "tables" / names[1]).read_text(encoding="utf-8-sig")
    assert "Table 1. Item Statistics" in proc.stdout and "Table 3" not in proc.stdout


def test_cli_rejects_unknown_tables_and_paper(tmp_path: Path) -> None:
    base = ["analyze", "data/examples/example_4point.csv", "--instrument", "instruments/example_4point.yaml"]
    proc = run_cli(*base, "--out", str(tmp_path / "a"), "--tables", "items,manova")
    assert proc.returncode == 2 and "unknown table 'manova'" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli(*base, "--out", str(tmp_path / "b"), "--format", "docx", "--paper", "a5")
    assert proc.returncode == 2 and "paper must be a4 or letter" in proc.stderr


def test_chart_labels_keep_every_word(doc: dict[str, Any]) -> None:
    """Chart labels are the wording (or the short label), wrapped between words over at most
    three lines and never cut."""
    from mcstats.report.charts import _wrap, item_label

    long = "I find information and communication technology tools a waste of the teaching time I have"
    wrapped = _wrap(long)
    assert wrapped.replace("\n", " ") == long and len(wrapped.splitlines()) <= 3
    for s in doc["scales"].values():
        for col, it in s["item_statistics"].items():
            label = item_label(it, col)
            assert label.startswith(it["text"]) and _wrap(label).replace("\n", " ") == label
    assert item_label({"text": "A long wording", "short": "Short", "reverse": True}, "Q1") == "Short (R)"


def test_title_names_the_file_and_columns_note_lists_only_hidden_columns(doc: dict[str, Any]) -> None:
    """A report names the data file, not the analyst's folders; the note maps S/N to a
    column only where the column name does not already hold the wording."""
    d = json.loads(json.dumps(doc))
    d["input"]["path"] = "C:\\Users\\ada\\thesis\\survey.csv"
    assert build_report(d).title == "Survey Analysis: survey.csv"
    d["input"]["path"] = "/home/ada/thesis/survey.csv"
    assert build_report(d).title == "Survey Analysis: survey.csv"

    sid = next(iter(d["scales"]))
    stats = d["scales"][sid]["item_statistics"]
    first, second, *rest = list(stats)
    # Item 1 keeps a short code as its column (Q1-style), every other column is a
    # Google-Forms-like header holding the item's wording.
    renamed = {first: stats[first]}
    renamed[first]["text"] = "I use a projector when teaching"
    for c in [second, *rest]:
        renamed[f"How often ... [{stats[c]['text']}]"] = stats[c]
    d["scales"][sid]["item_statistics"] = renamed
    md = render_markdown(d)
    note = next(line for line in md.splitlines() if "Data columns:" in line)
    assert f"Data columns: 1 = {first}." in note
    assert "How often" not in note
