"""``mcstats audit``: check a paper's reported statistics for consistency and explain each finding."""

from pathlib import Path
from typing import Annotated

import typer

#: Exit code when findings reach the --fail-on threshold (2 and 3 stay usage and input errors).
EXIT_FINDINGS = 1


def audit(
    file: Annotated[
        Path,
        typer.Argument(
            help="A published-values file (.yaml, docs/published-format.md), a quick-check CSV "
            "(.csv: label,n,mean,sd,scale_min,scale_max,items,score,decimals; see docs/manual/audit.md) or a "
            "paper (.txt, .md, .html, .docx, .pdf: its in-text results and tables)."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output folder for audit.json, audit.md and audit.html "
            "(default: reports/<file stem>-audit/)."
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit with code 1 when a finding is at or above this severity: 'impossible', or "
            "'inconsistent' (which also fails on impossible). Default: exit 0 whatever is found.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the counts and where the reports were written.")
    ] = False,
    lenient: Annotated[
        bool,
        typer.Option(
            "--lenient",
            help="For a paper: also read in-text results that are not in APA style (t = 2.20, "
            "df = 28, p = .03; F[2, 30]; r = .35, N = 100; a semicolon before p; p-value). "
            "Default: APA style only, as statcheck.",
        ),
    ] = False,
) -> None:
    """Audit reported survey statistics: can the numbers be true, and do they agree?

    Checks every mean, SD, percentage, count, grand mean, t-test and remark the file holds:
    range, GRIM, GRIMMER, DEBIT, SD bounds, percentages and totals recomputed, t, df and p
    recomputed (statcheck), sample sizes across tables, alpha from SDs, remarks against the
    cut-off rule. Each finding is 'impossible' (no data can give it), 'inconsistent'
    (contradicts another reported number) or a 'note', with an explanation to quote.

    A paper (.pdf, .docx, .html, .md, .txt) is read as it comes: its APA-style results
    (t, F, r, chi2, z, Q with p) are checked as statcheck checks them, and its tables, scale
    and design facts become the draft 'mcstats extract' writes, audited directly; the
    draft's guesses are listed first among the assumptions. --lenient also reads results
    printed in other styles (t = 2.20, df = 28, p = .03), each marked as read leniently.

    Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage error, 3 invalid input.

    Examples:

        mcstats audit data/published/rivers_state.yaml

        mcstats audit table2.csv --out reports/table2 --fail-on impossible

        mcstats audit paper.pdf --out reports/paper

        mcstats audit paper.docx --lenient
    """
    from mcstats.audit.run import audit_document, audit_file
    from mcstats.cli._common import fail
    from mcstats.errors import McStatsError, UsageError
    from mcstats.report.audit import print_audit, render_audit_html, render_audit_markdown
    from mcstats.results import dumps, write_atomic
    from mcstats.safety import output_set

    try:
        if fail_on is not None and fail_on not in ("impossible", "inconsistent"):
            raise UsageError(f"--fail-on must be 'impossible' or 'inconsistent', not {fail_on!r}")
        out_dir = out if out is not None else Path("reports") / f"{file.stem}-audit"
        report = audit_file(file, lenient=lenient)
        doc = audit_document(report, fail_on=fail_on)
        targets = {name: out_dir / name for name in ("audit.json", "audit.md", "audit.html")}
        if file.exists() and any(t.exists() and t.resolve() == file.resolve() for t in targets.values()):
            raise UsageError(f"refusing to overwrite the input file {file}; choose another --out")
        texts = {
            "audit.json": dumps(doc),
            "audit.md": render_audit_markdown(doc),
            "audit.html": render_audit_html(doc),
        }
        with output_set(out_dir) as stage:  # the three files as one set, under a lock
            for name, text in texts.items():
                write_atomic(stage / name, text)
    except McStatsError as exc:
        raise fail(exc) from None
    print_audit(doc, quiet=quiet)
    typer.echo(f"Wrote {targets['audit.json']}, {targets['audit.md']} and {targets['audit.html']}")
    if report.fails(fail_on):
        raise typer.Exit(code=EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    app.command(name="audit")(audit)
