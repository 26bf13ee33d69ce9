"""Benchmark mcstats against a read-only baseline, pingouin, pandas, R and PSPP.

Every contender runs as its own process on the same file, in this one session, so the
ratios compare like with like. Wall time is the whole process; peak memory is the
process's maximum resident set size (from wait4). Work that prints ``WORK <seconds>``
also reports the in-process time of the statistics (read + compute), the basis of the
"library call" ratio.

    python benchmarks/run.py --sizes 10k,100k,1m          # writes benchmarks/results.md
    python benchmarks/run.py --sizes 10k --out /tmp/x.md  # what CI runs

Contenders that are not installed (pingouin, R with psych, PSPP) are listed as skipped.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
SCALES = {s: [f"{s}{j}" for j in range(1, 11)] for s in "ABC"}

READ_ONLY = """
import sys, time
import pyarrow.csv as pc
t = time.perf_counter()
table = pc.read_csv(sys.argv[1])
print("WORK", time.perf_counter() - t, table.num_rows)
"""

LIBRARY = """
import sys, time
t = time.perf_counter()
from mcstats import load_instrument
from mcstats.pipeline import compute  # what `mcstats analyze` runs, without writing files
res = compute(sys.argv[1], load_instrument(sys.argv[2]))
print("WORK", time.perf_counter() - t, res.survey.n_analysed)
"""

PINGOUIN = """
import sys, time
t = time.perf_counter()
import pandas as pd, pingouin as pg
df = pd.read_csv(sys.argv[1])
for s in "ABC":
    items = df[[f"{s}{j}" for j in range(1, 11)]]
    pg.cronbach_alpha(items.dropna())
    score = items.dropna().sum(axis=1)
    g = df.loc[score.index, "group"]
    pg.ttest(score[g == "M"], score[g == "F"], correction=False)
    pg.ttest(score[g == "M"], score[g == "F"], correction=True)
print("WORK", time.perf_counter() - t, len(df))
"""

PANDAS_DESCRIBE = """
import sys, time
t = time.perf_counter()
import pandas as pd
df = pd.read_csv(sys.argv[1])
df.describe()
print("WORK", time.perf_counter() - t, len(df))
"""

R_SCRIPT = """
args <- commandArgs(trailingOnly = TRUE)
t0 <- proc.time()[["elapsed"]]
suppressMessages(library(psych))
d <- read.csv(args[1])
for (s in c("A", "B", "C")) {
  x <- na.omit(d[, paste0(s, 1:10)])
  invisible(psych::alpha(x))
  score <- rowSums(x)
  g <- d[as.integer(rownames(x)), "group"]
  invisible(t.test(score[g == "M"], score[g == "F"], var.equal = TRUE))
  invisible(t.test(score[g == "M"], score[g == "F"]))
}
cat("WORK", proc.time()[["elapsed"]] - t0, nrow(d), "\\n")
"""


def pspp_syntax(path: Path) -> str:
    items = " ".join(f"{s}{j} (F1.0)" for s in "ABC" for j in range(1, 11))
    lines = [
        f"DATA LIST LIST (',') FILE='{path}' SKIP=1 / id (F8.0) group (A1) {items}.",
    ]
    for s, cols in SCALES.items():
        lines.append(f"RELIABILITY /VARIABLES={' '.join(cols)} /MODEL=ALPHA /SUMMARY=TOTAL.")
        lines.append(f"COMPUTE {s}_sum = {' + '.join(cols)}.")
    lines.append("T-TEST GROUPS=group('M' 'F') /VARIABLES=A_sum B_sum C_sum.")
    return "\n".join(lines) + "\n"


@dataclass
class Measurement:
    name: str
    wall: float | None
    work: float | None
    peak_mb: float | None
    note: str = ""


def run_with_rusage(name: str, argv: list[str], cwd: Path | None = None) -> Measurement:
    """Start the process and reap it with wait4 to read its own peak RSS."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        proc = subprocess.Popen(argv, stdout=out_f, stderr=err_f, cwd=cwd, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    peak_mb = usage.ru_maxrss / 1024  # Linux reports kilobytes
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return Measurement(name, None, None, None, f"failed: {last[:80]}")
    work = next((float(line.split()[1]) for line in out.splitlines() if line.startswith("WORK")), None)
    return Measurement(name, wall, work, peak_mb)


def have_r_psych() -> bool:
    if not shutil.which("Rscript"):
        return False
    probe = subprocess.run(["Rscript", "-e", "library(psych)"], capture_output=True)
    return probe.returncode == 0


def have_module(name: str) -> bool:
    probe = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True)
    return probe.returncode == 0


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} CPUs{mem}; {system}; Python {platform.python_version()}"


def bench_size(label: str, n: int, data_dir: Path, tmp: Path) -> list[Measurement]:
    path = data_dir / f"survey_{label}.csv"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(HERE / "make_survey.py"), "--n", str(n), "--seed", "1", "--out", str(path)],
            check=True,
        )
    inst = HERE / "instrument.yaml"
    py = sys.executable
    rows = [run_with_rusage("pyarrow read only (baseline)", [py, "-c", READ_ONLY, str(path)])]
    mcstats = [
        py,
        "-m",
        "mcstats",
        "analyze",
        str(path),
        "--instrument",
        str(inst),
        "--out",
        str(tmp / label),
        "-q",
    ]
    rows.append(run_with_rusage("mcstats CLI, end to end", mcstats, cwd=ROOT))
    rows.append(run_with_rusage("mcstats library call", [py, "-c", LIBRARY, str(path), str(inst)], cwd=ROOT))
    if have_module("pingouin"):
        rows.append(run_with_rusage("pingouin alpha + ttest", [py, "-c", PINGOUIN, str(path)]))
    else:
        rows.append(Measurement("pingouin alpha + ttest", None, None, None, "skipped: not installed"))
    rows.append(run_with_rusage("pandas read_csv + describe", [py, "-c", PANDAS_DESCRIBE, str(path)]))
    if have_r_psych():
        script = tmp / "bench.R"
        script.write_text(R_SCRIPT)
        rows.append(run_with_rusage("R psych::alpha + t.test", ["Rscript", str(script), str(path)]))
    else:
        rows.append(
            Measurement("R psych::alpha + t.test", None, None, None, "skipped: R/psych not installed")
        )
    if shutil.which("pspp"):
        sps = tmp / f"bench_{label}.sps"
        sps.write_text(pspp_syntax(path))
        rows.append(
            run_with_rusage("PSPP RELIABILITY + T-TEST", ["pspp", "-o", str(tmp / "p.txt"), str(sps)])
        )
    else:
        rows.append(Measurement("PSPP RELIABILITY + T-TEST", None, None, None, "skipped: pspp not installed"))
    return rows


def table(label: str, n: int, rows: list[Measurement]) -> str:
    base = rows[0]
    lines = [
        f"### {label} ({n:,} respondents x 30 items)",
        "",
        "| contender | wall s | ratio to baseline | in-process s | ratio to baseline read | peak MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r.wall is None:
            lines.append(f"| {r.name} | — | — | — | — | — ({r.note}) |")
            continue
        ratio = f"{r.wall / base.wall:.2f}" if base.wall else "—"
        work = f"{r.work:.3f}" if r.work is not None else "—"
        wratio = f"{r.work / base.work:.2f}" if (r.work is not None and base.work) else "—"
        peak = f"{r.peak_mb:.0f}" if r.peak_mb is not None else "—"
        lines.append(f"| {r.name} | {r.wall:.3f} | {ratio} | {work} | {wratio} | {peak} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma list of " + ", ".join(SIZES))
    ap.add_argument("--data", type=Path, default=HERE / "data", help="where generated surveys are kept")
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    args = ap.parse_args()
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        ap.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    parts = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}.",
        f"Date: {time.strftime('%Y-%m-%d')}. Command: `python benchmarks/run.py --sizes {','.join(labels)}`.",
        "",
        "Wall time is the whole process (start-up included); in-process time is the read plus the",
        "statistics as the contender reports it; ratios divide by the pyarrow read-only baseline",
        "measured in the same run.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for label in labels:
            rows = bench_size(label, SIZES[label], args.data, Path(tmp))
            text = table(label, SIZES[label], rows)
            print(text)
            parts.append(text)
    args.out.write_text("\n".join(parts))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
