"""``mcstats extract``: a published-values draft from a paper's text, tables and design facts."""

from pathlib import Path
from typing import Annotated

import typer


def extract(
    paper: Annotated[
        Path,
        typer.Argument(help="The paper: .txt, .md, .html, .docx or .pdf (PDF needs pip install 'mcstats[pdf]')."),
    ],
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the draft (default: <paper stem>-draft.yaml in the current folder)."),
    ] = None,
) -> None:
    """Write a published-values draft (docs/published-format.md) from a paper.

    Every table whose header names N, Mean (x̄), SD (S.D, Std. D.), a remark or decision, t,
    df, Sig., minimum and maximum, or frequency and percent is copied with every number as
    printed; the scale (4-point, 1 to 5) and design facts (population, sample, distributed,
    valid, response rate, alpha, significance level) come from the text. Every guess is
    marked '# guess:' in the YAML and listed here. Check the draft against the paper, then
    run mcstats audit on it (mcstats audit PAPER audits the draft directly).

    Exit codes: 0 done, 2 usage error, 3 the paper cannot be read.

    Examples:

        mcstats extract paper.pdf --out paper.yaml

        mcstats audit paper.yaml
    """
    from mcstats.audit.extract.draft import draft_from_paper
    from mcstats.cli._common import fail
    from mcstats.errors import McStatsError, UsageError
    from mcstats.results import write_atomic
    from mcstats.safety import output_set

    target = out if out is not None else Path(f"{paper.stem}-draft.yaml")
    try:
        if paper.exists() and target.exists() and target.resolve() == paper.resolve():
            raise UsageError(f"refusing to overwrite the input file {paper}; choose another --out")
        draft = draft_from_paper(paper)
        # Written like every other command's outputs (issue 19, item 5): staged in the
        # target's folder and moved into place, under the folder's lock.
        with output_set(target.parent) as stage:
            write_atomic(stage / target.name, draft.yaml)
    except McStatsError as exc:
        raise fail(exc) from None
    from mcstats.safety import terminal_text  # text from the paper: control characters escaped

    typer.echo(terminal_text(f"Read {draft.tables} table(s) and {len(draft.facts)} design fact(s) from {paper.name}."))
    for guess in draft.guesses:
        typer.echo(terminal_text(f"  guess: {guess}"))
    for where, reason in draft.skipped:
        typer.echo(terminal_text(f"  not read: {where}: {reason}"))
    typer.echo(terminal_text(f"Wrote {target}"))


def register(app: typer.Typer) -> None:
    app.command(name="extract")(extract)
