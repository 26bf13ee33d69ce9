"""Item means and covariances under pairwise deletion, with the N behind every entry.

Each covariance uses the cases that answered both items (R's
``cov(x, use = "pairwise.complete.obs")``); each variance, the cases that answered the
item. Computed with three matrix products, no loop over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PairwiseCovariance:
    """Pairwise-deletion moments of k items.

    ``means`` are the available-case item means, ``cov`` the k x k covariance matrix
    (divisor N - 1 of each entry) and ``n`` the k x k matrix of the N of cases behind each
    entry (the diagonal: cases that answered the item).
    """

    means: np.ndarray
    cov: np.ndarray
    n: np.ndarray

    @property
    def n_min(self) -> int:
        """The smallest N behind any entry of the covariance matrix."""
        return int(self.n.min())

    @property
    def n_max(self) -> int:
        """The largest N behind any entry of the covariance matrix."""
        return int(self.n.max())


def pairwise_covariance(data: np.ndarray) -> PairwiseCovariance:
    r"""Covariance matrix with pairwise deletion and the N of each entry.

    Parameters
    ----------
    data : np.ndarray
        Respondents by items, NaN for missing.

    Returns
    -------
    PairwiseCovariance
        ``means`` (available cases), ``cov`` and ``n``. An entry with fewer than two
        cases is NaN.

    Notes
    -----
    With :math:`M` the 0/1 matrix of answered cells and :math:`Z` the data centred on the
    available-case means with missing cells set to 0, :math:`N = M'M`,
    :math:`S = Z'M` (so :math:`S_{ij}` sums item i over the cases that answered j too) and

    .. math::

        C_{ij} = \frac{(Z'Z)_{ij} - S_{ij} S_{ji} / N_{ij}}{N_{ij} - 1},

    the sample covariance over the cases that answered both items, which is R's
    ``cov(x, use = "pairwise.complete.obs")``. Centring first keeps the sums small.

    Examples
    --------
    >>> nan = float("nan")
    >>> pc = pairwise_covariance(np.array([[1, 2], [2, nan], [3, 5], [4, 4]]))
    >>> pc.n.tolist(), round(float(pc.cov[0, 1]), 6), round(float(pc.cov[0, 0]), 6)
    ([[4.0, 3.0], [3.0, 3.0]], 1.833333, 1.666667)

    R: ``cov(cbind(c(1, 2, 3, 4), c(2, NA, 5, 4)), use = "pairwise")`` gives 1.833333 and
    1.666667.
    """
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise ValueError("data must be a two-dimensional table of respondents by items")
    answered = ~np.isnan(x)
    m = answered.astype(float)
    count = m.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(answered, x, 0.0).sum(axis=0) / count
        z = np.where(answered, x - means, 0.0)
        n = m.T @ m
        s = z.T @ m
        cov = (z.T @ z - s * s.T / n) / (n - 1.0)
    cov = np.where(n >= 2, cov, np.nan)
    return PairwiseCovariance(means=means, cov=cov, n=n)
