"""Writing outputs safely: formula-neutral cells, file names that stay in the output
folder, atomic writes, and no write over an input file.

Every writer of mcstats (results.json, reports, charts, and any future CSV or Excel
export) goes through these helpers:

* :func:`neutralise_cell` for every cell of a CSV or XLSX file (OWASP "CSV injection":
  a cell that starts with ``=``, ``+``, ``-`` or ``@`` is run as a formula by spreadsheet
  programs); :func:`write_csv` and :func:`append_xlsx_row` apply it.
* :func:`output_path` for every file whose name comes from data or an instrument (scale
  ids, item columns, group levels): the name becomes one harmless file name, and the
  path is checked to stay inside the output folder.
* :func:`check_not_inputs` before writing, so that no output replaces an input file.
* :func:`write_atomic_bytes` / :func:`write_atomic_text`: a temporary file in the same
  folder, then a rename, so that a reader never sees half a file and a failed write leaves
  the old file (and no temporary file) behind.

Problems with the output location are :class:`~mcstats.errors.UsageError` (exit code 2).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from mcstats.errors import McStatsError, UsageError

#: First characters that make a spreadsheet program read a cell as a formula (OWASP),
#: with their full-width forms, which some spreadsheet programs also accept.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")

_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)
_MAX_NAME_BYTES = 120


def neutralise_cell(value: Any) -> Any:
    """A cell value that a spreadsheet program shows as text, never runs as a formula.

    Text whose first character, or first character after leading spaces, is ``=``, ``+``,
    ``-``, ``@`` (or their full-width forms), or that starts with a tab, carriage return or
    line feed, gets a leading apostrophe, as OWASP recommends. Numbers, booleans and
    ``None`` are returned unchanged, so a negative t statistic stays a number.

    References
    ----------
    OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")"), neutralise_cell("  @SUM(A1)")
    ('\\'=HYPERLINK("http://x")', "'  @SUM(A1)")
    >>> neutralise_cell(-1.5), neutralise_cell("-"), neutralise_cell("Agree")
    (-1.5, "'-", 'Agree')
    """
    if not isinstance(value, str) or value == "":
        return value
    if value[0] in FORMULA_TRIGGERS or value.lstrip(" ")[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    """:func:`neutralise_cell` applied to every cell of a row."""
    return [neutralise_cell(c) for c in row]


def safe_filename(name: Any, *, fallback: str = "unnamed") -> str:
    """One harmless file name (no folder part) made from a name found in data or an instrument.

    Letters, digits, ``-``, ``_`` and ``.`` are kept; every other character (path
    separators, ``..``, control characters, spaces) becomes ``_``; leading dots are
    replaced, Windows device names get a leading ``_``, and the name is cut to 120 bytes.
    When anything had to change, a short hash of the original name is appended, so two
    different names never map to the same file.

    Examples
    --------
    The hash (shown as ...) is the first 8 hex digits of the original name's SHA-256.

    >>> safe_filename("attitude"), safe_filename("scale 1.csv")  # doctest: +ELLIPSIS
    ('attitude', 'scale_1.csv-...')
    >>> safe_filename("../../etc/passwd"), safe_filename(""), safe_filename("CON")  # doctest: +ELLIPSIS
    ('______etc_passwd-...', 'unnamed-...', '_CON-...')
    """
    original = str(name)
    text = unicodedata.normalize("NFC", original)
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
    cleaned = re.sub(r"\.{2,}", lambda m: "_" * len(m.group()), cleaned).rstrip(".")
    if cleaned.startswith("."):
        cleaned = "_" + cleaned[1:]
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = "_" + cleaned
    if not cleaned:
        cleaned = fallback
    while len(cleaned.encode("utf-8")) > _MAX_NAME_BYTES:
        cleaned = cleaned[:-1]
    if cleaned != original:
        digest = hashlib.sha256(original.encode("utf-8", errors="surrogatepass")).hexdigest()[:8]
        cleaned = f"{cleaned}-{digest}"
    return cleaned


def output_path(out_dir: str | Path, *names: Any, suffix: str = "") -> Path:
    """``out_dir/name1/name2...`` with every name made safe; never outside ``out_dir``.

    ``suffix`` (such as ``".png"``) is added to the last name after it is made safe.

    Raises
    ------
    UsageError
        When the resolved path would leave ``out_dir`` (a symbolic link inside it pointing
        elsewhere).

    Examples
    --------
    >>> output_path("reports/x", "charts", "../../../home", suffix=".svg").as_posix()  # doctest: +ELLIPSIS
    'reports/x/charts/_________home-....svg'
    """
    if not names:
        raise ValueError("output_path needs at least one name")
    out = Path(out_dir)
    parts = [safe_filename(n) for n in names]
    parts[-1] += suffix
    target = out.joinpath(*parts)
    root = out.resolve()
    if not target.resolve().is_relative_to(root):
        raise UsageError(f"refusing to write {target}: it resolves outside the output folder {out}")
    return target


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_not_inputs(targets: Iterable[str | Path], inputs: Iterable[str | Path | None]) -> None:
    """Refuse (UsageError) to write any of ``targets`` over one of the ``inputs``.

    Paths are compared after resolving links, and hard links to an input count as the input.
    """
    ins = [Path(p) for p in inputs if p is not None]
    for t in targets:
        target = Path(t)
        for src in ins:
            if _same_file(target, src):
                raise UsageError(
                    f"refusing to overwrite the input file {src} with {target.name}; "
                    "choose another output folder"
                )


def write_atomic_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one; if writing fails, the
    temporary file is removed and the old file is left as it was. The folder is created
    when needed. Problems (the folder is a file, no permission, disk full) raise a
    UsageError naming the path.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir():
            raise IsADirectoryError(21, "a folder of that name exists")
        try:
            with open(tmp, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None


def write_atomic_text(path: str | Path, text: str) -> None:
    """:func:`write_atomic_bytes` for UTF-8 text."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_csv(
    path: str | Path, rows: Iterable[Sequence[Any]], *, header: Sequence[str] | None = None
) -> None:
    """Write a CSV export atomically, every cell neutralised (see :func:`neutralise_cell`).

    UTF-8 with a byte-order mark (so that Excel detects the encoding), comma-delimited,
    CRLF line ends (RFC 4180), quotes where needed. ``None`` is written as an empty cell.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "t.csv"
    ...     write_csv(p, [["=1+1", -2.5, None]], header=["label", "t", "p"])
    ...     p.read_bytes()
    b"\\xef\\xbb\\xbflabel,t,p\\r\\n'=1+1,-2.5,\\r\\n"
    """
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    if header is not None:
        writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(row))
    write_atomic_bytes(path, buf.getvalue().encode("utf-8-sig"))


def append_xlsx_row(worksheet: Any, row: Sequence[Any]) -> None:
    """Append a row to an openpyxl worksheet with every cell neutralised and text kept text.

    openpyxl stores a string that starts with ``=`` as a formula; after neutralising, text
    cells are also marked as strings, so no cell of an export is ever a formula.
    """
    worksheet.append(neutralise_row(row))
    for cell in worksheet[worksheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def check_input_file(path: str | Path, error: Callable[..., McStatsError], *, what: str = "file") -> int:
    """Refuse an input that is not a regular file, before anything is read from it.

    ``/dev/zero``, a named pipe, a socket, a folder, a symbolic link to one of them and a
    loop of symbolic links would make a reader block, read without end or fail with a
    traceback; each gets one message naming the path. ``error`` is the exception type
    raised (:class:`~mcstats.errors.DataError` for data, ``InstrumentError`` for YAML
    files), called as ``error(message, path=...)``. Returns the file's size in bytes.

    Examples
    --------
    >>> from mcstats.errors import DataError
    >>> try:
    ...     check_input_file("/dev/zero", DataError, what="data file")
    ... except DataError as exc:
    ...     print(exc)
    /dev/zero: is a character device, not a regular file; give the data file as a regular file
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if os.path.islink(p):
            raise error("a symbolic link to a file that does not exist", path=str(p)) from None
        raise error("file not found", path=str(p)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error("a loop of symbolic links, not a file", path=str(p)) from None
        raise error(f"cannot read the file: {exc.strerror or exc}", path=str(p)) from None
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a plain file")
        raise error(f"is {kind}, not a regular file; give the {what} as a regular file", path=str(p))
    return int(st.st_size)


#: Characters never sent to a terminal as they are: C0 controls but the line feed and tab,
#: DEL, C1 controls (ESC sequences: clearing the screen, setting the window title) and the
#: bidirectional overrides that reorder what a line appears to say.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: Any) -> str:
    r"""``text`` with every control character shown escaped (``\x1b``), never live.

    Text from data files, instruments and published files reaches the terminal in
    messages and tables; an ESC sequence in a label must print as ``\x1b[2J``, not clear
    the screen. Line feeds and tabs are kept.

    Examples
    --------
    >>> print(terminal_text("a\x1b]0;title\x07b"))
    a\x1b]0;title\x07b
    >>> print(terminal_text("\u202eevil"))
    \u202eevil
    """

    def esc(m: re.Match[str]) -> str:
        ch = m.group()
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _TERMINAL_UNSAFE.sub(esc, str(text))


_CONSOLE_CLASS: Any = None


def terminal_console(**kwargs: Any) -> Any:
    r"""A rich ``Console`` that never sends text from inputs to the terminal live.

    Every segment of text it prints goes through :func:`terminal_text` (control
    characters shown escaped; the console's own colour codes are not text and stay), and
    emoji shortcodes stay as written (``:x:`` is not turned into an emoji). Highlighting is
    off by default. Keyword arguments go to ``rich.console.Console``.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> terminal_console(file=buf).print("a\x1b[2J :x:", markup=False)
    >>> print(buf.getvalue(), end="")
    a\x1b[2J :x:
    """
    global _CONSOLE_CLASS
    if _CONSOLE_CLASS is None:
        from rich.console import Console
        from rich.segment import Segment

        class TerminalConsole(Console):
            def render(self, renderable: Any, options: Any = None) -> Any:
                for seg in super().render(renderable, options):
                    if seg.control is None and _TERMINAL_UNSAFE.search(seg.text):
                        yield Segment(terminal_text(seg.text), seg.style, seg.control)
                    else:
                        yield seg

        _CONSOLE_CLASS = TerminalConsole
    kwargs.setdefault("emoji", False)
    kwargs.setdefault("highlight", False)
    return _CONSOLE_CLASS(**kwargs)


def escape_controls(obj: Any) -> Any:
    r"""A copy of a JSON-like document with :func:`terminal_text` applied to every string.

    Word and Excel files are XML, which cannot hold most control characters (lxml and
    openpyxl raise on ESC or a vertical tab); labels from data are shown with them escaped
    instead (``\x1b``), as on the terminal. Keys are escaped too.

    Examples
    --------
    >>> escape_controls({"a\x0b": ["x\x1by", 1.5, None]})
    {'a\\x0b': ['x\\x1by', 1.5, None]}
    """
    kind = type(obj)
    if kind is float or kind is int or kind is bool or obj is None:  # most of a document: numbers
        return obj
    if isinstance(obj, str):
        return terminal_text(obj) if _TERMINAL_UNSAFE.search(obj) else obj
    if isinstance(obj, dict):
        return {escape_controls(k): escape_controls(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(escape_controls(v) for v in obj)
    return obj


LOCK_NAME = ".mcstats.lock"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _take_lock(out: Path) -> Path:
    lock = out / LOCK_NAME
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="ascii").strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if _pid_alive(pid) and pid != os.getpid():
                raise UsageError(
                    f"another mcstats run (process {pid}) is writing to {out}; wait for it to finish or "
                    f"choose another output folder (remove {lock} if no run is active)"
                ) from None
            with contextlib.suppress(OSError):  # a stale lock of a run that was killed
                lock.unlink()
            continue
        except OSError as exc:
            raise UsageError(f"cannot write to the output folder {out}: {exc.strerror or exc}") from None
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(os.getpid()))
        return lock
    raise UsageError(f"cannot lock the output folder {out}; remove {lock} if no run is active")


@contextlib.contextmanager
def output_set(out: str | Path) -> Iterator[Path]:
    """Write a run's files as one set: into a temporary folder inside ``out``, then moved
    into place together when the block ends without an error.

    A lock file (``out/.mcstats.lock`` with the process id) refuses a second run into the
    same folder while one is writing (a lock left by a killed run is taken over); a failed
    or interrupted run leaves neither its temporary folder nor any of its files, so a
    ``results.json`` never sits beside the reports of another run. A sub-folder of ``out``
    that is a symbolic link (``out/charts`` pointing elsewhere) is refused before any file
    is moved, not followed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with output_set(pathlib.Path(d) / "out") as stage:
    ...         (stage / "results.json").write_text("{}")
    ...     sorted(p.name for p in (pathlib.Path(d) / "out").iterdir())
    2
    ['results.json']
    """
    import shutil
    import tempfile

    target = Path(out)
    if target.exists() and not target.is_dir():
        raise UsageError(f"cannot write to the output folder {target}: a file of that name exists")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder {target}: {exc.strerror or exc}") from None
    lock = _take_lock(target)
    stage = Path(tempfile.mkdtemp(prefix=".mcstats-tmp-", dir=target))
    try:
        yield stage
        files = sorted(p for p in stage.rglob("*") if p.is_file())
        for src in files:
            rel = src.relative_to(stage)
            for parent in reversed(rel.parents[:-1]):
                if (target / parent).is_symlink():
                    raise UsageError(
                        f"{target / parent} is a symbolic link; mcstats does not write through it "
                        "(remove it or choose another output folder)"
                    )
        for src in files:
            dst = target / src.relative_to(stage)
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.is_dir() and not dst.is_symlink():
                raise UsageError(f"cannot write {dst}: a folder of that name exists")
            os.replace(src, dst)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        with contextlib.suppress(OSError):
            lock.unlink()
