"""Render an audit.json document: Markdown and self-contained HTML (jinja2), and a terminal table.

The templates are ``templates/audit.md.j2`` and ``templates/audit.html.j2``; each includes
its section template (``audit_section.*.j2``), which :func:`render_audit_section` renders on
its own for other reports (``mcstats replicate``). HTML is autoescaped, styles are inline and
nothing is loaded from the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcstats.report.render import _environment

if TYPE_CHECKING:  # pragma: no cover
    from mcstats.replication.published import PublishedStudy


def _env(html: bool) -> Any:
    env = _environment()
    return env.overlay(autoescape=True) if html else env


#: How the audit of a paper marks the draft's guesses among its assumptions.
GUESS_PREFIX = "Read from the paper (guess): "


def _guesses(doc: dict[str, Any]) -> list[str]:
    """The guesses of a paper's draft (listed first, in a section of their own)."""
    return [x[len(GUESS_PREFIX) :] for x in doc.get("assumptions", []) if x.startswith(GUESS_PREFIX)]


def render_audit_markdown(doc: dict[str, Any]) -> str:
    """The Markdown audit report of an audit.json document."""
    return str(_env(False).get_template("audit.md.j2").render(a=doc, level=2, guesses=_guesses(doc)))


def render_audit_html(doc: dict[str, Any]) -> str:
    """The self-contained HTML audit report of an audit.json document."""
    return str(_env(True).get_template("audit.html.j2").render(a=doc, level=2, guesses=_guesses(doc)))


def render_audit_section(doc: dict[str, Any], *, fmt: str = "markdown", heading_level: int = 2) -> str:
    """The audit as a section of another report: ``fmt`` is ``"markdown"`` or ``"html"``.

    Examples
    --------
    >>> doc = {"counts": {"total": 0, "impossible": 0, "inconsistent": 0, "note": 0},
    ...        "findings": [], "checks_run": {}, "not_checked": [], "not_reported": [],
    ...        "assumptions": []}
    >>> render_audit_section(doc, heading_level=3).splitlines()[0]
    '### Audit of the reported statistics'
    """
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html', not {fmt!r}")
    if not 1 <= heading_level <= 5:
        raise ValueError(f"heading_level must be 1 to 5, not {heading_level}")
    name = "audit_section.md.j2" if fmt == "markdown" else "audit_section.html.j2"
    return str(_env(fmt == "html").get_template(name).render(a=doc, level=heading_level))


def print_audit(doc: dict[str, Any], *, quiet: bool = False, console: Any = None) -> None:
    """Print the findings as a rich table, then each finding's explanation."""
    from rich.table import Table
    from rich.text import Text

    from mcstats.safety import terminal_console

    con = console or terminal_console()
    c = doc["counts"]
    con.print(
        f"{doc['input']['path']}: {c['total']} finding(s): {c['impossible']} impossible, "
        f"{c['inconsistent']} inconsistent, {c['note']} note(s)",
        markup=False,
    )
    if quiet or not doc["findings"]:
        return
    styles = {"impossible": "bold red", "inconsistent": "yellow", "note": "cyan"}
    table = Table(title="Audit findings", title_justify="left", show_lines=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Check", no_wrap=True)
    table.add_column("Location", ratio=3, overflow="fold")
    table.add_column("Reported", ratio=2, overflow="fold")
    table.add_column("Expected", ratio=2, overflow="fold")
    for i, f in enumerate(doc["findings"], start=1):
        cells = (str(i), f["severity"], f["check"], f["location"], f["reported"], f["expected"])
        table.add_row(*(Text(str(x)) for x in cells), style=styles.get(f["severity"], ""))
    con.print(table)
    for i, f in enumerate(doc["findings"], start=1):
        con.print(f"{i}. {f['message']}", markup=False)
    if doc.get("not_checked"):
        con.print(f"Not checkable: {len(doc['not_checked'])} item(s), listed in the report.", markup=False)


@dataclass(frozen=True)
class AuditSection:
    """An audit ready to be included in another report (``mcstats replicate``).

    Attributes
    ----------
    document : dict[str, Any]
        The audit.json document.
    findings : list[dict[str, Any]]
        ``document["findings"]``: dicts with check, severity, location, reported, expected,
        message and reference.
    markdown, html : str
        The audit as a section (heading, summary, findings table, explanations) for a
        Markdown or an HTML report; the HTML is a fragment without ``<html>``, escaped.
    """

    document: dict[str, Any]
    findings: list[dict[str, Any]]
    markdown: str
    html: str


def audit_section(
    study: PublishedStudy | str | Path, *, heading_level: int = 2, created: str | None = None
) -> AuditSection:
    """Audit a paper and render the result as a section of another report.

    Parameters
    ----------
    study : PublishedStudy | str | Path
        A loaded study, or the path of a published-values YAML.
    heading_level : int
        Markdown/HTML heading level of the section's title (2 gives ``##`` and ``<h2>``).
    created : str | None
        Timestamp to record (default: now).

    Examples
    --------
    >>> sec = audit_section("data/published/rivers_state.yaml", heading_level=3)
    >>> sec.markdown.splitlines()[0]
    '### Audit of the reported statistics'
    >>> sum(f["check"] == "sd_bounds" for f in sec.findings)
    2
    """
    from mcstats.audit.run import audit_document, audit_study
    from mcstats.replication.published import PublishedStudy, load_published

    loaded = study if isinstance(study, PublishedStudy) else load_published(study)
    doc = audit_document(audit_study(loaded), created=created)
    return AuditSection(
        document=doc,
        findings=doc["findings"],
        markdown=render_audit_section(doc, fmt="markdown", heading_level=heading_level),
        html=render_audit_section(doc, fmt="html", heading_level=heading_level),
    )
