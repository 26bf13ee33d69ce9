from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: A test module whose every test is slow says so in one line.
ALL_SLOW = re.compile(r"^pytestmark = pytest\.mark\.slow\b", re.M)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The working loop (``-m "not slow"``) does not import the modules that are slow as a
    whole (``pytestmark = pytest.mark.slow``): importing them (Dask, Playwright, the corpus's
    expectations) and deselecting every test costs seconds and runs nothing."""
    if config.option.markexpr.replace(" ", "") != "notslow" or collection_path.suffix != ".py":
        return None
    if not collection_path.name.startswith("test_"):
        return None
    return True if ALL_SLOW.search(collection_path.read_text(encoding="utf-8")) else None


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Doctests and CLI tests use paths relative to the repository root."""
    monkeypatch.chdir(ROOT)
