"""Every reliability figure of one scale, from one covariance matrix and one deletion rule.

:func:`scale_reliability` extends :func:`mcstats.stats.reliability.cronbach_alpha` with
McDonald's omega total, Guttman's lambda-2 and lambda-6, split-half coefficients, three
kinds of confidence interval for alpha (Feldt, Duhachek-Iacobucci, percentile bootstrap),
squared multiple correlations, flags for items that correlate negatively with the rest,
and optionally alpha and omega from polychoric correlations. All Pearson-based figures,
item-total statistics included, come from the same covariance matrix, computed with
listwise or pairwise deletion, so one table never mixes deletion rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from mcstats.errors import DataError
from mcstats.stats.alpha_ci import (
    BOOTSTRAP_COEFFICIENTS,
    BootstrapResult,
    bootstrap_reliability,
    duhachek_ci,
)
from mcstats.stats.guttman import (
    SplitHalf,
    first_second_split,
    guttman_lambdas,
    odd_even_split,
    split_half,
    squared_multiple_correlations,
)
from mcstats.stats.omega import ESTIMATOR, MAX_COMMUNALITY, omega_from_loadings, omega_if_deleted, omega_total
from mcstats.stats.omega import fit_one_factor as _fit_one_factor
from mcstats.stats.pairwise import pairwise_covariance
from mcstats.stats.reliability import (
    ItemTotalStatistics,
    ReliabilityResult,
    check_complete_cases,
    feldt_ci,
    reliability_from_moments,
)

MISSING_RULES = ("listwise", "pairwise")

#: Names of the coefficients in reports, keyed by their results.json names.
COEFFICIENT_LABELS = {
    "alpha": "Cronbach's alpha",
    "alpha_standardized": "Standardized alpha",
    "omega_total": "McDonald's omega total",
    "lambda2": "Guttman's lambda-2",
    "lambda6": "Guttman's lambda-6",
}

_NAN = float("nan")


@dataclass(frozen=True)
class ItemReliability(ItemTotalStatistics):
    """One row of the item-total table, with the diagnostics a reviewer expects.

    ``n_min``/``n_max``: range of the N of the covariances of this item with the others
    (both equal N under listwise deletion); ``smc``: squared multiple correlation with the
    other items; ``loading``: its one-factor loading; ``omega_if_deleted``;
    ``zero_variance`` and ``negative_item_total`` flags.
    """

    n_min: int = 0
    n_max: int = 0
    smc: float = _NAN
    loading: float = _NAN
    omega_if_deleted: float = _NAN
    zero_variance: bool = False
    negative_item_total: bool = False


@dataclass(frozen=True)
class ConfidenceInterval:
    """A confidence interval of one coefficient, with the method that produced it."""

    coefficient: str
    method: str
    level: float
    lower: float
    upper: float
    n: int
    detail: str


@dataclass(frozen=True)
class BootstrapInfo:
    """How the bootstrap intervals were made: resamples, seed and the cases resampled."""

    n_boot: int
    seed: int
    level: float
    n_cases: int
    n_undefined: dict[str, int]
    method: str = "percentile bootstrap"


@dataclass(frozen=True)
class OrdinalReliability:
    """Alpha and omega total from the polychoric correlation matrix (``--ordinal``)."""

    alpha: float
    omega_total: float
    n_pairwise_min: int
    n_pairwise_max: int
    global_thresholds: bool
    smoothed: bool
    omega_heywood: bool
    loadings: dict[str, float]
    thresholds: dict[str, list[float]]
    polychoric: dict[str, dict[str, float]]
    note: str | None = None
    correlation: str = "polychoric"


@dataclass(frozen=True)
class ScaleReliability(ReliabilityResult):
    """Every reliability figure of a scale (see :func:`scale_reliability`).

    Extends :class:`~mcstats.stats.reliability.ReliabilityResult`; under pairwise
    deletion ``n`` is the smallest N behind a covariance and ``n_excluded`` counts the rows
    that answered no item of the scale.
    """

    n_pairwise_min: int = 0
    n_pairwise_max: int = 0
    omega_total: float = _NAN
    omega_estimator: str = ESTIMATOR
    omega_heywood: bool = False
    lambda2: float = _NAN
    lambda6: float = _NAN
    lambda2_standardized: float = _NAN
    lambda6_standardized: float = _NAN
    split_half: dict[str, SplitHalf] = field(default_factory=dict)
    alpha_se: float = _NAN
    intervals: tuple[ConfidenceInterval, ...] = ()
    bootstrap: BootstrapInfo | None = None
    ordinal: OrdinalReliability | None = None
    negative_items: tuple[str, ...] = ()
    diagnostics: tuple[str, ...] = ()


#: The corrected item-total r at or above which no reverse-key warning is given, whatever N.
REVERSE_WARNING_R = -0.1
#: The normal quantile of the two-sided 95% interval of that r (Fisher's z).
_Z975 = 1.959963984540054


def clearly_negative_item_total(r: float, n: int) -> bool:
    r"""Whether a corrected item-total r is negative enough to suggest a missing reverse-key.

    Parameters
    ----------
    r : float
        The corrected item-total correlation (the item against the sum of the others).
    n : int
        The cases behind it: the scale's N (complete cases, or the smallest pairwise N).

    Returns
    -------
    bool
        True when r is below :data:`REVERSE_WARNING_R` (-0.1) *and* its 95% confidence
        interval lies below zero.

    Notes
    -----
    The interval is Fisher's: :math:`\tanh(\operatorname{atanh} r \pm 1.96/\sqrt{n-3})`,
    so the rule is :math:`r < -0.1` and :math:`\operatorname{atanh} r + 1.96/\sqrt{n - 3} < 0`
    (no interval, so no warning, for :math:`n \le 3`). The interval keeps a small sample's
    chance negatives quiet; the floor keeps a large sample's negligible ones quiet (on a
    million random answers r is about :math:`\pm 0.001`, which the interval alone would
    flag for one item in forty). A forgotten reverse-key gives r well below -0.1.

    References
    ----------
    Fisher, R. A. (1921). On the "probable error" of a coefficient of correlation deduced
    from a small sample. *Metron* 1, 3-32.

    Examples
    --------
    >>> clearly_negative_item_total(-0.001, 1_000_000)  # noise at scale
    False
    >>> clearly_negative_item_total(-0.35, 30)  # atanh(-0.35) + 1.96/sqrt(27) = +0.012
    False
    >>> clearly_negative_item_total(-0.45, 30)  # -0.485 + 0.377 = -0.108
    True
    """
    if n <= 3 or not r < REVERSE_WARNING_R:  # NaN r too
        return False
    if r <= -1.0:
        return True
    return math.atanh(r) + _Z975 / math.sqrt(n - 3) < 0


def _names(data: object, x: np.ndarray, items: Sequence[str] | None) -> list[str]:
    if items is not None:
        names = [str(i) for i in items]
    elif hasattr(data, "columns"):
        names = [str(c) for c in data.columns]
    else:
        names = [f"item{i + 1}" for i in range(x.shape[1])]
    if len(names) != x.shape[1]:
        raise ValueError(f"{len(names)} item names for {x.shape[1]} columns")
    return names


def _ordinal(x: np.ndarray, names: list[str], zero: Sequence[str]) -> OrdinalReliability:
    k = len(names)
    answered = ~np.isnan(x)
    rows = x[answered.any(axis=1)]
    counts = answered.T.astype(float) @ answered.astype(float)
    if zero or k < 2 or rows.shape[0] < 2:
        why = f"item(s) without variance ({', '.join(zero)})" if zero else "too few items or cases"
        return OrdinalReliability(
            alpha=_NAN,
            omega_total=_NAN,
            n_pairwise_min=int(counts.min()),
            n_pairwise_max=int(counts.max()),
            global_thresholds=True,
            smoothed=False,
            omega_heywood=False,
            loadings={},
            thresholds={},
            polychoric={},
            note=f"polychoric correlations not computed: {why}",
        )
    from mcstats.stats.polychoric import polychoric  # --ordinal only: not on every start-up

    pc = polychoric(rows)
    rho = pc.rho
    total = float(rho.sum())
    alpha = k / (k - 1) * (1.0 - k / total)
    om, loadings, hey = _NAN, {}, False
    if k >= 3:
        lam, heyw, _ = _fit_one_factor(rho[None])
        om = float(omega_from_loadings(rho, lam[0]))
        loadings = {n: float(v) for n, v in zip(names, lam[0], strict=True)}
        hey = bool(heyw[0])
    notes = []
    if not pc.global_thresholds:
        notes.append(
            "the items differ in their highest observed answer, so each pair's thresholds come from "
            "its own table with 0.5 added to empty cells (psych::polychoric does the same)"
        )
    if pc.smoothed:
        notes.append("the polychoric matrix was not positive definite and was smoothed (psych::cor.smooth)")
    return OrdinalReliability(
        alpha=alpha,
        omega_total=om,
        n_pairwise_min=int(pc.n.min()),
        n_pairwise_max=int(pc.n.max()),
        global_thresholds=pc.global_thresholds,
        smoothed=pc.smoothed,
        omega_heywood=hey,
        loadings=loadings,
        thresholds={n: [float(t) for t in pc.thresholds[i]] for i, n in enumerate(names)},
        polychoric={a: {b: float(rho[i, j]) for j, b in enumerate(names)} for i, a in enumerate(names)},
        note="; ".join(notes) or None,
    )


def scale_reliability(
    data: npt.ArrayLike,
    items: Sequence[str] | None = None,
    *,
    missing: str = "listwise",
    ordinal: bool = False,
    n_boot: int = 0,
    seed: int = 1,
    level: float = 0.95,
    reverse: Sequence[str] = (),
) -> ScaleReliability:
    r"""Alpha, omega, Guttman's lambdas, split-half, intervals and item diagnostics of a scale.

    Parameters
    ----------
    data : npt.ArrayLike
        Respondents by items, already reverse-keyed, NaN for missing (a DataFrame's
        column names become the item names).
    items : Sequence[str] | None
        Item names (default: the DataFrame's columns or ``item1..itemk``).
    missing : str
        ``"listwise"`` (cases that answered every item; SPSS's rule) or ``"pairwise"``
        (each covariance from the cases that answered both items; ``psych::alpha``'s
        default).
    ordinal : bool
        Also compute alpha and omega from polychoric correlations.
    n_boot, seed : int
        Number of percentile-bootstrap resamples (0: none) and the seed of the generator.
    level : float
        Confidence level of the intervals in ``intervals`` (``alpha_ci95`` stays 95%).
    reverse : Sequence[str]
        Items that were reverse-keyed, to word the negative-correlation diagnostic.

    Returns
    -------
    ScaleReliability
        Everything :func:`~mcstats.stats.reliability.cronbach_alpha` returns, plus
        ``omega_total`` (:func:`~mcstats.stats.omega.omega_total`), ``lambda2``,
        ``lambda6`` and their standardized versions
        (:func:`~mcstats.stats.guttman.guttman_lambdas`), ``split_half`` (``odd_even`` and
        ``first_second``, :func:`~mcstats.stats.guttman.split_half`), ``alpha_se`` and
        ``intervals`` (Feldt, Duhachek-Iacobucci and, with ``n_boot``, bootstrap
        intervals, each naming its method and N), per item the SMC, loading and omega if
        deleted, and plain-language ``diagnostics``.

    Notes
    -----
    Every Pearson-based figure, the item-total table included, is a function of one
    covariance matrix C and its N: listwise, C of the complete cases and N their number;
    pairwise, C from R's ``cov(x, use = "pairwise")`` and N the smallest pairwise N (used
    by the Feldt and Duhachek intervals; ``n_pairwise_min``/``n_pairwise_max`` give the
    range). Alpha if deleted and the corrected item-total r drop the item from that same
    C, so a table never mixes deletion rules.

    Examples
    --------
    Ten answers to four 4-point items (rows 43-52 of scale A of the reference dataset
    ``ds1_4pt_complete``):

    >>> x = [[4, 4, 4, 4], [4, 4, 3, 4], [3, 4, 4, 4], [3, 3, 4, 4], [2, 1, 1, 3],
    ...      [2, 3, 3, 1], [4, 3, 2, 3], [4, 4, 4, 4], [4, 4, 4, 4], [4, 3, 4, 3]]
    >>> res = scale_reliability(x)
    >>> round(res.alpha, 6), round(res.omega_total, 6), round(res.lambda2, 6), round(res.lambda6, 6)
    (0.835596, 0.845305, 0.842227, 0.842879)
    >>> [(ci.method, round(ci.lower, 6), round(ci.upper, 6)) for ci in res.intervals]
    [('Feldt', 0.567476, 0.954134), ('Duhachek-Iacobucci', 0.664954, 1.006238)]

    R gives the same: ``psych::alpha(x)`` (raw_alpha 0.835596, Feldt 0.567476 to 0.954134,
    ``raw_alpha + c(-1, 1) * qnorm(.975) * ase`` 0.664954 to 1.006238),
    ``psych::omega(x, 1, flip = FALSE)$omega.tot`` 0.845305 and
    ``psych::splitHalf(cov(x), covar = TRUE, check.keys = FALSE)`` lambda2 0.842227, lambda6
    0.842879.
    """
    if missing not in MISSING_RULES:
        raise ValueError(f"missing must be one of {MISSING_RULES}, got {missing!r}")
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise ValueError("data must be a two-dimensional table of respondents by items")
    names = _names(data, x, items)
    k = len(names)
    if k < 2:
        check_complete_cases(0, names)
    answered = ~np.isnan(x)
    if missing == "listwise":
        complete = answered.all(axis=1)
        xc = x[complete]
        n = int(xc.shape[0])
        check_complete_cases(n, names)
        means = xc.mean(axis=0)
        cov = np.cov(xc, rowvar=False, ddof=1)
        n_pairs = np.full((k, k), n)
        n_excluded = int(x.shape[0] - n)
        data_for_ordinal = xc
    else:
        pc = pairwise_covariance(x)
        n_pairs = pc.n.astype(int)
        if pc.n_min < 2:
            a, b = (int(v) for v in np.unravel_index(int(np.argmin(n_pairs)), n_pairs.shape))
            raise DataError(
                f"items {names[a]} and {names[b]} were answered together by only {int(n_pairs[a, b])} "
                "respondent(s); pairwise reliability needs at least two for every pair of items"
            )
        means, cov = pc.means, pc.cov
        n = pc.n_min
        n_excluded = int((~answered.any(axis=1)).sum())
        data_for_ordinal = x
    zero = tuple(name for name, v in zip(names, np.diag(cov), strict=True) if v <= 0)
    boot = (
        bootstrap_reliability(x, n_boot=n_boot, seed=seed, missing=missing, level=level)
        if n_boot > 0
        else None
    )
    return scale_reliability_from_moments(
        n,
        means,
        cov,
        names,
        n_pairs=n_pairs,
        n_excluded=n_excluded,
        missing_rule=missing,
        level=level,
        reverse=reverse,
        bootstrap=boot,
        ordinal=_ordinal(data_for_ordinal, names, zero) if ordinal else None,
    )


def scale_reliability_from_moments(
    n: int,
    means: np.ndarray,
    cov: np.ndarray,
    items: Sequence[str],
    *,
    n_pairs: np.ndarray | None = None,
    n_excluded: int = 0,
    missing_rule: str = "listwise",
    level: float = 0.95,
    reverse: Sequence[str] = (),
    bootstrap: BootstrapResult | None = None,
    ordinal: OrdinalReliability | None = None,
) -> ScaleReliability:
    """Every covariance-based figure of :func:`scale_reliability` from the item moments.

    For engines that gather sufficient statistics in one pass: ``n`` (complete cases, or
    the smallest pairwise N), the item ``means`` and covariance matrix ``cov`` (divisor
    N - 1), the k x k ``n_pairs`` of the N behind each entry (default: all ``n``), and the
    optional results of :func:`~mcstats.stats.alpha_ci.bootstrap_reliability` and of the
    polychoric step, which need the data.

    The formulas and references are those of :func:`scale_reliability`.

    Examples
    --------
    The moments of the ten answers in :func:`scale_reliability`'s example give the same
    figures (R: ``psych::alpha(x)`` 0.835596, ``psych::omega(x, 1, flip = FALSE)`` 0.845305):

    >>> x = np.array([[4, 4, 4, 4], [4, 4, 3, 4], [3, 4, 4, 4], [3, 3, 4, 4], [2, 1, 1, 3],
    ...               [2, 3, 3, 1], [4, 3, 2, 3], [4, 4, 4, 4], [4, 4, 4, 4], [4, 3, 4, 3]])
    >>> res = scale_reliability_from_moments(10, x.mean(axis=0), np.cov(x, rowvar=False), "ABCD")
    >>> round(res.alpha, 6), round(res.omega_total, 6), res.n_pairwise_min
    (0.835596, 0.845305, 10)
    """
    names = list(items)
    k = len(names)
    cov = np.asarray(cov, dtype=float)
    n_pairs = np.full((k, k), int(n)) if n_pairs is None else np.asarray(n_pairs).astype(int)
    missing = missing_rule
    ordinal_result = ordinal
    core = reliability_from_moments(n, means, cov, names, n_excluded=n_excluded)
    zero = core.zero_variance_items
    diagnostics: list[str] = []
    lambdas = guttman_lambdas(cov)
    halves = {
        "odd_even": split_half(cov, odd_even_split(k), names),
        "first_second": split_half(cov, first_second_split(k), names),
    }
    smc = squared_multiple_correlations(cov) if not zero else np.full(k, np.nan)
    om = omega_total(cov)
    om_drop = omega_if_deleted(cov) if not zero else np.full(k, np.nan)
    loadings = om.loadings or (_NAN,) * k
    if om.heywood:
        worst = names[int(np.argmax(np.abs(loadings)))]
        diagnostics.append(
            f"the one-factor model behind omega has a Heywood case (the communality of {worst} reached "
            f"the bound {MAX_COMMUNALITY}); omega total is at the edge of what the model allows, so read "
            "it with care"
        )
    if missing == "pairwise":
        smallest = float(np.linalg.eigvalsh(cov).min()) if np.isfinite(cov).all() else _NAN
        if smallest < -1e-12 * float(np.abs(np.diag(cov)).max()):
            diagnostics.append(
                "the pairwise covariance matrix is not positive semi-definite (smallest eigenvalue "
                f"{smallest:.4g}); coefficients computed from it can mislead; listwise deletion avoids this"
            )
    duh = duhachek_ci(cov, n, level)
    feldt = feldt_ci(core.alpha, n, k, level)
    intervals = [
        ConfidenceInterval(
            coefficient="alpha",
            method="Feldt",
            level=level,
            lower=feldt[0],
            upper=feldt[1],
            n=n,
            detail=f"(1 - alpha) / (1 - alpha_pop) ~ F({n - 1}, {(n - 1) * (k - 1)})",
        ),
        ConfidenceInterval(
            coefficient="alpha",
            method="Duhachek-Iacobucci",
            level=level,
            lower=duh.lower,
            upper=duh.upper,
            n=n,
            detail=f"asymptotic standard error {duh.se:.6g}",
        ),
    ]
    boot_info: BootstrapInfo | None = None
    boot = bootstrap
    if boot is not None:
        boot_info = BootstrapInfo(
            n_boot=boot.n_boot,
            seed=boot.seed,
            level=level,
            n_cases=boot.n_cases,
            n_undefined=boot.n_undefined,
        )
        for name in BOOTSTRAP_COEFFICIENTS:
            lo, hi = boot.intervals[name]
            bad = boot.n_undefined[name]
            intervals.append(
                ConfidenceInterval(
                    coefficient=name,
                    method="percentile bootstrap",
                    level=level,
                    lower=lo,
                    upper=hi,
                    n=boot.n_cases,
                    detail=f"{boot.n_boot} resamples of {boot.n_cases} cases, seed {boot.seed}"
                    + (f"; {bad} resamples where it was undefined left out" if bad else ""),
                )
            )
    rev = set(reverse)
    rows: dict[str, ItemTotalStatistics] = {}
    negative: list[str] = []
    for i, name in enumerate(names):
        base = core.items[name]
        # Below -1e-12, not 0: an r that is zero in exact arithmetic comes out as +-1e-17
        # depending on the order of the rows, and must not flip the flag.
        is_negative = bool(base.corrected_item_total_r < -1e-12)
        if is_negative:
            negative.append(name)
        if clearly_negative_item_total(base.corrected_item_total_r, n):
            r_text = f"corrected item-total r = {base.corrected_item_total_r:.3f}"
            if name in rev:
                why = (
                    f"({r_text}) after being reverse-keyed: check that its wording really runs "
                    "against the scale, or whether the data were already recoded"
                )
            elif rev:
                why = (
                    f"({r_text}) after the scale's reverse-keying; the usual cause is a missing "
                    "reverse-key: if it is worded in the opposite direction to the other items, "
                    "mark it reverse-keyed"
                )
            else:
                why = (
                    f"({r_text}); no item of this scale is reverse-keyed: if it is worded in the "
                    "opposite direction to the other items, mark it reverse-keyed (reverse: true)"
                )
            diagnostics.append(f"item {name} correlates negatively with the rest of the scale {why}")
        off = np.delete(n_pairs[i], i) if k > 1 else n_pairs[i]
        rows[name] = ItemReliability(
            scale_mean_if_deleted=base.scale_mean_if_deleted,
            scale_variance_if_deleted=base.scale_variance_if_deleted,
            corrected_item_total_r=base.corrected_item_total_r,
            alpha_if_deleted=base.alpha_if_deleted,
            n_min=int(off.min()),
            n_max=int(off.max()),
            smc=float(smc[i]),
            loading=float(loadings[i]),
            omega_if_deleted=float(om_drop[i]),
            zero_variance=name in zero,
            negative_item_total=is_negative,
        )
    if ordinal_result is not None and ordinal_result.note:
        diagnostics.append(f"ordinal (polychoric) coefficients: {ordinal_result.note}")
    if ordinal_result is not None and ordinal_result.omega_heywood:
        diagnostics.append(
            "the one-factor model of the polychoric correlations has a Heywood case; the ordinal omega is "
            "at the edge of what the model allows"
        )
    return ScaleReliability(
        alpha=core.alpha,
        alpha_standardized=core.alpha_standardized,
        alpha_ci95=core.alpha_ci95,
        n=core.n,
        n_items=core.n_items,
        n_excluded=core.n_excluded,
        mean_inter_item_r=core.mean_inter_item_r,
        scale_mean=core.scale_mean,
        scale_variance=core.scale_variance,
        items=rows,
        zero_variance_items=zero,
        missing_rule=missing,
        n_pairwise_min=int(n_pairs.min()),
        n_pairwise_max=int(n_pairs.max()),
        omega_total=om.omega_total,
        omega_heywood=om.heywood,
        lambda2=lambdas.lambda2,
        lambda6=lambdas.lambda6,
        lambda2_standardized=lambdas.lambda2_standardized,
        lambda6_standardized=lambdas.lambda6_standardized,
        split_half=halves,
        alpha_se=duh.se,
        intervals=tuple(intervals),
        bootstrap=boot_info,
        ordinal=ordinal_result,
        negative_items=tuple(negative),
        diagnostics=tuple(diagnostics),
    )
