"""Every ``analyze`` case of the corpus under ``--engine stream`` and ``--engine dask``:
the same exit code as the default engine, never a traceback, and on success the same rows
(read, analysed, excluded and which), invalid cells and blank-row warnings (issue 19, item 1)."""

from __future__ import annotations

import pytest

from .corpus import CliServer, Outcome, cases, run_case

#: Every corpus run again per engine (the working loop does not even import this module).
pytestmark = pytest.mark.slow

ANALYZE = [c for c in cases() if c.expect["argv"][0] == "analyze" and "--engine" not in c.expect["argv"]]
#: Options only the memory engine has (the engines refuse them with a usage error).
ROWS_ONLY = ("--bootstrap", "--ordinal", "--reliability-missing", "--sheet")


def _with_engine(case, engine):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    argv = [*case.expect["argv"], "--engine", engine]
    return replace(case, expect=dict(case.expect, argv=argv))


def _rows(o: Outcome) -> object:
    doc = o.documents.get("results.json")
    if not isinstance(doc, dict):
        return None
    inp = doc["input"]
    blank = [w for w in doc["warnings"] if "blank row" in w]
    return (
        inp["n_rows"],
        inp["n_analysed"],
        inp["n_excluded"],
        [e["row"] for e in inp["excluded"]],
        [(c["row"], c["column"]) for c in inp.get("invalid_cells", [])],
        blank,
    )


def _applicable(case, engine: str) -> bool:  # type: ignore[no-untyped-def]
    argv = [str(a) for a in case.expect["argv"]]
    if any(a in argv for a in ROWS_ONLY):
        return False
    data = case.fill(argv[1], case.file.parent)
    return engine != "dask" or data.lower().endswith((".csv", ".tsv", ".txt", ".parquet"))


@pytest.mark.parametrize("engine", ["stream", "dask"])
def test_every_engine_gives_the_default_engines_rows(engine: str) -> None:
    if engine == "dask":
        pytest.importorskip("dask")
    server = CliServer()
    problems = []
    try:
        for case in ANALYZE:
            if not _applicable(case, engine):
                continue
            base = run_case(case, server.run)
            other = run_case(_with_engine(case, engine), server.run)
            tag = f"{case.name} --engine {engine}"
            if "Traceback" in other.stderr:
                problems.append(f"{tag}: traceback\n{other.stderr[-800:]}")
                continue
            if other.returncode != base.returncode:
                problems.append(
                    f"{tag}: exit {other.returncode}, default {base.returncode}: {other.stderr[:300]}"
                )
                continue
            if base.returncode == 0 and _rows(other) != _rows(base):
                problems.append(f"{tag}: rows {_rows(other)} != default {_rows(base)}")
    finally:
        server.close()
    assert not problems, "\n".join(problems)
