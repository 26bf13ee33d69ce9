"""``mcstats init``: draft an instrument YAML from a data file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def init(
    file: Annotated[Path, typer.Argument(help="Survey data: .csv, .xlsx or .sav.")],
    out: Annotated[
        Path | None, typer.Option(help="Where to write the draft (default: instruments/<file name>.yaml).")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet to read (default: the first).")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing instrument file.")] = False,
) -> None:
    """Draft an instrument from a data file, for you to check and edit.

    Detects item columns (whole numbers 1..11 or known response labels such as "Strongly
    agree" or "Very High Extent"), the number of scale points, response labels (from a
    .sav file's value labels or the text answers), scales by column prefix (Q1-Q10 -> Q),
    and grouping columns (two values, e.g. gender). Timestamps, ids and free text are left
    out and listed in a comment.

    Example:

        mcstats init survey.csv --out instruments/survey.yaml
    """
    from mcstats.cli._common import fail
    from mcstats.draft import draft_instrument, render_draft
    from mcstats.errors import McStatsError, UsageError
    from mcstats.io import load_survey
    from mcstats.results import write_atomic

    try:
        target = out if out is not None else Path("instruments") / f"{file.stem}.yaml"
        if target.exists() and not force:
            raise UsageError(f"{target} exists; use --force to overwrite it or --out to choose another file")
        if target.resolve() == file.resolve():
            raise UsageError(f"refusing to overwrite the input file {file}")
        draft = draft_instrument(load_survey(file, sheet=sheet))
        write_atomic(target, render_draft(draft, file.name))
    except McStatsError as exc:
        raise fail(exc) from None
    n_items = len(draft.items)
    typer.echo(
        f"Wrote {target}: {n_items} items in {len(draft.scales)} scale(s), {draft.points}-point, "
        f"groups: {', '.join(draft.groups) or 'none'}. Check it, then run: "
        f"mcstats analyze {file} --instrument {target}"
    )


def register(app: typer.Typer) -> None:
    app.command(name="init")(init)
