"""Unknown and bounded sample sizes, N = 0, and no false alarms for F, chi-square, r and unknown N.

Hand calculations (scale 1-4, the printed mean standing for its rounding interval):

* mean 2.905, SD 3.215, N unknown: the largest SD for any N >= 2 is
  sqrt(2/1 * (4 - 2.9045)(2.9045 - 1)) = sqrt(4.1727) = 2.043, so 3.215 is impossible;
* mean 2.50, SD .40, N from 10 to 339: 2.495..2.505 holds no whole number, so the answers
  cannot all be equal; the least spread (half 2s, half 3s) has a population variance of
  .495 * .505 = .249975, and the sample variance is at least 339/338 times that: SD >=
  sqrt(.250715) = .501;
* mean 2.50, SD 1.60, N >= 10: the largest SD is sqrt(10/9 * 1.5 * 1.5) = sqrt(2.5) = 1.581;
* N = 0 beside a mean is impossible.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from mcstats.audit.extract.text import extract_results
from mcstats.audit.run import audit_csv, audit_study
from mcstats.audit.unknown_n import any_n_sd_findings, variance_range_any_n
from mcstats.errors import InstrumentError
from mcstats.replication.published import parse_published

ROWS = [
    ("a", "?", "2.905", "3.215"),
    ("b", "10-339", "2.50", ".40"),
    ("c", ">=10", "2.50", "1.60"),
    ("d", "0", "2.50", ".90"),
    ("e", "", "2.50", "1.00"),
    ("g", "?", "2.50", ".60"),  # possible for some N: no finding
]
EXPECTED = Counter({
    ("sd_bounds", "impossible", "a", "at most 2.043"): 1,
    ("sd_bounds", "impossible", "b", "at least 0.501"): 1,
    ("sd_bounds", "impossible", "c", "at most 1.581"): 1,
    ("limits", "impossible", "d", "N of at least 1"): 1,
})


def _study(rows: list[tuple[str, str, str, str]]) -> dict:
    return {
        "format": "mcstats-published/1",
        "id": "unknown_n",
        "study": {"title": "Unknown N"},
        "scale": {"min": 1, "max": 4},
        "tables": [{
            "id": "t1", "source": "Table 1", "kind": "item-descriptives",
            "rows": [
                {"label": label, "role": "item", "values": {"n": n, "mean": m, "sd": s}}
                for label, n, m, s in rows
            ],
        }],
    }


def _keys(findings: tuple) -> Counter:
    out: Counter = Counter()
    for f in findings:
        label = f.location.split("'")[1] if "'" in f.location else f.location.split(" (row")[0]
        out[(f.check, f.severity, label, f.expected)] += 1
    return out


def test_published_rows_with_unknown_and_bounded_n() -> None:
    report = audit_study(parse_published(_study(ROWS), path="t"))
    assert _keys(report.findings) == EXPECTED
    reasons = {x.location.split("'")[1]: x.reason for x in report.not_checked}
    assert set(reasons) == {"a", "b", "c", "d", "e", "g"}  # nothing skipped silently
    assert reasons["b"].startswith("GRIM and GRIMMER need the exact N (printed: 10-339)")
    assert reasons["e"].startswith("GRIM and GRIMMER need the exact N (printed: not printed)")


def test_quick_check_rows_with_unknown_and_bounded_n(tmp_path: Path) -> None:
    p = tmp_path / "check.csv"
    p.write_text(
        "label,n,mean,sd,scale_min,scale_max\n" + "".join(f"{a},{b},{c},{d},1,4\n" for a, b, c, d in ROWS),
        encoding="utf-8",
    )
    report = audit_csv(p)
    assert _keys(report.findings) == EXPECTED
    assert len(report.not_checked) == 6


def test_bad_n_bounds_name_the_key() -> None:
    with pytest.raises(InstrumentError, match=r"tables\[0\]\.rows\[0\]\.values\.n"):
        parse_published(_study([("a", "339-10", "2.50", ".40")]), path="t")
    study = parse_published(_study([("a", "<=339", "2.50", ".40")]), path="t")
    row = study.tables[0].rows[0]
    assert "n" not in row.values and (row.n_bound.low, row.n_bound.high) == (None, 339)


# --------------------------------------------------------------------------------------------
# No false alarms
# --------------------------------------------------------------------------------------------


def _half_up(x: Fraction | float, d: int) -> str:
    exact = x if isinstance(x, Fraction) else Fraction(x)
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    return str(value.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    points=st.sampled_from([4, 5, 7]),
    items=st.integers(1, 4),
    score=st.sampled_from(["mean", "sum"]),
    n=st.integers(2, 300),
    seed=st.integers(0, 2**32 - 1),
    skew=st.floats(0.05, 20),
    d=st.sampled_from([2, 3]),
    bounds=st.sampled_from(["unknown", "low", "high", "range"]),
)
def test_unknown_n_never_flags_real_data(
    points: int, items: int, score: str, n: int, seed: int, skew: float, d: int, bounds: str
) -> None:
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.full(points, skew))
    answers = rng.choice(np.arange(1, points + 1), size=(n, items), p=probs)
    sums = answers.sum(axis=1)
    total = int(sums.sum())
    ss = int((sums.astype(np.int64) ** 2).sum())
    u = items if score == "mean" else 1  # scores in units of 1/u
    mean = Fraction(total, n * u)
    var = (Fraction(ss) - Fraction(total * total, n)) / (n - 1) / (u * u)
    n_min = None if bounds in ("unknown", "high") else max(2, n - int(rng.integers(0, 5)))
    n_max = None if bounds in ("unknown", "low") else n + int(rng.integers(0, 50))
    lo_var, hi_var = variance_range_any_n(_half_up(mean, d), 1, points, n_min=n_min, n_max=n_max,
                                          items=items, score=score)
    assert lo_var <= var <= hi_var or abs(float(var) - float(lo_var)) < 1e-12
    sd_text = _half_up(Fraction(float(var) ** 0.5), d)
    assert any_n_sd_findings(_half_up(mean, d), sd_text, 1, points, n_min=n_min, n_max=n_max, items=items,
                             score=score) == []


def _p_text(p: float, d: int) -> str:
    printed = _half_up(p, d)
    if Decimal(printed) == 0:
        return "p < ." + "0" * (d - 1) + "1"
    return "p = " + printed.lstrip("0")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    kind=st.sampled_from(["t", "F", "chi2", "r", "z"]),
    x=st.floats(0.001, 12),
    df1=st.integers(1, 8),
    df2=st.integers(3, 400),
    dx=st.sampled_from([1, 2, 3]),
    dp=st.sampled_from([2, 3, 4]),
    sign=st.sampled_from([1, -1]),
)
def test_statcheck_never_flags_correctly_rounded_results(
    kind: str, x: float, df1: int, df2: int, dx: int, dp: int, sign: int
) -> None:
    # the p of the unrounded statistic, by scipy.stats (not the code under test)
    if kind == "t":
        value, p, head = sign * x, 2 * sps.t.sf(x, df2), f"t({df2})"
    elif kind == "F":
        value, p, head = x, sps.f.sf(x, df1, df2), f"F({df1}, {df2})"
    elif kind == "chi2":
        value, p, head = x * 3, sps.chi2.sf(x * 3, df1), f"χ2({df1}, N = {df2 + 10})"
    elif kind == "r":
        r = sign * x / 12.5  # |r| < 0.96
        t = r / np.sqrt((1 - r * r) / df2)
        value, p, head = r, 2 * sps.t.sf(abs(t), df2), f"r({df2})"
    else:
        value, p, head = sign * x, 2 * sps.norm.sf(x), "z"
    text = f"As expected, {head} = {_half_up(value, dx)}, {_p_text(float(p), dp)}."
    results = extract_results(text)
    assert len(results) == 1, text
    assert results[0].error is False, text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    kind=st.sampled_from(["t", "F", "chi2", "r", "z"]),
    x=st.floats(0.001, 12),
    df1=st.integers(1, 8),
    df2=st.integers(3, 400),
    dx=st.sampled_from([1, 2, 3]),
    dp=st.sampled_from([2, 3, 4]),
    sign=st.sampled_from([1, -1]),
)
def test_lenient_never_flags_correctly_rounded_results(
    kind: str, x: float, df1: int, df2: int, dx: int, dp: int, sign: int
) -> None:
    """The same property for the non-APA prints ``--lenient`` reads (df after the value)."""
    if kind == "t":
        value, p, fmt = sign * x, 2 * sps.t.sf(x, df2), "t = {v}, df = " + str(df2) + ", {p}"
    elif kind == "F":
        value, p, fmt = x, sps.f.sf(x, df1, df2), "F = {v}, df = " + f"{df1}, {df2}" + ", {p}"
    elif kind == "chi2":
        value, p, fmt = x * 3, sps.chi2.sf(x * 3, df1), "χ2 = {v}, df = " + str(df1) + ", {p}"
    elif kind == "r":
        r = sign * x / 12.5
        t = r / np.sqrt((1 - r * r) / df2)
        value, p, fmt = r, 2 * sps.t.sf(abs(t), df2), "r = {v}, N = " + str(df2 + 2) + ", {p}"
    else:
        value, p, fmt = sign * x, 2 * sps.norm.sf(x), "z = {v}; {p}"
    text = "As expected, " + fmt.format(v=_half_up(value, dx), p=_p_text(float(p), dp)) + "."
    results = extract_results(text, lenient=True)
    assert len(results) == 1 and results[0].lenient, text
    assert results[0].error is False, text


def test_odd_prints_are_notes(tmp_path: Path) -> None:
    # "02.1" reads as 2.1 (checked, with a note); "1..2" cannot be read (a note, row not checked)
    p = tmp_path / "odd.csv"
    p.write_text(
        "label,n,mean,sd,scale_min,scale_max\na,10,02.1,.74,1,4\nb,10,1..2,.74,1,4\n", encoding="utf-8"
    )
    report = audit_csv(p)
    assert [(f.check, f.severity, f.reported, f.expected) for f in report.findings] == [
        ("odd_print", "note", "02.1", "2.1"),
        ("odd_print", "note", "1..2", "one decimal point"),
    ]
    assert [(x.location, x.reason) for x in report.not_checked] == [
        ("b (row 3)", "the mean cannot be read as a number")
    ]
    study = audit_study(parse_published(_study([("a", "10", "02.1", ".74")]), path="t"))
    assert [(f.check, f.location) for f in study.findings] == [("odd_print", "Table 1, row 'a'")]
