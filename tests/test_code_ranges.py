"""Response codes of any integer range (0-3, 1-7, ...) and built-in label sets.

Expected values come from R (psych::alpha, also on the data shifted by +10) and GNU PSPP
on the datasets of tests/reference/code_ranges/ (regenerate.sh there), and from hand
calculation for the cut-off bands, written out in each test.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from mcstats.analysis import AnalysisOptions, analyze
from mcstats.errors import DataError, InstrumentError, UsageError
from mcstats.instrument import instrument_from_options, parse_instrument
from mcstats.io import load_survey
from mcstats.results import results_dict
from mcstats.stats.cutoffs import cutoff_scheme
from mcstats.validate import code_responses

HERE = Path(__file__).resolve().parent / "reference" / "code_ranges"
sys.path.insert(0, str(HERE.parent))
from pspp_output import parse_pspp_csv  # noqa: E402

HALF2 = 0.005 + 1e-9  # half a unit of PSPP's second decimal

CASES = {
    "ds8_0to3": {"codes": "0-3", "prefix": "M", "reverse": "M3", "group": "gender", "levels": ["M", "F"]},
    "ds9_1to7": {"codes": "1-7", "prefix": "S", "reverse": "S2", "group": "grp", "levels": ["A", "B"]},
}


def _instrument(name: str) -> Any:
    c = CASES[name]
    items = [
        {"column": f"{c['prefix']}{i}", "reverse": f"{c['prefix']}{i}" == c["reverse"]} for i in range(1, 7)
    ]
    return parse_instrument(
        {
            "codes": c["codes"],
            "scales": {c["prefix"]: items},
            "groups": [{"column": c["group"], "levels": {lv: lv for lv in c["levels"]}}],
        }
    )


def _results(name: str) -> dict[str, Any]:
    survey = code_responses(load_survey(HERE / f"{name}.csv"), _instrument(name))
    return results_dict(analyze(survey, AnalysisOptions()))


@pytest.mark.parametrize("name", list(CASES))
def test_against_r(name: str) -> None:
    r = json.loads((HERE / f"{name}.R.json").read_text())
    doc = _results(name)
    scale = doc["scales"][CASES[name]["prefix"]]
    rel = scale["reliability"]
    # psych::alpha gives the same alpha on the data and on the data shifted by 10.
    assert r["alpha"] == pytest.approx(r["alpha_shifted_by_10"], abs=1e-12)
    assert rel["alpha"] == pytest.approx(r["alpha"], abs=1e-10)
    assert rel["n"] == r["n_complete"]
    for col, mean in r["item_mean"].items():
        st = scale["item_statistics"][col]
        assert st["mean"] == pytest.approx(mean, abs=1e-10)
        assert st["sd"] == pytest.approx(r["item_sd"][col], abs=1e-10)
        # Means shift by the constant: mean(x + 10) = mean(x) + 10.
        assert r["item_mean_shifted_by_10"][col] == pytest.approx(mean + 10, abs=1e-10)
        assert rel["items"][col]["corrected_item_total_r"] == pytest.approx(
            r["corrected_item_total_r"][col], abs=1e-10
        )
    assert scale["grand_mean"]["mean_of_item_means"] == pytest.approx(r["mean_of_item_means"], abs=1e-10)
    assert rel["scale_mean"] == pytest.approx(r["scale_mean_complete"], abs=1e-10)


@pytest.mark.parametrize("name", list(CASES))
def test_against_pspp(name: str) -> None:
    c = CASES[name]
    p = parse_pspp_csv(HERE / f"{name}.pspp.csv", group=c["group"])
    doc = _results(name)
    scale = doc["scales"][c["prefix"]]
    rel = scale["reliability"]
    assert abs(rel["alpha"] - p["reliability"][c["prefix"]]["alpha"]) <= HALF2
    for col, row in p["reliability"][c["prefix"]]["items"].items():
        assert abs(rel["items"][col]["scale_mean_if_deleted"] - row["scale_mean_if_deleted"]) <= HALF2
    for col, st in p["item_statistics"].items():
        ours = scale["item_statistics"][col]
        assert ours["n"] == st["n"]
        assert abs(ours["mean"] - st["mean"]) <= HALF2 and abs(ours["sd"] - st["sd"]) <= HALF2
        assert (ours["min"], ours["max"]) == (st["min"], st["max"])
    for col, table in p["frequencies"].items():
        if col == c["group"]:
            continue
        ours = {row["value"]: row["frequency"] for row in doc["frequencies"][col]["rows"]}
        theirs = {row["value"]: row["frequency"] for row in table["rows"]}
        # Every code of the range is listed (PSPP lists those that occur).
        assert set(ours) == set(range(*_bounds(c["codes"])))
        assert {v: ours[v] for v in theirs} == theirs
    by_var = {t["variable"]: t for t in p["ttests"]}
    tt = next(t for t in doc["ttests"] if t["scale"] == c["prefix"])
    for g, pg in zip(tt["groups"], by_var[f"{c['prefix']}_sum"]["groups"], strict=True):
        assert g["n"] == pg["n"] and abs(g["mean"] - pg["mean"]) <= HALF2


def _bounds(codes: str) -> tuple[int, int]:
    lo, hi = (int(x) for x in codes.split("-"))
    return lo, hi + 1


def test_reverse_keying_is_lowest_plus_highest_minus_x(tmp_path: Path) -> None:
    # Codes 0..3, one reverse-keyed item: 0 -> 3, 1 -> 2, 3 -> 0 (0 + 3 - x).
    p = tmp_path / "r.csv"
    p.write_text("a,b\n0,3\n1,2\n3,0\n")
    inst = parse_instrument({"codes": "0-3", "scales": {"s": ["a", {"column": "b", "reverse": True}]}})
    res = analyze(code_responses(load_survey(p), inst))
    st = res.scales["s"].item_statistics
    assert st["b"].mean == pytest.approx((0 + 1 + 3) / 3)  # reversed: 0, 1, 3
    assert (st["b"].min, st["b"].max) == (0.0, 3.0)
    # Frequencies keep the codes as answered.
    assert [r.frequency for r in res.frequencies["b"][0].rows] == [1, 0, 1, 1]


def _scheme(codes: str, scheme: str, **extra: Any) -> Any:
    inst = parse_instrument(
        {"codes": codes, "scales": {"s": ["a", "b"]}, "cutoffs": {"scheme": scheme, **extra}}
    )
    return cutoff_scheme(inst)


def test_cutoff_bands_0_to_3_by_hand() -> None:
    # Real limits on 0..3: [0, 0.5), [0.5, 1.5), [1.5, 2.5), [2.5, 3]; rounded to 2 decimals.
    s = _scheme("0-3", "real-limits")
    assert [(b.lower, b.upper) for b in s.bands] == [(0.0, 0.5), (0.5, 1.5), (1.5, 2.5), (2.5, 3.0)]
    assert [s.remark(x) for x in (0.0, 0.494, 0.495, 1.494, 1.495, 2.4949, 2.495, 3.0)] == [
        "0",
        "0",
        "1",
        "1",
        "2",
        "2",
        "3",
        "3",
    ]
    assert s.remark(-0.01) is None and s.remark(3.01) is None
    # Criterion: the midpoint (0 + 3) / 2 = 1.5.
    c = _scheme("0-3", "criterion")
    assert [c.remark(x) for x in (1.494, 1.495, 1.5)] == ["Rejected", "Accepted", "Accepted"]
    # Equal intervals: width (3 - 0) / 4 = 0.75: [0, .75), [.75, 1.5), [1.5, 2.25), [2.25, 3].
    e = _scheme("0-3", "equal-interval", compare="exact")
    assert [(b.lower, b.upper) for b in e.bands] == [(0.0, 0.75), (0.75, 1.5), (1.5, 2.25), (2.25, 3.0)]
    assert [e.remark(x) for x in (0.7499, 0.75, 2.2499, 2.25, 3.0)] == ["0", "1", "2", "3", "3"]


def test_cutoff_bands_1_to_7_by_hand() -> None:
    s = _scheme("1-7", "real-limits")
    assert (s.bands[0].lower, s.bands[0].upper) == (1.0, 1.5)
    assert [(b.lower, b.upper) for b in s.bands][-1] == (6.5, 7.0)
    assert [s.remark(x) for x in (1.0, 1.494, 1.495, 4.494, 4.495, 6.495, 7.0)] == [
        "1",
        "1",
        "2",
        "4",
        "5",
        "7",
        "7",
    ]
    # Criterion midpoint (1 + 7) / 2 = 4.
    c = _scheme("1-7", "criterion")
    assert [c.remark(x) for x in (3.994, 3.995, 4.0)] == ["Rejected", "Accepted", "Accepted"]
    # Equal intervals of width 6 / 7: the fourth band starts at 1 + 3 * 6/7 = 3.5714...
    e = _scheme("1-7", "equal-interval", compare="exact")
    assert e.bands[3].lower == pytest.approx(1 + 18 / 7)
    assert e.remark(1 + 18 / 7 - 1e-9) == "3" and e.remark(1 + 18 / 7 + 1e-9) == "4"
    # Described as a reader sees them (rounded comparison prints 2 decimals).
    assert _scheme("1-7", "criterion").description.startswith(
        "criterion: 4.00-7.00 Accepted; 1.00-3.99 Rejected"
    )


def test_criterion_outside_the_codes_is_an_error() -> None:
    with pytest.raises(
        InstrumentError, match=r"cutoffs.criterion: the criterion 3\.5 is outside the codes 0 to 3"
    ):
        parse_instrument(
            {"codes": "0-3", "scales": {"s": ["a"]}, "cutoffs": {"scheme": "criterion", "criterion": 3.5}}
        )


@pytest.mark.parametrize(
    ("doc", "lowest", "points"),
    [
        ({"codes": "0-3"}, 0, 4),
        ({"codes": "0..10"}, 0, 11),
        ({"codes": [1, 6]}, 1, 6),
        ({"codes": {"min": 1, "max": 7}, "scale_points": 7}, 1, 7),
        ({"codes": "-3..3"}, -3, 7),
        (
            {
                "scale_points": 4,
                "responses": {0: "Not at all", 1: "A little", 2: "Moderately", 3: "Very much"},
            },
            0,
            4,
        ),
        ({"responses": {0: "No", 1: "Some", 2: "Yes"}}, 0, 3),
        ({"labels": "agreement-7"}, 1, 7),
        ({"labels": "agreement-5", "codes": "0-4"}, 0, 5),
        ({"scale_points": 5}, 1, 5),
    ],
)
def test_code_ranges_declared(doc: dict[str, Any], lowest: int, points: int) -> None:
    inst = parse_instrument({**doc, "scales": {"s": ["a", "b"]}})
    assert (inst.min_code, inst.scale_points, inst.max_code) == (lowest, points, lowest + points - 1)


@pytest.mark.parametrize(
    ("doc", "key", "words"),
    [
        ({"codes": "0-3", "scale_points": 5}, "scale_points", "5 points do not match codes 0 to 3"),
        ({"codes": "three"}, "codes", "expected a range of whole-number codes such as 0-3"),
        ({"codes": "1-20"}, "codes", "2 to 11 codes"),
        ({"scale_points": 4, "aliases": {"0": 1}}, "aliases.0", "is a number"),
        ({"scale_points": 4, "aliases": {0: 1}}, "aliases.0", "declare them with codes:"),
        (
            {"scale_points": 5, "responses": {1: "5", 2: "b", 3: "c", 4: "d", 5: "e"}},
            "responses.1",
            "is a number",
        ),
        ({"labels": "agreement-5", "scale_points": 4}, "labels", "has 5 labels but the scale has 4 points"),
        ({"labels": "agreemnt-5"}, "labels", "did you mean 'agreement-5'"),
        ({"labels": "extent-4", "responses": {1: "a"}}, "labels", "either labels"),
        (
            {"scale_points": 4, "responses": {0: "a", 1: "b", 2: "c", 5: "d"}},
            "responses.0",
            "declare the range",
        ),
    ],
)
def test_range_and_label_mistakes(doc: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(InstrumentError) as info:
        parse_instrument({**doc, "scales": {"s": ["a", "b"]}}, path="x.yaml")
    assert info.value.key == key
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("name", "cells", "codes"),
    [
        ("agreement-4", ["SD", "d", " Agree ", "STRONGLY AGREE"], [1, 2, 3, 4]),
        ("agreement-5", ["sd", "Neutral", "U", "n", "Neither agree nor disagree", "sa"], [1, 3, 3, 3, 3, 5]),
        ("agreement-6", ["Slightly disagree", "Somewhat agree", "SA"], [3, 4, 6]),
        ("agreement-7", ["Somewhat disagree", "Neutral", "Slightly agree", "Strongly  agree"], [3, 4, 5, 7]),
        ("extent-4", ["VHE", "he", "Low extent", "VLE"], [4, 3, 2, 1]),
        ("great-extent-4", ["VGE", "GE", "little extent", "VLE"], [4, 3, 2, 1]),
        ("frequency-5", ["Always", "often", "SOMETIMES", "Rarely", "never"], [5, 4, 3, 2, 1]),
        (
            "satisfaction-5",
            ["Very satisfied", "Neither satisfied nor dissatisfied", "very dissatisfied"],
            [5, 3, 1],
        ),
    ],
)
def test_builtin_label_sets(tmp_path: Path, name: str, cells: list[str], codes: list[int]) -> None:
    p = tmp_path / "d.csv"
    p.write_text("a,b\n" + "".join(f'"{c}",1\n' for c in cells))
    inst = parse_instrument({"labels": name, "scales": {"s": ["a", "b"]}})
    survey = code_responses(load_survey(p), inst)
    assert survey.answered["a"].tolist() == codes


def test_label_set_on_codes_from_zero(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text("a,b\nStrongly disagree,0\nStrongly agree,4\n")
    inst = parse_instrument({"labels": "agreement-5", "codes": "0-4", "scales": {"s": ["a", "b"]}})
    assert inst.response_label(0) == "Strongly Disagree" and inst.response_label(4) == "Strongly Agree"
    res = analyze(code_responses(load_survey(p), inst))
    assert res.scales["s"].item_statistics["a"].mean == 2.0  # (0 + 4) / 2
    assert res.scales["s"].item_statistics["b"].mean == 2.0


def test_options_with_labels_and_codes() -> None:
    inst = instrument_from_options("Q1-Q3", None, labels="agreement-7")
    assert inst.scale_points == 7 and inst.labels_name == "agreement-7"
    with pytest.raises(UsageError, match="labels: no built-in label set 'agree'"):
        instrument_from_options("Q1-Q3", None, labels="agree")
    with pytest.raises(UsageError, match="codes must be a range"):
        instrument_from_options("Q1-Q3", None, codes="zero to three")


def test_out_of_range_advice_names_the_range_first(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text("a,b\n0,1\n3,2\n4,4\n")
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["a", "b"]}})
    with pytest.raises(DataError) as info:
        code_responses(load_survey(p), inst)
    msg = str(info.value)
    # The library names its arguments; the command line writes them as flags (test_init_layouts).
    assert msg.index("declare that range in the instrument (codes: 0-3)") < msg.index("the codes argument")
    assert msg.index("the codes argument") < msg.index("use invalid='missing' to treat them")
    assert "--" not in msg
    assert "outside the scale; codes are 1 to 4" in msg


def test_unknown_label_did_you_mean(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    p.write_text("a,b\nStrongly agre,1\n")
    inst = parse_instrument({"scale_points": 5, "scales": {"s": ["a", "b"]}})
    with pytest.raises(DataError) as info:
        code_responses(load_survey(p), inst)
    assert (
        "unknown label; did you mean 'Strongly Agree'?; the labels are 'Strongly Agree', 'Agree', "
        "'Undecided', 'Disagree', 'Strongly Disagree'" in str(info.value)
    )


def test_invalid_missing_warning_counts_per_column(tmp_path: Path) -> None:
    p = tmp_path / "d.csv"
    # a: 0 and 0 are outside 1..4 (2 cells); b: 9 (1 cell).
    p.write_text("a,b\n0,1\n3,2\n0,9\n4,4\n2,3\n")
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["a", "b"]}})
    res = analyze(code_responses(load_survey(p), inst, invalid="missing"))
    doc = results_dict(res)
    warning = next(w for w in doc["warnings"] if "treated as missing" in w)
    assert warning.startswith(
        "3 cell(s) that are not valid responses were treated as missing, as asked: a: 2, b: 1;"
    )
    assert [c["row"] for c in doc["input"]["invalid_cells"]] == [2, 4, 4]
    assert doc["instrument"]["min_code"] == 1 and doc["instrument"]["max_code"] == 4
    assert math.isclose(doc["scales"]["s"]["item_statistics"]["a"]["mean"], 3.0)  # 3, 4, 2
