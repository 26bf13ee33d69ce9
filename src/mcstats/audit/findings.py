"""What the audit checks report: one :class:`Finding` per problem, in words a reviewer can quote.

Severities
----------
The words are :mod:`mcstats.verdicts`, shared with ``mcstats replicate``:

``"impossible"``
    No integer data on the stated scale and N can produce the reported value(s), whatever the
    rounding (GRIM, GRIMMER, DEBIT, range and SD bounds).
``"inconsistent"``
    The reported values do not fit together once recomputed from one another (t from means and
    SDs, p from t, alpha from SDs, percentages from counts). A typo, another method or a
    subgroup can explain some of these, so they are flagged for a question, not a verdict.
``"note"``
    Not an error but worth knowing, such as percentages truncated instead of rounded.

A number no check can reach is listed under ``not_checked``: its verdict is "not checkable".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from mcstats.audit import derived, grim, ranges, reliability, sd_bounds, ttest_summary
from mcstats.audit._scale import Score
from mcstats.audit.rounding import fmt
from mcstats.audit.summary import Summary
from mcstats.audit.ttest_summary import MethodChoice
from mcstats.printed import Reported, decimals_of, exact_interval, round_half_up
from mcstats.verdicts import SEVERITIES, Severity

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
    "derived": ("Recomputed from the reported counts; see also the GRIM test (Brown & Heathers 2017)."),
    "limits": "The definitions of the statistics (a probability lies in [0, 1], a count is whole, ...).",
    "min_max": (
        "Bhatia, R., & Davis, C. (2000). A better bound on the variance. American Mathematical "
        "Monthly, 107(4), 353-357; Shiffler, R. E., & Harsha, P. D. (1980). Upper and lower "
        "bounds for the sample standard deviation. Teaching Statistics, 2(3), 84-86."
    ),
    "sample_size": (
        "Counting: a part of the respondents is at most all of them (population >= sample >= "
        "distributed >= returned >= valid >= any table's N)."
    ),
    "remarks": (
        "The paper's own cut-off rule; without one, the real limits of the response scale "
        "(code c covers c - 0.5 to c + 0.5), the usual rule for Likert item means."
    ),
}


@dataclass(frozen=True)
class Finding:
    """One problem found in a reported table.

    Attributes
    ----------
    check : str
        Name of the check (``"grim"``, ``"grimmer"``, ``"sd_bounds"``, ``"ttest_t"``, ...).
    severity : Severity
        ``"impossible"``, ``"inconsistent"`` or ``"note"`` (see the module docstring).
    location : str
        Where in the paper, as the caller names it (``"Table 2, item 5"``).
    reported : str
        The reported value(s), as printed.
    expected : str
        What is possible instead (a value or a range).
    message : str
        One or two sentences a reviewer can quote: what was reported, what is possible and
        why, with the formula or the reference.
    reference : str
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


# --------------------------------------------------------------------------------------------
# Thin wrappers: each check as zero or more findings.
# --------------------------------------------------------------------------------------------


def _fmt_range(lo: float, hi: float, digits: int = 4) -> str:
    if fmt(lo, digits) == fmt(hi, digits):
        return fmt(lo, digits)
    return f"{fmt(lo, digits)} to {fmt(hi, digits)}"


def range_findings(
    mean: Reported,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """A finding when a mean lies outside the range of its score (:func:`.ranges.mean_in_range`).

    Examples
    --------
    >>> [f.severity for f in range_findings("4.12", 1, 4)]
    ['impossible']
    >>> range_findings("3.12", 1, 4)
    []
    """
    summary = Summary(mean, lo=lo, hi=hi, items=items, score=score, mean_decimals=decimals)
    return range_findings_for(summary, location=location)


def range_findings_for(s: Summary, *, location: str = "") -> list[Finding]:
    """:func:`range_findings` of a :class:`Summary` with a scale.

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).
    location : str
        Where the values are printed, for the messages.

    Returns
    -------
    list of Finding
        As :func:`range_findings`.

    Examples
    --------
    >>> [f.check for f in range_findings_for(Summary("4.12", lo=1, hi=4))]
    ['range']
    """
    lo, hi = s.scale
    mean = s.mean
    if ranges.mean_in_range(mean, lo, hi, items=s.items, score=s.score, decimals=s.mean_decimals):
        return []
    a, b = ranges.score_range(lo, hi, items=s.items, score=s.score)
    desc = s.describe()
    return [
        Finding(
            check="range",
            severity="impossible",
            location=location,
            reported=str(mean),
            expected=f"{a} to {b}",
            message=(
                f"{where(location)}The mean {mean} is outside the possible range {a}-{b} of "
                f"{desc}; no responses can average outside the lowest and highest score."
            ),
            reference=REFERENCES["range"],
        )
    ]


def implied_range_findings(
    mean: Reported, lo: int, hi: int, items: int, source: str, *, location: str = ""
) -> list[Finding]:
    """The range of a sum score on the ``items`` items of the table it is implied to sum.

    The paper does not print how many items the score sums; the published values name the
    table whose construct it is about (``implied_by``). A mean outside that sum's range is
    ``range_implied``, inconsistent rather than impossible, since it rests on the link.

    Parameters
    ----------
    mean : Reported
        The printed mean of the sum score.
    lo, hi : int
        The item scale.
    items : int
        How many items the implied table prints.
    source : str
        Where the implied table is printed (``"Table 1"``), for the message.
    location : str
        Where the mean is printed.

    Returns
    -------
    list of Finding

    Examples
    --------
    >>> [(f.check, f.severity, f.expected) for f in implied_range_findings("24.67", 1, 4, 5, "Table 1")]
    [('range_implied', 'inconsistent', '5 to 20')]
    >>> implied_range_findings("14.67", 1, 4, 5, "Table 1")
    []
    """
    link = (
        f" This rests on an implied link, not a printed one: the score is taken to be the sum of "
        f"the {items} items of {source} (the paper does not print how many items it sums), so "
        "it is inconsistent rather than impossible."
    )
    return [
        replace(f, check="range_implied", severity="inconsistent", message=f.message + link)
        for f in range_findings(mean, lo, hi, items=items, score="sum", location=location)
    ]


def grim_findings(
    mean: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """A finding when a mean fails GRIM (:func:`.grim.grim`).

    Examples
    --------
    >>> f = grim_findings("5.19", 28)[0]
    >>> f.severity, f.expected
    ('impossible', '5.18 or 5.21')
    """
    summary = Summary(mean, n, items=items, score=score, mean_decimals=decimals)
    return grim_findings_for(summary, location=location)


def grim_findings_for(s: Summary, *, location: str = "") -> list[Finding]:
    """:func:`grim_findings` of a :class:`Summary` (its scale and SD ignored).

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).
    location : str
        Where the values are printed, for the messages.

    Returns
    -------
    list of Finding
        As :func:`grim_findings`.

    Examples
    --------
    >>> [f.expected for f in grim_findings_for(Summary("5.19", 28))]
    ['5.18 or 5.21']
    """
    if len(grim.grim_totals_for(s)) > 0:
        return []
    n, mean, k = s.count(), s.mean, s.factor
    below, above = grim.grim_nearest(mean, n, items=s.items, score=s.score, decimals=s.mean_decimals)
    if k > 1:
        what = f"The mean of {n} scores that are each the mean of {k} whole-number items"
        step = f"1/({n} x {k}) = 1/{n * k}"
    else:
        what = f"The mean of {n} whole-number scores"
        step = f"1/{n}"
    return [
        Finding(
            check="grim",
            severity="impossible",
            location=location,
            reported=f"mean {mean}, N = {n}",
            expected=f"{below} or {above}",
            message=(
                f"{where(location)}{what} is a multiple of {step}, and no such multiple prints "
                f"as {mean}; the nearest possible means print as {below} and {above} "
                "(GRIM test, Brown & Heathers 2017)."
            ),
            reference=REFERENCES["grim"],
        )
    ]


def sd_bounds_findings(
    n: int,
    mean: Reported,
    sd: Reported,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """A finding when an SD is above the largest or below the smallest possible for its mean.

    See :func:`.sd_bounds.sd_possible`.

    Examples
    --------
    >>> f = sd_bounds_findings(432, "2.905", "3.215", 1, 4)[0]
    >>> f.severity, f.expected
    ('impossible', 'at most 1.444')
    """
    summary = Summary(
        mean, n, sd, lo, hi, items=items, score=score, mean_decimals=mean_decimals, sd_decimals=sd_decimals
    )
    return sd_bounds_findings_for(summary, location=location)


def sd_bounds_findings_for(s: Summary, *, location: str = "") -> list[Finding]:
    """:func:`sd_bounds_findings` of a :class:`Summary` with an SD and a scale.

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).
    location : str
        Where the values are printed, for the messages.

    Returns
    -------
    list of Finding
        As :func:`sd_bounds_findings`.

    Examples
    --------
    >>> [f.expected for f in sd_bounds_findings_for(Summary("2.905", 432, "3.215", lo=1, hi=4))]
    ['at most 1.444']
    """
    if sd_bounds.sd_possible_for(s):
        return []
    n, mean, sd = s.count(2), s.mean, s.sd
    b = sd_bounds.sd_bounds_for(s)
    desc = s.describe()
    sd_lo, sd_hi = s.sd_interval().bounds
    if float(sd_lo) > b.max_sd:
        expected = f"at most {fmt(b.max_sd)}"
        why = _widest_words(s, b.max_sd)
        message = (
            f"{where(location)}The SD {sd} is impossible for N = {n} and mean {mean} on {desc}: "
            f"the largest SD any data can have is {fmt(b.max_sd)}{why} (sample SD; data piled at "
            "the two ends of the scale maximise the SD, Bhatia & Davis 2000)."
        )
    elif b.min_nonzero_sd is not None and float(sd_hi) < b.min_sd:
        expected = f"at least {fmt(b.min_sd)}"
        message = (
            f"{where(location)}The SD {sd} is impossible for N = {n} and mean {mean} on {desc}: "
            f"whole-number responses with this mean have an SD of at least {fmt(b.min_sd)} "
            "(responses as equal as possible, s^2 = r(n-r)/(n(n-1)) for a total nq + r)."
        )
    else:
        smallest = b.min_nonzero_sd if b.min_nonzero_sd is not None else 0.0
        expected = f"0 or at least {fmt(smallest)}"
        message = (
            f"{where(location)}The SD {sd} is impossible for N = {n} and mean {mean} on {desc}: "
            f"the SD is either 0 (all responses equal) or at least {fmt(smallest)} (one response "
            "moved up and one down, s^2 = 2/(n-1))."
        )
    return [
        Finding(
            check="sd_bounds",
            severity="impossible",
            location=location,
            reported=f"mean {mean}, SD {sd}, N = {n}",
            expected=expected,
            message=message,
            reference=REFERENCES["sd_bounds"],
        )
    ]


def _widest_words(s: Summary, max_sd: float) -> str:
    """' (274 responses of 4, one of 2 and 157 of 1)' for a single item and a single total."""
    if s.items != 1:
        return ""
    totals = sd_bounds.attainable_totals_for(s)
    if len(totals) == 0:
        return ""
    n, (lo, hi) = s.count(), s.scale
    best = max(totals, key=lambda t: sd_bounds.max_variance_for_total(n, t, lo, hi))
    parts = [
        f"{'one' if c == 1 else c} {'response' if c == 1 else 'responses'} of {v}"
        if i == 0
        else f"{'one' if c == 1 else c} of {v}"
        for i, (v, c) in enumerate(sd_bounds.widest_data(n, best, lo, hi))
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f" ({listed})"


def grimmer_findings(
    mean: Reported,
    sd: Reported,
    n: int,
    *,
    items: int = 1,
    score: Score = "mean",
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
    lo: int | None = None,
    hi: int | None = None,
    location: str = "",
) -> list[Finding]:
    """A finding when the SD fails GRIMMER (:func:`.grim.grimmer`).

    A mean that fails GRIM or the range is left to :func:`grim_findings` and
    :func:`range_findings`, so that one problem gives one finding.

    Examples
    --------
    >>> f = grimmer_findings("3.44", "2.47", 18)[0]
    >>> f.severity, "parity" in f.message
    ('impossible', True)
    """
    summary = Summary(
        mean, n, sd, lo, hi, items=items, score=score, mean_decimals=mean_decimals, sd_decimals=sd_decimals
    )
    return grimmer_findings_for(summary, location=location)


def grimmer_findings_for(s: Summary, *, location: str = "") -> list[Finding]:
    """:func:`grimmer_findings` of a :class:`Summary` with an SD (and the scale, if known).

    Parameters
    ----------
    s : Summary
        The printed summary (:class:`mcstats.audit.summary.Summary`).
    location : str
        Where the values are printed, for the messages.

    Returns
    -------
    list of Finding
        As :func:`grimmer_findings`.

    Examples
    --------
    >>> [f.check for f in grimmer_findings_for(Summary("3.44", 18, "2.47"))]
    ['grimmer']
    """
    reason = grim.grimmer_reason_for(s)
    if reason is None or reason in ("grim", "range"):
        return []
    n, mean, sd, k = s.count(2), s.mean, s.sd, s.factor
    x = "the item sums x" if k > 1 else "the responses x"
    why = {
        "granularity": (
            f"no whole-number sum of squares of {x} gives an SD that prints as {sd}, since "
            "(n-1)s^2 + T^2/n must be a whole number for every total T the mean allows"
        ),
        "parity": (
            f"the only whole-number sums of squares of {x} that fit the SD have the wrong "
            "parity: the sum of squares must be even exactly when the total is (x^2 and x are "
            "both even or both odd)"
        ),
        "bounds": (
            "the sums of squares that fit the SD lie outside the smallest and largest that "
            "whole-number data with this total allow"
        ),
    }[reason]
    return [
        Finding(
            check="grimmer",
            severity="impossible",
            location=location,
            reported=f"mean {mean}, SD {sd}, N = {n}",
            expected="an SD consistent with the mean and N",
            message=(
                f"{where(location)}Mean {mean} and SD {sd} cannot both come from {n} "
                f"whole-number scores: {why} (GRIMMER, Anaya 2016; Allard 2018)."
            ),
            reference=REFERENCES["grimmer"],
        )
    ]


def debit_findings(
    mean: Reported,
    sd: Reported,
    n: int,
    *,
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """A finding when a 0/1 item's mean and SD fail DEBIT (:func:`.grim.debit`).

    Examples
    --------
    >>> f = debit_findings("0.19", "0.35", 1683)[0]
    >>> f.expected
    '0.3887 to 0.3962'
    """
    if grim.debit(mean, sd, n, mean_decimals=mean_decimals, sd_decimals=sd_decimals):
        return []
    s_lo, s_hi = grim.debit_sd_range(mean, n, mean_decimals)
    if math.isnan(s_lo):
        expected = "no proportion of N fits the mean"
        why = f"no count of ones out of {n} gives a proportion that prints as {mean}"
    else:
        expected = _fmt_range(s_lo, s_hi)
        why = f"a 0/1 item with this mean has an SD of {expected}"
    return [
        Finding(
            check="debit",
            severity="impossible",
            location=location,
            reported=f"mean {mean}, SD {sd}, N = {n}",
            expected=expected,
            message=(
                f"{where(location)}The SD {sd} of a yes/no item with mean {mean} and N = {n} is "
                f"impossible: {why}, since s = sqrt(n/(n-1) p(1-p)) "
                "(DEBIT, Heathers & Brown 2019)."
            ),
            reference=REFERENCES["debit"],
        )
    ]


def mean_sd_findings(
    n: int,
    mean: Reported,
    sd: Reported | None,
    lo: int,
    hi: int,
    *,
    items: int = 1,
    score: Score = "mean",
    mean_decimals: int | None = None,
    sd_decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """All checks of one reported mean (and SD), reporting only the most basic failure.

    Runs, in order, the range check, GRIM, the SD bounds and GRIMMER, and stops at the
    first that finds a problem, so one impossible value gives one finding.

    Examples
    --------
    >>> [f.check for f in mean_sd_findings(432, "2.905", "3.215", 1, 4)]
    ['sd_bounds']
    >>> mean_sd_findings(432, "2.905", "0.95", 1, 4)
    []
    """
    summary = Summary(
        mean, n, sd, lo, hi, items=items, score=score, mean_decimals=mean_decimals, sd_decimals=sd_decimals
    )
    return summary_findings(summary, location=location)


def summary_findings(s: Summary, *, location: str = "") -> list[Finding]:
    """All checks of one printed summary, reporting only the most basic failure.

    Parameters
    ----------
    s : Summary
        N, mean, SD (optional) and the scale of one score.
    location : str
        Where the values are printed, for the messages.

    Returns
    -------
    list of Finding
        The range check, GRIM, the SD bounds and GRIMMER in this order, stopping at the first
        that finds a problem, so one impossible value gives one finding.

    Examples
    --------
    >>> [f.check for f in summary_findings(Summary("2.905", 432, "3.215", lo=1, hi=4))]
    ['sd_bounds']
    """
    found = range_findings_for(s, location=location)
    if found:
        return found
    found = grim_findings_for(s, location=location)
    if found or s.sd is None or s.count() < 2:
        return found
    return sd_bounds_findings_for(s, location=location) or grimmer_findings_for(s, location=location)


def _derived_finding(
    check: str,
    result: derived.DerivedCheck,
    printed: Reported,
    what: str,
    location: str,
) -> list[Finding]:
    if result.consistent:
        return []
    expected = _fmt_range(*result.expected, digits=6)
    lo, hi = result.expected
    d = decimals_of(printed)
    r_lo = round_half_up(Fraction(lo), d) if math.isfinite(lo) else None
    r_hi = round_half_up(Fraction(hi), d) if math.isfinite(hi) else None
    if r_lo is not None and r_lo == r_hi:
        should = str(r_lo)
        if isinstance(printed, str) and printed.strip().startswith(".") and should.startswith("0."):
            should = should[1:]
        correct = f"; correctly rounded it prints as {should}"
    else:
        correct = "; correctly rounded it would print differently in the last digit"
    if result.truncated:
        return [
            Finding(
                check=check,
                severity="note",
                location=location,
                reported=str(printed),
                expected=expected,
                message=(
                    f"{where(location)}The {what} printed as {printed} is the exact value "
                    f"{expected} truncated, not rounded{correct}."
                ),
                reference=REFERENCES["derived"],
            )
        ]
    return [
        Finding(
            check=check,
            severity="inconsistent",
            location=location,
            reported=str(printed),
            expected=expected,
            message=(
                f"{where(location)}The {what} printed as {printed} does not match the value "
                f"{expected} recomputed from the reported numbers, neither rounded nor "
                f"truncated{correct}."
            ),
            reference=REFERENCES["derived"],
        )
    ]


def percent_findings(
    count: int,
    total: int,
    printed: Reported,
    *,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """Findings for a percentage of a count (:func:`.derived.percent`).

    Examples
    --------
    >>> [f.severity for f in percent_findings(2, 3, "66.6")]
    ['note']
    >>> [f.severity for f in percent_findings(2, 3, "60.0")]
    ['inconsistent']
    """
    result = derived.percent(count, total, printed, decimals)
    return _derived_finding("percent", result, printed, f"percentage 100 x {count}/{total}", location)


def valid_percent_findings(
    count: int,
    total: int,
    missing: int,
    printed: Reported,
    *,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """Findings for a valid percentage (:func:`.derived.valid_percent`).

    Examples
    --------
    >>> valid_percent_findings(30, 120, 20, "30.0")
    []
    """
    result = derived.valid_percent(count, total, missing, printed, decimals)
    what = f"valid percentage 100 x {count}/({total} - {missing} missing)"
    return _derived_finding("valid_percent", result, printed, what, location)


def cumulative_findings(
    counts: Sequence[int],
    printed: Sequence[Reported],
    *,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """Findings for the cumulative percentages of a frequency table.

    Examples
    --------
    >>> [f.severity for f in cumulative_findings([1, 1, 1], ["33.3", "66.6", "100.0"])]
    ['note']
    """
    out: list[Finding] = []
    for i, (result, p) in enumerate(
        zip(derived.cumulative_percents(counts, printed, decimals), printed, strict=True)
    ):
        loc = f"{location}, row {i + 1}" if location else f"row {i + 1}"
        out += _derived_finding("cumulative_percent", result, p, "cumulative percentage", loc)
    return out


def percent_total_findings(
    percents: Sequence[Reported],
    printed_total: Reported = "100",
    *,
    location: str = "",
) -> list[Finding]:
    """A finding when printed percentages cannot add up to their printed total.

    Examples
    --------
    >>> [f.severity for f in percent_total_findings(["40.0", "33.3", "33.3"], "100.0")]
    ['inconsistent']
    """
    result = derived.percent_total(percents, printed_total)
    if result.consistent:
        return []
    expected = _fmt_range(*result.expected, digits=6)
    return [
        Finding(
            check="percent_total",
            severity="inconsistent",
            location=location,
            reported=str(printed_total),
            expected=expected,
            message=(
                f"{where(location)}The printed percentages add up to {expected} (allowing half a "
                f"unit of rounding each), not to the printed total {printed_total}."
            ),
            reference=REFERENCES["derived"],
        )
    ]


def grim_percent_findings(
    percent: Reported, n: int, *, decimals: int | None = None, location: str = ""
) -> list[Finding]:
    """A finding when no whole count out of ``n`` gives a printed percentage (:func:`.grim.grim_percent`).

    Used where a paper prints a percentage without its count; ``n`` is the table's total
    or the study's N, so a failure contradicts that N (inconsistent), not the data as such.

    Examples
    --------
    >>> grim_percent_findings("87.4", 207)   # 181/207 = 87.44 %
    []
    >>> f = grim_percent_findings("67.4", 150)[0]   # 101/150 = 67.33 %, 102/150 = 68.00 %
    >>> f.severity, f.expected
    ('inconsistent', '67.33 or 68')
    """
    if grim.grim_percent(percent, n, decimals):
        return []
    lo, hi = exact_interval(percent, decimals)
    below = math.floor(lo / 100 * n)
    above = math.ceil(hi / 100 * n)
    options = [c for c in (below, above) if 0 <= c <= n]
    expected = " or ".join(fmt(100 * c / n) for c in options)
    return [
        Finding(
            check="grim_percent",
            severity="inconsistent",
            location=location,
            reported=f"{percent} % of N = {n}",
            expected=expected,
            message=(
                f"{where(location)}No whole number of the {n} cases is {percent} %: the nearest "
                f"counts, {' and '.join(str(c) for c in options)}, give {expected} % (100 c / N; "
                "GRIM for percentages, Brown & Heathers 2017)."
            ),
            reference=REFERENCES["grim"],
        )
    ]


def total_findings(parts: Sequence[int], printed_total: int, *, location: str = "") -> list[Finding]:
    """A finding when counts do not add up to their printed total.

    Examples
    --------
    >>> [f.expected for f in total_findings([12, 30, 58], 101)]
    ['100']
    """
    if derived.total_matches(parts, printed_total):
        return []
    return [
        Finding(
            check="total",
            severity="inconsistent",
            location=location,
            reported=str(printed_total),
            expected=str(sum(parts)),
            message=(
                f"{where(location)}The counts add up to {sum(parts)}, not to the printed total "
                f"{printed_total}."
            ),
            reference=REFERENCES["derived"],
        )
    ]


def grand_mean_findings(
    item_means: Sequence[Reported],
    printed: Reported,
    *,
    weights: Sequence[int] | None = None,
    item_decimals: int | None = None,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """Findings for a grand mean of item means (:func:`.derived.grand_mean`).

    Examples
    --------
    >>> [f.severity for f in grand_mean_findings(["2.91", "3.05", "2.64"], "2.97")]
    ['inconsistent']
    """
    result = derived.grand_mean(
        item_means, printed, weights=weights, item_decimals=item_decimals, decimals=decimals
    )
    k = len(item_means)
    what = (
        f"grand mean (the mean of the {k} item means)"
        if weights is None
        else f"weighted grand mean (the {k} item means weighted by their N)"
    )
    return _derived_finding("grand_mean", result, printed, what, location)


def overall_findings(
    group_means: Sequence[Reported],
    printed: Reported,
    *,
    weights: Sequence[int] | None = None,
    location: str = "",
) -> list[Finding]:
    """The overall column of a table with groups side by side against its groups' means.

    ``weights`` (the groups' N) for an overall column ``weighted-by-n``; otherwise the mean of
    the group means (``mean-of-groups``). Check ``overall``, judged as a grand mean
    (:func:`.derived.grand_mean`): a note when truncated, otherwise inconsistent.

    Examples
    --------
    (2.85 + 3.10) / 2 = 2.975 prints as 2.98; weighted by N = 20 and 30 it is 3.00; the mean of
    2.868 and 3.130 is 2.999, 3.00 rounded and 2.99 truncated:

    >>> overall_findings(["2.85", "3.10"], "2.98")
    []
    >>> [f.severity for f in overall_findings(["2.85", "3.10"], "2.98", weights=[20, 30])]
    ['inconsistent']
    >>> [f.severity for f in overall_findings(["2.868", "3.130"], "2.99")]
    ['note']
    """
    result = derived.grand_mean(group_means, printed, weights=weights)
    k = len(group_means)
    what = (
        f"overall mean (the mean of the {k} group means)"
        if weights is None
        else f"overall mean (the {k} group means weighted by their N)"
    )
    return _derived_finding("overall", result, printed, what, location)


def response_rate_findings(
    returned: int,
    distributed: int,
    printed: Reported,
    *,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """Findings for a response rate (:func:`.derived.response_rate`).

    Examples
    --------
    >>> [f.severity for f in response_rate_findings(520, 500, "104.0")]
    ['impossible']
    """
    if returned > distributed:
        return [
            Finding(
                check="response_rate",
                severity="impossible",
                location=location,
                reported=f"{returned} returned of {distributed}",
                expected=f"at most {distributed} returned",
                message=(
                    f"{where(location)}{returned} questionnaires returned out of {distributed} "
                    "distributed is more than were handed out."
                ),
                reference=REFERENCES["derived"],
            )
        ]
    result = derived.response_rate(returned, distributed, printed, decimals)
    what = f"response rate 100 x {returned}/{distributed}"
    return _derived_finding("response_rate", result, printed, what, location)


def ttest_findings(
    n1: int,
    mean1: Reported,
    sd1: Reported,
    n2: int,
    mean2: Reported,
    sd2: Reported,
    *,
    t: Reported | None = None,
    df: Reported | None = None,
    p: Reported | None = None,
    t_critical: Reported | None = None,
    method: MethodChoice = "either",
    alpha: float = 0.05,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """Findings for a t-test row (:func:`.ttest_summary.check_ttest`).

    Examples
    --------
    >>> fs = ttest_findings(304, "24.67", "1.96", 173, "22.82", "1.92",
    ...                     t="6.41", df="475", t_critical="1.96")
    >>> [(f.check, f.expected) for f in fs]
    [('ttest_t', '9.90 to 10.06')]
    """
    audit = ttest_summary.check_ttest(
        n1,
        mean1,
        sd1,
        n2,
        mean2,
        sd2,
        t=t,
        df=df,
        p=p,
        t_critical=t_critical,
        method=method,
        alpha=alpha,
        decimals=decimals,
    )
    r = audit.range
    name = "Student's" if r.method == "student" else "Welch's"
    summary = f"N = {n1} and {n2}, means {mean1} and {mean2}, SDs {sd1} and {sd2}"
    ref = REFERENCES["statcheck"]
    out: list[Finding] = []
    p_txt = _p_text(p)

    def add(check: str, reported: str, expected: str, message: str) -> None:
        message = where(location) + message
        out.append(Finding(check, "inconsistent", location, reported, expected, message, ref))

    if audit.t_ok is False:
        lo, hi = ttest_summary._abs_interval(*r.t)
        expected = f"{lo:.2f} to {hi:.2f}"
        add(
            "ttest_t",
            f"t = {t}",
            expected,
            f"Reported t = {t}, but the group summaries ({summary}) give {name} |t| of "
            f"{expected} (t = (M1 - M2)/SE, every printed value allowed its rounding), so "
            f"t = {t} cannot come from them.",
        )
    if audit.df_ok is False:
        if r.method == "student":
            expected = str(n1 + n2 - 2)
            rule = f"Student's df = n1 + n2 - 2 = {n1} + {n2} - 2 = {expected}"
        else:
            expected = _fmt_range(*r.df)
            rule = f"Welch's df for these SDs lies between {expected}"
        add(
            "ttest_df",
            f"df = {df}",
            expected,
            f"Reported df = {df} does not follow from the group sizes: {rule}.",
        )
    if audit.p_ok is False:
        expected = _fmt_range(*r.p, digits=3)
        add(
            "ttest_p",
            p_txt,
            expected,
            f"Reported {p_txt}, but the group summaries ({summary}) give a two-sided p of "
            f"{expected} ({name} test).",
        )
    if audit.p_matches_t is False and audit.p_from_t is not None:
        expected = _fmt_range(*audit.p_from_t, digits=3)
        add(
            "ttest_p_from_t",
            f"t = {t}, df = {df}, {p_txt}",
            expected,
            f"Reported {p_txt} does not match the reported t = {t}"
            + (f" with df = {df}" if df is not None else "")
            + f": the two-sided p of that t is {expected} (statcheck).",
        )
    if audit.decision_error:
        add(
            "ttest_decision",
            p_txt,
            "the other side of alpha",
            f"Reported {p_txt} and the recomputed p fall on different sides of alpha = {alpha}, "
            "so the significance decision changes (a gross inconsistency in statcheck's terms).",
        )
    if audit.t_critical_ok is False:
        expected = _fmt_range(*r.t_critical, digits=4)
        add(
            "ttest_t_critical",
            f"t-crit = {t_critical}",
            expected,
            f"Reported critical t = {t_critical} does not match the two-sided critical t at "
            f"alpha = {alpha} for df = {_fmt_range(*r.df)}, which is {expected}.",
        )
    return out


def _p_text(p: Reported | None) -> str:
    """'p = .03' or 'p < .001' as printed."""
    text = str(p).strip()
    if text[:1] in "<>=≤≥":
        return f"p {text}"
    if text.lower().startswith("p"):
        return text
    return f"p = {text}"


def alpha_findings(
    item_sds: Sequence[Reported],
    total_sd: Reported,
    alpha: Reported | None = None,
    *,
    sd_decimals: int | None = None,
    alpha_decimals: int | None = None,
    total_is_mean: bool = False,
    location: str = "",
) -> list[Finding]:
    """Findings for Cronbach's alpha against the item and total SDs (:mod:`.reliability`).

    Examples
    --------
    >>> [f.check for f in alpha_findings(["1.00"] * 4, "3.00", ".84")]
    ['alpha']
    >>> [f.severity for f in alpha_findings(["0.80"] * 3, "2.70")]
    ['impossible']
    """
    ref = REFERENCES["alpha"]
    k = len(item_sds)
    if not reliability.total_sd_possible(
        item_sds, total_sd, sd_decimals=sd_decimals, total_is_mean=total_is_mean
    ):
        return [
            Finding(
                check="alpha_total_sd",
                severity="impossible",
                location=location,
                reported=f"total SD {total_sd}",
                expected="at most the sum of the item SDs",
                message=(
                    f"{where(location)}The total-score SD {total_sd} exceeds the sum of the "
                    f"{k} item SDs, which no data allow: the SD of a sum is at most the sum of "
                    "the SDs (|cov| <= s_i s_j)."
                ),
                reference=ref,
            )
        ]
    if alpha is None or reliability.alpha_consistent(
        item_sds,
        total_sd,
        alpha,
        sd_decimals=sd_decimals,
        alpha_decimals=alpha_decimals,
        total_is_mean=total_is_mean,
    ):
        return []
    a_lo, a_hi = reliability.alpha_interval(
        item_sds, total_sd, sd_decimals=sd_decimals, total_is_mean=total_is_mean
    )
    expected = _fmt_range(a_lo, a_hi, digits=3)
    return [
        Finding(
            check="alpha",
            severity="inconsistent",
            location=location,
            reported=f"alpha = {alpha}",
            expected=expected,
            message=(
                f"{where(location)}Reported alpha = {alpha}, but the {k} item SDs and the "
                f"total-score SD {total_sd} imply alpha = {expected} by "
                "alpha = k/(k-1) (1 - sum s_i^2 / s_T^2) (Cronbach 1951), allowing for rounding; "
                "a standardised alpha or different respondents per item could explain it."
            ),
            reference=ref,
        )
    ]
