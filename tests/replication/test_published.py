"""Tests of the published-values format (mcstats.replication.published) and of the two transcriptions.

The transcription check reads the papers' texts from ../shared/seeds beside the checkout:
every number in data/published/*.yaml must be printed in its paper, and numbers from a
table must be in that table, in the row with the printed label, under the printed header.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import pytest

from mcstats.errors import InstrumentError
from mcstats.instrument import load_instrument
from mcstats.replication.published import (
    PublishedStudy,
    PublishedTable,
    ReportedValue,
    ScaleInfo,
    ScoreInfo,
    load_published,
)

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "data" / "published"
SEEDS = Path(__file__).parents[3] / "shared" / "seeds"
#: Published file -> prefix of its paper's text in the seeds folder.
STUDIES = {"rivers_state.yaml": "000_", "mardan.yaml": "001_"}


def _seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(
            "seed texts are not beside this checkout (../shared/seeds); transcription check skipped"
        )
    matches = sorted(SEEDS.glob(prefix + "*.txt"))
    if not matches:
        pytest.skip(
            "seed texts are not beside this checkout (../shared/seeds); transcription check skipped"
        )
    return matches[0].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- (a) loading


@pytest.mark.parametrize("name", sorted(STUDIES))
def test_published_file_loads(name: str) -> None:
    study = load_published(PUBLISHED / name)
    assert isinstance(study, PublishedStudy)
    assert study.tables
    assert sum(1 for _ in study.values()) > 0


@pytest.mark.parametrize("name", sorted(STUDIES))
def test_published_file_matches_its_instrument(name: str) -> None:
    """Items, variables and the scale named in the published file exist in the instrument."""
    study = load_published(PUBLISHED / name)
    assert study.instrument_path is not None
    inst = load_instrument(study.instrument_path)
    assert (study.scale.min, study.scale.max) == (inst.min_code, inst.max_code)
    if study.scale.labels:
        assert dict(study.scale.labels) == dict(inst.responses)
    variables = {s.id for s in inst.scales} | {g.column for g in (*inst.groups, *inst.categorical)}
    for table in study.tables:
        if table.variable:
            assert table.variable in variables, (table.id, table.variable)
        for row in table.rows:
            if row.item:
                assert row.item in inst.item_columns, (table.id, row.item)
            if row.level and table.variable in {
                g.column for g in (*inst.groups, *inst.categorical)
            }:
                group = inst.group(table.variable)
                if group.levels:
                    assert row.level in group.level_labels, (table.id, row.level)


def test_rivers_state_key_numbers() -> None:
    study = load_published(PUBLISHED / "rivers_state.yaml")
    t1 = study.table("table_1")
    assert [r.item for r in t1.rows if r.role == "item"] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert t1.row("Grand Mean").values["mean"].text == "2.94"
    male = study.table("hypothesis_1").row("Male teaching staff")
    assert male.values["t"].value == 6.41
    assert male.remarks["decision"] == "Significant"
    assert study.table("table_2").rows[1].values["sd"].text == "3.215"
    assert study.cutoff_rule.stated is False and study.cutoff_rule.scheme == "real-limits"


def test_mardan_frequency_tables_sum_to_their_totals() -> None:
    """Counts add up to the printed totals (the percentages are left to the audit)."""
    study = load_published(PUBLISHED / "mardan.yaml")
    for table_id in ("table_1", "table_2", "table_3", "table_5", "table_7", "table_8", "gender"):
        table = study.table(table_id)
        counted = sum(
            int(r.values["frequency"].text)
            for r in table.rows
            if r.role in ("level", "missing") and "frequency" in r
        )
        total = next(r for r in table.rows if r.role == "total")
        assert counted == int(total.values["frequency"].text), table_id
    t4 = study.table("table_4")
    valid = sum(int(r.values["frequency"].text) for r in t4.rows if r.role == "level")
    assert valid == int(
        next(r for r in t4.rows if r.role == "valid-total").values["frequency"].text
    )


# --------------------------------------------------------------------------- (b) transcription

_HEADING = r"^\W*{}(?!\d)"


def _is_table_line(line: str) -> bool:
    return "|" in line or "\t" in line


def _cells(line: str) -> list[str]:
    if "|" in line:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.strip() for c in line.split("\t")]


def _norm(text: str) -> str:
    """Compare labels and headers loosely: case, spacing, punctuation, seed markup."""
    text = text.replace("\\bar{x}", "x̄")
    return re.sub(r"[\W_]+", "", text, flags=re.UNICODE).casefold()


def _table_block(lines: list[str], source: str) -> list[str] | None:
    """The lines of the printed table called ``source`` ("Table 3"), or None if not found."""
    if not re.fullmatch(r"Table \d+", source):
        return None
    heading = re.compile(_HEADING.format(re.escape(source)))
    start = next((i for i, line in enumerate(lines) if heading.match(line)), None)
    if start is None:
        return None
    block: list[str] = []
    for line in lines[start + 1 :]:
        if _is_table_line(line):
            block.append(line)
        elif not line.strip():
            continue
        elif block:
            break  # the first prose line after the table ends it
        elif re.match(r"^\W*(Table|Figure) \d", line):
            return None  # reached the next table without finding this one's lines
    return block or None


def _in_text(text: str, number: str) -> bool:
    """``number`` occurs as a whole number (not inside a longer one)."""
    pattern = r"(?<![\d.])" + re.escape(number) + r"(?!\.?\d)"
    return re.search(pattern, text) is not None


def _study_cases() -> list[tuple[str, str]]:
    return sorted(STUDIES.items())


@pytest.mark.parametrize(("name", "prefix"), _study_cases())
def test_every_number_is_printed_in_the_paper(name: str, prefix: str) -> None:
    text = _seed_text(prefix)
    study = load_published(PUBLISHED / name)
    missing = [
        f"{v.where}: {v.statistic} {v.text!r}"
        for _, _, v in study.values()
        if not _in_text(text, v.text)
    ]
    assert not missing, "numbers not found in the paper:\n" + "\n".join(missing)


def _check_table(table: PublishedTable, block: list[str]) -> list[str]:
    problems = []
    header = _cells(block[0])
    norm_header = [_norm(h) for h in header]
    row_lines = [_cells(line) for line in block[1:]]
    for row in table.rows:
        candidates = [cells for cells in row_lines if cells and _norm(cells[0]) == _norm(row.label)]
        if not candidates:
            problems.append(f"{table.source}: no printed row labelled {row.label!r}")
            continue
        for stat, value in row.values.items():
            header_text = table.columns.get(stat)
            if header_text is None or _norm(header_text) not in norm_header:
                problems.append(f"{table.source}: no column headed {header_text!r} for {stat}")
                continue
            col = norm_header.index(_norm(header_text))
            ok = any(col < len(cells) and cells[col] == value.text for cells in candidates)
            if not ok:
                problems.append(f"{value.where}: {value.text!r} is not in that cell")
        for name, words in row.remarks.items():
            header_text = table.columns.get(name)
            if header_text is None or _norm(header_text) not in norm_header:
                problems.append(f"{table.source}: no column headed {header_text!r} for {name}")
                continue
            col = norm_header.index(_norm(header_text))
            if not any(
                col < len(cells) and _norm(cells[col]) == _norm(words) for cells in candidates
            ):
                problems.append(f"{table.source}, row {row.label!r}: {name} {words!r} not printed")
    return problems


@pytest.mark.parametrize(("name", "prefix"), _study_cases())
def test_numbers_are_in_their_table_row_and_column(name: str, prefix: str) -> None:
    """For tables printed as tables: each value is in the row's line, under its header."""
    lines = _seed_text(prefix).splitlines()
    study = load_published(PUBLISHED / name)
    checked = 0
    problems: list[str] = []
    for table in study.tables:
        if not table.columns:
            continue  # numbers from the running text: the whole-text check covers them
        block = _table_block(lines, table.source)
        if block is None:
            # An untitled table (e.g. the t-test table): find it by its first row's label.
            first = table.rows[0].label
            at = next(
                (
                    i
                    for i, line in enumerate(lines)
                    if _is_table_line(line) and _norm(_cells(line)[0]) == _norm(first)
                ),
                None,
            )
            assert at is not None, f"{table.id}: cannot find the printed table"
            top = at
            while top > 0 and _is_table_line(lines[top - 1]):
                top -= 1
            bottom = at
            while bottom + 1 < len(lines) and (_is_table_line(lines[bottom + 1])):
                bottom += 1
            block = lines[top : bottom + 1]
        problems += _check_table(table, block)
        checked += 1
    assert checked > 0
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "prefix"), _study_cases())
def test_item_wording_is_printed_in_the_paper(name: str, prefix: str) -> None:
    """Instrument item texts are transcribed, not paraphrased (placeholders excepted)."""
    text = _norm(_seed_text(prefix))
    study = load_published(PUBLISHED / name)
    assert study.instrument_path is not None
    inst = load_instrument(study.instrument_path)
    for item in inst.items:
        if item.text.startswith("[Placeholder"):
            continue
        assert _norm(item.text) in text, item.column


# --------------------------------------------------------------------------- (c) intervals


def test_interval_of_a_value_without_leading_zero() -> None:
    v = ReportedValue(".974")
    assert v.value == 0.974
    assert v.decimals == 3
    assert v.has_leading_zero is False
    assert v.half_unit == pytest.approx(0.0005)
    assert v.interval() == pytest.approx((0.9735, 0.9745))
    assert v.interval() == (0.9735, 0.9745)  # exact: the bounds are computed in decimal
    assert v.contains(0.9735)
    assert v.contains(0.97449999)
    assert not v.contains(0.9745)
    assert v.contains(0.9745, inclusive=True)
    assert not v.contains(0.97349)


@pytest.mark.parametrize(
    ("text", "value", "decimals", "lower", "upper"),
    [
        ("2.94", 2.94, 2, 2.935, 2.945),
        ("3.215", 3.215, 3, 3.2145, 3.2155),
        ("2.960", 2.96, 3, 2.9595, 2.9605),  # trailing zero kept: 3 decimals
        ("1589", 1589.0, 0, 1588.5, 1589.5),
        ("1,589", 1589.0, 0, 1588.5, 1589.5),
        ("0.00", 0.0, 2, -0.005, 0.005),
        ("100.0", 100.0, 1, 99.95, 100.05),
        ("1.26553", 1.26553, 5, 1.265525, 1.265535),
        ("-1.5", -1.5, 1, -1.55, -1.45),
        ("\u22120.25", -0.25, 2, -0.255, -0.245),
    ],
)
def test_interval_examples(
    text: str, value: float, decimals: int, lower: float, upper: float
) -> None:
    v = ReportedValue(text)
    assert v.value == pytest.approx(value)
    assert v.decimals == decimals
    assert v.lower == pytest.approx(lower)
    assert v.upper == pytest.approx(upper)


def test_negative_values_open_at_the_end_away_from_zero() -> None:
    v = ReportedValue("-1.5")
    assert v.contains(-1.45) and not v.contains(-1.55)


def test_bounds_printed_with_a_relation() -> None:
    v = ReportedValue("<.001")
    assert v.relation == "<"
    assert v.lower == -math.inf and v.upper == pytest.approx(0.001)
    assert v.contains(0.0004) and not v.contains(0.001)
    assert ReportedValue("\u2265.05").relation == ">="


@pytest.mark.parametrize("text", ["", "abc", "30%", "1.2.3", ".", "- 1"])
def test_not_a_printed_number(text: str) -> None:
    with pytest.raises(ValueError):
        ReportedValue(text)


def test_score_ranges() -> None:
    scale = ScaleInfo(min=1, max=4)
    assert ScoreInfo("sum-of-items", items=5).possible_range(scale) == (5.0, 20.0)
    assert ScoreInfo("item", items=1).possible_range(scale) == (1.0, 4.0)
    assert ScoreInfo("sum-of-items").possible_range(scale) is None


# --------------------------------------------------------------------------- (d) errors

_GOOD = """\
format: mcstats-published/1
id: example
study: {title: An example}
scale: {min: 1, max: 4}
tables:
  - id: table_1
    source: Table 1
    kind: item-descriptives
    columns: {n: N, mean: Mean, sd: SD}
    rows:
      - label: Item one
        values: {n: "10", mean: "2.50", sd: ".97"}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "published.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_minimal_file_loads(tmp_path: Path) -> None:
    study = load_published(_write(tmp_path, _GOOD))
    sd = study.table("table_1").rows[0].values["sd"]
    assert (sd.text, sd.decimals, sd.column, sd.row, sd.source) == (
        ".97",
        2,
        "SD",
        "Item one",
        "Table 1",
    )


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('sd: ".97"', "sd: .97", "tables[0].rows[0].values.sd", "as printed"),
        ('mean: "2.50"', 'meen: "2.50"', "tables[0].rows[0].values.meen", "unknown statistic"),
        ('mean: "2.50"', 'mean: "2.5%"', "tables[0].rows[0].values.mean", "% sign"),
        ("kind: item-descriptives", "kind: itemstats", "tables[0].kind", "expected one of"),
        (
            "      - label: Item one\n",
            "      - labl: Item one\n",
            "tables[0].rows[0].labl",
            "unknown key",
        ),
        ("format: mcstats-published/1", "format: other/1", "format", "mcstats-published/1"),
        ("scale: {min: 1, max: 4}", "scale: {min: 1, max: four}", "scale.max", "whole-number"),
        ("study: {title: An example}", "study: {name: An example}", "study.name", "unknown key"),
        ("id: table_1", "id: 1table", "tables[0].id", "id"),
    ],
)
def test_malformed_file_names_the_key(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    assert old in _GOOD
    path = _write(tmp_path, _GOOD.replace(old, new, 1))
    with pytest.raises(InstrumentError) as info:
        load_published(path)
    assert info.value.key == key
    assert info.value.path == str(path)
    assert words in info.value.message
    assert key in str(info.value)


def test_missing_required_key(tmp_path: Path) -> None:
    path = _write(tmp_path, _GOOD.replace("    source: Table 1\n", ""))
    with pytest.raises(InstrumentError) as info:
        load_published(path)
    assert info.value.key == "tables[0].source"


def test_duplicate_table_id(tmp_path: Path) -> None:
    extra = "  - {id: table_1, source: Table 2, kind: other}\n"
    with pytest.raises(InstrumentError) as info:
        load_published(_write(tmp_path, _GOOD + extra))
    assert info.value.key == "tables[1].id"


def test_custom_statistic_is_accepted_once_declared(tmp_path: Path) -> None:
    text = _GOOD.replace('sd: ".97"', 'kr20: ".81"')
    with pytest.raises(InstrumentError):
        load_published(_write(tmp_path, text))
    study = load_published(
        _write(tmp_path, "custom_statistics: {kr20: Kuder-Richardson 20}\n" + text)
    )
    assert study.table("table_1").rows[0].values["kr20"].decimals == 2


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match="file not found"):
        load_published(tmp_path / "nope.yaml")
    with pytest.raises(InstrumentError, match="not valid YAML"):
        load_published(_write(tmp_path, "tables: [\n"))
    with pytest.raises(InstrumentError, match="mapping of keys at the top"):
        load_published(_write(tmp_path, "- a list\n"))
