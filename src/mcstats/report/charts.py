"""Charts of an analysis, drawn with matplotlib (Agg backend) from results.json alone.

Every chart is readable in grey-scale and by colour-blind readers: the diverging palette
is ColorBrewer's RdBu (safe for the common colour-vision deficiencies), its lightness runs
symmetrically from the neutral middle, disagreement sits left of zero and agreement right
of it, and the extreme categories are also hatched. Nothing here computes a statistic:
means, intervals and counts come from the results document.
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from typing import Any

#: ColorBrewer RdBu, indexed by number of categories (light middle, dark ends).
_RDBU = {
    2: ["#ef8a62", "#67a9cf"],
    3: ["#ef8a62", "#f7f7f7", "#67a9cf"],
    4: ["#ca0020", "#f4a582", "#92c5de", "#0571b0"],
    5: ["#ca0020", "#f4a582", "#f7f7f7", "#92c5de", "#0571b0"],
    6: ["#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#67a9cf", "#2166ac"],
    7: ["#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"],
}


@dataclass(frozen=True)
class Chart:
    """One figure: a file-safe name, a caption, and the PNG and SVG renderings."""

    name: str
    title: str
    png: bytes
    svg: str

    @property
    def png_data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.hashsalt": "mcstats",  # stable SVG ids, so the same results give the same file
            # Labels come from data and instruments: "$5 to $10" is drawn as written, never
            # parsed as mathtext (which raises on unbalanced or unknown $...$ commands).
            "text.parse_math": False,
        }
    )
    return plt


def chart_name(kind: str, *parts: Any) -> str:
    """The file name of a chart: ``kind_part1_part2``, unambiguous whatever the parts hold.

    When a part contains ``_`` the joined name could also come from other parts (scale
    ``a`` with group ``b_c`` and scale ``a_b`` with group ``c``), so a short hash of the
    parts is added; other names stay as they read.

    >>> chart_name("groups", "attitude", "gender")
    'groups_attitude_gender'
    >>> chart_name("groups", "a", "b_c") != chart_name("groups", "a_b", "c")
    True
    """
    import hashlib
    import json

    base = "_".join([kind, *map(str, parts)])
    if any("_" in str(p) for p in parts):
        digest = hashlib.sha256(json.dumps([kind, *map(str, parts)]).encode("utf-8")).hexdigest()[:8]
        base = f"{base}-{digest}"
    return safe_name(base)


def safe_name(name: str) -> str:
    """A chart file name built from data (column names) that cannot leave its folder and
    cannot collide with another item's chart (see :func:`mcstats.safety.safe_filename`).

    >>> safe_name("likert_Q1"), safe_name("../etc/passwd") != safe_name("..-etc-passwd")
    ('likert_Q1', True)
    """
    from mcstats.safety import safe_filename

    return safe_filename(name, fallback="chart")


def _finish(plt: Any, fig: Any, name: str, title: str) -> Chart:
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    svg = io.StringIO()
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return Chart(name=safe_name(name), title=title, png=png.getvalue(), svg=svg.getvalue())


def _palette(k: int) -> list[str]:
    if k in _RDBU:
        return _RDBU[k]
    import matplotlib

    cmap = matplotlib.colormaps["RdBu"]
    return [matplotlib.colors.to_hex(cmap(0.1 + 0.8 * i / (k - 1))) for i in range(k)]


def _wrap(text: str, width: int = 38, lines: int = 3) -> str:
    """``text`` over at most ``lines`` lines, broken only between words: a label that
    needs more lines at ``width`` characters gets wider lines, never a cut.

    >>> _wrap("Stakeholders support the change", 14)
    'Stakeholders\\nsupport the\\nchange'
    >>> "\\n" in _wrap("Supercalifragilistic", 5)  # one long word stays whole
    False
    """
    while True:
        wrapped = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        if len(wrapped) <= lines:
            return "\n".join(wrapped) or text
        width += 4


def item_label(stat: dict[str, Any], column: str) -> str:
    """An item's chart label: its short label (``short:`` in the instrument), else its
    wording, else its column name; "(R)" marks a reverse-keyed item (drawn as answered)."""
    label = str(stat.get("short") or stat.get("text") or column)
    return label + (" (R)" if stat.get("reverse") else "")


def likert_bars(doc: dict[str, Any], scale_id: str) -> Chart:
    """Diverging stacked bars of the answers to each item (as R's ``likert`` draws them).

    Bars are valid percents of the answers as given; the middle category of an odd scale
    is split across zero.
    """
    plt = _pyplot()
    scale = doc["scales"][scale_id]
    points = int(doc["instrument"]["scale_points"])
    lowest = int(doc["instrument"].get("min_code", 1))
    labels = doc["instrument"]["responses"]
    colours = _palette(points)
    items = scale["items"]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(items) + 1.2))
    for row, item in enumerate(reversed(items)):
        rows = {int(r["value"]): r["valid_percent"] or 0.0 for r in doc["frequencies"][item]["rows"]}
        shares = [rows.get(c, 0.0) for c in range(lowest, lowest + points)]
        mid = points / 2
        left = -sum(shares[: int(mid)]) - (shares[int(mid)] / 2 if points % 2 else 0.0)
        for code, share in enumerate(shares, start=1):
            hatch = "///" if code == 1 else ("\\\\\\" if code == points else None)
            ax.barh(
                row,
                share,
                left=left,
                color=colours[code - 1],
                edgecolor="#404040",
                linewidth=0.4,
                hatch=hatch,
                label=labels.get(str(code + lowest - 1), str(code + lowest - 1)) if row == 0 else None,
            )
            left += share
    labels_y = [_wrap(item_label(scale["item_statistics"][c], c)) for c in reversed(items)]
    ax.set_yticks(range(len(items)), labels_y)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("Percent of answers (disagreement or low extent left, agreement or high extent right)")
    lim = max(50.0, ax.get_xlim()[1], -ax.get_xlim()[0])
    ax.set_xlim(-lim, lim)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):.0f}%")
    ax.legend(ncol=min(points, 5), loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, fontsize=8)
    # No title inside the picture: reports put the numbered title above it (APA).
    return _finish(plt, fig, f"likert_{scale_id}", figure_title(doc, "likert", scale_id))


def item_means(doc: dict[str, Any], scale_id: str) -> Chart:
    """Item means with 95% confidence intervals and the cut-off lines of the scheme used."""
    plt = _pyplot()
    scale = doc["scales"][scale_id]
    points = int(doc["instrument"]["scale_points"])
    items = scale["items"]
    stats = scale["item_statistics"]
    fig, ax = plt.subplots(figsize=(8, 0.4 * len(items) + 1.2))
    for row, item in enumerate(reversed(items)):
        s = stats[item]
        if s["mean"] is None:
            continue
        lo, hi = s.get("mean_ci95") or (None, None)
        if lo is not None and hi is not None:
            ax.plot([lo, hi], [row, row], color="black", linewidth=1.2)
        ax.plot(s["mean"], row, marker="o", color="black", markersize=5)
    bands = sorted(doc["cutoffs"]["bands"], key=lambda b: b["lower"])
    for b in bands[1:]:
        ax.axvline(b["lower"], color="#555555", linestyle="--", linewidth=0.8)
    for b in bands:
        ax.text(
            (b["lower"] + b["upper"]) / 2,
            len(items) - 0.4,
            _wrap(b["label"], 14),
            ha="center",
            va="bottom",
            fontsize=7,
            color="#333333",
        )
    gm = scale["grand_mean"]["mean_of_item_means"]
    if gm is not None:
        ax.axvline(gm, color="#0571b0", linewidth=1.2, linestyle=":")
    lowest = int(doc["instrument"].get("min_code", 1))
    ax.set_xlim(lowest, lowest + points - 1)
    ax.set_ylim(-0.7, len(items) + 0.2)
    ax.set_yticks(range(len(items)), [_wrap(item_label(stats[c], c)) for c in reversed(items)])
    ax.set_xlabel("Mean with 95% CI; dashed: cut-off limits; dotted: grand mean (mean of item means)")
    return _finish(plt, fig, f"means_{scale_id}", figure_title(doc, "means", scale_id))


def group_comparison(doc: dict[str, Any], index: int) -> Chart:
    """Group means of a scale score with 95% confidence intervals (one t-test)."""
    plt = _pyplot()
    t = doc["ttests"][index]
    fig, ax = plt.subplots(figsize=(3.6, 2.1))
    markers = ["o", "s"]
    for i, g in enumerate(t["groups"]):
        lo, hi = g.get("ci95") or (None, None)
        if lo is not None and hi is not None:
            ax.plot([i, i], [lo, hi], color="black", linewidth=1.2)
        ax.plot(i, g["mean"], marker=markers[i], color="black", markersize=6)
    ax.set_xticks([0, 1], [f"{g['level']}\n(n = {g['n']})" for g in t["groups"]])
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylabel(f"{t['score'].capitalize()} score (mean, 95% CI)")
    return _finish(plt, fig, chart_name("groups", t["scale"], t["group"]), figure_title(doc, "groups", index))


def category_bars(doc: dict[str, Any], column: str) -> Chart:
    """Bar chart of a grouping or demographic column (percent of valid answers)."""
    plt = _pyplot()
    fr = doc["frequencies"][column]
    rows = fr["rows"]
    fig, ax = plt.subplots(figsize=(5, 0.3 * len(rows) + 0.9))
    names = [_wrap(str(r["label"] or r["value"]), 30) for r in rows]
    shares = [r["valid_percent"] or 0.0 for r in rows]
    ax.barh(range(len(rows))[::-1], shares, color="#92c5de", edgecolor="#404040", linewidth=0.5)
    for y, (share, r) in enumerate(zip(shares, rows, strict=True)):
        ax.text(share + 0.5, len(rows) - 1 - y, f"{r['frequency']} ({share:.1f}%)", va="center", fontsize=8)
    ax.set_yticks(range(len(rows))[::-1], names)
    ax.set_xlabel("Valid percent")
    ax.set_xlim(0, max([*shares, 1.0]) * 1.25)
    return _finish(plt, fig, f"categories_{column}", figure_title(doc, "categories", column))


def figure_title(doc: dict[str, Any], kind: str, key: Any) -> str:
    """The title of a chart as reports number it (kind: likert, means, groups, categories;
    key: the scale id, the t-test's index or the column)."""
    if kind in ("likert", "means"):
        title = doc["scales"][key]["title"]
        if kind == "likert":
            return f"Answers to the Items of {title}"
        return f"Item Means and 95% Confidence Intervals for {title}"
    if kind == "groups":
        t = doc["ttests"][key]
        scale = doc["scales"].get(t["scale"], {}).get("title") or t["scale"]
        group = doc["frequencies"].get(t["group"], {}).get("title") or t["group"]
        return f"Mean {t['score'].capitalize()} Score of {scale} by {group}"
    fr = doc["frequencies"][key]
    return f"{fr.get('title') or key} of the Respondents"


def analysis_charts(doc: dict[str, Any]) -> list[Chart]:
    """Every chart of an analysis: per scale the answer distribution and the item means,
    per t-test the group comparison, per grouping or demographic column its bars.

    Control characters in labels are shown escaped (SVG is XML), as in every report."""
    from mcstats.safety import escape_controls

    doc = escape_controls(doc)
    charts: list[Chart] = []
    for sid, scale in doc["scales"].items():
        if scale.get("total_of"):  # its items are charted with their subscales
            continue
        charts.append(likert_bars(doc, sid))
        charts.append(item_means(doc, sid))
    for i in range(len(doc["ttests"])):
        charts.append(group_comparison(doc, i))
    item_cols = {c for s in doc["scales"].values() for c in s["items"]}
    for col in doc["frequencies"]:
        if col not in item_cols:
            charts.append(category_bars(doc, col))
    return charts
