"""The studentized range distribution: ``ptukey`` and ``qtukey`` (as R computes them).

Tukey's HSD and Games-Howell need the distribution of the studentized range
:math:`Q = (\\max_i Z_i - \\min_i Z_i)/S` of ``nmeans`` standard normal means divided by an
independent :math:`S`, :math:`\\nu S^2 \\sim \\chi^2_\\nu`. This module evaluates it by the
algorithm of Copenhaver & Holland (1988) with the constants, node sets and stopping rules
of R's ``ptukey``/``qtukey`` (``src/nmath/ptukey.c``, ``qtukey.c``), so the values agree
with R's to about 1e-13, and it costs a few milliseconds (``scipy.stats.studentized_range``
took a fixed 1-5 s per run, most of it importing ``scipy.stats``). The quadrature is
vectorised with numpy over every node at once instead of R's nested loops.

The accuracy is that of R (and of the published algorithm), not better: about 1e-8 or
better in the upper tail for ordinary df, less at df close to 2, where the outer
integral's fixed unit intervals meet the chi density's pole (for two means, where
:math:`P(Q > q) = P(|T_\\nu| > q/\\sqrt 2)` exactly, the relative error at
:math:`\\nu = 2.3` reaches about 2e-3 of a small p); ``qtukey`` stops its secant iteration
once two iterates differ by less than 1e-4 (R's ``eps``).
"""

from __future__ import annotations

import math

import numpy as np

from mcstats.stats._special import special

# Gauss-Legendre nodes and weights (Stroud & Secrest 1966), positive half, as in R's
# ptukey.c: 12 points for the inner (range) integral, 16 for the outer (chi) integral.
_XLEG = np.array(
    [
        0.981560634246719250690549090149,
        0.904117256370474856678465866119,
        0.769902674194304687036893833213,
        0.587317954286617447296702418941,
        0.367831498998180193752691536644,
        0.125233408511468915472441369464,
    ]
)
_ALEG = np.array(
    [
        0.047175336386511827194615961485,
        0.106939325995318430960254718194,
        0.160078328543346226334652529543,
        0.203167426723065921749064455810,
        0.233492536538354808760849898925,
        0.249147045813402785000562436043,
    ]
)
_XLEGQ = np.array(
    [
        0.989400934991649932596154173450,
        0.944575023073232576077988415535,
        0.865631202387831743880467897712,
        0.755404408355003033895101194847,
        0.617876244402643748446671764049,
        0.458016777657227386342419442984,
        0.281603550779258913230460501460,
        0.950125098376374401853193354250e-1,
    ]
)
_ALEGQ = np.array(
    [
        0.271524594117540948517805724560e-1,
        0.622535239386478928628438369944e-1,
        0.951585116824927848099251076022e-1,
        0.124628971255533872052476282192,
        0.149595988816576732081501730547,
        0.169156519395002538189312079030,
        0.182603415044923588866763667969,
        0.189450610455068496285396723208,
    ]
)
# The inner nodes in R's loop order (ascending: -x[0], ..., -x[5], x[5], ..., x[0]).
_X12 = np.concatenate([-_XLEG, _XLEG[::-1]])
_A12 = np.concatenate([_ALEG, _ALEG[::-1]])
# The outer nodes in R's loop order (-x[0], ..., -x[7], x[0], ..., x[7]).
_X16 = np.concatenate([-_XLEGQ, _XLEGQ])
_A16 = np.concatenate([_ALEGQ, _ALEGQ])

_M_1_SQRT_2PI = 0.398942280401432677939946059934
_M_LN2 = 0.693147180559945309417232121458
_MAX_INTERVALS = 50


# R's lgammafn above 10 (Stirling's series with its Chebyshev correction lgammacor, W.
# Fullerton's algmcs, first 5 terms): at df near 25000 the leading constant of the chi
# density is a difference of numbers near 1e5, so one ulp of lgamma moves P by 1e-11.
_ALGMCS = (
    0.1666389480451863247205729650822e0,
    -0.1384948176067563840732986059135e-4,
    0.9810825646924729426157171547487e-8,
    -0.1809129475572494194263306266719e-10,
    0.6221098041892605227126015543416e-13,
)
_M_LN_SQRT_2PI = 0.918938533204672741780329736406


def _lgamma(x: float) -> float:
    """log Gamma(x) for x > 0 computed as R's ``lgammafn`` (same series, same rounding)."""
    if x <= 10.0:
        return math.lgamma(x)
    if x > 4934720.0:
        return _M_LN_SQRT_2PI + (x - 0.5) * math.log(x) - x
    tmp = 10.0 / x
    twox = (tmp * tmp * 2.0 - 1.0) * 2.0
    b0 = b1 = b2 = 0.0
    for a in reversed(_ALGMCS):
        b2, b1 = b1, b0
        b0 = twox * b1 - b2 + a
    return _M_LN_SQRT_2PI + (x - 0.5) * math.log(x) - x + (b0 - b2) * 0.5 / x


def _wprob(w: np.ndarray, rr: float, cc: float) -> np.ndarray:
    """P(range of ``cc`` standard normals < w) raised to ``rr`` (Hartley's form), for an
    array of ranges ``w``: R's ``wprob``, with the loops over 2 or 3 intervals of
    (w/2, 8) and 12 Legendre nodes done as one array operation."""
    c1, c2, c3, bb, wlar = -30.0, -50.0, 60.0, 8.0, 3.0
    w = np.asarray(w, dtype=float)
    qsqz = w * 0.5
    # First term of Hartley's form: (2 Phi(w/2) - 1)^cc, zero below 2e-22.
    pr_w = 2.0 * special.ndtr(qsqz) - 1.0
    pr_w = np.where(pr_w >= math.exp(c2 / cc), np.power(np.maximum(pr_w, 0.0), cc), 0.0)
    # Second term: integral over (w/2, 8) in 2 intervals when w > 3, else 3.
    wincr = np.where(w > wlar, 2.0, 3.0)
    binc = (bb - qsqz) / wincr
    interval = np.arange(3.0)
    half = 0.5 * binc[..., None]  # b
    mid = qsqz[..., None] + (interval + 0.5) * binc[..., None]  # a
    ac = mid[..., None] + half[..., None] * _X12  # shape w.shape + (3, 12)
    qexpo = ac * ac
    cc1 = cc - 1.0
    rinsum = special.ndtr(ac) - special.ndtr(ac - w[..., None, None])
    use = (qexpo <= c3) & (rinsum >= math.exp(c1 / cc1))
    use &= (interval < wincr[..., None])[..., None]
    term = np.where(use, _A12 * np.exp(-0.5 * qexpo) * np.power(np.maximum(rinsum, 0.0), cc1), 0.0)
    elsum = term.sum(axis=-1) * (2.0 * half * cc * _M_1_SQRT_2PI)
    pr_w = pr_w + elsum.sum(axis=-1)
    out = np.where(pr_w <= math.exp(c1 / rr), 0.0, np.power(np.maximum(pr_w, 0.0), rr))
    out = np.minimum(out, 1.0)
    return np.where(qsqz >= bb, 1.0, out)


#: Values per array operation in :func:`_ptukey_lower`: each takes 800 outer nodes and up
#: to 36 inner ones, so a few hundred keep the arrays to tens of megabytes.
_CHUNK = 256


def _ptukey_lower(q: np.ndarray, df: np.ndarray, rr: float, cc: float) -> np.ndarray:
    """P(Q < q) for positive finite q, each with its own df (2 <= df): R's ``ptukey``
    integral, for many values at once (each one's sums are R's, whatever its neighbours)."""
    q = np.asarray(q, dtype=float).reshape(-1)
    df = np.broadcast_to(np.asarray(df, dtype=float), q.shape)
    out = np.empty(q.shape)
    large = df > 25000.0  # R's dlarg: the chi factor is replaced by 1 (the range itself)
    if large.any():
        out[large] = _wprob(q[large], rr, cc)
    rest = np.flatnonzero(~large)
    for start in range(0, rest.size, _CHUNK):
        sel = rest[start : start + _CHUNK]
        out[sel] = _ptukey_integral(q[sel], df[sel], rr, cc)
    return out


def _ptukey_integral(q: np.ndarray, df: np.ndarray, rr: float, cc: float) -> np.ndarray:
    """The outer (chi) integral of :func:`_ptukey_lower` for df up to 25000, one row per value."""
    f2 = df * 0.5
    f2lf = f2 * np.log(df) - df * _M_LN2 - np.array([_lgamma(float(x)) for x in f2])
    f21 = f2 - 1.0
    ff4 = df * 0.25
    ulen = np.select([df <= 100.0, df <= 800.0, df <= 5000.0], [1.0, 0.5, 0.25], 0.125)
    f2lf += np.log(ulen)
    i = np.arange(1, _MAX_INTERVALS + 1, dtype=float)
    twa1 = (2.0 * i - 1.0) * ulen[:, None]  # (values, 50)
    u = twa1[:, :, None] + _X16 * ulen[:, None, None]  # (values, 50, 16): the chi nodes
    t1 = f2lf[:, None, None] + f21[:, None, None] * np.log(u) - u * ff4[:, None, None]
    use = t1 >= -30.0  # exp(t1) < 9e-14 does not contribute
    weight = np.where(use, _A16 * np.exp(np.where(use, t1, 0.0)), 0.0)
    scale = np.sqrt(u * 0.5)
    at = np.nonzero(use)
    contrib = np.zeros(u.shape)
    contrib[at] = _wprob(q[at[0]] * scale[at], rr, cc) * weight[at]
    otsum = contrib.sum(axis=-1)  # (values, 50)
    # Stop at the first interval (after 1/ulen of them) whose integral is <= 1e-14; that
    # interval is not added.
    stop = (i * ulen[:, None] >= 1.0) & (otsum <= 1e-14)
    first = np.where(stop.any(axis=1), stop.argmax(axis=1), _MAX_INTERVALS)
    keep = np.arange(_MAX_INTERVALS)[None, :] < first[:, None]
    return np.minimum(np.where(keep, otsum, 0.0).sum(axis=1), 1.0)


def ptukey(
    q: float | np.ndarray,
    nmeans: int,
    df: float | np.ndarray,
    nranges: int = 1,
    *,
    lower_tail: bool = True,
) -> np.ndarray | float:
    r"""Distribution function of the studentized range, as R's ``ptukey``.

    Parameters
    ----------
    q : float or array
        Values of the studentized range.
    nmeans : int
        Number of means in the range (the groups of a Tukey test), at least 2.
    df : float or array
        Degrees of freedom of the error variance; at least 2 (NaN below, as R), ``inf`` for
        a known variance. Broadcast against ``q``.
    nranges : int, optional
        Number of independent ranges whose maximum is taken (R's ``nranges``), default 1.
    lower_tail : bool, optional
        ``True`` for :math:`P(Q \le q)`, ``False`` for :math:`P(Q > q)` (computed as one minus
        the lower tail, as R does).

    Returns
    -------
    float or numpy.ndarray
        The probability; a float when ``q`` and ``df`` are scalars.

    Notes
    -----
    With :math:`k` means, :math:`r` ranges and :math:`\nu` df,

    .. math::

        P(Q \le q) = \int_0^\infty W\!\big(q\sqrt{u/2}\big)
        \frac{(\nu/2)^{\nu/2}}{\Gamma(\nu/2)} u^{\nu/2 - 1} e^{-\nu u/4}\,\tfrac12\,du,
        \qquad
        W(w) = \Big[\big(2\Phi(w/2) - 1\big)^k + k\!\int_{w/2}^{\infty}\!\phi(x)
        \big(\Phi(x) - \Phi(x - w)\big)^{k-1}dx\Big]^r,

    Hartley's form of the range distribution :math:`W` inside the integral over the
    chi-square variable. Both integrals are Gauss-Legendre sums (Copenhaver & Holland 1988):
    :math:`W` over 2 or 3 equal intervals of :math:`(w/2, 8)` with 12 nodes each; the outer
    integral over successive intervals of length 1, 1/2, 1/4 or 1/8 (by df: up to 100, 800,
    5000, 25000) with 16 nodes each, stopping at the first interval (from :math:`u = 1`
    on) that adds at most 1e-14, at most 50 intervals. Above 25000 df the outer integral is
    dropped (:math:`P = W(q)`). Nodes whose contribution is below :math:`e^{-30}` are
    skipped, as in R, so the values are R's to rounding.

    References
    ----------
    Copenhaver, M. D. & Holland, B. S. (1988). Computation of the distribution of the
    maximum studentized range statistic with application to multiple significance testing
    of simple effects. *Journal of Statistical Computation and Simulation* 30, 1-15.
    R Core Team, ``src/nmath/ptukey.c`` (R's implementation of that algorithm).
    Stroud, A. H. & Secrest, D. (1966). *Gaussian Quadrature Formulas*. Prentice-Hall.

    Examples
    --------
    >>> round(float(ptukey(3.5, 3, 12)), 10)  # R: ptukey(3.5, 3, 12)
    0.9300045147
    >>> round(float(ptukey(3.5, 2, 12, lower_tail=False)), 8)  # about 2 pt(-3.5/sqrt(2), 12)
    0.02923136
    """
    qa, dfa = np.broadcast_arrays(np.asarray(q, dtype=float), np.asarray(df, dtype=float))
    scalar = qa.ndim == 0
    qa, dfa = np.atleast_1d(qa).astype(float), np.atleast_1d(dfa).astype(float)
    out = np.full(qa.shape, np.nan)
    rr, cc = float(nranges), float(nmeans)
    bad = np.isnan(qa) | np.isnan(dfa) | (dfa < 2) | (rr < 1) | (cc < 2)
    out[~bad & (qa <= 0)] = 0.0
    out[~bad & np.isposinf(qa)] = 1.0
    todo = ~bad & (qa > 0) & np.isfinite(qa)
    if todo.any():
        out[todo] = _ptukey_lower(qa[todo], dfa[todo], rr, cc)
    if not lower_tail:
        out = 0.5 - out + 0.5
    return float(out[0]) if scalar else out


def _qinv(p: float, c: float, v: float) -> float:
    """Starting value for qtukey's secant search: part of Odeh & Evans (1974), AS 70."""
    p0, q0 = 0.322232421088, 0.993484626060e-01
    p1, q1 = -1.0, 0.588581570495
    p2, q2 = -0.342242088547, 0.531103462366
    p3, q3 = -0.204231210125, 0.103537752850
    p4, q4 = -0.453642210148e-04, 0.38560700634e-02
    c1, c2, c3, c4, c5, vmax = 0.8832, 0.2368, 1.214, 1.208, 1.4142, 120.0
    ps = 0.5 - 0.5 * p
    yi = math.sqrt(math.log(1.0 / (ps * ps)))
    t = yi + ((((yi * p4 + p3) * yi + p2) * yi + p1) * yi + p0) / (
        (((yi * q4 + q3) * yi + q2) * yi + q1) * yi + q0
    )
    if v < vmax:
        t += (t * t * t + t) / v / 4.0
    q = c1 - c2 * t
    if v < vmax:
        q += -c3 / v + c4 * t / v
    return t * (q * math.log(c - 1.0) + c5)


def qtukey(
    p: float | np.ndarray,
    nmeans: int,
    df: float | np.ndarray,
    nranges: int = 1,
    *,
    lower_tail: bool = True,
) -> np.ndarray | float:
    r"""Quantile of the studentized range, as R's ``qtukey``.

    Parameters
    ----------
    p : float or array
        Probability (of :math:`Q \le q`, or of :math:`Q > q` with ``lower_tail=False``).
    nmeans : int
        Number of means, at least 2.
    df : float or array
        Error degrees of freedom, at least 2 (NaN below), ``inf`` allowed. Broadcast
        against ``p`` (Games-Howell: one df per pair of groups, all in one call).
    nranges : int, optional
        Number of ranges (R's ``nranges``), default 1.
    lower_tail : bool, optional
        Whether ``p`` is the lower tail.

    Returns
    -------
    float or numpy.ndarray
        The quantile; 0 at p = 0 and ``inf`` at p = 1 (lower tail), NaN outside [0, 1]; a
        float when ``p`` and ``df`` are scalars. Each value's iterations are its own (the
        same numbers as a call for that value alone).

    Notes
    -----
    The secant method on :func:`ptukey`, started at Odeh & Evans' (1974) approximation
    :math:`x_0` and at :math:`x_0 \pm 1`; it stops when two successive iterates differ by
    less than :math:`10^{-4}` (at most 50 iterations), R's rule, so the result is R's value
    to rounding (its distance from the exact quantile is usually far below 1e-4: the secant
    converges superlinearly).

    References
    ----------
    Copenhaver, M. D. & Holland, B. S. (1988). *Journal of Statistical Computation and
    Simulation* 30, 1-15. Odeh, R. E. & Evans, J. O. (1974). Algorithm AS 70: percentage
    points of the normal distribution. *Applied Statistics* 23, 96-97. R Core Team,
    ``src/nmath/qtukey.c``.

    Examples
    --------
    >>> round(qtukey(0.95, 3, 12), 8)  # R: qtukey(0.95, 3, 12)
    3.77292896
    """
    pa, dfa = np.broadcast_arrays(np.asarray(p, dtype=float), np.asarray(df, dtype=float))
    scalar, shape = pa.ndim == 0, pa.shape
    pa, dfa = np.atleast_1d(pa).astype(float).reshape(-1), np.atleast_1d(dfa).astype(float).reshape(-1)
    rr, cc = float(nranges), float(nmeans)
    out = np.full(pa.shape, math.nan)
    ok = ~(np.isnan(pa) | np.isnan(dfa) | (dfa < 2)) & (rr >= 1) & (cc >= 2) & (pa >= 0.0) & (pa <= 1.0)
    if not lower_tail:
        pa = 0.5 - pa + 0.5
    out[ok & (pa == 0.0)] = 0.0
    out[ok & (pa == 1.0)] = math.inf
    todo = np.flatnonzero(ok & (pa > 0.0) & (pa < 1.0))
    if todo.size:
        out[todo] = _secant(pa[todo], dfa[todo], nmeans, nranges)
    return float(out[0]) if scalar else out.reshape(shape)


def _secant(p: np.ndarray, df: np.ndarray, nmeans: int, nranges: int) -> np.ndarray:
    """R's secant search of ``qtukey`` for many (p, df) at once: each value iterates until
    two of its iterates differ by less than 1e-4 (at most 50 steps), then stays put."""
    cc = float(nmeans)

    def dist(x: np.ndarray, at: np.ndarray) -> np.ndarray:
        return np.asarray(ptukey(x, nmeans, df[at], nranges)) - p[at]

    every = np.arange(p.size)
    x0 = np.array([_qinv(float(pi), cc, float(d)) for pi, d in zip(p, df, strict=True)])
    valx0 = dist(x0, every)
    x1 = np.where(valx0 > 0.0, np.maximum(0.0, x0 - 1.0), x0 + 1.0)
    valx1 = dist(x1, every)
    ans = np.zeros(p.size)
    active = every
    for _ in range(1, 50):
        # IEEE division as in C: equal values give +-inf or NaN (R then returns NaN).
        with np.errstate(all="ignore"):
            step = x1[active] - (valx1[active] * (x1[active] - x0[active])) / (valx1[active] - valx0[active])
        valx0[active] = valx1[active]
        x0[active] = x1[active]
        step = np.where(step < 0.0, 0.0, step)
        ans[active] = step
        valx1[active] = dist(step, active)
        x1[active] = step
        done = np.abs(x1[active] - x0[active]) < 0.0001
        active = active[~done]
        if not active.size:
            break
    return ans
    return ans
