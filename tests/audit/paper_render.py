"""Render a Markdown paper (paragraphs, pipe or tab-separated tables) as HTML or Word, for
reader tests.

The HTML and DOCX renderings put each pipe or tab-separated table in a real table and each
other non-blank line in a paragraph, as a journal's HTML page or a Word manuscript would.
"""

from __future__ import annotations

import html
from pathlib import Path


def blocks(markdown: str) -> list[tuple[str, object]]:
    """("p", text) and ("table", rows) in order; separator rows dropped."""
    out: list[tuple[str, object]] = []
    rows: list[list[str]] = []
    for line in [*markdown.splitlines(), ""]:
        s = line.strip()
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                rows.append(cells)
            continue
        if "\t" in line.strip("\n"):
            rows.append([c.strip() for c in line.rstrip("\n").split("\t")])
            continue
        if rows:
            out.append(("table", rows))
            rows = []
        if s:
            out.append(("p", s))
    return out


def to_html(markdown: str) -> str:
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>paper</title>",
        "<style>td,th{padding:2px 8px}</style></head><body>",
    ]
    for kind, content in blocks(markdown):
        if kind == "p":
            parts.append(f"<p>{html.escape(str(content))}</p>")
        else:
            rows = content
            assert isinstance(rows, list)
            parts.append("<table>")
            for i, row in enumerate(rows):
                tag = "th" if i == 0 else "td"
                parts.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def to_docx(markdown: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, content in blocks(markdown):
        if kind == "p":
            document.add_paragraph(str(content))
        else:
            rows = content
            assert isinstance(rows, list)
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    document.save(str(path))
