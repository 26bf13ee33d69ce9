"""``mcstats reconstruct``: synthetic data consistent with a paper's published values."""

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the ``reconstruct`` command to ``app``."""

    @app.command(
        epilog=(
            "Examples:\n\n"
            "  mcstats reconstruct data/published/rivers_state.yaml --seed 1\n\n"
            "  mcstats reconstruct data/published/mardan.yaml --seed 1 --out data/reconstructed"
        )
    )
    def reconstruct(
        published: Annotated[Path, typer.Argument(help="Published-values file (docs/published-format.md).")],
        seed: Annotated[int, typer.Option(help="Seed of every random choice; same seed, same bytes.")] = 1,
        out: Annotated[
            Path, typer.Option(help="Output folder for <id>_synthetic.csv, its .json manifest and README.md.")
        ] = Path("data/reconstructed"),
    ) -> None:
        """Make SYNTHETIC respondent-level data consistent with a paper's published summaries.

        Every item gets whole-number responses whose N, mean and SD print as in the paper
        (SPRITE-style search); frequency tables are reproduced count for count; group sizes
        are as printed. Values no data can produce are reported as impossible, with the
        reason, and the closest possible data are used. The files say that they are synthetic.
        """
        from mcstats.cli._common import fail
        from mcstats.errors import McStatsError
        from mcstats.replication.reconstruct import reconstruct_study, write_reconstruction

        try:
            from rich.console import Console

            # A spinner on stderr while the search runs (long for big N or many items).
            with Console(stderr=True).status(f"Reconstructing {published} (seed {seed})..."):
                rec = reconstruct_study(published, seed)
                paths = write_reconstruction(rec, out)
        except McStatsError as exc:
            raise fail(exc) from None
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        m = rec.manifest
        console.print(
            f"Reconstructed {m['n_rows']} SYNTHETIC respondents for {rec.study.id} (seed {seed}): "
            f"{m['summary']['possible']} of {m['summary']['variables']} variables reproduce every "
            "printed statistic.",
            markup=False,
        )
        for v in m["variables"]:
            if not v["possible"] or not v["found"]:
                state = "impossible" if not v["possible"] else "not found"
                console.print(f"  {v['name']} ({v['source']}): {state}", markup=False)
                for why in v["reasons"]:
                    console.print(f"    - {why}", markup=False)
        console.print("Wrote " + ", ".join(str(p) for p in paths), markup=False)
