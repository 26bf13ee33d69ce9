r"""A printed number and the interval of true values it stands for.

A statistic printed with :math:`d` decimals is not a number but an interval of width
:math:`u = 10^{-d}` around the printed value :math:`v`. Both the audit (which flags printed
values that no data can give) and the reconstruction (which builds data that print as
published) ask "does this true value print as ``2.94``?"; this module is the one place that
answers, under an explicit **rounding policy**:

``"half-up"``
    The value was rounded half away from zero (SPSS, Excel, most papers). The interval is
    half-open, open at the end away from zero: :math:`[v - u/2,\ v + u/2)` for
    :math:`v \ge 0`, :math:`(v - u/2,\ v + u/2]` for :math:`v < 0`. A reconstruction uses
    it, so that the data it builds print *exactly* as published.
``"either-way"``
    Any round-to-nearest rule: ties may have gone up, down or to even (R and numpy print
    half-to-even). The interval is closed, :math:`[v - u/2,\ v + u/2]`, the union of the
    half-up, half-down and half-even intervals. The audit uses it, so that honest rounding
    never raises an alarm.
``"truncated"``
    Digits were chopped, not rounded: :math:`[v,\ v + u)` for :math:`v \ge 0`,
    :math:`(v - u,\ v]` for :math:`v < 0`.

Orthogonal to the policy, the audit widens its intervals by :data:`SLACK` (a millionth of
the last printed digit) on each side, to absorb the binary floating-point error of the
software that did the printing (``2.675`` is stored as ``2.67499999...``); ``slack=True``
asks for that. Every interval here is exact (:class:`~fractions.Fraction` bounds).

Inputs. A printed value is best passed as its text (``"2.50"``), which keeps trailing zeros;
a :class:`~decimal.Decimal` keeps them too. A float cannot tell how many decimals were
printed; its decimals are taken from its shortest repr, which can only widen the interval.
A *true* value tested with :func:`prints_as` may be a Fraction, int or Decimal (exact) or a
float, which is first taken at 12 significant digits so that binary noise of a computation
(``2.4949999999999997`` for 2.495) does not decide the rounding.

The policies nest: ``half-up`` :math:`\subseteq` ``either-way`` :math:`\subseteq`
``either-way`` with slack, so whatever the reconstruction accepts the audit accepts too, and
they differ only at the two ends of the interval (tests/test_printed.py shows it).

References
----------
Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple technique detects
numerous anomalies in the reporting of results in psychology. *Social Psychological and
Personality Science*, 8(4), 363-369. IEEE 754-2019, section 4.3 (rounding-direction
attributes: roundTiesToEven, roundTiesToAway).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Literal, TypeAlias

from mcstats.errors import UsageError

__all__ = [
    "POLICIES",
    "SLACK",
    "Interval",
    "Policy",
    "PrintingStyle",
    "Reported",
    "decimals_of",
    "exact_interval",
    "format_number",
    "interval",
    "parse_reported",
    "printed_interval",
    "printing_style",
    "prints_as",
    "round_as_printed",
    "round_half_up",
    "truncate",
    "truncation_interval",
    "unit",
]

#: A printed number: preferably its text, or a number with ``decimals`` given.
Reported: TypeAlias = str | float | int | Decimal

#: How a printed value was rounded (module docstring).
Policy: TypeAlias = Literal["half-up", "either-way", "truncated"]
POLICIES: tuple[Policy, ...] = ("half-up", "either-way", "truncated")

#: Fraction of one unit of the last printed digit by which ``slack=True`` widens an interval.
SLACK = Fraction(1, 10**6)

PrintingStyle: TypeAlias = Literal["rounded", "truncated", "rounded or truncated", "neither"]

_MINUS_SIGNS = ("\u2212", "\u2013", "\u2010")
_FLOAT_DIGITS = 12


# --------------------------------------------------------------------------- parsing


def parse_reported(value: Reported) -> Decimal:
    """The exact decimal value of a printed number.

    Parameters
    ----------
    value : str, float, int or Decimal
        Printed text (``"2.905"``, ``".905"``, ``"-1.2"``, with a Unicode minus allowed) or a
        number. A float is taken by its shortest repr, so ``0.1`` is exactly ``0.1``.

    Returns
    -------
    Decimal
        The value, keeping the trailing zeros of a text.

    Raises
    ------
    UsageError
        When ``value`` is not a finite number or the text of one.

    Examples
    --------
    >>> parse_reported("2.50")
    Decimal('2.50')
    >>> parse_reported("\u22120.25")
    Decimal('-0.25')
    >>> parse_reported(0.1)
    Decimal('0.1')
    """
    if isinstance(value, bool):
        raise UsageError(f"a reported value must be a number or its text, not {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise UsageError(f"a reported value must be finite, not {value!r}")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        for sign in _MINUS_SIGNS:
            text = text.replace(sign, "-")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise UsageError(f"{value!r} is not a number") from None
    else:
        raise UsageError(f"a reported value must be a number or its text, not {value!r}")
    if not result.is_finite():
        raise UsageError(f"a reported value must be finite, not {value!r}")
    return result


def decimals_of(value: Reported) -> int:
    """Number of decimals a value was printed with (trailing zeros of a text count).

    Parameters
    ----------
    value : str, float, int or Decimal
        The printed value.

    Returns
    -------
    int
        Digits after the decimal point; 0 for an integer.

    Examples
    --------
    >>> decimals_of("2.50"), decimals_of("432"), decimals_of(2.905), decimals_of(".05")
    (2, 0, 3, 2)
    """
    exponent = parse_reported(value).as_tuple().exponent
    assert isinstance(exponent, int)  # finite values only, see parse_reported
    return max(0, -exponent)


def _decimals(value: Reported, decimals: int | None) -> int:
    if decimals is None:
        return decimals_of(value)
    if decimals < 0:
        raise UsageError(f"decimals must be 0 or more, not {decimals}")
    return decimals


def unit(decimals: int) -> Fraction:
    """One unit of the last printed digit, ``10**-decimals``, as an exact fraction.

    Parameters
    ----------
    decimals : int
        Decimals printed.

    Returns
    -------
    Fraction
        :math:`10^{-d}`.

    Examples
    --------
    >>> unit(2)
    Fraction(1, 100)
    """
    return Fraction(1, 10**decimals)


def _exact(x: object) -> Fraction | None:
    """A true value as an exact fraction, None if not finite; floats at 12 significant digits.

    Integers, fractions and decimals (also numpy's integers) are exact; any other real
    number (Python's and numpy's floats) is a float, taken at 12 significant digits.
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real | Decimal):
        raise TypeError(f"an interval holds numbers, not {type(x).__name__}")
    if isinstance(x, Decimal):
        return Fraction(x) if x.is_finite() else None
    if isinstance(x, numbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    f = float(x)
    if not math.isfinite(f):
        return None
    return Fraction(f"{f:.{_FLOAT_DIGITS}g}")


# --------------------------------------------------------------------------- intervals


@dataclass(frozen=True)
class Interval:
    """An interval of the real line with exact ends, each closed or open.

    Attributes
    ----------
    lo, hi : Fraction
        The ends (``lo <= hi``).
    lo_closed, hi_closed : bool
        Whether each end belongs to the interval.

    Examples
    --------
    >>> i = Interval(Fraction(1), Fraction(2), hi_closed=False)
    >>> 1 in i, Fraction(3, 2) in i, 2 in i
    (True, True, False)
    >>> i.integers(), i.integers(scale=4)  # T with T/4 in [1, 2): 4..7
    (range(1, 2), range(4, 8))
    """

    lo: Fraction
    hi: Fraction
    lo_closed: bool = True
    hi_closed: bool = True

    def __contains__(self, x: object) -> bool:
        v = _exact(x)
        if v is None:  # NaN and infinities print as no finite value
            return False
        above = v >= self.lo if self.lo_closed else v > self.lo
        below = v <= self.hi if self.hi_closed else v < self.hi
        return above and below

    @property
    def bounds(self) -> tuple[Fraction, Fraction]:
        """``(lo, hi)``, whatever the closedness."""
        return self.lo, self.hi

    def divided(self, k: int) -> Interval:
        """The interval of :math:`x / k` for :math:`x` in this one (``k > 0``).

        Examples
        --------
        >>> Interval(Fraction(66), Fraction(67), hi_closed=False).divided(100)
        Interval(lo=Fraction(33, 50), hi=Fraction(67, 100), lo_closed=True, hi_closed=False)
        """
        if k <= 0:
            raise UsageError(f"an interval is divided by a positive number, not {k}")
        return Interval(self.lo / k, self.hi / k, self.lo_closed, self.hi_closed)

    def integers(self, scale: int = 1) -> range:
        r"""The integers :math:`T` with :math:`T / \mathrm{scale}` in the interval.

        Parameters
        ----------
        scale : int
            Positive divisor; e.g. :math:`n k` for the totals of :math:`n` respondents' means
            of :math:`k` items (GRIM).

        Returns
        -------
        range
            Consecutive integers; empty when none fits.

        Notes
        -----
        :math:`\lceil s\,lo \rceil \le T \le \lfloor s\,hi \rfloor`, one step inward at an
        open end that is itself an integer.
        """
        if scale < 1:
            raise UsageError(f"scale must be a whole number of at least 1, not {scale}")
        lo, hi = self.lo * scale, self.hi * scale
        first, last = math.ceil(lo), math.floor(hi)
        if not self.lo_closed and first == lo:
            first += 1
        if not self.hi_closed and last == hi:
            last -= 1
        return range(first, max(first, last + 1))


def printed_interval(
    value: Reported,
    decimals: int | None = None,
    *,
    policy: Policy = "either-way",
    slack: bool = False,
) -> Interval:
    r"""The interval of true values that print as ``value`` under a rounding policy.

    Parameters
    ----------
    value : str, float, int or Decimal
        The printed value, preferably as text.
    decimals : int, optional
        Decimals it was printed with; by default counted from ``value``.
    policy : {"either-way", "half-up", "truncated"}
        How it was rounded (module docstring). Default ``"either-way"``, the closed interval.
    slack : bool
        Widen the interval by :data:`SLACK` of a unit at each end (the audit's guard against
        floating-point error in the printing software). Default False.

    Returns
    -------
    Interval
        Exact ends and their closedness.

    Notes
    -----
    With :math:`u = 10^{-d}` and :math:`w = u \cdot \mathrm{SLACK}` when ``slack``:

    - either-way: :math:`[v - u/2 - w,\ v + u/2 + w]`;
    - half-up: :math:`[v - u/2,\ v + u/2)` if :math:`v \ge 0`, else
      :math:`(v - u/2,\ v + u/2]` (widened by :math:`w`, the ends stay as they are);
    - truncated: :math:`[v,\ v + u)` if :math:`v \ge 0`, else :math:`(v - u,\ v]`.

    References
    ----------
    Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> printed_interval("2.94")
    Interval(lo=Fraction(587, 200), hi=Fraction(589, 200), lo_closed=True, hi_closed=True)
    >>> i = printed_interval("2.94", policy="half-up")
    >>> Fraction("2.935") in i, Fraction("2.945") in i
    (True, False)
    >>> printed_interval("-1.5", policy="half-up").lo_closed
    False
    """
    if policy not in POLICIES:
        raise UsageError(f"policy must be one of {', '.join(POLICIES)}, not {policy!r}")
    d = _decimals(value, decimals)
    v = Fraction(parse_reported(value))
    u = unit(d)
    widen = u * SLACK if slack else Fraction(0)
    negative = v < 0
    if policy == "truncated":
        lo, hi = (v - u, v) if negative else (v, v + u)
        return Interval(lo - widen, hi + widen, lo_closed=not negative, hi_closed=negative)
    lo, hi = v - u / 2 - widen, v + u / 2 + widen
    if policy == "half-up":
        return Interval(lo, hi, lo_closed=not negative, hi_closed=negative)
    return Interval(lo, hi)


def prints_as(
    value: Reported,
    x: Fraction | float | int | Decimal,
    decimals: int | None = None,
    *,
    policy: Policy = "half-up",
) -> bool:
    """Whether the true value ``x`` prints as ``value`` under a rounding policy.

    Parameters
    ----------
    value : str, float, int or Decimal
        The printed value, preferably as text.
    x : Fraction, float, int or Decimal
        A full-precision value, e.g. a recomputed mean. Exact unless a float, which is taken
        at 12 significant digits (module docstring); NaN and infinities print as nothing.
    decimals : int, optional
        Decimals of ``value``; counted from it by default.
    policy : {"half-up", "either-way", "truncated"}
        Default ``"half-up"``: rounding half away from zero, as SPSS and Excel print.

    Returns
    -------
    bool

    Notes
    -----
    ``x in printed_interval(value, decimals, policy=policy)``, without slack.

    Examples
    --------
    >>> prints_as("2.94", 2.935), prints_as("2.94", 2.945), prints_as("2.94", Fraction(1271, 432))
    (True, False, True)
    >>> prints_as("2.94", 2.945, policy="either-way")
    True
    >>> prints_as("2.94", 2.9449999999999997)  # binary noise of a computed 2.945
    False
    """
    return x in printed_interval(value, decimals, policy=policy)


def exact_interval(
    value: Reported, decimals: int | None = None, *, slack: bool = True
) -> tuple[Fraction, Fraction]:
    r"""Closed interval of true values that print as ``value``: the audit's interval.

    Parameters
    ----------
    value : str, float, int or Decimal
        The printed value.
    decimals : int, optional
        Decimals it was printed with; by default counted from ``value``.
    slack : bool
        Widen the interval by :data:`SLACK` of a unit on each side (default), to absorb the
        floating-point error of the software that printed it.

    Returns
    -------
    tuple of Fraction
        ``(lo, hi)`` with :math:`lo = v - \tfrac12 10^{-d}`, :math:`hi = v + \tfrac12 10^{-d}`.

    Notes
    -----
    The ``"either-way"`` policy of :func:`printed_interval`: round-half-up printing maps the
    half-open interval :math:`[v - u/2, v + u/2)` to ``v`` (:math:`u = 10^{-d}`); the closed
    interval also covers round-half-even and round-half-down, so no check built on it
    mistakes honest rounding for an error.

    References
    ----------
    Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> exact_interval("2.905", slack=False)
    (Fraction(5809, 2000), Fraction(5811, 2000))
    """
    return printed_interval(value, decimals, policy="either-way", slack=slack).bounds


def interval(value: Reported, decimals: int | None = None) -> tuple[float, float]:
    r"""Interval of true values that a printed value stands for, as floats.

    A value printed with ``d`` decimals stands for :math:`[v - 0.5\cdot10^{-d},
    v + 0.5\cdot10^{-d}]`. The interval returned is the exact one, closed, without the
    floating-point slack that :func:`exact_interval` adds for the checks.

    Parameters
    ----------
    value : str, float, int or Decimal
        Printed text or number.
    decimals : int, optional
        Decimals it was printed with; by default counted from ``value`` (pass text to keep
        trailing zeros).

    Returns
    -------
    tuple of float
        ``(lo, hi)``.

    References
    ----------
    Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. *Social Psychological and
    Personality Science*, 8(4), 363-369.

    Examples
    --------
    >>> interval("2.905")
    (2.9045, 2.9055)
    >>> interval("3.2", 2)
    (3.195, 3.205)
    """
    lo, hi = exact_interval(value, decimals, slack=False)
    return float(lo), float(hi)


def truncation_interval(value: Reported, decimals: int | None = None) -> tuple[Fraction, Fraction]:
    r"""Ends of the interval of true values that print as ``value`` when digits are chopped.

    Parameters
    ----------
    value : str, float, int or Decimal
        The printed value.
    decimals : int, optional
        Decimals it was printed with; by default counted from ``value``.

    Returns
    -------
    tuple of Fraction
        ``(lo, hi)``; truncation toward zero maps :math:`[v, v + 10^{-d})` to a value
        ``v >= 0`` and :math:`(v - 10^{-d}, v]` to a negative one (the ``"truncated"``
        policy of :func:`printed_interval`).

    References
    ----------
    Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> truncation_interval("66.6")
    (Fraction(333, 5), Fraction(667, 10))
    """
    return printed_interval(value, decimals, policy="truncated").bounds


# --------------------------------------------------------------------------- printing


def round_half_up(x: Fraction | float | int | Decimal, decimals: int) -> Decimal:
    """Round to ``decimals`` decimals, ties away from zero (as SPSS and papers print).

    Parameters
    ----------
    x : Fraction, float, int or Decimal
        The true value. Floats are taken by their exact binary value, so
        ``round_half_up(2.675, 2)`` gives ``2.67``; pass a Fraction or a Decimal built from
        text for exact ties.
    decimals : int
        Decimals to keep.

    Returns
    -------
    Decimal
        The printed value, with ``decimals`` digits after the point.

    Examples
    --------
    >>> round_half_up(Fraction(1255, 432), 3)
    Decimal('2.905')
    >>> round_half_up(Fraction(5, 2), 0), round_half_up(Fraction(-5, 2), 0)
    (Decimal('3'), Decimal('-3'))
    """
    return _quantize(x, decimals, ROUND_HALF_UP)


def truncate(x: Fraction | float | int | Decimal, decimals: int) -> Decimal:
    """Chop to ``decimals`` decimals (toward zero).

    Parameters
    ----------
    x : Fraction, float, int or Decimal
        The true value.
    decimals : int
        Decimals to keep.

    Returns
    -------
    Decimal

    Examples
    --------
    >>> truncate(Fraction(2, 3), 2)
    Decimal('0.66')
    """
    return _quantize(x, decimals, ROUND_DOWN)


def _quantize(x: Fraction | float | int | Decimal, decimals: int, mode: str) -> Decimal:
    # Enough precision for every digit (the default context keeps 28): a number printed
    # with 30 decimals, or a huge one, is rounded exactly instead of raising InvalidOperation.
    with localcontext() as ctx:
        ctx.prec = max(28, decimals + _int_digits(x) + 4)
        return _quantize_in_context(x, decimals, mode)


def _int_digits(x: Fraction | float | int | Decimal) -> int:
    try:
        return len(str(abs(int(x)))) if math.isfinite(float(x)) else 28
    except (OverflowError, ValueError):
        return 400


def _quantize_in_context(x: Fraction | float | int | Decimal, decimals: int, mode: str) -> Decimal:
    q = Decimal(1).scaleb(-decimals)
    if isinstance(x, Fraction):
        # Enough digits that the quotient decides the rounding: a tie is exact in decimals
        # only when the denominator divides a power of ten, and then it is represented.
        scaled = x * 10**decimals
        whole, rest = divmod(scaled.numerator, scaled.denominator)
        frac = Fraction(rest, scaled.denominator)
        if mode == ROUND_DOWN:
            n = whole if x >= 0 or frac == 0 else whole + 1
        elif frac > Fraction(1, 2) or (frac == Fraction(1, 2) and x >= 0):
            n = whole + 1
        else:
            n = whole
        return Decimal(n).scaleb(-decimals).quantize(q)
    return Decimal(x).quantize(q, rounding=mode)


def printing_style(
    exact: Fraction | float | int | Decimal, printed: Reported, decimals: int | None = None
) -> PrintingStyle:
    """Whether a printed value is the exact value rounded, truncated, both or neither.

    Parameters
    ----------
    exact : Fraction, float, int or Decimal
        The value the paper should have printed, computed from its own counts.
    printed : str, float, int or Decimal
        What it printed.
    decimals : int, optional
        Decimals of ``printed``; by default counted from it.

    Returns
    -------
    str
        ``"rounded"``, ``"truncated"``, ``"rounded or truncated"`` (both agree, as for 50.0)
        or ``"neither"``. Rounded means the ``"either-way"`` interval with slack, so ties
        that round-half-even would print differently count as rounded; truncated means the
        ``"truncated"`` interval.

    References
    ----------
    Brown & Heathers (2017) discuss rounding conventions in GRIM.

    Examples
    --------
    >>> printing_style(Fraction(2, 3) * 100, "66.7")
    'rounded'
    >>> printing_style(Fraction(2, 3) * 100, "66.6")
    'truncated'
    >>> printing_style(Fraction(1, 2) * 100, "50.0")
    'rounded or truncated'
    >>> printing_style(Fraction(2, 3) * 100, "66.5")
    'neither'
    """
    d = _decimals(printed, decimals)
    x = Fraction(exact)
    rounded = x in printed_interval(printed, d, slack=True)
    truncated = x in printed_interval(printed, d, policy="truncated")
    if rounded and truncated:
        return "rounded or truncated"
    if rounded:
        return "rounded"
    if truncated:
        return "truncated"
    return "neither"


def round_as_printed(x: float, decimals: int) -> float:
    """A computed float as it prints at ``decimals``: half away from zero, as SPSS and papers do.

    This is the rounding of a computed value for display and for the cut-off remark of a
    rounded mean; the exact rounding of fractions is :func:`round_half_up`. Binary noise is
    removed first (the value is taken at 12 significant digits, the rule :func:`prints_as`
    uses for floats), so a mean of 499/200 = 2.495 rounds to 2.50 whichever side of 2.495
    its binary form lies.

    >>> round_as_printed(2.495, 2), round_as_printed(2.4949, 2), round_as_printed(0.125, 2)
    (2.5, 2.49, 0.13)
    """
    if not math.isfinite(x):
        return x
    d = Decimal(f"{x:.12g}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(d)


def format_number(value: object, decimals: int = 2, *, leading_zero: bool = True) -> str:
    """A computed number as a table prints it: rounded half-up; an em dash when undefined.

    Integers print whole; ``leading_zero=False`` prints ``.45`` for 0.45 (APA style for
    statistics that cannot exceed 1); a value that rounds to zero never prints as ``-0.00``.

    >>> format_number(2.495), format_number(0.4512, 3, leading_zero=False), format_number(None)
    ('2.50', '.451', '—')
    >>> format_number(-0.001), format_number(7)
    ('0.00', '7')
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    x = float(value)  # type: ignore[arg-type]
    if not math.isfinite(x):
        return "—"
    text = f"{round_as_printed(x, decimals):.{decimals}f}"
    if text.startswith("-0.") and float(text) == 0:
        text = text[1:]
    if not leading_zero:
        text = text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
    return text
