"""The catalogue of replicable papers: where their published values and reconstructed data are.

A paper is replicable when ``data/published/<id>.yaml`` holds its printed values (see
docs/published-format.md); its reconstructed data sit in ``data/reconstructed/``. The
folders are looked up in a checkout (the working folder or the one mcstats runs from) and,
for an installed wheel, in the copy shipped inside the package (``mcstats/_shipped``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mcstats.errors import UsageError
from mcstats.replication.published import (
    load_published,
)

#: The source checkout this module runs from (src/mcstats/replication -> the repository).
CHECKOUT = Path(__file__).resolve().parents[3]
#: The copy of the repository's data/ and instruments/ that a wheel ships (see setup.py).
SHIPPED = Path(__file__).resolve().parents[1] / "_shipped"


def find_root(root: str | Path | None = None) -> Path:
    """The folder holding ``data/published``.

    ``root`` when given; else the working folder, the checkout mcstats runs from, or the
    copy of ``data/`` and ``instruments/`` shipped inside an installed wheel, in that order.
    """
    if root is not None:
        r = Path(root)
        if not (r / "data" / "published").is_dir():
            raise UsageError(f"{r} has no data/published folder")
        return r
    for cand in (Path.cwd(), CHECKOUT, SHIPPED):
        if (cand / "data" / "published").is_dir():
            return cand
    raise UsageError(
        "cannot find data/published (the published values of the papers); run mcstats from the "
        "mcstats checkout or give the folder that holds data/published"
    )


@dataclass(frozen=True)
class ReplicableStudy:
    """A paper that can be replicated: its published values and its reconstructed data."""

    name: str
    id: str
    title: str
    published: Path
    data: Path
    manifest: Path

    @property
    def available(self) -> bool:
        """True when the reconstructed data and their manifest exist."""
        return self.data.is_file() and self.manifest.is_file()


def _study_entry(published: Path, data_dir: Path) -> ReplicableStudy:
    from mcstats.replication.reconstruct import data_file_name

    study = load_published(published)
    data = data_dir / data_file_name(study.id)
    return ReplicableStudy(
        name=study.id.replace("_", "-"),
        id=study.id,
        title=study.study.title,
        published=published,
        data=data,
        manifest=data.with_suffix(".json"),
    )


def list_studies(root: str | Path | None = None) -> list[ReplicableStudy]:
    """Every published-values file under ``data/published`` with where its data would be.

    Examples
    --------
    >>> [s.name for s in list_studies()]
    ['mardan', 'rivers-state']
    """
    base = find_root(root)
    data_dir = base / "data" / "reconstructed"
    return [_study_entry(p, data_dir) for p in sorted((base / "data" / "published").glob("*.yaml"))]


def resolve_study(which: str, root: str | Path | None = None) -> ReplicableStudy:
    """A study by name (``rivers-state``), id (``rivers_state``) or published-values file."""
    path = Path(which)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        base = find_root(root) if root is not None else None
        data_dir = (
            (base / "data" / "reconstructed") if base else path.resolve().parent.parent / "reconstructed"
        )
        return _study_entry(path, data_dir)
    studies = list_studies(root)
    key = which.strip().lower().replace("_", "-")
    for s in studies:
        if s.name == key:
            return s
    names = ", ".join(s.name for s in studies) or "none"
    raise UsageError(f"no study called {which!r}; these can be replicated: {names}")
