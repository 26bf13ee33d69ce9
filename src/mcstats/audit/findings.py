"""What the audit checks report: one :class:`Finding` per problem, in words a reviewer can quote.

Severities
----------
``"impossible"``
    No integer data on the stated scale and N can produce the reported value(s), whatever the
    rounding (GRIM, GRIMMER, DEBIT, range and SD bounds).
``"inconsistent"``
    The reported values do not fit together once recomputed from one another (t from means and
    SDs, p from t, alpha from SDs, percentages from counts). A typo, another method or a
    subgroup can explain some of these, so they are flagged for a question, not a verdict.
``"note"``
    Not an error but worth knowing, such as percentages truncated instead of rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Severity: TypeAlias = Literal["impossible", "inconsistent", "note"]

SEVERITIES: tuple[Severity, ...] = ("impossible", "inconsistent", "note")

#: References quoted by the findings.
REFERENCES: dict[str, str] = {
    "grim": (
        "Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple technique detects "
        "numerous anomalies in the reporting of results in psychology. Social Psychological and "
        "Personality Science, 8(4), 363-369."
    ),
    "grimmer": (
        "Anaya, J. (2016). The GRIMMER test: A method for testing the validity of reported "
        "measures of variability. PeerJ Preprints 4:e2400v1; Allard, A. (2018). "
        "Analytic-GRIMMER."
    ),
    "debit": (
        "Heathers, J. A. J., & Brown, N. J. L. (2019). DEBIT: A simple consistency test for "
        "binary data. OSF preprint."
    ),
    "sd_bounds": (
        "Bhatia, R., & Davis, C. (2000). A better bound on the variance. American Mathematical "
        "Monthly, 107(4), 353-357; Heathers, J. A. J., et al. (2018). Recovering data from "
        "summary statistics: SPRITE. PeerJ Preprints 6:e26968v1."
    ),
    "range": "A mean lies between the smallest and the largest possible score.",
    "statcheck": (
        "Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M., Epskamp, S., & "
        "Wicherts, J. M. (2016). The prevalence of statistical reporting errors in psychology "
        "(1985-2013). Behavior Research Methods, 48(4), 1205-1226."
    ),
    "alpha": (
        "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. "
        "Psychometrika, 16(3), 297-334."
    ),
    "derived": "Recomputed from the reported counts; see also the GRIM test (Brown & Heathers 2017).",
}


@dataclass(frozen=True)
class Finding:
    """One problem found in a reported table.

    Attributes
    ----------
    check:
        Name of the check (``"grim"``, ``"grimmer"``, ``"sd_bounds"``, ``"ttest_t"``, ...).
    severity:
        ``"impossible"``, ``"inconsistent"`` or ``"note"`` (see the module docstring).
    location:
        Where in the paper, as the caller names it (``"Table 2, item 5"``).
    reported:
        The reported value(s), as printed.
    expected:
        What is possible instead (a value or a range).
    message:
        One or two sentences a reviewer can quote: what was reported, what is possible and
        why, with the formula or the reference.
    reference:
        Citation of the method.

    Examples
    --------
    >>> f = Finding("grim", "impossible", "Table 1", "5.19", "5.18 or 5.21", "...", "...")
    >>> f.severity
    'impossible'
    """

    check: str
    severity: Severity
    location: str
    reported: str
    expected: str
    message: str
    reference: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")


def where(location: str) -> str:
    """Prefix for a message: ``'Table 1: '`` or nothing."""
    return f"{location}: " if location else ""
