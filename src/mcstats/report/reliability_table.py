"""The rows of the reliability table, shared by every report format.

The Markdown and HTML templates, the Word report and the terminal all show the same
coefficients in the same order, each with the N of cases behind it and every confidence
interval with its method and N. This module only selects and orders values of a
results.json ``reliability`` object; it computes nothing.
"""

from __future__ import annotations

from typing import Any

#: Row order and labels of the reliability table (results.json name -> label).
LABELS: dict[str, str] = {
    "alpha": "Cronbach's α",
    "alpha_standardized": "Standardized α",
    "omega_total": "McDonald's ω total",
    "lambda2": "Guttman's λ2",
    "lambda6": "Guttman's λ6",
    "split_half_odd_even": "Split-half, odd-even items (Spearman-Brown)",
    "split_half_first_second": "Split-half, first-second half (Spearman-Brown)",
    "ordinal_alpha": "Ordinal α (polychoric correlations)",
    "ordinal_omega_total": "Ordinal ω total (polychoric correlations)",
}


def n_range(n_min: Any, n_max: Any) -> str:
    """``"120"``, or ``"115–120"`` when the N differs between covariances (pairwise deletion)."""
    if n_min is None:
        return "—"
    return str(n_min) if n_max in (None, n_min) else f"{n_min}–{n_max}"


def reliability_rows(rel: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per coefficient: ``key``, ``label``, ``estimate``, ``n_min``, ``n_max`` and
    ``intervals`` (the results.json interval objects of that coefficient, in order)."""
    intervals = rel.get("intervals")
    if intervals is None:  # a results.json from before the interval list: Feldt only
        lo, hi = rel["alpha_ci95"]
        intervals = [
            {
                "coefficient": "alpha",
                "method": "Feldt",
                "level": 0.95,
                "lower": lo,
                "upper": hi,
                "n": rel["n"],
            }
        ]
    n_min = rel.get("n_pairwise_min", rel["n"])
    n_max = rel.get("n_pairwise_max", rel["n"])
    values: list[tuple[str, Any, Any, Any]] = [
        ("alpha", rel.get("alpha"), n_min, n_max),
        ("alpha_standardized", rel.get("alpha_standardized"), n_min, n_max),
    ]
    for key in ("omega_total", "lambda2", "lambda6"):
        if key in rel:
            values.append((key, rel[key], n_min, n_max))
    for name, split in (rel.get("split_half") or {}).items():
        values.append((f"split_half_{name}", split.get("spearman_brown_unequal"), n_min, n_max))
    ordinal = rel.get("ordinal")
    if ordinal:
        o_min, o_max = ordinal.get("n_pairwise_min"), ordinal.get("n_pairwise_max")
        values.append(("ordinal_alpha", ordinal.get("alpha"), o_min, o_max))
        values.append(("ordinal_omega_total", ordinal.get("omega_total"), o_min, o_max))
    return [
        {
            "key": key,
            "label": LABELS.get(key, key),
            "estimate": estimate,
            "n_min": lo,
            "n_max": hi,
            "intervals": [iv for iv in intervals if iv.get("coefficient") == key],
        }
        for key, estimate, lo, hi in values
    ]
