r"""statcheck for independent-samples t-tests, extended to the group summaries.

From the reported group sizes, means and SDs the t-test can be recomputed; but each printed
mean and SD stands for an interval, so the recomputed t, df and p are intervals too. This
module finds their exact ends and compares the reported t, df, p and critical t with them.

The ends of the intervals
-------------------------
Write :math:`t = D / SE` with :math:`D = \bar x_1 - \bar x_2` and

.. math::

    SE_{Student} = \sqrt{\frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{n_1+n_2-2}
                   \Big(\frac1{n_1} + \frac1{n_2}\Big)}, \qquad
    SE_{Welch} = \sqrt{\frac{s_1^2}{n_1} + \frac{s_2^2}{n_2}}.

:math:`D` depends only on the means and ranges over
:math:`[lo_1 - hi_2,\; hi_1 - lo_2]`; both SEs depend only on the SDs and increase in each,
so :math:`SE` ranges over :math:`[SE(s_{1,lo}, s_{2,lo}), SE(s_{1,hi}, s_{2,hi})]`. Hence
(monotonicity, no optimiser needed) :math:`t_{max} = D_{max}/SE_{min}` when
:math:`D_{max} > 0` (else :math:`D_{max}/SE_{max}`), and symmetrically for :math:`t_{min}`.

Student's df is :math:`n_1 + n_2 - 2`. Welch's df depends on :math:`r = v_1/v_2`,
:math:`v_i = s_i^2/n_i`, as :math:`f(r) = (r+1)^2 / (r^2/(n_1-1) + 1/(n_2-1))`, which rises
to its maximum :math:`n_1+n_2-2` at :math:`r^* = (n_1-1)/(n_2-1)` and falls after it
(:math:`f'(r) \propto (r+1)(1/(n_2-1) - r/(n_1-1))`); so over
:math:`r \in [v_{1,lo}/v_{2,hi}, v_{1,hi}/v_{2,lo}]` the minimum is at an end and the maximum
at :math:`r^*` if inside, else at an end.

The two-sided p decreases in :math:`|t|` and, for fixed :math:`t \ne 0`, in df (the t
distribution's tails thin as df grows), so :math:`p \in [p(|t|_{max}, df_{max}),
p(|t|_{min}, df_{min})]`; the critical t decreases in df.

References
----------
Nuijten, M. B., et al. (2016). The prevalence of statistical reporting errors in psychology
(1985-2013). *Behavior Research Methods*, 48(4), 1205-1226 (statcheck). Anaya, J. (2016),
GRIMMEST: test statistics recomputed from rounded summaries.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeAlias

from mcstats.audit import _scale
from mcstats.errors import UsageError
from mcstats.printed import Reported, decimals_of, exact_interval, parse_reported, unit
from mcstats.stats.distributions import t_ppf, t_sf
from mcstats.stats.ttest import TTestRow, student_ttest_from_summary, welch_ttest_from_summary

Method: TypeAlias = Literal["student", "welch"]
MethodChoice: TypeAlias = Literal["student", "welch", "either"]

#: Relative tolerance for comparing float intervals (the ends are computed in floating point).
RTOL = 1e-9


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    tol = RTOL * max(1.0, *(abs(x) for x in (*a, *b) if math.isfinite(x)))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol


def _div(num: float, den: float) -> float:
    if den > 0:
        return num / den
    if num == 0:
        return 0.0
    return math.copysign(math.inf, num)


def two_sided_p(t: float, df: float) -> float:
    """Two-sided p of a t statistic, :math:`2\\,P(T_{df} > |t|)`.

    Examples
    --------
    >>> round(two_sided_p(2.0, 30), 4)
    0.0546
    """
    if math.isinf(t):
        return 0.0
    return 2.0 * t_sf(abs(t), df)


def critical_t(df: float, alpha: float = 0.05) -> float:
    """Two-sided critical t at level ``alpha``, :math:`t_{1-\\alpha/2,\\,df}`.

    Examples
    --------
    >>> round(critical_t(475), 4)
    1.965
    """
    return t_ppf(1.0 - alpha / 2.0, df)


def welch_df(n1: int, n2: int, ratio: float) -> float:
    r"""Welch-Satterthwaite df as a function of :math:`r = (s_1^2/n_1)/(s_2^2/n_2)`.

    :math:`f(r) = (r+1)^2 / (r^2/(n_1-1) + 1/(n_2-1))`; :math:`f(0) = n_2 - 1`,
    :math:`f(\infty) = n_1 - 1`, :math:`\max f = f((n_1-1)/(n_2-1)) = n_1+n_2-2`.

    References
    ----------
    Welch, B. L. (1947). *Biometrika* 34, 28-35.

    Examples
    --------
    >>> welch_df(10, 10, 1.0)
    18.0
    """
    if math.isinf(ratio):
        return float(n1 - 1)
    return (ratio + 1.0) ** 2 / (ratio**2 / (n1 - 1) + 1.0 / (n2 - 1))


def df_interval(df: Reported, decimals: int | None = None) -> tuple[float, float]:
    r"""Interval a printed df stands for: rounded or truncated, :math:`[v - u/2, v + u]`.

    Welch df are often printed as whole numbers, rounded or chopped, so both readings count.

    References
    ----------
    Welch (1947); Satterthwaite (1946).

    Examples
    --------
    >>> df_interval("475")
    (474.5, 476.0)
    """
    d = decimals if decimals is not None else decimals_of(df)
    lo, hi = exact_interval(df, d, slack=False)
    return float(lo), float(hi + unit(d) / 2)


_P_PATTERN = re.compile(r"^\s*(?:p\s*)?(<=|>=|=|<|>|≤|≥)?\s*([-+]?[0-9]*\.?[0-9]+)\s*$", re.I)


def p_interval(p: Reported, decimals: int | None = None) -> tuple[float, float]:
    r"""Interval of true p values a printed p stands for.

    ``"0.03"`` stands for :math:`[0.025, 0.035]`; ``"0.00"`` or ``".000"`` for
    :math:`p < .005` or :math:`p < .0005`; ``"< .001"`` for :math:`[0, .001]`; ``"> .05"``
    and ``"ns"`` for :math:`[.05, 1]`.

    References
    ----------
    Nuijten et al. (2016), statcheck (p reported as an inequality).

    Examples
    --------
    >>> p_interval("0.00")
    (0.0, 0.005)
    >>> p_interval("p < .001")
    (0.0, 0.001)
    >>> p_interval("ns")
    (0.05, 1.0)
    """
    if isinstance(p, str):
        text = p.strip()
        if text.lower().replace(".", "").replace(" ", "") in {"ns", "nonsignificant"}:
            return 0.05, 1.0
        m = _P_PATTERN.match(text)
        if not m:
            raise UsageError(f"{p!r} is not a p value such as '0.03', '< .001' or 'ns'")
        op, number = m.group(1), m.group(2)
        value = float(parse_reported(number))
        if op in ("<", "<=", "≤"):
            return 0.0, min(value, 1.0)
        if op in (">", ">=", "≥"):
            return max(value, 0.0), 1.0
        p = number
    lo, hi = exact_interval(p, decimals, slack=False)
    return max(float(lo), 0.0), min(float(hi), 1.0)


def _abs_interval(lo: float, hi: float) -> tuple[float, float]:
    if lo <= 0.0 <= hi:
        return 0.0, max(-lo, hi)
    return min(abs(lo), abs(hi)), max(abs(lo), abs(hi))


@dataclass(frozen=True)
class TTestRange:
    """What the printed group summaries allow for one method.

    Attributes
    ----------
    method : Method
        ``"student"`` or ``"welch"``.
    point : TTestRow
        The t-test at the printed values (as :mod:`mcstats.stats.ttest` computes it).
    t : tuple[float, float]
        Smallest and largest signed t over the rounding intervals of the means and SDs.
    df : tuple[float, float]
        Smallest and largest df (one value for Student).
    p : tuple[float, float]
        Smallest and largest two-sided p.
    t_critical : tuple[float, float]
        Smallest and largest two-sided critical t at ``alpha``.
    """

    method: Method
    point: TTestRow
    t: tuple[float, float]
    df: tuple[float, float]
    p: tuple[float, float]
    t_critical: tuple[float, float]


def t_range(
    n1: int,
    mean1: Reported,
    sd1: Reported,
    n2: int,
    mean2: Reported,
    sd2: Reported,
    *,
    method: Method = "student",
    alpha: float = 0.05,
    decimals: int | None = None,
) -> TTestRange:
    r"""The t, df, p and critical t that the printed group summaries allow.

    Parameters
    ----------
    n1, n2 : int
        Group sizes (at least 2 each).
    mean1, sd1, mean2, sd2 : Reported
        Printed group means and SDs, preferably as text (each stands for its interval).
    method : Method
        ``"student"`` (pooled variance) or ``"welch"``.
    alpha : float
        Level of the two-sided critical t.
    decimals : int | None
        Decimals of all four means and SDs; by default each is counted from its text.

    Returns
    -------
    TTestRange

    Notes
    -----
    See the module docstring: :math:`t = D/SE`, :math:`D` ranges over
    :math:`[lo_1 - hi_2, hi_1 - lo_2]` and :math:`SE` increases in both SDs.

    References
    ----------
    Nuijten et al. (2016), statcheck; Anaya (2016), GRIMMEST.

    Examples
    --------
    Rivers State: male N = 304, 24.67 (1.96), female N = 173, 22.82 (1.92). With
    :math:`s_p^2 = (303 \cdot 1.96^2 + 172 \cdot 1.92^2)/475 = 3.7854` and
    :math:`SE = \sqrt{3.7854\,(1/304 + 1/173)} = 0.1853`, :math:`t = 1.85/0.1853 = 9.98`;
    the rounding of the means and SDs allows 9.90 to 10.06:

    >>> r = t_range(304, "24.67", "1.96", 173, "22.82", "1.92")
    >>> [round(x, 2) for x in r.t], r.df
    ([9.9, 10.06], (475.0, 475.0))
    """
    _scale.check_n(n1, 2, "n1")
    _scale.check_n(n2, 2, "n2")
    if method not in ("student", "welch"):
        raise UsageError(f"method must be 'student' or 'welch', not {method!r}")
    m1lo, m1hi = exact_interval(mean1, decimals)
    m2lo, m2hi = exact_interval(mean2, decimals)
    s1lo, s1hi = (max(x, Fraction(0)) for x in exact_interval(sd1, decimals))
    s2lo, s2hi = (max(x, Fraction(0)) for x in exact_interval(sd2, decimals))
    compute = student_ttest_from_summary if method == "student" else welch_ttest_from_summary
    point = compute(
        n1,
        float(parse_reported(mean1)),
        max(float(parse_reported(sd1)), 0.0),
        n2,
        float(parse_reported(mean2)),
        max(float(parse_reported(sd2)), 0.0),
        alpha,
    )
    se_min = compute(n1, 0.0, float(s1lo), n2, 0.0, float(s2lo), alpha).se_difference
    se_max = compute(n1, 0.0, float(s1hi), n2, 0.0, float(s2hi), alpha).se_difference
    d_lo, d_hi = float(m1lo - m2hi), float(m1hi - m2lo)
    if d_lo > 0:
        t = (_div(d_lo, se_max), _div(d_hi, se_min))
    elif d_hi < 0:
        t = (_div(d_lo, se_min), _div(d_hi, se_max))
    else:
        t = (_div(d_lo, se_min), _div(d_hi, se_min))
    if method == "student":
        df = (float(n1 + n2 - 2), float(n1 + n2 - 2))
    else:
        df = _welch_df_range(n1, n2, s1lo, s1hi, s2lo, s2hi)
    abs_t = _abs_interval(*t)
    p = (two_sided_p(abs_t[1], df[1]), two_sided_p(abs_t[0], df[0]))
    tcrit = (critical_t(df[1], alpha), critical_t(df[0], alpha))
    return TTestRange(method=method, point=point, t=t, df=df, p=p, t_critical=tcrit)


def _welch_df_range(
    n1: int, n2: int, s1lo: Fraction, s1hi: Fraction, s2lo: Fraction, s2hi: Fraction
) -> tuple[float, float]:
    v1lo, v1hi = s1lo**2 / n1, s1hi**2 / n1
    v2lo, v2hi = s2lo**2 / n2, s2hi**2 / n2
    r_lo = float(v1lo / v2hi) if v2hi > 0 else math.inf
    r_hi = float(v1hi / v2lo) if v2lo > 0 else math.inf
    ends = [welch_df(n1, n2, r_lo), welch_df(n1, n2, r_hi)]
    r_star = (n1 - 1) / (n2 - 1)
    top = float(n1 + n2 - 2) if r_lo <= r_star <= r_hi else max(ends)
    return min(ends), top


@dataclass(frozen=True)
class TTestAudit:
    """Reported t-test row compared with what its group summaries allow.

    Each ``*_ok`` is ``None`` when that value was not reported, otherwise whether it fits
    under ``method``: the method (Student or Welch) that explains the most reported values.

    Attributes
    ----------
    method : Method
        ``"student"`` or ``"welch"``, whichever fits best (Student on a tie).
    ranges : tuple[TTestRange, ...]
        The :class:`TTestRange` of every method tried.
    t_ok, df_ok, p_ok, t_critical_ok : bool | None
        The reported t (by absolute value, since the group order is arbitrary), df, p and
        critical t fit the summaries.
    p_matches_t : bool | None
        statcheck proper: the reported p fits the reported t and df.
    p_from_t : tuple[float, float] | None
        Range of p recomputed from the reported t and df (``None`` without t).
    decision_error : bool
        The reported p and the p recomputed from the reported t (or from the summaries when
        no t is reported) fall on different sides of ``alpha``.
    """

    method: Method
    ranges: tuple[TTestRange, ...]
    t_ok: bool | None
    df_ok: bool | None
    p_ok: bool | None
    t_critical_ok: bool | None
    p_matches_t: bool | None
    p_from_t: tuple[float, float] | None
    decision_error: bool

    @property
    def consistent(self) -> bool:
        """True when every reported value fits and there is no decision error."""
        oks = (self.t_ok, self.df_ok, self.p_ok, self.t_critical_ok, self.p_matches_t)
        return all(x is not False for x in oks) and not self.decision_error

    @property
    def range(self) -> TTestRange:
        """The :class:`TTestRange` of :attr:`method`."""
        return next(r for r in self.ranges if r.method == self.method)


def p_from_t(
    t: Reported,
    df: Reported | tuple[float, float],
    *,
    t_decimals: int | None = None,
    df_decimals: int | None = None,
) -> tuple[float, float]:
    r"""statcheck: range of two-sided p from a printed t and df.

    :math:`p \in [p(|t|_{hi}, df_{hi}), p(|t|_{lo}, df_{lo})]` over the rounding intervals
    of t and df (df may also be given as an interval).

    References
    ----------
    Nuijten et al. (2016), statcheck.

    Examples
    --------
    >>> [round(x, 4) for x in p_from_t("2.00", "30")]
    [0.0538, 0.0554]
    """
    tlo, thi = exact_interval(t, t_decimals)
    abs_t = _abs_interval(float(tlo), float(thi))
    if isinstance(df, tuple):
        dflo, dfhi = float(df[0]), float(df[1])
    else:
        dflo, dfhi = df_interval(df, df_decimals)
    dflo = max(dflo, 1e-9)
    return two_sided_p(abs_t[1], dfhi), two_sided_p(abs_t[0], dflo)


def check_ttest(
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
) -> TTestAudit:
    r"""Compare a reported t-test row with the t, df, p and critical t its summaries allow.

    Parameters
    ----------
    n1, mean1, sd1, n2, mean2, sd2
        The printed group summaries.
    t, df, p, t_critical : Reported | None
        The printed test results; any may be left out. ``p`` may be ``"0.00"``, ``".000"``,
        ``"< .001"``, ``"ns"``.
    method : MethodChoice
        ``"student"``, ``"welch"`` or ``"either"`` (default; the better fitting one is used).
    alpha : float
        Level for the critical t and the decision.
    decimals : int | None
        Decimals of the means and SDs; by default counted from each text.

    Returns
    -------
    TTestAudit

    Notes
    -----
    Rules: :math:`|t|` must meet :math:`[|t|_{min}, |t|_{max}]` (module docstring); Student's
    df must be :math:`n_1+n_2-2`, Welch's within its range, a printed whole-number df standing
    for :math:`[v - .5, v + 1]` (rounded or chopped); p must meet the p range from the
    summaries and (statcheck) the p range from the printed t and df; the critical t must meet
    :math:`[t_{1-\alpha/2}(df_{max}), t_{1-\alpha/2}(df_{min})]` for the printed or the
    implied df.

    References
    ----------
    Nuijten et al. (2016), statcheck.

    Examples
    --------
    Rivers State: reported df 475, t 6.41, t-crit 1.96; the summaries give t = 9.90..10.06:

    >>> a = check_ttest(304, "24.67", "1.96", 173, "22.82", "1.92",
    ...                 t="6.41", df="475", t_critical="1.96")
    >>> a.t_ok, a.df_ok, a.t_critical_ok, a.method
    (False, True, True, 'student')
    """
    if method not in ("student", "welch", "either"):
        raise UsageError(f"method must be 'student', 'welch' or 'either', not {method!r}")
    methods: tuple[Method, ...] = ("student", "welch") if method == "either" else (method,)
    ranges = tuple(
        t_range(n1, mean1, sd1, n2, mean2, sd2, method=m, alpha=alpha, decimals=decimals)
        for m in methods
    )
    t_rep = _abs_interval(*(float(x) for x in exact_interval(t))) if t is not None else None
    df_rep = df_interval(df) if df is not None else None
    p_rep = p_interval(p) if p is not None else None
    tc_rep = tuple(float(x) for x in exact_interval(t_critical)) if t_critical is not None else None

    best: tuple[int, int] | None = None
    chosen: dict[str, bool | None] = {}
    chosen_range = ranges[0]
    for idx, r in enumerate(ranges):
        oks: dict[str, bool | None] = {
            "t": None if t_rep is None else _overlap(_abs_interval(*r.t), t_rep),
            "df": None if df_rep is None else _overlap(r.df, df_rep),
            "p": None if p_rep is None else _overlap(r.p, p_rep),
            "tc": None,
        }
        if tc_rep is not None:
            tc_ok = _overlap(r.t_critical, (tc_rep[0], tc_rep[1]))
            if not tc_ok and df_rep is not None:
                dflo = max(df_rep[0], 1e-9)
                tc_from_df = (critical_t(df_rep[1], alpha), critical_t(dflo, alpha))
                tc_ok = _overlap(tc_from_df, (tc_rep[0], tc_rep[1]))
            oks["tc"] = tc_ok
        score = (sum(v is not False for v in oks.values()), -idx)
        if best is None or score > best:
            best, chosen, chosen_range = score, oks, r

    p_t: tuple[float, float] | None = None
    p_matches_t: bool | None = None
    if t is not None:
        p_t = p_from_t(t, df_rep if df_rep is not None else chosen_range.df)
        if p_rep is not None:
            p_matches_t = _overlap(p_t, p_rep)
    decision_error = False
    if p_rep is not None:
        recomputed = p_t if p_t is not None else chosen_range.p
        reported_sig = p_rep[1] <= alpha
        reported_ns = p_rep[0] >= alpha
        decision_error = (reported_sig and recomputed[0] >= alpha) or (
            reported_ns and recomputed[1] < alpha
        )
    return TTestAudit(
        method=chosen_range.method,
        ranges=ranges,
        t_ok=chosen["t"],
        df_ok=chosen["df"],
        p_ok=chosen["p"],
        t_critical_ok=chosen["tc"],
        p_matches_t=p_matches_t,
        p_from_t=p_t,
        decision_error=decision_error,
    )
