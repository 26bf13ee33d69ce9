"""Inputs that are not regular files, and the terminal (issue 19, items 2, 3 and 4).

``/dev/zero``, named pipes, sockets, symbolic links to them and loops of symbolic links
cannot be committed to the corpus; they are made here in a temporary folder and given to
every reader as data, instrument, published file and ``instrument:`` key.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from clirun import run_cli
from mcstats.errors import DataError, InstrumentError, McStatsError

ROOT = Path(__file__).resolve().parents[2]
SURVEY = ROOT / "tests" / "corpus" / "support" / "survey_5pt.csv"
INSTRUMENT = ROOT / "tests" / "corpus" / "support" / "survey_5pt.yaml"


@pytest.fixture()
def odd_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path, words the message must hold)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    (tmp_path / "to_zero").symlink_to("/dev/zero")
    (tmp_path / "to_fifo").symlink_to(fifo)
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    (tmp_path / "folder").mkdir()
    yield_value = {
        "dev_zero": (Path("/dev/zero"), "character device"),
        "fifo": (fifo, "named pipe"),
        "socket": (sock_path, "socket"),
        "link_to_zero": (tmp_path / "to_zero", "character device"),
        "link_to_fifo": (tmp_path / "to_fifo", "named pipe"),
        "loop": (tmp_path / "loop1", "loop of symbolic links"),
        "dangling": (tmp_path / "dangling", "does not exist"),
        "folder": (tmp_path / "folder", "a folder"),
    }
    return yield_value


def _readers() -> dict[str, tuple[Callable[[Path], object], type[McStatsError]]]:
    from mcstats.audit.run import audit_file
    from mcstats.instrument import load_instrument
    from mcstats.io import load_survey
    from mcstats.pipeline import compute
    from mcstats.replication.published import load_published

    inst = load_instrument(INSTRUMENT)
    from mcstats.engines import ReadOptions

    return {
        "load_survey": (load_survey, DataError),
        "compute_auto": (lambda p: compute(p, inst), DataError),
        "compute_stream": (lambda p: compute(p, inst, read=ReadOptions(engine="stream")), DataError),
        "load_instrument": (load_instrument, InstrumentError),
        "load_published": (load_published, InstrumentError),
        "audit_file": (audit_file, DataError),
    }


@pytest.mark.parametrize("reader", list(_readers()))
def test_every_reader_refuses_what_is_not_a_regular_file(
    reader: str, odd_files: dict[str, tuple[Path, str]]
) -> None:
    read, error = _readers()[reader]
    for name, (path, words) in odd_files.items():
        with pytest.raises(error) as info:
            read(path)
        assert words in str(info.value), (name, str(info.value))
        assert str(path) in str(info.value), name


def test_papers_that_are_not_regular_files_are_refused(
    odd_files: dict[str, tuple[Path, str]], tmp_path: Path
) -> None:
    """``mcstats extract`` and ``audit PAPER`` read a paper whole: a link named paper.txt to
    /dev/zero took 15 GB in two minutes before it was refused (issue 19, round 2)."""
    from mcstats.audit.extract.readers import read_paper

    for name, (path, words) in odd_files.items():
        for suffix in (".txt", ".pdf", ".docx"):
            link = tmp_path / f"paper_{name}{suffix}"
            link.symlink_to(path)
            with pytest.raises(DataError) as info:
                read_paper(link)
            if name != "dangling":  # the link itself is there; its target is named by the link
                assert words in str(info.value), (name, suffix, str(info.value))


def test_a_paper_beyond_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from mcstats.audit.extract.readers import read_paper

    monkeypatch.setenv("MCSTATS_MAX_PAPER_BYTES", "10000")
    text = tmp_path / "paper.md"
    text.write_text("Table 1\n" + "x" * 10_001, encoding="utf-8")
    with pytest.raises(DataError, match="more than the 10,000 mcstats reads from a paper"):
        read_paper(text)
    # a .docx is measured unpacked: 300 bytes of zip that unpack to 100,000
    docx = tmp_path / "paper.docx"
    with zipfile.ZipFile(docx, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w/>" + " " * 100_000)
    assert docx.stat().st_size < 10_000
    with pytest.raises(DataError, match="unpacks to 100,004 bytes"):
        read_paper(docx)


def test_the_dask_engine_refuses_them_too(odd_files: dict[str, tuple[Path, str]]) -> None:
    pytest.importorskip("dask")
    from mcstats.engines.dask import dask_survey
    from mcstats.instrument import load_instrument

    inst = load_instrument(INSTRUMENT)
    for name, (path, words) in odd_files.items():
        with pytest.raises(DataError, match=words):
            dask_survey([str(path)], inst)
        assert name


def test_instrument_key_names_a_fifo_or_a_file_outside(tmp_path: Path) -> None:
    from mcstats.replication.published import PublishedStudy

    os.mkfifo(tmp_path / "inst.yaml")
    study = PublishedStudy.__new__(PublishedStudy)
    object.__setattr__(study, "path", str(tmp_path / "p.yaml"))
    object.__setattr__(study, "instrument", "inst.yaml")
    from mcstats.instrument import load_instrument

    path = study.instrument_path
    assert path is not None
    with pytest.raises(InstrumentError, match="named pipe"):
        load_instrument(path)
    object.__setattr__(study, "instrument", "../../../etc/passwd")
    with pytest.raises(InstrumentError, match="outside the published file's folder") as info:
        _ = study.instrument_path
    assert "root:" not in str(info.value)


def _cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*argv, cwd=cwd, env=dict(os.environ, NO_COLOR="1", COLUMNS="300"))


def test_cli_symlink_loops_and_fifos_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    os.mkfifo(tmp_path / "f.csv")
    (tmp_path / "out").symlink_to(tmp_path / "out")  # --out that is a loop
    for argv, words in [
        (["analyze", "a.csv", "--items", "Q1-Q5", "--points", "5", "--out", "o"], "loop of symbolic links"),
        (["analyze", "f.csv", "--items", "Q1-Q5", "--points", "5", "--out", "o"], "named pipe"),
        (
            ["analyze", str(SURVEY), "--instrument", str(INSTRUMENT), "--out", "out/x"],
            "loop of symbolic links",
        ),
    ]:
        proc = _cli(*argv, cwd=tmp_path)
        assert proc.returncode in (2, 3), proc.stderr
        assert "Traceback" not in proc.stderr and words in proc.stderr, proc.stderr
        assert proc.stderr.startswith("mcstats:") and proc.stderr.count("\n") == 1, proc.stderr


def test_terminal_output_escapes_control_characters_and_keeps_shortcodes() -> None:
    from rich.table import Table

    from mcstats.safety import terminal_console, terminal_text

    hostile = "Q\x1b[2J\x1b]0;title\x07 :x: \x0b\u202e"
    assert "\x1b" not in terminal_text(hostile) and "\x07" not in terminal_text(hostile)
    buf = io.StringIO()
    con = terminal_console(file=buf, width=200)
    con.print(hostile, markup=False)
    t = Table()
    t.add_column(hostile)
    t.add_row(hostile)
    con.print(t)
    out = buf.getvalue()
    assert "\x1b" not in out and "\x07" not in out and "\x0b" not in out and "\u202e" not in out
    assert ":x:" in out and "\u274c" not in out
    assert "\\x1b[2J" in out


def test_error_messages_escape_control_characters(tmp_path: Path) -> None:
    bad = tmp_path / "s.csv"
    bad.write_text("id,Q1,Q2\nR1,1,2\nR2,\x1b]0;pwned\x07 :x:,1\n", encoding="utf-8")
    proc = _cli("analyze", str(bad), "--items", "Q1-Q2", "--points", "5", "--out", "o", cwd=tmp_path)
    assert proc.returncode == 3
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "\u274c" not in proc.stderr
    assert ":x:" in proc.stderr


def test_reconstructed_csv_cells_are_formula_safe() -> None:
    """reconstruct writes labels from a published file: a level '=HYPERLINK(...)' must not
    run in a spreadsheet; numbers, negative ones included, stay numbers."""
    import csv

    from mcstats.replication.reconstruct import Reconstruction

    rec = Reconstruction.__new__(Reconstruction)
    cells = {"group": ['=HYPERLINK("x")', "@SUM(1)", "+1x", "Men"], "score": ["-1.5", "2", "", "+3"]}
    object.__setattr__(rec, "columns", cells)
    rows = list(csv.reader(io.StringIO(rec.csv_text())))
    assert rows == [
        ["group", "score"],
        ['\'=HYPERLINK("x")', "-1.5"],
        ["'@SUM(1)", "2"],
        ["'+1x", ""],
        ["Men", "+3"],
    ]


def test_dask_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    """Mixed CSV/Parquet globs, a truncated Parquet file, a Parquet file with two columns of
    one name, a workbook: DataError or UsageError, never a traceback."""
    pytest.importorskip("dask")
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from mcstats.analysis import AnalysisOptions
    from mcstats.engines import ReadOptions
    from mcstats.errors import UsageError
    from mcstats.instrument import instrument_from_options
    from mcstats.pipeline import compute

    inst = instrument_from_options("Q1-Q2", 5)
    dask = ReadOptions(engine="dask")
    pd.DataFrame({"Q1": ["1", "2"], "Q2": ["2", "3"]}).to_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.csv").write_text("Q1,Q2\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="mix CSV and Parquet"):
        compute(tmp_path / "*.*", inst, read=dask)
    (tmp_path / "bad.parquet").write_bytes((tmp_path / "a.parquet").read_bytes()[:100])
    with pytest.raises(DataError, match="cannot read the files with Dask"):
        compute(tmp_path / "bad.parquet", inst, read=dask)
    table = pa.Table.from_arrays([pa.array(["1"]), pa.array(["2"])], names=["Q1", "Q1"])
    pq.write_table(table, tmp_path / "dup.parquet")
    with pytest.raises(DataError):
        compute(tmp_path / "dup.parquet", inst, read=dask)
    (tmp_path / "x.xlsx").write_bytes(b"PK")
    with pytest.raises(UsageError, match="engine dask reads CSV and Parquet"):
        compute(tmp_path / "x.xlsx", inst, options=AnalysisOptions(), read=ReadOptions(engine="dask"))


@pytest.mark.slow
def test_dask_unreachable_scheduler_is_a_message_within_a_timeout(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from mcstats.engines import ReadOptions
    from mcstats.errors import UsageError
    from mcstats.instrument import instrument_from_options
    from mcstats.pipeline import compute

    (tmp_path / "b.csv").write_text("Q1,Q2\n1,2\n2,3\n", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        compute(
            tmp_path / "b.csv",
            instrument_from_options("Q1-Q2", 5),
            read=ReadOptions(engine="dask", scheduler="tcp://127.0.0.1:9"),
        )


def test_quiet_output_to_a_pipe_is_plain_escaped_lines(tmp_path: Path) -> None:
    """``--quiet`` with stdout a pipe prints its lines without rich (not wrapped at 80
    columns), and text from inputs still has its control characters escaped."""
    name = "wave\x1b[2J_" + "long" * 20 + ".csv"
    rows = [f"R{i},{'MF'[i % 2]},{1 + i % 5},{1 + (i * 3) % 5},{1 + (i * 7) % 5}" for i in range(40)]
    rows.append(rows[1])  # a row repeated exactly: a warning naming its rows
    (tmp_path / name).write_text("id,sex,Q1,Q2,Q3\n" + "\n".join(rows) + "\n", encoding="utf-8")
    argv = ["analyze", name, "--items", "Q1-Q3", "--points", "5", "--group", "sex", "--out", "o", "-q"]
    proc = run_cli(*argv, cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "FORCE_COLOR"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "\x1b" not in proc.stdout
    assert lines[0].startswith("wave\\x1b[2J_long")
    assert lines[0].endswith(".csv: 41 rows read = 41 analysed + 0 excluded")
    repeated = [line for line in lines if line.startswith("warning: 1 row(s) repeat")]
    assert len(repeated) == 1 and "row 42 = row 3; a form submitted twice?" in repeated[0], lines
    assert lines[-1] == "Wrote results.json, report.md to o"
