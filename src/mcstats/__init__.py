"""mcstats: Likert survey statistics that match R and SPSS.

The public API is flat: each function is one step of load -> validate -> compute ->
render, or one statistic returning a frozen dataclass, and the CLI, the web page and
notebooks call the same functions. Everything listed in ``__all__`` is imported lazily on
first use, so that ``mcstats --help`` does not pay for numpy, scipy and pandas.

>>> import mcstats
>>> mcstats.cronbach_alpha([[1, 2], [2, 3], [3, 3]]).n
3
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcstats._version import __version__ as __version__

#: Public name -> the module that defines it (the lazy-import table).
_EXPORTS = {
    # Load and validate
    "load_survey": "mcstats.io",
    "RawSurvey": "mcstats.io",
    "load_instrument": "mcstats.instrument",
    "instrument_from_options": "mcstats.instrument",
    "parse_item_spec": "mcstats.instrument",
    "Instrument": "mcstats.instrument",
    "draft_instrument": "mcstats.draft",
    "code_responses": "mcstats.validate",
    "CodedSurvey": "mcstats.validate",
    "ReadOptions": "mcstats.engines",
    # Run a whole analysis
    "run_analysis": "mcstats.pipeline",
    "AnalysisRun": "mcstats.pipeline",
    "compute": "mcstats.pipeline",
    "write_reports": "mcstats.pipeline",
    "analyze": "mcstats.analysis",
    "compare_groups": "mcstats.analysis",
    "AnalysisOptions": "mcstats.analysis",
    "AnalysisResult": "mcstats.analysis",
    "results_dict": "mcstats.results",
    # Report tables (one model drawn by every format)
    "ReportOptions": "mcstats.report.tables",
    "build_report": "mcstats.report.tables",
    # Reliability
    "cronbach_alpha": "mcstats.stats.reliability",
    "reliability_from_moments": "mcstats.stats.reliability",
    "feldt_ci": "mcstats.stats.reliability",
    "ReliabilityResult": "mcstats.stats.reliability",
    "scale_reliability": "mcstats.stats.scale_reliability",
    "ScaleReliability": "mcstats.stats.scale_reliability",
    "omega_total": "mcstats.stats.omega",
    "OmegaResult": "mcstats.stats.omega",
    "guttman_lambdas": "mcstats.stats.guttman",
    "GuttmanLambdas": "mcstats.stats.guttman",
    "split_half": "mcstats.stats.guttman",
    "SplitHalf": "mcstats.stats.guttman",
    "duhachek_ci": "mcstats.stats.alpha_ci",
    "bootstrap_reliability": "mcstats.stats.alpha_ci",
    "BootstrapResult": "mcstats.stats.alpha_ci",
    "polychoric": "mcstats.stats.polychoric",
    "PolychoricResult": "mcstats.stats.polychoric",
    # Item statistics, remarks and frequencies
    "item_statistics": "mcstats.stats.descriptives",
    "ItemStatistics": "mcstats.stats.descriptives",
    "cutoff_scheme": "mcstats.stats.cutoffs",
    "round_as_printed": "mcstats.printed",
    "frequencies": "mcstats.stats.frequencies",
    "FrequencyTable": "mcstats.stats.frequencies",
    # Group comparisons
    "independent_ttest": "mcstats.stats.ttest",
    "TTestResult": "mcstats.stats.ttest",
    "levene_test": "mcstats.stats.ttest",
    "LeveneResult": "mcstats.stats.ttest",
    "student_ttest_from_summary": "mcstats.stats.ttest",
    "welch_ttest_from_summary": "mcstats.stats.ttest",
    "one_way_anova": "mcstats.stats.anova",
    "OneWayAnova": "mcstats.stats.anova",
    "anova_table": "mcstats.stats.anova",
    "AnovaTable": "mcstats.stats.anova",
    "welch_anova": "mcstats.stats.anova",
    "brown_forsythe_anova": "mcstats.stats.anova",
    "tukey_hsd": "mcstats.stats.posthoc",
    "games_howell": "mcstats.stats.posthoc",
    "scheffe": "mcstats.stats.posthoc",
    "PairwiseComparison": "mcstats.stats.posthoc",
    "p_adjust": "mcstats.stats.posthoc",
    "mann_whitney_from_histograms": "mcstats.stats.ranks",
    "MannWhitneyResult": "mcstats.stats.ranks",
    "kruskal_wallis_from_histograms": "mcstats.stats.ranks",
    "KruskalWallisResult": "mcstats.stats.ranks",
    "crosstab_test": "mcstats.stats.crosstab",
    "Crosstab": "mcstats.stats.crosstab",
    "fisher_exact_2x2": "mcstats.stats.crosstab",
    "correlate": "mcstats.stats.correlation",
    "Correlation": "mcstats.stats.correlation",
    "pearson_from_sums": "mcstats.stats.correlation",
    "spearman_p": "mcstats.stats.correlation",
    "item_correlations": "mcstats.stats.correlation",
    "ItemCorrelations": "mcstats.stats.correlation",
    "ptukey": "mcstats.stats.studentized_range",
    "qtukey": "mcstats.stats.studentized_range",
    # Audit, reconstruction and replication
    "audit_file": "mcstats.audit.run",
    "audit_paper": "mcstats.audit.run",
    "AuditReport": "mcstats.audit.run",
    "load_published": "mcstats.replication.published",
    "reconstruct_study": "mcstats.replication.reconstruct",
    "replicate": "mcstats.replication.replicate",
    "ReplicationRun": "mcstats.replication.replicate",
    # Errors
    "McStatsError": "mcstats.errors",
    "DataError": "mcstats.errors",
    "InstrumentError": "mcstats.errors",
    "UsageError": "mcstats.errors",
}

__all__ = [
    "AnalysisOptions",
    "AnalysisResult",
    "AnalysisRun",
    "AnovaTable",
    "AuditReport",
    "BootstrapResult",
    "CodedSurvey",
    "Correlation",
    "Crosstab",
    "DataError",
    "FrequencyTable",
    "GuttmanLambdas",
    "Instrument",
    "InstrumentError",
    "ItemCorrelations",
    "ItemStatistics",
    "KruskalWallisResult",
    "LeveneResult",
    "MannWhitneyResult",
    "McStatsError",
    "OmegaResult",
    "OneWayAnova",
    "PairwiseComparison",
    "PolychoricResult",
    "RawSurvey",
    "ReadOptions",
    "ReliabilityResult",
    "ReplicationRun",
    "ReportOptions",
    "ScaleReliability",
    "SplitHalf",
    "TTestResult",
    "UsageError",
    "analyze",
    "anova_table",
    "audit_file",
    "audit_paper",
    "bootstrap_reliability",
    "brown_forsythe_anova",
    "build_report",
    "code_responses",
    "compare_groups",
    "compute",
    "correlate",
    "cronbach_alpha",
    "crosstab_test",
    "cutoff_scheme",
    "draft_instrument",
    "duhachek_ci",
    "feldt_ci",
    "fisher_exact_2x2",
    "frequencies",
    "games_howell",
    "guttman_lambdas",
    "independent_ttest",
    "instrument_from_options",
    "item_correlations",
    "item_statistics",
    "kruskal_wallis_from_histograms",
    "levene_test",
    "load_instrument",
    "load_published",
    "load_survey",
    "mann_whitney_from_histograms",
    "omega_total",
    "one_way_anova",
    "p_adjust",
    "parse_item_spec",
    "pearson_from_sums",
    "polychoric",
    "ptukey",
    "qtukey",
    "reconstruct_study",
    "reliability_from_moments",
    "replicate",
    "results_dict",
    "round_as_printed",
    "run_analysis",
    "scale_reliability",
    "scheffe",
    "spearman_p",
    "split_half",
    "student_ttest_from_summary",
    "tukey_hsd",
    "welch_anova",
    "welch_ttest_from_summary",
    "write_reports",
]

if TYPE_CHECKING:  # pragma: no cover
    from mcstats.analysis import AnalysisOptions, AnalysisResult, analyze, compare_groups
    from mcstats.audit.run import AuditReport, audit_file, audit_paper
    from mcstats.draft import draft_instrument
    from mcstats.engines import ReadOptions
    from mcstats.errors import DataError, InstrumentError, McStatsError, UsageError
    from mcstats.instrument import Instrument, instrument_from_options, load_instrument, parse_item_spec
    from mcstats.io import RawSurvey, load_survey
    from mcstats.pipeline import AnalysisRun, compute, run_analysis, write_reports
    from mcstats.printed import round_as_printed
    from mcstats.replication.published import load_published
    from mcstats.replication.reconstruct import reconstruct_study
    from mcstats.replication.replicate import ReplicationRun, replicate
    from mcstats.report.tables import ReportOptions, build_report
    from mcstats.results import results_dict
    from mcstats.stats.alpha_ci import BootstrapResult, bootstrap_reliability, duhachek_ci
    from mcstats.stats.anova import (
        AnovaTable,
        OneWayAnova,
        anova_table,
        brown_forsythe_anova,
        one_way_anova,
        welch_anova,
    )
    from mcstats.stats.correlation import (
        Correlation,
        ItemCorrelations,
        correlate,
        item_correlations,
        pearson_from_sums,
        spearman_p,
    )
    from mcstats.stats.crosstab import Crosstab, crosstab_test, fisher_exact_2x2
    from mcstats.stats.cutoffs import cutoff_scheme
    from mcstats.stats.descriptives import ItemStatistics, item_statistics
    from mcstats.stats.frequencies import FrequencyTable, frequencies
    from mcstats.stats.guttman import GuttmanLambdas, SplitHalf, guttman_lambdas, split_half
    from mcstats.stats.omega import OmegaResult, omega_total
    from mcstats.stats.polychoric import PolychoricResult, polychoric
    from mcstats.stats.posthoc import PairwiseComparison, games_howell, p_adjust, scheffe, tukey_hsd
    from mcstats.stats.ranks import (
        KruskalWallisResult,
        MannWhitneyResult,
        kruskal_wallis_from_histograms,
        mann_whitney_from_histograms,
    )
    from mcstats.stats.reliability import (
        ReliabilityResult,
        cronbach_alpha,
        feldt_ci,
        reliability_from_moments,
    )
    from mcstats.stats.scale_reliability import ScaleReliability, scale_reliability
    from mcstats.stats.studentized_range import ptukey, qtukey
    from mcstats.stats.ttest import (
        LeveneResult,
        TTestResult,
        independent_ttest,
        levene_test,
        student_ttest_from_summary,
        welch_ttest_from_summary,
    )
    from mcstats.validate import CodedSurvey, code_responses


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mcstats' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
