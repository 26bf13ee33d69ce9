"""The documentation: the site's navigation, links, API reference and architecture page agree
with the files and the package (cheap checks), and the site builds with warnings as errors
(slow; needs the ``docs`` extra)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import mcstats

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "mcstats"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _nav_pages(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [p for item in node for p in _nav_pages(item)]
    if isinstance(node, dict):
        return [p for value in node.values() for p in _nav_pages(value)]
    return []


def _nav() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return _nav_pages(config["nav"])


def _local_links(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks hold no links
    links = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        links.append(target.split("#", 1)[0])
    return links


def test_every_page_is_in_the_navigation_and_every_entry_exists() -> None:
    nav = _nav()
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert sorted(set(nav)) == pages, "mkdocs.yml's nav and the .md files under docs/ differ"
    assert len(nav) == len(set(nav)), "a page is listed twice in mkdocs.yml's nav"


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_relative_links_of_the_docs_stay_inside_docs_and_resolve(page: Path) -> None:
    for target in _local_links(page.read_text(encoding="utf-8")):
        path = (page.parent / target).resolve()
        assert path.is_relative_to(DOCS), f"{page.name}: {target} leaves docs/ (the site cannot link it)"
        assert path.exists(), f"{page.name}: {target} does not exist"


def test_relative_links_of_the_readme_resolve() -> None:
    for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md"):
        page = ROOT / name
        if not page.exists():
            continue
        for target in _local_links(page.read_text(encoding="utf-8")):
            assert (ROOT / target).exists(), f"{name}: {target} does not exist"


def test_api_reference_documents_the_whole_public_api() -> None:
    text = (DOCS / "api" / "index.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: mcstats\.(\w+)$", text, flags=re.M))
    public = set(mcstats.__all__)
    assert not public - documented, f"add to docs/api/index.md: {sorted(public - documented)}"
    assert not documented - public, f"not in mcstats.__all__: {sorted(documented - public)}"


def test_audit_manual_documents_every_quick_check_column() -> None:
    from mcstats.audit.run import QUICK_CHECK_COLUMNS

    table = [line for line in (DOCS / "manual" / "audit.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("| `")]
    documented = {name for line in table for name in re.findall(r"`(\w+)`", line.split("|")[1])}
    assert not set(QUICK_CHECK_COLUMNS) - documented, sorted(set(QUICK_CHECK_COLUMNS) - documented)


@pytest.mark.skipif(importlib.util.find_spec("griffe") is None, reason="the docs extra is not installed")
def test_docstrings_parse_as_numpydoc_without_warnings() -> None:
    """What the API reference's parser (griffe, numpy style) warns about fails the strict build;
    this finds it in seconds (parameters documented but not in the signature, bad sections)."""
    import logging

    import griffe

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    logger = logging.getLogger("griffe")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    try:
        package = griffe.load("mcstats", search_paths=[str(PACKAGE.parent)], resolve_aliases=False)

        def walk(obj: Any) -> None:
            if obj.is_alias:
                return
            if obj.docstring:
                obj.docstring.parse("numpy")
            for member in obj.members.values():
                walk(member)

        walk(package)
    finally:
        logger.removeHandler(handler)
    assert not warnings, "\n".join(warnings)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="the docs extra is not installed")
def test_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-4000:]


def _packages() -> list[Path]:
    return sorted(p.parent for p in PACKAGE.rglob("__init__.py") if "__pycache__" not in p.parts)


def test_contributing_names_every_package() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for package in _packages():
        if package == PACKAGE:
            continue
        name = package.relative_to(PACKAGE).as_posix() + "/"
        assert f"`{name}`" in text, f"CONTRIBUTING.md does not name the package {name}"


@pytest.mark.parametrize("package", _packages(), ids=lambda p: p.relative_to(PACKAGE.parent).as_posix())
def test_every_package_says_what_it_is_for(package: Path) -> None:
    import ast

    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 6, f"{package.name}/__init__.py: say what the package is for"
