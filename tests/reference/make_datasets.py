"""Generate the synthetic Likert datasets used as reference fixtures.

Run from anywhere:  python3 tests/reference/make_datasets.py

Writes CSV files into tests/reference/datasets/ and a manifest.json describing them.
Everything is drawn from one seeded numpy Generator (SEED below), and the datasets are
generated in a fixed order, so re-running reproduces the files byte for byte.

Items are made from a latent factor plus noise, then cut into categories, so scales
have realistic reliability (alpha roughly 0.6-0.9). Groups shift the latent mean a
little so that t-tests have something to find.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

SEED = 20240517

HERE = Path(__file__).resolve().parent
OUT = HERE / "datasets"

LABELS_4 = {4: "Very High Extent", 3: "High Extent", 2: "Low Extent", 1: "Very Low Extent"}

# thresholds on the standard-normal latent scale (before item offsets)
THRESHOLDS = {
    4: np.array([-1.3, -0.35, 0.65]),
    5: np.array([-1.5, -0.6, 0.25, 1.1]),
}


def likert(rng, latent, points, n_items, loading=(0.55, 0.8), offset_sd=0.3):
    """Return an (n, n_items) int array of codes 1..points driven by `latent`."""
    n = latent.shape[0]
    lo, hi = loading
    lam = rng.uniform(lo, hi, size=n_items)
    off = rng.normal(0.0, offset_sd, size=n_items)
    noise = rng.standard_normal((n, n_items))
    z = latent[:, None] * lam + noise * np.sqrt(1.0 - lam**2) + off
    return 1 + (z[:, :, None] > THRESHOLDS[points][None, None, :]).sum(axis=2)


def group_latent(rng, groups, shifts):
    """Standard-normal latent with a per-group mean shift."""
    base = rng.standard_normal(len(groups))
    return base + np.array([shifts.get(g, 0.0) for g in groups])


def balanced(rng, levels_counts):
    vals = np.concatenate([np.repeat(np.array([lv], dtype=object), c) for lv, c in levels_counts])
    rng.shuffle(vals)
    return vals


def blank_cells(rng, arr, rate):
    """Object array copy of `arr` with about `rate` of cells blanked (None)."""
    out = arr.astype(object)
    mask = rng.random(arr.shape) < rate
    out[mask] = None
    return out


def write_csv(path, columns):
    """columns: list of (name, sequence). None and '' become empty cells."""
    names = [c for c, _ in columns]
    n = len(columns[0][1])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(names)
        for i in range(n):
            row = []
            for _, col in columns:
                v = col[i]
                if v is None or (isinstance(v, (float, np.floating)) and np.isnan(v)):
                    row.append("")
                else:
                    row.append(str(v))
            w.writerow(row)


def ids(n):
    return [f"R{i + 1:03d}" for i in range(n)]


def items_cols(prefix, k):
    return [f"{prefix}{j + 1}" for j in range(k)]


def main():
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {"seed": SEED, "generator": "tests/reference/make_datasets.py", "datasets": {}}

    # ---------------- ds1: 4-point, complete, two scales, gender M/F (70/50)
    n = 120
    gender = balanced(rng, [("M", 70), ("F", 50)])
    lat_a = group_latent(rng, gender, {"M": 0.25, "F": -0.1})
    lat_b = 0.4 * lat_a + np.sqrt(1 - 0.16) * rng.standard_normal(n)
    A = likert(rng, lat_a, 4, 5)
    B = likert(rng, lat_b, 4, 5)
    cols = [("respondent", ids(n)), ("gender", list(gender))]
    cols += [(c, A[:, j]) for j, c in enumerate(items_cols("A", 5))]
    cols += [(c, B[:, j]) for j, c in enumerate(items_cols("B", 5))]
    write_csv(OUT / "ds1_4pt_complete.csv", cols)
    manifest["datasets"]["ds1_4pt_complete"] = {
        "file": "ds1_4pt_complete.csv",
        "scale_points": 4,
        "id_column": "respondent",
        "scales": {"A": items_cols("A", 5), "B": items_cols("B", 5)},
        "reverse": [],
        "labels": None,
        "group": {"column": "gender", "levels": ["M", "F"]},
        "categorical": [],
        "description": "4-point, n=120, two scales, no missing values.",
    }

    # ---------------- ds2: 5-point, ~5% missing cells, badge yes/no (90/60), a few missing groups
    n = 150
    badge = balanced(rng, [("yes", 90), ("no", 60)])
    lat = group_latent(rng, badge, {"yes": 0.3, "no": -0.15})
    Q = likert(rng, lat, 5, 8, loading=(0.5, 0.75))
    Qm = blank_cells(rng, Q, 0.05)
    badge_m = badge.copy()
    for i in rng.choice(n, size=5, replace=False):
        badge_m[i] = None
    cols = [("respondent", ids(n))]
    cols += [(c, Qm[:, j]) for j, c in enumerate(items_cols("Q", 8))]
    cols += [("badge", list(badge_m))]
    write_csv(OUT / "ds2_5pt_missing.csv", cols)
    manifest["datasets"]["ds2_5pt_missing"] = {
        "file": "ds2_5pt_missing.csv",
        "scale_points": 5,
        "id_column": "respondent",
        "scales": {"S": items_cols("Q", 8)},
        "reverse": [],
        "labels": None,
        "group": {"column": "badge", "levels": ["yes", "no"]},
        "categorical": [],
        "description": "5-point, n=150, about 5% of item cells empty, 5 rows with empty group.",
    }

    # ---------------- ds3: 5-point, reverse-keyed R2 and R5, some missing, gender coded 1/2
    n = 90
    gender = balanced(rng, [(1, 48), (2, 42)])
    lat = group_latent(rng, gender, {1: -0.2, 2: 0.3})
    R = likert(rng, lat, 5, 6, loading=(0.55, 0.8))
    R[:, 1] = 6 - R[:, 1]  # stored as answered: reverse-keyed items run the other way
    R[:, 4] = 6 - R[:, 4]
    Rm = blank_cells(rng, R, 0.03)
    gender_m = gender.copy()
    gender_m[rng.choice(n, size=2, replace=False)] = None
    cols = [("respondent", ids(n)), ("gender", list(gender_m))]
    cols += [(c, Rm[:, j]) for j, c in enumerate(items_cols("R", 6))]
    write_csv(OUT / "ds3_reverse.csv", cols)
    manifest["datasets"]["ds3_reverse"] = {
        "file": "ds3_reverse.csv",
        "scale_points": 5,
        "id_column": "respondent",
        "scales": {"R": items_cols("R", 6)},
        "reverse": ["R2", "R5"],
        "labels": None,
        "group": {"column": "gender", "levels": [1, 2]},
        "categorical": [],
        "description": "5-point, n=90, R2 and R5 reverse-keyed (recode 6 - x), ~3% missing, "
        "gender coded 1/2 with 2 empty.",
    }

    # ---------------- ds4: 4-point TEXT labels with messy case/spacing; plus a codes twin
    n = 80
    gender = balanced(rng, [("Male", 38), ("Female", 42)])
    lat = group_latent(rng, gender, {"Male": 0.1, "Female": -0.2})
    T = likert(rng, lat, 4, 6, loading=(0.55, 0.8))
    Tm = blank_cells(rng, T, 0.04)
    variants = [
        lambda s: s,
        lambda s: s.lower(),
        lambda s: s.upper(),
        lambda s: " " + s.lower(),
        lambda s: s.upper() + " ",
        lambda s: "  " + s.replace(" ", "  ") + "  ",
        lambda s: s.title().swapcase(),
    ]
    # most cells canonical, ~25% messy
    Tl = np.empty(T.shape, dtype=object)
    for i in range(n):
        for j in range(T.shape[1]):
            v = Tm[i, j]
            if v is None:
                Tl[i, j] = None
                continue
            lab = LABELS_4[int(v)]
            if rng.random() < 0.25:
                lab = variants[int(rng.integers(1, len(variants)))](lab)
            Tl[i, j] = lab
    cols_l = [("respondent", ids(n)), ("gender", list(gender))]
    cols_l += [(c, Tl[:, j]) for j, c in enumerate(items_cols("T", 6))]
    cols_c = [("respondent", ids(n)), ("gender", list(gender))]
    cols_c += [(c, Tm[:, j]) for j, c in enumerate(items_cols("T", 6))]
    write_csv(OUT / "ds4_4pt_labels.csv", cols_l)
    write_csv(OUT / "ds4_4pt_codes.csv", cols_c)
    manifest["datasets"]["ds4_4pt_labels"] = {
        "file": "ds4_4pt_labels.csv",
        "codes_file": "ds4_4pt_codes.csv",
        "scale_points": 4,
        "id_column": "respondent",
        "scales": {"T": items_cols("T", 6)},
        "reverse": [],
        "labels": {str(k): v for k, v in LABELS_4.items()},
        "group": {"column": "gender", "levels": ["Male", "Female"]},
        "categorical": [],
        "description": "4-point, n=80, cells hold text labels (about a quarter with odd case "
        "or extra spaces), ~4% empty. ds4_4pt_codes.csv holds the same data as codes; "
        "R and PSPP read the codes file.",
    }

    # ---------------- ds5: 5-point, n=15, group 4 vs 11
    n = 15
    grp = balanced(rng, [("treatment", 4), ("control", 11)])
    lat = group_latent(rng, grp, {"treatment": 0.6, "control": 0.0})
    U = likert(rng, lat, 5, 5, loading=(0.6, 0.85))
    cols = [("respondent", ids(n)), ("grp", list(grp))]
    cols += [(c, U[:, j]) for j, c in enumerate(items_cols("U", 5))]
    write_csv(OUT / "ds5_small_unequal.csv", cols)
    manifest["datasets"]["ds5_small_unequal"] = {
        "file": "ds5_small_unequal.csv",
        "scale_points": 5,
        "id_column": "respondent",
        "scales": {"U": items_cols("U", 5)},
        "reverse": [],
        "labels": None,
        "group": {"column": "grp", "levels": ["treatment", "control"]},
        "categorical": [],
        "description": "5-point, n=15, groups of 4 (treatment) and 11 (control), no missing.",
    }

    # ---------------- ds6: 5-point, n=500, X and Y (Y3 reverse-keyed), ~3% missing, gender
    n = 500
    gender = balanced(rng, [("M", 240), ("F", 260)])
    lat_x = group_latent(rng, gender, {"M": 0.1, "F": -0.05})
    lat_y = group_latent(rng, gender, {"M": -0.15, "F": 0.1})
    X = likert(rng, lat_x, 5, 6, loading=(0.5, 0.75))
    Y = likert(rng, lat_y, 5, 6, loading=(0.5, 0.75))
    Y[:, 2] = 6 - Y[:, 2]
    Xm = blank_cells(rng, X, 0.03)
    Ym = blank_cells(rng, Y, 0.03)
    cols = [("respondent", ids(n)), ("gender", list(gender))]
    cols += [(c, Xm[:, j]) for j, c in enumerate(items_cols("X", 6))]
    cols += [(c, Ym[:, j]) for j, c in enumerate(items_cols("Y", 6))]
    write_csv(OUT / "ds6_5pt_large.csv", cols)
    manifest["datasets"]["ds6_5pt_large"] = {
        "file": "ds6_5pt_large.csv",
        "scale_points": 5,
        "id_column": "respondent",
        "scales": {"X": items_cols("X", 6), "Y": items_cols("Y", 6)},
        "reverse": ["Y3"],
        "labels": None,
        "group": {"column": "gender", "levels": ["M", "F"]},
        "categorical": [],
        "description": "5-point, n=500, two scales, Y3 reverse-keyed, ~3% missing item cells.",
    }

    # ---------------- ds7: 4-point, n=60, demographics for frequency tables, no group
    n = 60
    lat = rng.standard_normal(n)
    D = likert(rng, lat, 4, 4, loading=(0.6, 0.8))
    qual = rng.choice([1, 2, 3, 4], size=n, p=[0.4, 0.35, 0.15, 0.1]).astype(object)
    qual[rng.choice(n, size=4, replace=False)] = None
    exper = rng.choice([1, 2, 3], size=n, p=[0.3, 0.45, 0.25]).astype(object)
    cols = [("respondent", ids(n)), ("qualification", list(qual)), ("experience", list(exper))]
    cols += [(c, D[:, j]) for j, c in enumerate(items_cols("D", 4))]
    write_csv(OUT / "ds7_4pt_demographics.csv", cols)
    manifest["datasets"]["ds7_4pt_demographics"] = {
        "file": "ds7_4pt_demographics.csv",
        "scale_points": 4,
        "id_column": "respondent",
        "scales": {"D": items_cols("D", 4)},
        "reverse": [],
        "labels": None,
        "group": None,
        "categorical": ["qualification", "experience"],
        "description": "4-point, n=60, no group; qualification (codes 1-4, 4 empty) and "
        "experience (codes 1-3) for frequency tables.",
    }

    with open(OUT / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2)
        fh.write("\n")


if __name__ == "__main__":
    main()
