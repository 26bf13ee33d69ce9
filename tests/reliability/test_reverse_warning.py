"""The reverse-key warning fires only for a clearly negative corrected item-total r
(issue 20, point 5): r < -0.1 and its 95% Fisher interval below zero.

Expected values are hand calculations written here: Fisher's interval
atanh(r) +- 1.959964 / sqrt(N - 3), and the corrected item-total r as the Pearson r of the
item with the sum of the other items (numpy's corrcoef, not mcstats).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mcstats.stats.scale_reliability import clearly_negative_item_total, scale_reliability


@pytest.mark.parametrize(
    ("r", "n", "warned"),
    [
        # atanh(-0.35) = -0.365444, 1.959964 / sqrt(27) = 0.377195: upper end +0.0118 > 0.
        (-0.35, 30, False),
        # atanh(-0.37) = -0.388423: upper end -0.0112 < 0.
        (-0.37, 30, True),
        # atanh(-0.45) = -0.484700: upper end -0.1075.
        (-0.45, 30, True),
        # Noise at scale: the interval (-0.003, +0.001) holds zero.
        (-0.001, 1_000_000, False),
        # The interval lies below zero (upper -0.048), but r is above the -0.1 floor.
        (-0.05, 1_000_000, False),
        # atanh(-0.11) = -0.110447, 1.959964 / sqrt(9997) = 0.019602: upper -0.0908.
        (-0.11, 10_000, True),
        (-0.999, 3, False),  # N - 3 = 0: no interval
        (-1.0, 10, True),
        (float("nan"), 100, False),
        (0.2, 100, False),
    ],
)
def test_rule_by_hand(r: float, n: int, warned: bool) -> None:
    assert clearly_negative_item_total(r, n) is warned


def _survey(seed: int, n: int, loading: float) -> np.ndarray:
    """Three items on a latent trait and a fourth loading ``loading`` on it (4 points)."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    good = 1 + np.searchsorted([-1, 0, 1], latent + rng.normal(size=(n, 3)))
    fourth = 1 + np.searchsorted([-1, 0, 1], loading * latent[:, 0] + rng.normal(size=n))
    return np.column_stack([good, fourth]).astype(float)


def _corrected_r(x: np.ndarray, j: int) -> float:
    rest = np.delete(x, j, axis=1).sum(axis=1)
    return float(np.corrcoef(x[:, j], rest)[0, 1])


def _warned(x: np.ndarray) -> tuple[list[str], tuple[str, ...]]:
    res = scale_reliability(x, ["Q1", "Q2", "Q3", "Q4"])
    return [d for d in res.diagnostics if "correlates negatively" in d], res.negative_items


def test_negligible_negative_at_large_n_is_listed_not_warned() -> None:
    x = _survey(1, 4000, -0.04)
    r = _corrected_r(x, 3)
    assert r == pytest.approx(-0.047814, abs=1e-6)
    assert math.atanh(r) + 1.959964 / math.sqrt(4000 - 3) < 0  # the interval alone would warn
    warnings, negative = _warned(x)
    assert negative == ("Q4",)  # still flagged in the item-total table
    assert warnings == []


def test_chance_negative_in_a_small_sample_is_not_warned() -> None:
    x = _survey(0, 30, -0.45)
    r = _corrected_r(x, 3)
    assert r == pytest.approx(-0.314459, abs=1e-6)
    assert math.atanh(r) + 1.959964 / math.sqrt(27) > 0  # interval -0.61 to +0.05
    warnings, negative = _warned(x)
    assert negative == ("Q4",)
    assert warnings == []


def test_missing_reverse_key_is_warned() -> None:
    x = _survey(0, 30, -1.5)
    r = _corrected_r(x, 3)
    assert r == pytest.approx(-0.606112, abs=1e-6)  # upper end of its interval: -0.326
    warnings, negative = _warned(x)
    assert "Q4" in negative
    assert len(warnings) == 1 and "item Q4" in warnings[0] and "-0.606" in warnings[0]
