"""Start-up of a command: numpy's optional submodules stay unloaded until something uses them.

numpy loads its public submodules (``f2py``, ``testing``, ``random``, ``ma``, ``polynomial``,
...) on first use. SciPy's array-API layer, which ``scipy.special`` imports (the t, F and
normal functions of every analysis, :mod:`mcstats.stats.distributions`), copies numpy's
namespace attribute by attribute and so loads every one of them: ``numpy.f2py`` alone
(with ``charset_normalizer``) is about 0.1 s, and together they are a fifth of
``mcstats analyze`` on a small file (issue 20, point 3). Registering them as lazy modules
(:class:`importlib.util.LazyLoader`, the standard library's recipe) keeps them unloaded
until an attribute of one is read; then it loads as it would have.
"""

from __future__ import annotations

import importlib.util
import sys

#: numpy submodules that an analysis does not use (loaded on first use all the same).
DEFERRED = ("f2py", "testing", "random", "ma", "polynomial", "fft", "ctypeslib", "char", "rec", "strings")


def defer_numpy_submodules() -> None:
    """Register numpy's optional submodules as lazy modules (those not loaded yet).

    Examples
    --------
    >>> import numpy
    >>> defer_numpy_submodules()
    >>> numpy.polynomial.Polynomial([1, 2])(3.0)  # used: it loads, and works as always
    np.float64(7.0)
    """
    import numpy

    for child in DEFERRED:
        name = f"numpy.{child}"
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        loader = importlib.util.LazyLoader(spec.loader)
        spec.loader = loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        setattr(numpy, child, module)
