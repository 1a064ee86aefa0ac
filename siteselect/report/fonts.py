"""Fonts of PDF proposals: DejaVu Sans for the text, Noto for the names DejaVu cannot draw.

DejaVu Sans (matplotlib's wheel ships it) covers Latin, Greek, Cyrillic, Hebrew, Arabic and
symbols. A park named in Chinese, Japanese or Korean, or with an emoji, needs more: the
declared dependencies ``manimgx-fonts`` (Noto Emoji, Noto Sans Symbols) and
``manimgx-fonts-cjk`` (Noto Sans CJK), all under the SIL Open Font License 1.1, provide it.
A fallback font is added to a document only when its text has characters DejaVu lacks
(reading a font costs time, and the CJK one is 33 MB).

Noto Sans CJK comes as a variable CFF2 font, which PDF cannot embed as it is: the characters
the document needs are cut out of it (:func:`build_cjk_subset`: fontTools' subsetter), set to
the regular weight (``wght`` 400) and converted to CFF, in about a second for a few names.
Without the packages, fonts installed on the system are searched (:data:`SYSTEM_FONTS`, e.g.
Debian's ``fonts-noto-cjk``); a name no font can draw is printed with what can be drawn and a
warning names it (the HTML report shows it with the browser's fonts).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

PACKAGED_FONTS = (
    ("manimgx_fonts", "NotoEmoji[wght].ttf"),
    ("manimgx_fonts", "NotoSansSymbols[wght].ttf"),
)
"""TrueType fallbacks in declared packages, searched in this order (package, file)."""
CJK_FONT = ("manimgx_fonts_cjk", "NotoSansCJK-VF.otf.ttc")
CJK_WEIGHT = 400.0
SYSTEM_FONTS = (
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "NotoSansSymbols2-Regular.ttf",
    "NotoEmoji-Regular.ttf",
    "Symbola.ttf",
)
"""Font files searched for in the system's font folders when the packages lack a glyph."""
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def collect_characters(obj: Any) -> set[str]:
    """Every character of every text in a view model (dataclasses, tuples, mappings)."""
    found: set[str] = set()
    seen: set[int] = set()

    def visit(value: Any) -> None:
        if isinstance(value, str):
            found.update(value)
        elif isinstance(value, bytes | int | float | bool) or value is None or id(value) in seen:
            return
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            seen.add(id(value))
            for f in dataclasses.fields(value):
                visit(getattr(value, f.name))
        elif isinstance(value, Mapping):
            seen.add(id(value))
            for k, v in value.items():
                visit(k)
                visit(v)
        elif isinstance(value, list | tuple | set | frozenset):
            seen.add(id(value))
            for item in value:
                visit(item)

    visit(obj)
    return found


def _packaged(package: str, name: str) -> Path | None:
    try:
        path = Path(str(resources.files(package).joinpath(name)))
    except (ModuleNotFoundError, TypeError):
        return None
    return path if path.is_file() else None


def _cmap(path: Path, number: int = 0) -> set[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(path.read_bytes()), lazy=True, fontNumber=number)
    return set(font.getBestCmap() or {})


def find_system_fonts() -> list[Path]:
    """TrueType fallback fonts installed on this machine, in :data:`SYSTEM_FONTS` order."""
    found: list[Path] = []
    for name in SYSTEM_FONTS:
        for folder in FONT_FOLDERS:
            base = Path(folder).expanduser()
            if not base.is_dir():
                continue
            hit = next(iter(sorted(base.rglob(name))), None)
            if hit is not None:
                found.append(hit)
                break
    return found


def build_cjk_subset(characters: Iterable[str], source: Path) -> bytes | None:
    """The glyphs of ``characters`` from the variable Noto Sans CJK, at the regular weight, as
    a static CFF OpenType font PDF can embed (``None`` when it has none of them)."""
    from fontTools import subset
    from fontTools.cffLib.CFF2ToCFF import convertCFF2ToCFF
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    text = "".join(sorted(set(characters)))
    # Read whole (33 MB in a few milliseconds): fontTools then holds no file open.
    source_font = TTFont(io.BytesIO(source.read_bytes()), fontNumber=0, lazy=True)
    try:
        if not set(map(ord, text)) & set(source_font.getBestCmap() or {}):
            return None
        options = subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.layout_features = []
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text + " ")
        subsetter.subset(source_font)
        font = source_font
        if "fvar" in font:
            font = instancer.instantiateVariableFont(font, {"wght": CJK_WEIGHT})
        if "CFF2" in font:
            convertCFF2ToCFF(font)
        font.recalcBBoxes = False  # the converted charset has no glyph names to recompute from
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    finally:
        source_font.close()


def select_fallback_fonts(missing: set[str], folder: Path) -> list[Path]:
    """Font files that draw the ``missing`` characters, as few as need be: the packaged Noto
    fonts first (a CJK subset written into ``folder``), then the system's."""
    left = {ord(c) for c in missing if not c.isspace()}
    chosen: list[Path] = []
    for package, name in PACKAGED_FONTS:
        if not left:
            return chosen
        path = _packaged(package, name)
        if path is None:
            continue
        covered = left & _cmap(path)
        if covered:
            chosen.append(path)
            left -= covered
    cjk = _packaged(*CJK_FONT)
    if left and cjk is not None:
        data = build_cjk_subset((chr(c) for c in left), cjk)
        if data is not None:
            path = folder / "NotoSansCJK-subset.otf"
            path.write_bytes(data)
            chosen.append(path)
            left -= _cmap(path)
    if left:
        for path in find_system_fonts():
            try:
                covered = left & _cmap(path)
            except Exception:  # a font fontTools cannot read is not a fallback
                continue
            if covered:
                chosen.append(path)
                left -= covered
            if not left:
                break
    return chosen
