"""Coordinate reference systems and Mexico's extent, defined once for loaders, checks and tools."""

from __future__ import annotations

METRIC_CRS = "EPSG:6372"
"""Mexico's INEGI Lambert conformal conic: every distance and area is computed in it."""

GEOGRAPHIC_CRS = "EPSG:4326"

# Mexico's extent with a margin: used to tell swapped lon/lat and foreign points from real ones.
MEXICO_BOUNDS = (-118.6, 14.3, -86.5, 32.9)
"""``(min lon, min lat, max lon, max lat)`` in degrees."""
