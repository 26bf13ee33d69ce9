"""`--item-correlations` end to end: every item pair of every scale equals R's cor.test
(Pearson with its Fisher-z CI; Spearman rho with R's default p) on the pairwise-complete
cases, after reverse-keying, on the six reference datasets; the streamed and Dask runs
equal the in-memory one (the joint code histograms merge exactly). Expected values:
tests/reference/analyses/expected/<dataset>.json "item_correlations", written by
analyses.R there."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from analyses_data import NAMES, close, expected
from test_group_analyses_engines import _doc, _same

from mcstats.analysis import AnalysisOptions
from mcstats.report.tables import ReportOptions, build_report
from mcstats.stats.correlation import item_correlations, joint_code_counts
from mcstats.stats.moments import ItemBlockCounts

OPTIONS = AnalysisOptions(item_correlations=True, posthoc=())
GROUP = {name: expected(name)["anova"][0]["group"] if expected(name)["anova"] else None for name in NAMES}
WITH = [n for n in NAMES if n != "bfi_subset"] + [pytest.param("bfi_subset", marks=pytest.mark.slow)]


def _check(block: dict[str, Any], want: dict[str, Any]) -> None:
    assert block["scale"] == want["scale"] and block["items"] == want["items"]
    assert block["n"] == want["n"]
    assert all(close(a, b) for a, b in zip(block["mean"], want["mean"], strict=True))
    assert all(close(a, b) for a, b in zip(block["sd"], want["sd"], strict=True))
    assert len(block["pairs"]) == len(want["pairs"]) == math.comb(len(want["items"]), 2)
    for ours, ref in zip(block["pairs"], want["pairs"], strict=True):
        assert (ours["x"], ours["y"], ours["n"]) == (ref["x"], ref["y"], ref["n"])
        pe, rp = ours["pearson"], ref["pearson"]
        for key in ("r", "t", "p"):
            assert close(pe[key], rp[key], abs_=1e-15), (ours["x"], ours["y"], key)
        assert pe["df"] == rp["df"]
        assert all(close(a, b) for a, b in zip(pe["ci95"], rp["ci95"], strict=True))
        sp, rs = ours["spearman"], ref["spearman"]
        assert close(sp["rho"], rs["rho"]) and close(sp["p"], rs["p_default"], abs_=1e-15)


@pytest.mark.parametrize("name", WITH)
def test_item_correlations_equal_r_and_stream_equals_memory(name: str) -> None:
    memory = _doc(name, GROUP[name], "memory", OPTIONS)
    assert _same(memory, _doc(name, GROUP[name], "stream", OPTIONS)) == []
    want = expected(name)["item_correlations"]
    assert len(memory["item_correlations"]) == len(want)
    for block, ref in zip(memory["item_correlations"], want, strict=True):
        _check(block, ref)
    # The table: one per scale, Pearson below the diagonal, Spearman above.
    doc = {**memory, "input": {**memory["input"], "path": f"{name}.csv"}}  # _doc drops the path
    tables = [t for t in build_report(doc, ReportOptions()).tables if t.name == "item-correlations"]
    assert [t.id for t in tables] == [f"item_correlations_{b['scale']}" for b in want]
    first = want[0]
    assert len(tables[0].rows) == len(first["items"]) and len(tables[0].columns) == 4 + len(first["items"])


@pytest.mark.slow
def test_dask_equals_memory() -> None:
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        for name in ("an1_small_groups", "ds2_5pt_missing"):
            memory = _doc(name, GROUP[name], "memory", OPTIONS)
            dask = _doc(name, GROUP[name], "dask", OPTIONS, scheduler=c.scheduler_address)
            assert _same(memory, dask) == []


def test_not_asked_not_computed() -> None:
    doc = _doc("an1_small_groups", "site", "memory", AnalysisOptions(posthoc=()))
    assert doc["item_correlations"] is None


@pytest.mark.parametrize(("k", "points"), [(1, 4), (3, 4), (7, 5), (11, 7), (6, 15), (3, 200)])
def test_joint_counts_equal_a_direct_count_and_merge(k: int, points: int) -> None:
    """Four-, three- and two-item blocks (by the number of points), any number of items,
    codes out of range as missing: equal to counting each pair of codes directly; two
    halves add up to the whole."""
    codes = np.random.default_rng(k).integers(-1, points + 2, size=(k, 3000))
    J = joint_code_counts(codes, points)
    for i in range(k):
        for j in range(k):
            want = np.zeros((points, points), dtype=np.int64)
            ok = (codes[i] >= 1) & (codes[i] <= points) & (codes[j] >= 1) & (codes[j] <= points)
            np.add.at(want, (codes[i][ok] - 1, codes[j][ok] - 1), 1)
            assert np.array_equal(J[i, j], want), (i, j)
    halves = joint_code_counts(codes[:, :1000], points) + joint_code_counts(codes[:, 1000:], points)
    assert np.array_equal(J, halves)
    # What the engines keep per chunk: block tables that add, read off as pairs at the end.
    chunks = [ItemBlockCounts.count(codes[:, a : a + 700], points) for a in range(0, 3000, 700)]
    total = ItemBlockCounts.empty(k, points)
    for chunk in chunks:
        total = total + chunk
    assert np.array_equal(total.pair_tables(), J)
    with pytest.raises(ValueError, match="do not add"):
        total + ItemBlockCounts.empty(k + 1, points)


def test_constant_item_gets_a_note_not_a_crash() -> None:
    res = item_correlations([[1, 2], [1, 3], [1, 4], [1, 1]], ["a", "b"], 4)
    (pair,) = res.pairs
    assert math.isnan(pair.pearson.r) and pair.pearson.note and "constant" in pair.pearson.note
    assert res.sd[0] == 0.0
