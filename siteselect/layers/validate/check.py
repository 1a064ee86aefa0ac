"""The outcome of a data check (:class:`CheckResult`, :class:`CheckReport`) and the
helpers every group of checks shares: reading a table or a layer checked, rows as records,
points in metres."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.constants import GEOGRAPHIC_CRS, METRIC_CRS
from siteselect.layers.validate.rules import crs_problem, geometry_problems

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry


Row = dict[str, Any]

# States layers are simplified for maps: containment allows this slack.
STATE_TOLERANCE_M = 1_000.0
BORDER_TOLERANCE_M = 3_000.0
LAND_TOLERANCE_M = 1_000.0


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Parameters
    ----------
    name
        Stable check name, e.g. ``schema:parks`` or ``coordinates:seaports``.
    passed
        False when the check found a problem that must be fixed.
    summary
        One line saying what was checked and what was found.
    rows
        Offending rows (or, for comparisons, every compared row) as plain dicts.
    informative
        True for comparisons that report figures without a pass/fail tolerance.
    show_rows
        True when the rows are the result itself (e.g. the road calibration's ratio per pair)
        and are printed even when the check passes.
    """

    name: str
    passed: bool
    summary: str
    rows: list[Row] = field(default_factory=list)
    informative: bool = False
    show_rows: bool = False


@dataclass(frozen=True)
class CheckReport:
    """All check results for one data folder."""

    data_dir: Path
    results: list[CheckResult]

    @property
    def passed(self) -> bool:
        """True when no check failed."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        """The checks that failed."""
        return [r for r in self.results if not r.passed]

    def get(self, name: str) -> CheckResult:
        """Return the result of the check called ``name``."""
        for result in self.results:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready representation."""
        return {
            "data_dir": str(self.data_dir),
            "passed": self.passed,
            "results": [
                {
                    "name": r.name,
                    "passed": r.passed,
                    "informative": r.informative,
                    "summary": r.summary,
                    "rows": [_jsonable(row) for row in r.rows],
                }
                for r in self.results
            ],
        }


# --------------------------------------------------------------------------------------------
# helpers


def _read_vector_checked(
    path: Path, layer: str | None, columns: Sequence[str], geom_types: frozenset[str]
) -> tuple[gpd.GeoDataFrame | None, CheckResult]:
    import geopandas as gpd

    name = f"schema:{path.stem}"
    try:
        frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        return None, CheckResult(name, False, f"{path.name}: unreadable: {type(exc).__name__}")
    problems: list[Row] = [
        {"problem": f"missing column {c!r}"} for c in columns if c not in frame.columns
    ]
    crs = crs_problem(frame.crs, METRIC_CRS)
    if crs:
        problems.append({"problem": crs})
    kinds = set(frame.geom_type.dropna())
    if not kinds <= geom_types:
        problems.append(
            {"problem": f"geometry types {sorted(kinds)}, expected {sorted(geom_types)}"}
        )
    bad_geometries = [
        {"row": row, "problem": problem}
        for row, problem in enumerate(geometry_problems(frame.geometry), start=1)
        if problem
    ]
    problems += bad_geometries
    epsg = frame.crs.to_epsg() if frame.crs is not None else None
    first = problems[0] if problems else {}
    where = f" (row {first['row']})" if "row" in first else ""
    summary = f"{len(frame)} features, EPSG:{epsg}" + (
        f": {len(problems)} problem(s), first: {first['problem']}{where}" if problems else ": ok"
    )
    # the containment checks need a CRS and valid geometries (unions fail on invalid ones)
    usable = epsg is not None and not bad_geometries
    return (frame if usable else None), CheckResult(name, not problems, summary, problems)


def _check_raster(path: Path, crs: str) -> CheckResult:
    import rasterio

    name = f"schema:{path.stem}"
    try:
        with rasterio.open(path) as ds:
            problems: list[Row] = []
            wrong_crs = crs_problem(ds.crs, crs)
            if wrong_crs:
                problems.append({"problem": wrong_crs})
            if ds.count != 1 or ds.dtypes[0] != "float32":
                problems.append(
                    {"problem": f"{ds.count} band(s) of {ds.dtypes[0]}, expected 1 float32"}
                )
            summary = f"{ds.width}x{ds.height} cells, {ds.crs}" + (
                f": {problems[0]['problem']}" if problems else ": ok"
            )
    except rasterio.errors.RasterioIOError as exc:
        return CheckResult(name, False, f"{path.name}: unreadable: {str(exc).splitlines()[0]}")
    return CheckResult(name, not problems, summary, problems)


def _value_problem(value: str, kind: str) -> str:
    optional = kind.endswith("?")
    base = kind.rstrip("?")
    if value.strip() == "":
        return "" if optional else "blank"
    if base == "bool":
        return "" if value in ("true", "false") else "not true/false"
    if base == "int":
        return "" if re.fullmatch(r"-?\d+", value) else "not an integer"
    if base == "float":
        try:
            number = float(value)
        except ValueError:
            return "not a number"
        return "not finite" if math.isnan(number) or math.isinf(number) else ""
    return ""


def _id_sort_key(value: str) -> tuple[int, str]:
    return (int(value), "") if re.fullmatch(r"-?\d+", value) else (0, value)


def _records(frame: pd.DataFrame) -> list[Row]:
    return [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")]


def _ids(frame: pd.DataFrame) -> list[Any]:
    if "id" in frame.columns:
        return frame["id"].tolist()
    return list(range(1, len(frame) + 1))


def _points_metric(frame: pd.DataFrame) -> list[BaseGeometry | None]:
    """Points in EPSG:6372, or None where lon/lat are missing."""
    import pandas as pd
    from pyproj import Transformer
    from shapely.geometry import Point

    xs = pd.to_numeric(frame["lon"], errors="coerce").tolist()
    ys = pd.to_numeric(frame["lat"], errors="coerce").tolist()
    transformer = Transformer.from_crs(GEOGRAPHIC_CRS, METRIC_CRS, always_xy=True)
    out: list[BaseGeometry | None] = []
    for x, y in zip(xs, ys, strict=True):
        if math.isnan(x) or math.isnan(y):
            out.append(None)
        else:
            mx, my = transformer.transform(x, y)
            out.append(Point(mx, my))
    return out


def _describe(row: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in row.items() if v is not None)


def _counts(frame: pd.DataFrame, column: str) -> str:
    counts = frame[column].value_counts().sort_index()
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def _jsonable(row: Mapping[str, Any]) -> Row:
    out: Row = {}
    for key, value in row.items():
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        out[key] = value
    return out
