"""Numbers in the audit's messages.

What a printed number stands for (its interval under a rounding policy, rounding half up,
truncation, the printing style) is decided in :mod:`mcstats.printed`, shared with the
reconstruction; this module only writes the audit's own numbers into a finding's sentence.
"""

from __future__ import annotations

import math
from fractions import Fraction


def fmt(x: float | Fraction, digits: int = 4) -> str:
    """Format a number for a finding's message: ``digits`` significant digits, no exponent
    for ordinary magnitudes.

    Parameters
    ----------
    x : float or Fraction
        The number.
    digits : int
        Significant digits.

    Returns
    -------
    str
        The text; ``"infinity"``, ``"-infinity"`` or ``"undefined"`` (NaN) where not finite.

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
