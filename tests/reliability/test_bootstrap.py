"""Bootstrap intervals: reproducible from the seed, equal to a plain resampling loop, and
covering the population value at close to the nominal rate."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from clirun import run_cli
from mcstats.analysis import AnalysisOptions, analyze
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.results import results_dict
from mcstats.stats.alpha_ci import bootstrap_reliability, duhachek_ci
from mcstats.stats.guttman import guttman_lambdas
from mcstats.stats.omega import omega_total
from mcstats.stats.pairwise import pairwise_covariance
from mcstats.stats.reliability import cronbach_alpha, feldt_ci
from mcstats.validate import code_responses
from refdata import REFERENCE, instrument_doc, manifest

# A one-factor (congeneric) population: x = loading * f + e with unit-variance f.
LOADINGS = np.array([0.8, 0.7, 0.6, 0.7, 0.5, 0.6])
UNIQUE = np.array([0.5, 0.6, 0.7, 0.5, 0.8, 0.6])


def population_alpha() -> float:
    sigma = np.outer(LOADINGS, LOADINGS) + np.diag(UNIQUE)
    k = len(LOADINGS)
    return float(k / (k - 1) * (1 - np.trace(sigma) / sigma.sum()))


def population_omega() -> float:
    # psych's omega total of the population correlation matrix, which the model fits exactly:
    # (sum of standardized loadings)^2 / ((sum)^2 + sum of standardized uniquenesses).
    std = LOADINGS / np.sqrt(LOADINGS**2 + UNIQUE)
    return float(std.sum() ** 2 / (std.sum() ** 2 + (1 - std**2).sum()))


def sample(rng: np.random.Generator, n: int) -> np.ndarray:
    k = len(LOADINGS)
    return np.asarray(rng.normal(size=(n, 1)) * LOADINGS + rng.normal(size=(n, k)) * np.sqrt(UNIQUE))


def test_population_values_by_hand() -> None:
    # Sigma: off-diagonal l_i l_j, diagonal l_i^2 + u_i. sum(l) = 3.9, sum(l^2) = 2.59, sum(u) = 3.7:
    # 1'S1 = 3.9^2 + 3.7 = 18.91, tr S = 2.59 + 3.7 = 6.29, alpha = 6/5 * (1 - 6.29/18.91).
    assert population_alpha() == pytest.approx(1.2 * (1 - 6.29 / 18.91), abs=1e-12)
    assert 0.79 < population_omega() < 0.81


def test_same_seed_same_intervals_and_a_new_seed_new_ones() -> None:
    x = sample(np.random.default_rng(3), 80)
    a = bootstrap_reliability(x, n_boot=300, seed=11)
    b = bootstrap_reliability(x, n_boot=300, seed=11)
    c = bootstrap_reliability(x, n_boot=300, seed=12)
    assert a.intervals == b.intervals
    assert a.intervals["alpha"] != c.intervals["alpha"]
    assert (a.seed, a.n_boot, a.n_cases, a.level) == (11, 300, 80, 0.95)


def test_listwise_bootstrap_equals_a_plain_resampling_loop() -> None:
    # Same resamples drawn the plain way (one rng.integers(0, n, n) per resample, in order),
    # each analysed with the ordinary single-sample functions; percentiles as R's type 7.
    x = sample(np.random.default_rng(4), 60)
    x[[3, 17, 40], [0, 2, 5]] = np.nan  # three incomplete rows: listwise leaves 57
    got = bootstrap_reliability(x, n_boot=200, seed=5)
    xc = x[~np.isnan(x).any(axis=1)]
    idx = np.random.default_rng(5).integers(0, len(xc), size=(200, len(xc)))
    plain: dict[str, list[float]] = {"alpha": [], "omega_total": [], "lambda2": [], "lambda6": []}
    for rows in idx:
        resample = xc[rows]
        cov = np.cov(resample, rowvar=False)
        plain["alpha"].append(cronbach_alpha(resample).alpha)
        plain["omega_total"].append(omega_total(cov).omega_total)
        g = guttman_lambdas(cov)
        plain["lambda2"].append(g.lambda2)
        plain["lambda6"].append(g.lambda6)
    assert got.n_cases == 57
    for name, values in plain.items():
        assert got.intervals[name] == pytest.approx(tuple(np.quantile(values, [0.025, 0.975])), abs=1e-9), (
            name
        )


def test_pairwise_bootstrap_equals_a_plain_resampling_loop() -> None:
    x = sample(np.random.default_rng(6), 50)
    rng = np.random.default_rng(7)
    x[rng.random(x.shape) < 0.1] = np.nan
    x[0] = np.nan  # a row with no answer is not resampled
    got = bootstrap_reliability(x, n_boot=150, seed=8, missing="pairwise")
    kept = x[~np.isnan(x).all(axis=1)]
    idx = np.random.default_rng(8).integers(0, len(kept), size=(150, len(kept)))
    alphas = []
    for rows in idx:
        cov = pairwise_covariance(kept[rows]).cov
        k = cov.shape[0]
        alphas.append(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))
    assert got.n_cases == 49
    assert got.intervals["alpha"] == pytest.approx(tuple(np.quantile(alphas, [0.025, 0.975])), abs=1e-9)


@pytest.mark.slow  # a Monte Carlo run: 200 samples, each with its bootstraps
def test_coverage_close_to_nominal() -> None:
    """200 samples of 120 from the one-factor population: every 95% interval for alpha (Feldt,
    Duhachek-Iacobucci, percentile bootstrap) and the bootstrap interval for omega cover the
    population value in 90% to 98% of the samples. Seeded, about three seconds."""
    rng = np.random.default_rng(2024)
    alpha, omega = population_alpha(), population_omega()
    hits = {"feldt": 0, "duhachek": 0, "bootstrap_alpha": 0, "bootstrap_omega": 0}
    n, k, samples = 120, len(LOADINGS), 200
    for s in range(samples):
        x = sample(rng, n)
        cov = np.cov(x, rowvar=False)
        a = cronbach_alpha(x).alpha
        lo, hi = feldt_ci(a, n, k)
        hits["feldt"] += lo <= alpha <= hi
        d = duhachek_ci(cov, n)
        hits["duhachek"] += d.lower <= alpha <= d.upper
        boot = bootstrap_reliability(x, n_boot=300, seed=s)
        lo, hi = boot.intervals["alpha"]
        hits["bootstrap_alpha"] += lo <= alpha <= hi
        lo, hi = boot.intervals["omega_total"]
        hits["bootstrap_omega"] += lo <= omega <= hi
    coverage = {name: h / samples for name, h in hits.items()}
    assert all(0.90 <= c <= 0.98 for c in coverage.values()), coverage


def _reference_survey(name: str):  # type: ignore[no-untyped-def]
    spec = manifest()[name]
    inst = parse_instrument(instrument_doc(spec), path=f"manifest:{name}")
    return code_responses(load_survey(REFERENCE / "datasets" / spec["file"]), inst)


def test_seed_and_resamples_recorded_in_results_json() -> None:
    survey = _reference_survey("ds2_5pt_missing")
    opts = AnalysisOptions(bootstrap=250, seed=42, reliability_missing="pairwise")
    doc1 = results_dict(analyze(survey, opts), created="fixed")
    doc2 = results_dict(analyze(survey, opts), created="fixed")
    assert json.dumps(doc1) == json.dumps(doc2)
    assert doc1["options"]["seed"] == 42 and doc1["options"]["bootstrap"] == 250
    rel = doc1["scales"]["S"]["reliability"]
    assert rel["bootstrap"]["seed"] == 42 and rel["bootstrap"]["n_boot"] == 250
    boot = [iv for iv in rel["intervals"] if iv["method"] == "percentile bootstrap"]
    assert [iv["coefficient"] for iv in boot] == [
        "alpha",
        "alpha_standardized",
        "omega_total",
        "lambda2",
        "lambda6",
    ]
    assert all("seed 42" in iv["detail"] and iv["n"] == rel["bootstrap"]["n_cases"] for iv in boot)
    other = results_dict(analyze(survey, AnalysisOptions(bootstrap=250, seed=43)), created="fixed")
    assert other["scales"]["S"]["reliability"]["bootstrap"]["seed"] == 43


def test_cli_bootstrap_is_reproducible(tmp_path: Path) -> None:
    data = REFERENCE / "datasets" / "ds1_4pt_complete.csv"
    args = [
        "analyze",
        str(data),
        "--items",
        "A1-A5",
        "--points",
        "4",
        "--bootstrap",
        "200",
        "--seed",
        "9",
        "-q",
    ]
    for out in ("a", "b"):
        proc = run_cli(*args, "--out", str(tmp_path / out))
        assert proc.returncode == 0, proc.stderr
    a = json.loads((tmp_path / "a" / "results.json").read_text())
    b = json.loads((tmp_path / "b" / "results.json").read_text())
    assert a["scales"] == b["scales"]
    assert a["scales"]["scale"]["reliability"]["bootstrap"]["seed"] == 9
