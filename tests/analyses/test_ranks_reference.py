"""Mann-Whitney, Kruskal-Wallis and Dunn from score histograms against R (wilcox.test,
kruskal.test; Dunn from its formula in analyses.R) and PSPP's NPAR TESTS output."""

from __future__ import annotations

import pytest
from analyses_data import NAMES, close, data, expected, histograms, printed_close, score, tables

from mcstats.stats.ranks import kruskal_wallis_from_histograms, mann_whitney_from_histograms

CASES = [(name, i) for name in NAMES for i in range(len(expected(name)["rank_tests"]))]


def _ids(case: tuple[str, int]) -> str:
    ref = expected(case[0])["rank_tests"][case[1]]
    return f"{case[0]}-{ref['scale']}-{ref['group']}"


def _counts(name: str, ref: dict):  # type: ignore[no-untyped-def, type-arg]
    _, counts, levels = histograms(score(name, ref["scale"]), data(name)[ref["group"]])
    assert levels == ref["levels"]
    return counts, levels


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_kruskal_wallis_and_dunn_equal_r(case: tuple[str, int]) -> None:
    ref = expected(case[0])["rank_tests"][case[1]]
    res = kruskal_wallis_from_histograms(*_counts(case[0], ref))
    for g, want in zip(res.groups, ref["groups"], strict=True):
        assert (g.level, g.n) == (want["level"], want["n"])
        assert close(g.mean_rank, want["mean_rank"]) and close(g.rank_sum, want["rank_sum"])
    assert res.ties == ref["ties"]
    kw = ref["kruskal_wallis"]
    assert res.df == kw["df"]
    for key in ("H", "p", "epsilon_squared"):
        assert close(getattr(res, key), kw[key]), key
    for d, want in zip(res.dunn, ref["dunn"], strict=True):
        assert (d.level_i, d.level_j) == (want["level_i"], want["level_j"])
        assert close(d.z, want["z"]) and close(d.p, want["p"]) and close(d.p_holm, want["p_holm"])


MW = [c for c in CASES if "mann_whitney" in expected(c[0])["rank_tests"][c[1]]]


@pytest.mark.parametrize("case", MW, ids=_ids)
def test_mann_whitney_equals_r(case: tuple[str, int]) -> None:
    ref = expected(case[0])["rank_tests"][case[1]]
    res = mann_whitney_from_histograms(*_counts(case[0], ref))
    mw = ref["mann_whitney"]
    assert (res.p_method == "exact") == mw["exact"]
    for key in ("U", "W", "z", "p", "p_asymptotic", "rank_biserial"):
        assert close(getattr(res, key), mw[key]), key


def test_exact_p_is_used_for_untied_small_groups() -> None:
    exact = [c for c in MW if expected(c[0])["rank_tests"][c[1]]["mann_whitney"]["exact"]]
    assert len(exact) == 2  # an2_no_ties, both scales


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_rank_tests_equal_pspp_printed(case: tuple[str, int]) -> None:
    name, i = case
    ref = expected(name)["rank_tests"][i]
    counts, levels = _counts(name, ref)
    kw = kruskal_wallis_from_histograms(counts, levels)
    t = tables(name, f"kw {ref['group']} {ref['scale']}")
    ranks = t["Ranks"][1 : 1 + len(levels)]
    for g, row in zip(kw.groups, ranks, strict=True):
        assert row[1] == g.level and int(row[2]) == g.n and printed_close(g.mean_rank, row[3])
    stats = {r[0]: r[1] for r in t["Test Statistics"][1:]}
    assert printed_close(kw.H, stats["Chi-Square"]) and int(stats["df"]) == kw.df
    assert printed_close(kw.p, stats["Asymp. Sig."])
    if len(levels) == 2:
        mw = mann_whitney_from_histograms(counts, levels)
        row = tables(name, f"mw {ref['group']} {ref['scale']}")["Test Statistics"][1]
        # PSPP prints the smaller U, the rank sum of the level with the smaller mean rank,
        # z <= 0 and the uncorrected normal p (SPSS's Asymp. Sig.).
        g1, g2 = mw.groups
        n1n2 = g1.n * g2.n
        low = g1 if g1.mean_rank <= g2.mean_rank else g2
        assert printed_close(min(mw.U, n1n2 - mw.U), row[1]) and printed_close(low.rank_sum, row[2])
        assert printed_close(-abs(mw.z), row[3]) and printed_close(mw.p_asymptotic, row[4])
