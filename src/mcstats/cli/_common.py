"""What the subcommands share: the one-line error printer and the rows-read progress counter.

Modules here import only typer and rich at the top, so that ``mcstats --help`` stays fast;
library modules are imported inside the command functions.
"""

from __future__ import annotations

from typing import Any

import typer

from mcstats.errors import McStatsError


def fail(exc: McStatsError) -> typer.Exit:
    """Print an mcstats error as one readable line on stderr; the Exit carries its code.

    Exit codes: 2 for a usage error, 3 for invalid data or instrument.
    """
    from mcstats.safety import terminal_console

    # Control characters from inputs shown escaped, emoji shortcodes left as written.
    err = terminal_console(stderr=True, soft_wrap=True)
    kind = {2: "usage error", 3: "invalid input"}.get(exc.exit_code, "error")
    err.print(f"mcstats: {kind}: {as_flags(exc)}", markup=False)
    return typer.Exit(code=exc.exit_code)


#: Library argument names whose command-line flag is not ``--`` + the name with dashes.
FLAG_OF_ARGUMENT = {"formats": "--format", "crosstabs": "--crosstab"}


def as_flags(exc: McStatsError) -> str:
    """The message of ``exc`` with the library argument it names written as its flag.

    >>> from mcstats.errors import UsageError
    >>> as_flags(UsageError("fail_on must be impossible or inconsistent", argument="fail_on"))
    '--fail-on must be impossible or inconsistent'
    """
    text = str(exc)
    argument = getattr(exc, "argument", None)
    if argument:
        flag = FLAG_OF_ARGUMENT.get(argument, "--" + argument.replace("_", "-"))
        if text.startswith(argument):
            text = flag + text[len(argument) :]
        text = text.replace(f"the {argument} argument", flag)
    return text


class RowProgress:
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
