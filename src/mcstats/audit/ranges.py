r"""Range checks: a mean cannot lie outside the range of its score.

A single item or the mean of :math:`k` items scored :math:`a..b` has its mean in
:math:`[a, b]`; the sum of :math:`k` items has its mean in :math:`[ka, kb]`. A reported mean
outside, by more than its rounding, is impossible whatever the data.
"""

from __future__ import annotations

from fractions import Fraction

from mcstats.audit import _scale
from mcstats.audit._scale import Score
from mcstats.printed import Reported, exact_interval


def score_range(lo: int, hi: int, *, items: int = 1, score: Score = "mean") -> tuple[int, int]:
    """Smallest and largest possible score: ``(lo, hi)`` for a mean, ``(k*lo, k*hi)`` for a sum.

    Examples
    --------
    >>> score_range(1, 5, items=4, score="sum"), score_range(1, 5, items=4)
    ((4, 20), (1, 5))
    """
    _scale.check_scale(lo, hi, items, score)
    return _scale.reported_bounds(lo, hi, items, score)


def mean_in_range(
    mean: Reported,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> bool:
    r"""Whether a reported mean can lie within the range of its score.

    Parameters
    ----------
    mean : Reported
        The reported mean, preferably as printed text.
    lo, hi : int
        Lowest and highest response of one item.
    items, score
        The score: single item, or mean (``"mean"``) or sum (``"sum"``) of ``items`` items.
    decimals : int | None
        Decimals of ``mean``; counted from it by default.

    Returns
    -------
    bool
        True when the mean's rounding interval meets the score range.

    Notes
    -----
    Rule: :math:`[\bar x - \tfrac12 10^{-d}, \bar x + \tfrac12 10^{-d}] \cap [A, B] \ne
    \emptyset` with :math:`[A, B] = [a, b]` for a mean of items and :math:`[ka, kb]` for a
    sum of :math:`k` items.

    References
    ----------
    Brown & Heathers (2017), GRIM; any reported mean must lie within the scale.

    Examples
    --------
    >>> mean_in_range("4.12", 1, 4), mean_in_range("4.00", 1, 4)
    (False, True)
    >>> mean_in_range("3.50", 1, 4, items=5, score="sum")  # a 5-item sum is 5..20
    False
    """
    a, b = score_range(lo, hi, items=items, score=score)
    mlo, mhi = exact_interval(mean, decimals)
    return mhi >= Fraction(a) and mlo <= Fraction(b)
