"""Bounded memory and time for inputs that multiply work (issue 19, item 2)."""

from __future__ import annotations

import tracemalloc

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


@pytest.mark.parametrize("k", [om.DIRECT_DELETION_MAX_K + 1, 60])
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
