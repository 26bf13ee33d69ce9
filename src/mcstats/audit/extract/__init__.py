"""Turning a paper into numbers the audit can check.

* :mod:`.readers`: a paper (.txt, .md, .html, .docx, .pdf) as text, tables as tab-separated lines;
* :mod:`.text`: APA-style test results in the running text, read and judged as statcheck does;
* :mod:`.tables`: the tables in that text and what their columns hold;
* :mod:`.draft`: a published-values draft (docs/published-format.md) from the text.
"""

from mcstats.audit.extract.draft import Draft, draft_from_paper, draft_from_text
from mcstats.audit.extract.readers import Paper, read_paper
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
    "Draft",
    "ExtractedResult",
    "Location",
    "Paper",
    "compute_p",
    "decision_error",
    "draft_from_paper",
    "draft_from_text",
    "extract_results",
    "mentions_one_tailed",
    "normalise_text",
    "p_error",
    "read_paper",
]
