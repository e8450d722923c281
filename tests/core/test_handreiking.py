"""The built-in 'handreiking' protocol and how protocols are found (protocol_library)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.storage.protocol_library import (
    ProtocolEntry,
    builtin_protocols_dir,
    discover,
    protocol_file,
)
from intervisie_tui.storage.protocol_loader import check_protocol

from .conftest import DATA, HANDREIKING


def by_id(entries: list[ProtocolEntry], protocol_id: str) -> list[ProtocolEntry]:
    return [entry for entry in entries if entry.id == protocol_id]


@pytest.fixture(scope="module")
def builtin() -> Protocol:
    (entry,) = by_id(discover(), "handreiking")
    assert entry.builtin
    assert entry.problems == ()
    assert entry.protocol is not None
    return entry.protocol


def test_builtin_folder_holds_the_handreiking():
    # From a wheel the folder is inside the installed package; from a checkout it is the
    # repository's protocols/. Either way it holds the same file.
    folder = builtin_protocols_dir()
    assert (folder / "handreiking.toml").read_bytes() == HANDREIKING.read_bytes()


def test_the_builtin_file_has_no_problems_at_all():
    protocol, problems = check_protocol(HANDREIKING.read_bytes(), "handreiking.toml")
    assert protocol is not None
    assert problems == []  # not even a warning: all sub-steps fit their phase


def test_every_builtin_protocol_loads():
    entries = [entry for entry in discover() if entry.builtin]
    assert entries
    assert [(entry.path.name, entry.problems) for entry in entries if entry.problems] == []


def test_no_builtin_protocol_has_even_a_warning():
    # A facilitator copies a built-in to start from: it must pass `protocol check` cleanly
    # (a silent step that also asked for notes once did not).
    found = {
        path.name: [problem.message for problem in check_protocol(path.read_bytes(), path.name)[1]]
        for path in sorted(builtin_protocols_dir().glob("*.toml"))
    }
    assert len(found) >= 13
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_phases_numbers_and_minutes(builtin: Protocol):
    assert builtin.info.id == "handreiking"
    assert builtin.info.language == "nl"
    assert [phase.id for phase in builtin.phases] == [
        "kennismaken",
        "keuze-casus",
        "verdieping",
        "collegiaal-advies",
        "delen",
        "evaluatie",
    ]
    assert [builtin.display_number(i) for i in range(len(builtin.phases))] == [1, 3, 4, 5, 6, 7]
    assert [phase.minutes for phase in builtin.phases] == [15, 5, 15, 20, 10, 10]
    assert builtin.total_minutes == 75


def test_only_delen_is_optional(builtin: Protocol):
    assert [phase.id for phase in builtin.phases if phase.optional] == ["delen"]


def test_sub_steps(builtin: Protocol):
    steps = {phase.id: [(s.title, s.minutes) for s in phase.steps] for phase in builtin.phases}
    assert steps == {
        "kennismaken": [
            ("Voorstelronde", 4),
            ("Casussen in één minuut", 8),
            ("Rollen afspreken", 3),
        ],
        "keuze-casus": [],
        "verdieping": [
            ("Vertellen", 4),
            ("Vragen noteren in stilte", 2),
            ("Verduidelijkende vragen", 6),
            ("Kern van het probleem", 3),
        ],
        "collegiaal-advies": [("Adviseren", 14), ("Concluderen", 6)],
        "delen": [],
        "evaluatie": [("Terugblik", 6), ("Afspraken voor de volgende keer", 4)],
    }
    for phase in builtin.phases:
        if phase.steps:
            assert sum(step.minutes for step in phase.steps) == phase.minutes


def test_capture_kinds(builtin: Protocol):
    capture = {phase.id: set(phase.capture) for phase in builtin.phases}
    assert {NoteKind.CASE_CANDIDATE} <= capture["kennismaken"]
    assert {NoteKind.CHOSEN_CASE} <= capture["keuze-casus"]
    assert {NoteKind.QUESTION, NoteKind.CORE_PROBLEM} <= capture["verdieping"]
    assert {NoteKind.ADVICE, NoteKind.CHOSEN_ADVICE, NoteKind.NEXT_STEP} <= capture[
        "collegiaal-advies"
    ]
    assert {NoteKind.SHARING} <= capture["delen"]
    assert {NoteKind.EVALUATION, NoteKind.AGREEMENT} <= capture["evaluatie"]
    assert all(phase.prompt.strip() for phase in builtin.phases)


# --- discover ----------------------------------------------------------------------------


def test_discover_without_a_user_folder(tmp_path: Path):
    assert [e.id for e in discover()] == [e.id for e in discover(tmp_path / "bestaat-niet")]
    assert all(entry.builtin and not entry.overrides_builtin for entry in discover())


def test_a_user_protocol_with_the_same_id_replaces_the_builtin(tmp_path: Path):
    own = tmp_path / "mijn-handreiking.toml"
    own.write_text(
        HANDREIKING.read_text(encoding="utf-8").replace(
            'name = "Handreiking intervisie"', 'name = "Onze eigen handreiking"'
        ),
        encoding="utf-8",
    )
    entries = discover(tmp_path)
    (entry,) = by_id(entries, "handreiking")
    assert entry.path == own
    assert entry.builtin is False
    assert entry.overrides_builtin is True
    assert entry.protocol is not None
    assert entry.protocol.info.name == "Onze eigen handreiking"
    assert entries[-1] == entry  # user protocols come after the built-in ones


def test_a_user_protocol_with_a_new_id_sits_beside_the_builtin(tmp_path: Path):
    shutil.copy(DATA / "valid-minimal.toml", tmp_path / "klein.toml")
    entries = discover(tmp_path)
    (builtin,) = by_id(entries, "handreiking")
    (own,) = by_id(entries, "klein")
    assert builtin.builtin and not own.builtin
    assert own.overrides_builtin is False
    assert entries.index(builtin) < entries.index(own)


def test_an_invalid_user_file_is_listed_with_its_problems(tmp_path: Path):
    shutil.copy(DATA / "mijn-protocol.toml", tmp_path / "mijn-protocol.toml")
    shutil.copy(DATA / "valid-minimal.toml", tmp_path / "klein.toml")
    entries = discover(tmp_path)
    (broken,) = by_id(entries, "mijn-protocol")  # no protocol: the id is the file's stem
    assert broken.protocol is None
    assert broken.builtin is False
    assert broken.overrides_builtin is False
    assert [str(p) for p in broken.problems] == [
        f"{tmp_path / 'mijn-protocol.toml'}:12: fase 3 'Verdieping', sleutel 'minutes': "
        'verwacht een aantal minuten, kreeg "tien"'
    ]
    assert by_id(entries, "klein")[0].protocol is not None
    assert len(by_id(entries, "handreiking")) == 1


def test_an_invalid_user_file_named_like_the_builtin_does_not_hide_it(tmp_path: Path):
    (tmp_path / "handreiking.toml").write_text("[protocol\n", encoding="utf-8")
    entries = discover(tmp_path)
    found = by_id(entries, "handreiking")
    assert [(entry.builtin, entry.protocol is not None) for entry in found] == [
        (True, True),
        (False, False),
    ]
    assert found[1].overrides_builtin is False
    assert found[1].problems[0].line == 1


def test_the_case_pitches_and_the_advice_go_round_and_the_questions_are_written_in_silence(
    builtin: Protocol,
):
    steps = {step.title: step for phase in builtin.phases for step in phase.steps}
    pitches = steps["Casussen in één minuut"].round
    assert pitches is not None and (pitches.minutes_per_person, pitches.case_owner) == (1, True)
    advice = steps["Adviseren"].round
    assert advice is not None and (advice.minutes_per_person, advice.case_owner) == (2, False)
    assert steps["Vragen noteren in stilte"].silent


def test_a_protocol_is_named_by_its_file_or_by_its_id(tmp_path):
    own = tmp_path / "eigen"
    own.mkdir()
    balint = builtin_protocols_dir() / "balintmethode.toml"
    assert protocol_file("balintmethode", own) == balint
    assert protocol_file(str(balint), own) == balint
    assert protocol_file("bestaat-niet", own) == Path("bestaat-niet")  # said by the loader
