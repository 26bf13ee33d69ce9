"""Render a results.json document with the jinja2 templates in ``templates/``."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mcstats.printed import format_number
from mcstats.safety import escape_controls

if TYPE_CHECKING:
    from markupsafe import Markup

    from mcstats.report.charts import Chart
    from mcstats.report.tables import ReportOptions, Table, Text


#: A number as a table prints it (one rule for every report: :func:`mcstats.printed.format_number`).
fmt = format_number


def fmt_p(p: Any) -> str:
    """p to three decimals, "< .001" below that (APA style)."""
    if p is None or (isinstance(p, float) and not math.isfinite(p)):
        return "—"
    if p < 0.001:
        return "< .001"
    return fmt(p, 3, leading_zero=False)


def fmt_p_is(p: Any) -> str:
    """p with its relation, as APA writes it after "*p*": "= .042", "< .001".

    >>> fmt_p_is(0.0421), fmt_p_is(1e-9)
    ('= .042', '< .001')
    """
    s = fmt_p(p)
    return s if s.startswith("<") else f"= {s}"


def md_text(value: Any) -> str:
    """Text from data or instruments made safe for a Markdown table cell.

    HTML special characters are escaped (a Markdown viewer renders raw HTML), square
    brackets are escaped so that no text becomes a link or an image, backslashes and pipes
    are escaped and newlines folded so that a cell cannot break the table.

    >>> print(md_text('<script>x</script> | [a](javascript:b)'))
    &lt;script&gt;x&lt;/script&gt; \\| \\[a\\](javascript:b)
    """
    if value is None:
        return ""
    text = html.escape(str(value).replace("\\", "\\\\"), quote=False)
    for ch in "|[]":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r", " ").replace("\n", " ")


def _environment(*, html: bool = False) -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from mcstats.report.charts import safe_name

    env = Environment(
        loader=PackageLoader("mcstats", "report/templates"),
        # HTML escapes every value from data or instruments; Markdown escapes explicitly
        # through the md filter (autoescape would put HTML entities into plain text).
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["f"] = fmt
    env.filters["p"] = fmt_p
    env.filters["md"] = md_text
    env.filters["safe_name"] = safe_name
    env.filters["text"] = text_html
    from mcstats.report.reliability_table import n_range, reliability_rows

    env.globals["reliability_rows"] = reliability_rows
    env.globals["n_range"] = n_range
    from mcstats.verdicts import GLOSSES

    env.globals["glosses"] = GLOSSES  # the verdicts' short meanings, shared by audit and replicate
    return env


def md_run_text(value: Any) -> str:
    """:func:`md_text` that also escapes the emphasis characters ``*`` and ``_``."""
    return md_text(value).replace("*", "\\*").replace("_", "\\_")


def text_md(text: Text) -> str:
    """Runs of a :class:`~mcstats.report.tables.Text` in Markdown (italic runs in ``*``)."""
    out = []
    for run in text.runs:
        t = md_run_text(run.text)
        out.append(f"*{t}*" if run.italic and t.strip() else t)
    return "".join(out)


def text_html(text: Text) -> Markup:
    """Runs of a :class:`~mcstats.report.tables.Text` as escaped HTML (italic runs in ``<i>``)."""
    from markupsafe import Markup, escape

    return Markup("".join(f"<i>{escape(r.text)}</i>" if r.italic else str(escape(r.text)) for r in text.runs))


def table_md(table: Table) -> str:
    """One table in Markdown: number in bold, title in italics, the table, then the note."""
    heads = []
    for c in table.columns:
        h = text_md(c.header)
        heads.append(f"{text_md(c.group)} {h}" if c.group else h)
    # The title is italic as a whole (APA), so its runs are not italicised again.
    lines = [f"**{table.label}**", "", f"*{md_run_text(table.title.plain)}*", ""]
    lines.append("| " + " | ".join(heads) + " |")
    lines.append("|" + "|".join("---:" if c.align == "right" else "---" for c in table.columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(md_run_text(cell.text) for cell in row.cells) + " |")
    if table.notes:
        lines += ["", "*Note.* " + " ".join(text_md(n) for n in table.notes)]
    return "\n".join(lines) + "\n"


def render_markdown(
    doc: dict[str, Any], options: ReportOptions | None = None, charts: Sequence[Chart] = ()
) -> str:
    """The Markdown report of a results.json document.

    Tables come from :func:`mcstats.report.tables.build_report`; figures are linked to
    ``charts/<name>.png`` when ``charts`` (written beside the report) are given.
    """
    from mcstats.report.tables import Figure, Heading, Paragraph, Table, build_report

    # Control characters from labels are shown escaped (a report opened in a terminal runs no ESC).
    report = build_report(escape_controls(doc), _with_figures(options, bool(charts)))
    have = {c.name for c in charts}
    parts = [f"# {md_run_text(report.title)}\n"]
    for block in report.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {md_run_text(block.text)}\n")
        elif isinstance(block, Paragraph):
            body = text_md(block.text)
            if block.kind == "bullet":
                parts.append(f"- {body}")
                if parts[-2].startswith("- "):
                    parts[-2] = parts[-2].rstrip("\n")
                parts[-1] += "\n"
            elif block.kind == "meta":
                parts.append(f"*{body}*\n")
            else:
                parts.append(f"{body}\n")
        elif isinstance(block, Table):
            parts.append(table_md(block))
        elif isinstance(block, Figure) and block.chart in have:
            parts.append(
                f"**{block.label}**\n\n*{md_run_text(block.title)}*\n\n"
                f"![{md_run_text(block.title)}](charts/{block.chart}.png)\n"
            )
    text = "\n".join(parts)
    return text.replace("\n\n\n", "\n\n").rstrip("\n") + "\n"


def _with_figures(options: ReportOptions | None, figures: bool) -> ReportOptions:
    from dataclasses import replace

    from mcstats.report.tables import ReportOptions

    opts = options or ReportOptions()
    return replace(opts, figures=opts.figures and figures)


def render_html(
    doc: dict[str, Any], charts: Sequence[Chart] = (), options: ReportOptions | None = None
) -> str:
    """A self-contained HTML report (inline CSS and images, no scripts, no network)."""
    from mcstats.report.tables import build_report

    # Control characters from labels are shown escaped (a report opened in a terminal runs no ESC).
    report = build_report(escape_controls(doc), _with_figures(options, bool(charts)))
    blocks = [(type(b).__name__.lower(), b) for b in report.blocks]
    template = _environment(html=True).get_template("analysis.html.j2")
    return str(
        template.render(
            r=doc,
            report=report,
            blocks=blocks,
            charts={c.name: c for c in charts},
            version=doc.get("mcstats_version", ""),
        )
    )
