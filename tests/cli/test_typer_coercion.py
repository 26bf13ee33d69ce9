"""The light coercion of typer's options (mcstats.cli._startup) gives typer's own answers.

The reference is typer's own runtime parameter (pydantic's adapters), built for the same
parameter of the real command tree: for every option and argument of every subcommand, a
value the light path takes must come out equal and of the same type, and a value it does
not take must give typer's error message word for word.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main

from clirun import run_cli
from mcstats.cli import _startup, app

#: Valid values per annotation (command-line strings and the types defaults have).
VALID: dict[str, list[Any]] = {
    "str": ["abc", "a b", "", "é", "md,html", "-", "x\udcff", "Q1-Q30"],
    "int": ["0", "7", "-3", "+12", "007", "-0", "999999999999999999", 5, 0],
    "float": ["0.05", "1e-3", ".5", "-2", "3.", "+1.5", "-0.0", "2.2250738585072011e-308",
              "4.9e-324", "1e-400", "123456789012345678901234567890", "0.1000000000000000055511151231257827",
              "1E+3", 0.05, 200, -7],
    "bool": ["true", "False", "1", "0", "yes", "OFF", " y ", "", "T", "nO", True, False],
    "Path": ["data.csv", "dir/sub/file.csv", "/", "..", "a b.csv", "x\udcff.csv", "-",
             "", "a//b/", "./c", Path("data/reconstructed")],
    "list[str]": [("a", "b"), ["Q1"], ()],
}

#: Values typer refuses (the message must be typer's own).
INVALID: dict[str, list[Any]] = {
    "int": ["abc", "1.5", "", "1e3", "٣", " 5x"],
    "float": ["x", "1e", "", "0x1p3", "1.5.2"],
    "bool": ["maybe", "2", "yess"],
    "list[str]": ["abc"],
}

#: Values the light path leaves to typer although they are valid (typer's answer stands).
HANDED_ON: dict[str, list[Any]] = {
    "int": [" 5", "1_000", "1.0", "9" * 30, True],
    "float": ["nan", "inf", "1e400", "1_0.5", " 1.5", True],
    "bool": ["é"],
    "str": [b"bytes"],
}


def _params() -> list[tuple[str, Any]]:
    out = []

    def walk(command: Any, path: str) -> None:
        for param in command.params:
            out.append((f"{path} {param.name}", param))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return out


PARAMS = _params()


def _key(param: Any) -> str:
    annotation = param.type_descriptor.annotation
    return getattr(annotation, "__name__", None) if isinstance(annotation, type) else str(annotation)


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except typer.BadParameter as exc:
        return "error", exc.format_message()
    return "value", (type(result), repr(result))  # repr: nan and -0.0 compare as written


def test_the_light_coercion_is_in_place() -> None:
    assert getattr(typer.core._TyperParameter.get_runtime_param, "_mcstats_light", False)
    assert _startup.light_typer_coercion() is True  # idempotent


def test_every_parameter_kind_is_covered() -> None:
    kinds = {_key(p) for _, p in PARAMS}
    assert kinds <= set(VALID), kinds - set(VALID)
    light = [name for name, p in PARAMS if type(p.get_runtime_param()).__name__ == "LightRuntimeParam"]
    assert len(light) == len(PARAMS), sorted({n for n, _ in PARAMS} - set(light))


@pytest.mark.parametrize(("name", "param"), PARAMS, ids=[n for n, _ in PARAMS])
def test_same_values_and_messages_as_typers_own(name: str, param: Any, tmp_path: Path) -> None:
    ctx = typer.core._click.Context(typer.main.get_command(app))
    light = param.get_runtime_param()
    own = typer.core.build_runtime_param(param.type_descriptor)
    assert type(own).__name__ == "AdapterRuntimeParam"
    key = _key(param)
    values = VALID[key] + INVALID.get(key, []) + HANDED_ON.get(key, []) + [None, param.default]
    if key == "Path":
        existing = tmp_path / "f.csv"
        existing.write_text("x")
        values += [str(existing), str(tmp_path), str(tmp_path) + "/", existing]
    for value in values:
        assert _outcome(light, value, param, ctx) == _outcome(own, value, param, ctx), (name, value)


def test_unreadable_path_message_is_typers(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    locked = tmp_path / "locked.csv"
    locked.write_text("x")
    locked.chmod(0)
    param = next(p for _, p in PARAMS if _key(p) == "Path")
    ctx = typer.core._click.Context(typer.main.get_command(app))
    own = typer.core.build_runtime_param(param.type_descriptor)
    for value in (str(locked), str(locked) + "/"):
        assert _outcome(param.get_runtime_param(), value, param, ctx) == _outcome(own, value, param, ctx)


@pytest.mark.parametrize(
    ("option", "value", "kind"), [("--bootstrap", "abc", "integer"), ("--alpha", "x", "number")]
)
def test_command_line_error_is_typers(option: str, value: str, kind: str) -> None:
    proc = run_cli("analyze", "x.csv", "--items", "Q1-Q4", "--points", "4", option, value)
    assert proc.returncode == 2
    expected = f"Invalid value for '{option}': Input should be a valid {kind}, unable to parse string as"
    assert expected in proc.stderr


def test_other_typers_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typer, "__version__", "0.30.0")
    assert _startup._typer_internals() is None
    monkeypatch.undo()
    monkeypatch.delattr(typer.core._TyperParameter, "get_runtime_param")
    assert _startup._typer_internals() is None



def test_random_numbers_parse_as_pydantic_does() -> None:
    """Number strings the light path takes (random digits, signs, points, exponents): the
    same float or int as pydantic's own parse, to the last bit."""
    import random

    from pydantic import TypeAdapter

    rng = random.Random(20)
    as_float, as_int = TypeAdapter(float), TypeAdapter(int)
    taken = 0
    for _ in range(20000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 25)))
        cut = rng.randint(0, len(digits))
        text = rng.choice(["", "+", "-"]) + digits[:cut] + rng.choice([".", ""]) + digits[cut:]
        if rng.random() < 0.6:
            text += rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randint(0, 340))
        for kind, adapter in (("float", as_float), ("int", as_int)):
            mine = _startup._plain(kind, text)
            if mine is not _startup._UNSURE:
                taken += 1
                assert repr(mine) == repr(adapter.validate_python(text)), text
    assert taken > 12000
