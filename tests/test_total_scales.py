"""Total scales: a whole-instrument alpha beside the subscale alphas (R: psych::alpha,
tests/reference/total_scale/total.R), each item shown once in the item tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mcstats.analysis import analyze
from mcstats.errors import InstrumentError
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.results import load_schema, results_dict
from mcstats.validate import code_responses

REF = Path("tests/reference")
DOC: dict[str, Any] = {
    "scale_points": 4,
    "scales": {
        "A": [f"A{i}" for i in range(1, 6)],
        "B": [f"B{i}" for i in range(1, 6)],
        "total": {"title": "All ten items", "scales": ["A", "B"]},
    },
}


def test_total_alpha_against_r() -> None:
    r = json.loads((REF / "total_scale" / "total.R.json").read_text())
    inst = parse_instrument(DOC)
    assert inst.item_columns == [f"A{i}" for i in range(1, 6)] + [f"B{i}" for i in range(1, 6)]
    res = analyze(code_responses(load_survey(REF / "datasets" / "ds1_4pt_complete.csv"), inst))
    assert res.scales["A"].reliability.alpha == pytest.approx(r["alpha_A"], abs=1e-10)
    assert res.scales["B"].reliability.alpha == pytest.approx(r["alpha_B"], abs=1e-10)
    assert res.scales["total"].reliability.alpha == pytest.approx(r["alpha_total"], abs=1e-10)
    gm = res.scales["total"].grand_mean
    assert gm.mean_of_item_means == pytest.approx(r["mean_total_items"], abs=1e-10)
    doc = results_dict(res)
    import jsonschema

    jsonschema.validate(doc, load_schema())
    # Each item once: in its subscale's table; the total lists its items and subscales.
    assert doc["scales"]["total"]["item_statistics"] == {}
    assert doc["scales"]["total"]["total_of"] == ["A", "B"]
    assert len(doc["scales"]["total"]["items"]) == 10
    assert list(doc["frequencies"])[:10] == inst.item_columns


@pytest.mark.parametrize(
    ("total", "key", "words"),
    [
        ({"scales": ["A", "C"]}, "scales.total.scales[1]", "no scale 'C' with items"),
        ({"scales": ["A", "A"]}, "scales.total.scales", "share an item"),
        ({"scales": ["A"], "items": ["A1"]}, "scales.total.items", "lists 'scales', not 'items'"),
        ({"scales": "A"}, "scales.total.scales", "expected a list of scale ids"),
    ],
)
def test_total_mistakes(total: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(InstrumentError) as info:
        parse_instrument({**DOC, "scales": {**DOC["scales"], "total": total}})
    assert info.value.key == key and words in str(info.value)
