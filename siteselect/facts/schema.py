"""The park-facts schema: every fact a park's own sheet can state, with its kind, unit and labels.

A pure module (no file is read here). Each :class:`FactSpec` names one fact by a stable key
that carries its canonical unit (``land_available_ha``, ``power_mva_available``), says what
kind of value it holds, which group of the sheet it belongs to (its date and source can be
given per group), and how a developer's sheet may title its column in Spanish (es-MX) or
English. :func:`build_json_schema` turns the registry into the JSON Schema of a facts document
(``docs/schemas/park-facts.schema.json``); the version is :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_NAME = "siteselect/park-facts"
SCHEMA_VERSION = "1.0"
"""Version of the facts schema. A new fact or unit is a minor change (1.1); a key renamed,
removed or given another unit is a major one (2.0), and readers refuse a major version they
do not know."""

Kind = Literal["text", "number", "integer", "bool", "date", "choice", "list"]
Lang = Literal["es", "en"]
LANGS: tuple[Lang, ...] = ("es", "en")

MISSING_POLICIES = ("exclude", "neutral", "penalise")
"""What an unknown fact does in a criterion: the park is removed (``exclude``), scored at the
median of the known values (``neutral``) or at the worst known value (``penalise``)."""


@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` fact: its key and how a sheet may write it."""

    key: str
    label: Mapping[str, str]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A group of facts that share a date and a source on a sheet (``Renta: fecha``)."""

    key: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class FactSpec:
    """One fact of the schema.

    Attributes
    ----------
    key
        Stable key, also the candidates' column name; it carries the canonical unit.
    group
        Key of the :class:`Group` whose date and source columns apply.
    kind
        ``text``, ``number``, ``integer``, ``bool``, ``date``, ``choice`` or ``list``.
    unit
        Canonical unit of a number (``ha``, ``m²``, ``MVA``...); ``""`` for none.
    dimension
        What the unit measures (``area_ha``, ``power``...: see :mod:`siteselect.facts.units`);
        a sheet's column declares its own unit of that dimension and is converted.
    label, help
        Column title and one-line help, per language.
    aliases
        Other titles a sheet may use (any language; compared without case or accents).
    choices
        Allowed values of a ``choice`` fact.
    minimum, maximum
        Bounds of a number (a value outside is an error).
    dated
        Whether the fact needs a date and a source (identity columns do not).
    known
        Values a ``list`` fact recognises (others are kept as written).
    """

    key: str
    group: str
    kind: Kind
    label: Mapping[str, str]
    help: Mapping[str, str]
    unit: str = ""
    dimension: str | None = None
    aliases: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    dated: bool = True
    known: tuple[Choice, ...] = field(default=())

    @property
    def numeric(self) -> bool:
        """Whether the fact is a number (a criterion reads it as is)."""
        return self.kind in ("number", "integer")


def _l(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


GROUPS: tuple[Group, ...] = (
    Group("identity", _l("Identidad", "Identity")),
    Group("land", _l("Terreno", "Land")),
    Group("building", _l("Naves", "Buildings")),
    Group("rent", _l("Renta", "Rent")),
    Group("power", _l("Energía eléctrica", "Power")),
    Group("water", _l("Agua", "Water")),
    Group("gas", _l("Gas natural", "Natural gas")),
    Group("rail", _l("Ferrocarril", "Rail")),
    Group("fibre", _l("Telecomunicaciones", "Telecoms")),
    Group("certifications", _l("Certificaciones", "Certifications")),
    Group("services", _l("Servicios", "Services")),
    Group("profile", _l("Perfil del parque", "Park profile")),
)
GROUP_BY_KEY: Mapping[str, Group] = {g.key: g for g in GROUPS}

RENT_KINDS = (
    Choice("asking", _l("precio de salida", "asking"), ("lista", "precio de lista", "solicitada")),
    Choice(
        "park_quote",
        _l("cotización del parque", "park quote"),
        ("cotizacion", "cotizacion del desarrollador", "quote", "developer quote"),
    ),
    Choice(
        "market_level",
        _l("nivel de mercado", "market level"),
        ("mercado", "promedio de mercado", "market", "market average"),
    ),
)
REDUNDANCY = (
    Choice("none", _l("ninguna", "none"), ("sin redundancia", "no", "single feed")),
    Choice(
        "dual_feed",
        _l("doble alimentación", "dual feed"),
        ("doble acometida", "dos alimentadores", "two feeders", "dual feeder"),
    ),
    Choice("ring", _l("anillo", "ring"), ("en anillo", "ring main")),
)
WATER_SOURCES = (
    Choice("municipal", _l("red municipal", "municipal network"), ("municipal", "organismo")),
    Choice("own_wells", _l("pozo propio", "own wells"), ("pozos propios", "pozo", "well")),
    Choice("treated", _l("agua tratada", "treated water"), ("tratada", "reuse")),
    Choice("mixed", _l("mixta", "mixed"), ("mixto",)),
)
CERTIFICATIONS = (
    Choice("AMPIP", _l("AMPIP", "AMPIP"), ("miembro ampip", "ampip member")),
    Choice(
        "NMX-R-046-SCFI",
        _l("NMX-R-046-SCFI", "NMX-R-046-SCFI"),
        ("nmx r 046 scfi", "nmx r 046 scfi 2015", "nmx 046", "norma de parques industriales"),
    ),
    Choice(
        "Parque Industrial Limpio",
        _l("Parque Industrial Limpio", "Clean Industrial Park"),
        ("pil", "parque limpio", "clean industrial park"),
    ),
    Choice("Industria Limpia", _l("Industria Limpia", "Clean Industry"), ("profepa",)),
    Choice("LEED", _l("LEED", "LEED"), ("leed certified",)),
    Choice("EDGE", _l("EDGE", "EDGE"), ()),
    Choice("ISO 14001", _l("ISO 14001", "ISO 14001"), ("iso14001",)),
    Choice("ISO 9001", _l("ISO 9001", "ISO 9001"), ("iso9001",)),
)
NOMINAL_KV = (13.2, 13.8, 23.0, 34.5, 69.0, 85.0, 115.0, 138.0, 161.0, 230.0, 400.0)
"""Nominal voltages of the Mexican grid (CFE distribution 13.2-34.5 kV, subtransmission
69-161 kV, transmission 230 and 400 kV; from the author's knowledge of CFE practice, high
confidence). Another voltage is accepted with a warning."""


def _fact(
    key: str,
    group: str,
    kind: Kind,
    label: tuple[str, str],
    help_: tuple[str, str],
    **more: Any,
) -> FactSpec:
    return FactSpec(key, group, kind, _l(*label), _l(*help_), **more)


FACTS: tuple[FactSpec, ...] = (
    # identity: who and where, no date needed
    _fact(
        "id",
        "identity",
        "text",
        ("Clave del parque", "Park id"),
        (
            "La clave del parque en siteselect (hoja Parques); vacía si es un parque nuevo",
            "The park's siteselect id (as listed); blank for a park siteselect does not know",
        ),
        aliases=("clave", "id", "park id", "id parque", "clave parque", "park_id"),
        dated=False,
    ),
    _fact(
        "name",
        "identity",
        "text",
        ("Nombre del parque", "Park name"),
        ("Nombre comercial del parque", "The park's trading name"),
        aliases=("nombre", "parque", "name", "park", "parque industrial", "park_name"),
        dated=False,
    ),
    _fact(
        "municipality",
        "identity",
        "text",
        ("Municipio", "Municipality"),
        ("Municipio donde está el parque", "Municipality the park lies in"),
        aliases=("municipio", "municipality", "ciudad", "city"),
        dated=False,
    ),
    _fact(
        "state",
        "identity",
        "text",
        ("Estado", "State"),
        ("Entidad federativa", "Mexican state"),
        aliases=("entidad", "estado", "state"),
        dated=False,
    ),
    _fact(
        "developer",
        "identity",
        "text",
        ("Desarrollador", "Developer"),
        ("Desarrollador u operador del parque", "Developer or operator of the park"),
        aliases=("desarrolladora", "operador", "developer", "operator"),
        dated=False,
    ),
    _fact(
        "contact_name",
        "identity",
        "text",
        ("Contacto", "Contact"),
        ("Persona de contacto comercial", "Sales contact person"),
        aliases=("contacto", "contact", "contact name", "nombre de contacto"),
        dated=False,
    ),
    _fact(
        "contact_email",
        "identity",
        "text",
        ("Correo de contacto", "Contact email"),
        ("Correo electrónico del contacto", "Contact's email"),
        aliases=("correo", "email", "e mail", "correo electronico"),
        dated=False,
    ),
    _fact(
        "contact_phone",
        "identity",
        "text",
        ("Teléfono de contacto", "Contact phone"),
        ("Teléfono del contacto, con lada", "Contact's phone, with area code"),
        aliases=("telefono", "phone", "tel"),
        dated=False,
    ),
    # land
    _fact(
        "land_total_ha",
        "land",
        "number",
        ("Superficie total", "Total land"),
        ("Superficie total del parque", "The park's whole area"),
        unit="ha",
        dimension="area_ha",
        aliases=("terreno total", "superficie del parque", "total area", "park area"),
        minimum=0,
    ),
    _fact(
        "land_available_ha",
        "land",
        "number",
        ("Superficie disponible", "Available land"),
        ("Terreno disponible para venta o renta", "Land available for sale or lease"),
        unit="ha",
        dimension="area_ha",
        aliases=("terreno disponible", "superficie libre", "available area", "land available"),
        minimum=0,
    ),
    _fact(
        "lot_min_ha",
        "land",
        "number",
        ("Lote mínimo", "Smallest lot"),
        ("El lote más chico que se ofrece", "Smallest lot offered"),
        unit="ha",
        dimension="area_ha",
        aliases=("lote minimo", "minimum lot", "min lot"),
        minimum=0,
    ),
    _fact(
        "lot_max_ha",
        "land",
        "number",
        ("Lote máximo", "Largest lot"),
        ("El lote más grande que se ofrece", "Largest lot offered"),
        unit="ha",
        dimension="area_ha",
        aliases=("lote maximo", "maximum lot", "max lot"),
        minimum=0,
    ),
    # buildings
    _fact(
        "building_available_m2",
        "building",
        "number",
        ("Naves disponibles", "Available buildings"),
        ("Superficie de naves terminadas o en construcción disponible", "Vacant building area"),
        unit="m²",
        dimension="area_m2",
        aliases=(
            "nave disponible",
            "naves industriales disponibles",
            "espacio disponible",
            "available building",
            "vacant space",
            "building available",
        ),
        minimum=0,
    ),
    _fact(
        "clear_height_m",
        "building",
        "number",
        ("Altura libre", "Clear height"),
        ("Altura libre interior de las naves", "Clear height inside the buildings"),
        unit="m",
        dimension="length",
        aliases=("altura libre interior", "clear height", "altura"),
        minimum=0,
        maximum=60,
    ),
    _fact(
        "building_delivery_date",
        "building",
        "date",
        ("Fecha de entrega", "Delivery date"),
        (
            "Fecha en que la nave está (o estará) lista para el inquilino",
            "Date the building is (or will be) ready for the tenant",
        ),
        aliases=("entrega", "fecha de entrega de nave", "delivery", "available from"),
    ),
    _fact(
        "build_to_suit",
        "building",
        "bool",
        ("Construcción a la medida (BTS)", "Build-to-suit"),
        ("¿El parque construye naves a la medida?", "Does the park build to suit?"),
        aliases=("a la medida", "bts", "build to suit", "construccion a la medida"),
    ),
    # rent
    _fact(
        "rent_usd_m2_month",
        "rent",
        "number",
        ("Renta", "Rent"),
        ("Renta mensual de nave", "Monthly rent of a building"),
        unit="USD/m²/month",
        dimension="rent",
        aliases=("renta mensual", "precio de renta", "rent", "asking rent", "lease rate"),
        minimum=0,
    ),
    _fact(
        "rent_kind",
        "rent",
        "choice",
        ("Tipo de renta", "Rent kind"),
        (
            "Qué es la renta: precio de salida, cotización del parque o nivel de mercado",
            "What the rent is: asking, the park's quote or the market level",
        ),
        aliases=("tipo de precio", "rent kind", "rent type"),
        choices=RENT_KINDS,
    ),
    # power
    _fact(
        "power_mva_available",
        "power",
        "number",
        ("Capacidad eléctrica disponible", "Available power"),
        (
            "Potencia que el parque puede entregar a un nuevo inquilino",
            "Power the park can supply to a new tenant",
        ),
        unit="MVA",
        dimension="power",
        aliases=(
            "energia disponible",
            "potencia disponible",
            "capacidad disponible",
            "available power",
            "power available",
            "available capacity",
        ),
        minimum=0,
    ),
    _fact(
        "supply_voltage_kv",
        "power",
        "number",
        ("Tensión de suministro", "Supply voltage"),
        ("Tensión a la que se entrega la energía", "Voltage at which power is supplied"),
        unit="kV",
        dimension="voltage",
        aliases=("tension", "voltaje", "voltaje de suministro", "supply voltage", "voltage"),
        minimum=0,
        maximum=400,
    ),
    _fact(
        "own_substation",
        "power",
        "bool",
        ("Subestación propia", "Own substation"),
        ("¿El parque tiene subestación propia?", "Does the park have its own substation?"),
        aliases=("subestacion", "substation", "own substation"),
    ),
    _fact(
        "power_redundancy",
        "power",
        "choice",
        ("Redundancia eléctrica", "Power redundancy"),
        ("Ninguna, doble alimentación o anillo", "None, dual feed or ring"),
        aliases=("redundancia", "redundancy"),
        choices=REDUNDANCY,
    ),
    # water
    _fact(
        "water_m3_day",
        "water",
        "number",
        ("Agua disponible", "Available water"),
        ("Caudal de agua disponible para un inquilino", "Water flow available to a tenant"),
        unit="m³/day",
        dimension="flow",
        aliases=("agua", "dotacion de agua", "caudal", "water", "water available"),
        minimum=0,
    ),
    _fact(
        "water_origin",
        "water",
        "choice",
        ("Fuente de agua", "Water source"),
        ("Red municipal, pozo propio, agua tratada o mixta", "Municipal, own wells, treated"),
        aliases=("fuente del agua", "water source", "origen del agua"),
        choices=WATER_SOURCES,
    ),
    # gas, rail, fibre
    _fact(
        "natural_gas",
        "gas",
        "bool",
        ("Gas natural", "Natural gas"),
        ("¿Hay red de gas natural en el parque?", "Is there a natural gas network in the park?"),
        aliases=("gas", "red de gas", "natural gas"),
    ),
    _fact(
        "rail_spur",
        "rail",
        "bool",
        ("Espuela de ferrocarril", "Rail spur"),
        ("¿El parque tiene espuela de ferrocarril?", "Does the park have a rail spur?"),
        aliases=("espuela", "espuela ferroviaria", "ferrocarril", "rail", "rail spur"),
    ),
    _fact(
        "rail_operator",
        "rail",
        "text",
        ("Operador ferroviario", "Rail operator"),
        ("Ferromex, CPKC...", "Ferromex, CPKC..."),
        aliases=("ferroviaria", "railroad", "rail operator"),
    ),
    _fact(
        "fibre",
        "fibre",
        "bool",
        ("Fibra óptica", "Fibre"),
        ("¿Hay fibra óptica en el parque?", "Is there fibre in the park?"),
        aliases=("fibra", "fiber", "fibre optic", "fiber optic"),
    ),
    _fact(
        "fibre_carriers",
        "fibre",
        "list",
        ("Operadores de fibra", "Fibre carriers"),
        ("Operadores, separados por punto y coma", "Carriers, separated by semicolons"),
        aliases=("carriers", "proveedores de fibra", "fiber carriers"),
    ),
    # certifications and services
    _fact(
        "certifications",
        "certifications",
        "list",
        ("Certificaciones", "Certifications"),
        (
            "AMPIP, NMX-R-046-SCFI, Parque Industrial Limpio, LEED...; separadas por punto y coma",
            "AMPIP, NMX-R-046-SCFI, Clean Industrial Park, LEED...; separated by semicolons",
        ),
        aliases=("certificacion", "certification", "certificados"),
        known=CERTIFICATIONS,
    ),
    _fact(
        "customs",
        "services",
        "bool",
        ("Aduana o recinto fiscalizado", "Customs or bonded area"),
        ("¿Aduana interior o recinto fiscalizado en el parque?", "Inland customs in the park?"),
        aliases=("aduana", "recinto fiscalizado", "customs", "bonded warehouse"),
    ),
    _fact(
        "training_centre",
        "services",
        "bool",
        ("Centro de capacitación", "Training centre"),
        ("¿Centro de capacitación en el parque?", "Is there a training centre in the park?"),
        aliases=("capacitacion", "training center", "training"),
    ),
    _fact(
        "security_24h",
        "services",
        "bool",
        ("Seguridad 24 h", "24 h security"),
        ("¿Seguridad las 24 horas?", "Security around the clock?"),
        aliases=("seguridad", "vigilancia", "security", "24h security"),
    ),
    _fact(
        "year_established",
        "profile",
        "integer",
        ("Año de inicio", "Year established"),
        ("Año en que el parque empezó a operar", "Year the park opened"),
        aliases=("ano de fundacion", "fundacion", "year opened", "established"),
        minimum=1900,
    ),
    _fact(
        "occupancy_pct",
        "profile",
        "number",
        ("Ocupación", "Occupancy"),
        ("Porcentaje de la superficie vendible ya ocupada", "Share of the sellable area taken"),
        unit="%",
        dimension="percent",
        aliases=("ocupacion", "occupancy", "tasa de ocupacion"),
        minimum=0,
        maximum=100,
    ),
)
FACT_BY_KEY: Mapping[str, FactSpec] = {f.key: f for f in FACTS}
IDENTITY_KEYS = tuple(f.key for f in FACTS if f.group == "identity")
DATED_KEYS = tuple(f.key for f in FACTS if f.dated)

# Row-level and per-group date and source columns (``<group>_date``, ``<group>_source``: no
# fact key may end so; a test checks).
META_LABELS: Mapping[str, Mapping[str, str]] = {
    "date": _l("Fecha de los datos", "Facts date"),
    "source": _l("Fuente", "Source"),
}
META_ALIASES: Mapping[str, tuple[str, ...]] = {
    "date": ("fecha", "fecha de datos", "fecha de actualizacion", "as of", "date", "facts date"),
    "source": ("fuente de los datos", "fuentes", "source", "sources", "facts source"),
}
GROUP_META_SUFFIX: Mapping[str, Mapping[str, str]] = {
    "date": _l("fecha", "date"),
    "source": _l("fuente", "source"),
}


def group_meta_label(group: str, what: str, lang: Lang) -> str:
    """The title of a group's own date or source column: ``Renta: fecha``, ``Rent: date``."""
    return f"{GROUP_BY_KEY[group].label[lang]}: {GROUP_META_SUFFIX[what][lang]}"


def fact_label(key: str, lang: str = "en") -> str:
    """A fact's title in a language (its key when unknown)."""
    spec = FACT_BY_KEY.get(key)
    if spec is None:
        return key
    return spec.label.get(lang, spec.label["en"])


def choice_label(spec: FactSpec, key: str, lang: str = "en") -> str:
    """The label of a choice (or a known list value) in a language."""
    for choice in (*spec.choices, *spec.known):
        if choice.key == key:
            return choice.label.get(lang, choice.label["en"])
    return key


def build_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a park-facts document, from the registry.

    A document lists parks; each park has its identity and ``facts``: per fact key, the value
    in the canonical unit, the unit, the date and source it carries, and how the sheet wrote
    it. ``docs/schemas/park-facts.schema.json`` is this output (a test keeps them equal).
    """
    fact_props: dict[str, Any] = {}
    for spec in FACTS:
        if not spec.dated:
            continue
        value = _value_schema(spec)
        fact_props[spec.key] = {
            "description": f"{spec.label['en']} ({spec.unit})" if spec.unit else spec.label["en"],
            "allOf": [{"$ref": "#/$defs/fact"}],
            "properties": {"value": value, "unit": {"const": spec.unit}},
        }
    identity = {
        spec.key: {"type": ["string", "null"], "description": spec.label["en"]}
        for spec in FACTS
        if not spec.dated
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://siteselect.invalid/schemas/park-facts.schema.json",
        "title": "siteselect park facts",
        "description": (
            "A park's own facts (land, buildings, rent, power, water, gas, rail, fibre, "
            "certifications, services) in canonical units, each with its date and source. "
            f"Schema {SCHEMA_NAME} version {SCHEMA_VERSION}; written by "
            "`siteselect facts validate --format json` (its `parks`)."
        ),
        "type": "object",
        "required": ["schema", "version", "illustrative", "parks"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA_NAME},
            "version": {"type": "string", "pattern": r"^1\.[0-9]+$"},
            "illustrative": {
                "description": "The file declares its values illustrative (not real figures).",
                "type": "boolean",
            },
            "parks": {"type": "array", "items": {"$ref": "#/$defs/park"}},
        },
        "$defs": {
            "park": {
                "type": "object",
                "required": ["row", "id", "name", "facts"],
                "additionalProperties": False,
                "properties": {
                    "row": {"description": "Row of the sheet (1 = first row).", "type": "integer"},
                    **identity,
                    "facts": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": fact_props,
                    },
                },
            },
            "fact": {
                "type": "object",
                "required": ["value", "unit", "date", "source", "given"],
                "additionalProperties": False,
                "properties": {
                    "value": True,
                    "unit": {"type": "string"},
                    "date": {"type": "string", "format": "date"},
                    "source": {"type": "string", "minLength": 1},
                    "given": {
                        "description": "The cell as the sheet wrote it, with its column's unit.",
                        "type": "string",
                    },
                    "stale": {"type": "boolean"},
                },
            },
        },
    }


def _value_schema(spec: FactSpec) -> dict[str, Any]:
    if spec.kind in ("number", "integer"):
        out: dict[str, Any] = {"type": "number" if spec.kind == "number" else "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
        return out
    if spec.kind == "bool":
        return {"type": "boolean"}
    if spec.kind == "date":
        return {"type": "string", "format": "date"}
    if spec.kind == "choice":
        return {"enum": [c.key for c in spec.choices]}
    if spec.kind == "list":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}
