"""Spearman's p as R's cor.test(method = "spearman") gives it by default: AS 89 (exact for
n <= 9, Edgeworth series up to n = 1290) without ties, the t approximation with ties or
above 1290. Expected values: tests/reference/analyses/expected/spearman.json, written by
spearman.R there."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from mcstats.stats.correlation import correlate, spearman_p

REF = json.loads(
    (Path(__file__).parents[1] / "reference" / "analyses" / "expected" / "spearman.json").read_text()
)["cases"]


def _method(case: dict) -> str:  # type: ignore[type-arg]
    if case["ties"] or case["n"] > 1290:
        return "t"
    return "exact" if case["n"] <= 9 else "edgeworth"


@pytest.mark.parametrize("case", REF, ids=[c["name"] for c in REF])
def test_spearman_p_equals_r(case: dict) -> None:  # type: ignore[type-arg]
    res = correlate(case["x"], case["y"]).spearman
    assert res.n == case["n"]
    assert math.isclose(res.rho, case["rho"], rel_tol=1e-12, abs_tol=1e-14)
    assert res.p_method == _method(case)
    assert math.isclose(res.p, case["p"], rel_tol=1e-10, abs_tol=1e-14), (res.p, case["p"])


@pytest.mark.parametrize("case", REF, ids=[c["name"] for c in REF])
def test_t_approximation_equals_r_exact_false(case: dict) -> None:  # type: ignore[type-arg]
    p, how = spearman_p(case["rho"], case["n"], ties=True)
    assert how == "t"
    assert math.isclose(p, case["p_t_approximation"], rel_tol=1e-10, abs_tol=1e-14)


def test_the_fixture_covers_every_branch() -> None:
    assert {_method(c) for c in REF} == {"exact", "edgeworth", "t"}
    assert any(c["n"] == 1290 and not c["ties"] for c in REF)
    assert any(c["n"] == 1291 and not c["ties"] for c in REF)


def test_exact_distribution_by_hand() -> None:
    """n = 3: the six permutations have S = 0, 2, 2, 6, 6, 8, so rho = 1 has the
    one-sided p 1/6 and two-sided 1/3 (enumerated by hand)."""
    p, how = spearman_p(1.0, 3, ties=False)
    assert how == "exact" and p == pytest.approx(1 / 3, abs=1e-15)
    p, _ = spearman_p(0.5, 3, ties=False)  # S = 2: P(S <= 2) = 3/6, doubled
    assert p == pytest.approx(1.0)
