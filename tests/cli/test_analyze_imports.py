"""``mcstats analyze`` imports only what the command needs (issue 20, point 3).

No time is asserted: the test reads which modules a real ``python -m mcstats analyze``
process imported (``-X importtime`` writes one line per module to stderr).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]

#: Modules a CSV analysis with a Markdown report never needs: charts, Word, Excel, SPSS,
#: the web page's templates, Dask and the scipy subpackages the default analyses do without.
NOT_NEEDED = (
    "matplotlib",
    "docx",
    "openpyxl",
    "pyreadstat",
    "jinja2",
    "dask",
    "distributed",
    "scipy.stats",
    "scipy.optimize",
    "scipy.integrate",
    "scipy.linalg",
    "PIL",
    "lxml",
    "fastapi",
    "starlette",
)


def imported_modules(*args: str, cwd: Path) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mcstats", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {m.group(1) for m in re.finditer(r"^import time:.*\|\s*(\S+)\s*$", proc.stderr, re.M)}


def test_analyze_md_imports_no_heavy_module(tmp_path: Path) -> None:
    # A small survey like the benchmark's: a latent trait per respondent plus noise, cut
    # into four categories (no Heywood case, so omega needs no bounded optimiser).
    rng = np.random.default_rng(1)
    latent = rng.normal(size=(200, 1))
    codes = 1 + np.searchsorted([-0.8, 0.0, 0.8], 0.9 * latent + rng.normal(size=(200, 4)))
    rows = ["id,gender,Q1,Q2,Q3,Q4"]
    rows += [f"{i},{'MF'[i % 2]}," + ",".join(map(str, c)) for i, c in enumerate(codes.tolist())]
    data = tmp_path / "survey.csv"
    data.write_text("\n".join(rows) + "\n")
    args = ["analyze", str(data), "--items", "Q1-Q4", "--points", "4", "--group", "gender"]
    mods = imported_modules(*args, "--out", str(tmp_path / "out"), "-q", "--format", "md", cwd=tmp_path)
    assert "mcstats.pipeline" in mods  # the command really ran
    loaded = sorted(m for m in mods if any(m == h or m.startswith(h + ".") for h in NOT_NEEDED))
    assert loaded == []
    assert (tmp_path / "out" / "report.md").is_file()


def test_streamed_analyze_imports_no_pandas(tmp_path: Path) -> None:
    """A streamed CSV never needs pandas (a third of the start-up): the blocks are coded from
    pyarrow's buffers, and rows whose item codes all differ need no second, careful read for
    the repeated-row check."""
    rows = ["gender,Q1,Q2,Q3,Q4,Q5,Q6"]
    for i in range(300):  # the item codes of row i are i's digits in base 4 (all rows differ)
        codes = [1 + (i // 4**k) % 4 for k in range(6)]
        rows.append(f"{'MF'[i % 2]}," + ",".join(map(str, codes)))
    data = tmp_path / "survey.csv"
    data.write_text("\n".join(rows) + "\n")
    args = ["analyze", str(data), "--items", "Q1-Q6", "--points", "4", "--group", "gender"]
    mods = imported_modules(*args, "--out", str(tmp_path / "out"), "-q", "--format", "md", cwd=tmp_path)
    assert "pyarrow.csv" in mods  # the streaming engine ran (its module comes by importlib, unlisted)
    assert "pandas" not in mods
    # numpy's optional submodules stay unloaded (scipy.special's array-API layer would load
    # them all), and the group column is encoded without pyarrow.compute.
    assert not {"numpy.f2py", "numpy.testing", "charset_normalizer", "pyarrow.compute"} & mods
    # typer's options are coerced without pydantic (mcstats.cli._startup.light_typer_coercion),
    # and scipy.special's ufuncs come without its array-API layer (mcstats.stats._special).
    assert not {"pydantic", "typer._adapters", "scipy.special", "scipy._lib._array_api"} & mods
    # Two groups: t-tests only; the ANOVA, rank, crosstab and correlation modules load when an
    # analysis asks for them, the polychoric one with --ordinal.
    lazy = {f"mcstats.stats.{m}" for m in ("anova", "ranks", "crosstab", "correlation", "polychoric")}
    assert not lazy & mods
    assert (tmp_path / "out" / "report.md").is_file()
