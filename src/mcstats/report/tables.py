"""The table model: every table and figure of an analysis report, built once from results.json.

A :class:`Report` is a sequence of blocks (headings, paragraphs, :class:`Table` and
:class:`Figure` objects). The renderers (terminal, Markdown, HTML, Word, Excel, CSV) only
draw these objects, so a table has the same number, title, column headers, values and
decimals in every format. Nothing here computes a statistic: values are taken from the
results document at full precision, and each numeric :class:`Cell` carries the number of
decimals it is printed with.

Tables are chosen by name (``--tables``). The names, in report order:

==================== ======= ============================================================
name                 default what it shows
==================== ======= ============================================================
excluded             yes     rows excluded from the analysis, with the reason
invalid-cells                cells treated as missing (out-of-range codes, unknown labels)
reliability          yes     per scale: Cronbach's alpha, its 95% CI (Feldt), N, items;
                             ``reliability="full"`` adds standardized alpha, the mean
                             inter-item r, omega total and a table of every coefficient
                             with its intervals per scale
items                yes     per scale: item N, M, SD and remark, with the grand means
item-frequencies             per scale: count (valid percent) of each response option,
                             N, M, SD and remark of every item (the classic table)
item-total           yes     per scale: the item-total statistics (SPSS's "Item-Total
                             Statistics"; ``reliability="full"`` adds SMC, omega if
                             deleted and the N)
ttest                yes     per t-test: group N, M, SD and the test
ttest-details                per t-test: Student and Welch t, df, p, mean difference, SE, CI
anova                yes     per one-way ANOVA: group descriptives and the ANOVA table
                             (:mod:`mcstats.report.group_tables`)
posthoc              yes     per one-way ANOVA: Tukey HSD, Games-Howell, Scheffé pairs
rank-tests           yes     per rank test (--nonparametric): mean ranks, U or H, Dunn
frequencies          yes     frequencies of the grouping and categorical columns
response-frequencies         per item: the SPSS frequency table of the answers
==================== ======= ============================================================

``all`` selects every table. A new analysis adds its table here with :func:`register`,
and every format shows it.

Reverse-keyed items
-------------------
Item tables show a reverse-keyed item as respondents answered it: the mean, and the
remark of that mean, are in the raw direction, so the remark reads the way the item is
worded. The item is marked "(R)" and a note gives the recoded mean (``min + max - x``) that
the scale score, reliability and grand means use. This follows how SPSS users report
such items (the descriptive table of the original variables, the recoded variable in the
scale) and how published papers mark them (an "(R)" after the wording, the scoring in a
note); the grand means are computed on recoded scores and say so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from mcstats.errors import UsageError
from mcstats.report.render import fmt, fmt_p, fmt_p_is

Align = Literal["left", "right"]
CellKind = Literal["text", "integer", "number", "p", "count_percent", "empty"]

#: Decimals of percentages (fixed: a percent of a few hundred answers has one decimal).
PERCENT_DECIMALS = 1
#: Decimals of p values (APA: exact to three decimals, "< .001" below).
P_DECIMALS = 3


# ---------------------------------------------------------------------------------------
# Text with APA formatting (italic statistical symbols)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text, italic or not."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Text:
    """Text made of runs, so that statistical symbols (*N*, *M*, *SD*, *t*, *p*) can be
    italic as APA asks. Text from data or instruments is always a plain run."""

    runs: tuple[Run, ...] = ()

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs)

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, str):
            other = plain(other)
        return Text(self.runs + other.runs)

    def __radd__(self, other: str) -> Text:
        return plain(other) + self

    def __bool__(self) -> bool:
        return bool(self.plain)


def plain(text: Any) -> Text:
    """Text taken as it is (anything from data or instruments)."""
    s = "" if text is None else str(text)
    return Text((Run(s),) if s else ())


def apa(markup: str) -> Text:
    """Text written in this module, with ``*...*`` marking italics.

    Examples
    --------
    >>> [(r.text, r.italic) for r in apa("*M* difference").runs]
    [('M', True), (' difference', False)]
    """
    parts = markup.split("*")
    return Text(tuple(Run(p, italic=i % 2 == 1) for i, p in enumerate(parts) if p))


# ---------------------------------------------------------------------------------------
# Cells, columns, rows, tables, figures
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One table cell: the full-precision value and how it is printed.

    ``kind`` is ``text``, ``integer``, ``number`` (printed with ``decimals``, without the
    leading zero when ``leading_zero`` is false: values that cannot exceed 1), ``p`` (three
    decimals, "< .001" below), ``count_percent`` (a count with its percent in parentheses;
    ``percent`` holds the percent) or ``empty``.
    """

    value: Any = None
    kind: CellKind = "empty"
    decimals: int = 0
    leading_zero: bool = True
    percent: float | None = None

    @property
    def text(self) -> str:
        """The cell as printed in every format."""
        if self.kind == "empty":
            return ""
        if self.kind == "text":
            return "" if self.value is None else str(self.value)
        if self.kind == "p":
            return fmt_p(self.value)
        if self.kind == "integer":
            return "—" if self.value is None else str(int(self.value))
        if self.kind == "count_percent":
            if self.value is None:
                return "—"
            return f"{int(self.value)} ({fmt(self.percent, PERCENT_DECIMALS)})"
        return fmt(self.value, self.decimals, leading_zero=self.leading_zero)

    @property
    def number(self) -> float | int | None:
        """The value rounded as printed (half-up), for spreadsheets; None for text."""
        if self.kind in ("text", "empty") or self.value is None:
            return None
        if isinstance(self.value, float) and not math.isfinite(self.value):
            return None
        if self.kind in ("integer", "count_percent"):
            return int(self.value)
        if self.kind == "p":
            return float(fmt(self.value, P_DECIMALS))
        return float(fmt(self.value, self.decimals))


def text(value: Any) -> Cell:
    return Cell(value="" if value is None else str(value), kind="text")


def integer(value: Any) -> Cell:
    return Cell(value=None if value is None else int(value), kind="integer")


def number(value: Any, decimals: int, *, leading_zero: bool = True) -> Cell:
    v = None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)
    return Cell(value=v, kind="number", decimals=decimals, leading_zero=leading_zero)


def p_value(value: Any) -> Cell:
    v = None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)
    return Cell(value=v, kind="p", decimals=P_DECIMALS, leading_zero=False)


def count_percent(count: Any, percent: Any) -> Cell:
    return Cell(value=count, kind="count_percent", decimals=0, percent=percent)


EMPTY = Cell()


@dataclass(frozen=True)
class Column:
    """A column: its header (APA formatting), alignment and, for two-level headers, the
    spanning header above it. ``wording`` marks the column of item wording or labels that
    takes the width the numeric columns leave (Word) and is shortened in the terminal."""

    key: str
    header: Text
    align: Align = "right"
    group: Text | None = None
    wording: bool = False


@dataclass(frozen=True)
class Row:
    """A row of cells; ``total`` marks a summary row (a rule above it)."""

    cells: tuple[Cell, ...]
    total: bool = False


@dataclass(frozen=True)
class HeaderCell:
    """A cell of the header: its text, first column, column span, row span and alignment."""

    text: Text
    column: int
    colspan: int
    rowspan: int
    align: str


@dataclass(frozen=True)
class Table:
    """One numbered table, as every format shows it."""

    name: str  # the registry name (``--tables``), e.g. "items"
    id: str  # unique within the report, for file and sheet names: "items_enhancement"
    number: int
    title: Text
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[Text, ...] = ()
    section: str = ""

    @property
    def label(self) -> str:
        return f"Table {self.number}"

    @property
    def has_groups(self) -> bool:
        return any(c.group is not None for c in self.columns)

    def header_rows(self) -> list[list[HeaderCell]]:
        """The header as rows of cells with spans: one row, or two when columns have a
        spanning header (the spanning cell over its columns, other heads spanning both rows)."""
        if not self.has_groups:
            return [[HeaderCell(c.header, i, 1, 1, c.align) for i, c in enumerate(self.columns)]]
        top: list[HeaderCell] = []
        bottom: list[HeaderCell] = []
        i = 0
        while i < len(self.columns):
            c = self.columns[i]
            if c.group is None:
                top.append(HeaderCell(c.header, i, 1, 2, c.align))
                i += 1
                continue
            j = i
            while j < len(self.columns) and self.columns[j].group == c.group:
                bottom.append(HeaderCell(self.columns[j].header, j, 1, 1, self.columns[j].align))
                j += 1
            top.append(HeaderCell(c.group, i, j - i, 1, "center"))
            i = j
        return [top, bottom]

    def flat_headers(self) -> list[str]:
        """One header per column, the spanning header in front ("95% CI LL")."""
        return [(f"{c.group.plain} {c.header.plain}" if c.group else c.header.plain) for c in self.columns]


@dataclass(frozen=True)
class Figure:
    """A numbered figure: the chart's file-safe name and its title."""

    number: int
    chart: str
    title: str
    section: str = ""

    @property
    def label(self) -> str:
        return f"Figure {self.number}"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the report; ``kind`` is ``body``, ``meta``, ``bullet`` or ``warning``."""

    text: Text
    kind: str = "body"


Block = Heading | Paragraph | Table | Figure


@dataclass(frozen=True)
class Report:
    """A whole analysis report: its title and blocks in order."""

    title: str
    blocks: tuple[Block, ...]
    options: ReportOptions

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


# ---------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------

STYLES = ("apa", "papers")
RELIABILITY_DETAIL = ("compact", "full")


@dataclass(frozen=True)
class ReportOptions:
    """What a report shows.

    Parameters
    ----------
    tables : tuple of str
        Table names (see the module documentation), or ``("all",)``.
    decimals : int or None
        Decimals of every statistic except p (three), percentages (one) and counts. None:
        2, as APA asks; with ``style="papers"`` means and SDs get 3.
    style : {"apa", "papers"}
        ``papers`` prints means and SDs to three decimals and the t-test the way the
        field's papers do (t-cal, t-crit and a decision column).
    reliability : {"compact", "full"}
        ``full`` adds every reliability coefficient with its intervals and the full
        item-total statistics.
    figures : bool
        Whether the report numbers and shows figures (charts).
    """

    tables: tuple[str, ...] = ()
    decimals: int | None = None
    style: str = "apa"
    reliability: str = "compact"
    figures: bool = True

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise UsageError(f"style must be one of {', '.join(STYLES)}, got {self.style!r}")
        if self.reliability not in RELIABILITY_DETAIL:
            raise UsageError(
                f"reliability must be one of {', '.join(RELIABILITY_DETAIL)}, got {self.reliability!r}"
            )
        if self.decimals is not None and not (0 <= self.decimals <= 6):
            raise UsageError(f"decimals must be a whole number from 0 to 6, got {self.decimals}")
        chosen = self.tables or default_tables()
        unknown = [t for t in chosen if t != "all" and t not in TABLES]
        if unknown:
            raise UsageError(f"unknown table {unknown[0]!r}; the tables are: all, {', '.join(TABLES)}")
        object.__setattr__(self, "tables", tuple(TABLES) if "all" in chosen else tuple(chosen))

    @property
    def stat_decimals(self) -> int:
        """Decimals of statistics other than means and SDs (alpha, r, t, F, d, CI)."""
        return 2 if self.decimals is None else self.decimals

    @property
    def mean_decimals(self) -> int:
        """Decimals of means and SDs."""
        if self.decimals is not None:
            return self.decimals
        return 3 if self.style == "papers" else 2


def parse_tables(spec: str) -> tuple[str, ...]:
    """``"items,ttest"`` -> ("items", "ttest"), checked against the registry.

    >>> parse_tables("items, ttest")
    ('items', 'ttest')
    """
    names = tuple(dict.fromkeys(t.strip().lower() for t in spec.split(",") if t.strip()))
    if not names:
        raise UsageError(f"tables: expected a list of table names or 'all', got {spec!r}")
    ReportOptions(tables=names)  # checks the names
    return names


# ---------------------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------------------

#: Sections of the report in order; a table's ``section`` places it. Per-scale tables
#: go in the section of their scale.
SECTIONS = ("data", "reliability", "scale", "tests", "frequencies")
SECTION_HEADINGS = {
    "data": "Data",
    "reliability": "Reliability",
    "tests": "Tests of Hypotheses",
    "frequencies": "Frequencies",
}


@dataclass(frozen=True)
class TableSpec:
    """A named table kind: how to build its tables from a results document."""

    name: str
    description: str
    section: str
    default: bool
    per_scale: bool
    build: Callable[..., list[Table]]


#: Every table kind by name, in report order within a section.
TABLES: dict[str, TableSpec] = {}


def register(
    name: str, description: str, *, section: str, default: bool = False, per_scale: bool = False
) -> Callable[[Callable[..., list[Table]]], Callable[..., list[Table]]]:
    """Register a table builder under ``name``.

    The builder is called as ``build(ctx)`` (or ``build(ctx, scale_id)`` with
    ``per_scale=True``) and returns the tables (number 0; numbers are given in report
    order). ``section`` is one of :data:`SECTIONS`; a new section name is placed after
    them with its name as heading.
    """

    def deco(fn: Callable[..., list[Table]]) -> Callable[..., list[Table]]:
        TABLES[name] = TableSpec(name, description, section, default, per_scale, fn)
        return fn

    return deco


def default_tables() -> tuple[str, ...]:
    """The tables a report shows unless asked otherwise."""
    return tuple(n for n, s in TABLES.items() if s.default)


@dataclass
class Context:
    """What a builder reads: the results document and the report options."""

    doc: dict[str, Any]
    options: ReportOptions
    scale_points: int = field(init=False)
    #: The lowest and highest response codes (1 and scale_points unless declared).
    min_code: int = field(init=False)
    max_code: int = field(init=False)

    def __post_init__(self) -> None:
        inst = self.doc["instrument"]
        self.scale_points = int(inst["scale_points"])
        self.min_code = int(inst.get("min_code", 1))
        self.max_code = int(inst.get("max_code", self.min_code + self.scale_points - 1))

    @property
    def d(self) -> int:
        return self.options.stat_decimals

    @property
    def dm(self) -> int:
        return self.options.mean_decimals

    def scale_title(self, scale_id: str) -> str:
        s = self.doc["scales"].get(scale_id)
        return str(s["title"]) if s and s.get("title") else scale_id

    def group_title(self, column: str) -> str:
        fr = self.doc["frequencies"].get(column)
        return str(fr["title"]) if fr and fr.get("title") else column

    def item(self, column: str) -> dict[str, Any]:
        for s in self.doc["scales"].values():
            if column in s["item_statistics"]:
                return dict(s["item_statistics"][column])
        return {"column": column, "text": "", "reverse": False}

    def wording(self, column: str) -> str:
        """The item's wording, else its column name."""
        return str(self.item(column).get("text") or column)

    def short(self, column: str) -> str:
        """The item's short label, else its wording, else its column name."""
        it = self.item(column)
        return str(it.get("short") or it.get("text") or column)


def _table(
    ctx: Context,
    name: str,
    id_: str,
    title: Text,
    columns: Sequence[Column],
    rows: Iterable[Row],
    notes: Iterable[Text] = (),
) -> Table:
    return Table(
        name=name,
        id=id_,
        number=0,
        title=title,
        columns=tuple(columns),
        rows=tuple(rows),
        notes=tuple(n for n in notes if n),
        section=TABLES[name].section if name in TABLES else "",
    )


def _row(*cells: Cell, total: bool = False) -> Row:
    return Row(cells=tuple(cells), total=total)


def _n_range(n_min: Any, n_max: Any) -> Cell:
    if n_min is None:
        return integer(None)
    if n_max in (None, n_min):
        return integer(n_min)
    return text(f"{n_min}–{n_max}")


# ---------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------


@register("excluded", "rows excluded from the analysis, with the reason", section="data", default=True)
def _excluded(ctx: Context) -> list[Table]:
    excluded = ctx.doc["input"]["excluded"]
    if not excluded:
        return []
    return [
        _table(
            ctx,
            "excluded",
            "excluded",
            apa("Rows Excluded From the Analysis"),
            [Column("row", apa("Row")), Column("reason", apa("Reason"), "left", wording=True)],
            [_row(integer(e["row"]), text(e["reason"])) for e in excluded],
            [apa("Row numbers count the file's lines, the header being line 1.")],
        )
    ]


@register("invalid-cells", "cells treated as missing, with the reason", section="data")
def _invalid_cells(ctx: Context) -> list[Table]:
    inp = ctx.doc["input"]
    cells = inp["invalid_cells"]
    if not cells:
        return []
    note = (
        apa(f"The first {len(cells)} of {inp['n_invalid_cells']} invalid cells; results.json lists them.")
        if inp["n_invalid_cells"] > len(cells)
        else Text()
    )
    return [
        _table(
            ctx,
            "invalid-cells",
            "invalid_cells",
            apa("Invalid Cells Treated as Missing"),
            [
                Column("row", apa("Row")),
                Column("column", apa("Column"), "left"),
                Column("value", apa("Value"), "left"),
                Column("reason", apa("Reason"), "left", wording=True),
            ],
            [_row(integer(c["row"]), text(c["column"]), text(c["value"]), text(c["reason"])) for c in cells],
            [note],
        )
    ]


# ---------------------------------------------------------------------------------------
# Reliability
# ---------------------------------------------------------------------------------------


def _ci_columns(label: str = "95% CI") -> list[Column]:
    return [
        Column("ci_lower", apa("*LL*"), group=apa(label)),
        Column("ci_upper", apa("*UL*"), group=apa(label)),
    ]


@register(
    "reliability",
    "Cronbach's alpha with its 95% CI, N and items per scale (full: every coefficient)",
    section="reliability",
    default=True,
)
def _reliability(ctx: Context) -> list[Table]:
    full = ctx.options.reliability == "full"
    d = ctx.d
    columns = [
        Column("scale", apa("Scale"), "left", wording=True),
        Column("n_items", apa("Items")),
        Column("n", apa("*N*")),
        Column("alpha", apa("α")),
        *_ci_columns(),
    ]
    if full:
        columns += [
            Column("alpha_standardized", apa("Standardized α")),
            Column("mean_inter_item_r", apa("Mean inter-item *r*")),
            Column("omega_total", apa("ω total")),
        ]
    rows: list[Row] = []
    notes: list[Text] = []
    pairwise = False
    for s in ctx.doc["scales"].values():
        rel = s["reliability"]
        if not rel:
            rows.append(
                _row(text(s["title"]), integer(len(s["items"])), *[number(None, d)] * (len(columns) - 2))
            )
            notes.append(plain(f"{s['title']}: reliability was not computed ({s['reliability_note']})."))
            continue
        pairwise = pairwise or rel.get("missing_rule") == "pairwise"
        lo, hi = rel["alpha_ci95"]
        cells = [
            text(s["title"]),
            integer(rel["n_items"]),
            _n_range(rel.get("n_pairwise_min", rel["n"]), rel.get("n_pairwise_max", rel["n"])),
            number(rel["alpha"], d, leading_zero=False),
            number(lo, d, leading_zero=False),
            number(hi, d, leading_zero=False),
        ]
        if full:
            cells += [
                number(rel["alpha_standardized"], d, leading_zero=False),
                number(rel["mean_inter_item_r"], d, leading_zero=False),
                number(rel.get("omega_total"), d, leading_zero=False),
            ]
        rows.append(_row(*cells))
        if rel.get("n_excluded") and rel.get("missing_rule") != "pairwise":
            notes.append(
                plain(
                    f"{s['title']}: {rel['n_excluded']} case(s) with a missing item were left out "
                    "(listwise within the scale)."
                )
            )
    head = apa(
        "α = Cronbach's alpha; CI = confidence interval (Feldt); *LL* and *UL* = lower and upper limits."
    )
    if pairwise:
        head += apa(
            " Pairwise deletion: each covariance uses the cases that answered both items; "
            "the interval uses the smallest *N*."
        )
    # With reliability="full" each scale's section also holds the table of every
    # coefficient (see build_report).
    return [
        _table(
            ctx, "reliability", "reliability", apa("Reliability of the Scales"), columns, rows, [head, *notes]
        )
    ]


def _reliability_coefficients(ctx: Context, sid: str, s: dict[str, Any]) -> Table:
    from mcstats.report.reliability_table import reliability_rows

    rel = s["reliability"]
    d = ctx.d
    rows: list[Row] = []
    for r in reliability_rows(rel):
        ivs = r["intervals"] or [None]
        for j, iv in enumerate(ivs):
            head = (
                [
                    text(r["label"]),
                    number(r["estimate"], d, leading_zero=False),
                    _n_range(r["n_min"], r["n_max"]),
                ]
                if j == 0
                else [EMPTY, EMPTY, EMPTY]
            )
            tail = (
                [
                    number(iv["lower"], d, leading_zero=False),
                    number(iv["upper"], d, leading_zero=False),
                    text(iv["method"]),
                    integer(iv["n"]),
                ]
                if iv
                else [EMPTY] * 4
            )
            rows.append(_row(*head, *tail))
    note = plain(f"ω total: {rel.get('omega_estimator', '')}.")
    if rel.get("bootstrap"):
        b = rel["bootstrap"]
        note += plain(
            f" Bootstrap intervals: {b['n_boot']} resamples of {b['n_cases']} cases, "
            f"seed {b['seed']}, percentiles."
        )
    if rel.get("ordinal"):
        note += plain(
            " Ordinal coefficients: α and ω total of the polychoric correlation matrix "
            "(R: psych::polychoric, then psych::alpha and psych::omega)."
        )
    return _table(
        ctx,
        "reliability",
        f"reliability_{sid}",
        plain(f"Reliability Coefficients and 95% Confidence Intervals for {s['title']}"),
        [
            Column("coefficient", apa("Coefficient"), "left", wording=True),
            Column("estimate", apa("Estimate")),
            Column("n", apa("*N*")),
            *_ci_columns(),
            Column("method", apa("CI method"), "left"),
            Column("n_ci", apa("*N* (CI)")),
        ],
        rows,
        [note],
    )


# ---------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------


def _answered(it: dict[str, Any]) -> tuple[Any, Any, bool]:
    """Mean and remark as respondents answered, and whether they are (old documents
    without ``mean_as_answered`` give the recoded values: False)."""
    if "mean_as_answered" in it:
        return it["mean_as_answered"], it.get("remark_as_answered"), True
    return it["mean"], it["remark"], False


def _item_label(it: dict[str, Any], col: str, *, short: bool = False) -> str:
    label = str((it.get("short") if short else "") or it.get("text") or col)
    return label + (" (R)" if it.get("reverse") else "")


def _reverse_note(ctx: Context, s: dict[str, Any]) -> Text:
    rev = [(i, col, it) for i, (col, it) in enumerate(s["item_statistics"].items(), start=1) if it["reverse"]]
    if not rev:
        return Text()
    k = ctx.min_code + ctx.max_code
    recoded = "; ".join(f"item {i}, {fmt(it['mean'], ctx.dm)}" for i, _c, it in rev)
    if all(_answered(it)[2] for _i, _c, it in rev):
        return apa(
            f"(R) = reverse-keyed: *M* and remark as respondents answered; the scale score, the reliability "
            f"and the grand means use the recoded item ({k} − *x*), recoded *M*: "
        ) + plain(recoded + ".")
    return apa(f"(R) = reverse-keyed: *M* and remark of the recoded item ({k} − *x*).")


def _columns_note(ctx: Context, s: dict[str, Any]) -> Text:
    """``Data columns: 1 = Q1, ...`` for the items whose wording hides their column name.

    A column whose name holds the wording (a Google Forms grid header ``Question [wording]``,
    a Microsoft Forms statement) is left out: repeating the question before every item would
    fill the note without telling the reader anything the row does not.
    """
    stats = s["item_statistics"]
    hidden = [
        (i, c)
        for i, c in enumerate(stats, start=1)
        if stats[c].get("text") and stats[c]["text"].strip() not in c
    ]
    if not hidden:
        return Text()
    return plain("Data columns: " + ", ".join(f"{i} = {c}" for i, c in hidden) + ".")


@register(
    "items",
    "item N, M, SD and remark per scale, with the grand means",
    section="scale",
    default=True,
    per_scale=True,
)
def _items(ctx: Context, sid: str) -> list[Table]:
    s = ctx.doc["scales"][sid]
    dm = ctx.dm
    rows = []
    for i, (col, it) in enumerate(s["item_statistics"].items(), start=1):
        mean, remark, _ = _answered(it)
        rows.append(
            _row(
                integer(i),
                text(_item_label(it, col)),
                integer(it["n"]),
                number(mean, dm),
                number(it["sd"], dm),
                text(remark or "—"),
            )
        )
    gm = s["grand_mean"]
    rev = any(it["reverse"] for it in s["item_statistics"].values())
    recoded = ", recoded" if rev else ""
    rows.append(
        _row(
            EMPTY,
            text(f"Grand mean (mean of item means{recoded})"),
            EMPTY,
            number(gm["mean_of_item_means"], dm),
            EMPTY,
            text(gm["remark"] or "—"),
            total=True,
        )
    )
    rows.append(
        _row(
            EMPTY,
            text(f"Grand mean (mean of respondents' means{recoded})"),
            integer(gm.get("n_respondents")),
            number(gm["mean_of_respondent_means"], dm),
            EMPTY,
            text(gm.get("remark_of_respondent_means") or "—"),
        )
    )
    cut = ctx.doc["cutoffs"]["description"]
    return [
        _table(
            ctx,
            "items",
            f"items_{sid}",
            plain(f"Item Statistics for {s['title']}"),
            [
                Column("sn", apa("S/N")),
                Column("item", apa("Item"), "left", wording=True),
                Column("n", apa("*N*")),
                Column("mean", apa("*M*")),
                Column("sd", apa("*SD*")),
                Column("remark", apa("Remark"), "left"),
            ],
            rows,
            [plain(f"Remarks: {cut}."), _reverse_note(ctx, s), _columns_note(ctx, s)],
        )
    ]


def _abbreviations(labels: Sequence[str]) -> list[str] | None:
    """Initials of multi-word labels ("Strongly agree" -> "SA"), single words kept to their
    first letter; None when two labels would share one."""
    out = []
    for lab in labels:
        words = [w for w in lab.replace("-", " ").split() if w]
        out.append("".join(w[0].upper() for w in words) if words else lab)
    return out if len(set(out)) == len(out) and all(out) else None


@register(
    "item-frequencies",
    "per scale: count (valid percent) of each option, N, M, SD and remark of every item",
    section="scale",
    per_scale=True,
)
def _item_frequencies(ctx: Context, sid: str) -> list[Table]:
    s = ctx.doc["scales"][sid]
    dm = ctx.dm
    responses = ctx.doc["instrument"]["responses"]
    codes = list(range(ctx.max_code, ctx.min_code - 1, -1))  # highest option first, as papers print
    labels = [str(responses.get(str(c), c)) for c in codes]
    short = _abbreviations(labels)
    heads = short or labels
    columns = [Column("sn", apa("S/N")), Column("item", apa("Item"), "left", wording=True)]
    columns += [Column(f"option_{c}", plain(h)) for c, h in zip(codes, heads, strict=True)]
    columns += [
        Column("n", apa("*N*")),
        Column("mean", apa("*M*")),
        Column("sd", apa("*SD*")),
        Column("remark", apa("Remark"), "left"),
    ]
    rows = []
    for i, (col, it) in enumerate(s["item_statistics"].items(), start=1):
        fr = ctx.doc["frequencies"].get(col, {"rows": []})
        by_code = {str(r["value"]): r for r in fr["rows"]}
        cells = []
        for c in codes:
            r = by_code.get(str(c))
            cells.append(count_percent(r["frequency"], r["valid_percent"]) if r else count_percent(0, None))
        mean, remark, _ = _answered(it)
        rows.append(
            _row(
                integer(i),
                text(_item_label(it, col, short=True)),
                *cells,
                integer(it["n"]),
                number(mean, dm),
                number(it["sd"], dm),
                text(remark or "—"),
            )
        )
    notes = [plain("Counts of the answers as given, valid percent in parentheses.")]
    if short:
        notes.append(plain("; ".join(f"{a} = {lab}" for a, lab in zip(short, labels, strict=True)) + "."))
    notes += [_reverse_note(ctx, s), _columns_note(ctx, s)]
    return [
        _table(
            ctx,
            "item-frequencies",
            f"item_frequencies_{sid}",
            plain(f"Responses to the Items of {s['title']}"),
            columns,
            rows,
            notes,
        )
    ]


@register(
    "item-total",
    "per scale: corrected item-total r and alpha if item deleted (SPSS's item-total statistics)",
    section="scale",
    default=True,
    per_scale=True,
)
def _item_total(ctx: Context, sid: str) -> list[Table]:
    s = ctx.doc["scales"][sid]
    rel = s["reliability"]
    if not rel:
        return []
    full = ctx.options.reliability == "full"
    d = ctx.d
    columns = [
        Column("sn", apa("S/N")),
        Column("item", apa("Item"), "left", wording=True),
        Column("scale_mean_if_deleted", apa("Scale *M* if item deleted")),
        Column("scale_variance_if_deleted", apa("Scale variance if item deleted")),
        Column("corrected_item_total_r", apa("Corrected item-total *r*")),
    ]
    if full:
        columns.append(Column("smc", apa("Squared multiple correlation")))
    columns.append(Column("alpha_if_deleted", apa("α if item deleted")))
    if full:
        columns += [Column("omega_if_deleted", apa("ω if item deleted")), Column("n", apa("*N*"))]
    numbers = {col: i for i, col in enumerate(s["item_statistics"], start=1)}
    rows = []
    for col, it in rel["items"].items():
        info = s["item_statistics"].get(col, {"text": "", "reverse": False})
        cells = [
            integer(numbers.get(col)),
            text(_item_label(info, col, short=True)),
            number(it["scale_mean_if_deleted"], d),
            number(it["scale_variance_if_deleted"], d),
            number(it["corrected_item_total_r"], d, leading_zero=False),
        ]
        if full:
            cells.append(number(it.get("smc"), d, leading_zero=False))
        cells.append(number(it["alpha_if_deleted"], d, leading_zero=False))
        if full:
            cells += [
                number(it.get("omega_if_deleted"), d, leading_zero=False),
                _n_range(it.get("n_min", rel["n"]), it.get("n_max", rel["n"])),
            ]
        rows.append(_row(*cells))
    note = (
        plain(f"Scale α = {fmt(rel['alpha'], d, leading_zero=False)}, ")
        + apa("*N* = ")
        + plain(f"{rel['n']}.")
    )
    if any(i.get("reverse") for i in s["item_statistics"].values()):
        note += apa(" (R) = reverse-keyed item, recoded before these statistics.")
    notes = [note]
    for x in rel.get("diagnostics") or []:
        x = str(x).strip()
        notes.append(plain(x[:1].upper() + x[1:] + ("" if x.endswith(".") else ".")))
    return [
        _table(
            ctx,
            "item-total",
            f"item_total_{sid}",
            plain(f"Item-Total Statistics for {s['title']}"),
            columns,
            rows,
            notes,
        )
    ]


# ---------------------------------------------------------------------------------------
# Tests of hypotheses
# ---------------------------------------------------------------------------------------


def _decided(t: dict[str, Any]) -> dict[str, Any]:
    """The t-test row behind the decision (``--t-decision``; Student's by default)."""
    return dict(t[t.get("decision_test") or "student"])


def _significant(t: dict[str, Any]) -> bool:
    p = _decided(t)["p"]
    return p is not None and p < t["alpha"]


@register("ttest", "per t-test: group N, M, SD and the test", section="tests", default=True)
def _ttest(ctx: Context) -> list[Table]:
    out = []
    dm, d = ctx.dm, ctx.d
    for i, t in enumerate(ctx.doc["ttests"], start=1):
        st, (g1, g2) = _decided(t), t["groups"]
        df_decimals = 0 if t.get("decision_test", "student") == "student" else d
        title = apa("Independent-Samples *t* Test of the ") + plain(
            f"{t['score'].capitalize()} Score of {ctx.scale_title(t['scale'])} "
            f"by {ctx.group_title(t['group'])}"
        )
        w, lv = t["welch"], t["levene"]
        note = (
            apa("Welch's test (unequal variances): *t*(")
            + plain(f"{fmt(w['df'], d)}) = {fmt(w['t'], d)}")
            + apa(", *p* ")
            + plain(fmt_p_is(w["p"]))
            + apa(". Levene's test (centred on the mean): *F*(")
            + plain(f"{lv['df1']}, {lv['df2']}) = {fmt(lv['F'], d)}")
            + apa(", *p* ")
            + plain(fmt_p_is(lv["p"]) + ".")
        )
        if ctx.options.style == "papers":
            columns = [
                Column("group", apa("Group"), "left", wording=True),
                Column("n", apa("*N*")),
                Column("mean", apa("Mean")),
                Column("sd", apa("*SD*")),
                Column("df", apa("*df*")),
                Column("t", apa("*t*-cal")),
                Column("t_critical", apa("*t*-crit")),
                Column("p", apa("Sig.")),
                Column("decision", apa("Decision"), "left"),
            ]
            decision = "Significant" if _significant(t) else "Not significant"
            rows = [
                _row(
                    text(g1["level"]),
                    integer(g1["n"]),
                    number(g1["mean"], dm),
                    number(g1["sd"], dm),
                    number(st["df"], df_decimals),
                    number(st["t"], d),
                    number(st["t_critical"], d),
                    p_value(st["p"]),
                    text(decision),
                ),
                _row(
                    text(g2["level"]),
                    integer(g2["n"]),
                    number(g2["mean"], dm),
                    number(g2["sd"], dm),
                    *[EMPTY] * 5,
                ),
            ]
            note += apa(" Cohen's *d* = ") + plain(fmt(t["cohen_d"], d) + ".")
        else:
            columns = [
                Column("group", apa("Group"), "left", wording=True),
                Column("n", apa("*n*")),
                Column("mean", apa("*M*")),
                Column("sd", apa("*SD*")),
                Column("t", apa("*t*")),
                Column("df", apa("*df*")),
                Column("p", apa("*p*")),
                Column("cohen_d", apa("Cohen's *d*")),
            ]
            rows = [
                _row(
                    text(g1["level"]),
                    integer(g1["n"]),
                    number(g1["mean"], dm),
                    number(g1["sd"], dm),
                    number(st["t"], d),
                    number(st["df"], df_decimals),
                    p_value(st["p"]),
                    number(t["cohen_d"], d),
                ),
                _row(
                    text(g2["level"]),
                    integer(g2["n"]),
                    number(g2["mean"], dm),
                    number(g2["sd"], dm),
                    *[EMPTY] * 4,
                ),
            ]
        rule = t.get("decision_rule", "student")
        if rule == "welch":
            note += plain(" Decision rule: Welch's t (equal variances not assumed).")
        elif rule == "levene":
            used = "Welch's" if t.get("decision_test") == "welch" else "Student's"
            note += (
                plain(" Decision rule: Welch's t where Levene's ")
                + apa("*p* < ")
                + plain(".05, else Student's t; Levene's ")
                + apa("*p* ")
                + plain(f"{fmt_p_is(lv['p'])}, so {used} t decides.")
            )
        # The decision in APA form (results.json keeps the program's own sentence).
        alpha_text = f"{t['alpha']:g}".replace("0.", ".", 1)  # .05, .01, .001
        levels = f"{g1['level']} and {g2['level']}"
        if _significant(t):
            verdict = f" is significant; the null hypothesis of equal means of {levels} is rejected."
        else:
            verdict = f" is not significant; the null hypothesis of equal means of {levels} is retained."
        note += (
            apa(" At α = ")
            + plain(alpha_text)
            + apa(" (two-sided, *t*-crit = ")
            + plain(fmt(st["t_critical"], d) + ") the difference" + verdict)
        )
        missing = []
        if t.get("n_missing_score"):
            missing.append(f"{t['n_missing_score']} without a complete score")
        if t.get("n_missing_group"):
            missing.append(f"{t['n_missing_group']} without a group value")
        if t.get("n_other_levels"):
            missing.append(f"{t['n_other_levels']} in other levels")
        if missing:
            note += apa(" *N* = ") + plain(f"{t['n_used']} (" + "; ".join(missing) + ").")
        out.append(_table(ctx, "ttest", f"ttest_{i}", title, columns, rows, [note]))
    return out


@register(
    "ttest-details", "per t-test: Student and Welch t, df, p, mean difference, SE and CI", section="tests"
)
def _ttest_details(ctx: Context) -> list[Table]:
    out = []
    d = ctx.d
    for i, t in enumerate(ctx.doc["ttests"], start=1):
        rows = []
        for label, key, df_dec in (
            ("Student (equal variances)", "student", 0),
            ("Welch (unequal variances)", "welch", d),
        ):
            r = t[key]
            lo, hi = r["ci95"]
            rows.append(
                _row(
                    text(label),
                    number(r["t"], d),
                    number(r["df"], df_dec),
                    p_value(r["p"]),
                    number(r["mean_difference"], d),
                    number(r["se_difference"], d),
                    number(lo, d),
                    number(hi, d),
                )
            )
        out.append(
            _table(
                ctx,
                "ttest-details",
                f"ttest_details_{i}",
                plain(
                    f"Student and Welch Tests of the {t['score'].capitalize()} Score of "
                    f"{ctx.scale_title(t['scale'])} by {ctx.group_title(t['group'])}"
                ),
                [
                    Column("test", apa("Test"), "left", wording=True),
                    Column("t", apa("*t*")),
                    Column("df", apa("*df*")),
                    Column("p", apa("*p*")),
                    Column("mean_difference", apa("*M* difference")),
                    Column("se", apa("*SE*")),
                    *_ci_columns(),
                ],
                rows,
                [
                    plain(
                        f"Difference {t['groups'][0]['level']} minus {t['groups'][1]['level']}; "
                        f"Hedges' g = {fmt(t['hedges_g'], d)}."
                    )
                ],
            )
        )
    return out


# ---------------------------------------------------------------------------------------
# Frequencies
# ---------------------------------------------------------------------------------------


def _item_columns(doc: dict[str, Any]) -> set[str]:
    return {c for s in doc["scales"].values() for c in s["items"]}


@register(
    "frequencies", "frequencies of the grouping and categorical columns", section="frequencies", default=True
)
def _frequencies(ctx: Context) -> list[Table]:
    items = _item_columns(ctx.doc)
    cols = [(c, fr) for c, fr in ctx.doc["frequencies"].items() if c not in items]
    if not cols:
        return []
    rows: list[Row] = []
    notes: list[Text] = []
    for col, fr in cols:
        name = str(fr.get("title") or col)
        for j, r in enumerate(fr["rows"]):
            rows.append(
                _row(
                    text(name if j == 0 else ""),
                    text(r["label"] if r["label"] not in (None, "") else r["value"]),
                    integer(r["frequency"]),
                    number(r["valid_percent"], PERCENT_DECIMALS),
                )
            )
        if fr["missing"]:
            rows.append(_row(EMPTY, text("Missing"), integer(fr["missing"]), EMPTY))
            notes.append(plain(f"{name}: {fr['missing']} of {fr['total']} without an answer."))
    total = cols[0][1]["total"]
    return [
        _table(
            ctx,
            "frequencies",
            "frequencies",
            apa("Characteristics of the Respondents"),
            [
                Column("variable", apa("Characteristic"), "left"),
                Column("category", apa("Category"), "left", wording=True),
                Column("n", apa("*n*")),
                Column("percent", apa("%")),
            ],
            rows,
            [apa("*N* = ") + plain(f"{total}. Percentages of the valid answers."), *notes],
        )
    ]


@register(
    "response-frequencies",
    "per item: the frequency table of the answers (SPSS layout)",
    section="frequencies",
)
def _response_frequencies(ctx: Context) -> list[Table]:
    out = []
    items = _item_columns(ctx.doc)
    for col, fr in ctx.doc["frequencies"].items():
        if col not in items:
            continue
        rows = [
            _row(
                text(r["value"]),
                text(r["label"]),
                integer(r["frequency"]),
                number(r["percent"], PERCENT_DECIMALS),
                number(r["valid_percent"], PERCENT_DECIMALS),
                number(r["cumulative_percent"], PERCENT_DECIMALS),
            )
            for r in fr["rows"]
        ]
        total = fr["total"]
        rows.append(
            _row(
                text("Missing"),
                EMPTY,
                integer(fr["missing"]),
                number(100.0 * fr["missing"] / total if total else None, PERCENT_DECIMALS),
                EMPTY,
                EMPTY,
                total=True,
            )
        )
        rows.append(
            _row(
                text("Total"),
                EMPTY,
                integer(total),
                number(100.0 if total else None, PERCENT_DECIMALS),
                EMPTY,
                EMPTY,
            )
        )
        out.append(
            _table(
                ctx,
                "response-frequencies",
                f"response_frequencies_{col}",
                plain(f"Answers to {ctx.wording(col)}"),
                [
                    Column("value", apa("Value"), "left"),
                    Column("label", apa("Label"), "left", wording=True),
                    Column("frequency", apa("Frequency")),
                    Column("percent", apa("Percent")),
                    Column("valid_percent", apa("Valid percent")),
                    Column("cumulative_percent", apa("Cumulative percent")),
                ],
                rows,
                [plain(f"Data column: {col}. Answers as given (before reverse-keying).")],
            )
        )
    return out


# ---------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------


def _preamble(doc: dict[str, Any], opts: ReportOptions) -> list[Block]:
    inp = doc["input"]
    inst = doc["instrument"]
    blocks: list[Block] = []
    invalid = ""
    if inp["n_invalid_cells"]:
        invalid = f"; {inp['n_invalid_cells']} invalid cell(s) treated as missing"
        if "invalid-cells" not in opts.tables:
            invalid += " (listed in results.json and by the invalid-cells table)"
    line = (
        f"{inp['n_rows']} rows read = {inp['n_analysed']} analysed + {inp['n_excluded']} excluded"
        + invalid
        + "."
    )
    blocks.append(Paragraph(plain(line)))
    blocks.append(
        Paragraph(
            plain(
                f"mcstats {doc.get('mcstats_version', '')}; instrument: "
                f"{inst.get('name') or inst.get('path') or 'from options'}; "
                f"{inst['scale_points']}-point scale."
            ),
            kind="meta",
        )
    )
    blocks.append(Paragraph(plain(f"Cut-off rule: {doc['cutoffs']['description']}")))
    for k, v in doc["missing_rules"].items():
        blocks.append(Paragraph(plain(f"Missing data, {k.replace('_', ' ')}: {v}"), kind="bullet"))
    if inst.get("reverse_keyed"):
        blocks.append(
            Paragraph(
                plain(
                    "Reverse-keyed items (shown as answered, recoded "
                    f"{int(inst.get('min_code', 1)) + int(inst.get('max_code', inst['scale_points']))} − x "
                    f"for reliability and scores): {', '.join(inst['reverse_keyed'])}."
                )
            )
        )
    for w in doc["warnings"]:
        blocks.append(Paragraph(plain(f"Warning: {w}"), kind="warning"))
    return blocks


def _figure_slots(doc: dict[str, Any], section: str, scale_id: str | None = None) -> list[tuple[str, str]]:
    """(chart name, title) of the figures of a section, as :mod:`mcstats.report.charts` draws them."""
    from mcstats.report.charts import chart_name, figure_title, safe_name

    if section == "scale" and scale_id is not None:
        return [
            (safe_name(f"{kind}_{scale_id}"), figure_title(doc, kind, scale_id))
            for kind in ("likert", "means")
        ]
    if section == "tests":
        return [
            (chart_name("groups", t["scale"], t["group"]), figure_title(doc, "groups", i))
            for i, t in enumerate(doc["ttests"])
        ]
    if section == "frequencies":
        items = _item_columns(doc)
        return [
            (safe_name(f"categories_{c}"), figure_title(doc, "categories", c))
            for c in doc["frequencies"]
            if c not in items
        ]
    return []


def build_report(doc: dict[str, Any], options: ReportOptions | None = None) -> Report:
    """Every table and figure of an analysis report, numbered in report order.

    Parameters
    ----------
    doc : dict
        A results.json document.
    options : ReportOptions, optional
        Tables, decimals, style, reliability detail and figures (default: the default
        tables, APA decimals).

    Returns
    -------
    Report
        Headings, paragraphs, tables and figures in order. Tables are numbered 1, 2, ...
        and figures 1, 2, ... in the order they appear; every renderer keeps the numbers.

    Examples
    --------
    >>> import json
    >>> doc = json.load(open("tests/fixtures/reports/example_4point.json"))
    >>> report = build_report(doc)
    >>> [(t.number, t.name) for t in report.tables][:3]
    [(1, 'excluded'), (2, 'reliability'), (3, 'items')]
    """
    opts = options or ReportOptions()
    ctx = Context(doc, opts)
    chosen = [TABLES[n] for n in TABLES if n in opts.tables]
    sections = list(SECTIONS) + [s.section for s in TABLES.values() if s.section not in SECTIONS]
    sections = list(dict.fromkeys(sections))
    blocks: list[Block] = list(_preamble(doc, opts))
    counter = {"table": 0, "figure": 0}

    def numbered(tables: list[Table]) -> list[Block]:
        out: list[Block] = []
        for t in tables:
            counter["table"] += 1
            out.append(replace(t, number=counter["table"]))
        return out

    def figures(section: str, scale_id: str | None = None) -> list[Block]:
        if not opts.figures:
            return []
        out: list[Block] = []
        for chart, title in _figure_slots(doc, section, scale_id):
            counter["figure"] += 1
            out.append(Figure(number=counter["figure"], chart=chart, title=title, section=section))
        return out

    for section in sections:
        specs = [s for s in chosen if s.section == section]
        if section == "scale":
            for sid, s in doc["scales"].items():
                tables: list[Table] = []
                for spec in specs:
                    tables += spec.build(ctx, sid)
                if not s["reliability"] and "item-total" in opts.tables:
                    note = Paragraph(
                        plain(f"Reliability was not computed: {s['reliability_note']}"), "warning"
                    )
                else:
                    note = None
                # The full reliability coefficients of a scale sit in the scale's section.
                extra = (
                    [t for t in _scale_reliability_tables(ctx, sid)] if "reliability" in opts.tables else []
                )
                body = numbered([*tables[:1], *extra, *tables[1:]]) + figures("scale", sid)
                if body or note:
                    blocks.append(Heading(s["title"]))
                    blocks += body
                    if note:
                        blocks.append(note)
            continue
        tables = []
        for spec in specs:
            tables += spec.build(ctx)
        body = numbered(tables) + figures(section)
        if body:
            blocks.append(Heading(SECTION_HEADINGS.get(section, section.replace("-", " ").title())))
            blocks += body
    # The file's name, not its path: a report goes to supervisors and journals, and the
    # folders of the analyst's computer are neither theirs to read nor stable.
    # (Either separator: results.json written on Windows keeps its backslashes.)
    file_name = str(doc["input"]["path"]).replace("\\", "/").rsplit("/", 1)[-1]
    title = f"Survey Analysis: {file_name}"
    return Report(title=title, blocks=tuple(blocks), options=opts)


def _scale_reliability_tables(ctx: Context, sid: str) -> list[Table]:
    s = ctx.doc["scales"][sid]
    if ctx.options.reliability != "full" or not s["reliability"]:
        return []
    return [_reliability_coefficients(ctx, sid, s)]


def table_names() -> list[tuple[str, bool, str]]:
    """(name, default, description) of every table, for help texts and the docs."""
    return [(s.name, s.default, s.description) for s in TABLES.values()]


__all__ = [
    "TABLES",
    "Cell",
    "Column",
    "Figure",
    "Heading",
    "Paragraph",
    "Report",
    "ReportOptions",
    "Row",
    "Run",
    "Table",
    "Text",
    "build_report",
    "default_tables",
    "parse_tables",
    "register",
    "table_names",
]

# The group comparisons of issue 16 register their tables in their own module.
from mcstats.report import group_tables as _group_tables  # noqa: E402, F401
