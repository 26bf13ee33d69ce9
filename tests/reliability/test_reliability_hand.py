"""Reliability by hand: pairwise deletion, zero-variance items, clear errors, one rule per table."""

from __future__ import annotations

import html as html_lib
import json
import math
import os
import subprocess
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest

from clirun import run_cli
from mcstats.analysis import AnalysisOptions
from mcstats.errors import DataError, UsageError
from mcstats.instrument import instrument_from_options
from mcstats.results import load_schema, results_dict
from mcstats.stats.scale_reliability import ItemReliability, ScaleReliability, scale_reliability
from mcstats.validate import code_responses

NAN = float("nan")

# Five respondents, three items, three empty cells.
PAIRWISE = np.array(
    [
        [1, 2, 1],
        [2, NAN, 3],
        [3, 4, 3],
        [4, 4, NAN],
        [NAN, 5, 4],
    ]
)


def row(res: ScaleReliability, item: str) -> ItemReliability:
    out = res.items[item]
    assert isinstance(out, ItemReliability)
    return out


def test_pairwise_covariances_and_counts_by_hand() -> None:
    # Pair (item1, item2): rows 1, 3, 4 -> x = 1, 3, 4 (mean 8/3), y = 2, 4, 4 (mean 10/3);
    # deviations (-5/3, 1/3, 4/3) and (-4/3, 2/3, 2/3); products 20/9 + 2/9 + 8/9 = 10/3;
    # covariance 10/3 / 2 = 5/3. Variances use every answer of the item: item1 = 1..4 -> 5/3.
    res = scale_reliability(PAIRWISE, missing="pairwise")
    # N of each pair: (1,2) rows 1,3,4 = 3; (1,3) rows 1,2,3 = 3; (2,3) rows 1,3,5 = 3; items 4 each.
    assert (res.n_pairwise_min, res.n_pairwise_max, res.n) == (3, 4, 3)
    assert res.missing_rule == "pairwise" and res.n_excluded == 0
    c12 = 5 / 3
    # (1,3): x = 1, 2, 3 (mean 2), z = 1, 3, 3 (mean 7/3): (-1)(-4/3) + 0 + (1)(2/3) = 2 -> 1.
    c13 = 1.0
    # (2,3): y = 2, 4, 5 (mean 11/3), z = 1, 3, 4 (mean 8/3):
    # (-5/3)(-5/3) + (1/3)(1/3) + (4/3)(4/3) = 42/9 -> 42/9 / 2 = 7/3.
    c23 = 7 / 3
    v1 = 5 / 3  # 1, 2, 3, 4
    # item2 = 2, 4, 4, 5 (mean 15/4): deviations -7/4, 1/4, 1/4, 5/4, squares sum 76/16.
    v2 = (76 / 16) / 3
    # item3 = 1, 3, 3, 4 (mean 11/4): deviations -7/4, 1/4, 1/4, 5/4 again.
    v3 = (76 / 16) / 3
    total = v1 + v2 + v3 + 2 * (c12 + c13 + c23)
    alpha = 1.5 * (1 - (v1 + v2 + v3) / total)
    assert res.alpha == pytest.approx(alpha, abs=1e-12)
    # Alpha if item 3 is deleted: the same covariances of items 1 and 2 (two items: 2 * (1 - (v1 + v2) / V)).
    drop3 = 2 * (1 - (v1 + v2) / (v1 + v2 + 2 * c12))
    assert row(res, "item3").alpha_if_deleted == pytest.approx(drop3, abs=1e-12)
    assert (row(res, "item1").n_min, row(res, "item1").n_max) == (3, 3)


def test_pairwise_alpha_if_deleted_is_the_headline_rule_without_the_item() -> None:
    # No mixing of rules: under pairwise deletion each covariance depends only on its two items,
    # so alpha without item i equals the headline figure recomputed on the other items.
    rng = np.random.default_rng(1)
    x = rng.integers(1, 6, size=(60, 5)).astype(float) + rng.integers(0, 2, size=(60, 1))
    x[rng.random(x.shape) < 0.15] = np.nan
    res = scale_reliability(x, missing="pairwise")
    for i, name in enumerate(res.items):
        rest = scale_reliability(np.delete(x, i, axis=1), missing="pairwise")
        assert res.items[name].alpha_if_deleted == pytest.approx(rest.alpha, abs=1e-12), name
        assert row(res, name).omega_if_deleted == pytest.approx(rest.omega_total, abs=1e-9), name
    # Under listwise deletion the table keeps the same cases: the complete cases of all items.
    lw = scale_reliability(x, missing="listwise")
    complete = x[~np.isnan(x).any(axis=1)]
    for i, name in enumerate(lw.items):
        same_cases = scale_reliability(np.delete(complete, i, axis=1))
        assert lw.items[name].alpha_if_deleted == pytest.approx(same_cases.alpha, abs=1e-12), name


def test_pairwise_without_missing_values_is_listwise() -> None:
    rng = np.random.default_rng(1)
    x = rng.integers(1, 6, size=(40, 5)).astype(float) + rng.integers(0, 3, size=(40, 1))
    a = scale_reliability(x, missing="listwise")
    b = scale_reliability(x, missing="pairwise")
    for key in ("alpha", "alpha_standardized", "omega_total", "lambda2", "lambda6", "n", "n_pairwise_max"):
        assert getattr(a, key) == pytest.approx(getattr(b, key), abs=1e-12), key


def test_zero_variance_item_is_named_not_nan() -> None:
    # item3 is always 3. item1 = 1..4 (variance 5/3), item2 = 2, 3, 3, 4 (variance 2/3),
    # cov(item1, item2) = (1.5 + 0 + 0 + 1.5) / 3 = 1. Total variance 5/3 + 2/3 + 2 = 13/3,
    # alpha = 3/2 * (1 - (7/3) / (13/3)) = 9/13. lambda-2: off-diagonal sum 2, squares 2:
    # (2 + sqrt(3/2 * 2)) / (13/3).
    x = np.array([[1, 2, 3], [2, 3, 3], [3, 3, 3], [4, 4, 3]], float)
    res = scale_reliability(x, ordinal=True)
    assert res.zero_variance_items == ("item3",)
    assert res.alpha == pytest.approx(9 / 13, abs=1e-12)
    assert res.lambda2 == pytest.approx((2 + math.sqrt(3)) * 3 / 13, abs=1e-12)
    for value in (res.alpha_standardized, res.omega_total, res.lambda6, row(res, "item1").smc):
        assert math.isnan(value)
    assert row(res, "item3").zero_variance is True
    assert res.ordinal is not None and "item3" in (res.ordinal.note or "")
    # Through the whole analysis: named in the note and the warnings, null (not NaN) in JSON.
    data = pd.DataFrame(x, columns=["Q1", "Q2", "Q3"]).astype(int)
    path = Path("/nonexistent.csv")
    survey = code_responses(_raw(data, path), instrument_from_options("Q1-Q3", 4))
    from mcstats.analysis import analyze

    result = analyze(survey, AnalysisOptions(ordinal=True))
    doc = results_dict(result, created="fixed")
    text = json.dumps(doc, allow_nan=False)
    assert "NaN" not in text
    scale = doc["scales"]["scale"]
    assert "Q3" in scale["reliability_note"] and scale["reliability"]["omega_total"] is None
    assert scale["reliability"]["items"]["Q3"]["zero_variance"] is True
    assert any("Q3" in w for w in doc["warnings"])
    jsonschema.validate(doc, load_schema())


def _raw(frame: pd.DataFrame, path: Path):  # type: ignore[no-untyped-def]
    import tempfile

    from mcstats.io import load_survey

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.csv"
        frame.to_csv(p, index=False)
        return load_survey(p)


def test_pair_answered_together_by_one_respondent_is_a_clear_error() -> None:
    x = np.array([[1, NAN, 2], [2, NAN, 3], [3, 4, 4], [NAN, 5, 2], [NAN, 2, 1]], float)
    with pytest.raises(DataError, match="items item1 and item2 were answered together by only 1 respondent"):
        scale_reliability(x, missing="pairwise")
    with pytest.raises(DataError, match="only 1 respondent"):
        scale_reliability(x, missing="listwise")


def test_options_are_checked() -> None:
    with pytest.raises(UsageError, match="reliability_missing"):
        AnalysisOptions(reliability_missing="available")
    with pytest.raises(UsageError, match="bootstrap must"):
        AnalysisOptions(bootstrap=-1)
    with pytest.raises(UsageError, match="seed must"):
        AnalysisOptions(seed=-3)
    assert AnalysisOptions(reliability_missing="pairwise").reliability_missing == "pairwise"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # wide enough that rich does not wrap table cells
    return run_cli(*args, env=env)


@pytest.mark.slow  # several CLI runs
def test_cli_reliability_options_end_to_end(tmp_path: Path) -> None:
    data = Path("tests/reference/datasets/ds2_5pt_missing.csv")
    proc = run(
        "analyze",
        str(data),
        "--items",
        "Q1-Q8",
        "--points",
        "5",
        "--out",
        str(tmp_path),
        "--format",
        "md,html,docx",
        "--reliability-missing",
        "pairwise",
        "--bootstrap",
        "200",
        "--seed",
        "3",
        "--ordinal",
        "--reliability",  # every coefficient and interval (the default table is compact)
        "full",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "results.json").read_text())
    jsonschema.validate(doc, load_schema())
    rel = doc["scales"]["scale"]["reliability"]
    assert rel["missing_rule"] == "pairwise" and "pairwise" in doc["missing_rules"]["reliability"]
    n_text = f"{rel['n_pairwise_min']}–{rel['n_pairwise_max']}"
    # Terminal, Markdown, HTML and Word each name every method and print the N beside each figure.
    report = (tmp_path / "report.md").read_text()
    html = html_lib.unescape((tmp_path / "report.html").read_text())
    # The terminal table fits 80 columns, so a method name may wrap inside its cell there.
    terminal = proc.stdout.replace("percentile ", "percentile\n")
    for text in (terminal, report, html):
        for needle in ("Feldt", "Duhachek-Iacobucci", n_text, "McDonald's ω total"):
            assert needle in text, needle
    assert "percentile" in terminal and "bootstrap" in terminal
    for text in (report, html):
        assert "percentile bootstrap" in text
    assert "Ordinal α (polychoric correlations)" in report and "seed 3" in report
    import docx

    cells = [
        [c.text for c in row.cells]
        for t in docx.Document(str(tmp_path / "report.docx")).tables
        for row in t.rows
    ]
    row = next(r for r in cells if r[0] == "McDonald's ω total")
    assert row[2] == n_text and "percentile bootstrap" in row


def test_cli_rejects_unknown_missing_rule(tmp_path: Path) -> None:
    proc = run(
        "analyze",
        "data/examples/example_4point.csv",
        "--instrument",
        "instruments/example_4point.yaml",
        "--reliability-missing",
        "available",
        "--out",
        str(tmp_path),
    )
    assert proc.returncode == 2 and "--reliability-missing" in proc.stderr and "Traceback" not in proc.stderr
    proc = run(
        "analyze",
        "data/examples/example_4point.csv",
        "--instrument",
        "instruments/example_4point.yaml",
        "--bootstrap",
        "-5",
        "--out",
        str(tmp_path),
    )
    assert proc.returncode == 2 and "--bootstrap" in proc.stderr
