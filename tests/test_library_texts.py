"""Library texts (messages, warnings, advice, report notes) name arguments, never command-line flags.

The library speaks of its arguments by their Python names ("the codes argument",
"invalid='missing'"); the command line writes them as its flags (mcstats.cli._common.flags_in)
and the web page gives advice of its own. A flag written into a library string would reach
results.json, the reports and the page as it is.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from clirun import run_cli
from mcstats.analysis import AnalysisOptions, results_from_moments
from mcstats.cli._common import as_flags
from mcstats.engines.stream import stream_survey
from mcstats.errors import UsageError
from mcstats.instrument import instrument_from_options

SRC = Path(__file__).resolve().parents[1] / "src" / "mcstats"
FLAG = re.compile(r"(?<![\w-])--[a-z]")

#: Strings that name the command line on purpose, each with its reason.
ALLOWED = {
    # The page's own texts: the person reading them started it with `mcstats app` and
    # re-runs an analysis with `mcstats analyze` (the page's words, not a library message).
    ("app/strings.py", "--max-upload-mb to raise the limit."),
    ("app/strings.py", "Re-run from the command line: mcstats analyze {name} --instrument instrument.yaml"),
    # Provenance and regeneration commands written into generated files.
    ("replication/reconstruct.py", "(mcstats reconstruct --seed {}) from the "),
    ("replication/reconstruct.py", "mcstats reconstruct {} --seed {} --out {}"),
    ("draft.py", "# then run: mcstats analyze DATA --instrument THIS_FILE"),
}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant and f-string of a module except docstrings."""
    docstrings = set()  # and the pieces of f-strings, which are read whole
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            docstrings.update(id(v) for v in node.values)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            out.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
    return out


def test_library_strings_name_no_command_line_flag() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        source = path.read_text(encoding="utf-8")
        if rel.startswith("cli/") or not FLAG.search(source):
            continue
        for line, text in _strings(ast.parse(source)):
            if FLAG.search(text) and not any(rel == m and part in text for m, part in ALLOWED):
                found.append(f"{rel}:{line}: {text!r}")
    assert found == [], "library texts that name a flag (name the argument instead):\n" + "\n".join(found)


def test_the_command_line_writes_the_arguments_as_its_flags(tmp_path: Path) -> None:
    """A workbook's other sheet is 'sheet=...' in the library's note and '--sheet' in init's
    output; moments without the rows cannot give pairwise reliability, and the message names
    the arguments, which the command line's error printer writes as its flags."""
    pytest.importorskip("openpyxl")
    book = Path("data/examples/kobo_repeat_export.xlsx")
    if not book.is_file():
        pytest.skip("no kobo_repeat_export.xlsx example")
    proc = run_cli("init", str(book), "--out", str(tmp_path / "draft.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert "--sheet classes analyses it on its own" in proc.stdout
    assert "sheet='classes'" in (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("Q1,Q2,Q3\n1,2,3\n2,3,4\n4,4,3\n3,1,2\n", encoding="utf-8")
    streamed = stream_survey(data, instrument_from_options("Q1-Q3", 4))
    pairwise = AnalysisOptions(reliability_missing="pairwise")
    with pytest.raises(UsageError) as info:
        results_from_moments(streamed.moments, streamed.survey, pairwise, groups=[])
    said = str(info.value)
    assert said.startswith("reliability_missing='pairwise', the ordinal argument and the bootstrap")
    assert as_flags(info.value).startswith("--reliability-missing pairwise, --ordinal and --bootstrap need")
    assert as_flags(info.value).endswith("(--engine memory does)")
