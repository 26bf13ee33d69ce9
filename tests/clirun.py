"""Run the ``mcstats`` command line from a test: in the test's process, or as a real process.

:func:`run_cli` calls :func:`mcstats.cli.main` in this process, with stdin, stdout, stderr,
the environment and the working folder swapped as a subprocess would have them, and returns
what ``subprocess.run([sys.executable, "-m", "mcstats", *args], capture_output=True, text=True)``
returns: the exit code, stdout and stderr. It saves the second or so that every new Python
spends importing numpy, pandas and scipy, which is most of a CLI test's time. An exception
that escapes ``main`` is written to stderr as Python writes it (a traceback, exit code 1),
so a test that checks for "no traceback" sees one if the command line would show one.

:func:`run_process` is the real thing (``python -m mcstats`` in a new process: the entry
point, the quick exit, imports from scratch); the end-to-end tests that use it are marked
slow, at least one per subcommand.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

#: What ``run`` is in a test parametrized by :func:`both_ways`.
Runner = Callable[..., "subprocess.CompletedProcess[str]"]

#: How the command is shown in usage lines and in CompletedProcess.args.
PROG = "python -m mcstats"


@contextlib.contextmanager
def _cwd(path: str | Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _env_changes(env: Mapping[str, str] | None) -> dict[str, str | None]:
    """A subprocess's whole environment as changes to this one (None: unset)."""
    if env is None:
        return {}
    changes: dict[str, str | None] = {k: v for k, v in env.items() if os.environ.get(k) != v}
    changes.update({k: None for k in os.environ if k not in env})
    return changes


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("text"): Python prints it and exits 1
    return 1


def run_cli(
    *args: str,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    input: str | bytes | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m mcstats *args`` run in this process; ``timeout`` is accepted and ignored."""
    from click.testing import CliRunner

    from mcstats.cli import main

    runner = CliRunner()
    with _cwd(cwd), runner.isolation(input=input, env=_env_changes(env)) as (out, err, _):
        try:
            main(list(args), prog_name=PROG)
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace").replace("\r\n", "\n")
        stderr = err.getvalue().decode("utf-8", "replace").replace("\r\n", "\n")
    return subprocess.CompletedProcess([PROG, *args], code, stdout, stderr)


def run_process(
    *args: str,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m mcstats *args`` in a new process (the end-to-end path)."""
    return subprocess.run(
        [sys.executable, "-m", "mcstats", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=None if env is None else dict(env),
        input=input,
        timeout=timeout,
    )


def both_ways() -> pytest.MarkDecorator:
    """Parametrize a test's ``run`` argument: in this process, and (slow) as a real process.

    The real-process case checks what only a new process shows: the ``python -m mcstats``
    entry point, imports from scratch, and that nothing reaches stderr as a traceback.
    """
    return pytest.mark.parametrize(
        "run",
        [
            pytest.param(run_cli, id="in-process"),
            pytest.param(run_process, id="process", marks=pytest.mark.slow),
        ],
    )
