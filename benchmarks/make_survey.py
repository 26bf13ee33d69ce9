"""Seeded generator of benchmark surveys: N respondents x 30 five-point items.

Three scales of ten items (A1-A10, B1-B10, C1-C10; a latent factor per scale plus noise,
cut into five categories), a two-level grouping column ``group``, a four-level column
``region`` of words (North, South, East, West; drawn from its own generator, so the other
columns are those of earlier versions of this script) and 2% of item cells missing at
random. The seed is recorded in the file name's companion ``.json``.

    python benchmarks/make_survey.py --n 100000 --seed 1 --out benchmarks/data/survey_100k.csv
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

CUTS = np.array([-1.3, -0.4, 0.4, 1.3])
SCALES = ("A", "B", "C")
ITEMS_PER_SCALE = 10
MISSING_RATE = 0.02
CHUNK = 200_000
REGIONS = np.array(["North", "South", "East", "West"])


def write_survey(n: int, seed: int, out: Path) -> None:
    """Write the survey in chunks so that 5M rows do not need 5M rows of memory."""
    rng = np.random.default_rng(seed)
    rng_region = np.random.default_rng([seed, 4])
    out.parent.mkdir(parents=True, exist_ok=True)
    cols = [f"{s}{j}" for s in SCALES for j in range(1, ITEMS_PER_SCALE + 1)]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("id,group," + ",".join(cols) + ",region\n")
        done = 0
        while done < n:
            m = min(CHUNK, n - done)
            group = rng.random(m) < 0.45
            blocks = []
            for s in range(len(SCALES)):
                latent = rng.normal(size=(m, 1)) + (0.2 * group[:, None] if s == 0 else 0.0)
                y = 0.9 * latent + rng.normal(size=(m, ITEMS_PER_SCALE))
                blocks.append(1 + np.searchsorted(CUTS, y))
            codes = np.concatenate(blocks, axis=1).astype(str).astype(object)
            codes[rng.random(codes.shape) < MISSING_RATE] = ""
            ids = np.arange(done + 1, done + m + 1).astype(str)
            g = np.where(group, "F", "M")
            region = REGIONS[rng_region.integers(0, len(REGIONS), size=m)]
            lines = [
                f"{i},{gg}," + ",".join(row) + f",{r}"
                for i, gg, row, r in zip(ids, g, codes.tolist(), region, strict=True)
            ]
            fh.write("\n".join(lines) + "\n")
            done += m
    meta = {"n": n, "seed": seed, "items": len(cols), "missing_rate": MISSING_RATE, "generator": __file__}
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    write_survey(args.n, args.seed, args.out)


if __name__ == "__main__":
    main()
