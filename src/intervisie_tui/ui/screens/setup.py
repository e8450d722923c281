"""The start screen: pick a protocol, enter who is there, choose the chair and the case owner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Label,
    OptionList,
    Static,
)

from intervisie_tui.domain.clock import Clock
from intervisie_tui.domain.names import (
    MAX_PASTED_NAMES,
    completion,
    name_key,
    parse_participant,
    pasted_names,
)
from intervisie_tui.domain.prepared_cases import PreparedCase
from intervisie_tui.domain.problems import FileProblems
from intervisie_tui.domain.round_fit_choice import Fit
from intervisie_tui.i18n import number as number_text
from intervisie_tui.i18n import plural, t
from intervisie_tui.storage.cases_file import load_cases
from intervisie_tui.storage.paths import UnknownHome, typed_path
from intervisie_tui.storage.protocol_library import ProtocolEntry, ProtocolSummary
from intervisie_tui.ui.bindings import Command, TranslatedBindings, bindings_of, keys_for
from intervisie_tui.ui.widgets.clamped_text import ClampedText
from intervisie_tui.ui.widgets.footer import FittingFooter
from intervisie_tui.ui.widgets.select import Select
from intervisie_tui.ui.widgets.typing_field import TypingField

# The protocol's, the session's and the group's models (pydantic) are not needed before the
# first frame, which may show the default protocol from its summary alone: the protocols
# are checked right after it, the engine makes the session when the chair starts.
if TYPE_CHECKING:
    from intervisie_tui.domain.protocol import Protocol
    from intervisie_tui.domain.round_fit import RoundAdjustment, RoundMisfit

    # The screen's result, named in a string in the class's bases.
    from intervisie_tui.domain.session import Session  # noqa: F401
    from intervisie_tui.storage.continuity import GroupDirectory
    from intervisie_tui.storage.groups import LastMeeting

SETUP_COMMANDS = [
    Command("setup-start", "ctrl+s", "start", "keys.start"),
    Command("setup-absent", "space", "toggle_absent", "keys.absent"),
    Command("setup-remove", "delete", "remove_participant", "keys.remove_participant"),
    Command("setup-history", "f2", "history", "keys.history"),
    Command("setup-fit-rounds", "f3", "fit_rounds", "keys.fit_rounds"),
]
FIT_ROUNDS = SETUP_COMMANDS[-1]
# F3 goes round: shorter turns, then more time, then the protocol's own times again.
_NEXT_FIT = {
    Fit.AS_WRITTEN: Fit.SHORTER_TURNS,
    Fit.SHORTER_TURNS: Fit.LONGER,
    Fit.LONGER: Fit.AS_WRITTEN,
}

MIN_PARTICIPANTS = 2
# A protocol's description is there to tell one from another, not to be read in full here
# (`intervisie protocol show` has all of it): two lines leave room for the names.
DESCRIPTION_LINES = 2


class GroupNames(Suggester):
    """Completes a group's name from the groups of the data folder, read when the chair
    first types in the field rather than before the start screen is drawn."""

    def __init__(self, groups: GroupDirectory) -> None:
        super().__init__(case_sensitive=False)
        self.groups = groups
        self._names: list[str] | None = None

    async def get_suggestion(self, value: str) -> str | None:
        """The first known name that starts with `value` (casefolded by Suggester)."""
        if self._names is None:
            self._names = self.groups.names()
        return completion(self._names, value)


class SetupScreen(TranslatedBindings, Screen["Session"]):
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
        *,
        first: ProtocolSummary | None = None,
    ):
        """`first`: the default protocol, shown from its summary until `offer_protocols`
        brings the protocols checked (with no `protocols` given)."""
        super().__init__()
        self.protocols = protocols
        self.first = first
        self.broken = broken
        self.clock = clock
        self.names: list[str] = []
        # Attendance is not membership: a member who is not here is marked, never dropped.
        self.absent: set[str] = set()  # name keys
        self._members: set[str] = set()  # name keys of the group's members
        self.cases: list[PreparedCase] = list(cases or [])
        self._cases_file = ""  # the file `cases` came from, as typed
        self.groups = groups
        self._initial_group = group or ""
        self._group_applied = ""
        self._fit = Fit.AS_WRITTEN  # what to do with rounds that do not fit this group
        self._rounds_shown = False  # the chair has seen that a round does not fit

    def compose(self) -> ComposeResult:
        yield Header()
        # At 80x24 everything fits without scrolling, six names included: the protocol on
        # one line with its description clamped to two, the names on the left, the roles,
        # the cases file and the start button on the right.
        with VerticalScroll(id="setup"):
            with Horizontal(id="setup-protocol-row"):
                yield Label(t("setup.protocol"), id="setup-protocol-label")
                # Select reads a plain string as markup; names from files and typing are Text.
                yield Select(
                    self._protocol_options(),
                    id="setup-protocol",
                    allow_blank=False,
                    compact=True,
                )
            yield ClampedText(DESCRIPTION_LINES, id="setup-description")
            yield Static(id="setup-rounds", markup=False)
            if self.broken:
                yield Static(self._broken_text(), id="setup-broken", markup=False)
            with Horizontal(id="setup-columns"):
                with Vertical(id="setup-people"):
                    if self.groups is not None:
                        yield Label(t("groups.label"), classes="field-label")
                        yield TypingField(
                            value=self._initial_group,
                            on_enter=self._choose_group,
                            placeholder=t("groups.placeholder"),
                            suggester=GroupNames(self.groups),
                            id="setup-group",
                        )
                        yield Static(id="setup-group-status", markup=False)
                    yield Label(t("setup.participants"), classes="field-label")
                    yield TypingField(
                        on_enter=self._add_participant,
                        on_paste=self._paste_participants,
                        placeholder=t("setup.name_placeholder"),
                        id="setup-name",
                    )
                    yield OptionList(id="setup-participants")
                with Vertical(id="setup-side"):
                    yield Label(t("setup.chair"), classes="field-label")
                    yield Select([], id="setup-chair", prompt=t("setup.choose"), compact=True)
                    yield Label(t("setup.case_owner"), classes="field-label")
                    yield Select([], id="setup-owner", prompt=t("setup.owner_later"), compact=True)
                    yield Label(t("setup.note_taker"), classes="field-label")
                    yield Select([], id="setup-note-taker", prompt=t("setup.nobody"), compact=True)
                    yield Checkbox(t("setup.external_chair"), id="setup-external", compact=True)
                    yield Label(t("setup.cases"), classes="field-label")
                    yield TypingField(
                        on_enter=self._read_cases,
                        placeholder=t("setup.cases_placeholder"),
                        id="setup-cases",
                    )
                    yield Static(id="setup-cases-status", markup=False)
                    yield Static(id="setup-error", markup=False)
                    yield Button(
                        t("setup.start"), id="setup-start", variant="primary", compact=True
                    )
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = t("app.title")
        self.sub_title = t("setup.subtitle")
        self._show_description()
        self._show_cases()
        if self._initial_group:
            self._apply_group(self._initial_group)
        self.query_one("#setup-name", Input).focus()

    def _broken_text(self) -> str:
        lines = [t("setup.broken_protocols")]
        for entry in self.broken:
            first = entry.problems[0].located() if entry.problems else ""
            lines.append(f"  {entry.path.name}{first if first.startswith(':') else ': ' + first}")
        return "\n".join(lines)

    def offer_protocols(self, protocols: list[Protocol], broken: list[ProtocolEntry]) -> None:
        """Every protocol, once read after the first frame; the one shown stays chosen."""
        summary_shown = not self.protocols
        shown = self._shown_id()
        self.protocols = protocols
        ids = [protocol.info.id for protocol in protocols]
        select = self.query_one("#setup-protocol", Select)
        with self.prevent(Select.Changed):
            select.set_options(self._protocol_options())
            select.value = ids.index(shown) if shown in ids else 0
        # From a summary to the checked protocol: its rounds can now be fitted to the group.
        if summary_shown or self.protocol.info.id != shown:
            self._show_description()
        if broken and not self.broken:
            self.broken = broken
            notice = Static(self._broken_text(), id="setup-broken", markup=False)
            self.query_one("#setup").mount(notice, after="#setup-rounds")

    def _protocol_options(self) -> list[tuple[Text, int]]:
        if not self.protocols and self.first is not None:
            return [(Text(f"{self.first.name} · {self.first.total_minutes:g} min"), 0)]
        return [
            (Text(f"{protocol.info.name} · {protocol.total_minutes:g} min"), index)
            for index, protocol in enumerate(self.protocols)
        ]

    @property
    def protocol(self) -> Protocol:
        """The chosen protocol, checked (see `_checked`)."""
        value = self.query_one("#setup-protocol", Select).value
        return self.protocols[value if isinstance(value, int) else 0]

    def _shown_id(self) -> str:
        if not self.protocols and self.first is not None:
            return self.first.id
        return self.protocol.info.id

    def _checked(self) -> bool:
        """Whether the protocol shown has been checked; the default shown from its summary
        is checked here if the chair starts before the others are offered. False, with the
        file's problems shown, if it cannot be used."""
        if self.protocols:
            return True
        if self.first is None:
            return False
        from intervisie_tui.storage.protocol_loader import load_protocol

        try:
            self.protocols = [load_protocol(self.first.path)]
        except FileProblems as error:
            self._show_error("\n".join(str(problem) for problem in error.problems[:3]))
            return False
        # Checked, its rounds can be fitted to the group: a round too long is shown now.
        self._show_description()
        return True

    @on(Select.Changed, "#setup-protocol")
    def _show_description(self) -> None:
        if self.protocols:
            name, description = self.protocol.info.name, self.protocol.info.description
        elif self.first is not None:
            name, description = self.first.name, self.first.description
        else:
            return
        text = " ".join((description.strip() or name).split())
        self.query_one("#setup-description", ClampedText).show(Text(text))
        self._fit = Fit.AS_WRITTEN  # another protocol: the chair decides afresh
        self._show_round_fit()

    @property
    def people(self) -> list[str]:
        """The names alone, without the details typed after them."""
        return [parse_participant(line)[0] for line in self.names]

    @property
    def present(self) -> list[str]:
        """The lines of who is here: the meeting's participants."""
        return [
            line for line in self.names if name_key(parse_participant(line)[0]) not in self.absent
        ]

    @property
    def present_people(self) -> list[str]:
        return [parse_participant(line)[0] for line in self.present]

    def _add_participant(self, field: Input) -> None:
        problem = self._add_name(field.value)
        if problem is None:
            field.value = ""
        self._show_error(problem or "")
        self._refresh_people()

    def _paste_participants(self, field: TypingField, lines: list[str]) -> bool:
        """What is pasted goes where the cursor (or the selection) is; when it holds several
        names (a list from an invitation, e-mail recipients), each is added as if Enter
        followed it, and names already on the list are all named in the message, the first
        left in the field, as when it is typed. One name stays in the field, to be finished."""
        start, end = sorted(field.selection)
        value, pasted = field.value, "\n".join(lines)
        names = pasted_names(f"{value[:start]}{pasted}{value[end:]}")
        if len(names) > MAX_PASTED_NAMES:  # nothing is added; the clipboard still has it
            self._show_error(t("setup.paste_too_long", count=len(names), limit=MAX_PASTED_NAMES))
            return True
        if len(names) < 2:
            field.value = names[0] if names else ""
            as_pasted = field.value == f"{value[:start]}{pasted}{value[end:]}"
            field.cursor_position = start + len(pasted) if as_pasted else len(field.value)
            return True
        problems = [(line, self._add_name(line)) for line in names]
        left = [(line, problem) for line, problem in problems if problem is not None]
        field.value = " ".join(left[0][0].split()) if left else ""
        if len(left) > 1:
            people = ", ".join(parse_participant(line)[0] for line, _problem in left)
            self._show_error(t("setup.duplicate_names", names=people))
        else:
            self._show_error(left[0][1] if left else "")
        self._refresh_people()
        return True

    def _add_name(self, typed: str) -> str | None:
        """Add the person typed (a name, with details after commas); the problem, if any."""
        line = " ".join(typed.split())
        name = parse_participant(line)[0]
        if not name:
            return None
        key = name_key(name)
        known = [index for index, person in enumerate(self.people) if name_key(person) == key]
        if known and key in self.absent:  # typed again: here after all
            self.absent.discard(key)
            if line != name:  # with details: these are the ones now
                self.names[known[0]] = line
        elif known:
            return t("setup.duplicate_name", name=name)
        else:
            self.names.append(line)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remove_participant", "toggle_absent"):  # where they act: the names
            return isinstance(self.focused, OptionList) and bool(self.names)
        if action == "history":
            return self.groups is not None
        if action == "fit_rounds":
            return bool(self._misfits())
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_history(self) -> None:
        """The history of the group named above, or of all meetings when none is named."""
        from intervisie_tui.ui.screens.history import HistoryScreen

        if self.groups is not None:
            self.app.push_screen(HistoryScreen(self.groups.data, self.group))

    def _highlighted(self) -> int | None:
        index = self.query_one("#setup-participants", OptionList).highlighted
        return index if index is not None and 0 <= index < len(self.names) else None

    def action_toggle_absent(self) -> None:
        """Not here this time (or here after all); a member stays in the group either way."""
        index = self._highlighted()
        if index is None:
            return
        key = name_key(self.people[index])
        if key in self.absent:
            self.absent.discard(key)
        else:
            self.absent.add(key)
        self._refresh_people()

    def action_remove_participant(self) -> None:
        """Take a name typed by mistake off the list. A member of the group is not removed
        but marked absent: leaving the group is done on purpose, with 'group leave'."""
        index = self._highlighted()
        if index is None:
            return
        name = self.people[index]
        if name_key(name) in self._members:
            self.absent.add(name_key(name))
            self.notify(t("setup.member_stays", name=name), markup=False)
        else:
            del self.names[index]
        self._refresh_people()

    def _refresh_people(self) -> None:
        people = self.query_one("#setup-participants", OptionList)
        highlighted = people.highlighted
        people.clear_options()
        rows = []
        for number, line in enumerate(self.names, 1):
            name, *details = parse_participant(line)
            if name_key(name) in self.absent:
                rows.append(Text(f"{number}. {name} ({t('setup.absent')})", style="dim"))
                continue
            extra = ", ".join(part for part in details if part)
            # One line a name: details that do not fit end in an ellipsis, so that six
            # names stay in view at 80x24.
            line = f"{number}. {name}" + (f" — {extra}" if extra else "")
            rows.append(Text(line, no_wrap=True, overflow="ellipsis"))
        people.add_options(rows)
        if highlighted is not None and rows:
            people.highlighted = min(highlighted, len(rows) - 1)
        names = self.present_people
        for select_id in ("#setup-chair", "#setup-owner", "#setup-note-taker"):
            select = self.query_one(select_id, Select)
            kept = select.value
            select.set_options([(Text(name), name) for name in names])
            if kept in names:
                select.value = kept
        chair = self.query_one("#setup-chair", Select)
        if chair.value is Select.NULL and names:
            chair.value = names[0]
        self._show_round_fit()

    def _choose_group(self, field: Input) -> None:
        """Enter in the group's field: the name it suggests, else the name as typed."""
        self._apply_group(self._suggested_group(field.value) or field.value)

    def _suggested_group(self, typed: str) -> str | None:
        """The known group whose name the field completes `typed` to, as its suggester does
        (the first name that starts with it, in any case), unless `typed` is a group itself.
        A name typed with a space after it is taken as typed: a new group may start like
        an old one."""
        if self.groups is None or not typed or self.groups.get(typed) is not None:
            return None
        return completion(self.groups.names(), typed)

    def _apply_group(self, typed: str) -> None:
        """A known group fills in its members (if nobody is listed yet); a new one is named."""
        field = self.query_one("#setup-group", Input)
        name = " ".join(typed.split())
        status = self.query_one("#setup-group-status", Static)
        self._group_applied = name
        if not name or self.groups is None:
            status.update("")
            return
        group = self.groups.get(name)
        if group is None:
            self._members = set()
            status.update(Text(t("groups.new", name=name)))
        else:
            field.value = self._group_applied = group.name
            self._members = {name_key(member.name) for member in group.members}
            if not self.names:
                self.names = [member.line() for member in group.members]
                self._refresh_people()
            text = t("groups.known", name=group.name, count=len(group.members))
            thread = self.groups.thread(group.name)
            if thread is not None:
                text += "\n" + self._thread_text(thread)
                self._choose_agreed_chair(thread.next_chair)
            status.update(Text(text))
        self.set_focus(self.query_one("#setup-name", Input))

    def refresh_group(self) -> None:
        """Show the group named above again, after its file changed (a copy merged into it)."""
        if self.groups is not None and self._group_applied:
            self._apply_group(self.query_one("#setup-group", Input).value)

    @staticmethod
    def _thread_text(thread: LastMeeting) -> str:
        """Where the group's thread comes from: its last meeting, and from which laptop."""
        date = f"{thread.date:%d-%m-%Y}"
        text = t("groups.thread", date=date, chair=thread.chair) if thread.chair else date
        if thread.source == "handover":
            text += t("groups.thread_handover")
        return t("groups.thread_line", thread=text)

    def _choose_agreed_chair(self, next_chair: str) -> None:
        """The chair agreed on last time, when that person is here."""
        chair = self.query_one("#setup-chair", Select)
        if next_chair and next_chair in self.present_people:
            chair.value = next_chair

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
        status.update(
            Text(t("setup.cases_read", cases=plural(len(self.cases), "count.case"), names=names))
        )
        status.display = bool(self.cases)
        if self.cases:
            status.scroll_visible()

    def _selected(self, select_id: str) -> int | None:
        """The position among those present of who is chosen in `select_id`."""
        value = self.query_one(select_id, Select).value
        present = self.present_people
        return present.index(value) if value in present else None

    def _show_error(self, message: str) -> None:
        error = self.query_one("#setup-error", Static)
        error.update(Text(message))
        error.set_class(bool(message), "-visible")
        if message:
            error.scroll_visible()

    def _too_few(self) -> str:
        """Why the people present are too few to start with, or nothing."""
        if len(self.present) < MIN_PARTICIPANTS:
            return t("setup.too_few", count=MIN_PARTICIPANTS)
        needed = self.protocol.info.min_participants
        if needed is not None and len(self.present) < needed:
            return t("setup.too_few_for_method", count=needed)
        return ""

    def _settled_group(self) -> str | None:
        """The group typed, applied to the screen if it was not yet."""
        group = self.group
        if group is not None and group != self._group_applied:
            field = self.query_one("#setup-group", Input)
            # Ctrl+S from the group's field takes the name it suggests, as Enter would.
            if field.has_focus:
                self._choose_group(field)
            else:
                self._apply_group(field.value)
            group = self.group
        return group

    @on(Button.Pressed, "#setup-start")
    def action_start(self) -> None:
        rounds_shown = self._rounds_shown
        pending = self.query_one("#setup-name", Input)
        if pending.value.strip():
            self._add_participant(pending)
        if not self._checked():
            return
        too_few = self._too_few()
        if too_few:
            self._show_error(too_few)
            return
        if self._misfits() and not rounds_shown:
            return  # the name just added made a round too long: the chair sees that first
        cases_field = self.query_one("#setup-cases", Input)
        if cases_field.value.strip() != self._cases_file and not self._read_cases(cases_field):
            return
        group = self._settled_group()
        chair = self._selected("#setup-chair")
        if chair is None:
            self._show_error(t("setup.no_chair"))
            return
        from intervisie_tui.domain.engine import SessionError, new_session

        protocol, adjustments = self._fitted()
        try:
            session = new_session(
                protocol,
                self.present,
                self.clock,
                chair=chair,
                case_owner=self._selected("#setup-owner"),
                note_taker=self._selected("#setup-note-taker"),
                chair_is_external=self.query_one("#setup-external", Checkbox).value,
                cases=self.cases,
                group=group,
                previous=self.groups.previous(group) if self.groups and group else None,
                round_adjustments=adjustments,
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

    # --- rounds that fit the group ---------------------------------------------------------
    # The protocol file is never changed: the meeting gets a fitted copy of its protocol.

    @property
    def _outside_chair(self) -> bool:
        return self.query_one("#setup-external", Checkbox).value

    def _misfits(self) -> list[RoundMisfit]:
        if not self.is_mounted or not self.protocols:  # a summary has no rounds to fit
            return []
        from intervisie_tui.domain.round_fit import misfits

        size = len(self.present)
        return misfits(self.protocol, size, chair_is_external=self._outside_chair)

    def _fitted(self) -> tuple[Protocol, list[RoundAdjustment]]:
        """This meeting's copy of the protocol, with its rounds fitted as the chair chose."""
        from intervisie_tui.domain.round_fit import fit_rounds

        size = len(self.present)
        return fit_rounds(self.protocol, size, self._fit, chair_is_external=self._outside_chair)

    @on(Checkbox.Changed, "#setup-external")
    def _show_round_fit(self) -> None:
        """Say which rounds do not fit the group as it is now, or how they were fitted."""
        line = self.query_one("#setup-rounds", Static)
        found = self._misfits()
        self._rounds_shown = bool(found)
        line.display = bool(found)
        self.refresh_bindings()
        if not found:
            line.update("")
            return
        from intervisie_tui.outputs.round_fit_texts import adjustment_text, misfit_text

        protocol = self.protocol
        people = plural(len(self.present), "count.participant")
        key = self._fit_key()
        if self._fit is Fit.AS_WRITTEN:
            lines = [t("setup.rounds_misfit", people=people)]
            lines += [f"• {misfit_text(protocol, misfit)}" for misfit in found]
            lines.append(t("setup.rounds_offer", key=key))
        else:
            fitted, adjustments = self._fitted()
            lines = [t("setup.rounds_fitted", people=people)]
            lines += [f"• {adjustment_text(protocol, each)}" for each in adjustments]
            if self._fit is Fit.SHORTER_TURNS:
                lines.append(t("setup.rounds_offer_longer", key=key))
            else:
                total = number_text(fitted.total_minutes)
                lines.append(t("setup.rounds_offer_as_written", minutes=total, key=key))
        line.update(Text("\n".join(lines)))

    def _fit_key(self) -> str:
        from intervisie_tui.ui.screens.help import key_name

        return key_name(keys_for(self, FIT_ROUNDS).split(",")[0])

    def action_fit_rounds(self) -> None:
        """Shorter turns, more time, or the protocol's own times: for this meeting only."""
        self._fit = _NEXT_FIT[self._fit]
        self._show_round_fit()
