"""One vocabulary for what mcstats says about a printed number: audit, replication, reports, app.

``mcstats audit`` and ``mcstats replicate`` judge the same printed numbers, one from the
paper's own numbers, the other also from reconstructed data; they use these words, with these
meanings, for the same finding. The audit's findings carry a :data:`Severity`; the
replication's comparison rows carry a :data:`Verdict`, which is a severity, ``"reproduced"``
or ``"not checkable"``. Reports, results JSON (audit.json ``findings[].severity`` and
``not_checked``, comparison.json ``rows[].status``) and the web page read the words, marks and
meanings from here.

Verdicts
--------
``"reproduced"``
    Recomputed, the number prints as the published one (same decimals). On reconstructed
    data this shows that data exist that give it, not that the paper's data did.
``"impossible"``
    No integer data on the stated scale and N can give the printed number, whatever the
    rounding (GRIM, GRIMMER, SD and range bounds).
``"inconsistent"``
    The printed numbers do not fit together once recomputed from one another (t from means
    and SDs, a grand mean from item means, percentages from counts). A typo, another method or
    a subgroup can explain some, so it is a question for the authors, not a verdict.
``"note"``
    Not an error but worth knowing: a value truncated instead of rounded, an odd print, a
    remark against a cut-off the paper never states.
``"not checkable"``
    Nothing the paper prints and no data can recompute the number (a fact about the
    population, a test with no printed summaries, a statistic with no check); the reason says
    why. A test run on synthetic data beside the paper's decision is "not checkable": the
    synthetic data say nothing about the paper's claim, and it is not a failure.

The same finding gets the same word in both commands: a grand mean that is the exact mean of
the item means truncated is a ``"note"`` in the audit and in the replication; a mean that
fails GRIM is ``"impossible"`` in both.

Examples
--------
>>> VERDICTS["not checkable"][:7]
'Nothing'
>>> is_problem("note"), is_problem("impossible"), is_problem("not checkable")
(False, True, False)
>>> count(["reproduced", "note", "reproduced"])["reproduced"]
2
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TypeAlias

Severity: TypeAlias = Literal["impossible", "inconsistent", "note"]
Verdict: TypeAlias = Literal["reproduced", "impossible", "inconsistent", "note", "not checkable"]

#: The severities of a finding, the most serious first.
SEVERITIES: tuple[Severity, ...] = ("impossible", "inconsistent", "note")

REPRODUCED: Verdict = "reproduced"
NOT_CHECKABLE: Verdict = "not checkable"

#: Every verdict with its meaning, in the order the reports list them.
VERDICTS: dict[str, str] = {
    "reproduced": (
        "Recomputed, it prints as the published value (same decimals); on reconstructed data "
        "this shows that such data exist, not that the paper's data gave it"
    ),
    "impossible": (
        "No integer data on the stated scale and N can give the printed value, whatever the rounding"
    ),
    "inconsistent": (
        "The printed values do not fit together once recomputed from one another; a typo, "
        "another method or a subgroup can explain some, so it is a question, not a verdict"
    ),
    "note": (
        "Not an error but worth knowing (a value truncated instead of rounded, an odd print, a "
        "remark against a cut-off the paper does not state)"
    ),
    "not checkable": (
        "Nothing printed and no data can recompute the value (a fact about the population, a "
        "test with no printed summaries, a statistic with no check); the reason says why"
    ),
}

#: A mark per verdict for tables (text, so that every report format can show it).
MARKS: dict[str, str] = {
    "reproduced": "✓",
    "impossible": "✗",
    "inconsistent": "≠",
    "note": "~",
    "not checkable": "–",
}

#: Short gloss used in one-line summaries ("3 impossible (no data can give the value)").
GLOSSES: dict[str, str] = {
    "reproduced": "prints as published",
    "impossible": "no data can give the value",
    "inconsistent": "contradicts another printed number",
    "note": "worth knowing, not an error",
    "not checkable": "nothing can recompute it",
}


def css_class(verdict: str) -> str:
    """The HTML class of a verdict (``"not checkable"`` -> ``"not-checkable"``).

    Examples
    --------
    >>> css_class("not checkable")
    'not-checkable'
    """
    return verdict.replace(" ", "-")


def is_problem(verdict: str) -> bool:
    """True for the verdicts that question the paper (``impossible``, ``inconsistent``).

    A note and "not checkable" are not problems; reports do not colour them as failures.
    """
    return verdict in ("impossible", "inconsistent")


def count(verdicts: Iterable[str]) -> dict[str, int]:
    """How many of each verdict, every verdict present (zero where none).

    Raises
    ------
    ValueError
        For a word that is not a verdict.
    """
    out = dict.fromkeys(VERDICTS, 0)
    for v in verdicts:
        if v not in out:
            raise ValueError(f"{v!r} is not a verdict; the verdicts are {', '.join(VERDICTS)}")
        out[v] += 1
    return out
