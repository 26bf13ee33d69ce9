"""Start-up of a command: numpy's optional submodules stay unloaded until something uses them,
and typer coerces plain options without pydantic (:func:`light_typer_coercion`, below).

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

import dataclasses
import importlib.util
import math
import re
import sys
from pathlib import Path
from typing import Any

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


# --- typer's options without pydantic -------------------------------------------------------
#
# typer 0.29 coerces every parameter value (the command line's strings and the defaults)
# through a pydantic TypeAdapter built per parameter: importing pydantic and building the
# ~35 adapters of ``mcstats analyze`` is about 0.1 s of every run (issue 20, point 3). The
# options of mcstats are plain (str, int, float, bool, Path, list[str]), and for the values
# below the adapters' result is a plain Python conversion. :func:`light_typer_coercion`
# gives those parameters a coercion that does that conversion and hands every other value
# (anything it is not sure of: another annotation, a parse it does not take, a failure) to
# typer's own runtime parameter, built on first need, so error messages are typer's word
# for word. tests/cli/test_typer_coercion.py compares both ways on every option.

#: Why a value was not taken here (typer's own coercion decides it).
_UNSURE: Any = object()
_INT = re.compile(r"[+-]?[0-9]{1,18}")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
#: pydantic's strings for a bool (any case), after typer strips the value.
_BOOLS = {"true": True, "1": True, "on": True, "t": True, "y": True, "yes": True,
          "false": False, "0": False, "off": False, "f": False, "n": False, "no": False}


def _typer_internals() -> tuple[Any, Any, Any] | None:
    """typer's core, _coercion and _param_types modules if they have the shape the light
    coercion was written for (typer 0.29), else None: then typer is left alone."""
    try:
        import typer
        from typer import _coercion, _param_types, core

        ok = (
            typer.__version__.split(".")[:2] == ["0", "29"]
            and callable(getattr(core._TyperParameter, "get_runtime_param", None))
            and core.build_runtime_param is _coercion.build_runtime_param
            and callable(getattr(_coercion.RuntimeParam, "_coerce_value", None))
            and callable(getattr(_coercion.RuntimeParam, "coerce", None))
            and {"annotation", "parameter_info", "file_annotation"} <= set(_coercion.TypeDescriptor.__dataclass_fields__)
            and {"annotation", "parameter_info"} == set(_coercion.RuntimeParam.__dataclass_fields__)
            and callable(_param_types.coerce_cli_path)
            and callable(_param_types.routes_to_path)
        )
    except Exception:  # another typer: leave it alone
        return None
    return (core, _coercion, _param_types) if ok else None


def _kind(descriptor: Any, routes_to_path: Any) -> str | None:
    """Which plain conversion a parameter takes (None: typer's own coercion only)."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or getattr(info, "parser", None) is not None:
        return None
    annotation = descriptor.annotation
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation in (int, float):
        return annotation.__name__ if info.min is None and info.max is None else None
    if annotation is Path and routes_to_path(annotation, info) and info.path_type is None:
        return "path" if not info.allow_dash else None
    if annotation == list[str]:
        return "list_str"
    return None


def _plain(kind: str, value: Any) -> Any:
    """The value as typer's adapters would return it, or _UNSURE."""
    kind_of = type(value)
    if kind == "str":
        return value if kind_of is str else _UNSURE
    if kind == "int":
        if kind_of is int:
            return value
        return int(value) if kind_of is str and _INT.fullmatch(value) else _UNSURE
    if kind == "float":
        if kind_of is float:
            return value
        if kind_of is int and abs(value) <= 2**53:
            return float(value)
        if kind_of is str and _FLOAT.fullmatch(value):
            number = float(value)
            return number if math.isfinite(number) else _UNSURE
        return _UNSURE
    if kind == "bool":
        if kind_of is bool:
            return value
        if kind_of is str and value.isascii():
            stripped = value.strip()
            return False if stripped == "" else _BOOLS.get(stripped.lower(), _UNSURE)
        return _UNSURE
    if kind == "list_str":
        if kind_of in (list, tuple) and all(type(item) is str for item in value):
            return list(value)
        return _UNSURE
    return _UNSURE


def light_typer_coercion() -> bool:
    """Give typer's parameters the light coercion (see above); True if it is in place.

    Idempotent; does nothing (False) when typer's internals are not the expected ones.
    """
    internals = _typer_internals()
    if internals is None:
        return False
    core, coercion, param_types = internals
    parameter = core._TyperParameter
    if getattr(parameter.get_runtime_param, "_mcstats_light", False):
        return True
    typers_own = parameter.get_runtime_param
    build = coercion.build_runtime_param
    coerce_cli_path = param_types.coerce_cli_path

    @dataclasses.dataclass(frozen=True)
    class LightRuntimeParam(coercion.RuntimeParam):  # type: ignore[name-defined]
        """Plain conversions; typer's own runtime parameter for anything else."""

        kind: str
        descriptor: Any
        typers: list[Any] = dataclasses.field(default_factory=list)  # built on first need

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.kind == "path":
                # typer: pydantic's Path(value), then its checks; the messages quote the
                # value as given, so only values that Path leaves as they are go this way.
                if type(value) is str and str(path := Path(value)) == value:
                    info = self.parameter_info
                    return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)
                if isinstance(value, Path):  # a default: typer's own steps, no pydantic in them
                    return coerce_cli_path(value, self.parameter_info, path_type=Path, param=param, ctx=ctx)
            else:
                result = _plain(self.kind, value)
                if result is not _UNSURE:
                    return result
            if not self.typers:
                self.typers.append(build(self.descriptor))
            return self.typers[0]._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            kind = _kind(descriptor, param_types.routes_to_path)
            if kind is None:
                return typers_own(self)
            self._runtime_param = LightRuntimeParam(
                annotation=descriptor.annotation,
                parameter_info=descriptor.parameter_info,
                kind=kind,
                descriptor=descriptor,
            )
        return self._runtime_param

    get_runtime_param._mcstats_light = True  # type: ignore[attr-defined]
    get_runtime_param.__doc__ = typers_own.__doc__
    parameter.get_runtime_param = get_runtime_param
    return True
