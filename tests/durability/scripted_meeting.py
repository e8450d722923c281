"""A scripted meeting for the SIGKILL test: the engine and the store on a fake clock.

Usage: python scripted_meeting.py FOLDER NOTES

Saves after every change, as the app does, and prints `saved N` (N: the notes in the log)
each time a save has returned. After the script it waits on stdin, so that the test's kill
always finds it alive; the test kills it at a random moment, usually in the middle of saving.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore

PROTOCOL = Path(__file__).resolve().parents[1] / "data" / "engine-fixture.toml"
NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva", "Femke"]
# Long enough that a log of many notes takes more than one write() to the disk.
FILLER = "Wat heb je al geprobeerd, en wat gebeurde er toen precies met de stagiairs? " * 2


def note_text(number: int) -> str:
    """The text of note `number`, so that the test knows exactly what each log must hold."""
    return f"notitie {number}: {FILLER}".strip()  # the engine trims notes


def main(folder: Path, notes: int) -> None:
    clock = FakeClock()
    store = SessionStore(folder)

    def save(session: Session) -> None:
        print("saving", flush=True)  # the test may kill it right now, inside the save
        store.save(session)
        print(f"saved {len(session.notes)}", flush=True)

    session = new_session(load_protocol(PROTOCOL), NAMES, clock, chair=0)
    engine = SessionEngine(session, clock, on_change=save)
    save(session)
    engine.start()
    for number in range(notes):
        clock.advance(seconds=20)
        author = f"p{2 + number % (len(NAMES) - 1)}"
        engine.add_note(NoteKind.NOTE, note_text(number), author=author)
        if number % 7 == 6:
            engine.extend(1)
        if number % 25 == 24:
            engine.next()
    engine.finish()
    print("done", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
