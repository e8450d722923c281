"""A chair runs the whole 75-minute Handreiking meeting, from the start screen to the summary."""

from __future__ import annotations

from intervisie_tui.domain.clock import FakeClock
from intervisie_tui.ui.widgets.countdown import Countdown

from .pilot_helpers import enter_participants, let_time_pass, read_log, screen_text, type_text

NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva"]


def notes_of(log: dict, kind: str) -> list[dict]:
    return [note for note in log["notes"] if note["kind"] == kind]


async def add_note(pilot, text: str, *more: str) -> None:
    """Type a note and, Enter after Enter, the answer or the other parts its kind asks for."""
    for part in (text, *more):
        await type_text(pilot, part)
        await pilot.press("enter")
    await pilot.pause()


async def test_whole_handreiking_meeting(make_app, clock: FakeClock, data_dir, bells):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await enter_participants(pilot, NAMES)
        await pilot.press("ctrl+s")
        await pilot.pause()
        # The code of conduct comes first; the group's agreement is recorded with the time.
        assert "Vertrouwelijk: wat hier gedeeld wordt" in screen_text(app)
        assert read_log(data_dir)["conduct_agreed_at"] is None
        await pilot.press("enter")
        await pilot.pause()
        assert read_log(data_dir)["conduct_agreed_at"] == "2026-11-23T09:00:00Z"
        shown = screen_text(app)
        assert "Fase 1 · Kennismaken en eerste afspraken" in shown
        assert "Aan het woord: Anna" in shown and "fase 15:00" in shown
        assert app.screen.query_one(Countdown).value == "0:30"  # Anna's own half minute

        # Phase 1, step 2: everyone pitches a case, one after the other. Each saved pitch
        # hands the turn on: no key per speaker beyond the note itself.
        await pilot.press("n", "a")  # to the pitches, into the note field; Anna is up
        await add_note(pilot, "Stagiairs haken af in jaar 2")
        assert "Aan het woord: Bram" in screen_text(app)
        await add_note(pilot, "Schoolleiders zijn weinig betrokken")
        assert "Aan het woord: Carla" in screen_text(app)
        log = read_log(data_dir)
        candidates = notes_of(log, "case_candidate")
        assert [(n["text"], n["author"]) for n in candidates] == [
            ("Stagiairs haken af in jaar 2", "p1"),
            ("Schoolleiders zijn weinig betrokken", "p2"),
        ]
        assert all(n["phase_id"] == "kennismaken" for n in candidates)
        assert "Schoolleiders zijn weinig betrokken" in screen_text(app)

        # The phase runs out: a bell, then the overrun counts up; the chair moves on.
        await let_time_pass(pilot, clock, minutes=15)
        assert bells.count == 1
        await let_time_pass(pilot, clock, minutes=2)
        assert "fase +2:00" in screen_text(app)
        # PageDown works while typing: past the last step of phase 1, to phase 3.
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "Fase 3 · Keuze van de casus" in screen_text(app)

        # Phase 3: the case Bram pitched is picked, not typed again; Bram becomes the owner.
        assert "↑↓ kiest uit 2 ingebrachte casussen" in screen_text(app)
        await pilot.press("down", "down")  # Anna's pitch, then Bram's
        assert "(Bram)" in screen_text(app)
        await pilot.press("enter")  # on to the votes
        await add_note(pilot, "Bram 3, Anna 2")  # the room voted
        log = read_log(data_dir)
        assert log["case_owner"] == "p2"
        chosen = notes_of(log, "chosen_case")[0]
        assert chosen["text"] == "Schoolleiders zijn weinig betrokken"
        assert chosen["picked_from"] == notes_of(log, "case_candidate")[1]["id"]
        assert (chosen["author"], chosen["fields"]) == ("p2", {"votes": "Bram 3, Anna 2"})
        assert chosen["votes"] == {"p2": 3, "p1": 2}

        # Phase 4, step by step; questions with the owner's short answers.
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Stap 1/4 · Vertellen" in screen_text(app)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "Stap 3/4 · Verduidelijkende vragen" in screen_text(app)
        # Anna asks first: the case owner Bram has no turn in the members' round.
        await add_note(pilot, "Wat heb je al geprobeerd?", "Een nieuwsbrief")
        await add_note(pilot, "Wie zit er in de stuurgroep?", "")
        questions = notes_of(read_log(data_dir), "question")
        assert [(q["author"], q["detail"]) for q in questions] == [
            ("p1", "Een nieuwsbrief"),
            ("p3", ""),  # Bram, the owner, is skipped in the members' round
        ]
        assert {q["step"] for q in questions} == {2}
        assert "Een nieuwsbrief" in screen_text(app)
        await pilot.press("pagedown")  # step 4 offers the core problem first
        await add_note(pilot, "Eigenaarschap ligt niet bij de scholen")
        core = notes_of(read_log(data_dir), "core_problem")
        assert [c["text"] for c in core] == ["Eigenaarschap ligt niet bij de scholen"]
        assert core[0]["author"] is None

        # Phase 5: every member advises; the owner picks one, says why, and names a next step.
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Fase 5 · Collegiaal advies" in screen_text(app)
        for advice in [
            "Nodig schoolleiders uit",
            "Maak een kort filmpje",
            "Koppel aan de begroting",
            "Vraag een schoolleider als ambassadeur",
        ]:
            await add_note(pilot, advice)
        advices = notes_of(read_log(data_dir), "advice")
        assert [a["author"] for a in advices] == ["p1", "p3", "p4", "p5"]  # the round's order
        assert "Iedereen is aan de beurt geweest" in screen_text(app)
        # Step 2: the owner picks an advice from those given (text and adviser carried).
        await pilot.press("pagedown")
        await pilot.press("up")  # the last advice given
        await pilot.press("enter")
        await add_note(pilot, "Collega's luisteren naar elkaar")  # why
        await pilot.press("escape", "k", "a")
        await add_note(pilot, "Volgende week twee schoolleiders bellen")
        log = read_log(data_dir)
        chosen = notes_of(log, "chosen_advice")[0]
        assert chosen["text"] == "Vraag een schoolleider als ambassadeur"
        assert chosen["picked_from"] == advices[3]["id"]
        assert (chosen["author"], chosen["detail"]) == ("p2", "Collega's luisteren naar elkaar")
        assert notes_of(log, "next_step")[0]["author"] == "p2"

        # Phase 6 is optional: skip it. Phase 7: evaluation and agreements.
        await pilot.press("escape", "n", "n")
        await pilot.pause()
        assert "Fase 7 · Evaluatie en afspraken" in screen_text(app)
        await pilot.press("a")
        await add_note(pilot, "Fijn dat iedereen aan bod kwam", "Vaker rondes", "Korter inleiden")
        await pilot.press("escape", "k", "a")
        await add_note(
            pilot, "Stagebegeleiding", "12 januari 15:00", "op locatie", "Utrecht", "Carla"
        )
        log = read_log(data_dir)
        evaluation = notes_of(log, "evaluation")[0]
        assert evaluation["author"] == "p1"
        assert evaluation["fields"] == {"take_home": "Vaker rondes", "learning": "Korter inleiden"}
        agreement = notes_of(log, "agreement")[0]
        assert agreement["phase_id"] == "evaluatie"
        assert (agreement["text"], agreement["fields"]) == (
            "Stagebegeleiding",
            {
                "date": "12 januari 15:00",
                "setting": "offline",
                "place": "Utrecht",
                "chair": "Carla",
            },
        )
        shown = screen_text(app)
        assert all(part in shown for part in ("vorm: op locatie", "Utrecht", "leider: Carla"))

        # Finishing asks first, then shows the summary with the path of the log.
        await pilot.press("escape", "f")
        await pilot.pause()
        assert "afronden" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        shown = screen_text(app)
        assert "De bijeenkomst is afgerond en opgeslagen." in shown
        assert "Volgende week twee schoolleiders bellen" in shown
        log = read_log(data_dir)
        assert log["finished_at"] is not None
        assert log["running_since"] is None
        assert log["timings"][0]["spent_seconds"] == 17 * 60
        assert len(log["notes"]) == 14
        assert log["protocol"]["protocol"]["id"] == "handreiking"
