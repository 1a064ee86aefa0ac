"""The explore app: a Textual view over a ranking that re-ranks as the keys change the search.

The shortlist, the weights and the selected park's explanation sit side by side. Every
change goes through the :class:`~siteselect.cli.explore.session.Session` (the library's
``with_weights``, re-scoring, or a new run), every picture through the report's renderers,
every file through :mod:`siteselect.report`'s atomic writers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, Static

from siteselect.cli.explore import views
from siteselect.cli.explore.session import Session
from siteselect.errors import SiteselectError

if TYPE_CHECKING:
    import geopandas as gpd

    from siteselect.results import RankResult

WIDE = 120
"""From this many columns the explanation has a panel of its own."""
MIDDLE = 30
"""Width of the weights panel when wide."""
SMAA_SAMPLES = 200
"""Weight samples of the ``s`` view: a quick look (``siteselect sensitivity`` for more)."""

KEYS_HELP = (
    ("↑ ↓", "move in the focused table (the shortlist, or the weights)"),
    ("tab", "switch between the shortlist and the weights"),
    ("+ / -", "raise / lower the selected criterion's weight by 0.01"),
    ("0", "set the selected criterion's weight to 0"),
    ("enter", "on a weight: type its value"),
    ("M", "next MCDA method (wsm, topsis, promethee, vikor)"),
    ("C", "next corridors (bajio + northeast, bajio, northeast, all): a new run"),
    ("[ / ]", "one park fewer / more in the shortlist"),
    ("T", "the hard constraints' thresholds: a new run"),
    ("space", "mark the selected park (c compares with it)"),
    ("c", "compare the marked (or next-ranked) park with the selected one"),
    ("s", f"SMAA rank acceptability ({SMAA_SAMPLES} weight samples)"),
    ("m", "map of the shortlist (z: the shortlist or all Mexico)"),
    ("w", "write the search as TOML: siteselect rank --config reproduces it"),
    ("e", "export the shortlist (.csv .xlsx .geojson .gpkg .md .json ...)"),
    ("r", "write the selected park's report (.html or .pdf)"),
    ("u", "undo the last change"),
    ("b", "rank moves since opening / since the last change"),
    ("?", "this help"),
    ("q", "quit"),
)


class TextScreen(ModalScreen[None]):
    """A scrollable view of a rich renderable; escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close"),
    ]

    def __init__(self, title: str, build: Callable[[int, int], Any]) -> None:
        super().__init__()
        self._title = title
        self._build = build

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._title, classes="dialog-title")
            with VerticalScroll():
                yield Static(id="content")
            yield Label("escape: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        width = max(20, self.app.size.width - 6)
        height = max(6, self.app.size.height - 6)
        self.query_one("#content", Static).update(self._build(width, height))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


class MapScreen(TextScreen):
    """The map; ``z`` switches between the shortlist's area and all of Mexico."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("z", "zoom", "Zoom"),
    ]

    def __init__(self, result: RankResult, states: gpd.GeoDataFrame) -> None:
        self.country = False
        super().__init__(
            "map of the shortlist",
            lambda w, h: views.render_map(result, states, w, h, country=self.country),
        )

    def action_zoom(self) -> None:
        self.country = not self.country
        self.redraw()


class InputScreen(ModalScreen[str | None]):
    """One line of input: enter gives it, escape cancels."""

    AUTO_FOCUS = "#answer"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self._prompt = prompt
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self._prompt, classes="dialog-title")
            yield Input(value=self._value, id="answer")
            yield Label("enter: ok · escape: cancel", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question (y / n, escape is no)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self._question, classes="dialog-title")
            yield Label("y: yes · n: no", classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConstraintScreen(ModalScreen[dict[int, dict[str, float | None]] | None]):
    """The hard constraints' min and max, one input each (empty: no bound)."""

    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, constraints: list[Any]) -> None:
        super().__init__()
        self._constraints = constraints

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("hard constraints (enter: apply, a new run)", classes="dialog-title")
            with VerticalScroll():
                for i, con in enumerate(self._constraints):
                    yield Label(f"{i + 1}. {con.label}")
                    for key in ("min", "max"):
                        value = getattr(con, key)
                        yield Input(
                            value="" if value is None else f"{value:g}",
                            placeholder=f"{key} (empty: none)",
                            id=f"c{i}-{key}",
                        )
            yield Label("", id="problem", classes="dialog-hint")

    @on(Input.Submitted)
    def submit(self) -> None:
        changes: dict[int, dict[str, float | None]] = {}
        for i, con in enumerate(self._constraints):
            for key in ("min", "max"):
                typed = self.query_one(f"#c{i}-{key}", Input).value.strip()
                try:
                    value = float(typed) if typed else None
                except ValueError:
                    self.query_one("#problem", Label).update(f"{typed!r} is not a number")
                    return
                if value != getattr(con, key):
                    changes.setdefault(i, {})[key] = value
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExploreApp(App[None]):
    """Explore a site search: change weights, method, corridors, shortlist length and
    constraints, and watch the shortlist re-rank."""

    CSS_PATH = Path(__file__).with_name("explore.tcss")  # absolute: subclasses live elsewhere
    TITLE = "siteselect explore"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "nudge(1)", "+w"),
        Binding("minus", "nudge(-1)", "-w"),
        Binding("0", "zero", "w=0", show=False),
        Binding("M", "next_method", "Method"),
        Binding("C", "next_corridors", "Corridor"),
        Binding("left_square_bracket", "top(-1)", "Top-", show=False),
        Binding("right_square_bracket", "top(1)", "Top+", show=False),
        Binding("T", "constraints", "Constraints", show=False),
        Binding("space", "mark", "Mark", show=False),
        Binding("c", "compare", "Compare"),
        Binding("s", "smaa", "SMAA"),
        Binding("m", "map", "Map"),
        Binding("w", "write_config", "Write"),
        Binding("e", "export", "Export"),
        Binding("r", "report", "Report"),
        Binding("u", "undo", "Undo"),
        Binding("b", "since", "Moves since", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, result: RankResult, *, timing: bool = True) -> None:
        """``timing``: show how long each change took (off for screenshots that must not
        change from run to run)."""
        super().__init__()
        self.session = Session(result)
        self.timing = timing
        self.marked: str | None = None
        self.since = "opened"  # rank moves since the search was opened, or "last" change
        self.busy = False
        self._states: gpd.GeoDataFrame | None = None
        self._drawn: tuple[str | None, int, bool] | None = None  # park, result, layout shown
        self._columns: dict[str, Any] = {}  # each table's columns as last laid out
        self.sub_title = result.config.profile.name

    # ---- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Label("", id="shortlist-title", classes="panel-title")
                yield DataTable(id="shortlist", cursor_type="row")
            with Vertical(id="middle"):
                yield Label("Weights", id="weights-title", classes="panel-title")
                yield Static(id="park-head")
                yield DataTable(id="weights", cursor_type="row")
            with VerticalScroll(id="right"):
                yield Static(id="explanation")
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#shortlist", DataTable).focus()

    def on_resize(self) -> None:
        self.redraw()

    # ---- drawing ------------------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        """Below :data:`WIDE` columns the explanation joins the weights table."""
        return self.size.width < WIDE

    @property
    def selected(self) -> str | None:
        """The id of the park under the shortlist's cursor."""
        table = self.query_one("#shortlist", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value)

    @property
    def criterion(self) -> str:
        """The criterion under the weights table's cursor."""
        table = self.query_one("#weights", DataTable)
        names = [c.name for c in self.session.config.criteria]
        return names[min(table.cursor_row, len(names) - 1)]

    def redraw(self) -> None:
        """Fill every panel from the session's result, keeping the selected park and
        criterion."""
        self.screen.set_class(self.narrow, "narrow")
        self._draw_shortlist()
        self._draw_details()
        status = ("measuring... " if self.busy else "") + views.status_line(
            self.session, timing=self.timing
        )
        self.query_one("#status", Static).update(Text(status))

    def _panel_widths(self) -> tuple[int, int]:
        """Widths of the shortlist and weights panels (the layout of explore.tcss)."""
        width = self.size.width
        if self.narrow:
            return width // 2, width - width // 2
        return (width - MIDDLE) // 2, MIDDLE

    def _draw_shortlist(self) -> None:
        table = self.query_one("#shortlist", DataTable)
        keep = self.selected
        result = self.session.result
        since = "the last change" if self.since == "last" else "opening"
        title = f"Shortlist ({result.scores.method}, moves since {since})"
        self.query_one("#shortlist-title", Label).update(title)
        # rank, move and score columns, each cell padded by 1 on both sides, and a scrollbar
        park = max(8, self._panel_widths()[0] - (3 + 3 + 5) - 2 * 4 - 2)
        if self._columns.get("shortlist") != park:  # columns change with the width only
            table.clear(columns=True)
            table.add_column("#", key="rank", width=3)
            table.add_column("", key="move", width=3)
            table.add_column("Park", key="park", width=park)
            table.add_column("Score", key="score", width=5)
            self._columns["shortlist"] = park
        else:
            table.clear()
        ids = self.session.shortlist_ids()
        rows = views.shortlist_rows(self.session, self.since)
        for cid, (rank, move, name, score) in zip(ids, rows, strict=True):
            mark = "*" if cid == self.marked else ""
            # rows as tall as the name wrapped in its column (measured once, here)
            height = max(1, len(name.wrap(self.console, park)))
            table.add_row(rank + mark, move, name, score, key=cid, height=height)
        if ids:
            table.move_cursor(row=ids.index(keep) if keep in ids else 0)

    def _draw_details(self) -> None:
        """The weights table, and the selected park: in the table and a head when narrow,
        in a panel of its own when wide."""
        cid = self.selected
        table = self.query_one("#weights", DataTable)
        narrow = self.narrow
        self._drawn = (cid, id(self.session.result), narrow)
        columns = (
            ("name", "weight", "value", "contribution") if narrow else ("name", "weight", "bar")
        )
        rows = views.weight_rows(self.session, cid if narrow else None)
        if self._columns.get("weights") != columns or table.row_count != len(rows):
            row = table.cursor_row if table.row_count else 0
            table.clear(columns=True)
            table.add_column("Criterion", key="name", width=12)
            table.add_column("w", key="weight", width=4)
            if narrow:
                table.add_column("Value", key="value", width=5)
                table.add_column("Contr.", key="contribution", width=6)
            else:
                table.add_column("", key="bar", width=4)
            for i, cells in enumerate(rows):
                table.add_row(*cells, key=str(i))
            table.move_cursor(row=min(row, table.row_count - 1))
            self._columns["weights"] = columns
        else:  # the same criteria in the same order: new values in place
            for i, cells in enumerate(rows):
                for key, value in zip(columns, cells, strict=True):
                    table.update_cell(str(i), key, value)
        explanation = self.session.result.explain(cid) if cid is not None else None
        head = self.query_one("#park-head", Static)
        panel = self.query_one("#explanation", Static)
        if explanation is None:
            head.update("no park in the shortlist")
            panel.update("no park in the shortlist")
        elif narrow:
            head.update(views.park_head(explanation))
        else:
            panel.update(views.render_explanation_brief(explanation))

    @on(DataTable.RowHighlighted, "#shortlist")
    def _park_changed(self) -> None:
        # moving the cursor while redrawing posts this too: draw only what is not shown yet
        if self._drawn != (self.selected, id(self.session.result), self.narrow):
            self._draw_details()

    @on(DataTable.RowSelected, "#weights")
    def _type_weight(self) -> None:
        name = self.criterion
        current = self.session.raw_weights()[name]

        def done(answer: str | None) -> None:
            if not answer:
                return
            try:
                value = float(answer)
            except ValueError:
                self.notify(f"{answer!r} is not a number", severity="error")
                return
            self._change(lambda: self.session.set_weights({name: value}))

        self.push_screen(InputScreen(f"weight of {name} (now {current:g}):", f"{current:g}"), done)

    # ---- changes ------------------------------------------------------------------------------

    def _change(self, make: Callable[[], Any]) -> bool:
        """Apply a change now (weights, method, top N) and redraw; errors become a notice."""
        if self.busy:
            self.notify("still measuring the last change", severity="warning")
            return False
        try:
            make()
        except SiteselectError as exc:
            self.notify(str(exc), severity="error")
            return False
        self.redraw()
        return True

    def _run_change(self, make: Callable[[], Any]) -> None:
        """Apply a change that runs the search again (corridors, constraints) in a thread."""
        if self.busy:
            self.notify("still measuring the last change", severity="warning")
            return
        self.busy = True
        self.redraw()
        self._measure(make)

    @work(thread=True, exclusive=True)
    def _measure(self, make: Callable[[], Any]) -> None:
        error: str | None = None
        try:
            make()
        except SiteselectError as exc:
            error = str(exc)
        self.call_from_thread(self._measured, error)

    def _measured(self, error: str | None) -> None:
        self.busy = False
        if error:
            self.notify(error, severity="error")
        self.redraw()

    def action_nudge(self, steps: int) -> None:
        self._change(lambda: self.session.nudge_weight(self.criterion, steps))

    def action_zero(self) -> None:
        name = self.criterion
        self._change(lambda: self.session.set_weights({name: 0.0}))

    def action_next_method(self) -> None:
        self._change(self.session.next_method)

    def action_top(self, delta: int) -> None:
        n = self.session.shortlist_length() + delta
        if n < 1:
            return
        self._change(lambda: self.session.set_top(n))

    def action_next_corridors(self) -> None:
        corridors = self.session.next_corridors()
        self._run_change(lambda: self.session.set_corridors(corridors))

    def action_constraints(self) -> None:
        constraints = list(self.session.config.constraints)
        if not constraints:
            self.notify("this search has no hard constraints ([[constraints]] in a config)")
            return

        def done(changes: dict[int, dict[str, float | None]] | None) -> None:
            if changes:
                self._run_change(lambda: self.session.set_constraints(changes))

        self.push_screen(ConstraintScreen(constraints), done)

    def action_undo(self) -> None:
        if not self.busy and self.session.undo():
            self.redraw()

    def action_since(self) -> None:
        self.since = "last" if self.since == "opened" else "opened"
        self.redraw()

    def action_mark(self) -> None:
        cid = self.selected
        self.marked = None if cid == self.marked else cid
        self.redraw()

    # ---- views --------------------------------------------------------------------------------

    def action_compare(self) -> None:
        cid = self.selected
        if cid is None:
            return
        ids = self.session.shortlist_ids()
        other = self.marked
        if other is None or other == cid or other not in self.session.result.scores.table.index:
            at = ids.index(cid)
            other = ids[at + 1] if at + 1 < len(ids) else (ids[at - 1] if at else None)
        if other is None:
            self.notify("compare needs two parks in the shortlist")
            return
        from siteselect.report.terminal import render_comparison

        try:
            comparison = self.session.result.compare([cid, other])
        except SiteselectError as exc:
            self.notify(str(exc), severity="error")
            return
        table, *sentences = render_comparison(comparison).renderables
        view = Group(*sentences, table)  # the weight that swaps them first: what c is for
        self.push_screen(TextScreen("compare", lambda w, h: view))

    def action_smaa(self) -> None:
        from siteselect.api import analyse_sensitivity
        from siteselect.report.terminal import render_sensitivity

        result = self.session.result
        shown = max(1, min(10, len(result.shortlist)))
        sens = analyse_sensitivity(result, samples=SMAA_SAMPLES, seed=0, shown=shown)
        names = {str(k): str(v) for k, v in result.candidates.frame["name"].items()}
        self.push_screen(
            TextScreen(
                f"SMAA rank acceptability ({SMAA_SAMPLES} samples; siteselect sensitivity "
                "for more)",
                lambda w, h: render_sensitivity(sens, names),
            )
        )

    def action_map(self) -> None:
        result = self.session.result
        if not result.candidates.has_location:
            self.notify("the candidates have no locations to map")
            return
        if self._states is None:
            from siteselect.layers import read_layer

            self._states = read_layer("states")
        self.push_screen(MapScreen(result, self._states))

    def action_help(self) -> None:
        from siteselect.report.layout import Column, FitTable

        keys = FitTable(
            [Column("key", "", justify="right", wrap=False), Column("what", "", min_width=20)],
            [{"key": Text(k, style="bold"), "what": w} for k, w in KEYS_HELP],
            table_options={"box": None, "show_header": False, "pad_edge": False},
        )
        note = Text(
            "The shortlist re-ranks with the library's with_weights (no measure is redone); "
            "corridors and constraints run the search again.",
            style="dim",
        )
        self.push_screen(TextScreen("keys", lambda w, h: Group(keys, note)))

    # ---- files (through siteselect.report) ----------------------------------------------------

    def _ask_path(self, prompt: str, default: str, then: Callable[[Path, bool], None]) -> None:
        """Ask a file name, then whether to overwrite it if it exists; ``then(path, force)``."""

        def named(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer).expanduser()
            if not path.exists():
                then(path, False)
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    then(path, True)

            self.push_screen(ConfirmScreen(f"{path} exists. Overwrite it?"), confirmed)

        self.push_screen(InputScreen(prompt, default), named)

    def action_write_config(self) -> None:
        name = f"{self.session.config.profile.name}-explore.toml"
        self._ask_path("write the search as TOML to:", name, self._write_config)

    def _write_config(self, path: Path, force: bool) -> None:
        from siteselect import report
        from siteselect.report.search_toml import build_search_toml

        changes = self.session.changes() or ["none"]
        comment = [
            f"siteselect explore: the search as shown (profile {self.session.config.profile.name})",
            "changed from the search as opened:",
            *(f"  {line}" for line in changes),
            f"reproduce it: siteselect rank --config {path.name}",
        ]
        try:
            report.write_text(
                path, build_search_toml(self.session.config, comment=comment), force=force
            )
        except SiteselectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"wrote {path}: siteselect rank --config {path.name} gives this shortlist")

    def action_export(self) -> None:
        name = f"{self.session.config.profile.name}-shortlist.xlsx"
        self._ask_path("export the shortlist to (the suffix picks the format):", name, self._export)

    def _export(self, path: Path, force: bool) -> None:
        from siteselect import report

        result = self.session.result
        try:
            fmt = report.format_from_path(path, None)
            if fmt == "table":  # a .txt file: the table as the CLI prints it when piped
                import io

                from rich.console import Console

                from siteselect.report.terminal import render_shortlist

                buffer = io.StringIO()
                Console(file=buffer, width=140, no_color=True).print(render_shortlist(result))
                report.write_text(path, buffer.getvalue(), force=force)
            else:
                report.write_bytes(path, report.render_rank_bytes(result, fmt), force=force)
        except SiteselectError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"wrote {path} ({fmt}, {len(result.shortlist)} parks)")

    def action_report(self) -> None:
        cid = self.selected
        if cid is None:
            return
        self._ask_path(
            "write the selected park's report to (.html or .pdf):",
            f"{cid}.html",
            lambda path, force: self._start_report(cid, path, force),
        )

    def _start_report(self, cid: str, path: Path, force: bool) -> None:
        if path.suffix.lower() not in (".html", ".htm", ".pdf"):
            self.notify(f"name the report .html or .pdf, not {path.name}", severity="error")
            return
        self.notify(f"writing the report of {cid}...")
        self._write_report(self.session.result, cid, path, force)

    @work(thread=True)
    def _write_report(self, result: RankResult, cid: str, path: Path, force: bool) -> None:
        from siteselect import report
        from siteselect.api import build_report
        from siteselect.clock import read_source_date

        try:
            when = read_source_date() or datetime.now(tz=UTC)
            view = build_report(result, cid, day=when.date())
            if path.suffix.lower() == ".pdf":
                from siteselect.report.pdf import render_proposal_pdf

                report.write_bytes(path, render_proposal_pdf(view, created=when), force=force)
            else:
                from siteselect.report.html import render_proposal_html

                report.write_text(path, render_proposal_html(view), force=force)
        except SiteselectError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.call_from_thread(self.notify, f"wrote {path}")
