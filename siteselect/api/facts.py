"""Park facts: the template workbook, the check of a facts file, and its reading."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.api._common import _load_search
from siteselect.candidates import read_candidates
from siteselect.config import SearchConfig
from siteselect.errors import ConfigError, DataError, name_input
from siteselect.layers.store import LayerStore

if TYPE_CHECKING:
    from datetime import date

    from siteselect.facts.model import FactSheet, FactValidation


def build_facts_template(
    lang: str = "es",
    *,
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    data_dir: Path | None = None,
) -> bytes:
    """The park-facts template workbook (``.xlsx`` bytes) listing the search's candidates.

    The candidates are the embedded parks (every corridor), or those of ``config``'s
    ``[candidates]``; see :func:`siteselect.report.facts_template.build_facts_template`.
    """
    from siteselect.clock import read_source_date
    from siteselect.report.facts_template import build_facts_template as build

    if lang not in ("es", "en"):
        msg = f"{name_input('--lang')}: {lang!r} is not a language of the template; use es or en"
        raise ConfigError(msg)
    frame = _read_plain_candidates(profile, config, data_dir)
    parks = [
        (
            str(cid),
            str(row.get("name", cid)),
            _text_or_none(row.get("municipality")),
            _text_or_none(row.get("state")),
            _text_or_none(row.get("developer")),
        )
        for cid, row in frame.iterrows()
    ]
    return build(parks, "es" if lang == "es" else "en", when=read_source_date())


def _text_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _read_plain_candidates(
    profile: str | None, config: str | Path | SearchConfig | None, data_dir: Path | None
) -> Any:
    """The candidates of a search without its facts, in every corridor (ids, names, places)."""
    search = _load_search(profile, config, None)
    candidates = search.candidates.model_copy(update={"facts": None})
    search = search.model_copy(update={"candidates": candidates})
    return read_candidates(search, LayerStore(data_dir)).frame


def validate_facts(
    path: str | Path,
    *,
    profile: str | None = None,
    config: str | Path | SearchConfig | None = None,
    max_age_days: int | None = None,
    power_factor: float | None = None,
    usd_mxn: float | None = None,
    usd_mxn_date: date | None = None,
    sheet: str | None = None,
    as_of: date | None = None,
    data_dir: Path | None = None,
) -> FactValidation:
    """Read a park-facts file and check it: every problem by row and column, every stale
    fact, and which park each row matched (by id, by name, by a similar name, or none).

    The conversion figures and the maximum age default to the config's
    ``[candidates.facts]`` (when it has one), else to none and 365 days; the parks are the
    embedded ones (every corridor) or the config's candidates.
    """
    import dataclasses

    from siteselect.config.schema import FactsSection
    from siteselect.facts.match import ParkName
    from siteselect.facts.model import FactValidation
    from siteselect.facts.table import build_fact_set
    from siteselect.layers.facts import build_settings, read_fact_sheet

    search = _load_search(profile, config, None)
    base = search.candidates.facts
    data: dict[str, Any] = base.model_dump() if base is not None else {}
    data["path"] = Path(path)
    given = {
        "max_age_days": max_age_days,
        "power_factor": power_factor,
        "usd_mxn": usd_mxn,
        "usd_mxn_date": usd_mxn_date,
        "sheet": sheet,
    }
    data.update({k: v for k, v in given.items() if v is not None})
    try:
        section = FactsSection.model_validate(data)
    except Exception as exc:  # pydantic's ValidationError, said as one line
        from pydantic import ValidationError

        from siteselect.config import _format_error

        if not isinstance(exc, ValidationError):
            raise
        problems = "; ".join(_format_error(e) for e in exc.errors())
        msg = f"facts validate: {problems}"
        raise ConfigError(msg) from None
    settings = build_settings(section, as_of)
    read = read_fact_sheet(
        Path(path), settings, sheet=section.sheet, options=section.read_options()
    )
    frame = _read_plain_candidates(profile, config, data_dir)
    municipality = frame["municipality"] if "municipality" in frame.columns else None
    parks = [
        ParkName(
            str(cid),
            str(frame.loc[cid, "name"]),
            None if municipality is None else _text_or_none(municipality.loc[cid]),
        )
        for cid in frame.index
    ]
    joined = build_fact_set(read, parks, missing=section.missing)
    return FactValidation(
        sheet=read,
        facts=joined,
        candidates=len(frame),
        settings=dataclasses.asdict(settings.conversion),
    )


def read_facts(
    path: str | Path,
    *,
    power_factor: float | None = None,
    usd_mxn: float | None = None,
    usd_mxn_date: date | None = None,
    sheet: str | None = None,
    as_of: date | None = None,
) -> FactSheet:
    """Read a park-facts file in canonical units; a file with errors is a :class:`DataError`
    naming the first (``siteselect facts validate`` lists them all)."""
    from siteselect.config.schema import FactsSection
    from siteselect.layers.facts import build_settings, read_fact_sheet

    try:
        section = FactsSection(
            path=Path(path),
            power_factor=power_factor,
            usd_mxn=usd_mxn,
            usd_mxn_date=usd_mxn_date,
            sheet=sheet,
        )
    except Exception as exc:  # pydantic's ValidationError, said as one line
        from pydantic import ValidationError

        from siteselect.config import _format_error

        if not isinstance(exc, ValidationError):
            raise
        msg = "facts: " + "; ".join(_format_error(e) for e in exc.errors())
        raise ConfigError(msg) from None
    read = read_fact_sheet(
        Path(path), build_settings(section, as_of), sheet=sheet, options=section.read_options()
    )
    if not read.valid:
        first = read.errors[0].message
        more = f" (and {len(read.errors) - 1} more)" if len(read.errors) > 1 else ""
        msg = f"{Path(path).name}: {first}{more}; run `siteselect facts validate` for every problem"
        raise DataError(msg)
    return read
