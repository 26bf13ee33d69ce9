"""``mcstats app`` from the command line: the printed address, the token, the exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from clirun import Runner, both_ways, run_cli


def test_help_names_the_options() -> None:
    proc = run_cli("app", "--help")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for option in ("--port", "--host", "--no-browser", "--max-upload-mb"):
        assert option in out


@both_ways()
def test_a_bad_upload_limit_is_a_usage_error(run: Runner) -> None:
    proc = run("app", "--no-browser", "--max-upload-mb", "0")
    assert proc.returncode == 2
    assert "mcstats: usage error: --max-upload-mb must be more than 0" in proc.stderr


@pytest.mark.slow
def test_serves_until_interrupted_then_removes_its_folder(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mcstats", "app", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("mcstats app: open http://127.0.0.1:"), line
        url = line.split("open ", 1)[1].strip()
        assert "token=" in url
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url.split("?")[0] + "analyze", timeout=10)
        assert refused.value.code == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url, timeout=10) as r:
            assert r.status == 200
        assert list(tmp_path.glob("mcstats-app-*"))
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
    assert code == 0, proc.stderr.read() if proc.stderr else ""
    assert not list(tmp_path.glob("mcstats-app-*"))
