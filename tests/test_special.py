"""mcstats.stats._special: scipy.special's ufuncs without the package's array-API layer.

Each case runs in a fresh interpreter (the test process has imported scipy.special long
ago). The reference values are scipy's own: scipy.special's and scipy.stats' functions,
imported after mcstats in the same process, must be the same objects and give the same
values to the last bit; scipy.special must work as an ordinary import (its error state,
its helpers as attributes, its own loader).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Values on a grid from mcstats' functions, computed before scipy.special is imported.
GRID = """
import math, sys
import numpy as np
from mcstats.stats import distributions as d
from mcstats.stats._special import special

rng = np.random.default_rng(7)
cases = []
for _ in range(500):
    df = float(rng.choice([1.0, 2.5, 30.0, 1e6])) * float(rng.random()) + 0.5
    x, q, f = float(rng.normal()) * 5, float(rng.random()), float(rng.random()) * 10
    dfn, dfd = int(rng.integers(1, 50)), int(rng.integers(2, 5000))
    cases.append((df, x, q, f, dfn, dfd))
mine = [
    (d.t_sf(x, df), d.t_ppf(q, df), d.f_sf(f, dfn, dfd), d.f_ppf(q, dfn, dfd), d.norm_ppf(q),
     d.norm_sf(x), d.chi2_sf(f, dfn), float(special.ncfdtr(dfn, dfd, q * 3, f)),
     float(special.fdtr(dfn, dfd, f)))
    for df, x, q, f, dfn, dfd in cases
]
"""

#: The same values from scipy (imported after mcstats) and scipy.special's state.
CHECK = """
import scipy.special as sc
from scipy import stats as sps
names = ("stdtr", "stdtrit", "fdtrc", "fdtri", "fdtr", "ncfdtr", "chdtrc", "ndtr", "ndtri")
assert all(getattr(sc, n) is getattr(special, n) for n in names), "not the same ufuncs"
theirs = [
    (float(sps.t.sf(x, df)), float(sps.t.ppf(q, df)), float(sps.f.sf(f, dfn, dfd)),
     float(sps.f.ppf(q, dfn, dfd)), float(sps.norm.ppf(q)), float(sps.norm.sf(x)),
     float(sps.chi2.sf(f, dfn)), float(sps.ncf.cdf(f, dfn, dfd, q * 3)),
     float(sps.f.cdf(f, dfn, dfd)))
    for df, x, q, f, dfn, dfd in cases
]
same = lambda a, b: (math.isnan(a) and math.isnan(b)) or a == b
bad = [(c, m, t) for c, m, t in zip(cases, mine, theirs) if not all(map(same, m, t))]
assert not bad, bad[:3]
# scipy.special is an ordinary package: its error state works (it reads its compiled
# helpers as attributes), its loader is scipy's, and no import hook is left.
with sc.errstate(domain="raise"):
    try:
        sc.ndtri(2.0)
        raise AssertionError("errstate was not applied")
    except sc.SpecialFunctionError:
        pass
assert sc.geterr()["domain"] == "ignore"
for helper in ("_ufuncs", "_ufuncs_cxx", "_special_ufuncs", "_gufuncs"):
    assert getattr(sc, helper) is sys.modules["scipy.special." + helper], helper
assert sc.__spec__.loader is sc.__loader__ and type(sc.__loader__).__module__.startswith("_frozen")
assert not any(type(f).__module__ == "mcstats.stats._special" for f in sys.meta_path)
print("OK")
"""


def run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_ufuncs_without_the_array_api_layer_equal_scipy_stats() -> None:
    out = run(
        GRID
        + """
assert special.__name__ == "scipy.special._ufuncs", special.__name__
assert "scipy.special" not in sys.modules
layer = [m for m in sys.modules if m.startswith(("scipy._lib._array_api", "scipy._lib.array_api_compat"))]
assert layer == [], layer
"""
        + CHECK
    )
    assert out.strip() == "OK"


def test_analyses_import_no_array_api_layer() -> None:
    out = run(
        """
import sys
import mcstats.analysis, mcstats.group_analyses
import mcstats.stats.crosstab, mcstats.stats.ranks, mcstats.stats.polychoric
import mcstats.stats.studentized_range, mcstats.stats.anova
from mcstats.stats.anova import eta_squared_ci
eta_squared_ci(4.5308920658807805, 3, 14, 18)
print(sorted(m for m in sys.modules if m == "scipy.special" or m.startswith("scipy._lib._array_api")))
"""
    )
    assert out.strip() == "[]"


def test_falls_back_to_scipy_special_when_the_placeholder_fails() -> None:
    out = run(
        """
import importlib.util
real = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name == "scipy.special" else real(name, *a)
"""
        + GRID
        + """
importlib.util.find_spec = real
assert special is sys.modules["scipy.special"], special
"""
        + CHECK
    )
    assert out.strip() == "OK"


def test_uses_scipy_special_when_it_is_imported_already() -> None:
    out = run(
        """
import scipy.special
"""
        + GRID
        + """
assert special is sys.modules["scipy.special"], special
"""
        + CHECK
    )
    assert out.strip() == "OK"
