"""Audit of published summary statistics: values that no data could produce.

Pure consistency checks for a reviewer: GRIM, GRIMMER and DEBIT (granularity), the range of
a mean and the bounds of an SD on a bounded integer scale, values derived in a table
(percentages, totals, grand means, response rates), t-tests recomputed from group summaries
(statcheck, extended) and Cronbach's alpha implied by the item and total SDs.

Every check respects the printed precision: a value printed with ``d`` decimals stands for
its rounding interval, and a check flags only when no value in the interval(s) is
consistent. The ``*_findings`` functions turn each check into :class:`Finding` objects with
a sentence a reviewer can quote.

:func:`audit_study` runs every check over a published-values file and :func:`audit_csv`
over a quick-check CSV (:mod:`mcstats.audit.run`); sample sizes across tables, remarks and
the limits of each statistic are in :mod:`.samples`, :mod:`.remarks` and :mod:`.limits`.

Examples
--------
>>> from mcstats.audit import mean_sd_findings
>>> print(mean_sd_findings(432, "2.905", "3.215", 1, 4)[0].message)  # doctest: +ELLIPSIS
The SD 3.215 is impossible for N = 432 and mean 2.905 on a single item scored 1-4: ...
"""

from mcstats.audit.derived import (
    DerivedCheck,
    cumulative_from_percents,
    cumulative_percents,
    grand_mean,
    percent,
    percent_total,
    response_rate,
    total_matches,
    valid_percent,
)
from mcstats.audit.findings import (
    REFERENCES,
    Finding,
    Severity,
    alpha_findings,
    cumulative_findings,
    debit_findings,
    grand_mean_findings,
    grim_findings,
    grim_percent_findings,
    grimmer_findings,
    mean_sd_findings,
    percent_findings,
    percent_total_findings,
    range_findings,
    response_rate_findings,
    sd_bounds_findings,
    summary_findings,
    total_findings,
    ttest_findings,
    valid_percent_findings,
)
from mcstats.audit.grim import (
    debit,
    debit_sd_range,
    grim,
    grim_nearest,
    grim_percent,
    grim_totals,
    grimmer,
    grimmer_reason,
)
from mcstats.audit.limits import limit_findings, min_max_findings, sd_interval_from_min_max, within_limits
from mcstats.audit.ranges import mean_in_range, score_range
from mcstats.audit.reliability import alpha_consistent, alpha_interval, total_sd_possible
from mcstats.audit.remarks import (
    decision_findings,
    possible_remarks,
    remark_findings,
    scale_bands,
)
from mcstats.audit.run import (
    AuditReport,
    NotChecked,
    SummaryChecks,
    audit_csv,
    audit_document,
    audit_file,
    audit_study,
    audit_text,
    check_summary,
    replication_audit,
)
from mcstats.audit.samples import Count, at_most_findings, design_findings, sum_at_most_findings
from mcstats.audit.sd_bounds import (
    SDBounds,
    attainable_totals,
    max_sd_for_total,
    max_variance_for_total,
    min_nonzero_sd_for_total,
    min_nonzero_variance_for_total,
    min_sd_for_total,
    min_variance_for_total,
    sd_bounds,
    sd_possible,
    widest_data,
)
from mcstats.audit.summary import Summary
from mcstats.audit.ttest_summary import (
    TTestAudit,
    TTestRange,
    check_ttest,
    critical_t,
    df_interval,
    p_from_t,
    p_interval,
    t_range,
    two_sided_p,
    welch_df,
)
from mcstats.printed import (
    decimals_of,
    exact_interval,
    interval,
    parse_reported,
    printing_style,
    round_half_up,
    truncate,
    truncation_interval,
)

__all__ = [
    "REFERENCES",
    "AuditReport",
    "Count",
    "DerivedCheck",
    "Finding",
    "NotChecked",
    "SDBounds",
    "Severity",
    "Summary",
    "SummaryChecks",
    "TTestAudit",
    "TTestRange",
    "alpha_consistent",
    "alpha_findings",
    "alpha_interval",
    "at_most_findings",
    "attainable_totals",
    "audit_csv",
    "audit_document",
    "audit_file",
    "audit_study",
    "audit_text",
    "check_summary",
    "check_ttest",
    "critical_t",
    "cumulative_findings",
    "cumulative_from_percents",
    "cumulative_percents",
    "debit",
    "debit_findings",
    "debit_sd_range",
    "decimals_of",
    "decision_findings",
    "design_findings",
    "df_interval",
    "exact_interval",
    "grand_mean",
    "grand_mean_findings",
    "grim",
    "grim_findings",
    "grim_nearest",
    "grim_percent",
    "grim_percent_findings",
    "grim_totals",
    "grimmer",
    "grimmer_findings",
    "grimmer_reason",
    "interval",
    "limit_findings",
    "max_sd_for_total",
    "max_variance_for_total",
    "mean_in_range",
    "mean_sd_findings",
    "min_max_findings",
    "min_nonzero_sd_for_total",
    "min_nonzero_variance_for_total",
    "min_sd_for_total",
    "min_variance_for_total",
    "p_from_t",
    "p_interval",
    "parse_reported",
    "percent",
    "percent_findings",
    "percent_total",
    "percent_total_findings",
    "possible_remarks",
    "printing_style",
    "range_findings",
    "remark_findings",
    "replication_audit",
    "response_rate",
    "response_rate_findings",
    "round_half_up",
    "scale_bands",
    "score_range",
    "sd_bounds",
    "sd_bounds_findings",
    "sd_interval_from_min_max",
    "sd_possible",
    "sum_at_most_findings",
    "summary_findings",
    "t_range",
    "total_findings",
    "total_matches",
    "total_sd_possible",
    "truncate",
    "truncation_interval",
    "ttest_findings",
    "two_sided_p",
    "valid_percent",
    "valid_percent_findings",
    "welch_df",
    "widest_data",
    "within_limits",
]
