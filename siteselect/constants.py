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
PRODUCT_CORRIDORS = ("bajio", "northeast")
"""The product's two corridors: every search's default, and those whose road-graph fixes were
reviewed pair by pair (the circuity screen fails only there)."""

SURFACE_RESOLUTIONS = (6, 7, 8, 9)
"""H3 resolutions a surface is scored at (cells of about 36, 5, 0.7 and 0.1 km²), in the API and
the CLI alike: coarser cells are larger than the towns a centre stands for, and finer ones over a
corridor run to millions of cells (res 10: ~1.5 M over the Bajío; 12: ~77 M)."""
OUTSIDE_CORRIDORS = "outside the selected corridors"
"""How a candidate set aside by the corridor filter is described; the corridor it lies in
follows in brackets: ``outside the selected corridors (north-centre)``."""
USER_FILE_MARK = "‡"
"""The mark of a value from a user's own file (``[candidates]`` path or attributes, a facts
sheet), in every output that shows one."""
ILLUSTRATIVE_MARK = "†"
"""The mark of an illustrative value (a column or sheet declared illustrative: replace it
with your own), in every output that shows one."""
IDENTITY_COLUMNS = ("corridor", "state", "municipality", "developer")
"""The columns that say where and whose a candidate is: every output carries them, for the
candidates removed on the way in too."""
MAX_WEIGHT_SAMPLES = 1_000_000
"""The most SMAA weight samples a run draws (sensitivity, consensus): the acceptabilities'
sampling error is about 0.0005 there, and each sample costs 8 bytes a criterion at once."""
