"""Benchmark mcstats against a bare pyarrow read, pandas, pingouin, R psych and PSPP.

Every contender runs as its own process on the same file, in this one session, so the
ratios compare like with like. Each runs ``--repeat`` times, interleaved (round after
round of every contender, so the bare read and the mcstats run are neighbours and drift
hits both alike); the tables show medians of the wall seconds and of the CPU seconds
(user + system of the process and its threads, from ``wait4``: on a shared machine the
CPU seconds move far less than the wall seconds), and the largest peak resident memory.

The baseline is the issue's: a bare process running ``import pyarrow.csv as c;
c.read_csv(FILE)`` on the same file. Contenders that print ``WORK <seconds>`` also
report their in-process time (read + statistics, timed after the imports).

    python benchmarks/run.py --sizes 10k,100k,1m --memory 1m,10m   # writes benchmarks/results.md
    python benchmarks/run.py --sizes 10k --repeat 1 --out /tmp/x.md  # what CI runs

Contenders that are not installed (pingouin, R with psych, PSPP) are listed as skipped.
"""

from __future__ import annotations

import argparse
import functools
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
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000, "10m": 10_000_000}
SCALES = {s: [f"{s}{j}" for j in range(1, 11)] for s in "ABC"}
BASE = "pyarrow read, bare process (baseline)"
CLI = "mcstats CLI, end to end"
IDS = "mcstats CLI, ids checked too"
ALL = "mcstats CLI, every group analysis, 4-level group"
ALL_BUT_POSTHOC = "mcstats CLI, every group analysis but post hoc, 4-level group"
PLAIN4 = "mcstats CLI, 4-level group (ANOVA only)"
LIB = "mcstats library call"
R_NAME = "R psych::alpha + t.test"
#: Issue 20's point 3, literally: one scale's alpha from read.csv, nothing else.
R_ONE = "R psych::alpha(read.csv(...)), one scale (issue's command)"
#: The analyses of issue 16 that ``analyze`` offers, asked for where the CLI has them.
GROUP_ANALYSES = [
    ("--anova", []),
    ("--posthoc", ["tukey,games-howell,scheffe"]),
    ("--nonparametric", []),
    ("--item-tests", []),
    ("--crosstab", ["region,group"]),
    ("--crosstab", ["A1,region"]),
    ("--correlations", []),
    ("--item-correlations", []),
]


def read_only_code(path: Path) -> str:
    """The issue's baseline, literally: nothing but the import and the read."""
    return f"import pyarrow.csv as c; c.read_csv({str(path)!r})"


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
        f"DATA LIST LIST (',') FILE='{path}' SKIP=1 / id (F8.0) group (A1) {items} region (A5).",
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
    cpu: float | None = None


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
    cpu = usage.ru_utime + usage.ru_stime  # the process and all its threads
    return Measurement(name, wall, work, peak_mb, cpu=cpu)


def median_of(runs: list[Measurement]) -> Measurement:
    """Median wall and in-process time and the largest peak of repeated runs."""
    ok = [r for r in runs if r.wall is not None]
    if len(ok) < len(runs):
        return next(r for r in runs if r.wall is None)
    works = [r.work for r in ok if r.work is not None]
    cpus = [r.cpu for r in ok if r.cpu is not None]
    return Measurement(
        ok[0].name,
        statistics.median(r.wall for r in ok if r.wall is not None),
        statistics.median(works) if works else None,
        max(r.peak_mb for r in ok if r.peak_mb is not None),
        f"median of {len(ok)}" if len(ok) > 1 else "",
        statistics.median(cpus) if cpus else None,
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


@functools.lru_cache(maxsize=1)
def cli_options() -> frozenset[str]:
    """The options ``mcstats analyze`` has (the analyses of issue 16 land one by one)."""
    env = {**os.environ, "COLUMNS": "200"}
    text = subprocess.run(
        [sys.executable, "-m", "mcstats", "analyze", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    ).stdout
    return frozenset(w.strip("│ ,") for w in text.split() if w.startswith("--"))


def group_analysis_args(posthoc: bool = True) -> list[str]:
    have = cli_options()
    args: list[str] = []
    for flag, values in GROUP_ANALYSES:
        if flag in have and (posthoc or flag != "--posthoc"):
            args += [flag, *values]
    if not posthoc and "--posthoc" in have:
        args += ["--posthoc", "none"]
    return args


def contenders(label: str, path: Path, tmp: Path) -> list[tuple[str, list[str] | None, Path | None, str]]:
    """(name, argv or None when not installed, working folder, note) for every contender."""
    inst = HERE / "instrument.yaml"
    py = sys.executable
    out = str(tmp / label)
    mcstats = [py, "-m", "mcstats", "analyze", str(path), "--instrument", str(inst), "--out", out]
    mcstats += ["-q", "--format", "md"]
    with_ids = [*mcstats[:6], str(HERE / "instrument_ids.yaml"), *mcstats[7:]]
    # A group of 4 levels always gets its ANOVA; post hoc tests are on by default.
    plain4 = [*mcstats, "--group", "region", *(["--posthoc", "none"] if "--posthoc" in cli_options() else [])]
    rows: list[tuple[str, list[str] | None, Path | None, str]] = [
        (BASE, [py, "-c", read_only_code(path)], None, ""),
        (CLI, mcstats, ROOT, ""),
        (IDS, with_ids, ROOT, ""),
        (PLAIN4, plain4, ROOT, ""),
        (ALL_BUT_POSTHOC, [*mcstats, "--group", "region", *group_analysis_args(posthoc=False)], ROOT, ""),
        (ALL, [*mcstats, "--group", "region", *group_analysis_args()], ROOT, ""),
        (LIB, [py, "-c", LIBRARY, str(path), str(inst)], ROOT, ""),
    ]
    pingouin = [py, "-c", PINGOUIN, str(path)] if have_module("pingouin") else None
    rows.append(("pingouin alpha + ttest", pingouin, None, "skipped: not installed"))
    rows.append(("pandas read_csv + describe", [py, "-c", PANDAS_DESCRIBE, str(path)], None, ""))
    r_argv = None
    if have_r_psych():
        script = tmp / "bench.R"
        script.write_text(R_SCRIPT)
        r_argv = ["Rscript", str(script), str(path)]
    rows.append((R_NAME, r_argv, None, "skipped: R/psych not installed"))
    if label in ("10k", "100k"):  # start-up (point 3); at 1M read.csv alone takes seconds
        one = f"psych::alpha(read.csv({str(path)!r})[, paste0('A', 1:10)])"
        r_one = ["Rscript", "-e", one] if r_argv else None
        rows.append((R_ONE, r_one, None, "skipped: R/psych not installed"))
    pspp_argv = None
    if shutil.which("pspp"):
        sps = tmp / f"bench_{label}.sps"
        sps.write_text(pspp_syntax(path))
        pspp_argv = ["pspp", "-o", str(tmp / "p.txt"), str(sps)]
    rows.append(("PSPP RELIABILITY + T-TEST", pspp_argv, None, "skipped: pspp not installed"))
    return rows


def compile_package() -> None:
    """Write the bytecode of the mcstats that the runs import, as ``pip install`` does.

    With PYTHONDONTWRITEBYTECODE set (as in some shells and containers) a checkout would
    otherwise be compiled from source in every timed process: about 0.1 s of start-up
    that an installed package does not pay."""
    where = subprocess.run(
        [sys.executable, "-c", "import mcstats, os; print(os.path.dirname(mcstats.__file__))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    if where:
        subprocess.run([sys.executable, "-m", "compileall", "-q", where], capture_output=True, cwd=ROOT)


def survey_file(label: str, data_dir: Path) -> Path:
    path = data_dir / f"survey_{label}.csv"
    if not path.exists():
        make = [sys.executable, str(HERE / "make_survey.py"), "--n", str(SIZES[label]), "--seed", "1"]
        subprocess.run([*make, "--out", str(path)], check=True)
    return path


def bench_size(
    label: str, data_dir: Path, tmp: Path, repeat: int, only: set[str] | None = None, slow_once: float = 20.0
) -> list[Measurement]:
    """Every contender ``repeat`` times, interleaved (so drift hits all alike); medians.

    A contender slower than ``slow_once`` seconds on its first run (R and PSPP at 1M rows)
    is not repeated: its median would not change a verdict, and the rounds stay short."""
    path = survey_file(label, data_dir)
    runs: dict[str, list[Measurement]] = {}
    plan = [c for c in contenders(label, path, tmp) if only is None or c[0] in only]
    for _ in range(repeat):
        for name, argv, cwd, note in plan:
            if argv is None:
                runs[name] = [Measurement(name, None, None, None, note)]
                continue
            done = runs.get(name, [])
            if done and done[0].wall is not None and done[0].wall > slow_once:
                continue
            runs.setdefault(name, []).append(run_with_rusage(name, argv, cwd=cwd))
    return [median_of(runs[name]) for name, *_ in plan]


def _f(x: float | None, fmt: str = ".3f") -> str:
    return format(x, fmt) if x is not None else "—"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if (a is not None and b) else "—"


def table(label: str, n: int, rows: list[Measurement]) -> str:
    base = rows[0]
    lines = [
        f"### {label} ({n:,} respondents x 30 items)",
        "",
        "| contender | wall s | wall / baseline | CPU s | CPU / baseline | in-process s | peak MB | runs |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        if r.wall is None:
            lines.append(f"| {r.name} | — | — | — | — | — | — | {r.note} |")
            continue
        cells = [r.name, _f(r.wall), _ratio(r.wall, base.wall), _f(r.cpu), _ratio(r.cpu, base.cpu)]
        cells += [_f(r.work), _f(r.peak_mb, ".0f"), r.note or "1"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def memory_table(results: dict[str, list[Measurement]], files: dict[str, Path]) -> str:
    """Peak memory of the streaming CLI by size, and its growth over the smallest."""
    lines = [
        "### Streaming memory: mcstats CLI end to end",
        "",
        "| respondents | file MB | run | wall s | CPU s | peak MB | peak / smallest |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    first = {m.name: m.peak_mb for m in next(iter(results.values()))}
    for label, ms in results.items():
        size = files[label].stat().st_size / 1e6
        for m in ms:
            if m.wall is None or m.peak_mb is None or not first.get(m.name):
                lines.append(f"| {SIZES[label]:,} | {size:.0f} | {m.name} | — | — | — | — |")
                continue
            growth = m.peak_mb / first[m.name]  # type: ignore[operator]
            cells = [f"{SIZES[label]:,}", f"{size:.0f}", m.name, f"{m.wall:.2f}", _f(m.cpu, ".2f")]
            cells += [f"{m.peak_mb:.0f}", f"{growth:.2f}"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _by(rows: list[Measurement], name: str) -> Measurement:
    return next(r for r in rows if r.name == name)


def targets(rows_by_size: dict[str, list[Measurement]], memory: dict[str, list[Measurement]]) -> str:
    """The issue's targets (issue 20), each with the measured value and met / NOT met."""
    lines = ["### Targets", ""]
    if "1m" in rows_by_size:
        rows = rows_by_size["1m"]
        base, cli, ids = _by(rows, BASE), _by(rows, CLI), _by(rows, IDS)
        if base.wall and cli.wall:
            r = cli.wall / base.wall
            cpu = f"; CPU {_ratio(cli.cpu, base.cpu)}"
            lines.append(
                f"- 1. 1M: CLI / bare pyarrow read, wall = {r:.2f}{cpu} (target 1.5): {_verdict(r <= 1.5)}"
            )
        for m in (cli, ids):
            if m.peak_mb:
                ok = m.peak_mb <= 200
                lines.append(
                    f"- 2. 1M: peak memory of {m.name} {m.peak_mb:.0f} MB (target 200): {_verdict(ok)}"
                )
        plain = _by(rows, PLAIN4)
        for every in (_by(rows, ALL), _by(rows, ALL_BUT_POSTHOC)):
            if plain.wall and every.wall:
                r = every.wall / plain.wall
                what = "every group analysis" + (" but post hoc" if every.name == ALL_BUT_POSTHOC else "")
                lines.append(
                    f"- 4. 1M, 4-level group: {what} / ANOVA only, wall = {r:.2f}; CPU "
                    f"{_ratio(every.cpu, plain.cpu)} (target 1.2): {_verdict(r <= 1.2)}"
                )
    if len(memory) >= 2:
        for name in (m.name for m in next(iter(memory.values()))):
            peaks = [p for ms in memory.values() if (p := _by(ms, name).peak_mb) is not None]
            if len(peaks) == len(memory):
                growth = max(peaks) / peaks[0] - 1
                lines.append(
                    f"- 2. {name}: peak memory from {', '.join(memory)} grows {growth:+.0%} "
                    f"(target within 10%): {_verdict(growth <= 0.10)}"
                )
    if "10k" in rows_by_size:
        rows = rows_by_size["10k"]
        cli = _by(rows, CLI)
        # The issue's command (one scale) is the verdict; R doing mcstats' work is shown too.
        for r_name, what in ((R_ONE, "the issue's R command, one scale"), (R_NAME, "R doing the same work")):
            r_run = _by(rows, r_name)
            if cli.wall and r_run.wall:
                verdict = _verdict(cli.wall < r_run.wall) if r_name == R_ONE else "for comparison"
                lines.append(
                    f"- 3. 10k: whole mcstats process {cli.wall:.3f} s vs {what} {r_run.wall:.3f} s "
                    f"wall (CPU {_f(cli.cpu)} vs {_f(r_run.cpu)}): {verdict}"
                )
    for label, rows in rows_by_size.items():
        lib = _by(rows, LIB)
        for other in ("pingouin alpha + ttest", R_NAME):
            o = _by(rows, other)
            if o.wall is None or lib.work is None or o.work is None:
                continue
            # A comparison the issue does not set as a target: said as faster or slower.
            lines.append(
                f"- {label}: statistics in process (read + compute, after the imports) "
                f"{lib.work:.3f} s vs {other.split()[0]} {o.work:.3f} s: "
                f"{'faster' if lib.work < o.work else 'slower'} (for comparison, not a target)"
            )
    return "\n".join(lines) + "\n"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma list of " + ", ".join(SIZES))
    ap.add_argument("--memory", default="", help="sizes for the streaming memory table, e.g. 1m,10m")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each contender (median shown)")
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
    compile_package()
    load_before = load_line()
    print(f"Machine: {machine()}; {load_before}", flush=True)
    parts = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}. Cores: {os.cpu_count()}.",
        f"Date: {time.strftime('%Y-%m-%d %H:%M')}. Command: `{command}`.",
        f"Load at the start: {load_before}.",
        "",
        "Wall and CPU seconds are whole processes (start-up included), medians of the runs;",
        "CPU is user + system time of the process and its threads. The baseline is a bare",
        "process running `import pyarrow.csv as c; c.read_csv(FILE)` on the same file. Each",
        f"contender ran up to {args.repeat} time(s), interleaved round by round with the others",
        "(one run where the first took over 20 s); peak MB is the largest maximum resident set.",
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
        runs = (CLI, IDS)
        for label in mem_labels:
            if label in rows_by_size:
                memory[label] = [r for r in rows_by_size[label] if r.name in runs]
            else:
                reps = max(1, min(args.repeat, 3))
                memory[label] = bench_size(label, args.data, Path(tmp), reps, only=set(runs))
        if memory:
            text = memory_table(memory, {label: survey_file(label, args.data) for label in memory})
            print(text)
            parts.append(text)
    text = targets(rows_by_size, memory)
    print(text)
    parts.append(text)
    parts.append(f"Load at the end: {load_line()}.\n")
    args.out.write_text("\n".join(parts))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
