"""The compiled methods of dataclasses, kept between runs of the command line.

Every ``@dataclass`` writes its ``__init__``, ``__repr__``, ``__eq__`` and, for a frozen
one, ``__hash__``, ``__setattr__`` and ``__delattr__`` as source text and compiles each
with ``exec`` when its module is imported. ``mcstats analyze`` imports about 90 of them:
some 500 small compilations, 40-50 ms of every run (issue 20, point 3: the whole process at
10,000 rows against R's). The text depends only on the class definition, so the compiled
code can be kept: the first run stores the code of each text (with :mod:`marshal`, the
format of Python's own ``.pyc`` files) in the user's cache folder, and later runs execute
the stored code instead of compiling the same text again.

What runs is what ``exec`` would have compiled: the same text, compiled by the same Python
(the file name carries its bytecode version) with the same flags (none: the dataclasses
module has no ``from __future__`` imports). Only the texts the dataclasses module
generates are kept (they start with ``def __create_fn__(``).

Safety: the file is read only if it is a regular file the user owns that no one else may
write, in a folder no one else may write, and below a size bound; anything unexpected in it
(not a dict of texts to code objects) and it is ignored. The cache is only a speed-up: if
it cannot be read or written, dataclasses compile as always. ``MCSTATS_NO_COMPILE_CACHE=1``
turns it off. Only the command line installs it; importing the library changes nothing.
"""

import builtins
import dataclasses
import importlib.util
import marshal
import os
import stat
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

#: What the dataclasses module's generated texts start with (Python 3.11-3.12's _create_fn).
GENERATED = "def __create_fn__("
#: Bounds: a run of ``mcstats analyze`` stores about 500 texts (0.5 MB).
MAX_ENTRIES = 5000
MAX_BYTES = 16 << 20
#: The environment variable that turns the cache off.
OFF = "MCSTATS_NO_COMPILE_CACHE"


def cache_file() -> Path | None:
    """``<cache>/mcstats/dataclass-code-<python>-<bytecode version>.marshal``, where
    ``<cache>`` is ``$XDG_CACHE_HOME`` or ``~/.cache``; None without a home folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home folder
        return None
    tag = sys.implementation.cache_tag or "python"
    return root / "mcstats" / f"dataclass-code-{tag}-{importlib.util.MAGIC_NUMBER.hex()}.marshal"


def _private(path: Path, kind: int) -> bool:
    """Whether ``path`` (not followed if a link) is a ``kind`` the user owns and only the
    user may write."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    return stat.S_IFMT(st.st_mode) == kind and mine and not st.st_mode & 0o022


class CompileCache:
    """Compiled code of the dataclasses module's generated texts, by text."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.codes: dict[str, types.CodeType] = {}
        self.added = 0
        if path is not None and _private(path.parent, stat.S_IFDIR) and _private(path, stat.S_IFREG):
            self.codes = _read(path)

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /) -> None:
        """``exec`` for the dataclasses module: a generated text runs its stored code."""
        if type(source) is str:
            code = self.codes.get(source)
            if code is None:
                # No flags inherited from this module: compiled as the dataclasses module's
                # own exec compiles it.
                code = compile(source, "<string>", "exec", dont_inherit=True)
                if source.startswith(GENERATED):
                    if len(self.codes) >= MAX_ENTRIES:  # texts of old versions: start again
                        self.codes = {}
                    self.codes[source] = code
                    self.added += 1
            source = code
        if globals is None:  # exec's default: the calling module's (dataclasses') globals
            globals = vars(dataclasses)
        builtins.exec(source, globals, locals)

    def save(self) -> None:
        """Write the codes if this run added any (atomically; any error: not written)."""
        if not self.added or self.path is None:
            return
        try:
            data = marshal.dumps(self.codes)
            if len(data) > MAX_BYTES:
                return
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(self.path.parent, stat.S_IFDIR):
                return
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".dataclass-code-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            return
        self.added = 0


def _read(path: Path) -> dict[str, types.CodeType]:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return {}
        codes = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(codes, dict) or len(codes) > MAX_ENTRIES:
        return {}
    ok = all(
        type(k) is str and k.startswith(GENERATED) and type(v) is types.CodeType for k, v in codes.items()
    )
    return codes if ok else {}


def install() -> CompileCache | None:
    """Serve the dataclasses module's compilations from the cache (this process), unless
    ``MCSTATS_NO_COMPILE_CACHE`` is set or this Python generates dataclass methods some
    other way; returns the cache, to :meth:`~CompileCache.save` at the end of the run."""
    if os.environ.get(OFF) or "exec" in vars(dataclasses) or not hasattr(dataclasses, "_create_fn"):
        return None
    cache = CompileCache(cache_file())
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    return cache


def uninstall() -> None:
    """Back to the builtin ``exec`` (tests)."""
    vars(dataclasses).pop("exec", None)
