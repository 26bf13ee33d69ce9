r"""Chi-square tests recomputed from a printed crosstab, and correlations from r, N and p.

Pearson's chi-square of an r x c table of counts is exact (counts are whole numbers):

.. math::

    \chi^2 = \sum_{ij} \frac{(O_{ij} - E_{ij})^2}{E_{ij}}, \quad
    E_{ij} = \frac{R_i C_j}{N}, \quad df = (r - 1)(c - 1),

so a printed chi-square, df, p or expected count is compared with the one value the counts
give (the printed number standing for its rounding interval). A correlation printed with N
and p is checked as statcheck checks ``r(N - 2) = r, p = ...``.

Examples
--------
>>> [(f.check, f.expected) for f in crosstab_findings([[20, 10], [10, 20]], chi2="6.67", df="1")]
[]
>>> [(f.check, f.expected) for f in crosstab_findings([[20, 10], [10, 20]], chi2="3.84")]
[('chi_square', '6.667')]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from mcstats.audit.extract.text import extract_results
from mcstats.audit.findings import REFERENCES, Finding, where
from mcstats.errors import UsageError
from mcstats.printed import Reported, exact_interval
from mcstats.stats.distributions import chi2_sf

__all__ = ["chi_square_from_counts", "correlation_findings", "crosstab_findings"]


def chi_square_from_counts(counts: Sequence[Sequence[int]]) -> tuple[Fraction, int, list[list[Fraction]]]:
    """Pearson's chi-square (exact), its df and the expected counts of a table of counts.

    Rows or columns without any case are left out (their expected counts are 0).

    Examples
    --------
    >>> chi, df, expected = chi_square_from_counts([[20, 10], [10, 20]])
    >>> chi, df, expected[0]
    (Fraction(20, 3), 1, [Fraction(15, 1), Fraction(15, 1)])
    """
    rows = [list(r) for r in counts]
    if len(rows) < 2 or any(len(r) != len(rows[0]) for r in rows) or len(rows[0]) < 2:
        raise UsageError("a crosstab needs at least 2 rows and 2 columns of equal length")
    if any(isinstance(x, bool) or not isinstance(x, int) or x < 0 for r in rows for x in r):
        raise UsageError("crosstab counts must be whole numbers of at least 0")
    row_totals = [sum(r) for r in rows]
    col_totals = [sum(c) for c in zip(*rows, strict=True)]
    n = sum(row_totals)
    if n == 0:
        raise UsageError("the crosstab has no cases")
    expected = [[Fraction(rt * ct, n) for ct in col_totals] for rt in row_totals]
    chi = sum(
        (Fraction(o) - e) ** 2 / e
        for r, er in zip(rows, expected, strict=True)
        for o, e in zip(r, er, strict=True)
        if e > 0
    )
    used_rows = sum(1 for t in row_totals if t > 0)
    used_cols = sum(1 for t in col_totals if t > 0)
    return Fraction(chi), (used_rows - 1) * (used_cols - 1), expected


def crosstab_findings(
    counts: Sequence[Sequence[int]],
    *,
    chi2: Reported | None = None,
    df: Reported | None = None,
    p: Reported | None = None,
    expected: Sequence[Sequence[Reported | None]] | None = None,
    location: str = "",
) -> list[Finding]:
    """``inconsistent`` findings for a printed chi-square, df, p or expected count of a crosstab."""
    from mcstats.audit.ttest_summary import p_interval

    chi, want_df, exp = chi_square_from_counts(counts)
    ref = REFERENCES["derived"]
    out: list[Finding] = []

    def add(check: str, reported: str, expected_text: str, message: str) -> None:
        out.append(
            Finding(check, "inconsistent", location, reported, expected_text, where(location) + message, ref)
        )

    if chi2 is not None:
        lo, hi = exact_interval(chi2)
        if not lo <= chi <= hi:
            add(
                "chi_square",
                f"chi2 = {chi2}",
                f"{float(chi):.3f}",
                f"Reported chi-square = {chi2}, but the printed counts give Pearson's chi-square = "
                f"{float(chi):.4f} (sum of (O - E)^2 / E with E = row total x column total / N).",
            )
    if df is not None:
        lo, hi = exact_interval(df)
        if not lo <= want_df <= hi:
            add(
                "chi_square_df",
                f"df = {df}",
                str(want_df),
                f"Reported df = {df}, but a table of {len(counts)} x {len(counts[0])} counts has df = "
                f"(rows - 1)(columns - 1) = {want_df}.",
            )
    if p is not None and want_df > 0:
        plo, phi = p_interval(p)
        p_true = chi2_sf(float(chi), want_df)
        tol = 1e-9
        if not plo - tol <= p_true <= phi + tol:
            add(
                "chi_square_p",
                f"p = {p}",
                f"{p_true:.4g}",
                f"Reported p = {p}, but chi-square = {float(chi):.4f} on {want_df} df has p = {p_true:.4g}.",
            )
    if expected is not None:
        for i, row in enumerate(expected):
            for j, printed in enumerate(row):
                if printed is None:
                    continue
                lo, hi = exact_interval(printed)
                if not lo <= exp[i][j] <= hi:
                    add(
                        "expected_count",
                        f"expected {printed} (row {i + 1}, column {j + 1})",
                        f"{float(exp[i][j]):.3f}",
                        f"The expected count printed in row {i + 1}, column {j + 1} ({printed}) is not "
                        f"row total x column total / N = {float(exp[i][j]):.4f}.",
                    )
    return out


def correlation_findings(r: Reported, n: int, p: Reported, *, location: str = "") -> list[Finding]:
    """statcheck's check of a correlation printed with its N and p (df = N - 2).

    ``p`` may be a bound (``"<.05"``). The finding is ``inconsistent``.

    Examples
    --------
    >>> correlation_findings(".22", 30, ".26")[0].expected      # r(28) = .22 gives p = .24
    'p = 0.2319 to 0.2539'
    >>> correlation_findings(".22", 30, ".24")
    []
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        raise UsageError(f"a correlation's N must be a whole number of at least 3, not {n!r}")
    p_text = str(p).strip()
    comparison = p_text[0] if p_text[:1] in "<>=" else "="
    number = p_text.lstrip("<>= ")
    results = extract_results(f"r({n - 2}) = {r}, p {comparison} {number}")
    if len(results) != 1:
        raise UsageError(f"cannot read r = {r!r} with p = {p!r} as a correlation")
    if not results[0].error:
        return []
    from mcstats.audit.extract.text import p_interval as text_p_interval

    lo, hi = text_p_interval(results[0])
    expected = f"p = {lo:.4f} to {hi:.4f}"
    message = (
        f"{where(location)}Reported r = {r} with N = {n} and p {comparison} {number}, but r on "
        f"N - 2 = {n - 2} df, allowing for its rounding, gives a two-tailed p of {lo:.4f} to {hi:.4f} "
        "(t = r / sqrt((1 - r^2)/df); statcheck)."
    )
    if results[0].decision_error:
        message += " The significance decision at .05 changes."
    return [
        Finding(
            "correlation_p",
            "inconsistent",
            location,
            f"r = {r}, N = {n}, p {comparison} {number}",
            expected,
            message,
            REFERENCES["statcheck"],
        )
    ]
