r"""Remarks and decisions against the rule that should produce them.

A Likert paper turns each mean into a remark ("High Extent", "Agree") by a cut-off rule, and
each test into a decision ("Significant", "H0 rejected") by its p-value or critical value.
These checks recompute the remark or decision from the printed numbers and compare.

Bands
-----
A rule is a list of bands, each a lower limit, an upper limit and a label. Printed bands
("3.50-4.00 Very High Extent, 2.50-3.49 High Extent, ...") leave gaps of one unit in the
last digit; band :math:`i` is read as :math:`[L_i, L_{i+1})` up to the next band's lower
limit, the top band as :math:`[L_{top}, U_{top}]`. The real limits of a scale from
:math:`a` to :math:`b` give code :math:`c` the band :math:`[c - \tfrac12, c + \tfrac12)`,
clipped to :math:`[a, b]`; equal intervals cut :math:`[a, b]` into as many bands of width
:math:`(b - a)/k` as there are codes :math:`k`.

Precision
---------
A printed mean stands for its rounding interval, and a paper may judge the printed (rounded)
mean or the unrounded one, so a remark is accepted when it is the label of *any* band the
interval meets, or of the band of the mean rounded half up to the bands' decimals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from mcstats.audit.findings import REFERENCES, Finding, Severity, where
from mcstats.errors import UsageError
from mcstats.printed import Reported, exact_interval, parse_reported, round_half_up


@dataclass(frozen=True)
class RemarkBand:
    """Means from ``lower`` (inclusive) to ``upper`` (exclusive, inclusive for the top band)."""

    lower: Fraction
    upper: Fraction
    label: str


def normalise(label: str) -> str:
    """A label for comparison: case, spaces and end punctuation ignored.

    Examples
    --------
    >>> normalise("  High  extent. ")
    'high extent'
    """
    text = re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip().casefold()
    return text.strip(" .;:,")


def scale_bands(
    scheme: str, lo: int, hi: int, labels: Mapping[int, str]
) -> tuple[RemarkBand, ...]:
    r"""Bands of a built-in rule on a scale from ``lo`` to ``hi`` labelled by code.

    Parameters
    ----------
    scheme : str
        ``"real-limits"`` (code :math:`c` covers :math:`[c - .5, c + .5)`) or
        ``"equal-interval"`` (:math:`k` bands of width :math:`(hi - lo)/k`).
    lo, hi : int
        Lowest and highest code.
    labels : Mapping[int, str]
        The response label of each code; a code without a label is labelled by its number.

    Returns
    -------
    tuple of RemarkBand
        Lowest band first.

    References
    ----------
    Real limits of a class interval: a code :math:`c` stands for :math:`c \pm 0.5`.

    Examples
    --------
    >>> [(float(b.lower), float(b.upper), b.label) for b in scale_bands("real-limits", 1, 4, {})]
    [(1.0, 1.5, '1'), (1.5, 2.5, '2'), (2.5, 3.5, '3'), (3.5, 4.0, '4')]
    >>> [float(b.upper) for b in scale_bands("equal-interval", 1, 5, {})]
    [1.8, 2.6, 3.4, 4.2, 5.0]
    """
    if hi <= lo:
        raise UsageError(f"the scale needs lo < hi (got {lo}..{hi})")
    codes = range(lo, hi + 1)
    if scheme == "real-limits":
        half = Fraction(1, 2)
        return tuple(
            RemarkBand(max(Fraction(lo), c - half), min(Fraction(hi), c + half), labels.get(c, str(c)))
            for c in codes
        )
    if scheme == "equal-interval":
        width = Fraction(hi - lo, len(codes))
        return tuple(
            RemarkBand(lo + i * width, lo + (i + 1) * width, labels.get(c, str(c)))
            for i, c in enumerate(codes)
        )
    raise UsageError(f"unknown built-in cut-off scheme {scheme!r}; use real-limits or equal-interval")


def printed_bands(bands: Sequence[tuple[Reported, Reported, str]]) -> tuple[RemarkBand, ...]:
    """Bands as a paper prints them, ``(min, max, label)``, read without gaps.

    Each band runs up to the next band's lower limit; the top band to its printed maximum.

    References
    ----------
    The paper's own rule, read as printed.

    Examples
    --------
    >>> bs = printed_bands([("3.50", "4.00", "VHE"), ("2.50", "3.49", "HE"), ("1.00", "2.49", "LE")])
    >>> [(str(float(b.lower)), str(float(b.upper)), b.label) for b in bs]
    [('1.0', '2.5', 'LE'), ('2.5', '3.5', 'HE'), ('3.5', '4.0', 'VHE')]
    """
    if not bands:
        raise UsageError("give at least one band")
    parsed = sorted(
        ((Fraction(parse_reported(a)), Fraction(parse_reported(b)), label) for a, b, label in bands),
        key=lambda x: x[0],
    )
    out = []
    for i, (lower, upper, label) in enumerate(parsed):
        top = parsed[i + 1][0] if i + 1 < len(parsed) else upper
        out.append(RemarkBand(lower, top, label))
    return tuple(out)


def criterion_bands(
    criterion: Reported, lo: int, hi: int, *, below: str = "Rejected", above: str = "Accepted"
) -> tuple[RemarkBand, ...]:
    """A criterion mean: ``above`` from the criterion up, ``below`` under it.

    References
    ----------
    The criterion-mean rule of education surveys (e.g. 2.50 on a 4-point scale).

    Examples
    --------
    >>> [b.label for b in criterion_bands("2.50", 1, 4)]
    ['Rejected', 'Accepted']
    """
    c = Fraction(parse_reported(criterion))
    return (RemarkBand(Fraction(lo), c, below), RemarkBand(c, Fraction(hi), above))


def _decimals_of_bands(bands: Sequence[RemarkBand]) -> int:
    d = 0
    for b in bands:
        for x in (b.lower, b.upper):
            k = 0
            while (x * 10**k).denominator != 1 and k < 6:
                k += 1
            d = max(d, k)
    return max(d, 2)


def possible_remarks(
    mean: Reported, bands: Sequence[RemarkBand], *, decimals: int | None = None
) -> tuple[str, ...]:
    r"""Labels a rule can give a printed mean, allowing for its rounding.

    Parameters
    ----------
    mean : Reported
        The printed mean.
    bands : Sequence[RemarkBand]
        The rule (see :func:`scale_bands`, :func:`printed_bands`, :func:`criterion_bands`).
    decimals : int | None
        Decimals the mean is rounded to before comparison, when the paper compares the
        rounded mean; by default those of the band limits, at least 2.

    Returns
    -------
    tuple of str
        The labels of the bands that the mean's interval :math:`[m - u/2, m + u/2]` meets,
        and of the band of the mean rounded half up, lowest band first.

    References
    ----------
    The cut-off rule of the paper; :mod:`mcstats.stats.cutoffs` for the same rule applied to
    data.

    Examples
    --------
    On the real limits of a 4-point scale, 3.495 is High (3.4950 < 3.5) or, rounded to
    3.50, Very High; 3.49 is High only:

    >>> bands = scale_bands("real-limits", 1, 4, {4: "VHE", 3: "HE", 2: "LE", 1: "VLE"})
    >>> possible_remarks("3.495", bands), possible_remarks("3.49", bands)
    (('HE', 'VHE'), ('HE',))
    """
    if not bands:
        raise UsageError("give at least one band")
    mlo, mhi = exact_interval(mean)
    ordered = sorted(bands, key=lambda b: b.lower)
    d = decimals if decimals is not None else _decimals_of_bands(ordered)
    rounded = Fraction(round_half_up(Fraction(parse_reported(mean)), d))
    out: list[str] = []
    for i, b in enumerate(ordered):
        top = i == len(ordered) - 1
        meets = mhi >= b.lower and (mlo <= b.upper if top else mlo < b.upper)
        holds_rounded = rounded >= b.lower and (rounded <= b.upper if top else rounded < b.upper)
        if (meets or holds_rounded) and b.label not in out:
            out.append(b.label)
    return tuple(out)


def remark_is_known(remark: str, bands: Sequence[RemarkBand]) -> bool:
    """Whether a printed remark is one of the rule's labels (so that it can be checked).

    Examples
    --------
    >>> remark_is_known("high extent", scale_bands("real-limits", 1, 2, {2: "High Extent"}))
    True
    """
    return normalise(remark) in {normalise(b.label) for b in bands}


def remark_findings(
    mean: Reported,
    remark: str,
    bands: Sequence[RemarkBand],
    *,
    severity: Severity = "inconsistent",
    rule: str = "",
    stated: bool = True,
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """A finding when a printed remark is not the one the rule gives the printed mean.

    Remarks that are none of the rule's labels cannot be judged and give no finding (see
    :func:`remark_is_known`).

    Examples
    --------
    >>> bands = scale_bands("real-limits", 1, 4, {4: "VHE", 3: "HE", 2: "LE", 1: "VLE"})
    >>> remark_findings("3.12", "HE", bands)
    []
    >>> f = remark_findings("2.31", "HE", bands, severity="note", stated=False)[0]
    >>> f.severity, f.expected
    ('note', 'LE')
    """
    if not remark_is_known(remark, bands):
        return []
    possible = possible_remarks(mean, bands, decimals=decimals)
    if normalise(remark) in {normalise(x) for x in possible}:
        return []
    expected = " or ".join(possible) if possible else "none (outside every band)"
    rule_text = f" ({rule})" if rule else ""
    if stated:
        message = (
            f"{where(location)}The remark '{remark}' contradicts the paper's own cut-off "
            f"rule{rule_text}: a mean of {mean} falls in the band '{expected}'."
        )
    else:
        message = (
            f"{where(location)}The paper states no cut-off rule; by the usual real limits of "
            f"the scale{rule_text} a mean of {mean} is '{expected}', not '{remark}'."
        )
    return [
        Finding(
            check="remark",
            severity=severity,
            location=location,
            reported=f"mean {mean}, remark '{remark}'",
            expected=expected,
            message=message,
            reference=REFERENCES["remarks"],
        )
    ]


def remark_sides_findings(
    entries: Sequence[tuple[Reported, str, str]],
    criterion: Reported,
    *,
    severity: Severity = "inconsistent",
    location: str = "",
) -> list[Finding]:
    """Findings when one remark word is given to means on both sides of a criterion.

    For a criterion rule whose words are not known (``"Agree"`` / ``"Disagree"``), the
    remarks must at least split the means at the criterion: a word used both for a mean
    surely at or above it and for one surely below it is inconsistent.

    Parameters
    ----------
    entries : Sequence[tuple[Reported, str, str]]
        ``(mean, remark, where)`` for every remarked mean.
    criterion : Reported
        The printed criterion mean.

    Examples
    --------
    >>> rows = [("2.80", "Agree", "item 1"), ("2.10", "Agree", "item 2"), ("2.40", "Disagree", "item 3")]
    >>> f = remark_sides_findings(rows, "2.50")[0]
    >>> f.reported
    "'Agree' for 2.80 (item 1) and 2.10 (item 2)"
    """
    c = Fraction(parse_reported(criterion))
    above: dict[str, list[tuple[Reported, str]]] = {}
    below: dict[str, list[tuple[Reported, str]]] = {}
    words: dict[str, str] = {}
    for mean, remark, place in entries:
        lo, hi = exact_interval(mean)
        key = normalise(remark)
        words.setdefault(key, remark)
        if lo >= c:
            above.setdefault(key, []).append((mean, place))
        elif hi < c:
            below.setdefault(key, []).append((mean, place))
    out = []
    for key in words:
        if key in above and key in below:
            (m1, p1), (m2, p2) = above[key][0], below[key][0]
            word = words[key]
            out.append(
                Finding(
                    check="remark",
                    severity=severity,
                    location=location,
                    reported=f"'{word}' for {m1} ({p1}) and {m2} ({p2})",
                    expected=f"different remarks at or above and below {criterion}",
                    message=(
                        f"{where(location)}The remark '{word}' is given to a mean at or above the "
                        f"criterion {criterion} ({m1}, {p1}) and to one below it ({m2}, {p2}); "
                        "a criterion-mean rule gives them different remarks."
                    ),
                    reference=REFERENCES["remarks"],
                )
            )
    return out


_NEGATIVE = re.compile(
    r"\b(not|non|no)[\s-]*(statistically\s+)?significant|\binsignificant\b|\bnot\s+sig\b|"
    r"^\s*n\.?s\.?\s*$|\baccepted\b|\bretained\b|\bupheld\b|\bnot\s+rejected\b|"
    r"\bfail(ed|s)?\s+to\s+reject\b",
    re.IGNORECASE,
)
_POSITIVE = re.compile(r"\bsignificant\b|\bsig\b|\brejected\b", re.IGNORECASE)


def decision_is_significant(decision: str) -> bool | None:
    """Read a printed decision: True (significant, H0 rejected), False, or None (unclear).

    Examples
    --------
    >>> decision_is_significant("Significant"), decision_is_significant("Not Significant")
    (True, False)
    >>> decision_is_significant("H0 accepted"), decision_is_significant("Ho rejected")
    (False, True)
    >>> decision_is_significant("resulted in significant difference"), decision_is_significant("ns")
    (True, False)
    >>> decision_is_significant("moderate") is None
    True
    """
    text = decision.strip()
    if _NEGATIVE.search(text):
        return False
    if _POSITIVE.search(text):
        return True
    return None


def decision_findings(
    decision: str,
    *,
    p_reported: tuple[float, float] | None = None,
    t_reported: tuple[float, float] | None = None,
    t_critical: tuple[float, float] | None = None,
    p_recomputed: tuple[float, float] | None = None,
    alpha: float = 0.05,
    p_text: str = "",
    location: str = "",
) -> list[Finding]:
    r"""A finding when a printed decision disagrees with the printed p, t and critical t.

    Parameters
    ----------
    decision : str
        The printed words (``"Significant"``, ``"H0 rejected"``).
    p_reported, t_reported, t_critical, p_recomputed : tuple[float, float] | None
        Intervals of the printed p, :math:`|t|`, critical t and of the p recomputed from the
        group summaries; any may be None.
    alpha : float
        The significance level.

    Notes
    -----
    Rule: significant when :math:`p < \alpha`, or :math:`|t|` above the critical t. Each
    piece of evidence counts only when its whole interval is on one side.

    References
    ----------
    Nuijten et al. (2016), statcheck ("decision errors").

    Examples
    --------
    >>> decision_findings("Significant", p_reported=(0.0, 0.005))
    []
    >>> f = decision_findings("Not significant", t_reported=(6.405, 6.415), t_critical=(1.955, 1.965))[0]
    >>> f.check, f.expected
    ('decision', 'significant')
    """
    said = decision_is_significant(decision)
    if said is None:
        return []
    evidence: list[tuple[str, bool]] = []
    if p_reported is not None:
        if p_reported[1] < alpha or (p_reported[1] <= alpha and p_text.strip().startswith("<")):
            evidence.append((f"the printed {p_text or 'p'} is below alpha = {alpha}", True))
        elif p_reported[0] >= alpha:
            evidence.append((f"the printed {p_text or 'p'} is not below alpha = {alpha}", False))
    if t_reported is not None and t_critical is not None:
        if t_reported[0] > t_critical[1]:
            evidence.append(("the printed |t| exceeds the printed critical t", True))
        elif t_reported[1] < t_critical[0]:
            evidence.append(("the printed |t| is below the printed critical t", False))
    if not evidence and p_recomputed is not None:
        if p_recomputed[1] < alpha:
            evidence.append((f"the p recomputed from the group summaries is below {alpha}", True))
        elif p_recomputed[0] >= alpha:
            evidence.append((f"the p recomputed from the group summaries is not below {alpha}", False))
    against = [why for why, sig in evidence if sig != said]
    if not against:
        return []
    expected = "not significant" if said else "significant"
    return [
        Finding(
            check="decision",
            severity="inconsistent",
            location=location,
            reported=f"decision '{decision}'",
            expected=expected,
            message=(
                f"{where(location)}The decision '{decision}' contradicts the printed numbers: "
                f"{'; '.join(against)}, so the result is {expected} (reject H0 when p < alpha)."
            ),
            reference=REFERENCES["statcheck"],
        )
    ]


def inferred_rule_findings(
    entries: Sequence[tuple[Reported, str, str]], *, source: str = ""
) -> list[Finding]:
    """Remarks that contradict the rule a table's own remarks imply (no rule need be printed).

    Any cut-off rule gives each remark a band, an interval of means. So when two rows of a
    table carry the same remark, every mean strictly between theirs must carry it too: a row
    whose mean lies strictly between two means remarked ``L`` (their rounding intervals
    apart), but which says something else, contradicts every rule the table could have
    used. Each such row gets a ``note`` located at the row.

    Parameters
    ----------
    entries : sequence of (mean, remark, location)
        The table's rows with a printed mean and remark.
    source : str
        The table, for the message.

    Examples
    --------
    >>> rows = [("2.61", "Agree", "r1"), ("2.70", "Disagree", "r2"), ("3.10", "Agree", "r3"),
    ...         ("1.90", "Strongly Disagree", "r4")]
    >>> [(f.location, f.severity, f.expected) for f in inferred_rule_findings(rows)]
    [('r2', 'note', 'Agree')]

    Two rows that each lie between the other's kind are both listed (either may be wrong):

    >>> rows[3] = ("2.10", "Disagree", "r4")
    >>> [f.location for f in inferred_rule_findings(rows)]
    ['r1', 'r2']
    >>> inferred_rule_findings([("2.40", "Disagree", "a"), ("2.60", "Agree", "b"), ("3.9", "Very", "c")])
    []
    """
    rows = [(exact_interval(m), normalise(w), w, m, loc) for m, w, loc in entries]
    out: list[Finding] = []
    for i, ((lo, hi), key, word, mean, loc) in enumerate(rows):
        for j, ((_, ahi), akey, aword, amean, _) in enumerate(rows):
            if j == i or akey == key or not ahi < lo:
                continue
            above = next(
                (
                    (bmean, bword)
                    for k, ((blo, _), bkey, bword, bmean, _) in enumerate(rows)
                    if k not in (i, j) and bkey == akey and blo > hi
                ),
                None,
            )
            if above is None:
                continue
            message = (
                f"{where(loc)}The remark '{word}' for mean {mean} contradicts the rule that "
                f"{source + chr(39) + 's' if source else 'the table' + chr(39) + 's'} own remarks imply: "
                f"the means {amean} below it "
                f"and {above[0]} above it are both '{aword}', and every cut-off rule gives one "
                "remark to a whole interval of means. The paper prints no rule, so this is a note."
            )
            out.append(Finding("remark_inferred", "note", loc, f"{word} (mean {mean})", aword, message,
                               REFERENCES["remarks"]))
            break
    return out
