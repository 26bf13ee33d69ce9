"""The command line's cache of compiled dataclass methods (mcstats.cli._dataclass_cache):
classes built from stored code are the classes Python builds, and a cache file that is
unsafe or damaged is never used."""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mcstats.cli import _dataclass_cache as dc

# Dataclasses of every kind the module generates methods for: frozen (hash, setattr,
# delattr), defaults and factories, keyword-only fields, ordering, no eq, a ClassVar.
CLASSES = """
from dataclasses import dataclass, field
from typing import ClassVar

@dataclass(frozen=True)
class Frozen:
    n: int
    mean: float = 0.5
    levels: tuple = ()

@dataclass
class Mutable:
    name: str
    counts: list = field(default_factory=list)
    limit: ClassVar[int] = 3

@dataclass(order=True, kw_only=True)
class Ordered:
    a: int
    b: str = "x"

@dataclass(eq=False, repr=False)
class Plain:
    x: object = None
"""
METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__ge__")


def _build(cache: dc.CompileCache | None) -> dict[str, type]:
    dc.uninstall()
    if cache is not None:
        dataclasses.exec = cache.exec  # type: ignore[attr-defined]
    try:
        ns: dict[str, object] = {}
        exec(compile(CLASSES, "<classes>", "exec", dont_inherit=True), ns)
    finally:
        dc.uninstall()
    return {k: v for k, v in ns.items() if isinstance(v, type) and dataclasses.is_dataclass(v)}


def test_classes_from_stored_code_are_the_compiled_classes() -> None:
    plain = _build(None)
    cache = dc.CompileCache(None)
    first = _build(cache)  # compiles and stores
    assert cache.added > 10 and all(k.startswith(dc.GENERATED) for k in cache.codes)
    stored = dict(cache.codes)
    second = _build(cache)  # runs the stored code
    assert cache.codes == stored  # nothing compiled again
    for name, cls in plain.items():
        for other in (first[name], second[name]):
            for method in METHODS:
                mine, theirs = vars(cls).get(method), vars(other).get(method)
                assert (mine is None) == (theirs is None), (name, method)
                if mine is not None and hasattr(mine, "__code__"):
                    assert mine.__code__ == theirs.__code__, (name, method)
                    assert mine.__defaults__ == theirs.__defaults__
                    assert mine.__kwdefaults__ == theirs.__kwdefaults__
    frozen = second["Frozen"](3, levels=("a",))
    same = second["Frozen"](3, 0.5, ("a",))
    assert frozen == same and hash(frozen) == hash(same)
    assert repr(frozen) == "Frozen(n=3, mean=0.5, levels=('a',))"
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.n = 4  # type: ignore[misc]
    mutable = second["Mutable"]
    assert mutable("m").counts == [] and mutable("m").counts is not mutable("m").counts
    assert second["Ordered"](a=1) < second["Ordered"](a=2)


def _write(path: Path, codes: object, mode: int = 0o600) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(marshal.dumps(codes))
    path.chmod(mode)


def test_only_a_private_well_formed_file_is_read(tmp_path: Path) -> None:
    cache = dc.CompileCache(None)
    _build(cache)
    good = tmp_path / "mcstats" / "code.marshal"
    _write(good, cache.codes)
    assert dc.CompileCache(good).codes == cache.codes
    good.chmod(0o666)  # others may write it
    assert dc.CompileCache(good).codes == {}
    good.chmod(0o600)
    (tmp_path / "mcstats").chmod(0o777)  # others may write the folder
    assert dc.CompileCache(good).codes == {}
    (tmp_path / "mcstats").chmod(0o700)
    link = tmp_path / "mcstats" / "link.marshal"
    link.symlink_to(good)
    assert dc.CompileCache(link).codes == {}
    not_generated = marshal.dumps({"print(1)": compile("1", "", "eval")})
    for damaged in (b"\x00garbage", marshal.dumps(["a list"]), not_generated):
        good.write_bytes(damaged)
        assert dc.CompileCache(good).codes == {}
    good.write_bytes(b"x" * (dc.MAX_BYTES + 1))
    assert dc.CompileCache(good).codes == {}


def test_default_globals_are_the_dataclasses_module() -> None:
    """``exec(text, None, ns)`` in the dataclasses module runs in that module's globals; the
    cache's exec, called from its own module, must give the same."""
    ns: dict[str, object] = {}
    dc.CompileCache(None).exec(dc.GENERATED + "):\n def f():\n  return __name__\n return f", None, ns)
    assert ns["__create_fn__"]()() == "dataclasses"  # type: ignore[operator]


def test_install_respects_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(dc.OFF, "1")
    assert dc.install() is None and "exec" not in vars(dataclasses)


@pytest.mark.slow
def test_the_command_line_stores_then_uses_the_cache(tmp_path: Path) -> None:
    """Two runs of ``python -m mcstats analyze``: the first writes the file (owner only),
    the second reads it, adds nothing (the file is not rewritten) and writes the same
    results."""
    rows = "\n".join(f"{i},{'MF'[i % 2]},{1 + i % 4},{1 + (i * 3) % 4},{1 + (i * 5) % 4}" for i in range(30))
    (tmp_path / "s.csv").write_text("id,sex,Q1,Q2,Q3\n" + rows + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != dc.OFF}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    argv = [sys.executable, "-m", "mcstats", "analyze", "s.csv", "--items", "Q1-Q3", "--points", "4"]
    argv += ["--group", "sex", "-q"]
    docs = []
    for out in ("a", "b"):
        proc = subprocess.run([*argv, "--out", out], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        files = list((tmp_path / "cache" / "mcstats").glob("dataclass-code-*.marshal"))
        assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "cache" / "mcstats").stat().st_mode & 0o777 == 0o700
        if out == "a":
            written = files[0].stat().st_mtime_ns
            assert len(marshal.loads(files[0].read_bytes())) > 100
        else:
            assert files[0].stat().st_mtime_ns == written
        doc = json.loads((tmp_path / out / "results.json").read_text())
        doc.pop("created", None)
        doc["input"].pop("engine", None)
        docs.append(doc)
    assert docs[0] == docs[1]
