r"""Test results reported in running text (APA style), read and recomputed as statcheck does.

:func:`extract_results` finds every ``t(28) = 2.20, p = .03``-style result in a text: t, F,
r, chi-square (with df and, when printed, N), z and Q (meta-analytic heterogeneity), each
with its test comparison (``=``, ``<``, ``>``), the reported p (``=``, ``<``, ``>`` or
``ns``) and whether the text mentions one-tailed testing. Each result carries the p value
recomputed from the statistic and its df, and statcheck's two verdicts:

``error``
    The reported p does not fit the statistic: no value that rounds to the printed statistic
    gives a p that rounds to (or lies on the stated side of) the printed p.
``decision_error``
    An error that changes the conclusion at ``alpha`` (significant versus not).

Conventions (statcheck's defaults, Nuijten et al. 2016; the package's ``statcheck()``)
--------------------------------------------------------------------------------------
* Only APA-style strings are read: the statistic's letter (``t``, ``F``, ``r``, ``Q``,
  ``z``/``Z``, chi as ``χ2``, ``χ²``, ``chi2``, ``chi-square``, ``X2``, ``x2``), its df in
  round brackets (none for z; two for F; chi-square may add ``N = ...``), a comparison, the
  value, a comma, and ``p`` with a comparison and a value with a decimal point (``p = .03``,
  ``p < .001``, ``p = .5e-3``) or ``ns``. Statcheck refuses, and so does this module, a p
  above 1, a correlation outside [-1, 1], ``t(2,28)``, square brackets, a semicolon before
  ``p``, a capital ``T``, a second comparison sign (``>=``) and a minus sign separated from
  its number by a space.
* A comma between digits is a thousands separator (``2,000.20``, ``N = 11,455``); ``l`` or
  ``I`` as F's first df is read as 1; up to three odd characters just before the value (a
  badly encoded minus, the typographic ``−``) make it negative.
* p is two-tailed for t, r and z, the upper tail for F, chi-square and Q; r is turned into
  :math:`t = r / \sqrt{(1 - r^2)/df}`.
* The printed statistic stands for every value that rounds to it (``2.20`` for
  [2.195, 2.205]); the reported ``p = x`` is correct when ``x`` lies between the ends of
  the corresponding p interval rounded to the decimals ``x`` was printed with. One
  deliberate difference: a t, r or z printed as 0 (``t(3) = 0.0``) stands for an interval
  that holds 0, where p is 1; statcheck takes the interval's end (0.05) as the smallest
  |t| and would flag a correct ``p = .98`` (found by our no-false-alarm property test).
* ``p = .05`` counts as significant (``p_equal_alpha_significant``); a reported p of 0
  (``p = .000``) is an error (``p_zero_error``); ``ns`` is read as ``p > alpha``.
* A mention of "one-tailed", "one-sided" or "directional" anywhere in the text sets
  ``one_tailed`` but the result is still judged two-tailed (``one_tailed_txt=True`` judges
  such an error again one-tailed, as statcheck's ``OneTailedTxt``).
* A statistic printed with ``<`` or ``>`` is judged by statcheck's rules for inexact
  statistics (``t < 2.2, p < .02`` is an error; ``t < 2.2, p > .02`` is not).

References
----------
Nuijten, M. B., Hartgerink, C. H. J., van Assen, M. A. L. M., Epskamp, S., & Wicherts, J. M.
(2016). The prevalence of statistical reporting errors in psychology (1985-2013). *Behavior
Research Methods*, 48(4), 1205-1226. Epskamp, S., & Nuijten, M. B. (2014-). statcheck:
Extract statistics from articles and recompute p values (R package),
https://github.com/MicheleNuijten/statcheck.

Examples
--------
>>> [r] = extract_results("The groups differed, t(28) = 2.20, p = .03.")
>>> r.statistic, r.df2, r.value, r.reported_p, round(r.computed_p, 4), r.error, r.decision_error
('t', 28.0, 2.2, 0.03, 0.0362, True, False)
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeAlias

from mcstats.audit.findings import REFERENCES, Finding
from mcstats.stats.distributions import chi2_sf, f_sf, norm_sf, t_sf

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
    "p_interval",
    "statcheck_findings",
]

Statistic: TypeAlias = Literal["t", "F", "r", "chi2", "z", "Q"]
Comparison: TypeAlias = Literal["=", "<", ">"]

#: The statistics read from text, in the names audit.json uses.
STATISTICS: tuple[Statistic, ...] = ("t", "F", "r", "chi2", "z", "Q")


@dataclass(frozen=True)
class Location:
    """Where a result starts in the text: 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class ExtractedResult:
    """One test result read from text, with the recomputed p and statcheck's verdicts.

    Attributes
    ----------
    statistic : {"t", "F", "r", "chi2", "z", "Q"}
        The test statistic.
    df1, df2 : float or None
        Degrees of freedom: F has both; t and r have ``df2`` only; chi-square and Q have
        ``df1`` only; z has neither.
    n : int or None
        The N printed inside a chi-square's brackets (``χ2(1, N = 81)``).
    test_comparison : {"=", "<", ">"}
        How the statistic is reported.
    value : float
        The statistic as printed.
    p_comparison : {"=", "<", ">", "ns"}
        How p is reported.
    reported_p : float or None
        The printed p (None for ``ns``).
    computed_p : float or None
        p recomputed from ``value`` and the df (two-tailed for t, r and z, unless the
        options say otherwise); None where the df make no distribution.
    one_tailed : bool
        The text mentions one-tailed (one-sided, directional) testing.
    error, decision_error : bool or None
        statcheck's verdicts (see the module docstring); None where p cannot be computed.
    raw : str
        The matched text.
    location : Location
        Where ``raw`` starts.
    lenient : bool
        Read by a non-APA pattern (``lenient=True``, ``mcstats audit --lenient``).
    """

    statistic: Statistic
    df1: float | None
    df2: float | None
    n: int | None
    test_comparison: Comparison
    value: float
    p_comparison: str
    reported_p: float | None
    computed_p: float | None
    one_tailed: bool
    error: bool | None
    decision_error: bool | None
    raw: str
    location: Location
    value_decimals: int = 0
    p_decimals: int | None = None
    lenient: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The object of audit.json's ``extracted`` list (the fields in the issue's order)."""
        return {
            "statistic": self.statistic,
            "df1": self.df1,
            "df2": self.df2,
            "n": self.n,
            "test_comparison": self.test_comparison,
            "value": self.value,
            "p_comparison": self.p_comparison,
            "reported_p": self.reported_p,
            "computed_p": self.computed_p,
            "one_tailed": self.one_tailed,
            "error": self.error,
            "decision_error": self.decision_error,
            "raw": self.raw,
            "location": {"line": self.location.line, "column": self.location.column},
        }


# --------------------------------------------------------------------------------------------
# Reading the text
# --------------------------------------------------------------------------------------------

#: One-for-one replacements (offsets stay the same, so locations point into the original).
_SAME_LENGTH = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u00a0": " ",  # no-break space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u200a": " ",
        "\u03a7": "χ",  # capital chi
        "\u2a7d": "<",  # slanted less-than-or-equal seen in PDFs is not a comparison here
    }
)


def normalise_text(text: str) -> str:
    """Replace typographic variants one character for one (minus, spaces, capital chi).

    Examples
    --------
    >>> normalise_text("t(28) = \u22122.20,\u202fp = .03")
    't(28) = -2.20, p = .03'
    """
    return text.translate(_SAME_LENGTH)


_S = r"\s*"
_NUM_DF = r"\d*\.?\d+"
# The value and the p part, common to every statistic.
_TAIL = (
    _S
    + r"(?P<comp>[<>=])"
    + _S
    + r"(?P<pre>[^A-Za-z\d.\s\x00-\x1f\x7f-\x9f]{0,3})"
    + r"(?P<gap>\s*)"
    + r"(?P<num>\d*,?\d*\.?\d+)"
    + _S
    + ","
    + _S
    + r"(?:(?P<ns>(?<![A-Za-z])ns\b\.?|(?<![A-Za-z])n\.s\.?)|p"
    + _S
    + r"(?P<pcomp>[<>=])"
    + _S
    + r"(?P<p>\d?\.\d+(?:e-?\d+)?))"
)
_START = r"(?<![A-Za-z0-9_\\])"

_PATTERNS: dict[str, re.Pattern[str]] = {
    "t": re.compile(_START + r"(?P<stat>t)" + _S + r"\(" + _S + rf"(?P<df>{_NUM_DF})" + _S + r"\)" + _TAIL),
    "r": re.compile(_START + r"(?P<stat>r)" + _S + r"\(" + _S + rf"(?P<df>{_NUM_DF})" + _S + r"\)" + _TAIL),
    "Q": re.compile(
        _START
        + r"(?P<stat>Q(?:\s?-?\s?(?:[Ww]ithin|[Bb]etween|[wWbB]))?)"
        + _S
        + r"\("
        + _S
        + rf"(?P<df>{_NUM_DF})"
        + _S
        + r"\)"
        + _TAIL
    ),
    "F": re.compile(
        _START
        + r"(?P<stat>F)"
        + _S
        + r"\("
        + _S
        + r"(?P<df1>\d*\.?(?:\d+|[Il]))"
        + _S
        + ","
        + _S
        + rf"(?P<df2>{_NUM_DF})"
        + _S
        + r"\)"
        + _TAIL
    ),
    "chi2": re.compile(
        _START
        + r"(?P<stat>(?:χ|[Cc]hi|CHI)(?:[-_ ]?(?:2|²|squared?|Square|SQUARE))?"
        + r"|[Xx](?:2|²)|[Xx]_2|[Xx]-squared?)"
        + _S
        + r"\("
        + _S
        + rf"(?P<df>{_NUM_DF})"
        + _S
        + r"(?:,"
        + _S
        + r"[Nn]"
        + _S
        + "="
        + _S
        + r"(?P<n>\d+(?:,\d{3})*)"
        + _S
        + r")?\)"
        + _TAIL
    ),
    "z": re.compile(_START + r"(?P<stat>[zZ])" + _TAIL),
}

# Non-APA variants, read only with ``lenient=True`` (``mcstats audit --lenient``). The
# groups have the APA patterns' names, so :func:`_parse` reads both.
_L_VALUE = (
    _S
    + r"(?P<comp>[<>=])"
    + _S
    + r"(?P<pre>[^A-Za-z\d.\s\x00-\x1f\x7f-\x9f]{0,3})"
    + r"(?P<gap>\s*)"
    + r"(?P<num>\d*,?\d*\.?\d+)"
)
# between the value, the df and p: a comma, a semicolon, "and", or an opening bracket
_L_SEP = r"\s*(?:[,;]\s*(?:and\s+)?|\(\s*|and\s+)"
_L_P = (
    r"(?:(?P<ns>(?<![A-Za-z])ns\b\.?|(?<![A-Za-z])n\.s\.?)|(?<![A-Za-z])[pP](?:[- ]?values?)?"
    + _S
    + r"(?P<pcomp>[<>=])"
    + _S
    + r"(?P<p>\d?\.\d+(?:e-?\d+)?))"
)
_L_DF = r"(?:df|d\.f\.)\s*=\s*"
_L_OPEN, _L_CLOSE = r"[(\[]", r"[)\]]"
_L_T = r"(?P<stat>t)(?:[- ]?values?)?"
_L_CHI = (
    r"(?P<stat>(?:χ|[Cc]hi|CHI)(?:[-_ ]?(?:2|²|squared?|Square|SQUARE))?"
    r"|[Xx](?:2|²)|[Xx]_2|[Xx]-squared?)"
)
_L_N = r"[Nn]" + _S + "=" + _S + r"(?P<n>\d+(?:,\d{3})*)"
_L_DF2 = r"(?P<df1>\d*\.?(?:\d+|[Il]))" + _S + r"[,;/]" + _S + rf"(?P<df2>{_NUM_DF})"


def _lenient(kind: str, body: str) -> tuple[str, re.Pattern[str]]:
    return kind, re.compile(_START + body)


_LENIENT: tuple[tuple[str, re.Pattern[str]], ...] = (
    # t[28] = 2.20; p = .03 -- t(df = 28) = 2.20 (p = .03)
    _lenient("t", _L_T + _S + _L_OPEN + _S + f"(?:{_L_DF})?" + rf"(?P<df>{_NUM_DF})" + _S + _L_CLOSE
             + _L_VALUE + _L_SEP + _L_P),
    # t = 2.20, df = 28, p = .03
    _lenient("t", _L_T + _L_VALUE + _L_SEP + _L_DF + rf"(?P<df>{_NUM_DF})" + _L_SEP + _L_P),
    _lenient("r", r"(?P<stat>r)" + _S + _L_OPEN + _S + f"(?:{_L_DF})?" + rf"(?P<df>{_NUM_DF})" + _S
             + _L_CLOSE + _L_VALUE + _L_SEP + _L_P),
    _lenient("r", r"(?P<stat>r)" + _L_VALUE + _L_SEP + _L_DF + rf"(?P<df>{_NUM_DF})" + _L_SEP + _L_P),
    # r = .35, N = 100, p < .001: df = N - 2, as statcheck reads r(N - 2)
    _lenient("r_n", r"(?P<stat>r)" + _L_VALUE + _L_SEP + _L_N + _L_SEP + _L_P),
    # F[2, 30] = 4.12; p = .02 -- F(2/30) = 4.12, p = .02 -- F(df = 2, 30) = ...
    _lenient("F", r"(?P<stat>F)" + _S + _L_OPEN + _S + f"(?:{_L_DF})?" + _L_DF2 + _S + _L_CLOSE
             + _L_VALUE + _L_SEP + _L_P),
    # F = 4.12, df = 2, 30, p = .02 -- F = 4.12, df = (2, 30), p = .02
    _lenient("F", r"(?P<stat>F)" + _L_VALUE + _L_SEP + _L_DF + r"\(?" + _S + _L_DF2 + _S + r"\)?"
             + _L_SEP + _L_P),
    _lenient("chi2", _L_CHI + _S + _L_OPEN + _S + f"(?:{_L_DF})?" + rf"(?P<df>{_NUM_DF})"
             + f"(?:{_S},{_S}{_L_N})?" + _S + _L_CLOSE + _L_VALUE + _L_SEP + _L_P),
    # χ2 = 5.20, df = 2, p = .07 -- chi-square = 5.20, df = 2, N = 120, p = .07
    _lenient("chi2", _L_CHI + _L_VALUE + _L_SEP + _L_DF + rf"(?P<df>{_NUM_DF})" + f"(?:{_L_SEP}{_L_N})?"
             + _L_SEP + _L_P),
    _lenient("z", r"(?P<stat>[zZ])(?:[- ]?(?:values?|scores?))?" + _L_VALUE + _L_SEP + _L_P),
)

_ONE_TAILED = re.compile(r"one.?sided|one.?tailed|directional", re.IGNORECASE)


def mentions_one_tailed(text: str) -> bool:
    """Whether the text mentions one-tailed testing ("one-tailed", "one sided", "directional").

    Examples
    --------
    >>> mentions_one_tailed("a one-sided test"), mentions_one_tailed("two-tailed")
    (True, False)
    """
    return _ONE_TAILED.search(text) is not None


def _decimals(number: str) -> int:
    m = re.search(r"\.(\d+)", number)
    return len(m.group(1)) if m else 0


def _location(text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(line, column)


@dataclass(frozen=True)
class _Parsed:
    statistic: Statistic
    df1: float | None
    df2: float | None
    n: int | None
    comp: Comparison
    value: float
    value_decimals: int
    p_comp: str
    p: float | None
    p_decimals: int | None
    start: int
    end: int
    lenient: bool = False


def _parse(kind: str, m: re.Match[str]) -> _Parsed | None:
    """A match as numbers, or None for the strings statcheck refuses."""
    odd = m.group("pre")
    if any(c in "<>=" for c in odd):
        return None  # a second comparison sign (t >= 2.25)
    if odd and m.group("gap"):
        return None  # an odd minus separated from its number by a space
    num = m.group("num")
    if num.startswith(",") or num.endswith(","):
        return None
    digits = num.replace(",", "")
    value = float(digits)
    if odd:
        value = -value
    dec = _decimals(digits)
    n: int | None = None
    df1: float | None = None
    df2: float | None = None
    statistic: Statistic
    if kind == "F":
        raw_df1 = m.group("df1")
        df1 = 1.0 if raw_df1 in ("I", "l") or raw_df1.endswith(("I", "l")) else float(raw_df1)
        df2 = float(m.group("df2"))
        statistic = "F"
    elif kind in ("t", "r"):
        df2 = float(m.group("df"))
        statistic = "t" if kind == "t" else "r"
    elif kind == "r_n":
        df2 = float(int(m.group("n").replace(",", "")) - 2)
        if df2 < 1:
            return None
        statistic = "r"
    elif kind == "Q":
        df1 = float(m.group("df"))
        statistic = "Q"
    elif kind == "chi2":
        df1 = float(m.group("df"))
        if m.groupdict().get("n"):
            n = int(m.group("n").replace(",", ""))
        statistic = "chi2"
    else:
        statistic = "z"
    if statistic == "r" and not -1.0 <= value <= 1.0:
        return None
    if m.group("ns") is not None:
        p_comp, p, p_dec = "ns", None, None
    else:
        p_text = m.group("p")
        p = float(p_text)
        if p > 1:
            return None
        p_comp, p_dec = m.group("pcomp"), _decimals(p_text)
    comp = m.group("comp")
    assert comp in ("=", "<", ">")
    return _Parsed(statistic, df1, df2, n, comp, value, dec, p_comp, p, p_dec, m.start(), m.end())  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# p values and verdicts
# --------------------------------------------------------------------------------------------


def compute_p(
    statistic: str,
    value: float,
    df1: float | None = None,
    df2: float | None = None,
    *,
    two_tailed: bool = True,
) -> float:
    r"""p of a test statistic as statcheck computes it.

    Two-tailed (unless ``two_tailed=False``) for t, r and z; the upper tail for F,
    chi-square and Q.

    Notes
    -----
    .. math::

        p_t = 2\,P(T_{df_2} > |t|), \quad p_F = P(F_{df_1, df_2} > F), \quad
        p_{\chi^2} = P(\chi^2_{df_1} > x), \quad p_z = 2\,P(Z > |z|),

    and r is turned into :math:`t = r / \sqrt{(1 - r^2) / df_2}` (:math:`|r| = 1` gives
    p = 0). The distribution functions are scipy.special's (``stdtr``, ``fdtrc``,
    ``chdtrc``, ``ndtr``); tests compare them with R's ``pt``, ``pf``, ``pchisq`` and
    ``pnorm`` to 1e-10.

    Examples
    --------
    >>> round(compute_p("t", 2.20, df2=28), 6), round(compute_p("F", 2.20, 2, 28), 6)
    (0.036225, 0.129593)
    >>> round(compute_p("chi2", 22.2, 28), 6), round(compute_p("z", -2.42), 6)
    (0.771949, 0.015521)
    """
    if statistic == "t":
        assert df2 is not None
        p = t_sf(abs(value), df2)
    elif statistic == "r":
        assert df2 is not None
        t = math.inf if abs(value) >= 1.0 else value / math.sqrt((1.0 - value * value) / df2)
        p = 0.0 if math.isinf(t) else t_sf(abs(t), df2)
    elif statistic == "z":
        p = norm_sf(abs(value))
    elif statistic == "F":
        assert df1 is not None and df2 is not None
        return f_sf(value, df1, df2)
    elif statistic in ("chi2", "Q"):
        assert df1 is not None
        return chi2_sf(value, df1)
    else:
        raise ValueError(f"unknown statistic {statistic!r}")
    return 2.0 * p if two_tailed else p


def _p_range(r: _Parsed, two_tailed: bool) -> tuple[float, float]:
    """(low_p, up_p): the p values at the ends of the printed statistic's rounding interval."""
    half = 0.5 / 10**r.value_decimals
    if r.value >= 0:
        low_stat, up_stat = r.value - half, r.value + half
    else:
        low_stat, up_stat = r.value + half, r.value - half
    if r.statistic == "r":  # a correlation's interval stops at +-1
        up_stat = max(-1.0, min(1.0, up_stat))
    if r.statistic in ("t", "r", "z") and abs(r.value) < half:
        # the interval holds 0 (t = 0.0 stands for -0.05..0.05), where the two-tailed p is 1;
        # statcheck takes |t| = 0.05 there and flags a correct p of .98 (a deliberate deviation)
        low_stat = 0.0
    up_p = compute_p(r.statistic, low_stat, r.df1, r.df2, two_tailed=two_tailed)
    low_p = compute_p(r.statistic, up_stat, r.df1, r.df2, two_tailed=two_tailed)
    return low_p, up_p


def p_error(
    test_comparison: str,
    p_comparison: str,
    reported_p: float | None,
    p_decimals: int | None,
    low_p: float,
    up_p: float,
    *,
    alpha: float = 0.05,
    p_zero_error: bool = True,
) -> bool:
    """statcheck's ``error``: does the reported p contradict the statistic?

    ``low_p`` and ``up_p`` are the p values at the ends of the rounding interval of the
    printed statistic. ``ns`` is read as ``p > alpha``.

    Examples
    --------
    >>> p_error("=", "=", 0.03, 2, 0.0327, 0.0401)   # .0327 and .0401 round to .03 and .04
    False
    >>> p_error("=", "=", 0.02, 2, 0.0327, 0.0401)
    True
    >>> p_error("=", "=", 0.0, 3, 1e-12, 1e-11)      # p = .000
    True
    """
    if p_comparison == "ns":
        reported_p, p_comparison = alpha, ">"
    assert reported_p is not None
    if p_zero_error and reported_p <= 0:
        return True
    if test_comparison == "=":
        if p_comparison == "=":
            assert p_decimals is not None
            return reported_p > round(up_p, p_decimals) or reported_p < round(low_p, p_decimals)
        if p_comparison == "<":
            return reported_p < low_p
        return reported_p > up_p
    if test_comparison == "<":
        if p_comparison == "=":
            assert p_decimals is not None
            return reported_p < round(up_p, p_decimals)
        if p_comparison == "<":
            return reported_p < up_p
        return False
    # test_comparison == ">"
    if p_comparison == "=":
        assert p_decimals is not None
        return reported_p > round(low_p, p_decimals)
    if p_comparison == "<":
        return False
    return reported_p > low_p


def decision_error(
    test_comparison: str,
    p_comparison: str,
    reported_p: float | None,
    computed_p: float,
    *,
    alpha: float = 0.05,
    p_equal_alpha_significant: bool = True,
) -> bool:
    """statcheck's ``decision_error`` for a result that is an error: does significance flip?

    Examples
    --------
    >>> decision_error("=", "=", 0.06, 0.036)   # printed not significant, computed significant
    True
    >>> decision_error("=", "<", 0.05, 0.07)
    True
    """
    if p_comparison == "ns":
        reported_p, p_comparison = alpha, ">"
    assert reported_p is not None
    rep, comp, a = reported_p, computed_p, alpha
    if p_equal_alpha_significant:
        if test_comparison == "=":
            if p_comparison == "=":
                return (rep <= a < comp) or (rep > a >= comp)
            if p_comparison == "<":
                return rep <= a < comp
            return rep >= a >= comp
        if test_comparison == "<":
            if p_comparison in ("=", "<"):
                return rep <= a <= comp
            return False
        if p_comparison == "<":
            return False
        if p_comparison == "=":
            return rep > a >= comp
        return rep >= a >= comp
    if test_comparison == "=":
        if p_comparison == "=":
            return (rep < a <= comp) or (rep >= a > comp)
        if p_comparison == "<":
            return rep <= a <= comp
        return rep >= a > comp
    if test_comparison == "<":
        if p_comparison == "=":
            return rep < a <= comp
        if p_comparison == "<":
            return rep <= a <= comp
        return False
    if p_comparison == "<":
        return False
    return rep >= a >= comp


def _judge(
    r: _Parsed,
    *,
    two_tailed: bool,
    alpha: float,
    p_equal_alpha_significant: bool,
    p_zero_error: bool,
) -> tuple[float | None, bool | None, bool | None]:
    computed = compute_p(r.statistic, r.value, r.df1, r.df2, two_tailed=two_tailed)
    if math.isnan(computed):
        return None, None, None
    low_p, up_p = _p_range(r, two_tailed)
    if math.isnan(low_p) or math.isnan(up_p):
        return computed, None, None
    err = p_error(r.comp, r.p_comp, r.p, r.p_decimals, low_p, up_p, alpha=alpha, p_zero_error=p_zero_error)
    dec = err and decision_error(
        r.comp, r.p_comp, r.p, computed, alpha=alpha, p_equal_alpha_significant=p_equal_alpha_significant
    )
    return computed, err, dec


def extract_results(
    text: str | None,
    *,
    alpha: float = 0.05,
    p_equal_alpha_significant: bool = True,
    p_zero_error: bool = True,
    one_tailed_txt: bool = False,
    one_tailed_tests: bool = False,
    lenient: bool = False,
) -> list[ExtractedResult]:
    """Every APA-style test result in ``text``, recomputed and judged as statcheck does.

    Parameters
    ----------
    text : str or None
        Running text (a whole paper or a sentence); None or empty gives no results.
    alpha : float
        Significance level of ``decision_error`` and of ``ns`` (statcheck's ``alpha``).
    p_equal_alpha_significant : bool
        Whether p = alpha counts as significant (statcheck's ``pEqualAlphaSig``).
    p_zero_error : bool
        Whether a reported p of 0 (``p = .000``) is an error (``pZeroError``).
    one_tailed_txt : bool
        Judge an error again one-tailed when the text mentions one-tailed testing, and keep
        the one-tailed verdict if it is not an error (``OneTailedTxt``; off by default).
    one_tailed_tests : bool
        Treat every t, r and z as one-tailed (``OneTailedTests``).
    lenient : bool
        Also read the non-APA variants statcheck skips (off by default, as in statcheck):
        square brackets (``t[28]``, ``F[2, 30]``), ``df =`` inside the brackets or after the
        value (``t = 2.20, df = 28, p = .03``; ``F = 4.12, df = 2, 30``; ``χ2 = 5.2, df = 2``),
        F's df split by ``/`` or ``;``, ``r = .35, N = 100`` (read as r(98), as statcheck
        reads r(N - 2)), a semicolon, "and" or a bracket before p, ``p-value``, ``P`` and
        ``t-value``/``z-score``. Such results have ``lenient=True``; everything statcheck
        refuses for its content (p above 1, r outside [-1, 1], a second comparison sign) is
        still refused.

    Returns
    -------
    list of ExtractedResult
        In the order of the text.

    Examples
    --------
    >>> rs = extract_results("χ2(1, N = 11,455) = 16.78, p <.001 and F(l, 76) = 23.95, p <.001")
    >>> [(r.statistic, r.df1, r.df2, r.n, r.error) for r in rs]
    [('chi2', 1.0, None, 11455, False), ('F', 1.0, 76.0, None, False)]
    >>> extract_results("t(28) = 2.20; p = .03") + extract_results("T(28) = 2.20, p = .03")
    []
    >>> [(r.statistic, r.df2, r.lenient) for r in extract_results("t = 2.20, df = 28, p = .03", lenient=True)]
    [('t', 28.0, True)]
    """
    if not text:
        return []
    norm = normalise_text(text)
    parsed: list[_Parsed] = []
    for kind, pattern in _PATTERNS.items():
        for m in pattern.finditer(norm):
            p = _parse(kind, m)
            if p is not None:
                parsed.append(p)
    if lenient:
        taken = [(p.start, p.end) for p in parsed]
        for kind, pattern in _LENIENT:
            for m in pattern.finditer(norm):
                if any(m.start() < b and a < m.end() for a, b in taken):
                    continue  # read already (APA style, or by an earlier variant)
                p = _parse(kind, m)
                if p is not None:
                    parsed.append(replace(p, lenient=True))
                    taken.append((p.start, p.end))
    parsed.sort(key=lambda p: p.start)
    one_tailed = mentions_one_tailed(norm)
    two_tailed = not one_tailed_tests
    out: list[ExtractedResult] = []
    for r in parsed:
        options = {"alpha": alpha, "p_equal_alpha_significant": p_equal_alpha_significant,
                   "p_zero_error": p_zero_error}
        computed, err, dec = _judge(r, two_tailed=two_tailed, **options)  # type: ignore[arg-type]
        if one_tailed_txt and not one_tailed_tests and one_tailed and err:
            c1, e1, d1 = _judge(r, two_tailed=False, **options)  # type: ignore[arg-type]
            if e1 is not None and e1 != err:
                computed, err, dec = c1, e1, d1
        out.append(
            ExtractedResult(
                statistic=r.statistic,
                df1=r.df1,
                df2=r.df2,
                n=r.n,
                test_comparison=r.comp,
                value=r.value,
                p_comparison=r.p_comp,
                reported_p=r.p,
                computed_p=computed,
                one_tailed=one_tailed,
                error=err,
                decision_error=dec,
                raw=" ".join(text[r.start : r.end].split()),
                location=_location(text, r.start),
                value_decimals=r.value_decimals,
                p_decimals=r.p_decimals,
                lenient=r.lenient,
            )
        )
    return out


def results_table(results: Sequence[ExtractedResult]) -> list[dict[str, Any]]:
    """The results as audit.json's ``extracted`` list.

    Examples
    --------
    >>> results_table(extract_results(" z = 2.20, p = .03"))[0]["location"]
    {'line': 1, 'column': 2}
    """
    return [r.to_dict() for r in results]


def p_interval(result: ExtractedResult, *, two_tailed: bool = True) -> tuple[float, float]:
    """The p values at the ends of the printed statistic's rounding interval (low, high).

    Examples
    --------
    >>> [r] = extract_results("t(28) = 2.20, p = .03")
    >>> tuple(round(x, 4) for x in p_interval(r))
    (0.0358, 0.0366)
    """
    parsed = _Parsed(
        result.statistic, result.df1, result.df2, result.n, result.test_comparison, result.value,
        result.value_decimals, result.p_comparison, result.reported_p, result.p_decimals, 0, 0,
    )
    return _p_range(parsed, two_tailed)


def _fmt_p(x: float) -> str:
    if x < 0.0001:
        return f"{x:.2e}"
    return f"{x:.4f}".rstrip("0").rstrip(".") if x < 1 else "1"


def statcheck_findings(
    results: Sequence[ExtractedResult], *, source: str = "Text", alpha: float = 0.05
) -> list[Finding]:
    """One ``inconsistent`` finding per result that statcheck calls an error.

    The location is ``"<source>, line L, column C"``; a decision error says so in the
    message.

    Examples
    --------
    >>> [f] = statcheck_findings(extract_results("Hence t(28) = 2.20, p = .06."))
    >>> f.check, f.location, f.reported, f.expected
    ('statcheck', 'Text, line 1, column 7', 't(28) = 2.20, p = .06', 'p = 0.0358 to 0.0366')
    """
    out: list[Finding] = []
    for r in results:
        if not r.error:
            continue
        lo, hi = p_interval(r)
        expected = f"p = {_fmt_p(lo)} to {_fmt_p(hi)}"
        location = f"{source}, line {r.location.line}, column {r.location.column}"
        df = ", ".join(
            str(int(d)) if float(d).is_integer() else str(d) for d in (r.df1, r.df2) if d is not None
        )
        what = f"{r.statistic}({df})" if df else r.statistic
        tails = "two-tailed " if r.statistic in ("t", "r", "z") else ""
        message = (
            f"{location}: the reported {r.raw!s} does not fit: {what} = {r.value:g}, allowing for "
            f"its rounding, gives a {tails}p of {_fmt_p(lo)} to {_fmt_p(hi)}"
            f" (statcheck's rule: the printed p must lie between these ends rounded to its decimals,"
            f" or on the side the comparison states)."
        )
        if r.reported_p is not None and r.reported_p <= 0:
            message += " A p value is never exactly 0; a very small p is reported as p < .001."
        if r.decision_error:
            message += (
                f" The significance decision changes at alpha = {alpha:g} (a decision error, "
                "statcheck's gross inconsistency)."
            )
        if r.one_tailed:
            message += (
                " The text mentions one-tailed testing; the result is judged two-tailed, as "
                "statcheck does by default."
            )
        if r.lenient:
            message += " (Read leniently (lenient=True): the result is not printed in APA style.)"
        out.append(
            Finding("statcheck", "inconsistent", location, r.raw, expected, message, REFERENCES["statcheck"])
        )
    return out
