"""``mcstats replicate``: a paper's tables re-run on its reconstructed data, side by side."""

from pathlib import Path
from typing import Annotated

import typer

from mcstats.verdicts import VERDICTS


def register(app: typer.Typer) -> None:
    """Add the ``replicate`` command to ``app``."""

    @app.command(
        epilog=(
            "Examples:\n\n"
            "  mcstats replicate --list\n\n"
            "  mcstats replicate rivers-state --out reports/rivers_state\n\n"
            "  mcstats replicate mardan --out reports/mardan"
        )
    )
    def replicate(
        study: Annotated[
            str | None,
            typer.Argument(help="Study name (see --list), its id, or its published-values file."),
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(help="Output folder (default: reports/replication_<id>/)."),
        ] = None,
        list_: Annotated[
            bool, typer.Option("--list", help="List the studies that can be replicated.")
        ] = False,
        root: Annotated[
            Path | None, typer.Option(help="Folder holding data/published and data/reconstructed.")
        ] = None,
        format: Annotated[
            str,
            typer.Option(
                "--format",
                help="Reports to write: a list of md, html and docx "
                "(Word: the side-by-side tables and the APA tables of the analysis).",
            ),
        ] = "md,html",
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="Print only where the files were written.")
        ] = False,
    ) -> None:
        """Re-run a paper's tables on its reconstructed data and compare every printed number.

        Writes comparison.json (one row per printed number: published, recomputed,
        difference, status reproduced / impossible / inconsistent / note / not checkable, reason), results.json,
        report.md and report.html (the paper's tables with the recomputed values beside the
        printed ones), analysis.md and figures/.
        """
        from mcstats.cli._common import fail
        from mcstats.errors import McStatsError, UsageError
        from mcstats.safety import terminal_console

        console = terminal_console(soft_wrap=True)
        try:
            if list_:
                from mcstats.replication.replicate import list_studies

                for s in list_studies(root):
                    state = "ready" if s.available else "no reconstructed data yet"
                    console.print(f"{s.name}: {s.title}", markup=False)
                    console.print(f"    published: {s.published}; data: {s.data} ({state})", markup=False)
                return
            if study is None:
                raise UsageError("name a study to replicate (e.g. rivers-state), or use --list")
            from mcstats.replication.replicate import replicate as run_replication
            from mcstats.replication.replicate import resolve_study

            entry = resolve_study(study, root)
            if not entry.available:  # the library says "reconstruct it first"; here, how
                raise UsageError(
                    f"no reconstructed data for {entry.name} ({entry.data} and its .json); run "
                    f"'mcstats reconstruct {entry.published} --seed 1' first"
                )
            target = out if out is not None else Path("reports") / f"replication_{entry.id}"
            from mcstats.audit.run import replication_audit
            from mcstats.pipeline import parse_formats

            formats = parse_formats(format)
            run = run_replication(
                entry, target, root=root, audit=replication_audit(entry.published), formats=formats
            )
        except McStatsError as exc:
            raise fail(exc) from None
        if not quiet:
            counts = run.counts
            console.print(
                f"{entry.name}: {sum(counts.values())} printed values compared on SYNTHETIC "
                f"reconstructed data: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS) + ".",
                markup=False,
            )
            for row in run.comparison["rows"]:
                if row["status"] != "reproduced":
                    console.print(
                        f"  {row['status']}: {row['table']}, {row['row']}, {row['column']}: "
                        f"printed {row['published']}, recomputed {row['recomputed_text'] or '—'}",
                        markup=False,
                    )
        console.print("Wrote " + ", ".join(str(p) for p in run.paths.values()), markup=False)
