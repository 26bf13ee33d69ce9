"""The ``mcstats`` command line. Thin by design: parse options, call the library, print.

Exit codes: 0 done, 2 usage error, 3 invalid data or instrument.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from mcstats.errors import McStatsError, UsageError

app = typer.Typer(
    name="mcstats",
    help=(
        "Likert survey statistics that match R and SPSS.\n\n"
        "mcstats reads questionnaire data (CSV, Excel, SPSS .sav), validates every cell "
        "against the questionnaire's scale, and computes Cronbach's alpha with the item "
        "analysis SPSS prints, item means and SDs with cut-off remarks, grand means, "
        "frequency tables and independent-samples t-tests. Every row of the file is either "
        "analysed or listed as excluded with its reason.\n\n"
        "Example:\n\n"
        "    mcstats analyze data/examples/example_4point.csv "
        "--instrument instruments/example_4point.yaml"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _fail(exc: McStatsError) -> typer.Exit:
    from rich.console import Console

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    kind = {2: "usage error", 3: "invalid input"}.get(exc.exit_code, "error")
    err.print(f"mcstats: {kind}: {exc}", markup=False)
    return typer.Exit(code=exc.exit_code)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  mcstats analyze survey.csv --instrument instruments/rivers_state.yaml\n\n"
        "  mcstats analyze survey.csv --items Q1-Q10 --points 4 --group gender "
        "--reverse Q3,Q7 --score mean --out reports/wave1\n\n"
        "  mcstats analyze survey.csv --items Q1-Q10 --points 5 --group badge --levels yes,no "
        "--invalid missing\n\n"
        "  mcstats analyze survey.csv --instrument instruments/rivers_state.yaml "
        "--reliability-missing pairwise --bootstrap 2000 --seed 1 --ordinal"
    )
)
def analyze(
    file: Annotated[Path, typer.Argument(help="Survey data: .csv (comma, semicolon or tab), .xlsx or .sav.")],
    instrument: Annotated[
        Path | None,
        typer.Option(
            help="Instrument YAML describing scales, labels, groups and cut-offs "
            "(see docs/instrument-format.md). Replaces --items/--points/--reverse."
        ),
    ] = None,
    items: Annotated[
        str | None,
        typer.Option(help="Item columns without an instrument: a range Q1-Q10 or a list Q1,Q2,Q5."),
    ] = None,
    points: Annotated[
        int | None, typer.Option(help="Scale points without an instrument (4 or 5; 2-11 allowed).")
    ] = None,
    group: Annotated[
        str | None, typer.Option(help="Grouping column for the independent-samples t-test (e.g. gender).")
    ] = None,
    levels: Annotated[
        str | None,
        typer.Option(
            help="The two levels to compare, first minus second: A,B. Needed when the group has more than two levels."
        ),
    ] = None,
    reverse: Annotated[
        str | None,
        typer.Option(help="Reverse-keyed items without an instrument (recoded points+1-x): Q3,Q7."),
    ] = None,
    score: Annotated[str, typer.Option(help="Scale score for the t-test: sum or mean of the items.")] = "sum",
    cutoffs: Annotated[
        str | None,
        typer.Option(
            help="Cut-off scheme for remarks: real-limits, criterion or equal-interval "
            "(default: the instrument's, else real-limits)."
        ),
    ] = None,
    invalid: Annotated[
        str,
        typer.Option(
            help="Invalid cells (out-of-range codes, unknown labels): 'error' stops with a list; 'missing' treats them as missing and lists them."
        ),
    ] = "error",
    alpha: Annotated[float, typer.Option(help="Significance level of the t-tests.")] = 0.05,
    item_missing: Annotated[
        str,
        typer.Option(
            help="Missing data in item statistics: 'available' cases per item (SPSS's default) or 'listwise' within the scale."
        ),
    ] = "available",
    reliability_missing: Annotated[
        str,
        typer.Option(
            help="Missing data in reliability: 'listwise' within the scale (SPSS's rule) or 'pairwise' (each covariance from the cases that answered both items; the N range is reported)."
        ),
    ] = "listwise",
    bootstrap: Annotated[
        int,
        typer.Option(
            help="Percentile-bootstrap confidence intervals for alpha, omega and Guttman's lambdas from this many resamples (e.g. 2000; 0: none)."
        ),
    ] = 0,
    seed: Annotated[
        int, typer.Option(help="Seed of the bootstrap's random generator; recorded in results.json.")
    ] = 1,
    ordinal: Annotated[
        bool,
        typer.Option(
            "--ordinal",
            help="Also alpha and omega from polychoric correlations (as R psych::polychoric), for short Likert scales.",
        ),
    ] = False,
    freq: Annotated[
        str | None,
        typer.Option(
            help="Extra categorical columns for frequency tables (demographics): gender,qualification."
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet to read (default: the first).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Output folder for results.json and report.md (default: reports/<file name>/)."),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Reports to write: a list of md, html (self-contained) and docx (Word, APA tables).",
        ),
    ] = "md",
    charts: Annotated[
        bool, typer.Option("--charts", help="Also write every chart as PNG and SVG under OUT/charts/.")
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            help="How to read the data: 'memory' (whole file), 'stream' (a CSV in blocks, memory bounded by the block; same numbers), 'auto' (stream any CSV the streaming reader takes; below 64 MiB only those without double quotes, which the careful reader checks by row) or 'dask' (FILE may be a glob of CSV or Parquet files; partitions are summarised in parallel and merged)."
        ),
    ] = "auto",
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --engine dask: the address of a Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: local)."),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also list every excluded row and invalid cell, the rules and the frequency tables."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only where the results were written.")
    ] = False,
) -> None:
    """Analyse a Likert survey: validation, reliability, item statistics, frequencies, t-tests.

    Prints the validation summary and the tables, and writes results.json (full precision,
    schema in the README) and report.md to the output folder.
    """
    from mcstats.analysis import AnalysisOptions
    from mcstats.instrument import instrument_from_options, load_instrument, with_columns
    from mcstats.pipeline import parse_formats, run_analysis

    progress: _RowProgress | None = None
    try:
        options = AnalysisOptions(
            score=score,
            cutoffs=cutoffs,
            alpha=alpha,
            item_missing=item_missing,
            reliability_missing=reliability_missing,
            ordinal=ordinal,
            bootstrap=bootstrap,
            seed=seed,
        )
        if instrument is not None:
            if items or points or reverse:
                raise UsageError("give either --instrument or --items/--points/--reverse, not both")
            inst = load_instrument(instrument)
        else:
            if not items or not points:
                raise UsageError("without --instrument, give --items (e.g. Q1-Q10) and --points (4 or 5)")
            inst = instrument_from_options(items, points, reverse=reverse)
        extra = [c.strip() for c in (freq or "").split(",") if c.strip()]
        inst = with_columns(inst, groups=[group] if group else [], categorical=extra)
        pair: tuple[str, str] | None = None
        if levels:
            parts = [p.strip() for p in levels.split(",") if p.strip()]
            if len(parts) != 2:
                raise UsageError(f"--levels needs exactly two levels, A,B; got {levels!r}")
            pair = (parts[0], parts[1])
        groups = [group] if group else None
        progress = None if quiet else _RowProgress()
        run = run_analysis(
            file,
            inst,
            out_dir=out,
            options=replace(options, levels=pair),
            invalid=invalid,
            groups=groups,
            sheet=sheet,
            labels_from_file=instrument is None,
            formats=parse_formats(format),
            charts=charts,
            engine=engine,
            on_rows=progress.update if progress is not None else None,
            scheduler=scheduler,
        )
    except McStatsError as exc:
        raise _fail(exc) from None
    finally:
        if progress is not None:
            progress.close()
    from mcstats.report.terminal import print_analysis

    print_analysis(run.document, quiet=quiet, verbose=verbose)
    from rich.console import Console

    main_files = [p.name for p in run.written if p.parent == run.results_path.parent]
    n_charts = len(run.written) - len(main_files)
    Console(highlight=False).print(
        f"Wrote {', '.join(main_files)}"
        + (f" and {n_charts} chart files (charts/)" if n_charts else "")
        + f" to {run.results_path.parent}",
        markup=False,
    )


class _RowProgress:
    """A rows-read counter on stderr for long reads (shown once a read takes a while)."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def update(self, rows: int) -> None:
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed:,} rows read"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("read", total=None)
        self._progress.update(self._task, completed=rows)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()


@app.command()
def version() -> None:
    """Print the mcstats version."""
    from mcstats import __version__

    typer.echo(__version__)


#: Modules under mcstats.commands that add subcommands (each has register(app)).
COMMAND_MODULES: tuple[str, ...] = ("init", "reconstruct", "replicate", "audit")


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"mcstats.commands.{name}").register(app)


def fail(exc: McStatsError) -> typer.Exit:
    """Print an mcstats error as one readable line on stderr; the Exit carries its code."""
    return _fail(exc)


_register_commands()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    try:
        return app(args=argv, standalone_mode=True)
    except McStatsError as exc:  # pragma: no cover - commands catch their own
        print(f"mcstats: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)


def entry() -> None:
    """Console-script entry point: :func:`main`, then a quick exit when nothing is left to do.

    Tearing the interpreter down module by module (numpy, scipy, pandas, pyarrow) takes
    0.1-0.2 s after the work is done. When the command has finished, its files are closed
    and written atomically, and no other thread or child process is running (the Dask
    engine starts some; those exits go the normal way), flushing the output and leaving at
    once gives the same result sooner.
    """
    import os

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    import threading

    quiet_exit = threading.active_count() == 1 and not {"multiprocessing", "distributed"} & set(sys.modules)
    if quiet_exit:
        if "logging" in sys.modules:
            import logging

            logging.shutdown()
        import contextlib

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head): nothing to add
                stream.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
