"""``mcstats init``: draft an instrument YAML from a data file."""

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
    form: Annotated[
        Path | None,
        typer.Option(
            help="KoboToolbox/ODK form (XLSForm .xlsx): question and choice labels for an export "
            "with 'XML values and headers'."
        ),
    ] = None,
    labels: Annotated[
        str | None,
        typer.Option(help="Built-in label set to use instead of guessing (e.g. agreement-5, extent-4)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the last line.")] = False,
) -> None:
    """Draft an instrument from a data file, for you to check and edit.

    Reads exports of Google Forms (grid questions "Question [row]"), Microsoft Forms
    (Likert statements as columns of their own), SurveyMonkey (two header rows), Qualtrics
    (three header rows) and KoboToolbox/ODK ("group/question" columns, ODK Central's
    "group-question"; give the form with --form; an .xlsx export's repeat-group sheets are
    listed, --sheet reads one). Detects item columns (codes in a
    small range such as 1-5 or 0-3, or labels of a built-in set such as "Strongly agree"),
    the code range and labels, scales (grid question, form group, name prefix), the
    respondent id, groups and categorical columns, and leaves out time stamps, checkbox
    questions and free text. Prints one line per column with its decision and reason, and
    suggests reverse keys (items with a negative corrected item-total r).

    Example:

        mcstats init survey.csv --out instruments/survey.yaml
    """
    from mcstats.cli._common import fail, flags_in
    from mcstats.draft import clean_text, describe_decisions, draft_instrument, render_draft
    from mcstats.errors import McStatsError, UsageError
    from mcstats.io import load_survey
    from mcstats.layouts import read_xlsform
    from mcstats.results import write_atomic

    try:
        target = out if out is not None else Path("instruments") / f"{file.stem}.yaml"
        if target.exists() and not force:
            raise UsageError(f"{target} exists; use --force to overwrite it or --out to choose another file")
        if target.resolve() == file.resolve():
            raise UsageError(f"refusing to overwrite the input file {file}")
        xlsform = read_xlsform(form) if form is not None else None
        if labels is not None:
            from mcstats.labels import label_set

            try:
                label_set(labels)
            except KeyError as exc:
                raise UsageError(f"--labels: {exc.args[0]}") from None
        raw = load_survey(file, sheet=sheet)
        draft = draft_instrument(raw, form=xlsform, labels=labels)
        write_atomic(target, render_draft(draft, file.name))
    except McStatsError as exc:
        raise fail(exc) from None
    if not quiet:
        article = "an" if draft.layout[0] in "aeiou" else "a"
        layout = {"plain": "a plain table"}.get(draft.layout, f"{article} {draft.layout} export")
        typer.echo(f"{clean_text(str(file))}: {layout}, {raw.n_rows} rows, {len(raw.frame.columns)} columns")
        for line in describe_decisions(draft):
            typer.echo(f"  {flags_in(line)}")
        for note in draft.notes:
            typer.echo(f"  Note: {flags_in(clean_text(note))}")
    n_items = len(draft.items)
    vocabulary = f" ({draft.labels_name})" if draft.labels_name else ""
    typer.echo(
        f"Wrote {target}: {n_items} items in {len(draft.scales)} scale(s), codes "
        f"{draft.min_code}-{draft.max_code}{vocabulary}, id: {clean_text(draft.id_column or 'none')}, "
        f"groups: {clean_text(', '.join(draft.groups)) or 'none'}. Check it, then run: "
        f"mcstats analyze {file} --instrument {target}"
    )


def register(app: typer.Typer) -> None:
    app.command(name="init")(init)
