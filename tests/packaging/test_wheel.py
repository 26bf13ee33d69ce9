"""The wheel is a whole product: it runs from any folder, with the papers' data inside.

Builds the wheel as ``pip install .`` does (in an isolated build environment; the
dependencies are not fetched), unpacks it outside the checkout and runs ``mcstats`` from another folder,
as a user who ran ``pip install .`` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # builds a wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=build,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (whl,) = out.glob("mcstats-*.whl")
    return whl


def test_wheel_ships_data_instruments_templates_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "mcstats/py.typed",
        "mcstats/_shipped/data/published/rivers_state.yaml",
        "mcstats/_shipped/data/published/mardan.yaml",
        "mcstats/_shipped/data/reconstructed/rivers_state_synthetic.csv",
        "mcstats/_shipped/instruments/rivers_state.yaml",
        "mcstats/schema/results.schema.json",
        "mcstats/report/templates/analysis.html.j2",
    ):
        assert needed in names, needed


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The unpacked wheel first on the path, the test environment's dependencies after it;
    # the checkout itself is not on the path and not the working folder.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}

    def mcstats(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-P", "-m", "mcstats", *args],
            capture_output=True, text=True, timeout=300, cwd=elsewhere, env=env,
        )

    version = mcstats("--version")
    assert version.returncode == 0, version.stderr
    from mcstats._version import __version__

    assert version.stdout.strip() == __version__
    rep = mcstats("replicate", "rivers-state", "--out", str(tmp_path / "rep"))
    assert rep.returncode == 0, rep.stderr[-2000:]
    comparison = json.loads((tmp_path / "rep" / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["rows"], "the comparison has rows"
    ana = mcstats(
        "analyze", str(ROOT / "data/examples/example_4point.csv"),
        "--instrument", str(ROOT / "instruments/example_4point.yaml"), "--out", str(tmp_path / "ana"), "-q",
    )
    assert ana.returncode == 0, ana.stderr[-2000:]
    assert (tmp_path / "ana" / "results.json").is_file()
    listing = mcstats("replicate", "--list")
    assert listing.returncode == 0, listing.stderr
    # Both papers, found in the copy shipped inside the package, not in a checkout.
    assert "rivers-state:" in listing.stdout and "mardan:" in listing.stdout
    assert str(site / "mcstats" / "_shipped" / "data" / "published") in listing.stdout
