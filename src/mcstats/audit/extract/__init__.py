"""Turning a paper into numbers the audit can check.

:mod:`.text` reads APA-style test results from running text (statcheck-compatible).
"""

from mcstats.audit.extract.text import (
    STATISTICS,
    ExtractedResult,
    Location,
    compute_p,
    decision_error,
    extract_results,
    mentions_one_tailed,
    normalise_text,
    p_error,
)

__all__ = [
    "STATISTICS",
    "ExtractedResult",
    "Location",
    "compute_p",
    "decision_error",
    "extract_results",
    "mentions_one_tailed",
    "normalise_text",
    "p_error",
]
