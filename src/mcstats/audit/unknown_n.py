r"""SD bounds that hold for every admissible N: checks for a row whose N is unknown or a range.

A paper often prints a mean and an SD without the N they rest on (no per-group N), or only
bounds (``>=10``, ``10-339``). GRIM and GRIMMER need the exact N, but two bounds of the SD
hold for every N in the admissible range, so an impossible SD is still caught:

Largest SD
    For scores in :math:`[A, B]` with mean :math:`m`, the population variance is at most
    :math:`(B - m)(m - A)` (Bhatia & Davis 2000), so the sample variance is at most
    :math:`\frac{N}{N-1}(B - m)(m - A)`. The factor falls with N, so the bound for every
    :math:`N \ge N_{min}` is the one at :math:`N_{min}` (2 when nothing is known), taken at
    the mean in the printed interval nearest :math:`(A + B)/2`.
Smallest SD
    Whole-number scores (in units of :math:`1/u`: :math:`u = k` for the mean of k items, 1
    otherwise) with mean :math:`m` have a population variance of at least
    :math:`g(1 - g)/u^2`, :math:`g` the fractional part of :math:`u m` (all values at the
    two whole numbers around the mean); the sample variance is larger still, by
    :math:`N/(N-1) \ge N_{max}/(N_{max}-1)` when an upper bound is printed. Over the printed
    mean's interval the smallest :math:`g(1-g)` is taken (0 when the interval holds a whole
    number).

A printed N of 0 beside a mean is impossible: a mean of no cases does not exist.

References
----------
Bhatia, R., & Davis, C. (2000). A better bound on the variance. *American Mathematical
Monthly*, 107(4), 353-357.

Examples
--------
>>> fs = any_n_sd_findings("2.905", "3.215", 1, 4)   # no N printed: still impossible
>>> fs[0].check, fs[0].severity, fs[0].expected
('sd_bounds', 'impossible', 'at most 2.043')
>>> any_n_sd_findings("2.905", "1.215", 1, 4)
[]
"""

from __future__ import annotations

import math
from fractions import Fraction

from mcstats.audit import _scale
from mcstats.audit._scale import Score
from mcstats.audit.findings import REFERENCES, Finding, where
from mcstats.printed import Reported, exact_interval

__all__ = ["any_n_sd_findings", "n_text", "n_zero_findings", "variance_range_any_n"]


def _frac_term(x: Fraction) -> Fraction:
    g = x - math.floor(x)
    return g * (1 - g)


def variance_range_any_n(
    mean: Reported,
    lo: int,
    hi: int,
    *,
    n_min: int | None = None,
    n_max: int | None = None,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
) -> tuple[Fraction, Fraction]:
    """Smallest and largest sample variance of whole-number data for every admissible N.

    Parameters
    ----------
    mean : str
        The printed mean.
    lo, hi : int
        Lowest and highest response code of one item.
    n_min, n_max : int, optional
        Bounds on N (``None``: not printed; ``n_min`` below 2 is taken as 2, the smallest N
        with a sample SD).
    items, score :
        The score: one item, or the mean or sum of ``items`` items.
    decimals : int, optional
        Decimals the mean was printed with (counted from ``mean`` by default).

    Returns
    -------
    tuple of Fraction
        ``(min_variance, max_variance)``; see the module docstring for the formulas.

    Examples
    --------
    >>> lo, hi = variance_range_any_n("2.5", 1, 4)      # 2.45..2.55 holds no whole number
    >>> round(float(lo), 4), float(hi)                 # .45 * .55; 2 * 1.5 * 1.5
    (0.2475, 4.5)
    >>> [round(float(v), 4) for v in variance_range_any_n("2.5", 1, 4, n_min=10, n_max=20)]
    [0.2605, 2.5]
    """
    _scale.check_scale(lo, hi, items, score)
    a, b = _scale.reported_bounds(lo, hi, items, score)
    u = _scale.unit_factor(items, score)
    mlo, mhi = exact_interval(mean, decimals)
    mlo, mhi = max(mlo, Fraction(a)), min(mhi, Fraction(b))
    if mlo > mhi:
        return Fraction(0), Fraction(0)
    centre = Fraction(a + b, 2)
    m = min(max(centre, mlo), mhi)
    n_low = max(2, n_min or 2)
    max_var = Fraction(n_low, n_low - 1) * (b - m) * (m - a)
    if math.floor(u * mhi) >= math.ceil(u * mlo):
        min_var = Fraction(0)
    else:
        min_pop = min(_frac_term(u * mlo), _frac_term(u * mhi)) / (u * u)
        factor = Fraction(n_max, n_max - 1) if n_max is not None and n_max >= 2 else Fraction(1)
        min_var = factor * min_pop
    return min_var, max_var


def n_text(n_min: int | None, n_max: int | None) -> str:
    """Words for the admissible N: ``'N unknown'``, ``'N >= 10'``, ``'N from 10 to 339'``.

    Examples
    --------
    >>> n_text(None, None), n_text(10, None), n_text(None, 339), n_text(10, 339)
    ('N unknown', 'N >= 10', 'N <= 339', 'N from 10 to 339')
    """
    if n_min is None and n_max is None:
        return "N unknown"
    if n_max is None:
        return f"N >= {n_min}"
    if n_min is None:
        return f"N <= {n_max}"
    return f"N from {n_min} to {n_max}"


def _sqrt_text(x: Fraction) -> str:
    return f"{math.sqrt(x):.3f}"


def any_n_sd_findings(
    mean: Reported,
    sd: Reported,
    lo: int,
    hi: int,
    *,
    n_min: int | None = None,
    n_max: int | None = None,
    items: int = 1,
    score: Score = "mean",
    decimals: int | None = None,
    location: str = "",
) -> list[Finding]:
    """An ``impossible`` finding when the SD lies outside the bounds valid for every admissible N.

    The printed SD stands for its rounding interval; it is flagged only when the whole
    interval lies above the largest or below the smallest possible SD.
    """
    min_var, max_var = variance_range_any_n(
        mean, lo, hi, n_min=n_min, n_max=n_max, items=items, score=score, decimals=decimals
    )
    slo, shi = exact_interval(sd, decimals)
    desc = _scale.describe(lo, hi, items, score)
    ns = n_text(n_min, n_max)
    if slo > 0 and slo * slo > max_var:
        expected = f"at most {_sqrt_text(max_var)}"
        n_low = max(2, n_min or 2)
        message = (
            f"{where(location)}The SD {sd} is impossible for mean {mean} on {desc}, whatever the "
            f"N ({ns}): even with every answer at the ends of the scale the SD is at most "
            f"sqrt(N/(N-1) (max - mean)(mean - min)) = {_sqrt_text(max_var)} at N = {n_low} "
            "(Bhatia-Davis; it only falls as N grows)."
        )
        return [Finding("sd_bounds", "impossible", location, f"mean {mean}, SD {sd}, {ns}", expected, message,
                        REFERENCES["sd_bounds"])]
    if min_var > 0 and shi >= 0 and shi * shi < min_var:
        expected = f"at least {_sqrt_text(min_var)}"
        message = (
            f"{where(location)}The SD {sd} is impossible for mean {mean} on {desc}, whatever the "
            f"N ({ns}): whole-number answers with this mean cannot all be equal, and the "
            f"smallest spread (answers at the two whole numbers around the mean) gives an SD of "
            f"at least {_sqrt_text(min_var)}."
        )
        return [Finding("sd_bounds", "impossible", location, f"mean {mean}, SD {sd}, {ns}", expected, message,
                        REFERENCES["sd_bounds"])]
    return []


def n_zero_findings(mean: Reported, *, location: str = "") -> list[Finding]:
    """An ``impossible`` finding for a mean printed beside N = 0.

    Examples
    --------
    >>> n_zero_findings("2.50")[0].expected
    'N of at least 1'
    """
    message = (
        f"{where(location)}A mean ({mean}) is printed for N = 0: the mean of no cases does not "
        "exist, so either the N or the mean is wrong."
    )
    return [Finding("limits", "impossible", location, f"N = 0, mean {mean}", "N of at least 1", message,
                    REFERENCES["limits"])]
