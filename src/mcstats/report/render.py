"""Render a results.json document with the jinja2 templates in ``templates/``."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mcstats.stats.cutoffs import round_half_up

if TYPE_CHECKING:
    from mcstats.report.charts import Chart


def fmt(value: Any, decimals: int = 2, *, leading_zero: bool = True) -> str:
    """A number rounded half-up for a table; an em dash for an undefined value."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    text = f"{round_half_up(float(value), decimals):.{decimals}f}"
    if text.startswith("-0.") and float(text) == 0:
        text = text[1:]
    if not leading_zero:
        text = text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
    return text


def fmt_p(p: Any) -> str:
    """p to three decimals, "< .001" below that (APA style)."""
    if p is None or (isinstance(p, float) and not math.isfinite(p)):
        return "—"
    if p < 0.001:
        return "< .001"
    return fmt(p, 3, leading_zero=False)


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
    from mcstats.report.reliability_table import n_range, reliability_rows

    env.globals["reliability_rows"] = reliability_rows
    env.globals["n_range"] = n_range
    return env


def render_markdown(doc: dict[str, Any]) -> str:
    """The Markdown report of a results.json document."""
    return str(_environment().get_template("analysis.md.j2").render(r=doc))


def render_html(doc: dict[str, Any], charts: Sequence[Chart] = ()) -> str:
    """A self-contained HTML report (inline CSS and images, no scripts, no network)."""
    template = _environment(html=True).get_template("analysis.html.j2")
    return str(template.render(r=doc, charts=list(charts), version=doc.get("mcstats_version", "")))
