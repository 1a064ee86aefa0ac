"""What a new user still broke in issue 21, each case as they met it (the command line, the
API, a signal): one line on stderr, the right exit code, nothing lost, nothing injected."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest

from tests.test_cli import run_main

RENT = (
    '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "renta"\n'
    'direction = "min"\nweight = 1\n'
)


def _search(folder: Path, candidates: str, criteria: str = RENT, extra: str = "") -> Path:
    path = folder / "s.toml"
    path.write_text(f'[candidates]\npath = "{candidates}"\n{extra}' + criteria, encoding="utf-8")
    return path


def test_a_broker_list_with_words_for_prices_ranks(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_bytes(
        (
            "Clave;Nombre;Longitud;Latitud;renta\n"
            'a;Nave Querétaro;-100,39;20,59;"5,87"\n'
            "b;Nave León;-101,68;21,12;consultar\n"
            'c;Nave Apodaca;-100,31;25,67;"6,10"\n'
            "d;Nave Saltillo;-101,0;25,42;N/D\n"
        ).encode("cp1252")
    )
    code, out, err = run_main(["rank", "-c", str(_search(tmp_path, "b.csv")), "-f", "csv"])
    assert code == 0, err
    assert "Traceback" not in err
    assert "column 'renta': 2 rows give no figure, read as gaps: 'consultar' (1), 'N/D' (1)" in err
    assert out.splitlines()[1].startswith("1,a,Nave Querétaro,")  # the cheapest stated rent


def test_a_real_word_in_a_numeric_column_is_blamed_not_a_valid_decimal_comma(
    tmp_path: Path,
) -> None:
    (tmp_path / "b.csv").write_text(
        "id;name;lon;lat;renta\n"
        'a;A;-100,39;20,59;"5,87"\n'
        "b;B;-101,68;21,12;consultar\n"
        "c;C;-100,31;25,67;20 USD\n",
        encoding="utf-8",
    )
    code, out, err = run_main(["rank", "-c", str(_search(tmp_path, "b.csv"))])
    assert code == 3 and out == ""
    assert err.strip().splitlines()[-1] == (
        "Error: criteria[0] ('rent'): column 'renta' has a non-numeric value '20 USD' for "
        "candidate 'c'"
    )


def test_a_decimal_comma_among_points_is_blamed_not_a_gap_word(tmp_path: Path) -> None:
    """One "4,9" in a column of "7.2"s keeps it text: the error names that cell, not the
    "consultar" the reader takes as a stated gap once the column reads as numbers."""
    (tmp_path / "m.csv").write_text(
        "id,name,lon,lat,renta\n"
        "a,A,-100.39,20.59,consultar\n"
        "b,B,-101.68,21.12,7.2\n"
        'c,C,-100.31,25.67,"4,9"\n',
        encoding="utf-8",
    )
    code, out, err = run_main(["rank", "-c", str(_search(tmp_path, "m.csv"))])
    assert code == 3 and out == ""
    assert err.strip().splitlines()[-1] == (
        "Error: criteria[0] ('rent'): column 'renta' mixes decimal marks: '4,9' (candidate "
        "'c') has a decimal comma where the other cells have points; write every figure one way"
    )


@pytest.mark.parametrize(
    "beside",
    [["7", "8"], ["consultar"]],
    ids=["whole numbers", "a gap word"],
)
def test_a_decimal_comma_beside_no_point_is_not_said_to_mix_marks(
    beside: list[str], tmp_path: Path
) -> None:
    # It said "where the other cells have points" of a column that has none.
    others = "".join(f"{n},P{n},-100.39,20.59,{rent}\n" for n, rent in enumerate(beside))
    (tmp_path / "m.csv").write_text(
        f'id,name,lon,lat,renta\n{others}b,B,-101.68,21.12,"4,9"\n', encoding="utf-8"
    )
    code, out, err = run_main(["rank", "-c", str(_search(tmp_path, "m.csv"))])
    assert code == 3 and out == ""
    assert err.strip().splitlines()[-1] == (
        "Error: criteria[0] ('rent'): column 'renta': '4,9' (candidate 'b') has a decimal "
        "comma, but the file's numbers are read with decimal points; write it with a point (4.9)"
    )


def test_optimize_takes_a_list_without_ids_as_rank_does(tmp_path: Path) -> None:
    import json

    (tmp_path / "c.csv").write_text(
        "nombre,lon,lat,renta\nQ,-100.39,20.59,5\nL,-101.68,21.12,4\nM,-100.31,25.67,6\n",
        encoding="utf-8",
    )
    config = _search(tmp_path, "c.csv", RENT + "[optimize]\nk = 2\n")
    code, out, err = run_main(["rank", "-c", str(config), "-f", "json"])
    assert code == 0, err
    ranked = [r["id"] for r in json.loads(out)["results"]]
    code, out, err = run_main(["optimize", "-c", str(config), "-f", "json"])
    assert code == 0, err
    assert "no id column: candidates are called by row number" in err
    assert sorted(json.loads(out)["chosen"]) == sorted(ranked[:2]) == ["row 1", "row 2"]


PORT = (
    '[[criteria]]\nname = "port"\nmeasure = "distance"\nto = "seaports"\n'
    'direction = "min"\nweight = 1\n'
)


@pytest.mark.parametrize("suffix", ["geojson", "gpkg", "parquet", "fgb", "csv"])
def test_parks_removed_before_scoring_keep_their_place_in_every_export(
    suffix: str, tmp_path: Path
) -> None:
    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat\n"
        "q,Querétaro,-100.39,20.59\n"
        "l,León,-101.68,21.12\n"
        "x,CDMX,-99.13,19.43\n"  # in Mexico, in no corridor
        "t,San Antonio,-98.49,29.42\n",  # Texas: outside Mexico
        encoding="utf-8",
    )
    out = tmp_path / f"out.{suffix}"
    code, _, err = run_main(["rank", "-c", str(_search(tmp_path, "c.csv", PORT)), "-o", str(out)])
    assert code == 0, err
    if suffix == "csv":
        table = pd.read_csv(out).set_index("id")
        places = {i: (table.loc[i, "lon"], table.loc[i, "lat"]) for i in table.index}
    else:
        frame = gpd.read_file(out) if suffix != "parquet" else gpd.read_parquet(out)
        frame = frame.set_index("id")
        places = {i: (g.x, g.y) for i, g in frame.geometry.items()}
    assert places["x"] == pytest.approx((-99.13, 19.43))
    assert places["t"] == pytest.approx((-98.49, 29.42))
    assert places["q"] == pytest.approx((-100.39, 20.59))


def test_a_report_marks_values_from_the_users_candidates_file(tmp_path: Path) -> None:
    from siteselect.api import run
    from siteselect.config import read_config
    from siteselect.report.proposal import build_proposal

    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat,renta\n"
        "q,Nave Querétaro,-100.39,20.59,5.87\n"
        "l,Nave León,-101.68,21.12,4.2\n",
        encoding="utf-8",
    )
    result = run(read_config(_search(tmp_path, "c.csv", RENT + PORT)))
    view = build_proposal(result, ["q"], compare=["l"], lang="en")
    raw = {c.criterion: c.raw_text for c in view.parks[0].contributions}
    assert raw["rent"] == "5.87 ‡"  # the rent the user's own file gave
    assert not raw["port"].endswith("‡")  # measured by siteselect
    rows = {r[0]: r[1:] for r in view.comparison.rows}
    assert any(cells == ("5.87 ‡", "4.20 ‡") for cells in rows.values()), rows


BIDI = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_in_a_name_never_reach_a_reader(tmp_path: Path) -> None:
    # U+202E (right-to-left override) would show "Nave CBA" as something else on a terminal,
    # in a spreadsheet or a browser; every bidi control is dropped from what is shown.
    (tmp_path / "c.csv").write_text(
        "id,name,lon,lat,renta\n"
        "q,Nave \u202eABC\u202c Qro\u2066,-100.39,20.59,5\n"
        "l,Le\u200fón\u2067 \u202dGto\u061c,-101.68,21.12,4\n",
        encoding="utf-8",
    )
    config = str(_search(tmp_path, "c.csv"))
    outputs = []
    for fmt in ("table", "csv"):
        code, out, err = run_main(["rank", "-c", config, "-f", fmt])
        assert code == 0, err
        outputs.append(out)
    code, _, err = run_main(["rank", "-c", config, "-o", str(tmp_path / "r.xlsx")])
    assert code == 0, err
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "r.xlsx")
    outputs.append(" ".join(str(c.value) for row in book["shortlist"].iter_rows() for c in row))
    code, _, err = run_main(
        ["report", "q", "--compare", "l", "-c", config, "-o", str(tmp_path / "r.html")]
    )
    assert code == 0, err
    outputs.append((tmp_path / "r.html").read_text(encoding="utf-8"))
    for text in outputs:
        assert not any(ch in text for ch in BIDI)
        assert "Nave ABC Qro" in text and "León Gto" in text


@pytest.mark.parametrize("read_as", ["candidates", "points", "polygons"])
def test_a_raster_validated_as_vector_data_is_not_usable(read_as: str, tmp_path: Path) -> None:
    import numpy as np
    import rasterio
    from rasterio.transform import Affine

    path = tmp_path / "x.tif"
    with rasterio.open(
        path, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32",
        crs="EPSG:4326", transform=Affine(0.5, 0, -101, 0, -0.5, 21),
    ) as ds:  # fmt: skip
        ds.write(np.ones((1, 2, 2), dtype="float32"))
    code, out, err = run_main(["layers", "validate", str(path), "--as", read_as])
    assert code == 3, out + err
    assert f"x.tif is a raster: a search cannot read it as {read_as}" in out
    assert run_main(["layers", "validate", str(path), "--as", "raster"])[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ["rank", "-f", "json", "-o", "{d}/name/"],
        ["rank", "-f", "csv", "-o", "{d}/name/", "--force"],
        ["rank", "-o", "{d}/existing"],
        ["optimize", "--k", "2", "-f", "json", "-o", "{d}/name/"],
        ["stress", "-f", "json", "-o", "{d}/name/"],
        ["report", "--shortlist", "-o", "{d}/name/"],
        ["isochrone", "parque-industrial-queretaro", "-o", "{d}/name/"],
        ["surface", "--res", "6", "--png", "{d}/existing"],
    ],
)
def test_an_output_naming_a_folder_is_an_error_not_a_file(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "existing").mkdir()
    code, out, err = run_main([a.format(d=tmp_path) for a in args])
    assert code == 2, err
    assert "is a folder; give a file name" in err and len(err.strip().splitlines()) == 1
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing"]  # no file called name


# A market-split instance (Cornuéjols & Dawande 1999): small, and hard for branch and bound, so
# CBC is still busy when the signal comes.
HARD_MILP = """
import numpy as np, pulp
from siteselect.optimize.milp import CbcSolver
rng = np.random.default_rng(0)
a = rng.integers(0, 100, (5, 40))
b = a.sum(axis=1) // 2
prob = pulp.LpProblem("market_split", pulp.LpMinimize)
x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(40)]
slack = [pulp.LpVariable(f"s{i}{k}", lowBound=0) for i in range(5) for k in (0, 1)]
prob += pulp.lpSum(slack)
for i in range(5):
    row = pulp.lpSum(int(a[i, j]) * x[j] for j in range(40))
    prob += row + slack[2 * i] - slack[2 * i + 1] == int(b[i])
print("solving", flush=True)
CbcSolver().run(prob, time_limit=120, gap=0.0, warm=False)
"""


def test_ctrl_c_kills_the_cbc_process_it_started() -> None:
    import signal
    import subprocess
    import sys
    import time

    import psutil

    command = [sys.executable, "-c", HARD_MILP]
    solvers: list[psutil.Process] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == b"solving\n"
            parent = psutil.Process(proc.pid)
            deadline = time.monotonic() + 60
            while not solvers and time.monotonic() < deadline:
                solvers = [c for c in parent.children(recursive=True) if "cbc" in c.name()]
                time.sleep(0.1)
            assert solvers, "CBC did not start"
            time.sleep(1.0)  # CBC is solving
            proc.send_signal(signal.SIGINT)  # Ctrl-C, to Python alone
            _, err = proc.communicate(timeout=30)
            assert b"KeyboardInterrupt" in err
            _gone, alive = psutil.wait_procs(solvers, timeout=3)
            running = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
            assert not running, f"CBC runs on orphaned: {running}"
        finally:
            for child in (
                psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
            ):
                child.kill()
            proc.kill()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"closed": ["world-trade-bridge"]}, "closed: give a mapping of layer to ids"),
        ({"closed": "world-trade-bridge"}, "closed: give a mapping of layer to ids"),
        ({"closed": {"border_crossings": 7}}, "closed['border_crossings']: give an id or a list"),
        ({"top": "5"}, "top: must be an integer >= 1, got '5'"),  # it said "--top"
        ({"top": 5.0}, "top: must be an integer >= 1, got 5.0"),
        ({"corridors": []}, "corridors: give at least one corridor name"),
        ({"method": "ahp"}, "method: 'ahp' is not one of"),
        ({"max_per_metro": -1}, "max_per_metro: must be >= 0"),
        ({"consensus": "mean"}, "consensus: 'mean' is not one of"),
        ({"consensus_samples": -1}, "consensus_samples: must be between 0 and"),
        ({"profile": "default", "config": "x.toml"}, "give either profile or config, not both"),
        (
            {"closed": {"border_crossings": ["nope"]}},
            "closed['border_crossings'] 'nope': no such id in 'border_crossings'",
        ),
        ({"corridors": 5}, "corridors: give corridor names"),
        ({"corridors": [1, 2]}, "corridors: give corridor names"),
    ],
)
def test_api_arguments_of_the_wrong_type_are_config_errors(
    call: dict[str, object], message: str
) -> None:
    import siteselect as ss

    with pytest.raises(ss.ConfigError, match="^" + re.escape(message)):
        ss.rank(**call)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ss: ss.optimize(), "optimize: give k or an [optimize] section"),
        (lambda ss: ss.compare_regions(top="3"), "top: must be an integer >= 1, got '3'"),
        (lambda ss: ss.analyse_sensitivity(ss.rank(), samples=0), "samples: must be an integer"),
        (lambda ss: ss.analyse_sensitivity(ss.rank(), shown=0), "shown: must be an integer"),
        (lambda ss: ss.analyse_sensitivity(ss.rank(), sweep="x"), "sweep: 'x' is not an active"),
        (lambda ss: ss.check_profile("default", radius_km=-1), "radius_km: must be a number"),
    ],
    ids=["optimize-k", "regions-top", "samples", "shown", "sweep", "radius_km"],
)
def test_api_errors_name_the_api_argument_not_the_option(
    call: Callable[[Any], object], message: str
) -> None:
    # They said "--k N on the command line", "--top", "samples (--samples)", "--radius-km".
    import siteselect as ss

    with pytest.raises(ss.ConfigError, match="^" + re.escape(message)):
        call(ss)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["optimize"], "optimize: give --k N or an [optimize] section"),
        (["rank", "--corridor", ","], "--corridor: give at least one corridor name"),
        (["rank", "--max-per-metro", "-1"], "--max-per-metro: must be >= 0"),
        (["rank", "-p", "default", "-c", "x.toml"], "give either --profile or --config, not both"),
        (["rank", "--close", "border_crossings:nope"], "--close border_crossings:nope: no such id"),
    ],
)
def test_the_same_checks_name_the_option_on_the_command_line(args: list[str], message: str) -> None:
    code, out, err = run_main(args)
    assert code == 2 and out == ""
    assert err == f"Error: {message}" + err.removeprefix(f"Error: {message}")
    assert len(err.strip().splitlines()) == 1


def test_k_and_top_are_counts_alike() -> None:
    # Decided: a count is an integer (numpy's too); text is refused for both, never coerced.
    import numpy as np

    import siteselect as ss

    for bad in ("3", 3.0, True, 0):
        with pytest.raises(
            ss.ConfigError, match="^" + re.escape(f"k: must be an integer >= 1, got {bad!r}")
        ):
            ss.optimize(k=bad)  # type: ignore[arg-type]
        with pytest.raises(
            ss.ConfigError, match="^" + re.escape(f"top: must be an integer >= 1, got {bad!r}")
        ):
            ss.rank(top=bad)  # type: ignore[arg-type]
    assert len(ss.rank(top=np.int64(3)).shortlist) == 3
    assert len(ss.optimize(k=np.int64(2)).solution.chosen) == 2


def test_config_sha256_does_not_depend_on_how_the_config_path_is_spelt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    project = tmp_path / "project"
    project.mkdir()
    (project / "c.csv").write_text(
        "id,name,lon,lat,renta\nq,Q,-100.39,20.59,5\nl,L,-101.68,21.12,4\n", encoding="utf-8"
    )
    _search(project, "c.csv")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "link.toml").symlink_to(project / "s.toml")
    monkeypatch.chdir(project)
    spellings = [
        "s.toml",
        "./s.toml",
        str(project / "s.toml"),
        "../project/s.toml",
        str(tmp_path / "elsewhere" / "link.toml"),
    ]
    hashes = set()
    for spelt in spellings:
        code, out, err = run_main(["rank", "-c", spelt, "-f", "json"])
        assert code == 0, (spelt, err)
        hashes.add(json.loads(out)["build"]["config_sha256"])
    assert len(hashes) == 1


@pytest.mark.parametrize("weight", ["inf", "+inf", "nan"])
def test_an_infinite_weight_is_named_as_given(weight: str, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,name,lon,lat,renta\nq,Q,-100.39,20.59,5\n")
    config = _search(tmp_path, "c.csv", RENT.replace("weight = 1", f"weight = {weight}"))
    code, out, err = run_main(["rank", "-c", str(config)])
    shown = weight.lstrip("+")
    assert code == 2 and out == ""
    assert err.strip() == (
        f"Error: {config}: criteria[0].weight: must be a finite number, got {shown}"
    )


@pytest.mark.parametrize(
    ("args", "listing"),
    [
        # the isochrone reads every park, the search's corridors or not
        (["isochrone", "nope"], "siteselect rank --corridor all"),
        (["explain", "nope"], "siteselect rank"),
        (["report", "nope", "-o", "x.pdf"], "siteselect rank"),
    ],
)
def test_an_unknown_park_points_at_a_listing_of_every_park(
    args: list[str], listing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It said "see `siteselect rank --top 100`" with 102 parks ranked (178 for an isochrone).
    monkeypatch.chdir(tmp_path)
    code, out, err = run_main(args)
    assert code == 3 and out == ""
    found = re.fullmatch(
        r"Error: unknown park 'nope' among the (\d+) candidates considered; see `(.*) --top (\d+)`",
        err.strip(),
    )
    assert found is not None, err
    assert found[2] == listing and found[1] == found[3]
    code, out, _ = run_main([*listing.split()[1:], "--top", found[3], "-f", "json"])
    listed = json.loads(out)
    assert code == 0 and len(listed["results"]) + len(listed["held_back"]) == int(found[1])
