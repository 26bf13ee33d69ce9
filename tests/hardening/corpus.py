"""The corpus runner: every file in ``tests/corpus/`` through the CLI, checked against the
outcome written beside it (``NAME.expect.yaml``, format in ``tests/corpus/README.md``).

Checks made for every case, whatever its command:

* the exit code is the expected one, and neither stdout nor stderr holds a traceback;
* an error (exit 3) names the file at fault and, as the expectation says, the row, the
  column or the instrument key; the expected message fragments are in stderr;
* a failed run leaves no output behind;
* a successful run writes at least one results document, and in every JSON document it
  writes, each ``input`` block accounts for every row: rows read = analysed + excluded;
* no Markdown or HTML output holds a live ``<script>``, raw HTML from the data, or a
  ``javascript:`` link;
* nothing is written outside the output folder (each case runs in an empty working
  folder), and the corpus folder is left as it was.

New commands (replicate, audit, reconstruct) need nothing here: a case names its own
``argv``. See ``tests/corpus/README.md`` for what a command's outputs must provide.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECT_SUFFIX = ".expect.yaml"
#: Files in the corpus folder that are not cases.
NOT_CASES = {"README.md", "make_corpus.py"}
#: Expectation keys checked against results.json.
RESULT_KEYS = (
    "rows",
    "excluded_rows",
    "warnings",
    "no_warnings",
    "warnings_absent",
    "invalid_cells",
    "results",
)
KNOWN_KEYS = {
    "about",
    "argv",
    "exit",
    "where",
    "blame",
    "messages",
    "stdout",
    "report_contains",
    "report_excludes",
    "row_accounting",
    "input",
    "env",
    "instrument_outputs",
    *RESULT_KEYS,
}


@dataclass(frozen=True)
class Case:
    """One corpus file and its expected outcome."""

    name: str
    file: Path
    expect: dict[str, Any]

    def fill(self, text: str, out: Path) -> str:
        return (
            text.replace("{file}", str(self.file)).replace("{corpus}", str(CORPUS)).replace("{out}", str(out))
        )


@dataclass
class Outcome:
    """What one run of a case did."""

    case: Case
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    out: Path
    written: list[Path] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    documents: dict[str, Any] = field(default_factory=dict)


def cases() -> list[Case]:
    """Every corpus case, sorted by name; each expectation file must have one input file."""
    found = []
    for expect in sorted(CORPUS.glob(f"*{EXPECT_SUFFIX}")):
        stem = expect.name[: -len(EXPECT_SUFFIX)]
        doc = yaml.safe_load(expect.read_text(encoding="utf-8"))
        if "input" in doc:  # another command (or other options) on an input of another case
            inputs = [CORPUS / str(doc["input"])]
            if not inputs[0].is_file():
                raise AssertionError(f"{expect.name}: input {doc['input']} is not in the corpus")
        else:
            inputs = [p for p in CORPUS.glob(f"{glob_escape(stem)}.*") if p.is_file() and p != expect]
            inputs = [p for p in inputs if p.name[len(stem) + 1 :].count(".") == 0]  # x.csv, not x.y.csv
        if len(inputs) != 1:
            raise AssertionError(f"{expect.name}: expected exactly one input file {stem}.*, found {inputs}")
        found.append(Case(name=stem, file=inputs[0], expect=doc))
    return found


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def input_files() -> list[Path]:
    """The corpus files that are inputs (everything but expectations, support and tools)."""
    return sorted(
        p
        for p in CORPUS.iterdir()
        if p.is_file() and not p.name.endswith(EXPECT_SUFFIX) and p.name not in NOT_CASES
    )


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


Runner = Callable[[list[str], Path, dict[str, str]], tuple[int, str, str]]

#: Environment of every run: wide lines (no wrapped messages), no colour, UTF-8.
RUN_ENV = {"COLUMNS": "500", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}


def run_subprocess(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 300
) -> tuple[int, str, str]:
    """``python -m mcstats ARGV`` as a user runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "mcstats", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=dict(os.environ, **env),
    )
    return proc.returncode, proc.stdout, proc.stderr


class CliServer:
    """One ``_cli_server.py`` process: the CLI imported once, a fork per command."""

    def __init__(self) -> None:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("_cli_server.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def run(
        self, argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 300
    ) -> tuple[int, str, str]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        logs = cwd.parent / f"{cwd.name}.log"
        logs.mkdir()
        req = {
            "argv": argv,
            "cwd": str(cwd),
            "stdout": str(logs / "out"),
            "stderr": str(logs / "err"),
            "env": env,
        }
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise TimeoutError(f"mcstats {' '.join(argv)} did not finish in {timeout} s")
        rc = json.loads(self.proc.stdout.readline())["rc"]
        read = (
            (logs / "out").read_text(encoding="utf-8", errors="replace"),
            (logs / "err").read_text(encoding="utf-8", errors="replace"),
        )
        return int(rc), read[0], read[1]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def run_case(case: Case, runner: Runner = run_subprocess) -> Outcome:
    """Run a case's command line in a fresh, empty working folder."""
    with tempfile.TemporaryDirectory(prefix=f"corpus-{case.name}-") as d:
        cwd = Path(d) / "work"
        cwd.mkdir()
        out = cwd / "out"
        argv = [case.fill(str(a), out) for a in case.expect["argv"]]
        env = dict(RUN_ENV, **{str(k): str(v) for k, v in (case.expect.get("env") or {}).items()})
        rc, stdout, stderr = runner(argv, cwd, env)
        written = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
        stray = sorted(
            str(p.relative_to(cwd)) for p in cwd.rglob("*") if p.is_file() and out not in p.parents
        )
        return Outcome(
            case=case,
            argv=argv,
            returncode=rc,
            stdout=stdout,
            stderr=stderr,
            out=out,
            written=[p.relative_to(out) for p in written],
            stray=stray,
            documents=_read_outputs(out),
        )


def _read_outputs(out: Path) -> dict[str, Any]:
    """Every JSON document and the text of every Markdown/HTML report under ``out``."""
    docs: dict[str, Any] = {}
    if not out.exists():
        return docs
    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel = str(p.relative_to(out))
        if p.suffix == ".json":
            docs[rel] = json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix in (".md", ".html", ".htm", ".yaml", ".yml"):
            docs[rel] = p.read_text(encoding="utf-8")
    return docs


def input_blocks(doc: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``input`` mapping with row counts anywhere in a JSON document."""
    if isinstance(doc, dict):
        block = doc.get("input")
        if isinstance(block, dict) and "n_rows" in block:
            yield (where or "/") + "input", block
        for k, v in doc.items():
            yield from input_blocks(v, f"{where}{k}/")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from input_blocks(v, f"{where}{i}/")


def lookup(doc: Any, dotted: str) -> Any:
    """``a.b.0.c`` in a JSON document (list positions as numbers)."""
    cur = doc
    for part in dotted.split("."):
        cur = cur[int(part)] if isinstance(cur, list) else cur[part]
    return cur


_LIVE_MD = [
    re.compile(r"<\s*(script|img|iframe|svg|object|embed|a|b|style)\b", re.I),
    re.compile(r"(?<!\\)\]\(\s*javascript:", re.I),
]


class _HTMLScan(HTMLParser):
    """Collects what would run in a browser: script elements, event-handler attributes and
    javascript: URLs. Text and attribute values (where escaped data lives) are not code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append("<script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value}>")

    handle_startendtag = handle_starttag


def unsafe_markup(name: str, text: str) -> list[str]:
    """Live markup in a report that can only have come from data or an instrument."""
    if name.endswith((".yaml", ".yml")):
        return []
    if name.endswith((".html", ".htm")):
        scan = _HTMLScan()
        scan.feed(text)
        scan.close()
        return scan.found
    return [m.group(0) for pat in _LIVE_MD for m in pat.finditer(text)]
