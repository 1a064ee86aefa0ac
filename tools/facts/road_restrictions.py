"""The hand-written fact table behind data/road_restrictions.csv, as code: run it to rewrite the CSV (`make data` runs it).

Stretches of the embedded highway graph that trucks avoid where a route exists elsewhere. The
graph (scgraph-data) has no road class and no curvature: a winding two-lane mountain road and a
modern mountain motorway through the same terrain look alike (highway 120 across the Sierra Gorda
and the Durango-Mazatlán motorway 40D both run 8-9 degree mean slopes on long junction-free
edges). So the stretches are named here, one row each, with the speed a car keeps on them, a
truck "speed" of 10 km/h that is a rule rather than a measurement (trucks avoid the road where
any reasonable route exists; places beyond it stay reachable), and why. `tools/build_data.py` gives every highway edge lying along a stretch
(at least half of its samples within `buffer_km` of the line) those speeds as caps.

Each row: id, name, the stretch as a list of lon/lat points (along the road, the author's
reading of the scgraph edges it covers), buffer_km, car_kph, truck_kph, confidence, source.
"""
from pathlib import Path as _Path
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
import csv, io

R = [
 ("jacala-85",
  "Federal highway 85 through the Sierra Madre Oriental (Zimapán - Jacala - Tamazunchale)",
  [(-99.298, 20.488), (-98.788, 21.259)],
  3.0, 45, 10, "medium",
  "author's knowledge: the old Pan-American highway 85 between Zimapán and Tamazunchale (the Jacala sierra) "
  "is a two-lane mountain road of continuous curves; freight between the Bajío or Mexico City and the Gulf "
  "ports of Tamaulipas takes 57 and 70 via San Luis Potosí, or the México–Tuxpan motorway; speeds are the "
  "author's estimate for such a road (cars 45 km/h); trucks get 10 km/h, not a speed but a rule: any reasonable route elsewhere is faster, places beyond stay reachable"),
 ("sierra-alta-105",
  "Federal highway 105 across the Sierra Alta of Hidalgo (Pachuca - Zacualtipan - Huejutla)",
  [(-98.620, 20.588), (-98.704, 20.874), (-98.423, 21.107)],
  3.0, 45, 10, "medium",
  "author's knowledge: highway 105 from Pachuca to Huejutla crosses the Sierra Alta and the Huasteca as a "
  "two-lane mountain road; it is not a freight route between the centre and the Gulf; speeds are the "
  "author's estimate for such a road (cars 45 km/h); trucks get 10 km/h, not a speed but a rule: any reasonable route elsewhere is faster, places beyond stay reachable"),
 ("sierra-gorda-120",
  "Federal highway 120 across the Sierra Gorda (Pinal de Amoles - Jalpan de Serra - Xilitla)",
  [(-99.740, 21.038), (-99.476, 21.218), (-98.928, 21.445)],
  3.0, 45, 10, "medium",
  "author's knowledge: highway 120 crosses the Sierra Gorda biosphere reserve as a two-lane mountain road of "
  "hundreds of curves; freight and the commonly published car route between Querétaro and Tampico run via "
  "San Luis Potosí and Ciudad Valles (595 km: data/road_calibration.csv, qro-tampico, mexicodailypost.com "
  "2021-05-29) although the Sierra Gorda road is shorter; speeds are the author's estimate for such a road "
  "(cars 45 km/h); trucks get 10 km/h, not a speed but a rule: any reasonable route elsewhere is faster, places beyond stay reachable"),
]
cols = ["id", "name", "line", "buffer_km", "car_kph", "truck_kph", "confidence", "source"]
rows = []
for (i, name, line, buf, car, truck, conf, src) in sorted(R):
    rows.append({"id": i, "name": name, "line": ";".join(f"{lon:.3f} {lat:.3f}" for lon, lat in line),
                 "buffer_km": f"{buf:g}", "car_kph": str(car), "truck_kph": str(truck),
                 "confidence": conf, "source": src})
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "road_restrictions.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
print(f"{len(rows)} road restrictions")
