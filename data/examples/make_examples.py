"""Make the bundled example surveys (synthetic data; seed recorded here).

    python data/examples/make_examples.py

writes example_4point.csv (4-point extent scale, codes and some text labels, gender,
a few missing cells and one empty row) beside this file. The data are invented to exercise
the analysis; they are not any study's responses.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SEED = 20250101
HERE = Path(__file__).resolve().parent
LABELS = {4: "Very High Extent", 3: "High Extent", 2: "Low Extent", 1: "Very Low Extent"}


def likert(latent: np.ndarray, loading: float, rng: np.random.Generator, cuts: list[float]) -> np.ndarray:
    y = loading * latent + rng.normal(0, 1, latent.size)
    return 1 + np.searchsorted(np.array(cuts), y)


def main() -> None:
    rng = np.random.default_rng(SEED)
    n = 120
    gender = np.where(rng.random(n) < 0.6, "M", "F")
    shift = np.where(gender == "M", 0.35, 0.0)
    f1 = rng.normal(0, 1, n) + shift
    f2 = rng.normal(0, 1, n)
    cuts = [-1.4, -0.3, 0.7]
    rows = []
    for i in range(n):
        rows.append({"respondent": f"R{i + 1:03d}", "gender": gender[i]})
    cols = {}
    for j in range(1, 6):
        cols[f"Q{j}"] = likert(f1, 0.9, rng, cuts)
    for j in range(6, 11):
        cols[f"Q{j}"] = likert(f2, 0.8, rng, cuts)
    cols["Q10"] = 5 - cols["Q10"]  # reverse-keyed item: stored as answered
    for i, row in enumerate(rows):
        for c, v in cols.items():
            row[c] = str(int(v[i]))
    # Some respondents answered with text labels, in odd case, as exports often mix them.
    for i in rng.choice(n, 15, replace=False):
        c = f"Q{rng.integers(1, 11)}"
        label = LABELS[int(rows[i][c])]
        rows[i][c] = label.upper() if i % 2 else f" {label.lower()} "
    # A few missing cells, and one respondent who answered nothing.
    for i in rng.choice(n, 8, replace=False):
        rows[i][f"Q{rng.integers(1, 11)}"] = ""
    for c in cols:
        rows[n - 1][c] = ""
    with open(HERE / "example_4point.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["respondent", "gender", *cols], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
