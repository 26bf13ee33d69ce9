"""Render replication reports (Markdown, HTML) and the README of reconstructed data.

Templates live in ``templates/``: ``replication.md.j2``, ``replication.html.j2`` (extends
``_base.html.j2``: autoescaped, self-contained, inline CSS, figures as ``data:`` URIs, no
network) and ``reconstruction_readme.md.j2``. Both report templates have a
``{% block audit %}``, filled from the document's ``audit`` key (see
:func:`mcstats.replication.replicate.replicate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mcstats._version import __version__
from mcstats.report.render import _environment


def render_replication_markdown(doc: dict[str, Any]) -> str:
    """The Markdown replication report of a document built by
    :func:`mcstats.replication.replicate.replicate`."""
    return str(_environment().get_template("replication.md.j2").render(r=doc))


def render_replication_html(doc: dict[str, Any]) -> str:
    """The self-contained HTML replication report (autoescaped; figures inline)."""
    template = _environment(html=True).get_template("replication.html.j2")
    return str(template.render(r=doc, version=__version__))


def render_reconstruction_readme(
    manifests: Sequence[dict[str, Any]], *, notice: str, commands: Sequence[str] = ()
) -> str:
    """README.md of a folder of reconstructed data sets, from their manifests.

    ``commands`` are the command lines that regenerate the files, one per manifest.
    """
    return str(
        _environment()
        .get_template("reconstruction_readme.md.j2")
        .render(manifests=list(manifests), notice=notice, commands=list(commands))
    )
