"""Every line-end convention gives the same respondents on every engine.

A regression test: the block reader once cut chunks at line feeds only, so a file with old
Mac line ends (CR alone) read as a header with no rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mcstats.engines import ReadOptions
from mcstats.instrument import load_instrument
from mcstats.pipeline import compute

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
@pytest.mark.parametrize("engine", ["auto", "stream", "memory"])
def test_line_ends_on_every_engine(tmp_path: Path, ending: str, engine: str) -> None:
    lines = (CORPUS / "crlf_line_endings.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "survey.csv"
    path.write_bytes(ending.join(lines).encode() + ending.encode())
    inst = load_instrument(CORPUS / "support" / "survey_5pt.yaml")
    result = compute(path, inst, read=ReadOptions(engine=engine))
    # The corpus file holds a header and six respondents (written out in the file).
    assert result.survey.n_rows == len(lines) - 1 == 6
    assert result.survey.n_analysed == 6 and not result.survey.excluded


def test_no_groups_means_none_on_every_engine(tmp_path: Path) -> None:
    # ReadOptions(groups=()) asks for no group comparison even where the instrument declares a
    # grouping column; None means the instrument's groups. The streamed engine once read the
    # empty tuple as "the instrument's groups".
    lines = (CORPUS / "crlf_line_endings.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inst = load_instrument(CORPUS / "support" / "survey_5pt.yaml")
    assert inst.groups, "the corpus instrument declares a grouping column"
    for engine in ("memory", "stream"):
        none = compute(path, inst, read=ReadOptions(engine=engine, groups=()))
        default = compute(path, inst, read=ReadOptions(engine=engine))
        assert not none.ttests and default.ttests, engine


@pytest.mark.parametrize("seed", range(40))
def test_body_tally_equals_a_direct_count_however_the_bytes_are_cut(seed: int) -> None:
    """The streaming reader's byte checks (line count, blank lines with either line end, NUL
    bytes, quotes) fed a byte stream in pieces cut anywhere: equal to counting the whole
    stream with Python's own bytes methods."""
    import hashlib
    import random

    from mcstats.engines.csvread import BodyTally

    rng = random.Random(seed)
    alphabet = [b"\n", b"\r", b"\r\n", b"1", b",", b"ab", b'"', b"\x00"]
    weights = [6, 1, 2, 10, 6, 3, rng.choice([0, 1]), rng.choice([0, 0, 1])]
    data = b"".join(rng.choices(alphabet, weights=weights, k=rng.randint(0, 400)))
    cuts = sorted(rng.sample(range(len(data) + 1), k=min(len(data) + 1, rng.randint(0, 12))))
    tally = BodyTally()
    for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True):
        tally.update(data[a:b])
    scan = tally.result()
    blank = b"\n\n" in b"\n" + data or b"\n\r\n" in b"\n" + data  # a file may start blank
    assert tally.blank == blank
    assert scan.n_lines == data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    assert tally.has_nul == (b"\x00" in data) and scan.has_quote == (b'"' in data)
    assert scan.sha256 == hashlib.sha256(data).hexdigest()
