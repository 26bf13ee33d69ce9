"""Reading a clean CSV fast: the byte scans, pyarrow's parser and read-ahead.

The streaming engine reads a file once: a thread reads it in chunks of
:data:`CHUNK_BLOCKS` blocks cut at line ends, feeds every byte to the hash and the checks
(:class:`BodyTally`) as it goes, transcodes a Windows-1252 chunk to UTF-8, and has pyarrow
parse each chunk (its :data:`PARSE_BLOCK` blocks concurrently on pyarrow's own threads
where there are more than two cores, :func:`parse_threads`). Reading, hashing and parsing
release the GIL, so they run beside the coding of the blocks
(:mod:`mcstats.engines.stream` turns the blocks into validated moments). This module
imports nothing heavier than pyarrow, and that only when a file is read.
"""

from __future__ import annotations

import codecs
import collections
import csv
import hashlib
import io
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CSV_DELIMITERS = ",;\t"
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
#: pyarrow's block: each becomes one batch to code (the blocks of a chunk are parsed
#: concurrently where :func:`parse_threads` says so). pyarrow's own streaming reader
#: (``open_csv``) was dropped: it reads up to 32 blocks ahead in the background (about
#: 64 MB at 2 MiB blocks) and parses one at a time.
#: 2 MiB blocks (about 25,000 rows of 30 items) halve the per-block work of the coder
#: against 1 MiB: at 1M rows x 30 items about 0.15 s less CPU, and about 25 MB more peak
#: memory (measured, 2026-12-02).
PARSE_BLOCK = 2 << 20
#: Blocks per chunk read, hashed and parsed at once by :func:`iter_parsed`: memory in
#: flight is about a chunk of parsed columns (some 5 bytes of arrays per byte of CSV).
#: Two keep two cores parsing where pyarrow's threads are used; the chunk (4 MiB) stays
#: within the careful reader's default cell limit, so both readers take the same files
#: (:func:`_limits_below`).
CHUNK_BLOCKS = 2
#: Blocks parsed ahead of the consumer. Two keep the parser busy; more only cost memory
#: (starting the read before the statistics modules are imported was tried: on two cores
#: the imports slowed by as much as the read gained).
READAHEAD_BLOCKS = 2


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter among comma, semicolon and tab from the first lines."""
    head = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(head, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        counts = {d: first.count(d) for d in CSV_DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] > 0 else ","


SCAN_BLOCK = 1 << 24  # bytes per pre-scan read


@dataclass(frozen=True)
class FileScan:
    """What one pass over the bytes tells: hash, line count and whether it is 'clean'."""

    sha256: str
    n_lines: int
    header: list[str]
    delimiter: str
    problem: str | None


@dataclass(frozen=True)
class BodyScan:
    """What needs every byte: the hash, the line count, NUL bytes and blank lines."""

    sha256: str
    n_lines: int
    problem: str | None
    has_quote: bool = False


class BodyTally:
    """The hash, the line count and the checks that need every byte (NUL bytes, blank
    lines, double quotes), fed the bytes in order as they are read."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.n_lines = 0
        self.has_nul = False
        self.has_quote = False
        self.blank = False
        self._prev_tail = b"\n"

    def update(self, block: bytes) -> None:
        import numpy as np

        if not block:
            return
        self._hash.update(block)  # releases the GIL
        self.has_nul = self.has_nul or b"\x00" in block
        self.has_quote = self.has_quote or b'"' in block
        # The line ends once, by numpy: searching the bytes for "\n\n" and "\n\r\n" took five
        # times as long (0.16 s for a 74 MB file, holding the GIL the coder needs).
        arr = np.frombuffer(block, dtype=np.uint8)
        ends = np.flatnonzero(arr == 0x0A)
        self.n_lines += int(ends.size)
        if not self.blank:
            joined = self._prev_tail + block[:2]  # a blank line across the previous block's end
            gaps = np.diff(ends)
            self.blank = (
                b"\n\n" in joined
                or b"\n\r\n" in joined
                or bool((gaps == 1).any())
                or (b"\r" in block and bool(((gaps == 2) & (arr[ends[1:] - 1] == 0x0D)).any()))
            )
        self._prev_tail = block[-2:] if len(block) >= 2 else (self._prev_tail + block)[-2:]

    @property
    def problem(self) -> str | None:
        return "blank lines" if self.blank else ("NUL bytes" if self.has_nul else None)

    def result(self) -> BodyScan:
        n_lines = self.n_lines
        if self._prev_tail and not self._prev_tail.endswith(b"\n"):
            n_lines += 1  # last line without a newline
        return BodyScan(self._hash.hexdigest(), n_lines, self.problem, self.has_quote)


def scan_body(path: str | Path) -> BodyScan:
    """One pass over the bytes: hash, line count, NUL bytes, blank lines, quotes (the Dask
    engine's check of its files; the streaming engine tallies while it parses)."""
    tally = BodyTally()
    with open(path, "rb") as fh:
        while block := fh.read(SCAN_BLOCK):
            tally.update(block)
    return tally.result()


@dataclass(frozen=True)
class HeadScan:
    """What the first 64 KiB tell: encoding, delimiter, header and Qualtrics rows."""

    header: list[str]
    delimiter: str
    problem: str | None
    #: ``utf-8`` (with or without BOM) or ``cp1252`` (Windows-1252, which the careful
    #: reader takes when a file is not UTF-8); only with ``legacy=True``.
    encoding: str = "utf-8"

    def with_body(self, body: BodyScan) -> FileScan:
        return FileScan(body.sha256, body.n_lines, self.header, self.delimiter, self.problem or body.problem)


def scan_head(path: str | Path, *, legacy: bool = False) -> HeadScan:
    """Check the start of the file: the fast path needs UTF-8 (or, with ``legacy``,
    Windows-1252) and a unique header."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    problem = None
    encoding = "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problem = "UTF-16 text"
    text = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the 64 KiB head is not an error.
        decoded = text[: exc.start].decode("utf-8")
        if exc.start < len(text) - 4:
            if legacy and not head.startswith(codecs.BOM_UTF8):
                # Not UTF-8: the careful reader would take Windows-1252 if the whole file
                # decodes so (the chunks are checked as they come), else Latin-1.
                try:
                    decoded, encoding = text.decode("cp1252"), "cp1252"
                except UnicodeDecodeError:
                    problem = problem or "neither UTF-8 nor Windows-1252"
            else:
                problem = problem or "not UTF-8"
    if not decoded.strip():
        problem = problem or "empty"
    delimiter = sniff_delimiter(decoded) if decoded else ","
    first = decoded.splitlines()[0] if decoded.splitlines() else ""
    header = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    names = [c.strip() for c in header]
    if b"\r" in head.replace(b"\r\n", b""):
        # Old Mac line ends (CR alone): the block reader cuts at line feeds, so the careful
        # reader, which takes any line end, reads such a file.
        problem = problem or "carriage returns without line feeds"
    if '{"ImportId"' in decoded.replace('""', '"')[:65536]:
        problem = problem or "Qualtrics header rows"  # the careful reader takes them apart
    # Quotes are fine unless a quoted value spans lines; the record count tells later.
    if len(set(names)) != len(names) or any(n == "" for n in names):
        problem = problem or "duplicate or empty column names"
    return HeadScan(names, delimiter, problem, encoding)


class FastPathUnavailable(Exception):
    """The file needs the careful reader (mcstats.io.read_csv); the message says why."""


def _text_options(header: Sequence[str], delimiter: str, on_invalid: Any) -> tuple[Any, Any, Any]:
    """pyarrow's parse options, and its conversion to text columns with and without its
    UTF-8 check (for chunks known to be UTF-8, see :func:`iter_parsed`)."""
    import pyarrow as pa
    import pyarrow.csv as pv

    parse = pv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid)
    checked, unchecked = (
        pv.ConvertOptions(
            column_types={c: pa.string() for c in header},
            strings_can_be_null=True,
            null_values=[""],
            quoted_strings_can_be_null=True,
            check_utf8=check,
        )
        for check in (True, False)
    )
    return parse, checked, unchecked


def iter_parsed(
    path: str | Path,
    head: HeadScan,
    tally: BodyTally,
    *,
    quotes: bool = True,
    block_size: int = PARSE_BLOCK,
) -> Iterator[tuple[int, Any]]:
    """``(first row, RecordBatch of text columns)`` for each block of a clean CSV, reading
    the file once.

    The file is read in chunks of :data:`CHUNK_BLOCKS` blocks cut after the last line end; every byte
    goes to ``tally`` (hash, lines, NUL bytes, blank lines, quotes) as it is read; a
    Windows-1252 chunk is transcoded to UTF-8 (a one-byte encoding: a chunk never cuts a
    character); pyarrow parses the chunk with its own threads, ``block_size`` bytes a
    block. Raises FastPathUnavailable for what only the careful reader handles: a row of
    the wrong width, invalid text, NUL bytes, blank lines, a line longer than a chunk, a
    cell or line limit set below a chunk, and with ``quotes=False`` any double quote. The
    caller checks that records and lines agree (a quoted line break).
    """
    import pyarrow as pa
    import pyarrow.csv as pv

    bad_rows: list[int] = []

    def on_invalid(row: object) -> str:
        bad_rows.append(1)
        return "skip"

    # pyarrow checks that every string is UTF-8 (about a sixth of the parse); a chunk of
    # ASCII bytes only, or one transcoded from Windows-1252, is UTF-8 by construction.
    parse, convert, convert_known = _text_options(head.header, head.delimiter, on_invalid)
    read = pv.ReadOptions(block_size=block_size, column_names=list(head.header), use_threads=parse_threads())
    pool = _block_pool()
    row = 2
    longest = CHUNK_BLOCKS * block_size  # pyarrow cannot take a longer line anyway
    if _limits_below(longest):
        raise FastPathUnavailable(
            "MCSTATS_MAX_CELL_CHARS or MCSTATS_MAX_LINE_BYTES is set below the streaming "
            "reader's chunk; the careful reader applies it"
        )
    with open(path, "rb") as fh:
        header_line = fh.readline(longest + 1)  # the header (head has read it)
        tally.update(header_line)
        if len(header_line) > longest:
            raise FastPathUnavailable(f"a line longer than the streaming reader's chunk ({longest:,} bytes)")
        carry = b""
        while True:
            data = fh.read(CHUNK_BLOCKS * block_size)
            tally.update(data)
            if tally.problem:
                raise FastPathUnavailable(tally.problem)
            if tally.has_quote and not quotes:
                raise FastPathUnavailable("quoted fields")
            buf = carry + data if carry else data
            if data:
                cut = buf.rfind(b"\n") + 1
                chunk, carry = buf[:cut], buf[cut:]
                if len(carry) > longest:  # a line with no end in sight: do not gather it
                    raise FastPathUnavailable(
                        f"a line longer than the streaming reader's chunk ({longest:,} bytes)"
                    )
            else:
                chunk, carry = buf, b""
            if chunk:
                utf8_known = head.encoding != "utf-8" or _is_ascii(chunk)
                if head.encoding != "utf-8":
                    try:
                        chunk = chunk.decode(head.encoding).encode("utf-8")
                    except UnicodeDecodeError:
                        raise FastPathUnavailable(f"not {head.encoding} throughout") from None
                try:
                    table = pv.read_csv(
                        pa.py_buffer(chunk),
                        read_options=read,
                        parse_options=parse,
                        convert_options=convert_known if utf8_known else convert,
                        memory_pool=pool,
                    )
                except pa.ArrowInvalid as exc:
                    raise FastPathUnavailable(f"pyarrow: {exc}") from None
                del chunk
                if bad_rows:
                    raise FastPathUnavailable("a row is not as wide as the header")
                for batch in table.to_batches():
                    yield row, batch
                    row += batch.num_rows
                del table
            if not data:
                return


def parse_threads() -> bool:
    """Whether pyarrow parses a chunk's blocks on its own threads: only with more than two
    cores. This reader's thread and the thread that codes the blocks keep two cores busy;
    on two cores pyarrow's pool added a third busy thread that took the coder's core, and
    parsing in the reader's thread was faster end to end (1M rows x 30 items: 1.29 against
    1.39 s wall, 1.81 against 1.95 s CPU, seven interleaved runs, 2026-12-02)."""
    import os

    return (os.cpu_count() or 1) > 2


def _is_ascii(data: bytes) -> bool:
    """Whether every byte is below 0x80 (one vector pass; ``bytes.isascii`` is no faster)."""
    import numpy as np

    return not data or int(np.frombuffer(data, dtype=np.uint8).max()) < 0x80


def _limits_below(chunk: int) -> bool:
    """Whether the careful reader's cell or line limit (docs/limits.md) is below a chunk.

    The block reader takes lines up to a chunk long; with the defaults (cells of 4 Mi
    characters, lines of 16 MiB) everything it takes, the careful reader takes too. A
    limit set lower hands the file to the careful reader, which applies it exactly, so
    that every engine accepts and refuses the same files.
    """
    from mcstats.limits import limit

    return limit("MAX_CELL_CHARS") < chunk or limit("MAX_LINE_BYTES") < chunk


def _block_pool() -> Any:
    """The memory pool for parsed blocks: jemalloc where pyarrow has it.

    Blocks are allocated and freed over and over; with pyarrow's default pool (mimalloc)
    the peak memory of a 5M-row file came out 6-17% above a 1M-row file's, with jemalloc
    3-6% (and no slower), in repeated runs of ``mcstats analyze`` on the benchmark files.
    The process-wide jemalloc settings are left as pyarrow sets them.
    """
    import pyarrow as pa

    try:
        return pa.jemalloc_memory_pool()
    except (NotImplementedError, AttributeError):  # a build without jemalloc
        return pa.default_memory_pool()


class Prefetcher:
    """Runs an iterator in a thread, up to ``depth`` items ahead of the consumer.

    pyarrow parses a block with the GIL released, so the next blocks are parsed on one
    core while the current one is coded and summed on the other. The thread starts at
    once (not at the first ``next``); until the consumer takes its first item it may run
    ``early`` items ahead instead (a read begun while the command imports its statistics,
    :func:`begin_read`). Exceptions reach the consumer in order; ``close`` (or a consumer
    that stops early) stops the thread.
    """

    def __init__(self, items: Iterable[Any], depth: int = 2, early: int = 0) -> None:
        self._items: collections.deque[tuple[str, Any]] = collections.deque()
        self._changed = threading.Condition()
        self._depth = depth
        self._limit = max(depth, early)
        self._stopped = False
        self._thread = threading.Thread(target=self._run, args=(items,), name="mcstats-read", daemon=True)
        self._thread.start()

    def _put(self, item: tuple[str, Any]) -> bool:
        with self._changed:
            while not self._stopped and len(self._items) >= self._limit:
                self._changed.wait()
            if self._stopped:
                return False
            self._items.append(item)
            self._changed.notify_all()
            return True

    def _run(self, items: Iterable[Any]) -> None:
        try:
            for item in items:
                if not self._put(("item", item)):
                    return
        except BaseException as exc:  # handed to the consumer, which re-raises it
            self._put(("error", exc))
            return
        self._put(("done", None))

    def __iter__(self) -> Iterator[Any]:
        try:
            while True:
                with self._changed:
                    self._limit = self._depth  # the consumer has come: the usual depth
                    while not self._items:
                        self._changed.wait()
                    kind, value = self._items.popleft()
                    self._changed.notify_all()
                if kind == "item":
                    yield value
                elif kind == "error":
                    raise value
                else:
                    return
        finally:
            self.close()

    def close(self) -> None:
        with self._changed:
            self._stopped = True
            self._items.clear()  # parsed blocks nobody will code
            self._changed.notify_all()
        self._thread.join()


@dataclass
class ReadAhead:
    """A CSV being read before anyone asked: its head, the tally of its bytes and its blocks."""

    path: Path
    head: HeadScan
    tally: BodyTally
    batches: Prefetcher | None

    def close(self) -> None:
        if self.batches is not None:
            self.batches.close()


def open_readahead(
    path: str | Path,
    *,
    quotes: bool = True,
    block_size: int = PARSE_BLOCK,
    depth: int = READAHEAD_BLOCKS,
    early: int = 0,
) -> ReadAhead | None:
    """Begin reading, hashing and parsing a CSV (UTF-8 or Windows-1252) in a thread; None
    when it is not a CSV file.

    Memory is bounded by ``depth`` blocks and the chunk being parsed. Any problem in the
    file is left for the reader of the blocks to meet and report: this raises nothing but
    a missing file's OSError. The tally is complete once the blocks are exhausted.
    """
    p = Path(path)
    if p.suffix.lower() not in CSV_SUFFIXES:
        return None
    head = scan_head(p, legacy=True)
    tally = BodyTally()
    batches = None
    if head.problem is None:
        parsed = iter_parsed(p, head, tally, quotes=quotes, block_size=block_size)
        batches = Prefetcher(parsed, depth=depth, early=early)
    return ReadAhead(p, head, tally, batches)


#: Blocks a read begun early may parse before the engine takes it (about 5 MB of arrays
#: each at 30 items): the imports of a command take about 0.2 s, in which one core would
#: otherwise wait.
EARLY_BLOCKS = 4
#: Reads begun by :func:`begin_read` and not yet taken, by (resolved path, quotes).
_EARLY: dict[tuple[str, bool], ReadAhead] = {}


def begin_read(path: str | Path, *, quotes: bool) -> None:
    """Begin reading a CSV in the background, for :func:`take_early_read` to hand to the
    streaming engine: the command line calls this before it imports the statistics, so
    that the file is parsed on the other core meanwhile. Does nothing for anything but a
    regular file, or when the file cannot be opened (the engine then reports it)."""
    p = Path(path)
    try:
        if not p.is_file():  # not a pipe or a device: a read must never block here
            return
        # The modules the reading thread needs, imported here first: two threads importing
        # at once could wait on each other's modules.
        import numpy  # noqa: F401
        import pyarrow.csv  # noqa: F401

        ahead = open_readahead(p, quotes=quotes, early=EARLY_BLOCKS)
    except Exception:  # the engine meets the problem again and reports it
        return
    if ahead is not None:
        end_read()  # one at a time
        _EARLY[(str(p.resolve()), quotes)] = ahead


def take_early_read(path: str | Path, *, quotes: bool) -> ReadAhead | None:
    """The read :func:`begin_read` began for this file with these options, if any."""
    return _EARLY.pop((str(Path(path).resolve()), quotes), None)


def end_read() -> None:
    """Stop any read begun early that no engine took (its thread and blocks)."""
    while _EARLY:
        _EARLY.popitem()[1].close()
