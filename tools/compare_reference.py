"""Compare the embedded points with real-world reference data (a maintainer tool).

``python tools/compare_reference.py [--data-dir data] [--reference-dir ../shared/data]``

Crossings, seaports and airports are compared with ``reference_points.csv`` within the
tolerances its README gives; parks are looked up by name among the SEMARNAT RETC 2022
establishments (informative: how many are confirmed and how far their points are). The reference
data is not part of the project: where it is absent the script says so and exits with 0. It exits
with 1 when a point lies beyond its tolerance.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.cli.data import render_check_report
from siteselect.layers import read_table
from siteselect.layers.validate import CheckReport, CheckResult

if TYPE_CHECKING:
    import pandas as pd

Row = dict[str, Any]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO / "data"
DEFAULT_REFERENCE_DIR = REPO.parent / "shared" / "data"
"""The project's reference data folder, next to the repository (absent in a fresh clone)."""

REFERENCE_POINTS = "reference_points.csv"
RETC_PATH = Path("industrial_facilities") / "retc_2022_facilities.gpkg"
CONAPO_PATH = Path("population") / "conapo_proyecciones_mun_2015-2030.csv"

# Tolerances of the reference data's README (km); keywords in the reference name override.
REFERENCE_TOLERANCE_KM: Mapping[str, float] = {
    "border_crossing": 2.0,
    "border_crossing_rail": 2.0,
    "airport": 2.0,
    "seaport": 5.0,
}
REFERENCE_TOLERANCE_OVERRIDES_KM: Mapping[str, float] = {
    "nogales": 5.0,
    "san luis": 5.0,
    "manzanillo": 12.0,
}

# Columns shown in the detail tables, in this order.
COLUMNS = (
    "id",
    "reference",
    "dist_km",
    "tolerance_km",
    "passed",
    "nearest_reference",
    "nearest_km",
    "n_establishments",
    "accuracy_km",
    "retc_names",
)


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that never identify a crossing or a park on their own.
_STOPWORDS = _wordset(
    "a c v s sa cv de del la las el los y the of at and to en etapa seccion ampliacion fraccion"
)
# Roman numerals: a park's stage ("Logistik II") but a different crossing ("Bridge I" vs "II").
_NUMERALS = _wordset("i ii iii iv v vi")
# Generic park names that, with no other word, still name one place: "ZONA INDUSTRIAL".
_GENERIC_HEADS = _wordset("zona ciudad corredor")
_CROSSING_GENERIC = _wordset(
    "bridge bridges international intl puente internacional poe port entry of railroad rail "
    "garita cruce ferroviario crossing pedestrian commercial bts point"
)
_PARK_GENERIC = _wordset(
    "parque industrial industriales ind pi zona ciudad park industry fraccionamiento "
    "complejo corredor desarrollo"
)


# --------------------------------------------------------------------------------------------
# comparisons (pure)


def compare_crossings(crossings: pd.DataFrame, reference: pd.DataFrame) -> CheckResult:
    """Compare each crossing with its reference row (matched by city and name words).

    A crossing matches the reference rows of its kind (road or rail) that name one of its cities;
    among those, the one sharing the most distinctive name words wins; failing that, the only
    candidate, or the only one without distinctive words. A numbered facility (Bridge I,
    San Luis II) that shares no word with the candidates stays unmatched, with the distance to
    the nearest candidate reported.
    """
    refs = [r for r in _records(reference) if str(r["kind"]).startswith("border_crossing")]
    rows: list[Row] = []
    for rec in _records(crossings):
        kind = "border_crossing_rail" if rec.get("mode") == "rail" else "border_crossing"
        cities = [_norm(str(rec.get(c, ""))) for c in ("city_mx", "city_us")]
        cities = [re.sub(r"\s*\(.*?\)", "", c).strip() for c in cities if c]
        city_words = set().union(*(set(c.split()) for c in cities)) if cities else set()
        own = _distinct(
            " ".join(str(rec.get(c, "")) for c in ("name", "name_us", "name_mx")),
            _CROSSING_GENERIC | city_words,
        )
        candidates = [
            r
            for r in refs
            if r["kind"] == kind and any(c and c in _norm(str(r["name"])) for c in cities)
        ]
        match = _best_crossing_match(own, candidates, _CROSSING_GENERIC | city_words)
        row = _distance_row(rec, match, kind)
        if match is None and candidates:
            # say how far the nearest same-city row is, so an unmatched facility can be judged
            lon, lat = float(rec["lon"]), float(rec["lat"])
            dists = [_geodesic_km(lon, lat, float(c["lon"]), float(c["lat"])) for c in candidates]
            k = dists.index(min(dists))
            row.update(nearest_reference=candidates[k]["name"], nearest_km=round(dists[k], 2))
        rows.append(row)
    return _reference_result("reference:border_crossings", rows, "crossings")


def compare_seaports(seaports: pd.DataFrame, reference: pd.DataFrame) -> CheckResult:
    """Compare each seaport with the reference seaport of the same name (accents ignored)."""
    refs = {_norm(str(r["name"])): r for r in _records(reference) if r["kind"] == "seaport"}
    rows = [
        _distance_row(rec, refs.get(_norm(str(rec["name"]))), "seaport")
        for rec in _records(seaports)
    ]
    return _reference_result("reference:seaports", rows, "seaports")


def compare_airports(airports: pd.DataFrame, reference: pd.DataFrame) -> CheckResult:
    """Compare each airport with the reference airport whose name carries its IATA code."""
    refs: dict[str, Row] = {}
    for r in _records(reference):
        found = re.search(r"\(([A-Z0-9]{3})/[A-Z0-9]{4}\)", str(r["name"]))
        if r["kind"] == "airport" and found:
            refs[found.group(1)] = r
    rows = [
        _distance_row(rec, refs.get(str(rec["id"]).upper()), "airport")
        for rec in _records(airports)
    ]
    return _reference_result("reference:airports", rows, "airports")


def compare_parks_with_retc(parks: pd.DataFrame, retc: pd.DataFrame) -> CheckResult:
    """Look each park's name up among the RETC establishments' ``parqueindustrial`` names.

    Names are compared as sets of distinctive words (accents, case and generic words such as
    "parque industrial" removed; words within a 0.85 similarity ratio count as equal). A RETC name
    confirms the park of the same state and municipality that it resembles most, with a Jaccard
    similarity of at least 0.5. A RETC name made of generic words only ("ZONA INDUSTRIAL")
    confirms a park whose name is that name plus its municipality. The distance is from the park's
    point to the median of the confirming establishments. Informative: no pass/fail tolerance.

    Parameters
    ----------
    parks
        Table with ``id``, ``name``, ``state``, ``municipality``, ``lon``, ``lat``, ``accuracy_m``.
    retc
        Establishments with ``parqueindustrial``, ``estado``, ``municipio``, ``lon``, ``lat``.
    """
    import numpy as np

    park_recs = _records(parks)
    hits: dict[int, list[tuple[float, float, str]]] = {i: [] for i in range(len(park_recs))}
    elsewhere: dict[int, set[str]] = {i: set() for i in range(len(park_recs))}
    names = retc["parqueindustrial"].fillna("").astype(str)
    for rec, name in zip(_records(retc), names, strict=True):
        if not name.strip():
            continue
        state_n, mun_n = _norm(str(rec["estado"])), _norm(str(rec["municipio"]))
        same_state = [
            i for i, p in enumerate(park_recs) if state_n.startswith(_norm(str(p["state"])))
        ]
        if not same_state:
            continue
        scores = {i: _park_score(park_recs[i], name, mun_n) for i in same_state}
        local = {
            i: s for i, s in scores.items() if _norm(str(park_recs[i]["municipality"])) == mun_n
        }
        best = max(local.values(), default=0.0)
        for i, s in local.items():
            if s >= 0.5 and s == best:
                hits[i].append((float(rec["lon"]), float(rec["lat"]), name.strip()))
        specific = bool(_words(name) - _PARK_GENERIC - set(mun_n.split()))
        for i, s in scores.items():
            if specific and i not in local and s >= 0.75:
                elsewhere[i].add(f"{name.strip()} ({rec['municipio']})")
    rows: list[Row] = []
    for i, p in enumerate(park_recs):
        found = hits[i]
        row: Row = {"id": p["id"], "name": p["name"], "n_establishments": len(found)}
        if found:
            lon = float(np.median([h[0] for h in found]))
            lat = float(np.median([h[1] for h in found]))
            dist = _geodesic_km(float(p["lon"]), float(p["lat"]), lon, lat)
            acc_km = float(p.get("accuracy_m") or 0) / 1000
            row.update(
                confirmed=True,
                retc_names="; ".join(sorted({h[2] for h in found})),
                dist_km=round(dist, 2),
                accuracy_km=round(acc_km, 1),
                within_accuracy=dist <= acc_km,
            )
        else:
            row.update(confirmed=False, retc_names="", dist_km=None)
        if elsewhere[i]:
            row["named_elsewhere"] = "; ".join(sorted(elsewhere[i]))
        rows.append(row)
    confirmed = [r for r in rows if r["confirmed"]]
    if confirmed:
        dists = sorted(float(r["dist_km"]) for r in confirmed)
        worst = max(confirmed, key=lambda r: float(r["dist_km"]))
        within = sum(bool(r["within_accuracy"]) for r in confirmed)
        summary = (
            f"{len(confirmed)} of {len(rows)} parks confirmed by RETC 2022 names; distance to the "
            f"establishments' median: median {float(np.median(dists)):.1f} km, max "
            f"{worst['dist_km']:.1f} km ({worst['id']}); {within} within their stated accuracy "
            "(the points are medians of these records: not an independent confirmation)"
        )
    else:
        summary = f"0 of {len(rows)} parks confirmed by RETC 2022 names"
    return CheckResult("reference:parks_retc", True, summary, rows, informative=True)


def compare_population_with_conapo(
    population: pd.DataFrame, conapo: pd.DataFrame, *, tolerance: float = 0.005
) -> CheckResult:
    """Per-state sums of the population layer against CONAPO's projection for its year.

    The layer is calibrated to this very file, so agreement checks the derivation (no state
    lost or counted twice), not the data: it is not an independent confirmation.

    Parameters
    ----------
    population
        ``population.csv`` (``state_code``, ``population``); its year is read from ``source``.
    conapo
        CONAPO's municipal projections (``date_year``, ``cve_ent``, ``total``).
    tolerance
        Largest relative difference per state.
    """
    years = sorted(
        {int(y) for y in re.findall(r"\b(20\d\d)\b", " ".join(population["source"].unique()))}
    )
    year = years[0] if years else int(conapo["date_year"].max())
    want = conapo.loc[conapo["date_year"] == year].groupby("cve_ent")["total"].sum()
    got = population.groupby(population["state_code"].astype(str).str.zfill(2))["population"].sum()
    rows: list[Row] = []
    for code in sorted(want.index):
        w, g = float(want[code]), float(got.get(code, 0.0))
        diff = (g - w) / w
        rows.append(
            {
                "id": code,
                "reference": int(w),
                "dist_km": None,
                "diff_pct": round(100 * diff, 3),
                "passed": abs(diff) <= tolerance,
            }
        )
    failed = [r for r in rows if not r["passed"]]
    worst = max(rows, key=lambda r: abs(float(r["diff_pct"])))
    summary = (
        f"{len(rows) - len(failed)} of {len(rows)} states within {100 * tolerance:g} % of CONAPO "
        f"{year} (worst {worst['diff_pct']:+.3f} %, state {worst['id']}); the layer is derived "
        "from this file, so this checks the derivation, not the data"
    )
    return CheckResult("reference:population_conapo", not failed, summary, rows)


# --------------------------------------------------------------------------------------------
# reading and running


def compare_reference(data_dir: Path, reference_dir: Path) -> CheckReport:
    """Compare the point tables of ``data_dir`` with the reference data in ``reference_dir``.

    Parameters
    ----------
    data_dir
        Folder with ``border_crossings.csv``, ``seaports.csv``, ``airports.csv``, ``parks.csv``
        (those present are compared).
    reference_dir
        Folder with ``reference_points.csv`` and ``industrial_facilities/``.

    Returns
    -------
    CheckReport
        One result per comparison made.
    """
    import pandas as pd

    tables = {
        name: read_table(f"{name}.csv", data_dir)
        for name in ("border_crossings", "seaports", "airports", "parks")
        if (data_dir / f"{name}.csv").exists()
    }
    results: list[CheckResult] = []
    points_path = reference_dir / REFERENCE_POINTS
    if points_path.exists():
        reference = pd.read_csv(points_path, dtype=str, keep_default_na=False)
        reference["lon"] = pd.to_numeric(reference["lon"])
        reference["lat"] = pd.to_numeric(reference["lat"])
        if "border_crossings" in tables:
            results.append(compare_crossings(tables["border_crossings"], reference))
        if "seaports" in tables:
            results.append(compare_seaports(tables["seaports"], reference))
        if "airports" in tables:
            results.append(compare_airports(tables["airports"], reference))
    retc_path = reference_dir / RETC_PATH
    if retc_path.exists() and "parks" in tables:
        import pyogrio

        retc = pyogrio.read_dataframe(
            retc_path,
            columns=["parqueindustrial", "estado", "municipio", "lon", "lat"],
            read_geometry=False,
        )
        results.append(compare_parks_with_retc(tables["parks"], retc))
    conapo_path = reference_dir / CONAPO_PATH
    if conapo_path.exists() and (data_dir / "population.csv").exists():
        population = pd.read_csv(data_dir / "population.csv", dtype={"state_code": str})
        conapo = pd.read_csv(conapo_path, dtype={"cve_ent": str, "cve_mun": str})
        results.append(compare_population_with_conapo(population, conapo))
    if not results:
        results.append(
            CheckResult(
                "reference",
                True,
                f"skipped: nothing to compare in {reference_dir}",
                informative=True,
            )
        )
    return CheckReport(data_dir=data_dir, results=results)


def main(
    argv: Sequence[str] | None = None, *, default_reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> int:
    """Print the comparison; exit 1 when a point lies beyond its tolerance, 2 on bad arguments.

    Parameters
    ----------
    argv
        Command-line arguments; ``sys.argv[1:]`` when None.
    default_reference_dir
        The folder read without ``--reference-dir``; skipped with a message where absent.

    Returns
    -------
    int
        The exit status.
    """
    parser = argparse.ArgumentParser(
        description="Compare the embedded points with real-world reference data."
    )
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data folder (the repo's data/)"
    )
    parser.add_argument(
        "--reference-dir",
        type=Path,
        default=None,
        help=f"reference data folder (default: {default_reference_dir})",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table", dest="fmt")
    args = parser.parse_args(argv)

    reference_dir: Path = args.reference_dir or default_reference_dir
    if not reference_dir.is_dir():
        if args.reference_dir is not None:
            print(f"error: reference folder {reference_dir} does not exist", file=sys.stderr)
            return 2
        print(
            f"skipped: no reference data at {reference_dir}; pass --reference-dir",
            file=sys.stderr,
        )
        return 0
    report = compare_reference(args.data_dir, reference_dir)
    if args.fmt == "json":
        payload = {"reference_dir": str(reference_dir), **report.to_dict()}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        from rich.console import Console

        title = f"Reference comparison: {args.data_dir} against {reference_dir}"
        Console().print(render_check_report(report, title=title, columns=COLUMNS, all_rows=True))
    return 0 if report.passed else 1


# --------------------------------------------------------------------------------------------
# helpers


def _records(frame: pd.DataFrame) -> list[Row]:
    return [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")]


def _geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    from pyproj import Geod

    _, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000


def _norm(text: str) -> str:
    """Lower case without accents, punctuation collapsed to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", plain)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _words(text: str, *, numerals: bool = False) -> set[str]:
    """Words of a name without stop words and digits; Roman numerals kept only if asked."""
    drop = _STOPWORDS if numerals else _STOPWORDS | _NUMERALS
    return {w for w in _norm(text).split() if w not in drop and not w.isdigit()}


def _distinct(text: str, generic: Iterable[str]) -> set[str]:
    return _words(text, numerals=True) - set(generic)


def _without(words: set[str], drop: set[str]) -> set[str]:
    """``words`` minus those similar to a word of ``drop`` (fuzzy, for misspelt place names)."""
    return {w for w in words if not any(_similar(w, d) for d in drop)}


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = sum(any(_similar(x, y) for y in b) for x in a)
    return inter / (len(a) + len(b) - inter)


def _park_score(park: Mapping[str, Any], retc_name: str, retc_mun: str) -> float:
    """Similarity of a park's name and a RETC ``parqueindustrial`` name, in [0, 1].

    Words of the municipality are ignored on both sides; a RETC name that is only a place
    ("Celaya") confirms nothing; a generic name ("ZONA INDUSTRIAL", "PARQUE INDUSTRIAL
    QUERETARO") confirms only a park of the same generic name.
    """
    place = set(_norm(retc_mun).split()) | set(_norm(str(park["municipality"])).split())
    retc_all = _words(retc_name)
    retc_words = _without(retc_all, place)
    if not retc_words:
        return 0.0  # the field holds only a place name
    park_words = _without(_words(str(park["name"])), place)
    retc_distinct = retc_words - _PARK_GENERIC
    if not retc_distinct:
        names_place = retc_words != retc_all or bool(retc_words & _GENERIC_HEADS)
        return 1.0 if names_place and retc_words == park_words else 0.0
    return _jaccard(park_words - _PARK_GENERIC, retc_distinct)


def _best_crossing_match(
    own: set[str], candidates: Sequence[Row], generic: Iterable[str]
) -> Row | None:
    scored = [(len(own & _distinct(str(c["name"]), generic)), c) for c in candidates]
    best = max((s for s, _ in scored), default=0)
    if best > 0:
        winners = [c for s, c in scored if s == best]
        return winners[0] if len(winners) == 1 else None
    if own & _NUMERALS:
        return None  # a numbered facility ("San Luis II") is not the port-level row
    if len(candidates) == 1 and not (own and _distinct(str(candidates[0]["name"]), generic)):
        return candidates[0]  # a lone same-city row, unless both have names and share none
    bare = [c for c in candidates if not _distinct(str(c["name"]), generic)]
    return bare[0] if len(bare) == 1 else None


def _tolerance_km(kind: str, ref_name: str) -> float:
    low = _norm(ref_name)
    for key, km in REFERENCE_TOLERANCE_OVERRIDES_KM.items():
        if key in low:
            return km
    return REFERENCE_TOLERANCE_KM[kind]


def _distance_row(rec: Mapping[str, Any], ref: Mapping[str, Any] | None, kind: str) -> Row:
    row: Row = {"id": rec.get("id"), "name": rec.get("name")}
    if ref is None:
        row.update(reference=None, dist_km=None, tolerance_km=None, passed=None)
        return row
    dist = _geodesic_km(float(rec["lon"]), float(rec["lat"]), float(ref["lon"]), float(ref["lat"]))
    tol = _tolerance_km(kind, str(ref["name"]))
    row.update(reference=ref["name"], dist_km=round(dist, 2), tolerance_km=tol, passed=dist <= tol)
    return row


def _reference_result(name: str, rows: list[Row], what: str) -> CheckResult:
    matched = [r for r in rows if r["reference"] is not None]
    failed = [r for r in matched if not r["passed"]]
    unmatched = [str(r["id"]) for r in rows if r["reference"] is None]
    if matched:
        worst = max(matched, key=lambda r: float(r["dist_km"]))
        summary = (
            f"{len(matched)} of {len(rows)} {what} matched a reference row; worst "
            f"{worst['dist_km']:.2f} km ({worst['id']}, tolerance {worst['tolerance_km']:g} km); "
            f"{len(failed)} beyond tolerance"
        )
    else:
        summary = f"0 of {len(rows)} {what} matched a reference row"
    if unmatched:
        summary += f"; unmatched: {', '.join(unmatched[:6])}" + (
            "..." if len(unmatched) > 6 else ""
        )
    return CheckResult(name, not failed, summary, rows)


if __name__ == "__main__":
    raise SystemExit(main())
