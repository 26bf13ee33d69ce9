"""Replication of a published study, number by number, on its reconstructed data.

:func:`replicate` runs the analyze pipeline (validation, item statistics, reliability,
frequencies, t-tests) on the synthetic data that :mod:`mcstats.replication.reconstruct` made from a
paper's published values, recomputes the tests the paper prints from its own group
summaries, and compares every printed number with its recomputation at the printed
precision: ``2.94`` printed stands for any value in ``[2.935, 2.945)``.

Each printed number gets one row with a status, a word of the vocabulary the audit uses too
(:mod:`mcstats.verdicts`):

``reproduced``
    The recomputed value prints as the published one.
``impossible``
    No data consistent with the paper can give it (GRIM, the SD bounds, the parity of the
    sum of squares); the reason gives the proof.
``inconsistent``
    It can be recomputed, and it prints differently (a t that does not follow from the group
    summaries, a percent that does not follow from its count).
``note``
    It is the recomputed value truncated instead of rounded (a grand mean, a percent).
``not checkable``
    Nothing in the paper or the data can recompute it (a population size, a test the paper
    prints no summaries for); the reason says why.

The outputs are ``comparison.json``, ``results.json`` (the ordinary analysis of the
reconstructed data), ``report.md`` and ``report.html`` (the paper's tables with the
recomputed values beside the printed ones), ``analysis.md`` and ``figures/*.png``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcstats._version import __version__
from mcstats.errors import UsageError
from mcstats.replication.catalogue import ReplicableStudy, find_root, list_studies, resolve_study
from mcstats.replication.compare import (
    FORMAT,
    MARKS,
    STATUSES,
    ComparisonContext,
    ComparisonRow,
    column_header,
    compare,
    judge,
    summary_ttests,
)
from mcstats.replication.published import (
    PublishedStudy,
    load_published,
)
from mcstats.results import _clean
from mcstats.verdicts import count as count_verdicts

__all__ = [
    "FORMAT",
    "MARKS",
    "STATUSES",
    "ComparisonRow",
    "ReplicableStudy",
    "ReplicationRun",
    "find_root",
    "judge",
    "list_studies",
    "replicate",
    "resolve_study",
]


def _paper_tables(study: PublishedStudy, rows: list[ComparisonRow]) -> list[dict[str, Any]]:
    """The paper's tables with each printed cell beside its recomputation, for the templates."""
    index: dict[tuple[str, int, str], ComparisonRow] = {
        (r.table_id, r.row_index, r.statistic): r for r in rows
    }
    out = []
    for table in study.tables:
        if table.kind == "figure":
            continue
        keys: list[str] = list(table.columns)
        for r in table.rows:
            for k in (*r.values, *r.remarks):
                if k not in keys:
                    keys.append(k)
        if not keys:
            continue
        columns = [{"key": k, "header": column_header(table, k)} for k in keys]
        # a table of facts from the running text, one statistic per row, reads better long
        long = not table.columns and len(keys) > 3
        body = []
        notes = []
        for i, r in enumerate(table.rows):
            cells: list[dict[str, Any] | None] = []
            for k in keys:
                c = index.get((table.id, i, k))
                if c is None:
                    cells.append(None)
                    continue
                mark = MARKS[c.status]
                note_no = None
                if c.status != "reproduced" or (c.reason and c.statistic in ("t", "alpha")):
                    notes.append({"row": r.label, "column": c.column, "status": c.status, "reason": c.reason})
                    note_no = len(notes)
                cells.append(
                    {
                        "header": c.column,
                        "published": c.published,
                        "recomputed": c.recomputed_text if c.recomputed_text is not None else "—",
                        "status": c.status,
                        "mark": mark,
                        "note": note_no,
                    }
                )
            body.append({"label": r.label, "cells": cells})
        out.append(
            {
                "id": table.id,
                "source": table.source,
                "title": table.title,
                "kind": table.kind,
                "note": table.note,
                "columns": columns,
                "layout": "long" if long else "wide",
                "rows": body,
                "notes": notes,
            }
        )
    return out


def _figures(ctx: ComparisonContext, rows: list[ComparisonRow]) -> list[dict[str, Any]]:
    from mcstats.report.figures import item_means_chart, pie_chart

    figs: list[dict[str, Any]] = []
    doc = ctx.doc
    bands = sorted(doc["cutoffs"]["bands"], key=lambda b: b["lower"])
    cutoffs = [(b["lower"], b["label"]) for b in bands]
    scale = (ctx.instrument.min_code, ctx.instrument.max_code)
    for table in ctx.study.tables:
        if table.kind == "item-descriptives":
            items = [r for r in table.rows if r.item and "mean" in r.values]
            if not items:
                continue
            stats = {
                it: body["item_statistics"][it]
                for body in doc["scales"].values()
                for it in body["item_statistics"]
            }
            labels = [r.label.split(".")[0] if r.label[:1].isdigit() else r.item for r in items]
            pub = [r.values["mean"].value for r in items]
            rec = [stats.get(r.item, {}).get("mean") for r in items]
            grand = next(
                (r.values["mean"].value for r in table.rows if r.role == "grand-mean" and "mean" in r.values),
                None,
            )
            chart = item_means_chart(
                labels,
                pub,
                rec,
                scale=scale,
                cutoffs=cutoffs,
                grand_mean=grand,
                title=f"{table.source}: item means, published and recomputed",
                name=f"{table.id}_item_means",
            )
            figs.append(
                {
                    "name": f"{table.id}_item_means",
                    "title": f"{table.source}: item means with the cut-off lines",
                    "caption": (
                        f"Open circles: the means printed in {table.source}; crosses: the means of the "
                        f"reconstructed data. Dotted lines: the lower limits of the remark bands "
                        f"({doc['cutoffs']['description']}). Dashed: the printed grand mean."
                    ),
                    "chart": chart,
                }
            )
        elif table.kind == "figure" and table.variable:
            freq = next(
                (t for t in ctx.study.tables if t.kind == "frequency" and t.variable == table.variable),
                None,
            )
            levels = [r for r in (freq.rows if freq else ()) if r.role == "level" and "frequency" in r.values]
            if not levels:
                figs.append(
                    {
                        "name": f"{table.id}",
                        "title": f"{table.source}",
                        "caption": (
                            f"{table.source} prints no numbers and no table gives its counts; "
                            "it cannot be redrawn."
                        ),
                        "chart": None,
                    }
                )
                continue
            colours = {r.level or r.label: r.remarks.get("colour") for r in table.rows}
            labels = [r.level or r.label for r in levels]
            counts = [int(r.values["frequency"].value) for r in levels]
            chart = pie_chart(
                labels,
                counts,
                colours=[colours.get(lab) for lab in labels],
                title=f"{table.source} redrawn from the counts of {freq.source if freq else ''}",
                name=table.id,
            )
            figs.append(
                {
                    "name": f"{table.id}",
                    "title": f"{table.source}, redrawn",
                    "caption": (
                        f"{table.source} itself prints no numbers (its text names only the colours); "
                        f"it is redrawn from the counts printed in {freq.source if freq else ''} "
                        f"({', '.join(f'{lab} {c}' for lab, c in zip(labels, counts, strict=True))}), "
                        "with the colours the text gives. The reconstructed data have the same counts."
                    ),
                    "chart": chart,
                }
            )
    return figs


def _unpublished(ctx: ComparisonContext) -> list[dict[str, Any]]:
    """Analyses run on the reconstructed data that have no published numbers to compare with."""
    out: list[dict[str, Any]] = []
    printed_tests = {t.variable: t for t in ctx.study.tables if t.kind == "t-test"}
    for t in ctx.doc["ttests"]:
        paper = printed_tests.get(t["group"])
        if paper is not None and not any(r.values for r in paper.rows):
            note = (
                f"The paper reports this comparison ({paper.source}) only in words "
                f"({'; '.join(w for r in paper.rows for w in r.remarks.values())}); it prints no "
                "numbers, so there is nothing published to compare with. The reconstructed data "
                f"place the scores independently of {t['group']}, so this test says nothing about "
                "the paper's claim."
            )
        elif paper is not None:
            note = (
                f"Not the test of {paper.source}: that table's score is not built from these items "
                "(see its row above). The reconstructed data place the item responses independently "
                f"of {t['group']}, so this test has no published counterpart and says nothing about "
                "the paper's claim."
            )
        else:
            note = (
                f"No t-test by {t['group']} is printed in the paper; the reconstructed data place "
                f"the scores independently of {t['group']}. Nothing published to compare with."
            )
        out.append({"kind": "t-test", "test": t, "note": note})
    for sid, body in ctx.doc["scales"].items():
        if body["reliability"] is not None:
            out.append(
                {
                    "kind": "reliability",
                    "scale": sid,
                    "title": body["title"],
                    "reliability": body["reliability"],
                    "note": "The paper prints no alpha for this scale; nothing published to compare with.",
                }
            )
    return out


def _shown(path: Path) -> str:
    """A path as shown in the outputs: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _audit_section(audit: Mapping[str, Any] | Sequence[Any] | None) -> dict[str, Any] | None:
    """Normalise the audit hook's input (see :func:`replicate`)."""
    if audit is None:
        return None
    if isinstance(audit, Mapping):
        findings = audit.get("findings", [])
        section = {k: v for k, v in audit.items() if k != "findings"}
    else:
        findings, section = list(audit), {}
    section["findings"] = [_clean(f) for f in findings]
    section.setdefault("title", "Audit of the published numbers")
    section.setdefault("summary", "")
    return section


@dataclass(frozen=True)
class ReplicationRun:
    """What :func:`replicate` wrote and computed."""

    study: ReplicableStudy
    out_dir: Path
    comparison: dict[str, Any]
    results: dict[str, Any]
    paths: dict[str, Path]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.comparison["counts"])


def replicate(
    which: str | ReplicableStudy,
    out_dir: str | Path,
    *,
    root: str | Path | None = None,
    audit: Mapping[str, Any] | Sequence[Any] | None = None,
    created: str | None = None,
    formats: Sequence[str] = ("md", "html"),
) -> ReplicationRun:
    """Replicate a paper on its reconstructed data and write the side-by-side report.

    Parameters
    ----------
    which : str | ReplicableStudy
        The study's name (``"rivers-state"``, ``"mardan"``), its id, its published-values
        file, or an entry of :func:`list_studies`.
    out_dir : str | Path
        Folder for ``comparison.json``, ``results.json``, ``report.md``, ``report.html``,
        ``analysis.md`` and ``figures/``.
    root : str | Path | None
        The checkout holding ``data/`` (default: found from the working folder).
    audit : Mapping[str, Any] | Sequence[Any] | None
        **Hook for the audit (issue 5).** The audit of the same published values, to be shown
        as a section of the report: a mapping with ``findings`` (a list of
        :class:`mcstats.audit.Finding` or dicts with its fields ``check``, ``severity``,
        ``location``, ``reported``, ``expected``, ``message``, ``reference``) and optional
        ``title`` and ``summary``; or just the list of findings. None (the default) leaves
        the section out. It is also written to comparison.json under ``audit``.
    created : str | None
        Timestamp for results.json (default: now).
    formats : Sequence[str]
        Reports to write: ``md`` (report.md, analysis.md), ``html`` (report.html) and
        ``docx`` (report.docx with the side-by-side tables, analysis.docx with the APA tables
        of the reconstructed data).

    Returns
    -------
    ReplicationRun

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     run = replicate("rivers-state", d)
    ...     sorted(run.paths)
    ['analysis', 'comparison', 'html', 'markdown', 'results']
    """
    from mcstats.analysis import AnalysisOptions, analyze
    from mcstats.instrument import load_instrument
    from mcstats.io import load_survey
    from mcstats.replication.reconstruct import NOTICE, load_manifest
    from mcstats.report.render import render_markdown
    from mcstats.report.replication import render_replication_html, render_replication_markdown
    from mcstats.results import dumps, results_dict, write_atomic, write_atomic_bytes
    from mcstats.safety import check_not_inputs, output_set, safe_filename
    from mcstats.validate import code_responses

    entry = which if isinstance(which, ReplicableStudy) else resolve_study(which, root)
    if not entry.available:
        raise UsageError(
            f"no reconstructed data for {entry.name} ({entry.data} and its .json); reconstruct "
            f"{entry.published} first (seed=1)"
        )
    study = load_published(entry.published)
    manifest = load_manifest(entry.manifest)
    instrument = load_instrument(entry.manifest.parent / manifest["instrument"])
    raw = load_survey(entry.data)
    survey = code_responses(raw, instrument)
    score = "mean" if manifest.get("item_counts") else "sum"
    options = AnalysisOptions(score=score)
    result = analyze(survey, options)
    doc = results_dict(result, created=created)
    ctx = ComparisonContext(study=study, manifest=manifest, survey=survey, result=result, doc=doc, raw=raw)
    ctx.variables = {v["name"]: v for v in manifest["variables"]}
    tests = summary_ttests(ctx)
    rows = compare(ctx, tests)
    counts = count_verdicts(r.status for r in rows)
    data_bytes = entry.data.read_bytes()
    comparison: dict[str, Any] = {
        "format": FORMAT,
        "notice": NOTICE,
        "study": manifest["study"],
        "published": _shown(entry.published),
        "data": _shown(entry.data),
        "data_sha256": hashlib.sha256(data_bytes).hexdigest(),
        "seed": manifest["seed"],
        "reconstructed_with": manifest["mcstats_version"],
        "mcstats_version": __version__,
        "statuses": STATUSES,
        "counts": counts,
        "rows": [_clean(r) for r in rows],
        "tests_from_summaries": _clean(tests),
        "not_reported": list(study.not_reported),
        "study_notes": list(study.notes),
    }
    section = _audit_section(audit)
    if section is not None:
        comparison["audit"] = section
    out = Path(out_dir)
    figs = _figures(ctx, rows)
    pngs: list[tuple[str, bytes]] = []  # (file name under figures/, bytes)
    for f in figs:
        chart = f.pop("chart")
        f["file"] = f["data_uri"] = None
        if chart is not None:
            name = safe_filename(chart.name) + ".png"  # table ids come from a file
            pngs.append((name, chart.png))
            f["file"] = f"figures/{name}"
            f["data_uri"] = chart.png_data_uri
    report_doc = {
        "comparison": comparison,
        "tables": _paper_tables(study, rows),
        "figures": figs,
        "reconstruction": manifest,
        "unpublished": _clean(_unpublished(ctx)),
        "audit": section,
        "marks": MARKS,
        "results": doc,
    }
    paths = {
        "comparison": out / "comparison.json",
        "results": out / "results.json",
        "markdown": out / "report.md",
        "html": out / "report.html",
        "analysis": out / "analysis.md",
    }
    # Rendered first, then written as one set: into a temporary folder inside out and moved
    # into place together, under a lock against a concurrent run (issue 19, item 5).
    files: dict[str, str | bytes] = {"comparison.json": dumps(comparison), "results.json": dumps(doc)}
    if "md" in formats:
        files["report.md"] = render_replication_markdown(report_doc)
        files["analysis.md"] = render_markdown(doc)
    else:
        del paths["markdown"], paths["analysis"]
    if "html" in formats:
        files["report.html"] = render_replication_html(report_doc)
    else:
        del paths["html"]
    if "docx" in formats:
        from mcstats.report.docx import render_comparison_docx, render_docx

        paths["docx"] = out / "report.docx"
        paths["analysis_docx"] = out / "analysis.docx"
        files["report.docx"] = render_comparison_docx(comparison)
        files["analysis.docx"] = render_docx(doc)
    files.update({f"figures/{name}": png for name, png in pngs})
    check_not_inputs([out / name for name in files], [entry.data, entry.manifest, entry.published])
    with output_set(out) as stage:
        for name, content in files.items():
            target = stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                write_atomic(target, content)
            else:
                write_atomic_bytes(target, content)
    return ReplicationRun(study=entry, out_dir=out, comparison=comparison, results=doc, paths=paths)
