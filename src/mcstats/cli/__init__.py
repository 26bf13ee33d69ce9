"""The ``mcstats`` command line: one module per subcommand, each a thin shell over the library.

Every subcommand module (``analyze``, ``init``, ``audit``, ``extract``, ``reconstruct``, ``replicate``)
defines ``register(app)`` and is listed in :data:`COMMAND_MODULES`; shared pieces (the
one-line error printer, the progress counter) live in :mod:`mcstats.cli._common`. Modules
import only typer at the top, so that ``mcstats --help`` stays fast.

Exit codes: 0 done, 2 usage error, 3 invalid data or instrument.
"""

import sys
from typing import Annotated, Any

import typer

from mcstats._version import __version__
from mcstats.cli._startup import light_typer_coercion
from mcstats.errors import McStatsError

light_typer_coercion()  # plain options without pydantic's adapters (~0.1 s a run); exact

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


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the mcstats version and exit.",
        ),
    ] = False,
) -> None:
    """Options that apply before any subcommand."""


#: Modules under mcstats.cli that add subcommands (each has register(app)), in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "analyze",
    "init",
    "reconstruct",
    "replicate",
    "audit",
    "extract",
    "webapp",
)


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"mcstats.cli.{name}").register(app)


_register_commands()


@app.command()
def version() -> None:
    """Print the mcstats version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None, *, prog_name: str | None = None) -> Any:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); exits through SystemExit.

    ``prog_name`` is the program name usage lines show (default: as invoked). The tests call
    this in their own process, as ``python -m mcstats`` would run it.
    """
    try:
        return app(args=argv, prog_name=prog_name, standalone_mode=True)
    except McStatsError as exc:  # pragma: no cover - commands catch their own
        print(f"mcstats: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except RuntimeError as exc:
        # Path.resolve() on a loop of symbolic links (an input, the output folder or a
        # folder on the way): one line naming the path, never a traceback.
        if not str(exc).startswith("Symlink loop"):
            raise
        from mcstats.safety import terminal_text

        where = str(exc).removeprefix("Symlink loop from ").strip("'\"")
        print(f"mcstats: invalid input: {terminal_text(where)}: a loop of symbolic links", file=sys.stderr)
        sys.exit(3)


def entry() -> None:
    """Console-script entry point: :func:`main`, then a quick exit when nothing is left to do.

    Tearing the interpreter down module by module (numpy, scipy, pandas, pyarrow) takes
    0.1-0.2 s after the work is done. When the command has finished, its files are closed
    and written atomically, and no other thread or child process is running (the Dask
    engine starts some; those exits go the normal way), flushing the output and leaving at
    once gives the same result sooner.
    """
    import os

    if "numpy" not in sys.modules:
        # One BLAS thread: mcstats' matrix products are small (items x items, one per block
        # of rows), and OpenBLAS's second thread spins between them on the core pyarrow's
        # parser needs. A value the user set stays.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from mcstats.cli import _dataclass_cache

    compiled = _dataclass_cache.install()  # the dataclasses' methods, compiled in an earlier run
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if compiled is not None:
        compiled.save()
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
