"""A group's history over a generated year of 24 meetings, checked against the plans the
meetings were generated from; and the logs of earlier versions of the app."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from statistics import mean

import pytest
from rich.console import Console

from intervisie_tui.domain.session import Session
from intervisie_tui.i18n import set_language
from intervisie_tui.outputs.history import History, build_history, history_document, short_date
from intervisie_tui.outputs.history import render as render_history
from intervisie_tui.outputs.render_terminal import renderables
from intervisie_tui.outputs.report import render
from intervisie_tui.storage.groups import DEFAULT_THEMES, Group, Member
from intervisie_tui.storage.store import load_session

from ..meeting_year import ABSENT_MEMBER, ATTENDEES, GROUP, MEETINGS, Plan, plans, run

pytestmark = pytest.mark.usefixtures("utc")  # dates as the laptop shows them

OLD_LOGS = Path(__file__).resolve().parents[1] / "data" / "sessions"


@pytest.fixture(scope="module")
def generated() -> tuple[list[Plan], list[Session]]:
    made = plans()
    return made, [run(plan) for plan in made]


@pytest.fixture
def year_plans(generated) -> list[Plan]:
    return generated[0]


@pytest.fixture
def sessions(generated) -> list[Session]:
    return [session.model_copy(deep=True) for session in generated[1]]


@pytest.fixture
def record() -> Group:
    members = [Member(name=name) for name in [*ATTENDEES, ABSENT_MEMBER]]
    return Group(name=GROUP, members=members)


@pytest.fixture
def history(sessions: list[Session], record: Group) -> History:
    return build_history(sessions, GROUP, record)


def test_the_year_is_what_the_test_needs(year_plans: list[Plan]):
    """The generated data exercises every rule: two protocols, a skipped optional phase,
    phases over and under their plan, an unfinished meeting, members without a case."""
    assert len(year_plans) == MEETINGS == 24
    assert len({plan.protocol.info.id for plan in year_plans}) == 2
    assert not year_plans[-1].finished and all(plan.finished for plan in year_plans[:-1])
    minutes = [
        (m, phase.minutes)
        for plan in year_plans
        for m, phase in zip(plan.minutes, plan.protocol.phases, strict=True)
    ]
    assert any(m < 1 for m, _ in minutes)
    assert any(m > planned for m, planned in minutes)
    assert any(1 <= m < planned for m, planned in minutes)
    assert {plan.owner for plan in year_plans} < set(ATTENDEES)


# --- the meetings --------------------------------------------------------------------------


def test_the_meetings_oldest_first(history: History, year_plans: list[Plan]):
    # Built from the logs in any order, listed in the order they were held.
    assert [
        (m.date, m.protocol_name, m.case_owner, m.case, list(m.themes), m.finished)
        for m in history.meetings
    ] == [
        (p.start, p.protocol.info.name, p.owner, p.case, p.themes, p.finished) for p in year_plans
    ]


def test_only_the_meetings_of_the_group(sessions: list[Session], year_plans: list[Plan]):
    other = run(year_plans[3], group="Zorgcoördinatoren Zuid")
    mixed = [other, *reversed(sessions)]
    history = build_history(mixed, " opleidingsscholen  NOORD ")
    assert [m.session_id for m in history.meetings] == [s.id for s in sessions]
    assert history.group == GROUP  # as the chair spelled it
    everything = build_history(mixed)
    assert len(everything.meetings) == MEETINGS + 1
    assert everything.group is None


# --- who has not brought a case ------------------------------------------------------------


def test_members_without_a_case_from_the_group(history: History, year_plans: list[Plan]):
    owners = {plan.owner for plan in year_plans}
    expected = [name for name in [*ATTENDEES, ABSENT_MEMBER] if name not in owners]
    assert ABSENT_MEMBER in expected and len(expected) >= 3
    assert list(history.without_case) == expected
    assert list(history.members) == [*ATTENDEES, ABSENT_MEMBER]


def test_without_a_group_file_everyone_who_came_is_a_member(
    sessions: list[Session], year_plans: list[Plan]
):
    history = build_history(sessions, GROUP)
    came: list[str] = []
    for plan in year_plans:
        came += [name for name in plan.people if name not in came]
    owners = {plan.owner for plan in year_plans}
    assert list(history.members) == came
    assert list(history.without_case) == [name for name in came if name not in owners]
    assert ABSENT_MEMBER not in history.without_case


# --- themes --------------------------------------------------------------------------------


def test_theme_counts(sessions: list[Session], year_plans: list[Plan]):
    expected = Counter(theme for plan in year_plans for theme in plan.themes)
    history = build_history(sessions, GROUP)
    assert dict(history.themes) == dict(expected)
    counts = [count for _, count in history.themes]
    assert counts == sorted(counts, reverse=True)


def test_the_most_frequent_theme_comes_first(sessions: list[Session]):
    tagged = [["Zeldzaam"], ["Vaak"], ["Vaak", "Vaak"], ["Vaak"]]  # twice in one counts once
    for index, session in enumerate(sessions):
        session.themes = tagged[index] if index < len(tagged) else []
    assert build_history(sessions, GROUP).themes == (("Vaak", 3), ("Zeldzaam", 1))


def test_the_groups_own_themes_show_also_when_unused(sessions: list[Session], record: Group):
    record.themes = [*DEFAULT_THEMES, "Onderzoek in de school"]
    counts = dict(build_history(sessions, GROUP, record).themes)
    assert counts["Onderzoek in de school"] == 0
    assert set(counts) == set(record.themes)


# --- time per phase ------------------------------------------------------------------------


def expected_timing(year_plans: list[Plan]) -> dict[str, dict[str, tuple[float | None, int, int]]]:
    """Per protocol and phase: the average minutes over plan, how many meetings it is over,
    and how often the phase was skipped, from the plans alone."""
    expected: dict[str, dict[str, tuple[float | None, int, int]]] = {}
    for protocol_id in dict.fromkeys(plan.protocol.info.id for plan in year_plans):
        finished = [p for p in year_plans if p.finished and p.protocol.info.id == protocol_id]
        phases = finished[0].protocol.phases
        expected[protocol_id] = {}
        for index, phase in enumerate(phases):
            ran = [p.minutes[index] - phase.minutes for p in finished if p.minutes[index] >= 1]
            skipped = sum(1 for p in finished if p.minutes[index] < 1)
            expected[protocol_id][phase.id] = (mean(ran) if ran else None, len(ran), skipped)
    return expected


def test_average_over_and_under_per_phase(history: History, year_plans: list[Plan]):
    expected = expected_timing(year_plans)
    found = {
        drift.protocol_id: {
            phase.phase_id: (phase.average_over_minutes, phase.meetings, phase.skipped)
            for phase in drift.phases
        }
        for drift in history.timing
    }
    assert found.keys() == expected.keys()
    for protocol_id, phases in expected.items():
        assert list(found[protocol_id]) == list(phases)
        for phase_id, (average, meetings, skipped) in phases.items():
            got = found[protocol_id][phase_id]
            assert got[1:] == (meetings, skipped), (protocol_id, phase_id)
            assert got[0] == pytest.approx(average), (protocol_id, phase_id)
    counts = {drift.protocol_id: drift.meetings for drift in history.timing}
    assert counts == Counter(p.protocol.info.id for p in year_plans if p.finished)


def test_an_unfinished_meeting_does_not_count_for_time(
    sessions: list[Session], year_plans: list[Plan]
):
    before = build_history(sessions[:-1], GROUP).timing
    assert build_history(sessions, GROUP).timing == before


# --- evaluations ---------------------------------------------------------------------------


def test_evaluations_side_by_side(history: History, year_plans: list[Plan]):
    expected = [
        (plan.start, plan.owner, plan.case, plan.evaluations)
        for plan in year_plans
        if plan.finished  # the unfinished meeting never reached its evaluation
    ]
    found = [
        (
            round_.date,
            round_.case_owner,
            round_.case,
            [(e.person, e.text, e.take_home, e.learning) for e in round_.evaluations],
        )
        for round_ in history.evaluations
    ]
    assert found == expected


def test_anonymised_every_name_of_the_group_goes_also_an_absent_members_nickname(
    sessions: list[Session], record: Group
):
    """Anonymised, a meeting's texts lose the names of members absent that day and the
    nicknames the group file lists; the case owner is still named by the role."""
    from intervisie_tui.domain.notes import NoteKind

    record.members[-1].nicknames = ["Hannie"]
    session = next(s for s in sessions if s.finished_at is not None)
    index, evaluation = next(
        (i, n) for i, n in enumerate(session.notes) if n.kind is NoteKind.EVALUATION
    )
    text = f"{ABSENT_MEMBER} en Hannie misten we vandaag"
    session.notes[index] = evaluation.model_copy(update={"text": text})
    text = render_history(build_history(sessions, GROUP, record, anonymise=True))
    assert "Hanna" not in text and "Vos" not in text and "Hannie" not in text
    assert "misten we vandaag" in text and "Inbrenger" in text


# --- text ----------------------------------------------------------------------------------


def dutch_minutes(value: float) -> str:
    tenths = round(value * 10)
    if tenths == 0:
        return "0"
    return ("+" if tenths > 0 else "−") + f"{abs(tenths) / 10:.1f}".replace(".", ",")


def table_cells(markdown: str) -> dict[str, list[str]]:
    """The cells of each table row by the text of its first cell."""
    rows = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|-"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_the_history_reads_at_80_columns(history: History, year_plans: list[Plan]):
    text = render_history(history)
    assert all(len(line) <= 80 for line in text.splitlines()), max(text.splitlines(), key=len)
    lines = text.splitlines()
    assert lines[0] == f"# Geschiedenis van de intervisiegroep {GROUP}"
    assert lines[2].startswith("**Vertrouwelijk")
    first, last = year_plans[0], year_plans[-1]
    assert f"24 bijeenkomsten, van {short_date(first.start)} tot en met" in text
    assert f"- {short_date(last.start)} · {last.protocol.info.name} (niet afgerond)" in lines
    assert f"- {short_date(first.start)} · {first.protocol.info.name}" in lines
    assert f"  Inbrenger: {first.owner}" in lines
    assert f"  Casus: {first.case}" in lines
    without = text.split("## Nog geen casus ingebracht\n\n")[1].split("\n\n")[0]
    assert without.splitlines() == [f"- {name}" for name in history.without_case]


def test_the_time_table_in_text(history: History, year_plans: list[Plan]):
    cells = table_cells(render_history(history))
    for protocol_id, phases in expected_timing(year_plans).items():
        protocol = next(p.protocol for p in year_plans if p.protocol.info.id == protocol_id)
        for number, phase in enumerate(protocol.phases):
            average, meetings, _ = phases[phase.id]
            row = cells[f"{protocol.display_number(number)} {phase.title}"]
            shown = dutch_minutes(average) if average is not None else "–"
            assert row[:3] == [f"{phase.minutes:g}", shown, str(meetings)]
    themes = Counter(theme for plan in year_plans for theme in plan.themes)
    for theme, count in themes.items():
        assert cells[theme] == [str(count)]


def test_the_history_in_english(history: History):
    set_language("en")
    text = render_history(history)
    assert text.startswith(f"# History of the intervision group {GROUP}\n")
    for heading in ("Meetings", "Not brought a case yet", "Themes", "Time per phase"):
        assert f"\n## {heading}\n" in text
    assert "Case owner: " in text and "Inbrenger" not in text


def test_names_and_notes_are_not_markup(sessions: list[Session]):
    session = sessions[0]
    owner = session.participant(session.case_owner)
    assert owner is not None
    owner.name = "Anna *de* [Vries]"
    case = next(note for note in session.notes if note.kind == "chosen_case")
    session.notes[session.notes.index(case)] = case.model_copy(update={"text": "# kop | pijp"})
    history = build_history([session])
    text = render_history(history)
    assert r"  Inbrenger: Anna \*de\* \[Vries\]" in text.splitlines()
    assert r"  Casus: # kop \| pijp" in text.splitlines()
    console = Console(width=80, record=True, color_system=None)
    for renderable in renderables(history_document(history)):
        console.print(renderable)
    shown = [line.rstrip() for line in console.export_text().splitlines()]
    assert "  Inbrenger: Anna *de* [Vries]" in shown
    assert "  Casus: # kop | pijp" in shown


def test_the_renderables_for_a_screen(history: History, year_plans: list[Plan]):
    console = Console(width=80, record=True, color_system=None)
    for renderable in renderables(history_document(history)):
        console.print(renderable)
    shown = console.export_text()
    assert f"Geschiedenis van de intervisiegroep {GROUP}" in shown
    assert all(f"Casus: {plan.case}" in shown for plan in year_plans)
    assert all(f"• {name}" in shown for name in history.without_case)
    assert "Overgeslagen" in shown


def test_no_meetings_yet():
    history = build_history([], GROUP)
    assert history.meetings == () and history.without_case == ()
    assert "Er zijn nog geen bijeenkomsten." in render_history(history)


# --- logs of earlier versions --------------------------------------------------------------


def contained(old: object, new: object) -> bool:
    """True when `new` holds everything `old` does: the same values, and perhaps more keys."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(
            key in new and contained(value, new[key]) for key, value in old.items()
        )
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(old) == len(new)
            and all(contained(a, b) for a, b in zip(old, new, strict=True))
        )
    return old == new


def old_logs() -> list[Path]:
    return sorted(OLD_LOGS.glob("*.json"))


def test_there_are_logs_of_earlier_versions():
    """Made by the app at commit dbcf68c (step 1) and 654f9f0 (step 3): no group, themes,
    look back, votes, fields or note-taker."""
    keys = [set(json.loads(path.read_text(encoding="utf-8"))) for path in old_logs()]
    assert len(keys) >= 2
    assert all(not ({"group", "themes", "previous"} & found) for found in keys)
    assert any("note_taker" not in found for found in keys)


@pytest.mark.parametrize("path", old_logs(), ids=lambda path: path.name)
def test_an_old_log_opens_without_loss(path: Path):
    document = json.loads(path.read_text(encoding="utf-8"))
    session = load_session(path)
    assert session.group is None and session.themes == [] and session.previous is None
    assert [note.text for note in session.notes] == [note["text"] for note in document["notes"]]
    assert [p.name for p in session.participants] == [p["name"] for p in document["participants"]]
    # Everything the old log held is still there when it is saved again.
    assert contained(document, json.loads(session.to_json()))
    report = render(session)
    assert all(note["text"] in report for note in document["notes"])


def test_history_over_old_logs():
    sessions = [load_session(path) for path in old_logs()]
    history = build_history(sessions)
    assert len(history.meetings) == len(sessions)
    assert all(meeting.case_owner and meeting.case for meeting in history.meetings)
    assert history.timing and history.timing[0].protocol_id == "handreiking"
    assert history.evaluations
    assert "Bram Jansen" in render_history(history)
