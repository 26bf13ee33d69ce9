"""Instrument files: what is accepted, and that every mistake names its key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mcstats.errors import InstrumentError, UsageError
from mcstats.instrument import instrument_from_options, load_instrument, parse_instrument, parse_item_spec


def test_bundled_instruments_load() -> None:
    for p in sorted(Path("instruments").glob("*.yaml")):
        inst = load_instrument(p)
        assert inst.item_columns, p


def test_example_instrument_content() -> None:
    inst = load_instrument("instruments/example_4point.yaml")
    assert inst.scale_points == 4
    assert inst.label_to_code()["very high extent"] == 4
    assert inst.label_to_code()["vhe"] == 4
    assert [i.column for i in inst.items if i.reverse] == ["Q10"]
    assert inst.groups[0].level_labels == ["Male", "Female"]


BASE: dict[str, Any] = {"scale_points": 5, "scales": {"s": ["Q1", "Q2"]}}


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ({"scale_point": 5}, "scale_point", "unknown key"),
        ({"scale_points": "five"}, "scale_points", "whole number"),
        ({"scale_points": 1}, "scale_points", "from 2 to 11"),
        ({"scales": {"s": ["Q1", "Q1"]}}, "scales.s.items[1]", "listed twice"),
        ({"scales": {"s": ["Q1"], "t": ["Q1"]}}, "scales.t.items[0]", "already in scale 's'"),
        ({"responses": {1: "No", 2: "Yes"}}, "responses", "no label for code(s) 3, 4, 5"),
        (
            {"responses": {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}, "aliases": {"A": 2}},
            "aliases.A",
            "two codes",
        ),
        (
            {"scales": {"s": [{"column": "Q1", "reverse": "yes"}]}},
            "scales.s.items[0].reverse",
            "true or false",
        ),
        ({"cutoffs": {"scheme": "quartiles"}}, "cutoffs.scheme", "expected one of"),
        ({"cutoffs": {"scheme": "custom"}}, "cutoffs.bands", "custom scheme needs"),
        ({"groups": [{"column": "g", "levles": {}}]}, "groups[0].levles", "unknown key"),
        ({"scales": {}}, "scales", "expected a mapping"),
    ],
)
def test_mistakes_name_the_key(change: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(InstrumentError) as info:
        parse_instrument({**BASE, **change}, path="x.yaml")
    assert info.value.key == key
    assert words in str(info.value)
    assert str(info.value).startswith(f"x.yaml: {key}: ")


def test_missing_scale_points() -> None:
    with pytest.raises(InstrumentError, match="scale_points: required key is missing"):
        parse_instrument({"scales": {"s": ["Q1"]}})


def test_safe_loader_refuses_python_tags(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("scale_points: !!python/object/apply:os.getcwd []\nscales: {s: [Q1]}\n")
    with pytest.raises(InstrumentError, match="not valid YAML at line 1"):
        load_instrument(p)


def test_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match="file not found"):
        load_instrument(tmp_path / "nope.yaml")
    p = tmp_path / "latin.yaml"
    p.write_bytes("name: Jos\xe9\n".encode("latin-1"))
    with pytest.raises(InstrumentError, match="not UTF-8"):
        load_instrument(p)


def test_item_spec() -> None:
    assert parse_item_spec("Q1-Q3") == ["Q1", "Q2", "Q3"]
    assert parse_item_spec("Q01-Q03, X") == ["Q01", "Q02", "Q03", "X"]
    with pytest.raises(UsageError):
        parse_item_spec("Q1-R3")
    with pytest.raises(UsageError):
        parse_item_spec("Q1,Q1")


def test_options_instrument() -> None:
    inst = instrument_from_options("Q1-Q4", 5, group="badge", reverse="Q2")
    assert inst.item_columns == ["Q1", "Q2", "Q3", "Q4"]
    assert [i.column for i in inst.items if i.reverse] == ["Q2"]
    assert inst.groups[0].column == "badge"
    assert inst.response_label(5) == "Strongly Agree"
    with pytest.raises(UsageError, match="not among the items"):
        instrument_from_options("Q1-Q4", 5, reverse="Q9")
