"""The streamed duplicate-row check hashes rows as they are read (issue 14).

Without an id column, a streamed CSV or .sav file gets the same duplicate-row warning as
the in-memory run, with no second read of the whole file: a 64-bit hash per row is kept
(spilled to temporary files past 250,000), and only rows whose hash repeats are read
again and compared cell by cell. The expected warnings are written here by hand from the
rows each file is built with.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from mcstats.engines import stream
from mcstats.engines.stream import cell_hashes, row_hashes, stream_sav, stream_survey
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.validate import code_responses

INSTRUMENT = parse_instrument({"scale_points": 5, "scales": {"s": ["Q1", "Q2", "Q3"]}})


def _file(tmp_path: Path) -> Path:
    """40 rows; row 25 repeats row 3 apart from its time stamp; row 37 repeats row 10 with
    spaces in a cell that row 10 leaves empty (both read as empty); row 30 equals row 3
    in the items but not in the comment, so it is no duplicate."""
    lines = ["Timestamp,Q1,Q2,Q3,Comment"]
    rng = np.random.default_rng(7)
    for i in range(40):
        q = rng.integers(1, 6, size=3)
        lines.append(f"2026-03-02 09:{i:02d},{q[0]},{q[1]},{q[2]},c{i}")
    rows = {r: lines[r - 1].split(",") for r in range(2, 42)}
    rows[25] = ["2026-03-02 10:00", *rows[3][1:]]
    rows[10][4] = ""
    rows[37] = ["2026-03-02 10:01", *rows[10][1:4], "   "]
    rows[30] = ["2026-03-02 10:02", *rows[3][1:4], "another comment"]
    p = tmp_path / "d.csv"
    p.write_text("\n".join([lines[0], *(",".join(rows[r]) for r in range(2, 42))]) + "\n", encoding="utf-8")
    return p


EXPECTED = (
    "2 row(s) repeat an earlier row in every column (apart from Timestamp): row 25 = row 3; "
    "row 37 = row 10; a form submitted twice?"
)


def _memory_warnings(p: Path) -> list[str]:
    return code_responses(load_survey(p), INSTRUMENT).warnings


def test_streamed_blocks_find_the_duplicates_of_the_in_memory_run(tmp_path: Path) -> None:
    p = _file(tmp_path)
    memory = _memory_warnings(p)
    assert memory[0].startswith(EXPECTED)
    # Blocks of about five rows: the duplicates are in other blocks than their first rows.
    for fast in (True, False):
        streamed = stream_survey(p, INSTRUMENT, block_size=128, fast=fast).survey.warnings
        assert streamed == memory


def test_a_hash_collision_is_never_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _file(tmp_path)
    # Every row with the same hash: all rows are read again, and only equal cells count.
    monkeypatch.setattr(stream, "row_keys", lambda batch, *_: np.zeros(batch.num_rows, dtype=np.uint64))
    streamed = stream_survey(p, INSTRUMENT, block_size=128).survey.warnings
    assert streamed[0].startswith(EXPECTED)


def test_item_codes_in_the_keys_of_clean_and_careful_blocks(tmp_path: Path) -> None:
    """Row keys hash the item columns by their codes: a copy in a clean block matches its
    original in a block with an invalid cell (coded by the careful coder), and rows whose
    items differ only in how a code is written ("3", "03") share a key but are no copies."""
    lines = ["Timestamp,Q1,Q2,Q3,Comment"]
    lines += [f"9:{i:02d},{1 + i % 5},{1 + (i // 5) % 5},{1 + (i // 25) % 5},c{i}" for i in range(30)]
    lines[2] = "9:01,9,1,1,x"  # row 3: invalid code 9, so its block goes to the careful coder
    lines[3] = "9:02,1,2,3,same"  # row 4, in that block
    lines[20] = "9:19,1,2,3,same"  # row 21, a copy in a clean block
    lines[28] = "9:27,1,2,03,same"  # row 29: the same codes written otherwise, no copy
    p = tmp_path / "d.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = "1 row(s) repeat an earlier row in every column (apart from Timestamp): row 21 = row 4;"
    memory = code_responses(load_survey(p), INSTRUMENT, invalid="missing").warnings
    assert next(w for w in memory if "repeat" in w).startswith(expected)
    for fast in (True, False):
        streamed = stream_survey(p, INSTRUMENT, invalid="missing", block_size=96, fast=fast).survey.warnings
        assert [w for w in streamed if "repeat" in w] == [w for w in memory if "repeat" in w]


def test_row_hashes_spill_to_files_and_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _file(tmp_path)
    monkeypatch.setattr(stream.IdHashes, "IN_MEMORY", 4)
    streamed = stream_survey(p, INSTRUMENT, block_size=128).survey.warnings
    assert streamed[0].startswith(EXPECTED)


def test_no_duplicates_no_second_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "d.csv"
    p.write_text("Q1,Q2,Q3\n1,2,3\n2,3,4\n3,4,5\n", encoding="utf-8")

    def second_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read again")

    monkeypatch.setattr(stream, "iter_parsed", second_read)
    assert stream_survey(p, INSTRUMENT).survey.warnings == []


def test_sav_streamed_like_memory(tmp_path: Path) -> None:
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    df = pd.DataFrame(
        {
            "Q1": [1.0, 2, 1, 4, 2],
            "Q2": [2.0, 2, 2, 4, 2],
            "Q3": [3.0, 5, 3, 1, 5],
            "site": ["a", "b", "a", "c", "b"],
        }
    )
    p = tmp_path / "d.sav"
    pyreadstat.write_sav(df, str(p))
    expected = "2 row(s) repeat an earlier row in every column: row 4 = row 2; row 6 = row 3; a form"
    assert _memory_warnings(p)[0].startswith(expected)
    assert stream_sav(p, INSTRUMENT, chunk_rows=2).survey.warnings == _memory_warnings(p)


def test_cell_hashes_depend_on_the_text_only() -> None:
    short = cell_hashes(pa.array(["abc", "a", None, "", "  \t", "\u00a0", "Très", "\x1fa"]))
    free = cell_hashes(pa.array(["x" * 40, "abc", "a", None, "", "  \t", "\u00a0", "Très", "\x1fa"]))[1:]
    sliced = cell_hashes(pa.array(["zz", "abc", "a", None, "", "  \t", "\u00a0", "Très", "\x1fa"]).slice(1))
    assert short.tolist() == free.tolist() == sliced.tolist()
    # Empty, None and spaces only (Python's str.strip: tab, no-break space) are one value;
    # a control character before a letter is text.
    assert len({short[2], short[3], short[4], short[5]}) == 1
    assert len(set(short.tolist())) == 5
    # A column of one-byte cells at most (codes) gives its cells the same values.
    codes = cell_hashes(pa.array(["a", None, "", " ", "\t", "b"]))
    assert codes[:5].tolist() == [short[1], short[2], short[2], short[2], short[2]]
    assert codes[5] not in set(short.tolist())


def test_row_hashes_separate_rows() -> None:
    cols = [pa.array(["1", "1", "2", "1"]), pa.array(["2", "2", "1", None])]
    h = row_hashes(cols)
    assert h[0] == h[1] and len({h[0], h[2], h[3]}) == 3


@pytest.mark.parametrize("seed", range(20))
def test_cell_hashes_are_a_function_of_the_text_whatever_the_neighbours(seed: int) -> None:
    """Random texts of 0 to 20 characters (spaces, accents, digits) in random columns and
    slices: equal texts (spaces-only as empty, as the careful reader strips them) always get
    equal values, and texts of up to 7 bytes that differ never share one (they are packed
    whole, not hashed)."""
    import random

    rng = random.Random(seed)
    alphabet = ["a", "b", "1", "9", " ", "\t", "\u00e9", "\u00a0", "x"]

    def text() -> str | None:
        if rng.random() < 0.1:
            return None
        return "".join(rng.choices(alphabet, k=rng.choice([0, 1, 2, 3, 5, 7, 8, 12, 20])))

    pool = [text() for _ in range(60)]
    seen: dict[str, int] = {}
    for _ in range(6):
        cells = [rng.choice(pool) for _ in range(rng.randint(1, 80))]
        arr = (
            pa.array(["pad", *cells], type=pa.string()).slice(1)
            if rng.random() < 0.5
            else pa.array(cells, type=pa.string())
        )
        for cell, value in zip(cells, cell_hashes(arr).tolist(), strict=True):
            key = (cell or "").strip() and (cell or "")
            assert seen.setdefault(key, value) == value, repr(cell)
    short = {k: v for k, v in seen.items() if len(k.encode()) <= 7}
    assert len(set(short.values())) == len(short)
