r"""Limits a statistic has by definition, and the limits a printed minimum and maximum set.

*By definition*: a p-value and a significance level lie in :math:`[0, 1]`, a percentage in
:math:`[0, 100]`, a correlation in :math:`[-1, 1]`, Cronbach's alpha is at most 1 (it can be
negative), SDs, SEs, variances and test statistics such as F and chi-square are not
negative, and counts are whole numbers.

*From a printed minimum* :math:`a` *and maximum* :math:`b` of :math:`n` values with mean
:math:`m` (any real data, so it holds for scores of unknown make-up):

.. math::

    \frac{(b - a)^2}{2(n - 1)} \;\le\; s^2 \;\le\; \frac{n}{n-1}(m - a)(b - m).

The upper end is the Bhatia-Davis bound. The lower end holds because two of the values are
:math:`a` and :math:`b`: :math:`\sum (x_i - m)^2 \ge (a - m)^2 + (b - m)^2 \ge (b - a)^2/2`
(the sum of two squares with a fixed difference is smallest when they are equal). Also
:math:`a \le m \le b`. Every printed value stands for its rounding interval, so each check
flags only when no values in the intervals satisfy the rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType

from mcstats.audit import _scale
from mcstats.audit.findings import REFERENCES, Finding, where
from mcstats.audit.rounding import fmt
from mcstats.printed import Reported, exact_interval

#: Lower and upper limit by definition, and the reason in words, per statistic name.
STATISTIC_LIMITS: Mapping[str, tuple[float | None, float | None, str]] = MappingProxyType(
    {
        "p": (0.0, 1.0, "a p-value is a probability, between 0 and 1"),
        "significance_level": (0.0, 1.0, "a significance level is a probability, between 0 and 1"),
        "percent": (0.0, 100.0, "a percentage of the cases lies between 0 and 100"),
        "valid_percent": (0.0, 100.0, "a percentage of the cases lies between 0 and 100"),
        "cumulative_percent": (0.0, 100.0, "a cumulative percentage lies between 0 and 100"),
        "sample_percent": (0.0, 100.0, "a sample is at most the whole population, 100 %"),
        "response_rate": (0.0, 100.0, "a response rate lies between 0 and 100 %"),
        "r": (-1.0, 1.0, "a correlation coefficient lies between -1 and 1"),
        "alpha": (None, 1.0, "Cronbach's alpha is at most 1 (it can be negative, never above 1)"),
        "sd": (0.0, None, "a standard deviation is not negative"),
        "se": (0.0, None, "a standard error is not negative"),
        "variance": (0.0, None, "a variance is not negative"),
        "f": (0.0, None, "an F statistic is a ratio of variances, not negative"),
        "chi_square": (0.0, None, "a chi-square statistic is a sum of squares, not negative"),
        "df": (0.0, None, "degrees of freedom are positive"),
    }
)

#: Statistics that count people or questionnaires: whole numbers, 0 or more.
COUNT_STATISTICS: tuple[str, ...] = (
    "n",
    "frequency",
    "population",
    "sample",
    "distributed",
    "returned",
    "valid",
)

_RELATIONS = ("<=", ">=", "<", ">", "\u2264", "\u2265")


def _interval(value: Reported) -> tuple[Fraction | None, Fraction | None]:
    """Rounding interval of a printed value; a leading ``<`` or ``>`` opens one end."""
    if isinstance(value, str):
        text = value.strip()
        for rel in _RELATIONS:
            if text.startswith(rel):
                lo, hi = exact_interval(text[len(rel) :].strip())
                bound = (lo + hi) / 2
                return (None, bound) if rel in ("<", "<=", "\u2264") else (bound, None)
    lo, hi = exact_interval(value)
    return lo, hi


def within_limits(statistic: str, value: Reported) -> bool | None:
    r"""Whether a printed value can lie within the limits its statistic has by definition.

    Parameters
    ----------
    statistic : str
        A statistic name of the published-values format (``"p"``, ``"percent"``, ``"r"``...).
    value : Reported
        The printed value; ``"<.001"`` and ``">.05"`` are allowed.

    Returns
    -------
    bool or None
        None when the statistic has no limits in :data:`STATISTIC_LIMITS`.

    Notes
    -----
    Rule: the printed value's rounding interval :math:`[v - u/2, v + u/2]` meets the limits
    :math:`[L, U]` of :data:`STATISTIC_LIMITS` (df must be above 0).

    References
    ----------
    The definitions of the statistics; Nuijten et al. (2016), statcheck.

    Examples
    --------
    >>> within_limits("p", "1.20"), within_limits("p", "<.001"), within_limits("r", "-1.00")
    (False, True, True)
    >>> within_limits("percent", "100.0"), within_limits("percent", "100.1"), within_limits("mean", "7")
    (True, False, None)
    """
    limits = STATISTIC_LIMITS.get(statistic)
    if limits is None:
        return None
    low, high, _ = limits
    lo, hi = _interval(value)
    if low is not None and hi is not None and hi < Fraction(low):
        return False
    if statistic == "df" and hi is not None and hi <= 0:
        return False
    return not (high is not None and lo is not None and lo > Fraction(high))


def is_whole_count(value: Reported) -> bool:
    """Whether a printed count is a whole number of 0 or more (``"432"``, ``"432.0"``).

    References
    ----------
    A count of people or questionnaires is a whole number.

    Examples
    --------
    >>> is_whole_count("432"), is_whole_count("43.5"), is_whole_count("-2")
    (True, False, False)
    """
    lo, hi = exact_interval(value, slack=False)
    v = (lo + hi) / 2
    return v >= 0 and v.denominator == 1


def limit_findings(statistic: str, value: Reported, *, location: str = "") -> list[Finding]:
    """A finding when a value is outside the limits of its statistic, or a count is not whole.

    Examples
    --------
    >>> f = limit_findings("p", "1.20", location="Table 3")[0]
    >>> f.severity, f.expected
    ('impossible', '0 to 1')
    >>> [f.check for f in limit_findings("frequency", "12.5")]
    ['count']
    >>> limit_findings("p", ".03")
    []
    """
    if statistic in COUNT_STATISTICS:
        if is_whole_count(value):
            return []
        return [
            Finding(
                check="count",
                severity="impossible",
                location=location,
                reported=str(value),
                expected="a whole number of 0 or more",
                message=(
                    f"{where(location)}A count ({statistic}) printed as {value} is impossible: "
                    "people and questionnaires are counted in whole numbers."
                ),
                reference=REFERENCES["limits"],
            )
        ]
    if within_limits(statistic, value) is not False:
        return []
    low, high, why = STATISTIC_LIMITS[statistic]
    if low is not None and high is not None:
        expected = f"{fmt(low)} to {fmt(high)}"
    elif low is not None:
        expected = f"above {fmt(low)}" if statistic == "df" else f"{fmt(low)} or more"
    else:
        expected = f"at most {fmt(high or 0.0)}"
    return [
        Finding(
            check="limits",
            severity="impossible",
            location=location,
            reported=f"{statistic} = {value}",
            expected=expected,
            message=f"{where(location)}The value {value} is impossible: {why}.",
            reference=REFERENCES["limits"],
        )
    ]


def _limit_interval(value: Reported, exact: bool) -> tuple[Fraction, Fraction]:
    if exact:
        lo, hi = exact_interval(value, slack=False)
        return (lo + hi) / 2, (lo + hi) / 2
    return exact_interval(value)


def sd_interval_from_min_max(
    n: int, mean: Reported, minimum: Reported, maximum: Reported, *, scale_limits: bool = False
) -> tuple[float, float]:
    r"""Smallest and largest SD of ``n`` real values with this printed mean, minimum and maximum.

    Parameters
    ----------
    n : int
        Number of values (at least 2).
    mean, minimum, maximum : Reported
        The printed mean, smallest and largest value.
    scale_limits : bool
        ``minimum`` and ``maximum`` are the exact limits of the scale (not observed values):
        they are taken as exact and need not be attained, so the lower end is 0. This bounds
        the SD of a mean of any number of items on the scale.

    Returns
    -------
    tuple of float
        ``(lo, hi)``: :math:`lo = (b_{lo} - a_{hi})/\sqrt{2(n-1)}` (0 if negative) and
        :math:`hi = \sqrt{\tfrac{n}{n-1}\max_m (m - a_{lo})(b_{hi} - m)}` over the mean's
        interval (module docstring), with the rounding intervals of the printed values.

    References
    ----------
    Bhatia, R., & Davis, C. (2000). A better bound on the variance. *American Mathematical
    Monthly*, 107(4), 353-357 (upper end); Shiffler, R. E., & Harsha, P. D. (1980). Upper and
    lower bounds for the sample standard deviation. *Teaching Statistics*, 2(3), 84-86 (lower
    end).

    Examples
    --------
    Ten values from 1 to 5 with mean 3: :math:`s \ge 4/\sqrt{18} = 0.943` and
    :math:`s \le \sqrt{10/9 \cdot 2 \cdot 2} = 2.108`. Printed without decimals, "1" stands
    for 0.5..1.5 and "5" for 4.5..5.5, so the bounds widen to :math:`3/\sqrt{18} = 0.707` and
    :math:`\sqrt{10/9 \cdot 2.5 \cdot 2.5} = 2.635`; with two decimals to
    :math:`3.99/\sqrt{18}` and :math:`\sqrt{10/9}\cdot 2.005`:

    >>> lo, hi = sd_interval_from_min_max(10, "3", "1", "5")
    >>> round(lo, 3), round(hi, 3)
    (0.707, 2.635)
    >>> lo, hi = sd_interval_from_min_max(10, "3.00", "1.00", "5.00")
    >>> round(lo, 3), round(hi, 3)
    (0.94, 2.113)
    """
    _scale.check_n(n, 2)
    alo, ahi = _limit_interval(minimum, scale_limits)
    blo, bhi = _limit_interval(maximum, scale_limits)
    mlo, mhi = exact_interval(mean)
    mlo, mhi = max(mlo, alo), min(mhi, bhi)
    if mlo > mhi:
        return (0.0, 0.0)
    centre = (alo + bhi) / 2
    m = min(max(centre, mlo), mhi)
    v_hi = Fraction(n, n - 1) * (m - alo) * (bhi - m)
    spread = Fraction(0) if scale_limits else max(blo - ahi, Fraction(0))
    v_lo = spread * spread / (2 * (n - 1))
    return math.sqrt(v_lo), math.sqrt(max(v_hi, Fraction(0)))


def min_max_findings(
    n: int | None,
    mean: Reported | None,
    sd: Reported | None,
    minimum: Reported,
    maximum: Reported,
    *,
    scale_limits: bool = False,
    location: str = "",
) -> list[Finding]:
    r"""Findings for a mean and SD printed with the minimum and maximum of the same values.

    The mean must lie between the minimum and the maximum, and the SD within
    :func:`sd_interval_from_min_max`. One finding at most: the first rule that fails. With
    ``scale_limits=True`` the minimum and maximum are the exact limits of the scale (for a
    mean of an unknown number of items), and only the upper bound of the SD applies.

    Examples
    --------
    >>> [f.check for f in min_max_findings(207, "3.5193", "1.26553", "1.00", "5.00")]
    []

    N = 207, mean 3.52 between 1.00 and 5.00: :math:`s \ge 3.99/\sqrt{412} = 0.1966` and
    :math:`s \le \sqrt{207/206 \cdot 2.52 \cdot 1.49} = 1.942` (mean at 3.515):

    >>> f = min_max_findings(207, "3.52", "2.10", "1.00", "5.00")[0]
    >>> f.check, f.expected
    ('min_max_sd', '0.1966 to 1.942')
    >>> [f.check for f in min_max_findings(30, "5.20", None, "1.00", "5.00")]
    ['min_max_mean']

    A mean of items on 1-4 with N = 20 and mean 2.5 has
    :math:`s \le \sqrt{20/19 \cdot 1.5 \cdot 1.5} = 1.539` (the mean's interval includes 2.5):

    >>> min_max_findings(20, "2.50", "1.60", 1, 4, scale_limits=True)[0].expected
    'at most 1.539'
    """
    ref = REFERENCES["min_max"]
    what = "the scale limits" if scale_limits else "the printed minimum"
    alo = _limit_interval(minimum, scale_limits)[0]
    bhi = _limit_interval(maximum, scale_limits)[1]
    if alo > bhi:
        return [
            Finding(
                check="min_max",
                severity="impossible",
                location=location,
                reported=f"minimum {minimum}, maximum {maximum}",
                expected="minimum at most the maximum",
                message=f"{where(location)}The minimum {minimum} is above the maximum {maximum}.",
                reference=ref,
            )
        ]
    if mean is None:
        return []
    mlo, mhi = exact_interval(mean)
    if mhi < alo or mlo > bhi:
        return [
            Finding(
                check="min_max_mean",
                severity="impossible",
                location=location,
                reported=f"mean {mean}, minimum {minimum}, maximum {maximum}",
                expected=f"{minimum} to {maximum}",
                message=(
                    f"{where(location)}The mean {mean} lies outside {what} {minimum} and "
                    f"maximum {maximum}; a mean lies between the smallest and largest value."
                ),
                reference=ref,
            )
        ]
    if sd is None or n is None or n < 2:
        return []
    s_lo, s_hi = sd_interval_from_min_max(n, mean, minimum, maximum, scale_limits=scale_limits)
    sdlo, sdhi = exact_interval(sd)
    if float(sdlo) <= s_hi * (1 + 1e-12) and float(sdhi) >= s_lo * (1 - 1e-12):
        return []
    if scale_limits:
        expected = f"at most {fmt(s_hi)}"
        message = (
            f"{where(location)}The SD {sd} is impossible for {n} scores with mean {mean} on a "
            f"scale from {minimum} to {maximum}: any such data have an SD of {expected}, by "
            "s^2 <= n/(n-1) (m-a)(b-m) (Bhatia & Davis 2000), whatever the number of items."
        )
    else:
        expected = f"{fmt(s_lo)} to {fmt(s_hi)}"
        message = (
            f"{where(location)}The SD {sd} is impossible for {n} values with mean {mean} "
            f"between {minimum} and {maximum}: any such data have an SD of {expected}, by "
            "(b-a)^2/(2(n-1)) <= s^2 <= n/(n-1) (m-a)(b-m) (Bhatia & Davis 2000)."
        )
    return [
        Finding(
            check="min_max_sd",
            severity="impossible",
            location=location,
            reported=(
                f"SD {sd}, N = {n}, mean {mean}"
                + ("" if scale_limits else f", minimum {minimum}, maximum {maximum}")
            ),
            expected=expected,
            message=message,
            reference=ref,
        )
    ]


_ODD_LEADING_ZERO = re.compile(r"^[<>=≤≥]*\s*[-+\u2212]?0\d")
_ODD_POINTS = re.compile(r"\d*\.\.+\d*|\d+\.\d+\.\d+")


def odd_print_findings(text: str, *, location: str = "") -> list[Finding]:
    """A ``note`` for a number printed oddly: a leading zero before a digit (``02.1``) or two
    decimal points (``1..2``, ``1.2.3``), which suggests a typing or typesetting slip.

    Examples
    --------
    >>> [f.expected for f in odd_print_findings("02.1")]
    ['2.1']
    >>> odd_print_findings("0.21"), odd_print_findings(".974"), odd_print_findings("2,905")
    ([], [], [])
    >>> odd_print_findings("1..2")[0].check
    'odd_print'
    """
    t = text.strip()
    if _ODD_POINTS.fullmatch(t.lstrip("<>=≤≥ -+\u2212")):
        expected = "one decimal point"
        why = "has more than one decimal point, so its value cannot be read; it was not checked further"
    elif _ODD_LEADING_ZERO.match(t):
        expected = re.sub(r"^([<>=≤≥]*\s*[-+\u2212]?)0+(?=\d)", r"\1", t)
        why = "has a leading zero before another digit, which no statistics package prints"
    else:
        return []
    message = f"{where(location)}The number '{t}' {why}: probably a typing or typesetting slip."
    return [Finding("odd_print", "note", location, t, expected, message, REFERENCES["limits"])]
