"""Every group analysis of issue 16 runs without scipy.stats, scipy.optimize or
scipy.integrate: the studentized range of Tukey and Games-Howell is mcstats' own
(scipy.stats.studentized_range cost 1-5 s per run, most of the 1.2x benchmark criterion).
The test reads which modules a real ``python -m mcstats analyze`` imported."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
NOT_NEEDED = ("scipy.stats", "scipy.optimize", "scipy.integrate")


def test_every_group_analysis_imports_no_scipy_stats(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    latent = rng.normal(size=(240, 1))
    codes = 1 + np.searchsorted([-0.8, 0.0, 0.8], 0.9 * latent + rng.normal(size=(240, 4)))
    rows = ["id,region,gender,Q1,Q2,Q3,Q4"]
    for i, c in enumerate(codes.tolist()):
        rows.append(f"{i},{'NSEW'[i % 4]},{'MF'[i % 2]}," + ",".join(map(str, c)))
    data = tmp_path / "survey.csv"
    data.write_text("\n".join(rows) + "\n")
    args = ["analyze", str(data), "--items", "Q1-Q4", "--points", "4", "--group", "region"]
    args += ["--nonparametric", "--item-tests", "--crosstab", "gender,region", "--correlations"]
    args += ["--item-correlations", "--out", str(tmp_path / "out"), "-q", "--format", "md"]
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mcstats", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    mods = {m.group(1) for m in re.finditer(r"^import time:.*\|\s*(\S+)\s*$", proc.stderr, re.M)}
    assert "mcstats.stats.studentized_range" in mods  # Tukey and Games-Howell really ran
    loaded = sorted(m for m in mods if any(m == h or m.startswith(h + ".") for h in NOT_NEEDED))
    assert loaded == []
    report = (tmp_path / "out" / "report.md").read_text()
    assert "Tukey" in report and "Correlations Between the Items" in report
