"""`--crosstab` and `--correlations` end to end: results.json equals R (chisq.test,
fisher.test, cor.test) and the streamed run equals the in-memory run."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from analyses_data import HERE, MANIFEST, NAMES, close, expected
from test_group_analyses_engines import _same

from clirun import run_cli
from mcstats.analysis import AnalysisOptions
from mcstats.engines import ReadOptions
from mcstats.instrument import parse_instrument
from mcstats.pipeline import compute
from mcstats.results import load_schema, results_dict
from mcstats.stats.correlation import spearman_p


def _doc(name: str, engine: str) -> dict[str, Any]:
    spec = MANIFEST[name]
    items = {c for cols in spec["scales"].values() for c in cols}
    cats = sorted({c for pair in spec["crosstabs"] for c in pair if c not in items} - set(spec["groups"]))
    inst = parse_instrument(
        {
            "scale_points": spec["scale_points"],
            "scales": {
                sid: {"items": [{"column": c, "reverse": c in spec["reverse"]} for c in cols]}
                for sid, cols in spec["scales"].items()
            },
            "groups": [{"column": g} for g in spec["groups"]],
            **({"categorical": [{"column": c} for c in cats]} if cats else {}),
        }
    )
    opts = AnalysisOptions(
        crosstabs=tuple((r, c) for r, c in spec["crosstabs"]), correlations=True, posthoc=()
    )
    res = compute(HERE / spec["file"], inst, options=opts, read=ReadOptions(engine=engine))
    doc = json.loads(json.dumps(results_dict(res, created="fixed")))
    jsonschema.validate(doc, load_schema())
    for key in ("path", "sha256", "engine"):  # the engine that read the file differs by design
        doc["input"].pop(key, None)
    return doc


WITH = [n for n in NAMES if n != "bfi_subset"] + [pytest.param("bfi_subset", marks=pytest.mark.slow)]


@pytest.mark.parametrize("name", WITH)
def test_crosstabs_and_correlations_equal_r_and_stream_equals_memory(name: str) -> None:
    memory = _doc(name, "memory")
    assert _same(memory, _doc(name, "stream")) == []
    ref = expected(name)
    assert len(memory["crosstabs"]) == len(ref["crosstabs"])
    for ours, want in zip(memory["crosstabs"], ref["crosstabs"], strict=True):
        assert (ours["row"], ours["column"]) == (want["row"], want["column"])
        assert ours["row_levels"] == want["row_levels"] and ours["column_levels"] == want["column_levels"]
        assert ours["counts"] == want["counts"]
        assert close(ours["pearson"]["statistic"], want["pearson"]["chi2"]) and close(
            ours["pearson"]["p"], want["pearson"]["p"]
        )
        assert close(ours["likelihood_ratio"]["statistic"], want["likelihood_ratio"]["G2"])
        assert close(ours["cramers_v"], want["cramers_v"])
        assert ours["n_expected_below_5"] == want["n_expected_below_5"]
        if "fisher" in want:
            assert close(ours["fisher"]["p"], want["fisher"]["p"])
    scales = MANIFEST[name]["scales"]
    want_pairs = {(c["x"], c["y"]): c for c in ref["correlations"] if c["x"] in scales and c["y"] in scales}
    got = {(c["x"], c["y"]): c for c in memory["correlations"]["pairs"]} if memory["correlations"] else {}
    assert set(want_pairs) <= set(got)
    for key, want in want_pairs.items():
        c = got[key]
        assert c["n"] == want["n"]
        assert close(c["pearson"]["r"], want["pearson"]["r"]) and close(
            c["pearson"]["p"], want["pearson"]["p"]
        )
        assert all(close(a, b) for a, b in zip(c["pearson"]["ci95"], want["pearson"]["ci95"], strict=True))
        assert close(c["spearman"]["rho"], want["spearman"]["rho"])
        # The fixture has R's exact = FALSE p; untied pairs get AS 89 (R's default) instead.
        sp = c["spearman"]
        p_t = sp["p"] if sp["p_method"] == "t" else spearman_p(sp["rho"], c["n"], ties=True)[0]
        assert close(p_t, want["spearman"]["p"])


def test_cli_all_demographics_crosses_every_categorical_column_with_the_group(tmp_path: Any) -> None:

    data = HERE / "datasets" / "an1_small_groups.csv"
    args = ["analyze", str(data), "--items", "S1-S4", "--points", "5", "--reverse", "S3", "--group", "site"]
    args += ["--freq", "member,sex", "--crosstab", "all-demographics", "--out", str(tmp_path)]
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "results.json").read_text())
    assert [(x["row"], x["column"]) for x in doc["crosstabs"]] == [("member", "site"), ("sex", "site")]
    # R's site x member table (analyses.R) is the transpose: the same chi-square and V.
    want = next(x for x in expected("an1_small_groups")["crosstabs"] if x["row"] == "site")
    got = doc["crosstabs"][0]
    assert got["counts"] == [list(col) for col in zip(*want["counts"], strict=True)]
    assert close(got["pearson"]["statistic"], want["pearson"]["chi2"]) and close(
        got["cramers_v"], want["cramers_v"]
    )
    bad = run_cli(*args[:-2], "--crosstab", "member", "--out", str(tmp_path / "b"))
    assert (
        bad.returncode == 2 and "--crosstab needs two columns" in bad.stderr and "Traceback" not in bad.stderr
    )


@pytest.mark.slow
def test_dask_files_read_carefully_count_in_every_analysis(tmp_path: Any) -> None:
    """Two files through ``--engine dask``, one of them with a blank line (so it goes to the
    careful reader, not Dask's): item tests, ANOVA, crosstabs, scale and item correlations
    equal the in-memory run on both files as one (every row counted in each analysis)."""
    pytest.importorskip("dask.dataframe")
    import numpy as np

    rng = np.random.default_rng(8)
    header = "site,sex," + ",".join(f"q{j}" for j in range(1, 7))

    def rows(n: int) -> list[str]:
        out = []
        for _ in range(n):
            cells = [str(rng.integers(1, 6)) if rng.random() > 0.05 else "" for _ in range(6)]
            site, sex = rng.choice(["north", "south", "east"]), rng.choice(["M", "F"])
            out.append(f"{site},{sex}," + ",".join(cells))
        return out

    first, second = rows(150), rows(120)
    (tmp_path / "wave_1.csv").write_text("\n".join([header, *first]) + "\n", encoding="utf-8")
    (tmp_path / "wave_2.csv").write_text("\n".join([header, *second[:60], "", *second[60:]]) + "\n")
    (tmp_path / "all.csv").write_text("\n".join([header, *first, *second]) + "\n", encoding="utf-8")
    inst = parse_instrument(
        {
            "scale_points": 5,
            "scales": {"A": ["q1", "q2", {"column": "q3", "reverse": True}], "B": ["q4", "q5", "q6"]},
            "groups": [{"column": "site"}],
            "categorical": [{"column": "sex"}],
        }
    )
    crosstabs = (("sex", "site"), ("q1", "site"))
    opts = AnalysisOptions(item_tests=True, crosstabs=crosstabs, correlations=True, item_correlations=True)
    docs = {}
    for engine, path in (("memory", tmp_path / "all.csv"), ("dask", tmp_path / "wave_*.csv")):
        res = compute(path, inst, options=opts, read=ReadOptions(engine=engine))
        docs[engine] = json.loads(json.dumps(results_dict(res, created="fixed")))
    for key in ("anova", "item_tests", "crosstabs", "correlations", "item_correlations"):
        assert docs["memory"][key], key
        assert _same(docs["memory"][key], docs["dask"][key]) == [], key
