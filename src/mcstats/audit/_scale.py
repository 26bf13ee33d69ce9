"""The score a reported statistic is about, reduced to integers (internal helpers).

A score is a single item (integers ``lo..hi``), the sum of ``k`` items (integers
``k*lo..k*hi``) or the mean of ``k`` items (steps of ``1/k`` on ``lo..hi``). Every check
works on the *item-sum scale*: the mean of ``k`` items is multiplied by ``k`` (its *unit
factor*) so that each respondent contributes an integer, and the N respondents' integers
add up to an integer total ``T``. Responses are assumed complete (no item skipped).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from mcstats.errors import UsageError

#: Whether the score is the mean of its items or their sum (irrelevant for one item).
Score: TypeAlias = Literal["mean", "sum"]


def check_n(n: int, minimum: int = 1, what: str = "n") -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum:
        raise UsageError(f"{what} must be a whole number of at least {minimum}, not {n!r}")


def check_scale(lo: int, hi: int, items: int = 1, score: str = "mean") -> None:
    for name, v in (("lo", lo), ("hi", hi)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise UsageError(f"the scale bound {name} must be a whole number, not {v!r}")
    if lo >= hi:
        raise UsageError(f"the scale needs lo < hi (got {lo}..{hi})")
    check_n(items, 1, "items")
    if score not in ("mean", "sum"):
        raise UsageError(f"score must be 'mean' or 'sum', not {score!r}")


def unit_factor(items: int, score: Score) -> int:
    """Factor from the reported scale to the integer item-sum scale."""
    check_n(items, 1, "items")
    if score not in ("mean", "sum"):
        raise UsageError(f"score must be 'mean' or 'sum', not {score!r}")
    return items if score == "mean" else 1


def unit_bounds(lo: int, hi: int, items: int) -> tuple[int, int]:
    """Range of one respondent's item sum: ``k*lo .. k*hi``."""
    return items * lo, items * hi


def reported_bounds(lo: int, hi: int, items: int, score: Score) -> tuple[int, int]:
    """Range of the reported score: ``lo..hi`` for a mean, ``k*lo..k*hi`` for a sum."""
    if score == "sum":
        return items * lo, items * hi
    return lo, hi


def describe(lo: int, hi: int, items: int, score: Score) -> str:
    """Plain words for the score, e.g. ``'the mean of 3 items on 1-5'``."""
    if items == 1:
        return f"a single item scored {lo}-{hi}"
    if score == "sum":
        return f"the sum of {items} items scored {lo}-{hi} (range {items * lo}-{items * hi})"
    return f"the mean of {items} items scored {lo}-{hi} (steps of 1/{items})"
