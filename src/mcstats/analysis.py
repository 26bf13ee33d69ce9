"""The analyze pipeline: coded responses in, every statistic of ``mcstats analyze`` out.

This module only orchestrates: the statistics live in :mod:`mcstats.stats`, reading in
:mod:`mcstats.io`, validation in :mod:`mcstats.validate`, rendering in :mod:`mcstats.report`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from mcstats.engines import EngineUsed
from mcstats.engines.moments import SurveyMoments, accumulate
from mcstats.errors import DataError, UsageError
from mcstats.group_analyses import (
    T_DECISION_RULES,
    AnovaReport,
    CorrelationMatrix,
    CrosstabReport,
    ItemTestsReport,
    RankTestReport,
    ScaleItemCorrelations,
    UndefinedComparison,
    anova_report,
    correlation_matrix,
    crosstab_report,
    item_correlation_matrices,
    item_tests_report,
    present_levels,
    rank_report,
    scale_row_from_anova,
    scale_row_from_ttest,
)
from mcstats.instrument import Instrument, Scale
from mcstats.limits import env_name, limit
from mcstats.stats.cutoffs import CutoffScheme, cutoff_scheme
from mcstats.stats.descriptives import mean_ci
from mcstats.stats.frequencies import FrequencyTable, counted_frequencies, frequency_table
from mcstats.stats.moments import (
    ItemCounts,
    item_statistics_from_counts,
    levene_from_histograms,
    weighted_group_summary,
)
from mcstats.stats.posthoc import P_ADJUSTMENTS, POSTHOC_TESTS
from mcstats.stats.reliability import ReliabilityResult, check_complete_cases
from mcstats.stats.scale_reliability import scale_reliability, scale_reliability_from_moments
from mcstats.stats.ttest import (
    GroupSummary,
    LeveneResult,
    TTestResult,
    decision_sentence,
    ttest_from_groups,
)
from mcstats.validate import CodedSurvey

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # the rows of an in-memory run; a streamed run never imports pandas

#: The missing-data rules, printed with every result. Keys are the options' values.
ITEM_MISSING_RULES = {
    "available": "available cases per item (SPSS DESCRIPTIVES /MISSING=VARIABLE, the default)",
    "listwise": "listwise within each scale: only cases that answered every item of the scale "
    "(SPSS DESCRIPTIVES /MISSING=LISTWISE)",
}
RELIABILITY_MISSING_RULES = {
    "listwise": "listwise within each scale (cases missing any item of the scale are left out; "
    "SPSS RELIABILITY's rule)",
    "pairwise": "pairwise within each scale: each covariance uses the cases that answered both items "
    "(R: cov(x, use = 'pairwise'), psych::alpha's default); every coefficient and the item-total "
    "table come from that one matrix, and the N behind each is reported as a range",
}


def missing_rules(options: AnalysisOptions) -> dict[str, str]:
    """The rule used for each family of statistics, in words."""
    return {
        "reliability": RELIABILITY_MISSING_RULES[options.reliability_missing],
        "item_statistics": ITEM_MISSING_RULES[options.item_missing],
        "grand_mean": "mean of the item means; respondents' means use each respondent's answered "
        "items of the scale"
        + (
            " (only complete cases under listwise item statistics)"
            if options.item_missing == "listwise"
            else ""
        ),
        "ttest": "respondents with every item of the scale answered and a valid group value "
        "(the same for the one-way ANOVA and the rank tests of scale scores)",
        "frequencies": "all analysed rows; empty or missing-coded cells are counted as missing",
    }


@dataclass(frozen=True)
class AnalysisOptions:
    """Options of the analysis, recorded in results.json.

    score: ``"sum"`` or ``"mean"`` of the items for the t-test score.
    cutoffs: a built-in scheme name to use instead of the instrument's.
    alpha: significance level of the t-tests.
    levels: the two group levels to compare (for a grouping variable with more levels).
    item_missing: ``"available"`` (default) or ``"listwise"`` cases for item statistics.
    reliability_missing: ``"listwise"`` (SPSS's rule) or ``"pairwise"`` for reliability.
    ordinal: also alpha and omega from polychoric correlations.
    bootstrap: number of percentile-bootstrap resamples for reliability intervals (0: none).
    seed: seed of the bootstrap's random generator (recorded with the intervals).
    t_decision: which t-test decides for two groups: ``"student"`` (default), ``"welch"``
        or ``"levene"`` (Welch when Levene's p < .05).
    anova: also a one-way ANOVA for two-level groups (groups of three or more levels get it
        whenever no ``levels`` are chosen).
    posthoc: post hoc tests after an ANOVA (any of tukey, games-howell, scheffe).
    nonparametric: add rank tests (Mann-Whitney, Kruskal-Wallis with Dunn) to every group
        comparison.
    item_tests: also compare the groups item by item (t or F per item, the scale score last).
    p_adjust: adjustment of the item tests' p values over the items of a scale: ``"none"``
        (default, as the papers do), ``"holm"``, ``"bonferroni"`` or ``"bh"``.
    crosstabs: (row, column) pairs for chi-square tests of independence: two categorical
        columns, or an item and a grouping column.
    correlations: Pearson and Spearman correlations between the scale scores.
    item_correlations: Pearson and Spearman correlations between the items of each scale
        (pairwise complete, as scored).
    """

    score: str = "sum"
    cutoffs: str | None = None
    alpha: float = 0.05
    levels: tuple[str, str] | None = None
    item_missing: str = "available"
    reliability_missing: str = "listwise"
    ordinal: bool = False
    bootstrap: int = 0
    seed: int = 1
    t_decision: str = "student"
    anova: bool = False
    posthoc: tuple[str, ...] = POSTHOC_TESTS
    nonparametric: bool = False
    item_tests: bool = False
    p_adjust: str = "none"
    crosstabs: tuple[tuple[str, str], ...] = ()
    correlations: bool = False
    item_correlations: bool = False

    def __post_init__(self) -> None:
        if self.p_adjust not in P_ADJUSTMENTS:
            raise UsageError(
                f"p_adjust must be one of {', '.join(P_ADJUSTMENTS)}, got {self.p_adjust!r}",
                argument="p_adjust",
            )
        if self.t_decision not in T_DECISION_RULES:
            raise UsageError(
                f"t_decision must be one of {', '.join(T_DECISION_RULES)}, got {self.t_decision!r}",
                argument="t_decision",
            )
        unknown = [t for t in self.posthoc if t not in POSTHOC_TESTS]
        if unknown:
            raise UsageError(
                f"posthoc takes a list of {', '.join(POSTHOC_TESTS)} (or none); got {unknown[0]!r}",
                argument="posthoc",
            )
        if self.score not in ("sum", "mean"):
            raise UsageError(f"score must be 'sum' or 'mean', got {self.score!r}", argument="score")
        if self.item_missing not in ITEM_MISSING_RULES:
            raise UsageError(
                f"item_missing must be one of {', '.join(ITEM_MISSING_RULES)}, got {self.item_missing!r}",
                argument="item_missing",
            )
        if self.reliability_missing not in RELIABILITY_MISSING_RULES:
            raise UsageError(
                f"reliability_missing must be one of {', '.join(RELIABILITY_MISSING_RULES)}, "
                f"got {self.reliability_missing!r}",
                argument="reliability_missing",
            )
        if not 0 < self.alpha < 1:
            raise UsageError(f"alpha must be between 0 and 1, got {self.alpha}", argument="alpha")
        if self.bootstrap < 0:
            raise UsageError(
                f"bootstrap must be 0 (none) or a number of resamples, got {self.bootstrap}",
                argument="bootstrap",
            )
        if self.seed < 0:
            raise UsageError(f"seed must be a whole number of 0 or more, got {self.seed}", argument="seed")


@dataclass(frozen=True)
class ItemSummary:
    column: str
    text: str
    reverse: bool
    n: int
    mean: float
    sd: float
    min: float
    max: float
    n_missing: int
    remark: str | None
    mean_ci95: tuple[float, float]
    #: Mean and remark in the direction respondents answered: for a reverse-keyed item
    #: ``points + 1 - mean`` (the statistics above are of the recoded item, as the scale
    #: score uses it); for other items the same as ``mean`` and ``remark``.
    mean_as_answered: float = math.nan
    remark_as_answered: str | None = None
    #: A short label from the instrument (``short:``) for charts and narrow tables; "" if none.
    short: str = ""


@dataclass(frozen=True)
class GrandMean:
    mean_of_item_means: float
    mean_of_respondent_means: float
    n_respondents: int
    remark: str | None
    remark_of_respondent_means: str | None


@dataclass(frozen=True)
class ScaleResult:
    id: str
    title: str
    items: list[str]
    reliability: ReliabilityResult | None
    reliability_note: str | None
    item_statistics: dict[str, ItemSummary]
    grand_mean: GrandMean


@dataclass(frozen=True)
class TTestReport:
    scale: str
    group: str
    score: str
    levels: tuple[str, str]
    n_used: int
    n_missing_score: int
    n_missing_group: int
    n_other_levels: int
    result: TTestResult
    #: The rule of ``--t-decision`` and the test it chose ("student" or "welch").
    decision_rule: str = "student"
    decision_test: str = "student"


@dataclass(frozen=True)
class AnalysisResult:
    survey: CodedSurvey
    options: AnalysisOptions
    cutoffs: CutoffScheme
    scales: dict[str, ScaleResult]
    frequencies: dict[str, tuple[FrequencyTable, str]]
    ttests: list[TTestReport]
    warnings: list[str] = field(default_factory=list)
    anova: list[AnovaReport] = field(default_factory=list)
    rank_tests: list[RankTestReport] = field(default_factory=list)
    item_tests: list[ItemTestsReport] = field(default_factory=list)
    crosstabs: list[CrosstabReport] = field(default_factory=list)
    correlations: CorrelationMatrix | None = None
    item_correlations: list[ScaleItemCorrelations] | None = None
    #: Which engine read the file and why another was not used (set by pipeline.compute).
    engine: EngineUsed | None = None


def _needs_data(opts: AnalysisOptions) -> bool:
    """Whether reliability needs the responses themselves, not only their moments."""
    return opts.reliability_missing != "listwise" or opts.ordinal or opts.bootstrap > 0


def _reliability(
    moments: SurveyMoments,
    scale: Scale,
    opts: AnalysisOptions,
    data: pd.DataFrame | None,
    offset: int = 0,
) -> tuple[ReliabilityResult | None, str | None]:
    """Reliability of one scale; ``offset`` turns positions on the scale into codes (means)."""
    reverse = [i.column for i in scale.items if i.reverse]
    mom = moments.scales[scale.id]
    try:
        if _needs_data(opts):
            if data is None:
                raise UsageError(
                    "reliability_missing='pairwise', the ordinal argument and the bootstrap argument "
                    "need the responses in memory; the streaming and Dask engines do not keep them "
                    "(engine='memory' does)"
                )
            # Reliability applies its own missing-data rule to every analysed row of the scale.
            rel: ReliabilityResult = scale_reliability(
                data[scale.columns].to_numpy(dtype=float) + offset,
                scale.columns,
                missing=opts.reliability_missing,
                ordinal=opts.ordinal,
                n_boot=opts.bootstrap,
                seed=opts.seed,
                reverse=reverse,
            )
        else:
            check_complete_cases(mom.n, scale.columns)
            rel = scale_reliability_from_moments(
                mom.n,
                mom.means() + offset,
                mom.covariance(),
                scale.columns,
                n_excluded=mom.n_incomplete,
                reverse=reverse,
            )
    except DataError as exc:
        return None, exc.message
    note = None
    if rel.zero_variance_items:
        note = (
            f"item(s) with no variance among the {opts.reliability_missing} cases: "
            + ", ".join(rel.zero_variance_items)
            + "; correlations with them are undefined, so standardized alpha, omega, lambda-6 and "
            "the SMCs are not reported; drop the item or check its data"
        )
    return rel, note


def _item_counts(moments: SurveyMoments, scale: Scale, column: str, item_missing: str) -> ItemCounts:
    """Code counts of an item after reverse-keying, under the item missing-data rule."""
    if item_missing == "listwise":
        return moments.complete_items[scale.id][column]
    answered = moments.answered[column]
    item = next(i for i in scale.items if i.column == column)
    if not item.reverse:
        return answered
    # Reverse-keying maps code c to points + 1 - c: the counts run backwards.
    counts = np.concatenate([[0], answered.counts[1:][::-1]])
    return ItemCounts(counts, answered.missing)


def scale_results(
    moments: SurveyMoments,
    scale: Scale,
    scheme: CutoffScheme,
    opts: AnalysisOptions,
    data: pd.DataFrame | None = None,
    offset: int = 0,
) -> ScaleResult:
    """Reliability, item statistics with remarks and the grand means of one scale.

    ``offset`` (the instrument's ``code_offset``) turns positions 1..points, as the
    moments hold them, into the instrument's codes: it is added to every mean, minimum
    and maximum (a 0-3 scale's means are 1 lower than the positions'); spread and
    reliability do not change.
    """
    rel, note = _reliability(moments, scale, opts, data, offset)
    stats: dict[str, ItemSummary] = {}
    for item in scale.items:
        counts = _item_counts(moments, scale, item.column, opts.item_missing)
        missing = counts.missing
        if opts.item_missing == "listwise":
            missing = moments.n_rows - int(counts.counts.sum())
        s = item_statistics_from_counts(counts.counts, missing)
        mean = s.mean + offset
        # Reverse-keying maps a code c to lowest + highest - c, so the mean as answered is
        # lowest + highest - (recoded mean); the SD is the same in both directions.
        answered_mean = (moments.points + 1 - s.mean) + offset if item.reverse else mean
        stats[item.column] = ItemSummary(
            column=item.column,
            text=item.text,
            reverse=item.reverse,
            n=s.n,
            mean=mean,
            sd=s.sd,
            min=s.min + offset,
            max=s.max + offset,
            n_missing=s.n_missing,
            remark=scheme.remark(mean),
            mean_ci95=(s.mean_ci95[0] + offset, s.mean_ci95[1] + offset),
            mean_as_answered=answered_mean,
            remark_as_answered=scheme.remark(answered_mean),
            short=item.short,
        )
    means = [s.mean for s in stats.values() if math.isfinite(s.mean)]
    mim = float(np.mean(means)) if means else math.nan
    # Respondents' means: a respondent with c answered items has mean (row sum) / c.
    sums = moments.respondent_sums[scale.id]
    if opts.item_missing == "listwise":
        sums = {c: v for c, v in sums.items() if c == len(scale.items)}
    n_resp = sum(r for _, r in sums.values())
    mrm = (
        math.fsum(Fraction(total, c) for c, (total, _) in sums.items()) / n_resp + offset
        if n_resp
        else math.nan
    )
    grand = GrandMean(
        mean_of_item_means=mim,
        mean_of_respondent_means=float(mrm),
        n_respondents=int(n_resp),
        remark=scheme.remark(mim),
        remark_of_respondent_means=scheme.remark(float(mrm)),
    )
    return ScaleResult(
        id=scale.id,
        title=scale.title,
        items=scale.columns,
        reliability=rel,
        reliability_note=note,
        item_statistics=stats,
        grand_mean=grand,
    )


def analyze_scale(
    survey: CodedSurvey,
    scale: Scale,
    scheme: CutoffScheme,
    *,
    item_missing: str = "available",
    options: AnalysisOptions | None = None,
) -> ScaleResult:
    """Reliability, item statistics with remarks and the grand means of one scale of a survey."""
    opts = options or AnalysisOptions(item_missing=item_missing)
    moments = accumulate(
        survey.instrument, survey.items, survey.answered, survey.categorical, [], moment_extras(opts)
    )
    return scale_results(moments, scale, scheme, opts, survey.items, survey.instrument.code_offset)


def scale_score(survey: CodedSurvey, scale: Scale, score: str) -> pd.Series:
    """Sum or mean of the scale's items (in the instrument's codes), NaN unless every item is answered."""
    data = survey.items[scale.columns] + survey.instrument.code_offset
    complete = data.notna().all(axis=1)
    values = data.sum(axis=1) if score == "sum" else data.mean(axis=1)
    return values.where(complete)


def group_test(
    moments: SurveyMoments,
    instrument: Instrument,
    scale: Scale,
    group: str,
    *,
    score: str = "sum",
    levels: tuple[str, str] | None = None,
    alpha: float = 0.05,
    path: str | None = None,
    t_decision: str = "student",
) -> TTestReport:
    """Independent-samples t-test of a scale score between two levels of ``group``, from the
    score histograms gathered by the engine (exact: the score takes few values).

    ``t_decision`` chooses the test behind the decision sentence: Student's, Welch's, or
    Welch's when Levene's p < .05 (``"levene"``); both rows are always reported."""
    if score not in ("sum", "mean"):
        raise UsageError(f"score must be 'sum' or 'mean', got {score!r}", argument="score")
    gs = moments.scores[(scale.id, group)]
    var = instrument.group(group)
    present = [lv for lv, n in gs.rows_by_level.items() if n > 0]
    if levels is None:
        defined = var.level_labels
        candidates = defined if defined else sorted(present, key=str)
        if len(candidates) != 2:
            found = ", ".join(map(repr, sorted(present, key=str))) or "none"
            if len(candidates) > 2 or len(present) > 2:
                raise UsageError(
                    f"grouping column {group!r} has more than two levels ({found}); choose two "
                    "with the levels argument (A, B)",
                    argument="levels",
                )
            raise DataError(
                f"grouping column {group!r} has {len(present)} level(s) in the analysed rows "
                f"({found}); a t-test compares two groups",
                path=path,
                column=group,
            )
        levels = (str(candidates[0]), str(candidates[1]))
    else:
        known = set(map(str, present)) | set(var.level_labels)
        for lv in levels:
            if lv not in known:
                raise UsageError(
                    f"levels names {lv!r}, which is not a value of {group!r} "
                    f"(found: {', '.join(map(repr, sorted(map(str, present))))})",
                    argument="levels",
                )
    hist = gs.histogram
    divisor = len(scale.items) if score == "mean" else 1
    # Positions on the scale -> codes: each item adds the instrument's offset to the sum.
    values = hist.values(divisor=divisor) + len(scale.items) * instrument.code_offset / divisor
    empty = np.zeros(hist.size, dtype=np.int64)
    counts = [hist.counts.get(lv, empty) for lv in levels]
    summaries = []
    for lv, h in zip(levels, counts, strict=True):
        n, mean, sd = weighted_group_summary(values, h)
        if n < 2:
            raise DataError(
                f"group {lv!r} of {group!r} has {n} respondent(s) with a complete "
                f"{scale.id!r} score; a t-test needs at least two in each group",
                path=path,
                column=group,
            )
        summaries.append(GroupSummary(lv, n, mean, sd, sd / math.sqrt(n), mean_ci(mean, sd, n)))
    F, df1, df2, p = levene_from_histograms(values, counts)
    try:
        res = ttest_from_groups(summaries[0], summaries[1], LeveneResult(F, df1, df2, p), alpha=alpha)
    except DataError as exc:
        raise DataError(
            f"t-test of {scale.id!r} by {group!r}: {exc.message}", path=path, column=group
        ) from None
    chosen = t_decision
    if t_decision == "levene":
        chosen = "welch" if res.levene is not None and res.levene.p < 0.05 else "student"
    if chosen == "welch":
        res = replace(res, decision=decision_sentence(res.welch, levels, alpha))
    n_used = summaries[0].n + summaries[1].n
    in_pair = sum(gs.rows_by_level.get(lv, 0) for lv in levels)
    return TTestReport(
        scale=scale.id,
        group=group,
        score=score,
        levels=levels,
        n_used=n_used,
        n_missing_score=in_pair - n_used,
        n_missing_group=gs.missing_group,
        n_other_levels=sum(gs.rows_by_level.values()) - in_pair,
        result=res,
        decision_rule=t_decision,
        decision_test=chosen,
    )


def compare_groups(
    survey: CodedSurvey,
    scale: Scale,
    group: str,
    *,
    score: str = "sum",
    levels: tuple[str, str] | None = None,
    alpha: float = 0.05,
) -> TTestReport:
    """Independent-samples t-test of a scale score between two levels of ``group``."""
    moments = accumulate(survey.instrument, survey.items, survey.answered, survey.categorical, [group])
    return group_test(
        moments, survey.instrument, scale, group, score=score, levels=levels, alpha=alpha, path=survey.path
    )


def invalid_missing_warning(survey: CodedSurvey) -> str:
    """The warning of ``invalid="missing"``: how many cells became missing, per column.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s = SimpleNamespace(n_invalid=4, n_invalid_by_column={"Q1": 3, "Q4": 1})
    >>> invalid_missing_warning(s)  # doctest: +NORMALIZE_WHITESPACE
    '4 cell(s) that are not valid responses were treated as missing, as asked: Q1: 3, Q4: 1;
    they are listed under input.invalid_cells. If they are answers on another code range,
    declare it (codes: 0-3) instead'
    """
    by_col = ", ".join(f"{c}: {n}" for c, n in survey.n_invalid_by_column.items())
    return (
        f"{survey.n_invalid} cell(s) that are not valid responses were treated as missing, "
        "as asked" + (f": {by_col}" if by_col else "") + "; they are listed under "
        "input.invalid_cells. If they are "
        "answers on another code range, declare it (codes: 0-3) instead"
    )


def analyze(
    survey: CodedSurvey,
    options: AnalysisOptions | None = None,
    *,
    groups: list[str] | None = None,
) -> AnalysisResult:
    """Run every analysis of ``mcstats analyze`` on a validated survey.

    Parameters
    ----------
    survey : CodedSurvey
        Output of :func:`mcstats.validate.code_responses`.
    options : AnalysisOptions | None
        Score type, cut-off scheme, significance level, levels to compare.
    groups : list[str] | None
        Grouping columns for t-tests; default: the instrument's groups.

    Examples
    --------
    >>> from mcstats import load_instrument, load_survey, code_responses, analyze
    >>> inst = load_instrument("instruments/example_4point.yaml")
    >>> survey = code_responses(load_survey("data/examples/example_4point.csv"), inst)
    >>> res = analyze(survey)
    >>> sorted(res.scales), res.ttests[0].levels
    (['challenges', 'enhancement'], ('Male', 'Female'))
    """
    opts = options or AnalysisOptions()
    inst = survey.instrument
    try:
        scheme = cutoff_scheme(inst, opts.cutoffs)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    group_cols = groups if groups is not None else [g.column for g in inst.groups]
    moments = accumulate(
        inst, survey.items, survey.answered, survey.categorical, group_cols, moment_extras(opts)
    )
    return results_from_moments(moments, survey, opts, groups=group_cols, data=survey.items, scheme=scheme)


def moment_extras(opts: AnalysisOptions) -> tuple[str, ...]:
    """The optional moments (:data:`mcstats.engines.moments.EXTRAS`) the options need."""
    extras = []
    if opts.item_tests or opts.crosstabs:
        extras.append("item_groups")  # item x group crosstabs come from the same counts
    if opts.crosstabs:
        extras.append("pairs")
    if opts.correlations:
        extras.append("score_pairs")
    if opts.item_correlations:
        extras.append("item_pairs")
    if opts.item_missing == "listwise":
        extras.append("complete_items")
    return tuple(extras)


def results_from_moments(
    moments: SurveyMoments,
    survey: CodedSurvey,
    opts: AnalysisOptions,
    *,
    groups: list[str],
    data: pd.DataFrame | None = None,
    scheme: CutoffScheme | None = None,
) -> AnalysisResult:
    """Every result of ``analyze`` from merged moments (in memory, streamed or distributed).

    ``survey`` supplies the instrument and the row accounting; ``data`` (the reverse-keyed
    responses) is needed only for pairwise reliability, --ordinal and --bootstrap.
    """
    inst = survey.instrument
    if scheme is None:
        try:
            scheme = cutoff_scheme(inst, opts.cutoffs)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    off = inst.code_offset
    scales = {s.id: scale_results(moments, s, scheme, opts, data, off) for s in inst.scales}
    freq: dict[str, tuple[FrequencyTable, str]] = {}
    resp_labels = dict(inst.responses)
    positions = list(range(1, inst.scale_points + 1))
    for item in inst.items:
        counts = moments.answered[item.column]
        freq[item.column] = (
            frequency_table(
                [(p + off, int(counts.counts[p])) for p in positions], counts.missing, resp_labels
            ),
            item.text or item.column,
        )
    capped: list[str] = []
    for var in (*inst.groups, *inst.categorical):
        counter = moments.categorical[var.column]
        valid = {k: v for k, v in counter.items() if k is not None}
        most = limit("MAX_FREQUENCY_ROWS")
        order: list[object] = list(var.level_labels)
        if len(valid) > most:
            keep = set(var.level_labels) | {
                k for k, _ in sorted(valid.items(), key=lambda kv: (-kv[1], str(kv[0])))[:most]
            }
            other = sum(v for k, v in valid.items() if k not in keep)
            distinct = len(valid)
            n_other = distinct - len(keep & set(valid))
            valid = {k: v for k, v in valid.items() if k in keep}
            order = [*var.level_labels, *sorted((k for k in valid if k not in var.level_labels), key=str)]
            valid[f"(the {n_other} other values)"] = other
            order.append(f"(the {n_other} other values)")
            capped.append(
                f"column {var.column!r} has {distinct} distinct values: its frequency table lists "
                f"the {most} most frequent and sums the other {n_other} in one row "
                f"(set {env_name('MAX_FREQUENCY_ROWS')} to list more)"
            )
        freq[var.column] = (
            counted_frequencies(
                valid,
                counter.get(None, 0),
                labels={lab: lab for lab in var.level_labels},
                order=order,
            ),
            var.title or var.column,
        )
    tests, anovas, ranks, items, skipped = group_comparisons(moments, inst, opts, groups, path=survey.path)
    crosstabs = []
    for row, column in opts.crosstabs:
        try:
            crosstabs.append(crosstab_report(moments, inst, row, column, path=survey.path))
        except UndefinedComparison as exc:
            skipped.append(f"{exc.message}; the crosstab is left out")
    warnings = list(survey.warnings) + capped + skipped
    if opts.correlations and len(inst.scales) < 2:
        # Nothing to print otherwise: the matrix needs two scale scores.
        warnings.append(
            "correlations between scale scores need two or more scales and the instrument has one"
            + ("" if opts.item_correlations else "; item_correlations=True correlates its items")
        )
    if survey.n_invalid:
        warnings.append(invalid_missing_warning(survey))
    for sr in scales.values():
        if sr.reliability_note:
            warnings.append(f"scale {sr.id!r}: {sr.reliability_note}")
        for diagnostic in getattr(sr.reliability, "diagnostics", ()):
            warnings.append(f"scale {sr.id!r}: {diagnostic}")
    return AnalysisResult(
        survey=survey,
        options=opts,
        cutoffs=scheme,
        scales=scales,
        frequencies=freq,
        ttests=tests,
        warnings=warnings,
        anova=anovas,
        rank_tests=ranks,
        item_tests=items,
        crosstabs=crosstabs,
        correlations=correlation_matrix(moments, inst, opts.score) if opts.correlations else None,
        item_correlations=item_correlation_matrices(moments, inst) if opts.item_correlations else None,
    )


def group_comparisons(
    moments: SurveyMoments,
    inst: Instrument,
    opts: AnalysisOptions,
    groups: list[str],
    *,
    path: str | None = None,
) -> tuple[list[TTestReport], list[AnovaReport], list[RankTestReport], list[ItemTestsReport], list[str]]:
    """Per grouping column and scale: the t-test for two levels (or the two ``levels``
    chosen), the one-way ANOVA for three or more (or for two with ``anova``), and the rank
    tests with ``nonparametric``; last, a warning for each comparison the data cannot give
    (left out, the others kept)."""
    tests: list[TTestReport] = []
    anovas: list[AnovaReport] = []
    ranks: list[RankTestReport] = []
    items: list[ItemTestsReport] = []
    skipped: list[str] = []
    for g in groups:
        for s in inst.scales:
            present = present_levels(moments, inst, s, g)
            if opts.levels is None and len(present) > limit("MAX_GROUP_LEVELS"):
                # Every level compared with every other (post hoc, Dunn, item tests): the
                # work grows with the square of the levels (issue 19, round 2).
                most = limit("MAX_GROUP_LEVELS")
                raise DataError(
                    f"grouping column {g!r} has {len(present):,} levels, more than the {most:,} "
                    f"compared at once (the limit {env_name('MAX_GROUP_LEVELS')}): post hoc tests "
                    "grow with the square of the levels; compare two with the levels argument, "
                    "recode the column into fewer groups, or raise the limit",
                    path=path,
                    column=g,
                )
            try:
                t, a, r, it = _compare(moments, inst, opts, s, g, present, path=path)
            except DataError as exc:
                if len(present) < 2:
                    raise  # nothing to compare in the column at all: the choice of column is wrong
                # Data that cannot give the test (a level of one case in a t-test, no
                # variance within any group): that comparison is left out with a warning,
                # the rest of the report stands (as a reliability without enough cases).
                skipped.append(f"{exc.message}; the comparison of {s.id!r} by {g!r} is left out")
                continue
            tests += t
            anovas += a
            ranks += r
            items += it
    return tests, anovas, ranks, items, skipped


def _compare(
    moments: SurveyMoments,
    inst: Instrument,
    opts: AnalysisOptions,
    s: Scale,
    g: str,
    present: list[str],
    *,
    path: str | None,
) -> tuple[list[TTestReport], list[AnovaReport], list[RankTestReport], list[ItemTestsReport]]:
    """The comparisons of scale ``s`` by grouping column ``g`` (see :func:`group_comparisons`)."""
    tests: list[TTestReport] = []
    anovas: list[AnovaReport] = []
    ranks: list[RankTestReport] = []
    items: list[ItemTestsReport] = []
    n_levels = max(len(present), len(inst.group(g).level_labels))
    two = opts.levels is not None or n_levels <= 2
    if two:
        t = group_test(
            moments,
            inst,
            s,
            g,
            score=opts.score,
            levels=opts.levels,
            alpha=opts.alpha,
            path=path,
            t_decision=opts.t_decision,
        )
        tests.append(t)
    if not two or opts.anova:
        anovas.append(
            anova_report(
                moments,
                inst,
                s,
                g,
                score=opts.score,
                alpha=opts.alpha,
                posthoc=opts.posthoc,
                path=path,
            )
        )
    if opts.nonparametric:
        chosen = list(tests[-1].levels) if two else None
        ranks.append(rank_report(moments, inst, s, g, chosen, score=opts.score, path=path))
    if opts.item_tests:
        levels = tests[-1].levels if two else anovas[-1].levels
        row = scale_row_from_ttest(tests[-1], s) if two else scale_row_from_anova(anovas[-1], s)
        items.append(
            item_tests_report(
                moments,
                inst,
                s,
                g,
                levels,
                two_levels=two,
                alpha=opts.alpha,
                t_decision=opts.t_decision,
                p_adjust_method=opts.p_adjust,
                nonparametric=opts.nonparametric,
                scale_row=row,
            )
        )
    return tests, anovas, ranks, items
