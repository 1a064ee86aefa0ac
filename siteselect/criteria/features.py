"""Target features of a measure: the ``where`` filter, coordinates, nearest-feature details."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Discriminator, StringConstraints, Tag, model_validator

from siteselect.criteria.base import FloatArray, IntArray, Nearest
from siteselect.errors import ConfigError, DataError
from siteselect.layers.options import LayerFile, LayerRef, ref_key


def _to_kind(value: Any) -> str:
    # Tags in brackets: config messages leave them out of the key path (criteria[0].to.sep).
    return "[table]" if isinstance(value, dict | LayerFile) else "[name]"


LayerTo = Annotated[
    Annotated[Annotated[str, StringConstraints(min_length=1)], Tag("[name]")]
    | Annotated[LayerFile, Tag("[table]")],
    Discriminator(_to_kind),
]
"""A criterion's ``to``: a layer name, a file path, or ``{ path = "...", sep = ";", ... }``."""

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

Scalar = str | bool | int | float


class WhereRule(BaseModel):
    """A comparison on one column: ``{ min = 300000 }``, ``{ in = [...] }``, ``{ not = "x" }``."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        alias_generator=lambda name: name.rstrip("_"),
    )

    min: float | None = None
    max: float | None = None
    in_: list[Scalar] | None = None
    not_: Scalar | list[Scalar] | None = None

    @model_validator(mode="after")
    def _some_rule(self) -> WhereRule:
        if self.min is None and self.max is None and self.in_ is None and self.not_ is None:
            raise ValueError("a where rule needs at least one of min, max, in, not")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"where rule: min ({self.min:g}) is greater than max ({self.max:g})")
        return self


Where = dict[str, Scalar | WhereRule]
"""``where = { commercial = true, trucks_northbound = { min = 300000 } }``."""


def truthy_or_value(value: Any) -> Any:
    """Booleans and yes/no words as 1.0/0.0 (Spanish ``sí`` too); other values unchanged."""
    if isinstance(value, bool | np.bool_):
        return float(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "y", "si", "sí"):
            return 1.0
        if low in ("false", "no", "n"):
            return 0.0
        if low == "":
            return np.nan
    return value


def _equals(values: pd.Series, wanted: Scalar) -> Any:
    import pandas as pd

    if isinstance(wanted, bool):
        truth = pd.to_numeric(values.astype(object).map(truthy_or_value), errors="coerce")
        return (truth.fillna(0).to_numpy() > 0) == wanted
    if isinstance(wanted, int | float):
        return pd.to_numeric(values, errors="coerce").to_numpy() == float(wanted)
    return values.astype(str).str.strip().str.lower().to_numpy() == str(wanted).strip().lower()


def select_features(frame: gpd.GeoDataFrame, layer: str, where: Where | None) -> gpd.GeoDataFrame:
    """The features of a layer that meet every ``where`` condition.

    A scalar compares for equality (booleans as truth, strings case-insensitively); a rule
    compares numerically (``min``/``max``, inclusive) or by membership (``in``, ``not``).
    Missing values never meet a numeric rule.
    """
    import pandas as pd

    if not where:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    for column, wanted in where.items():
        if column not in frame.columns:
            known = ", ".join(str(c) for c in frame.columns if c != "geometry")
            msg = f"where: layer {layer!r} has no column {column!r} (columns: {known})"
            raise ConfigError(msg)
        values = frame[column]
        if not isinstance(wanted, WhereRule):
            keep &= _equals(values, wanted)
            continue
        if wanted.min is not None or wanted.max is not None:
            numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                if wanted.min is not None:
                    keep &= numbers >= wanted.min
                if wanted.max is not None:
                    keep &= numbers <= wanted.max
        if wanted.in_ is not None:
            member = np.zeros(len(frame), dtype=bool)
            for item in wanted.in_:
                member |= _equals(values, item)
            keep &= member
        if wanted.not_ is not None:
            items = wanted.not_ if isinstance(wanted.not_, list) else [wanted.not_]
            for item in items:
                keep &= ~_equals(values, item)
    return frame.loc[keep]


def describe_where(where: Where | None) -> str:
    """``where`` as a short text for messages."""
    if not where:
        return "all features"
    parts = []
    for column, wanted in where.items():
        if isinstance(wanted, WhereRule):
            rule = wanted.model_dump(by_alias=True, exclude_none=True)
            parts.append(f"{column} {rule}")
        else:
            parts.append(f"{column} = {wanted}")
    return ", ".join(parts)


def read_targets(layers: Any, ref: LayerRef, where: Where | None) -> gpd.GeoDataFrame:
    """The filtered target layer of a measure; an empty selection is a data error."""
    frame = select_features(layers.layer(ref_key(ref)), layer_label(ref), where)
    if len(frame) == 0:
        label = layer_label(ref)
        msg = f"layer {label!r} has no features to measure to (where: {describe_where(where)})"
        raise DataError(msg)
    return frame


def layer_label(ref: LayerRef) -> str:
    """How outputs name a layer: a registered name as it is, a user file by its file name."""
    from siteselect.layers import is_user_file

    if isinstance(ref, LayerFile):
        return str(ref)
    return Path(ref).name if is_user_file(ref) else ref


def target_xy(geoms: gpd.GeoSeries) -> tuple[FloatArray, IntArray]:
    """Points a network measure drives to, and the feature row of each.

    Points are themselves; a line or polygon contributes every vertex (a road reaches a
    railway or an area where it comes closest, not at its middle).
    """
    import shapely

    coords, rows = shapely.get_coordinates(geoms.to_numpy(), return_index=True)
    return np.asarray(coords, dtype=np.float64), np.asarray(rows, dtype=np.int64)


def feature_points(geoms: gpd.GeoSeries) -> FloatArray:
    """One point per feature, for counting or summing it once: points are themselves, a line
    or polygon a point on it."""
    import shapely

    arr = geoms.to_numpy()
    # Points (34,000 population points) read by their x and y: two passes cost 2/3 of
    # get_coordinates'. Anything else has no x (NaN: a line, a polygon, a missing or NaN
    # point; an error: an empty point) and takes the general reading.
    try:
        x, y = shapely.get_x(arr), shapely.get_y(arr)
    except shapely.errors.GEOSException:
        x = y = np.full(1, np.nan)
    if not bool(np.isnan(x).any() or np.isnan(y).any()):
        return np.column_stack([x, y]).astype(np.float64, copy=False)
    # type id 0 is a point (geom_type's text for 34,000 population points costs 4 ms a run)
    if not bool((shapely.get_type_id(arr) == 0).all()):
        arr = shapely.point_on_surface(arr)
    return np.asarray(shapely.get_coordinates(arr), dtype=np.float64)


def count_reachable(
    candidates: Any,
    targets: gpd.GeoDataFrame,
    minutes: float,
    context: Any,
    traveller: str = "truck",
) -> FloatArray:
    """How many of ``targets`` each candidate reaches within ``minutes`` by road."""
    from siteselect import network

    counts = network.compute_count_within(
        context.road_graph(traveller),
        candidates.xy(),
        feature_points(targets.geometry),
        minutes,
        access=context.access_leg(),
    )
    return np.asarray(counts, dtype=np.float64)


def count_weighted(
    candidates: Any,
    targets: gpd.GeoDataFrame,
    minutes: float,
    half_life: float,
    context: Any,
    traveller: str = "truck",
) -> tuple[FloatArray, FloatArray]:
    """Features within ``minutes`` by road, each weighted ``0.5 ** (t / half_life)`` by its
    drive time ``t``; and the plain count (per road node: :func:`network.compute_decayed_shed`)."""
    from siteselect import network

    if len(targets) == 0:  # nothing to count: no graph to load
        n = candidates.frame.shape[0]
        return np.zeros(n), np.zeros(n)
    weighted, plain = network.compute_decayed_shed(
        context.road_graph(traveller),
        candidates.xy(),
        feature_points(targets.geometry),
        np.ones(len(targets)),
        minutes,
        half_life,
        access=context.access_leg(),
    )
    return weighted, plain


def build_nearest(targets: gpd.GeoDataFrame, ref: LayerRef, rows: IntArray) -> Nearest:
    """Nearest-feature details from row numbers into the filtered target layer (-1: none)."""
    rows = np.asarray(rows, dtype=np.int64)
    ids = _column(targets, "id")
    names = _column(targets, "name")
    return Nearest(
        layer=layer_label(ref),
        row=rows,
        ids=_pick(ids, rows),
        names=_pick(names, rows),
    )


def _pick(values: list[str | None] | None, rows: IntArray) -> tuple[str | None, ...]:
    """``values[row]`` for each row, ``None`` where the row is -1 or there are no values
    (one fancy index over an object array, not a Python step per candidate)."""
    if values is None:
        return (None,) * len(rows)
    table = np.array([*values, None], dtype=object)  # the None: what row -1 picks
    picked: list[str | None] = table[np.where(rows >= 0, rows, len(values))].tolist()
    return tuple(picked)


def _column(frame: gpd.GeoDataFrame, column: str) -> list[str | None] | None:
    if column not in frame.columns:
        return None
    out: list[str | None] = []
    for value in frame[column].tolist():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append(None)
        else:
            out.append(str(value))
    return out


def straight_km(origins: FloatArray, targets: FloatArray, rows: IntArray) -> FloatArray:
    """Straight-line km from each origin to its chosen target row (NaN where none)."""
    out = np.full(origins.shape[0], np.nan)
    ok = rows >= 0
    if ok.any():
        d = origins[ok] - targets[rows[ok]]
        out[ok] = np.hypot(d[:, 0], d[:, 1]) / 1000.0
    return out


def check_same_crs(frame: Any, other_crs: Any, what: LayerRef) -> None:
    """Hand-offs between stages must share one CRS; a mismatch is a bug or a bad file."""
    from pyproj import CRS

    if frame.crs is None:
        msg = "candidates have no CRS"
        raise DataError(msg)
    if other_crs is None or not CRS(frame.crs).equals(CRS(other_crs)):
        msg = f"CRS mismatch between candidates ({frame.crs}) and {layer_label(what)} ({other_crs})"
        raise DataError(msg)
