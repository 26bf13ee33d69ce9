"""The JSON form of an analysis (results.json) and its schema.

The schema is ``src/mcstats/schema/results.schema.json`` (also described in ``docs/manual/reports.md``).
Floats keep full precision; NaN (an undefined statistic) is written as null. Rounding
happens only in rendered tables. ``created`` is the only field that changes between two
runs on the same input and options.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, is_dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from mcstats._version import __version__
from mcstats.analysis import AnalysisResult, missing_rules

SCHEMA_VERSION = "1.0"


def _engine_record(engine: Any) -> dict[str, Any]:
    """``input.engine``: ``not_checked`` only where an engine skips a check (the dask one)."""
    record = dict(_clean(engine))
    if not record.get("not_checked"):
        record.pop("not_checked", None)
    return record


_PLAIN = frozenset({str, int, bool, type(None)})


def _clean(obj: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, NaN/inf to None, numpy scalars to Python.

    One walk over the values, what ``_clean(dataclasses.asdict(obj))`` gives without
    asdict's deep copy: a results document has tens of thousands of numbers.

    >>> import numpy as np
    >>> from mcstats.stats.anova import RobustFTest
    >>> _clean({1: (RobustFTest(np.float64(2.5), 1.0, float("nan"), np.float64(0.125)),)})
    {'1': [{'F': 2.5, 'df1': 1.0, 'df2': None, 'p': 0.125}]}
    """
    kind = type(obj)
    if kind is float:
        return obj if math.isfinite(obj) else None
    if kind in _PLAIN:
        return obj
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _clean(getattr(obj, f.name)) for f in fields(obj)}
    if hasattr(obj, "item") and not isinstance(obj, str | bytes):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def results_dict(result: AnalysisResult, *, created: str | None = None) -> dict[str, Any]:
    """The results.json document of an analysis, as plain Python data."""
    s = result.survey
    inst = s.instrument
    scales: dict[str, Any] = {}
    for sid, sr in result.scales.items():
        rel = None
        if sr.reliability is not None:
            rel = _clean(sr.reliability)
        total_of = next((sc.of for sc in inst.scales if sc.id == sid), ())
        scales[sid] = {
            "title": sr.title,
            "items": list(sr.items),
            "reliability": rel,
            "reliability_note": sr.reliability_note,
            # A total scale's items are in its subscales' tables: each item is shown once.
            "item_statistics": {} if total_of else {k: _clean(v) for k, v in sr.item_statistics.items()},
            "grand_mean": _clean(sr.grand_mean),
        }
        if total_of:
            scales[sid]["total_of"] = list(total_of)
    freqs = {col: {"title": title, **_clean(table)} for col, (table, title) in result.frequencies.items()}
    tests = []
    for t in result.ttests:
        r = t.result
        tests.append(
            {
                "scale": t.scale,
                "group": t.group,
                "score": t.score,
                "levels": list(t.levels),
                "n_used": t.n_used,
                "n_missing_score": t.n_missing_score,
                "n_missing_group": t.n_missing_group,
                "n_other_levels": t.n_other_levels,
                "groups": _clean(list(r.groups)),
                "levene": _clean(r.levene),
                "student": _clean(r.student),
                "welch": _clean(r.welch),
                "cohen_d": _clean(r.cohen_d),
                "hedges_g": _clean(r.hedges_g),
                "alpha": r.alpha,
                "decision_rule": t.decision_rule,
                "decision_test": t.decision_test,
                "decision": r.decision,
            }
        )
    anova = []
    for a in result.anova:
        res = a.result
        anova.append(
            {
                "scale": a.scale,
                "group": a.group,
                "score": a.score,
                "levels": list(a.levels),
                "n_used": a.n_used,
                "n_missing_score": a.n_missing_score,
                "n_missing_group": a.n_missing_group,
                **_clean(res),
            }
        )
    rank_tests = [
        {
            "scale": r.scale,
            "group": r.group,
            "score": r.score,
            "levels": list(r.levels),
            "mann_whitney": _clean(r.mann_whitney),
            "kruskal_wallis": _clean(r.kruskal_wallis),
        }
        for r in result.rank_tests
    ]
    item_tests = [_clean(r) for r in result.item_tests]
    crosstabs = [{"row": x.row, "column": x.column, **_clean(x.result)} for x in result.crosstabs]
    return {
        "schema_version": SCHEMA_VERSION,
        "mcstats_version": __version__,
        "created": created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "input": {
            "path": s.path,
            "sha256": s.sha256,
            "n_rows": s.n_rows,
            "n_analysed": s.n_analysed,
            "n_excluded": len(s.excluded),
            "excluded": _clean(s.excluded),
            "n_invalid_cells": s.n_invalid,
            "invalid_cells": _clean(s.invalid_cells),
            **({"engine": _engine_record(result.engine)} if result.engine is not None else {}),
        },
        "instrument": {
            "path": inst.path,
            "name": inst.name,
            "scale_points": inst.scale_points,
            "min_code": inst.min_code,
            "max_code": inst.max_code,
            "responses": {str(c): lab for c, lab in inst.responses},
            "reverse_keyed": [i.column for i in inst.items if i.reverse],
        },
        "options": _clean(result.options),
        "missing_rules": missing_rules(result.options),
        "cutoffs": {
            "scheme": result.cutoffs.name,
            "compare": result.cutoffs.compare,
            "decimals": result.cutoffs.decimals,
            "description": result.cutoffs.description,
            "bands": _clean(list(result.cutoffs.bands)),
        },
        "scales": scales,
        "frequencies": freqs,
        "ttests": tests,
        "anova": anova,
        "rank_tests": rank_tests,
        "item_tests": item_tests,
        "crosstabs": crosstabs,
        "correlations": _clean(result.correlations),
        "item_correlations": _clean(result.item_correlations),
        "warnings": list(result.warnings),
    }


def dumps(doc: dict[str, Any]) -> str:
    """Serialise with full float precision (repr round-trips) and stable key order."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def load_schema() -> dict[str, Any]:
    """The JSON Schema of results.json."""
    text = resources.files("mcstats").joinpath("schema/results.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a reader never sees half a file."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Bytes version of :func:`write_atomic` (see :func:`mcstats.safety.write_atomic_bytes`)."""
    from mcstats.safety import write_atomic_bytes as _write

    _write(path, data)
