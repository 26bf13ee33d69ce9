"""`analyze` with the group comparisons of issue 16, end to end: the one-way ANOVA and the
rank tests in results.json equal R, and the streamed (and Dask) runs equal the in-memory run."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from analyses_data import HERE, MANIFEST, close, expected

from mcstats.analysis import AnalysisOptions
from mcstats.engines import ReadOptions
from mcstats.instrument import Instrument, parse_instrument
from mcstats.pipeline import compute
from mcstats.results import load_schema, results_dict

OPTIONS = AnalysisOptions(anova=True, nonparametric=True, item_tests=True)
# (dataset, grouping column): three to five levels, a two-respondent level, empty cells.
RUNS = [
    ("an1_small_groups", "site"),
    ("an1_small_groups", "sex"),
    ("ds7_4pt_demographics", "qualification"),
    ("an2_no_ties", "arm"),
    pytest.param("bfi_subset", "education", marks=pytest.mark.slow),
]


def _instrument(name: str, group: str) -> Instrument:
    spec = MANIFEST[name]
    return parse_instrument(
        {
            "scale_points": spec["scale_points"],
            "scales": {
                sid: {"items": [{"column": c, "reverse": c in spec["reverse"]} for c in cols]}
                for sid, cols in spec["scales"].items()
            },
            "groups": [{"column": group}],
        }
    )


def _doc(name: str, group: str, engine: str, options: AnalysisOptions = OPTIONS, **kw: Any) -> dict[str, Any]:
    path = HERE / MANIFEST[name]["file"]
    res = compute(path, _instrument(name, group), options=options, read=ReadOptions(engine=engine, **kw))
    doc = json.loads(json.dumps(results_dict(res, created="fixed")))
    jsonschema.validate(doc, load_schema())
    for key in ("path", "sha256", "engine"):  # the engine that read the file differs by design
        doc["input"].pop(key, None)
    return doc


def _same(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{path}: keys differ"]
        return [d for k in a for d in _same(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: lengths differ"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _same(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and isinstance(b, float | int):
        return [] if math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-12) else [f"{path}: {a} != {b}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


@pytest.mark.parametrize(("name", "group"), RUNS)
def test_results_json_equals_r_and_stream_equals_memory(name: str, group: str) -> None:
    memory = _doc(name, group, "memory")
    assert _same(memory, _doc(name, group, "stream")) == []
    refs = {(r["scale"], r["group"]): r for r in expected(name)["anova"]}
    ranks = {(r["scale"], r["group"]): r for r in expected(name)["rank_tests"]}
    assert memory["anova"] and len(memory["anova"]) == len(MANIFEST[name]["scales"])
    for a in memory["anova"]:
        ref = refs[(a["scale"], group)]
        assert a["levels"] == ref["levels"] and a["n"] == ref["n"]
        for key in ("F", "p", "ss_between", "ss_within", "df_within"):
            assert close(a["table"][key], ref["table"][key]), key
        for key in ("welch", "brown_forsythe", "levene_mean", "levene_median"):
            assert close(a[key]["F"], ref[key]["F"]) and close(a[key]["p"], ref[key]["p"]), key
        assert close(a["eta_squared"], ref["eta_squared"]) and close(a["omega_squared"], ref["omega_squared"])
        for c, want in zip(a["scheffe"] or [], ref["scheffe"], strict=True):
            assert close(c["p"], want["p"]) and close(c["ci"][0], want["ci95"][0])
        assert a["scheffe"] is not None
    for r in memory["rank_tests"]:
        ref = ranks[(r["scale"], group)]
        assert close(r["kruskal_wallis"]["H"], ref["kruskal_wallis"]["H"])
        assert close(r["kruskal_wallis"]["p"], ref["kruskal_wallis"]["p"])
        if "mann_whitney" in ref:
            mw = r["mann_whitney"]
            assert close(mw["U"], ref["mann_whitney"]["U"]) and close(mw["p"], ref["mann_whitney"]["p"])
            assert (mw["p_method"] == "exact") == ref["mann_whitney"]["exact"]


def test_mean_scores_give_the_same_tests() -> None:
    """F, H and every p are the same for the mean score (the sum divided by k)."""
    total = _doc("an1_small_groups", "site", "memory")
    mean = _doc(
        "an1_small_groups", "site", "memory", AnalysisOptions(anova=True, nonparametric=True, score="mean")
    )
    a, b = total["anova"][0], mean["anova"][0]
    assert close(a["table"]["F"], b["table"]["F"]) and close(a["welch"]["p"], b["welch"]["p"])
    assert close(b["groups"][1]["mean"], a["groups"][1]["mean"] / 4)
    assert close(total["rank_tests"][0]["kruskal_wallis"]["H"], mean["rank_tests"][0]["kruskal_wallis"]["H"])


@pytest.mark.slow
def test_dask_equals_memory() -> None:
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        for name, group in (("an1_small_groups", "site"), ("bfi_subset", "education")):
            memory = _doc(name, group, "memory")
            dask = _doc(name, group, "dask", scheduler=c.scheduler_address)
            assert _same(memory, dask) == []


def test_t_decision_levene_uses_welch_when_levene_is_significant() -> None:
    """The bundled example's Levene p is .007 (issue 16): the levene rule decides by Welch."""
    from mcstats.instrument import load_instrument

    inst = load_instrument(Path("instruments/example_4point.yaml"))
    path = Path("data/examples/example_4point.csv")
    for rule, used in (("student", "student"), ("welch", "welch"), ("levene", "welch")):
        res = compute(path, inst, options=AnalysisOptions(t_decision=rule), read=ReadOptions(engine="memory"))
        doc = results_dict(res, created="fixed")
        t = next(t for t in doc["ttests"] if t["levene"]["p"] < 0.05)
        assert (t["decision_rule"], t["decision_test"]) == (rule, used)
        row = t[used]
        assert f"p = {row['p']:.3g}" in t["decision"]


def test_bad_options_are_usage_errors() -> None:
    from mcstats.errors import UsageError

    with pytest.raises(UsageError, match="t_decision must be one of student, welch, levene"):
        AnalysisOptions(t_decision="spss")
    with pytest.raises(UsageError, match="posthoc takes a list of tukey, games-howell, scheffe"):
        AnalysisOptions(posthoc=("lsd",))
    with pytest.raises(UsageError, match="p_adjust must be one of none, holm, bonferroni, bh"):
        AnalysisOptions(p_adjust="fdr")
