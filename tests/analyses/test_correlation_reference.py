"""Pearson and Spearman correlations from joint histograms against R's cor.test and PSPP's
CORRELATIONS; constant variables and tiny samples."""

from __future__ import annotations

import math

import pytest
from analyses_data import MANIFEST, NAMES, close, expected, printed_close, tables, variable

from mcstats.stats.correlation import correlate, pearson_from_sums, spearman_p

CASES = [(name, i) for name in NAMES for i in range(len(expected(name)["correlations"]))]


def _ids(case: tuple[str, int]) -> str:
    ref = expected(case[0])["correlations"][case[1]]
    return f"{case[0]}-{ref['x']}-{ref['y']}"


def _run(name: str, i: int):  # type: ignore[no-untyped-def]
    ref = expected(name)["correlations"][i]
    x = variable(name, ref["x"]).astype(float).to_numpy()
    y = variable(name, ref["y"]).astype(float).to_numpy()
    return ref, correlate(x, y, names=(ref["x"], ref["y"]))


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_correlations_equal_r(case: tuple[str, int]) -> None:
    ref, res = _run(*case)
    assert res.n == ref["n"] == res.pearson.n
    pe = ref["pearson"]
    assert res.pearson.df == pe["df"]
    for key in ("r", "t", "p"):
        assert close(getattr(res.pearson, key), pe[key], abs_=1e-15), key
    assert all(close(a, b) for a, b in zip(res.pearson.ci95, pe["ci95"], strict=True))
    assert close(res.spearman.rho, ref["spearman"]["rho"])
    # The fixture's Spearman p is cor.test(exact = FALSE), the t approximation: ours when a
    # variable has ties; untied pairs get R's default AS 89 p (test_spearman_reference.py).
    sp = res.spearman
    p_t = sp.p if sp.p_method == "t" else spearman_p(sp.rho, res.n, ties=True)[0]
    assert close(p_t, ref["spearman"]["p"], abs_=1e-15)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_pearson_equals_pspp_printed(case: tuple[str, int]) -> None:
    ref, res = _run(*case)
    scales = MANIFEST[case[0]]["scales"]
    spec_names = {v: (f"{v}_sum" if v in scales else v) for v in (ref["x"], ref["y"])}
    t = tables(case[0], "correlations")["Correlations"]
    header = t[0]
    col = header.index(spec_names[ref["y"]])
    block = next(i for i, r in enumerate(t) if r[0] == spec_names[ref["x"]])
    assert printed_close(res.pearson.r, t[block][col])
    assert printed_close(res.pearson.p, t[block + 1][col])
    assert int(t[block + 2][col]) == res.n


def test_constant_variable_and_tiny_samples_are_explained() -> None:
    res = correlate([1, 2, 3, 4], [2, 2, 2, 2])
    assert (
        math.isnan(res.pearson.r) and res.pearson.note == "y is constant over the 4 cases, so r is undefined"
    )
    assert math.isnan(res.spearman.rho) and res.spearman.note
    small = pearson_from_sums(2, 3, 3, 5, 5, 5)
    assert math.isnan(small.r) and small.note == "2 case(s): r needs at least 3"
    # n = 3: r and p exist, the Fisher-z CI (n - 3 = 0) does not, as in R.
    three = correlate([1, 2, 3], [1, 3, 2])
    assert three.pearson.r == 0.5 and math.isnan(three.pearson.ci95[0])
