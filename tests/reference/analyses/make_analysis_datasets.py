"""Generate the synthetic datasets of the group-comparison reference fixtures.

Run from anywhere:  python3 tests/reference/analyses/make_analysis_datasets.py

Writes ``datasets/an1_small_groups.csv`` and ``datasets/an2_no_ties.csv`` from one seeded
numpy Generator (SEED below); ``analyses.R`` writes ``datasets/bfi_subset.csv`` from
``psych::bfi``. The other datasets of ``manifest.json`` are those of ``../datasets``.

* an1_small_groups: 5-point, 22 respondents, scale S = S1..S4 (S3 reverse-keyed), group
  ``site`` with four levels of 2, 5, 9 and 6 respondents (a group of size two), many ties,
  about 6% empty item cells, an empty site cell, and two text columns ``member``
  (yes / no) and ``sex`` (f / m) whose 2x2 table has expected counts below 5 (Fisher).
* an2_no_ties: 7-point, 14 respondents, scale E = E1..E6, group ``arm`` (a 6, b 8) whose
  sum scores are all distinct (no ties: R's wilcox.test gives its exact p), and a second
  scale F = F1..F3, also untied, for an exact-free Spearman check.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

SEED = 20261201
HERE = Path(__file__).resolve().parent
OUT = HERE / "datasets"


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def an1(rng: np.random.Generator) -> None:
    sizes = {1: 2, 2: 5, 3: 9, 4: 6}
    shift = {1: 0.8, 2: -0.4, 3: 0.0, 4: 0.5}
    site = np.concatenate([np.repeat(k, v) for k, v in sizes.items()])
    rng.shuffle(site)
    n = site.size
    latent = rng.standard_normal(n) + np.array([shift[s] for s in site])
    cuts = np.array([-1.2, -0.4, 0.4, 1.2])
    items = []
    for j in range(4):
        z = 0.7 * latent + 0.7 * rng.standard_normal(n)
        x = 1 + (z[:, None] > cuts[None, :]).sum(axis=1)
        if j == 2:
            x = 6 - x  # written reverse-keyed
        items.append(x.astype(object))
    x = np.array(items).T
    blank = rng.random(x.shape) < 0.06
    x[blank] = None
    member = np.where(rng.random(n) < 0.4, "yes", "no")
    sex = np.where(rng.random(n) < 0.5 + 0.3 * (member == "yes"), "f", "m")
    site_col: list[object] = [int(s) for s in site]
    site_col[7] = None  # one respondent without a site
    rows = [
        [f"R{i + 1:03d}", site_col[i], member[i], sex[i], *x[i].tolist()] for i in range(n)
    ]
    header = ["respondent", "site", "member", "sex", "S1", "S2", "S3", "S4"]
    write_csv(OUT / "an1_small_groups.csv", header, rows)


def an2(rng: np.random.Generator) -> None:
    arm = np.array(["a"] * 6 + ["b"] * 8, dtype=object)
    rng.shuffle(arm)
    n = arm.size
    while True:  # redraw until both scales' sum scores are all distinct
        latent = rng.standard_normal(n) + np.where(arm == "a", 0.7, 0.0)
        e = np.clip(np.rint(4 + 1.3 * latent[:, None] + rng.normal(0, 1.0, (n, 6))), 1, 7).astype(int)
        f = np.clip(np.rint(4 + 0.9 * latent[:, None] + rng.normal(0, 1.5, (n, 3))), 1, 7).astype(int)
        if len(set(e.sum(1))) == n and len(set(f.sum(1))) == n:
            break
    rows = [[f"R{i + 1:03d}", arm[i], *e[i].tolist(), *f[i].tolist()] for i in range(n)]
    header = ["respondent", "arm", *[f"E{j}" for j in range(1, 7)], *[f"F{j}" for j in range(1, 4)]]
    write_csv(OUT / "an2_no_ties.csv", header, rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    an1(rng)
    an2(rng)
    print("wrote", OUT / "an1_small_groups.csv", OUT / "an2_no_ties.csv")


if __name__ == "__main__":
    main()
