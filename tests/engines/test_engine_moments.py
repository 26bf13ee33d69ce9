"""The one-pass engine: chunked, streamed and shuffled runs equal the in-memory run (1e-10)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mcstats.analysis import AnalysisOptions, analyze, results_from_moments
from mcstats.engines import ReadOptions
from mcstats.engines.moments import accumulate, empty_moments
from mcstats.engines.stream import FastPathUnavailable, stream_survey
from mcstats.instrument import parse_instrument
from mcstats.io import load_survey
from mcstats.pipeline import compute
from mcstats.results import results_dict
from mcstats.stats.moments import ScaleMoments
from mcstats.validate import code_responses
from refdata import REFERENCE, instrument_doc, manifest

DATASETS = sorted(manifest())


def close(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths where two results documents differ by more than 1e-10 (relative or absolute)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{path}: keys {sorted(set(a) ^ set(b))}"]
        return [d for k in a for d in close(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: lengths {len(a)} != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in close(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and isinstance(b, float | int):
        return [] if abs(a - b) <= 1e-10 * max(1.0, abs(a)) else [f"{path}: {a} != {b}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def _setup(name: str) -> tuple[Any, Any]:
    spec = manifest()[name]
    inst = parse_instrument(instrument_doc(spec))
    return spec, inst


def _doc(result: Any) -> dict[str, Any]:
    doc = results_dict(result, created="fixed")
    doc["input"].pop("path")
    doc["input"].pop("engine", None)  # the engine that read the file differs by design
    return json.loads(json.dumps(doc))


@pytest.mark.parametrize(
    ("chunk", "name"),
    [
        # one row at a time through the large set takes seconds: the slow lane's
        pytest.param(c, n, marks=pytest.mark.slow) if (c, n) == (1, "ds6_5pt_large") else (c, n)
        for c in (1, 7, 10_000)
        for n in DATASETS
    ],
)
def test_chunked_moments_equal_in_memory(name: str, chunk: int) -> None:
    spec, inst = _setup(name)
    survey = code_responses(load_survey(REFERENCE / "datasets" / spec["file"]), inst)
    groups = [g.column for g in inst.groups]
    whole = _doc(analyze(survey))
    rng = np.random.default_rng(chunk)
    order = rng.permutation(len(survey.items))  # shuffled rows, too
    merged = empty_moments(inst, groups)
    for start in range(0, len(order), chunk):
        sel = order[start : start + chunk]
        merged.merge(
            accumulate(
                inst, survey.items.iloc[sel], survey.answered.iloc[sel], survey.categorical.iloc[sel], groups
            )
        )
    assert close(whole, _doc(results_from_moments(merged, survey, AnalysisOptions(), groups=groups))) == []


@pytest.mark.parametrize("name", DATASETS)
def test_streamed_file_equals_in_memory(name: str) -> None:
    spec, inst = _setup(name)
    path = REFERENCE / "datasets" / spec["file"]
    memory = _doc(compute(path, inst, read=ReadOptions(engine="memory")))
    # A tiny block forces many blocks (and merges) even on a small file.
    streamed = stream_survey(path, inst, block_size=300)
    groups = [g.column for g in inst.groups]
    doc = _doc(results_from_moments(streamed.moments, streamed.survey, AnalysisOptions(), groups=groups))
    assert close(memory, doc) == []
    assert close(memory, _doc(compute(path, inst, read=ReadOptions(engine="stream")))) == []


def test_stream_falls_back_for_files_it_cannot_take(tmp_path: Path) -> None:
    p = tmp_path / "blank.csv"
    p.write_text("Q1,Q2\n1,2\n\n3,4\n2,2\n")
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}})
    with pytest.raises(FastPathUnavailable, match="blank lines"):
        stream_survey(p, inst)
    # compute() then reads it with the careful reader: same result as the memory engine.
    streamed = _doc(compute(p, inst, read=ReadOptions(engine="stream")))
    assert close(streamed, _doc(compute(p, inst, read=ReadOptions(engine="memory")))) == []


def test_the_fallback_is_recorded_with_its_reason(tmp_path: Path) -> None:
    """Issue 19: the stream-to-memory fallback is never silent (results.json says which
    engine read the file, which was asked for, and why the streaming reader handed it on)."""
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}})
    blank = tmp_path / "blank.csv"
    blank.write_text("Q1,Q2\n1,2\n\n3,4\n2,2\n")
    clean = tmp_path / "clean.csv"
    clean.write_text("Q1,Q2\n1,2\n3,4\n2,2\n")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('Q1,Q2\n"1",2\n3,4\n2,2\n')
    cases = [
        (blank, "stream", {"requested": "stream", "used": "memory", "fallback": "blank lines"}),
        (clean, "stream", {"requested": "stream", "used": "stream", "fallback": None}),
        (clean, "auto", {"requested": "auto", "used": "stream", "fallback": None}),
        (clean, "memory", {"requested": "memory", "used": "memory", "fallback": None}),
        # auto leaves small quoted files to the careful reader, and says so.
        (quoted, "auto", {"requested": "auto", "used": "memory", "fallback": "quoted fields"}),
        (quoted, "stream", {"requested": "stream", "used": "stream", "fallback": None}),
    ]
    for path, engine, want in cases:
        doc = results_dict(compute(path, inst, read=ReadOptions(engine=engine)), created="fixed")
        assert doc["input"]["engine"] == want, (path.name, engine)


def test_stream_reports_invalid_cells_by_row_across_blocks(tmp_path: Path) -> None:
    from mcstats.errors import DataError

    rows = ["1,2"] * 50 + ["7,2"] + ["1,2"] * 50 + ["2,9"]
    p = tmp_path / "bad.csv"
    p.write_text("Q1,Q2\n" + "\n".join(rows) + "\n")
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}})
    with pytest.raises(DataError) as info:
        stream_survey(p, inst, block_size=64)
    # Row 52 (header = row 1) and row 103, found in different blocks.
    assert [(c.row, c.column, c.value) for c in info.value.cells] == [(52, "Q1", "7"), (103, "Q2", "9")]
    assert info.value.total == 2


def test_covariance_is_exact_with_large_offsets() -> None:
    # Codes shifted by a million: the integer accumulators stay exact, and the covariance
    # equals the exact rational covariance (computed with fractions here) to the last bit.
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, size=(500, 3)) + 1_000_000
    mom = ScaleMoments.empty(3)
    for start in range(0, 500, 37):
        part = ScaleMoments.empty(3)
        part.add(x[start : start + 37].astype(float))
        mom.merge(part)
    n = 500
    for i in range(3):
        for j in range(3):
            mi = Fraction(int(x[:, i].sum()), n)
            mj = Fraction(int(x[:, j].sum()), n)
            exact = sum(
                (Fraction(int(a)) - mi) * (Fraction(int(b)) - mj)
                for a, b in zip(x[:, i], x[:, j], strict=True)
            )
            assert mom.covariance()[i, j] == float(exact / (n - 1))


def test_parquet_in_memory_equals_csv(tmp_path: Path) -> None:
    import pandas as pd

    spec, inst = _setup("ds2_5pt_missing")
    path = REFERENCE / "datasets" / spec["file"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    pq = tmp_path / "survey.parquet"
    frame.to_parquet(pq, index=False)
    memory = ReadOptions(engine="memory")
    want, got = _doc(compute(path, inst, read=memory)), _doc(compute(pq, inst, read=memory))
    for doc in (want, got):
        doc["input"].pop("sha256")
    assert close(want, got) == []


def test_stream_reports_duplicate_ids_like_memory(tmp_path: Path) -> None:
    rows = [f"r{i},{1 + i % 4},{1 + (i * 3) % 4}" for i in range(60)]
    rows[40] = "r7,2,2"  # r7 again, in a later block
    rows[55] = "r12,3,1"
    p = tmp_path / "ids.csv"
    p.write_text("id,Q1,Q2\n" + "\n".join(rows) + "\n")
    inst = parse_instrument({"scale_points": 4, "id_column": "id", "scales": {"s": ["Q1", "Q2"]}})
    memory = compute(p, inst, read=ReadOptions(engine="memory")).warnings
    streamed = stream_survey(p, inst, block_size=128).survey.warnings
    assert memory == streamed
    assert any("2 duplicated id(s)" in w and "'r7' in rows 9, 42" in w for w in streamed)


def test_sav_in_chunks_equals_in_memory() -> None:
    """The PSPP-written .sav (value labels, user-missing 9) read in chunks of 7 rows."""
    from mcstats.engines.stream import stream_sav
    from mcstats.instrument import instrument_from_options, with_columns

    inst = with_columns(instrument_from_options("Q1-Q5", 5), groups=["gender"])
    path = Path("tests/fixtures/sav/survey.sav")
    memory = _doc(compute(path, inst, read=ReadOptions(engine="memory", labels_from_file=True)))
    streamed = stream_sav(path, inst, chunk_rows=7, labels_from_file=True)
    doc = _doc(results_from_moments(streamed.moments, streamed.survey, AnalysisOptions(), groups=["gender"]))
    assert close(memory, doc) == []
    stream = ReadOptions(engine="stream", labels_from_file=True)
    assert close(memory, _doc(compute(path, inst, read=stream))) == []


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"Q1,Q2\n1,2\n3,\x004\n", "NUL bytes"),
        (b'Q1,Q2\n"Q one","Q two"\n"{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\n1,2\n', "Qualtrics"),
    ],
)
def test_stream_leaves_odd_files_to_the_careful_reader(tmp_path: Path, content: bytes, why: str) -> None:
    p = tmp_path / "odd.csv"
    p.write_bytes(content)
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}})
    with pytest.raises(FastPathUnavailable, match=why):
        stream_survey(p, inst)


def _cp1252_survey(tmp_path: Path, extra: bytes = b"", n: int = 400) -> tuple[Path, Any]:
    """A Windows-1252 file (group levels with accents, an em dash for missing) of n rows."""
    rng = np.random.default_rng(3)
    lines = ["id;sexe;Q1;Q2;Q3;Q4"]
    for i in range(n):
        codes = [str(c) if rng.random() > 0.05 else "\u2014" for c in rng.integers(1, 6, size=4)]
        lines.append(f"{i + 1};{'Féminin' if i % 3 else 'Masculin'};" + ";".join(codes))
    p = tmp_path / "latin.csv"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252") + extra)
    inst = parse_instrument(
        {
            "scale_points": 5,
            "missing_labels": ["\u2014"],
            "id_column": "id",
            "scales": {"s": ["Q1", "Q2", "Q3", "Q4"]},
            "groups": [{"column": "sexe", "levels": {"F": "Féminin", "M": "Masculin"}}],
        }
    )
    return p, inst


def test_windows_1252_file_streams_and_equals_in_memory(tmp_path: Path) -> None:
    import hashlib

    p, inst = _cp1252_survey(tmp_path)
    memory = _doc(compute(p, inst, read=ReadOptions(engine="memory")))
    streamed = stream_survey(p, inst, block_size=512)  # no FastPathUnavailable: it streams
    assert streamed.survey.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()  # hashed while parsed
    doc = _doc(results_from_moments(streamed.moments, streamed.survey, AnalysisOptions(), groups=["sexe"]))
    assert close(memory, doc) == []
    assert doc["input"]["n_rows"] == 400


def test_byte_outside_windows_1252_goes_to_the_careful_reader(tmp_path: Path) -> None:
    # 0x81 is not a Windows-1252 character: the careful reader takes the file as Latin-1.
    # Beyond the first 64 KiB, so the chunk that holds it is where the stream finds it.
    p, inst = _cp1252_survey(tmp_path, extra=b"4001;Masculin;1;2;3;\x81\r\n", n=4000)
    assert p.stat().st_size > 65536
    with pytest.raises(FastPathUnavailable, match="not cp1252 throughout"):
        stream_survey(p, inst, block_size=4096)
    # compute() falls back; as Latin-1 the em dash is \x97, not a label: invalid, so missing.
    read = {"invalid": "missing"}
    streamed = _doc(compute(p, inst, read=ReadOptions(engine="stream", **read)))
    assert close(streamed, _doc(compute(p, inst, read=ReadOptions(engine="memory", **read)))) == []


def test_the_dask_engine_says_it_does_not_check_duplicates(tmp_path: Path) -> None:
    """Rows 2 and 3 are one respondent twice: the memory engine warns, the dask engine (which
    reads partitions apart) cannot see it and says so in results.json and on the terminal."""
    pytest.importorskip("dask.dataframe")
    from rich.console import Console

    from mcstats.report.terminal import print_analysis

    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}})
    copied = tmp_path / "copied.csv"
    copied.write_text("Q1,Q2\n1,2\n1,2\n3,4\n2,2\n")
    memory = results_dict(compute(copied, inst, read=ReadOptions(engine="memory")), created="fixed")
    assert any("row 3 = row 2" in w for w in memory["warnings"]), memory["warnings"]
    assert "not_checked" not in memory["input"]["engine"]
    dask = results_dict(compute(copied, inst, read=ReadOptions(engine="dask")), created="fixed")
    [skipped] = dask["input"]["engine"]["not_checked"]
    assert skipped.startswith("duplicate respondents")
    console = Console(record=True, width=300)
    print_analysis(dask, console=console, quiet=True)
    assert "not checked: duplicate respondents" in console.export_text()


@pytest.mark.parametrize(("column", "ids"), [("Email address", "mail"), ("id", "mail"), ("Phone", "plain")])
def test_duplicated_emails_and_phones_are_named_by_rows_not_values(
    tmp_path: Path, column: str, ids: str
) -> None:
    """Reports are shared: a duplicated email address (Google Forms' id column) or an id in
    a column named like a phone number is reported by its rows, never its value; on the
    streaming and the in-memory engine alike."""
    value = (lambda i: f"person{i}@uni.example.edu") if ids == "mail" else (lambda i: f"080{i:07d}")
    rows = [f"{value(i)},{1 + i % 4},{1 + (i * 3) % 4}" for i in range(30)]
    rows[20] = f"{value(7)},2,2"  # row 22 of the file repeats row 9's respondent
    p = tmp_path / "ids.csv"
    p.write_text(f'"{column}",Q1,Q2\n' + "\n".join(rows) + "\n")
    inst = parse_instrument({"scale_points": 4, "id_column": column, "scales": {"s": ["Q1", "Q2"]}})
    for engine in ("memory", "stream"):
        warnings = compute(p, inst, read=ReadOptions(engine=engine)).warnings
        (dup,) = [w for w in warnings if "duplicated id" in w]
        assert "1 duplicated id(s)" in dup and "rows 9, 22" in dup and "not shown" in dup, engine
        assert value(7) not in dup and "@" not in dup, engine


@pytest.mark.parametrize(("cell", "readable"), [(b"\xff", False), ("\u00e9".encode(), True), (b"4", True)])
def test_utf8_is_checked_in_every_chunk_that_is_not_ascii(
    tmp_path: Path, cell: bytes, readable: bool
) -> None:
    """pyarrow's UTF-8 check is skipped only for chunks of ASCII bytes: a byte that is not
    UTF-8 far into the file (many chunks of 8 KiB here) still hands the file to the careful
    reader, and a correct non-ASCII cell there is read as text."""
    rows = [b"id,Q1,Q2"] + [f"{i},{1 + i % 4},{1 + (i * 3) % 4}".encode() for i in range(12000)]
    rows[11000] = b"11000,3," + cell  # past the 64 KiB the encoding is judged from
    p = tmp_path / "late.csv"
    p.write_bytes(b"\n".join(rows) + b"\n")
    inst = parse_instrument({"scale_points": 4, "scales": {"s": ["Q1", "Q2"]}})
    if not readable:
        with pytest.raises(FastPathUnavailable, match="UTF8"):
            stream_survey(p, inst, block_size=4096, invalid="missing")
        return
    streamed = stream_survey(p, inst, block_size=4096, invalid="missing").survey
    assert streamed.n_rows == 12000
    assert [c.value for c in streamed.invalid_cells] == ([cell.decode()] if cell != b"4" else [])


@pytest.mark.parametrize("cores", [2, 16])
def test_parse_threads_change_speed_not_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    """pyarrow parses a chunk's blocks on its own threads only with more than two cores
    (csvread.parse_threads); either way the streamed results equal the in-memory ones."""
    import os

    from mcstats.engines import csvread

    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert csvread.parse_threads() is (cores > 2)
    spec, inst = _setup("ds2_5pt_missing")
    path = REFERENCE / "datasets" / spec["file"]
    memory = _doc(compute(path, inst, read=ReadOptions(engine="memory")))
    streamed = _doc(compute(path, inst, read=ReadOptions(engine="stream")))
    for doc in (memory, streamed):
        doc["input"].pop("engine", None)
    assert close(memory, streamed) == []
