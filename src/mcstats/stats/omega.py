"""McDonald's omega total from a one-factor minimum-residual (minres) factor analysis.

The estimator is the one R's ``psych::omega(x, nfactors = 1, flip = FALSE)`` uses, which
is also the call jamovi makes for its "McDonald's omega": a one-factor model fitted to the
item correlation matrix by minimum residuals (unweighted least squares on the off-diagonal
correlations), and

.. math::

    \\omega_t = \\frac{\\mathbf 1'R\\mathbf 1 - \\sum_i (1 - \\lambda_i^2)}{\\mathbf 1'R\\mathbf 1}.

The fit is a damped Newton iteration on the loadings, vectorised over a stack of matrices
(the bootstrap fits all its resamples at once). When a communality would exceed 0.995 (a
Heywood case), the loadings are refitted the way ``psych::fa`` bounds them: uniquenesses
in [0.005, 1], loadings from the leading eigenvector of R with 1 - uniqueness on the
diagonal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mcstats.stats.guttman import cov_to_cor, squared_multiple_correlations

#: psych::fa bounds the uniquenesses below by 0.005, so no communality exceeds 0.995.
MAX_COMMUNALITY = 0.995

ESTIMATOR = (
    "one-factor minres (unweighted least squares) fit to the item correlations; "
    "R: psych::omega(x, nfactors = 1, flip = FALSE)$omega.tot, as jamovi computes it"
)


@dataclass(frozen=True)
class OmegaResult:
    """McDonald's omega total of one scale with the one-factor loadings behind it.

    ``heywood`` is true when a communality reached the bound 0.995 (a Heywood case: the
    one-factor model does not fit those items well; omega is then at the edge of the
    admissible region). ``converged`` is false if the fit did not reach a stationary point.
    """

    omega_total: float
    loadings: tuple[float, ...]
    heywood: bool
    converged: bool
    estimator: str = ESTIMATOR


def _off_residual(r: np.ndarray, lam: np.ndarray) -> np.ndarray:
    e = r - lam[..., :, None] * lam[..., None, :]
    k = r.shape[-1]
    e[..., np.arange(k), np.arange(k)] = 0.0
    return e


def _objective(r: np.ndarray, lam: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (_off_residual(r, lam) ** 2).sum(axis=(-2, -1)))


def _start(r: np.ndarray) -> np.ndarray:
    """Leading principal axis of R with the SMCs on the diagonal (psych's start)."""
    k = r.shape[-1]
    smc = squared_multiple_correlations(r)
    off = np.abs(r).copy()
    off[..., np.arange(k), np.arange(k)] = 0.0
    smc = np.where(np.isfinite(smc), smc, off.max(axis=-1))
    m = r.copy()
    m[..., np.arange(k), np.arange(k)] = smc
    vals, vecs = np.linalg.eigh(m)
    lam = vecs[..., :, -1] * np.sqrt(np.maximum(vals[..., -1], 1e-6))[..., None]
    return np.asarray(lam)


def _newton(r: np.ndarray, lam: np.ndarray, *, max_iter: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Minimise 0.5 * sum_{i != j} (r_ij - l_i l_j)^2 for each matrix of the stack."""
    b, k = lam.shape
    diag = (np.arange(k), np.arange(k))
    eye = np.eye(k)
    lam = lam.copy()
    f = _objective(r, lam)
    active = np.ones(b, dtype=bool)
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        rr, ll, ff = r[idx], lam[idx], f[idx]
        outer = ll[:, :, None] * ll[:, None, :]
        e = rr - outer
        e[:, diag[0], diag[1]] = 0.0
        g = -2.0 * np.einsum("bij,bj->bi", e, ll)
        h = -2.0 * (rr - 2.0 * outer)
        h[:, diag[0], diag[1]] = 2.0 * ((ll**2).sum(axis=1)[:, None] - ll**2)
        try:  # positive definite for every matrix (the usual case near the optimum): plain Newton
            np.linalg.cholesky(h)
            mu = np.zeros(idx.size)
        except np.linalg.LinAlgError:  # otherwise damp each Hessian to positive definite
            w = np.linalg.eigvalsh(h)
            mu = np.maximum(0.0, 1e-8 * np.maximum(1.0, np.abs(w).max(axis=1)) - w.min(axis=1))
        hm = h + mu[:, None, None] * eye
        try:
            step = np.linalg.solve(hm, -g[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:  # singular to working precision (a degenerate matrix)
            step = (np.linalg.pinv(hm) @ -g[:, :, None])[:, :, 0]
        tiny = np.abs(step).max(axis=1) < 1e-12 * np.maximum(1.0, np.abs(ll).max(axis=1))
        t = np.ones(idx.size)
        new, fn = ll + step, _objective(rr, ll + step)
        for _ in range(60):
            bad = (fn > ff) & ~tiny
            if not bad.any():
                break
            t = np.where(bad, t / 2.0, t)
            new = ll + t[:, None] * step
            fn = np.where(bad, _objective(rr, new), fn)
        keep = (fn <= ff) | tiny
        lam[idx] = np.where(keep[:, None], new, ll)
        f[idx] = np.where(keep, fn, ff)
        stalled = (ff - fn) <= 1e-15 * ff
        active[idx[tiny | ~keep | stalled]] = False
    e = _off_residual(r, lam)
    grad = np.abs(np.einsum("bij,bj->bi", e, lam)).max(axis=1)
    return lam, grad < 1e-8


def _psych_bounded_fit(r: np.ndarray) -> np.ndarray:
    """psych::fa's minres with uniquenesses bounded to [0.005, 1], for a Heywood case."""
    from scipy.optimize import minimize

    k = r.shape[0]
    diag = (np.arange(k), np.arange(k))

    def eig(psi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        s = r.copy()
        s[diag] = 1.0 - psi
        vals, vecs = np.linalg.eigh(s)
        return np.asarray(vals), np.asarray(vecs)

    def loadings(psi: np.ndarray) -> np.ndarray:
        vals, vecs = eig(psi)
        return np.asarray(vecs[:, -1] * np.sqrt(max(float(vals[-1]), 100 * np.finfo(float).eps)))

    def fit_and_gradient(psi: np.ndarray) -> tuple[float, np.ndarray]:
        # f(psi) = F(lam(psi)) with lam = sqrt(e1) v1 of R - diag(psi) (diagonal 1 - psi).
        # d e1 / d psi_m = -v1_m^2 and d v1 / d psi_m = -v1_m P e_m with
        # P = sum_{l > 1} v_l v_l' / (e1 - e_l), so df/dpsi_m = -v1_m^2 (v1.g) / (2 sqrt e1)
        # - sqrt(e1) v1_m (P g)_m, where g = dF/dlam.
        vals, vecs = eig(psi)
        e1 = max(float(vals[-1]), 100 * np.finfo(float).eps)
        v1 = vecs[:, -1]
        lam = v1 * np.sqrt(e1)
        e = r - np.outer(lam, lam)
        e[diag] = 0.0
        g = -2.0 * e @ lam
        gaps = e1 - vals[:-1]
        with np.errstate(divide="ignore"):
            pg = vecs[:, :-1] @ np.where(gaps > 0, (vecs[:, :-1].T @ g) / gaps, 0.0)
        grad = -(v1**2) * float(v1 @ g) / (2.0 * np.sqrt(e1)) - np.sqrt(e1) * v1 * pg
        return float(0.5 * (e**2).sum()), np.asarray(grad)

    smc = squared_multiple_correlations(r)
    start = np.clip(1.0 - np.where(np.isfinite(smc), smc, 0.5), 1.0 - MAX_COMMUNALITY, 1.0)
    res = minimize(
        fit_and_gradient,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(1.0 - MAX_COMMUNALITY, 1.0)] * k,
        options={"ftol": 1e-16, "gtol": 1e-13, "maxiter": 10000, "maxcor": 20},
    )
    return loadings(res.x)


def fit_one_factor(
    corr: np.ndarray, start: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One-factor minres loadings of a stack of correlation matrices ``(b, k, k)``.

    Returns the loadings ``(b, k)`` (sign chosen so that they sum to a positive number, as
    psych does), a Heywood flag and a convergence flag per matrix. A matrix with a
    non-finite entry gets NaN loadings. ``start`` (k loadings) replaces the principal-axis
    start values, e.g. the full-sample solution for bootstrap resamples.
    """
    r = np.asarray(corr, dtype=float)
    b, k = r.shape[0], r.shape[-1]
    finite = np.isfinite(r).all(axis=(1, 2))
    lam = np.full((b, k), np.nan)
    heywood = np.zeros(b, dtype=bool)
    converged = np.zeros(b, dtype=bool)
    if finite.any():
        rf = r[finite]
        init = _start(rf) if start is None else np.broadcast_to(np.asarray(start, float), (rf.shape[0], k))
        lf, ok = _newton(rf, np.asarray(init))
        hey = (lf**2 > MAX_COMMUNALITY).any(axis=1)
        for i in np.flatnonzero(hey):
            lf[i] = _psych_bounded_fit(rf[i])
            ok[i] = True
        lam[finite], heywood[finite], converged[finite] = lf, hey, ok
    sign = np.where(np.nansum(lam, axis=1) < 0, -1.0, 1.0)
    return lam * sign[:, None], heywood, converged


def omega_from_loadings(corr: np.ndarray, loadings: np.ndarray) -> np.ndarray:
    """Omega total (psych's ``omega.tot``) of correlation matrices and their loadings."""
    total = np.asarray(corr).sum(axis=(-2, -1))
    unique = (1.0 - np.asarray(loadings) ** 2).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray((total - unique) / total)


def omega_total(cov: np.ndarray) -> OmegaResult:
    r"""McDonald's omega total of a scale from a one-factor minres model.

    Parameters
    ----------
    cov : np.ndarray
        Item covariance or correlation matrix (k x k, k >= 3), items reverse-keyed.

    Returns
    -------
    OmegaResult
        ``omega_total``, the standardized ``loadings``, and ``heywood``/``converged``
        flags. NaN (with no loadings) for fewer than three items or an item without
        variance.

    Notes
    -----
    The loadings :math:`\lambda` minimise :math:`\sum_{i<j}(r_{ij}-\lambda_i\lambda_j)^2`
    (minres; Harman 1976) over the correlation matrix R, and

    .. math::

        \omega_t = \frac{\mathbf 1'R\mathbf 1 - \sum_i u_i^2}{\mathbf 1'R\mathbf 1},
        \qquad u_i^2 = 1 - \lambda_i^2,

    which is ``psych::omega(x, nfactors = 1, flip = FALSE)$omega.tot`` (jamovi's call).
    With every loading positive psych's default ``flip = TRUE`` gives the same value.
    Because R is a correlation matrix, this is the reliability of the sum of the
    standardized items.

    References
    ----------
    McDonald, R. P. (1999). *Test theory: A unified treatment*. Erlbaum.
    Revelle, W. and Zinbarg, R. E. (2009). Coefficients alpha, beta, omega and the glb.
    *Psychometrika*, 74, 145-154.

    Examples
    --------
    >>> r = np.array([[1.0, 0.5, 0.4, 0.3], [0.5, 1.0, 0.45, 0.35],
    ...               [0.4, 0.45, 1.0, 0.3], [0.3, 0.35, 0.3, 1.0]])
    >>> res = omega_total(r)
    >>> round(res.omega_total, 4), [round(x, 3) for x in res.loadings]
    (0.7194, [0.658, 0.748, 0.61, 0.47])

    R: ``psych::omega(r, nfactors = 1, flip = FALSE)$omega.tot`` gives 0.7193990 and
    ``psych::fa(r, 1)`` the loadings 0.658, 0.748, 0.610, 0.470.
    """
    c = np.asarray(cov, dtype=float)
    k = c.shape[0]
    nan = float("nan")
    if k < 3 or not np.all(np.diag(c) > 0):
        return OmegaResult(omega_total=nan, loadings=(), heywood=False, converged=False)
    r = cov_to_cor(c)
    lam, hey, ok = fit_one_factor(r[None])
    return OmegaResult(
        omega_total=float(omega_from_loadings(r, lam[0])),
        loadings=tuple(float(v) for v in lam[0]),
        heywood=bool(hey[0]),
        converged=bool(ok[0]),
    )


#: Scales up to this many items fit each deletion with the full Newton iteration.
DIRECT_DELETION_MAX_K = 40
#: At most this many matrix cells are stacked at once (the deletion fits of small scales and
#: the batch of loading vectors of large ones): memory stays bounded whatever the item count.
STACK_CELLS = 1_000_000


def _direct_deletions(r: np.ndarray) -> np.ndarray:
    """Omega without each item, each deletion fitted on its own (k - 1) x (k - 1) matrix;
    the fits are stacked in batches of at most :data:`STACK_CELLS` cells."""
    k = r.shape[0]
    per = max(1, STACK_CELLS // (k * k))
    out = np.empty(k)
    for lo in range(0, k, per):
        subs = np.stack([np.delete(np.delete(r, i, axis=0), i, axis=1) for i in range(lo, min(k, lo + per))])
        lam, _, _ = fit_one_factor(subs)
        out[lo : lo + subs.shape[0]] = omega_from_loadings(subs, lam)
    return out


def _warm_deletions(r: np.ndarray, *, max_iter: int = 200) -> np.ndarray:
    """Omega without each item of a large scale in O(k^2) memory and O(k^2) work per step.

    Every deletion starts from the full scale's loadings with the deleted one set to zero
    and takes quasi-Newton steps with the inverse of the full scale's Hessian, restricted
    to the other items by a Schur complement (the inverse of a principal submatrix of H is
    ``Hinv - Hinv[:, i] Hinv[i, :] / Hinv[i, i]`` on the remaining rows and columns). The
    gradients of a batch of deletions are one matrix product, so a scale of 1000 items
    takes seconds and tens of megabytes. The stationary point is the one the direct fit
    finds (same equations, same tolerance); a deletion that does not converge this way, or
    reaches a Heywood case, is fitted directly.
    """
    k = r.shape[0]
    full, hey, _ = fit_one_factor(r[None])
    lam = full[0]
    if not np.isfinite(lam).all():
        return np.full(k, np.nan)
    diag = np.arange(k)
    r_off = r.copy()
    r_off[diag, diag] = 0.0
    h = -2.0 * (r - 2.0 * np.outer(lam, lam))
    h[diag, diag] = 2.0 * ((lam**2).sum() - lam**2)
    w = np.linalg.eigvalsh(h)
    mu = max(0.0, 1e-8 * max(1.0, float(np.abs(w).max())) - float(w.min()))
    try:
        hinv = np.linalg.inv(h + mu * np.eye(k))
    except np.linalg.LinAlgError:
        hinv = np.linalg.pinv(h + mu * np.eye(k))
    total = r.sum()
    row_sums = r.sum(axis=1)
    out = np.full(k, np.nan)
    per = max(1, min(k, STACK_CELLS // k))
    for lo in range(0, k, per):
        idx = np.arange(lo, min(k, lo + per))
        cols = np.arange(idx.size)
        ll = np.repeat(lam[:, None], idx.size, axis=1)
        ll[idx, cols] = 0.0
        done = np.zeros(idx.size, dtype=bool)
        for _ in range(max_iter):
            act = np.flatnonzero(~done)
            if act.size == 0:
                break
            la, ia = ll[:, act], idx[act]
            g = -2.0 * (r_off @ la - la * ((la**2).sum(axis=0) - la**2))
            g[ia, np.arange(act.size)] = 0.0
            scale = np.maximum(1.0, np.abs(la).max(axis=0))
            conv = np.abs(g).max(axis=0) < 2e-12 * scale
            done[act[conv]] = True
            step = hinv @ g
            step -= hinv[:, ia] * (step[ia, np.arange(act.size)] / hinv[ia, ia])[None, :]
            step[ia, np.arange(act.size)] = 0.0
            ll[:, act] = la - np.where(conv[None, :], 0.0, step)
        bad = ~done | (ll**2 > MAX_COMMUNALITY).any(axis=0) | ~np.isfinite(ll).all(axis=0)
        if hey[0]:
            bad[:] = True
        unique = (k - 1) - (ll**2).sum(axis=0)
        t = total - 2.0 * row_sums[idx] + r[idx, idx]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[idx] = (t - unique) / t
        for j in np.flatnonzero(bad):
            i = int(idx[j])
            sub = np.delete(np.delete(r, i, axis=0), i, axis=1)
            lj, _, _ = fit_one_factor(sub[None])
            out[i] = float(omega_from_loadings(sub, lj[0]))
    return out


def omega_if_deleted(cov: np.ndarray) -> np.ndarray:
    """Omega total of the scale without each item in turn (k values; NaN when k - 1 < 3).

    Each value is :func:`omega_total` of the correlation matrix without that item's row and
    column (jamovi's "omega if item dropped").

    Notes
    -----
    Memory is O(k^2) whatever the number of items k: up to
    :data:`DIRECT_DELETION_MAX_K` items each deletion is fitted on its own (stacked in
    bounded batches); above, the deletions start from the full scale's loadings and share
    its Hessian (see :func:`_warm_deletions`), so 1000 items take seconds, not the k
    copies of a k x k matrix a stacked fit would need.

    >>> r = np.array([[1.0, 0.5, 0.4, 0.3], [0.5, 1.0, 0.45, 0.35],
    ...               [0.4, 0.45, 1.0, 0.3], [0.3, 0.35, 0.3, 1.0]])
    >>> np.round(omega_if_deleted(r), 4).tolist()
    [0.6431, 0.605, 0.6645, 0.7135]

    R: ``sapply(1:4, function(i) psych::omega(r[-i, -i], 1, flip = FALSE)$omega.tot)`` gives
    0.6430859, 0.6050000, 0.6645095, 0.7134990.
    """
    c = np.asarray(cov, dtype=float)
    k = c.shape[0]
    if k - 1 < 3:
        return np.full(k, np.nan)
    r = cov_to_cor(c)
    if k <= DIRECT_DELETION_MAX_K:
        return _direct_deletions(r)
    return _warm_deletions(r)
