"""Subcommands beyond ``analyze``, one module each.

Each module defines ``register(app: typer.Typer) -> None`` and is listed in
``mcstats.cli.COMMAND_MODULES``. Modules import only typer at the top (statistics inside
the command functions), so that ``mcstats --help`` stays fast.
"""
