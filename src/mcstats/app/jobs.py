"""Uploaded files and results of one run of the page, in one temporary folder.

Every upload gets a job: a folder named by a random id inside the session folder, which is
removed when the program stops. The user's file name is shown (escaped) and written into
reports as text, but never used as a path: the file is stored as ``upload`` plus an
extension taken from a fixed list.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcstats.app.forms import InstrumentForm

#: Extensions of files the page stores, by what they are.
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".sav", ".parquet")
#: A KoboToolbox/ODK form (XLSForm) uploaded beside its export.
XLSFORM_SUFFIXES = (".xlsx",)
#: Published values and quick-check tables; papers add the suffixes the audit reads.
AUDIT_SUFFIXES = (".yaml", ".yml", ".csv", ".tsv")
_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def stored_suffix(name: str, allowed: tuple[str, ...]) -> str | None:
    """The extension of a user's file name if it is one of ``allowed`` (lower case), else None.

    >>> stored_suffix("../../x.CSV", DATA_SUFFIXES), stored_suffix("<script>.csv", DATA_SUFFIXES)
    ('.csv', '.csv')
    >>> stored_suffix("survey.exe", DATA_SUFFIXES) is None
    True
    """
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot >= 0 else ""
    return suffix if suffix in allowed else None


@dataclass
class Job:
    """One upload and what was made from it."""

    id: str
    dir: Path
    kind: str
    display_name: str = ""
    data_path: Path | None = None
    xlsform_path: Path | None = None  # the XLSForm uploaded with a Kobo export
    xlsform_name: str = ""
    base_doc: dict[str, Any] = field(default_factory=dict)
    form: InstrumentForm | None = None
    draft_notes: list[str] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)
    shape: tuple[int, int] = (0, 0)
    status: str = "idle"  # idle, running, done, failed
    rows: int = 0
    started: float = 0.0
    error: str = ""
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0
    data_problem: bool = False
    document: dict[str, Any] | None = None
    files: dict[str, Path] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def path(self, name: str) -> Path:
        """A path inside the job's folder for a name chosen by the program."""
        return self.dir / name

    def start(self, work: Callable[[Job], None]) -> None:
        """Run ``work(job)`` in a worker thread, so that the page stays responsive."""
        with self.lock:
            self.status = "running"
            self.rows = 0
            self.error = ""
            self.problems = []
            self.more_problems = 0
            self.data_problem = False
            self.started = time.monotonic()
        threading.Thread(target=work, args=(self,), name=f"mcstats-app-{self.kind}", daemon=True).start()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started if self.started else 0.0


class Workspace:
    """The session's temporary folder and its jobs; :meth:`close` removes everything."""

    def __init__(self, parent: str | Path | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="mcstats-app-", dir=parent))
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new_job(self, kind: str) -> Job:
        job_id = secrets.token_urlsafe(18)
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        job = Job(id=job_id, dir=folder, kind=kind)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def job(self, job_id: str, kind: str | None = None) -> Job | None:
        """The job of an id from a request (checked against the id pattern), or None."""
        if not _JOB_ID.match(job_id):
            return None
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or (kind is not None and job.kind != kind):
            return None
        return job

    def close(self) -> None:
        """Remove the session folder and everything in it."""
        with self._lock:
            self._jobs.clear()
        shutil.rmtree(self.root, ignore_errors=True)
