"""The curated public API: ``__all__``, the lazy-import table and the type-checking imports agree.

A name added to one of the three and forgotten in another would either not import, not
show in ``help(mcstats)`` or not be seen by a type checker; this test reads the three from
the package's source and compares them.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import mcstats

INIT = Path(mcstats.__file__)


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                for alias in imp.names:
                    found[alias.asname or alias.name] = imp.module
    return found


def test_all_lazy_table_and_type_checking_imports_agree() -> None:
    lazy = mcstats._EXPORTS
    assert sorted(mcstats.__all__) == sorted(lazy), "__all__ and the lazy-import table differ"
    assert len(set(mcstats.__all__)) == len(mcstats.__all__), "a name is listed twice in __all__"
    assert _type_checking_imports() == lazy, "the TYPE_CHECKING imports differ from the lazy-import table"


@pytest.mark.parametrize("name", sorted(mcstats._EXPORTS))
def test_every_public_name_imports_from_its_module_and_has_a_docstring(name: str) -> None:
    value = getattr(mcstats, name)
    assert value is getattr(importlib.import_module(mcstats._EXPORTS[name]), name)
    doc = inspect.getdoc(value) or ""
    assert doc.strip(), f"mcstats.{name} has no docstring"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'not_a_function'"):
        _ = mcstats.not_a_function  # type: ignore[attr-defined]


def test_importing_the_package_imports_no_numerical_library() -> None:
    code = "import sys, mcstats; print(sorted({'numpy', 'pandas', 'scipy'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"
