r"""A printed summary of whole-number scores: N, mean, SD, the scale, the items, the decimals.

GRIM, GRIMMER, the SD bounds and the range check all read the same group of printed facts
about one score; :class:`Summary` carries them once, so that the checks and their findings
pass one value instead of nine arguments.

The score is a single item (integers ``lo..hi``), the sum of ``k`` items or the mean of
``k`` items; on the *item-sum scale* every respondent contributes an integer and the
reported mean is :math:`T / (n f)` with :math:`f = k` for a mean of items, 1 otherwise
(:mod:`mcstats.integer_data`). The printed mean and SD stand for the audit's intervals of
:mod:`mcstats.printed` (closed, widened by its slack), so honest rounding never fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from mcstats.audit import _scale
from mcstats.audit._scale import Score
from mcstats.errors import UsageError
from mcstats.printed import Interval, Reported, printed_interval

__all__ = ["Summary"]


@dataclass(frozen=True)
class Summary:
    r"""The printed mean (and SD) of N whole-number scores on a scale.

    Parameters
    ----------
    mean : str, float, int or Decimal
        The printed mean, preferably as text (``"2.50"`` keeps its zero).
    n : int, optional
        Number of respondents; None when not printed.
    sd : str, float, int or Decimal, optional
        The printed sample SD.
    lo, hi : int, optional
        Lowest and highest response of one item (give both or neither).
    items : int
        Items averaged (``score="mean"``) or summed (``score="sum"``) in the score; 1 for a
        single item.
    score : {"mean", "sum"}
        Whether the score is the mean or the sum of its items.
    mean_decimals, sd_decimals : int, optional
        Decimals of ``mean`` and ``sd``; counted from them by default.

    Notes
    -----
    The reported mean of :math:`n` scores with total :math:`T` on the item-sum scale is
    :math:`T/(nf)` with :math:`f` = :attr:`factor`; its SD is that of the item sums divided
    by :math:`f`.

    References
    ----------
    Brown & Heathers (2017), GRIM; Anaya (2016), GRIMMER; Bhatia & Davis (2000).

    Examples
    --------
    >>> s = Summary("2.905", n=432, sd="3.215", lo=1, hi=4)
    >>> s.factor, s.describe()
    (1, 'a single item scored 1-4')
    >>> Summary("3.10", n=50, lo=1, hi=5, items=3).unit_bounds
    (3, 15)
    """

    mean: Reported
    n: int | None = None
    sd: Reported | None = None
    lo: int | None = None
    hi: int | None = None
    items: int = 1
    score: Score = "mean"
    mean_decimals: int | None = None
    sd_decimals: int | None = None

    def __post_init__(self) -> None:
        if (self.lo is None) != (self.hi is None):
            raise UsageError("give both lo and hi, or neither")

    def count(self, minimum: int = 1) -> int:
        """N, checked to be a whole number of at least ``minimum`` (a UsageError otherwise)."""
        _scale.check_n(self.n, minimum)  # type: ignore[arg-type]  # None is refused there
        assert self.n is not None
        return self.n

    @property
    def factor(self) -> int:
        """From the reported scale to the integer item-sum scale: ``items`` for a mean, else 1."""
        return _scale.unit_factor(self.items, self.score)

    @property
    def has_scale(self) -> bool:
        """Whether the item scale ``lo..hi`` is known."""
        return self.lo is not None and self.hi is not None

    @property
    def unit_bounds(self) -> tuple[int, int]:
        """One respondent's range on the item-sum scale, ``items*lo .. items*hi``."""
        lo, hi = self.scale
        return _scale.unit_bounds(lo, hi, self.items)

    @property
    def scale(self) -> tuple[int, int]:
        """``(lo, hi)``, checked; a UsageError when the scale is not given."""
        if self.lo is None or self.hi is None:
            raise UsageError("this check needs the scale (lo and hi)")
        _scale.check_scale(self.lo, self.hi, self.items, self.score)
        return self.lo, self.hi

    def describe(self) -> str:
        """The score in words, e.g. ``'the mean of 3 items on 1-5 (steps of 1/3)'``."""
        lo, hi = self.scale
        return _scale.describe(lo, hi, self.items, self.score)

    def mean_interval(self) -> Interval:
        """The audit's interval of the printed mean (closed, with slack)."""
        return printed_interval(self.mean, self.mean_decimals, policy="either-way", slack=True)

    def sd_interval(self) -> Interval:
        """The audit's interval of the printed SD (closed, with slack)."""
        if self.sd is None:
            raise UsageError("this check needs the SD")
        return printed_interval(self.sd, self.sd_decimals, policy="either-way", slack=True)
