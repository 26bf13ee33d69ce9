"""Internal-consistency reliability: Cronbach's alpha and the item analysis that SPSS's
``RELIABILITY /SUMMARY=TOTAL`` prints.

Every figure here is a function of the item means and the item covariance matrix of the
cases that answered every item of the scale (listwise deletion within the scale, SPSS's
default). :func:`cronbach_alpha` takes the item data; :func:`reliability_from_moments`
takes the sufficient statistics, so chunked and distributed engines can share it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcstats.errors import DataError
from mcstats.stats.distributions import f_ppf


@dataclass(frozen=True)
class ItemTotalStatistics:
    """One row of SPSS's Item-Total Statistics table."""

    scale_mean_if_deleted: float
    scale_variance_if_deleted: float
    corrected_item_total_r: float
    alpha_if_deleted: float


@dataclass(frozen=True)
class ReliabilityResult:
    """Cronbach's alpha of one scale and its item analysis.

    ``n`` is the number of cases with every item present (listwise within the scale);
    ``n_excluded`` the cases dropped for a missing item.
    """

    alpha: float
    alpha_standardized: float
    alpha_ci95: tuple[float, float]
    n: int
    n_items: int
    n_excluded: int
    mean_inter_item_r: float
    scale_mean: float
    scale_variance: float
    items: dict[str, ItemTotalStatistics]
    zero_variance_items: tuple[str, ...] = ()
    missing_rule: str = "listwise"


#: A sum-score variance below this fraction of the summed item variances is zero up to
#: rounding (a covariance merged in floating point, say); mcstats' own integer moments
#: give exactly zero there. Alpha and the item-total r are then undefined (NaN).
ZERO_VARIANCE = 1e-12


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    total_var = float(cov.sum())
    trace = float(np.trace(cov))
    if k < 2 or total_var <= ZERO_VARIANCE * max(trace, 0.0) or total_var <= 0:
        return float("nan")
    return k / (k - 1) * (1.0 - trace / total_var)


def feldt_ci(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    r"""Feldt's confidence interval for Cronbach's alpha.

    Notes
    -----
    :math:`(1-\hat\alpha)/(1-\alpha)` follows an F distribution with
    :math:`n-1` and :math:`(n-1)(k-1)` degrees of freedom (Feldt 1965; Feldt, Woodruff and
    Salih 1987), so the interval is

    .. math::

        \left[1-(1-\hat\alpha)F_{1-\gamma/2},\ 1-(1-\hat\alpha)F_{\gamma/2}\right]

    with :math:`\gamma = 1 - \text{level}`. This is R's ``psych::alpha.ci``.

    Examples
    --------
    >>> lo, hi = feldt_ci(0.8, 100, 5)  # R: psych::alpha.ci(0.8, 100, 5) gives 0.7305582, 0.8558867
    >>> round(lo, 4), round(hi, 4)
    (0.7306, 0.8559)
    """
    if not math.isfinite(alpha) or n < 2 or k < 2:
        return (float("nan"), float("nan"))
    g = 1.0 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lo = 1.0 - (1.0 - alpha) * f_ppf(1.0 - g / 2.0, df1, df2)
    hi = 1.0 - (1.0 - alpha) * f_ppf(g / 2.0, df1, df2)
    return (lo, hi)


def reliability_from_moments(
    n: int,
    means: np.ndarray,
    cov: np.ndarray,
    items: Sequence[str],
    *,
    n_excluded: int = 0,
) -> ReliabilityResult:
    r"""Alpha and the item-total table from the item means and covariance matrix.

    Parameters
    ----------
    n : int
        Number of complete cases behind ``means`` and ``cov``.
    means : np.ndarray
        Item means (length k).
    cov : np.ndarray
        Item covariance matrix with divisor n - 1 (k x k).
    items : Sequence[str]
        Item names, in the order of ``means``.

    Notes
    -----
    With item covariance matrix :math:`\Sigma`, total score :math:`T = \sum_i X_i`:

    .. math::

        \alpha = \frac{k}{k-1}\Bigl(1 - \frac{\operatorname{tr}\Sigma}{\mathbf 1'\Sigma\mathbf 1}\Bigr),
        \qquad
        \alpha_{std} = \frac{k\bar r}{1 + (k-1)\bar r}

    where :math:`\bar r` is the mean off-diagonal correlation. For item i,
    :math:`V(T - X_i) = V(T) - 2C(X_i, T) + V(X_i)` and the corrected item-total
    correlation is :math:`(C(X_i,T) - V(X_i))/\sqrt{V(X_i)\,V(T-X_i)}`, where V is the
    sample variance and C the sample covariance.
    """
    k = len(items)
    cov = np.asarray(cov, dtype=float)
    means = np.asarray(means, dtype=float)
    var = np.diag(cov).copy()
    zero = tuple(it for it, v in zip(items, var, strict=True) if v <= 0)
    alpha = _alpha_from_cov(cov)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(var)
        corr = cov / np.outer(sd, sd)
    if k >= 2 and not zero:
        off = corr[~np.eye(k, dtype=bool)]
        rbar = float(off.mean())
        # At the least mean correlation a covariance matrix allows, -1/(k-1), the
        # denominator is zero and standardized alpha is undefined (psych prints -Inf).
        denom = 1.0 + (k - 1) * rbar
        alpha_std = k * rbar / denom if denom > 1e-12 else float("nan")
    else:
        rbar = float("nan")
        alpha_std = float("nan")
    total_var = float(cov.sum())
    total_mean = float(means.sum())
    cov_with_total = cov.sum(axis=1)
    rows: dict[str, ItemTotalStatistics] = {}
    for i, name in enumerate(items):
        rest_var = total_var - 2.0 * cov_with_total[i] + var[i]
        denom = var[i] * rest_var
        rest_is_zero = rest_var <= ZERO_VARIANCE * (float(var.sum()) - var[i])
        ok = denom > 0 and not rest_is_zero
        r_drop = (cov_with_total[i] - var[i]) / math.sqrt(denom) if ok else float("nan")
        keep = [j for j in range(k) if j != i]
        a_drop = _alpha_from_cov(cov[np.ix_(keep, keep)]) if k > 2 else float("nan")
        rows[name] = ItemTotalStatistics(
            scale_mean_if_deleted=total_mean - float(means[i]),
            scale_variance_if_deleted=float(rest_var),
            corrected_item_total_r=float(r_drop),
            alpha_if_deleted=float(a_drop),
        )
    return ReliabilityResult(
        alpha=float(alpha),
        alpha_standardized=float(alpha_std),
        alpha_ci95=feldt_ci(alpha, n, k),
        n=int(n),
        n_items=k,
        n_excluded=int(n_excluded),
        mean_inter_item_r=rbar,
        scale_mean=total_mean,
        scale_variance=total_var,
        items=rows,
        zero_variance_items=zero,
    )


def check_complete_cases(n: int, items: Sequence[str]) -> None:
    """Raise a DataError unless alpha is defined: two items or more, two complete cases or more."""
    names = list(items)
    if len(names) < 2:
        raise DataError(f"a scale needs at least two items for alpha (got {len(names)}: {names})")
    if n < 2:
        raise DataError(
            f"only {n} respondent(s) answered every item of the scale ({', '.join(names)}); "
            "alpha needs at least two complete cases"
        )


def cronbach_alpha(
    data: np.ndarray | Sequence[Sequence[float]],
    items: Sequence[str] | None = None,
) -> ReliabilityResult:
    r"""Cronbach's alpha with SPSS's item analysis, listwise within the scale.

    Parameters
    ----------
    data : np.ndarray | Sequence[Sequence[float]]
        Respondents by items (already reverse-keyed), NaN for missing. A pandas DataFrame
        works too; its column names become the item names.
    items : Sequence[str] | None
        Item names; default ``item1..itemk`` or the DataFrame's columns.

    Returns
    -------
    ReliabilityResult
        alpha, standardized alpha, Feldt 95% CI, N of complete cases, mean inter-item r,
        and per item: scale mean and variance if deleted, corrected item-total r and alpha
        if deleted.

    Notes
    -----
    Rows with any missing item are left out (listwise deletion within the scale, SPSS's
    and ``psych::alpha(na.omit(x))``'s rule); ``n_excluded`` counts them.
    :math:`\alpha = \frac{k}{k-1}\bigl(1 - \sum_i s_i^2 / s_T^2\bigr)` with sample
    variances (divisor n - 1).

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    *Psychometrika*, 16, 297-334.

    Examples
    --------
    >>> res = cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 4, 4]])
    >>> round(res.alpha, 4), res.n, res.n_items
    (0.9533, 4, 3)
    """
    names: list[str]
    if hasattr(data, "columns") and items is None:
        names = [str(c) for c in data.columns]
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise ValueError("data must be a two-dimensional table of respondents by items")
    if items is not None:
        names = list(items)
    elif not hasattr(data, "columns"):
        names = [f"item{i + 1}" for i in range(x.shape[1])]
    if len(names) != x.shape[1]:
        raise ValueError(f"{len(names)} item names for {x.shape[1]} columns")
    complete = ~np.isnan(x).any(axis=1)
    xc = x[complete]
    n = int(xc.shape[0])
    check_complete_cases(n, names)
    means = xc.mean(axis=0)
    cov = np.cov(xc, rowvar=False, ddof=1)
    return reliability_from_moments(n, means, cov, names, n_excluded=int(x.shape[0] - n))
