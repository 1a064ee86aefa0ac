"""The engine's notes on reading a user's file, on rasters and on closures, in a report's language.

Reading a user's candidates, attributes or layer (:mod:`siteselect.layers.files`,
:mod:`siteselect.layers.cells`, :mod:`siteselect.candidates`), sampling a raster by zone
(:mod:`siteselect.criteria.raster`) and closing crossings or roads (:mod:`siteselect.closures`)
write their notes in English for the terminal and the JSON output. As in
:mod:`siteselect.report.fact_notes` (whose dispatch reads these patterns after its own), a report
reads each back by its pattern and says it again with catalogue sentences, numbers by Babel.

A reading note is the file's name and the clauses its reading wrote, joined by ``"; "``
(``sitios.csv: columns separated by semicolons; decimal commas``): each clause is said in the
report's language, and a note with a clause no pattern here knows is left whole to the
engine-note fallback, so that no English clause hides in a translated sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from siteselect.report.note_parts import Handler, Names, _count, _number, _say

if TYPE_CHECKING:
    from siteselect.report.i18n import Messages

Clause = Callable[["re.Match[str]", "Messages"], str]

_QUOTED = r"(?:'[^']*'|\"[^\"]*\")"
_SEP = r"(?P<sep>tabs|commas|semicolons|pipes|'[^']*')"
_KINDS = {  # siteselect.layers.validate.rules: a row's problem -> its catalogue key
    "missing or non-numeric lon/lat": "missing",
    "lon/lat look swapped": "swapped",
    "longitude without its minus sign": "sign",
    "lon/lat out of range": "range",
    "outside Mexico's bounding box": "outside",
    "empty or missing geometry": "empty",
    "invalid geometry": "invalid",
}
_KIND = "(?:" + "|".join(re.escape(k) for k in _KINDS) + ")"


def _sep(text: str, m: Messages) -> str:
    """A delimiter as :func:`siteselect.layers.files._sep_name` names it, in the language."""
    return m.get(f"note.read.sep.{text}", text) or text


def _kind(text: str, m: Messages) -> str:
    return m.t(f"note.read.kind.{_KINDS[text]}")


# ---- the clauses of a reading note ----------------------------------------------------------


def _words(text: str, m: Messages) -> str:
    """``'N/D' (2), 'consultar' (1)`` with the counts in the report's marks."""
    return ", ".join(
        m.t("note.read.word_count", word=w["word"], count=_count(w["n"], m))
        for w in re.finditer(rf"(?P<word>{_QUOTED}) \((?P<n>\d+)\)", text)
    )


def _gaps(g: re.Match[str], m: Messages) -> str:
    more = m.t("note.read.gaps.more", count=_count(g["more"], m)) if g["more"] else ""
    return _say(
        m,
        "note.read.gaps",
        g["n"] or "1",
        column=g["column"],
        words=_words(g["words"], m),
        more=more,
    )


def _left_out(g: re.Match[str], m: Messages) -> str:
    kinds = [
        m.t("note.read.kind_count", kind=_kind(k["kind"], m), count=_count(k["n"], m))
        for k in re.finditer(rf"(?P<kind>{_KIND}) (?P<n>\d+)", g["kinds"])
    ]
    # the cells concerned as the engine shows them ("'lon' empty", "lon=-100.4, lat=95")
    detail = m.t("note.read.detail", detail=g["detail"]) if g["detail"] else ""
    first = m.t("note.read.row_problem", row=g["row"], kind=_kind(g["kind"], m), detail=detail)
    return _say(
        m, "note.read.left_out", g["n"], of=_count(g["of"], m), kinds=", ".join(kinds), first=first
    )


def _footprints(g: re.Match[str], m: Messages) -> str:
    shapes = ", ".join(
        m.t("note.read.kind_count", kind=s["kind"], count=_count(s["n"], m))
        for s in re.finditer(r"(?P<n>\d+) (?P<kind>\w+)", g["shapes"])
    )
    return m.t("note.read.footprints", shapes=shapes)


def _joined(g: re.Match[str], m: Messages) -> str:
    via = m.t("note.read.joined.via", column=g["via"]) if g["via"] else ""
    return m.t(
        f"note.read.joined.{g['by']}", count=_count(g["n"], m), of=_count(g["of"], m), via=via
    )


def _unmatched(g: re.Match[str], m: Messages) -> str:
    rows = g["rows"].removesuffix("...") + (" …" if g["rows"].endswith("...") else "")
    return _say(m, "note.read.unmatched", g["n"], rows=rows)


CLAUSES: tuple[tuple[re.Pattern[str], Clause], ...] = tuple(
    (re.compile(pattern + r"(?=; |$)"), handler)
    for pattern, handler in (
        (  # siteselect.layers.files
            rf"{_SEP} at the end of rows ignored",
            lambda g, m: m.t("note.read.trailing_sep", sep=_sep(g["sep"], m)),
        ),
        (rf"columns separated by {_SEP}", lambda g, m: m.t("note.read.sep", sep=_sep(g["sep"], m))),
        (r"decimal commas", lambda g, m: m.t("note.read.decimal_commas")),
        (
            r"encoding (?P<encoding>[\w-]+)",
            lambda g, m: m.t("note.read.encoding", encoding=g["encoding"]),
        ),
        (
            r"not UTF-8: read as (?P<label>Windows-1252|Latin-1) "
            r"\(set encoding = \"\.\.\.\" if accents look wrong\)",
            lambda g, m: m.t("note.read.not_utf8", label=g["label"]),
        ),
        (
            rf"sheet (?P<sheet>{_QUOTED}), the first of (?P<n>\d+) \((?P<sheets>[^)]*)\); "
            r"another with layer = \"(?P<other>[^\"]*)\"",
            lambda g, m: m.t(
                "note.read.sheet",
                sheet=g["sheet"],
                count=_count(g["n"], m),
                sheets=g["sheets"],
                other=g["other"],
            ),
        ),
        (
            r"(?P<keys>sep and encoding|sep|encoding) apply to text tables: "
            r"not used for a workbook",
            lambda g, m: m.t("note.read.unused", keys=g["keys"].replace(" and ", ", ")),
        ),
        (
            rf"coordinates from column(?P<many>s)? (?P<columns>{_QUOTED}(?:/{_QUOTED})*)",
            lambda g, m: m.t(
                "note.read.coordinates" if g["many"] else "note.read.coordinates.one",
                columns=g["columns"],
            ),
        ),
        (
            r"crs = (?P<crs>\S+) overrides the file's (?P<file_crs>[^;]+)",
            lambda g, m: m.t("note.read.crs", crs=g["crs"], file_crs=g["file_crs"]),
        ),
        (
            r"(?P<n>\d+) invalid geometr(?:y|ies) repaired",
            lambda g, m: _say(m, "note.read.repaired", g["n"]),
        ),
        (  # siteselect.layers.cells.describe_gaps
            rf"column (?P<column>{_QUOTED}): (?:1 row gives|(?P<n>\d+) rows give) no figure, "
            rf"read as gaps: (?P<words>{_QUOTED} \(\d+\)(?:, {_QUOTED} \(\d+\))*)"
            r"(?: and (?P<more>\d+) other word\(s\))?",
            _gaps,
        ),
        (  # siteselect.layers (a user's layer)
            rf"(?P<n>\d+) of (?P<of>\d+) rows left out \((?P<kinds>{_KIND} \d+(?:, {_KIND} \d+)*); "
            rf"first: row (?P<row>\d+): (?P<kind>{_KIND})(?: \((?P<detail>.*)\))?\)",
            _left_out,
        ),
        (  # siteselect.candidates.rows
            r"no id column: candidates are called by row number",
            lambda g, m: m.t("note.read.no_id"),
        ),
        (
            rf"ids from column (?P<column>{_QUOTED})",
            lambda g, m: m.t("note.read.ids_from", column=g["column"]),
        ),
        (
            rf"names from column (?P<column>{_QUOTED})",
            lambda g, m: m.t("note.read.names_from", column=g["column"]),
        ),
        (
            r"(?P<n>\d+) repeated row\(s\) removed \(an exact copy, or the same name within "
            r"(?P<km>[\d.]+) km\): each is listed under `eliminated`",
            lambda g, m: _say(m, "note.read.repeats", g["n"], km=_number(g["km"], m)),
        ),
        (  # siteselect.candidates.attributes
            rf"joined (?P<n>\d+) of (?P<of>\d+) candidates by (?P<by>id|name)"
            rf"(?: \((?P<via>{_QUOTED})\))?",
            _joined,
        ),
        (r"(?P<n>\d+) row\(s\) matched no candidate: (?P<rows>[^;]*)", _unmatched),
        (
            rf"column (?P<column>{_QUOTED}) replaces the candidates' own for the rows matched",
            lambda g, m: m.t("note.read.replaces", column=g["column"]),
        ),
        (  # siteselect.candidates (polygon candidates)
            r"(?P<shapes>\d+ \w+(?:, \d+ \w+)*) candidates measured from a representative point "
            r"inside each \(footprints kept for `distance` with from = \"footprint\" and zonal "
            r"`raster` statistics\)",
            _footprints,
        ),
    )
)


def say_reading_clauses(text: str, m: Messages) -> list[str] | None:
    """Each clause of a reading note in the report's language, or ``None`` when one is not
    known here."""
    said: list[str] = []
    pos = 0
    while pos < len(text):
        for pattern, handler in CLAUSES:
            found = pattern.match(text, pos)
            if found is not None:
                said.append(handler(found, m))
                pos = found.end() + len("; ")
                break
        else:
            return None
    return said


# ---- whole notes --------------------------------------------------------------------------------


def _reading(g: re.Match[str], m: Messages, names: Names) -> str:
    said = say_reading_clauses(g["clauses"], m)
    if said is None:
        return m.t("note.engine", text=g[0])
    return m.t("note.read", file=g["file"], clauses="; ".join(said))


def _raster(g: re.Match[str], m: Messages, names: Names) -> str:
    where = (
        m.t("note.raster.footprint")
        if g["km"] is None
        else m.t("note.raster.within", km=_number(g["km"], m))
    )
    return _say(m, "note.raster.empty", g["n"], name=g["name"], where=where)


def _closed(g: re.Match[str], m: Messages, names: Names) -> str:
    layer = g["layer"]
    shown = m.get(f"source.name.{layer}", layer) or layer
    return m.t("note.closed.features", layer=shown, ids=g["ids"])


def _closed_roads(g: re.Match[str], m: Messages, names: Names) -> str:
    return m.t(
        "note.closed.roads",
        km=_number(g["km"], m),
        lon=_number(g["lon"], m),
        lat=_number(g["lat"], m),
    )


def _shed(g: re.Match[str], m: Messages, names: Names) -> str:
    return _say(
        m,
        "note.read.shed",
        g["n"],
        name=g["name"],
        layer=g["layer"],
        of=_count(g["of"], m),
        column=g["column"],
        row=g["row"],
        value=g["value"],
    )


PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (  # siteselect.criteria.raster, behind the criterion's name
            r"(?P<name>[\w-]+): (?P<n>\d+) candidate\(s\) have no valid raster cell "
            r"(?:within (?P<km>[\d.e+-]+) km|within the footprint)",
            _raster,
        ),
        (  # siteselect.closures.Closures.describe
            r"closed roads within (?P<km>[\d.e+-]+) km of \((?P<lon>-?[\d.]+), (?P<lat>-?[\d.]+)\)",
            _closed_roads,
        ),
        (r"closed: (?P<layer>\S+) (?P<ids>.+)", _closed),
        (  # siteselect.criteria._shed.read_shed_points, behind the criterion's name
            rf"(?P<name>[\w-]+): layer (?P<layer>{_QUOTED}): (?P<n>\d+) of (?P<of>\d+) features "
            rf"left out, their (?P<column>{_QUOTED}) is not a number >= 0 \(first: row "
            r"(?P<row>\d+), (?P<value>.+)\)",
            _shed,
        ),
        # A user's file read (candidates, attributes, a layer): its name, then its clauses. Last:
        # it reads any "name: ..." note, and leaves those it does not know to the fallback.
        (r"(?P<file>[^:;]+?): (?P<clauses>.+)", _reading),
    )
)
