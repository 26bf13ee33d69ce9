"""``mcstats app``: the local web page (analyze, audit, replicate by pointing and clicking).

The module is not called ``app``: that name is the Typer application of ``mcstats.cli``, which
importing a submodule of the same name would replace.
"""

from typing import Annotated

import typer


def app_command(
    port: Annotated[int, typer.Option(help="Port to listen on (default: a free one).")] = 0,
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on (default: 127.0.0.1, this computer only). Another address "
            "makes the page reachable from other computers; the access token is still required."
        ),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the page's address instead of opening the browser.")
    ] = False,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", help="Largest file that can be uploaded, in megabytes.")
    ] = 200,
    language: Annotated[
        str,
        typer.Option(
            "--language",
            help="Language of the page's texts (a code of mcstats.app.strings.LANGUAGES; default en).",
        ),
    ] = "en",
) -> None:
    """Open mcstats as a web page on this computer: analyze a survey, audit or replicate a paper.

    The page runs on 127.0.0.1 only; its address carries a random access token, and no file
    or result leaves the computer. Uploaded files are kept in a temporary folder that is
    deleted when you stop the program (Ctrl+C). Needs the app extra:
    pip install 'mcstats[app]'.

    Examples:

        mcstats app

        mcstats app --port 8765 --no-browser
    """
    from mcstats.cli._common import fail
    from mcstats.errors import McStatsError

    try:
        from mcstats.app.server import serve

        serve(
            host=host,
            port=port,
            open_browser=not no_browser,
            max_upload_mb=max_upload_mb,
            language=language,
        )
    except McStatsError as exc:
        raise fail(exc) from None


def register(app: typer.Typer) -> None:
    app.command(name="app")(app_command)
