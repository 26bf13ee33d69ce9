"""Limits that keep every input within bounded memory and time (issue 19, item 2).

Each limit has a sensible default and can be changed with an environment variable of the
same name prefixed ``MCSTATS_`` (``MCSTATS_MAX_ITEMS=50000 mcstats analyze ...``), so that
a user with a larger machine and a genuine need can raise it; the message that reports a
limit names the variable. ``docs/limits.md`` lists them.

Examples
--------
>>> limit("MAX_ITEMS")
10000
>>> import os; os.environ["MCSTATS_MAX_ITEMS"] = "12"; limit("MAX_ITEMS")
12
>>> del os.environ["MCSTATS_MAX_ITEMS"]
"""

from __future__ import annotations

import os

from mcstats.errors import UsageError

#: The limits and their defaults.
DEFAULTS: dict[str, int] = {
    # Item columns named by --items (a range Q1-Q999999999 would build a billion names).
    "MAX_ITEMS": 10_000,
    # Rows of one frequency table (the most frequent values are listed, the rest summed in one row).
    "MAX_FREQUENCY_ROWS": 1_000,
    # Bytes of a YAML file (instrument, published values): read whole and parsed into objects.
    "MAX_YAML_BYTES": 8 * 1024 * 1024,
    # Characters of all the text reached through YAML aliases (a flat list of aliases to one
    # large string is as much of a bomb as nested aliases).
    "MAX_YAML_ALIAS_CHARS": 16 * 1024 * 1024,
    # Sample size N or a count in published values that reconstruction and the audit accept.
    "MAX_SAMPLE_SIZE": 10_000_000,
    # Cells of the used range of an .xlsx sheet (rows x columns), and decompressed bytes of a workbook.
    "MAX_XLSX_CELLS": 50_000_000,
    "MAX_XLSX_BYTES": 1024 * 1024 * 1024,
    # The careful CSV reader (the in-memory engine, and the streaming engine's fallback):
    # characters of one cell (a free-text answer), and bytes of one line of the file. The
    # line is checked before the file is read, so a file without line ends is refused in
    # bounded memory instead of being decoded and parsed whole.
    # The streaming reader takes lines up to its chunk (3 MiB), so these defaults are above
    # it: every engine accepts the same files (a lower setting sends files to the careful reader).
    "MAX_CELL_CHARS": 4 * 1024 * 1024,
    "MAX_LINE_BYTES": 16 * 1024 * 1024,
    # Levels of a grouping column compared at once (ANOVA with post hoc tests, Dunn's tests,
    # item tests): pairs of levels grow with the square of the levels.
    "MAX_GROUP_LEVELS": 100,
    # Items of one scale (reliability takes time in the cube of the items: 1000 in ~20 s).
    "MAX_SCALE_ITEMS": 1000,
    # Items of one scale whose pairs are correlated (--item-correlations): k x k tables.
    "MAX_CORRELATED_ITEMS": 200,
    # Cells of one crosstab (--crosstab ROW,COL): rows x columns of the contingency table.
    "MAX_CROSSTAB_CELLS": 10_000,
    # A paper read by `extract` and `audit PAPER` (.txt, .md, .html, .pdf; a .docx unpacked).
    "MAX_PAPER_BYTES": 64 * 1024 * 1024,
    # Tables of one paper: each is drafted, parsed and checked (20,000 tables of a 1.1 MB
    # text took 88 s and 675 MB; 1000 take a few seconds).
    "MAX_PAPER_TABLES": 1000,
}


def limit(name: str) -> int:
    """The value of limit ``name``: ``MCSTATS_<name>`` from the environment, else its default."""
    default = DEFAULTS[name]
    raw = os.environ.get(f"MCSTATS_{name}")
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise UsageError(f"MCSTATS_{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        raise UsageError(f"MCSTATS_{name} must be at least 1, got {value}")
    return value


def env_name(name: str) -> str:
    """The environment variable that sets limit ``name``."""
    return f"MCSTATS_{name}"
