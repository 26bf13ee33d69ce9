"""Group comparisons beyond the two-group t-test, from the merged moments: one-way ANOVA
with post hoc tests and rank tests of scale scores (issue 16).

This module only orchestrates: the statistics are in :mod:`mcstats.stats.anova`,
:mod:`mcstats.stats.posthoc` and :mod:`mcstats.stats.ranks`; the inputs are the per-group
histograms of each scale's complete-case score that every engine gathers
(:class:`mcstats.engines.moments.ScoreHistogram`), so the in-memory, streamed and Dask
runs give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from mcstats.engines.moments import SurveyMoments
from mcstats.errors import DataError, UsageError
from mcstats.instrument import Instrument, Scale
from mcstats.labels import sort_levels
from mcstats.stats.descriptives import mean_ci
from mcstats.stats.distributions import f_ppf
from mcstats.stats.posthoc import p_adjust
from mcstats.stats.ttest import GroupSummary, LeveneResult, TTestRow, ttest_from_groups

# The ANOVA, rank, crosstab and correlation modules are imported by the functions that run
# them: a default analysis (t-tests of two groups) needs none of them (issue 20, point 3:
# start-up of every run).
if TYPE_CHECKING:
    from mcstats.stats.anova import OneWayAnova
    from mcstats.stats.correlation import Correlation
    from mcstats.stats.crosstab import Crosstab
    from mcstats.stats.ranks import KruskalWallisResult, MannWhitneyResult


class UndefinedComparison(DataError):
    """A test the data cannot give (a crosstab with one row or column holding cases): the
    analysis leaves it out with a warning instead of stopping, as it does for a
    reliability that needs more complete cases."""


#: Decision rules for two groups (``--t-decision``), in words.
T_DECISION_RULES = {
    "student": "Student's t (equal variances assumed), as the papers report it",
    "welch": "Welch's t (equal variances not assumed)",
    "levene": "Welch's t when Levene's test (centred on the mean) has p < .05, else Student's t, "
    "as SPSS courses teach reading the Independent Samples Test",
}


@dataclass(frozen=True)
class AnovaReport:
    """A one-way ANOVA of one scale's score across the levels of one grouping column."""

    scale: str
    group: str
    score: str
    levels: tuple[str, ...]
    n_used: int
    n_missing_score: int
    n_missing_group: int
    result: OneWayAnova


@dataclass(frozen=True)
class RankTestReport:
    """Rank tests of one scale's score across the levels of one grouping column:
    Mann-Whitney for two levels, Kruskal-Wallis (with Dunn's tests) for any number."""

    scale: str
    group: str
    score: str
    levels: tuple[str, ...]
    mann_whitney: MannWhitneyResult | None
    kruskal_wallis: KruskalWallisResult


def present_levels(moments: SurveyMoments, instrument: Instrument, scale: Scale, group: str) -> list[str]:
    """The levels of ``group`` with at least one analysed row, in the instrument's order,
    then the others sorted (numerically when every label is a number)."""
    gs = moments.scores[(scale.id, group)]
    present = [str(lv) for lv, n in gs.rows_by_level.items() if n > 0]
    defined = [lv for lv in instrument.group(group).level_labels if lv in present]
    rest = sort_levels(lv for lv in present if lv not in defined)
    return defined + rest


def _histograms(
    moments: SurveyMoments, scale: Scale, group: str, levels: Sequence[str], score: str, offset: int = 0
) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Score values, (level x value) counts of the levels with a complete score, those
    levels, and the levels left out for having none. ``offset`` (the instrument's
    ``code_offset``) turns positions on the scale into its codes: each item adds it."""
    hist = moments.scores[(scale.id, group)].histogram
    divisor = len(scale.items) if score == "mean" else 1
    values = hist.values(divisor=divisor) + len(scale.items) * offset / divisor
    used, dropped, rows = [], [], []
    for lv in levels:
        h = hist.counts.get(lv)
        if h is None or int(h.sum()) == 0:
            dropped.append(lv)
        else:
            used.append(lv)
            rows.append(h)
    counts = np.array(rows, dtype=np.int64).reshape(len(rows), hist.size)
    # Only the score values that occur: the tests do not depend on empty bins.
    occupied = counts.sum(axis=0) > 0
    return values[occupied], counts[:, occupied], used, dropped


def anova_report(
    moments: SurveyMoments,
    instrument: Instrument,
    scale: Scale,
    group: str,
    *,
    score: str = "sum",
    alpha: float = 0.05,
    posthoc: Sequence[str] = ("tukey", "games-howell", "scheffe"),
    path: str | None = None,
) -> AnovaReport:
    """One-way ANOVA of a scale score across every level of ``group`` that has one."""
    from mcstats.stats.anova import one_way_anova_from_histograms

    levels = present_levels(moments, instrument, scale, group)
    values, counts, used, dropped = _histograms(moments, scale, group, levels, score, instrument.code_offset)
    try:
        res = one_way_anova_from_histograms(values, counts, used, alpha=alpha, posthoc=posthoc)
    except DataError as exc:
        raise DataError(
            f"one-way ANOVA of {scale.id!r} by {group!r}: {exc.message}", path=path, column=group
        ) from None
    if dropped:
        note = f"level(s) {', '.join(map(repr, dropped))} have no respondent with a complete score"
        res = _with_note(res, note)
    gs = moments.scores[(scale.id, group)]
    return AnovaReport(
        scale=scale.id,
        group=group,
        score=score,
        levels=tuple(used),
        n_used=res.n,
        n_missing_score=sum(gs.rows_by_level.values()) - res.n,
        n_missing_group=gs.missing_group,
        result=res,
    )


def _with_note(res: OneWayAnova, note: str) -> OneWayAnova:
    return replace(res, notes=(*res.notes, note))


def rank_report(
    moments: SurveyMoments,
    instrument: Instrument,
    scale: Scale,
    group: str,
    levels: Sequence[str] | None = None,
    *,
    score: str = "sum",
    path: str | None = None,
) -> RankTestReport:
    """Kruskal-Wallis (and Mann-Whitney for two levels) of a scale score across ``levels``
    (default: every level of ``group`` with a score)."""
    from mcstats.stats.ranks import kruskal_wallis_from_histograms, mann_whitney_from_histograms

    chosen = list(levels) if levels is not None else present_levels(moments, instrument, scale, group)
    _, counts, used, _ = _histograms(moments, scale, group, chosen, score)
    try:
        kw = kruskal_wallis_from_histograms(counts, used)
        mw = mann_whitney_from_histograms(counts, used) if len(used) == 2 else None
    except DataError as exc:
        raise DataError(
            f"rank tests of {scale.id!r} by {group!r}: {exc.message}", path=path, column=group
        ) from None
    return RankTestReport(scale.id, group, score, tuple(used), mw, kw)


@dataclass(frozen=True)
class ItemTest:
    """One row of the per-item group comparison (or the scale score row).

    ``test`` is ``"t"`` (two levels: the test chosen by ``--t-decision``, df of that test)
    or ``"F"`` (one-way ANOVA, df = (between, within)); ``critical`` is the critical t or F
    at ``alpha``; ``p_adjusted`` applies the item family's adjustment (equal to ``p``
    without one); ``note`` says why a value is missing.
    """

    item: str
    text: str
    reverse: bool
    groups: tuple[GroupSummary, ...]
    test: str
    statistic: float
    df: tuple[float, ...]
    p: float
    critical: float
    p_adjusted: float
    significant: bool | None
    student: TTestRow | None = None
    welch: TTestRow | None = None
    levene: LeveneResult | None = None
    cohen_d: float | None = None
    decision_test: str | None = None
    rank_p: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class ItemTestsReport:
    """Item-by-item comparisons of one scale's items across one grouping column, with the
    scale score row (the scale's own t-test or ANOVA) at the bottom."""

    scale: str
    group: str
    levels: tuple[str, ...]
    p_adjust: str
    decision_rule: str
    alpha: float
    items: tuple[ItemTest, ...]
    scale_score: ItemTest | None


def _item_counts(
    moments: SurveyMoments, instrument: Instrument, group: str, levels: Sequence[str], column: str
) -> np.ndarray:
    """``(levels, points)`` counts of codes 1..points of one item per level, after
    reverse-keying (zeros for a level without the item's table)."""
    points = instrument.scale_points
    j = instrument.item_columns.index(column)
    by_level = moments.item_groups.get(group, {})
    counts = np.array(
        [by_level[lv][j, 1:] if lv in by_level else np.zeros(points, dtype=np.int64) for lv in levels]
    )
    reverse = any(i.reverse for i in instrument.items if i.column == column)
    return counts[:, ::-1].copy() if reverse else counts


def _summary(level: str, values: np.ndarray, counts: np.ndarray) -> GroupSummary:
    n = int(counts.sum())
    if n == 0:
        return GroupSummary(level, 0, math.nan, math.nan, math.nan, (math.nan, math.nan))
    mean = float((values * counts).sum() / n)
    sd = math.sqrt(float((counts * (values - mean) ** 2).sum()) / (n - 1)) if n > 1 else math.nan
    return GroupSummary(level, n, mean, sd, sd / math.sqrt(n), mean_ci(mean, sd, n))


def _undefined(
    column: str, text: str, reverse: bool, groups: tuple[GroupSummary, ...], test: str, note: str
) -> ItemTest:
    nan = math.nan
    df = (nan,) if test == "t" else (nan, nan)
    return ItemTest(column, text, reverse, groups, test, nan, df, nan, nan, nan, None, note=note)


def _two_level_row(
    column: str,
    text: str,
    reverse: bool,
    values: np.ndarray,
    counts: np.ndarray,
    levels: Sequence[str],
    alpha: float,
    rule: str,
    nonparametric: bool,
) -> ItemTest:
    from mcstats.stats.anova import levene_from_histograms
    from mcstats.stats.ranks import mann_whitney_from_histograms

    groups = tuple(_summary(lv, values, c) for lv, c in zip(levels, counts, strict=True))
    if min(g.n for g in groups) < 2:
        note = "a group has fewer than two answers to this item, so t is undefined"
        return _undefined(column, text, reverse, groups, "t", note)
    lev = levene_from_histograms(values, counts, "mean")
    try:
        res = ttest_from_groups(
            groups[0], groups[1], LeveneResult(lev.F, lev.df1, lev.df2, lev.p), alpha=alpha
        )
    except DataError as exc:
        return _undefined(column, text, reverse, groups, "t", exc.message)
    chosen = rule if rule != "levene" else ("welch" if lev.p < 0.05 else "student")
    row = res.welch if chosen == "welch" else res.student
    rank_p = None
    if nonparametric:
        rank_p = mann_whitney_from_histograms(counts, list(levels)).p
    return ItemTest(
        item=column,
        text=text,
        reverse=reverse,
        groups=groups,
        test="t",
        statistic=row.t,
        df=(row.df,),
        p=row.p,
        critical=row.t_critical,
        p_adjusted=row.p,
        significant=bool(row.p < alpha),
        student=res.student,
        welch=res.welch,
        levene=res.levene,
        cohen_d=res.cohen_d,
        decision_test=chosen,
        rank_p=rank_p,
    )


def _many_level_row(
    column: str,
    text: str,
    reverse: bool,
    values: np.ndarray,
    counts: np.ndarray,
    levels: Sequence[str],
    alpha: float,
    nonparametric: bool,
) -> ItemTest:
    from mcstats.stats.anova import defined_anova_table
    from mcstats.stats.ranks import kruskal_wallis_from_histograms

    keep = [i for i, c in enumerate(counts) if c.sum() > 0]
    groups = tuple(_summary(lv, values, c) for lv, c in zip(levels, counts, strict=True))
    nan = math.nan
    if all(int((c > 0).sum()) <= 1 for c in counts[keep]):
        note = (
            "every respondent in a group gave the same answer (no variance within any group), "
            "so F is undefined"
        )
        return _undefined(column, text, reverse, groups, "F", note)
    # The row shows F, its df, p and critical F: the ANOVA table of the levels with answers,
    # without the Levene, Welch, effect-size intervals and post hoc tests of a scale's ANOVA.
    kept = [groups[i] for i in keep]
    try:
        t = defined_anova_table([g.n for g in kept], [g.mean for g in kept], [g.sd for g in kept])
    except DataError as exc:
        return _undefined(column, text, reverse, groups, "F", exc.message)
    rank_p: float | None = None
    if nonparametric:
        try:
            rank_p = kruskal_wallis_from_histograms(counts[keep], [levels[i] for i in keep]).p
        except DataError:
            rank_p = nan
    return ItemTest(
        item=column,
        text=text,
        reverse=reverse,
        groups=groups,
        test="F",
        statistic=t.F,
        df=(float(t.df_between), float(t.df_within)),
        p=t.p,
        critical=f_ppf(1 - alpha, t.df_between, t.df_within),
        p_adjusted=t.p,
        significant=bool(t.p < alpha),
        rank_p=rank_p,
        # The row holds no Welch, Brown-Forsythe or post hoc values, so the ANOVA's notes on
        # why those are missing (a one-case level, a constant level) do not apply to it.
        note=None,
    )


def item_tests_report(
    moments: SurveyMoments,
    instrument: Instrument,
    scale: Scale,
    group: str,
    levels: Sequence[str],
    *,
    two_levels: bool,
    alpha: float = 0.05,
    t_decision: str = "student",
    p_adjust_method: str = "none",
    nonparametric: bool = False,
    scale_row: ItemTest | None = None,
) -> ItemTestsReport:
    """Each item of ``scale`` compared across ``levels`` of ``group`` (available cases of the
    item with a group value): t-tests for two levels, one-way ANOVA F for more."""
    values = np.arange(instrument.min_code, instrument.max_code + 1, dtype=float)
    rows = []
    for item in scale.items:
        counts = _item_counts(moments, instrument, group, levels, item.column)
        if two_levels:
            rows.append(
                _two_level_row(
                    item.column,
                    item.text,
                    item.reverse,
                    values,
                    counts,
                    levels,
                    alpha,
                    t_decision,
                    nonparametric,
                )
            )
        else:
            rows.append(
                _many_level_row(
                    item.column, item.text, item.reverse, values, counts, levels, alpha, nonparametric
                )
            )
    adjusted = p_adjust([r.p for r in rows], p_adjust_method)
    rows = [
        replace(r, p_adjusted=float(a), significant=None if math.isnan(a) else bool(a < alpha))
        for r, a in zip(rows, adjusted, strict=True)
    ]
    return ItemTestsReport(
        scale=scale.id,
        group=group,
        levels=tuple(levels),
        p_adjust=p_adjust_method,
        decision_rule=t_decision,
        alpha=alpha,
        items=tuple(rows),
        scale_score=scale_row,
    )


def scale_row_from_ttest(report: Any, scale: Scale) -> ItemTest:
    """The scale score row of an item table from the scale's t-test report."""
    res = report.result
    row = res.welch if report.decision_test == "welch" else res.student
    return ItemTest(
        item=scale.id,
        text=scale.title or scale.id,
        reverse=False,
        groups=res.groups,
        test="t",
        statistic=row.t,
        df=(row.df,),
        p=row.p,
        critical=row.t_critical,
        p_adjusted=row.p,
        significant=bool(row.p < res.alpha),
        student=res.student,
        welch=res.welch,
        levene=res.levene,
        cohen_d=res.cohen_d,
        decision_test=report.decision_test,
    )


def scale_row_from_anova(report: AnovaReport, scale: Scale) -> ItemTest:
    """The scale score row of an item table from the scale's one-way ANOVA."""
    res = report.result
    t = res.table
    return ItemTest(
        item=scale.id,
        text=scale.title or scale.id,
        reverse=False,
        groups=res.groups,
        test="F",
        statistic=t.F,
        df=(float(t.df_between), float(t.df_within)),
        p=t.p,
        critical=f_ppf(1 - res.alpha, t.df_between, t.df_within),
        p_adjusted=t.p,
        significant=bool(t.p < res.alpha),
    )


@dataclass(frozen=True)
class CrosstabReport:
    """The chi-square test of independence of two columns (``--crosstab ROW,COL``)."""

    row: str
    column: str
    result: Crosstab


@dataclass(frozen=True)
class CorrelationMatrix:
    """Pearson and Spearman correlations between scale scores (``--correlations``), each pair
    over the respondents with both scores complete, with each score's complete-case N, mean
    and SD for the APA table."""

    score: str
    variables: tuple[str, ...]
    n: tuple[int, ...]
    mean: tuple[float, ...]
    sd: tuple[float, ...]
    pairs: tuple[Correlation, ...]


@dataclass(frozen=True)
class ScaleItemCorrelations:
    """Correlations between the items of one scale (``--item-correlations``): each pair
    over the respondents who answered both, codes as scored (after reverse-keying); each
    item's N, mean and SD over the respondents who answered it."""

    scale: str
    items: tuple[str, ...]
    n: tuple[int, ...]
    mean: tuple[float, ...]
    sd: tuple[float, ...]
    pairs: tuple[Correlation, ...]


def demographic_crosstabs(instrument: Instrument) -> tuple[tuple[str, str], ...]:
    """Every categorical column crossed with every grouping column (row, column), and the
    grouping columns with each other: what ``--crosstab all-demographics`` and the web
    page's cross-table box ask for.

    >>> from mcstats.instrument import parse_instrument
    >>> inst = parse_instrument({"scale_points": 4, "scales": {"s": {"items": ["Q1", "Q2"]}},
    ...     "groups": ["gender", "level"], "categorical": ["region"]})
    >>> demographic_crosstabs(inst)
    (('region', 'gender'), ('region', 'level'), ('gender', 'level'))
    """
    groups = [g.column for g in instrument.groups]
    pairs = [(c.column, g) for c in instrument.categorical for g in groups if c.column != g]
    pairs += [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
    return tuple(dict.fromkeys(pairs))


def _ordered(labels: Sequence[str], defined: Sequence[str]) -> list[str]:
    first = [lv for lv in defined if lv in labels]
    return first + sort_levels(lv for lv in labels if lv not in first)


def _defined_levels(instrument: Instrument, column: str) -> list[str]:
    for var in (*instrument.groups, *instrument.categorical):
        if var.column == column:
            return list(var.level_labels)
    return []


def _check_crosstab_size(row: str, column: str, n_a: int, n_b: int, path: str | None) -> None:
    """Refuse a crosstab of more than ``MCSTATS_MAX_CROSSTAB_CELLS`` cells before it is
    built (two id-like columns of 20,000 values made a 20,000 x 20,000 table: 12 GB)."""
    from mcstats.limits import env_name, limit

    most = limit("MAX_CROSSTAB_CELLS")
    if n_a * n_b > most:
        raise DataError(
            f"crosstab of {row!r} by {column!r}: {n_a:,} x {n_b:,} values make {n_a * n_b:,} cells, "
            f"more than the {most:,} mcstats builds (the limit {env_name('MAX_CROSSTAB_CELLS')}); "
            "a chi-square test needs few categories: recode the columns or cross others",
            path=path,
            column=row,
        )


def crosstab_report(
    moments: SurveyMoments, instrument: Instrument, row: str, column: str, *, path: str | None = None
) -> CrosstabReport:
    """Crosstab of two categorical columns, or of an item (its answers as given) and a
    grouping column, from the merged contingency counts."""
    from mcstats.stats.crosstab import crosstab_test

    items = list(instrument.item_columns)
    if row in items or column in items:
        item, group = (row, column) if row in items else (column, row)
        if group in items or group not in moments.item_groups:
            raise UsageError(
                f"crosstabs {row},{column}: an item is crossed with a grouping column; {group!r} is not one",
                argument="crosstabs",
            )
        j = items.index(item)
        levels = _ordered(list(moments.item_groups[group]), _defined_levels(instrument, group))
        codes = list(range(1, instrument.scale_points + 1))
        by_level = np.array([moments.item_groups[group][lv][j, 1:] for lv in levels], dtype=np.int64)
        labels = [str(c) for c in codes]
        table, rows_l, cols_l = (by_level.T, labels, levels) if row == item else (by_level, levels, labels)
    else:
        key = (row, column) if (row, column) in moments.pairs else (column, row)
        if key not in moments.pairs:
            raise UsageError(
                f"crosstabs {row},{column}: both must be categorical columns (grouping columns, "
                "frequency columns, the instrument's groups and categorical columns) or an item and "
                "a grouping column",
                argument="crosstabs",
            )
        counts = moments.pairs[key]
        a_levels = _ordered(sorted({a for a, _ in counts}), _defined_levels(instrument, key[0]))
        b_levels = _ordered(sorted({b for _, b in counts}), _defined_levels(instrument, key[1]))
        _check_crosstab_size(row, column, len(a_levels), len(b_levels), path)
        t = np.array([[counts.get((a, b), 0) for b in b_levels] for a in a_levels], dtype=np.int64)
        table, rows_l, cols_l = (t, a_levels, b_levels) if key == (row, column) else (t.T, b_levels, a_levels)
    try:
        res = crosstab_test(table.reshape(len(rows_l), len(cols_l)), rows_l, cols_l)
    except DataError as exc:
        raise UndefinedComparison(
            f"crosstab of {row!r} by {column!r}: {exc.message}", path=path, column=row
        ) from None
    return CrosstabReport(row, column, res)


def correlation_matrix(
    moments: SurveyMoments, instrument: Instrument, score: str = "sum"
) -> CorrelationMatrix:
    """Correlations between every pair of scale scores from their joint histograms."""
    from mcstats.stats.correlation import correlation_from_joint_histogram

    scales = list(instrument.scales)
    ns, means, sds = [], [], []
    for s in scales:
        mom = moments.scales[s.id]
        k = len(s.items) if score == "mean" else 1
        n = mom.n
        ns.append(n)
        if n == 0:
            means.append(math.nan)
            sds.append(math.nan)
            continue
        means.append(float(mom.sums.sum()) / n / k)
        var = float(mom.covariance().sum()) if n > 1 else math.nan
        sds.append(math.sqrt(var) / k if n > 1 else math.nan)
    pairs = []
    for i, a in enumerate(scales):
        for b in scales[i + 1 :]:
            joint = moments.score_pairs[(a.id, b.id)]
            pts = instrument.scale_points
            xv = np.arange(len(a.items), len(a.items) * pts + 1, dtype=float)
            yv = np.arange(len(b.items), len(b.items) * pts + 1, dtype=float)
            # Spearman's rho and Pearson's r do not change when a score is divided by k.
            pairs.append(correlation_from_joint_histogram(xv, yv, joint, x=a.id, y=b.id))
    return CorrelationMatrix(
        score, tuple(s.id for s in scales), tuple(ns), tuple(means), tuple(sds), tuple(pairs)
    )


def item_correlation_matrices(moments: SurveyMoments, instrument: Instrument) -> list[ScaleItemCorrelations]:
    """Inter-item correlations of every scale from the joint code histograms of its item
    pairs (:data:`SurveyMoments.item_pairs`)."""
    from mcstats.stats.correlation import item_correlations_from_joint_counts

    values = np.arange(1, instrument.scale_points + 1, dtype=float) + instrument.code_offset
    out = []
    for s in instrument.scales:
        if len(s.items) < 2:
            continue
        joint = moments.item_pairs[s.id].pair_tables()
        res = item_correlations_from_joint_counts(values, joint, list(s.columns))
        out.append(ScaleItemCorrelations(s.id, res.items, res.n, res.mean, res.sd, res.pairs))
    return out
