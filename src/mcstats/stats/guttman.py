"""Guttman's lambda-2 and lambda-6, split-half coefficients and squared multiple correlations.

All are closed-form functions of the item covariance matrix (or of its correlation
matrix, for the standardized versions). The functions accept one matrix or a stack of
matrices (``(..., k, k)``), so the bootstrap evaluates all its resamples in one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


def cov_to_cor(cov: np.ndarray) -> np.ndarray:
    """Correlation matrix (or stack of them) from covariance matrices, as R's ``cov2cor``."""
    c = np.asarray(cov, dtype=float)
    sd = np.sqrt(np.diagonal(c, axis1=-2, axis2=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return c / (sd[..., :, None] * sd[..., None, :])


def _inverse_diagonal(r: np.ndarray) -> np.ndarray:
    """Diagonal of the inverse of symmetric matrices; NaN where a matrix is singular."""
    r = np.asarray(r, dtype=float)
    bad = ~np.isfinite(r).all(axis=(-2, -1))
    safe = np.where(bad[..., None, None], np.eye(r.shape[-1]), r)
    vals, vecs = np.linalg.eigh(safe)
    scale = np.abs(vals).max(axis=-1, keepdims=True)
    singular = (np.abs(vals) <= 1e-12 * scale).any(axis=-1) | bad
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.einsum("...il,...l->...i", vecs**2, 1.0 / vals)
    return np.where(singular[..., None], np.nan, d)


def squared_multiple_correlations(cov: np.ndarray) -> np.ndarray:
    r"""Squared multiple correlation of each item with all the others.

    Parameters
    ----------
    cov : np.ndarray
        Item covariance (or correlation) matrix, k x k, or a stack ``(..., k, k)``.

    Returns
    -------
    numpy.ndarray
        :math:`\mathrm{SMC}_i = 1 - 1/(R^{-1})_{ii}` with R the correlation matrix, the
        R squared of regressing item i on the other items (SPSS's "Squared Multiple
        Correlation"). As in R's ``psych::smc``, values are clipped to [0, 1] (which only
        matters for a matrix that is not positive definite). NaN for a singular matrix.

    Examples
    --------
    >>> r = np.array([[1.0, 0.5, 0.3], [0.5, 1.0, 0.4], [0.3, 0.4, 1.0]])
    >>> np.round(squared_multiple_correlations(r), 6).tolist()  # R: psych::smc(r)
    [0.261905, 0.318681, 0.173333]
    """
    r = cov_to_cor(cov)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = 1.0 - 1.0 / _inverse_diagonal(r)
    return np.clip(s, 0.0, 1.0)


@dataclass(frozen=True)
class GuttmanLambdas:
    """Guttman's lambda-2 and lambda-6, from covariances and from correlations."""

    lambda2: float
    lambda6: float
    lambda2_standardized: float
    lambda6_standardized: float


def _lambda2(c: np.ndarray) -> np.ndarray:
    k = c.shape[-1]
    total = c.sum(axis=(-2, -1))
    diag = np.diagonal(c, axis1=-2, axis2=-1)
    off_sum = total - diag.sum(axis=-1)
    off_sq = (c**2).sum(axis=(-2, -1)) - (diag**2).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray((off_sum + np.sqrt(off_sq * k / (k - 1))) / total)


def _lambda6(c: np.ndarray) -> np.ndarray:
    total = c.sum(axis=(-2, -1))
    diag = np.diagonal(c, axis1=-2, axis2=-1)
    off_sum = total - diag.sum(axis=-1)
    explained = (squared_multiple_correlations(c) * diag).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray((off_sum + explained) / total)


def guttman_lambdas(cov: np.ndarray) -> GuttmanLambdas:
    r"""Guttman's lambda-2 and lambda-6 of a scale.

    Parameters
    ----------
    cov : np.ndarray
        Item covariance matrix (k x k, divisor n - 1), items already reverse-keyed.

    Returns
    -------
    GuttmanLambdas
        ``lambda2`` and ``lambda6`` from the covariance matrix (the scale as scored,
        like raw alpha; SPSS's ``/MODEL=GUTTMAN`` and R's
        ``psych::splitHalf(C, covar = TRUE, check.keys = FALSE)``), and
        ``lambda2_standardized`` and ``lambda6_standardized`` from the correlation matrix
        (R's ``psych::splitHalf(x, check.keys = FALSE)``; ``lambda6_standardized`` is the
        ``G6(smc)`` that ``psych::alpha`` prints).

    Notes
    -----
    With :math:`V_X = \mathbf 1'C\mathbf 1` the total-score variance and :math:`c_{ij}` the
    covariances (Guttman 1945):

    .. math::

        \lambda_2 = \frac{\sum_{i\ne j} c_{ij}
            + \sqrt{\tfrac{k}{k-1}\sum_{i\ne j} c_{ij}^2}}{V_X},
        \qquad
        \lambda_6 = 1 - \frac{\sum_i e_i^2}{V_X},

    where :math:`e_i^2 = c_{ii}(1 - \mathrm{SMC}_i)` is the error variance of item i
    regressed on the other items (:func:`squared_multiple_correlations`).

    References
    ----------
    Guttman, L. (1945). A basis for analyzing test-retest reliability. *Psychometrika*,
    10, 255-282.

    Examples
    --------
    >>> c = np.array([[1.0, 0.5, 0.3], [0.5, 2.0, 0.6], [0.3, 0.6, 1.5]])
    >>> g = guttman_lambdas(c)
    >>> [round(v, 6) for v in (g.lambda2, g.lambda6, g.lambda2_standardized, g.lambda6_standardized)]
    [0.582074, 0.48512, 0.582103, 0.483825]

    R (with dimnames on ``c``): ``psych::splitHalf(c, covar = TRUE, check.keys = FALSE)``
    gives lambda2 0.582074 and lambda6 0.485120; ``psych::splitHalf(c, check.keys = FALSE)``
    0.582103 and 0.483825, and ``psych::alpha(c)`` prints G6(smc) 0.483825.
    """
    c = np.asarray(cov, dtype=float)
    r = cov_to_cor(c)
    return GuttmanLambdas(
        lambda2=float(_lambda2(c)),
        lambda6=float(_lambda6(c)),
        lambda2_standardized=float(_lambda2(r)),
        lambda6_standardized=float(_lambda6(r)),
    )


@dataclass(frozen=True)
class SplitHalf:
    """Split-half reliability of one split of the items into two halves."""

    first_half: tuple[str, ...]
    second_half: tuple[str, ...]
    r: float
    spearman_brown: float
    spearman_brown_unequal: float
    guttman: float


def odd_even_split(k: int) -> list[int]:
    """Positions (0-based) of the first half of an odd-even split: items 1, 3, 5, ...

    >>> odd_even_split(5)
    [0, 2, 4]
    """
    return list(range(0, k, 2))


def first_second_split(k: int) -> list[int]:
    """Positions (0-based) of the first half of a first-second split: the first ceil(k/2) items.

    As PSPP's ``/MODEL=SPLIT(m)`` with m = ceil(k/2):

    >>> first_second_split(5)
    [0, 1, 2]
    """
    return list(range((k + 1) // 2))


def split_half(cov: np.ndarray, first: Sequence[int], items: Sequence[str] | None = None) -> SplitHalf:
    r"""Split-half reliability: the two half scores' correlation and its corrections.

    Parameters
    ----------
    cov : np.ndarray
        Item covariance matrix (k x k), items reverse-keyed.
    first : Sequence[int]
        Positions (0-based) of the items in the first half; the rest form the second.
        :func:`odd_even_split` and :func:`first_second_split` give the usual splits.
    items : Sequence[str] | None
        Item names (default ``item1..itemk``).

    Returns
    -------
    SplitHalf
        ``r``: correlation between the half sums; ``spearman_brown``: :math:`2r/(1+r)`;
        ``spearman_brown_unequal``: the unequal-length Spearman-Brown coefficient that
        SPSS and PSPP print (equal to ``spearman_brown`` when the halves have the same
        number of items); ``guttman``: Guttman's (Flanagan-Rulon) split-half coefficient.

    Notes
    -----
    With half sums A and B, :math:`V_A = \mathbf 1_A'C\mathbf 1_A`,
    :math:`V_B`, :math:`C_{AB} = \mathbf 1_A'C\mathbf 1_B` and
    :math:`V_X = V_A + V_B + 2C_{AB}`:

    .. math::

        r = \frac{C_{AB}}{\sqrt{V_A V_B}},\qquad
        \text{Guttman} = 2\Bigl(1 - \frac{V_A + V_B}{V_X}\Bigr) = \frac{4C_{AB}}{V_X},

    and with :math:`k_1, k_2` items in the halves and :math:`q = k_1k_2/k^2`, the
    unequal-length Spearman-Brown coefficient is

    .. math::

        \frac{-r^2 + \sqrt{r^4 + 4r^2(1-r^2)q}}{2(1-r^2)q}.

    Guttman's coefficient is the ``rab`` of R's ``psych::splitHalf`` for that split.

    References
    ----------
    Spearman, C. (1910); Brown, W. (1910), *British Journal of Psychology*, 3. Guttman
    (1945), see :func:`guttman_lambdas`.

    Examples
    --------
    >>> c = np.array([[1.0, 0.5, 0.3, 0.4], [0.5, 2.0, 0.6, 0.5], [0.3, 0.6, 1.5, 0.2],
    ...               [0.4, 0.5, 0.2, 1.2]])
    >>> s = split_half(c, odd_even_split(4))
    >>> s.first_half, round(s.r, 6), round(s.spearman_brown, 6), round(s.guttman, 6)
    (('item1', 'item3'), 0.471133, 0.640504, 0.635514)

    By hand in R: ``cab <- sum(c[c(1, 3), c(2, 4)])``, ``r <- cab / sqrt(sum(c[c(1, 3), c(1, 3)]) *
    sum(c[c(2, 4), c(2, 4)]))`` gives 0.471133, ``2 * r / (1 + r)`` 0.640504 and
    ``4 * cab / sum(c)`` 0.635514, which ``psych::splitHalf(c, covar = TRUE, raw = TRUE)``
    lists among its splits.
    """
    c = np.asarray(cov, dtype=float)
    k = c.shape[0]
    names = list(items) if items is not None else [f"item{i + 1}" for i in range(k)]
    a = np.zeros(k, dtype=bool)
    a[list(first)] = True
    b = ~a
    va = float(c[np.ix_(a, a)].sum())
    vb = float(c[np.ix_(b, b)].sum())
    cab = float(c[np.ix_(a, b)].sum())
    total = va + vb + 2.0 * cab
    k1, k2 = int(a.sum()), int(b.sum())
    nan = float("nan")
    if k1 == 0 or k2 == 0 or va <= 0 or vb <= 0:
        r = sb = sbu = nan
    else:
        r = cab / np.sqrt(va * vb)
        # Halves correlating -1 have no Spearman-Brown coefficient (a zero denominator).
        sb = 2.0 * r / (1.0 + r) if r > -1.0 else nan
        if k1 == k2:
            sbu = sb
        else:
            q = k1 * k2 / k**2
            r2 = r * r
            if r2 >= 1.0:
                sbu = sb
            else:
                sbu = (-r2 + np.sqrt(r2 * r2 + 4.0 * r2 * (1.0 - r2) * q)) / (2.0 * (1.0 - r2) * q)
    gut = 4.0 * cab / total if total > 0 and k1 and k2 else nan
    return SplitHalf(
        first_half=tuple(names[i] for i in range(k) if a[i]),
        second_half=tuple(names[i] for i in range(k) if b[i]),
        r=float(r),
        spearman_brown=float(sb),
        spearman_brown_unequal=float(sbu),
        guttman=float(gut),
    )
