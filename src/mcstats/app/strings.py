"""Every user-visible string of the web page, in one place for translation.

The templates and the server read the texts from :data:`TEXT` (in the templates as
``t.key``); messages that take values use ``str.format`` fields (``{limit}``). The page's
texts include the names of the report's tables as the form lists them (``table_NAME``).

A translation is another mapping with the same keys (French, Arabic, Urdu, Hausa...):
add it with :func:`add_language` (or to :data:`LANGUAGES`) and start the page with
``mcstats app --language CODE``; keys it lacks fall back to English, and ``dir`` makes
the page right to left (``"rtl"`` for Arabic and Urdu).

Not here, because the page does not write them: the library's own messages (validation
problems by row and column, instrument errors by key, the draft's notes, warnings) and the
reports shown in frames and downloaded. They are the same words as the command line's,
so that a message on the page can be looked up in the manual and matches the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_ENGLISH: dict[str, str] = {
    # page frame
    "lang": "en",
    "dir": "ltr",
    "app_name": "mcstats",
    "skip_link": "Skip to the content",
    "nav_label": "Pages",
    "nav_analyze": "Analyze a survey",
    "nav_audit": "Audit a paper",
    "nav_replicate": "Replicate a paper",
    "footer": "mcstats {version} runs on this computer only: no file or result leaves it. "
    "Close this page and stop the program (Ctrl+C in its window) when you are done; "
    "the uploaded files are then deleted.",
    "busy": "Working…",
    # errors of the frame
    "forbidden_title": "Access denied",
    "forbidden": "This page needs the address that `mcstats app` printed (with its token). "
    "Open that address again.",
    "forbidden_host": "This address is not the one `mcstats app` serves.",
    "forbidden_csrf": "The request did not come from the mcstats page (missing or wrong form token). "
    "Reload the page and try again.",
    "too_large": "The file is larger than the upload limit of {limit} MB. Start mcstats app with "
    "--max-upload-mb to raise the limit.",
    "not_found": "Not found.",
    "job_gone": "This result is no longer available; upload the file again.",
    "internal_error": "Something went wrong inside mcstats: {detail}. Please report it with the file "
    "that caused it, if you can share it.",
    "error_heading": "Problem",
    "your_file": "your file",
    # analyze page
    "analyze_title": "Analyze a survey",
    "analyze_intro": "Upload your survey data. mcstats drafts a description of the questionnaire "
    "(the instrument), which you check and correct before running the analysis.",
    "upload_legend": "1. Survey data",
    "upload_label": "Data file (CSV, Excel, SPSS .sav, Parquet; exports of Google Forms, Microsoft "
    "Forms, Qualtrics, SurveyMonkey and KoboToolbox)",
    "upload_drop": "Drop a file here, or choose one with the button.",
    "xlsform_label": "KoboToolbox or ODK form (XLSForm, .xlsx), optional",
    "xlsform_help": "Only for a KoboToolbox export with 'XML values and headers' or an ODK Central "
    "export: the form gives the questions' choice lists. Choose it before the data file.",
    "xlsform_hint": "This looks like a KoboToolbox or ODK export: choose its form (the XLSForm "
    ".xlsx) in the field 'KoboToolbox or ODK form' and upload the data again.",
    "upload_button": "Upload and draft the instrument",
    "upload_progress": "Upload progress",
    "uploaded": "File: {name} ({rows} rows, {columns} columns).",
    "left_out": "Columns left out: {columns}",
    "draft_notes": "Notes on the draft",
    "instrument_legend": "2. Instrument (check and correct the draft)",
    "instrument_name": "Name of the questionnaire",
    "scale_points": "Scale points (number of answer codes)",
    "lowest_code": "Lowest answer code (1 for 1-5, 0 for 0-3)",
    "codes_shown": "Answer codes {lowest} to {highest}. With every label left empty, the "
    "labels shown in grey are used.",
    "responses_legend": "Response labels (code: label)",
    "response_code": "Label of code {code}",
    "id_column": "Respondent id column (checked for duplicates)",
    "none": "(none)",
    "scales_legend": "Scales",
    "scale_id": "Scale {n}: id",
    "scale_title": "Scale {n}: title",
    "new_scale": "New scale (give it an id and move items to it)",
    "items_legend": "Items",
    "item_column": "Column",
    "item_text": "Wording of {column}",
    "item_reverse": "Reverse-keyed: {column}",
    "item_scale": "Scale of {column}",
    "item_left_out": "(leave out)",
    "col_item": "Item",
    "col_wording": "Wording",
    "col_reverse": "Reverse",
    "col_scale": "Scale",
    "col_suggestion": "Suggestion",
    "reverse_suggestion": "reverse? (r = {r})",
    "groups_legend": "Grouping and background columns",
    "cat_role": "Use of {column}",
    "role_group": "group (compared: t-test, or one-way ANOVA for three or more levels)",
    "role_frequencies": "frequency table only",
    "role_none": "leave out",
    "cat_title": "Title of {column}",
    "level_label": "Label of the value {value} in {column}",
    "cutoffs_legend": "Cut-off remarks",
    "cutoff_scheme": "Scheme",
    "scheme_real-limits": "real limits",
    "scheme_criterion": "criterion mean",
    "scheme_equal-interval": "equal intervals",
    "scheme_custom": "custom bands",
    "cutoff_criterion": "Criterion mean (criterion scheme; empty: the scale's midpoint)",
    "cutoff_decimals": "Decimals of the means compared",
    "cutoff_compare": "Compare",
    "compare_rounded": "the rounded mean (as a reader of the table)",
    "compare_exact": "the exact mean",
    "options_legend": "3. Analysis",
    "score": "Scale score for the group comparisons",
    "score_sum": "sum of the items",
    "score_mean": "mean of the items",
    "invalid": "Invalid cells (codes outside the scale, unknown labels)",
    "invalid_error": "stop and list them",
    "invalid_missing": "treat them as missing (and list them)",
    "alpha": "Significance level of the tests",
    "t_decision": "Which t-test decides for two groups (both are always reported)",
    "t_decision_student": "Student's t (equal variances; the papers' usual choice)",
    "t_decision_welch": "Welch's t (equal variances not assumed)",
    "t_decision_levene": "Welch's t when Levene's p < .05, else Student's t (as SPSS courses teach)",
    "p_adjust": "Item-by-item comparisons: adjust the p values over the items of a scale",
    "p_adjust_none": "no (as the papers report them)",
    "p_adjust_holm": "Holm",
    "p_adjust_bonferroni": "Bonferroni",
    "p_adjust_bh": "Benjamini-Hochberg",
    "crosstabs": "chi-square cross-tables of every background or grouping column by every grouping column",
    "extras_legend": "Also run",
    "extra_anova": "a one-way ANOVA for groups of two levels too (groups of three or more always get one)",
    "extra_nonparametric": "rank tests (Mann-Whitney U, Kruskal-Wallis H) beside every group comparison",
    "extra_item_tests": "a group comparison of every item, not only of the scale score",
    "extra_correlations": "correlations between the scale scores",
    "extra_item_correlations": "correlations between the items of each scale",
    "levels": "Two levels to compare by a t-test when a group has more than two "
    "(leave empty: a one-way ANOVA of all levels)",
    "levels_a": "First level to compare",
    "levels_b": "Second level to compare",
    "report_legend": "4. Report",
    "tables": "Tables (none ticked: the usual ones)",
    # the library's arguments as the page's fields (library texts say "the codes argument")
    "arg_codes": "the fields 'Lowest answer code' and 'Scale points'",
    "arg_invalid_missing": "'treat them as missing' under 'Invalid cells'",
    "arg_form": "the field 'KoboToolbox or ODK form'",
    "arg_levels": "the fields 'First level to compare' and 'Second level to compare'",
    "arg_item_correlations": "the box 'correlations between the items of each scale'",
    "arg_t_decision": "the field 'Which t-test decides for two groups'",
    "arg_p_adjust": "the field 'Item-by-item comparisons: adjust the p values'",
    "yaml_set_reverse": "tick 'Reverse'",
    "yaml_reverse": "(tick its 'Reverse' box in the form)",
    # the report's tables (report/tables.py), one text each: what the table shows
    "table_excluded": "Excluded rows, with the reason",
    "table_invalid-cells": "Invalid cells treated as missing, with the reason",
    "table_reliability": "Reliability: Cronbach's alpha with its 95% CI, N and items per scale",
    "table_items": "Item statistics: N, mean, SD and remark of every item, with the grand means",
    "table_item-frequencies": "Answers per item: count (valid percent) of each option, N, mean, SD, remark",
    "table_item-total": "Item-total statistics: corrected item-total r and alpha if the item is deleted",
    "table_ttest": "t-test: group N, mean, SD and the test",
    "table_ttest-details": "t-test details: Student and Welch t, df, p, mean difference, SE and CI",
    "table_frequencies": "Frequencies of the grouping and background columns",
    "table_response-frequencies": "Frequency table of the answers to each item (SPSS layout)",
    "table_anova": "One-way ANOVA: group N, mean, SD, SE, 95% CI and the ANOVA table",
    "table_posthoc": "Post hoc tests after the ANOVA: Tukey HSD, Games-Howell and Scheffé pairs",
    "table_rank-tests": "Rank tests: mean ranks, Mann-Whitney U or Kruskal-Wallis H, Dunn's pairs",
    "table_item-tests": "Item by item group comparison: N, mean, SD, t or F, df, p, critical value, decision",
    "table_crosstabs": "Cross-tables: counts, row percents, expected counts, chi-square tests, Cramér's V",
    "table_item-correlations": "Correlations of the items of each scale: N, mean, SD; Pearson r "
    "below the diagonal, Spearman rho above",
    "table_correlations": "Correlations of the scale scores: mean, SD and Pearson r (APA matrix)",
    "decimals": "Decimals of the statistics (empty: 2, as APA asks)",
    "style": "Table style",
    "style_apa": "APA 7",
    "style_papers": "as the field's papers print them (means and SDs to 3 decimals; t-cal, t-crit, decision)",
    "reliability": "Reliability tables",
    "reliability_compact": "compact (alpha, its CI, N, items)",
    "reliability_full": "full (every coefficient with its intervals)",
    "check_button": "Check the instrument",
    "run_button": "Run the analysis",
    "instrument_ok": "The instrument is valid.",
    "instrument_problem": "The instrument needs a correction",
    "new_scale_needs_id": "give the new scale an id (items {columns} are assigned to it)",
    "no_items": "assign at least one item to a scale",
    "bad_number": "{field}: expected a number, got {value!r}",
    "wrong_kind": "{name}: expected one of {suffixes}",
    "no_file": "Choose a file first.",
    "levels_pair": "give both levels to compare, or neither",
    "running": "Analysing {name}…",
    "rows_read": "{rows} rows read",
    "elapsed": "{seconds:.0f} s",
    "problems_heading": "The data have problems",
    "more_problems": "… and {n} more",
    "problems_intro": "The analysis stopped. If the data use other answer codes (such as 0-3 or "
    "1-7), set the lowest answer code and the scale points in the form above and run again: "
    "every answer is kept. Only if these cells are not answers, treat them as missing (they "
    "are then counted in the report's warnings). Or correct the file and upload it again.",
    "run_missing_button": "Treat invalid cells as missing and run again",
    "result_heading": "Report",
    "result_summary": "{n_rows} rows read = {n_analysed} analysed + {n_excluded} excluded.",
    "warnings_heading": "Warnings",
    "downloads_heading": "Downloads",
    "download_docx": "Word report (.docx)",
    "download_xlsx": "Excel tables (.xlsx)",
    "download_md": "Markdown report (.md)",
    "download_html": "HTML report (.html)",
    "download_results": "All results (results.json)",
    "download_instrument": "Instrument (instrument.yaml, to re-run with mcstats analyze)",
    "report_frame": "The analysis report",
    "open_report": "Open the report in its own tab",
    "rerun_hint": "Re-run from the command line: mcstats analyze {name} --instrument instrument.yaml",
    # audit page
    "audit_title": "Audit a paper",
    "audit_intro": "Check the statistics a paper reports: can the numbers be true, and do they agree "
    "with each other? Upload a published-values file or a quick-check table, or type the rows.",
    "audit_upload_legend": "Upload",
    "audit_upload_label": "Published values (.yaml), a quick-check table (.csv) or a paper ({papers})",
    "audit_upload_button": "Audit the file",
    "audit_lenient": "Also read results not written in APA style (papers only)",
    "audit_lenient_hint": (
        "Reads forms such as \"t = 2.20, df = 28, p = .03\" or \"F[2, 30]\" too; each is marked, since "
        "a result written so can be misread. Off by default, as statcheck."
    ),
    "grid_legend": "Or type the rows",
    "grid_intro": "One row per reported mean and SD. Empty rows are ignored.",
    "grid_caption": "Reported statistics",
    "grid_label": "Label",
    "grid_n": "N",
    "grid_mean": "Mean",
    "grid_sd": "SD",
    "grid_scale_min": "Scale min",
    "grid_scale_max": "Scale max",
    "grid_items": "Items",
    "grid_cell": "{column} of row {row}",
    "grid_add": "Add rows",
    "grid_button": "Audit the rows",
    "typed_rows": "typed rows",
    "grid_empty": "type at least one row (label, N, mean, SD, scale min and max)",
    "audit_summary": "{total} findings: {impossible} impossible, {inconsistent} inconsistent, {note} notes; "
    "{not_checkable} not checkable.",
    "findings_heading": "Findings",
    "audit_frame": "The audit report",
    "download_audit_html": "Audit report (.html)",
    "download_audit_md": "Audit report (.md)",
    "download_audit_json": "Audit data (audit.json)",
    # replicate page
    "replicate_title": "Replicate a paper",
    "replicate_intro": "Re-run a paper's tables on data reconstructed from its published summaries "
    "(SYNTHETIC data, not the authors' data) and compare every printed number.",
    "study_legend": "Paper",
    "study_ready": "reconstructed data available",
    "study_missing": "no reconstructed data yet",
    "replicate_button": "Replicate {name}",
    # the words of mcstats.verdicts, the same as the audit's
    "replicate_summary": "{total} printed values compared: {reproduced} reproduced, {impossible} impossible, "
    "{inconsistent} inconsistent, {note} notes, {not_checkable} not checkable.",
    "replication_frame": "Side-by-side report of {name}",
    "replication_audit_frame": "Audit of {name}",
    "replication_heading": "Published and recomputed",
    "replication_audit_heading": "Audit of the published numbers",
    "download_reconstructed": "Reconstructed data (SYNTHETIC, .csv)",
    "download_comparison": "Comparison (comparison.json)",
    "download_replication_md": "Side-by-side report (.md)",
    "download_replication_html": "Side-by-side report (.html)",
}

#: The texts of the page in each language; English is complete, others fall back to it.
LANGUAGES: dict[str, Mapping[str, str]] = {"en": MappingProxyType(_ENGLISH)}

#: The English texts (the default).
TEXT: Mapping[str, str] = LANGUAGES["en"]


def add_language(code: str, table: Mapping[str, str]) -> None:
    """Make the texts ``table`` (keys of the English texts) the page's language ``code``.

    >>> add_language("xx", {"run_button": "Lancer"})
    >>> texts("xx")["run_button"], texts("xx")["audit_title"]
    ('Lancer', 'Audit a paper')
    >>> del LANGUAGES["xx"]
    """
    unknown = sorted(set(table) - set(_ENGLISH))
    if unknown:
        raise KeyError(f"not a text of the page: {', '.join(unknown)}")
    LANGUAGES[code] = MappingProxyType(dict(table))


def texts(language: str = "en") -> Mapping[str, str]:
    """The texts of ``language``, with English for any key a translation lacks.

    >>> texts("en")["run_button"], texts("xx")["run_button"]
    ('Run the analysis', 'Run the analysis')
    """
    table = LANGUAGES.get(language)
    if table is None or table is TEXT:
        return TEXT
    return MappingProxyType({**_ENGLISH, **table})
