"""The careful reader's cell and line limits (issue 19, item 2: the stream-to-memory
fallback must itself be bounded). Expected values come from a plain re-implementation in
the test (split the bytes at every line end and measure), not from the code under test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcstats import io as mio
from mcstats.engines import ReadOptions
from mcstats.errors import DataError
from mcstats.instrument import parse_instrument
from mcstats.pipeline import compute

from ._budget import DERANDOMIZE, PROPERTY_EXAMPLES

INST = parse_instrument({"scale_points": 5, "scales": {"s": ["Q1", "Q2"]}})


def _first_long_line(data: bytes, most: int) -> int | None:
    """The 1-based number (counting line feeds) of the first line longer than ``most``."""
    pos = 0
    for m in re.finditer(rb"[^\r\n]*", data):
        if m.start() < pos:
            continue
        if len(m.group()) > most:
            return data.count(b"\n", 0, m.start()) + 1
        pos = m.end() + 1
    return None


@settings(
    derandomize=DERANDOMIZE,
    max_examples=max(PROPERTY_EXAMPLES, 200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    pieces=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([b"\n", b"\r\n", b"\r", b""])), min_size=0, max_size=30
    ),
    most=st.integers(0, 45),
    block=st.integers(1, 17),
)
def test_line_scan_agrees_with_splitting_the_bytes(
    pieces: list[tuple[int, bytes]], most: int, block: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any bytes, any limit, any block size (lines cut across blocks): refused exactly when
    some line is longer than the limit, and the message names the first such line."""
    data = b"".join(b"x" * n + end for n, end in pieces)
    p = tmp_path / "f.csv"
    p.write_bytes(data)
    monkeypatch.setattr(mio, "LINE_SCAN_BLOCK", block)
    want = _first_long_line(data, most)
    if want is None:
        mio.check_line_lengths(p, most=most)
    else:
        with pytest.raises(DataError) as info:
            mio.check_line_lengths(p, most=most)
        assert info.value.message.startswith(f"line {want} is longer than {most:,} bytes")


def test_a_cell_beyond_the_limit_is_refused_naming_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A quoted cell over several short lines: the line limit does not see it, the cell limit does.
    p = tmp_path / "s.csv"
    p.write_text('Q1,Q2,T\n1,2,ok\n2,3,"' + "abcdefghi\n" * 30 + '"\n3,4,ok\n', encoding="utf-8")
    monkeypatch.setenv("MCSTATS_MAX_CELL_CHARS", "299")
    with pytest.raises(DataError) as info:
        mio.read_csv(p)
    assert info.value.row == 3
    assert "longer than 299 characters" in info.value.message
    assert "MCSTATS_MAX_CELL_CHARS" in info.value.message
    monkeypatch.setenv("MCSTATS_MAX_CELL_CHARS", "300")  # the cell is exactly 300 characters
    assert mio.read_csv(p).n_rows == 3


@pytest.mark.parametrize("engine", ["auto", "memory", "stream"])
def test_every_engine_applies_the_lowered_limits_alike(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A limit set below the streaming reader's chunk sends the file to the careful reader,
    so that the streaming engine does not accept what the in-memory engine refuses."""
    p = tmp_path / "s.csv"
    p.write_text("Q1,Q2,T\n1,2," + "y" * 5000 + "\n2,3,ok\n", encoding="utf-8")
    monkeypatch.setenv("MCSTATS_MAX_LINE_BYTES", "1000")
    with pytest.raises(DataError, match="line 2 is longer than 1,000 bytes"):
        compute(p, INST, read=ReadOptions(engine=engine))
    monkeypatch.delenv("MCSTATS_MAX_LINE_BYTES")
    monkeypatch.setenv("MCSTATS_MAX_CELL_CHARS", "1000")
    with pytest.raises(DataError, match="longer than 1,000 characters"):
        compute(p, INST, read=ReadOptions(engine=engine))
    monkeypatch.delenv("MCSTATS_MAX_CELL_CHARS")
    result = compute(p, INST, read=ReadOptions(engine=engine))
    assert result.survey.n_rows == 2
    assert result.engine is not None and result.engine.used == ("memory" if engine == "memory" else "stream")


def test_a_line_longer_than_a_chunk_is_not_gathered_by_the_streaming_reader(tmp_path: Path) -> None:
    """The block reader hands a file without line ends to the careful reader at once
    (it gathered the whole line before, copying it again for every block read)."""
    from mcstats.engines.csvread import FastPathUnavailable
    from mcstats.engines.stream import stream_survey

    p = tmp_path / "s.csv"
    p.write_bytes(b"Q1,Q2\n1,2\n" + b"3," * 5000)  # no line end after the header's next row
    with pytest.raises(FastPathUnavailable, match="longer than the streaming reader's chunk"):
        stream_survey(p, INST, block_size=256)
    header = ",".join(f"C{i}" for i in range(400)) + ",Q1,Q2\n"  # a header longer than a chunk
    p.write_bytes(header.encode() + b"," * 400 + b"1,2\n")
    with pytest.raises(FastPathUnavailable, match="longer than the streaming reader's chunk"):
        stream_survey(p, INST, block_size=256)
