"""No false alarms: real integer data, summarised as a paper would, never trip a check.

Hypothesis draws Likert data (4- and 5-point items, N from 2 to 500, single items and
composites of k items, scored as means or sums, skewed and two-ended distributions
included), summarises them exactly, prints them at 2 or 3 decimals (round half up, or half
even) and runs every check on the printed values. None may report anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Literal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from mcstats.audit import (
    alpha_findings,
    cumulative_findings,
    debit_findings,
    grand_mean_findings,
    grim,
    grimmer,
    mean_in_range,
    mean_sd_findings,
    percent_findings,
    percent_total_findings,
    response_rate_findings,
    sd_bounds_findings,
    sd_possible,
    total_findings,
    ttest_findings,
    valid_percent_findings,
)
from mcstats.audit.findings import grimmer_findings


def _print(x: Fraction | float, d: int, mode: str) -> str:
    """Print an exact value (Fraction) or a float with d decimals."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = x if isinstance(x, Fraction) else Fraction(Decimal(repr(x)))
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
        return str(value.quantize(Decimal(1).scaleb(-d), rounding=mode))


def _print_sqrt(v: Fraction, d: int, mode: str) -> str:
    with localcontext() as ctx:
        ctx.prec = 60
        value = (Decimal(v.numerator) / Decimal(v.denominator)).sqrt()
        return str(value.quantize(Decimal(1).scaleb(-d), rounding=mode))


def _var(xs: list[int]) -> Fraction:
    n = len(xs)
    t = sum(xs)
    return (sum(x * x for x in xs) - Fraction(t * t, n)) / (n - 1)


@dataclass(frozen=True)
class Survey:
    points: int
    items: int
    score: str
    n: int
    data: np.ndarray
    d: int
    mode: str
    split: float
    missing: int
    extra: int


@st.composite
def surveys(draw: st.DrawFn) -> Survey:
    points = draw(st.sampled_from([4, 5]))
    items = draw(st.sampled_from([1, 1, 2, 3, 5]))
    score = draw(st.sampled_from(["mean", "sum"]))
    n = draw(st.one_of(st.integers(2, 12), st.integers(2, 500)))
    # Category weights; zeros give two-ended or one-sided data (SD near its maximum or 0).
    weights = draw(
        st.lists(st.integers(0, 6), min_size=points, max_size=points).filter(lambda w: sum(w) > 0)
    )
    seed = draw(st.integers(0, 2**32 - 1))
    decimals = draw(st.sampled_from([2, 3]))
    mode = draw(st.sampled_from([ROUND_HALF_UP, ROUND_HALF_UP, ROUND_HALF_EVEN]))
    split = draw(st.floats(0.05, 0.95))
    missing = draw(st.integers(0, 50))
    extra = draw(st.integers(0, 300))
    rng = np.random.default_rng(seed)
    p = np.array(weights, dtype=float) / sum(weights)
    data = rng.choice(np.arange(1, points + 1), size=(n, items), p=p)
    return Survey(points, items, score, n, data.astype(int), decimals, mode, split, missing, extra)


@pytest.mark.slow  # a property run of 300 surveys through every check
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys())
def test_no_check_fires_on_real_data(s: Survey) -> None:
    data, points, items, n, d, mode = s.data, s.points, s.items, s.n, s.d, s.mode
    score: Literal["mean", "sum"] = "mean" if s.score == "mean" else "sum"
    factor = items if score == "mean" else 1

    sums = [int(v) for v in data.sum(axis=1)]  # item sums, integers on items..items*points
    mean = _print(Fraction(sum(sums), n * factor), d, mode)
    var_sum = _var(sums)
    sd = _print_sqrt(var_sum / factor**2, d, mode)
    ctx = (points, items, score, n, mean, sd, d, mode)

    # Mean and SD checks.
    assert mean_in_range(mean, 1, points, items=items, score=score), ctx
    assert grim(mean, n, items=items, score=score), ctx
    assert grimmer(mean, sd, n, items=items, score=score, lo=1, hi=points), ctx
    assert sd_possible(n, mean, sd, 1, points, items=items, score=score), ctx
    assert mean_sd_findings(n, mean, sd, 1, points, items=items, score=score) == [], ctx
    assert sd_bounds_findings(n, mean, sd, 1, points, items=items, score=score) == [], ctx
    assert grimmer_findings(mean, sd, n, items=items, score=score, lo=1, hi=points) == [], ctx

    # Each item on its own, and the grand mean of the item means.
    item_cols = [[int(v) for v in data[:, j]] for j in range(items)]
    item_means = [_print(Fraction(sum(c), n), d, mode) for c in item_cols]
    item_vars = [_var(c) for c in item_cols]
    item_sds = [_print_sqrt(v, d, mode) for v in item_vars]
    for m_i, s_i in zip(item_means, item_sds, strict=True):
        assert mean_sd_findings(n, m_i, s_i, 1, points) == [], (ctx, m_i, s_i)
    if score == "mean":
        assert grand_mean_findings(item_means, mean) == [], (ctx, item_means)

    # Cronbach's alpha from item SDs and the total SD (sum score, or mean score).
    if items >= 2 and var_sum > 0:
        alpha = Fraction(items, items - 1) * (1 - sum(item_vars) / var_sum)
        alpha_txt = _print(alpha, d, mode)
        assert alpha_findings(item_sds, sd, alpha_txt, total_is_mean=(score == "mean")) == [], (
            ctx,
            item_sds,
            alpha_txt,
        )

    # DEBIT on the first item split at its middle.
    binary = [1 if v > (points + 1) / 2 else 0 for v in item_cols[0]]
    b_mean = _print(Fraction(sum(binary), n), d, mode)
    b_sd = _print_sqrt(_var(binary), d, mode)
    assert debit_findings(b_mean, b_sd, n) == [], (ctx, b_mean, b_sd)

    # Frequency table of the first item (percentages at 1 decimal, as SPSS prints them).
    counts = [item_cols[0].count(v) for v in range(1, points + 1)]
    pcts = [_print(Fraction(100 * c, n), 1, mode) for c in counts]
    cum = [_print(Fraction(100 * sum(counts[: i + 1]), n), 1, mode) for i in range(points)]
    for c, pct in zip(counts, pcts, strict=True):
        assert percent_findings(c, n, pct) == [], (ctx, counts, pcts)
    assert cumulative_findings(counts, cum) == [], (ctx, counts, cum)
    assert percent_total_findings(pcts, "100.0") == [], (ctx, pcts)
    assert total_findings(counts, n) == []
    missing, extra = s.missing, s.extra
    valid = _print(Fraction(100 * counts[0], n), 1, mode)
    assert valid_percent_findings(counts[0], n + missing, missing, valid) == []
    rate = _print(Fraction(100 * n, n + extra), 1, mode)
    assert response_rate_findings(n, n + extra, rate) == []

    # t-test of the score between the first n1 and the other n2 respondents.
    if n >= 4:
        n1 = min(max(2, round(s.split * n)), n - 2)
        g1, g2 = sums[:n1], sums[n1:]
        n2 = n - n1
        v1, v2 = _var(g1) / factor**2, _var(g2) / factor**2
        if v1 + v2 > 0:
            m1, m2 = Fraction(sum(g1), n1 * factor), Fraction(sum(g2), n2 * factor)
            diff = float(m1 - m2)
            for method in ("student", "welch"):
                if method == "student":
                    df = float(n1 + n2 - 2)
                    se = math.sqrt(float(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
                                   * (1 / n1 + 1 / n2))  # fmt: skip
                    df_txt = str(n1 + n2 - 2)
                else:
                    a, b = float(v1) / n1, float(v2) / n2
                    se = math.sqrt(a + b)
                    df = (a + b) ** 2 / (a**2 / (n1 - 1) + b**2 / (n2 - 1))
                    df_txt = _print(df, 2, mode)
                t = diff / se
                p = float(2 * sps.t.sf(abs(t), df))
                tcrit = float(sps.t.ppf(0.975, df))
                found = ttest_findings(
                    n1,
                    _print(m1, d, mode),
                    _print_sqrt(v1, d, mode),
                    n2,
                    _print(m2, d, mode),
                    _print_sqrt(v2, d, mode),
                    t=_print(t, 2, mode),
                    df=df_txt,
                    p=_print(p, 3, mode),
                    t_critical=_print(tcrit, 3, mode),
                )
                assert found == [], (ctx, method, n1, t, df, p, [f.message for f in found])
