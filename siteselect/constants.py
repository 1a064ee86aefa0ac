"""Constants shared by every stage: coordinate systems, Mexico's extent, method names."""

from __future__ import annotations

METRIC_CRS = "EPSG:6372"
"""Mexico's INEGI Lambert conformal conic (metres): every distance and area is computed in it."""

GEOGRAPHIC_CRS = "EPSG:4326"
"""Longitude/latitude (WGS 84): inputs without a CRS column pair, and every export (RFC 7946)."""

MEXICO_BOUNDS = (-118.6, 14.3, -86.5, 32.9)
"""Mexico's extent with a margin (lon0, lat0, lon1, lat1): tells swapped axes and foreign points."""

METHODS = ("wsm", "topsis", "promethee", "vikor")
"""The MCDA aggregation methods, in the order the documentation lists them."""

CORRIDOR_ALL = "all"
"""The corridor name that switches the corridor filter off."""

OUTSIDE_CORRIDORS = "outside the selected corridors"
"""How a candidate set aside by the corridor filter is described; the corridor it lies in
follows in brackets: ``outside the selected corridors (north-centre)``."""
