"""A per-run reader: each layer, table and raster path read at most once while a run starts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from siteselect.errors import DataError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


class LayerStore:
    """Reads registered layers and user files on demand, once each.

    Used only while a run gathers its inputs; measures receive the frozen
    :class:`~siteselect.criteria.MeasureContext` built from it, never the store.

    Parameters
    ----------
    data_dir
        Folder of the embedded data; ``None`` for the default (see
        :func:`siteselect.layers.default_data_dir`).
    """

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._tables: dict[str, pd.DataFrame] = {}
        self.used: list[str] = []

    def _note(self, ref: str) -> None:
        if ref not in self.used:
            self.used.append(ref)

    def layer(self, ref: str) -> gpd.GeoDataFrame:
        """A vector layer in EPSG:6372: a registered name or a user's file."""
        from siteselect.layers import is_user_file, read_layer, read_user_layer

        if ref not in self._layers:
            if is_user_file(ref):
                self._layers[ref] = read_user_layer(Path(ref))
            else:
                self._layers[ref] = read_layer(ref, self.data_dir)
        self._note(ref)
        return self._layers[ref]

    def raster(self, ref: str) -> Path:
        """The file of a raster: a registered raster layer or a user's GeoTIFF."""
        from siteselect.layers import get_layer_info, is_user_file, layer_path

        if is_user_file(ref):
            path = Path(ref)
            if not path.is_file():
                msg = f"raster file {path} does not exist"
                raise DataError(msg)
        else:
            info = get_layer_info(ref)
            if info.kind != "raster":
                msg = f"layer {ref!r} is not a raster (it holds {info.kind}); use a raster layer"
                raise DataError(msg)
            path = layer_path(ref, self.data_dir)
        self._note(ref)
        return path

    def table(self, name: str) -> pd.DataFrame:
        """A small CSV table of the data folder (``corridors.csv``, ``parks_columns.csv``)."""
        from siteselect.layers import read_table

        if name not in self._tables:
            self._tables[name] = read_table(name, self.data_dir)
        return self._tables[name]
