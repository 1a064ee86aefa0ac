"""The optimiser and the resilience views on the embedded parks: API and command line."""

from __future__ import annotations

import itertools
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import siteselect as ss
from siteselect.cli import cli, main
from siteselect.errors import ConfigError, DataError, DataNote, InfeasibleError
from siteselect.optimize import LocationModel
from tests.conftest import write_config

BORDER = """
[[criteria]]
name = "border"
measure = "drive_time"
to = "border_crossings"
where = { commercial = true }
direction = "min"
weight = 0.6

[[criteria]]
name = "wage"
measure = "attribute"
column = "min_wage_mxn_day"
direction = "min"
weight = 0.4
"""

DEMAND = """
[optimize.demand]
layer = "cities"
id = "id"
weight = "population"
where = { population = { min = 400000 } }
"""


def _config(
    tmp_path: Path,
    optimize: str,
    demand: bool = True,
    name: str = "o.toml",
    candidates: str = "",
) -> Path:
    text = (
        # the 102 parks of the two default corridors, which the tests were written on
        '[search]\ncorridors = ["bajio", "northeast"]\n\n'
        + (f"[candidates]\n{candidates}\n" if candidates else "")
        + "[optimize]\n"
        + optimize
        + (DEMAND if demand else "")
    )
    return write_config(tmp_path, text + BORDER, name)


def _best_by_enumeration(result: ss.OptimizeResult, model: LocationModel | None = None) -> float:
    model = result.model if model is None else model
    values = [
        model.evaluate(s).value
        for s in itertools.combinations(range(model.n_sites), model.k)
        if not model.violations(s)
    ]
    return min(values) if model.sense == "min" else max(values)


@pytest.fixture(scope="module")
def park_ids() -> list[str]:
    from siteselect.layers import read_layer

    return sorted(read_layer("parks")["id"].astype(str))


def _annual_costs(ids: list[str]) -> dict[str, float]:
    """A user's own annual cost per park (made up for the tests: eight levels, 1.0 to 2.05 M
    USD, spread over the parks by their sorted ids)."""
    return {pid: 1_000_000.0 + 150_000.0 * (i % 8) for i, pid in enumerate(ids)}


def _costs_file(tmp_path: Path, ids: list[str], leave_out: tuple[str, ...] = ()) -> str:
    """Write the costs as a `[candidates] attributes` file; the `[candidates]` lines."""
    rows = [f"{pid},{cost:.0f}" for pid, cost in _annual_costs(ids).items() if pid not in leave_out]
    (tmp_path / "costs.csv").write_text(
        "id,annual_cost_usd\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return 'attributes = "costs.csv"\n'


N_PARKS = (
    len(
        Path(__file__)
        .resolve()
        .parents[1]
        .joinpath("data", "parks.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    - 1
)
"""The embedded parks (every corridor): the costs file joins them all, or all but one."""
ALL_JOINED, ONE_LEFT_OUT = f"{N_PARKS} of {N_PARKS}", f"{N_PARKS - 1} of {N_PARKS}"


def _optimize_joined(path: Path, joined: str = ALL_JOINED) -> ss.OptimizeResult:
    """``ss.optimize`` on a config with the costs file, which says how many parks it joined."""
    with pytest.warns(DataNote, match=f"costs.csv: joined {joined} candidates"):
        return ss.optimize(config=path)


def test_score_objective_is_the_top_k_without_constraints() -> None:
    result = ss.optimize(profile="default", k=3)
    top = list(result.ranking.scores.table.index[:3])
    assert set(result.chosen) == set(top)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(result.ranking.scores.table["score"].iloc[:3].sum())


def test_p_median_on_the_road_network_is_exact(tmp_path: Path) -> None:
    path = _config(tmp_path, 'objective = "p-median"\nk = 2\nmax_per = { state = 1 }\n')
    result = ss.optimize(config=path)
    assert result.status == "optimal"
    assert result.unit == "min"
    assert result.objective == pytest.approx(_best_by_enumeration(result), rel=1e-9)
    states = result.roles()["state"].tolist()
    assert len(set(states)) == len(states)
    # Every demand point goes to its nearest chosen park (drive time).
    assert set(result.assignment.values()) <= set(result.chosen)
    roles = result.roles()
    assert roles["share"].sum() == pytest.approx(1.0)


def test_coverage_exact_and_the_nearest_crossing_as_a_group(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        'objective = "coverage"\nk = 2\nthreshold_min = 240\n'
        'max_per = { "border.nearest" = 1 }\nmin_spacing_km = 100\n',
    )
    # Some cities have no park within 240 minutes: said as a note before the solve starts.
    events: list[tuple[str, int]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ss.optimize(config=path, progress=lambda e: events.append((e.stage, len(caught))))
    said = [str(w.message) for w in caught if issubclass(w.category, DataNote)]
    assert len(said) == 1 and "cannot be covered" in said[0]
    assert said[0] in result.notes
    stages = [stage for stage, _ in events]
    assert stages[:2] == ["rank", "costs"] and "warm start" in stages
    first_solve_event = stages.index("aggregate")
    assert events[first_solve_event][1] == 1  # the note came before the solve's first stage
    assert result.objective == pytest.approx(_best_by_enumeration(result))
    nearest = result.ranking.measures["border"].nearest
    assert nearest is not None
    frame = result.ranking.candidates.frame
    crossings = {nearest.ids[frame.index.get_loc(cid)] for cid in result.chosen}
    assert len(crossings) == 2


def test_must_include_exclude_and_errors(tmp_path: Path) -> None:
    base = ss.optimize(profile="default", k=2)
    first = base.chosen[0]
    forced = ss.optimize(config=_config(tmp_path, f'k = 2\nmust_exclude = ["{first}"]\n', False))
    assert first not in forced.chosen
    with pytest.raises(ConfigError, match="must_include: unknown park 'nowhere'"):
        ss.optimize(
            config=_config(tmp_path, 'k = 2\nmust_include = ["nowhere"]\n', False, "b.toml")
        )
    with pytest.raises(ConfigError, match="max_per 'colour'"):
        ss.optimize(config=_config(tmp_path, "k = 2\nmax_per = { colour = 1 }\n", False, "c.toml"))
    with pytest.raises(ConfigError, match=r"needs \[optimize.demand\]"):
        ss.optimize(config=_config(tmp_path, 'objective = "coverage"\nk = 2\n', False, "d.toml"))


def test_budget_from_a_users_cost_column_is_exact(tmp_path: Path, park_ids: list[str]) -> None:
    """A budget just below the unconstrained best pair's cost: the answer changes, and it is
    the best affordable pair by enumeration."""
    costs = _annual_costs(park_ids)
    candidates = _costs_file(tmp_path, park_ids)
    free = _optimize_joined(_config(tmp_path, "k = 2\n", False, "free.toml", candidates))
    limit = sum(costs[c] for c in free.chosen) - 1.0
    section = f'k = 2\nbudget = {limit:.0f}\ncost_column = "annual_cost_usd"\n'
    result = _optimize_joined(_config(tmp_path, section, False, "budget.toml", candidates))
    assert result.status == "optimal"
    assert sum(costs[c] for c in result.chosen) <= limit
    assert set(result.chosen) != set(free.chosen)
    assert result.objective == pytest.approx(_best_by_enumeration(result), rel=1e-12)
    assert result.objective < free.objective


def test_p_median_with_budget_and_max_per_is_exact(tmp_path: Path, park_ids: list[str]) -> None:
    candidates = _costs_file(tmp_path, park_ids)
    section = (
        'objective = "p-median"\nk = 2\nmax_per = { state = 1 }\n'
        'budget = 2300000\ncost_column = "annual_cost_usd"\n'
    )
    result = _optimize_joined(_config(tmp_path, section, candidates=candidates))
    assert result.status == "optimal"
    assert result.objective == pytest.approx(_best_by_enumeration(result), rel=1e-9)
    costs = _annual_costs(park_ids)
    assert sum(costs[c] for c in result.chosen) <= 2_300_000
    # The budget binds: without it enumeration finds a better (smaller) total drive time.
    assert _best_by_enumeration(result, result.model.without("budget")) < result.objective


def test_missing_cost_is_a_data_error_unless_the_park_is_excluded(
    tmp_path: Path, park_ids: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    gone = park_ids[0]
    candidates = _costs_file(tmp_path, park_ids, leave_out=(gone,))
    section = 'k = 2\nbudget = 3000000\ncost_column = "annual_cost_usd"\n'
    path = _config(tmp_path, section, False, "gap.toml", candidates)
    with pytest.raises(DataError, match=f"'annual_cost_usd' of park '{gone}' is missing"):
        _optimize_joined(path, ONE_LEFT_OUT)
    code, out, err = _main_with_notes(["optimize", "--config", str(path), "-f", "json"], capfd)
    assert (code, out) == (3, "")
    assert f"note: costs.csv: joined {ONE_LEFT_OUT}" in err
    assert "is missing or negative" in err
    excluded = section + f'must_exclude = ["{gone}"]\n'
    path = _config(tmp_path, excluded, False, "excluded.toml", candidates)
    result = _optimize_joined(path, ONE_LEFT_OUT)
    assert gone not in result.chosen
    assert result.objective == pytest.approx(_best_by_enumeration(result), rel=1e-12)


def test_infeasible_budget_names_the_family(
    tmp_path: Path, park_ids: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    candidates = _costs_file(tmp_path, park_ids)
    path = _config(
        tmp_path,
        'k = 3\nbudget = 1.0\ncost_column = "annual_cost_usd"\n',
        demand=False,
        candidates=candidates,
    )
    with pytest.raises(InfeasibleError, match="relaxing budget"):
        _optimize_joined(path)
    code, out, err = _main_with_notes(["optimize", "--config", str(path), "-f", "json"], capfd)
    assert code == 4
    assert out == ""
    assert "relaxing budget" in err


@pytest.mark.slow
def test_robust_choice_has_the_best_worst_case() -> None:
    from siteselect.config import load_search

    search = load_search(profile="default", corridors=["northeast"])
    data = search.as_mapping()
    data["optimize"] = {"k": 2, "robust": True}
    robust = ss.optimize(config=ss.SearchConfig.model_validate(data))
    scores = robust.scenario_scores
    assert scores is not None
    assert scores.columns[0] == "base"
    assert "world-trade-bridge" in scores.columns
    best = max(
        scores.loc[list(pair)].sum().min() for pair in itertools.combinations(scores.index, 2)
    )
    assert robust.objective == pytest.approx(best)
    assert "worst_score" in robust.roles().columns


# ------------------------------------------------------------------------------ closures


def test_closing_a_crossing_changes_what_reached_it() -> None:
    base = ss.rank(profile="default", corridors=["all"])
    border = base.measures["border"]
    assert border.nearest is not None
    reached = [i for i, fid in enumerate(border.nearest.ids) if fid == "world-trade-bridge"]
    assert reached, "some park has the World Trade Bridge as its nearest crossing"
    closed = ss.rank(
        profile="default", corridors=["all"], closed={"border_crossings": ["world-trade-bridge"]}
    )
    after = closed.measures["border"]
    assert after.nearest is not None
    assert "world-trade-bridge" not in after.nearest.ids
    assert (after.values[reached] > border.values[reached]).all()
    untouched = [i for i in range(len(border.values)) if i not in reached]
    assert np.allclose(after.values[untouched], border.values[untouched])
    assert any("closed: border_crossings world-trade-bridge" in n for n in closed.notes)


def test_closing_roads_makes_drives_longer() -> None:
    base = ss.rank(profile="default")
    # Cut around central Monterrey.
    cut = ss.rank(profile="default", closed_roads=[(-100.31, 25.67, 15.0)])
    before, after = base.measures["seaport"].values, cut.measures["seaport"].values
    assert (after > before + 1).any()
    # Bajío parks drive to Pacific or Gulf ports far from Monterrey: unchanged.
    bajio = (base.candidates.frame["corridor"] == "bajio").to_numpy()
    assert np.allclose(after[bajio], before[bajio])


def test_bad_closures_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="no such id"):
        ss.rank(profile="default", closed={"border_crossings": ["nope"]})
    with pytest.raises(ConfigError, match="reads no layer 'volcanoes'"):
        ss.rank(profile="default", closed={"volcanoes": ["x"]})
    with pytest.raises(ConfigError, match="closed_roads"):
        ss.rank(profile="default", closed_roads=[(-100.0, 25.0, -1.0)])


def test_stress_summary() -> None:
    result = ss.stress(profile="default", corridors=["northeast"], ports=False)
    assert result.scenarios[0] == "World Trade Bridge (border_crossings)"
    summary = result.summary
    assert (summary["worst_rank"] >= summary["rank"]).all()
    assert (summary["max_increase_min"] >= 0).all()
    # Nuevo Laredo's parks lose the most when the World Trade Bridge closes.
    frame = result.ranking.candidates.frame
    laredo = [c for c in summary.index if "Nuevo Laredo" in str(frame.loc[c, "municipality"])]
    if laredo:
        assert summary.loc[laredo, "max_increase_closure"].str.startswith("World Trade").all()


# ------------------------------------------------------------------------------------ CLI


def _run(args: list[str]) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, args, standalone_mode=False, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        from siteselect.errors import SiteselectError

        if isinstance(result.exception, SiteselectError):
            return result.exception.exit_code, result.stdout, str(result.exception)
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _main(args: list[str]) -> int:
    """The real entry point (file descriptors and all), its exit code."""
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _main_with_notes(args: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The real entry point where data notes are expected: the CLI prints them on stderr."""
    import warnings

    capfd.readouterr()
    with warnings.catch_warnings():  # also restores the CLI's one-line warning printer
        warnings.simplefilter("always", DataNote)
        code = _main(args)
    out, err = capfd.readouterr()
    return code, out, err


def test_cli_optimize_json_keys(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = _config(tmp_path, 'objective = "p-median"\nk = 2\n')
    assert _main(["optimize", "--config", str(path), "--format", "json", "--solver", "cbc"]) == 0
    out, _ = capfd.readouterr()
    doc = json.loads(out)
    for key in ("status", "objective", "bound", "gap", "chosen", "assignment"):
        assert key in doc
    assert len(doc["chosen"]) == 2
    assert set(doc["assignment"].values()) <= set(doc["chosen"])


def test_cli_optimize_highs_keeps_stdout_json(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("highspy")
    path = _config(tmp_path, 'objective = "coverage"\nk = 2\nthreshold_min = 180\n')
    args = ["optimize", "--config", str(path), "-f", "json", "--solver", "highs", "--gap", "0"]
    code, out, err = _main_with_notes(args, capfd)
    assert code == 0
    assert json.loads(out)["status"] == "optimal"
    # The demand no park covers is said on stderr (before the solve), never on stdout.
    # (How many depends on the road model: any, said once, with the weight they carry.)
    assert re.search(r"note: [1-9]\d* demand point\(s\) \(weight [0-9.e+]+\)", err)
    assert "cannot be covered" in err


def test_cli_optimize_table_geojson_csv(tmp_path: Path) -> None:
    path = _config(tmp_path, 'objective = "p-median"\nk = 2\n')
    code, out, _ = _run(["optimize", "--config", str(path)])
    assert code == 0
    assert "proven optimal" in out
    assert "Demand served" in out
    target = tmp_path / "plan.geojson"
    code, _, _ = _run(["optimize", "--config", str(path), "-o", str(target)])
    assert code == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    kinds = {f["properties"]["kind"] for f in doc["features"]}
    assert kinds == {"park", "assignment"}
    assert doc["siteselect"]["status"] == "optimal"
    code, _again, _ = _run(["optimize", "--config", str(path), "-o", str(target)])
    assert code == 2  # exists without --force
    code, out, _ = _run(["optimize", "--config", str(path), "-f", "csv"])
    assert out.splitlines()[0].startswith("id,name")
    assert len(out.splitlines()) == 3


@pytest.mark.filterwarnings("ignore::siteselect.errors.DataNote")
def test_cli_optimize_exports_every_format_with_provenance(tmp_path: Path) -> None:
    """Issue 12: `optimize -o` writes what `rank -o` writes, each with its CRS, the same
    per-park properties (the illustrative flags included) and the provenance block."""
    import geopandas as gpd
    import pandas as pd

    (tmp_path / "rents.csv").write_text(
        "id,rent\nparque-industrial-nogalar,6.5\nparque-industrial-apodaca,5.0\n",
        encoding="utf-8",
    )
    path = write_config(
        tmp_path,
        '[search]\ncorridors = ["northeast"]\n[candidates]\nattributes = "rents.csv"\n'
        'illustrative = ["rent"]\n[[criteria]]\nname = "rent"\nmeasure = "attribute"\n'
        'column = "rent"\ndirection = "min"\nweight = 1\n[optimize]\nk = 1\n',
    )
    for suffix in ("gpkg", "parquet", "fgb", "geojson"):
        target = tmp_path / f"plan.{suffix}"
        code, _, err = _run(["optimize", "--config", str(path), "-o", str(target)])
        assert code == 0, err
        frame = gpd.read_parquet(target) if suffix == "parquet" else gpd.read_file(target)
        assert frame.crs is not None and frame.crs.to_epsg() == 4326
        parks = frame.loc[frame["id"].notna()]
        assert list(parks["id"]) == ["parque-industrial-apodaca"]
        assert set(parks["illustrative_inputs"]) == {"rent"}
    doc = json.loads((tmp_path / "plan.geojson").read_text(encoding="utf-8"))
    assert doc["siteselect"]["tool"] == "siteselect" and doc["siteselect"]["status"] == "optimal"
    assert [c["name"] for c in doc["siteselect"]["criteria"]] == ["rent"]
    sheets = pd.read_excel(_xlsx(tmp_path, path), sheet_name=None)
    assert {"chosen", "criteria", "provenance"} <= set(sheets)
    assert "criteria: rent" in set(sheets["provenance"]["key"])
    code, out, err = _run(["optimize", "--config", str(path), "-f", "csv"])
    assert code == 0 and out.splitlines()[0].endswith("illustrative_inputs")
    assert "provenance.json" in err  # stdout CSV says where its provenance goes
    code, _, err = _run(["optimize", "--config", str(path), "-o", str(tmp_path / "plan.csv")])
    assert code == 0 and "plan.provenance.json" in err
    sidecar = json.loads((tmp_path / "plan.provenance.json").read_text(encoding="utf-8"))
    assert sidecar["provenance"]["optimize"]["status"] == "optimal"
    assert sidecar["provenance"]["criteria"][0]["illustrative"] is True
    code, out, _ = _run(["optimize", "--config", str(path), "-f", "md"])
    assert code == 0 and out.startswith("| id |")
    code, out, _ = _run(["optimize", "--config", str(path), "-f", "json"])
    assert json.loads(out)["illustrative"] == ["rent"]
    code, _, err = _run(["optimize", "--config", str(path), "-f", "xlsx"])
    assert code == 2 and "binary format" in err


def _xlsx(tmp_path: Path, config: Path) -> Path:
    target = tmp_path / "plan.xlsx"
    code, _, err = _run(["optimize", "--config", str(config), "-o", str(target)])
    assert code == 0, err
    return target


@pytest.mark.slow
def test_cli_rank_close_and_stress(tmp_path: Path) -> None:
    code, out, _ = _run(
        ["rank", "--close", "border_crossings:world-trade-bridge", "-f", "json", "--top", "3"]
    )
    assert code == 0
    assert any("world-trade-bridge" in n for n in json.loads(out)["notes"])
    code, _, err = _run(["rank", "--close", "nocolon"])
    assert code == 2 and "LAYER:ID" in err
    code, _, err = _run(["rank", "--close-road", "1,2"])
    assert code == 2 and "LON,LAT,KM" in err
    code, out, _ = _run(["stress", "--profile", "default", "--no-ports", "--top", "3"])
    assert code == 0
    assert "World Trade Bridge" in out
    code, out, _ = _run(["stress", "--profile", "default", "--no-ports", "-f", "json"])
    doc = json.loads(out)
    assert doc["closures"][0]["id"] == "world-trade-bridge"
    assert {"id", "worst_rank", "max_increase_min"} <= set(doc["parks"][0])


def test_cli_help_of_new_commands() -> None:
    for name in ("optimize", "stress"):
        code, out, _ = _run([name, "--help"])
        assert code == 0
        assert "Examples" in out


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('objective = "p-median"\nk = 2\nrobust = true\n', "robust = true applies"),
        ("k = 2\nbudget = 10\n", "`budget` and `cost_column` go together"),
        ('objective = "coverage"\nk = 2\n', "needs `threshold_min`"),
        ('k = 2\nmeasure = "distance"\nthreshold_min = 30\n', "`threshold_min` does not apply"),
        ('k = 1\nmust_include = ["a", "b"]\n', "must_include names 2 parks but k = 1"),
        ("k = 0\n", "k: must be >= 1"),
    ],
)
def test_optimize_section_is_validated(tmp_path: Path, section: str, message: str) -> None:
    demand = "coverage" in section or "p-median" in section
    path = _config(tmp_path, section, demand=demand)
    with pytest.raises(ConfigError, match=message):
        ss.optimize(config=path)


def test_optimize_needs_k_without_a_section() -> None:
    with pytest.raises(ConfigError, match="give k"):
        ss.optimize(profile="default")
    assert callable(ss.optimize)
    import siteselect.optimize  # the subpackage is the same callable object

    assert ss.optimize is siteselect.optimize


@pytest.mark.filterwarnings("ignore::siteselect.errors.SiteselectWarning")
def test_demand_ids_must_be_unique_and_bad_weights_name_the_point(tmp_path: Path) -> None:
    """The JSON assignment maps each demand id to its park: two points cannot share an id."""
    section = (
        '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 1\n[optimize]\nobjective = "p-median"\nk = 2\n'
        '[optimize.demand]\npath = "d.csv"\nweight = "volume"\n'
    )
    path = write_config(tmp_path, section)
    (tmp_path / "d.csv").write_text(
        "id,lon,lat,volume\na,-100.31,25.67,10\na,-103.35,20.67,20\n", encoding="utf-8"
    )
    code, _, err = _run(["optimize", "--config", str(path), "-f", "json"])
    assert code == 3 and "id 'a' of column 'id' is given to two points" in err
    (tmp_path / "d.csv").write_text(
        "id,lon,lat,volume\na,-100.31,25.67,10\nb,,20.59,30\ne,-101.68,21.12,-5\n",
        encoding="utf-8",
    )
    code, _, err = _run(["optimize", "--config", str(path), "-f", "json"])
    assert code == 3 and "'volume' of demand point 'e' is -5;" in err
    (tmp_path / "d.csv").write_text(
        "id,lon,lat,volume\na,-100.31,25.67,10\n,-103.35,20.67,20\n", encoding="utf-8"
    )
    code, out, err = _run(["optimize", "--config", str(path), "-f", "json"])
    assert code == 0, err
    assert set(json.loads(out)["assignment"]) == {"a", "row 2"}


@pytest.mark.filterwarnings("always::siteselect.errors.SiteselectWarning")
def test_demand_outside_mexico_is_set_aside_with_a_warning(tmp_path: Path) -> None:
    """San Antonio lies inside Mexico's bounding box but ~200 km from its border: it is set
    aside and said (it once joined the graph by a 230 km straight leg and drove the result);
    a file of such points only is a data error."""
    section = (
        '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 1\n[optimize]\nobjective = "p-median"\nk = 2\n'
        '[optimize.demand]\npath = "d.csv"\nweight = "volume"\n'
    )
    path = write_config(tmp_path, section)
    (tmp_path / "d.csv").write_text(
        "id,lon,lat,volume\nmty,-100.31,25.67,10\ngdl,-103.35,20.67,20\nsat,-98.5,29.4,7\n",
        encoding="utf-8",
    )
    code, out, err = _run(["optimize", "--config", str(path), "-f", "json"])
    assert code == 0, err
    assert "1 of 3 demand point(s) lie outside Mexico" in err and "'sat'" in err
    assert set(json.loads(out)["assignment"]) == {"mty", "gdl"}
    (tmp_path / "d.csv").write_text("id,lon,lat,volume\nsat,-98.5,29.4,7\n", encoding="utf-8")
    code, _, err = _run(["optimize", "--config", str(path), "-f", "json"])
    assert code == 3 and "1 of 1 demand point(s) lie outside Mexico" in err


def test_must_include_of_a_park_the_search_removed_says_why(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        '[search]\ncorridors = ["northeast"]\n[optimize]\nk = 2\n'
        'must_include = ["parque-industrial-queretaro"]\n' + BORDER,
    )
    with pytest.raises(ConfigError, match=r"removed before scoring \(corridor\)"):
        ss.optimize(config=path)


def test_stress_csv_is_an_export_like_the_others(tmp_path: Path) -> None:
    """A CSV file has its provenance beside it, once (tool, config hash, criteria, sources);
    CSV on stdout is plain and says where the provenance goes."""
    code, out, err = _run(["stress", "--profile", "default", "--no-ports", "-f", "csv", "-n", "3"])
    assert code == 0
    header, first = out.splitlines()[:2]
    assert header.startswith("id,name,rank,score,") and "provenance" not in header
    assert "config_sha256" not in first
    assert "provenance.json" in err
    target = tmp_path / "stress.csv"
    code, _, err = _run(["stress", "--profile", "default", "--no-ports", "-o", str(target)])
    assert code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,name,rank,score,")
    sidecar = json.loads((tmp_path / "stress.provenance.json").read_text(encoding="utf-8"))
    assert sidecar["file"] == "stress.csv" and sidecar["provenance"]["profile"] == "default"
    assert [c["name"] for c in sidecar["provenance"]["criteria"]]
