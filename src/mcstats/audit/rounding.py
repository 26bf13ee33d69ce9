"""What a printed number stands for: the interval of true values that print as it.

A statistic printed with ``d`` decimals is not a number but an interval. Under round-half-up
printing the value ``v`` stands for every true value ``x`` with
``v - 0.5 * 10**-d <= x < v + 0.5 * 10**-d``; under truncation (chopping) it stands for
``v <= x < v + 10**-d`` (for ``v >= 0``).

Every check of :mod:`mcstats.audit` works on these intervals and flags a reported value only
when *no* value in the interval(s) is consistent, so honest rounding never raises an alarm.
To stay on the safe side the intervals used by the checks are **closed** and widened by a
millionth of the last printed digit: the closed upper end also covers round-half-even (R,
numpy) and round-half-down printing, and the widening absorbs the binary floating-point
error of the software that did the printing (``2.675`` stored as ``2.67499999...``).

Values are best passed as the printed text (``"2.50"``), which keeps trailing zeros. A
float such as ``2.5`` cannot tell how many decimals were printed; its decimals are then
taken from its shortest repr, which can only make the interval wider (never a false alarm).
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal, TypeAlias

from mcstats.errors import UsageError

#: A reported number: preferably its printed text, or a number with ``decimals`` given.
Reported: TypeAlias = str | float | int | Decimal

#: Fraction of one unit of the last printed digit by which the checks widen an interval.
SLACK = Fraction(1, 10**6)

PrintingStyle = Literal["rounded", "truncated", "rounded or truncated", "neither"]

_MINUS_SIGNS = ("\u2212", "\u2013", "\u2010")


def parse_reported(value: Reported) -> Decimal:
    """The exact decimal value of a printed number.

    Parameters
    ----------
    value:
        Printed text (``"2.905"``, ``".905"``, ``"-1.2"``, with a Unicode minus allowed) or a
        number. A float is taken by its shortest repr, so ``0.1`` is exactly ``0.1``.

    Returns
    -------
    Decimal
        The value, keeping the trailing zeros of a text.

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

    Examples
    --------
    >>> unit(2)
    Fraction(1, 100)
    """
    return Fraction(1, 10**decimals)


def exact_interval(
    value: Reported, decimals: int | None = None, *, slack: bool = True
) -> tuple[Fraction, Fraction]:
    r"""Closed interval of true values that print as ``value`` with ``decimals`` decimals.

    Parameters
    ----------
    value:
        The printed value.
    decimals:
        Decimals it was printed with; by default counted from ``value``.
    slack:
        Widen the interval by :data:`SLACK` of a unit on each side (default), to absorb the
        floating-point error of the software that printed it.

    Returns
    -------
    tuple of Fraction
        ``(lo, hi)`` with :math:`lo = v - \tfrac12 10^{-d}`, :math:`hi = v + \tfrac12 10^{-d}`.

    Notes
    -----
    Round-half-up printing maps the half-open interval :math:`[v - u/2, v + u/2)` to ``v``
    (:math:`u = 10^{-d}`); the closed interval also covers round-half-even and
    round-half-down, so no check built on it mistakes honest rounding for an error.

    Examples
    --------
    >>> exact_interval("2.905", slack=False)
    (Fraction(5809, 2000), Fraction(5811, 2000))
    """
    d = _decimals(value, decimals)
    v = Fraction(parse_reported(value))
    half = unit(d) / 2
    widen = unit(d) * SLACK if slack else Fraction(0)
    return v - half - widen, v + half + widen


def interval(value: Reported, decimals: int | None = None) -> tuple[float, float]:
    """Interval of true values that a printed value stands for (round-half-up printing).

    A value printed with ``d`` decimals stands for :math:`[v - 0.5\\cdot10^{-d},
    v + 0.5\\cdot10^{-d}]`. The interval returned is the exact one, closed, without the
    floating-point slack that :func:`exact_interval` adds for the checks.

    Parameters
    ----------
    value:
        Printed text or number.
    decimals:
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
    """Interval of true values that print as ``value`` when digits are chopped, not rounded.

    Truncation toward zero maps :math:`[v, v + 10^{-d})` to a value ``v >= 0`` and
    :math:`(v - 10^{-d}, v]` to a negative one. The interval returned is closed.

    References
    ----------
    Brown & Heathers (2017), GRIM.

    Examples
    --------
    >>> truncation_interval("66.6")
    (Fraction(333, 5), Fraction(667, 10))
    """
    d = _decimals(value, decimals)
    v = Fraction(parse_reported(value))
    if v >= 0:
        return v, v + unit(d)
    return v - unit(d), v


def round_half_up(x: Fraction | float | int | Decimal, decimals: int) -> Decimal:
    """Round to ``decimals`` decimals, ties away from zero (as SPSS and papers print).

    Floats are taken by their exact binary value, so ``round_half_up(2.675, 2)`` gives
    ``2.67``; pass a :class:`~fractions.Fraction` or text-built Decimal for exact ties.

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

    Examples
    --------
    >>> truncate(Fraction(2, 3), 2)
    Decimal('0.66')
    """
    return _quantize(x, decimals, ROUND_DOWN)


def _quantize(x: Fraction | float | int | Decimal, decimals: int, mode: str) -> Decimal:
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
    """Whether a printed value is the exact value rounded (half up), truncated, both or neither.

    Parameters
    ----------
    exact:
        The value the paper should have printed, computed from its own counts.
    printed:
        What it printed.
    decimals:
        Decimals of ``printed``; by default counted from it.

    Returns
    -------
    str
        ``"rounded"``, ``"truncated"``, ``"rounded or truncated"`` (both agree, as for 50.0)
        or ``"neither"``. Ties that round-half-even would print differently count as
        rounded.

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
    lo, hi = exact_interval(printed, d)
    rounded = lo <= x <= hi
    tlo, thi = truncation_interval(printed, d)
    truncated = tlo <= x < thi
    if rounded and truncated:
        return "rounded or truncated"
    if rounded:
        return "rounded"
    if truncated:
        return "truncated"
    return "neither"


def fmt(x: float | Fraction, digits: int = 4) -> str:
    """Format a number for a finding's message: ``digits`` significant digits, no exponent
    for ordinary magnitudes.

    Examples
    --------
    >>> fmt(1.444333), fmt(Fraction(1, 3), 3), fmt(475.0)
    ('1.444', '0.333', '475')
    """
    v = float(x)
    if math.isinf(v):
        return "infinity" if v > 0 else "-infinity"
    if math.isnan(v):
        return "undefined"
    text = f"{v:.{digits}g}"
    if "e" in text:
        text = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return text
