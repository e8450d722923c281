"""Anonymising: every name a group has ever had, nicknames, phone numbers and e-mail addresses
go; a person keeps one stand-in through an export."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from intervisie_tui.cli.main import main
from intervisie_tui.domain.anonymise import (
    Person,
    Pseudonyms,
    folded,
    roster,
    without_contact_details,
)
from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.outputs.export import export_rows
from intervisie_tui.outputs.report import render
from intervisie_tui.storage.groups import Group, GroupStore, Member
from intervisie_tui.storage.paths import groups_dir, sessions_dir
from intervisie_tui.storage.roster import group_roster
from intervisie_tui.storage.store import SessionStore

pytestmark = pytest.mark.usefixtures("utc")

GROUP = "Opleiden Noord"
MEMBERS = [
    Member(name="Femke de Jong", role="coördinator", nicknames=["Fem"]),
    Member(name="Gijs Bakker", nicknames=["Gijsje", "de Bakker"]),
    Member(name="Chloë Smit"),
    Member(name="Daan Vos"),
]


def meeting(
    protocol: Protocol, clock: FakeClock, people: list[str], notes: list[tuple[str, str]]
) -> Session:
    """A meeting of the group: `people` (the first chairs), notes as (author, text)."""
    session = new_session(protocol, people, clock, chair=0, group=GROUP)
    engine = SessionEngine(session, clock)
    engine.start()
    ids = {p.name: p.id for p in session.participants}
    for author, text in notes:
        engine.add_note(NoteKind.NOTE, text, author=ids.get(author))
    clock.advance(minutes=5)
    engine.finish()
    return session


@pytest.fixture
def first(handreiking: Protocol, clock: FakeClock) -> Session:
    return meeting(
        handreiking,
        clock,
        ["Daan Vos", "Gijs Bakker", "Femke de Jong"],
        [("Gijs Bakker", "Bel Femke op +31 6 1234 5678 of femke.dejong@school.nl")],
    )


@pytest.fixture
def second(first: Session, handreiking: Protocol, clock: FakeClock) -> Session:
    """Femke and Chloë are not there; they are named all the same."""
    clock.advance(minutes=14 * 24 * 60)
    return meeting(
        handreiking,
        clock,
        ["Daan Vos", "Gijs Bakker"],
        [
            ("Gijs Bakker", "Vraag Femke hoe haar regio het doet"),
            ("Daan Vos", "Gijsje had gelijk, en Femkes idee ook; Chloe belt 06-12345678"),
            ("Daan Vos", "Op 14-12-2026 van 09.00-10.30 uur, zaal 2026, 12 scholen"),
            ("Gijs Bakker", "Fem's plan, CHLOË's plan en de tip van Gijs"),
        ],
    )


NAMES = ["Femke", "Jong", "Gijs", "Gijsje", "Bakker", "Chloë", "Chloe", "Smit", "Daan", "Vos"]


def assert_no_names(text: str) -> None:
    for name in [*NAMES, "Fem"]:
        assert not re.search(rf"(?<!\w){name}(?!\w)", text, re.IGNORECASE), (name, text)
    for contact in ("1234 5678", "12345678", "school.nl", "dejong@"):
        assert contact not in text, (contact, text)


# --- the domain ----------------------------------------------------------------------------


def test_phone_numbers_and_e_mail_addresses_go_dates_and_times_stay():
    text = (
        "Bel +31 6 1234 5678, +31 (0)6 12345678, 0031 20 123 4567, 06-12345678, 020 123 4567 "
        "of 0612345678; mail f.de.jong+intervisie@school.example.nl. "
        "Op 14-12-2026 om 09.00-10.30 uur, 2026-01-12, versie 1.2.3, 12 scholen, 75 min."
    )
    cleaned = without_contact_details(text)
    assert cleaned.count("[telefoonnummer]") == 6 and cleaned.count("[e-mailadres]") == 1
    assert cleaned.endswith(
        "Op 14-12-2026 om 09.00-10.30 uur, 2026-01-12, versie 1.2.3, 12 scholen, 75 min."
    )


def test_names_whole_words_any_case_accents_genitives_and_parts():
    stand_ins = Pseudonyms([Person("Chloë Smit"), Person("Femke de Jong", ("Fem",))])
    assert stand_ins.replace(
        "chloe, CHLOË, Chloé en Smit; Femke's en Femkes plan; Fem; FEMKE DE  JONG; "
        "Femkeline en Smitse blijven"
    ) == (
        "Deelnemer A, Deelnemer A, Deelnemer A en Deelnemer A; Deelnemer B's en Deelnemer B's "
        "plan; Deelnemer B; Deelnemer B; Femkeline en Smitse blijven"
    )
    assert folded(" Chloë\n Smit ") == "chloe smit"


def test_a_part_two_people_share_says_nobody_a_full_name_always_one():
    stand_ins = Pseudonyms([Person("Anna Bos"), Person("Anna"), Person("Bram Bos")])
    assert stand_ins.replace("Anna Bos, Anna, Bos en Bram") == (
        "Deelnemer A, Deelnemer B, (naam) en Deelnemer C"
    )


def test_the_roster_is_everyone_of_every_meeting_then_the_absent_members(
    first: Session, second: Session
):
    people = roster([second, first], [Person(m.name, tuple(m.nicknames)) for m in MEMBERS])
    assert [person.name for person in people] == [
        "Daan Vos",
        "Gijs Bakker",
        "Femke de Jong",
        "Chloë Smit",
    ]
    assert people[1].nicknames == ("Gijsje", "de Bakker")


def test_one_stand_in_per_person_through_an_export(first: Session, second: Session):
    members = [Person(m.name, tuple(m.nicknames)) for m in MEMBERS]
    rows = export_rows([first, second], anonymise=True, people=members)
    authors = {(row["session_id"], row["author"]) for row in rows}
    # Gijs wrote in both meetings: the same letter both times, although the meetings' lists
    # differ (Femke came only to the first).
    assert {author for _, author in authors} == {"Deelnemer A", "Deelnemer B"}
    by_meeting = {}
    for row in rows:
        by_meeting.setdefault(row["author"], set()).add(row["session_id"])
    assert by_meeting["Deelnemer B"] == {first.id, second.id}  # Gijs
    texts = [str(row["text"]) for row in rows]
    assert texts[0] == "Bel Deelnemer C op [telefoonnummer] of [e-mailadres]"
    assert texts[1] == "Vraag Deelnemer C hoe haar regio het doet"  # Femke, absent that day
    assert texts[2] == (
        "Deelnemer B had gelijk, en Deelnemer C's idee ook; Deelnemer D belt [telefoonnummer]"
    )
    assert_no_names(json.dumps(rows, ensure_ascii=False))


def test_a_report_names_roles_and_letters_and_knows_absent_members(first: Session, second: Session):
    members = [Person(m.name, tuple(m.nicknames)) for m in MEMBERS]
    text = render(second, anonymise=True, people=roster([first, second], members))
    assert_no_names(text)
    assert "- **Deelnemer A**: Vraag Deelnemer B hoe haar regio het doet" in text
    assert "Gespreksleider" in text  # Daan chaired this one
    # Without the roster the absent member stays: that is what the roster is for.
    assert "Femke" in render(second, anonymise=True)


# --- the group file ------------------------------------------------------------------------


def test_an_old_group_file_without_nicknames_still_loads(tmp_path: Path):
    folder = tmp_path / "groups"
    folder.mkdir()
    (folder / "opleiden-noord.json").write_text(
        json.dumps({"name": GROUP, "members": [{"name": "Femke de Jong", "role": "ib'er"}]}),
        encoding="utf-8",
    )
    group = GroupStore(folder).get(GROUP)
    assert group is not None and group.members[0].nicknames == []


def test_nicknames_stay_when_the_next_meeting_is_remembered(tmp_path: Path, second: Session):
    store = GroupStore(tmp_path / "groups")
    store.save(Group(name=GROUP, members=MEMBERS))
    remembered = store.remember_meeting(second)
    assert remembered is not None
    # Who was absent stays a member; everyone keeps their nicknames.
    assert [(m.name, m.nicknames) for m in remembered.members] == [
        ("Femke de Jong", ["Fem"]),
        ("Gijs Bakker", ["Gijsje", "de Bakker"]),
        ("Chloë Smit", []),
        ("Daan Vos", []),
    ]


# --- the command line ----------------------------------------------------------------------


@pytest.fixture
def data(tmp_path: Path, first: Session, second: Session) -> Path:
    data = tmp_path / "data"
    store = SessionStore(sessions_dir(data))
    for session in (first, second):
        store.save(session)
    GroupStore(groups_dir(data)).save(Group(name=GROUP, members=MEMBERS))
    return data


def test_the_roster_of_a_group_comes_from_its_logs_and_its_file(data: Path, second: Session):
    people = group_roster(data, [second])
    assert [p.name for p in people] == ["Daan Vos", "Gijs Bakker", "Femke de Jong", "Chloë Smit"]
    assert people[2].nicknames == ("Fem",)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_anonymised_on_the_command_line(data: Path, second: Session, capsys, fmt: str):
    status = main(["--data-dir", str(data), "report", second.id, "--anonymise", "--format", fmt])
    out = capsys.readouterr().out
    assert status == 0
    assert_no_names(out.replace("&#x27;", "'"))
    assert "Vraag Deelnemer B hoe haar regio het doet" in out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_anonymised_on_the_command_line(data: Path, capsys, fmt: str):
    options = ["export", "--group", GROUP, "--anonymise", "--format", fmt]
    status = main(["--data-dir", str(data), *options])
    out = capsys.readouterr().out
    assert status == 0
    assert_no_names(out)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        gijs = {row["session_id"] for row in rows if row["author"] == "Deelnemer B"}
        assert len(gijs) == 2  # followed through both meetings
