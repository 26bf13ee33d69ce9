"""Engines: one pass over the respondents, mergeable sufficient statistics out.

Every engine turns a survey file and an instrument into the same
:class:`~mcstats.analysis.AnalysisResult`, to the last digit; they differ in how they read
(the model is pandas' ``io/parsers``: one module per engine behind one reader):

``memory`` (:mod:`mcstats.engines.memory`)
    Reads the whole file with the careful reader (:func:`mcstats.io.load_survey`), which
    reports malformed rows by number; every format, and the only engine for analyses that
    need the rows (pairwise reliability, polychoric correlations, the bootstrap).
``stream`` (:mod:`mcstats.engines.stream`, block reader :mod:`mcstats.engines.csvread`)
    Reads a CSV (or a ``.sav``) in blocks and merges each block's moments, so memory is
    bounded by the block, not the file.
``dask`` (:mod:`mcstats.engines.dask`)
    Summarises the partitions of one file or a glob of CSV/Parquet files on a Dask cluster
    and merges them.

The moments themselves, and the one-pass accumulation shared by all three, are in
:mod:`mcstats.engines.moments`. :func:`plan` decides which engines to try for a file and
an engine name (``auto`` included); :func:`mcstats.pipeline.compute` runs the plan.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from mcstats.analysis import AnalysisOptions, AnalysisResult
    from mcstats.instrument import Instrument

__all__ = [
    "ENGINE_NAMES",
    "STREAM_ABOVE_BYTES",
    "Declined",
    "Engine",
    "EngineUsed",
    "ReadOptions",
    "get_engine",
    "plan",
]

#: Engine names a user may ask for; ``auto`` picks by file type and size (see :func:`plan`).
ENGINE_NAMES = ("auto", "memory", "stream", "dask")
#: Above this size ``auto`` streams a CSV file even when it has quoted fields.
STREAM_ABOVE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How a survey file is read and validated, whichever engine reads it.

    Parameters
    ----------
    invalid : str
        ``"error"`` stops at invalid cells with a list; ``"missing"`` treats them as
        missing and lists them.
    groups : tuple of str, optional
        Grouping columns to compare (default: the instrument's groups).
    sheet : str, optional
        Excel sheet (default: the first).
    labels_from_file : bool
        Take response labels from the file's value labels (.sav) where the instrument came
        from command-line options.
    engine : str
        One of :data:`ENGINE_NAMES`.
    on_rows : callable, optional
        Called with the number of rows read so far (a progress counter).
    scheduler : str, optional
        Address of a Dask scheduler for ``engine="dask"`` (default: a local cluster).
    """

    invalid: str = "error"
    groups: tuple[str, ...] | None = None
    sheet: str | None = None
    labels_from_file: bool = False
    engine: str = "auto"
    on_rows: Callable[[int], None] | None = None
    scheduler: str | None = None

    @property
    def group_list(self) -> list[str] | None:
        """The grouping columns as the validators take them (a list, or None for the instrument's)."""
        return list(self.groups) if self.groups is not None else None

    def group_columns(self, instrument: Instrument) -> list[str]:
        """The grouping columns compared: those given (an empty tuple is none), else the instrument's."""
        return list(self.groups) if self.groups is not None else [g.column for g in instrument.groups]


class Declined(Exception):
    """An engine cannot take the file as it is; the message says why.

    The next engine of the plan then reads the file, and the run records the reason
    (:class:`EngineUsed`): a fallback is never silent.
    """


@dataclass(frozen=True)
class EngineUsed:
    """Which engine read the file, which was asked for, and why another was not used.

    Parameters
    ----------
    requested : str
        The engine asked for (one of :data:`ENGINE_NAMES`).
    used : str
        The engine that read the file: ``memory``, ``stream`` or ``dask``.
    fallback : str, optional
        Why the first engine of the plan handed the file on (None when it read it).
    not_checked : tuple of str
        Checks of the whole survey this engine does not make (the Dask engine reads
        partitions apart, so it cannot compare respondents across them); said, never
        silently skipped.

    Examples
    --------
    >>> EngineUsed("stream", "memory", "blank lines").summary()
    'engine: memory (asked for stream; the streaming reader cannot take this file: blank lines)'
    >>> EngineUsed("dask", "dask", not_checked=("duplicate respondents",)).summary()
    'engine: dask; not checked: duplicate respondents'
    """

    requested: str
    used: str
    fallback: str | None = None
    not_checked: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for the terminal and the reports."""
        line = f"engine: {self.used}"
        if self.fallback is not None:
            line += (
                f" (asked for {self.requested}; the streaming reader cannot take "
                f"this file: {self.fallback})"
            )
        if self.not_checked:
            line += "; not checked: " + "; ".join(self.not_checked)
        return line



def public_name(name: str) -> str:
    """The engine name a user knows for a registry name (``stream-quoted`` is ``stream``)."""
    return name.split("-")[0]


class Engine(Protocol):
    """One way of reading a survey file into an analysis result.

    ``run`` raises :class:`Declined` (or returns ``None``) when this engine cannot take
    the file as it is (the streaming reader with a file that needs the careful reader);
    the next engine of the plan then reads it, and the reason is recorded.
    """

    name: str
    #: Whole-survey checks this engine does not make, each with its reason (recorded in
    #: :attr:`EngineUsed.not_checked`, so that a skipped check is said, never silent).
    not_checked: tuple[str, ...]

    def run(
        self, path: Path, instrument: Instrument, options: AnalysisOptions, read: ReadOptions
    ) -> AnalysisResult | None: ...


#: Registry: engine name -> "module:attribute" of its Engine object (imported on first use,
#: so that choosing the memory engine never imports pyarrow's streaming code or Dask).
_REGISTRY = {
    "memory": "mcstats.engines.memory:MEMORY",
    "stream": "mcstats.engines.stream:STREAM",
    "stream-quoted": "mcstats.engines.stream:STREAM_QUOTED",
    "stream-sav": "mcstats.engines.stream:STREAM_SAV",
    "dask": "mcstats.engines.dask:DASK",
}


def get_engine(name: str) -> Engine:
    """The registered engine called ``name`` (see the module docstring)."""
    module, attribute = _REGISTRY[name].split(":")
    engine: Engine = getattr(importlib.import_module(module), attribute)
    return engine


def needs_rows(options: AnalysisOptions) -> bool:
    """Analyses that need the respondents' rows, not only the moments (memory engine only)."""
    return rows_needed(options.reliability_missing, options.ordinal, options.bootstrap)


def rows_needed(reliability_missing: str, ordinal: bool, bootstrap: int) -> bool:
    """:func:`needs_rows` from the three options themselves (the command line asks before
    it builds the options, to begin reading a file early)."""
    return reliability_missing != "listwise" or ordinal or bootstrap > 0


def plan(engine: str, path: Path, options: AnalysisOptions) -> list[str]:
    """The engines to try, in order, for ``path`` when the user asked for ``engine``.

    ``auto`` streams CSV files (below :data:`STREAM_ABOVE_BYTES` only those without double
    quotes, so that malformed quoting is reported by row) and reads everything else in
    memory; ``stream`` also streams quoted CSV files and ``.sav`` files. A file the
    streaming reader cannot take as it is (another encoding, blank or ragged rows, line
    breaks inside quotes) falls through to the careful in-memory reader, which reports
    such problems by row.

    Examples
    --------
    >>> from mcstats.analysis import AnalysisOptions
    >>> plan("auto", Path("survey.xlsx"), AnalysisOptions())
    ['memory']
    >>> plan("stream", Path("survey.sav"), AnalysisOptions())
    ['stream-sav']
    """
    return plan_for(engine, path, rows=needs_rows(options))


def plan_for(engine: str, path: Path, *, rows: bool) -> list[str]:
    """:func:`plan` given whether the analyses need the rows (:func:`rows_needed`)."""
    from mcstats.errors import UsageError

    if engine not in ENGINE_NAMES:
        raise UsageError(
            f"engine must be one of {', '.join(ENGINE_NAMES)}, got {engine!r}", argument="engine"
        )
    if engine == "dask":
        if path.suffix.lower() in (".xlsx", ".xlsm", ".sav"):
            raise UsageError(
                f"engine dask reads CSV and Parquet files, not {path.suffix}; use the memory engine",
                argument="engine",
            )
        if rows:
            raise UsageError(
                "engine dask cannot give pairwise reliability, ordinal reliability or the "
                "bootstrap; they need the memory engine",
                argument="engine",
            )
        return ["dask"]
    suffix = path.suffix.lower()
    if engine == "memory" or rows:
        return ["memory"]
    if engine == "stream":
        if suffix == ".sav":
            return ["stream-sav"]
        if suffix in (".xlsx", ".xlsm"):
            return ["memory"]
        return ["stream-quoted", "memory"]
    if suffix in (".csv", ".tsv", ".txt"):
        return ["stream-quoted" if _size(path) > STREAM_ABOVE_BYTES else "stream", "memory"]
    return ["memory"]


#: Whether each CSV streaming engine of the registry takes quoted fields (the ``quotes`` of
#: its StreamEngine, which a test holds equal): what a read begun early must match.
CSV_STREAM_QUOTES = {"stream": False, "stream-quoted": True}


def begin_early_read(engine: str, path: Path, *, rows: bool) -> None:
    """Begin reading ``path`` in the background when the plan's first engine streams it as
    CSV (:func:`mcstats.engines.csvread.begin_read`): the command line calls this before
    it imports the statistics, and the engine takes the read when it comes. Anything the
    plan refuses is left for the run to report."""
    from mcstats.errors import McStatsError

    try:
        first = plan_for(engine, path, rows=rows)[0]
    except McStatsError:
        return
    if first in CSV_STREAM_QUOTES:
        from mcstats.engines.csvread import begin_read

        begin_read(path, quotes=CSV_STREAM_QUOTES[first])


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
