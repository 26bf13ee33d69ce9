"""MkDocs hook: Sphinx roles in the docstrings (``:func:`x```, ``:mod:`~a.b```, ``:math:`...```)
become cross-references and code in the API reference, instead of showing the role's name.

mkdocstrings renders a role's target as inline code after the role's text; this turns
``:func:<code>mcstats.analyze</code>`` into an optional autorefs link (a link where the target
is documented on the site, plain code where it is not) and drops the ``:math:`` prefix (the
formula stays as code, readable as LaTeX; the site loads no script from elsewhere).
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:func|mod|class|meth|attr|data|exc|obj):<code>(~?)([^<]+)</code>")
_MATH = re.compile(r":math:<code>")


def _reference(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2).strip()
    identifier = target.lstrip(".").removesuffix("()")
    title = identifier.rsplit(".", 1)[-1] if short else target
    return f'<autoref identifier="{identifier}" optional><code>{title}</code></autoref>'


def on_page_content(html: str, **kwargs: Any) -> str:
    """Rewrite the roles of one rendered page (autorefs resolves the links afterwards)."""
    return _MATH.sub('<code class="math">', _ROLE.sub(_reference, html))
