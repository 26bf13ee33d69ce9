"""The group comparisons' tables as a thesis prints them: APA p values ("p < .001", never
"p = < .001"), the ANOVA decision in APA form, notes that say what is missing and why, and
the decision rule of the t-test spelled out.

Expected numbers come from R (the scripts are in the docstrings) or from hand calculation
written in the test; the texts are what an APA table note says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from analyses_data import expected

from clirun import run_cli
from mcstats import AnalysisOptions, ReadOptions, load_instrument, run_analysis
from mcstats.report.tables import Table, build_report


def _run(
    tmp_path: Path, header: str, rows: list[str], scales: dict[str, list[str]], **options: Any
) -> dict[str, Any]:
    data = tmp_path / "d.csv"
    data.write_text(header + "\n" + "\n".join(rows) + "\n")
    inst = tmp_path / "i.yaml"
    inst.write_text(
        yaml.safe_dump(
            {
                "scale_points": 4,
                "scales": {
                    sid: {"title": sid.capitalize(), "items": [{"column": c} for c in cols]}
                    for sid, cols in scales.items()
                },
                "groups": [{"column": "grp"}],
                "categorical": [{"column": "region"}] if "region" in header else [],
            }
        )
    )
    run = run_analysis(
        data,
        load_instrument(inst),
        out_dir=tmp_path / "out",
        options=AnalysisOptions(**options),
        read=ReadOptions(groups=("grp",)),
    )
    return run.document


def _tables(doc: dict[str, Any], name: str) -> list[Table]:
    return [t for t in build_report(doc).tables if t.name == name]


def _notes(t: Table) -> str:
    return " ".join(n.plain for n in t.notes)


#: Three levels, one of them a single case; sum scores A: 6, 7, 8; B: 9, 12, 5; C: 9.
ONE_CASE = [
    "0,A,N,1,2,3",
    "1,A,N,2,2,3",
    "2,A,S,3,3,2",
    "3,B,S,2,3,4",
    "4,B,N,4,4,4",
    "5,B,S,1,2,2",
    "6,C,S,3,3,3",
]


def test_anova_note_with_a_one_case_level_says_what_is_missing_in_apa_form(tmp_path: Path) -> None:
    """By hand: grand mean 56/7 = 8; SSB = 3(7 - 8)^2 + 3(26/3 - 8)^2 + (9 - 8)^2 = 16/3;
    SSW = 2 + 74/3 = 80/3 on 7 - 3 = 4 df; F = (16/3 / 2) / (80/3 / 4) = 0.40; with 2
    numerator df, p = (1 + 2F/4)^(-4/2) = 1.2^-2 = .694."""
    doc = _run(tmp_path, "id,grp,region,Q1,Q2,Q3", ONE_CASE, {"s": ["Q1", "Q2", "Q3"]})
    (anova,) = _tables(doc, "anova")[1:]
    rows = [[c.text for c in r.cells] for r in anova.rows]
    assert rows[0] == ["Between groups", "5.33", "2", "2.67", "0.40", ".694"]
    assert rows[1] == ["Within groups", "26.67", "4", "6.67", "", ""]
    note = _notes(anova)
    assert (
        "At α = .05 the group means do not differ significantly, F(2, 4) = 0.40, p = .694; "
        "the null hypothesis of equal means is retained." in note
    )
    # Welch's and Brown-Forsythe's tests need every level's SD: not printed as "F(2, —) = —".
    assert "—" not in note and "Welch's ANOVA:" not in note
    assert "Level(s) 'C' have a single case: no SD, so Welch's and Brown-Forsythe's tests and the " in note
    assert note.endswith("are not computed.")
    assert ">=" not in note and "0.694" not in note  # the program's sentence stays in results.json


def test_item_tests_of_three_levels_note_only_what_the_table_misses(tmp_path: Path) -> None:
    """Q1 is constant within each group (2, 2, 2 / 3, 3, 3 / 4, 4): F is undefined, said once.
    Level C has one case in ONE_CASE: its SD is a dash, and no note about Welch or post hoc
    tests (which the item table does not show)."""
    rows = ["0,A,2,1,3", "1,A,2,2,3", "2,A,2,3,2", "3,B,3,3,4", "4,B,3,4,4", "5,B,3,2,2", "6,C,4,3,3"]
    doc = _run(tmp_path, "id,grp,Q1,Q2,Q3", rows, {"s": ["Q1", "Q2", "Q3"]}, item_tests=True)
    (t,) = _tables(doc, "item-tests")
    cells = {r.cells[0].text: [c.text for c in r.cells] for r in t.rows}
    assert cells["Q1"][-5:] == ["—", "—, —", "—", "—", "—"]
    assert cells["Q2"][9] == "—"  # C's SD (one case)
    note = _notes(t)
    assert note.count("Q1:") == 1 and "Q2:" not in note and "Q3:" not in note
    assert (
        "Q1: Every respondent in a group gave the same answer (no variance within any group), "
        "so F is undefined." in note
    )
    assert "Welch" not in note and "post hoc" not in note


def test_p_below_001_reads_p_less_than_in_every_note(tmp_path: Path) -> None:
    """R: a <- c(2,3,4,5,6,7,8,8,6,4,3,7); b <- c(3,3,5,5,7,7,8,7,6,5,2,8)
    cor.test(a, b): r = 0.9315943, 95% CI [0.7686421, 0.9810069], p = 1.051e-05;
    cor.test(a, b, method = "spearman", exact = FALSE): rho = 0.9318149, p = 1.034e-05."""
    a = [2, 3, 4, 5, 6, 7, 8, 8, 6, 4, 3, 7]
    b = [3, 3, 5, 5, 7, 7, 8, 7, 6, 5, 2, 8]
    rows = [
        f"{i},{'A' if i % 2 else 'B'},{(x + 1) // 2},{x // 2},{(y + 1) // 2},{y // 2}"
        for i, (x, y) in enumerate(zip(a, b, strict=True))
    ]
    doc = _run(
        tmp_path, "id,grp,Q1,Q2,Q3,Q4", rows, {"a": ["Q1", "Q2"], "b": ["Q3", "Q4"]}, correlations=True
    )
    (t,) = _tables(doc, "correlations")
    note = _notes(t)
    assert "1 and 2: r = .93, 95% CI [.77, .98], p < .001, N = 12; Spearman's ρ = .93, p < .001." in note
    assert "= <" not in note


#: Two groups of 7; scale s1 = Q1 + Q2 (M spread, F close together), s2 = Q3 + Q4.
LEVENE_ROWS = [
    f"{i},{g},{q1},{q2},{q3},{q4}"
    for i, (g, q1, q2, q3, q4) in enumerate(
        zip(
            ["M"] * 7 + ["F"] * 7,
            [1, 4, 1, 4, 1, 4, 2, 2, 3, 2, 3, 2, 3, 3],
            [1, 4, 1, 4, 2, 4, 1, 3, 2, 3, 2, 3, 3, 2],
            [1, 2, 3, 4, 2, 3, 1, 2, 3, 4, 1, 3, 2, 4],
            [2, 3, 4, 3, 1, 2, 2, 1, 3, 4, 2, 2, 3, 3],
            strict=True,
        )
    )
]


def test_levene_rule_says_which_t_decides_and_why(tmp_path: Path) -> None:
    """R (car 3.x): g <- factor(rep(c("M", "F"), each = 7))  # levels F, M: F minus M, as here
    leveneTest(s1 ~ g, center = mean): F(1, 12) = 100.93, p = 3.406e-07
    leveneTest(s2 ~ g, center = mean): F(1, 12) = 0, p = 1
    t.test(s1 ~ g): Welch t = 0.25265, df = 6.1945, p = 0.8087
    t.test(s2 ~ g, var.equal = TRUE): t = 0.57937, df = 12, p = 0.5731"""
    doc = _run(
        tmp_path,
        "id,grp,Q1,Q2,Q3,Q4",
        LEVENE_ROWS,
        {"s1": ["Q1", "Q2"], "s2": ["Q3", "Q4"]},
        t_decision="levene",
    )
    t1, t2 = _tables(doc, "ttest")
    n1, n2 = _notes(t1), _notes(t2)
    assert "Levene's test (centred on the mean): F(1, 12) = 100.93, p < .001." in n1
    assert (
        "Decision rule: Welch's t where Levene's p < .05, else Student's t; Levene's p < .001, "
        "so Welch's t decides." in n1
    )
    assert [c.text for c in t1.rows[0].cells][4:7] == ["0.25", "6.19", ".809"]
    assert "Levene's p = 1.000, so Student's t decides." in n2
    assert [c.text for c in t2.rows[0].cells][4:7] == ["0.58", "12", ".573"]
    assert "= <" not in n1 + n2


def test_item_tests_with_holm_name_the_adjusted_p(tmp_path: Path) -> None:
    doc = _run(
        tmp_path,
        "id,grp,Q1,Q2,Q3,Q4",
        LEVENE_ROWS,
        {"s1": ["Q1", "Q2"], "s2": ["Q3", "Q4"]},
        item_tests=True,
        p_adjust="holm",
    )
    t = _tables(doc, "item-tests")[0]
    assert "p (Holm)" in t.flat_headers()
    note = _notes(t)
    assert "Item p values adjusted over the 2 items (Holm); the decision uses them" in note
    assert "unadjusted) t-crit" in note


def test_crosstab_heads_are_the_levels_and_left_out_respondents_are_counted(tmp_path: Path) -> None:
    """region E's only respondent has no group: 6 of the 7 respondents are crossed."""
    rows = [*ONE_CASE[:6], "6,,E,3,3,3"]
    doc = _run(
        tmp_path,
        "id,grp,region,Q1,Q2,Q3",
        rows,
        {"s": ["Q1", "Q2", "Q3"]},
        crosstabs=(("region", "grp"),),
    )
    (t,) = _tables(doc, "crosstabs")
    assert t.flat_headers() == ["region", "A n", "A %", "B n", "B %", "Total"]
    note = _notes(t)
    assert "Pearson χ²(1, N = 6)" in note
    assert "Left out: 1 of the 7 respondents, without an answer to region or grp." in note


def test_experience_bands_read_in_order_in_every_table(tmp_path: Path) -> None:
    """Levels with numbers inside are ordered by those numbers (a thesis' "0-5 years",
    "6-10 years", "11-20 years", "Over 20 years"), not as text ("11-20" before "6-10", as
    R's factor levels sort them): in the ANOVA, its post hoc pairs, the crosstab and the
    frequency table alike. By hand, sums: 0-5: 6, 7; 6-10: 8, 9; 11-20: 9, 10; Over 20: 11, 12."""
    from mcstats.draft import draft_instrument
    from mcstats.io import load_survey

    bands = ["0-5 years", "0-5 years", "6-10 years", "6-10 years", "11-20 years", "11-20 years"]
    bands += ["Over 20 years", "Over 20 years"]
    sums = [(3, 3), (3, 4), (4, 4), (4, 5), (4, 5), (5, 5), (5, 6), (6, 6)]  # Q1 + Q2 -> 6 ... 12
    rows = [
        f"{i},{b},{'NS'[i % 2]},{q1 // 2 + 1},{q2 // 2 + 1}"
        for i, (b, (q1, q2)) in enumerate(zip(bands, sums, strict=True))
    ]
    doc = _run(tmp_path, "id,grp,region,Q1,Q2", rows, {"s": ["Q1", "Q2"]}, crosstabs=(("region", "grp"),))
    order = ["0-5 years", "6-10 years", "11-20 years", "Over 20 years"]
    assert doc["anova"][0]["levels"] == order
    assert [(c["level_i"], c["level_j"]) for c in doc["anova"][0]["tukey"]][:3] == [
        ("0-5 years", "6-10 years"),
        ("0-5 years", "11-20 years"),
        ("0-5 years", "Over 20 years"),
    ]
    assert doc["crosstabs"][0]["column_levels"] == order
    assert [r["value"] for r in doc["frequencies"]["grp"]["rows"]] == order
    # mcstats init drafts the levels in the same order (24 rows: 4 values read as categories)
    data = tmp_path / "init.csv"
    data.write_text(
        "id,experience,Q1,Q2,Q3\n"
        + "".join(f"{i},{bands[i % 8]},{i % 4 + 1},{(i + 1) % 4 + 1},{i % 3 + 1}\n" for i in range(24))
    )
    draft = draft_instrument(load_survey(data))
    assert draft.categorical["experience"] == order


def test_item_tests_with_rank_tests_show_each_items_rank_p(tmp_path: Path) -> None:
    """--nonparametric --item-tests: the item table has the Mann-Whitney p of every item and
    of the scale score. R: g <- factor(rep(c("M", "F"), each = 7));
    wilcox.test(Q1 ~ g)$p.value = 0.8431645926, the same for Q2;
    wilcox.test(Q1 + Q2 ~ g)$p.value = 0.6877877731 (ties: normal approximation, corrected)."""
    doc = _run(
        tmp_path,
        "id,grp,Q1,Q2,Q3,Q4",
        LEVENE_ROWS,
        {"s1": ["Q1", "Q2"], "s2": ["Q3", "Q4"]},
        item_tests=True,
        nonparametric=True,
    )
    t = _tables(doc, "item-tests")[0]
    heads = t.flat_headers()
    assert heads[-1] == "p (MW)"
    assert [r.cells[-1].text for r in t.rows] == [".843", ".843", ".688"]
    assert "p (MW): Mann-Whitney U test" in _notes(t)


def test_dunn_pairs_are_a_table_of_their_own(tmp_path: Path) -> None:
    """Three or more levels: Dunn's pairs get a table ((I), (J), z, p, p (Holm)) after the
    mean ranks, instead of a long sentence in the note. The an1_small_groups fixture (R,
    Dunn's formula in tests/reference/analyses/analyses.R): site 1 vs 2, z = 1.3317,
    p = .1830, Holm .6200."""
    data = Path(__file__).parents[1] / "reference" / "analyses" / "datasets" / "an1_small_groups.csv"
    out = tmp_path / "o"
    args = ["analyze", str(data), "--items", "S1-S4", "--points", "5", "--reverse", "S3", "--group", "site"]
    proc = run_cli(*args, "--nonparametric", "--out", str(out), "-q")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "results.json").read_text())
    ranks = _tables(doc, "rank-tests")
    assert [t.id for t in ranks] == ["rank_tests_1", "dunn_1"]
    assert "Dunn's pairwise comparisons follow in the next table." in _notes(ranks[0])
    want = expected("an1_small_groups")["rank_tests"][0]["dunn"]
    rows = [[c.text for c in r.cells] for r in ranks[1].rows]
    assert ranks[1].flat_headers() == ["(I)", "(J)", "z", "p", "p (Holm)"]
    assert rows[0] == ["1", "2", "1.33", ".183", ".620"]
    assert len(rows) == len(want) == 6
    for row, w in zip(rows, want, strict=True):
        assert row[:2] == [w["level_i"], w["level_j"]]
        assert row[2] == f"{w['z']:.2f}" and row[4] == f"{w['p_holm']:.3f}".lstrip("0")


def test_papers_style_anova_prints_f_crit_and_the_decision(tmp_path: Path) -> None:
    """--style papers: F-cal, F-crit, Sig. and a decision, as the field's theses print an
    F test. By hand, for 2 numerator df the F quantile is closed:
    F-crit = (df2 / 2) (alpha^(-2/df2) - 1) = 2 (0.05^-0.5 - 1) = 6.944 on (2, 4) df
    (R: qf(0.95, 2, 4) = 6.944272)."""
    import math

    from mcstats.report.tables import ReportOptions

    doc = _run(tmp_path, "id,grp,region,Q1,Q2,Q3", ONE_CASE, {"s": ["Q1", "Q2", "Q3"]})
    assert math.isclose(doc["anova"][0]["F_critical"], 2 * (0.05**-0.5 - 1), rel_tol=1e-12)
    tables = build_report(doc, ReportOptions(style="papers")).tables
    (anova,) = [t for t in tables if t.name == "anova" and "One-Way" in t.title.plain]
    assert anova.flat_headers() == ["Source", "SS", "df", "MS", "F-cal", "F-crit", "Sig.", "Decision"]
    assert [c.text for c in anova.rows[0].cells] == [
        "Between groups",
        "5.33",
        "2",
        "2.67",
        "0.40",
        "6.94",
        ".694",
        "Not significant",
    ]
    (apa_table,) = [t for t in build_report(doc).tables if t.name == "anova" and "One-Way" in t.title.plain]
    assert apa_table.flat_headers() == ["Source", "SS", "df", "MS", "F", "p"]  # APA unchanged
