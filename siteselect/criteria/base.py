"""The measure contract: parameters, results with their details, the context, the registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from siteselect.errors import ConfigError, DataError
from siteselect.layers.options import LayerRef

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from siteselect.facts import FactSet
    from siteselect.network import AccessLeg, RoadGraph

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class MeasureParams(BaseModel):
    """Parameters of one measure, the keys of a ``[[criteria]]`` entry beside the common ones.

    Subclasses declare their keys as pydantic fields; fields listed in ``path_fields`` may
    name a user's file and are resolved against the config file's folder.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    path_fields: ClassVar[tuple[str, ...]] = ()

    def layer_refs(self) -> tuple[LayerRef, ...]:
        """The layers (registered names or user files) this measure reads."""
        return ()


@dataclass(frozen=True)
class Nearest:
    """Which feature of a layer a measure reached, per candidate.

    Attributes
    ----------
    layer
        The layer's name as the config wrote it (a file reference shows its file name).
    row
        Row of the feature in the (filtered) target layer; -1 where none was reached.
    ids, names
        The feature's ``id`` and ``name`` (``None`` where the layer has no such column or
        nothing was reached).
    """

    layer: str
    row: IntArray
    ids: tuple[str | None, ...]
    names: tuple[str | None, ...]


@dataclass(frozen=True)
class MeasureResult:
    """Raw values of one criterion in real units, with what a report needs to explain them.

    Attributes
    ----------
    values
        One float per candidate, in ``unit``; NaN where unknown, ``inf`` where unreachable.
    unit
        Unit of ``values`` (``min``, ``km``, ``people``, ``count``, a column's unit).
    nearest
        The feature each candidate was measured to, for measures that reach one.
    details
        Other per-candidate figures the measure knew (``drive_km`` beside drive minutes,
        ``straight_km``), each an array aligned with ``values``.
    notes
        Remarks for the user (e.g. a column declared illustrative).
    illustrative
        Whether the values come from a column declared illustrative.
    facts_read
        The park facts the measure read for the parks whose ``details["from_facts"]`` is 1
        (``power_mva_available``, ``supply_voltage_kv``): outputs quote them with their date
        and source.
    """

    values: FloatArray
    unit: str
    nearest: Nearest | None = None
    details: Mapping[str, FloatArray] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    illustrative: bool = False
    facts_read: tuple[str, ...] = ()


@dataclass(frozen=True)
class JoinedAttributes:
    """What a user's ``[candidates] attributes`` file brought to the candidates.

    Attributes
    ----------
    file
        The file's name (never its folder).
    columns
        The columns it added or replaced.
    ids
        The candidates it has a row for (their values of ``columns`` are the user's).
    """

    file: str
    columns: frozenset[str]
    ids: frozenset[str]


@dataclass(frozen=True)
class Candidates:
    """The alternatives every measure is computed for.

    Attributes
    ----------
    frame
        Indexed by id (str), with ``name`` and the user's columns. A GeoDataFrame in
        EPSG:6372 whose geometry is one representative point per candidate when the
        candidates have locations, else a plain DataFrame.
    footprints
        The original polygon or line geometries (EPSG:6372) when the input had any, else
        ``None``.
    source
        What the candidates came from (``embedded parks`` or the file name).
    attributes
        What the user's ``[candidates] attributes`` file joined on, or ``None``.
    facts
        The park facts of the search's ``[candidates] facts`` sheet (values with their
        units, dates and sources, by candidate id), or ``None``. Their values are also
        columns of ``frame`` named by the fact keys (``power_mva_available``).
    """

    frame: pd.DataFrame
    footprints: gpd.GeoSeries | None = None
    source: str = "embedded parks"
    attributes: JoinedAttributes | None = None
    facts: FactSet | None = None

    def fact_values(self, key: str) -> FloatArray:
        """A park fact as floats aligned with :attr:`ids`: NaN where the facts sheet does not
        give it (yes/no as 1/0). The power criterion reads ``power_mva_available`` and
        ``supply_voltage_kv`` this way, and says which parks' values it used."""
        if self.facts is None:
            return np.full(len(self.frame), np.nan, dtype=np.float64)
        return self.facts.numbers(list(self.frame.index), key)

    @property
    def has_location(self) -> bool:
        """Whether the candidates have locations."""
        return "geometry" in self.frame.columns

    @property
    def ids(self) -> pd.Index:
        """Candidate ids in table order."""
        return self.frame.index

    def position(self, cid: str) -> int:
        """Row number of a candidate id (ids are unique)."""
        import pandas as pd

        found = self.frame.index.get_indexer(pd.Index([cid]))
        if found[0] < 0:
            msg = f"unknown candidate {cid!r}"
            raise DataError(msg)
        return int(found[0])

    def xy(self) -> FloatArray:
        """``(n, 2)`` x/y metres (EPSG:6372) of the representative points."""
        if not self.has_location:
            msg = "the candidates have no locations; give lon/lat columns or a vector file"
            raise DataError(msg)
        import shapely

        # GeoSeries.x and .y in one pass (they name every geometry's type as text to check for
        # points: 25 ms a call at 85,000 candidates, and the default profile asks nine times).
        geoms = np.asarray(self.frame.geometry.array)
        kind = shapely.get_type_id(geoms)
        if not ((kind == 0) | (kind == -1)).all():  # points, or missing
            msg = "x attribute access only provided for Point geometries"
            raise ValueError(msg)
        # Missing and empty points have no coordinates: NaN, as GeoSeries.x gives them.
        coords, row = shapely.get_coordinates(geoms, return_index=True)
        out = np.full((geoms.shape[0], 2), np.nan)
        out[row] = coords
        return out


@dataclass(frozen=True)
class MeasureContext:
    """Everything measures read besides the candidates, read once per run and frozen.

    Picklable, so that a worker can receive it once.

    Attributes
    ----------
    layers
        Vector layers in EPSG:6372, keyed by the reference a config uses (a registered name
        or a user file path as resolved).
    rasters
        Raster files, keyed the same way.
    graph
        The road graph, when a measure drives.
    access
        How points off the graph join it.
    column_units, illustrative_columns
        Units and illustrative flags of candidate columns (from the embedded parks' column
        table, or the user's declarations).
    """

    layers: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)
    rasters: Mapping[str, Path] = field(default_factory=dict)
    graph: RoadGraph | None = None
    access: AccessLeg | None = None
    column_units: Mapping[str, str] = field(default_factory=dict)
    illustrative_columns: frozenset[str] = frozenset()
    # Measures are called chunk after chunk on this context (a surface's grid): tables that
    # later chunks reuse (per-road-node reach) are then worth building and keeping.
    chunked: bool = False
    # Intermediate results measures share within one run (one reach pass for a labour shed
    # and its commute burden), keyed by what was computed; never part of equality.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def layer(self, ref: str) -> gpd.GeoDataFrame:
        """A layer the run read, by the reference the config used."""
        try:
            return self.layers[ref]
        except KeyError:
            msg = f"layer {ref!r} was not read for this run; name it in a criterion's `to`"
            raise DataError(msg) from None

    def raster(self, ref: str) -> Path:
        """A raster file the run resolved, by reference."""
        try:
            return self.rasters[ref]
        except KeyError:
            msg = f"raster {ref!r} was not resolved for this run; name it in a criterion's `to`"
            raise DataError(msg) from None

    def road_graph(self, traveller: str = "truck") -> RoadGraph:
        """The road graph (built when some criterion drives), timed for ``traveller``
        (``truck`` for freight, ``car`` for commuting)."""
        if self.graph is None:
            msg = "no road graph was built for this run"
            raise DataError(msg)
        return self.graph.for_traveller(traveller)

    def access_leg(self) -> AccessLeg:
        """How points join the graph: the run's access leg, else the network's default."""
        if self.access is not None:
            return self.access
        from siteselect.network import AccessLeg

        return AccessLeg()


P = TypeVar("P", bound=MeasureParams)


class Measure(Generic[P]):
    """One registered measure: its name, parameters, unit and computation.

    Subclasses set the class attributes and implement :meth:`compute`; the
    :func:`register` decorator adds an instance to :data:`REGISTRY`.
    """

    name: ClassVar[str]
    params: ClassVar[type[MeasureParams]]
    unit: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    needs_location: ClassVar[bool] = True
    needs_graph: ClassVar[bool] = False
    rasters: ClassVar[bool] = False

    def unit_of(self, params: P, context: MeasureContext) -> str:
        """Unit of the raw values (a column's unit for attributes, a raster's unit)."""
        return self.unit

    def compute(self, candidates: Candidates, params: P, context: MeasureContext) -> MeasureResult:
        """Raw values for every candidate."""
        raise NotImplementedError


REGISTRY: dict[str, Measure[Any]] = {}
"""Measure name -> measure, filled by :func:`register` as the measure modules load."""

M = TypeVar("M", bound=type[Measure[Any]])


def register(cls: M) -> M:
    """Class decorator: register one instance of a measure under its ``name``."""
    if cls.name in REGISTRY:
        msg = f"measure {cls.name!r} is registered twice"
        raise RuntimeError(msg)
    REGISTRY[cls.name] = cls()
    return cls


def get_measure(name: str) -> Measure[Any]:
    """The registered measure of that name, or a :class:`ConfigError` listing them."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        msg = f"unknown measure {name!r}; known measures: {known}"
        raise ConfigError(msg) from None
