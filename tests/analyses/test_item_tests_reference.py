"""Item-by-item group comparisons (`--item-tests`) against R (t.test, car::leveneTest,
aov, wilcox.test, kruskal.test, p.adjust per item) and PSPP's T-TEST and ONEWAY per item."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from analyses_data import HERE, MANIFEST, NAMES, close, expected, printed_close, tables

from mcstats.analysis import AnalysisOptions
from mcstats.engines import ReadOptions
from mcstats.instrument import parse_instrument
from mcstats.pipeline import compute
from mcstats.results import results_dict
from mcstats.stats.posthoc import p_adjust

CASES = [(name, i) for name in NAMES for i in range(len(expected(name)["item_tests"]))]


def _ids(case: tuple[str, int]) -> str:
    ref = expected(case[0])["item_tests"][case[1]]
    return f"{case[0]}-{ref['scale']}-{ref['group']}"


@cache
def _doc(name: str, group: str) -> dict[str, Any]:
    spec = MANIFEST[name]
    inst = parse_instrument(
        {
            "scale_points": spec["scale_points"],
            "scales": {
                sid: {"items": [{"column": c, "reverse": c in spec["reverse"]} for c in cols]}
                for sid, cols in spec["scales"].items()
            },
            "groups": [{"column": group}],
        }
    )
    opts = AnalysisOptions(item_tests=True, nonparametric=True, posthoc=(), p_adjust="holm")
    res = compute(HERE / spec["file"], inst, options=opts, read=ReadOptions(engine="stream"))
    return results_dict(res, created="fixed")


def _ours(case: tuple[str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    ref = expected(case[0])["item_tests"][case[1]]
    doc = _doc(case[0], ref["group"])
    ours = next(r for r in doc["item_tests"] if r["scale"] == ref["scale"])
    assert ours["levels"] == ref["items"][0]["levels"]
    return ref, ours


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_item_tests_equal_r(case: tuple[str, int]) -> None:
    ref, ours = _ours(case)
    ps = []
    for row, want in zip(ours["items"], ref["items"], strict=True):
        assert row["item"] == want["item"]
        for g, wg in zip(row["groups"], want["groups"], strict=True):
            assert g["n"] == wg["n"] and close(g["mean"], wg["mean"]) and close(g["sd"], wg["sd"])
        if "student" in want:
            assert row["test"] == "t" and row["decision_test"] == "student"
            for key in ("t", "df", "p", "t_critical"):
                assert close(row["student"][key], want["student"][key]), key
                assert close(row["welch"][key], want["welch"][key]), key
            assert close(row["statistic"], want["student"]["t"]) and close(
                row["critical"], want["student"]["t_critical"]
            )
            assert close(row["levene"]["F"], want["levene_mean"]["F"]) and close(
                row["levene"]["p"], want["levene_mean"]["p"]
            )
            assert close(row["cohen_d"], want["cohen_d"])
            assert close(row["rank_p"], want["mann_whitney_p"])
        else:
            a = want["anova"]
            assert row["test"] == "F" and row["df"] == [a["df1"], a["df2"]]
            assert (
                close(row["statistic"], a["F"])
                and close(row["p"], a["p"])
                and close(row["critical"], a["F_critical"])
            )
            assert close(row["rank_p"], want["kruskal_wallis"]["p"])
        assert close(row["p_adjusted"], want["p_holm"])
        ps.append(row["p"])
    for method, key in (("bonferroni", "p_bonferroni"), ("bh", "p_bh")):
        assert all(close(a, w[key]) for a, w in zip(p_adjust(ps, method), ref["items"], strict=True))
    # The scale score row is the scale's own test.
    assert ours["scale_score"]["item"] == ref["scale"]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_item_tests_equal_pspp_printed(case: tuple[str, int]) -> None:
    ref, ours = _ours(case)
    name = case[0]
    if ours["items"][0]["test"] == "t":
        t = tables(name, f"ttest {ref['group']} {ref['scale']}")["Independent Samples Test"]
        rows = {r[0]: (r, t[i + 1]) for i, r in enumerate(t) if r[1] == "Equal variances assumed"}
        for row in ours["items"]:
            st, we = rows[row["item"]]
            assert printed_close(row["levene"]["F"], st[2]) and printed_close(row["levene"]["p"], st[3])
            for r, cells in ((row["student"], st), (row["welch"], we)):
                assert printed_close(r["t"], cells[4]) and printed_close(r["df"], cells[5])
                assert printed_close(r["p"], cells[6]) and printed_close(r["mean_difference"], cells[7])
    else:
        t = tables(name, f"oneway-items {ref['group']} {ref['scale']}")["ANOVA"]
        rows = {r[0]: r for r in t if r[1] == "Between Groups"}
        for row in ours["items"]:
            r = rows[row["item"]]
            assert (
                int(r[3]) == row["df"][0]
                and printed_close(row["statistic"], r[5])
                and printed_close(row["p"], r[6])
            )
