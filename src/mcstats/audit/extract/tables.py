"""Tables in a paper's text: Markdown pipe tables and tab-separated lines, with their captions.

The readers (:mod:`.readers`) write the tables of HTML, Word and PDF files as tab-separated
lines, so one finder serves every format. A table is a run of consecutive pipe lines
(``| a | b |``; separator rows such as ``|---|`` are dropped) or of lines with tabs; a pipe
table whose header cells are all empty, printed within three lines of the table above, is
that table's continuation (a table printed in two parts). The caption is the nearest
``Table N`` line within four non-empty lines above the table; without one the table is
``Untitled table (line L)`` and its title the line above.

:func:`column_statistic` maps a column header to the statistic names of
``docs/published-format.md`` (``N`` -> ``n``, ``x̄``/``Mean`` -> ``mean``, ``S.D``/``Std. D.``
-> ``sd``, ``t _{tab}`` -> ``t_critical``, ``Sig.`` -> ``p``, ...); remark columns
(``Remark``, ``Decision``) are words, not numbers.

Examples
--------
>>> text = "Table 3: Item means\\n| Item | N | Mean | S.D |\\n|---|---|---|---|\\n| 1. A | 20 | 2.10 | .80 |"
>>> [t] = find_tables(text)
>>> t.source, t.title, t.header, t.rows
('Table 3', 'Item means', ('Item', 'N', 'Mean', 'S.D'), (('1. A', '20', '2.10', '.80'),))
>>> [column_statistic(h) for h in t.header]
[None, 'n', 'mean', 'sd']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["REMARK_COLUMNS", "TextTable", "column_statistic", "find_tables", "remark_column"]


@dataclass(frozen=True)
class TextTable:
    """A table found in text.

    Attributes
    ----------
    source : str
        ``"Table N"`` from the caption, or ``"Untitled table (line L)"``.
    title : str
        The caption's words (or the line above an untitled table).
    header : tuple of str
        The header cells.
    rows : tuple of tuple of str
        The body rows, cells as printed.
    line : int
        1-based line of the header in the text.
    captioned : bool
        Whether a ``Table N`` caption was found.
    """

    source: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    line: int
    captioned: bool


_SEPARATOR = re.compile(r"^:?-{2,}:?$")
_CAPTION = re.compile(r"^[\W_]*Table\s*(\d+)\b[\s:.\-–—*_]*(.*)$", re.IGNORECASE)


def _clean(cell: str) -> str:
    """One line of printable text: control characters (terminal escapes) become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in cell).split())


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [_clean(c) for c in s.split("|")]


def _clean_title(s: str) -> str:
    return _clean(s.replace("*", " ").replace("_", " ")).strip(" :.-")


def _caption(lines: list[str], start: int) -> tuple[str, str, bool]:
    """(source, title, captioned) for a table whose first line is ``lines[start]``."""
    seen = 0
    i = start - 1
    above: list[int] = []
    while i >= 0 and seen < 4:
        if lines[i].strip():
            seen += 1
            above.append(i)
            m = _CAPTION.match(lines[i].strip())
            if m:
                # a caption wrapped over lines (PDF text) goes on up to the table
                after = [j for j in range(i + 1, start) if lines[j].strip()][:2]
                title = _clean_title(" ".join([m.group(2), *(lines[j] for j in after)]))
                return f"Table {m.group(1)}", title, True
            if "\t" in lines[i] or lines[i].strip().startswith("|"):
                break
        i -= 1
    # the title of an untitled table: the lines right above it, up to a blank line (a title
    # wrapped over lines in PDF text), at most three
    block: list[int] = []
    j = start - 1
    while j >= 0 and lines[j].strip() and len(block) < 3:
        if "\t" in lines[j] or lines[j].strip().startswith("|"):
            break
        block.append(j)
        j -= 1
    if not block and above:
        block = [above[0]]
    title = _clean_title(" ".join(lines[k] for k in reversed(block)))
    return f"Untitled table (line {start + 1})", title, False


def find_tables(text: str) -> list[TextTable]:
    """Every pipe or tab-separated table in ``text``, in order (see the module docstring)."""
    lines = text.splitlines()
    tables: list[TextTable] = []
    last_end = -10
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            j = i
            block: list[list[str]] = []
            while j < len(lines) and lines[j].strip().startswith("|"):
                block.append(_pipe_cells(lines[j]))
                j += 1
            seps = [
                k
                for k, cells in enumerate(block)
                if all(_SEPARATOR.match(c) or not c for c in cells)
                and any(_SEPARATOR.match(c) for c in cells)
            ]
            rows = [cells for k, cells in enumerate(block) if k not in seps]
            header, body = (rows[0], rows[1:]) if rows else ([], [])
            if tables and not any(header) and i - last_end <= 3:
                prev = tables[-1]
                width = len(prev.header)
                extra = tuple(tuple((r + [""] * width)[:width]) for r in body if any(r))
                tables[-1] = TextTable(
                    prev.source, prev.title, prev.header, prev.rows + extra, prev.line, prev.captioned
                )
            elif rows:
                source, title, captioned = _caption(lines, i)
                width = len(header)
                body_t = tuple(tuple((r + [""] * width)[:width]) for r in body if any(r))
                tables.append(TextTable(source, title, tuple(header), body_t, i + 1, captioned))
            last_end = j
            i = j
            continue
        if "\t" in line and len([c for c in line.split("\t") if c.strip()]) >= 2:
            j = i
            block = []
            while j < len(lines) and "\t" in lines[j] and lines[j].strip():
                block.append([_clean(c) for c in lines[j].strip("\n").split("\t")])
                j += 1
            if len(block) >= 2:
                header = block[0]
                width = len(header)
                body_t = tuple(tuple((r + [""] * width)[:width]) for r in block[1:])
                source, title, captioned = _caption(lines, i)
                tables.append(TextTable(source, title, tuple(header), body_t, i + 1, captioned))
                last_end = j
            i = j
            continue
        i += 1
    return tables


def _key(header: str) -> str:
    """Lower case without accents, spaces, dots, braces or backslashes: ``S.D`` -> ``sd``."""
    h = header.replace("%", " percent ")
    h = unicodedata.normalize("NFKD", h)
    h = "".join(c for c in h if not unicodedata.combining(c))
    h = h.casefold()
    return re.sub(r"[\s.\\{}_\-()'’:*^]", "", h)


_STATISTICS: dict[str, tuple[str, ...]] = {
    "n": ("n", "no", "number", "numberofrespondents", "respondents", "noofrespondents"),
    "mean": ("mean", "x", "barx", "xbar", "meanx", "meanscore", "m", "average", "avg", "mean(x)"),
    "sd": ("sd", "stdd", "stddev", "stddeviation", "standarddeviation", "std", "s", "stdev", "sdev"),
    "t": ("t", "tcal", "tcalc", "tcalculated", "tvalue", "tratio", "tcomputed", "tcomp"),
    "t_critical": ("ttab", "ttable", "ttabulated", "tcrit", "tcritical", "criticalt", "tcv"),
    "df": ("df", "degreesoffreedom"),
    "p": ("sig", "p", "pvalue", "sig2tailed", "sig(2tailed)", "psig", "probability", "pval"),
    "min": ("min", "minimum"),
    "max": ("max", "maximum"),
    "frequency": ("frequency", "freq", "count"),
    "percent": ("percent", "percentage", "percent(percent)", "percentpercent"),
    "valid_percent": ("validpercent",),
    "cumulative_percent": ("cumulativepercent", "cumpercent", "cumulative"),
    "f": ("f", "fratio", "fvalue", "fcal"),
}
_LOOKUP = {alias: stat for stat, aliases in _STATISTICS.items() for alias in aliases}

#: Headers read as remark columns (words, not numbers), with the key the draft uses.
REMARK_COLUMNS: dict[str, str] = {
    "remark": "remark",
    "remarks": "remark",
    "decision": "decision",
    "interpretation": "remark",
    "comment": "remark",
    "comments": "remark",
    "verdict": "remark",
    "rank": "rank",
}


def column_statistic(header: str) -> str | None:
    """The statistic a column header names (``docs/published-format.md``), or None.

    Examples
    --------
    >>> [column_statistic(h) for h in ("x̄", "\\\\bar{x}", "Std. D.", "t _{tab}", "Sig.", "Per cent", "Item")]
    ['mean', 'mean', 'sd', 't_critical', 'p', 'percent', None]
    """
    return _LOOKUP.get(_key(header))


def remark_column(header: str) -> str | None:
    """The remark key of a header (``Remark`` -> ``remark``, ``Decision`` -> ``decision``), or None."""
    return REMARK_COLUMNS.get(_key(header))
