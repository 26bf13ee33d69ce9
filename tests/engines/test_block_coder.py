"""The streaming reader's fast block coder changes speed, never results or messages.

Random files mix every kind of cell the validator distinguishes (codes, labels and aliases
in any case and spacing, missing labels and codes, whole numbers written as decimals,
invalid codes, unknown labels, unknown group levels, rows with no answer, duplicated
ids); each is read three ways: the fast coder (blocks it cannot take go the careful way),
every block the careful way (``fast=False``), and the whole file in memory. All three
must give the same results document, and the same error listing where the file is
invalid.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mcstats.analysis import AnalysisOptions, results_from_moments
from mcstats.engines import ReadOptions
from mcstats.engines.moments import EXTRAS, accumulate, accumulate_codes
from mcstats.engines.stream import stream_survey
from mcstats.errors import DataError
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.pipeline import compute
from mcstats.results import results_dict
from mcstats.validate import code_responses

INSTRUMENT = {
    "scale_points": 5,
    "responses": {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree", 5: "Strongly agree"},
    "aliases": {"SA": 5, "A": 4, "N": 3, "D": 2, "SD": 1},
    "missing_labels": ["N/A", "-"],
    "missing_codes": [9],
    "id_column": "id",
    "scales": {
        "s1": ["q1", "q2", "q3", {"column": "q4", "reverse": True}],
        "s2": ["q5", "q6", "q7"],
    },
    "groups": [{"column": "sex", "levels": {"M": "Male", "F": "Female"}}],
    "categorical": [{"column": "site"}],
}
ITEMS = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]

# Cells the validator accepts (codes, empties, numbers written otherwise, labels, aliases),
# cells it reads as missing, and cells it rejects.
VALID = ["1", "2", "3", "4", "5", "", "", " 3", "4 ", "3.0", "05", "+2"]
VALID += ["Agree", " strongly  AGREE", "sa", "d"]
MISSING = ["N/A", "n/a", "-", "9"]
INVALID = ["6", "0", "2.5", "x", "Maybe", "10", "1e0"]
SEXES = ["M", "F", "m", " f", "", "N/A", "Female"]
SITES = ["north", "south ", " east", "", "west"]


def write_survey(path: Path, rng: np.random.Generator, n: int, *, invalid: float, blank_rows: float) -> None:
    lines = ["id,sex,site," + ",".join(ITEMS)]
    for _ in range(n):
        if rng.random() < blank_rows:
            cells = [str(rng.choice(["", "N/A", "-"])) for _ in ITEMS]
        else:
            cells = [
                str(rng.choice(INVALID)) if rng.random() < invalid else str(rng.choice(VALID + MISSING))
                for _ in ITEMS
            ]
        sex = "X" if rng.random() < invalid else str(rng.choice(SEXES))
        ident = f"r{int(rng.integers(0, n * 4))}"  # a few duplicates
        if rng.random() < 0.01:
            ident = f" {ident}  "  # the same id with spaces: its block hashes the stripped text
        lines.append(f"{ident},{sex},{rng.choice(SITES)}," + ",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def document(result: Any) -> dict[str, Any]:
    doc = results_dict(result, created="fixed")
    doc["input"].pop("path")
    doc["input"].pop("engine", None)  # which engine ran (compute records it): not a result
    return json.loads(json.dumps(doc))


def streamed(path: Path, inst: Any, *, fast: bool, invalid: str, block_size: int) -> dict[str, Any]:
    s = stream_survey(path, inst, invalid=invalid, fast=fast, block_size=block_size)
    groups = [g.column for g in inst.groups]
    return document(results_from_moments(s.moments, s.survey, AnalysisOptions(), groups=groups))


@pytest.mark.slow  # hundreds of messy files through three readers
@pytest.mark.parametrize("seed", range(6))
def test_fast_careful_and_memory_agree_on_messy_files(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    inst = parse_instrument(INSTRUMENT)
    path = tmp_path / "messy.csv"
    # Seeds 0-1: clean (every block fast); 2-3: a few blocks hit the careful coder; 4-5: many.
    invalid = [0.0, 0.0, 0.0005, 0.001, 0.02, 0.05][seed]
    write_survey(path, rng, 3000, invalid=invalid, blank_rows=0.0 if seed < 2 else 0.002)
    block = int(rng.choice([256, 1000, 5000, 1 << 20]))
    memory = document(compute(path, inst, read=ReadOptions(engine="memory", invalid="missing")))
    fast = streamed(path, inst, fast=True, invalid="missing", block_size=block)
    careful = streamed(path, inst, fast=False, invalid="missing", block_size=block)
    assert fast == careful
    assert fast == memory


@pytest.mark.parametrize("seed", [2, 4])
def test_fast_path_lists_invalid_cells_like_the_careful_one(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    inst = parse_instrument(INSTRUMENT)
    path = tmp_path / "bad.csv"
    write_survey(path, rng, 2000, invalid=0.002, blank_rows=0.0)
    messages = []
    for fast in (True, False):
        with pytest.raises(DataError) as info:
            stream_survey(path, inst, fast=fast, block_size=2048)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert "row" in messages[0]


def test_accumulate_codes_equals_accumulate(tmp_path: Path) -> None:
    """The integer-code accumulator against the DataFrame one on the same validated rows."""
    rng = np.random.default_rng(11)
    inst = parse_instrument(INSTRUMENT)
    path = tmp_path / "s.csv"
    write_survey(path, rng, 500, invalid=0.0, blank_rows=0.0)
    survey = code_responses(load_survey(path), inst, invalid="missing")
    groups = ["sex"]
    want = accumulate(inst, survey.items, survey.answered, survey.categorical, groups, ("complete_items",))
    answered = np.nan_to_num(survey.answered[ITEMS].to_numpy(dtype=float)).astype(np.int8).T
    categorical = {}
    for col in ("sex", "site"):
        values = survey.categorical[col].tolist()
        labels = list(dict.fromkeys(v for v in values if v is not None))
        categorical[col] = (labels, np.array([-1 if v is None else labels.index(v) for v in values]))
    got = accumulate_codes(inst, answered, categorical, groups, ("complete_items",))
    assert got.n_rows == want.n_rows
    for col in ITEMS:
        assert got.answered[col].counts.tolist() == want.answered[col].counts.tolist()
        assert got.answered[col].missing == want.answered[col].missing
    inst_columns = {s.id: s.columns for s in inst.scales}
    for sid in ("s1", "s2"):
        a, b = got.scales[sid], want.scales[sid]
        assert (a.n, a.n_incomplete, a.sums.tolist(), a.cross.tolist()) == (
            b.n,
            b.n_incomplete,
            b.sums.tolist(),
            b.cross.tolist(),
        )
        assert got.respondent_sums[sid] == want.respondent_sums[sid]
        assert list(want.complete_items[sid]) == inst_columns[sid]
        for col, counts in want.complete_items[sid].items():
            assert got.complete_items[sid][col].counts.tolist() == counts.counts.tolist()
        gs, ws = got.scores[(sid, "sex")], want.scores[(sid, "sex")]
        assert gs.rows_by_level == ws.rows_by_level and gs.missing_group == ws.missing_group
        assert list(gs.histogram.counts) == list(ws.histogram.counts)
        for level, hist in ws.histogram.counts.items():
            assert gs.histogram.counts[level].tolist() == hist.tolist()
    for col in ("sex", "site"):
        assert list(got.categorical[col].items()) == list(want.categorical[col].items())


def test_id_hashes_agree_whichever_way_a_block_goes() -> None:
    import pyarrow as pa

    from mcstats.engines.stream import id_hashes

    plain, plain_rows = id_hashes(pa.array(["r1", None, "r2", "", "r1"]))
    spaced, spaced_rows = id_hashes(pa.array([" r1", "r2 ", "   ", "r1", "\u00e9t\u00e9"]))
    assert plain_rows.tolist() == [0, 2, 4] and spaced_rows.tolist() == [0, 1, 3, 4]
    assert plain[0] == plain[2] == spaced[0] == spaced[2]
    assert plain[1] == spaced[1] and len({*plain.tolist(), spaced[3]}) == 3


def test_id_hashes_spill_to_disk_and_find_the_same_duplicates(tmp_path: Path, monkeypatch: Any) -> None:
    """With the in-memory limit at 50 hashes, the ids of a 3000-row file go to temporary
    files; the duplicated ids found and the warning equal the in-memory run's, and the
    temporary files are gone afterwards."""
    import tempfile

    from mcstats.engines.stream import IdHashes

    monkeypatch.setattr(IdHashes, "IN_MEMORY", 50)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    rng = np.random.default_rng(3)
    inst = parse_instrument(INSTRUMENT)
    path = tmp_path / "ids.csv"
    write_survey(path, rng, 3000, invalid=0.0, blank_rows=0.0)
    memory = compute(path, inst, read=ReadOptions(engine="memory")).warnings
    streamed = stream_survey(path, inst, block_size=4096).survey.warnings
    assert [w for w in memory if "duplicated id" in w] == [w for w in streamed if "duplicated id" in w]
    assert any("duplicated id" in w for w in streamed)
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize(
    "rows",
    [
        ["1,2,M", "3,4,X", "2,2,F"] * 40,  # unknown group levels only
        ["1,2,M", "3,9,X", "2,2,F", "0,1,Y"] * 40,  # invalid item cells and unknown levels
    ],
)
def test_errors_name_the_same_cells_streamed_or_in_memory(tmp_path: Path, rows: list[str]) -> None:
    """With --invalid error, a streamed file raises the error an in-memory run raises:
    item cells first (the scale message), else the first grouping column's unknown levels."""
    group = {"column": "g", "levels": {"M": "Male", "F": "Female"}}
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}, "groups": [group]})
    path = tmp_path / "bad.csv"
    path.write_text("Q1,Q2,g\n" + "\n".join(rows) + "\n")
    messages = []
    for run in (
        lambda: compute(path, inst, read=ReadOptions(engine="memory")),
        lambda: stream_survey(path, inst, block_size=64),
        lambda: stream_survey(path, inst, block_size=64, fast=False),
    ):
        with pytest.raises(DataError) as info:
            run()
        messages.append(str(info.value))
    assert messages[0] == messages[1] == messages[2]


def test_encode_texts_equals_pyarrow_dictionary_encode() -> None:
    """The encoder of group and label cells without pyarrow.compute gives pyarrow's
    dictionary encoding (texts in order of first appearance, -1 for nulls): on slices, on
    chosen cells, and past 7 bytes (where it hands over to pyarrow.compute)."""
    import random

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from mcstats.engines.stream import _dictionary_indices, _encode_texts

    rng = random.Random(3)
    values = ["M", "F", None, "", "North", "é", "ab", "ba", "Femme", "a\x01", "1234567", "12345678"]
    for trial in range(400):
        n = rng.randint(0, 40)
        arr = pa.array([rng.choice(values[: 11 if trial % 2 else 12]) for _ in range(n)], type=pa.string())
        if n > 4 and trial % 3 == 0:
            arr = arr[2 : n - 1]
        chosen = np.array(sorted(rng.sample(range(len(arr)), rng.randint(0, len(arr)))), dtype=np.intp)
        for cells in (None, chosen):
            part = arr if cells is None else arr.take(pa.array(cells, type=pa.int64()))
            enc = pc.dictionary_encode(part)
            texts, index = _encode_texts(arr, cells)
            distinct = enc.dictionary.to_pylist()
            assert texts == distinct
            assert index.tolist() == _dictionary_indices(enc.indices).tolist()
            assert index.tolist() == [-1 if v is None else distinct.index(v) for v in part.to_pylist()]


@pytest.mark.parametrize(
    "extras", [EXTRAS, ("item_groups",), ("item_groups", "score_pairs"), ("item_pairs",)]
)
def test_accumulate_codes_extras_equal_accumulate(extras: tuple[str, ...]) -> None:
    """The optional moments of the integer-code accumulator (per-item counts by level read off
    the block tables, score-pair bins) against the DataFrame accumulator's separate counts,
    with reverse-keyed items, a total scale sharing its items with two subscales, a second
    grouping column, and a column of 40 levels (too many for the shared count)."""
    import pandas as pd

    rng = np.random.default_rng(5)
    n = 3000
    inst = parse_instrument(
        {
            "scale_points": 5,
            "scales": {
                "A": ["a1", {"column": "a2", "reverse": True}, "a3", "a4", "a5", "a6"],
                "B": [{"column": "b1", "reverse": True}, "b2", "b3"],
                "T": {"scales": ["A", "B"]},
            },
            "groups": [{"column": "g4"}, {"column": "sex"}, {"column": "many"}],
        }
    )
    items = inst.item_columns
    codes = rng.integers(1, 6, size=(len(items), n)).astype(np.int8)
    codes[rng.random(codes.shape) < 0.1] = 0
    cat_values = {
        "g4": [str(rng.choice(["w", "x", "y", "z", ""])) for _ in range(n)],
        "sex": [str(rng.choice(["M", "F", ""])) for _ in range(n)],
        "many": [f"L{rng.integers(0, 40)}" if rng.random() > 0.05 else "" for _ in range(n)],
    }
    categorical = {}
    for col, values in cat_values.items():
        labels = list(dict.fromkeys(v for v in values if v))
        categorical[col] = (labels, np.array([labels.index(v) if v else -1 for v in values]))
    answered = pd.DataFrame({c: np.where(codes[j] > 0, codes[j], np.nan) for j, c in enumerate(items)})
    reverse = {i.column for i in inst.items if i.reverse}
    scored = answered.copy()
    for c in reverse:
        scored[c] = 6 - scored[c]
    frame = pd.DataFrame({c: [v or None for v in vals] for c, vals in cat_values.items()}, dtype=object)
    for groups in (["g4"], ["g4", "sex"], ["many", "g4"]):
        want = accumulate(inst, scored, answered, frame, groups, extras)
        got = accumulate_codes(inst, codes, categorical, groups, extras)
        assert list(got.answered) == items
        for sid, by_item in want.complete_items.items():
            columns = next(s.columns for s in inst.scales if s.id == sid)
            assert list(by_item) == (columns if "complete_items" in extras else [])
            for col, counts in by_item.items():
                assert got.complete_items[sid][col].counts.tolist() == counts.counts.tolist()
        for col in items:
            assert got.answered[col].counts.tolist() == want.answered[col].counts.tolist(), col
            assert got.answered[col].missing == want.answered[col].missing, col
        assert set(got.item_groups) == set(want.item_groups)
        for g, by_level in want.item_groups.items():
            assert list(got.item_groups[g]) == list(by_level)  # levels in order of appearance
            for level, table in by_level.items():
                assert got.item_groups[g][level].tolist() == table.tolist(), (groups, g, level)
        assert set(got.item_pairs) == set(want.item_pairs)
        for sid, blocks in want.item_pairs.items():
            assert got.item_pairs[sid].pair_tables().tolist() == blocks.pair_tables().tolist()
            # Both accumulators count through block tables: the pairs are also counted here
            # directly, row by row, from the scored codes.
            cols = next(sc.columns for sc in inst.scales if sc.id == sid)
            scored_codes = scored[cols].fillna(0).to_numpy(dtype=int)
            direct = np.zeros((len(cols), len(cols), 5, 5), dtype=np.int64)
            for row in scored_codes:
                for i, a in enumerate(row):
                    for j, b in enumerate(row):
                        if a and b and (i != j or a == b):
                            direct[i, j, a - 1, b - 1] += 1
            assert got.item_pairs[sid].pair_tables().tolist() == direct.tolist()
        assert set(got.score_pairs) == set(want.score_pairs)
        for key, joint in want.score_pairs.items():
            assert got.score_pairs[key].tolist() == joint.tolist()
            assert joint.sum() > 0
