"""The reconstructed data of both papers: reproducible, synthetic by name, faithful where possible.

Every impossibility the generator claims is proved again here by an argument written out in
the test (GRIM with the products worked out, the Bhatia-Davis bound on the variance, the
parity of the sum of squares), never by calling the generator. The data are read back with
the csv module and their statistics computed with numpy and integer arithmetic.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from clirun import Runner, both_ways, run_cli
from mcstats.replication.published import load_published
from mcstats.replication.reconstruct import NOTICE, reconstruct_study, write_reconstruction

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "data" / "published"
RECONSTRUCTED = ROOT / "data" / "reconstructed"


def read_rows(name: str, folder: Path = RECONSTRUCTED) -> list[dict[str, str]]:
    with (folder / f"{name}_synthetic.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def manifest(name: str) -> dict:
    return json.loads((RECONSTRUCTED / f"{name}_synthetic.json").read_text(encoding="utf-8"))


def half_up(x: Fraction, decimals: int) -> str:
    k = math.floor(x * 10**decimals + Fraction(1, 2))
    s = str(k).rjust(decimals + 1, "0")
    return f"{s[:-decimals]}.{s[-decimals:]}" if decimals else s


def sd_half_up(values: list[int], decimals: int) -> str:
    n, t, q = len(values), sum(values), sum(v * v for v in values)
    var = (Fraction(q) - Fraction(t * t, n)) / (n - 1)
    k = (math.isqrt(math.floor(4 * var * 10 ** (2 * decimals))) + 1) // 2
    s = str(k).rjust(decimals + 1, "0")
    return f"{s[:-decimals]}.{s[-decimals:]}"


def strip_zero(text: str) -> str:
    return text[1:] if text.startswith("0.") else text


# --------------------------------------------------------------------------- reproducibility


def _copy_layout(tmp_path: Path) -> Path:
    """A copy of the checkout's data/published and instruments, so relative paths match."""
    shutil.copytree(PUBLISHED, tmp_path / "data" / "published")
    shutil.copytree(ROOT / "instruments", tmp_path / "instruments")
    return tmp_path


def test_committed_files_regenerate_byte_for_byte(tmp_path: Path) -> None:
    base = _copy_layout(tmp_path)
    out = base / "data" / "reconstructed"
    for name in ("rivers_state", "mardan"):
        write_reconstruction(reconstruct_study(base / "data" / "published" / f"{name}.yaml", seed=1), out)
    committed = sorted(p.name for p in RECONSTRUCTED.iterdir())
    assert committed == sorted(p.name for p in out.iterdir())
    hint = (
        "; regenerate the committed files with 'mcstats reconstruct data/published/<paper>.yaml "
        "--seed 1' for both papers if the change is intended"
    )
    for name in committed:
        new, old = (out / name).read_bytes(), (RECONSTRUCTED / name).read_bytes()
        if name.endswith(".json"):  # the version that made them may differ; nothing else may
            a, b = json.loads(new), json.loads(old)
            a.pop("mcstats_version"), b.pop("mcstats_version")
            assert a == b, name + hint
        elif name == "README.md" or name.endswith(".yaml"):
            a, b = new.decode(), old.decode()
            vb = manifest("rivers_state")["mcstats_version"]
            from mcstats._version import __version__

            assert a == b.replace(f"mcstats {vb}", f"mcstats {__version__}"), name + hint
        else:
            assert new == old, f"{name} differs from a fresh reconstruction with seed 1" + hint


def test_same_seed_same_bytes_other_seed_other_data() -> None:
    a = reconstruct_study(PUBLISHED / "rivers_state.yaml", seed=1)
    b = reconstruct_study(PUBLISHED / "rivers_state.yaml", seed=1)
    c = reconstruct_study(PUBLISHED / "rivers_state.yaml", seed=2)
    assert a.csv_text() == b.csv_text()
    assert a.manifest == b.manifest
    assert a.csv_text() != c.csv_text()
    assert c.manifest["seed"] == 2


def test_seed_version_and_notice_are_recorded() -> None:
    for name in ("rivers_state", "mardan"):
        m = manifest(name)
        assert m["seed"] == 1
        assert m["mcstats_version"]
        assert m["notice"] == NOTICE and m["notice"].startswith("SYNTHETIC DATA")
        assert m["data"] == f"{name}_synthetic.csv"
    readme = (RECONSTRUCTED / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "NOT the original responses" in readme
    assert "mcstats reconstruct data/published/rivers_state.yaml --seed 1" in readme
    top = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "reconstructed/" in top and "synthetic" in top.lower()


# --------------------------------------------------------------------------- Rivers State


def test_rivers_state_structure() -> None:
    rows = read_rows("rivers_state")
    items = [f"Q{i}" for i in range(1, 11)]
    assert len(rows) == 477  # questionnaires distributed
    answering = [r for r in rows if any(r[q] for q in items)]
    assert len(answering) == 432 and all(all(r[q] for q in items) for r in answering)
    assert all(r[q] in {"1", "2", "3", "4"} for r in answering for q in items)
    genders = [r["gender"] for r in rows]
    assert genders.count("Male") == 304 and genders.count("Female") == 173
    # the t-test table's groups, as printed: 304 men 24.67 (1.96), 173 women 22.82 (1.92)
    for level, mean, sd in (("Male", "24.67", "1.96"), ("Female", "22.82", "1.92")):
        scores = [int(r["hypothesis_1_score"]) for r in rows if r["gender"] == level]
        assert half_up(Fraction(sum(scores), len(scores)), 2) == mean
        assert sd_half_up(scores, 2) == sd


def test_rivers_state_possible_items_print_as_published() -> None:
    rows = [r for r in read_rows("rivers_state") if r["Q1"]]
    study = load_published(PUBLISHED / "rivers_state.yaml")
    m = {v["name"]: v for v in manifest("rivers_state")["variables"]}
    checked = 0
    for table in ("table_1", "table_2"):
        for row in study.table(table).rows:
            if not row.item:
                continue
            values = [int(r[row.item]) for r in rows]
            mean, sd = row.values["mean"], row.values["sd"]
            got_mean = half_up(Fraction(sum(values), len(values)), mean.decimals)
            got_sd = sd_half_up(values, sd.decimals)
            if m[row.item]["mean_possible"]:
                assert strip_zero(got_mean) == strip_zero(mean.text), row.item
            if m[row.item]["sd_possible"] and m[row.item]["mean_possible"]:
                assert strip_zero(got_sd) == strip_zero(sd.text), row.item
                checked += 1
    assert checked == 2  # items 5 and 8


def test_rivers_state_alpha_prints_as_published() -> None:
    rows = [r for r in read_rows("rivers_state") if r["Q1"]]
    x = np.array([[int(r[f"Q{i}"]) for i in range(1, 11)] for r in rows], dtype=float)
    k = x.shape[1]
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert f"{alpha:.2f}" == "0.75"


#: Every impossibility the generator may claim for the two papers, each proved below.
PROVED = {
    ("rivers_state", "Q1", "mean"),
    ("rivers_state", "Q2", "mean"),
    ("rivers_state", "Q3", "mean"),
    ("rivers_state", "Q6", "mean"),
    ("rivers_state", "Q9", "mean"),
    ("rivers_state", "Q4", "sd"),
    ("rivers_state", "Q7", "sd"),
    ("rivers_state", "Q10", "sd"),
}


def test_every_impossibility_claim_is_one_proved_here() -> None:
    claimed = set()
    for name in ("rivers_state", "mardan"):
        for v in manifest(name)["variables"]:
            for stat in ("mean", "sd", "range"):
                if v.get(f"{stat}_possible") is False:
                    claimed.add((name, v["name"], stat))
                    assert v[f"{stat}_reason"]
            if not v["possible"]:
                assert v["reasons"]
    assert claimed == PROVED


@pytest.mark.parametrize(
    ("item", "mean", "lower", "upper"),
    [
        # GRIM with N = 432: a total T prints as the mean iff lower <= T < upper, where
        # lower = 432 x (mean - .0005) and upper = 432 x (mean + .0005), worked out by hand:
        ("Q1", "2.862", Fraction("1236.168"), Fraction("1236.6")),
        ("Q2", "2.781", Fraction("1201.176"), Fraction("1201.608")),
        ("Q3", "3.015", Fraction("1302.264"), Fraction("1302.696")),
        ("Q6", "3.126", Fraction("1350.216"), Fraction("1350.648")),
        ("Q9", "2.960", Fraction("1278.504"), Fraction("1278.936")),
    ],
)
def test_grim_proofs(item: str, mean: str, lower: Fraction, upper: Fraction) -> None:
    half = Fraction(1, 2000)
    assert lower == 432 * (Fraction(mean) - half) and upper == 432 * (Fraction(mean) + half)
    assert math.floor(upper) < lower  # no whole number between: no total, no data
    # and the data used are the nearest possible: their mean is within 1/432 of the printed one
    values = [int(r[item]) for r in read_rows("rivers_state") if r[item]]
    assert abs(Fraction(sum(values), 432) - Fraction(mean)) < Fraction(1, 432)


def test_parity_proof_for_item_4() -> None:
    """Item 4: N = 432, mean 3.162, SD 1.102.

    Total: 432 x 3.1615 = 1365.768 and 432 x 3.1625 = 1366.2, so T = 1366 (even).
    Sum of squares: SD s means Q = 431 s^2 + T^2/432, and s in [1.1015, 1.1025) gives
    Q in [4842.27..., 4843.22...): only Q = 4843, which is odd. But x^2 - x = x(x - 1) is even
    for every whole number x, so Q - T is even and Q must be even like T: no data.
    """
    t = 1366
    assert [k for k in range(1365, 1368) if Fraction("3.1615") <= Fraction(k, 432) < Fraction("3.1625")] == [
        t
    ]
    q_lo = 431 * Fraction("1.1015") ** 2 + Fraction(t * t, 432)
    q_hi = 431 * Fraction("1.1025") ** 2 + Fraction(t * t, 432)
    whole = [q for q in range(math.ceil(q_lo), math.floor(q_hi) + 1) if q_lo <= q < q_hi]
    assert whole == [4843] and 4843 % 2 != t % 2
    assert all((x * x - x) % 2 == 0 for x in range(1, 5))
    # the data used have the total 1366 and the nearest possible SD (Q = 4842 or 4844)
    values = [int(r["Q4"]) for r in read_rows("rivers_state") if r["Q4"]]
    assert sum(values) == t and sum(v * v for v in values) in (4842, 4844)


@pytest.mark.parametrize(
    ("item", "mean", "sd", "total"),
    [
        # totals by GRIM: 432 x 2.9045 = 1254.744, 432 x 2.9055 = 1255.176 -> 1255;
        # 432 x 3.0735 = 1327.752, 432 x 3.0745 = 1328.184 -> 1328
        ("Q7", "2.905", "3.215", 1255),
        ("Q10", "3.074", "1.570", 1328),
    ],
)
def test_sd_bound_proofs(item: str, mean: str, sd: str, total: int) -> None:
    """Bhatia-Davis: on [a, b] the variance is at most n/(n-1) (m - a)(b - m)."""
    n = 432
    assert Fraction(mean) - Fraction(1, 2000) <= Fraction(total, n) < Fraction(mean) + Fraction(1, 2000)
    m = Fraction(total, n)
    bound = Fraction(n, n - 1) * (m - 1) * (4 - m)
    smallest_printed = Fraction(sd) - Fraction(1, 2000)
    assert bound < smallest_printed**2  # even the lowest SD that prints as `sd` is too large
    # the data used are the widest possible: j fours, one value 1 + r, the rest ones
    j, r = divmod(total - n, 3)
    values = sorted(int(row[item]) for row in read_rows("rivers_state") if row[item])
    expected = sorted([4] * j + ([1 + r] if r else []) + [1] * (n - j - (1 if r else 0)))
    assert values == expected


def test_composite_item_counts_are_the_smallest_possible() -> None:
    """AWAR and PER are not single items: the mean of k items is T/(207 k) for a whole T."""
    half = Fraction(1, 20000)
    for mean, ruled_out, used in (("3.5193", [1], 2), ("3.7739", [1, 2, 3, 4], 5)):
        for k in ruled_out:
            lower = 207 * k * (Fraction(mean) - half)
            upper = 207 * k * (Fraction(mean) + half)
            assert math.floor(upper) < lower, (mean, k)  # e.g. 728.485 .. 728.505 for AWAR, k = 1
        assert math.floor(207 * used * (Fraction(mean) + half)) >= 207 * used * (Fraction(mean) - half)
    m = manifest("mardan")
    assert m["item_counts"] == {"awareness": 2, "perception": 5}


# --------------------------------------------------------------------------- Mardan


def test_mardan_frequency_tables_are_reproduced_count_for_count() -> None:
    rows = read_rows("mardan")
    assert len(rows) == 207
    study = load_published(PUBLISHED / "mardan.yaml")
    checked = 0
    for table in study.tables:
        if table.kind != "frequency":
            continue
        column = [r[table.variable] for r in rows]
        for row in table.rows:
            count = row.values.get("frequency")
            if row.role == "level" and count is not None:
                assert column.count(row.level) == int(count.text), (table.id, row.label)
                checked += 1
            elif row.role == "missing" and count is not None:
                assert column.count("") == int(count.text), (table.id, row.label)
                checked += 1
    assert checked == 35  # tables 1-5, 7, 8: 4+6+4+(4+1)+2+5+5; gender 2+1; location 1
    # the sector percent 87.4 has no printed count: 181/207 = 87.44% is the only count that fits
    assert [k for k in range(208) if half_up(Fraction(100 * k, 207), 1) == "87.4"] == [181]
    assert [r["sector"] for r in rows].count("Government") == 181
    assert [r["location"] for r in rows].count("Rural") == 141


def test_mardan_composites_print_as_published() -> None:
    rows = read_rows("mardan")
    for prefix, k, printed in (("AWAR", 2, ("3.5193", "1.26553")), ("PER", 5, ("3.7739", ".99976"))):
        sums = [sum(int(r[f"{prefix}_{j}"]) for j in range(1, k + 1)) for r in rows]
        assert all(1 <= int(r[f"{prefix}_{j}"]) <= 5 for r in rows for j in range(1, k + 1))
        assert min(sums) == k and max(sums) == 5 * k  # minimum 1.00 and maximum 5.00
        assert half_up(Fraction(sum(sums), 207 * k), 4) == printed[0]
        # SD of the means = SD of the sums / k, rounded half up to 5 decimals
        n, t, q = 207, sum(sums), sum(s * s for s in sums)
        var = (Fraction(q) - Fraction(t * t, n)) / (n - 1) / (k * k)
        kk = (math.isqrt(math.floor(4 * var * 10**10)) + 1) // 2
        assert strip_zero(f"{kk // 10**5}.{kk % 10**5:05d}") == strip_zero(printed[1])


# --------------------------------------------------------------------------- the command


_run = run_cli


@both_ways()
def test_reconstruct_command(tmp_path: Path, run: Runner) -> None:
    base = _copy_layout(tmp_path)
    proc = run(
        "reconstruct",
        str(base / "data" / "published" / "rivers_state.yaml"),
        "--seed",
        "1",
        "--out",
        str(base / "out"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "SYNTHETIC" in proc.stdout and "impossible" in proc.stdout
    assert (base / "out" / "rivers_state_synthetic.csv").read_bytes() == (
        RECONSTRUCTED / "rivers_state_synthetic.csv"
    ).read_bytes()
    assert (base / "out" / "README.md").is_file()


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["reconstruct", "no/such/file.yaml"], 3, "file not found"),
        (["reconstruct", "data/published/rivers_state.yaml", "--seed", "-1"], 2, "--seed"),
    ],
)
def test_reconstruct_command_errors(tmp_path: Path, args: list[str], code: int, words: str) -> None:
    proc = _run(*args, "--out", str(tmp_path))
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert words in proc.stderr and "Traceback" not in proc.stderr
