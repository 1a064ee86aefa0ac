"""A tenant's requirements: what each ``[requirements]`` key means, and its compilation.

:data:`REQUIREMENTS` says, per key, which fact or criterion it reads, in which unit and how
(at least, at most, yes, by a date, all of a list, within hours). :func:`compile_requirements`
turns a search with ``[requirements]`` into the search that checks them:

* ``border_hours`` and ``port_hours`` read the profile's own drive-time criterion to border
  crossings (``border``, else the first ``drive_time`` to ``border_crossings``) and to
  seaports (``seaport``, else the first to ``seaports``). A profile without one gets a
  zero-weight criterion (``req_border``: truck minutes to the nearest commercial crossing;
  ``req_port``: to the nearest seaport), which scores nothing and serves the requirement;
  the run's notes say it was added. ``workers`` with ``labour_pool_per_worker`` reads the
  first ``population_within`` criterion (else a zero-weight 60-minute shed, ``req_labour``).
* ``fit_weight`` > 0 adds fit criteria on the facts (``fit_power``, ``fit_land``:
  headroom from the need, scoring 0, to twice the need, scoring 1: enough, then room for a
  second phase; ``fit_rent``: from the ceiling, 0, to a quarter below it, 1). Together they
  take ``fit_weight`` of the total weight; the profile's criteria keep their proportions.
* Every ``fact`` criterion whose missing-fact policy is ``exclude`` gets a ``known``
  hard constraint (``<criterion>: <fact> known (missing = exclude)``).
* A criterion whose measure declares a parameter of :data:`NEEDS` (``need_mva``,
  ``need_kv``, ``workers``) and leaves it unset gets the tenant's figure: a power measure
  judges a park's stated supply against ``power_mva`` and ``voltage_kv``, a labour measure
  sizes its pool from ``workers``, without the profile repeating them.

Compiling is idempotent: what it added is recognised by name and not added twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from siteselect.config.schema import (
    ConstraintConfig,
    CriterionConfig,
    RequirementsSection,
    SearchConfig,
)

Check = Literal["min", "max", "yes", "by", "all", "hours", "pool"]


@dataclass(frozen=True)
class RequirementSpec:
    """One requirement key.

    Attributes
    ----------
    key
        The ``[requirements]`` key.
    label
        A short title per language.
    unit
        The unit of the key's value (and of the value it is checked against).
    check
        ``min`` (the park's value at least the need), ``max`` (at most), ``yes`` (the park
        has it), ``by`` (a date no later than), ``all`` (every item of a list), ``hours``
        (a drive time in minutes within the hours), ``pool`` (the labour shed at least
        workers x pool per worker).
    fact
        The fact it reads (``None`` for criteria-based requirements).
    """

    key: str
    label: Mapping[str, str]
    unit: str
    check: Check
    fact: str | None = None


def _l(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


REQUIREMENTS: tuple[RequirementSpec, ...] = (
    RequirementSpec("land_ha", _l("Terreno", "Land"), "ha", "min", "land_available_ha"),
    RequirementSpec("building_m2", _l("Nave", "Building"), "m²", "min", "building_available_m2"),
    RequirementSpec(
        "clear_height_m", _l("Altura libre", "Clear height"), "m", "min", "clear_height_m"
    ),
    RequirementSpec("power_mva", _l("Energía", "Power"), "MVA", "min", "power_mva_available"),
    RequirementSpec("voltage_kv", _l("Tensión", "Voltage"), "kV", "min", "supply_voltage_kv"),
    RequirementSpec("water_m3_day", _l("Agua", "Water"), "m³/day", "min", "water_m3_day"),
    RequirementSpec("gas", _l("Gas natural", "Natural gas"), "", "yes", "natural_gas"),
    RequirementSpec("rail", _l("Espuela de ferrocarril", "Rail spur"), "", "yes", "rail_spur"),
    RequirementSpec("fibre", _l("Fibra óptica", "Fibre"), "", "yes", "fibre"),
    RequirementSpec("customs", _l("Aduana", "Customs"), "", "yes", "customs"),
    RequirementSpec(
        "certifications",
        _l("Certificaciones", "Certifications"),
        "",
        "all",
        "certifications",
    ),
    RequirementSpec(
        "delivery_by", _l("Entrega de nave", "Delivery"), "", "by", "building_delivery_date"
    ),
    RequirementSpec(
        "max_rent_usd_m2_month",
        _l("Renta máxima", "Maximum rent"),
        "USD/m²/month",
        "max",
        "rent_usd_m2_month",
    ),
    RequirementSpec("border_hours", _l("Frontera", "Border"), "h", "hours"),
    RequirementSpec("port_hours", _l("Puerto", "Seaport"), "h", "hours"),
    RequirementSpec("workers", _l("Mano de obra", "Labour pool"), "people", "pool"),
)
REQUIREMENT_BY_KEY: Mapping[str, RequirementSpec] = {r.key: r for r in REQUIREMENTS}

NEEDS: Mapping[str, str] = {"need_mva": "power_mva", "need_kv": "voltage_kv", "workers": "workers"}
"""Measure parameter -> the ``[requirements]`` key that fills it when the criterion leaves
it unset."""

ADDED_BORDER = "req_border"
ADDED_PORT = "req_port"
ADDED_LABOUR = "req_labour"
FIT_HEADROOM = 2.0
"""Power and land fit: full value at twice the need (room for a second phase)."""
FIT_RENT_DISCOUNT = 0.25
"""Rent fit: full value a quarter below the ceiling."""


def stated(section: RequirementsSection) -> list[RequirementSpec]:
    """The requirements a section states, in registry order (``False`` states nothing)."""
    out = []
    for spec in REQUIREMENTS:
        value = getattr(section, spec.key)
        if value is None or value is False or value == []:
            continue
        if spec.key == "workers" and section.labour_pool_per_worker is None:
            continue  # a headcount alone sizes the labour criterion; nothing to check
        out.append(spec)
    return out


def _to(criterion: CriterionConfig) -> Any:
    return getattr(criterion.params, "to", None)


def _find(config: SearchConfig, preferred: str, measure: str, layer: str | None) -> str | None:
    """The criterion a requirement reads: by its usual name, else the first of its kind."""
    fits = [
        c
        for c in config.criteria
        if c.measure == measure and (layer is None or str(_to(c)) == layer)
    ]
    for c in fits:
        if c.name == preferred:
            return c.name
    return fits[0].name if fits else None


def _added(name: str, measure: str, description: str, **params: Any) -> CriterionConfig:
    data = {
        "name": name,
        "measure": measure,
        "direction": "min" if measure == "drive_time" else "max",
        "weight": 0.0,
        "description": description,
        **params,
    }
    return CriterionConfig.model_validate(data)


def compile_requirements(config: SearchConfig) -> SearchConfig:
    """The search with its requirements compiled (see the module docstring).

    A search without ``[requirements]`` and without ``fact`` criteria is returned as it
    is. An unknown ``border_criterion`` (``port_criterion``, ``labour_criterion``) is a
    :class:`~siteselect.errors.ConfigError`.
    """
    from siteselect.errors import ConfigError

    criteria = list(config.criteria)
    constraints = list(config.constraints)
    section = config.requirements
    names = {c.name for c in criteria}
    if section is not None:
        update: dict[str, Any] = {}
        wanted = (
            ("border_hours", "border_criterion", "border", "drive_time", "border_crossings"),
            ("port_hours", "port_criterion", "seaport", "drive_time", "seaports"),
            ("labour_pool_per_worker", "labour_criterion", "labour", "population_within", None),
        )
        for key, slot, usual, measure, layer in wanted:
            if getattr(section, key) is None:
                continue
            given = getattr(section, slot)
            if given is not None:
                if given not in names:
                    msg = (
                        f"[requirements] {slot}: {given!r} is not a criterion of this search "
                        f"(known: {', '.join(sorted(names))})"
                    )
                    raise ConfigError(msg)
                continue
            found = _find(config, usual, measure, layer)
            if found is None:
                found = _add_reader(key, criteria, names)
            update[slot] = found
        criteria.extend(_fit_criteria(config, section, names))
        criteria = [_with_needs(c, section) for c in criteria]
        if update:
            section = section.model_copy(update=update)
    policy = config.candidates.facts.missing if config.candidates.facts else "penalise"
    labels = {c.label for c in constraints}
    for c in criteria:
        if c.measure != "fact":
            continue
        own = getattr(c.params, "missing", None) or policy
        fact = str(getattr(c.params, "fact", ""))
        label = f"{c.name}: {fact} known (missing = exclude)"
        if own == "exclude" and label not in labels:
            constraints.append(ConstraintConfig(name=label, criterion=c.name, known=True))
            labels.add(label)
    if (
        criteria == list(config.criteria)
        and constraints == list(config.constraints)
        and section == config.requirements
    ):
        return config
    return config.model_copy(
        update={"criteria": criteria, "constraints": constraints, "requirements": section}
    )


def _with_needs(criterion: CriterionConfig, section: RequirementsSection) -> CriterionConfig:
    """The criterion with the tenant's figures in the need parameters it leaves unset."""
    fields = type(criterion.params).model_fields
    update = {
        param: getattr(section, key)
        for param, key in NEEDS.items()
        if param in fields
        and getattr(criterion.params, param) is None
        and getattr(section, key) is not None
    }
    if not update:
        return criterion
    params = type(criterion.params).model_validate(
        {**criterion.params.model_dump(by_alias=True, exclude_none=True), **update}
    )
    return criterion.model_copy(update={"params": params})


def _add_reader(key: str, criteria: list[CriterionConfig], names: set[str]) -> str:
    """A zero-weight criterion that measures what an hour or pool requirement reads."""
    if key == "border_hours":
        name = ADDED_BORDER
        new = _added(
            name,
            "drive_time",
            "Truck drive time to the nearest commercial border crossing (added for the "
            "requirement border_hours; weight 0)",
            to="border_crossings",
            where={"commercial": True},
        )
    elif key == "port_hours":
        name = ADDED_PORT
        new = _added(
            name,
            "drive_time",
            "Truck drive time to the nearest seaport (added for the requirement port_hours; "
            "weight 0)",
            to="seaports",
        )
    else:
        name = ADDED_LABOUR
        new = _added(
            name,
            "population_within",
            "People within 60 min drive (added for the requirement workers; weight 0)",
            minutes=60,
        )
    if name not in names:
        criteria.append(new)
        names.add(name)
    return name


def _fit_criteria(
    config: SearchConfig, section: RequirementsSection, names: set[str]
) -> list[CriterionConfig]:
    """The fit criteria of a section, weighted to take ``fit_weight`` of the total."""
    if section.fit_weight <= 0:
        return []
    entries: list[dict[str, Any]] = []
    if section.power_mva is not None:
        entries.append(
            {
                "name": "fit_power",
                "fact": "power_mva_available",
                "direction": "max",
                "worst": section.power_mva,
                "best": FIT_HEADROOM * section.power_mva,
                "description": "Available power beyond the tenant's need (0 at the need, 1 at "
                "twice it)",
            }
        )
    if section.land_ha is not None:
        entries.append(
            {
                "name": "fit_land",
                "fact": "land_available_ha",
                "direction": "max",
                "worst": section.land_ha,
                "best": FIT_HEADROOM * section.land_ha,
                "description": "Available land beyond the tenant's need (0 at the need, 1 at "
                "twice it)",
            }
        )
    if section.max_rent_usd_m2_month is not None:
        ceiling = section.max_rent_usd_m2_month
        entries.append(
            {
                "name": "fit_rent",
                "fact": "rent_usd_m2_month",
                "direction": "min",
                "worst": ceiling,
                "best": (1 - FIT_RENT_DISCOUNT) * ceiling,
                "description": "Rent below the tenant's ceiling (0 at the ceiling, 1 a "
                "quarter below it)",
            }
        )
    entries = [e for e in entries if e["name"] not in names]
    if not entries:
        return []
    profile_total = sum(c.weight for c in config.criteria if not c.name.startswith("fit_"))
    each = section.fit_weight * profile_total / (1 - section.fit_weight) / len(entries)
    out = []
    for entry in entries:
        out.append(
            CriterionConfig.model_validate(
                {"measure": "fact", "value": "linear", "weight": each, **entry}
            )
        )
        names.add(entry["name"])
    return out
