"""Helpers to read the reference datasets of tests/reference (manifest and instruments)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "reference"


def manifest() -> dict[str, Any]:
    data = json.loads((REFERENCE / "datasets" / "manifest.json").read_text())
    return dict(data.get("datasets", data))


def instrument_doc(spec: dict[str, Any], *, group_levels: bool = True) -> dict[str, Any]:
    """An instrument (as YAML data) for a reference dataset described in the manifest.

    With ``group_levels=False`` the group's values are used as they are (sorted, as SPSS and
    R order a frequency table); with levels, in the manifest's order (first minus second).
    """
    doc: dict[str, Any] = {
        "scale_points": spec["scale_points"],
        "scales": {
            sid: {"items": [{"column": c, "reverse": c in spec.get("reverse", [])} for c in cols]}
            for sid, cols in spec["scales"].items()
        },
    }
    if spec.get("labels"):
        doc["responses"] = {int(k): v for k, v in spec["labels"].items()}
    if spec.get("group"):
        g = spec["group"]
        levels = {str(v): str(v) for v in g["levels"]} if group_levels else {}
        doc["groups"] = [{"column": g["column"], "levels": levels}]
    cats = []
    for c in spec.get("categorical") or []:
        cats.append({"column": c if isinstance(c, str) else c["column"]})
    if cats:
        doc["categorical"] = cats
    return doc
