"""A published-values draft from a paper's text: its Likert tables, scale and design facts.

:func:`draft_from_text` turns a paper (see :mod:`.readers`) into the YAML of
``docs/published-format.md``: every table whose header names N, a mean (``Mean``, ``x̄``),
an SD (``SD``, ``S.D``, ``Std. D.``, ``Std. Deviation``), a remark or decision, t, df, Sig.,
minimum and maximum, or frequency and percent, with every number **as printed**; the scale
and N from the text where it states them (``4-point``, ``ranged ... (1-5)``, ``432 were
valid``); and a ``# guess:`` comment at each choice the text does not settle (the score of
a row, a grand mean's items, the cut-off rule). :attr:`Draft.guesses` lists the same
choices in words, for the audit's assumptions.

What is read from the text
--------------------------
* scale: ``N-point`` (Likert, rating) scale gives 1..N; else ``from 1 to 5``, ``(1-5)``;
  response labels where the text lists them with their codes (``Very High Extent (VHE),
  ..., assigned values of 4, 3, 2 and 1``);
* design facts: population (``population consists of 1589``), sample (``sample (size) of
  477``, with ``representing 30%`` as the sample percentage), questionnaires distributed
  (``477 copies of questionnaires were distributed``, ``distribute it among 207``), valid
  (``432 were valid``), response rate (``valid representing 90.5%``), Cronbach's alpha and
  the significance level (``0.05 level of significance``). When a phrase gives different
  numbers in different places (a literature review quotes other studies), the number
  printed most often wins, and the guess says so.
* a cut-off rule when one is printed as a criterion mean (``criterion mean of 2.50``).

Rows
----
In a mean table, a row labelled Grand Mean (Overall, Average, Aggregate, Cluster mean) is a
``grand-mean`` of the item rows above it (``mean-of-item-means``, items counted); the other
rows are items. A table with minimum and maximum columns, or whose means lie outside the
scale, holds composite scores of unknown make-up. In a frequency table ``Total`` rows are
totals (the first of two, before a ``Missing`` row, the valid total). In a t-test table
(a ``t`` column) the rows with N, mean and SD are the groups; the test statistics stay on
the row that prints them.

Examples
--------
>>> text = '''A 4-point Likert scale was used. 40 were valid.
... Table 1: Items
... | Item | N | Mean | SD | Remark |
... |---|---|---|---|---|
... | 1. Clear aims | 40 | 2.875 | .791 | Agree |
... | Grand Mean | | 2.88 | | |'''
>>> d = draft_from_text(text, name="demo")
>>> start = d.yaml.index("  - id: table_1")
>>> print(d.yaml[start : d.yaml.index("    rows:", start)].rstrip())
  - id: table_1
    source: "Table 1"
    title: "Items"
    kind: item-descriptives
    score: {kind: item, items: 1}  # guess: each row is one item on the scale
    columns: {n: "N", mean: "Mean", sd: "SD", remark: "Remark"}
>>> d.facts, d.guesses[0]
({'valid': '40'}, "Responses are coded 1 to 4 (the text's '4-point' scale, line 1).")
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from mcstats.audit.extract.tables import TextTable, column_statistic, find_tables, remark_column
from mcstats.errors import DataError
from mcstats.limits import env_name, limit

__all__ = ["Draft", "draft_from_paper", "draft_from_text"]


@dataclass(frozen=True)
class Draft:
    """A published-values YAML draft and what it rests on.

    Attributes
    ----------
    yaml : str
        The draft, commented (``# guess: ...`` at each guess).
    guesses : tuple of str
        Each guess in words (the audit lists them first).
    skipped : tuple of tuple of str
        ``(location, reason)`` of each table found but not read.
    tables : int
        Number of tables in the draft (without the design table).
    """

    yaml: str
    guesses: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    tables: int = 0
    facts: dict[str, str] = field(default_factory=dict)


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML; control characters escaped)."""
    return json.dumps(s, ensure_ascii=False)


_NUMBER = re.compile(r"^[<>≤≥]?=?\s*[-+\u2212]?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?$")


def _is_number(cell: str) -> bool:
    c = cell.strip()
    return bool(c) and bool(_NUMBER.match(c)) and any(ch.isdigit() for ch in c)


def _value(cell: str) -> Decimal | None:
    c = cell.strip().lstrip("<>≤≥=").strip().replace(",", "").replace("\u2212", "-")
    try:
        return Decimal(c)
    except InvalidOperation:
        return None


# --------------------------------------------------------------------------------------------
# Facts from the running text
# --------------------------------------------------------------------------------------------

_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_FACTS: dict[str, tuple[str, ...]] = {
    "population": (
        rf"population\s+(?:of\s+the\s+study\s+)?(?:consists?|consisted|comprised|comprises|was|is|of)"
        rf"(?:\s+of)?\s+(?:all\s+(?:the\s+)?)?{_COUNT}\b",
    ),
    "sample": (rf"\bsample\s+(?:size\s+)?of\s+{_COUNT}\b",),
    "distributed": (
        rf"\b{_COUNT}\s+(?:copies\s+of\s+)?(?:the\s+)?questionnaires?\s+(?:were\s+|was\s+)?(?:distributed|administered)",
        rf"\bdistribute[sd]?\s+(?:it|them|the\s+questionnaires?)\s+(?:among|to)\s+{_COUNT}\b",
    ),
    "returned": (rf"\b{_COUNT}\s+(?:copies\s+)?(?:were|was)\s+(?:returned|retrieved)",),
    "valid": (rf"\b{_COUNT}\s+(?:were|was)\s+valid\b", rf"\b{_COUNT}\s+valid\s+questionnaires?"),
    "response_rate": (
        r"valid\W+(?:\w+\W+){0,2}?representing\s+(\d+(?:\.\d+)?)\s?%",
        r"response\s+rate\s+of\s+(\d+(?:\.\d+)?)\s?%",
    ),
    "significance_level": (
        r"(0?\.\d+)\s+(?:level\s+of\s+significance|significance\s+level)",
        r"(?:level\s+of\s+significance|significance\s+level)\s+of\s+(0?\.\d+)",
    ),
}
_SAMPLE_PERCENT = re.compile(
    rf"\bsample\s+(?:size\s+)?of\s+{_COUNT}\b[^.%]{{0,60}}?\b(\d+(?:\.\d+)?)\s?%\s+of\s+the\s+(?:study\s+)?population",
    re.IGNORECASE,
)
_ALPHA = re.compile(r"Cronbach'?s?\s*(?:Alpha|α|\\alpha)[^.]{0,60}?(?<![\d.])([01]?\.\d+)", re.IGNORECASE)
_POINT = re.compile(r"\b(\d{1,2}|four|five|six|seven|three)[- ]point\b", re.IGNORECASE)
_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_RANGE = re.compile(
    r"(?:rang(?:e|ed|ing)|scored?|coded)\s+from[^.]{0,40}?\(?\b([0-9])\s*(?:-|–|to)\s*([0-9]{1,2})\b\)?",
    re.IGNORECASE,
)
_LABEL = re.compile(r"([A-Z][A-Za-z]*(?:\s+[A-Za-z]+){0,5}?)\s*\(([A-Z]{1,6})\)")
_CODES = re.compile(
    r"(?:assigned|with)\s+(?:the\s+)?(?:values?|codes?|scores?|weights?)\s+(?:of\s+)?([\d,\s and]+)"
)
_CRITERION = re.compile(
    r"(?:criterion|cut[- ]?off|benchmark|decision\s+(?:rule|mean))\s+(?:mean|point|score|value)?\s*"
    r"(?:of|was|is|=)?\s*(\d\.\d{1,2})",
    re.IGNORECASE,
)


def _most_common(values: list[tuple[str, int]]) -> tuple[str, int, bool]:
    """(value, line of its first print, several values found)."""
    counts = Counter(v for v, _ in values)
    best = max(counts, key=lambda v: (counts[v], -min(line for x, line in values if x == v)))
    first = min(line for v, line in values if v == best)
    return best, first, len(counts) > 1


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _facts(text: str) -> tuple[dict[str, tuple[str, int]], list[str]]:
    found: dict[str, tuple[str, int]] = {}
    guesses: list[str] = []
    for name, patterns in _FACTS.items():
        hits: list[tuple[str, int]] = []
        for pattern in patterns:
            for m in re.finditer(pattern, text, re.IGNORECASE):
                hits.append((m.group(1), _line_of(text, m.start())))
        if hits:
            value, line, several = _most_common(hits)
            found[name] = (value, line)
            if several:
                others = sorted({v for v, _ in hits} - {value})
                guesses.append(
                    f"The {name.replace('_', ' ')} is taken as {value} (printed most often); the text "
                    f"also prints {', '.join(others)} in a phrase of the same kind."
                )
    sp = _SAMPLE_PERCENT.search(text)
    if sp and "sample" in found and sp.group(1).replace(",", "") == found["sample"][0].replace(",", ""):
        found["sample_percent"] = (sp.group(2), _line_of(text, sp.start()))
    al = _ALPHA.search(text)
    if al:
        found["alpha"] = (al.group(1), _line_of(text, al.start()))
    return found, guesses


def _scale(text: str) -> tuple[int, int, dict[int, str], list[str], int | None]:
    """(min, max, labels, guesses, line)."""
    guesses: list[str] = []
    labels: dict[int, str] = {}
    m = _POINT.search(text)
    lo: int
    hi: int
    line: int | None = None
    if m:
        word = m.group(1).lower()
        hi = _WORDS.get(word) or int(word)
        lo = 1
        line = _line_of(text, m.start())
        guesses.append(f"Responses are coded 1 to {hi} (the text's '{hi}-point' scale, line {line}).")
    else:
        r = _RANGE.search(text)
        if r:
            lo, hi = int(r.group(1)), int(r.group(2))
            line = _line_of(text, r.start())
            guesses.append(f"Responses are coded {lo} to {hi} (the range printed in the text, line {line}).")
        else:
            lo, hi = 1, 5
            guesses.append("The text states no response scale; a 1-5 scale is assumed (check it).")
    # labels: "A (AA), B (BB) ... assigned values of 4, 3, 2 and 1"
    for cm in _CODES.finditer(text):
        codes = [int(c) for c in re.findall(r"\d+", cm.group(1))]
        if len(codes) < 2:
            continue
        window = text[max(0, cm.start() - 400) : cm.start()]
        cands = [(lab.strip(), ab) for lab, ab in _LABEL.findall(window)]
        cands = [(lab, ab) for lab, ab in cands if _initials_match(lab, ab)]
        if len(cands) >= len(codes):
            chosen = cands[-len(codes) :]
            if all(lo <= c <= hi for c in codes) and len(set(codes)) == len(codes):
                labels = {c: _trim_label(lab, ab) for c, (lab, ab) in zip(codes, chosen, strict=True)}
                break
    return lo, hi, labels, guesses, line


def _initials_match(label: str, abbr: str) -> bool:
    words = label.split()
    return len(words) >= len(abbr) and "".join(w[0] for w in words[-len(abbr) :]).upper() == abbr


def _trim_label(label: str, abbr: str) -> str:
    return " ".join(label.split()[-len(abbr) :])


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

_GRAND = re.compile(
    r"\b(grand\s*(?:total\s*)?mean|overall(?:\s+mean)?|aggregate|cluster\s+mean|average|mean\s+of\s+means)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^\s*total\b", re.IGNORECASE)
_MISSING = re.compile(r"^\s*missing\b", re.IGNORECASE)


@dataclass
class _Column:
    index: int
    header: str
    statistic: str | None
    remark: str | None
    group: str | None = None

    @property
    def key(self) -> str | None:
        """The draft's value name: ``mean``, or ``mean.urban`` for a group's column."""
        if self.statistic and self.group:
            return f"{self.statistic}.{_group_id(self.group)}"
        return self.statistic


_OVERALL = re.compile(r"^(average|overall|total|all|combined|pooled|whole sample|mean)$", re.IGNORECASE)


#: Words YAML reads as true, false or null: never a group id as they stand.
_YAML_WORDS = frozenset(["yes", "no", "y", "n", "on", "off", "true", "false", "null"])


def _group_id(name: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()
    return ident if ident[:1].isalpha() and ident not in _YAML_WORDS else f"g_{ident}"


def _split_group(header: str) -> tuple[str, str] | None:
    """``'Urban x̄'`` -> ``('Urban', 'mean')``; ``'Mean (Rural)'`` -> ``('Rural', 'mean')``."""
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", header)
    if m and column_statistic(m.group(1)):
        return m.group(2).strip(), str(column_statistic(m.group(1)))
    words = header.split()
    for k in (1, 2, 3):
        if len(words) > k:
            stat = column_statistic(" ".join(words[-k:]))
            if stat:
                return " ".join(words[:-k]), stat
            stat = column_statistic(" ".join(words[:k]))
            if stat:
                return " ".join(words[k:]), stat
    return None


def _group_header(table: TextTable) -> TextTable:
    """A table whose group names sit in a header row above the statistics' row, rewritten
    with one header row (``'Urban x̄'``); other tables unchanged."""
    if not table.rows:
        return table
    first = table.rows[0]
    named = [i for i, c in enumerate(first) if column_statistic(c)]
    if len(named) < 2 or any(_is_number(c) for c in first):
        return table
    group = ""
    header: list[str] = []
    for i, (top, below) in enumerate(zip(table.header, first, strict=False)):
        if top.strip():  # a name over the statistics' row starts a group ("Average" too)
            group = top.strip()
        if i in named and group and i > 0:
            header.append(f"{group} {below}")
        else:
            header.append(below or top)
    return TextTable(table.source, table.title, tuple(header), table.rows[1:], table.line, table.captioned)


def _columns(table: TextTable) -> tuple[int | None, list[_Column]]:
    cols: list[_Column] = []
    for i, h in enumerate(table.header):
        stat = column_statistic(h)
        if stat is None and i > 0:
            split = _split_group(h)
            if split is not None and split[0]:
                cols.append(_Column(i, h, split[1], None, split[0]))
                continue
        cols.append(_Column(i, h, stat, remark_column(h) if stat is None else None))
    label_index: int | None = None
    for c in cols:
        if c.statistic is None and c.remark is None:
            label_index = c.index
            break
    return label_index, [c for c in cols if c.index != label_index]


_PCT_HEADER = re.compile(r"^\(?%\)?$|^per\s?cent(age)?$|^percent(age)?$|^\(%\)$", re.IGNORECASE)
_TOTAL_HEADER = re.compile(r"^(total|overall|all)\b", re.IGNORECASE)
_COUNT_CELL = re.compile(r"^(\d{1,3}(?:,\d{3})*|\d+)(?:\s*\(\s*(\d*\.?\d+)\s*%?\s*\))?$")
_PCT_CELL = re.compile(r"^(\d*\.?\d+)\s*%?$")


def _crosstab_yaml(table: TextTable, number: int, guesses: list[str]) -> list[str] | None:
    """YAML lines of a crosstab (a row variable by category columns of counts, with or
    without percentages), or None when the table is not laid out as one.

    A crosstab's header is a label column, then two or more category columns (headers that
    name no statistic), each optionally followed by a ``%`` column, and optionally a Total
    column; its cells are counts, ``30 (60.0)`` or ``30 (60.0%)``. What the percentages are
    of (row, column, table) is guessed from which of them add up to 100.
    """
    header = [h.strip() for h in table.header]
    if len(header) < 3 or len(table.rows) < 2:
        return None
    cols: list[tuple[int, str, str]] = []  # (index, kind: cat|total|pct, category header)
    for i, h in enumerate(header[1:], start=1):
        if _PCT_HEADER.match(h):
            if not cols or cols[-1][1] == "pct":
                return None
            cols.append((i, "pct", cols[-1][2]))
        elif _TOTAL_HEADER.match(h):
            cols.append((i, "total", h))
        elif h and (column_statistic(h) is None or h.lower() == "no") and remark_column(h) is None:
            cols.append((i, "cat", h))
        else:
            return None
    cats = [c for c in cols if c[1] == "cat"]
    if len(cats) < 2 or len({c[2] for c in cols if c[1] != "pct"}) != sum(1 for c in cols if c[1] != "pct"):
        return None
    body: list[tuple[str, bool, dict[str, str]]] = []
    for row in table.rows:
        label = row[0].strip() if row else ""
        values: dict[str, str] = {}
        for i, kind, name in cols:
            cell = row[i].strip() if i < len(row) else ""
            if not cell or cell in ("-", "—", "–"):
                continue
            gid = _group_id(name)
            if kind == "pct":
                m = _PCT_CELL.match(cell)
                if m is None:
                    return None
                values[f"percent.{gid}"] = m.group(1)
                continue
            m = _COUNT_CELL.match(cell)
            if m is None:
                return None
            values[f"frequency.{gid}"] = m.group(1)
            if m.group(2):
                values[f"percent.{gid}"] = m.group(2)
        if not label or not values:
            continue
        body.append((label, bool(_TOTAL.match(label)), values))
    data = [v for _, is_total, v in body if not is_total]
    if len(data) < 2 or not any(k.startswith("frequency.") for v in data for k in v):
        return None
    cat_ids = [_group_id(c[2]) for c in cats]
    total_col = next((c for c in cols if c[1] == "total"), None)
    where = table.source if not table.captioned else f"{table.source} (line {table.line})"

    def share(parts: list[list[str | None]]) -> float:
        """The share of rows (or columns) whose percentages add up to 100 (one misprint allowed)."""
        ok = [
            all(x is not None for x in p) and abs(sum(float(x or 0) for x in p) - 100) <= 1.5 for p in parts
        ]
        return sum(ok) / len(ok) if ok else 0.0

    by_row = share([[v.get(f"percent.{g}") for g in cat_ids] for v in data])
    by_col = share([[v.get(f"percent.{g}") for v in data] for g in cat_ids])
    has_pct = any(k.startswith("percent.") for v in data for k in v)
    if by_row >= 0.5 and by_row >= by_col:
        percent_of, why = "row", f"{by_row:.0%} of the rows' percentages add up to 100"
    elif by_col >= 0.5:
        percent_of, why = "column", f"{by_col:.0%} of the columns' percentages add up to 100"
    else:
        percent_of, why = "table", "neither the rows' nor the columns' percentages add up to 100"
    out = [
        f"  - id: table_{number}",
        f"    source: {_q(table.source)}",
        f"    title: {_q(table.title or table.source)}",
        "    kind: crosstab",
        "    groups: {" + ", ".join(f"{_group_id(c[2])}: {_q(c[2])}" for c in cols if c[1] != "pct") + "}",
    ]
    if not table.captioned:
        out[1] += "  # guess: no 'Table N' caption above this table"
    if total_col is not None:
        out.append(f"    overall: {{group: {_group_id(total_col[2])}, relation: sum-of-groups}}")
    if has_pct:
        out.append(f"    percent_of: {percent_of}  # guess: {why}")
        guesses.append(f"{where}: a crosstab whose percentages are of the {percent_of} total ({why}).")
    else:
        guesses.append(f"{where}: a crosstab of counts ({', '.join(c[2] for c in cats)}).")
    out.append("    rows:")
    for label, is_total, values in body:
        out.append(f"      - label: {_q(label)}")
        if is_total:
            out.append("        role: total")
        out.append("        values: {" + ", ".join(f"{k}: {_q(v)}" for k, v in values.items()) + "}")
    return out


def _table_yaml(
    table: TextTable, number: int, lo: int, hi: int, guesses: list[str]
) -> tuple[list[str] | None, str | None]:
    """YAML lines of one table, or (None, reason) when it is not a table of statistics."""
    crosstab = _crosstab_yaml(table, number, guesses)
    if crosstab is not None:
        return crosstab, None
    table = _group_header(table)
    label_index, cols = _columns(table)
    groups = list(dict.fromkeys(c.group for c in cols if c.group))
    if len(groups) < 2:
        for c in cols:  # one "group" is no side-by-side layout: read the columns plainly
            if c.group:
                c.statistic, c.group = column_statistic(c.header), None
    stats = {c.statistic for c in cols if c.statistic}
    if not stats & {"mean", "frequency", "percent", "t", "sd"}:
        return None, "no column is a mean, SD, t or frequency, so it is not a table of statistics"
    seen: set[str] = set()
    for c in cols:
        key = c.key or c.remark
        if key is None:
            continue
        if key in seen:
            return None, f"two columns read as '{key}' (groups side by side?); transcribe it by hand"
        seen.add(key)
    means = [
        v
        for row in table.rows
        for c in cols
        if c.statistic == "mean" and c.index < len(row) and _is_number(row[c.index])
        for v in [_value(row[c.index])]
        if v is not None
    ]
    outside = any(v < lo or v > hi for v in means)
    if len(groups) >= 2:
        kind = "descriptives" if ({"min", "max"} & stats or outside) else "item-descriptives"
    elif "t" in stats:
        kind = "t-test"
    elif "mean" in stats:
        kind = "descriptives" if ({"min", "max"} & stats or outside) else "item-descriptives"
    else:
        kind = "frequency"
    tid = f"table_{number}"
    where = table.source if not table.captioned else f"{table.source} (line {table.line})"
    out = [
        f"  - id: {tid}",
        f"    source: {_q(table.source)}",
        f"    title: {_q(table.title or table.source)}",
        f"    kind: {kind}",
    ]
    if not table.captioned:
        out[1] += "  # guess: no 'Table N' caption above this table"
    if kind == "item-descriptives":
        out.append("    score: {kind: item, items: 1}  # guess: each row is one item on the scale")
        guesses.append(f"{where}: each row is one item scored {lo}-{hi}.")
    elif "mean" in stats:
        if outside:
            out.append(
                "    score: {kind: sum-of-items, items: null}"
                "  # guess: means outside the item scale, so sums of items"
            )
            guesses.append(
                f"{where}: the means lie outside {lo}-{hi}, so they are taken as sums of an unknown "
                "number of items."
            )
        else:
            out.append("    score: {kind: unknown, items: null}  # guess: composite score of unknown make-up")
            guesses.append(f"{where}: composite scores whose make-up (items, mean or sum) is not printed.")
    if len(groups) >= 2:
        out.append("    groups: {" + ", ".join(f"{_group_id(g)}: {_q(g)}" for g in groups) + "}")
        overall = next((g for g in groups if _OVERALL.match(g)), None)
        if overall is not None:
            out.append(
                f"    overall: {{group: {_group_id(overall)}, relation: mean-of-groups}}"
                "  # guess: or weighted-by-n"
            )
            guesses.append(f"{where}: the '{overall}' column is the mean of the other groups' means.")
        guesses.append(f"{where}: groups side by side ({', '.join(groups)}).")
    colmap = ", ".join(
        f"{c.statistic or c.remark}: {_q(c.header)}"
        for c in cols
        if (c.statistic or c.remark) and not c.group
    )
    out.append(f"    columns: {{{colmap}}}")
    out.append("    rows:")
    item_rows = 0
    totals_seen = 0
    rows = list(table.rows)
    has_missing = any(
        _MISSING.match(r[label_index]) for r in rows if label_index is not None and label_index < len(r)
    )
    for row in rows:
        label = row[label_index] if label_index is not None and label_index < len(row) else ""
        values: list[str] = []
        remarks: list[str] = []
        odd: list[str] = []
        for c in cols:
            cell = row[c.index] if c.index < len(row) else ""
            if not cell:
                continue
            if c.statistic:
                if _is_number(cell):
                    values.append(f"{c.key}: {_q(cell)}")
                else:
                    odd.append(f"{c.header} = {cell!r}")
            elif c.remark:
                remarks.append(f"{c.remark}: {_q(cell)}")
        if not values and not remarks:
            continue
        if kind == "frequency":
            if _TOTAL.match(label):
                totals_seen += 1
                role = "valid-total" if has_missing and totals_seen == 1 else "total"
            elif _MISSING.match(label):
                role = "missing"
            else:
                role = "level"
        elif kind == "t-test":
            role = "group" if any(v.startswith(("n:", "mean:", "sd:")) for v in values) else ""
        elif _GRAND.search(label):
            role = "grand-mean"
        else:
            role = "item" if kind == "item-descriptives" else "composite"
        out.append(f"      - label: {_q(label or '(no label)')}")
        if role:
            out.append(f"        role: {role}")
        if role == "grand-mean":
            out.append(
                f"        score: {{kind: mean-of-item-means, items: {item_rows}}}"
                f"  # guess: the mean of the {item_rows} item means above it"
            )
            guesses.append(f"{where}: '{label}' is the mean of the {item_rows} item means above it.")
            item_rows = 0
        elif role == "item":
            item_rows += 1
        if values:
            out.append(f"        values: {{{', '.join(values)}}}")
        if remarks:
            out.append(f"        remarks: {{{', '.join(remarks)}}}")
        if odd:
            out.append(f"        note: {_q('not a number as printed: ' + '; '.join(odd))}")
    return out, None


#: Words of table titles that say what kind of table it is, not what it measures.
_GENERIC_WORDS = frozenset(
    [
        "table",
        "showed",
        "shows",
        "show",
        "response",
        "responses",
        "rate",
        "descriptive",
        "descriptives",
        "statistics",
        "statistical",
        "summary",
        "analysis",
        "independent",
        "test",
        "mean",
        "means",
        "rating",
        "ratings",
        "score",
        "scores",
        "difference",
        "differences",
        "between",
        "among",
        "extent",
        "which",
        "what",
        "their",
        "there",
        "with",
        "from",
        "that",
        "this",
        "respondents",
        "teaching",
        "staff",
        "male",
        "female",
        "students",
    ]
)
_SUM_OF_ITEMS = "    score: {kind: sum-of-items, items: null}"


def _content_words(title: str) -> set[str]:
    """The words of a title that name what it measures (4+ letters, not generic)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", title)}
    return words - _GENERIC_WORDS


def implied_table(title: str, candidates: dict[str, str]) -> tuple[str, float] | None:
    """The item table a sum score is implied to sum, from the titles, or None.

    The title of a test of a composite score (a hypothesis) usually repeats the construct of
    the item table behind it ("... the extent to which micro-credentials enhance ...
    professional growth"). The item table whose title's content words the test's title covers
    best is taken, if it covers at least 60 % of them and 20 points more than any other.

    Parameters
    ----------
    title : str
        The title of the table with the sum score.
    candidates : dict of str to str
        Item tables, id to title.

    Returns
    -------
    tuple of (str, float) or None
        The table id and the share of its title's content words found in ``title``.

    Examples
    --------
    >>> implied_table(
    ...     "t-test of the teachers' rating of classroom noise and lighting",
    ...     {"table_1": "Ratings of classroom noise and lighting", "table_2": "Workload of teachers"},
    ... )
    ('table_1', 1.0)
    >>> implied_table("Summary of the t-test", {"table_1": "Classroom noise"}) is None
    True
    """
    target = _content_words(title)
    shares = []
    for tid, t in candidates.items():
        words = _content_words(t)
        if words:
            shares.append((len(words & target) / len(words), tid))
    if not shares:
        return None
    shares.sort(reverse=True)
    best, tid = shares[0]
    second = shares[1][0] if len(shares) > 1 else 0.0
    if best < 0.6 or best - second < 0.2:
        return None
    return tid, best


# --------------------------------------------------------------------------------------------
# The draft
# --------------------------------------------------------------------------------------------


def _title(text: str, name: str) -> str:
    for line in text.splitlines()[:40]:
        s = " ".join(line.strip(" #*").split())
        if len(s.split()) >= 5 and "@" not in s and not s.lower().startswith(("abstract", "open access")):
            return s
    return name


def _identifier(name: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_-")
    return ident if ident[:1].isalpha() else f"paper_{ident}".rstrip("_")


def draft_from_text(text: str, *, name: str = "paper", path: str | Path | None = None) -> Draft:
    """The published-values draft of a paper's text (see the module docstring).

    Parameters
    ----------
    text : str
        The paper's text, tables as pipe or tab-separated lines (:func:`.readers.read_paper`).
    name : str
        The draft's ``id`` (letters, digits, ``_`` and ``-`` are kept).
    path : str or Path, optional
        The paper's file, named by the error of a paper with too many tables.

    Returns
    -------
    Draft

    Raises
    ------
    DataError
        When the text holds more tables than ``MCSTATS_MAX_PAPER_TABLES`` (each table is
        drafted and checked, so time and memory grow with their number).
    """
    tables = find_tables(text)
    most = limit("MAX_PAPER_TABLES")
    if len(tables) > most:
        raise DataError(
            f"the paper holds {len(tables)} tables, more than {most} (the limit "
            f"{env_name('MAX_PAPER_TABLES')}); a paper's tables number in the tens",
            path=None if path is None else str(path),
        )
    lo, hi, labels, guesses, scale_line = _scale(text)
    facts, fact_guesses = _facts(text)
    guesses.extend(fact_guesses)
    criterion = _CRITERION.search(text)
    lines = [
        "# Published-values draft written by mcstats extract from the paper's text.",
        "# Every number is copied as printed; lines marked '# guess:' are choices the text does",
        "# not settle: check them against the paper before relying on the audit.",
        "# Format: docs/published-format.md.",
        "format: mcstats-published/1",
        f"id: {_identifier(name)}",
        "study:",
        f"  title: {_q(_title(text, name))}  # guess: the first long line of the text",
        "scale:",
        f"  min: {lo}",
        f"  max: {hi}" + ("" if scale_line else "  # guess: no scale printed"),
    ]
    if labels:
        lines.append(
            "  labels: {" + ", ".join(f"{k}: {_q(v)}" for k, v in sorted(labels.items(), reverse=True)) + "}"
        )
    lines.append("cutoff_rule:")
    if criterion:
        lines += ["  stated: true", "  scheme: criterion", f"  criterion: {_q(criterion.group(1))}"]
        guesses.append(f"The cut-off rule is the criterion mean {criterion.group(1)} printed in the text.")
    else:
        lines += [
            "  stated: false  # guess: no rule found in the text",
            "  scheme: real-limits",
            '  description: "No cut-off rule found in the text; remarks are read against the real limits."',
        ]
        guesses.append(
            "No cut-off rule is printed; remarks are judged against the real limits of the scale "
            "(code c covers c - 0.5 to c + 0.5)."
        )
    lines.append("tables:")
    fact_rows = [
        ("Population", ("population",)),
        ("Sample", ("sample", "sample_percent")),
        ("Questionnaires distributed", ("distributed",)),
        ("Questionnaires returned", ("returned",)),
        ("Valid questionnaires", ("valid", "response_rate")),
        ("Reliability (Cronbach's alpha)", ("alpha",)),
        ("Significance level", ("significance_level",)),
    ]
    design: list[str] = []
    for label, keys in fact_rows:
        vals = [
            f"{k}: {{text: {_q(facts[k][0])}, source: {_q('Text, line ' + str(facts[k][1]))}}}"
            for k in keys
            if k in facts
        ]
        if vals:
            design += [
                f"      - label: {_q(label)}",
                "        role: fact",
                f"        values: {{{', '.join(vals)}}}",
            ]
    if design:
        lines += ["  - id: design", '    source: "Text"', "    kind: design", "    rows:", *design]
    skipped: list[tuple[str, str]] = []
    count = 0
    item_tables: dict[str, str] = {}
    sum_scores: list[tuple[int, TextTable]] = []  # (line index of the score, table)
    for table in tables:
        body, reason = _table_yaml(table, count + 1, lo, hi, guesses)
        if body is None:
            assert reason is not None
            skipped.append(
                (table.source if not table.captioned else f"{table.source} (line {table.line})", reason)
            )
            continue
        count += 1
        if "    kind: item-descriptives" in body:
            item_tables[f"table_{count}"] = table.title or ""
        for i, line in enumerate(body):
            if line.startswith(_SUM_OF_ITEMS):
                sum_scores.append((len(lines) + i, table))
        lines += body
    for at, table in sum_scores:
        found = implied_table(table.title or "", item_tables)
        if found is None:
            continue
        tid, share = found
        where = table.source if not table.captioned else f"{table.source} (line {table.line})"
        lines[at] = (
            f"    score: {{kind: sum-of-items, items: null, implied_by: {tid}}}"
            f"  # guess: its title names the construct of {tid} ({share:.0%} of that title's words)"
        )
        guesses.append(
            f"{where}: the score is taken to sum the items of {tid}, whose construct its title names "
            f"({share:.0%} of that table's title words); the range check on those items rests on this link."
        )
    if not design and not count:
        lines.append('  - {id: empty, source: "Text", kind: other, rows: []}  # no table found')
    return Draft(
        yaml="\n".join(lines) + "\n",
        guesses=tuple(guesses),
        skipped=tuple(skipped),
        tables=count,
        facts={k: v for k, (v, _) in facts.items()},
    )


def draft_from_paper(path: str | Path) -> Draft:
    """The draft of a paper file (.txt, .md, .html, .docx, .pdf); see :func:`draft_from_text`.

    Examples
    --------
    >>> d = draft_from_paper("tests/fixtures/papers/made_up.md")
    >>> d.tables, d.facts["valid"], d.facts["response_rate"]
    (1, '120', '80.0')
    """
    from mcstats.audit.extract.readers import read_paper

    p = Path(path)
    return draft_from_text(read_paper(p).text, name=p.stem, path=p)
