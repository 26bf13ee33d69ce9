"""scipy.special's compiled functions without the package's start-up (issue 20, point 3).

The statistics use a handful of scipy.special's ufuncs (``stdtr``, ``stdtrit``, ``fdtrc``,
``fdtri``, ``fdtr``, ``ncfdtr``, ``chdtrc``, ``ndtr``, ``ndtri``). They live in the compiled
module ``scipy.special._ufuncs``; importing ``scipy.special`` itself also runs its array-API
layer (``_support_alternative_backends`` and ``array_api_compat``), which copies numpy's
namespace, wraps functions for other array libraries and costs about 0.07 s of every
``mcstats analyze`` (the ufuncs alone cost about 0.01 s).

So, when ``scipy.special`` is not imported yet, ``_ufuncs`` is imported under a placeholder
package: a bare module named ``scipy.special`` whose ``__path__`` is scipy's own
``special`` folder stands in ``sys.modules`` while ``scipy.special._ufuncs`` is imported
and is removed at once. The functions are the same objects a later ``import scipy.special``
(or ``scipy.stats``) exports: that import finds ``scipy.special._ufuncs`` in
``sys.modules`` and reuses it, so the values are scipy's to the last bit
(tests/test_special.py). If anything in this fails (another scipy layout), ``special`` is
``scipy.special`` itself, as before.

Importing ``_ufuncs`` set its compiled helpers (``_ufuncs_cxx``, ``_special_ufuncs``,
``_gufuncs``, ...) as attributes of the placeholder, and scipy reads some of them as
attributes of the package (``scipy.special.seterr`` reads ``scipy.special._special_ufuncs``).
So a one-time import hook (:class:`_Completer`) puts them on the real package when it is
imported later, before its ``__init__`` runs, as an ordinary import would have; the
package's loader and spec are scipy's own.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

_PACKAGE = "scipy.special"


def _package_lock() -> Any:
    """The import system's lock of ``scipy.special``, so that another thread importing it
    meanwhile waits for the real package instead of taking the placeholder (a private
    helper of importlib: no lock if it is not there)."""
    bootstrap = getattr(importlib, "_bootstrap", None)
    manager = getattr(bootstrap, "_ModuleLockManager", None)
    return manager(_PACKAGE) if manager is not None else contextlib.nullcontext()


class _Completer:
    """Import hook for the one later import of ``scipy.special``: its module starts with the
    compiled helpers ``_ufuncs`` brought (as attributes); the hook then removes itself."""

    def __init__(self, helpers: dict[str, types.ModuleType]) -> None:
        self.helpers = helpers

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != _PACKAGE:
            return None
        # A new list: the import system may be iterating the old one right now.
        sys.meta_path = [finder for finder in sys.meta_path if finder is not self]
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        self.loader, spec.loader = spec.loader, self  # for create_module only
        return spec

    def create_module(self, spec: Any) -> types.ModuleType:
        spec.loader = self.loader  # scipy's loader again: it runs the package's __init__
        module = self.loader.create_module(spec) or types.ModuleType(spec.name)
        for name, helper in self.helpers.items():
            setattr(module, name, helper)
        return module

    def exec_module(self, module: types.ModuleType) -> None:  # not called: create_module
        self.loader.exec_module(module)  # gave the spec its own loader back


def _ufuncs_alone() -> types.ModuleType:
    """``scipy.special._ufuncs`` imported under a placeholder ``scipy.special`` package."""
    spec = importlib.util.find_spec(_PACKAGE)  # imports scipy (not scipy.special)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(_PACKAGE)
    placeholder = types.ModuleType(_PACKAGE)
    placeholder.__path__ = list(spec.submodule_search_locations)
    placeholder.__spec__ = importlib.machinery.ModuleSpec(_PACKAGE, None, is_package=True)
    placeholder.__spec__._initializing = True  # type: ignore[attr-defined]  # others wait for the lock
    with _package_lock():
        if _PACKAGE in sys.modules:  # imported meanwhile by another thread
            return sys.modules[_PACKAGE]
        sys.modules[_PACKAGE] = placeholder
        try:
            ufuncs = importlib.import_module(_PACKAGE + "._ufuncs")
        finally:
            if sys.modules.get(_PACKAGE) is placeholder:
                del sys.modules[_PACKAGE]
    helpers = {k: v for k, v in vars(placeholder).items() if isinstance(v, types.ModuleType)}
    sys.meta_path.insert(0, _Completer(helpers))
    return ufuncs


def _load() -> types.ModuleType:
    if _PACKAGE not in sys.modules:
        try:
            return _ufuncs_alone()
        except Exception:  # any surprise: the package itself, as before
            pass
    from scipy import special

    return special


#: ``scipy.special._ufuncs`` (or ``scipy.special`` where that is imported already or the
#: placeholder did not work): ``special.stdtr`` etc. are scipy.special's ufuncs.
special: Any = _load()
