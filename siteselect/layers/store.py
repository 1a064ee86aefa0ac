"""A per-run reader: each layer, table and raster path read at most once while a run starts."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from siteselect.errors import DataError, DataNote, SiteselectWarning
from siteselect.layers.options import LayerRef, ref_key, ref_path

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

_Built = TypeVar("_Built")


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

    def __init__(self, data_dir: str | Path | None = None) -> None:
        # The API takes the folder as text too (``data_dir="data"``), as paths are elsewhere.
        self.data_dir = None if data_dir is None else Path(data_dir)
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._tables: dict[str, pd.DataFrame] = {}
        self.used: list[str] = []
        self.notes: list[str] = []

    def _note(self, ref: LayerRef) -> None:
        name = ref if isinstance(ref, str) else ref.path
        if name not in self.used:
            self.used.append(name)

    def add_notes(
        self, notes: tuple[str, ...] | list[str], category: type[Warning] = DataNote
    ) -> None:
        """Keep what reading found (for the result's notes) and say it once on stderr.

        ``category`` is :class:`DataNote` for guesses, :class:`SiteselectWarning` for what
        may have gone wrong (an encoding fallback, rows left out).
        """
        for note in notes:
            if note not in self.notes:
                self.notes.append(note)
                warnings.warn(note, category, stacklevel=3)

    def add_warnings(self, texts: tuple[str, ...] | list[str]) -> None:
        """:meth:`add_notes` for warnings."""
        self.add_notes(texts, SiteselectWarning)

    def layer(self, ref: LayerRef) -> gpd.GeoDataFrame:
        """A vector layer in EPSG:6372: a registered name or a user's file."""
        from siteselect.layers import is_user_file, read_layer, read_user_layer_with_notes

        key = ref_key(ref)
        if key not in self._layers:
            if is_user_file(ref):
                frame, notes, warned = read_user_layer_with_notes(ref)
                self._layers[key] = frame
                self.add_warnings(warned)
                self.add_notes(notes)
            else:
                self._layers[key] = read_layer(str(ref), self.data_dir)
        self._note(ref)
        return self._layers[key]

    def derived(self, name: str, what: str, build: Callable[[gpd.GeoDataFrame], _Built]) -> _Built:
        """An object built from a registered vector layer (a tree of its shapes), held in the
        process while the layer's files are unchanged (see
        :func:`siteselect.layers.read_layer_derived`); the layer counts as used."""
        from siteselect.layers import read_layer_derived

        built = read_layer_derived(name, what, build, self.data_dir)
        self._note(name)
        return built

    def raster(self, ref: LayerRef) -> Path:
        """The file of a raster: a registered raster layer or a user's GeoTIFF."""
        from siteselect.layers import get_layer_info, is_user_file, layer_path
        from siteselect.layers.files import check_file

        if is_user_file(ref):
            path = ref_path(ref)
            check_file(path, "raster file")
        else:
            ref = str(ref)
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
