"""Real data (skips where ../shared/data is absent): RETC 2022 establishments as GeoPackage,
GeoParquet, zipped Shapefile and a Spanish-headed Excel CSV validate and rank to the same
scores, against the OpenStreetMap power grid as lines and the elevation raster as a zonal
criterion."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest

from tests.test_cli import run_main

STATES = ("Querétaro", "Guanajuato", "Aguascalientes")

SEARCH = """
[search]
method = "wsm"
corridors = ["all"]
top = 500
[candidates]
path = "{file}"
{keys}
[[criteria]]
name = "grid"
measure = "distance"
to = {{ path = "{lines}" }}
direction = "min"
weight = 1
[[criteria]]
name = "elevation"
measure = "raster"
to = "{raster}"
stat = "mean"
radius_km = 5
unit = "m"
direction = "min"
weight = 1
"""


@pytest.fixture(scope="module")
def retc_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """The Bajío establishments of RETC 2022 converted in code into four formats."""
    from tests.conftest import SHARED_DATA

    source = SHARED_DATA / "industrial_facilities" / "retc_2022_facilities.gpkg"
    if not source.exists():
        pytest.skip("../shared/data (RETC 2022) is absent")
    folder = tmp_path_factory.mktemp("retc")
    frame = gpd.read_file(source)
    frame = frame.loc[
        frame["estado"].isin(STATES), ["nra", "establecimiento", "estado", "geometry"]
    ]
    frame = frame.rename(columns={"nra": "id", "establecimiento": "name"}).reset_index(drop=True)
    out: dict[str, tuple[Path, str]] = {}
    frame.to_file(folder / "retc.gpkg", layer="retc")
    out["gpkg"] = (folder / "retc.gpkg", 'layer = "retc"')
    frame.to_parquet(folder / "retc.parquet")
    out["geoparquet"] = (folder / "retc.parquet", "")
    shp = folder / "shp"
    shp.mkdir()
    frame.to_file(shp / "retc.shp", encoding="utf-8")
    with zipfile.ZipFile(folder / "retc.zip", "w") as archive:
        for part in shp.iterdir():
            archive.write(part, part.name)
    out["zipped shapefile"] = (folder / "retc.zip", "")
    # What a Spanish Excel writes: `;`, decimal commas, Windows-1252, Spanish headers.
    table = frame.drop(columns="geometry").rename(
        columns={"id": "Clave", "name": "Establecimiento", "estado": "Estado"}
    )
    table["Longitud"] = [repr(p.x).replace(".", ",") for p in frame.geometry]
    table["Latitud"] = [repr(p.y).replace(".", ",") for p in frame.geometry]
    text = table.to_csv(sep=";", index=False, lineterminator="\r\n")
    (folder / "retc.csv").write_bytes(text.encode("cp1252", errors="replace"))
    out["spanish csv"] = (folder / "retc.csv", "")
    return out


def test_retc_files_validate_as_candidates(retc_files: dict[str, tuple[Path, str]]) -> None:
    for fmt, (path, _keys) in retc_files.items():
        code, out, err = run_main(
            ["layers", "validate", str(path), "--as", "candidates", "--format", "json"]
        )
        assert code == 0, (fmt, err)
        (layer,) = json.loads(out)["layers"]
        assert layer["rows"] == layer["usable_rows"] > 300, fmt
        assert layer["geometry_types"] == {"Point": layer["rows"]}, fmt
    code, out, _ = run_main(["layers", "validate", str(retc_files["spanish csv"][0])])
    assert "coordinates from: lon = 'Longitud', lat = 'Latitud'" in out
    assert "read with encoding cp1252, separator ';', decimal mark ','" in out


def test_power_grid_lines_and_elevation_raster_validate(shared_data: Path) -> None:
    lines = shared_data / "power_grid_osm_2017" / "mx_power_highvoltage_lines.gpkg"
    code, out, err = run_main(
        ["layers", "validate", str(lines), "--as", "lines", "--format", "json"]
    )
    assert code == 0, err
    (layer,) = json.loads(out)["layers"]
    assert layer["geometry_types"] == {"LineString": 812}
    raster = shared_data / "rasters" / "mx_elevation_1km.tif"
    code, out, err = run_main(["layers", "validate", str(raster)])
    assert code == 0, err
    assert "3381 x 2025 cells, 1 band(s) of int16, nodata -32768.0" in out


def test_every_format_ranks_to_the_same_scores(
    retc_files: dict[str, tuple[Path, str]], shared_data: Path, tmp_path: Path
) -> None:
    lines = shared_data / "power_grid_osm_2017" / "mx_power_highvoltage_lines.gpkg"
    raster = shared_data / "rasters" / "mx_elevation_1km.tif"
    results = {}
    for fmt, (path, keys) in retc_files.items():
        config = tmp_path / f"{fmt.replace(' ', '_')}.toml"
        config.write_text(
            SEARCH.format(file=path, keys=keys, lines=lines, raster=raster), encoding="utf-8"
        )
        code, out, err = run_main(["rank", "-c", str(config), "-f", "json"])
        assert code == 0, (fmt, err)
        doc = json.loads(out)
        assert doc["eliminated"] == [], fmt
        assert str(shared_data) not in out  # provenance and outputs name files only
        results[fmt] = {
            r["id"]: (r["score"], r["criteria"]["grid"]["raw"], r["criteria"]["elevation"]["raw"])
            for r in doc["results"]
        }
    reference = results["gpkg"]
    assert len(reference) == 369
    for fmt, got in results.items():
        assert got.keys() == reference.keys(), fmt
        for key, values in reference.items():
            assert np.allclose(got[key], values, rtol=1e-6, atol=1e-6), (fmt, key)
    # Sanity of the real figures: the Bajío sits at 1,500-2,500 m, and most establishments
    # lie within 20 km of a >= 220 kV line.
    elevation = np.array([v[2] for v in reference.values()])
    grid_km = np.array([v[1] for v in reference.values()])
    assert 1500 < np.median(elevation) < 2300
    assert np.median(grid_km) < 20
