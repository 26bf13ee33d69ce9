"""Split-half coefficients against GNU PSPP's RELIABILITY /MODEL=SPLIT, at PSPP's printed precision.

PSPP prints the correlation between the halves, the equal- and unequal-length Spearman-Brown
coefficients and Guttman's split-half coefficient to two decimals. The committed outputs in
tests/reference/reliability/pspp/ come from the syntax written by pspp_split.py (first-second
halves, and odd-even halves by listing odd items first); mcstats must agree within half a unit
of the last printed digit. The scales with five items check the unequal-length formula.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from mcstats.analysis import analyze
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.results import results_dict
from mcstats.validate import code_responses
from refdata import REFERENCE, instrument_doc, manifest

sys.path.insert(0, str(REFERENCE / "reliability"))
from pspp_split import parse_split

#: Slow lane (runs GNU PSPP live); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

HALF_UNIT = 0.005 + 1e-9


def _split_halves(name: str) -> dict[str, Any]:
    spec = manifest()[name]
    inst = parse_instrument(instrument_doc(spec), path=f"manifest:{name}")
    survey = code_responses(load_survey(REFERENCE / "datasets" / spec["file"]), inst)
    doc = results_dict(analyze(survey), created="fixed")
    return {sid: s["reliability"]["split_half"] for sid, s in doc["scales"].items()}


@pytest.mark.parametrize("name", sorted(manifest()))
def test_split_half_equals_pspp(name: str) -> None:
    printed = parse_split(REFERENCE / "reliability" / "pspp" / f"{name}.csv")
    got = _split_halves(name)
    assert sorted(printed) == sorted(f"{sid}_{kind}" for sid in got for kind in ("first_second", "odd_even"))
    for label, values in printed.items():
        sid, kind = label.split("_", 1)
        mine = got[sid][kind]
        assert set(values) == {"r", "spearman_brown", "spearman_brown_unequal", "guttman"}
        for key, value in values.items():
            assert abs(mine[key] - value) <= HALF_UNIT, (label, key, mine[key], value)


def test_five_item_scales_tell_the_two_spearman_brown_formulas_apart() -> None:
    # ds1's scale A has 5 items (halves of 3 and 2): PSPP prints .82 (equal) and .83 (unequal)
    # for the odd-even split, so the unequal-length formula is checked, not only the equal one.
    printed = parse_split(REFERENCE / "reliability" / "pspp" / "ds1_4pt_complete.csv")["A_odd_even"]
    assert printed["spearman_brown"] != printed["spearman_brown_unequal"]
    got = _split_halves("ds1_4pt_complete")["A"]["odd_even"]
    assert got["first_half"] == ["A1", "A3", "A5"]
    assert abs(got["spearman_brown_unequal"] - printed["spearman_brown_unequal"]) <= HALF_UNIT
