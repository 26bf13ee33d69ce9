"""Benchmark mcstats against a read-only baseline, pingouin, pandas, R and PSPP.

Every contender runs as its own process on the same file, in this one session, so the
ratios compare like with like; each runs ``--repeat`` times (interleaved) and the table
shows the median. Wall time is the whole process, start-up included; peak memory is the
process's maximum resident set size (from wait4), the largest of the runs. Contenders
that print ``WORK <seconds>`` also report their in-process time: reading the file and
computing the statistics, timed after the imports (the basis of the "library call" ratio).

    python benchmarks/run.py --sizes 10k,100k,1m --memory 1m,5m   # writes benchmarks/results.md
    python benchmarks/run.py --sizes 10k --repeat 1 --out /tmp/x.md  # what CI runs

Contenders that are not installed (pingouin, R with psych, PSPP) are listed as skipped.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
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
IDS = "mcstats CLI, ids checked too"

READ_ONLY = """
import sys, time
import pyarrow.csv as pc
t = time.perf_counter()
table = pc.read_csv(sys.argv[1])
print("WORK", time.perf_counter() - t, table.num_rows)
"""

LIBRARY = """
import sys, time
from mcstats import load_instrument
from mcstats.pipeline import compute  # what `mcstats analyze` runs, without writing files
inst = load_instrument(sys.argv[2])
t = time.perf_counter()
res = compute(sys.argv[1], inst)
print("WORK", time.perf_counter() - t, res.survey.n_analysed)
"""

PINGOUIN = """
import sys, time
import pandas as pd, pingouin as pg
t = time.perf_counter()
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
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
df.describe()
print("WORK", time.perf_counter() - t, len(df))
"""

R_SCRIPT = """
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(psych))
t0 <- proc.time()[["elapsed"]]
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


def median_of(runs: list[Measurement]) -> Measurement:
    """Median wall and in-process time and the largest peak of repeated runs."""
    ok = [r for r in runs if r.wall is not None]
    if len(ok) < len(runs):
        return next(r for r in runs if r.wall is None)
    works = [r.work for r in ok if r.work is not None]
    return Measurement(
        ok[0].name,
        statistics.median(r.wall for r in ok if r.wall is not None),
        statistics.median(works) if works else None,
        max(r.peak_mb for r in ok if r.peak_mb is not None),
        f"median of {len(ok)}" if len(ok) > 1 else "",
    )


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


def contenders(label: str, path: Path, tmp: Path) -> list[tuple[str, list[str] | None, Path | None, str]]:
    """(name, argv or None when not installed, working folder, note) for every contender."""
    inst = HERE / "instrument.yaml"
    py = sys.executable
    out = str(tmp / label)
    mcstats = [py, "-m", "mcstats", "analyze", str(path), "--instrument", str(inst), "--out", out, "-q"]
    with_ids = [*mcstats[:6], str(HERE / "instrument_ids.yaml"), *mcstats[7:]]
    rows: list[tuple[str, list[str] | None, Path | None, str]] = [
        ("pyarrow read only (baseline)", [py, "-c", READ_ONLY, str(path)], None, ""),
        ("mcstats CLI, end to end", mcstats, ROOT, ""),
        (IDS, with_ids, ROOT, ""),
        ("mcstats library call", [py, "-c", LIBRARY, str(path), str(inst)], ROOT, ""),
    ]
    pingouin = [py, "-c", PINGOUIN, str(path)] if have_module("pingouin") else None
    rows.append(("pingouin alpha + ttest", pingouin, None, "skipped: not installed"))
    rows.append(("pandas read_csv + describe", [py, "-c", PANDAS_DESCRIBE, str(path)], None, ""))
    r_argv = None
    if have_r_psych():
        script = tmp / "bench.R"
        script.write_text(R_SCRIPT)
        r_argv = ["Rscript", str(script), str(path)]
    rows.append(("R psych::alpha + t.test", r_argv, None, "skipped: R/psych not installed"))
    pspp_argv = None
    if shutil.which("pspp"):
        sps = tmp / f"bench_{label}.sps"
        sps.write_text(pspp_syntax(path))
        pspp_argv = ["pspp", "-o", str(tmp / "p.txt"), str(sps)]
    rows.append(("PSPP RELIABILITY + T-TEST", pspp_argv, None, "skipped: pspp not installed"))
    return rows


def survey_file(label: str, data_dir: Path) -> Path:
    path = data_dir / f"survey_{label}.csv"
    if not path.exists():
        make = [sys.executable, str(HERE / "make_survey.py"), "--n", str(SIZES[label]), "--seed", "1"]
        subprocess.run([*make, "--out", str(path)], check=True)
    return path


def bench_size(
    label: str, data_dir: Path, tmp: Path, repeat: int, only: set[str] | None = None
) -> list[Measurement]:
    """Every contender ``repeat`` times, interleaved (so drift hits all alike); medians."""
    path = survey_file(label, data_dir)
    runs: dict[str, list[Measurement]] = {}
    plan = [c for c in contenders(label, path, tmp) if only is None or c[0] in only]
    for _ in range(repeat):
        for name, argv, cwd, note in plan:
            if argv is None:
                runs[name] = [Measurement(name, None, None, None, note)]
                continue
            runs.setdefault(name, []).append(run_with_rusage(name, argv, cwd=cwd))
    return [median_of(runs[name]) for name, *_ in plan]


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


def memory_table(results: dict[str, list[Measurement]], files: dict[str, Path]) -> str:
    """Peak memory of the streaming CLI by size, and its growth over the smallest."""
    lines = [
        "### Streaming memory: mcstats CLI end to end",
        "",
        "| respondents | file MB | run | wall s | peak MB | peak / smallest |",
        "|---|---:|---|---:|---:|---:|",
    ]
    first = {m.name: m.peak_mb for m in next(iter(results.values()))}
    for label, ms in results.items():
        size = files[label].stat().st_size / 1e6
        for m in ms:
            if m.wall is None or m.peak_mb is None or not first.get(m.name):
                lines.append(f"| {SIZES[label]:,} | {size:.0f} | {m.name} | — | — | — |")
                continue
            growth = m.peak_mb / first[m.name]  # type: ignore[operator]
            cells = [f"{SIZES[label]:,}", f"{size:.0f}", m.name, f"{m.wall:.2f}"]
            cells += [f"{m.peak_mb:.0f}", f"{growth:.2f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def targets(rows_by_size: dict[str, list[Measurement]], memory: dict[str, list[Measurement]]) -> str:
    """The issue's targets, each with the measured value and whether it holds."""

    def by(rows: list[Measurement], name: str) -> Measurement:
        return next(r for r in rows if r.name == name)

    lines = ["### Targets", ""]
    if "1m" in rows_by_size:
        rows = rows_by_size["1m"]
        base, cli, lib = by(rows, "pyarrow read only (baseline)"), by(rows, "mcstats CLI, end to end"), by(
            rows, "mcstats library call"
        )
        if base.wall and cli.wall:
            r = cli.wall / base.wall
            lines.append(f"- 1M: CLI end to end / read-only process = {r:.2f} (target 2): {_verdict(r <= 2)}")
        if base.work and lib.work:
            r = lib.work / base.work
            lines.append(f"- 1M: library call / read alone = {r:.2f} (target 1.5): {_verdict(r <= 1.5)}")
        if cli.peak_mb:
            mb = cli.peak_mb
            lines.append(f"- 1M: peak memory of the CLI {mb:.0f} MB (target 600): {_verdict(mb < 600)}")
    if len(memory) >= 2:
        for name in (m.name for m in next(iter(memory.values()))):
            peaks = [p for ms in memory.values() if (p := by(ms, name).peak_mb) is not None]
            if len(peaks) == len(memory):
                growth = max(peaks) / peaks[0] - 1
                lines.append(
                    f"- {name}: peak memory from {', '.join(memory)} grows {growth:+.0%} "
                    f"(target within 10%): {_verdict(abs(growth) <= 0.10)}"
                )
    for label, rows in rows_by_size.items():
        cli, lib = by(rows, "mcstats CLI, end to end"), by(rows, "mcstats library call")
        for other in ("pingouin alpha + ttest", "R psych::alpha + t.test"):
            o = by(rows, other)
            if o.wall is None or cli.wall is None:
                continue
            # The statistics are compared in process (read + compute, after the imports);
            # whole-process wall time, start-up included, is shown beside it.
            faster = lib.work is not None and o.work is not None and lib.work < o.work
            lines.append(
                f"- {label}: faster than {other.split()[0]} on the statistics (in-process "
                f"{lib.work or float('nan'):.3f} vs {o.work or float('nan'):.3f} s): {_verdict(faster)}; "
                f"whole process {cli.wall:.2f} vs {o.wall:.2f} s"
            )
    return "\n".join(lines) + "\n"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma list of " + ", ".join(SIZES))
    ap.add_argument("--memory", default="", help="sizes for the streaming memory table, e.g. 1m,5m")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each contender (median shown)")
    ap.add_argument("--data", type=Path, default=HERE / "data", help="where generated surveys are kept")
    ap.add_argument("--out", type=Path, default=HERE / "results.md")
    args = ap.parse_args()
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    mem_labels = [s.strip().lower() for s in args.memory.split(",") if s.strip()]
    unknown = [s for s in labels + mem_labels if s not in SIZES]
    if unknown:
        ap.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    command = f"python benchmarks/run.py --sizes {','.join(labels)}"
    command += f" --memory {','.join(mem_labels)}" if mem_labels else ""
    command += f" --repeat {args.repeat}"
    parts = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}.",
        f"Date: {time.strftime('%Y-%m-%d')}. Command: `{command}`.",
        "",
        "Wall time is the whole process (start-up included); in-process time is reading the file",
        "and computing the statistics, timed after the imports; ratios divide by the pyarrow",
        "read-only baseline measured in the same run. Each contender ran",
        f"{args.repeat} time(s), interleaved with the others; the tables show medians and the",
        "largest peak resident memory.",
        "",
    ]
    rows_by_size: dict[str, list[Measurement]] = {}
    memory: dict[str, list[Measurement]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label in labels:
            rows = bench_size(label, args.data, Path(tmp), args.repeat)
            rows_by_size[label] = rows
            text = table(label, SIZES[label], rows)
            print(text, flush=True)
            parts.append(text)
        runs = ("mcstats CLI, end to end", IDS)
        for label in mem_labels:
            if label in rows_by_size:
                memory[label] = [r for r in rows_by_size[label] if r.name in runs]
            else:
                memory[label] = bench_size(label, args.data, Path(tmp), args.repeat, only=set(runs))
        if memory:
            text = memory_table(memory, {label: survey_file(label, args.data) for label in memory})
            print(text)
            parts.append(text)
    text = targets(rows_by_size, memory)
    print(text)
    parts.append(text)
    args.out.write_text("\n".join(parts))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
