"""The library functions the page calls, imported in one place.

The page computes no statistic and renders no report of its own: it hands the user's
choices to these functions and shows what they write.
"""

from __future__ import annotations

from mcstats.analysis import AnalysisOptions
from mcstats.audit.extract.readers import PAPER_SUFFIXES
from mcstats.audit.run import audit_document, audit_file, replication_audit
from mcstats.draft import Draft, draft_instrument, render_draft
from mcstats.engines import ReadOptions
from mcstats.errors import DataError, InstrumentError, McStatsError, UsageError
from mcstats.group_analyses import T_DECISION_RULES, demographic_crosstabs
from mcstats.instrument import CUTOFF_SCHEMES, parse_instrument
from mcstats.io import RawSurvey, load_survey
from mcstats.layouts import detect_layout, read_xlsform
from mcstats.pipeline import compute, write_reports
from mcstats.replication.replicate import ReplicableStudy, list_studies, resolve_study
from mcstats.replication.replicate import replicate as replicate_study
from mcstats.report.audit import render_audit_html, render_audit_markdown
from mcstats.report.render import fmt
from mcstats.report.tables import RELIABILITY_DETAIL, STYLES, TABLES, ReportOptions, default_tables
from mcstats.results import dumps, results_dict, write_atomic, write_atomic_bytes
from mcstats.safety import safe_filename, write_csv
from mcstats.stats.posthoc import P_ADJUSTMENTS

__all__ = [
    "CUTOFF_SCHEMES",
    "PAPER_SUFFIXES",
    "P_ADJUSTMENTS",
    "RELIABILITY_DETAIL",
    "STYLES",
    "TABLES",
    "T_DECISION_RULES",
    "AnalysisOptions",
    "DataError",
    "Draft",
    "InstrumentError",
    "McStatsError",
    "RawSurvey",
    "ReadOptions",
    "ReplicableStudy",
    "ReportOptions",
    "UsageError",
    "audit_document",
    "audit_file",
    "compute",
    "default_tables",
    "demographic_crosstabs",
    "detect_layout",
    "draft_instrument",
    "dumps",
    "fmt",
    "list_studies",
    "load_survey",
    "parse_instrument",
    "read_xlsform",
    "render_audit_html",
    "render_audit_markdown",
    "render_draft",
    "replicate_study",
    "replication_audit",
    "resolve_study",
    "results_dict",
    "safe_filename",
    "write_atomic",
    "write_atomic_bytes",
    "write_csv",
    "write_reports",
]
