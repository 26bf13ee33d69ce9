"""A paper audited as a reviewer has it: text, Markdown, HTML, Word and PDF.

Expected values are worked out by hand in the comments (the made-up paper in
tests/fixtures/papers/made_up.md was written so that they are easy to check), or come from
the hand-made published-values files of the two seed papers (data/published/*.yaml): the
draft that mcstats extracts from a seed paper's text must audit to the same findings.
The seed papers are read from ../shared/seeds (relative to the repository root) and the
tests that need them skip when they are absent; no sentence of them is in this repository.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from paper_render import to_docx, to_html

from mcstats.audit.extract.draft import draft_from_paper, draft_from_text
from mcstats.audit.extract.readers import read_html_text, read_paper
from mcstats.audit.extract.tables import column_statistic, find_tables
from mcstats.audit.run import AuditReport, audit_file, audit_paper, audit_study
from mcstats.errors import DataError, UsageError
from mcstats.replication.published import parse_published

ROOT = Path(__file__).resolve().parents[2]
PAPERS = ROOT / "tests" / "fixtures" / "papers"
MADE_UP = PAPERS / "made_up.md"
SEEDS = ROOT.parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed paper {prefix}_*.txt not found in {SEEDS} (the seeds are not in the repository)")
    return found[0]


def _row(location: str) -> str | None:
    m = re.search(r"row '(.*)'", location)
    return m.group(1) if m else None


def finding_keys(report: AuditReport) -> Counter[tuple[str, str, str, str, str | None]]:
    """Findings compared across inputs: check, severity, reported, expected and the row label
    (table sources differ: a draft names an uncaptioned table by its line)."""
    return Counter((f.check, f.severity, f.reported, f.expected, _row(f.location)) for f in report.findings)


# --------------------------------------------------------------------------------------------
# Tables in text
# --------------------------------------------------------------------------------------------


def test_pipe_table_printed_in_two_parts_is_one_table() -> None:
    text = "\n".join(
        [
            "Table 4: Two parts",
            "",
            "| Item | N | Mean |",
            "|---|---|---|",
            "| a | 10 | 2.1 |",
            "",
            "| | | |",
            "|---|---|---|",
            "| b | 10 | 2.3 |",
        ]
    )
    [t] = find_tables(text)
    assert (t.source, t.title, t.line) == ("Table 4", "Two parts", 3)
    assert t.rows == (("a", "10", "2.1"), ("b", "10", "2.3"))


def test_tab_table_with_caption_on_two_lines_and_an_untitled_table() -> None:
    text = (
        "Table 2\nFrequency of sex\nSex\tFrequency\tPer cent\nMale\t3\t60.0\nFemale\t2\t40.0\n"
        "\nWords\nA\tB\n1\t2\n"
    )
    first, second = find_tables(text)
    assert (first.source, first.title, first.header) == (
        "Table 2",
        "Frequency of sex",
        ("Sex", "Frequency", "Per cent"),
    )
    assert first.rows == (("Male", "3", "60.0"), ("Female", "2", "40.0"))
    assert (second.source, second.title, second.captioned) == ("Untitled table (line 8)", "Words", False)


@pytest.mark.parametrize(
    ("header", "statistic"),
    [
        ("N", "n"),
        ("Mean", "mean"),
        ("x̄", "mean"),
        ("X̄", "mean"),
        ("\\bar{x}", "mean"),
        ("SD", "sd"),
        ("S.D", "sd"),
        ("S.D.", "sd"),
        ("Std. D.", "sd"),
        ("Std. Dev.", "sd"),
        ("Std. Deviation", "sd"),
        ("t", "t"),
        ("t-cal", "t"),
        ("t _{tab}", "t_critical"),
        ("t-crit", "t_critical"),
        ("Df", "df"),
        ("Sig.", "p"),
        ("Sig. (2-tailed)", "p"),
        ("p-value", "p"),
        ("Minimum", "min"),
        ("Maximum", "max"),
        ("Frequency", "frequency"),
        ("Per cent", "percent"),
        ("%", "percent"),
        ("Valid Percent", "valid_percent"),
        ("Cumulative Percent", "cumulative_percent"),
        ("Item", None),
        ("Remark", None),
        ("Students", None),
    ],
)
def test_column_headers(header: str, statistic: str | None) -> None:
    assert column_statistic(header) == statistic


# --------------------------------------------------------------------------------------------
# The draft
# --------------------------------------------------------------------------------------------


def test_draft_of_the_made_up_paper() -> None:
    d = draft_from_paper(MADE_UP)
    doc = yaml.safe_load(d.yaml)
    study = parse_published(doc, path="draft")  # the draft is a valid published-values file
    assert (study.scale.min, study.scale.max) == (1, 4)
    assert dict(study.scale.labels) == {
        4: "Strongly Agree",
        3: "Agree",
        2: "Disagree",
        1: "Strongly Disagree",
    }
    assert d.facts == {
        "population": "600",
        "sample": "150",
        "sample_percent": "25",
        "distributed": "150",
        "valid": "120",
        "response_rate": "80.0",
        "alpha": "0.81",
        "significance_level": "0.05",
    }
    table = doc["tables"][1]
    assert (table["source"], table["kind"], table["score"]) == (
        "Table 1",
        "item-descriptives",
        {"kind": "item", "items": 1},
    )
    roles = [(r["label"], r.get("role")) for r in table["rows"]]
    assert roles == [
        ("1. Clear aims", "item"),
        ("2. Enough time", "item"),
        ("3. Peer support", "item"),
        ("Grand Mean", "grand-mean"),
    ]
    # every number as printed, strings with their trailing zeros and missing leading zeros
    assert table["rows"][1]["values"] == {"n": "120", "mean": "3.150", "sd": "1.902"}
    assert table["rows"][0]["values"]["sd"] == ".795"
    assert table["rows"][3]["score"] == {"kind": "mean-of-item-means", "items": 3}
    # each guess is a comment in the YAML and a sentence in the list
    assert d.yaml.count("# guess:") >= 3
    assert any("mean of the 3 item means" in g for g in d.guesses)


def test_draft_reads_t_test_and_frequency_tables() -> None:
    text = "\n".join(
        [
            "Responses ranged from 1 to 5.",
            "",
            "| Group | N | Mean | SD | df | t | Sig. | Decision |",
            "|---|---|---|---|---|---|---|---|",
            "| Male | 30 | 3.10 | .80 | 58 | 1.20 | .235 | Not significant |",
            "| Female | 30 | 2.85 | .81 | | | | |",
            "",
            "Table 2: Sex",
            "",
            "Sex\tFrequency\tPer cent",
            "Male\t30\t50.0",
            "Female\t28\t46.7",
            "Total\t58\t96.7",
            "Missing\t2\t3.3",
            "Total\t60\t100.0",
        ]
    )
    d = draft_from_text(text, name="x")
    doc = yaml.safe_load(d.yaml)
    ttest, freq = doc["tables"]
    assert ttest["kind"] == "t-test"
    assert ttest["rows"][0]["values"] == {
        "n": "30",
        "mean": "3.10",
        "sd": ".80",
        "df": "58",
        "t": "1.20",
        "p": ".235",
    }
    assert ttest["rows"][0]["remarks"] == {"decision": "Not significant"}
    assert [r["role"] for r in ttest["rows"]] == ["group", "group"]
    assert freq["kind"] == "frequency"
    assert [r["role"] for r in freq["rows"]] == ["level", "level", "valid-total", "missing", "total"]
    assert (doc["scale"]["min"], doc["scale"]["max"]) == (1, 5)


def test_a_table_without_statistics_is_listed_not_read() -> None:
    d = draft_from_text("Table 9: Names\n\n| Code | Meaning |\n|---|---|\n| MC | micro-credential |\n")
    assert d.tables == 0
    assert d.skipped == (
        ("Table 9 (line 3)", "no column is a mean, SD, t or frequency, so it is not a table of statistics"),
    )


# --------------------------------------------------------------------------------------------
# Auditing a paper
# --------------------------------------------------------------------------------------------

#: The made-up paper's findings, by hand:
#: * item 2: mean 3.150, SD 1.902, N = 120 on 1-4: the largest SD is
#:   sqrt((4 - 3.15)(3.15 - 1) * 120/119) = 1.3575 -> sd_bounds, impossible;
#: * item 3: mean 2.412 with N = 120 needs a total of 289.44; 289/120 = 2.408 and
#:   290/120 = 2.417 -> GRIM, impossible;
#: * item 1: 2.875 * 120 = 345 and SD .795 fits the sum of squares 1067 (counts 1, 43, 46, 30
#:   of codes 1-4) -> nothing;
#: * the grand mean (2.875 + 3.150 + 2.412) / 3 = 2.8123 -> 2.81 as printed; remarks fit the
#:   real limits (2.412 Disagree, the others Agree); 120/150 = 80.0% as printed;
#: * t(118) = 2.20: two-sided p from 2 * pt(-2.205, 118) = .0294 to 2 * pt(-2.195, 118) = .0301,
#:   which rounds to .03, not .06, and is significant -> statcheck error and decision error;
#:   F(1, 118) = 0.50: p from .4787 to .4831 (R pf), .48 as printed -> nothing.
MADE_UP_FINDINGS = Counter(
    {
        ("sd_bounds", "impossible", "mean 3.150, SD 1.902, N = 120", "at most 1.358", "2. Enough time"): 1,
        ("grim", "impossible", "mean 2.412, N = 120", "2.408 or 2.417", "3. Peer support"): 1,
        ("statcheck", "inconsistent", "t(118) = 2.20, p = .06", "p = 0.0294 to 0.0301", None): 1,
    }
)


def test_audit_of_the_made_up_markdown_paper() -> None:
    report = audit_file(MADE_UP)
    assert report.input_kind == "paper"
    assert finding_keys(report) == MADE_UP_FINDINGS
    assert [(r.statistic, r.error, r.decision_error) for r in report.extracted] == [
        ("t", True, True),
        ("F", False, False),
    ]
    # the draft's guesses come first among the assumptions
    assert report.assumptions[0].startswith("Read from the paper (guess): Responses are coded 1 to 4")
    assert report.checks_run["response_rate"] == 1 and report.checks_run["grand_mean"] == 1


def test_html_and_docx_renderings_give_the_same_audit(tmp_path: Path) -> None:
    markdown = MADE_UP.read_text(encoding="utf-8")
    page = tmp_path / "made_up.html"
    page.write_text(to_html(markdown), encoding="utf-8")
    word = tmp_path / "made_up.docx"
    to_docx(markdown, word)
    for path in (page, word):
        assert finding_keys(audit_paper(path)) == MADE_UP_FINDINGS, path.suffix


def test_pdf_rendering_gives_the_same_audit() -> None:
    # made_up.pdf: Chromium's print of the HTML rendering (tests/reference/papers/make_pdf.py)
    pytest.importorskip("pypdf", reason="PDF papers need the optional extra mcstats[pdf]")
    assert finding_keys(audit_paper(PAPERS / "made_up.pdf")) == MADE_UP_FINDINGS
    table = [line for line in read_paper(PAPERS / "made_up.pdf").text.splitlines() if "\t" in line]
    # the grand mean row keeps its empty N and SD cells: the mean stays in the Mean column
    assert table[-1] == "Grand Mean\t\t2.81\t\tAgree"


def test_html_reader_skips_scripts_and_decodes_entities() -> None:
    html = (
        "<html><head><style>p{}</style></head><body><script>t(2) = 9, p = .5</script>"
        "<p>t(28) = 2.20, p &lt; .05</p></body></html>"
    )
    assert read_html_text(html) == "t(28) = 2.20, p < .05"


def test_paper_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        read_paper(tmp_path / "missing.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(DataError, match="cannot read the PDF"):
        read_paper(bad)
    broken = tmp_path / "bad.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="cannot read the Word document"):
        read_paper(broken)
    with pytest.raises(UsageError):
        read_paper(tmp_path / "paper.odt")


# --------------------------------------------------------------------------------------------
# The seed papers: the extracted draft audits to the hand-made YAML's findings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "published"), [("000", "rivers_state"), ("001", "mardan")])
def test_seed_text_audits_like_the_hand_made_yaml(prefix: str, published: str) -> None:
    paper = seed(prefix)
    expected = finding_keys(audit_file(ROOT / "data" / "published" / f"{published}.yaml"))
    assert expected  # both papers have findings
    assert finding_keys(audit_paper(paper)) == expected
    if published == "rivers_state":
        # the hypothesis is about Table 1's construct (implied_by: table_1 in the YAML; the
        # draft guesses the link from the titles): five 1-4 items sum to 5-20, and the printed
        # group means 24.67 and 22.82 lie above
        implied = {k for k in expected if k[0] == "range_implied"}
        assert implied == {
            ("range_implied", "inconsistent", "24.67", "5 to 20", "Male teaching staff"),
            ("range_implied", "inconsistent", "22.82", "5 to 20", "Female teaching staff"),
        }


@pytest.mark.parametrize(("prefix", "published"), [("000", "rivers_state"), ("001", "mardan")])
def test_seed_html_and_docx_renderings_audit_the_same(tmp_path: Path, prefix: str, published: str) -> None:
    paper = seed(prefix)
    markdown = paper.read_text(encoding="utf-8")
    expected = finding_keys(audit_file(ROOT / "data" / "published" / f"{published}.yaml"))
    page = tmp_path / "rivers.html"
    page.write_text(to_html(markdown), encoding="utf-8")
    word = tmp_path / "rivers.docx"
    to_docx(markdown, word)
    assert finding_keys(audit_paper(page)) == expected
    assert finding_keys(audit_paper(word)) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("prefix", "published"), [("000", "rivers_state"), ("001", "mardan")])
def test_seed_pdf_print_audits_the_same(tmp_path: Path, prefix: str, published: str) -> None:
    """A reviewer's PDF: Chromium's print of the HTML rendering, with the browser's running
    head and foot on every page (a table's header can end a page and its rows start the next)."""
    import shutil
    import subprocess

    pytest.importorskip("pypdf")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (it prints the PDF)")
    paper = seed(prefix)
    page = tmp_path / "paper.html"
    page.write_text(to_html(paper.read_text(encoding="utf-8")), encoding="utf-8")
    pdf = tmp_path / "paper.pdf"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", str(page)],
        check=True, capture_output=True, timeout=180,
    )
    expected = finding_keys(audit_file(ROOT / "data" / "published" / f"{published}.yaml"))
    assert finding_keys(audit_paper(pdf)) == expected


def test_a_paper_without_numbers_says_so(tmp_path: Path) -> None:
    paper = tmp_path / "essay.md"
    paper.write_text("# An essay\n\nTeachers value short courses; no numbers.\n", encoding="utf-8")
    report = audit_paper(paper)
    assert report.findings == () and report.extracted == ()
    assert [x.location for x in report.not_checked] == ["essay.md (whole paper)"]


@pytest.mark.parametrize(
    "header",
    [
        ["| Item | Urban x̄ | Urban SD | Rural x̄ | Rural SD | Average x̄ | Remark |",
         "|---|---|---|---|---|---|---|"],
        ["| | Urban | | Rural | | Average | |", "|---|---|---|---|---|---|---|",
         "| Item | x̄ | SD | x̄ | SD | x̄ | Remark |"],
    ],
    ids=["one-header-row", "group-row-above"],
)
def test_draft_reads_groups_side_by_side(header: list[str]) -> None:
    # hand values: (2.85 + 3.10)/2 = 2.975 -> 2.98 fits; (2.40 + 2.60)/2 = 2.50, not 2.70;
    # SD 3.50 on 1-4 is impossible for the rural group (N 30 printed in the text is not used)
    text = "\n".join([
        "A 4-point scale was used.", "", "Table 3: Views by location", "", *header,
        "| 1. Aims | 2.85 | .67 | 3.10 | 3.50 | 2.98 | Agree |",
        "| 2. Time | 2.40 | .70 | 2.60 | .72 | 2.70 | Agree |",
    ])
    d = draft_from_text(text, name="grouped")
    doc = yaml.safe_load(d.yaml)
    table = doc["tables"][-1]
    assert table["groups"] == {"urban": "Urban", "rural": "Rural", "average": "Average"}
    assert table["overall"] == {"group": "average", "relation": "mean-of-groups"}
    assert table["rows"][0]["values"] == {
        "mean.urban": "2.85", "sd.urban": ".67", "mean.rural": "3.10", "sd.rural": "3.50",
        "mean.average": "2.98",
    }
    report = audit_study(parse_published(doc, path="draft"))
    assert sorted((f.check, f.location) for f in report.findings) == [
        ("overall", "Table 3, row '2. Time', column 'Average'"),
        ("sd_bounds", "Table 3, row '1. Aims [Rural]'"),
    ]


# --------------------------------------------------------------------------------------------
# PDF layout text: the table shapes a print gives (hand-written layout-mode lines)
# --------------------------------------------------------------------------------------------


def test_layout_header_on_two_lines_and_wrapped_rows() -> None:
    from mcstats.audit.extract.readers import _layout_tables

    lines = [
        "   Items                               N      Mean      Std.      Remark",
        "                                                          D.",
        "   1. A long item that wraps           432    2.862     .974      High",
        "   onto a second line                                             Extent",
        "   Grand Mean                                 2.94",
    ]
    assert _layout_tables(lines) == [
        "Items\tN\tMean\tStd. D.\tRemark",
        "1. A long item that wraps onto a second line\t432\t2.862\t.974\tHigh Extent",
        "Grand Mean\t\t2.94\t\t",
    ]


def test_layout_unheaded_label_column_and_a_row_set_off() -> None:
    from mcstats.audit.extract.readers import _layout_tables

    lines = [
        "                                      N      Mean       Std. D.     Remark",
        "   6. First item                      432    3.126      .985        High Extent",
        "       9. A row printed to the right      432    2.960      1.089     High Extent",
    ]
    assert _layout_tables(lines) == [
        "\tN\tMean\tStd. D.\tRemark",
        "6. First item\t432\t3.126\t.985\tHigh Extent",
        "9. A row printed to the right\t432\t2.960\t1.089\tHigh Extent",
    ]


def test_layout_header_ending_a_page() -> None:
    from mcstats.audit.extract.readers import _layout_tables

    lines = [
        "   Qualification           Frequency        Per cent",
        "",
        "file:///paper.html                                     3/9",
        "12/2/26, 1:10 AM                  paper",
        "   B.Ed.                   96               46.4",
        "   Total                   207              100.0",
    ]
    out = _layout_tables(lines)
    assert out[0] == "Qualification\tFrequency\tPer cent"
    assert out[1:] == ["B.Ed.\t96\t46.4", "Total\t207\t100.0"]


def test_layout_crosstab_header_of_category_words() -> None:
    """No statistic names a crosstab's columns: its header is words over counts."""
    from mcstats.audit.extract.readers import _layout_tables

    lines = [
        "    School         Yes              No         Total",
        "    Public     12 (40.0%)      18 (60.0%)      30",
        "    Private    9 (45.0%)       11 (55.0%)      20",
        "",
        "  A sentence of running text with three words spaced   like   this.",
    ]
    assert _layout_tables(lines)[:3] == [
        "School\tYes\tNo\tTotal",
        "Public\t12 (40.0%)\t18 (60.0%)\t30",
        "Private\t9 (45.0%)\t11 (55.0%)\t20",
    ]
