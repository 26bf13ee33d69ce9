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
