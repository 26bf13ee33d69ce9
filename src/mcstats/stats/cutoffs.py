"""Cut-off schemes: turning an item or grand mean into a remark such as "High Extent".

Education surveys judge a mean against the scale's real limits or against a criterion
mean. Which printed value a reader sees matters at the boundaries, so the comparison is
explicit: ``compare="rounded"`` judges the mean as printed (rounded half-up to
``decimals``), ``compare="exact"`` judges the unrounded mean. See
``docs/instrument-format.md`` for the schemes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mcstats.instrument import Band, CutoffSpec, Instrument
from mcstats.printed import round_as_printed

__all__ = ["CutoffScheme", "builtin_bands", "cutoff_scheme", "round_as_printed"]


@dataclass(frozen=True)
class CutoffScheme:
    """Resolved bands for one instrument: the rule a remark is read from."""

    name: str
    bands: tuple[Band, ...]
    compare: str
    decimals: int
    description: str

    def remark(self, mean: float) -> str | None:
        """The label for ``mean``: the highest band whose lower limit it reaches."""
        if mean is None or not math.isfinite(mean):
            return None
        value = round_as_printed(mean, self.decimals) if self.compare == "rounded" else mean
        ordered = sorted(self.bands, key=lambda b: b.lower)
        label = None
        for band in ordered:
            if value >= band.lower - 1e-12:
                label = band.label
        if label is None or value > ordered[-1].upper + 1e-12:
            return None
        return label


def builtin_bands(
    scheme: str, points: int, labels: dict[int, str], spec: CutoffSpec, lowest: int = 1
) -> tuple[Band, ...]:
    r"""Bands of a built-in scheme for ``points`` codes from ``lowest``, labelled ``labels``.

    Parameters
    ----------
    scheme : str
        ``real-limits``, ``equal-interval``, ``criterion`` or ``custom``.
    points : int
        Number of codes :math:`k`; the codes run :math:`L = ` ``lowest`` to :math:`H = L + k - 1`.
    labels : dict of int to str
        Response label of each code.
    spec : CutoffSpec
        Criterion, its two labels and custom bands.
    lowest : int
        The lowest code :math:`L` (0 for a 0-3 scale).

    Returns
    -------
    tuple of Band

    Notes
    -----
    * real-limits: code :math:`c` gets :math:`[c - 0.5, c + 0.5)` clipped to :math:`[L, H]`.
    * equal-interval: :math:`k` bands of width :math:`w = (H - L) / k`; band :math:`j`
      (:math:`j = 0..k-1`, labelled with code :math:`L + j`) is :math:`[L + jw, L + (j+1)w)`.
    * criterion: below :math:`C` rejected, at or above accepted; :math:`C` defaults to the
      midpoint :math:`(L + H) / 2`.

    Examples
    --------
    >>> from mcstats.instrument import CutoffSpec
    >>> [(b.lower, b.upper) for b in builtin_bands("real-limits", 4, {}, CutoffSpec(), lowest=0)]
    [(0.0, 0.5), (0.5, 1.5), (1.5, 2.5), (2.5, 3.0)]
    >>> [b.lower for b in builtin_bands("criterion", 7, {}, CutoffSpec())]
    [1.0, 4.0]
    """
    highest = lowest + points - 1
    lo, hi = float(lowest), float(highest)
    if scheme == "real-limits":
        return tuple(
            Band(max(lo, c - 0.5), min(hi, c + 0.5), labels.get(c, str(c)))
            for c in range(lowest, highest + 1)
        )
    if scheme == "equal-interval":
        w = (hi - lo) / points
        return tuple(
            Band(lo + j * w, lo + (j + 1) * w, labels.get(lowest + j, str(lowest + j))) for j in range(points)
        )
    if scheme == "criterion":
        crit = spec.criterion if spec.criterion is not None else (lo + hi) / 2
        return (Band(lo, crit, spec.labels[1]), Band(crit, hi, spec.labels[0]))
    if scheme == "custom":
        return spec.bands
    raise ValueError(f"unknown cut-off scheme {scheme!r}")


def cutoff_scheme(instrument: Instrument, override: str | None = None) -> CutoffScheme:
    """The cut-off scheme of an instrument (or a built-in one named by ``override``).

    >>> from mcstats.instrument import instrument_from_options
    >>> s = cutoff_scheme(instrument_from_options("Q1-Q3", 4))
    >>> s.remark(3.495), s.remark(3.494), s.remark(2.5)
    ('Very High Extent', 'High Extent', 'High Extent')
    """
    spec = instrument.cutoffs
    name = override or spec.scheme
    if name == "custom" and not spec.bands:
        raise ValueError("the custom cut-off scheme needs bands in the instrument")
    labels = dict(instrument.responses)
    bands = builtin_bands(name, instrument.scale_points, labels, spec, lowest=instrument.min_code)
    # Printed as papers print them: each band up to one unit of the last decimal below the
    # next band (3.50-4.00, 2.50-3.49, ...), which is what "rounded" comparison means.
    step = 10.0**-spec.decimals
    ordered = sorted(bands, key=lambda b: -b.lower)
    parts = []
    for i, b in enumerate(ordered):
        upper = b.upper if i == 0 else ordered[i - 1].lower - step
        parts.append(f"{b.lower:.{spec.decimals}f}-{upper:.{spec.decimals}f} {b.label}")
    how = (
        f"mean rounded half-up to {spec.decimals} decimals before comparison"
        if spec.compare == "rounded"
        else "unrounded mean compared"
    )
    desc = f"{name}: " + "; ".join(parts) + f" ({how})"
    return CutoffScheme(
        name=name, bands=bands, compare=spec.compare, decimals=spec.decimals, description=desc
    )
