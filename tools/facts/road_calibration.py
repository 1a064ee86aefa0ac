"""The hand-written fact table behind data/road_calibration.csv, as code: run it to rewrite the CSV (`make data` runs it).

Real road distances between city pairs in the corridors and to the ports and border crossings, each with
its source and how confident the author is. They calibrate and check the embedded road graph
(`tools/build_data.py` fits the relief factor on the rows with split == "fit"; `siteselect data check`
prints the graph's ratio for every row). No per-pair truck driving time is published by SCT or anyone
the author could cite, so `car_min` holds a published CAR driving time where a source gives one (blank
otherwise): trucks are slower, so a truck graph should take longer than `car_min`.

Points: city centres (main square) to the author's knowledge; ports and crossings are the points of
data/seaports.csv and data/border_crossings.csv. `split` alternates fit/check within each kind of pair
(flat corridor, mountain, to a port, to a crossing) so that both halves hold mountain routes.
"""
from pathlib import Path as _Path
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
import csv, io

# Points (lon, lat): city centres from the author's knowledge (±1 km); ports and crossings as in data/.
P = {
 "Monterrey": (-100.3097, 25.6714), "Saltillo": (-101.0003, 25.4232), "Nuevo Laredo": (-99.5075, 27.4761),
 "Reynosa": (-98.2775, 26.0922), "Matamoros": (-97.5044, 25.8697), "Ciudad Victoria": (-99.1464, 23.7361),
 "Tampico": (-97.8611, 22.2553), "Torreón": (-103.4068, 25.5428), "Piedras Negras": (-100.5236, 28.7003),
 "Ciénega de Flores": (-100.1697, 25.9536), "San Luis Potosí": (-100.9763, 22.1517), "Querétaro": (-100.3928, 20.5931),
 "León": (-101.6860, 21.1221), "Guadalajara": (-103.3474, 20.6767), "Aguascalientes": (-102.2960, 21.8818),
 "Zacatecas": (-102.5740, 22.7709), "Ciudad de México": (-99.1332, 19.4326), "Morelia": (-101.1950, 19.7026),
 "Colima": (-103.7241, 19.2433),
 "Manzanillo (port)": (-104.2950, 19.0700), "Lázaro Cárdenas (port)": (-102.1680, 17.9380),
 "World Trade Bridge": (-99.536955, 27.597186),
}
AK = "author's knowledge of the commonly published road distance (Google Maps / SCT 'Traza tu ruta' range), not re-checked against a dated source"
VIC = "Ciudad Victoria distance table ('Matamoros 313 km, Reynosa 323, Monterrey 287, San Luis Potosí 346, Nuevo Laredo 505, Tampico 250'), reproduced in yajaira-cdvictoria.blogspot.com/2012; the table's own origin and year are not stated"
# id, origin, destination, kind, road_km, car_min (None = not published), confidence, split, source
R = [
 ("cdmx-slp","Ciudad de México","San Luis Potosí","corridor",407,251,"high","fit",
  "escapadah.com 2024-06-19 quoting SCT 'Traza tu ruta': Zócalo to San Luis Potosí 407 km, 4 h 11 min by car via Querétaro (toll)"),
 ("qro-cdmx","Querétaro","Ciudad de México","corridor",213,138,"high","check",
  "infobae.com 2022-03-18: México–Querétaro toll road trip about 213 km, 2 h 18 min (tvazteca.com 2025-11-09 gives 217 km, 2-3 h)"),
 ("saltillo-slp","Saltillo","San Luis Potosí","mountain",448,300,"medium","fit",
  "posta.com.mx (2024) quoting Google Maps: Saltillo to San Luis Potosí by toll road 57D via Arteaga, Puerto México and Matehuala, about 448 km, about five hours"),
 ("gdl-leon","Guadalajara","León","corridor",226,172,"high","check",
  "aztecajalisco.com traffic reports (2025-06-08, 2025-08-06, 2026-01-09): Guadalajara–León via 80D (Lagos de Moreno) 226 km, 2 h 36 min to 2 h 54 min in normal traffic (2 h 52 min used)"),
 ("victoria-mty","Ciudad Victoria","Monterrey","corridor",287,None,"medium","fit",VIC),
 ("victoria-matamoros","Ciudad Victoria","Matamoros","corridor",313,None,"medium","check",VIC),
 ("victoria-reynosa","Ciudad Victoria","Reynosa","corridor",323,None,"medium","fit",VIC),
 ("victoria-slp","Ciudad Victoria","San Luis Potosí","mountain",346,None,"medium","check",VIC + "; the route crosses the Sierra Madre Oriental (Jaumave / Tula)"),
 ("victoria-nld","Ciudad Victoria","Nuevo Laredo","corridor",505,None,"medium","fit",VIC),
 ("victoria-tampico","Ciudad Victoria","Tampico","corridor",250,None,"medium","check",VIC),
 ("qro-tampico","Querétaro","Tampico","mountain",595,None,"medium","fit",
  "mexicodailypost.com 2021-05-29: 'the distance between the cities of Querétaro and Tampico is about 595 kilometers' (today's route via San Luis Potosí and Ciudad Valles, through the Sierra Madre Oriental)"),
 ("morelia-lzc","Morelia","Lázaro Cárdenas (port)","mountain",318,None,"medium","check",
  "SICT segment lengths of the Siglo XXI toll road (37D) quoted by cronista.com and mimorelia.com (2025-12 / 2026-01): Pátzcuaro–Uruapan 50 km, Uruapan–Nueva Italia 60 km, Nueva Italia–Lázaro Cárdenas 146-151 km; plus Morelia–Pátzcuaro about 57 km (author's knowledge)"),
 ("gdl-manzanillo","Guadalajara","Manzanillo (port)","mountain",300,None,"medium","fit",
  "54D Guadalajara–Colima toll road is 148 km from Acatlán de Juárez (35 km south of the Guadalajara metro area) to Cuauhtémoc, Colima (planoinformativo.com 2025, notidiario.com.mx 2022); Colima–Manzanillo 98 km (discoverymexico.com.mx); total about 300 km by the author's sum"),
 ("leon-manzanillo","León","Manzanillo (port)","mountain",520,None,"medium","check",
  "sum of Guadalajara–León 226 km (aztecajalisco.com, see gdl-leon) and Guadalajara–Manzanillo about 300 km (see gdl-manzanillo), less about 6 km shared on the Guadalajara ring road (author's estimate)"),
 ("mty-saltillo","Monterrey","Saltillo","mountain",86,None,"medium","fit",
  "the Monterrey–Saltillo toll road is 49.8 km from Av. Morones Prieto to Ojo Caliente (El Siglo de Torreón 2009-10-01, quoting SCT); centre to centre about 86 km (author's knowledge), climbing from about 500 m to 1,600 m"),
 ("mty-wtb","Monterrey","World Trade Bridge","crossing",230,None,"medium","check",
  "author's knowledge: Monterrey to the World Trade Bridge (Nuevo Laredo) via 85D and the Nuevo Laredo western bypass about 230 km; 85D's toll section alone is 120.5 km (Wikipedia, Mexican Federal Highway 85D)"),
 ("mty-nld","Monterrey","Nuevo Laredo","crossing",222,None,"medium","fit",AK),
 ("mty-reynosa","Monterrey","Reynosa","crossing",220,150,"medium","check",
  AK + "; car time: 'dos horas y media' from Monterrey to Laredo or Reynosa (omareli.com column, undated)"),
 ("mty-piedras-negras","Monterrey","Piedras Negras","crossing",430,240,"low","fit",
  AK + "; car time: 'cuatro horas de camino' from Monterrey to Piedras Negras (omareli.com column, undated)"),
 ("mty-matamoros","Monterrey","Matamoros","crossing",322,None,"medium","check",AK),
 ("reynosa-matamoros","Reynosa","Matamoros","crossing",95,None,"medium","fit",AK),
 ("mty-torreon","Monterrey","Torreón","corridor",330,None,"medium","check",
  AK + "; Torreón–Saltillo toll road 40D is 206.8 km (Wikipedia, Mexican Federal Highway 40D)"),
 ("saltillo-torreon","Saltillo","Torreón","corridor",255,None,"medium","fit",
  AK + "; 40D's Torreón–Saltillo section is 206.8 km between Matamoros (Coahuila) and the west of Saltillo (Wikipedia, Mexican Federal Highway 40D)"),
 ("qro-slp","Querétaro","San Luis Potosí","corridor",203,None,"medium","check",
  AK + "; consistent with Zócalo–San Luis Potosí 407 km less Querétaro–CDMX 213 km"),
 ("qro-leon","Querétaro","León","corridor",180,None,"medium","fit",AK + " (45D via Celaya, Salamanca, Irapuato and Silao)"),
 ("leon-ags","León","Aguascalientes","corridor",128,None,"medium","check",AK + " (45 via Lagos de Moreno)"),
 ("ags-gdl","Aguascalientes","Guadalajara","mountain",222,None,"medium","fit",AK + " (via 45/80D, crossing the Los Altos de Jalisco uplands)"),
 ("ags-zacatecas","Aguascalientes","Zacatecas","corridor",125,None,"medium","check",AK),
 ("gdl-cdmx","Guadalajara","Ciudad de México","mountain",540,None,"medium","fit",AK + " (15D via Morelia's north and Atlacomulco)"),
 ("mty-cdmx","Monterrey","Ciudad de México","corridor",910,None,"medium","check",AK + " (via Saltillo, 57 and San Luis Potosí)"),
 ("cienega-mty","Ciénega de Flores","Monterrey","corridor",32,None,"medium","fit",
  AK + "; via highway 85 past the Monterrey airport road (issue 10 of this project gives about 30 km)"),
 ("qro-lzc","Querétaro","Lázaro Cárdenas (port)","mountain",510,None,"low","check",
  AK + "; Querétaro–Morelia about 190 km via Salamanca, then the Siglo XXI (see morelia-lzc)"),
]
cols = ["id","origin","origin_lon","origin_lat","destination","destination_lon","destination_lat","kind","road_km","car_min","confidence","split","source"]
rows = []
for (i, o, d, kind, km, mins, conf, split, src) in sorted(R):
    (olon, olat), (dlon, dlat) = P[o], P[d]
    rows.append({"id": i, "origin": o, "origin_lon": f"{olon:.6f}", "origin_lat": f"{olat:.6f}",
                 "destination": d, "destination_lon": f"{dlon:.6f}", "destination_lat": f"{dlat:.6f}",
                 "kind": kind, "road_km": str(km), "car_min": "" if mins is None else str(mins),
                 "confidence": conf, "split": split, "source": src})
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "road_calibration.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
print(f"{len(rows)} pairs ({sum(r['split'] == 'fit' for r in rows)} fit, {sum(r['split'] == 'check' for r in rows)} check)")
