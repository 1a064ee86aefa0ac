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
 # metro points (centres of municipalities, airports) and the other corridors' cities, from the author's knowledge (±1 km)
 "Apodaca": (-100.1886, 25.7817), "Santa Catarina": (-100.4581, 25.6733), "General Escobedo": (-100.3247, 25.7969),
 "Ramos Arizpe": (-100.9478, 25.5406), "El Salto": (-103.1793, 20.5195), "Tlajomulco de Zúñiga": (-103.4436, 20.4736),
 "Zapopan": (-103.3918, 20.7236), "Querétaro airport (AIQ)": (-100.1851, 20.6173), "El Pueblito (Corregidora)": (-100.4417, 20.5389),
 "León airport (BJX)": (-101.4808, 20.9935), "Tlalnepantla": (-99.1949, 19.5401), "Toluca": (-99.6557, 19.2826),
 "Puebla": (-98.2063, 19.0414), "Veracruz": (-96.1342, 19.1738), "Ciudad Juárez": (-106.4245, 31.6904),
 "Chihuahua": (-106.0691, 28.6353), "Tijuana": (-117.0382, 32.5149), "Mexicali": (-115.4523, 32.6245),
 "Hermosillo": (-110.9559, 29.0729), "Nogales": (-110.9425, 31.3086),
}
AK = "author's knowledge of the commonly published road distance (Google Maps / SCT 'Traza tu ruta' range), not re-checked against a dated source"
VIC = "Ciudad Victoria distance table ('Matamoros 313 km, Reynosa 323, Monterrey 287, San Luis Potosí 346, Nuevo Laredo 505, Tampico 250'), reproduced in yajaira-cdvictoria.blogspot.com/2012; the table's own origin and year are not stated"
CAR_AK = ("author's knowledge of the driving time Google Maps commonly shows for the trip (typical weekday traffic), "
          "about ±15 %, not re-checked against a dated source")
CAR_AK_METRO = ("author's knowledge of the driving time Google Maps commonly shows across the metro at a weekday morning "
                "(typical, not live, traffic), about ±20 %, not re-checked against a dated source")
# Car times added where the row's own source gives none: id -> (minutes, confidence, source). Trucks have no
# published per-pair times; these fit and check the car model of tools/build_data.py (split as the row's).
CAR = {
 "ags-gdl": (160, "medium", CAR_AK), "ags-zacatecas": (90, "medium", CAR_AK), "cienega-mty": (30, "low", CAR_AK),
 "gdl-cdmx": (330, "medium", CAR_AK), "gdl-manzanillo": (190, "medium", CAR_AK), "leon-ags": (85, "medium", CAR_AK),
 "leon-manzanillo": (320, "low", CAR_AK), "morelia-lzc": (200, "medium", CAR_AK), "mty-cdmx": (555, "medium", CAR_AK),
 "mty-matamoros": (210, "medium", CAR_AK), "mty-nld": (140, "medium", CAR_AK), "mty-saltillo": (60, "medium", CAR_AK),
 "mty-torreon": (205, "medium", CAR_AK), "mty-wtb": (150, "medium", CAR_AK), "qro-leon": (115, "medium", CAR_AK),
 "qro-lzc": (300, "low", CAR_AK), "qro-slp": (125, "medium", CAR_AK), "qro-tampico": (405, "low", CAR_AK),
 "reynosa-matamoros": (75, "medium", CAR_AK), "saltillo-torreon": (160, "medium", CAR_AK),
 "victoria-matamoros": (210, "low", CAR_AK), "victoria-mty": (200, "medium", CAR_AK), "victoria-nld": (330, "low", CAR_AK),
 "victoria-reynosa": (220, "low", CAR_AK), "victoria-slp": (260, "low", CAR_AK), "victoria-tampico": (170, "medium", CAR_AK),
}
# id, origin, destination, kind, road_km, car_min (None = not published), confidence, split, source
R = [
 # inside metros ("metro"): the congestion the car model fits (road km and minutes from the author's knowledge)
 ("mty-apodaca","Monterrey","Apodaca","metro",20,25,"low","fit",CAR_AK_METRO),
 ("mty-santa-catarina","Monterrey","Santa Catarina","metro",17,25,"low","check",CAR_AK_METRO),
 ("mty-escobedo","Monterrey","General Escobedo","metro",14,20,"low","fit",CAR_AK_METRO),
 ("santa-catarina-apodaca","Santa Catarina","Apodaca","metro",35,35,"low","check",CAR_AK_METRO),
 ("ramos-santa-catarina","Ramos Arizpe","Santa Catarina","metro",60,43,"medium","fit",
  "issue 17 of this project (a Mexico site-selection consultant's audit): Ramos Arizpe to Santa Catarina 40–45 min by car (43 used); road km the author's knowledge"),
 ("saltillo-ramos","Saltillo","Ramos Arizpe","metro",14,18,"low","check",CAR_AK_METRO),
 ("gdl-el-salto","Guadalajara","El Salto","metro",27,35,"low","fit",CAR_AK_METRO),
 ("gdl-tlajomulco","Guadalajara","Tlajomulco de Zúñiga","metro",25,40,"low","check",CAR_AK_METRO),
 ("gdl-zapopan","Guadalajara","Zapopan","metro",7,15,"low","fit",CAR_AK_METRO),
 ("qro-aiq","Querétaro","Querétaro airport (AIQ)","metro",30,25,"low","check",CAR_AK_METRO),
 ("qro-corregidora","Querétaro","El Pueblito (Corregidora)","metro",8,15,"low","fit",CAR_AK_METRO),
 ("leon-bjx","León","León airport (BJX)","metro",22,25,"low","check",CAR_AK_METRO),
 ("cdmx-tlalnepantla","Ciudad de México","Tlalnepantla","metro",17,40,"low","fit",CAR_AK_METRO),
 ("toluca-cdmx","Toluca","Ciudad de México","metro",65,75,"low","check",CAR_AK_METRO + " (via the México–Toluca highway and Constituyentes)"),
 # the other corridors of issue 22 (road km and car time from the author's knowledge)
 ("juarez-chihuahua","Ciudad Juárez","Chihuahua","corridor",370,220,"medium","fit",AK + "; car time " + CAR_AK),
 ("tijuana-mexicali","Tijuana","Mexicali","mountain",180,120,"medium","check",AK + " (2D over La Rumorosa); car time " + CAR_AK),
 ("hermosillo-nogales","Hermosillo","Nogales","corridor",277,170,"medium","check",AK + "; car time " + CAR_AK),
 ("puebla-veracruz","Puebla","Veracruz","mountain",290,195,"medium","fit",AK + " (150D over the Cumbres de Maltrata); car time " + CAR_AK),
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
cols = ["id","origin","origin_lon","origin_lat","destination","destination_lon","destination_lat","kind","road_km","car_min","confidence","split","source","car_confidence","car_source"]
rows = []
assert not set(CAR) - {r[0] for r in R}, "car time for an unknown pair"
for (i, o, d, kind, km, mins, conf, split, src) in sorted(R):
    (olon, olat), (dlon, dlat) = P[o], P[d]
    car_conf, car_src = (conf, "as source") if mins is not None else ("", "")
    if i in CAR:
        assert mins is None, f"{i}: car time given twice"
        mins, car_conf, car_src = CAR[i]
    rows.append({"id": i, "origin": o, "origin_lon": f"{olon:.6f}", "origin_lat": f"{olat:.6f}",
                 "destination": d, "destination_lon": f"{dlon:.6f}", "destination_lat": f"{dlat:.6f}",
                 "kind": kind, "road_km": str(km), "car_min": "" if mins is None else str(mins),
                 "confidence": conf, "split": split, "source": src,
                 "car_confidence": car_conf, "car_source": car_src})
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "road_calibration.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
print(f"{len(rows)} pairs ({sum(r['split'] == 'fit' for r in rows)} fit, {sum(r['split'] == 'check' for r in rows)} check)")
