"""Proposal reports: the view model of a report, its branding, and its stress test (kept in
the disk cache)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from siteselect.api.isochrones import build_isochrones
from siteselect.config import SearchConfig
from siteselect.context import build_context, read_road_graph
from siteselect.layers.store import LayerStore
from siteselect.results import RankResult

if TYPE_CHECKING:
    from datetime import date

    from siteselect.report.proposal import Branding, ProposalView
    from siteselect.report.resilience import Resilience


def build_report(
    result: RankResult,
    park: str | None = None,
    *,
    compare: Sequence[str] = (),
    lang: str = "en",
    paper: str = "a4",
    top: int | None = None,
    minutes: Sequence[float] = (30, 60),
    day: date | None = None,
    data_dir: Path | None = None,
    audience: str | None = None,
    branding: Branding | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ProposalView:
    """The view model of a proposal report: one park (``audience`` ``sales`` by default, or
    ``analyst``), or the shortlist (``park=None``, ``analyst`` by default), with the map's
    layers, each park's drive-time areas and neighbourhood, and the stress test.

    ``branding`` (see :func:`build_branding`) puts the developer's logo, photo, contact and
    colours on it. The park's facts and the tenant's checklist come from the result (its
    ``[candidates] facts`` sheet and ``[requirements]``).
    Render it with :func:`siteselect.report.html.render_proposal_html` or
    :func:`siteselect.report.pdf.render_proposal_pdf`. ``progress`` is called with (step,
    steps done, steps in all) as each step starts: each park's isochrones, the map's layers,
    the stress test, the document.
    """
    from siteselect.report.map_layers import read_map_layers
    from siteselect.report.proposal import build_proposal, select_subjects

    subjects = select_subjects(result, park, top=top)
    steps = len(subjects) + 3

    def step(what: str, done: int) -> None:
        if progress is not None:
            progress(what, done, steps)

    layers = None
    if result.candidates.has_location:
        iso = {}
        for done, c in enumerate(subjects):
            step(f"isochrones of {c}", done)
            iso[c] = build_isochrones(result.config, c, minutes, data_dir=data_dir)
        step("map layers", len(subjects))
        graph = read_road_graph(result.config, LayerStore(data_dir))
        layers = read_map_layers(result, subjects, iso, data_dir=data_dir, graph=graph, lang=lang)
    step("stress test", len(subjects) + 1)
    resilience = compute_resilience(result, data_dir=data_dir)
    step("document", len(subjects) + 2)
    view = build_proposal(
        result,
        None if park is None else [park],
        compare=compare,
        lang=lang,
        paper=paper,
        layers=layers,
        day=day,
        top=top,
        resilience=resilience,
        audience=audience or result.config.report.audience,
        branding=branding if branding is not None else build_branding(result.config),
    )
    step("done", steps)
    return view


def build_branding(
    config: SearchConfig,
    *,
    logo: Path | None = None,
    photo: Path | None = None,
    contact: str | None = None,
    prepared_for: str | None = None,
) -> Branding:
    """A proposal's branding: the arguments over the config's ``[report]`` section, the
    logo and photo read and checked (PNG or JPEG; a missing file exits 2, a bad one 3)."""
    from siteselect.layers.images import read_image
    from siteselect.report.proposal import Branding

    section = config.report
    logo_path = logo or section.logo
    photo_path = photo or section.photo
    return Branding(
        logo=read_image(logo_path, "--logo" if logo else "[report] logo") if logo_path else None,
        photo=read_image(photo_path, "--photo" if photo else "[report] photo")
        if photo_path
        else None,
        contact=contact if contact is not None else section.contact,
        prepared_for=prepared_for if prepared_for is not None else section.prepared_for,
        developer=section.developer,
        primary=section.primary_colour,
        accent=section.accent_colour,
    )


def compute_resilience(result: RankResult, *, data_dir: Path | None = None) -> Resilience | None:
    """The stress test of a ranking, as a report shows it: each main freight crossing and
    seaport the search reads closed in turn, on this very result (what ``siteselect stress``
    runs). ``None`` when the search reads neither crossings nor seaports.

    The answer is kept in the disk cache (:mod:`siteselect.layers.cache`), keyed by the
    tool's version, the search's config, the result's candidates and raw values, and the
    size and time of every data file and user file it reads: the same search on the same data
    reads it back instead of re-measuring every closure.
    """
    import numpy as np

    from siteselect.layers import cache
    from siteselect.optimize.resilience import compute_scenarios, select_scenarios
    from siteselect.report.resilience import (
        build_resilience,
        resilience_from_arrays,
        resilience_to_arrays,
    )

    key = _stress_key(result, data_dir)
    stored = cache.read_arrays(key) if key is not None else None
    if stored is not None:
        if "none" in stored:
            return None
        return resilience_from_arrays(stored)
    context = build_context(result.config, LayerStore(data_dir))
    scenarios = select_scenarios(context)
    if not scenarios:
        if key is not None:
            cache.write_arrays(key, {"none": np.zeros(1)})
        return None
    resilience = build_resilience(
        result, compute_scenarios(result.config, result, context, scenarios)
    )
    if key is not None:
        cache.write_arrays(key, resilience_to_arrays(resilience))
    return resilience


def _stress_key(result: RankResult, data_dir: Path | None) -> str | None:
    """A cache key for a result's stress test (``None`` when a file cannot be read)."""
    import hashlib
    import json

    import numpy as np

    from siteselect.layers import cache, default_data_dir

    try:
        folder = data_dir or default_data_dir()
        files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
        mapping = result.config.as_mapping()
        files += sorted(_user_files(mapping))
        stats = [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
        digest = hashlib.sha256()
        digest.update(json.dumps(mapping, sort_keys=True, default=str).encode())
        digest.update(json.dumps(stats).encode())
        frame = result.candidates.frame
        digest.update("\n".join(map(str, frame.index)).encode())
        if result.candidates.has_location:
            xy = np.column_stack([frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()])
            digest.update(np.ascontiguousarray(xy, dtype=float).tobytes())
        raw = result.raw
        digest.update("\n".join(map(str, raw.columns)).encode())
        digest.update(np.ascontiguousarray(raw.to_numpy(dtype=float)).tobytes())
        return cache.build_key("stress", files[0], {"digest": digest.hexdigest()})
    except (OSError, IndexError, ValueError, TypeError):
        return None


def _user_files(value: Any) -> set[Path]:
    """Every existing file a config mapping names (candidates, attributes, facts, OSM...)."""
    found: set[Path] = set()
    if isinstance(value, Mapping):
        for item in value.values():
            found |= _user_files(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= _user_files(item)
    elif isinstance(value, str | Path) and str(value).strip():
        try:
            path = Path(value)
            if len(str(value)) < 1024 and path.is_file():
                found.add(path)
        except (OSError, ValueError):
            pass
    return found
