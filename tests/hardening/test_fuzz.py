"""Fuzzing the two parsers of user files: the survey loader and the instrument parser.

Any exception other than mcstats' own errors (DataError, InstrumentError, UsageError,
which the CLI prints as one clear message) fails the test; so does a run that succeeds
but loses a row, or writes a results document that is not valid JSON. The examples come
from hypothesis, bounded in number and in time (see ``_budget.py``).
"""

from __future__ import annotations

import codecs
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcstats.analysis import AnalysisOptions, analyze
from mcstats.errors import McStatsError
from mcstats.instrument import instrument_from_options, load_instrument, parse_instrument
from mcstats.io import load_survey
from mcstats.report.render import render_markdown
from mcstats.results import dumps, results_dict
from mcstats.validate import code_responses

from ._budget import DERANDOMIZE, FUZZ_EXAMPLES, Budget

#: Slow lane (fuzzing runs); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

FUZZ = settings(
    derandomize=DERANDOMIZE,
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

SUPPORT = Path(__file__).resolve().parents[1] / "corpus" / "support"

# --------------------------------------------------------------------------- surveys

NASTY_CELLS = [
    "1", "2", "3", "4", "5", "0", "6", "9", "99", "-1", "2.5", "3,5", "4,0", "+3", "03", "4.",
    "1e0", "nan", "inf", "-inf", "0x3", "1_0", "\u0663", "\uff13",
    "Agree", " agree ", "STRONGLY\u00a0AGREE", "Strongly Disagree", "Undecided", "Sometimes",
    "N/A", "", " ", "\t", '"', '""', "'", "a,b", "a;b", "a\tb", "line\nbreak", "cr\rcell",
    "=1+1", "+1", "-2+3", "@SUM(A1)", "<script>alert(1)</script>", "[x](javascript:y)",
    "\ufeff", "\x00", "\x1b[31m", "\u202e", "é", "\U0001f600", "M", "F", "x" * 300,
]  # fmt: skip


@st.composite
def csv_bytes(draw: st.DrawFn) -> tuple[bytes, str]:
    """A delimited text file in one of the encodings people save.

    Two files in three are nearly valid (the right header, rows of the right width, mostly
    valid codes with a nasty cell here and there), so that they reach validation and the
    statistics; the others are wild (any header, ragged rows, any cells).
    """
    nearly_valid = draw(st.integers(0, 2)) > 0
    if nearly_valid:
        names = ["id", "g", "Q1", "Q2", "Q3"]
        good = st.sampled_from(["1", "2", "3", "4", "5", "", "M", "F"])
        nasty = st.sampled_from([c for c in NASTY_CELLS if c != "\x00"])
        cell = st.one_of(good, good, good, good, nasty)
        width = st.just(len(names))
    else:
        names = draw(
            st.lists(
                st.sampled_from(
                    ["id", "g", "Q1", "Q2", "Q3", "Q1", "", " Q2 ", "q3", "\ufeffQ1", "x,y", '"Q3"']
                ),
                max_size=7,
            )
        )
        cell = st.one_of(st.sampled_from(NASTY_CELLS), st.text(max_size=12))
        width = st.integers(0, len(names) + 2)
    rows = draw(
        st.lists(
            width.flatmap(lambda n: st.lists(cell, min_size=n, max_size=n)),
            min_size=3 if nearly_valid else 0,
            max_size=12,
        )
    )
    delim = draw(st.sampled_from([",", ";", "\t", "|"] if not nearly_valid else [",", ";", "\t"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote_all = draw(st.booleans())
    unclosed = draw(st.integers(0, 19)) == 0  # now and then one quote is never closed

    def fmt(c: str) -> str:
        if quote_all or any(ch in c for ch in (delim, '"', "\n", "\r")):
            return '"' + c.replace('"', '""') + '"'
        return c

    lines = [delim.join(fmt(c) for c in r) for r in [names, *rows]]
    if unclosed:
        i = draw(st.integers(0, len(lines) - 1).map(lambda k: max(k, min(1, len(lines) - 1))))
        lines[i] = '"' + lines[i]
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    enc = draw(
        st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-16-le"])
    )
    data = text.encode(enc, errors="replace") if enc in ("cp1252", "latin-1") else text.encode(enc)
    return data, draw(st.sampled_from([".csv", ".tsv", ".txt"]))


def _check_pipeline(path: Path, invalid: str, group: bool) -> None:
    """Load, validate, analyse and render; only mcstats errors may stop it."""
    try:
        raw = load_survey(path)
        inst = instrument_from_options("Q1-Q3", 5, group="g" if group else None)
        survey = code_responses(raw, inst, invalid=invalid, groups=["g"] if group else None)
        result = analyze(survey, AnalysisOptions(), groups=["g"] if group else [])
        doc = results_dict(result, created="2024-01-01T00:00:00Z")
        text = dumps(doc)  # allow_nan=False: a NaN that escaped to the JSON fails here
        render_markdown(doc)
    except McStatsError:
        return
    inp = json.loads(text)["input"]
    assert inp["n_rows"] == inp["n_analysed"] + inp["n_excluded"] == inp["n_analysed"] + len(inp["excluded"])
    assert inp["n_rows"] == raw.n_rows
    analysed = survey.rows.tolist()
    excluded = [e["row"] for e in inp["excluded"]]
    assert sorted(analysed + excluded) == raw.rows.tolist()
    assert len(set(analysed + excluded)) == len(analysed) + len(excluded)
    codes = survey.items.to_numpy(dtype=float)
    ok = codes[~np.isnan(codes)]
    assert np.all((ok >= 1) & (ok <= 5) & (ok == np.round(ok)))


_csv_budget = Budget()


@FUZZ
@given(csv_bytes(), st.sampled_from(["error", "missing"]), st.booleans())
def test_fuzz_csv_loader(file: tuple[bytes, str], invalid: str, group: bool) -> None:
    if _csv_budget.spent():
        return
    data, ext = file
    with _csv_budget.example(), tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"survey{ext}"
        p.write_bytes(data)
        _check_pipeline(p, invalid, group)


_bytes_budget = Budget()


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=600),
        st.binary(max_size=300).map(lambda b: codecs.BOM_UTF16_LE + b),
        st.binary(max_size=300).map(lambda b: b"Q1,Q2,Q3\n" + b),
    ),
    st.sampled_from([".csv", ".xlsx", ".sav"]),
)
def test_fuzz_loader_with_raw_bytes(data: bytes, ext: str) -> None:
    """Arbitrary bytes, also under the Excel and SPSS extensions."""
    if _bytes_budget.spent():
        return
    with _bytes_budget.example(), tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"survey{ext}"
        p.write_bytes(data)
        _check_pipeline(p, "missing", False)


# --------------------------------------------------------------------------- instruments

KEYS = [
    "name", "description", "source", "scale_points", "responses", "aliases", "missing_codes",
    "missing_labels", "id_column", "scales", "groups", "categorical", "cutoffs", "title", "items",
    "column", "text", "reverse", "levels", "scheme", "compare", "decimals", "criterion", "labels",
    "bands", "min", "max", "label", "scale_point", "itmes", "<<",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["Q1", "Q2", "Q3", "Q4", "Q5", "gender", "M", "F", "real-limits", "criterion",
                     "equal-interval", "custom", "rounded", "exact", "Agree", "", " "]),
    st.text(max_size=10),
)  # fmt: skip
keys = st.one_of(st.sampled_from(KEYS), st.integers(-2, 12), st.text(max_size=6), st.booleans())
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)


@st.composite
def instrument_docs(draw: st.DrawFn) -> Any:
    """Mostly instrument-shaped documents with wrong types, values and keys here and there."""
    doc: dict[Any, Any] = {}
    if draw(st.integers(0, 5)):
        doc["scale_points"] = draw(st.one_of(st.sampled_from([4, 5]), scalars))
    if draw(st.integers(0, 5)):
        item = st.one_of(
            st.sampled_from(["Q1", "Q2", "Q3", "Q4", "Q5"]),
            st.fixed_dictionaries(
                {"column": st.sampled_from(["Q1", "Q2", "Q3", "Q4", "Q5"])},
                optional={"text": scalars, "reverse": st.one_of(st.booleans(), scalars)},
            ),
            yaml_values,
        )
        doc["scales"] = draw(
            st.one_of(
                st.dictionaries(
                    st.sampled_from(["a", "b", "c"]),
                    st.one_of(
                        st.lists(item, max_size=6),
                        st.fixed_dictionaries(
                            {"items": st.lists(item, max_size=6)}, optional={"title": scalars}
                        ),
                    ),
                    max_size=3,
                ),
                yaml_values,
            )
        )
    for key in ("responses", "aliases", "missing_codes", "missing_labels", "id_column", "groups",
                "categorical", "cutoffs", "name"):  # fmt: skip
        if draw(st.integers(0, 3)) == 0:
            doc[key] = draw(yaml_values)
    if draw(st.integers(0, 3)) == 0:
        doc["groups"] = [
            {
                "column": "gender",
                "levels": draw(st.one_of(st.just({"M": "Male", "F": "Female"}), yaml_values)),
            }
        ]
    if draw(st.integers(0, 3)) == 0:
        doc["cutoffs"] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "scheme": st.sampled_from(["real-limits", "criterion", "equal-interval", "custom", "x"]),
                    "compare": st.one_of(st.sampled_from(["rounded", "exact"]), scalars),
                    "decimals": scalars,
                    "criterion": scalars,
                    "labels": yaml_values,
                    "bands": st.lists(
                        st.fixed_dictionaries({"min": scalars, "max": scalars, "label": scalars}), max_size=4
                    ),
                },
            )
        )
    if draw(st.integers(0, 6)) == 0:
        doc[draw(keys)] = draw(yaml_values)
    return doc if draw(st.integers(0, 9)) else draw(yaml_values)


def _check_instrument(load: Any) -> None:
    """Parse, then use the instrument on the corpus survey: only mcstats errors may stop it."""
    try:
        inst = load()
    except McStatsError:
        return
    try:
        raw = load_survey(SUPPORT / "survey_5pt.csv")
        survey = code_responses(raw, inst, invalid="missing")
        doc = results_dict(analyze(survey), created="2024-01-01T00:00:00Z")
        dumps(doc)
        render_markdown(doc)
    except McStatsError:
        return


_inst_budget = Budget()


@FUZZ
@given(instrument_docs())
def test_fuzz_instrument_parser(doc: Any) -> None:
    if _inst_budget.spent():
        return
    with _inst_budget.example():
        _check_instrument(lambda: parse_instrument(doc, path="fuzz.yaml"))


_yaml_budget = Budget()


@FUZZ
@given(instrument_docs(), st.booleans())
def test_fuzz_instrument_yaml_files(doc: Any, flow: bool) -> None:
    """The same documents written as YAML files and read back through load_instrument."""
    if _yaml_budget.spent():
        return
    try:
        text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True)
    except (yaml.YAMLError, OverflowError, ValueError):  # pragma: no cover - dumper limits
        return
    with _yaml_budget.example(), tempfile.TemporaryDirectory() as d:
        p = Path(d) / "inst.yaml"
        p.write_text(text, encoding="utf-8")
        _check_instrument(lambda: load_instrument(p))


YAML_ALPHABET = st.sampled_from(
    [*"abcQ12345 :-[]{}!&*#|>'\",?\n\t%@`", "scale_points: ", "scales:", "  - ", "!!python/object ",
     "&a ", "*a", "<<: ", "\ufeff", "\x00", "\u00e9"]
)  # fmt: skip

_text_budget = Budget()


@FUZZ
@given(
    st.one_of(
        st.lists(YAML_ALPHABET, max_size=80).map("".join),
        st.text(max_size=200),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    )
)
def test_fuzz_instrument_text(text: str) -> None:
    """Arbitrary text in an instrument file: YAML syntax errors, tags, anchors, control bytes."""
    if _text_budget.spent():
        return
    with _text_budget.example(), tempfile.TemporaryDirectory() as d:
        p = Path(d) / "inst.yaml"
        p.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        _check_instrument(lambda: load_instrument(p))


def test_budget_stops_examples_but_not_after_a_failure() -> None:
    """The time budget turns examples into no-ops once spent, except while shrinking."""
    now = [0.0]
    b = Budget(seconds=5.0, clock=lambda: now[0])
    assert not b.spent()
    now[0] = 4.0
    assert not b.spent()
    now[0] = 6.0
    assert b.spent()
    with pytest.raises(ZeroDivisionError), b.example():
        _ = 1 / 0
    assert not b.spent() and b.failed and b.examples == 1


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_non_finite_numbers_never_reach_results_json(value: float) -> None:
    """dumps refuses NaN and infinity, so the fuzz tests would catch one escaping _clean."""
    with pytest.raises(ValueError):
        dumps({"x": value})
