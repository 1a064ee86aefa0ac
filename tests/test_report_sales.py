"""Tests for siteselect.report.sales: the sales verdict and the first page's cards.

The case is the README's: the example facts sheet (declared illustrative) and the automotive
tenant's requirements, whose ``fit_weight`` adds fact criteria (power and land headroom) that
state the same power figures as the grid criterion decided by the park's facts.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from siteselect.errors import DataNote
from siteselect.report.i18n import read_messages
from siteselect.report.park_section import build_section
from siteselect.report.proposal_view import ParkSection
from siteselect.results import RankResult

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PARK = "interpuerto-monterrey"  # in the example sheet: 30 MVA at 115 kV, 120 ha


@pytest.fixture(scope="module")
def ranked() -> RankResult:
    import siteselect as ss

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        return ss.rank(
            profile="aerospace",
            facts=EXAMPLES / "park_facts_example.xlsx",
            requirements=EXAMPLES / "requirements_automotive.toml",
        )


def _section(result: RankResult, lang: str) -> ParkSection:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        return build_section(result, PARK, messages=read_messages(lang))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_verdict_says_each_fact_once_as_its_card_says_it(ranked: RankResult, lang: str) -> None:
    section = _section(ranked, lang)
    first = section.verdict[0]
    cards = {c.key: c for c in section.facts}
    power = cards["power_mva_available"].value_text.split(" ‡")[0]  # "30 MVA"
    assert power == "30 MVA"
    # Stated once (the power headroom criterion and the grid criterion both rest on it), in
    # the card's format ("30 MVA", never "30.0 MVA"), with its voltage.
    assert first.count("MVA") == 1 and "30.0" not in first, first
    assert "115 kV" in first, first
    # The sheet is illustrative: each figure the verdict takes from it is marked ‡ and †.
    assert first.count("‡†") == 2, first  # the power phrase and the land phrase


def test_a_zero_count_is_no_first_page_card(ranked: RankResult) -> None:
    section = _section(ranked, "es")
    zero = [c for c in section.key_figures if c.value == 0]
    # Interpuerto Monterrey has no aerospace establishment within the profile's reach: the
    # figure stays in the document (key figures) but not on the first page's cards.
    assert zero, [(c.key, c.value) for c in section.key_figures]
    assert not [c for c in section.cards if c.value == 0]


@pytest.mark.parametrize(
    ("lang", "airport"),
    [("es", "Aeropuerto Internacional de Monterrey"), ("en", "Monterrey International Airport")],
)
def test_airports_are_named_in_the_report_language(
    ranked: RankResult, lang: str, airport: str
) -> None:
    # The data's own name is "General Mariano Escobedo International Airport" (airportsdata):
    # the catalogue's name in the report's language comes first.
    section = _section(ranked, lang)
    labels = [c.label for c in section.key_figures]
    assert any(airport in label for label in labels), labels
    assert not any("General Mariano Escobedo" in label for label in labels), labels


def test_spanish_names_a_crossing_or_an_airport_with_its_article(ranked: RankResult) -> None:
    """ "Manejo al Aeropuerto ...", "... y el Aeropuerto ... a 29 min" (it read "Manejo a
    Aeropuerto ..." and "y Aeropuerto ..."); English keeps "Drive to Monterrey ..."."""
    from siteselect.report.sales import name_forms

    es = read_messages("es")
    assert name_forms("Aeropuerto Internacional de Monterrey", es) == (
        "el Aeropuerto Internacional de Monterrey",
        "al Aeropuerto Internacional de Monterrey",
    )
    assert name_forms("Garita de Otay", es) == ("la Garita de Otay", "a la Garita de Otay")
    assert name_forms("Tecate", es) == ("Tecate", "a Tecate")
    assert name_forms("World Trade Bridge", read_messages("en")) == (
        "World Trade Bridge",
        "to World Trade Bridge",
    )
    labels = [c.label for c in _section(ranked, "es").key_figures]
    assert "Manejo al Aeropuerto Internacional de Monterrey" in labels, labels
    assert not any(label.startswith("Manejo a Aeropuerto") for label in labels), labels
    english = [c.label for c in _section(ranked, "en").key_figures]
    assert "Drive to Monterrey International Airport" in english, english


def test_sales_annex_speaks_labels_and_the_analyst_keeps_the_ids(ranked: RankResult) -> None:
    """A tenant reads "Tiempo de manejo al aeropuerto...", not the config's ``air_cargo``."""
    from siteselect.report.proposal import build_proposal

    ids = {c.name for c in ranked.config.criteria}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)
        sales = build_proposal(ranked, [PARK], lang="es", audience="sales")
        analyst = build_proposal(ranked, [PARK], lang="es", audience="analyst")
    sales_cells = {cell for row in sales.assumptions.weights.rows for cell in row}
    assert not ids & sales_cells, ids & sales_cells
    assert len(sales.assumptions.weights.headers) == 4
    assert ids <= {row[0] for row in analyst.assumptions.weights.rows}


def test_the_backup_crossing_row_gives_its_drive_not_the_extra_minutes_as_km() -> None:
    """The backup lane's value is the extra time over the nearest crossing (7.9 min for
    Nogalar): the facilities table once printed it under "straight line, km"."""
    import siteselect as ss

    result = ss.rank(profile="default")
    section = build_section(result, "parque-industrial-nogalar", messages=read_messages("es"))
    assert section.facilities is not None
    (backup,) = [r for r in section.facilities.rows if "Reynosa" in r[1]]
    value = next(
        v
        for v in result.explain("parque-industrial-nogalar").criteria
        if v.criterion == "backup_lane"
    )
    hours, minutes = divmod(round(value.details["backup_min"]), 60)
    assert backup[2] == f"{hours}:{minutes:02d}"  # the drive to the backup crossing, h:mm
    assert backup[3] == backup[4] == read_messages("es").t("value.not_measured")
    kinds = [r[0] for r in section.facilities.rows]
    assert "Red eléctrica" in kinds and "power grid" not in kinds


def test_the_neighbour_count_is_every_park_within_the_radius_not_the_listed_few() -> None:
    import siteselect as ss
    from siteselect.layers.store import LayerStore
    from siteselect.report.map_layers import MAX_NEIGHBOUR_PARKS, read_neighbourhood
    from siteselect.report.sales import build_suppliers

    result = ss.rank(profile="electronics")
    store = LayerStore(None)
    cid = "parque-industrial-nogalar"  # north of Monterrey: many parks within 25 km
    hood = read_neighbourhood(result, cid, store)
    parks = store.layer("parks")
    point = result.candidates.frame.geometry.loc[cid]
    within = int((parks.geometry.distance(point) <= hood.radius_km * 1000).sum()) - 1
    assert within > MAX_NEIGHBOUR_PARKS  # the case: more parks near than the table lists
    assert len(hood.parks) == MAX_NEIGHBOUR_PARKS
    view = build_suppliers(hood, read_messages("es"), "Parque Industrial Nogalar")
    assert view is not None
    # The sentence counts them all (it said "8 parques industriales vecinos", the list's
    # length) and says the table holds the nearest few.
    assert f"y {within} parques industriales vecinos" in view.summary, view.summary
    assert f"los {MAX_NEIGHBOUR_PARKS} más cercanos" in view.summary, view.summary


def test_own_sites_claim_no_neighbour_count(tmp_path: Path) -> None:
    import siteselect as ss
    from siteselect.layers.store import LayerStore
    from siteselect.report.map_layers import read_neighbourhood
    from siteselect.report.sales import build_suppliers

    sites = tmp_path / "sitios.csv"
    sites.write_text("clave,nombre,lat,lon\nA,Centro,20.5881,-100.3899\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataNote)  # the columns it guessed
        result = ss.rank(profile="electronics", candidates=sites)
    hood = read_neighbourhood(result, "A", LayerStore(None))
    view = build_suppliers(hood, read_messages("en"), "Centro")
    assert view is not None
    # The embedded parks are not looked for around the user's own sites: the sentence said
    # "and 0 neighbouring industrial parks" of a site in downtown Querétaro.
    assert hood.parks_within is None and hood.parks == ()
    assert "neighbouring industrial parks" not in view.summary, view.summary
    assert view.summary.startswith("Within 25 km of Centro there are"), view.summary
