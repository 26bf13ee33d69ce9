"""mcstats against R (psych::alpha, stats::t.test, car::leveneTest) on the reference datasets.

The expected numbers are in tests/reference/expected/*.json, written by
tests/reference/reference.R (see tests/reference/README.md); mcstats must equal them to
1e-10 on the same data, missing values and reverse-keyed items included.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from mcstats.analysis import AnalysisOptions, analyze
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.results import results_dict
from mcstats.validate import code_responses
from refdata import REFERENCE, instrument_doc, manifest

TOL = dict(rel=1e-10, abs=1e-10)
DATASETS = sorted(manifest())


def _results(name: str, score: str, *, group_levels: bool = True) -> dict[str, Any]:
    spec = manifest()[name]
    doc = instrument_doc(spec, group_levels=group_levels)
    inst = parse_instrument(doc, path=f"manifest:{name}")
    raw = load_survey(REFERENCE / "datasets" / spec["file"])
    survey = code_responses(raw, inst)
    return results_dict(analyze(survey, AnalysisOptions(score=score)), created="fixed")


def _expected(name: str) -> dict[str, Any]:
    return dict(json.loads((REFERENCE / "expected" / f"{name}.json").read_text()))


@pytest.mark.parametrize("name", DATASETS)
def test_reliability_equals_psych_alpha(name: str) -> None:
    got = _results(name, "sum")
    for sid, exp in _expected(name)["reliability"].items():
        rel = got["scales"][sid]["reliability"]
        assert rel["n"] == exp["n"]
        assert rel["n_items"] == exp["n_items"]
        for key in ("alpha", "alpha_standardized", "mean_inter_item_r"):
            assert rel[key] == pytest.approx(exp[key], **TOL), key
        assert rel["alpha_ci95"] == pytest.approx(exp["alpha_ci95"], **TOL)
        for item, e in exp["items"].items():
            for key, value in e.items():
                assert rel["items"][item][key] == pytest.approx(value, **TOL), (item, key)


@pytest.mark.parametrize("name", DATASETS)
def test_item_statistics_equal_r(name: str) -> None:
    got = _results(name, "sum")
    stats = {k: v for s in got["scales"].values() for k, v in s["item_statistics"].items()}
    for item, exp in _expected(name)["item_statistics"].items():
        for key in ("n", "mean", "sd", "min", "max"):
            assert stats[item][key] == pytest.approx(exp[key], **TOL), (item, key)


@pytest.mark.parametrize("name", DATASETS)
def test_frequencies_equal_r_table(name: str) -> None:
    # Values in sorted order, as R's table() and SPSS order them.
    got = _results(name, "sum", group_levels=False)["frequencies"]
    for col, exp in _expected(name)["frequencies"].items():
        table = got[col]
        assert table["missing"] == exp["missing"]
        assert table["total"] == exp["total"]
        rows = {str(r["value"]): r for r in table["rows"] if r["frequency"] > 0}
        assert sorted(rows) == sorted(str(r["value"]) for r in exp["rows"])
        for e in exp["rows"]:
            r = rows[str(e["value"])]
            assert r["frequency"] == e["frequency"]
            for key in ("percent", "valid_percent", "cumulative_percent"):
                assert r[key] == pytest.approx(e[key], **TOL), (col, e["value"], key)


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("score", ["sum", "mean"])
def test_ttests_equal_t_test_and_levene(name: str, score: str) -> None:
    expected = [t for t in _expected(name)["ttests"] if t["score"] == score]
    if not expected:
        pytest.skip(f"{name} has no grouping variable")
    got = {(t["scale"], t["group"]): t for t in _results(name, score)["ttests"]}
    for exp in expected:
        t = got[(exp["scale"], exp["group"])]
        assert t["levels"] == [str(v) for v in exp["levels"]]
        for g, e in zip(t["groups"], exp["groups"], strict=True):
            assert g["level"] == str(e["level"])
            assert g["n"] == e["n"]
            for key in ("mean", "sd", "se"):
                assert g[key] == pytest.approx(e[key], **TOL)
        for key in ("F", "df1", "df2", "p"):
            assert t["levene"][key] == pytest.approx(exp["levene"][key], **TOL), key
        for kind in ("student", "welch"):
            for key in ("t", "df", "p", "mean_difference", "se_difference", "t_critical"):
                assert t[kind][key] == pytest.approx(exp[kind][key], **TOL), (kind, key)
            assert t[kind]["ci95"] == pytest.approx(exp[kind]["ci95"], **TOL)
        assert t["cohen_d"] == pytest.approx(exp["cohen_d"], **TOL)
        assert t["hedges_g"] == pytest.approx(exp["hedges_g"], **TOL)
