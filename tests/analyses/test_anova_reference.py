"""One-way ANOVA, Levene (both centres), Welch, Brown-Forsythe, effect sizes and post hoc
tests against R (tests/reference/analyses/expected) and GNU PSPP's ONEWAY output."""

from __future__ import annotations

import math
from functools import cache

import pytest
from analyses_data import NAMES, close, data, expected, histograms, printed_close, score, tables

from mcstats.stats.anova import one_way_anova_from_histograms

CASES = [(name, i) for name in NAMES for i in range(len(expected(name)["anova"]))]


@cache
def _run(name: str, i: int):  # type: ignore[no-untyped-def]
    ref = expected(name)["anova"][i]
    values, counts, levels = histograms(score(name, ref["scale"]), data(name)[ref["group"]])
    assert levels == ref["levels"]
    return ref, one_way_anova_from_histograms(values, counts, levels)


def _ids(case: tuple[str, int]) -> str:
    ref = expected(case[0])["anova"][case[1]]
    return f"{case[0]}-{ref['scale']}-{ref['group']}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_closed_forms_equal_r(case: tuple[str, int]) -> None:
    ref, res = _run(*case)
    assert res.n == ref["n"]
    for g, want in zip(res.groups, ref["groups"], strict=True):
        assert (g.level, g.n) == (want["level"], want["n"])
        for key in ("mean", "sd", "se"):
            assert close(getattr(g, key), want[key]), (g.level, key)
        assert all(close(a, b) for a, b in zip(g.ci95, want["ci95"], strict=True))
    for ours, want in ((res.levene_mean, ref["levene_mean"]), (res.levene_median, ref["levene_median"])):
        assert (ours.df1, ours.df2) == (want["df1"], want["df2"])
        assert close(ours.F, want["F"]) and close(ours.p, want["p"]), ours.center
    for key, want in ref["table"].items():
        assert close(getattr(res.table, key), want), key
    for ours, want in ((res.welch, ref["welch"]), (res.brown_forsythe, ref["brown_forsythe"])):
        for key in ("F", "df1", "df2", "p"):
            assert close(getattr(ours, key), want[key]), key
    assert close(res.eta_squared, ref["eta_squared"])
    assert close(res.omega_squared, ref["omega_squared"])
    # Noncentral F inverted by two root finders (R's pnf/uniroot, scipy's ncfdtr/brentq);
    # R's pnbeta stops at an absolute error of 1e-9 in the probability (errmax).
    assert all(
        close(a, b, rel=1e-6, abs_=1e-9)
        for a, b in zip(res.eta_squared_ci95, ref["eta_squared_ci95"], strict=True)
    )
    assert res.scheffe is not None
    for c, want in zip(res.scheffe, ref["scheffe"], strict=True):
        assert (c.level_i, c.level_j) == (want["level_i"], want["level_j"])
        for ours, key in (
            (c.mean_difference, "mean_difference"),
            (c.se, "se"),
            (c.statistic, "F"),
            (c.df, "df2"),
            (c.p, "p"),
        ):
            assert close(ours, want[key]), key
        assert all(close(a, b) for a, b in zip(c.ci, want["ci95"], strict=True))


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_studentized_range_tests_equal_r(case: tuple[str, int]) -> None:
    """Tukey and Games-Howell: differences, SEs, q, df, p and limits to 1e-10 (the studentized
    range is R's algorithm, mcstats.stats.studentized_range; measured: 7e-14 for Tukey,
    2e-12 for Games-Howell's limits at fractional df)."""
    ref, res = _run(*case)
    assert res.tukey is not None and res.games_howell is not None
    for tests, key in ((res.tukey, "tukey"), (res.games_howell, "games_howell")):
        for c, want in zip(tests, ref[key], strict=True):
            assert (c.level_i, c.level_j) == (want["level_i"], want["level_j"])
            assert close(c.mean_difference, want["mean_difference"]) and close(c.se, want["se"])
            assert close(c.statistic, want["q"]) and close(c.df, want["df"])
            if want["p"] is None:  # Welch df < 2: R's ptukey gives NaN
                assert math.isnan(c.p) and c.note
                continue
            assert abs(c.p - want["p"]) < 1e-10, (key, c.level_i, c.level_j)
            assert all(abs(a - b) < 1e-10 for a, b in zip(c.ci, want["ci95"], strict=True))


def comps_pooled_se(res, c):  # type: ignore[no-untyped-def]
    return next(t.se for t in res.tukey if (t.level_i, t.level_j) == (c.level_i, c.level_j))


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_oneway_equals_pspp_printed(case: tuple[str, int]) -> None:
    ref, res = _run(*case)
    t = tables(case[0], f"oneway {ref['group']} {ref['scale']}")
    desc = [r for r in t["Descriptives"][2:] if r[1] != "Total"]
    for g, row in zip(res.groups, desc, strict=True):
        assert row[1] == g.level and int(row[2]) == g.n
        for ours, cell in zip((g.mean, g.sd, g.se, *g.ci95), row[3:8], strict=True):
            assert printed_close(ours, cell), (g.level, cell)
    lev = t["Test of Homogeneity of Variances"][1]
    assert printed_close(res.levene_mean.F, lev[1]) and printed_close(res.levene_mean.p, lev[4])
    between, within, total = t["ANOVA"][1:4]
    tab = res.table
    for ours, cell in (
        (tab.ss_between, between[2]),
        (tab.ms_between, between[4]),
        (tab.F, between[5]),
        (tab.p, between[6]),
        (tab.ss_within, within[2]),
        (tab.ms_within, within[4]),
        (tab.ss_total, total[2]),
    ):
        assert printed_close(ours, cell), cell
    rows = t[f"Multiple Comparisons ({ref['scale']}_sum)"][2:]
    printed: dict[tuple[str, str, str], list[str]] = {}
    test = i_level = ""
    for r in rows:
        test = r[0] or test
        i_level = r[1] or i_level
        printed[(test, i_level, r[2])] = r[3:8]
    for label, comps in (
        ("Tukey HSD", res.tukey),
        ("Games-Howell", res.games_howell),
        ("Scheffé", res.scheffe),
    ):
        assert comps is not None
        for c in comps:
            cells = printed[(label, c.level_i, c.level_j)]
            if math.isnan(c.p):  # PSPP prints -Infinity where the studentized range has df < 2
                assert cells[2] == "-Infinity"
                continue
            # PSPP prints the pooled (Tukey) SE in Games-Howell's SE column; its p and
            # limits use the Welch SE, as ours do.
            se = comps_pooled_se(res, c) if label == "Games-Howell" else c.se
            for ours, cell in zip((c.mean_difference, se, c.p, *c.ci), cells, strict=True):
                if cell == "NaN":  # PSPP 1.6.2 prints no Scheffe limits for two groups
                    continue
                assert printed_close(ours, cell, slack=1e-6), (label, c.level_i, c.level_j, cell)
