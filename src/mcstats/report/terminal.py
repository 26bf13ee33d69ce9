"""Print a results.json document to the terminal with rich tables."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mcstats.engines import EngineUsed
from mcstats.report.tables import ReportOptions, Table
from mcstats.safety import terminal_console, terminal_text

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console  # imported with the console itself: a quiet run to a file needs none


def plain_output() -> bool:
    """Whether a few lines go to stdout as plain text rather than through rich: stdout is
    not a terminal (a pipe, a file, a test) and no colour is forced (``FORCE_COLOR``).

    rich would print no colour there either; it would wrap long lines at 80 columns,
    which a log file does not want, and importing it costs a quiet run about 20 ms.
    """
    try:
        return not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR")
    except (AttributeError, ValueError):  # a stdout replaced or closed
        return False


def print_line(text: str, console: Console | None = None, style: str | None = None) -> None:
    """One line of text from inputs: on ``console`` (rich, markup off), or plain with its
    control characters escaped (:func:`~mcstats.safety.terminal_text`)."""
    if console is None:
        print(terminal_text(text), flush=False)
    else:
        console.print(text, markup=False, style=style)


def print_analysis(
    doc: dict[str, Any],
    *,
    quiet: bool = False,
    verbose: bool = False,
    console: Console | None = None,
    options: ReportOptions | None = None,
    arguments: Callable[[str], str] | None = None,
) -> None:
    """Validation summary, item statistics, reliability and t-tests of an analysis.

    ``quiet`` prints the row accounting and warnings only; ``verbose`` also lists every
    excluded row and invalid cell and the missing-data rules. The tables are those of the
    report (:mod:`mcstats.report.tables`; ``options`` chooses them), with the same numbers.
    ``arguments`` rewrites the library arguments that the warnings and hints name (``the
    verbose=True``); the command line passes one that writes them as its flags.
    """
    said = arguments or (lambda text: text)
    # markup=False: item wording, labels and levels come from data and instruments, and a
    # text such as "[/b]" must be printed as it is, not read as rich markup.
    # terminal_console: control characters from inputs escaped, no emoji shortcodes.
    con = console
    if con is None and not (quiet and plain_output()):
        con = terminal_console(markup=False)
    inp = doc["input"]
    summary = (
        f"{inp['path']}: {inp['n_rows']} rows read = {inp['n_analysed']} analysed + "
        f"{inp['n_excluded']} excluded"
    )
    if inp["n_invalid_cells"]:
        summary += f"; {inp['n_invalid_cells']} invalid cell(s) treated as missing"
    print_line(summary, con)
    engine = inp.get("engine")
    chosen_fell_back = bool(engine and engine["fallback"] and engine["requested"] != "auto")
    announce = chosen_fell_back or bool(engine and engine.get("not_checked"))
    if engine and (verbose or announce):
        # A fallback from the engine the user chose is announced, whatever --quiet says:
        # the careful reader holds the whole file in memory; so is a check the engine skips.
        used = EngineUsed(
            requested=engine["requested"],
            used=engine["used"],
            fallback=engine["fallback"],
            not_checked=tuple(engine.get("not_checked") or ()),
        )
        print_line(used.summary(), con, style="yellow" if announce else None)
    for w in doc["warnings"]:
        print_line(f"warning: {said(w)}", con, style="yellow")
    if con is None:  # quiet, plain: nothing more
        return
    if quiet:
        return
    shown = None if verbose else 20
    for e in inp["excluded"][:shown]:
        con.print(f"  excluded row {e['row']}: {e['reason']}", markup=False)
    if shown is not None and len(inp["excluded"]) > shown:
        con.print(
            said(f"  ... and {len(inp['excluded']) - shown} more (see results.json, or verbose=True)"),
            markup=False,
        )
    for c in inp["invalid_cells"][:shown]:
        con.print(
            f"  invalid cell row {c['row']}, column {c['column']!r}: {c['value']!r} ({c['reason']})",
            markup=False,
        )
    if shown is not None and len(inp["invalid_cells"]) > shown:
        con.print(
            said(f"  ... and {inp['n_invalid_cells'] - shown} more invalid cells (verbose=True lists them)"),
            markup=False,
        )
    if verbose:
        con.print(
            f"Instrument: {doc['instrument'].get('name') or doc['instrument'].get('path')}", markup=False
        )
        for k, v in doc["missing_rules"].items():
            con.print(f"Missing data, {k.replace('_', ' ')}: {v}", markup=False)
    con.print(f"Cut-offs: {doc['cutoffs']['description']}", markup=False)
    from mcstats.report.tables import build_report

    report = build_report(doc, replace(options or ReportOptions(), figures=False))
    for table in report.tables:
        if table.section == "data":
            continue  # the excluded rows and invalid cells are listed above
        print_table(table, con)


def print_table(table: Table, console: Console) -> None:
    """One table of the model: "Table N. Title", the columns, then the note.

    Columns are as wide as their numbers and longest header word; the wording column takes
    what is left of the console's width (80 columns when printing to a pipe) and long
    wording is shortened with an ellipsis there: in the terminal only, files keep every word.
    """
    from rich import box
    from rich.table import Table as RichTable

    heads = table.flat_headers()
    n = len(table.columns)
    overhead = 3 * (n - 1)  # one space of padding each side and a divider between columns
    wording = next((j for j, c in enumerate(table.columns) if c.wording), None)

    def fit(compact: bool) -> list[int]:
        widths = []
        for j, (c, head) in enumerate(zip(table.columns, heads, strict=True)):
            cells = [row.cells[j].text for row in table.rows]
            word = max([len(w) for w in head.split()] + [len(w) for x in cells for w in x.split()] + [1])
            longest = max([len(x) for x in cells] + [1])
            if compact:
                widths.append(word)  # text and "44 (37.3)" cells wrap between words
            else:
                widths.append(max(word, min(longest, 16)) if c.align == "left" else max(longest, word))
        if wording is not None:
            rest = console.width - overhead - sum(w for j, w in enumerate(widths) if j != wording)
            natural = max([len(row.cells[wording].text) for row in table.rows] + [len(heads[wording])])
            widths[wording] = max(8, min(natural, rest))
        return widths

    widths = fit(compact=False)
    if sum(widths) + overhead > console.width:
        widths = fit(compact=True)
    shown = list(range(n))
    if sum(widths) + overhead > console.width and wording is not None and table.columns[0].key == "sn":
        # Still too wide: the S/N column identifies the items, the wording is left out.
        shown.remove(wording)
    title = f"{table.label}. {table.title.plain}"
    panels = [shown]
    natural = 0
    if sum(widths[j] for j in shown) + 3 * (len(shown) - 1) > console.width:
        # Too wide for one panel (an item table of four groups has 18 columns): the
        # numbers keep their width and the columns continue in further panels, each
        # beginning with the row's name (its wording up to 24 characters, more if room).
        widths = fit(compact=False)
        if wording is not None:
            natural = max([len(row.cells[wording].text) for row in table.rows] + [len(heads[wording])])
            widths[wording] = min(natural, 24)
        spans = [g.plain if (g := table.columns[j].group) is not None else None for j in range(n)]
        panels = _panels(shown, widths, wording, console.width, spans)
    for k, part in enumerate(panels):
        if wording is not None and wording in part and len(panels) > 1:
            rest = console.width - sum(widths[j] for j in part if j != wording) - 3 * (len(part) - 1)
            widths[wording] = max(8, min(natural, rest))
        # The title on lines of its own, as wide as the console: rich would wrap it to the
        # table's width, a column of three words a line above a narrow table.
        console.print(title if k == 0 else f"{table.label} (continued)", markup=False)
        t = RichTable(
            title=None,
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
        )
        for j in part:
            c, head = table.columns[j], heads[j]
            t.add_column(
                head,
                justify=c.align,
                width=widths[j],
                min_width=widths[j],
                no_wrap=c.wording,
                overflow="ellipsis" if c.wording else "fold",
            )
        for row in table.rows:
            t.add_row(*(row.cells[j].text for j in part))
        console.print(t)
    if table.notes:
        console.print("Note. " + " ".join(n.plain for n in table.notes), markup=False, style="dim")
    console.print()  # a blank line between tables


def _panels(
    shown: list[int],
    widths: list[int],
    wording: int | None,
    width: int,
    spans: list[str | None] | None = None,
) -> list[list[int]]:
    """The columns in panels that fit ``width``, as R prints a wide data frame: the
    columns that name a row (those up to the wording column, else the first) begin every
    panel, the others follow in order, and the columns under one spanning head (a group's
    n, M and SD) stay in one panel. One panel when everything fits.

    >>> _panels([0, 1, 2, 3], [10, 8, 8, 8], 0, 40)
    [[0, 1, 2], [0, 3]]
    >>> _panels([0, 1, 2, 3], [10, 8, 8, 8], 0, 40, [None, None, "a", "a"])
    [[0, 1], [0, 2, 3]]
    >>> _panels([0, 1, 2], [10, 8, 8], 0, 80)
    [[0, 1, 2]]
    """

    def need(cols: list[int]) -> int:
        return sum(widths[j] for j in cols) + 3 * (len(cols) - 1)

    if need(shown) <= width:
        return [shown]
    lead_end = wording if wording is not None and wording in shown and wording <= 1 else shown[0]
    lead = [j for j in shown if j <= lead_end]
    units: list[list[int]] = []
    for j in shown:
        if j in lead:
            continue
        span = spans[j] if spans else None
        if units and span is not None and spans is not None and spans[units[-1][-1]] == span:
            units[-1].append(j)
        else:
            units.append([j])
    panels: list[list[int]] = []
    current = list(lead)
    for unit in units:
        if len(current) > len(lead) and need([*current, *unit]) > width:
            panels.append(current)
            current = list(lead)
        current += unit
    panels.append(current)
    return panels
