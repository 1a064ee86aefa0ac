"""The hand-written fact table behind data/seaports.csv, as code: run it to rewrite the CSV (`make data` runs it)."""
from pathlib import Path as _Path
import importlib.util as _ilu
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
def _pkg(name):
    return _Path(_ilu.find_spec(name).origin).parent
import csv, io, json, math
J = json.load(open(_pkg("searoute") / "data" / "ports.geojson"))
SR = {f["properties"]["port"]: f["geometry"]["coordinates"] for f in J["features"] if f["properties"]["cty"] == "Mexico"}
def km(a, b):
    la1, la2 = math.radians(a[1]), math.radians(b[1]); dl = math.radians(b[0]-a[0])
    h = math.sin((la2-la1)/2)**2 + math.cos(la1)*math.cos(la2)*math.sin(dl/2)**2
    return 2*6371.0088*math.asin(math.sqrt(h))
# id, name, state, coast, lon, lat, accuracy_m, where
P = [
 ("MXZLO","Manzanillo","Colima","Pacific",-104.2950,19.0700,1500,"container terminals of the inner harbour (San Pedrito)"),
 ("MXLZC","Lázaro Cárdenas","Michoacán","Pacific",-102.1680,17.9380,2000,"container terminals on the port's inner channel"),
 ("MXMZT","Mazatlán","Sinaloa","Pacific",-106.4050,23.1900,1500,"port terminals south of the city centre"),
 ("MXTPB","Topolobampo","Sinaloa","Pacific",-109.0570,25.5980,2500,"port terminals at Topolobampo"),
 ("MXGYM","Guaymas","Sonora","Pacific",-110.8750,27.9150,1500,"port terminals of Guaymas bay"),
 ("MXESE","Ensenada","Baja California","Pacific",-116.6240,31.8520,1000,"port terminals of Ensenada"),
 ("MXSCX","Salina Cruz","Oaxaca","Pacific",-95.2010,16.1630,1500,"port of Salina Cruz"),
 ("MXPMD","Puerto Chiapas","Chiapas","Pacific",-92.4050,14.7030,3000,"Puerto Chiapas (formerly Puerto Madero)"),
 ("MXATM","Altamira","Tamaulipas","Gulf",-97.8730,22.4840,2000,"terminals along the Altamira port channel"),
 ("MXTAM","Tampico","Tamaulipas","Gulf",-97.8450,22.2250,3000,"terminals on the Pánuco river (Tampico / Ciudad Madero)"),
 ("MXTUX","Tuxpan","Veracruz","Gulf",-97.3600,20.9550,3000,"terminals on the Tuxpan river near its mouth"),
 ("MXVER","Veracruz","Veracruz","Gulf",-96.1340,19.2060,1500,"terminals of the historic harbour"),
 ("MXCOA","Coatzacoalcos","Veracruz","Gulf",-94.4150,18.1450,2000,"terminals on the Coatzacoalcos river mouth"),
 ("MXPGO","Progreso","Yucatán","Gulf",-89.6630,21.2850,6500,"land end of the Progreso pier; the deep-water terminal is about 6 km offshore at the end of the viaduct"),
]
cols = ["id","name","state","coast","lon","lat","accuracy_m","source"]
rows=[]
for (i,n,s,c,lon,lat,acc,where) in sorted(P):
    d = km((lon,lat), SR[i]) if i in SR else None
    src = (f"UN/LOCODE {i}; coordinates hand-placed on land at the {where} from the author's knowledge (not surveyed)"
           + (f"; searoute 1.6.0 ports.geojson (Apache-2.0) has {i} {d:.1f} km away" if d is not None else ""))
    print(i, n, None if d is None else round(d,1))
    rows.append({"id":i,"name":n,"state":s,"coast":c,"lon":f"{lon:.6f}","lat":f"{lat:.6f}","accuracy_m":str(acc),"source":src})
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "seaports.csv","w",encoding="utf-8",newline="").write(buf.getvalue())
