"""Data sources of a run, with their dates and licences, and the provenance block of exports.

The dates are those ``data/README.md`` gives for each embedded layer (a test checks that the
package versions named here match its build record).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from siteselect.config import SearchConfig
    from siteselect.results import RankResult
    from siteselect.surface import SurfaceResult


USER_FILE = "user file"


@dataclass(frozen=True)
class DataSource:
    """One input of a run: a registered layer or a user's file.

    Attributes
    ----------
    name
        Layer name, or the file name of a user's file.
    description, source, licence, date
        What it holds, where it comes from, its licence and how current it is.
    user_file
        Whether the user supplied it (values the tool cannot vouch for).
    """

    name: str
    description: str
    source: str
    licence: str
    date: str
    user_file: bool = False


ILLUSTRATIVE_NOTE = (
    "illustrative values (replace with your own) influenced the score through: {columns}"
)
"""The line under a table a ranking with illustrative values touched."""


def select_layer_refs(config: SearchConfig) -> list[str]:
    """The layers a search reads, in reading order: candidates, road graph, criteria targets."""
    refs: list[str] = [str(config.candidates.path) if config.candidates.path else "parks"]
    if config.candidates.attributes is not None:
        refs.append(str(config.candidates.attributes))
    if config.candidates.facts is not None:
        refs.append(str(config.candidates.facts.path))
    if config.needs_graph:
        refs.append(str(config.network.osm_path) if config.network.osm_path else "highways")
    for criterion in config.criteria:
        for ref in criterion.params.layer_refs():
            # A file given with reading keys is named by its file name (never a local path).
            text = ref if isinstance(ref, str) else str(ref)
            if text not in refs:
                refs.append(text)
    return refs


def build_sources(config: SearchConfig, *, extra: tuple[str, ...] = ()) -> list[DataSource]:
    """The data sources of a search (and ``extra`` layers such as the map's states)."""
    from siteselect.layers import LAYERS

    out: list[DataSource] = []
    seen: set[str] = set()
    for ref in [*select_layer_refs(config), *extra]:
        if ref in seen:
            continue
        seen.add(ref)
        info = LAYERS.get(ref)
        if info is None:
            name = Path(ref).name
            out.append(DataSource(name, USER_FILE, USER_FILE, USER_FILE, USER_FILE, True))
            continue
        out.append(
            DataSource(
                info.name,
                info.description,
                info.source,
                info.licence,
                info.date or "see data/README.md",
            )
        )
    return out


def compute_config_hash(config: SearchConfig) -> str:
    """SHA-256 of the validated search as canonical JSON (what was run, not how it was typed)."""
    # The [report] section says how a document looks, not what was searched: not hashed.
    data = config.model_dump(mode="json", exclude={"report"})
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def illustrative_inputs(result: RankResult) -> list[str]:
    """What in a ranking comes from values declared illustrative: the weighted criteria, then
    the hard constraints (``constraint: <label>``) that read such a column. Every ranked row
    is touched by them, so every row carries the same list."""
    facts = result.facts
    sheet = [f"facts: {facts.file}"] if facts is not None and facts.illustrative else []
    return [
        *result.illustrative,
        *(f"constraint: {label}" for label in result.constraints.illustrative),
        *sheet,
    ]


def describe_illustrative(result: RankResult) -> str | None:
    """The line every table of a result ends with when illustrative values touched it
    (:func:`illustrative_inputs`), ``None`` when none did."""
    inputs = illustrative_inputs(result)
    return ILLUSTRATIVE_NOTE.format(columns=", ".join(inputs)) if inputs else None


def build_provenance(result: RankResult) -> dict[str, Any]:
    """The provenance block every export of a ranking carries (see :func:`compose_provenance`),
    with the facts sheet and the requirements."""
    from siteselect.report.definitions import build_criterion_definitions
    from siteselect.report.facts_export import build_facts_json, build_requirements_json

    meta = result.describe()
    return compose_provenance(
        result.config,
        method=meta["method"],
        weights_method=meta["weights_method"],
        weights=meta["weights"],
        corridors=meta["corridors"],
        counts={
            "considered": meta["considered"],
            "passed_constraints": meta["passed_constraints"],
        },
        illustrative=illustrative_inputs(result),
        criteria=build_criterion_definitions(result),
        credits=result.provenance,
        notes=result.notes,
        extra={
            "facts": build_facts_json(result),
            "requirements": build_requirements_json(result),
        },
    )


def build_surface_provenance(result: SurfaceResult) -> dict[str, Any]:
    """The provenance block of a surface's files (see :func:`compose_provenance`): the grid's
    resolution and counts in place of the candidates', the criteria left out."""
    from siteselect.report.definitions import build_definitions

    meta = result.describe()
    measured = [c for c in result.config.criteria if c.name in result.criteria]
    return compose_provenance(
        result.config,
        method=result.method,
        weights_method=result.config.weights.method,
        weights=result.weights,
        corridors=list(result.corridors),
        counts={
            "res": meta["res"],
            "cells": meta["cells"],
            "scored": meta["scored"],
            "left_out": meta["left_out"],
        },
        illustrative=[],
        criteria=build_definitions(
            measured,
            fitted=result.fitted,
            weights=result.weights,
            method=result.method,
            units=result.units,
        ),
        credits=result.provenance,
        notes=result.notes,
    )


def compose_provenance(
    config: SearchConfig,
    *,
    method: str,
    weights_method: str,
    weights: Mapping[str, float],
    corridors: list[str],
    counts: Mapping[str, Any],
    illustrative: list[str],
    criteria: list[dict[str, Any]],
    credits: Sequence[str],
    notes: Sequence[str],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The provenance block every export carries: tool, profile, config hash, weights, the
    run's counts, each criterion's definition, data sources and dates, credits, notes and
    what was illustrative (then ``extra``), in that order."""
    from siteselect._version import __version__
    from siteselect.report.numbers import round_value

    return {
        "tool": "siteselect",
        "version": __version__,
        "profile": config.profile.name,
        "config_sha256": compute_config_hash(config),
        "method": method,
        "weights_method": weights_method,
        "weights": {k: round_value(v) for k, v in weights.items()},
        "weights_note": "weights normalised to sum to 1",
        "corridors": corridors,
        **counts,
        "illustrative": illustrative,
        "criteria": criteria,
        "sources": [asdict(s) for s in build_sources(config)],
        "credits": list(credits),
        "notes": list(notes),
        **(extra or {}),
    }
