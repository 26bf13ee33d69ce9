"""Confidence intervals for reliability coefficients beyond Feldt's.

:func:`duhachek_ci` is the asymptotic (distribution-free) interval for alpha of Duhachek
and Iacobucci (2004); :func:`bootstrap_reliability` gives seeded percentile-bootstrap
intervals for alpha, standardized alpha, omega total and Guttman's lambda-2 and lambda-6
from the same resamples. Feldt's interval is :func:`mcstats.stats.reliability.feldt_ci`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from mcstats.errors import DataError
from mcstats.stats.distributions import norm_ppf
from mcstats.stats.guttman import _lambda2, _lambda6, cov_to_cor
from mcstats.stats.omega import STACK_CELLS, fit_one_factor, omega_from_loadings

#: Coefficients the bootstrap resamples, in report order.
BOOTSTRAP_COEFFICIENTS = ("alpha", "alpha_standardized", "omega_total", "lambda2", "lambda6")

#: Upper bound on resamples x cases held in memory at once (about 32 MB of weights).
_BATCH_CELLS = 1 << 22
#: Largest matrix of row products (cases x item pairs) the bootstrap builds; beyond it the
#: bootstrap is refused with a message instead of exhausting memory.
MAX_BOOTSTRAP_BYTES = 1 << 30


@dataclass(frozen=True)
class AsymptoticAlphaCI:
    """Duhachek and Iacobucci's asymptotic interval for alpha."""

    alpha: float
    se: float
    lower: float
    upper: float
    n: int
    level: float


def duhachek_ci(cov: np.ndarray, n: int, level: float = 0.95) -> AsymptoticAlphaCI:
    r"""Asymptotic confidence interval for Cronbach's alpha (Duhachek and Iacobucci 2004).

    Parameters
    ----------
    cov : np.ndarray
        Item covariance matrix C (k x k), items reverse-keyed.
    n : int
        Number of cases behind C.
    level : float
        Confidence level.

    Returns
    -------
    AsymptoticAlphaCI
        alpha, its asymptotic standard error and :math:`\alpha \pm z_{1-\gamma/2}\,SE`.

    Notes
    -----
    The asymptotic variance of alpha without a normality assumption on the items (van
    Zyl, Neudecker and Nel 2000) is :math:`Q/n` with, for :math:`j = \mathbf 1`,

    .. math::

        Q = \frac{2k^2}{(k-1)^2 (j'Cj)^3}\Bigl[(j'Cj)\bigl(\operatorname{tr}C^2
            + (\operatorname{tr}C)^2\bigr) - 2\operatorname{tr}C\,(j'C^2j)\Bigr].

    ``sqrt(Q / n)`` is the ``ase`` of R's ``psych::alpha`` (which uses the number of rows
    as n); psych prints :math:`\alpha \pm 1.96\,ase`, this function uses the exact normal
    quantile (1.959964 for 95%).

    References
    ----------
    Duhachek, A. and Iacobucci, D. (2004). Alpha's standard error (ASE): An accurate and
    precise confidence interval estimate. *Journal of Applied Psychology*, 89, 792-808.

    Examples
    --------
    >>> c = np.array([[1.0, 0.5, 0.3], [0.5, 2.0, 0.6], [0.3, 0.6, 1.5]])
    >>> ci = duhachek_ci(c, 100)
    >>> round(ci.se, 6), round(ci.lower, 6), round(ci.upper, 6)
    (0.07092, 0.436342, 0.714342)

    R (with dimnames on ``c``): ``psych::alpha(c, n.obs = 100)$total`` has ``ase``
    0.0709197 and ``raw_alpha`` 0.575342; ``raw_alpha + c(-1, 1) * qnorm(.975) * ase`` is
    0.436342, 0.714342.
    """
    c = np.asarray(cov, dtype=float)
    k = c.shape[0]
    nan = float("nan")
    total = float(c.sum())
    if k < 2 or n < 2 or not total > 0:
        return AsymptoticAlphaCI(alpha=nan, se=nan, lower=nan, upper=nan, n=int(n), level=level)
    tr = float(np.trace(c))
    c2 = c @ c
    alpha = k / (k - 1) * (1.0 - tr / total)
    q = (2.0 * k**2 / ((k - 1) ** 2 * total**3)) * (
        total * (float(np.trace(c2)) + tr**2) - 2.0 * tr * float(c2.sum())
    )
    se = math.sqrt(q / n) if q >= 0 else nan
    z = norm_ppf(0.5 + level / 2.0)
    return AsymptoticAlphaCI(
        alpha=alpha, se=se, lower=alpha - z * se, upper=alpha + z * se, n=int(n), level=level
    )


@dataclass(frozen=True)
class BootstrapResult:
    """Percentile-bootstrap intervals of several coefficients from the same resamples.

    ``n_cases`` is the number of rows resampled (complete cases under listwise deletion,
    cases that answered at least one item under pairwise deletion); ``intervals`` maps a
    coefficient to its (lower, upper) percentile interval; ``n_undefined`` counts the
    resamples in which it could not be computed (left out of its interval).
    """

    n_boot: int
    seed: int
    level: float
    missing_rule: str
    n_cases: int
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    n_undefined: dict[str, int] = field(default_factory=dict)
    method: str = "percentile bootstrap"


def _batch_covariances(weights: np.ndarray, feats: np.ndarray, k: int, pairwise: bool) -> np.ndarray:
    """Covariance matrices of weighted resamples from precomputed row features."""
    iu, ju = np.triu_indices(k)
    m = iu.size
    s = weights @ feats
    b = weights.shape[0]
    cov_u: np.ndarray
    with np.errstate(invalid="ignore", divide="ignore"):
        if pairwise:
            n, sx, sy, sxy = s[:, :m], s[:, m : 2 * m], s[:, 2 * m : 3 * m], s[:, 3 * m :]
            cov_u = (sxy - sx * sy / n) / (n - 1.0)
            cov_u = np.where(n >= 2, cov_u, np.nan)
        else:
            ntot = weights.sum(axis=1, keepdims=True)
            s1, s2 = s[:, :k], s[:, k:]
            cov_u = (s2 - s1[:, iu] * s1[:, ju] / ntot) / (ntot - 1.0)
    cov = np.empty((b, k, k))
    cov[:, iu, ju] = cov_u
    cov[:, ju, iu] = cov_u
    return cov


def _coefficients(cov: np.ndarray, start: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Every bootstrapped coefficient for a stack of covariance matrices (NaN if undefined).

    ``start``: one-factor loadings to start omega's fits from (the full-sample solution).
    """
    k = cov.shape[-1]
    ok = np.isfinite(cov).all(axis=(1, 2)) & (np.diagonal(cov, axis1=1, axis2=2) > 0).all(axis=1)
    c = np.where(ok[:, None, None], cov, np.eye(k))
    total = c.sum(axis=(1, 2))
    tr = np.trace(c, axis1=1, axis2=2)
    r = cov_to_cor(c)
    rbar = (r.sum(axis=(1, 2)) - k) / (k * (k - 1))
    out = {
        "alpha": k / (k - 1) * (1.0 - tr / total),
        "alpha_standardized": k * rbar / (1.0 + (k - 1) * rbar),
        "lambda2": _lambda2(c),
        "lambda6": _lambda6(c),
    }
    if k >= 3:
        lam, _, _ = fit_one_factor(r, start)
        out["omega_total"] = omega_from_loadings(r, lam)
    else:
        out["omega_total"] = np.full(cov.shape[0], np.nan)
    return {name: np.where(ok, out[name], np.nan) for name in BOOTSTRAP_COEFFICIENTS}


def bootstrap_reliability(
    data: np.ndarray,
    *,
    n_boot: int = 2000,
    seed: int = 1,
    missing: str = "listwise",
    level: float = 0.95,
) -> BootstrapResult:
    r"""Seeded percentile-bootstrap intervals for alpha, omega and Guttman's lambdas.

    Parameters
    ----------
    data : np.ndarray
        Respondents by items (reverse-keyed), NaN for missing.
    n_boot : int
        Number of resamples.
    seed : int
        Seed of numpy's ``default_rng``; the same seed and data give the same intervals.
    missing : str
        ``"listwise"``: resample the complete cases; ``"pairwise"``: resample every case
        that answered at least one item and recompute the pairwise covariances.
    level : float
        Confidence level.

    Returns
    -------
    BootstrapResult
        Percentile intervals of ``alpha``, ``alpha_standardized``, ``omega_total``,
        ``lambda2`` and ``lambda6``.

    Notes
    -----
    Each resample draws n cases with replacement (``rng.integers(0, n, n)``, resamples in
    order); the coefficients of the resample are computed from its covariance matrix
    exactly as for the data. The interval is the :math:`\gamma/2` and
    :math:`1-\gamma/2` quantiles of the resampled values (R's ``quantile`` type 7).
    Resamples are evaluated in batches as weighted sums (one matrix product per batch).

    References
    ----------
    Efron, B. and Tibshirani, R. J. (1993). *An introduction to the bootstrap*. Chapman &
    Hall, ch. 13. Kelley, K. and Pornprasertmanit, S. (2016). Confidence intervals for
    population reliability coefficients. *Psychological Methods*, 21, 69-92.

    Examples
    --------
    >>> rng = np.random.default_rng(5)
    >>> x = rng.normal(size=(200, 1)) + rng.normal(size=(200, 4))
    >>> a = bootstrap_reliability(x, n_boot=500, seed=1)
    >>> b = bootstrap_reliability(x, n_boot=500, seed=1)
    >>> a.intervals == b.intervals, a.seed, a.n_cases
    (True, 1, 200)
    >>> lo, hi = a.intervals["alpha"]
    >>> bool(lo < 0.8 < hi)  # population alpha of this model: 4 * 0.5 / (1 + 3 * 0.5) = 0.8
    True
    """
    if missing not in ("listwise", "pairwise"):
        raise ValueError(f"missing must be 'listwise' or 'pairwise', got {missing!r}")
    x = np.asarray(data, dtype=float)
    k = x.shape[1]
    pairwise = missing == "pairwise"
    answered = ~np.isnan(x)
    rows = int(answered.any(axis=1).sum()) if pairwise else int(answered.all(axis=1).sum())
    width = (4 if pairwise else 1) * k * (k + 1) // 2 + (0 if pairwise else k)
    if rows * width * 8 > MAX_BOOTSTRAP_BYTES:
        raise DataError(
            f"the bootstrap of {k} items over {rows} cases needs {rows * width * 8 / 2**30:.1f} GiB of "
            f"row products (limit {MAX_BOOTSTRAP_BYTES / 2**30:.0f} GiB); leave out the bootstrap or "
            "analyse fewer items at a time"
        )
    if pairwise:
        x = x[answered.any(axis=1)]
        answered = ~np.isnan(x)
        mf = answered.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(answered, x - np.where(answered, x, 0.0).sum(axis=0) / mf.sum(axis=0), 0.0)
        iu, ju = np.triu_indices(k)
        feats = np.hstack(
            [mf[:, iu] * mf[:, ju], z[:, iu] * mf[:, ju], z[:, ju] * mf[:, iu], z[:, iu] * z[:, ju]]
        )
    else:
        x = x[answered.all(axis=1)]
        z = x - x.mean(axis=0)
        iu, ju = np.triu_indices(k)
        feats = np.hstack([z, z[:, iu] * z[:, ju]])
    n = x.shape[0]
    start = None
    if k >= 3 and n > 1:
        full, _, _ = fit_one_factor(
            cov_to_cor(_batch_covariances(np.ones((1, n)), feats, k, pairwise))[:, :, :]
        )
        start = full[0] if np.isfinite(full).all() else None
    rng = np.random.default_rng(seed)
    # Each resample of a batch holds a k x k matrix (and the omega fit a few more): the batch
    # is bounded by the cells of the stack too, so memory does not grow with k^3.
    batch = max(1, min(n_boot, _BATCH_CELLS // max(n, 1), STACK_CELLS // (k * k)))
    values: dict[str, list[np.ndarray]] = {name: [] for name in BOOTSTRAP_COEFFICIENTS}
    done = 0
    while done < n_boot and n > 0:
        bb = min(batch, n_boot - done)
        idx = rng.integers(0, n, size=(bb, n))
        weights = np.bincount((idx + (np.arange(bb) * n)[:, None]).ravel(), minlength=bb * n)
        cov = _batch_covariances(weights.reshape(bb, n).astype(float), feats, k, pairwise)
        for name, v in _coefficients(cov, start).items():
            values[name].append(v)
        done += bb
    g = (1.0 - level) / 2.0
    intervals: dict[str, tuple[float, float]] = {}
    undefined: dict[str, int] = {}
    for name in BOOTSTRAP_COEFFICIENTS:
        v = np.concatenate(values[name]) if values[name] else np.empty(0)
        good = v[np.isfinite(v)]
        undefined[name] = int(v.size - good.size)
        if good.size:
            lo, hi = np.quantile(good, [g, 1.0 - g])
            intervals[name] = (float(lo), float(hi))
        else:
            intervals[name] = (float("nan"), float("nan"))
    return BootstrapResult(
        n_boot=int(n_boot),
        seed=int(seed),
        level=level,
        missing_rule=missing,
        n_cases=int(n),
        intervals=intervals,
        n_undefined=undefined,
    )
