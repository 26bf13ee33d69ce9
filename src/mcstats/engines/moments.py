"""The one-pass engine: gather a survey's sufficient statistics chunk by chunk and merge.

:func:`accumulate` turns one chunk of validated responses into :class:`SurveyMoments`;
:meth:`SurveyMoments.merge` adds two of them (chunks of a file, partitions of a Dask
dataframe, files of a wave). Everything ``analyze`` reports by default is computed from
the merged moments by :mod:`mcstats.analysis`, so in-memory, streaming and distributed
runs give the same numbers (see :mod:`mcstats.stats.moments` for why they are exact).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from mcstats.instrument import Instrument

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # imported by the functions of data frames: the coded blocks never need it
from mcstats.stats.moments import (
    ItemBlockCounts,
    ItemCounts,
    ScaleMoments,
    ScoreHistogram,
    block_margins,
    block_partition,
    block_size,
    block_tables,
    first_appearance,
)


@dataclass
class GroupScores:
    """A scale's complete-case sum scores by the levels of one grouping column."""

    histogram: ScoreHistogram
    rows_by_level: Counter[str] = field(default_factory=Counter)
    missing_group: int = 0

    def merge(self, other: GroupScores) -> None:
        self.histogram.merge(other.histogram)
        self.rows_by_level.update(other.rows_by_level)
        self.missing_group += other.missing_group


@dataclass
class SurveyMoments:
    """Sufficient statistics of a validated survey (or of part of one).

    Attributes
    ----------
    answered: per item, the counts of codes as answered (before reverse-keying).
    scales: per scale, complete-case sums and cross-products (after reverse-keying).
    complete_items: per scale and item, code counts over the scale's complete cases (for
        listwise item statistics, the extra ``complete_items``; empty otherwise); codes after
        reverse-keying.
    respondent_sums: per scale, ``{c: [sum of row sums, rows]}`` over rows with c answered
        items, from which the mean of respondents' means is exact.
    scores: per (scale, grouping column), the score histograms by level.
    categorical: per grouping or categorical column, the counts of each value (None = missing).
    n_rows: analysed rows behind these moments.
    item_groups: per grouping column and level, an ``(items, points + 1)`` array counting
        each code as answered (column 0: missing) of every item in the order of
        ``instrument.item_columns``: item-by-item group comparisons and item x group
        crosstabs.
    pairs: per pair of categorical columns (in the order of ``categorical``), the count of
        each pair of values, both present: their crosstab.
    score_pairs: per pair of scales, the joint histogram of the complete-case sum scores
        (rows: the first scale's scores k1..k1*points): their correlations.
    item_pairs: per scale, the joint histograms of its items taken a few at a time (codes
        after reverse-keying), whose margins are every pair's table: inter-item
        correlations (:class:`mcstats.stats.correlation.ItemBlockCounts`).
    """

    points: int
    answered: dict[str, ItemCounts]
    scales: dict[str, ScaleMoments]
    complete_items: dict[str, dict[str, ItemCounts]]
    respondent_sums: dict[str, dict[int, list[int]]]
    scores: dict[tuple[str, str], GroupScores]
    categorical: dict[str, Counter[object]]
    n_rows: int = 0
    item_groups: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], Counter[tuple[str, str]]] = field(default_factory=dict)
    score_pairs: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    item_pairs: dict[str, ItemBlockCounts] = field(default_factory=dict)

    def merge(self, other: SurveyMoments) -> SurveyMoments:
        """Add ``other`` into this one (and return it)."""
        for col, counts in other.answered.items():
            self.answered[col].merge(counts)
        for sid, mom in other.scales.items():
            self.scales[sid].merge(mom)
            for col, counts in other.complete_items[sid].items():
                self.complete_items[sid][col].merge(counts)
            for c, (s, r) in other.respondent_sums[sid].items():
                acc = self.respondent_sums[sid].setdefault(c, [0, 0])
                acc[0] += s
                acc[1] += r
        for key, gs in other.scores.items():
            self.scores[key].merge(gs)
        for col, counter in other.categorical.items():
            self.categorical[col].update(counter)
        for g, by_level in other.item_groups.items():
            mine = self.item_groups.setdefault(g, {})
            for level, table in by_level.items():
                if level in mine:
                    mine[level] = mine[level] + table
                else:
                    mine[level] = table.copy()
        for key, pair_counts in other.pairs.items():
            self.pairs.setdefault(key, Counter()).update(pair_counts)
        for key, joint in other.score_pairs.items():
            if key in self.score_pairs:
                self.score_pairs[key] = self.score_pairs[key] + joint
            else:
                self.score_pairs[key] = joint.copy()
        for sid, blocks in other.item_pairs.items():
            self.item_pairs[sid] = self.item_pairs[sid] + blocks if sid in self.item_pairs else blocks
        self.n_rows += other.n_rows
        return self


#: Moments gathered only when an analysis needs them (``extras`` of :func:`accumulate`).
EXTRAS = ("item_groups", "pairs", "score_pairs", "item_pairs", "complete_items")


def _check_scale_sizes(instrument: Instrument) -> None:
    """Refuse a scale beyond ``MCSTATS_MAX_SCALE_ITEMS`` items: reliability (omega and its
    item-deleted fits) takes time in the cube of the items; 1000 items take about 20 s,
    3000 items ran for more than five minutes (issue 19, round 2)."""
    from mcstats.errors import UsageError
    from mcstats.limits import env_name, limit

    most = limit("MAX_SCALE_ITEMS")
    for s in instrument.scales:
        if len(s.items) > most:
            raise UsageError(
                f"scale {s.id!r} has {len(s.items):,} items, more than the {most:,} one scale may "
                f"have (the limit {env_name('MAX_SCALE_ITEMS')}): its reliability takes time in "
                "the cube of the items; split it into scales of the instrument, or raise the limit"
            )


def _check_item_pairs(instrument: Instrument) -> None:
    """Refuse item correlations of a scale beyond ``MCSTATS_MAX_CORRELATED_ITEMS`` items:
    the joint histograms and the table grow with the square of the items (3000 items
    took more than 200 s and 1.8 GB of histograms; issue 19, round 2)."""
    from mcstats.errors import UsageError
    from mcstats.limits import env_name, limit

    most = limit("MAX_CORRELATED_ITEMS")
    for s in instrument.scales:
        if len(s.items) > most:
            raise UsageError(
                f"item_correlations: scale {s.id!r} has {len(s.items):,} items, more than the "
                f"{most:,} whose pairs are correlated (the limit {env_name('MAX_CORRELATED_ITEMS')}); "
                "the table grows with the square of the items: leave item correlations out or "
                "split the scale",
                argument="item_correlations",
            )


def empty_moments(
    instrument: Instrument, group_columns: Sequence[str], extras: Sequence[str] = ()
) -> SurveyMoments:
    """Zero moments for an instrument: the identity of :meth:`SurveyMoments.merge`.

    ``extras`` names the optional moments to gather (:data:`EXTRAS`): per-item code
    counts by group level, the crosstabs of categorical columns, the joint histograms of
    scale scores, the joint histograms of each scale's item pairs, the item code counts
    over each scale's complete cases (listwise item statistics). They cost a pass over the
    rows each, so only the analyses that use them ask for them."""
    k = instrument.scale_points
    _check_scale_sizes(instrument)
    if "item_pairs" in extras:
        _check_item_pairs(instrument)
    cat_cols = [v.column for v in (*instrument.groups, *instrument.categorical)]
    for g in group_columns:
        if g not in cat_cols:
            cat_cols.append(g)
    return SurveyMoments(
        points=k,
        answered={c: ItemCounts.empty(k) for c in instrument.item_columns},
        scales={s.id: ScaleMoments.empty(len(s.items)) for s in instrument.scales},
        complete_items={
            s.id: {c: ItemCounts.empty(k) for c in s.columns} if "complete_items" in extras else {}
            for s in instrument.scales
        },
        respondent_sums={s.id: {} for s in instrument.scales},
        scores={
            (s.id, g): GroupScores(ScoreHistogram.empty(len(s.items), k))
            for s in instrument.scales
            for g in group_columns
        },
        categorical={c: Counter() for c in cat_cols},
        item_groups={g: {} for g in group_columns} if "item_groups" in extras else {},
        pairs={(a, b): Counter() for i, a in enumerate(cat_cols) for b in cat_cols[i + 1 :]}
        if "pairs" in extras
        else {},
        score_pairs={
            (a.id, b.id): np.zeros((len(a.items) * (k - 1) + 1, len(b.items) * (k - 1) + 1), dtype=np.int64)
            for i, a in enumerate(instrument.scales)
            for b in instrument.scales[i + 1 :]
        }
        if "score_pairs" in extras
        else {},
        item_pairs={s.id: ItemBlockCounts.empty(len(s.items), k) for s in instrument.scales}
        if "item_pairs" in extras
        else {},
    )


def _joint(x: np.ndarray, y: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Counts of each (x, y) pair of non-negative integer indices below ``shape``."""
    flat = x.astype(np.int64) * shape[1] + y.astype(np.int64)
    return np.bincount(flat, minlength=shape[0] * shape[1]).reshape(shape)


def _item_group_tables(codes: np.ndarray, level: np.ndarray, n_levels: int, points: int) -> np.ndarray:
    """``(levels, items, points + 1)`` counts of each code (0 = missing) per level, from
    ``(items, rows)`` codes and each row's level index (-1: no group value)."""
    out = np.empty((n_levels, codes.shape[0], points + 1), dtype=np.int64)
    # Rows without a level go to an extra first block that is dropped: no masking per item.
    # Narrow keys where they fit: the sums below are several times faster than in int64.
    width = (n_levels + 1) * (points + 1)
    key = ((level + 1) * (points + 1)).astype(np.int16 if width < 32000 else np.int64)
    for j in range(codes.shape[0]):
        counts = np.bincount(key + codes[j], minlength=width)
        out[:, j, :] = counts.reshape(n_levels + 1, points + 1)[1:]
    return out


def _add_item_groups(
    m: SurveyMoments, g: str, labels: Sequence[str], level: np.ndarray, tables: np.ndarray
) -> None:
    by_level = m.item_groups.setdefault(g, {})
    for c in first_appearance(level, len(labels)):
        lab = str(labels[c])
        by_level[lab] = by_level[lab] + tables[c] if lab in by_level else tables[c].copy()


def _add_pairs(m: SurveyMoments, coded: Mapping[str, tuple[Sequence[str], np.ndarray]]) -> None:
    for (a, b), counter in m.pairs.items():
        la, ia = coded[a]
        lb, ib = coded[b]
        if len(la) * len(lb) <= 4 * len(ia) + 4096:
            # Missing values (-1) count in a first row and column that are dropped: no masks.
            table = _joint(ia + 1, ib + 1, (len(la) + 1, len(lb) + 1))[1:, 1:]
            for i, j in zip(*np.nonzero(table), strict=True):
                counter[(str(la[i]), str(lb[j]))] += int(table[i, j])
            continue
        # Many values (two id-like columns): count the pairs present, not a dense table of
        # every combination (20,000 x 20,000 values took 3.2 GB per block).
        ok = (ia >= 0) & (ib >= 0)
        x, y = ia[ok].astype(np.int64), ib[ok].astype(np.int64)
        keys, n = np.unique(x * len(lb) + y, return_counts=True)
        for key, count in zip(keys.tolist(), n.tolist(), strict=True):
            counter[(str(la[key // len(lb)]), str(lb[key % len(lb)]))] += count


def accumulate(
    instrument: Instrument,
    items: pd.DataFrame,
    answered: pd.DataFrame,
    categorical: pd.DataFrame,
    group_columns: Sequence[str],
    extras: Sequence[str] = (),
) -> SurveyMoments:
    """The moments of one chunk of validated rows.

    Parameters
    ----------
    items, answered : pd.DataFrame
        Codes after and before reverse-keying (NaN = missing), one column per item.
    categorical : pd.DataFrame
        Group and categorical columns (labels; None = missing).
    group_columns : Sequence[str]
        The grouping columns whose score histograms are wanted (t-tests).
    extras : Sequence[str]
        Optional moments to gather (:data:`EXTRAS`).
    """
    import pandas as pd

    m = empty_moments(instrument, group_columns, extras)
    m.n_rows = len(items)
    for col in instrument.item_columns:
        m.answered[col].add(answered[col].to_numpy(dtype=float))
    groups = {g: categorical[g].to_numpy(dtype=object) for g in group_columns}
    for s in instrument.scales:
        x = items[s.columns].to_numpy(dtype=float)
        complete = m.scales[s.id].add(x)
        xc = x[complete]
        if m.complete_items[s.id]:  # listwise item statistics only
            for j, col in enumerate(s.columns):
                m.complete_items[s.id][col].add(xc[:, j])
        answered_count = (~np.isnan(x)).sum(axis=1)
        row_sums = np.nansum(x, axis=1).astype(np.int64)
        acc = m.respondent_sums[s.id]
        for c in np.unique(answered_count[answered_count > 0]).tolist():
            sel = answered_count == c
            acc[int(c)] = [int(row_sums[sel].sum()), int(sel.sum())]
        sums = row_sums[complete].astype(np.int64)
        if m.item_pairs:
            scored = np.where(np.isnan(x), 0, x).astype(np.int64).T
            m.item_pairs[s.id] = m.item_pairs[s.id] + ItemBlockCounts.count(scored, m.points)
        for g, labels in groups.items():
            gs = m.scores[(s.id, g)]
            present = pd.notna(labels)
            gs.missing_group += int((~present).sum())
            gs.rows_by_level.update({str(k): v for k, v in _value_counts(labels[present]).items()})
            gs.histogram.add(sums[present[complete]], labels[complete][present[complete]])
    for col, counter in m.categorical.items():
        values = categorical[col].to_numpy(dtype=object)
        present = pd.notna(values)
        counter.update(_value_counts(values[present]))
        if (~present).any():
            counter[None] += int((~present).sum())
    coded = (
        {col: _factorize(categorical[col].to_numpy(dtype=object)) for col in m.categorical}
        if m.item_groups or m.pairs
        else {}
    )
    if m.item_groups:
        raw = answered[instrument.item_columns].to_numpy(dtype=float)
        codes = np.where(np.isnan(raw), 0, raw).astype(np.int64).T
        for g in group_columns:
            glabels, level = coded[g]
            tables = _item_group_tables(codes, level, len(glabels), instrument.scale_points)
            _add_item_groups(m, g, glabels, level, tables)
    _add_pairs(m, coded)
    if m.score_pairs:
        sums = {s.id: _scale_sums(items[s.columns].to_numpy(dtype=float)) for s in instrument.scales}
        _add_score_pairs(m, sums)
    return m


def _factorize(values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Labels (as text) in order of first appearance and each value's index, -1 = missing."""
    import pandas as pd

    codes, uniques = pd.factorize(values)
    return [str(u) for u in uniques], codes.astype(np.int64)


def _score_bins(row_sums: np.ndarray, complete: np.ndarray, k: int) -> np.ndarray:
    """Each row's bin in a scale's score histogram, counted from 1 (sum score - k + 1), and
    0 where the row misses an item: incomplete rows need no mask, only a bin to drop."""
    return (row_sums - (k - 1)) * complete  # a product, not a masked assignment: several times faster


def _scale_sums(x: np.ndarray) -> np.ndarray:
    """:func:`_score_bins` of a scale's codes (rows x items, NaN missing)."""
    complete = ~np.isnan(x).any(axis=1)
    return _score_bins(np.nan_to_num(x).sum(axis=1).astype(np.int64), complete, x.shape[1])


def _add_score_pairs(m: SurveyMoments, bins: dict[str, np.ndarray]) -> None:
    """Joint histograms of complete-case sum scores per pair of scales, from each row's
    score bins (:func:`_score_bins`; 0 = incomplete, dropped with the table's first row and
    column)."""
    for (a, b), joint in m.score_pairs.items():
        rows, cols = joint.shape[0] + 1, joint.shape[1] + 1
        key: np.ndarray = bins[a].astype(np.int16 if rows * cols < 32768 else np.int64)
        key *= cols
        key += bins[b]
        table = np.bincount(key, minlength=rows * cols).reshape(rows, cols)
        m.score_pairs[(a, b)] = joint + table[1:, 1:]


def accumulate_codes(
    instrument: Instrument,
    answered: np.ndarray,
    categorical: dict[str, tuple[list[str], np.ndarray]],
    group_columns: Sequence[str],
    extras: Sequence[str] = (),
) -> SurveyMoments:
    """The moments of one chunk given as integer codes: what :func:`accumulate` computes,
    without a DataFrame.

    The streaming reader codes clean blocks straight from pyarrow's buffers into this form,
    and everything below is small-integer numpy work on contiguous item rows (one
    comparison per code for the counts, one BLAS product per scale), which is why a block
    costs about as much to summarise as to parse.

    Parameters
    ----------
    answered : np.ndarray
        ``(items, rows)`` small integers, one row per item in the order of
        ``instrument.item_columns`` (the file's columns, laid out item by item): the codes
        as answered, 0 = missing. Every respondent has at least one answer (excluded rows
        are not passed in).
    categorical : dict[str, tuple[list[str], np.ndarray]]
        Per group or categorical column, its distinct labels and each respondent's index
        into them, -1 = missing.
    group_columns : Sequence[str]
        The grouping columns whose score histograms are wanted (t-tests).

    Examples
    --------
    >>> from mcstats.instrument import parse_instrument
    >>> inst = parse_instrument({"scale_points": 4, "scales": {"S": ["a", "b"]}})
    >>> m = accumulate_codes(inst, np.array([[1, 4, 3], [2, 0, 3]]), {}, [])
    >>> m.scales["S"].n, m.scales["S"].sums.tolist(), m.answered["b"].missing
    (2, [4, 5], 1)
    """
    points = instrument.scale_points
    m = empty_moments(instrument, group_columns, extras)
    m.answered = {}  # filled below, in the order of instrument.item_columns
    n = answered.shape[1]
    m.n_rows = n
    codes = np.ascontiguousarray(answered, dtype=np.int8)
    position = {c: j for j, c in enumerate(instrument.item_columns)}
    reverse = {item.column for item in instrument.items if item.reverse}
    score_bins: dict[str, np.ndarray] = {}
    level_counts: dict[str, tuple[int, dict[str, int]]] = {}
    # The first grouping column's per-item code counts come from the same block tables as
    # the inter-item pairs, with the level in the key: one count for both analyses, and
    # without the pairs, one count per block of items instead of one per item. Other
    # grouping columns, and one with too many levels for 2-byte keys, count per item.
    split = next(iter(m.item_groups), None)
    split_tables = None
    if split is not None:
        split_labels, split_level = categorical[split]
        widest = max((len(sc.items) for sc in instrument.scales), default=1)
        if (len(split_labels) + 1) * (points + 1) ** block_size(points, widest) < 32768:
            split_tables = np.zeros((len(split_labels), len(position), points + 1), dtype=np.int64)
    done: set[int] = set()
    for s in instrument.scales:
        x = codes[[position[c] for c in s.columns]]  # a copy (fancy indexing)
        for j, col in enumerate(s.columns):
            if col in reverse:  # points + 1 - x, leaving missing (0) alone
                x[j] = np.where(x[j] > 0, points + 1 - x[j], 0)
        k = len(s.columns)
        # Narrow integer types where they cannot overflow: several times faster than int64.
        answered_count = np.add.reduce(x > 0, axis=0, dtype=np.int8 if k < 128 else np.int32)
        row_sums = np.add.reduce(x, axis=0, dtype=np.int16 if k * points < 32768 else np.int64)
        complete = answered_count == k
        xc = x.take(np.flatnonzero(complete), axis=1)
        mom = m.scales[s.id]
        mom.n = int(xc.shape[1])
        mom.sums = xc.sum(axis=1, dtype=np.int64)
        xf = xc.astype(np.float64)
        # Exact: every entry of the product is an integer far below 2**53 (see ScaleMoments.add).
        mom.cross = (xf @ xf.T).round().astype(np.int64)
        mom.n_incomplete = int(n - mom.n)
        if m.complete_items[s.id]:  # listwise item statistics only
            for j, col in enumerate(s.columns):
                m.complete_items[s.id][col] = _item_counts(xc[j], points)
        rows_by_count = np.bincount(answered_count, minlength=k + 1)
        # Float weights are exact here: the sums are integers far below 2**53.
        sum_by_count = np.bincount(answered_count, weights=row_sums, minlength=k + 1)
        m.respondent_sums[s.id] = {
            c: [int(sum_by_count[c]), int(rows_by_count[c])] for c in range(1, k + 1) if rows_by_count[c]
        }
        pending = (
            [j for j, col in enumerate(s.columns) if position[col] not in done]
            if split_tables is not None
            else []
        )
        if m.item_pairs or pending:
            blocks = ItemBlockCounts.blocks(k, points) if m.item_pairs else block_partition(k, points)
            tables = (
                block_tables(x, blocks, points, split_level, len(split_labels))
                if pending
                else block_tables(x, blocks, points)
            )
            if m.item_pairs:
                m.item_pairs[s.id] = m.item_pairs[s.id] + ItemBlockCounts.from_tables(
                    k, points, tables.sum(axis=1)
                )
            # The same margins give each item's counts as answered (every level summed), so
            # the items of these blocks need no count of their own.
            uncounted = [j for j, col in enumerate(s.columns) if col not in m.answered]
            for j, margin in block_margins(tables, blocks, points, sorted({*pending, *uncounted})).items():
                col = s.columns[j]
                if col in reverse:  # back to the codes as answered: c <- points + 1 - c
                    margin = np.concatenate([margin[:, :1], margin[:, :0:-1]], axis=1)
                if col not in m.answered:
                    total = margin.sum(axis=0)
                    m.answered[col] = ItemCounts(np.concatenate([[0], total[1:]]), int(total[0]))
                if j in pending:
                    split_tables[:, position[col]] = margin[1:]  # type: ignore[index]  # rows without a level dropped
                    done.add(position[col])
        sums = row_sums[complete].astype(np.int64)
        if m.score_pairs:
            score_bins[s.id] = _score_bins(row_sums, complete, k)
        for g in group_columns:
            labels, level = categorical[g]
            if g not in level_counts:  # the same for every scale: counted once a block
                by_level = {str(lab): c for lab, c in _code_counts(level, labels)}
                level_counts[g] = (int((level < 0).sum()), by_level)
            gs = m.scores[(s.id, g)]
            gs.missing_group += level_counts[g][0]
            gs.rows_by_level.update(level_counts[g][1])
            gs.histogram.add_codes(sums, level[complete], labels)
    m.answered = {
        col: m.answered[col] if col in m.answered else _item_counts(codes[j], points)
        for j, col in enumerate(instrument.item_columns)
    }
    for col, counter in m.categorical.items():
        labels, level = categorical[col]
        counter.update(dict(_code_counts(level, labels)))
        n_missing = int((level < 0).sum())
        if n_missing:
            counter[None] += n_missing
    for g in m.item_groups:
        labels, level = categorical[g]
        if g == split and split_tables is not None:
            group_tables = split_tables
        else:
            group_tables = _item_group_tables(codes, level, len(labels), points)
        _add_item_groups(m, g, labels, level, group_tables)
    _add_pairs(m, categorical)
    _add_score_pairs(m, score_bins)
    return m


def _item_counts(codes: np.ndarray, points: int) -> ItemCounts:
    """Counts of codes 1..points in one contiguous row of codes (0 = missing).

    A comparison per code beats ``bincount`` here: no cast to 8-byte indices, and a Likert
    scale has few codes.
    """
    counts = np.array([0] + [np.count_nonzero(codes == c) for c in range(1, points + 1)], dtype=np.int64)
    return ItemCounts(counts, int(codes.size - counts.sum()))


def _code_counts(level: np.ndarray, labels: Sequence[str]) -> list[tuple[str, int]]:
    """(label, count) of the labels that occur, in order of first appearance in ``level``."""
    counts: np.ndarray = np.bincount(level[level >= 0], minlength=len(labels)) if level.size else np.zeros(0)
    return [(labels[c], int(counts[c])) for c in first_appearance(level, len(labels))]


def _value_counts(values: np.ndarray) -> dict[object, int]:
    """Counts of each value of an object array (hash table in C, not a Python loop)."""
    if values.size == 0:
        return {}
    import pandas as pd

    codes, uniques = pd.factorize(values)
    counts = np.bincount(codes, minlength=len(uniques))
    return {u: int(c) for u, c in zip(uniques, counts, strict=True)}
