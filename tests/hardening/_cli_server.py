"""A pre-started ``mcstats`` command line that forks one process per command.

Starting Python and importing numpy, scipy and pandas takes a few seconds of CPU for
every ``python -m mcstats``; the corpus has close to a hundred cases. This server imports
the CLI once and then, for each request, forks a fresh child process that runs
``mcstats.cli.main(argv)`` exactly as ``python -m mcstats`` does: its own working folder,
stdout and stderr (at the file-descriptor level), environment and exit code; an uncaught
exception prints the interpreter's traceback and exits 1, as the interpreter would.
``tests/hardening/test_corpus.py`` checks a sample of cases against real
``python -m mcstats`` processes, so that the two cannot drift apart.

Protocol: one JSON request per line on stdin, ``{"argv", "cwd", "stdout", "stderr",
"env"}``; one JSON reply per line on stdout, ``{"rc": exit code}``.
"""

from __future__ import annotations

import json
import os
import sys


def _child(req: dict[str, object]) -> None:
    code = 1
    try:
        os.chdir(str(req["cwd"]))
        os.environ.update({str(k): str(v) for k, v in dict(req["env"]).items()})  # type: ignore[call-overload]
        for fd, name in ((1, "stdout"), (2, "stderr")):
            f = os.open(str(req[name]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(f, fd)
            os.close(f)
        sys.stdin = open(os.devnull)  # noqa: SIM115
        argv = [str(a) for a in list(req["argv"])]  # type: ignore[call-overload]
        sys.argv = ["mcstats", *argv]
        from mcstats.cli import main

        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            sys.excepthook(*sys.exc_info())
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    import mcstats.cli
    import mcstats.pipeline  # noqa: F401

    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(req)
        _, status = os.waitpid(pid, 0)
        rc = os.waitstatus_to_exitcode(status)
        out.write(json.dumps({"rc": rc}) + "\n")
        out.flush()


if __name__ == "__main__":
    serve()
