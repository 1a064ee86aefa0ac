"""Requirements and fact criteria in a search: compile, check, missing-fact policies, exit 4."""

from __future__ import annotations

import io
import json
import math
import warnings
from pathlib import Path

import pytest
from rich.console import Console

import siteselect as ss
from siteselect.config import load_search, parse_config
from siteselect.config.requirements import compile_requirements
from siteselect.errors import ConfigError, InfeasibleError
from siteselect.report.exports import build_explanation_json, build_rank_json, render_rank_output
from siteselect.report.terminal_facts import facts_views
from tests.test_cli import run_main

# Three parks with facts (one by id, one by its abbreviated name, one fuzzily), the rest
# unknown. Written as a Spanish spreadsheet saves a CSV: ';', decimal commas, day first.
FACTS = (
    "Clave del parque;Nombre del parque;Municipio;Superficie disponible (ha);"
    "Naves disponibles (m²);Construcción a la medida (BTS);"
    "Capacidad eléctrica disponible (MVA);Tensión de suministro (kV);Renta (USD/m²/mes);"
    "Espuela de ferrocarril;Gas natural;Certificaciones;Fecha de entrega;"
    "Fecha de los datos;Fuente\n"
    "finsa-guadalupe;;;14,5;22000;No;18;115;7,20;Sí;Sí;AMPIP, LEED;01/05/2027;15/10/2026;A\n"
    ";P.I. Querétaro;Querétaro;25;0;Sí;9;115;6,10;Sí;Sí;AMPIP;30/11/2027;01/11/2026;B\n"
    ";Parque Industrial Escobedoo;General Escobedo;8;5000;No;5,4;34,5;5,90;No;Sí;;;15/03/2024;C\n"
)
SEARCH = (
    '[search]\ncorridors = ["bajio", "northeast"]\n'
    '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
    'direction = "min"\nweight = 1\n'
    '[[criteria]]\nname = "wage"\nmeasure = "attribute"\ncolumn = "min_wage_mxn_day"\n'
    'direction = "min"\nweight = 1\n'
)
IDS = ("finsa-guadalupe", "parque-industrial-queretaro", "parque-industrial-escobedo")


@pytest.fixture
def facts_csv(tmp_path: Path) -> Path:
    path = tmp_path / "hechos.csv"
    path.write_bytes(FACTS.encode("cp1252"))  # a Windows spreadsheet's encoding
    return path


def _search(tmp_path: Path, facts: Path, extra: str = "", policy: str = "penalise") -> Path:
    path = tmp_path / "search.toml"
    path.write_text(
        SEARCH + f'[candidates.facts]\npath = "{facts.name}"\nmissing = "{policy}"\n' + extra,
        encoding="utf-8",
    )
    return path


def _rank(config: Path, **kwargs: object) -> ss.RankResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # data notes; each test asserts on the result
        return ss.rank(config=config, **kwargs)  # type: ignore[arg-type]


# ---- compile --------------------------------------------------------------------------------


def test_hour_requirements_read_the_profile_s_criteria_or_add_one() -> None:
    search = load_search(
        profile="automotive-tier1", requirements={"border_hours": 4, "port_hours": 10}
    )
    assert search.requirements is not None
    assert search.requirements.border_criterion == "border"
    assert search.requirements.port_criterion == "seaport"
    bare = parse_config(
        {
            "criteria": [
                {
                    "name": "wage",
                    "measure": "attribute",
                    "column": "x",
                    "direction": "min",
                    "weight": 1,
                }
            ],
            "requirements": {"border_hours": 4},
        }
    )
    compiled = compile_requirements(bare)
    added = {c.name: c for c in compiled.criteria}["req_border"]
    assert added.weight == 0 and added.measure == "drive_time"
    assert compiled.requirements is not None
    assert compiled.requirements.border_criterion == "req_border"
    assert compile_requirements(compiled) == compiled  # idempotent


def test_fit_criteria_take_the_fit_weight_and_exclude_compiles_a_known_constraint() -> None:
    search = load_search(
        profile="automotive-tier1", requirements={"power_mva": 8, "land_ha": 12, "fit_weight": 0.2}
    )
    weights = search.normalised_weights
    assert weights["fit_power"] + weights["fit_land"] == pytest.approx(0.2)
    fit = {c.name: c for c in search.criteria}["fit_power"]
    assert (fit.measure, fit.worst, fit.best) == ("fact", 8, 16)
    data = search.as_mapping()
    data["criteria"][-1]["missing"] = "exclude"
    excluded = compile_requirements(parse_config(data))
    assert [c.label for c in excluded.constraints] == [
        "fit_land: land_available_ha known (missing = exclude)"
    ]


def test_a_requirement_key_unknown_or_wrong_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"requirements\.power_mva: must be > 0"):
        load_search(requirements={"power_mva": -1})
    with pytest.raises(ConfigError, match=r"requirements\.land: unknown key"):
        load_search(requirements={"land": 3})
    with pytest.raises(ConfigError, match="is not a criterion of this search"):
        load_search(requirements={"border_hours": 3, "border_criterion": "nope"})


# ---- checks ---------------------------------------------------------------------------------


def test_each_park_is_met_not_met_or_unknown_with_its_value(
    tmp_path: Path, facts_csv: Path
) -> None:
    requirements = {
        "land_ha": 12,
        "building_m2": 20000,
        "power_mva": 8,
        "voltage_kv": 115,
        "rail": True,
        "certifications": ["AMPIP"],
        "delivery_by": "2027-09-30",
        "max_rent_usd_m2_month": 7.5,
        "border_hours": 20,
    }
    result = _rank(_search(tmp_path, facts_csv), requirements=requirements)
    outcome = result.requirements
    assert outcome is not None
    guadalupe = {c.requirement: c for c in outcome.for_park("finsa-guadalupe")}
    assert {k: c.status for k, c in guadalupe.items()} == {k: "met" for k in requirements}
    assert guadalupe["land_ha"].value == pytest.approx(14.5) and guadalupe["land_ha"].unit == "ha"
    assert guadalupe["land_ha"].user_supplied and guadalupe["land_ha"].basis == "hechos.csv"
    queretaro = {c.requirement: c for c in outcome.for_park("parque-industrial-queretaro")}
    assert (
        queretaro["building_m2"].status == "met"
        and queretaro["building_m2"].note == "build-to-suit"
    )
    assert queretaro["delivery_by"].status == "not_met"
    # The Querétaro park misses its delivery date: removed, and the reason says which.
    reason = result.eliminated.loc["parque-industrial-queretaro", "reason"]
    assert "delivery_by 2027-09-30 (has 2027-11-30)" in reason
    escobedo = result.eliminated.loc["parque-industrial-escobedo", "reason"]
    for missed in ("land_ha", "building_m2", "power_mva", "voltage_kv", "rail"):
        assert missed in escobedo
    # An empty cell is unknown, not a "no": no certification is stated for Escobedo.
    assert "certifications" not in escobedo
    checks = {c.requirement: c.status for c in outcome.for_park("parque-industrial-escobedo")}
    assert checks["certifications"] == "unknown"
    # A park without facts: every fact requirement unknown, kept (unknown = keep).
    other = {c.requirement: c.status for c in outcome.for_park("finsa-queretaro")}
    assert other["power_mva"] == "unknown" and other["border_hours"] == "met"
    assert "finsa-queretaro" in result.scores.table.index
    summary = {s.requirement: s for s in outcome.summaries}["power_mva"]
    assert (summary.met, summary.not_met, summary.removed) == (2, 1, 1)
    assert summary.unknown == len(result.candidates.frame) - 3


def test_unknown_exclude_removes_the_parks_without_the_fact(
    tmp_path: Path, facts_csv: Path
) -> None:
    result = _rank(
        _search(tmp_path, facts_csv), requirements={"power_mva": 8, "unknown": "exclude"}
    )
    assert list(result.scores.table.index) == ["finsa-guadalupe", "parque-industrial-queretaro"]
    reason = result.eliminated.loc["finsa-queretaro", "reason"]
    assert "power_mva >= 8 MVA (unknown; unknown = exclude)" in reason


def test_a_requirement_no_park_meets_exits_4_naming_each_requirement_s_count(
    tmp_path: Path, facts_csv: Path
) -> None:
    config = _search(tmp_path, facts_csv, policy="exclude")
    with pytest.raises(InfeasibleError) as caught:
        _rank(config, requirements={"power_mva": 200, "rail": True})
    text = str(caught.value)
    n = 102
    assert f"eliminate all {n} candidates" in text
    assert f"'requirement power_mva >= 200 MVA' removes {n} (3 not met, {n - 3} unknown)" in text
    assert "'requirement rail = yes' removes" in text
    tenant = tmp_path / "tenant.toml"
    tenant.write_text("[requirements]\npower_mva = 200\n", encoding="utf-8")
    code, out, err = run_main(["rank", "--config", str(config), "--requirements", str(tenant)])
    assert code == 4 and out == ""
    assert "requirement power_mva >= 200 MVA' removes 102 (3 not met, 99 unknown)" in err


# ---- missing-fact policies ------------------------------------------------------------------


POWER = (
    '[[criteria]]\nname = "power"\nmeasure = "fact"\nfact = "power_mva_available"\n'
    'direction = "max"\nweight = 2\n'
)


def test_missing_exclude_removes_parks_without_the_fact(tmp_path: Path, facts_csv: Path) -> None:
    result = _rank(_search(tmp_path, facts_csv, POWER, policy="exclude"))
    assert sorted(result.scores.table.index) == sorted(IDS)
    reason = result.eliminated.loc["finsa-queretaro", "reason"]
    assert "no value for 'power'" in reason and "missing = exclude" in reason
    doc = build_rank_json(result)
    assert doc["facts"]["missing"] == "exclude" and doc["facts"]["criteria"] == {"power": "exclude"}


def test_missing_neutral_scores_unknown_parks_at_the_median(
    tmp_path: Path, facts_csv: Path
) -> None:
    result = _rank(_search(tmp_path, facts_csv, POWER, policy="neutral"))
    power = result.measures["power"]
    unknown = power.details["unknown"]
    assert unknown.sum() == len(unknown) - 3
    known = power.values[unknown == 0]
    assert sorted(known) == pytest.approx([5.4, 9.0, 18.0])
    assert set(power.values[unknown == 1]) == {9.0}  # the median of 5.4, 9, 18
    # Shown as unknown, never as the median it was scored at.
    view = {v.criterion: v for v in result.criterion_values("finsa-queretaro")}["power"]
    assert math.isnan(view.raw) and view.details["unknown"] == 1.0
    doc = build_explanation_json(result.explain("finsa-queretaro"))
    entry = next(c for c in doc["criteria"] if c["criterion"] == "power")
    assert entry["raw"] is None and entry["details"]["unknown"] == 1.0
    assert any("scored as the median 9 MVA" in n for n in result.notes)


def test_missing_penalise_scores_unknown_parks_at_the_worst_known(
    tmp_path: Path, facts_csv: Path
) -> None:
    result = _rank(_search(tmp_path, facts_csv, POWER, policy="penalise"))
    normalised = result.scores.normalised["power"]
    assert normalised.loc["finsa-queretaro"] == pytest.approx(
        normalised.loc["parque-industrial-escobedo"]  # the worst known: 5.4 MVA
    )
    assert normalised.loc["finsa-guadalupe"] > normalised.loc["parque-industrial-queretaro"]
    assert any("missing = penalise" in n for n in result.notes)


def test_a_criterion_s_own_policy_overrides_the_search_s(tmp_path: Path, facts_csv: Path) -> None:
    own = POWER + 'missing = "neutral"\n'
    result = _rank(_search(tmp_path, facts_csv, own, policy="exclude"))
    assert len(result.scores.table) == len(result.candidates.frame)
    assert build_rank_json(result)["facts"]["criteria"] == {"power": "neutral"}


def test_a_fact_criterion_without_a_facts_sheet_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(SEARCH + POWER, encoding="utf-8")
    with pytest.raises(ConfigError, match="no facts sheet"):
        _rank(path)


# ---- outputs --------------------------------------------------------------------------------


def test_every_output_says_the_policy_credits_the_file_and_marks_user_values(
    tmp_path: Path, facts_csv: Path
) -> None:
    result = _rank(_search(tmp_path, facts_csv, POWER), requirements={"power_mva": 8})
    doc = json.loads(render_rank_output(result, "json"))
    assert doc["facts"]["file"] == "hechos.csv" and doc["facts"]["mark"] == "‡"
    assert doc["facts"]["matched"] == {"id": 1, "name": 1, "fuzzy": 1, "none": 0}
    assert doc["facts"]["fuzzy"][0]["park"] == "parque-industrial-escobedo"
    assert len(doc["facts"]["stale"]) == 1
    top = next(r for r in doc["results"] if r["id"] == "finsa-guadalupe")
    assert top["facts"]["power_mva_available"] == {
        "value": 18.0,
        "unit": "MVA",
        "date": "2026-10-15",
        "source": "A",
        "given": "18 MVA",
    }
    assert top["requirements"]["power_mva"]["status"] == "met"
    assert doc["requirements"]["requirements"][0]["requirement"] == "power_mva"
    csv_text = render_rank_output(result, "csv")
    header = csv_text.splitlines()[0].split(",")
    for column in (
        "fact_power_mva_available",
        "fact_power_mva_available_unit",
        "fact_power_mva_available_date",
        "fact_power_mva_available_source",
        "req_power_mva",
        "req_power_mva_value",
        "facts_file",
    ):
        assert column in header
    assert "hechos.csv ‡" in csv_text
    buffer = io.StringIO()
    console = Console(file=buffer, width=100)
    for view in facts_views(result):
        console.print(view)
    text = buffer.getvalue()
    assert "facts ‡: hechos.csv (user-supplied)" in text
    assert "missing = penalise" in text
    assert "✓ power_mva 18 MVA ‡" in text


def test_a_measure_s_need_parameters_take_the_tenant_s_figures() -> None:
    """A power measure that declares ``need_mva``/``need_kv`` (and a labour one ``workers``)
    gets them from [requirements] unless the criterion sets its own."""
    from siteselect.criteria import REGISTRY, Measure, MeasureParams

    class NeedParams(MeasureParams):
        need_mva: float | None = None
        need_kv: float | None = None
        workers: int | None = None

    class Needs(Measure[NeedParams]):
        name = "test_needs"
        params = NeedParams
        needs_location = False

        def compute(self, candidates, params, context):  # type: ignore[no-untyped-def]
            raise NotImplementedError

    REGISTRY["test_needs"] = Needs()
    try:
        data = {
            "criteria": [
                {"name": "supply", "measure": "test_needs", "direction": "max", "weight": 1},
                {
                    "name": "own",
                    "measure": "test_needs",
                    "direction": "max",
                    "weight": 1,
                    "need_mva": 3.0,
                },
            ],
            "requirements": {"power_mva": 8, "voltage_kv": 115, "workers": 1500},
        }
        compiled = compile_requirements(parse_config(data))
        supply, own = compiled.criteria[0].params, compiled.criteria[1].params
        assert (supply.need_mva, supply.need_kv, supply.workers) == (8, 115, 1500)  # type: ignore[attr-defined]
        assert own.need_mva == 3.0  # type: ignore[attr-defined]
        assert compile_requirements(compiled) == compiled
    finally:
        del REGISTRY["test_needs"]


def test_facts_are_columns_hard_constraints_read(tmp_path: Path, facts_csv: Path) -> None:
    extra = (
        '[[constraints]]\nname = "rail spur"\ncolumn = "rail_spur"\nrequire = true\n'
        '[[constraints]]\nname = "rent stated"\ncolumn = "rent_usd_m2_month"\nknown = true\n'
    )
    result = _rank(_search(tmp_path, facts_csv, extra))
    kept = set(result.scores.table.index)
    assert kept == {"finsa-guadalupe", "parque-industrial-queretaro"}
    removed = result.eliminated
    assert removed.loc["parque-industrial-escobedo", "constraint"] == "rail spur"
    assert "no value for 'rail_spur'" in removed.loc["finsa-queretaro", "reason"]


GRID = (
    '[[criteria]]\nname = "grid"\nmeasure = "grid_distance"\nvoltage_kv = 115\n'
    'direction = "min"\nweight = 1\n'
)


def test_the_power_criterion_reads_the_parks_facts_and_every_output_says_so(
    tmp_path: Path, facts_csv: Path
) -> None:
    """Guadalupe's sheet meets 8 MVA at 115 kV (0 km), Escobedo's falls short (the farthest
    grid distance), Monterrey has no facts (the grid distance, labelled the fallback)."""
    from siteselect.report.i18n import read_messages
    from siteselect.report.park_section import build_section

    result = _rank(
        _search(tmp_path, facts_csv, GRID), requirements={"power_mva": 8, "voltage_kv": 115}
    )
    grid = result.measures["grid"]
    ids = list(result.candidates.ids)
    met, short, none = (ids.index(i) for i in (IDS[0], IDS[2], "parque-industrial-monterrey"))
    assert grid.values[met] == 0.0
    assert grid.values[short] == pytest.approx(float(grid.details["grid_km"].max()))
    assert grid.values[none] == grid.details["grid_km"][none] > 0
    assert [grid.details["from_facts"][i] for i in (met, short, none)] == [1.0, 1.0, 0.0]
    assert any("3 of " in n and "grid-distance fallback" in n for n in result.notes)
    doc = build_explanation_json(result.explain(IDS[0]))
    basis = next(c for c in doc["criteria"] if c["criterion"] == "grid")["basis"]
    assert basis["from"] == "facts" and basis["file"] == "hechos.csv"
    assert basis["text"] == "from the park's facts (18 MVA at 115 kV, 2026-10-15, A, hechos.csv) ‡"
    fallback = build_explanation_json(result.explain("parque-industrial-monterrey"))
    entry = next(c for c in fallback["criteria"] if c["criterion"] == "grid")
    assert entry["basis"]["from"] == "grid_fallback"
    es = build_section(result, IDS[1], messages=read_messages("es"))
    text = repr(es)
    assert (
        "según los datos del parque (9.00 MVA a 115 kV; 1 de noviembre de 2026; B; hechos.csv) ‡"
        in text
    )
    en = repr(build_section(result, "parque-industrial-monterrey", messages=read_messages("en")))
    assert "grid distance (fallback)" in en
    # the sales verdict names power by the park's own figures where they meet the need (the
    # grid is the search's only criterion, so it is the park's strength)
    met_section = build_section(result, IDS[0], messages=read_messages("en"))
    assert any("by the park's own figures ‡" in line for line in met_section.verdict), (
        met_section.verdict
    )
