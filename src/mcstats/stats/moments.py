"""Mergeable sufficient statistics of a Likert survey: one pass, any number of chunks.

Likert responses are small integers, so every statistic of ``mcstats analyze`` follows
from integer counts and sums that add up exactly across chunks, partitions or machines:

* per item, the count of each code (available cases): N, mean, SD, min, max and the
  frequency table;
* per scale, over the cases that answered every item (listwise): the case count, the item
  sums and the cross-products: item means, the covariance matrix, and from those alpha
  and the whole item-total table;
* per scale and group, the histogram of the complete-case sum score: group N, mean, SD
  and Levene's test (the absolute deviations are a function of the score value), hence
  both t-tests;
* per scale, the sum and count of respondents' means (available items).

The integer accumulators are exact (int64; a sum of 10 million products of codes up to
11 stays far below 2**63), so merging in any order, chunk size or partitioning gives the
same numbers, and the covariance is computed from exact integers with a single rounding:
``cov_ij = (n * XtX_ij - s_i * s_j) / (n * (n - 1))``. This is why no compensated
summation is needed: there is no floating-point accumulation to compensate.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from mcstats.stats.descriptives import ItemStatistics, mean_ci


@dataclass
class ItemCounts:
    """Count of each code 0..points of one item (index 0 unused) and of missing cells."""

    counts: np.ndarray
    missing: int = 0

    @classmethod
    def empty(cls, points: int) -> ItemCounts:
        return cls(np.zeros(points + 1, dtype=np.int64), 0)

    def add(self, codes: np.ndarray) -> None:
        """Add a column of codes (floats 1..points, NaN missing)."""
        ok = ~np.isnan(codes)
        self.counts += np.bincount(codes[ok].astype(np.int64), minlength=self.counts.size)[: self.counts.size]
        self.missing += int((~ok).sum())

    def merge(self, other: ItemCounts) -> None:
        self.counts += other.counts
        self.missing += other.missing


def item_statistics_from_counts(counts: np.ndarray, missing: int = 0) -> ItemStatistics:
    r"""N, mean, SD, min and max of an item from the count of each code.

    Notes
    -----
    With :math:`f_c` cases answering code c: :math:`n = \sum f_c`,
    :math:`\bar x = \sum c f_c / n`, :math:`s^2 = (n\sum c^2 f_c - (\sum c f_c)^2)/(n(n-1))`,
    the numerator computed in exact integers.

    Examples
    --------
    >>> s = item_statistics_from_counts(np.array([0, 1, 0, 1, 2]), missing=1)  # 1, 3, 4, 4
    >>> s.n, s.mean, round(s.sd, 6), s.min, s.max, s.n_missing
    (4, 3.0, 1.414214, 1.0, 4.0, 1)
    """
    codes = np.arange(counts.size)
    n = int(counts.sum())
    if n == 0:
        nan = math.nan
        return ItemStatistics(0, nan, nan, nan, nan, int(missing))
    s1 = int((codes * counts).sum())
    s2 = int((codes * codes * counts).sum())
    mean = s1 / n
    sd = math.sqrt((n * s2 - s1 * s1) / (n * (n - 1))) if n > 1 else math.nan
    used = np.flatnonzero(counts)
    return ItemStatistics(
        n, mean, sd, float(used.min()), float(used.max()), int(missing), mean_ci(mean, sd, n)
    )


@dataclass
class ScaleMoments:
    """Complete-case count, item sums and cross-products of one scale (exact integers)."""

    n: int
    sums: np.ndarray
    cross: np.ndarray
    n_incomplete: int = 0

    @classmethod
    def empty(cls, k: int) -> ScaleMoments:
        return cls(0, np.zeros(k, dtype=np.int64), np.zeros((k, k), dtype=np.int64), 0)

    def add(self, x: np.ndarray) -> np.ndarray:
        """Add rows of item codes (NaN missing); returns the mask of complete rows."""
        complete = ~np.isnan(x).any(axis=1)
        xf = x[complete]
        self.n += int(xf.shape[0])
        self.sums += xf.sum(axis=0).round().astype(np.int64)
        # A BLAS product in doubles is exact here: every partial sum is an integer below
        # 2**53 (codes <= 11, so a block would need over 7e13 rows to lose a digit).
        self.cross += (xf.T @ xf).round().astype(np.int64)
        self.n_incomplete += int((~complete).sum())
        return complete

    def merge(self, other: ScaleMoments) -> None:
        self.n += other.n
        self.sums += other.sums
        self.cross += other.cross
        self.n_incomplete += other.n_incomplete

    def means(self) -> np.ndarray:
        return self.sums / self.n

    def covariance(self) -> np.ndarray:
        """Sample covariance matrix (divisor n - 1) from exact integer numerators."""
        n = self.n
        s = [int(v) for v in self.sums]
        k = len(s)
        cov = np.empty((k, k))
        denom = n * (n - 1)
        for i in range(k):
            for j in range(i, k):
                # Python integers: n * XtX can exceed int64 for very large surveys.
                num = n * int(self.cross[i, j]) - s[i] * s[j]
                cov[i, j] = cov[j, i] = num / denom
        return cov


def first_appearance(level: np.ndarray, n_levels: int) -> list[int]:
    """The level indices that occur in ``level`` (-1 = missing), in order of first appearance.

    >>> first_appearance(np.array([2, -1, 0, 2, 0]), 3)
    [2, 0]
    """
    present = np.bincount(level[level >= 0], minlength=n_levels) if level.size else np.zeros(n_levels)
    # argmax stops at the first True; a grouping column has a handful of levels.
    firsts = [(int(np.argmax(level == c)), c) for c in range(n_levels) if present[c]]
    return [c for _, c in sorted(firsts)]


@dataclass
class ScoreHistogram:
    """Count of each complete-case sum score (k..k*points) per group level."""

    offset: int
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    size: int = 0

    @classmethod
    def empty(cls, k: int, points: int) -> ScoreHistogram:
        return cls(offset=k, counts={}, size=k * (points - 1) + 1)

    def add(self, sums: np.ndarray, groups: np.ndarray) -> None:
        """Add integer sum scores with their group labels (object array; None = missing)."""
        import pandas as pd

        codes, levels = pd.factorize(groups)  # missing labels get code -1
        ok = codes >= 0
        # One 2-D histogram: bin = level * size + (score - offset).
        flat = codes[ok].astype(np.int64) * self.size + (sums[ok].astype(np.int64) - self.offset)
        table = np.bincount(flat, minlength=len(levels) * self.size).reshape(len(levels), self.size)
        for level, hist in zip(levels, table, strict=True):
            if level in self.counts:
                self.counts[level] += hist
            else:
                self.counts[level] = hist.astype(np.int64)

    def add_codes(self, sums: np.ndarray, level: np.ndarray, levels: Sequence[str]) -> None:
        """Like :meth:`add`, with the labels given as indices into ``levels`` (-1 missing).

        Levels enter in order of first appearance among the rows given, as in :meth:`add`.
        """
        ok = level >= 0
        if not ok.any():
            return
        flat = level[ok].astype(np.int64) * self.size + (sums[ok].astype(np.int64) - self.offset)
        table = np.bincount(flat, minlength=len(levels) * self.size).reshape(len(levels), self.size)
        for c in first_appearance(level, len(levels)):
            lab, hist = levels[c], table[c]
            if lab in self.counts:
                self.counts[lab] += hist
            else:
                self.counts[lab] = hist.astype(np.int64)

    def merge(self, other: ScoreHistogram) -> None:
        for level, hist in other.counts.items():
            if level in self.counts:
                self.counts[level] += hist
            else:
                self.counts[level] = hist.copy()

    def values(self, divisor: int = 1) -> np.ndarray:
        """The score value of each bin: the sum, or the mean of k items with divisor=k."""
        return (np.arange(self.size) + self.offset) / divisor

    def n(self, level: str) -> int:
        return int(self.counts[level].sum()) if level in self.counts else 0


def weighted_group_summary(values: np.ndarray, counts: np.ndarray) -> tuple[int, float, float]:
    r"""N, mean and SD (n - 1) of data given as distinct values with their counts.

    >>> weighted_group_summary(np.array([1.0, 2.0, 3.0]), np.array([1, 0, 2]))  # 1, 3, 3
    (3, 2.3333333333333335, 1.1547005383792515)
    """
    n = int(counts.sum())
    if n == 0:
        return 0, math.nan, math.nan
    mean = float((values * counts).sum() / n)
    ss = float((counts * (values - mean) ** 2).sum())
    return n, mean, math.sqrt(ss / (n - 1)) if n > 1 else math.nan


def levene_from_histograms(values: np.ndarray, hists: Sequence[np.ndarray]) -> tuple[float, int, int, float]:
    r"""Levene's test (centred on the mean) from per-group histograms of a score.

    Notes
    -----
    The absolute deviation :math:`z = |x - \bar x_g|` is the same for every case with the
    same score in group g, so the one-way ANOVA of z needs only the histograms:
    :math:`F = \frac{\sum_g n_g(\bar z_g - \bar z)^2/(G-1)}{\sum_g\sum_v f_{gv}(z_{gv}-\bar z_g)^2/(N-G)}`.
    """
    from mcstats.stats.distributions import f_sf

    zs, ns, zbar = [], [], []
    for h in hists:
        n, mean, _ = weighted_group_summary(values, h)
        z = np.abs(values - mean)
        zs.append(z)
        ns.append(n)
        zbar.append(float((z * h).sum() / n))
    N, G = sum(ns), len(hists)
    grand = sum(n * zb for n, zb in zip(ns, zbar, strict=True)) / N
    between = sum(n * (zb - grand) ** 2 for n, zb in zip(ns, zbar, strict=True)) / (G - 1)
    within = sum(float((h * (z - zb) ** 2).sum()) for h, z, zb in zip(hists, zs, zbar, strict=True)) / (N - G)
    if within <= 0:
        return math.nan, G - 1, N - G, math.nan
    F = between / within
    return float(F), G - 1, N - G, f_sf(F, G - 1, N - G)


@cache
def _pair_cover(k: int, g: int) -> tuple[tuple[int, ...], ...]:
    """Blocks of ``g`` of the ``k`` items that together hold every pair (greedy: start at the
    first uncovered pair, add the item that covers most uncovered pairs)."""
    if k <= g:
        return (tuple(range(k)),)
    todo = {(i, j) for i in range(k) for j in range(i + 1, k)}
    blocks = []
    while todo:
        block = list(min(todo))
        while len(block) < g:
            block.append(
                max(
                    (x for x in range(k) if x not in block),
                    key=lambda x: (sum((min(x, b), max(x, b)) in todo for b in block), -x),
                )
            )
        block.sort()
        blocks.append(tuple(block))
        todo -= set(itertools.combinations(block, 2))
    return tuple(blocks)


def block_size(points: int, k: int) -> int:
    """Items per block: four, three or two, as many as keep the key below 2**15."""
    w = points + 1
    return min(k, next(g for g in (4, 3, 2) if w**g < 32768 or g == 2))


def block_partition(items: int, points: int) -> tuple[tuple[int, ...], ...]:
    """The items in consecutive blocks of :func:`block_size` (the last may be smaller):
    each item in exactly one block, for per-item counts without the pairs."""
    g = block_size(points, items) if items else 1
    return tuple(tuple(range(a, min(a + g, items))) for a in range(0, items, g))


def block_tables(
    codes: np.ndarray,
    blocks: Sequence[Sequence[int]],
    points: int,
    level: np.ndarray | None = None,
    n_levels: int = 0,
) -> np.ndarray:
    r"""Per block of items and per level of a grouping column, the count of each
    combination of the block's codes.

    Parameters
    ----------
    codes : (items, rows) array of small non-negative integers
        Codes 1..points, 0 = missing (clean: nothing else).
    blocks : sequence of sequences of item indices
        Blocks of at most :func:`block_size` items.
    level : (rows,) array of int, optional
        Each row's level index 0..n_levels - 1, -1 = no level.

    Returns
    -------
    (len(blocks), n_levels + 1, w ** g) array of int64
        ``w = points + 1`` and g the largest block's size; entry ``[t, l + 1, key]`` counts
        the rows of level l (``[t, 0]``: rows without one) whose codes in block t have the
        key :math:`((x_a w + x_b) w + x_c) w + x_d` (the first item most significant; a
        smaller block uses the first ``w ** len(block)`` keys).

    Notes
    -----
    One ``bincount`` per block of rows and items gives a block's joint table for every
    level at once: its margins are each pair's table (inter-item correlations) and each
    item's counts per level (item-by-item group comparisons), so both analyses share one
    count. Keys are built in 2-byte integers where they fit, which is several times faster
    than 8-byte ones.

    Examples
    --------
    >>> t = block_tables(np.array([[1, 2, 2], [0, 1, 2]]), [(0, 1)], 2, np.array([0, 1, 1]), 2)
    >>> t.shape, int(t[0, 1, 1 * 3 + 0]), int(t[0, 2, 2 * 3 + 1]), int(t[0, 2, 2 * 3 + 2])
    ((1, 3, 9), 1, 1, 1)
    """
    w = points + 1
    width = w ** max((len(b) for b in blocks), default=1)
    size = (n_levels + 1) * width
    key_type = np.int16 if size < 32768 else np.int64
    offset = None
    if level is not None:
        offset = ((np.asarray(level) + 1) * width).astype(key_type)
    x = codes.astype(key_type)  # one conversion: mixed-type sums below would cast per block
    out = np.empty((len(blocks), n_levels + 1, width), dtype=np.int64)
    for t, block in enumerate(blocks):
        key = x[block[0]].copy()
        for b in block[1:]:
            key *= key_type(w)
            key += x[b]
        if offset is not None:
            key += offset
        out[t] = np.bincount(key, minlength=size).reshape(n_levels + 1, width)
    return out


@cache
def _digit_indicators(points: int, g: int) -> np.ndarray:
    """``(w ** g, g * w)`` floats: row ``key`` has a 1 in column ``a * w + d`` when digit a of
    the key (base w = points + 1, the first digit most significant) is d."""
    w = points + 1
    keys = np.arange(w**g)
    out = np.zeros((w**g, g * w))
    for a in range(g):
        digit = keys // w ** (g - 1 - a) % w
        out[keys, a * w + digit] = 1.0
    return out


def block_margins(
    tables: np.ndarray, blocks: Sequence[Sequence[int]], points: int, items: Sequence[int]
) -> dict[int, np.ndarray]:
    """Each of ``items``'s ``(levels + 1, points + 1)`` counts (column 0: missing), read off
    the first block of :func:`block_tables` that holds it.

    Every margin of a block comes from one matrix product with the indicators of the key's
    digits (:func:`_digit_indicators`); in doubles it is exact, as every count is an integer
    far below 2**53.
    """
    w = points + 1
    wanted = set(items)
    first: dict[int, tuple[int, int]] = {}
    for t, block in enumerate(blocks):
        for a, i in enumerate(block):
            if i in wanted and i not in first:
                first[i] = (t, a)
    out: dict[int, np.ndarray] = {}
    for t in sorted({t for t, _ in first.values()}):
        g = len(blocks[t])
        margins = (tables[t][:, : w**g] @ _digit_indicators(points, g)).round().astype(np.int64)
        for i, (tt, a) in first.items():
            if tt == t:
                out[i] = margins[:, a * w : (a + 1) * w]
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class ItemBlockCounts:
    r"""Joint histograms of a scale's items taken a few at a time: the mergeable form of
    :func:`joint_code_counts`.

    Attributes
    ----------
    items, points : int
        Number of items and of codes (1..points; 0 = missing).
    cover : tuple of tuple of int
        Blocks of items that together hold every pair (:func:`_pair_cover`).
    tables : (len(cover), (points + 1) ** block) array of int64
        Per block, the count of each combination of its items' codes (missing included),
        flattened.

    Notes
    -----
    Counts add over blocks of rows, so chunks, files and partitions merge with ``+``; the
    pair tables are read off once, at the end (:meth:`pair_tables`). Reading them off per
    chunk of rows instead (dozens of small numpy sums per chunk) cost three times as much as
    the counting itself.
    """

    items: int
    points: int
    cover: tuple[tuple[int, ...], ...]
    tables: np.ndarray

    @classmethod
    def empty(cls, items: int, points: int) -> ItemBlockCounts:
        """No rows counted yet."""
        cover = _pair_cover(items, block_size(points, items))
        width = (points + 1) ** len(cover[0])
        return cls(items, points, cover, np.zeros((len(cover), width), dtype=np.int64))

    @classmethod
    def count(cls, codes: np.ndarray, points: int) -> ItemBlockCounts:
        """Count one chunk of ``(items, rows)`` codes (anything outside 1..points is missing).

        One ``bincount`` per block of the key :math:`((x_a w + x_b) w + x_c) w + x_d`,
        :math:`w = p + 1`, in 2-byte integers: 10 counts for 10 items instead of 45 pair
        counts.
        """
        c = np.asarray(codes)
        k = c.shape[0]
        out = cls.empty(k, points)
        if k == 0:
            return out
        if c.size and (int(c.min()) < 0 or int(c.max()) > points):  # engines pass clean codes: no mask
            c = np.where((c < 1) | (c > points), 0, c)
        tables = block_tables(c, out.cover, points)
        return cls(k, points, out.cover, tables[:, 0])

    @classmethod
    def from_tables(cls, items: int, points: int, tables: np.ndarray) -> ItemBlockCounts:
        """The counts from :func:`block_tables` of this scale's cover (levels summed)."""
        return cls(items, points, _pair_cover(items, block_size(points, items)), tables)

    @staticmethod
    def blocks(items: int, points: int) -> tuple[tuple[int, ...], ...]:
        """The blocks of items whose tables these counts keep (every pair is in one)."""
        return _pair_cover(items, block_size(points, items))

    def __add__(self, other: ItemBlockCounts) -> ItemBlockCounts:
        if (self.items, self.points) != (other.items, other.points):
            raise ValueError("counts of different items or scales do not add")
        return ItemBlockCounts(self.items, self.points, self.cover, self.tables + other.tables)

    def pair_tables(self) -> np.ndarray:
        """``(items, items, points, points)`` int64: entry ``[i, j, a, b]`` counts the rows with
        item i = a + 1 and item j = b + 1; ``[i, i]`` is diagonal with item i's own counts."""
        k, p, w = self.items, self.points, self.points + 1
        out = np.zeros((k, k, p, p), dtype=np.int64)
        for block, flat in zip(self.cover, self.tables, strict=True):
            table = flat.reshape((w,) * len(block))
            every = range(len(block))
            for a, b in itertools.combinations(every, 2):
                margin = table.sum(axis=tuple(ax for ax in every if ax not in (a, b)))[1:, 1:]
                out[block[a], block[b]] = margin
                out[block[b], block[a]] = margin.T
            for a in every:
                out[block[a], block[a]] = np.diag(table.sum(axis=tuple(ax for ax in every if ax != a))[1:])
        return out
