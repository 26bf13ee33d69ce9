"""Reading a clean CSV fast: the byte scans, pyarrow's block reader and read-ahead.

Parsing and hashing release the GIL, so they run in threads beside the coding of the
blocks (:mod:`mcstats.engines.stream` turns the blocks into validated moments). This module
imports nothing heavier than pyarrow, and that only when a file is read.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CSV_DELIMITERS = ",;\t"
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
#: Bytes of CSV per block: small enough that memory stays flat from a million rows on
#: (pyarrow keeps a few blocks in flight), large enough to cost little per block.
BLOCK_SIZE = 1 << 21
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


def scan_body(path: str | Path) -> BodyScan:
    """One pass over the bytes (the streaming reader runs it in a thread beside the parse:
    hashing releases the GIL, so on two cores it costs next to nothing)."""
    h = hashlib.sha256()
    n_lines = 0
    has_nul = False
    has_quote = False
    blank = False
    prev_tail = b"\n"
    with open(path, "rb") as fh:
        while True:
            block = fh.read(SCAN_BLOCK)
            if not block:
                break
            h.update(block)
            n_lines += block.count(b"\n")
            has_nul = has_nul or b"\x00" in block
            has_quote = has_quote or b'"' in block
            if not blank:
                joined = prev_tail + block[:2]
                blank = b"\n\n" in joined or b"\n\r\n" in joined or b"\n\n" in block or b"\n\r\n" in block
            prev_tail = block[-2:]
        if prev_tail and not prev_tail.endswith(b"\n"):
            n_lines += 1  # last line without a newline
    problem = "blank lines" if blank else ("NUL bytes" if has_nul else None)
    return BodyScan(h.hexdigest(), n_lines, problem, has_quote)


@dataclass(frozen=True)
class HeadScan:
    """What the first 64 KiB tell: encoding, delimiter, header and Qualtrics rows."""

    header: list[str]
    delimiter: str
    problem: str | None

    def with_body(self, body: BodyScan) -> FileScan:
        return FileScan(body.sha256, body.n_lines, self.header, self.delimiter, self.problem or body.problem)


def scan_head(path: str | Path) -> HeadScan:
    """Check the start of the file: the fast path needs UTF-8 and a unique header."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    problem = None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problem = "UTF-16 text"
    text = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the 64 KiB head is not an error.
        if exc.start < len(text) - 4:
            problem = problem or "not UTF-8"
        decoded = text[: exc.start].decode("utf-8")
    if not decoded.strip():
        problem = problem or "empty"
    delimiter = sniff_delimiter(decoded) if decoded else ","
    first = decoded.splitlines()[0] if decoded.splitlines() else ""
    header = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    names = [c.strip() for c in header]
    if '{"ImportId"' in decoded.replace('""', '"')[:65536]:
        problem = problem or "Qualtrics header rows"  # the careful reader takes them apart
    # Quotes are fine unless a quoted value spans lines; the record count tells later.
    if not first.strip():
        problem = problem or "blank lines before the header"  # the careful reader numbers the rows
    if len(set(names)) != len(names) or any(n == "" for n in names):
        problem = problem or "duplicate or empty column names"
    return HeadScan(names, delimiter, problem)


class FastPathUnavailable(Exception):
    """The file needs the careful reader (mcstats.io.read_csv); the message says why."""


def iter_batches(
    path: str | Path, header: Sequence[str], delimiter: str, *, block_size: int = BLOCK_SIZE
) -> Iterator[tuple[int, Any]]:
    """``(first row, pyarrow RecordBatch of text columns)`` for each block of a clean CSV.

    Empty cells are null. Raises FastPathUnavailable when pyarrow meets something only the
    careful reader handles (a row of the wrong width, invalid UTF-8). The caller checks
    that records and lines agree (a quoted line break).
    """
    import pyarrow as pa
    import pyarrow.csv as pv

    bad_rows: list[int] = []

    def on_invalid(row: object) -> str:
        bad_rows.append(1)
        return "skip"

    try:
        reader = pv.open_csv(
            path,
            memory_pool=_block_pool(),
            # One thread: on 2 MiB blocks pyarrow's own threads gain nothing (measured), and
            # the other core is left to the statistics and the hash.
            read_options=pv.ReadOptions(
                block_size=block_size, column_names=list(header), skip_rows=1, use_threads=False
            ),
            parse_options=pv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pv.ConvertOptions(
                column_types={c: pa.string() for c in header},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise FastPathUnavailable(f"pyarrow: {exc}") from None
    row = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as exc:
            raise FastPathUnavailable(f"pyarrow: {exc}") from None
        if bad_rows:
            raise FastPathUnavailable("a row is not as wide as the header")
        yield row, batch
        row += batch.num_rows


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
    once (not at the first ``next``). Exceptions reach the consumer in order; ``close``
    (or a consumer that stops early) stops the thread.
    """

    def __init__(self, items: Iterable[Any], depth: int = 2) -> None:
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(items,), name="mcstats-read", daemon=True)
        self._thread.start()

    def _put(self, item: tuple[str, Any]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

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
                kind, value = self._queue.get()
                if kind == "item":
                    yield value
                elif kind == "error":
                    raise value
                else:
                    return
        finally:
            self.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _in_thread(fn: Any, *args: Any) -> Future[Any]:
    """Run ``fn(*args)`` in a daemon thread; the future holds its result or exception."""
    fut: Future[Any] = Future()

    def run() -> None:
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:
            fut.set_exception(exc)

    threading.Thread(target=run, name="mcstats-scan", daemon=True).start()
    return fut


@dataclass
class ReadAhead:
    """A CSV being read before anyone asked: its head, its body scan and its blocks."""

    path: Path
    head: HeadScan
    body: Future[BodyScan]
    batches: Prefetcher | None
    block_size: int

    def close(self) -> None:
        if self.batches is not None:
            self.batches.close()


def open_readahead(
    path: str | Path, *, block_size: int = BLOCK_SIZE, depth: int = READAHEAD_BLOCKS
) -> ReadAhead | None:
    """Begin hashing and parsing a CSV in threads; None when it is not a CSV file.

    Memory is bounded by ``depth`` blocks. Any problem in the file is left for the reader
    of the blocks to meet and report: this raises nothing but a missing file's OSError.
    """
    p = Path(path)
    if p.suffix.lower() not in CSV_SUFFIXES:
        return None
    head = scan_head(p)
    body = _in_thread(scan_body, p)
    batches = None
    if head.problem is None:
        batches = Prefetcher(iter_batches(p, head.header, head.delimiter, block_size=block_size), depth=depth)
    return ReadAhead(p, head, body, batches, block_size)
