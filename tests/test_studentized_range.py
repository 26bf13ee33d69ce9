"""ptukey/qtukey (mcstats.stats.studentized_range) against R's ptukey/qtukey on a grid.

Expected values: tests/reference/studentized_range/expected.json, written by
studentized_range.R there (R 4.2.2). The module follows the algorithm R uses
(Copenhaver & Holland 1988), so the agreement is to rounding, not to R's accuracy.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from mcstats.stats.distributions import t_sf
from mcstats.stats.studentized_range import ptukey, qtukey

REF = json.loads((Path(__file__).parent / "reference" / "studentized_range" / "expected.json").read_text())


def _num(v: float | str) -> float:
    return float(v)  # R writes df = Inf and NaN results as strings


@pytest.mark.parametrize(
    "nmeans",
    [pytest.param(k, marks=pytest.mark.slow) if k not in (3, 10) else k for k in (2, 3, 4, 5, 10, 20)],
)
def test_ptukey_equals_r_on_the_grid(nmeans: int) -> None:
    """Both tails on 12 q x 16 df (2 to Inf, both sides of R's df thresholds) x nranges 1, 3;
    two of the six nmeans in the fast run, all in the slow one."""
    P = REF["ptukey"]
    q = np.asarray(P["q"], dtype=float)
    df = np.array([_num(v) for v in P["df"]])
    worst = 0.0
    for k in (nmeans,):
        for r in sorted(set(P["nranges"])):
            sel = (np.asarray(P["nmeans"]) == k) & (np.asarray(P["nranges"]) == r)
            lower = ptukey(q[sel], k, df[sel], r)
            upper = ptukey(q[sel], k, df[sel], r, lower_tail=False)
            worst = max(
                worst,
                float(np.max(np.abs(lower - np.asarray(P["lower"])[sel]))),
                float(np.max(np.abs(upper - np.asarray(P["upper"])[sel]))),
            )
    assert len(q) == 2304 and worst < 1e-13


@pytest.mark.parametrize(
    "prob",
    [pytest.param(p, marks=pytest.mark.slow) if p != 0.95 else p for p in (0.5, 0.9, 0.95, 0.99, 0.999)],
)
def test_qtukey_equals_r_on_the_grid(prob: float) -> None:
    """5 nmeans x 8 df x nranges 1, 2 per probability (0.95 in the fast run). The secant
    stops where R's does, so the quantiles agree to rounding (1e-12 relative)."""
    Q = REF["qtukey"]
    checked = 0
    rows = zip(Q["p"], Q["nmeans"], Q["df"], Q["nranges"], Q["q"], strict=True)
    for p, k, d, r, want in (row for row in rows if row[0] == prob):
        got = qtukey(p, k, _num(d), r)
        if want == "NaN":  # R's secant step divides 0 by 0 there (and warns); so do we
            assert math.isnan(got), (p, k, d, r)
            continue
        assert abs(got - want) <= 1e-12 * want, (p, k, d, r, got, want)
        checked += 1
    assert checked == 80 - {0.5: 1, 0.999: 2}.get(prob, 0)


def test_many_values_at_once_equal_each_alone() -> None:
    """ptukey and qtukey over arrays of values with different df (a Games-Howell call: one
    df per pair) give, value by value, the numbers of a call for that value alone: the
    array form only batches the work. The R grid of qtukey, all in one call, too."""
    rng = np.random.default_rng(5)
    q = rng.uniform(0.01, 8.0, 120)
    df = np.concatenate(
        [
            rng.uniform(2, 30, 40),
            rng.uniform(30, 30000, 40),
            [2, 2.3, 100, 100.5, 800, 801, 5000, 5001, 25000, 25001] * 4,
        ]
    )
    for k in (2, 4, 7):
        together = ptukey(q, k, df)
        assert [float(x) for x in together] == [float(ptukey(a, k, b)) for a, b in zip(q, df, strict=True)]
    together_q = qtukey(0.95, 4, df[::3])
    assert [float(x) for x in together_q] == [qtukey(0.95, 4, float(d)) for d in df[::3]]
    Q = REF["qtukey"]
    for r in (1, 2):
        for k in sorted(set(Q["nmeans"])):
            rows = [
                row
                for row in zip(Q["p"], Q["nmeans"], Q["df"], Q["nranges"], Q["q"], strict=True)
                if row[1] == k and row[3] == r and row[0] == 0.95
            ]
            got = qtukey(0.95, k, np.array([_num(row[2]) for row in rows]), r)
            for g, row in zip(got, rows, strict=True):
                want = row[4]
                assert (math.isnan(g) and want == "NaN") or abs(g - want) <= 1e-12 * want, (row, g)


def test_two_means_is_the_t_distribution() -> None:
    """With two means Q = sqrt(2)|T|: an identity independent of R (to the algorithm's
    accuracy, about 1e-9 at moderate df)."""
    for df in (5.0, 12.0, 40.0, 300.0):
        for q in (1.0, 2.5, 4.0):
            assert ptukey(q, 2, df, lower_tail=False) == pytest.approx(
                2 * t_sf(q / math.sqrt(2), df), abs=1e-9
            )


def test_edges_as_r() -> None:
    assert ptukey(0.0, 3, 10) == 0.0 and ptukey(-1.0, 3, 10, lower_tail=False) == 1.0
    assert ptukey(math.inf, 3, 10) == 1.0
    assert math.isnan(ptukey(2.0, 3, 1.9)) and math.isnan(ptukey(2.0, 1, 10))
    assert math.isnan(ptukey(math.nan, 3, 10))
    assert qtukey(0.0, 3, 10) == 0.0 and qtukey(1.0, 3, 10) == math.inf
    assert math.isnan(qtukey(1.5, 3, 10)) and math.isnan(qtukey(0.95, 3, 1.5))
    assert qtukey(0.05, 3, 10, lower_tail=False) == qtukey(0.95, 3, 10)
    arr = ptukey(np.array([1.0, 3.0]), 4, np.array([10.0, math.inf]))
    assert isinstance(arr, np.ndarray) and arr.shape == (2,)
