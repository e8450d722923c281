"""One whole meeting run through the real engine, with every kind of note, for the report tests."""

from __future__ import annotations

from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.note_kinds import fields_of
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.protocol import Protocol
from intervisie_tui.domain.session import Session
from intervisie_tui.outputs.report import SECTION_KINDS
from intervisie_tui.storage.protocol_loader import load_protocol

# The frozen copy of the Handreiking the engine tests use: 15, 5, 15, 20, 10 and 10 minutes.
PROTOCOL_FILE = Path(__file__).resolve().parent / "data" / "engine-fixture.toml"

# p1 Anna chairs, p2 Bram brings the case, p3 Carla takes notes.
PEOPLE = [
    "Anna de Vries, coördinator, Noord, 12 scholen",
    "Bram Jansen, opleider, Zuid, 8 scholen",
    "Carla Smit",
    "Daan Bakker, ib'er",
    "Eva",
]
NAMES = ["Anna de Vries", "Bram Jansen", "Carla Smit", "Daan Bakker", "Eva"]
GROUP = "Coördinatoren Noord"
THEMES = ["Samen opleiden", "Professionele ontwikkeling"]
# Minutes each phase really ran, in protocol order, and what the chair added.
ACTUAL_MINUTES = [17, 4, 15, 21, 8, 10]
EXTENDED_MINUTES = [0, 0, 0, 2, 0, 0]

QUESTIONS = [  # asker, question, the owner's answer
    ("p3", "Wat heb je al geprobeerd, Bram?", "Een nieuwsbrief aan alle scholen"),
    ("p4", "Wie zit er in de stuurgroep?", "Alleen bestuurders"),
    ("p5", "Hoe kijkt Anna hier naar?", ""),
]
ADVICE = [
    ("p3", "Koppel elke stagiair aan een maatje"),
    ("p4", "Plan een terugkomdag halverwege het jaar"),
    ("p5", "Vraag anna om de schoolleiders uit te nodigen"),  # typed in lower case
]
EVALUATIONS = [  # who, how it went, takes home, learning
    ("p3", "Goed gesprek", "Het maatjesidee van Carla", "Eerst doorvragen"),
    ("p4", "Fijn om te horen", "Terugkomdag", ""),
]


def protocol() -> Protocol:
    return load_protocol(PROTOCOL_FILE)


def full_meeting(clock: FakeClock, handreiking: Protocol | None = None) -> Session:
    """A finished meeting that records every kind of note, each with its author."""
    session = new_session(handreiking or protocol(), PEOPLE, clock, chair=0, note_taker=2)
    session.group = GROUP
    session.themes = list(THEMES)
    engine = SessionEngine(session, clock)
    engine.start()
    clock.advance(minutes=2)
    engine.agree_to_conduct()
    # 1 kennismaken: 17 minutes
    engine.add_note(NoteKind.CASE_CANDIDATE, "Stagiairs haken af in hun tweede jaar", author="p2")
    engine.add_note(NoteKind.CASE_CANDIDATE, "Schoolleiders zijn weinig betrokken", author="p4")
    clock.advance(minutes=15)
    engine.next()
    # 3 keuze: 4 minutes; the group voted
    engine.add_note(
        NoteKind.CHOSEN_CASE,
        "Stagiairs haken af in hun tweede jaar",
        author="p2",
        fields={"votes": "Bram 3, Daan 1"},
    )
    clock.advance(minutes=4)
    engine.next()
    # 4 verdieping: its steps 4, 2, 6 and 3 minutes
    clock.advance(minutes=4)
    engine.next()
    clock.advance(minutes=2)
    engine.next()
    for asker, question, answer in QUESTIONS:
        engine.add_note(NoteKind.QUESTION, question, author=asker, detail=answer)
    clock.advance(minutes=6)
    engine.next()
    engine.add_note(
        NoteKind.CORE_PROBLEM, "Stagiairs voelen zich in het tweede jaar niet meer gezien"
    )
    clock.advance(minutes=3)
    engine.next()
    # 5 collegiaal advies: 2 minutes added; 15 + 6 minutes, and a pause that does not count
    engine.extend(2)
    for author, advice in ADVICE:
        engine.add_note(NoteKind.ADVICE, advice, author=author)
    clock.advance(minutes=15)
    engine.next()
    engine.add_note(
        NoteKind.CHOSEN_ADVICE,
        "Plan een terugkomdag halverwege het jaar",
        author="p2",
        detail="Dat kan ik zelf regelen, zonder budget",
    )
    engine.add_note(
        NoteKind.NEXT_STEP, "Volgende week de terugkomdag voorstellen aan Daan", author="p2"
    )
    engine.pause()
    clock.advance(minutes=5)
    engine.resume()
    clock.advance(minutes=6)
    engine.next()
    # 6 delen: 8 minutes
    engine.add_note(NoteKind.SHARING, "Bij ons hielp een appgroep per jaarlaag", author="p4")
    clock.advance(minutes=8)
    engine.next()
    # 7 evaluatie: 7 + 3 minutes
    for who, text, take_home, learning in EVALUATIONS:
        fields = {"take_home": take_home, "learning": learning}
        engine.add_note(NoteKind.EVALUATION, text, author=who, fields=fields)
    clock.advance(minutes=7)
    engine.next()
    engine.add_note(
        NoteKind.AGREEMENT,
        "Volgende keer de casus van Daan",
        author="p1",
        fields={
            "date": "14 december, 15.00 uur",
            "setting": "fysiek",
            "place": "Bij Eva op school",
            "chair": "Eva",
        },
    )
    # Every other kind there is (a loose note, and kinds added later) goes to 'other notes'.
    for kind in NoteKind:
        if kind not in SECTION_KINDS:
            fields = {name: f"{name} van Bram\nnog een {name}" for name in fields_of(kind)}
            engine.add_note(kind, f"{kind} over Carla", author="p1", fields=fields)
    clock.advance(minutes=3)
    engine.finish()
    return session
