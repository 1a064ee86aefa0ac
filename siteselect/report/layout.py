"""Tables that fit the terminal: columns with a priority and a minimum width, dropped or stacked
when the width is short, never truncated.

A :class:`FitTable` is a rich renderable that lays itself out when it is printed, for the width
of the console it is printed to (``--width``, ``COLUMNS``, the terminal, a test's ``Console``):

* every column gets at least its longest word (and its header's), so a word or a number is
  never cut and never broken across lines: text wraps between words only;
* when the columns do not fit at their minimum widths, the column with the highest
  ``priority`` number leaves the table first: it is *stacked* (its text goes on a new line of
  another column's cell, ``stack``) or dropped, and a dim line under the table names what was
  dropped;
* the room left is shared by shrinking the widest wrapping columns first.

Renderers describe a table once (:class:`Column` specs and rows of cells by column key) and it
reads well at 80 and at 200 columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

Justify = Literal["left", "center", "right"]

SECTION: Mapping[str, Any] = {"__section__": True}
"""A row marker: a separator line between the rows before and after it."""

DROPPED_NOTE = "not shown at {width} columns: {names} (a wider terminal, --width, or --format json)"


@dataclass(frozen=True)
class Column:
    """How one column of a :class:`FitTable` behaves when the width is short.

    Attributes
    ----------
    key
        The key of the column's cells in each row.
    header
        The header; it wraps between words like any cell.
    justify
        ``left``, ``center`` or ``right`` (numbers).
    priority
        0: always shown. Otherwise the column with the highest number leaves first when
        the table does not fit (ties: the rightmost first).
    wrap
        Cells may wrap between words. ``False`` keeps each line of a cell whole (a score
        with its bar, a coordinate pair): its longest line is then the column's minimum
        (the header still wraps between words).
    min_width
        Narrowest the column may get (it is never narrower than its longest word).
    max_width
        Widest the column grows to; longer text wraps.
    stack
        The key of the column that takes this one's text, on a new line of its cell, when
        this one leaves the table; ``None``: the column is dropped.
    stack_sep
        What goes before this column's text in the other cell when a second column is
        stacked into the same one (the first always starts a new line): ``", "`` keeps
        ``corridor, state`` on one line.
    stack_prefix
        Text put before this column's text when it is stacked (``"hurt: "``).
    stack_inline
        Put this column's text on the same line as the other's (a unit after its number),
        not on a new line.
    stack_header
        Whether the other column's header names this one too when stacked
        (``Helped most / Hurt most``).
    style
        Style of the column's cells (and of its text when stacked).
    """

    key: str
    header: str
    justify: Justify = "left"
    priority: int = 0
    wrap: bool = True
    min_width: int = 0
    max_width: int | None = None
    stack: str | None = None
    stack_sep: str = "\n"
    stack_prefix: str = ""
    stack_inline: bool = False
    stack_header: bool = True
    style: str = ""


@dataclass(frozen=True)
class Layout:
    """Where a :class:`FitTable` landed for one width: the columns shown and their widths
    (padding excluded), the columns stacked into others, and the columns dropped."""

    width: int
    columns: tuple[Column, ...]
    widths: tuple[int, ...]
    stacked: tuple[Column, ...]
    dropped: tuple[Column, ...]
    fits: bool


@dataclass
class FitTable:
    """A table that lays itself out for the width it is printed at (see the module).

    Parameters
    ----------
    columns
        The column specs, in display order.
    rows
        One mapping a row: column key -> cell (text, a :class:`rich.text.Text`, or ``None``);
        :data:`SECTION` draws a separator line.
    title, caption
        As in :class:`rich.table.Table`.
    table_options
        Further :class:`rich.table.Table` keywords (``header_style``, ``title_justify``).
    """

    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]] = ()
    title: str | Text | None = None
    caption: str | Text | None = None
    table_options: Mapping[str, Any] = field(default_factory=dict)

    # ---- layout -------------------------------------------------------------------------------

    def layout(self, width: int) -> Layout:
        """The columns shown, stacked and dropped at ``width`` and the width of each shown."""
        kept = list(self.columns)
        gone: list[Column] = []
        while True:
            lows = self._lows(kept, gone)
            if sum(lows) + self._overhead(len(kept)) <= width:
                break
            removable = [c for c in kept if c.priority > 0]
            if not removable:
                break
            out = max(removable, key=lambda c: (c.priority, kept.index(c)))
            kept.remove(out)
            gone.append(out)
        cells = self._cells(kept, gone)
        lows = self._lows(kept, gone)
        highs = [
            max(low, _high(c, cells[c.key], self._header(c, gone)))
            for c, low in zip(kept, lows, strict=True)
        ]
        bodies = [
            min(high, max(low, _high(c, cells[c.key], "")))
            for c, low, high in zip(kept, lows, highs, strict=True)
        ]
        widths = _share(width - self._overhead(len(kept)), lows, bodies, highs)
        targets = {c.key for c in kept}
        stacked = tuple(c for c in gone if self._target(c, gone) in targets)
        dropped = tuple(c for c in gone if c not in stacked)
        return Layout(
            width=width,
            columns=tuple(kept),
            widths=tuple(widths),
            stacked=stacked,
            dropped=dropped,
            fits=sum(lows) + self._overhead(len(kept)) <= width,
        )

    def build_table(self, width: int) -> tuple[Table, Layout]:
        """The rich table laid out for ``width``, and its layout."""
        layout = self.layout(width)
        gone = [*layout.stacked, *layout.dropped]
        options = {"header_style": "bold", **self.table_options}
        table = Table(title=self.title, caption=self.caption, **options)
        for column, w in zip(layout.columns, layout.widths, strict=True):
            table.add_column(
                self._header(column, gone),
                justify=column.justify,
                width=w,
                overflow="fold",
                style=column.style or None,
            )
        cells = self._cells(list(layout.columns), gone)
        for i, row in enumerate(self.rows):
            if row is SECTION:
                table.add_section()
                continue
            table.add_row(*(cells[c.key][i] for c in layout.columns))
        return table, layout

    def _target(self, column: Column, gone: Sequence[Column]) -> str | None:
        """The shown column that takes a stacked column's text (following chains)."""
        by_key = {c.key: c for c in self.columns}
        seen = set()
        key = column.stack
        while key is not None and key not in seen:
            seen.add(key)
            target = by_key.get(key)
            if target is None:
                return None
            if target not in gone:
                return key
            key = target.stack
        return None

    def _into(self, column: Column, gone: Sequence[Column]) -> list[Column]:
        """The columns stacked into ``column``, in display order."""
        return [c for c in self.columns if c in gone and self._target(c, gone) == column.key]

    def _header(self, column: Column, gone: Sequence[Column]) -> str:
        names = [column.header]
        names += [c.header for c in self._into(column, gone) if c.header and c.stack_header]
        return " / ".join(n for n in names if n)

    def _overhead(self, n: int) -> int:
        return _table_overhead(n, self.table_options)

    def _lows(self, kept: Sequence[Column], gone: Sequence[Column]) -> list[int]:
        """Each shown column's narrowest width: no word (and no line of a column that does
        not wrap) is cut, its own text and the text stacked into it alike."""
        lows = []
        for c in kept:
            low = max(c.min_width, _longest_word(self._header(c, gone)), 1)
            for part in (c, *self._into(c, gone)):
                prefix = part.stack_prefix if part is not c else ""
                for row in self.rows:
                    if row is SECTION:
                        continue
                    plain = prefix + _as_text(row.get(part.key)).plain
                    for line in plain.splitlines():
                        low = max(low, cell_len(line) if not part.wrap else _longest_word(line))
            lows.append(low)
        return lows

    def _cells(self, kept: Sequence[Column], gone: Sequence[Column]) -> dict[str, list[Text]]:
        """Each shown column's cells as text, with the stacked columns' text added."""
        out: dict[str, list[Text]] = {c.key: [] for c in kept}
        into = {c.key: self._into(c, gone) for c in kept}
        for row in self.rows:
            if row is SECTION:
                for c in kept:
                    out[c.key].append(Text())
                continue
            for c in kept:
                cell = _as_text(row.get(c.key))
                first = True
                for g in into[c.key]:
                    extra = _as_text(row.get(g.key))
                    if not extra.plain:
                        continue
                    if g.stack_prefix:
                        extra = Text(g.stack_prefix) + extra
                    if g.style:
                        extra.stylize(g.style)
                    if not cell.plain:
                        sep = ""
                    elif first:
                        sep = " " if g.stack_inline else "\n"
                    else:
                        sep = g.stack_sep
                    cell = cell + Text(sep) + extra
                    first = False
                out[c.key].append(cell)
        return out

    # ---- rich protocol ------------------------------------------------------------------------

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        table, layout = self.build_table(width)
        yield table
        names = ", ".join(c.header for c in layout.dropped if c.header)
        if names:
            yield Text(DROPPED_NOTE.format(width=width, names=names), style="dim")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        full = self.layout(10_000)
        narrow = self.layout(options.max_width)
        low = sum(narrow.widths) + self._overhead(len(narrow.columns))
        high = sum(full.widths) + self._overhead(len(full.columns))
        return Measurement(min(low, options.max_width), min(high, options.max_width))

    def visible_cells(self, width: int) -> Iterator[str]:
        """The plain text of every cell shown at ``width`` (headers too): what a test
        checks is printed whole."""
        layout = self.layout(width)
        gone = [*layout.stacked, *layout.dropped]
        cells = self._cells(list(layout.columns), gone)
        for c in layout.columns:
            yield self._header(c, gone)
            for cell in cells[c.key]:
                yield cell.plain


def _as_text(value: Any) -> Text:
    if value is None:
        return Text()
    if isinstance(value, Text):
        return value.copy()
    return Text(str(value))


def _table_overhead(n: int, options: Mapping[str, Any]) -> int:
    """Cells a rich table adds to n columns: its box's edges and lines, and the padding."""
    from rich import box
    from rich.padding import Padding

    if not n:
        return 0
    has_box = options.get("box", box.HEAVY_HEAD) is not None
    edge = 2 if has_box and options.get("show_edge", True) else 0
    lines = n - 1 if has_box else 0
    _top, right, _bottom, left = Padding.unpack(options.get("padding", (0, 1)))
    pads = (left + right) * n
    if not options.get("pad_edge", True):
        pads -= left + right
    return edge + lines + pads


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


def _high(column: Column, cells: Sequence[Text], header: str) -> int:
    """The column's natural width: its longest line, capped by ``max_width``."""
    longest = cell_len(header)
    for cell in cells:
        for line in cell.plain.splitlines():
            longest = max(longest, cell_len(line))
    if column.max_width is not None:
        longest = min(longest, column.max_width)
    return max(longest, 1)


def _share(room: int, lows: list[int], bodies: list[int], highs: list[int]) -> list[int]:
    """Widths between each column's low and high that sum to at most ``room``.

    Headers much wider than their cells wrap first (it costs a header line, not a line a
    row); then every column gives way in proportion to the room it has above its low, so a long
    text column and a short one wrap about as much.
    """
    widths = list(highs)
    excess = sum(widths) - room
    # headers much wider than their cells (a number under "Worst rank") give way first
    wide = [highs[i] - bodies[i] >= max(3, bodies[i] // 2) for i in range(len(widths))]
    while excess > 0:
        candidates = [i for i in range(len(widths)) if wide[i] and widths[i] > bodies[i]]
        if not candidates:
            break
        widest = max(widths[i] for i in candidates)
        for i in candidates:
            if widths[i] == widest and excess > 0:
                widths[i] -= 1
                excess -= 1
    if excess <= 0:
        return widths
    slack = [w - low for w, low in zip(widths, lows, strict=True)]
    total = sum(slack)
    if total <= 0:
        return widths
    cut = min(excess, total)
    shares = [cut * s / total for s in slack]
    taken = [int(x) for x in shares]
    # the largest remainders take what rounding left
    left = cut - sum(taken)
    for i in sorted(range(len(shares)), key=lambda i: shares[i] - taken[i], reverse=True)[:left]:
        taken[i] += 1
    return [w - t for w, t in zip(widths, taken, strict=True)]
