"""--engine dask on a distributed.LocalCluster with two workers equals the default engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_engine_moments import close

from mcstats.engines import ReadOptions
from mcstats.instrument import parse_instrument
from mcstats.pipeline import compute
from mcstats.results import results_dict
from refdata import REFERENCE, instrument_doc, manifest

#: Slow lane (starts a local Dask cluster); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")


def _doc(result: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(results_dict(result, created="fixed")))
    for key in ("path", "sha256", "engine"):  # the engine that read the file differs by design
        doc["input"].pop(key, None)
    return doc


@pytest.fixture(scope="module")
def cluster() -> Any:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


@pytest.mark.parametrize("name", ["ds2_5pt_missing", "ds6_5pt_large"])
def test_dask_on_local_cluster_equals_default(name: str, cluster: Any) -> None:
    spec = manifest()[name]
    inst = parse_instrument(instrument_doc(spec))
    path = REFERENCE / "datasets" / spec["file"]
    default = _doc(compute(path, inst, read=ReadOptions(engine="memory")))
    dask = _doc(compute(path, inst, read=ReadOptions(engine="dask", scheduler=cluster.scheduler_address)))
    assert close(default, dask) == []


def test_dask_many_csv_and_parquet_files(tmp_path: Path, cluster: Any) -> None:
    import pandas as pd

    spec = manifest()["ds6_5pt_large"]
    inst = parse_instrument(instrument_doc(spec))
    path = REFERENCE / "datasets" / spec["file"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    parts = [frame.iloc[i : i + 170] for i in range(0, len(frame), 170)]
    for i, part in enumerate(parts):
        part.to_csv(tmp_path / f"wave_{i}.csv", index=False)
        part.replace("", None).to_parquet(tmp_path / f"wave_{i}.parquet", index=False)
    default = _doc(compute(path, inst, read=ReadOptions(engine="memory")))
    for pattern in ("wave_*.csv", "wave_*.parquet"):
        dask = ReadOptions(engine="dask", scheduler=cluster.scheduler_address)
        got = _doc(compute(str(tmp_path / pattern), inst, read=dask))
        # Row numbers restart in each file; everything else is identical.
        want = json.loads(json.dumps(default))
        for doc in (got, want):
            doc["input"].pop("excluded")
            doc["input"].pop("invalid_cells")
        assert close(want, got) == [], pattern
