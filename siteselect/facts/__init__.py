"""Park facts: a versioned schema of what a park's own sheet states, its units, and the reading
of such sheets (pure: :mod:`siteselect.layers.facts` reads the files).

* :mod:`~siteselect.facts.schema`: the facts, their kinds, canonical units, labels in
  Spanish and English, and the JSON Schema of a facts document.
* :mod:`~siteselect.facts.units`: declared units and their conversion (ha/m², MVA/MW with a
  stated power factor, USD/MXN with a stated, dated rate).
* :mod:`~siteselect.facts.cells`: numbers, dates, yes/no, choices and lists as written.
* :mod:`~siteselect.facts.headers`: column titles to facts and units.
* :mod:`~siteselect.facts.match`: rows to parks, by id or by name with fuzzy matching.
* :mod:`~siteselect.facts.table`: a sheet read and checked, and joined to candidates.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The names below load with their module on first use: a search without a facts sheet reads
# only the schema (the criteria and the exports name facts), not the sheet's reader.
if TYPE_CHECKING:
    from siteselect.facts.model import (
        FactProblem,
        FactRow,
        FactSet,
        FactSheet,
        FactValue,
        describe_missing_policy,
    )
    from siteselect.facts.schema import (
        FACT_BY_KEY,
        FACTS,
        GROUPS,
        MISSING_POLICIES,
        SCHEMA_NAME,
        SCHEMA_VERSION,
        FactSpec,
        build_json_schema,
        fact_label,
    )
    from siteselect.facts.table import (
        DEFAULT_MAX_AGE_DAYS,
        FactSettings,
        MergedRange,
        RawSheet,
        build_fact_set,
        build_fact_sheet,
    )
    from siteselect.facts.units import ConversionSettings

_HOME = {
    "ConversionSettings": "units",
    "DEFAULT_MAX_AGE_DAYS": "table",
    "FACTS": "schema",
    "FACT_BY_KEY": "schema",
    "FactProblem": "model",
    "FactRow": "model",
    "FactSet": "model",
    "FactSettings": "table",
    "FactSheet": "model",
    "FactSpec": "schema",
    "FactValue": "model",
    "GROUPS": "schema",
    "MISSING_POLICIES": "schema",
    "MergedRange": "table",
    "RawSheet": "table",
    "SCHEMA_NAME": "schema",
    "SCHEMA_VERSION": "schema",
    "build_fact_set": "table",
    "build_fact_sheet": "table",
    "build_json_schema": "schema",
    "describe_missing_policy": "model",
    "fact_label": "schema",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_MAX_AGE_DAYS",
    "FACTS",
    "FACT_BY_KEY",
    "GROUPS",
    "MISSING_POLICIES",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "ConversionSettings",
    "FactProblem",
    "FactRow",
    "FactSet",
    "FactSettings",
    "FactSheet",
    "FactSpec",
    "FactValue",
    "MergedRange",
    "RawSheet",
    "build_fact_set",
    "build_fact_sheet",
    "build_json_schema",
    "describe_missing_policy",
    "fact_label",
]
