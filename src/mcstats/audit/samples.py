"""Sample sizes across tables and text: a part of the respondents is never more than the whole.

A survey paper reports its sizes in several places: the population and the sample in the
method, the questionnaires distributed, returned and found valid, and an N in every table.
They must nest:

    population >= sample;  distributed >= returned >= valid;
    any table's N, a frequency table's total, and the sum of t-test group sizes <= valid.

Each check compares two printed whole numbers, so no rounding is involved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mcstats.audit.findings import REFERENCES, Finding, Severity, where


@dataclass(frozen=True)
class Count:
    """A printed count of people with what it counts and where it is printed.

    Examples
    --------
    >>> Count(432, "valid questionnaires", "Data Presentation and Results").describe()
    'the 432 valid questionnaires (Data Presentation and Results)'
    """

    value: int
    what: str
    location: str = ""

    def describe(self) -> str:
        place = f" ({self.location})" if self.location else ""
        return f"the {self.value} {self.what}{place}"


#: The design counts in nesting order, with words for each.
DESIGN_COUNTS: tuple[tuple[str, str], ...] = (
    ("population", "people in the population"),
    ("sample", "people in the sample"),
    ("distributed", "questionnaires distributed"),
    ("returned", "questionnaires returned"),
    ("valid", "valid questionnaires"),
)

#: For each design count, the counts it must not exceed, nearest first.
_ABOVE: dict[str, tuple[str, ...]] = {
    "sample": ("population",),
    "distributed": ("population",),
    "returned": ("distributed", "sample", "population"),
    "valid": ("returned", "distributed", "sample", "population"),
}


def design_findings(counts: dict[str, Count]) -> list[Finding]:
    """Findings for design counts that do not nest (population >= sample, ... >= valid).

    Parameters
    ----------
    counts : dict[str, Count]
        Printed design counts by name (``population``, ``sample``, ``distributed``,
        ``returned``, ``valid``); any may be missing.

    Returns
    -------
    list of Finding
        One per count that exceeds the nearest printed count it belongs to.

    References
    ----------
    Counting; AAPOR (2016), *Standard Definitions*, for the terms.

    Examples
    --------
    >>> fs = design_findings({"distributed": Count(400, "questionnaires distributed"),
    ...                       "valid": Count(432, "valid questionnaires")})
    >>> [(f.severity, f.expected) for f in fs]
    [('inconsistent', 'at most 400')]
    """
    out: list[Finding] = []
    for name, above in _ABOVE.items():
        part = counts.get(name)
        if part is None:
            continue
        for whole_name in above:
            whole = counts.get(whole_name)
            if whole is not None:
                out += at_most_findings(part, whole)
                break
    return out


def at_most_findings(
    part: Count, whole: Count, *, severity: Severity = "inconsistent"
) -> list[Finding]:
    """A finding when a count that is part of another exceeds it.

    References
    ----------
    Counting: a subset is at most as large as the set.

    Examples
    --------
    >>> f = at_most_findings(Count(500, "respondents in the item's N", "Table 1, row 'Q1'"),
    ...                      Count(432, "valid questionnaires", "Methods"))[0]
    >>> print(f.message)  # doctest: +NORMALIZE_WHITESPACE
    Table 1, row 'Q1': The 500 respondents in the item's N are more than the 432 valid
    questionnaires (Methods); a part of the respondents cannot outnumber the whole.
    >>> at_most_findings(Count(432, "a"), Count(432, "b"))
    []
    """
    if part.value <= whole.value:
        return []
    return [
        Finding(
            check="sample_size",
            severity=severity,
            location=part.location,
            reported=f"{part.value} {part.what}",
            expected=f"at most {whole.value}",
            message=(
                f"{where(part.location)}The {part.value} {part.what} are more than "
                f"{whole.describe()}; a part of the respondents cannot outnumber the whole."
            ),
            reference=REFERENCES["sample_size"],
        )
    ]


def sum_at_most_findings(
    parts: Sequence[Count], whole: Count, *, what: str, location: str = ""
) -> list[Finding]:
    """A finding when counts of disjoint groups add up to more than the whole.

    Examples
    --------
    >>> f = sum_at_most_findings([Count(304, "male"), Count(173, "female")],
    ...                          Count(432, "valid questionnaires", "Results"),
    ...                          what="t-test group sizes", location="Hypothesis table")[0]
    >>> f.reported, f.expected
    ('304 + 173 = 477', 'at most 432')
    """
    total = sum(p.value for p in parts)
    if total <= whole.value:
        return []
    sums = " + ".join(str(p.value) for p in parts)
    return [
        Finding(
            check="sample_size",
            severity="inconsistent",
            location=location,
            reported=f"{sums} = {total}",
            expected=f"at most {whole.value}",
            message=(
                f"{where(location)}The {what} add up to {sums} = {total}, more than "
                f"{whole.describe()}; the groups cannot hold more respondents than the study has."
            ),
            reference=REFERENCES["sample_size"],
        )
    ]


def unaccounted_findings(total: Count, whole: Count, *, location: str = "") -> list[Finding]:
    """A note when a table's total is below the study's N and no missing row explains it.

    Examples
    --------
    >>> f = unaccounted_findings(Count(200, "in the table"), Count(207, "valid questionnaires"))[0]
    >>> f.severity, f.expected
    ('note', '207')
    """
    if total.value >= whole.value:
        return []
    gap = whole.value - total.value
    return [
        Finding(
            check="sample_size",
            severity="note",
            location=location,
            reported=f"total {total.value}",
            expected=str(whole.value),
            message=(
                f"{where(location)}The table accounts for {total.value} respondents, {gap} fewer "
                f"than {whole.describe()}, and prints no missing row for them."
            ),
            reference=REFERENCES["sample_size"],
        )
    ]


def repeated_findings(first: Count, other: Count) -> list[Finding]:
    """A finding when one design number (the sample, say) is printed twice with two values.

    Examples
    --------
    >>> f = repeated_findings(Count(477, "people in the sample", "Methods"),
    ...                       Count(480, "people in the sample", "Abstract"))[0]
    >>> print(f.message)  # doctest: +NORMALIZE_WHITESPACE
    Abstract: The people in the sample are printed as 480 here and as 477 in Methods; the
    paper cannot have both.
    """
    if first.value == other.value:
        return []
    return [
        Finding(
            check="sample_size",
            severity="inconsistent",
            location=other.location,
            reported=str(other.value),
            expected=str(first.value),
            message=(
                f"{where(other.location)}The {other.what} are printed as {other.value} here and "
                f"as {first.value} in {first.location or 'another place'}; the paper cannot have both."
            ),
            reference=REFERENCES["sample_size"],
        )
    ]
