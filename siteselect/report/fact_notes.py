"""The engine's notes on a park-facts sheet and a tenant's requirements, in a report's language.

The join of a facts sheet (:mod:`siteselect.layers.facts`), the criteria that read facts
(:mod:`siteselect.criteria.fact`, :mod:`siteselect.criteria.grid_distance`) and the
requirements (:mod:`siteselect.requirements`) write their notes in English for the terminal
and the JSON output. A report reads each back by its pattern and says it again with a
catalogue sentence, numbers and dates by Babel; a note no pattern knows stays as the engine
wrote it (:func:`siteselect.report.labels.translate_note` introduces it as such).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from siteselect.report.note_parts import Handler, Names, _count, _number, _say

if TYPE_CHECKING:
    from siteselect.report.i18n import Messages

_POLICY = r"a park without the fact is .+ \(missing = (?P<policy>exclude|neutral|penalise)\)"


def _policy(policy: str, m: Messages) -> str:
    from siteselect.report.facts_view import describe_policy

    return describe_policy(policy, m.lang)


def _parks(ids: str, names: Names) -> str:
    """``a, b ...`` (the engine's first ids of a longer list) as park names."""
    more = ids.endswith(" ...")
    listed = [i.strip() for i in ids.removesuffix(" ...").split(",")]
    return ", ".join(names.get(i, i) for i in listed) + (" …" if more else "")


def _fact_label(key: str, m: Messages) -> str:
    from siteselect.facts.schema import FACT_BY_KEY

    spec = FACT_BY_KEY.get(key)
    return spec.label.get(m.lang, spec.label["en"]) if spec is not None else key


def _fact_labels(text: str, m: Messages) -> str:
    """Fact labels as the sheet's language wrote them (``Renta, Tipo de renta``), in the
    report's language; a label the schema does not know stays."""
    from siteselect.facts.schema import FACTS

    by_label = {label: f.key for f in FACTS for label in f.label.values()}
    return ", ".join(
        _fact_label(by_label[part], m) if part in by_label else part
        for part in (p.strip() for p in text.split(","))
    )


def _joined(g: re.Match[str], m: Messages, names: Names) -> str:
    hows = []
    for part in g["how"].split(", "):
        found = re.fullmatch(r"(\d+) by (id|name|fuzzy)", part)
        if found is not None:
            hows.append(m.t(f"note.facts.by.{found[2]}", count=_count(found[1], m)))
    blank = _say(m, "note.facts.blank", g["blank"]) if g["blank"] else ""
    return m.t(
        "note.facts.joined",
        file=g["file"],
        count=_count(g["n"], m),
        of=_count(g["of"], m),
        how=", ".join(hows) or m.t("note.facts.by.none"),
        blank=blank,
        illustrative=m.t("note.facts.illustrative") if g["illustrative"] else "",
        policy=_policy(g["policy"], m),
    )


def _fuzzy(g: re.Match[str], m: Messages, names: Names) -> str:
    pairs = [
        m.t(
            "note.facts.fuzzy_pair",
            row=p["row"],
            given=p["given"],
            park=names.get(p["park"], p["park"]),
            similarity=m.number(float(p["similarity"]), 2),
        )
        for p in re.finditer(
            r"row (?P<row>\d+) (?P<given>'[^']*'|\"[^\"]*\") -> (?P<park>\S+) "
            r"\((?P<similarity>[\d.]+)\)",
            g["pairs"],
        )
    ]
    if not pairs:
        return m.t("note.engine", text=g[0])
    return m.t("note.facts.fuzzy", file=g["file"], pairs="; ".join(pairs))


_REASONS: tuple[tuple[str, str], ...] = (  # siteselect.facts.match, siteselect.facts.table
    (r"id (?P<id>'.*') is not a park of this search", "note.facts.reason.id"),
    (r"no id and no name", "note.facts.reason.nothing"),
    (
        r"no park's name is close enough in (?P<place>.+) \((?P<park>'.*') is in (?P<where>.+)\)",
        "note.facts.reason.elsewhere",
    ),
    (r"no park's name is close enough", "note.facts.reason.no_name"),
    (
        r"(?P<park>'.*') \((?P<similarity>[\d.]+)\) and (?P<other>'.*') "
        r"\((?P<other_similarity>[\d.]+)\) are as close",
        "note.facts.reason.tie",
    ),
    (r"give the park's id", "note.facts.reason.give_id"),
    (r"park (?P<park>'.*') already has row (?P<row>\d+)", "note.facts.reason.taken"),
)


def _reason(text: str, m: Messages) -> str:
    """Why a sheet row matched no park, each clause in the report's language."""
    said = []
    for clause in text.split("; "):
        for pattern, key in _REASONS:
            found = re.fullmatch(pattern, clause)
            if found is not None:
                values = found.groupdict()
                for name in ("similarity", "other_similarity"):
                    if name in values:
                        values[name] = m.number(float(values[name]), 2)
                said.append(m.t(key, **values))
                break
        else:
            said.append(clause)
    return "; ".join(said)


def _misses(g: re.Match[str], m: Messages, names: Names) -> str:
    rows = [
        m.t("note.facts.miss", row=r["row"], given=r["given"])
        + (m.t("note.facts.miss_reason", reason=_reason(r["reason"], m)) if r["reason"] else "")
        for r in re.finditer(
            r"row (?P<row>\d+) (?P<given>'[^']*'|\"[^\"]*\"|\S+)"
            r"(?: \((?P<reason>.*?)\))?(?=; row \d+ |$| \.\.\.$)",
            g["rows"],
        )
    ]
    if not rows:
        return m.t("note.engine", text=g[0])
    more = " …" if g["rows"].endswith(" ...") else ""
    return _say(m, "note.facts.misses", g["n"], file=g["file"], rows="; ".join(rows) + more)


def _stale(g: re.Match[str], m: Messages, names: Names) -> str:
    return _say(
        m,
        "note.facts.stale",
        g["n"],
        file=g["file"],
        days=_count(g["days"], m),
        row=g["row"],
        park=g["park"],
        facts=_fact_labels(g["facts"], m),
        date=m.date(date.fromisoformat(g["day"])),
        age=_count(g["age"], m),
    )


def _column(g: re.Match[str], m: Messages, names: Names) -> str:
    return _say(m, "note.facts.column", g["n"], file=g["file"], fact=_fact_label(g["key"], m))


def _unknown_fact(g: re.Match[str], m: Messages, names: Names) -> str:
    return _say(
        m,
        "note.facts.unknown",
        g["n"],
        name=g["name"],
        of=_count(g["of"], m),
        fact=_fact_label(g["fact"], m),
        parks=_parks(g["ids"], names),
        policy=_policy(g["policy"], m),
    )


def _median(g: re.Match[str], m: Messages, names: Names) -> str:
    value = _number(g["median"], m)
    unit = (g["unit"] or "").strip()
    shown = m.get(f"unit.{unit}", unit) or unit
    return m.t(
        "note.facts.median",
        name=g["name"],
        fact=_fact_label(g["fact"], m),
        value=f"{value} {shown}".strip(),
    )


def _power(g: re.Match[str], m: Messages, names: Names) -> str:
    need = re.fullmatch(r"(?P<mva>[\d.]+) MVA at (?P<kv>[\d.]+) kV", g["need"])
    kv = need["kv"] if need is not None else re.sub(r"\D*([\d.]+) kV", r"\1", g["need"])
    if need is not None:
        needed = m.t("note.power.need", mva=_number(need["mva"], m), kv=_number(kv, m))
    else:
        needed = m.t("note.power.need_stated", kv=_number(kv, m))
    return m.t(
        "note.power.facts",
        name=g["name"],
        count=_count(g["n"], m),
        of=_count(g["of"], m),
        file=g["file"],
        mark=g["mark"],
        met=_count(g["met"], m),
        need=needed,
        short=_count(g["short"], m),
        fallback=_count(g["rest"], m),
    )


def _requirement(label: str, m: Messages) -> str:
    """``land_ha >= 12 ha`` (:func:`siteselect.requirements.requirement_label`) as the
    report's table writes a requirement: its label and what is asked."""
    from siteselect.config.requirements import REQUIREMENT_BY_KEY

    key, _, rule = label.partition(" ")
    if key.endswith(":"):  # certifications: A, B
        key, rule = key[:-1], ": " + rule
    spec = REQUIREMENT_BY_KEY.get(key)
    if spec is None:
        return label
    name = spec.label.get(m.lang, spec.label["en"])
    found = re.fullmatch(r"(?P<op>>=|<=) (?P<value>[\d.,]+)(?: (?P<unit>.+))?", rule)
    if found is not None:
        unit = found["unit"] or ""
        shown = m.get(f"unit.{unit}", unit) or unit
        value = f"{_number(found['value'], m)} {shown}".strip()
        asked = m.t("requirement.min" if found["op"] == ">=" else "requirement.max", value=value)
    elif rule == "= yes":
        asked = m.t("requirement.required")
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", rule):
        asked = m.t("note.requirement.by", date=m.date(date.fromisoformat(rule)))
    else:
        asked = rule.removeprefix(": ")
    return m.t("note.requirement.label", name=name, asked=asked)


def _requirement_unknown(g: re.Match[str], m: Messages, names: Names) -> str:
    return _say(m, "note.requirement.unknown", g["n"], requirement=_requirement(g["label"], m))


def _requirement_reads(g: re.Match[str], m: Messages, names: Names) -> str:
    from siteselect.config.requirements import REQUIREMENT_BY_KEY

    spec = REQUIREMENT_BY_KEY.get(g["key"])
    name = spec.label.get(m.lang, spec.label["en"]) if spec is not None else g["key"]
    if g["what"] is None:
        return m.t("note.requirement.reads", requirement=name, criterion=g["criterion"])
    lacking = {
        "no drive-time criterion to border crossings": "border",
        "no drive-time criterion to seaports": "port",
        "no labour (population_within) criterion": "labour",
    }.get(g["what"])
    if lacking is None:
        return m.t("note.engine", text=g[0])
    return m.t(f"note.requirement.added.{lacking}", requirement=name, criterion=g["criterion"])


def _conversion(g: re.Match[str], m: Messages, names: Names) -> str:
    how = g["how"]

    def unit(text: str) -> str:
        return m.get(f"unit.{text.replace('²', '2')}", text) or text

    values = {
        "file": g["file"],
        "column": g["column"],
        "unit": unit(g["unit"]),
        "to": unit(g["to"]),
    }
    found = re.fullmatch(r"divided by the power factor (?P<pf>[\d.]+)", how)
    if found is not None:
        return m.t("note.facts.conversion.power_factor", **values, pf=_number(found["pf"], m))
    found = re.fullmatch(
        r"at (?P<rate>[\d.]+) MXN per USD of (?P<day>\d{4}-\d{2}-\d{2}|\?)"
        r"(?: x (?P<factor>[\d.e+-]+))?",
        how,
    )
    if found is not None:
        day = found["day"]
        shown = m.date(date.fromisoformat(day)) if day != "?" else day
        extra = (
            m.t("note.facts.conversion.times", factor=found["factor"]) if found["factor"] else ""
        )
        return m.t(
            "note.facts.conversion.usd_mxn",
            **values,
            rate=_number(found["rate"], m),
            date=shown,
            times=extra,
        )
    found = re.fullmatch(r"x (?P<factor>[\d.e+-]+)", how)
    if found is not None:
        return m.t("note.facts.conversion.factor", **values, factor=found["factor"])
    return m.t("note.engine", text=g[0])


def _no_sheet(g: re.Match[str], m: Messages, names: Names) -> str:
    return m.t("note.requirement.no_sheet")


def _thin_grid(g: re.Match[str], m: Messages, names: Names) -> str:
    return m.t(
        "note.power.thin_grid",
        name=g["name"],
        kv=_number(g["kv"], m),
        share=m.t("format.percent", value=_number(g["share"], m)),
        states=g["states"],
    )


def _out_of_range(g: re.Match[str], m: Messages, names: Names) -> str:
    return _say(
        m,
        "note.out_of_range",
        g["n"],
        name=g["name"],
        low=_number(g["low"], m),
        high=_number(g["high"], m),
    )


def _illustrative(g: re.Match[str], m: Messages, names: Names) -> str:
    return m.t("note.illustrative_column", name=g["name"], column=g["column"])


PATTERNS: tuple[tuple[re.Pattern[str], Handler], ...] = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (  # siteselect.layers.facts._join_notes
            r"(?P<file>.+?): facts of (?P<n>\d+) of (?P<of>\d+) candidates \((?P<how>[^)]*)\); "
            r"(?:(?P<blank>\d+) matched row\(s\) give no fact; )?"
            r"(?P<illustrative>ILLUSTRATIVE values, not real figures; )?"
            rf"a missing fact: {_POLICY}",
            _joined,
        ),
        (r"(?P<file>.+?): matched by a similar name: (?P<pairs>.+)", _fuzzy),
        (r"(?P<file>.+?): (?P<n>\d+) row\(s\) matched no candidate: (?P<rows>.+)", _misses),
        (
            r"(?P<file>.+?): (?P<n>\d+) park row\(s\) with facts older than (?P<days>\d+) "
            r"days \(first: row (?P<row>\d+) \((?P<park>.*)\): (?P<facts>.+) dated "
            r"(?P<day>\d{4}-\d{2}-\d{2}) are (?P<age>\d+) days old \(more than \d+\)\)",
            _stale,
        ),
        (
            r"(?P<file>.+?): column '(?P<key>[^']+)' of the candidates takes the sheet's value "
            r"for the (?P<n>\d+) parks? it gives",
            _column,
        ),
        (  # siteselect.facts.units.describe_conversion, behind the file and the column
            r"(?P<file>[^:]+?): (?P<column>.+): (?P<unit>\S+) -> (?P<to>\S+) \((?P<how>.+)\)",
            _conversion,
        ),
        (  # siteselect.criteria.fact, behind the criterion's name
            r"(?P<name>[\w-]+): (?P<n>\d+) of (?P<of>\d+) parks have no (?P<fact>\w+) "
            rf"\((?P<ids>[^)]*)\): {_POLICY}",
            _unknown_fact,
        ),
        (
            r"(?P<name>[\w-]+): unknown (?P<fact>\w+) scored as the median (?P<median>\S+)"
            r"(?P<unit> .+)?",
            _median,
        ),
        (  # siteselect.criteria.grid_distance
            r"(?P<name>[\w-]+): (?P<n>\d+) of (?P<of>\d+) parks measured from their own facts "
            r"\(\w+, \w+ from (?P<file>.*?) ?(?P<mark>\S); (?P<met>\d+) meet (?P<need>.+?): "
            r"0 km, power at the park; (?P<short>\d+) fall short: scored at .+?\), "
            r"(?P<rest>\d+) by the grid-distance fallback \(.+\)",
            _power,
        ),
        (
            r"(?P<name>[\w-]+): the mapped grid of (?P<kv>[\d.]+) kV or more is thin \(under "
            r"(?P<share>\d+)% of the national density of mapped lines\) in (?P<states>.+): their "
            r"distances are low-confidence \(a line missing from the map makes a site look "
            r"farther, never nearer\)",
            _thin_grid,
        ),
        (  # siteselect.mcda.columns
            r"(?P<name>[\w-]+): (?P<n>\d+) cell\(s\) outside the fitted range "
            r"\[(?P<low>[^,]+), (?P<high>[^\]]+)\] scored at its ends",
            _out_of_range,
        ),
        (  # siteselect.criteria.attribute
            r"(?P<name>[\w-]+): column '(?P<column>[^']+)' is illustrative, not a measured figure",
            _illustrative,
        ),
        (  # siteselect.requirements
            r"requirements on park facts are unknown for every park: the search has no facts "
            r"sheet \(\[candidates\] facts = \"parks\.xlsx\"\)",
            _no_sheet,
        ),
        (
            r"requirement (?P<label>.+): (?P<n>\d+) park\(s\) unknown, kept and shown as "
            r"unknown \(unknown = keep\)",
            _requirement_unknown,
        ),
        (
            r"requirement (?P<key>\w+) reads (?:the profile's )?criterion '(?P<criterion>[^']+)'"
            r"(?:, added with weight 0 because the profile has (?P<what>.+))?",
            _requirement_reads,
        ),
    )
)


def translate_fact_note(note: str, m: Messages, names: Names) -> str | None:
    """The note in the report's language, or ``None`` when no pattern here knows it (nor one
    of :mod:`siteselect.report.engine_notes`: a user's file read, rasters, closures)."""
    from siteselect.report.engine_notes import PATTERNS as ENGINE_PATTERNS

    for pattern, handler in (*PATTERNS, *ENGINE_PATTERNS):
        found = pattern.fullmatch(note)
        if found is not None:
            return handler(found, m, names)
    return None
