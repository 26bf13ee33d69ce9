"""The dependency edges of issue 13 stay one way (every import, at the top or in a function).

- no module imports the package root for ``__version__`` (``mcstats._version`` is the one source);
- audit, replication, engines and stats do not import the renderers' module ``report.render``
  (printed numbers are ``mcstats.printed``; reports are rendered from ``report/``);
- audit, engines, stats and validation never import ``report``, ``cli`` or ``app``;
- nothing but the command line itself imports ``mcstats.cli``;
- no module imports a private name (``_x``) of another module's ``validate``.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "mcstats"


@functools.cache
def _imports() -> list[tuple[str, int, str, list[str]]]:
    """(module path, line, imported module, names) for every import of every module."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                out.append((rel, node.lineno, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                out.extend((rel, node.lineno, a.name, []) for a in node.names)
    return out


def test_the_version_comes_from_version_py() -> None:
    bad = [
        f"{rel}:{line}"
        for rel, line, module, names in _imports()
        if module == "mcstats" and "__version__" in names and rel != "__init__.py"
    ]
    assert bad == [], "import __version__ from mcstats._version: " + ", ".join(bad)


def test_lower_layers_import_no_renderer_shell_or_page() -> None:
    lower = ("audit/", "engines/", "stats/", "validate.py", "io.py", "printed.py", "integer_data.py")
    banned = ("mcstats.report", "mcstats.cli", "mcstats.app")
    bad = [
        f"{rel}:{line} imports {module}"
        for rel, line, module, _ in _imports()
        if rel.startswith(lower) and module.startswith(banned)
    ]
    bad += [
        f"{rel}:{line} imports {module}"
        for rel, line, module, _ in _imports()
        if rel.startswith("replication/") and module == "mcstats.report.render"
        and rel != "replication/replicate.py"  # replicate writes the reports of a replication
    ]
    assert bad == []


def test_only_the_command_line_imports_it() -> None:
    bad = [
        f"{rel}:{line}"
        for rel, line, module, _ in _imports()
        if module.startswith("mcstats.cli") and not rel.startswith("cli/") and rel != "__main__.py"
    ]
    assert bad == []


def test_no_private_names_of_validate_are_imported() -> None:
    bad = [
        f"{rel}:{line} {name}"
        for rel, line, module, names in _imports()
        if module == "mcstats.validate" and rel != "validate.py"
        for name in names
        if name.startswith("_")
    ]
    assert bad == []
