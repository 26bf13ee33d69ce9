"""Exception types of mcstats.

Each kind of failure has its own type so that the CLI can map it to an exit code
and one readable message, and so that library users can catch exactly what they
expect. None of them should ever surface as a traceback in the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class McStatsError(Exception):
    """Base class of every error mcstats raises on purpose."""

    exit_code = 1


class UsageError(McStatsError):
    """The command or function was called with options that do not fit together.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence; it speaks of the function's arguments by their
        Python names (``score must be 'sum' or 'mean'``), never of command-line flags.
    argument : str, optional
        The argument the message is about, when it is one. The shells translate it: the
        command line into its flag (``--score``), the web page into its form field.
    """

    exit_code = 2

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        self.message = message
        self.argument = argument
        super().__init__(message)


@dataclass(frozen=True)
class CellProblem:
    """One offending cell: spreadsheet row (header is row 1), column and value."""

    row: int
    column: str
    value: str
    reason: str

    def describe(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.value!r} ({self.reason})"


class DataError(McStatsError):
    """The data file cannot be read, or holds values that cannot be analysed.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    path : str | None
        The file the problem is in.
    row, column
        Where the problem is, when it is one place. Rows are spreadsheet rows:
        the header is row 1, the first respondent is row 2.
    cells : list[CellProblem] | None
        The first offending cells (at most 20 are listed), when there are many.
    total : int | None
        The total number of offending cells, of which ``cells`` is a prefix.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        row: int | None = None,
        column: str | None = None,
        cells: list[CellProblem] | None = None,
        total: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.row = row
        self.column = column
        self.cells = list(cells or [])
        self.total = total if total is not None else len(self.cells)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(str(self.path))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        head = (": ".join([", ".join(where), self.message])) if where else self.message
        if not self.cells:
            return head
        lines = [head]
        lines.extend("  " + cell.describe() for cell in self.cells)
        if self.total > len(self.cells):
            lines.append(f"  ... and {self.total - len(self.cells)} more ({self.total} in all)")
        return "\n".join(lines)


@dataclass
class InstrumentError(McStatsError):
    """An instrument file (or the options that replace it) is not valid.

    ``key`` is the path of the offending key, such as ``scales.enhancement.items[2]``.
    """

    message: str
    path: str | None = None
    key: str | None = None
    exit_code: int = field(default=3, init=False)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = ""
        if self.path:
            prefix += f"{self.path}: "
        if self.key:
            prefix += f"{self.key}: "
        return prefix + self.message
