"""Data folders full of realistic meetings, made once through the engine and kept under /tmp.

Each meeting runs the built-in Handreiking on a fake clock with the real engine, the way
the chair records it: case candidates, the chosen case with votes, questions with their
answers, the core problem, an advice per member, the chosen advice and the next step,
sharing, an evaluation per person and the agreements for next time. A log comes to about
22 KB, like a real meeting's. The meetings belong to groups of seven members that meet
every other week; the newest meeting of each folder is left unfinished, so that a start
offers to resume it.

The folders are made once and kept in FOLDER_ROOT (named after the version of this
generator), so that later runs of the benchmark start at once.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.domain.engine import SessionEngine, new_session
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.session import Session
from intervisie_tui.storage.paths import sessions_dir
from intervisie_tui.storage.protocol_library import builtin_protocols_dir
from intervisie_tui.storage.protocol_loader import load_protocol
from intervisie_tui.storage.store import SessionStore, ensure_private_folder

GENERATOR_VERSION = 1
FOLDER_ROOT = Path(os.environ.get("TMPDIR", "/tmp")) / f"intervisie-bench-logs-v{GENERATOR_VERSION}"
MEETINGS_PER_GROUP = 24  # a year, every other week
FIRST_MEETING = datetime(2024, 1, 8, 13, 0, tzinfo=UTC)

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Femke",
    "Gert",
    "Hanna",
    "Ilse",
    "Joost",
    "Karin",
    "Lotte",
    "Mark",
    "Nora",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "Smit",
    "Bakker",
    "Mulder",
    "de Boer",
    "Hendriks",
    "Vos",
    "Peters",
    "Visser",
]
ROLES = ["coördinator", "zorgcoördinator", "opleider", "schoolleider", "programmamanager"]
REGIONS = ["Noord", "Oost", "Zuid", "West", "Midden", "Randstad"]
WORDS = [
    "stagiairs",
    "school",
    "begeleiding",
    "opleider",
    "samenwerking",
    "overleg",
    "afspraken",
    "rooster",
    "feedback",
    "schoolleider",
    "werkplek",
    "coördinatie",
    "studenten",
    "tweede",
    "jaar",
    "betrokkenheid",
    "vraag",
    "team",
    "ouders",
    "leerlingen",
    "mentor",
    "gesprek",
    "planning",
    "verwachtingen",
    "rol",
    "collega's",
    "bestuur",
    "netwerk",
    "tijd",
    "structuur",
    "praktijk",
    "kwaliteit",
    "evaluatie",
    "ambitie",
    "ervaring",
]
WORD_SCALE = 0.4  # brings a log to about 22 KB
THEMES = ["Samen opleiden", "Inductie", "Professionalisering", "Kwaliteitszorg", "Onderzoek"]


def _sentence(rng: random.Random, low: int = 8, high: int = 24, end: str = ".") -> str:
    words = max(2, round(rng.randint(low, high) * WORD_SCALE))
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + end


def _members(rng: random.Random) -> list[str]:
    people = rng.sample([f"{f} {rng.choice(LAST_NAMES)}" for f in FIRST_NAMES], 7)
    return [
        f"{name}, {rng.choice(ROLES)}, {rng.choice(REGIONS)}, {rng.randint(3, 20)} scholen"
        for name in people
    ]


def meeting(
    group: str, members: list[str], start: datetime, rng: random.Random, *, finish: bool = True
) -> Session:
    """One meeting of `group` through the engine from `start` on a fake clock; without
    `finish`, left running in its last phase, as a crash would leave it."""
    clock = FakeClock(start)
    present = sorted(rng.sample(range(len(members)), rng.randint(5, 7)))
    names = [members[index] for index in present]
    protocol = load_protocol(builtin_protocols_dir() / "handreiking.toml")
    session = new_session(protocol, names, clock, chair=0, note_taker=1, group=group)
    engine = SessionEngine(session, clock)
    ids = [participant.id for participant in session.participants]
    owner, others = ids[-1], ids[1:-1]

    def note(kind: NoteKind, text: str, author: str | None, **more: object) -> None:
        clock.advance(seconds=rng.uniform(20, 90))
        engine.add_note(kind, text, author=author, **more)  # type: ignore[arg-type]

    engine.agree_to_conduct()
    engine.start()
    for who in ids[1:4]:
        note(NoteKind.CASE_CANDIDATE, _sentence(rng, 10, 30), who)
    engine.next_phase()
    ballots = [rng.choice(ids[1:4]) for _ in ids]  # everyone votes for one candidate's case
    votes = ", ".join(f"{session.name_of(who)} {ballots.count(who)}" for who in ids[1:4])
    note(NoteKind.CHOSEN_CASE, _sentence(rng, 4, 9, ""), owner, fields={"votes": votes})
    engine.next_phase()
    for _ in range(rng.randint(7, 10)):
        answer = _sentence(rng, 6, 20)
        note(NoteKind.QUESTION, _sentence(rng, 8, 22, "?"), rng.choice(others), detail=answer)
    note(NoteKind.CORE_PROBLEM, _sentence(rng, 15, 35), None)
    engine.next_phase()
    for who in others:
        note(NoteKind.ADVICE, _sentence(rng, 15, 40), who)
    note(NoteKind.CHOSEN_ADVICE, _sentence(rng, 8, 20), owner, detail=_sentence(rng, 8, 25))
    note(NoteKind.NEXT_STEP, _sentence(rng, 8, 20), owner)
    engine.next_phase()
    for who in rng.sample(others, min(3, len(others))):
        note(NoteKind.SHARING, _sentence(rng, 15, 35), who)
    engine.next_phase()
    for who in ids:
        fields = {"take_home": _sentence(rng, 5, 15), "learning": _sentence(rng, 4, 12)}
        note(NoteKind.EVALUATION, _sentence(rng, 6, 18), who, fields=fields)
    chair = session.name_of(rng.choice(others))
    agreed = {
        "date": "over twee weken",
        "setting": "op locatie",
        "place": "Utrecht",
        "chair": chair,
    }
    note(NoteKind.AGREEMENT, _sentence(rng, 6, 14), None, fields=agreed)
    engine.set_themes(rng.sample(THEMES, rng.randint(0, 2)))
    clock.advance(minutes=5)
    if finish:
        engine.finish()
    return session


def meetings(count: int, seed: int = 2400) -> list[Session]:
    """`count` meetings of groups of seven that meet every other week, oldest first; the
    newest one is left unfinished."""
    rng = random.Random(seed)
    made = []
    newest = (count - 1) // MEETINGS_PER_GROUP, (count - 1) % MEETINGS_PER_GROUP
    for number in range(count):
        group_number, week = divmod(number, MEETINGS_PER_GROUP)
        if week == 0:
            members = _members(rng)
        start = FIRST_MEETING + timedelta(weeks=2 * week, minutes=7 * group_number)
        finish = (group_number, week) != newest
        made.append(meeting(f"Groep {group_number + 1}", members, start, rng, finish=finish))
    made.sort(key=lambda session: session.created_at)
    return made


def data_folder(count: int) -> Path:
    """A data folder holding `count` meetings' logs, made on the first call and kept."""
    folder = FOLDER_ROOT / f"{count}-meetings"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    sessions = sessions_dir(folder)
    ensure_private_folder(sessions)
    store = SessionStore(sessions)
    for session in meetings(count):
        # Written plainly (no fsync for each): a cache for the benchmark, not a meeting.
        store.path_for(session).write_bytes(session.to_json().encode("utf-8"))
    done.touch()
    return folder


if __name__ == "__main__":
    for size in (24, 240, 2400):
        where = data_folder(size)
        logs = list(sessions_dir(where).glob("*.json"))
        average = sum(log.stat().st_size for log in logs) / len(logs)
        print(f"{where}: {len(logs)} logs, {average / 1024:.1f} KB on average")
