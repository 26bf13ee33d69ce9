"""Parse GNU PSPP CSV output (``pspp -o out.csv -O format=csv file.sps``) into a dict.

The dict uses the same names as the R reference JSON (see README.md), at PSPP's printed
precision (PSPP prints most statistics with 2 decimals, significance with 3):

    {"reliability": {scale: {"n", "n_items", "alpha",
                             "items": {item: {"scale_mean_if_deleted", "scale_variance_if_deleted",
                                              "corrected_item_total_r", "alpha_if_deleted"}}}},
     "item_statistics": {item: {"n", "mean", "sd", "min", "max"}},
     "frequencies": {column: {"rows": [{"value", "frequency", "percent", "valid_percent",
                                        "cumulative_percent"}], "missing", "total"}},
     "ttests": [{"variable", "scale", "score", "group", "levels",
                 "groups": [{"level", "n", "mean", "sd", "se"}],
                 "levene": {"F", "p"},
                 "student": {"t", "df", "p", "mean_difference", "se_difference", "ci95"},
                 "welch":   {same}}],
     "messages": [other text lines PSPP printed, e.g. warnings]}

How PSPP 1.6 lays out its CSV output (what this parser relies on):
- each output item is a block of lines separated by a blank line;
- a table block starts with the line ``Table: <title>``; a text item is a bare line, e.g.
  ``Scale: A`` printed by RELIABILITY /SCALE('A') just before that scale's tables;
- row labels are in the first column(s); a group label (``Valid``, ``Missing``, a
  variable name in the t-test tables) is printed on the first row of its group only and
  the following rows of the group have an empty first cell;
- numbers drop the leading zero (``.73``, ``-.01``), percentages end in ``%``, the
  system-missing value is printed as ``.``, and an undefined statistic as ``NaN`` (e.g.
  alpha if item deleted for a two-item scale); both become None here;
- errors and warnings are printed as text lines (``file.sps:5: error: ...``); they end
  up in ``messages``;
- FREQUENCIES tables are titled with the variable name (or its label, if it has one);
- the DESCRIPTIVES table ends with ``Valid N (listwise)`` and ``Missing N (listwise)``
  rows, which this parser skips (PSPP 1.6 prints the total case count as "Valid N
  (listwise)", not the listwise-complete count).

The t-test score variables are expected to be named ``<scale>_sum`` / ``<scale>_mean``
(as written by pspp_runner.py); ``scale`` and ``score`` are derived from that name.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

__all__ = ["parse_number", "parse_pspp_csv", "parse_value"]

_NUM = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def parse_number(cell: str):
    """'.73' -> 0.73, '14.4%' -> 14.4, '.', '', 'NaN' -> None, '1,234.5' -> 1234.5."""
    s = cell.strip()
    if s.endswith("%"):
        s = s[:-1].strip()
    if s in ("", ".") or s.lower() in ("nan", "-nan", "inf", "-inf", "+inf", "infinity",
                                          "-infinity", "+infinity"):
        return None
    if "," in s and _NUM.match(s.replace(",", "")):
        s = s.replace(",", "")
    if not _NUM.match(s):
        raise ValueError(f"not a PSPP number: {cell!r}")
    f = float(s)
    if re.match(r"^[-+]?\d+$", s):
        return int(s)
    return f


def parse_value(cell: str):
    """A data value as printed in a row label: number if it looks like one, else text."""
    s = cell.strip()
    if s == ".":
        return None
    if _NUM.match(s):
        return parse_number(s)
    return s


def _blocks(text: str):
    rows = list(csv.reader(io.StringIO(text)))
    block: list[list[str]] = []
    for row in rows:
        if not row or all(c == "" for c in row):
            if block:
                yield block
                block = []
            continue
        # a new "Table:" line always starts a new block (PSPP separates them anyway)
        if block and len(row) == 1 and row[0].startswith("Table: "):
            yield block
            block = []
        block.append(row)
    if block:
        yield block


def _cells(row, n):
    return list(row) + [""] * (n - len(row))


def _split_score_name(var: str):
    base, sep, kind = var.rpartition("_")
    if sep and kind.lower() in ("sum", "mean"):
        return base, kind.lower()
    return var, None


def parse_pspp_csv(source, *, group: str | None = None, name_map: dict | None = None) -> dict:
    """Parse PSPP CSV output.

    source: path to the CSV file or the CSV text itself.
    group: name of the T-TEST grouping variable, copied into each t-test entry.
    name_map: PSPP variable name -> original column name (for renamed columns).
    """
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                    and Path(source).exists()):
        text = Path(source).read_text(encoding="utf-8")
    else:
        text = source
    nm = name_map or {}

    def orig(v):
        return nm.get(v, v)

    out = {"reliability": {}, "item_statistics": {}, "frequencies": {}, "ttests": [],
           "messages": []}
    scale = None
    pending_n = None
    group_stats: dict[str, list] = {}

    for block in _blocks(text):
        head = block[0][0] if len(block[0]) == 1 else None
        if head is None or not head.startswith("Table: "):
            for row in block:
                line = ",".join(row)
                m = re.match(r"^Scale: (.*)$", line)
                if m:
                    scale = m.group(1).strip()
                    pending_n = None
                else:
                    out["messages"].append(line)
            continue

        title = head[len("Table: "):].strip()
        body = block[1:]

        if title == "Case Processing Summary":
            for row in body:
                if row and row[0] == "Valid":
                    pending_n = parse_number(row[1])
        elif title == "Reliability Statistics":
            hdr, vals = body[0], body[1]
            d = dict(zip(hdr, vals, strict=False))
            rel = out["reliability"].setdefault(scale, {"items": {}})
            rel["n"] = pending_n
            rel["n_items"] = parse_number(d["N of Items"])
            rel["alpha"] = parse_number(d["Cronbach's Alpha"])
            if "Cronbach's Alpha Based on Standardized Items" in d:
                rel["alpha_standardized"] = parse_number(
                    d["Cronbach's Alpha Based on Standardized Items"])
        elif title == "Item-Total Statistics":
            rel = out["reliability"].setdefault(scale, {"items": {}})
            hdr = body[0]
            idx = {h: i for i, h in enumerate(hdr)}
            for row in body[1:]:
                row = _cells(row, len(hdr))
                rel["items"][orig(row[0])] = {
                    "scale_mean_if_deleted": parse_number(row[idx["Scale Mean if Item Deleted"]]),
                    "scale_variance_if_deleted": parse_number(
                        row[idx["Scale Variance if Item Deleted"]]),
                    "corrected_item_total_r": parse_number(
                        row[idx["Corrected Item-Total Correlation"]]),
                    "alpha_if_deleted": parse_number(row[idx["Cronbach's Alpha if Item Deleted"]]),
                }
        elif title == "Descriptive Statistics":
            hdr = body[0]
            idx = {h: i for i, h in enumerate(hdr)}
            for row in body[1:]:
                if row[0].endswith("(listwise)"):
                    continue
                row = _cells(row, len(hdr))
                out["item_statistics"][orig(row[0])] = {
                    "n": parse_number(row[idx["N"]]),
                    "mean": parse_number(row[idx["Mean"]]),
                    "sd": parse_number(row[idx["Std Dev"]]),
                    "min": parse_number(row[idx["Minimum"]]),
                    "max": parse_number(row[idx["Maximum"]]),
                }
        elif body and body[0][2:6] == ["Frequency", "Percent", "Valid Percent",
                                       "Cumulative Percent"]:
            rows, missing, total, section = [], 0, None, None
            for row in body[1:]:
                row = _cells(row, 6)
                if row[0]:
                    section = row[0]
                if section == "Valid":
                    rows.append({
                        "value": parse_value(row[1]),
                        "frequency": parse_number(row[2]),
                        "percent": parse_number(row[3]),
                        "valid_percent": parse_number(row[4]),
                        "cumulative_percent": parse_number(row[5]),
                    })
                elif section == "Missing":
                    missing += parse_number(row[2])
                elif section == "Total":
                    total = parse_number(row[2])
            out["frequencies"][orig(title)] = {"rows": rows, "missing": missing, "total": total}
        elif title == "Group Statistics":
            var = None
            for row in body[1:]:
                row = _cells(row, 6)
                if row[0]:
                    var = row[0]
                group_stats.setdefault(var, []).append({
                    "level": parse_value(row[1]),
                    "n": parse_number(row[2]),
                    "mean": parse_number(row[3]),
                    "sd": parse_number(row[4]),
                    "se": parse_number(row[5]),
                })
        elif title == "Independent Samples Test":
            var = None
            entries: dict[str, dict] = {}
            order = []
            for row in body:
                row = _cells(row, 11)
                if row[1] not in ("Equal variances assumed", "Equal variances not assumed"):
                    continue  # header rows
                if row[0]:
                    var = row[0]
                    order.append(var)
                e = entries.setdefault(var, {})
                block_ = {
                    "t": parse_number(row[4]),
                    "df": parse_number(row[5]),
                    "p": parse_number(row[6]),
                    "mean_difference": parse_number(row[7]),
                    "se_difference": parse_number(row[8]),
                    "ci95": [parse_number(row[9]), parse_number(row[10])],
                }
                if row[1] == "Equal variances assumed":
                    e["levene"] = {"F": parse_number(row[2]), "p": parse_number(row[3])}
                    e["student"] = block_
                else:
                    e["welch"] = block_
            for var in order:
                sc, kind = _split_score_name(var)
                gs = group_stats.get(var, [])
                out["ttests"].append({
                    "variable": var,
                    "scale": sc,
                    "score": kind,
                    "group": group,
                    "levels": [g["level"] for g in gs],
                    "groups": gs,
                    **entries[var],
                })
        else:
            out["messages"].append(f"Table: {title}")
    return out


if __name__ == "__main__":  # pragma: no cover - manual inspection helper
    import json
    import sys

    print(json.dumps(parse_pspp_csv(Path(sys.argv[1])), indent=2))
