"""mcstats.stats.distributions equals scipy.stats to the last bit (the reference here)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from mcstats.stats import distributions as d


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_grid_equals_scipy_stats() -> None:
    rng = np.random.default_rng(5)
    for _ in range(3000):
        df = float(rng.choice([1.0, 2.0, 5.0, 30.0, 117.3, 1000.0, 1e6])) * float(rng.random()) + 0.5
        x = float(rng.normal()) * 5
        q = float(rng.random())
        dfn, dfd = int(rng.integers(1, 50)), int(rng.integers(2, 5000))
        f = float(rng.random()) * 10
        assert same(d.t_sf(x, df), float(sps.t.sf(x, df)))
        assert same(d.t_ppf(q, df), float(sps.t.ppf(q, df)))
        assert same(d.f_sf(f, dfn, dfd), float(sps.f.sf(f, dfn, dfd)))
        assert same(d.f_ppf(q, dfn, dfd), float(sps.f.ppf(q, dfn, dfd)))
        assert same(d.norm_ppf(q), float(sps.norm.ppf(q)))


@pytest.mark.parametrize("df", [math.inf, math.nan, 0.0, -1.0, 0.5])
@pytest.mark.parametrize("q", [0.0, 1.0, 0.5, math.nan, 1.2, 0.975])
def test_edges_equal_scipy_stats(df: float, q: float) -> None:
    assert same(d.t_ppf(q, df), float(sps.t.ppf(q, df)))
    assert same(d.t_sf(q, df), float(sps.t.sf(q, df)))
    assert same(d.norm_ppf(q), float(sps.norm.ppf(q)))


@pytest.mark.parametrize("x", [-1.0, 0.0, 1.0, math.inf, math.nan])
@pytest.mark.parametrize(("dfn", "dfd"), [(1, 5), (0, 5), (2, 0), (math.nan, 5), (3, math.inf)])
def test_f_edges_equal_scipy_stats(x: float, dfn: float, dfd: float) -> None:
    assert same(d.f_sf(x, dfn, dfd), float(sps.f.sf(x, dfn, dfd)))
    for q in (0.0, 0.025, 0.975, 1.0):
        assert same(d.f_ppf(q, dfn, dfd), float(sps.f.ppf(q, dfn, dfd)))
