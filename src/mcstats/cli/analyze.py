"""``mcstats analyze``: validate a survey file and compute every table a Likert study reports."""

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from mcstats.cli._common import RowProgress, fail, flags_in
from mcstats.errors import McStatsError, UsageError

#: Examples printed under ``mcstats analyze --help``.
ANALYZE_EPILOG = (
    "Examples:\n\n"
    "  mcstats analyze survey.csv --instrument instruments/rivers_state.yaml\n\n"
    "  mcstats analyze survey.csv --items Q1-Q10 --points 4 --group gender "
    "--reverse Q3,Q7 --score mean --out reports/wave1\n\n"
    "  mcstats analyze survey.csv --items Q1-Q10 --points 5 --group badge --levels yes,no "
    "--invalid missing\n\n"
    "  mcstats analyze survey.csv --instrument instruments/rivers_state.yaml "
    "--reliability-missing pairwise --bootstrap 2000 --seed 1 --ordinal\n\n"
    "  mcstats analyze survey.csv --items Q1-Q10 --points 5 --group gender "
    "--item-tests --t-decision levene --format docx\n\n"
    "  mcstats analyze survey.csv --instrument survey.yaml --group experience "
    "--item-tests --nonparametric --crosstab all-demographics --correlations"
)


def analyze(
    file: Annotated[Path, typer.Argument(help="Survey data: .csv (comma, semicolon or tab), .xlsx or .sav.")],
    instrument: Annotated[
        Path | None,
        typer.Option(
            help="Instrument YAML describing scales, labels, groups and cut-offs "
            "(see docs/instrument-format.md). Replaces --items/--points/--reverse."
        ),
    ] = None,
    items: Annotated[
        str | None,
        typer.Option(help="Item columns without an instrument: a range Q1-Q10 or a list Q1,Q2,Q5."),
    ] = None,
    points: Annotated[
        int | None, typer.Option(help="Scale points without an instrument (4 or 5; 2-11 allowed).")
    ] = None,
    codes: Annotated[
        str | None,
        typer.Option(
            help="Response codes without an instrument, lowest-highest: 0-3, 1-7 (default 1-points)."
        ),
    ] = None,
    labels: Annotated[
        str | None,
        typer.Option(
            help="Built-in response labels without an instrument: agreement-4/5/6/7, extent-4, "
            "great-extent-4, frequency-5, satisfaction-5 (fixes the points)."
        ),
    ] = None,
    group: Annotated[
        str | None, typer.Option(
            help="Grouping column to compare (e.g. gender, experience): an independent-samples "
            "t-test for two levels, a one-way ANOVA with post hoc tests for three or more."
        )
    ] = None,
    levels: Annotated[
        str | None,
        typer.Option(
            help="The two levels to compare, first minus second: A,B. Needed when the group has more than two levels."
        ),
    ] = None,
    reverse: Annotated[
        str | None,
        typer.Option(help="Reverse-keyed items without an instrument (recoded lowest+highest-x): Q3,Q7."),
    ] = None,
    score: Annotated[str, typer.Option(help="Scale score for the group comparisons: sum or mean of the items.")] = "sum",
    cutoffs: Annotated[
        str | None,
        typer.Option(
            help="Cut-off scheme for remarks: real-limits, criterion or equal-interval "
            "(default: the instrument's, else real-limits)."
        ),
    ] = None,
    invalid: Annotated[
        str,
        typer.Option(
            help="Invalid cells (out-of-range codes, unknown labels): 'error' stops with a list; 'missing' treats them as missing and lists them."
        ),
    ] = "error",
    alpha: Annotated[float, typer.Option(help="Significance level of the tests (t, F, critical values, decisions).")] = 0.05,
    item_missing: Annotated[
        str,
        typer.Option(
            help="Missing data in item statistics: 'available' cases per item (SPSS's default) or 'listwise' within the scale."
        ),
    ] = "available",
    reliability_missing: Annotated[
        str,
        typer.Option(
            help="Missing data in reliability: 'listwise' within the scale (SPSS's rule) or 'pairwise' (each covariance from the cases that answered both items; the N range is reported)."
        ),
    ] = "listwise",
    bootstrap: Annotated[
        int,
        typer.Option(
            help="Percentile-bootstrap confidence intervals for alpha, omega and Guttman's lambdas from this many resamples (e.g. 2000; 0: none)."
        ),
    ] = 0,
    seed: Annotated[
        int, typer.Option(help="Seed of the bootstrap's random generator; recorded in results.json.")
    ] = 1,
    ordinal: Annotated[
        bool,
        typer.Option(
            "--ordinal",
            help="Also alpha and omega from polychoric correlations (as R psych::polychoric), for short Likert scales.",
        ),
    ] = False,
    t_decision: Annotated[
        str,
        typer.Option(
            help="Which t-test decides for two groups: 'student' (equal variances, the papers' default), 'welch', or 'levene' (Welch when Levene's p < .05, as SPSS courses teach). Both rows are always reported; the rule is recorded in results.json."
        ),
    ] = "student",
    anova: Annotated[
        bool,
        typer.Option(
            "--anova",
            help="Also a one-way ANOVA for a two-level group. A group with three or more levels gets the ANOVA (with Levene, Welch, Brown-Forsythe, eta and omega squared, post hoc tests) whenever --levels is not given.",
        ),
    ] = False,
    posthoc: Annotated[
        str,
        typer.Option(
            help="Post hoc tests after an ANOVA: a list of tukey (Tukey-Kramer), games-howell, scheffe, or 'none'."
        ),
    ] = "tukey,games-howell,scheffe",
    nonparametric: Annotated[
        bool,
        typer.Option(
            "--nonparametric",
            help="Add rank tests to every group comparison: Mann-Whitney U (exact p for small untied groups, as R) for two levels, Kruskal-Wallis H with Dunn's tests (Holm) for any number.",
        ),
    ] = False,
    item_tests: Annotated[
        bool,
        typer.Option(
            "--item-tests",
            help="Also compare the groups item by item, in the papers' layout: N, mean and SD per group, t (or F for three or more levels), df, p, critical value and decision per item, the scale score last.",
        ),
    ] = False,
    p_adjust: Annotated[
        str,
        typer.Option(
            help="Adjust the item tests' p values over the items of a scale: none (the papers' practice), holm, bonferroni or bh (Benjamini-Hochberg)."
        ),
    ] = "none",
    crosstab: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ROW,COL",
            help="Chi-square test of independence of two columns, ROW,COL (repeatable): two categorical columns (--group, --freq or the instrument's), or an item and a grouping column. 'all-demographics' crosses every categorical column with every grouping column, and the grouping columns with each other.",
        ),
    ] = None,
    correlations: Annotated[
        bool,
        typer.Option(
            "--correlations",
            help="Pearson r (with its Fisher-z 95% CI) and Spearman rho between every pair of scale scores, in an APA correlation table with means and SDs.",
        ),
    ] = False,
    item_correlations: Annotated[
        bool,
        typer.Option(
            "--item-correlations",
            help="Pearson r (with its Fisher-z 95% CI) and Spearman rho between the items of each scale (each pair over the respondents who answered both; reverse-keyed items as scored), a correlation matrix per scale.",
        ),
    ] = False,
    freq: Annotated[
        str | None,
        typer.Option(
            help="Extra categorical columns for frequency tables (demographics): gender,qualification."
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="Excel sheet to read (default: the first).")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Output folder for results.json and report.md (default: reports/<file name>/)."),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Reports to write: a list of md, html (self-contained), docx (Word, APA tables), "
            "xlsx (one sheet per table) and csv (one file per table under OUT/tables/).",
        ),
    ] = "md",
    tables: Annotated[
        str | None,
        typer.Option(
            help="Tables to show in every format, or 'all': excluded, invalid-cells, reliability, "
            "items, item-frequencies, item-total, ttest, ttest-details, frequencies, "
            "response-frequencies, and of the group analyses anova, posthoc, rank-tests, item-tests, "
            "crosstabs, correlations, item-correlations (default: excluded, reliability, items, "
            "item-total, ttest, frequencies and every group analysis asked for; see docs/reports.md)."
        ),
    ] = None,
    decimals: Annotated[
        int | None,
        typer.Option(
            help="Decimals of every statistic (p keeps 3, percentages 1). Default 2 (APA); "
            "3 for means and SDs with --style papers."
        ),
    ] = None,
    style: Annotated[
        str,
        typer.Option(
            help="Table style: 'apa' (APA 7) or 'papers' (means and SDs to 3 decimals, t-test with "
            "t-cal, t-crit and a decision, as the field's papers print them)."
        ),
    ] = "apa",
    reliability: Annotated[
        str,
        typer.Option(
            help="Reliability tables: 'compact' (alpha, its CI, N, items) or 'full' (every "
            "coefficient with its intervals, and the full item-total statistics)."
        ),
    ] = "compact",
    paper: Annotated[
        str | None,
        typer.Option(
            help="Word page size: a4 (default) or letter (default with a template: the template's)."
        ),
    ] = None,
    docx_template: Annotated[
        Path | None,
        typer.Option(
            "--docx-template",
            help="A Word file (.docx or .dotx) whose styles (Normal, headings, Caption), font and "
            "page the report uses.",
        ),
    ] = None,
    charts: Annotated[
        bool, typer.Option("--charts", help="Also write every chart as PNG and SVG under OUT/charts/.")
    ] = False,
    engine: Annotated[
        str,
        typer.Option(
            help="How to read the data: 'memory' (whole file), 'stream' (a CSV in blocks, memory bounded by the block; same numbers), 'auto' (stream any CSV the streaming reader takes; below 64 MiB only those without double quotes, which the careful reader checks by row) or 'dask' (FILE may be a glob of CSV or Parquet files; partitions are summarised in parallel and merged)."
        ),
    ] = "auto",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="With --engine dask: the address of a Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: local)."
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also list every excluded row and invalid cell and the missing-data rules.",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only where the results were written.")
    ] = False,
) -> None:
    """Analyse a Likert survey: validation, reliability, item statistics, frequencies, group comparisons.

    Group comparisons: t-tests for two levels of --group, a one-way ANOVA with post hoc tests
    for three or more; --item-tests, --nonparametric, --crosstab and --correlations add more.

    Prints the validation summary and the tables, and writes results.json (full precision,
    schema in docs/manual/reports.md) and report.md to the output folder.
    """
    from mcstats.engines import begin_early_read, rows_needed
    from mcstats.engines.csvread import end_read

    # A CSV the streaming engine will read is parsed on the other core while the
    # statistics modules are imported (about 0.2 s); the engine takes the read.
    begin_early_read(engine, file, rows=rows_needed(reliability_missing, ordinal, bootstrap))
    from mcstats.cli._startup import defer_numpy_submodules

    defer_numpy_submodules()  # before scipy.special (through mcstats.analysis) touches them all
    from mcstats.analysis import AnalysisOptions
    from mcstats.engines import ReadOptions
    from mcstats.instrument import instrument_from_options, load_instrument, with_columns
    from mcstats.pipeline import parse_formats, run_analysis
    from mcstats.report.tables import ReportOptions, parse_tables

    progress: RowProgress | None = None
    try:
        report = ReportOptions(
            tables=parse_tables(tables) if tables is not None else (),
            decimals=decimals,
            style=style,
            reliability=reliability,
        )
        options = AnalysisOptions(
            score=score,
            cutoffs=cutoffs,
            alpha=alpha,
            item_missing=item_missing,
            reliability_missing=reliability_missing,
            ordinal=ordinal,
            bootstrap=bootstrap,
            seed=seed,
            t_decision=t_decision,
            anova=anova,
            posthoc=_posthoc_list(posthoc),
            nonparametric=nonparametric,
            item_tests=item_tests,
            p_adjust=p_adjust,
        )
        if instrument is not None:
            if items or points or reverse or codes or labels:
                raise UsageError(
                    "give either --instrument or --items/--points/--codes/--labels/--reverse, not both"
                )
            inst = load_instrument(instrument)
        else:
            if not items or not (points or codes or labels):
                raise UsageError(
                    "without --instrument, give --items (e.g. Q1-Q10) and --points (4 or 5), "
                    "--codes (0-3) or --labels (agreement-5)"
                )
            inst = instrument_from_options(items, points, reverse=reverse, codes=codes, labels=labels)
        extra = [c.strip() for c in (freq or "").split(",") if c.strip()]
        pairs = _crosstab_pairs(crosstab or [])
        named = [
            c
            for pair in pairs
            if pair != ("all-demographics", "")
            for c in pair
            if c not in inst.item_columns and c != group
        ]
        inst = with_columns(
            inst, groups=[group] if group else [], categorical=list(dict.fromkeys(extra + named))
        )
        if any(p == ("all-demographics", "") for p in pairs):
            from mcstats.group_analyses import demographic_crosstabs

            everyone = list(demographic_crosstabs(inst))
            pairs = [p for p in pairs if p != ("all-demographics", "")] + everyone
        options = replace(
            options,
            crosstabs=tuple(dict.fromkeys(pairs)),
            correlations=correlations,
            item_correlations=item_correlations,
        )
        pair: tuple[str, str] | None = None
        if levels:
            parts = [p.strip() for p in levels.split(",") if p.strip()]
            if len(parts) != 2:
                raise UsageError(f"--levels needs exactly two levels, A,B; got {levels!r}")
            pair = (parts[0], parts[1])
        groups = (group,) if group else None
        progress = None if quiet else RowProgress()
        run = run_analysis(
            file,
            inst,
            out_dir=out,
            options=replace(options, levels=pair),
            read=ReadOptions(
                invalid=invalid,
                groups=groups,
                sheet=sheet,
                labels_from_file=instrument is None,
                engine=engine,
                on_rows=progress.update if progress is not None else None,
                scheduler=scheduler,
            ),
            formats=parse_formats(format),
            charts=charts,
            report=report,
            paper=paper.lower() if paper else None,
            docx_template=docx_template,
        )
    except McStatsError as exc:
        raise fail(exc) from None
    finally:
        end_read()  # a read begun early that no engine took (an error came first)
        if progress is not None:
            progress.close()
    from mcstats.report.terminal import plain_output, print_analysis, print_line

    print_analysis(run.document, quiet=quiet, verbose=verbose, options=report, arguments=flags_in)
    from mcstats.safety import terminal_console

    main_files = [p.name for p in run.written if p.parent == run.results_path.parent]
    n_tables = sum(1 for p in run.written if p.parent.name == "tables" and p.name != "index.csv")
    n_charts = len(run.written) - len(main_files) - n_tables - (1 if n_tables else 0)
    print_line(
        f"Wrote {', '.join(main_files)}"
        + (f", {n_tables} CSV tables (tables/)" if n_tables else "")
        + (f" and {n_charts} chart files (charts/)" if n_charts else "")
        + f" to {run.results_path.parent}",
        None if quiet and plain_output() else terminal_console(),
    )


def _crosstab_pairs(specs: list[str]) -> list[tuple[str, str]]:
    """``["a,b", "all-demographics"]`` -> [("a", "b"), ("all-demographics", "")]."""
    out: list[tuple[str, str]] = []
    for spec in specs:
        if spec.strip().lower() == "all-demographics":
            out.append(("all-demographics", ""))
            continue
        parts = [p.strip() for p in spec.split(",") if p.strip()]
        if len(parts) != 2:
            raise UsageError(f"--crosstab needs two columns, ROW,COL (or all-demographics); got {spec!r}")
        out.append((parts[0], parts[1]))
    return out


def _posthoc_list(spec: str) -> tuple[str, ...]:
    """``"tukey,scheffe"`` -> ("tukey", "scheffe"); ``"none"`` -> ()."""
    names = tuple(dict.fromkeys(p.strip().lower() for p in spec.split(",") if p.strip()))
    return () if names == ("none",) else names


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to the ``mcstats`` application."""
    app.command(name="analyze", epilog=ANALYZE_EPILOG)(analyze)
