"""Time and example budgets for the hypothesis fuzz tests.

Hypothesis has no wall-clock limit, so the fuzz tests bound their running time
themselves: after ``MCSTATS_FUZZ_SECONDS`` (default 10 s per test) the remaining examples
return at once. Nothing asserts on time: the budget only decides how much fuzzing a run
does. Once an example fails, the budget is switched off so that hypothesis can shrink
the failure without its examples turning into no-ops.

Longer runs: ``MCSTATS_HYPOTHESIS_RANDOM=1 MCSTATS_FUZZ_SECONDS=600 MCSTATS_FUZZ_EXAMPLES=100000
python3 -m pytest tests/hardening/test_fuzz.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

FUZZ_SECONDS = float(os.environ.get("MCSTATS_FUZZ_SECONDS", "10"))
FUZZ_EXAMPLES = int(os.environ.get("MCSTATS_FUZZ_EXAMPLES", "400"))
PROPERTY_EXAMPLES = int(os.environ.get("MCSTATS_PROPERTY_EXAMPLES", "40"))
#: Reproducible by default: hypothesis derives its examples from each test, so every run
#: (and CI) tries the same ones and a failure can be re-run as it was. For exploring, set
#: MCSTATS_HYPOTHESIS_RANDOM=1 (new examples each run) with more examples, e.g.
#: ``MCSTATS_HYPOTHESIS_RANDOM=1 MCSTATS_PROPERTY_EXAMPLES=600 python3 -m pytest tests/hardening``.
DERANDOMIZE = os.environ.get("MCSTATS_HYPOTHESIS_RANDOM") != "1"


class Budget:
    """A per-test time budget, started by the first example."""

    def __init__(self, seconds: float = FUZZ_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.end: float | None = None
        self.failed = False
        self.examples = 0

    def spent(self) -> bool:
        """True once the budget is used up (never after a failure)."""
        if self.failed:
            return False
        now = self.clock()
        if self.end is None:
            self.end = now + self.seconds
        return now > self.end

    @contextmanager
    def example(self) -> Iterator[None]:
        """Wrap one example's body: a failure switches the budget off."""
        self.examples += 1
        try:
            yield
        except BaseException:
            self.failed = True
            raise
