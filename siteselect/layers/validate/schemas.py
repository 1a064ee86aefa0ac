"""What the embedded data folder holds: its tables' schemas and enumerations, its files."""

from __future__ import annotations

from collections.abc import Mapping

from siteselect.constants import GEOGRAPHIC_CRS

# Column kinds: "str" must be non-empty, "str?" may be empty; "int?"/"float?" may be blank.
CSV_SCHEMAS: Mapping[str, Mapping[str, str]] = {
    "border_crossings": {
        "id": "str",
        "name": "str",
        "name_mx": "str",
        "name_us": "str",
        "city_mx": "str",
        "city_us": "str",
        "state": "str",
        "us_state": "str",
        "mode": "str",
        "commercial": "bool",
        "trucks_northbound": "int?",
        "trucks_year": "int?",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "source": "str",
    },
    "seaports": {
        "id": "str",
        "name": "str",
        "state": "str",
        "coast": "str",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "source": "str",
    },
    "airports": {
        "id": "str",
        "icao": "str?",
        "name": "str",
        "city": "str?",
        "state": "str?",
        "cargo_hub": "bool",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "cities": {
        "id": "int",
        "name": "str",
        "state": "str?",
        "state_code": "str?",
        "population": "int",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "corridors": {
        "corridor": "str",
        "name": "str",
        "states": "str",
        "municipalities": "str?",
        "notes": "str?",
        "source": "str",
    },
    "parks": {
        "id": "str",
        "name": "str",
        "developer": "str?",
        "municipality": "str",
        "municipality_code": "str",
        "state": "str",
        "corridor": "str",
        "lon": "float",
        "lat": "float",
        "accuracy_m": "float",
        "coord_source": "str",
        "n_establishments": "int",
        "source": "str",
        "rail_spur": "bool?",
        "rail_spur_source": "str?",
        "wage_zone": "str",
        "min_wage_mxn_day": "float",
    },
    "population": {
        "id": "str",
        "name": "str",
        "municipality_code": "str",
        "municipality": "str",
        "state": "str",
        "state_code": "str",
        "population": "int",
        "population_geonames": "int",
        "kind": "str",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "population_municipalities": {
        "cvegeo": "str",
        "municipality": "str",
        "state": "str",
        "state_code": "str",
        "year": "int",
        "population": "int",
        "places": "int",
        "source": "str",
    },
    "establishments": {
        "id": "str",
        "scian": "str",
        "scian_sector": "str",
        "scian_rama": "str",
        "scian_subsector": "str",
        "sector": "str?",
        "state": "str",
        "municipality_code": "str",
        "municipality": "str",
        "park": "str?",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "power_substations": {
        "id": "str",
        "name": "str?",
        "operator": "str?",
        "state": "str",
        "voltage_kv": "float?",
        "voltage_from": "str?",
        "lon": "float",
        "lat": "float",
        "source": "str",
    },
    "wage_zones": {
        "municipality_code": "str",
        "municipality": "str",
        "state_inegi": "str",
        "zone": "str",
        "min_wage_mxn_day": "float",
        "year": "int",
        "source": "str",
    },
    "road_calibration": {
        "id": "str",
        "origin": "str",
        "origin_lon": "float",
        "origin_lat": "float",
        "destination": "str",
        "destination_lon": "float",
        "destination_lat": "float",
        "kind": "str",
        "road_km": "float",
        "car_min": "float?",
        "confidence": "str",
        "split": "str",
        "source": "str",
    },
    "parks_columns": {
        "column": "str",
        "unit": "str?",
        "status": "str",
        "description": "str",
        "source": "str?",
    },
}

CSV_FILES: Mapping[str, str] = {
    "border_crossings": "border_crossings.csv",
    "seaports": "seaports.csv",
    "airports": "airports.csv",
    "cities": "cities.csv",
    "corridors": "corridors.csv",
    "parks": "parks.csv",
    "parks_columns": "parks_columns.csv",
    "population": "population.csv",
    "population_municipalities": "population_municipalities.csv",
    "establishments": "establishments.csv",
    "power_substations": "power_substations.csv",
    "wage_zones": "wage_zones.csv",
}

# Allowed values of categorical columns.
CSV_ENUMS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "border_crossings": {"mode": frozenset({"road", "rail", "road+rail"})},
    "seaports": {"coast": frozenset({"Pacific", "Gulf", "Caribbean"})},
    "parks_columns": {"status": frozenset({"sourced", "illustrative", "derived"})},
    "road_calibration": {
        "split": frozenset({"fit", "check"}),
        "confidence": frozenset({"high", "medium", "low"}),
    },
    "parks": {"wage_zone": frozenset({"zlfn", "general"})},
    "wage_zones": {"zone": frozenset({"zlfn", "general"})},
    "population": {"kind": frozenset({"place", "aggregate", "municipality"})},
    "power_substations": {"voltage_from": frozenset({"tag", "lines", ""})},
}

ROAD_CALIBRATION_FILE = "road_calibration.csv"
"""Real city-pair road distances (hand-written facts) that the road graph is checked against."""

# file -> (layer, required columns, expected geometry types)
VECTOR_FILES: Mapping[str, tuple[str | None, tuple[str, ...], frozenset[str]]] = {
    "states.gpkg": (
        "states",
        ("state_code", "state", "state_inegi"),
        frozenset({"MultiPolygon", "Polygon"}),
    ),
    "highways.gpkg": (None, ("length_km", "source"), frozenset({"LineString"})),
    "railways.gpkg": (None, ("length_km", "source"), frozenset({"LineString"})),
    "power_lines.gpkg": (
        "power_lines",
        ("id", "voltage_kv", "length_km", "source"),
        frozenset({"LineString"}),
    ),
}
RASTER_FILES: Mapping[str, str] = {"solar_ghi_clearsky.tif": GEOGRAPHIC_CRS}

POINT_TABLES = (
    "border_crossings",
    "seaports",
    "airports",
    "cities",
    "parks",
    "population",
    "establishments",
    "power_substations",
)
