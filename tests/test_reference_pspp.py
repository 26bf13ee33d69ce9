"""mcstats against GNU PSPP (RELIABILITY, DESCRIPTIVES, FREQUENCIES, T-TEST).

PSPP prints most statistics with 2 decimals, significance with 3 and percentages with 1,
so mcstats is compared at that precision: |mcstats - PSPP| <= half a unit of the printed
last digit. Two parts:

* the committed PSPP outputs in tests/reference/expected/pspp/ (regenerate.sh);
* a live cross-check that generates a fresh dataset, runs ``pspp`` on it and compares.
  It runs wherever ``pspp`` is installed and is required in CI (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mcstats.analysis import AnalysisOptions, analyze
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.results import results_dict
from mcstats.validate import code_responses
from refdata import REFERENCE, instrument_doc, manifest

sys.path.insert(0, str(REFERENCE))
from pspp_output import parse_pspp_csv
from pspp_runner import run_pspp

#: Slow lane (runs GNU PSPP live); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

# Half a unit of the last digit PSPP prints for each statistic (plus float slack).
HALF = {2: 0.005 + 1e-9, 3: 0.0005 + 1e-9, 1: 0.05 + 1e-9}
PRINTED = {
    "p": 3,
    "percent": 1,
    "valid_percent": 1,
    "cumulative_percent": 1,
}


def close(got: float | None, printed: float | None, key: str) -> bool:
    if printed is None:
        return got is None
    if got is None:
        return False
    return abs(got - printed) <= HALF[PRINTED.get(key, 2)]


def _ours(name: str, score: str, group_levels: bool) -> dict[str, Any]:
    spec = manifest()[name]
    inst = parse_instrument(instrument_doc(spec, group_levels=group_levels))
    survey = code_responses(load_survey(REFERENCE / "datasets" / spec["file"]), inst)
    return results_dict(analyze(survey, AnalysisOptions(score=score)), created="fixed")


def compare(
    ours_sum: dict[str, Any], ours_mean: dict[str, Any], ours_sorted: dict[str, Any], pspp: dict[str, Any]
) -> list[str]:
    """Every PSPP number that mcstats does not reproduce at PSPP's precision."""
    bad: list[str] = []
    for sid, rel in pspp["reliability"].items():
        mine = ours_sum["scales"][sid]["reliability"]
        if mine["n"] != rel["n"] or mine["n_items"] != rel["n_items"]:
            bad.append(f"{sid} N {mine['n']} vs {rel['n']}")
        if not close(mine["alpha"], rel["alpha"], "alpha"):
            bad.append(f"{sid} alpha {mine['alpha']} vs {rel['alpha']}")
        for item, row in rel["items"].items():
            for key, v in row.items():
                if not close(mine["items"][item][key], v, key):
                    bad.append(f"{sid}.{item}.{key} {mine['items'][item][key]} vs {v}")
    stats = {k: v for s in ours_sum["scales"].values() for k, v in s["item_statistics"].items()}
    for item, row in pspp["item_statistics"].items():
        for key, v in row.items():
            if (key == "n" and stats[item]["n"] != v) or (key != "n" and not close(stats[item][key], v, key)):
                bad.append(f"{item}.{key} {stats[item][key]} vs {v}")
    for col, table in pspp["frequencies"].items():
        mine_t = ours_sorted["frequencies"].get(col)
        if mine_t is None:
            continue
        if mine_t["missing"] != table["missing"] or mine_t["total"] != table["total"]:
            bad.append(f"{col} missing/total")
        rows = {str(r["value"]): r for r in mine_t["rows"] if r["frequency"] > 0}
        for r in table["rows"]:
            m = rows.get(str(r["value"]))
            if m is None or m["frequency"] != r["frequency"]:
                bad.append(f"{col}={r['value']} frequency")
                continue
            for key in ("percent", "valid_percent", "cumulative_percent"):
                if not close(m[key], r[key], key):
                    bad.append(f"{col}={r['value']} {key} {m[key]} vs {r[key]}")
    for tt in pspp["ttests"]:
        ours = ours_sum if tt["score"] == "sum" else ours_mean
        mine = next(t for t in ours["ttests"] if t["scale"] == tt["scale"] and t["group"] == tt["group"])
        for g, pg in zip(mine["groups"], tt["groups"], strict=True):
            if g["n"] != pg["n"]:
                bad.append(f"t-test {tt['variable']} n")
            for key in ("mean", "sd", "se"):
                if not close(g[key], pg[key], key):
                    bad.append(f"t-test {tt['variable']} {g['level']} {key} {g[key]} vs {pg[key]}")
        for key in ("F", "p"):
            if not close(mine["levene"][key], tt["levene"][key], key):
                bad.append(f"Levene {key} {mine['levene'][key]} vs {tt['levene'][key]}")
        for kind in ("student", "welch"):
            for key in ("t", "df", "p", "mean_difference", "se_difference"):
                if not close(mine[kind][key], tt[kind][key], key):
                    bad.append(f"{kind} {key} {mine[kind][key]} vs {tt[kind][key]}")
            for a, b in zip(mine[kind]["ci95"], tt[kind]["ci95"], strict=True):
                if not close(a, b, "ci95"):
                    bad.append(f"{kind} ci {a} vs {b}")
    return bad


@pytest.mark.parametrize("name", sorted(manifest()))
def test_committed_pspp_output_is_reproduced(name: str) -> None:
    spec = manifest()[name]
    group = spec["group"]["column"] if spec.get("group") else None
    pspp = parse_pspp_csv(REFERENCE / "expected" / "pspp" / f"{name}.csv", group=group)
    assert pspp["reliability"], "the PSPP fixture holds no reliability table"
    bad = compare(_ours(name, "sum", True), _ours(name, "mean", True), _ours(name, "sum", False), pspp)
    assert not bad, bad


def _pspp_required() -> None:
    if shutil.which("pspp") is None:
        if os.environ.get("CI"):
            pytest.fail("pspp is not installed, but CI must run the live PSPP cross-check")
        pytest.skip("GNU PSPP is not installed (apt-get install pspp); live cross-check skipped")


@pytest.mark.parametrize("seed", [11, 12])
def test_live_pspp_cross_check(seed: int, tmp_path: Path) -> None:
    """A fresh dataset (seeded; 5-point, reverse-keyed item, missing cells, unequal groups)."""
    _pspp_required()
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 120))
    latent = rng.normal(size=n)
    data = {}
    for j in range(1, 7):
        y = 0.8 * latent + rng.normal(size=n)
        data[f"V{j}"] = 1 + np.searchsorted([-1.2, -0.4, 0.4, 1.2], y)
    data["V4"] = 6 - data["V4"]
    group = np.where(rng.random(n) < 0.35, "a", "b")
    lines = ["id,grp," + ",".join(data)]
    for i in range(n):
        cells = [str(int(data[c][i])) if rng.random() > 0.04 else "" for c in data]
        lines.append(f"r{i},{group[i]}," + ",".join(cells))
    csv_path = tmp_path / "fresh.csv"
    csv_path.write_text("\n".join(lines) + "\n")
    items = list(data)
    pspp = run_pspp(
        csv_path,
        items=items,
        reverse=["V4"],
        points=5,
        group="grp",
        levels=["a", "b"],
        workdir=tmp_path / "pspp",
        scale="S",
    )
    assert pspp is not None
    doc = {
        "scale_points": 5,
        "scales": {"S": {"items": [{"column": c, "reverse": c == "V4"} for c in items]}},
        "groups": [{"column": "grp", "levels": {"a": "a", "b": "b"}}],
    }
    inst = parse_instrument(doc)
    survey = code_responses(load_survey(csv_path), inst)
    res = {s: results_dict(analyze(survey, AnalysisOptions(score=s)), created="x") for s in ("sum", "mean")}
    bad = compare(res["sum"], res["mean"], res["sum"], pspp)
    assert not bad, bad
