"""How to read a user's file: the optional keys of ``[candidates]`` and of a layer reference.

A criterion's ``to`` is either a plain string (a registered layer name or a file path) or a
table naming a file with the keys that override what the reader would guess::

    to = { path = "proveedores.csv", sep = ";", decimal = ",", lon = "Longitud", lat = "Latitud" }
    to = { path = "bajio.gpkg", layer = "substations" }

Only pydantic here: configs import this module, and the geo stack stays unloaded.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SEP_NAMES = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ",", "pipe": "|"}


class ReadOptions(BaseModel):
    """The keys that say how a file is read; each left out is guessed (and the guess reported).

    Attributes
    ----------
    layer
        The layer of a multi-layer file (GeoPackage, KML with folders), or the sheet of an
        Excel workbook (default: its first sheet).
    sep
        Delimiter of a text table: one character, or ``tab``.
    decimal
        Decimal mark of a text table: ``.`` or ``,``.
    encoding
        Text encoding of a table (``utf-8``, ``cp1252``, ``latin-1``...).
    lon, lat
        Coordinate columns of a table (x/y in ``crs`` when it is projected).
    wkt
        A column of WKT geometries (points, lines, polygons) instead of lon/lat.
    crs
        The coordinate reference system of the coordinates (``EPSG:32614``); overrides what
        the file declares (a GeoJSON holding metres, a Shapefile without ``.prj``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    layer: str | None = Field(default=None, min_length=1)
    sep: str | None = None
    decimal: Literal[".", ","] | None = None
    encoding: str | None = None
    lon: str | None = Field(default=None, min_length=1)
    lat: str | None = Field(default=None, min_length=1)
    wkt: str | None = Field(default=None, min_length=1)
    crs: str | None = Field(default=None, min_length=1)

    @field_validator("sep")
    @classmethod
    def _one_character(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = SEP_NAMES.get(value.lower(), value)
        if len(value) != 1 or value in ('"', "\n", "\r"):
            raise ValueError("sep must be one character such as ',', ';', '|' or 'tab'")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            codecs.lookup(value)
        except LookupError:
            raise ValueError(
                f"unknown encoding {value!r}; use e.g. 'utf-8', 'cp1252' or 'latin-1'"
            ) from None
        return value

    @field_validator("crs")
    @classmethod
    def _known_crs(cls, value: str | None) -> str | None:
        # Checked here, as the key is read: an unknown code ended in pyproj's traceback when
        # the coordinates were built.
        if value is None:
            return None
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            CRS.from_user_input(value)
        except CRSError:
            raise ValueError(f'crs {value!r} is not a CRS (write e.g. "EPSG:32614")') from None
        return value

    def read_options(self) -> ReadOptions:
        """Only the reading keys (a subclass's other keys left out)."""
        return ReadOptions.model_validate(
            {k: getattr(self, k) for k in ReadOptions.model_fields if getattr(self, k) is not None}
        )


class LayerFile(ReadOptions):
    """A layer reference written as a table: a file and how to read it."""

    path: str = Field(min_length=1)

    def __str__(self) -> str:
        """A file reference is shown by its file name (outputs never carry local paths)."""
        name = Path(self.path).name
        return f"{name}:{self.layer}" if self.layer else name


LayerRef = str | LayerFile
"""What a criterion's ``to`` holds: a registered layer name, a file path or a :class:`LayerFile`."""


def ref_key(ref: LayerRef | Path) -> str:
    """A stable string for a reference (the key of a run's layers and rasters)."""
    if isinstance(ref, LayerFile):
        return ref.model_dump_json(exclude_none=True)
    return str(ref)


def ref_path(ref: LayerRef | Path) -> Path:
    """The file a reference names."""
    return Path(ref.path if isinstance(ref, LayerFile) else ref)


def ref_options(ref: LayerRef | Path) -> ReadOptions:
    """The reading keys of a reference (none for a plain string or path)."""
    return ref.read_options() if isinstance(ref, LayerFile) else ReadOptions()
