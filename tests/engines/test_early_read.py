"""A CSV the streaming engine will read is begun while the command imports its statistics.

The read runs ahead by a few more blocks until the engine takes it, then by the usual
depth; the engine that takes it gives the numbers a read begun by the engine gives, and a
read nobody takes (an error came first, another engine was chosen) is stopped.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from clirun import run_cli
from mcstats.engines import CSV_STREAM_QUOTES, begin_early_read, csvread, get_engine, plan_for, rows_needed
from mcstats.engines.csvread import Prefetcher

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _pulled_until_still(source: list[int], prefetcher: Prefetcher) -> int:
    """How many items the thread had taken from ``source`` once it stopped taking more."""
    seen = -1
    while seen != len(source):
        seen = len(source)
        time.sleep(0.05)
    return seen


def test_prefetcher_runs_further_ahead_until_the_consumer_comes() -> None:
    taken: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i in range(100):
            taken.append(i)
            yield i

    p = Prefetcher(items(), depth=2, early=6)
    # Before the first item is asked for: six in the queue and one in the thread's hand.
    assert _pulled_until_still(taken, p) == 7
    it = iter(p)
    assert [next(it) for _ in range(7)] == list(range(7))
    # Now the usual depth: two waiting and one in hand beyond what was consumed.
    assert _pulled_until_still(taken, p) == 7 + 3
    assert list(it) == list(range(7, 100))


def test_stream_engines_and_the_early_read_agree_on_quotes() -> None:
    for name, quotes in CSV_STREAM_QUOTES.items():
        assert get_engine(name).quotes is quotes  # type: ignore[attr-defined]


def test_the_engine_takes_the_read_begun_early_and_gives_the_same_numbers(tmp_path: Path) -> None:
    data = CORPUS / "support" / "survey_5pt.csv"
    inst = CORPUS / "support" / "survey_5pt.yaml"
    begun = []
    real_begin = csvread.begin_read

    def spy(path: Path, *, quotes: bool) -> None:
        begun.append(quotes)
        real_begin(path, quotes=quotes)

    from mcstats.engines import stream

    taken = []
    real_take = stream.take_early_read

    def take(path: Path, *, quotes: bool) -> csvread.ReadAhead | None:
        ahead = real_take(path, quotes=quotes)
        taken.append(ahead is not None)
        return ahead

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(csvread, "begin_read", spy)
        mp.setattr(stream, "take_early_read", take)
        early = run_cli("analyze", str(data), "--instrument", str(inst), "--out", str(tmp_path / "a"), "-q")
    late = run_cli(
        "analyze",
        str(data),
        "--instrument",
        str(inst),
        "--out",
        str(tmp_path / "b"),
        "-q",
        "--engine",
        "memory",
    )
    assert early.returncode == late.returncode == 0, early.stderr + late.stderr
    assert begun and taken == [True], (begun, taken)  # begun by the CLI, taken by the engine
    docs = [json.loads((tmp_path / d / "results.json").read_text()) for d in ("a", "b")]
    for doc in docs:
        doc["input"].pop("engine")
    differ = sorted(k for k in docs[0] if docs[0][k] != docs[1][k])
    assert differ in ([], ["created"], ["provenance"]), differ
    assert not csvread._EARLY  # taken by the engine, nothing left running


def test_no_read_left_running_when_the_run_stops_first_or_reads_in_memory(tmp_path: Path) -> None:
    data = CORPUS / "support" / "survey_5pt.csv"
    before = threading.active_count()
    bad = tmp_path / "bad.yaml"
    bad.write_text("scales: [not a mapping\n")
    stopped = run_cli("analyze", str(data), "--instrument", str(bad), "--out", str(tmp_path / "x"), "-q")
    assert stopped.returncode != 0 and "Traceback" not in stopped.stderr
    assert not csvread._EARLY and threading.active_count() == before
    # --ordinal needs the rows: the memory engine reads the file, and no read is begun.
    assert plan_for("auto", data, rows=rows_needed("listwise", True, 0)) == ["memory"]
    begin_early_read("auto", data, rows=True)
    assert not csvread._EARLY


def test_a_pipe_is_never_read_early(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    csvread.begin_read(fifo, quotes=True)  # would block opening a pipe with no writer
    assert not csvread._EARLY
