"""What the subcommands share: the one-line error printer and the rows-read progress counter.

Modules here import only typer and rich at the top, so that ``mcstats --help`` stays fast;
library modules are imported inside the command functions.
"""

from __future__ import annotations

import functools
import re
import shlex
from typing import Any

import typer
import typer.main

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

#: How a library text speaks of an argument (:mod:`mcstats.errors`): "the codes argument",
#: or with the value given, "invalid='missing'" and "lenient=True".
_MENTION = re.compile(r"\bthe ([a-z][a-z0-9_]*) argument\b|\b([a-z][a-z0-9_]*)=(?:'([^'\n]*)'|(True)\b)")

_PLAIN = re.compile(r"[\w.,:+-]+")


def _flag(argument: str) -> str:
    return FLAG_OF_ARGUMENT.get(argument, "--" + argument.replace("_", "-"))


@functools.cache
def command_line_flags() -> frozenset[str]:
    """Every ``--flag`` of every subcommand (read from the registered commands)."""
    from mcstats.cli import app

    group = typer.main.get_command(app)
    commands = [group, *getattr(group, "commands", {}).values()]
    return frozenset(o for c in commands for p in c.params for o in p.opts if o.startswith("--"))


def flags_in(text: str) -> str:
    """``text`` with the library arguments it names written as command-line flags.

    Only names that are flags of some subcommand are rewritten; anything else (a column
    called ``x='y'``, say) stays as it is.

    >>> flags_in("declare the range (codes: 0-3) or the codes argument; or use invalid='missing'")
    'declare the range (codes: 0-3) or --codes; or use --invalid missing'
    >>> flags_in("sheet='ICT in teaching' analyses it; read with lenient=True; the colour argument")
    "--sheet 'ICT in teaching' analyses it; read with --lenient; the colour argument"
    """

    def written(m: re.Match[str]) -> str:
        flag = _flag(m.group(1) or m.group(2))
        if flag not in command_line_flags():
            return m.group(0)
        value = m.group(3)
        if value is None:
            return flag
        return f"{flag} {value if _PLAIN.fullmatch(value) else shlex.quote(value)}"

    return _MENTION.sub(written, text)


def as_flags(exc: McStatsError) -> str:
    """The message of ``exc`` with the library arguments it names written as their flags.

    The argument the error is about (``UsageError.argument``) may open the message; other
    arguments are named as :func:`flags_in` reads them.

    >>> from mcstats.errors import UsageError
    >>> as_flags(UsageError("fail_on must be impossible or inconsistent", argument="fail_on"))
    '--fail-on must be impossible or inconsistent'
    """
    text = str(exc)
    argument = getattr(exc, "argument", None)
    if argument:
        flag = _flag(argument)
        if text.startswith(argument):
            text = flag + text[len(argument) :]
        text = text.replace(f"the {argument} argument", flag)
    return flags_in(text)


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
