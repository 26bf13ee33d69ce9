"""Figures of the replication reports, drawn with matplotlib's Agg backend (no display needed).

Each function returns a :class:`mcstats.report.charts.Chart` (PNG and SVG), drawn in the
house style of :mod:`mcstats.report.charts`, so a report can embed it inline (base64) or write it
to a file. The numbers come in as arguments; the only arithmetic here is a pie wedge's percent.
"""

from __future__ import annotations

from collections.abc import Sequence

from mcstats.report.charts import Chart, _finish, _pyplot

__all__ = ["item_means_chart", "pie_chart"]

#: Colours that the papers' figure descriptions name, in matplotlib's spelling.
NAMED_COLOURS = {"blue": "#1f77b4", "orange": "#ff7f0e"}


def item_means_chart(
    labels: Sequence[str],
    published: Sequence[float | None],
    recomputed: Sequence[float | None],
    *,
    scale: tuple[int, int],
    cutoffs: Sequence[tuple[float, str]] = (),
    grand_mean: float | None = None,
    title: str = "",
    name: str = "item_means",
) -> Chart:
    """Item means, published beside recomputed, with the cut-off lines of the remarks.

    Parameters
    ----------
    labels : Sequence[str]
        Short item labels (e.g. ``"1"``, ``"2"``), top to bottom.
    published, recomputed : Sequence[float | None]
        The means as printed and as recomputed (None where there is none).
    scale : tuple[int, int]
        Lowest and highest code: the x axis.
    cutoffs : Sequence[tuple[float, str]]
        ``(lower limit, label)`` of each remark band; a vertical line is drawn at each limit
        above the scale's minimum.
    grand_mean : float | None
        The published grand mean, drawn as a dashed line.
    title : str
        The chart title.
    name : str
        File-safe name of the chart.

    Returns
    -------
    Chart
        PNG and SVG renderings (:class:`mcstats.report.charts.Chart`).
    """
    plt = _pyplot()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * n + 1.6))
    ys = list(range(n))[::-1]
    lo, hi = scale
    for limit, _band in cutoffs:
        if lo < limit <= hi:
            ax.axvline(limit, color="#999999", lw=0.8, ls=":")
    for (limit, band), nxt in zip(cutoffs, [*[c[0] for c in cutoffs[1:]], hi], strict=False):
        mid = (max(limit, lo) + min(nxt, hi)) / 2
        ax.text(mid, n - 0.35, band, ha="center", va="bottom", fontsize=7, color="#555555")
    pub = [(y, v) for y, v in zip(ys, published, strict=True) if v is not None]
    rec = [(y, v) for y, v in zip(ys, recomputed, strict=True) if v is not None]
    if pub:
        ax.scatter(
            [v for _, v in pub],
            [y for y, _ in pub],
            marker="o",
            s=46,
            facecolors="none",
            edgecolors="#1f77b4",
            linewidths=1.5,
            label="published",
            zorder=3,
        )
    if rec:
        ax.scatter(
            [v for _, v in rec],
            [y for y, _ in rec],
            marker="x",
            s=40,
            color="#d62728",
            label="recomputed (reconstructed data)",
            zorder=4,
        )
    if grand_mean is not None:
        ax.axvline(grand_mean, color="#1f77b4", lw=1.0, ls="--", label=f"published grand mean {grand_mean:g}")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlim(lo - 0.05, hi + 0.05)
    ax.set_ylim(-0.7, n + 0.2)
    ax.set_xlabel(f"Mean ({lo} to {hi})")
    ax.set_ylabel("Item")
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    return _finish(plt, fig, name, title)


def pie_chart(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    colours: Sequence[str | None] = (),
    title: str = "",
    name: str = "pie",
) -> Chart:
    """A pie chart of counts, each wedge labelled with its count and percent.

    Parameters
    ----------
    labels : Sequence[str]
        Category labels.
    counts : Sequence[int]
        Their frequencies.
    colours : Sequence[str | None]
        Colour names as a paper describes them (``"blue"``); None or missing for the default.
    title : str
        The chart title.
    name : str
        File-safe name of the chart.

    Returns
    -------
    Chart
        PNG and SVG renderings.
    """
    plt = _pyplot()
    total = sum(counts)
    fig, ax = plt.subplots(figsize=(4.6, 4.0))
    palette = [NAMED_COLOURS.get((c or "").lower(), c) for c in colours] if colours else None
    if palette is not None and any(c is None for c in palette):
        palette = None
    ax.pie(
        counts,
        labels=[f"{lab}\n{c} ({100.0 * c / total:.1f}%)" for lab, c in zip(labels, counts, strict=True)],
        colors=palette,
        startangle=90,
        counterclock=False,
        wedgeprops={"edgecolor": "white"},
        textprops={"fontsize": 9},
    )
    ax.set_aspect("equal")
    if title:
        ax.set_title(title, fontsize=10)
    return _finish(plt, fig, name, title)
