"""Bounded memory and time for inputs that multiply work (issue 19, item 2)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from mcstats.errors import DataError
from mcstats.stats import omega as om
from mcstats.stats.alpha_ci import bootstrap_reliability


def _one_factor(k: int, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    lam = rng.uniform(0.1, 0.8, size=k)
    x = rng.normal(size=(n, 1)) * lam + rng.normal(size=(n, k)) * np.sqrt(1 - lam**2)
    return np.cov(x, rowvar=False)


@pytest.mark.parametrize("k", [om.DIRECT_DELETION_MAX_K + 1, pytest.param(60, marks=pytest.mark.slow)])
def test_warm_deletions_equal_the_direct_fits(k: int) -> None:
    """The O(k^2) path solves the same equations as fitting each (k-1)-item matrix."""
    r = om.cov_to_cor(_one_factor(k, 400, k))
    direct = om._direct_deletions(r)
    warm = om._warm_deletions(r)
    assert np.allclose(warm, direct, atol=1e-9, rtol=0)
    # and the public function picks the warm path above the threshold
    assert np.allclose(om.omega_if_deleted(r), direct, atol=1e-9, rtol=0)


def test_omega_if_deleted_memory_is_quadratic_in_the_items() -> None:
    """200 items: stacking k copies of a k x k matrix would take 64 MB per temporary (the
    Newton fit holds several); the bounded path stays within a few k x k matrices."""
    k = 200
    cov = _one_factor(k, 300, 7)
    tracemalloc.start()
    try:
        om.omega_if_deleted(cov)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * k * k * 8, f"peak {peak / 2**20:.1f} MiB"


@pytest.mark.slow  # 100 resamples of a 100-item scale under tracemalloc: ten seconds of CPU
def test_bootstrap_batches_are_bounded_by_the_matrix_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the stack limited to ten 100 x 100 matrices, 100 resamples are fitted ten at a
    time: unbounded, each temporary of the stack would be 8 MB (the fit holds about ten) beside
    the 12 MB of row products."""
    import mcstats.stats.alpha_ci as ac

    k = 100
    monkeypatch.setattr(ac, "STACK_CELLS", 10 * k * k)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 1)) + 0.7 * rng.normal(size=(300, k))
    tracemalloc.start()
    try:
        bootstrap_reliability(x, n_boot=100, seed=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_bootstrap_of_a_huge_scale_is_refused_with_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import mcstats.stats.alpha_ci as ac

    monkeypatch.setattr(ac, "MAX_BOOTSTRAP_BYTES", 1 << 20)
    x = np.ones((100, 200))
    with pytest.raises(DataError, match=r"limit .* GiB"):
        bootstrap_reliability(x, n_boot=10)


def test_item_ranges_are_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    from mcstats.errors import UsageError
    from mcstats.instrument import parse_item_spec

    with pytest.raises(UsageError, match=r"999999999 columns.*MCSTATS_MAX_ITEMS"):
        parse_item_spec("Q1-Q999999999")
    monkeypatch.setenv("MCSTATS_MAX_ITEMS", "3")
    assert parse_item_spec("Q1-Q3") == ["Q1", "Q2", "Q3"]
    with pytest.raises(UsageError, match="at most 3 items"):
        parse_item_spec("Q1-Q3,Q9")
    monkeypatch.setenv("MCSTATS_MAX_ITEMS", "many")
    with pytest.raises(UsageError, match="MCSTATS_MAX_ITEMS must be a whole number"):
        parse_item_spec("Q1")


def test_pair_counts_of_many_values_are_counted_sparsely_and_exactly() -> None:
    """Crosstab counts of two columns with many values (issue 19, round 2): counted per
    pair present, equal to counting the pairs one by one, in memory of the rows."""
    from collections import Counter

    from mcstats.engines.moments import _add_pairs

    rng = np.random.default_rng(7)
    for n_a, n_b, rows in ((3, 4, 500), (5000, 6000, 800), (20_000, 20_000, 2000)):
        ia = rng.integers(-1, n_a, size=rows)  # -1: missing
        ib = rng.integers(-1, n_b, size=rows)
        la = [f"a{i}" for i in range(n_a)]
        lb = [f"b{i}" for i in range(n_b)]
        want = Counter((la[a], lb[b]) for a, b in zip(ia, ib, strict=True) if a >= 0 and b >= 0)

        from types import SimpleNamespace

        m = SimpleNamespace(pairs={("A", "B"): Counter()})
        tracemalloc.start()
        _add_pairs(m, {"A": (la, ia), "B": (lb, ib)})  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert m.pairs[("A", "B")] == want
        assert peak < 50_000_000, peak  # a dense 20,000 x 20,000 table would be 3.2 GB


def test_crosstab_and_group_levels_are_limited(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mcstats.analysis import AnalysisOptions
    from mcstats.engines import ReadOptions
    from mcstats.instrument import parse_instrument
    from mcstats.pipeline import compute

    p = tmp_path / "s.csv"
    lines = ["Q1,Q2,A,B,G"] + [
        f"{1 + (7 * i + i // 5) % 4},{1 + (i * 3 + i // 7) % 4},a{i % 6},b{i % 5},g{i % 4}" for i in range(60)
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inst = parse_instrument(
        {"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}, "categorical": [{"column": "A"}, {"column": "B"}]}
    )
    opts = AnalysisOptions(crosstabs=(("A", "B"),))
    monkeypatch.setenv("MCSTATS_MAX_CROSSTAB_CELLS", "29")
    with pytest.raises(DataError, match="6 x 5 values make 30 cells, more than the 29"):
        compute(p, inst, options=opts, read=ReadOptions(groups=()))
    monkeypatch.setenv("MCSTATS_MAX_CROSSTAB_CELLS", "30")
    assert compute(p, inst, options=opts, read=ReadOptions(groups=())).crosstabs[0].result.n == 60
    grouped = parse_instrument(
        {"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}, "groups": [{"column": "G"}]}
    )
    monkeypatch.setenv("MCSTATS_MAX_GROUP_LEVELS", "3")
    with pytest.raises(DataError, match="has 4 levels, more than the 3 compared at once"):
        compute(p, grouped)
    monkeypatch.setenv("MCSTATS_MAX_GROUP_LEVELS", "4")
    assert len(compute(p, grouped).anova) == 1
