"""Every corpus file through the CLI: the expected exit code and message, never a traceback,
never a lost row, no unsafe output, no write outside the output folder.

The runs are made once per session, in parallel (each is a separate ``python -m mcstats``
process in its own empty working folder); each case is then one test.
"""

from __future__ import annotations

import os
import queue
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mcstats.instrument import load_instrument
from mcstats.results import load_schema

from .corpus import (
    CORPUS,
    EXPECT_SUFFIX,
    KNOWN_KEYS,
    RESULT_KEYS,
    Case,
    CliServer,
    Outcome,
    _listing,
    cases,
    input_blocks,
    input_files,
    lookup,
    run_case,
    run_subprocess,
    unsafe_markup,
)

#: Slow lane (the whole corpus through the CLI); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

CASES = cases()
MIN_CASES = 40


@pytest.fixture(scope="session")
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    """The runs of the selected cases, made in parallel; the corpus must not change meanwhile."""
    selected = {  # only this module's cases: other tests may call a parameter "case" too
        item.callspec.params["case"].name
        for item in request.session.items
        if hasattr(item, "callspec") and isinstance(item.callspec.params.get("case"), Case)
    }
    todo = [c for c in CASES if c.name in selected]
    before = _listing(CORPUS)
    workers = int(os.environ.get("MCSTATS_CORPUS_WORKERS", 0)) or max(2, min(8, os.cpu_count() or 2))
    if not hasattr(os, "fork"):  # pragma: no cover - not on Linux CI
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = dict(zip([c.name for c in todo], pool.map(run_case, todo), strict=True))
    else:
        servers: queue.Queue[CliServer] = queue.Queue()
        for _ in range(min(workers, len(todo)) or 1):
            servers.put(CliServer())

        def on_a_server(case: Case) -> Outcome:
            server = servers.get()
            try:
                return run_case(case, server.run)
            finally:
                servers.put(server)

        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                done = dict(zip([c.name for c in todo], pool.map(on_a_server, todo), strict=True))
        finally:
            while not servers.empty():
                servers.get().close()
    after = _listing(CORPUS)
    assert after == before, "a corpus run changed the corpus folder (an output written beside an input?)"
    return done


def test_corpus_is_large_and_every_input_has_an_expectation() -> None:
    names = {c.file.name for c in CASES}
    inputs = {p.name for p in input_files()}
    assert len(inputs) >= MIN_CASES
    assert inputs == names, f"inputs without {EXPECT_SUFFIX}: {sorted(inputs - names)}"


def _container_content(name: str, data: bytes, tmp: Path) -> Any:
    """What a workbook or SPSS file holds, independent of the writer library's version."""
    path = tmp / name
    path.write_bytes(data)
    if name.endswith(".xlsx"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path)
        except Exception:  # a file that is deliberately not a workbook: compare bytes
            return data
        return [
            (
                ws.title,
                [list(r) for r in ws.iter_rows(values_only=True)],
                sorted(map(str, ws.merged_cells.ranges)),
            )
            for ws in wb.worksheets
        ]
    import pyreadstat

    try:
        df, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception:
        return data
    return (df.to_dict("list"), meta.variable_value_labels, meta.missing_ranges, meta.column_labels)


def test_generated_files_match_the_generator(tmp_path: Path) -> None:
    """The non-ASCII files are what ``make_corpus.py`` writes: text files byte for byte;
    workbooks and SPSS files cell for cell (their bytes also depend on the version of
    openpyxl or pyreadstat that wrote them)."""
    sys.path.insert(0, str(CORPUS))
    try:
        import make_corpus
    finally:
        sys.path.remove(str(CORPUS))
    generated = make_corpus.generate()
    assert generated == make_corpus.generate(), "the generator is not deterministic"
    for name, data in generated.items():
        committed = (CORPUS / name).read_bytes()
        if committed == data:
            continue
        assert name.endswith((".xlsx", ".sav")), f"{name} differs from make_corpus.py's output"
        (tmp_path / "new").mkdir(exist_ok=True)
        (tmp_path / "old").mkdir(exist_ok=True)
        assert _container_content(name, data, tmp_path / "new") == _container_content(
            name, committed, tmp_path / "old"
        ), f"{name} holds other data than make_corpus.py writes"
    committed_text = [p for p in input_files() if p.name not in generated]
    for p in committed_text:
        assert p.read_bytes().isascii(), f"{p.name} is not ASCII: generate it in make_corpus.py"


def test_corpus_readme_describes_every_case() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = [
        c.name
        for c in CASES
        if f"`{c.file.name}`" not in readme or ("input" in c.expect and c.name not in readme)
    ]
    assert not missing, f"tests/corpus/README.md does not list {missing}"


def _fragments(case: Case, out: Path, key: str) -> list[str]:
    return [case.fill(str(x), out) for x in case.expect.get(key) or []]


def _where_fragments(case: Case, out: Path) -> list[str]:
    where = case.expect.get("where")
    blame = case.fill(str(case.expect.get("blame", "{file}")), out)
    frags = [blame]
    if where == "file":
        return frags
    assert isinstance(where, dict) and where, f"{case.name}: an error case needs where: file or a mapping"
    if "row" in where:
        frags.append(f"row {where['row']}")
    if "column" in where:
        frags.append(f"column {str(where['column'])!r}")
    if "key" in where:
        frags.append(f"{where['key']}:")
    if "line" in where:
        frags.append(f"line {where['line']}")
    return frags


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: Case, outcomes: dict[str, Outcome], tmp_path: Path) -> None:
    exp = case.expect
    unknown = set(exp) - KNOWN_KEYS
    assert not unknown, f"{case.name}: unknown keys {unknown} in the expectation"
    assert exp.get("about"), f"{case.name}: say what the case is about"
    o = outcomes[case.name]
    shown = f"\n$ mcstats {' '.join(o.argv)}\n--- stdout\n{o.stdout}\n--- stderr\n{o.stderr}"

    # Never a traceback, always the expected exit code.
    assert "Traceback" not in o.stderr and "Traceback" not in o.stdout, shown
    assert o.returncode == exp["exit"], shown
    assert not o.stray, f"written outside the output folder: {o.stray}{shown}"
    # Outputs as one set: neither a staging folder nor a lock is left behind.
    left = [str(p) for p in o.written if any(part.startswith(".mcstats") for part in p.parts)]
    assert not left, f"left behind in the output folder: {left}{shown}"
    for frag in _fragments(case, o.out, "messages"):
        assert frag in o.stderr, f"{frag!r} not in stderr{shown}"
    for frag in _fragments(case, o.out, "stdout"):
        assert frag in o.stdout, f"{frag!r} not in stdout{shown}"

    if exp["exit"] != 0:
        # A clear message naming the file (and row, column or key), and nothing written.
        assert o.stderr.strip().startswith("mcstats:"), shown
        if exp["exit"] == 3:
            for frag in _where_fragments(case, o.out):
                assert frag in o.stderr, f"{frag!r} not in the message{shown}"
        assert not o.written, f"a failed run left {o.written}{shown}"
        return

    # Success: results written, every row accounted for.
    blocks = [(name, w, b) for name, doc in o.documents.items() if not isinstance(doc, str)
              for w, b in input_blocks(doc)]  # fmt: skip
    if exp.get("row_accounting", True):
        assert blocks, f"no results document with row counts in {o.written}{shown}"
    for name, where, b in blocks:
        assert b["n_rows"] == b["n_analysed"] + b["n_excluded"], f"{name}:{where} loses rows"
        if "excluded" in b:
            assert b["n_excluded"] == len(b["excluded"]), f"{name}:{where}: excluded rows not all listed"
    results = o.documents.get("results.json")
    if results is not None:
        jsonschema.validate(results, load_schema())
    _check_results(case, results, shown)
    for name, text in o.documents.items():
        if isinstance(text, str):
            assert not unsafe_markup(name, text), f"{name}: live markup {unsafe_markup(name, text)}"
    for name in exp.get("instrument_outputs") or []:
        draft = tmp_path / Path(name).name
        draft.write_text(o.documents[name], encoding="utf-8")
        load_instrument(draft)  # an InstrumentError here fails the case
    reports = {
        n: t for n, t in o.documents.items() if isinstance(t, str) and n.endswith((".md", ".html", ".htm"))
    }
    report = "\n".join(reports.values())
    for frag in _fragments(case, o.out, "report_contains"):
        assert frag in report, f"{frag!r} not in the reports"
    for frag in _fragments(case, o.out, "report_excludes"):
        assert frag not in report, f"{frag!r} is in the reports"


def _check_results(case: Case, doc: dict[str, Any] | None, shown: str) -> None:
    exp = case.expect
    if not any(k in exp for k in RESULT_KEYS):
        return
    assert doc is not None, f"{case.name}: expected a results.json{shown}"
    inp = doc["input"]
    if "rows" in exp:
        r = exp["rows"]
        assert (inp["n_rows"], inp["n_analysed"], inp["n_excluded"]) == (
            r["read"],
            r["analysed"],
            r["excluded"],
        )
    if "excluded_rows" in exp:
        assert [e["row"] for e in inp["excluded"]] == exp["excluded_rows"]
    if "invalid_cells" in exp:
        assert inp["n_invalid_cells"] == exp["invalid_cells"]
    warnings = doc["warnings"]
    for frag in exp.get("warnings") or []:
        assert any(frag in w for w in warnings), f"no warning has {frag!r}: {warnings}"
    for frag in exp.get("warnings_absent") or []:
        assert not any(frag in w for w in warnings), f"a warning has {frag!r}: {warnings}"
    if exp.get("no_warnings"):
        assert warnings == [], warnings
    for path, value in (exp.get("results") or {}).items():
        got = lookup(doc, path)
        if isinstance(value, float) and isinstance(got, float):
            assert got == pytest.approx(value, rel=1e-12, abs=1e-12), path
        else:
            assert got == value, f"{path}: {got!r} != {value!r}"


def test_unsafe_markup_detector_finds_live_markup() -> None:
    """The report check above would catch unescaped data (it is not vacuous)."""
    assert unsafe_markup("r.md", "| <script>alert(1)</script> |")
    assert unsafe_markup("r.md", "[x](javascript:alert(1))")
    assert not unsafe_markup("r.md", "| &lt;script&gt; | \\[x\\](javascript:alert(1)) |")
    assert unsafe_markup("r.html", '<td><img src=x onerror="alert(1)"></td>')
    assert not unsafe_markup("r.html", "<td>&lt;img src=x onerror=alert(1)&gt;</td>")


EQUIVALENCE_SAMPLE = (
    "semicolon",
    "codes_invalid_as_missing",
    "code_0",
    "inst_typo_top_key",
    "group_three_levels",
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the CLI server needs fork")
def test_cli_server_runs_are_the_runs_a_user_gets() -> None:
    """The forking CLI server gives what ``python -m mcstats`` gives: exit code, output, files."""
    sample = [c for c in CASES if c.name in EQUIVALENCE_SAMPLE]
    assert len(sample) == len(EQUIVALENCE_SAMPLE)
    server = CliServer()
    try:
        for case in sample:
            fast, real = run_case(case, server.run), run_case(case, run_subprocess)

            def norm(o: Outcome, text: str) -> str:
                return text.replace(str(o.out.parent), "<cwd>")

            assert fast.returncode == real.returncode, case.name
            assert norm(fast, fast.stdout) == norm(real, real.stdout), case.name
            assert norm(fast, fast.stderr) == norm(real, real.stderr), case.name
            assert fast.written == real.written, case.name
    finally:
        server.close()
