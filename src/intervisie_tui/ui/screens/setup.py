"""The start screen: pick a protocol, enter who is there, choose the chair and the case owner."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)

from intervisie_tui.domain.clock import Clock
from intervisie_tui.domain.engine import SessionError, new_session, parse_participant
from intervisie_tui.domain.prepared_cases import PreparedCase
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import t
from intervisie_tui.storage.cases_file import load_cases
from intervisie_tui.storage.continuity import GroupDirectory
from intervisie_tui.storage.paths import UnknownHome, typed_path
from intervisie_tui.storage.protocol_library import Preview, ProtocolEntry
from intervisie_tui.ui.bindings import Command, bindings_of, translate_bindings
from intervisie_tui.ui.widgets.typing_field import TypingField

SETUP_COMMANDS = [
    Command("setup-start", "ctrl+s", "start", "keys.start"),
    Command("setup-remove", "delete", "remove_participant", "keys.remove_participant"),
    Command("setup-history", "f2", "history", "keys.history"),
]

MIN_PARTICIPANTS = 2


class SetupScreen(Screen[Session]):
    """Dismisses with a new session; nothing typed is lost when something is missing."""

    BINDINGS = bindings_of(SETUP_COMMANDS)
    COMMAND_TABLE = SETUP_COMMANDS
    # Straight to the name field: focusing the scrolling form first, as Textual would, and
    # then the field, restyles every widget twice before the first frame (some 25 ms).
    AUTO_FOCUS = "#setup-name"

    def __init__(
        self,
        protocols: list[Protocol],
        broken: list[ProtocolEntry],
        clock: Clock,
        cases: list[PreparedCase] | None = None,
        groups: GroupDirectory | None = None,
        group: str | None = None,
        preview: Preview | None = None,
    ):
        """`protocols` may be empty while `preview` stands for the first one, not yet
        checked: `offer_protocols` brings them all."""
        super().__init__()
        translate_bindings(self)
        self.protocols = protocols
        self.preview = preview
        self.broken = broken
        self.clock = clock
        self.names: list[str] = []
        self.cases: list[PreparedCase] = list(cases or [])
        self._cases_file = ""  # the file `cases` came from, as typed
        self.groups = groups
        self._initial_group = group or ""
        self._group_applied = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup"):
            yield Label(t("setup.protocol"), classes="field-label")
            yield Select(
                self._protocol_options(),
                id="setup-protocol",
                allow_blank=False,
                compact=True,
            )
            yield Static(id="setup-description", markup=False)
            broken = Static(self._broken_text(), id="setup-broken", markup=False)
            broken.display = bool(self.broken)
            yield broken
            with Horizontal(id="setup-columns"):
                with Vertical(id="setup-people"):
                    if self.groups is not None:
                        yield Label(t("groups.label"), classes="field-label")
                        yield TypingField(
                            value=self._initial_group,
                            on_enter=self._choose_group,
                            placeholder=t("groups.placeholder"),
                            id="setup-group",
                        )
                        yield Static(id="setup-group-status", markup=False)
                    yield Label(t("setup.participants"), classes="field-label")
                    yield TypingField(
                        on_enter=self._add_participant,
                        placeholder=t("setup.name_placeholder"),
                        id="setup-name",
                    )
                    yield OptionList(id="setup-participants")
                    yield Label(t("setup.cases"), classes="field-label")
                    yield TypingField(
                        on_enter=self._read_cases,
                        placeholder=t("setup.cases_placeholder"),
                        id="setup-cases",
                    )
                    yield Static(id="setup-cases-status", markup=False)
                with Vertical(id="setup-side"):
                    yield Label(t("setup.chair"), classes="field-label")
                    yield Select([], id="setup-chair", prompt=t("setup.choose"), compact=True)
                    yield Label(t("setup.case_owner"), classes="field-label")
                    yield Select([], id="setup-owner", prompt=t("setup.owner_later"), compact=True)
                    yield Label(t("setup.note_taker"), classes="field-label")
                    yield Select([], id="setup-note-taker", prompt=t("setup.nobody"), compact=True)
                    yield Checkbox(t("setup.external_chair"), id="setup-external", compact=True)
                    yield Static(id="setup-error", markup=False)
                    yield Button(
                        t("setup.start"), id="setup-start", variant="primary", compact=True
                    )
        yield Footer()

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.sub_title = t("setup.subtitle")
        self._show_description()
        self._show_cases()
        if self._initial_group:
            self._choose_group(self.query_one("#setup-group", Input))
        self.query_one("#setup-name", Input).focus()
        if self.groups is not None:  # offered while typing: read after the first frame
            self.call_after_refresh(self._suggest_groups)

    def _suggest_groups(self) -> None:
        if self.groups is not None and self.is_attached:
            names = self.groups.names()
            field = self.query_one("#setup-group", Input)
            field.suggester = SuggestFromList(names, case_sensitive=False)

    def offer_protocols(self, protocols: list[Protocol], broken: list[ProtocolEntry]) -> None:
        """All protocols, once read (the screen was first drawn with only the first one);
        the one chosen meanwhile stays chosen."""
        if not self.is_attached or not protocols:
            return
        value = self.query_one("#setup-protocol", Select).value
        chosen = self.protocols[value].info.id if self.protocols and isinstance(value, int) else ""
        self.protocols, self.broken = protocols, broken
        picker = self.query_one("#setup-protocol", Select)
        picker.set_options(self._protocol_options())
        ids = [protocol.info.id for protocol in protocols]
        picker.value = ids.index(chosen) if chosen in ids else 0
        shown = self.query_one("#setup-broken", Static)
        shown.update(self._broken_text())
        shown.display = bool(broken)

    def _protocol_options(self) -> list[tuple[Text, int]]:
        shown = [(p.info.name, p.total_minutes) for p in self.protocols]
        if not shown and self.preview is not None:
            shown = [(self.preview.name, self.preview.total_minutes)]
        # Select reads a plain string as markup; names from files and typing are Text.
        return [
            (Text(f"{name} · {minutes:g} min"), index)
            for index, (name, minutes) in enumerate(shown)
        ]

    def _broken_text(self) -> str:
        if not self.broken:
            return ""
        lines = [t("setup.broken_protocols")]
        for entry in self.broken:
            first = entry.problems[0].located() if entry.problems else ""
            lines.append(f"  {entry.path.name}{first if first.startswith(':') else ': ' + first}")
        return "\n".join(lines)

    @property
    def protocol(self) -> Protocol:
        """The protocol chosen; the first one is read and checked now if it was not yet.
        Raises FileProblems when that one cannot be used."""
        if not self.protocols and self.preview is not None:
            from intervisie_tui.storage.protocol_loader import load_protocol

            self.protocols = [load_protocol(self.preview.path)]
        value = self.query_one("#setup-protocol", Select).value
        return self.protocols[value if isinstance(value, int) else 0]

    @on(Select.Changed, "#setup-protocol")
    def _show_description(self) -> None:
        if self.protocols:
            info = self.protocol.info
            text = info.description.strip() or info.name
        else:  # only the first one, not yet checked
            assert self.preview is not None
            text = self.preview.description.strip() or self.preview.name
        self.query_one("#setup-description", Static).update(Text(text))

    @property
    def people(self) -> list[str]:
        """The names alone, without the details typed after them."""
        return [parse_participant(line)[0] for line in self.names]

    def _add_participant(self, field: Input) -> None:
        line = " ".join(field.value.split())
        name = parse_participant(line)[0]
        if not name:
            return
        if name.casefold() in (existing.casefold() for existing in self.people):
            self._show_error(t("setup.duplicate_name", name=name))
            return
        self.names.append(line)
        field.value = ""
        self._show_error("")
        self._refresh_people()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_participant":  # only where it acts: on the list of names
            return isinstance(self.focused, OptionList) and bool(self.names)
        if action == "history":
            return self.groups is not None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_history(self) -> None:
        """The history of the group named above, or of all meetings when none is named."""
        from intervisie_tui.ui.screens.history import HistoryScreen

        if self.groups is not None:
            self.app.push_screen(HistoryScreen(self.groups.data, self.group))

    def action_remove_participant(self) -> None:
        people = self.query_one("#setup-participants", OptionList)
        index = people.highlighted
        if index is None or not self.names:
            return
        del self.names[index]
        self._refresh_people()

    def _refresh_people(self) -> None:
        people = self.query_one("#setup-participants", OptionList)
        people.clear_options()
        rows = []
        for number, line in enumerate(self.names, 1):
            name, *details = parse_participant(line)
            extra = ", ".join(part for part in details if part)
            rows.append(Text(f"{number}. {name}" + (f" — {extra}" if extra else "")))
        people.add_options(rows)
        names = self.people
        for select_id in ("#setup-chair", "#setup-owner", "#setup-note-taker"):
            select = self.query_one(select_id, Select)
            kept = select.value
            select.set_options([(Text(name), name) for name in names])
            if kept in names:
                select.value = kept
        chair = self.query_one("#setup-chair", Select)
        if chair.value is Select.NULL and names:
            chair.value = names[0]

    def _choose_group(self, field: Input) -> None:
        """A known group fills in its members (if nobody is listed yet); a new one is named."""
        name = " ".join(field.value.split())
        status = self.query_one("#setup-group-status", Static)
        self._group_applied = name
        if not name or self.groups is None:
            status.update("")
            return
        group = self.groups.get(name)
        if group is None:
            status.update(Text(t("groups.new", name=name)))
        else:
            field.value = group.name
            if not self.names:
                self.names = [member.line() for member in group.members]
                self._refresh_people()
            status.update(Text(t("groups.known", name=group.name, count=len(group.members))))
            self._choose_agreed_chair(group.name)
        self.set_focus(self.query_one("#setup-name", Input))

    def _choose_agreed_chair(self, group: str) -> None:
        """The chair agreed on last time, when that person is on the list."""
        previous = self.groups.previous(group) if self.groups is not None else None
        chair = self.query_one("#setup-chair", Select)
        if previous is not None and previous.next_chair in self.people:
            chair.value = previous.next_chair

    @property
    def group(self) -> str | None:
        if self.groups is None:
            return None
        return " ".join(self.query_one("#setup-group", Input).value.split()) or None

    def _read_cases(self, field: Input) -> bool:
        """Read the file of cases sent in beforehand; say what is wrong with it, if anything."""
        typed = field.value.strip()
        if not typed:
            return True
        try:
            self.cases = load_cases(typed_path(typed))
        except FileProblems as error:
            self._show_error("\n".join(str(problem) for problem in error.problems[:3]))
            self.set_focus(field)
            return False
        except UnknownHome as error:
            self._show_error(str(error))
            self.set_focus(field)
            return False
        self._cases_file = typed
        self._show_error("")
        self._show_cases()
        return True

    def _show_cases(self) -> None:
        status = self.query_one("#setup-cases-status", Static)
        names = ", ".join(dict.fromkeys(case.name for case in self.cases))
        status.update(Text(t("setup.cases_read", count=len(self.cases), names=names)))
        status.display = bool(self.cases)
        if self.cases:
            status.scroll_visible()

    def _selected(self, select_id: str) -> int | None:
        value = self.query_one(select_id, Select).value
        return self.people.index(value) if value in self.people else None

    def _show_error(self, message: str) -> None:
        error = self.query_one("#setup-error", Static)
        error.update(Text(message))
        error.set_class(bool(message), "-visible")
        if message:
            error.scroll_visible()

    @on(Button.Pressed, "#setup-start")
    def action_start(self) -> None:
        pending = self.query_one("#setup-name", Input)
        if pending.value.strip():
            self._add_participant(pending)
        if len(self.names) < MIN_PARTICIPANTS:
            self._show_error(t("setup.too_few", count=MIN_PARTICIPANTS))
            return
        try:
            protocol = self.protocol
        except FileProblems as error:
            self._show_error("\n".join(str(problem) for problem in error.problems[:3]))
            return
        needed = protocol.info.min_participants
        if needed is not None and len(self.names) < needed:
            self._show_error(t("setup.too_few_for_method", count=needed))
            return
        cases_field = self.query_one("#setup-cases", Input)
        if cases_field.value.strip() != self._cases_file and not self._read_cases(cases_field):
            return
        group = self.group
        if group is not None and group != self._group_applied:
            self._choose_group(self.query_one("#setup-group", Input))
            group = self.group
        chair = self._selected("#setup-chair")
        if chair is None:
            self._show_error(t("setup.no_chair"))
            return
        try:
            session = new_session(
                protocol,
                self.names,
                self.clock,
                chair=chair,
                case_owner=self._selected("#setup-owner"),
                note_taker=self._selected("#setup-note-taker"),
                chair_is_external=self.query_one("#setup-external", Checkbox).value,
                cases=self.cases,
                group=group,
                previous=self.groups.previous(group) if self.groups and group else None,
            )
        except SessionError as error:
            self._show_error(str(error))
            self.query_one("#setup-owner", Select).focus()
            return
        if self.groups is not None and group:
            try:
                self.groups.remember(session)
            except OSError as error:
                self.notify(t("groups.not_saved", reason=error.strerror or error), markup=False)
        self.dismiss(session)
