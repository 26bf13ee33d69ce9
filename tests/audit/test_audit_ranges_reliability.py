"""Range of a mean, and Cronbach's alpha implied by SDs."""

from __future__ import annotations

import numpy as np
import pytest

from mcstats.audit import (
    alpha_consistent,
    alpha_findings,
    alpha_interval,
    mean_in_range,
    range_findings,
    score_range,
    total_sd_possible,
)


def test_score_ranges() -> None:
    assert score_range(1, 4) == (1, 4)
    assert score_range(1, 4, items=5) == (1, 4)
    assert score_range(1, 4, items=5, score="sum") == (5, 20)


def test_mean_outside_range() -> None:
    # 4.12 on a 1-4 item: [4.115, 4.125] lies above 4.
    assert not mean_in_range("4.12", 1, 4)
    # 4.004 prints as 4.00 at 2 decimals, but a mean can be exactly 4.00: fine.
    assert mean_in_range("4.00", 1, 4)
    # 0.995 <= 1 is inside [0.995, 1.005]: "1.00" is fine; "0.99" ([0.985, 0.995]) is not.
    assert mean_in_range("1.00", 1, 4) and not mean_in_range("0.99", 1, 4)
    # A 5-item sum on 1-4 runs from 5 to 20: a mean of 3.50 is impossible for the sum.
    assert not mean_in_range("3.50", 1, 4, items=5, score="sum")
    (f,) = range_findings("4.12", 1, 4, location="Table 2")
    assert f.severity == "impossible" and f.expected == "1 to 4"


def test_alpha_hand_example() -> None:
    # k = 4 items, SD 1.00 each, total SD 3.00:
    # alpha = 4/3 * (1 - 4 * 1^2 / 3^2) = 4/3 * 5/9 = 20/27 = 0.7407.
    # Extremes: 4/3 (1 - 4 * 1.005^2 / 2.995^2) = 4/3 (1 - 4.0401/8.970025) = 0.73280
    #           4/3 (1 - 4 * 0.995^2 / 3.005^2) = 4/3 (1 - 3.9601/9.030025) = 0.74859
    lo, hi = alpha_interval(["1.00"] * 4, "3.00")
    assert lo == pytest.approx(4 / 3 * (1 - 4.0401 / 8.970025), rel=1e-6)
    assert hi == pytest.approx(4 / 3 * (1 - 3.9601 / 9.030025), rel=1e-6)
    assert alpha_consistent(["1.00"] * 4, "3.00", ".74")
    assert not alpha_consistent(["1.00"] * 4, "3.00", ".84")
    (f,) = alpha_findings(["1.00"] * 4, "3.00", ".84")
    assert f.check == "alpha" and f.severity == "inconsistent"
    # The SD of the mean of the 4 items is 3.00 / 4 = 0.75.
    assert alpha_consistent(["1.00"] * 4, "0.75", ".74", total_is_mean=True)


def test_alpha_from_small_data_matrix() -> None:
    # Three items, four respondents:
    #   (1, 2, 2), (2, 2, 3), (3, 4, 3), (4, 4, 4)  -> totals 5, 7, 10, 12
    # item variances (n-1): item1 mean 2.5: (2.25+.25+.25+2.25)/3 = 5/3
    #   item2 mean 3: (1+1+1+1)/3 = 4/3; item3 mean 3: (1+0+0+1)/3 = 2/3
    # total mean 8.5: (12.25 + 2.25 + 2.25 + 12.25)/3 = 29/3
    # alpha = 3/2 (1 - (5/3 + 4/3 + 2/3) / (29/3)) = 3/2 (1 - 11/29) = 27/29 = 0.9310
    x = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 4]])
    sds = [f"{s:.2f}" for s in x.std(axis=0, ddof=1)]
    total = f"{x.sum(axis=1).std(ddof=1):.2f}"
    assert sds == ["1.29", "1.15", "0.82"] and total == "3.11"
    assert alpha_consistent(sds, total, ".93")
    assert alpha_findings(sds, total, ".93") == []


def test_total_sd_cannot_exceed_sum_of_item_sds() -> None:
    # s_T <= sum s_i: 0.80 * 3 = 2.40 (+0.015 rounding) < 2.70.
    assert not total_sd_possible(["0.80"] * 3, "2.70")
    assert total_sd_possible(["0.80"] * 3, "2.41")
    (f,) = alpha_findings(["0.80"] * 3, "2.70", ".90")
    assert f.check == "alpha_total_sd" and f.severity == "impossible"
