"""The command line as a user meets it: exit codes, messages, files written, rows accounted for."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from clirun import Runner, both_ways, run_cli
from mcstats.results import load_schema

EXAMPLE = "data/examples/example_4point.csv"
EXAMPLE_INSTRUMENT = "instruments/example_4point.yaml"


run = run_cli


def assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    for needle in needles:
        assert needle in proc.stderr, f"{needle!r} not in: {proc.stderr}"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


@both_ways()
def test_example_analysis_writes_valid_results(tmp_path: Path, run: Runner) -> None:
    proc = run("analyze", EXAMPLE, "--instrument", EXAMPLE_INSTRUMENT, "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "120 rows read = 119 analysed + 1 excluded" in proc.stdout
    doc = json.loads((tmp_path / "results.json").read_text())
    jsonschema.validate(doc, load_schema())
    inp = doc["input"]
    assert inp["n_rows"] == inp["n_analysed"] + len(inp["excluded"])
    assert inp["excluded"] == [{"row": 121, "reason": "no valid response on any item (all item cells empty)"}]
    report = (tmp_path / "report.md").read_text()
    assert "*Item Statistics for " in report and "Grand mean (mean of item means)" in report
    assert "Levene" in report


def test_options_instead_of_instrument(tmp_path: Path) -> None:
    proc = run(
        "analyze",
        EXAMPLE,
        "--items",
        "Q1-Q5",
        "--points",
        "4",
        "--group",
        "gender",
        "--out",
        str(tmp_path),
        "--score",
        "mean",
        "--quiet",
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "results.json").read_text())
    assert doc["scales"]["scale"]["items"] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    # Without an instrument the group's values are used as they are, sorted: F before M.
    assert doc["ttests"][0]["levels"] == ["F", "M"]
    assert doc["ttests"][0]["score"] == "mean"


def test_empty_file(tmp_path: Path) -> None:
    p = write(tmp_path, "empty.csv", "")
    assert_clean_failure(run("analyze", str(p), "--items", "Q1-Q3", "--points", "5"), 3, str(p), "empty")


def test_header_only(tmp_path: Path) -> None:
    p = write(tmp_path, "header.csv", "Q1,Q2,Q3\n")
    assert_clean_failure(
        run("analyze", str(p), "--items", "Q1-Q3", "--points", "5"), 3, str(p), "no respondent rows"
    )


def test_missing_item_column(tmp_path: Path) -> None:
    p = write(tmp_path, "missing.csv", "Q1,Q2\n1,2\n3,4\n")
    assert_clean_failure(
        run("analyze", str(p), "--items", "Q1-Q3", "--points", "5"),
        3,
        str(p),
        "column 'Q3'",
        "not in the file",
    )


def test_out_of_range_codes_are_listed_with_row_and_column(tmp_path: Path) -> None:
    p = write(tmp_path, "codes.csv", "Q1,Q2,Q3\n1,2,3\n0,6,4\n5,99,2\n")
    proc = run("analyze", str(p), "--items", "Q1-Q3", "--points", "5")
    assert_clean_failure(
        proc,
        3,
        str(p),
        "3 cell(s)",
        "row 3, column 'Q1': '0'",
        "row 3, column 'Q2': '6'",
        "row 4, column 'Q2': '99'",
        "outside the scale",
    )


def test_invalid_missing_reports_cells_and_keeps_rows(tmp_path: Path) -> None:
    p = write(tmp_path, "codes.csv", "Q1,Q2,Q3\n1,2,3\n0,6,4\n5,99,2\n2,2,2\n")
    proc = run(
        "analyze",
        str(p),
        "--items",
        "Q1-Q3",
        "--points",
        "5",
        "--invalid",
        "missing",
        "--out",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "o" / "results.json").read_text())
    assert doc["input"]["n_invalid_cells"] == 3
    assert [(c["row"], c["column"], c["value"]) for c in doc["input"]["invalid_cells"]] == [
        (3, "Q1", "0"),
        (3, "Q2", "6"),
        (4, "Q2", "99"),
    ]
    # Rows 3 and 4 still have valid answers, so all four rows are analysed.
    assert doc["input"]["n_analysed"] == 4 and doc["input"]["excluded"] == []
    assert doc["scales"]["scale"]["item_statistics"]["Q2"]["n"] == 2


def test_unknown_label(tmp_path: Path) -> None:
    p = write(tmp_path, "labels.csv", "Q1,Q2\nHigh Extent,Low Extent\nhigh extent ,Sometimes\n")
    assert_clean_failure(
        run("analyze", str(p), "--items", "Q1,Q2", "--points", "4"),
        3,
        "row 3, column 'Q2': 'Sometimes'",
        "unknown label",
    )


def test_one_level_group(tmp_path: Path) -> None:
    p = write(tmp_path, "onegroup.csv", "g,Q1,Q2\nM,1,2\nM,2,3\nM,3,3\n")
    assert_clean_failure(
        run("analyze", str(p), "--items", "Q1,Q2", "--points", "4", "--group", "g"),
        3,
        str(p),
        "column 'g'",
        "1 level(s)",
    )


def test_three_levels_get_anova_or_the_chosen_t_test(tmp_path: Path) -> None:
    p = write(tmp_path, "three.csv", "g,Q1,Q2\nA,1,2\nA,2,3\nB,3,3\nB,2,2\nC,1,1\nC,4,4\n")
    proc = run(
        "analyze", str(p), "--items", "Q1,Q2", "--points", "4", "--group", "g", "--out", str(tmp_path / "a")
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "a" / "results.json").read_text())
    # Without --levels: a one-way ANOVA (issue 16). Sums A 3, 5; B 6, 4; C 2, 8: means 4, 5, 5,
    # grand mean 14/3, SS between 4/3, SS within 2 + 2 + 18 = 22, F = (2/3) / (22/3) = 1/11.
    (a,) = doc["anova"]
    assert doc["ttests"] == [] and a["levels"] == ["A", "B", "C"]
    assert a["table"]["ss_between"] == pytest.approx(4 / 3) and a["table"]["ss_within"] == pytest.approx(22)
    assert a["table"]["F"] == pytest.approx(1 / 11) and (
        a["table"]["df_between"],
        a["table"]["df_within"],
    ) == (2, 3)
    proc = run(
        "analyze",
        str(p),
        "--items",
        "Q1,Q2",
        "--points",
        "4",
        "--group",
        "g",
        "--levels",
        "A,C",
        "--out",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 0, proc.stderr
    t = json.loads((tmp_path / "o" / "results.json").read_text())["ttests"][0]
    assert t["levels"] == ["A", "C"] and t["n_used"] == 4 and t["n_other_levels"] == 2


def test_group_of_one_leaves_out_the_t_test_and_keeps_the_report(tmp_path: Path) -> None:
    """A level of one case cannot give a t-test: a warning says so and the rest of the
    report stands (as for a reliability without enough cases), instead of no report.
    R: psych::alpha(data.frame(Q1 = c(1, 2, 3, 2, 4), Q2 = c(2, 2, 3, 3, 4),
    Q3 = c(3, 3, 2, 4, 4)))$total$raw_alpha = 0.7358490566."""
    p = write(tmp_path, "g1.csv", "g,Q1,Q2,Q3\nA,1,2,3\nA,2,2,3\nA,3,3,2\nA,2,3,4\nB,4,4,4\n")
    out = tmp_path / "o"
    args = ("analyze", str(p), "--items", "Q1-Q3", "--points", "4", "--group", "g", "--out", str(out))
    proc = run(*args, "--item-tests", "--nonparametric")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    warning = (
        "group 'B' of 'g' has 1 respondent(s) with a complete 'scale' score; a t-test needs at "
        "least two in each group; the comparison of 'scale' by 'g' is left out"
    )
    assert warning in " ".join(proc.stdout.split())
    doc = json.loads((out / "results.json").read_text())
    assert doc["warnings"][0] == warning
    assert doc["ttests"] == [] and doc["item_tests"] == [] and doc["rank_tests"] == []
    assert doc["scales"]["scale"]["reliability"]["alpha"] == pytest.approx(0.7358490566, abs=1e-10)
    # No variance within any group (sums A 6, 6; B 9, 9; C 6, 6): F is undefined, said so.
    p = write(tmp_path, "z.csv", "g,Q1,Q2,Q3\nA,2,2,2\nA,2,2,2\nB,3,3,3\nB,3,3,3\nC,1,2,3\nC,3,2,1\n")
    proc = run(*args[:1], str(p), *args[2:-1], str(out / "z"))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "z" / "results.json").read_text())
    assert doc["anova"] == [] and any(
        "no variance within any group" in w and "is left out" in w for w in doc["warnings"]
    )


@both_ways()
def test_usage_errors_exit_2(run: Runner) -> None:
    assert_clean_failure(run("analyze", EXAMPLE, "--items", "Q1-Q5"), 2, "--points")
    assert_clean_failure(
        run("analyze", EXAMPLE, "--items", "Q1-Q5", "--points", "4", "--score", "median"), 2, "--score"
    )
    assert_clean_failure(run("analyze", EXAMPLE, "--items", "Q5-Q1", "--points", "4"), 2, "backwards")


def test_instrument_typo_names_the_key(tmp_path: Path) -> None:
    p = write(tmp_path, "inst.yaml", "scale_points: 4\nscales:\n  s:\n    itmes: [Q1, Q2]\n")
    assert_clean_failure(run("analyze", EXAMPLE, "--instrument", str(p)), 3, "scales.s.itmes", "unknown key")


def test_instrument_refuses_yaml_tags(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "inst.yaml",
        "scale_points: !!python/object/apply:os.system ['echo hi']\nscales: {s: [Q1]}\n",
    )
    assert_clean_failure(run("analyze", EXAMPLE, "--instrument", str(p)), 3, str(p), "not valid YAML")


def test_latin1_semicolon_file(tmp_path: Path) -> None:
    text = "Nom;Q1;Q2\nJos\u00e9;1;2\nRen\u00e9e;3;4\nZo\u00eb;2;2\n"
    p = write(tmp_path, "latin.csv", text, encoding="latin-1")
    proc = run("analyze", str(p), "--items", "Q1,Q2", "--points", "4", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "o" / "results.json").read_text())
    assert doc["input"]["n_analysed"] == 3


def test_results_are_deterministic_apart_from_created(tmp_path: Path) -> None:
    docs = []
    for sub in ("a", "b"):
        assert (
            run(
                "analyze", EXAMPLE, "--instrument", EXAMPLE_INSTRUMENT, "--out", str(tmp_path / sub), "-q"
            ).returncode
            == 0
        )
        doc = json.loads((tmp_path / sub / "results.json").read_text())
        doc.pop("created")
        docs.append(doc)
    assert docs[0] == docs[1]


def test_refuses_to_overwrite_input(tmp_path: Path) -> None:
    p = write(tmp_path, "results.json", "Q1,Q2\n1,2\n2,3\n")
    assert_clean_failure(
        run("analyze", str(p), "--items", "Q1,Q2", "--points", "4", "--out", str(tmp_path)),
        2,
        "refusing to overwrite",
    )


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"]])
def test_help_reads_like_a_manual(args: list[str]) -> None:
    proc = run(*args)
    assert proc.returncode == 0
    assert "Example" in proc.stdout


def test_item_missing_listwise_and_extra_frequency_columns(tmp_path: Path) -> None:
    # Q1 = 1, 3, 4 and Q2 = 2, (missing), 4. Available cases: Q1 mean 8/3 over 3 cases.
    # Listwise within the scale: rows 2 and 4 only -> Q1 mean (1 + 4)/2 = 2.5, Q2 mean 3.
    p = write(tmp_path, "lw.csv", "Q1,Q2,edu\n1,2,BSc\n3,,MSc\n4,4,BSc\n")
    base = ("analyze", str(p), "--items", "Q1,Q2", "--points", "4", "--freq", "edu")
    assert run(*base, "--out", str(tmp_path / "a"), "-q").returncode == 0
    assert run(*base, "--item-missing", "listwise", "--out", str(tmp_path / "b"), "-q").returncode == 0
    a = json.loads((tmp_path / "a" / "results.json").read_text())
    b = json.loads((tmp_path / "b" / "results.json").read_text())
    assert a["scales"]["scale"]["item_statistics"]["Q1"]["mean"] == pytest.approx(8 / 3)
    assert b["scales"]["scale"]["item_statistics"]["Q1"]["mean"] == pytest.approx(2.5)
    assert b["scales"]["scale"]["item_statistics"]["Q1"]["n"] == 2
    assert "listwise" in b["missing_rules"]["item_statistics"]
    assert [(r["value"], r["frequency"]) for r in a["frequencies"]["edu"]["rows"]] == [("BSc", 2), ("MSc", 1)]
    assert_clean_failure(run(*base, "--item-missing", "pairwise"), 2, "--item-missing")


def test_analyze_help_names_every_table_and_the_group_analyses() -> None:
    """`analyze --help` is the manual: every table --tables takes is listed there, and
    --group says what a grouping column of three or more levels gets."""
    from mcstats.report.tables import TABLES

    proc = run("analyze", "--help")
    assert proc.returncode == 0
    text = " ".join(proc.stdout.split())  # rich wraps the help: words as one line
    missing = [name for name in TABLES if name not in text.replace("- ", "-")]
    assert missing == []
    assert "one-way ANOVA with post hoc tests for three or more" in text


def test_crosstab_with_one_row_of_cases_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """Every respondent from one region: no chi-square; the crosstab is left out with a
    warning and the other crosstab stays (sex by g: f 1, 2; m 2, 0; Pearson chi-square by
    hand = N (ad - bc)^2 / (r1 r2 c1 c2) = 5 (0 - 4)^2 / (3 * 2 * 3 * 2) = 80/36)."""
    p = write(
        tmp_path,
        "x.csv",
        "g,region,sex,Q1,Q2\nA,N,m,1,2\nA,N,m,2,3\nA,N,f,3,3\nB,N,f,2,2\nB,N,f,4,4\n",
    )
    out = tmp_path / "o"
    proc = run(
        "analyze", str(p), "--items", "Q1,Q2", "--points", "4", "--group", "g", "--freq", "region,sex",
        "--crosstab", "all-demographics", "--out", str(out),
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "results.json").read_text())
    assert [(x["row"], x["column"]) for x in doc["crosstabs"]] == [("sex", "g")]
    assert doc["crosstabs"][0]["pearson"]["statistic"] == pytest.approx(80 / 36)
    assert any(w.startswith("crosstab of 'region' by 'g'") and "left out" in w for w in doc["warnings"])


def test_correlations_of_one_scale_say_why_there_is_no_matrix(tmp_path: Path) -> None:
    p = write(tmp_path, "c.csv", "Q1,Q2\n1,2\n2,3\n4,4\n3,3\n")
    args = ("--items", "Q1,Q2", "--points", "4", "--correlations", "--out", str(tmp_path / "o"))
    proc = run("analyze", str(p), *args)
    assert proc.returncode == 0, proc.stderr
    assert (
        "correlations between scale scores need two or more scales and the instrument has one; "
        "--item-correlations correlates its items" in " ".join(proc.stdout.split())
    )
