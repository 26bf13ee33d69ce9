"""Chi-square tests of independence against R (chisq.test, fisher.test; G^2 and V from
their formulas) and PSPP's CROSSTABS; empty rows and degenerate tables."""

from __future__ import annotations

import numpy as np
import pytest
from analyses_data import NAMES, close, data, expected, printed_close, sorted_levels, tables

from mcstats.errors import DataError
from mcstats.stats.crosstab import crosstab_test, fisher_exact_2x2

CASES = [(name, i) for name in NAMES for i in range(len(expected(name)["crosstabs"]))]


def _ids(case: tuple[str, int]) -> str:
    ref = expected(case[0])["crosstabs"][case[1]]
    return f"{case[0]}-{ref['row']}-{ref['column']}"


def _run(name: str, i: int):  # type: ignore[no-untyped-def]
    ref = expected(name)["crosstabs"][i]
    df = data(name)
    a, b = df[ref["row"]], df[ref["column"]]
    ok = a.notna() & b.notna()
    a = a[ok].map(lambda v: f"{float(v):g}" if isinstance(v, float) else str(v))
    b = b[ok].map(lambda v: f"{float(v):g}" if isinstance(v, float) else str(v))
    rows, cols = sorted_levels(a), sorted_levels(b)
    counts = np.array([[int(((a == r) & (b == c)).sum()) for c in cols] for r in rows])
    return ref, crosstab_test(counts, rows, cols)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_crosstab_equals_r(case: tuple[str, int]) -> None:
    ref, res = _run(*case)
    assert list(res.row_levels) == ref["row_levels"] and list(res.column_levels) == ref["column_levels"]
    assert [list(r) for r in res.counts] == ref["counts"] and res.n == ref["n"]
    assert all(
        close(a, b)
        for ra, rb in zip(res.expected, ref["expected"], strict=True)
        for a, b in zip(ra, rb, strict=True)
    )
    for ours, want, key in (
        (res.pearson, ref["pearson"], "chi2"),
        (res.likelihood_ratio, ref["likelihood_ratio"], "G2"),
    ):
        assert ours.df == want["df"] and close(ours.statistic, want[key]) and close(ours.p, want["p"])
    assert close(res.cramers_v, ref["cramers_v"])
    assert (res.n_expected_below_5, res.n_cells) == (ref["n_expected_below_5"], ref["n_cells"])
    if "fisher" in ref:
        assert res.yates is not None and res.fisher is not None and res.phi is not None
        assert close(res.yates.statistic, ref["yates"]["chi2"]) and close(res.yates.p, ref["yates"]["p"])
        assert close(res.phi, ref["phi"])
        for key in ("p", "p_less", "p_greater"):
            assert close(getattr(res.fisher, key), ref["fisher"][key]), key
    else:
        assert res.yates is None and res.fisher is None


def test_a_2x2_with_small_expected_counts_is_covered() -> None:
    assert any(
        "fisher" in ref and ref["n_expected_below_5"] > 0 for n in NAMES for ref in expected(n)["crosstabs"]
    )


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_crosstab_equals_pspp_printed(case: tuple[str, int]) -> None:
    ref, res = _run(*case)
    t = tables(case[0], f"crosstab {ref['row']} {ref['column']}")
    tests = {r[0]: r for r in t["Chi-Square Tests"][1:]}
    for label, ours in (("Pearson Chi-Square", res.pearson), ("Likelihood Ratio", res.likelihood_ratio)):
        row = tests[label]
        assert (
            printed_close(ours.statistic, row[1]) and int(row[2]) == ours.df and printed_close(ours.p, row[3])
        )
    if res.fisher is not None and res.yates is not None:
        assert printed_close(res.yates.statistic, tests["Continuity Correction"][1])
        assert printed_close(res.yates.p, tests["Continuity Correction"][3])
        assert printed_close(res.fisher.p, tests["Fisher's Exact Test"][4])
        # PSPP's one-sided exact p is the tail in the direction of the observed table.
        one = min(res.fisher.p_less, res.fisher.p_greater)
        assert printed_close(one, tests["Fisher's Exact Test"][5])
    sym = {r[1]: r[2] for r in t["Symmetric Measures"][1:]}
    assert printed_close(res.cramers_v, sym["Cramer's V"])
    # Counts, row and column percents as PSPP prints them in the crosstab itself.
    body = t[f"{ref['row']} × {ref['column']}"][2:]
    cells: dict[tuple[str, str], list[str]] = {}
    row_level = ""
    for r in body:
        row_level = "Total" if r[0] == "Total" else (r[1] or row_level)
        cells[(row_level, r[2])] = r[3 : 3 + len(res.column_levels)]
    for i, lv in enumerate(res.row_levels):
        assert [int(c) for c in cells[(lv, "Count")]] == list(res.counts[i])
        for j in range(len(res.column_levels)):
            assert printed_close(res.expected[i][j], cells[(lv, "Expected")][j])
            assert printed_close(res.row_percent[i][j], cells[(lv, "Row %")][j])
            assert printed_close(res.column_percent[i][j], cells[(lv, "Column %")][j])


def test_empty_row_is_left_out_with_a_note() -> None:
    res = crosstab_test([[3, 4], [0, 0], [5, 1]], ["a", "b", "c"], ["x", "y"])
    assert res.row_levels == ("a", "c") and res.dropped_rows == ("b",)
    assert res.note == "left out without cases: row 'b'"
    # By hand, [[3, 4], [5, 1]]: rows 7, 6, columns 8, 5, N = 13, E = R C / N.
    assert np.allclose(res.expected, [[56 / 13, 35 / 13], [48 / 13, 30 / 13]])


def test_one_row_with_cases_is_a_clear_error() -> None:
    with pytest.raises(DataError, match="two rows and two columns"):
        crosstab_test([[3, 4], [0, 0]], ["a", "b"], ["x", "y"])


def test_fisher_symmetric_table_by_hand() -> None:
    # [[2, 0], [0, 2]]: margins 2/2/2/2, P(a = 0, 1, 2) = 1/6, 4/6, 1/6 -> two-sided 1/3.
    res = fisher_exact_2x2([[2, 0], [0, 2]])
    assert close(res.p, 1 / 3) and close(res.p_greater, 1 / 6) and close(res.p_less, 1.0)
