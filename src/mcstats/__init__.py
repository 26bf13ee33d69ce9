"""mcstats: Likert survey statistics that match R and SPSS.

The public API is flat: each function is one step of load -> validate -> compute ->
render, and the CLI calls the same functions.

>>> import mcstats
>>> mcstats.cronbach_alpha([[1, 2], [2, 3], [3, 3]]).n
3
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcstats._version import __version__ as __version__

# Imports are lazy so that `mcstats --help` does not pay for numpy, scipy and pandas.
_EXPORTS = {
    "load_survey": "mcstats.io",
    "load_instrument": "mcstats.instrument",
    "instrument_from_options": "mcstats.instrument",
    "parse_item_spec": "mcstats.instrument",
    "code_responses": "mcstats.validate",
    "cronbach_alpha": "mcstats.stats.reliability",
    "reliability_from_moments": "mcstats.stats.reliability",
    "feldt_ci": "mcstats.stats.reliability",
    "scale_reliability": "mcstats.stats.scale_reliability",
    "omega_total": "mcstats.stats.omega",
    "guttman_lambdas": "mcstats.stats.guttman",
    "split_half": "mcstats.stats.guttman",
    "duhachek_ci": "mcstats.stats.alpha_ci",
    "bootstrap_reliability": "mcstats.stats.alpha_ci",
    "polychoric": "mcstats.stats.polychoric",
    "item_statistics": "mcstats.stats.descriptives",
    "frequencies": "mcstats.stats.frequencies",
    "independent_ttest": "mcstats.stats.ttest",
    "levene_test": "mcstats.stats.ttest",
    "student_ttest_from_summary": "mcstats.stats.ttest",
    "welch_ttest_from_summary": "mcstats.stats.ttest",
    "cutoff_scheme": "mcstats.stats.cutoffs",
    "round_half_up": "mcstats.stats.cutoffs",
    "analyze": "mcstats.analysis",
    "compare_groups": "mcstats.analysis",
    "AnalysisOptions": "mcstats.analysis",
    "results_dict": "mcstats.results",
    "run_analysis": "mcstats.pipeline",
    "DataError": "mcstats.errors",
    "InstrumentError": "mcstats.errors",
    "UsageError": "mcstats.errors",
}

__all__ = [
    "AnalysisOptions",
    "DataError",
    "InstrumentError",
    "UsageError",
    "analyze",
    "bootstrap_reliability",
    "code_responses",
    "compare_groups",
    "cronbach_alpha",
    "cutoff_scheme",
    "duhachek_ci",
    "feldt_ci",
    "frequencies",
    "guttman_lambdas",
    "independent_ttest",
    "instrument_from_options",
    "item_statistics",
    "levene_test",
    "load_instrument",
    "load_survey",
    "omega_total",
    "parse_item_spec",
    "polychoric",
    "reliability_from_moments",
    "results_dict",
    "round_half_up",
    "run_analysis",
    "scale_reliability",
    "split_half",
    "student_ttest_from_summary",
    "welch_ttest_from_summary",
]

if TYPE_CHECKING:  # pragma: no cover
    from mcstats.analysis import AnalysisOptions, analyze, compare_groups
    from mcstats.errors import DataError, InstrumentError, UsageError
    from mcstats.instrument import instrument_from_options, load_instrument, parse_item_spec
    from mcstats.io import load_survey
    from mcstats.pipeline import run_analysis
    from mcstats.results import results_dict
    from mcstats.stats.alpha_ci import bootstrap_reliability, duhachek_ci
    from mcstats.stats.cutoffs import cutoff_scheme, round_half_up
    from mcstats.stats.descriptives import item_statistics
    from mcstats.stats.frequencies import frequencies
    from mcstats.stats.guttman import guttman_lambdas, split_half
    from mcstats.stats.omega import omega_total
    from mcstats.stats.polychoric import polychoric
    from mcstats.stats.reliability import cronbach_alpha, feldt_ci, reliability_from_moments
    from mcstats.stats.scale_reliability import scale_reliability
    from mcstats.stats.ttest import (
        independent_ttest,
        levene_test,
        student_ttest_from_summary,
        welch_ttest_from_summary,
    )
    from mcstats.validate import code_responses


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mcstats' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
