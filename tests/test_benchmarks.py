"""The benchmark harness runs at its smallest size, so it never breaks (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: Slow lane (the benchmark harness); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


def test_benchmark_runs_at_smallest_size(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    argv = [sys.executable, "benchmarks/run.py", "--sizes", "10k", "--repeat", "1", "--data", str(tmp_path)]
    proc = subprocess.run(
        [*argv, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text()
    assert "Machine:" in text
    assert "Cores:" in text and "Load at the start" in text
    rows = (
        "pyarrow read, bare process (baseline)",
        "mcstats CLI, end to end",
        "mcstats CLI, every group analysis, 4-level group",
        "mcstats library call",
    )
    for row in rows:
        line = next(line for line in text.splitlines() if line.startswith(f"| {row}"))
        cells = line.split("|")
        assert "failed" not in line and "—" not in cells[2] and "—" not in cells[4], line  # wall and CPU
    assert "- 3. 10k: whole mcstats process" in text  # a target, marked met or NOT met
