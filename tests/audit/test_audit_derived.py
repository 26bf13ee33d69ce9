"""Derived values of a table: percentages, cumulative percentages, totals, grand means."""

from __future__ import annotations

from mcstats.audit import (
    cumulative_findings,
    cumulative_from_percents,
    cumulative_percents,
    grand_mean,
    grand_mean_findings,
    percent,
    percent_findings,
    percent_total,
    percent_total_findings,
    response_rate,
    response_rate_findings,
    total_findings,
    total_matches,
    valid_percent,
    valid_percent_findings,
)


def test_percent_rounded_truncated_wrong() -> None:
    # 55 of 432 = 12.7315 %: rounds to 12.73 (2 d.) or 12.7 (1 d.); truncates to 12.73 / 12.7.
    c = percent(55, 432, "12.73")
    assert c.consistent and c.rounded and c.truncated
    # 59 of 432 = 13.6574 %: rounds to 13.66, truncates to 13.65.
    c = percent(59, 432, "13.65")
    assert (c.consistent, c.rounded, c.truncated) == (False, False, True)
    assert [f.severity for f in percent_findings(59, 432, "13.65")] == ["note"]
    # 13.56 is neither: a miscalculation.
    assert [f.severity for f in percent_findings(59, 432, "13.56")] == ["inconsistent"]
    assert percent_findings(59, 432, "13.66") == []


def test_valid_percent() -> None:
    # 59 of 432 with 32 missing: 59/400 = 14.75 % exactly -> 14.8 (half up); 14.7 truncated.
    c = valid_percent(59, 432, 32, "14.8")
    assert c.consistent and c.rounded
    c = valid_percent(59, 432, 32, "14.7")
    # 14.75 is a tie: half-even prints 14.8, half-down 14.7 -> the closed interval accepts it.
    assert c.consistent and c.truncated
    # Printing the percent of all 432 (13.7) as the valid percent is inconsistent.
    assert [f.severity for f in valid_percent_findings(59, 432, 32, "13.7")] == ["inconsistent"]


def test_cumulative_percents() -> None:
    # Counts 40, 120, 200, 72 of 432: cumulative 9.259, 37.037, 83.333, 100 %.
    counts = [40, 120, 200, 72]
    ok = ["9.3", "37.0", "83.3", "100.0"]
    assert all(c.consistent for c in cumulative_percents(counts, ok))
    assert cumulative_findings(counts, ok) == []
    # Adding up rounded percents (9.3 + 27.8 = 37.1) instead of counts is caught ...
    bad = ["9.3", "37.1", "83.4", "100.0"]
    fs = cumulative_findings(counts, bad, location="Table 1")
    assert [f.location for f in fs] == ["Table 1, row 2", "Table 1, row 3"]
    # ... but is consistent with the printed percentages 9.3, 27.8, 46.3, 16.7.
    assert all(c.consistent for c in cumulative_from_percents(["9.3", "27.8", "46.3", "16.7"], bad))


def test_percent_total_and_totals() -> None:
    # 9.3 + 27.8 + 46.3 + 16.7 = 100.1: within 4 * 0.05 of 100.
    assert percent_total(["9.3", "27.8", "46.3", "16.7"], "100.0").consistent
    assert percent_total_findings(["9.3", "27.8", "46.3", "16.7"], "100.0") == []
    # 9.3 + 27.8 + 46.3 + 17.7 = 101.1 cannot be 100.
    (f,) = percent_total_findings(["9.3", "27.8", "46.3", "17.7"], "100.0")
    assert f.severity == "inconsistent"
    assert total_matches([40, 120, 200, 72], 432)
    (f,) = total_findings([40, 120, 200, 72], 423)
    assert f.expected == "432"


def test_grand_mean() -> None:
    # Items 2.91, 3.05, 2.64: mean of intervals [2.8617, 2.8717] -> 2.87 (or 2.86).
    assert grand_mean(["2.91", "3.05", "2.64"], "2.87").consistent
    assert grand_mean(["2.91", "3.05", "2.64"], "2.86").consistent
    assert [f.severity for f in grand_mean_findings(["2.91", "3.05", "2.64"], "2.88")] == [
        "inconsistent"
    ]
    # Weighted by group size: (100 * 2.00 + 300 * 3.00) / 400 = 2.75, not the plain 2.50.
    assert grand_mean(["2.00", "3.00"], "2.75", weights=[100, 300]).consistent
    assert not grand_mean(["2.00", "3.00"], "2.75").consistent


def test_response_rate() -> None:
    # 432 of 500 = 86.4 %.
    assert response_rate(432, 500, "86.4").consistent
    assert response_rate_findings(432, 500, "86.4") == []
    assert [f.severity for f in response_rate_findings(432, 500, "84.6")] == ["inconsistent"]
    assert [f.severity for f in response_rate_findings(520, 500, "104.0")] == ["impossible"]
