"""Same input and seed, same results.json, byte for byte, apart from ``created``.

Two separate ``python -m mcstats analyze`` processes with different hash seeds (so that any
dependence on set or dict ordering would show) write results that differ only in the
``created`` line. Where the command takes a random seed (the bootstrap), the runs use it,
and the seed is recorded in results.json.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "examples" / "example_4point.csv"
INSTRUMENT = ROOT / "instruments" / "example_4point.yaml"
CREATED = re.compile(rb'^  "created": "[^"]*",\n', re.M)


def _analyze(out: Path, hash_seed: str, extra: list[str]) -> None:
    args = [sys.executable, "-m", "mcstats", "analyze", str(DATA), "--instrument", str(INSTRUMENT)]
    proc = subprocess.run(
        [*args, "--out", str(out), "--quiet", *extra],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, PYTHONHASHSEED=hash_seed),
    )
    assert proc.returncode == 0, proc.stderr


def _seed_options() -> list[str]:
    """``--bootstrap 200 --seed 7`` where analyze has a seeded bootstrap."""
    proc = run_cli("analyze", "--help", env=dict(os.environ, COLUMNS="200"))
    return (
        ["--bootstrap", "200", "--seed", "7"]
        if "--seed" in proc.stdout and "--bootstrap" in proc.stdout
        else []
    )


@pytest.mark.slow  # two new Pythons (the hash seed is fixed when one starts)
def test_results_json_is_byte_identical_apart_from_created(tmp_path: Path) -> None:
    extra = _seed_options()
    _analyze(tmp_path / "a", "1", extra)
    _analyze(tmp_path / "b", "4242", extra)
    a = (tmp_path / "a" / "results.json").read_bytes()
    b = (tmp_path / "b" / "results.json").read_bytes()
    assert len(CREATED.findall(a)) == 1, "created must be one top-level line"
    assert CREATED.sub(b"", a) == CREATED.sub(b"", b)
    assert (tmp_path / "a" / "report.md").read_bytes() == (tmp_path / "b" / "report.md").read_bytes()
    if extra:
        assert b'"seed": 7' in a, "the seed must be recorded in results.json"
