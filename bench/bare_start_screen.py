"""The floor for start-up and memory: a bare Textual app with the widgets of intervisie's start
screen, that imports pydantic.

Textual's own styles only, texts as the start screen shows them, no intervisie code: the
time and memory the chosen stack (Textual to draw a screen like that one, pydantic to check
protocols and logs) needs before any intervisie code runs.
"""

from pydantic import BaseModel  # noqa: F401  (imported for its cost, as intervisie does)
from rich.text import Text
from textual import widgets
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

PROTOCOLS = ["Handreiking intervisie · 75 min", *(f"Methode {n} · 60 min" for n in range(12))]


class BareStartScreen(App[None]):
    AUTO_FOCUS = "#name"

    def compose(self) -> ComposeResult:
        yield widgets.Header()
        with VerticalScroll():
            yield widgets.Label("Protocol")
            options = [(Text(name), index) for index, name in enumerate(PROTOCOLS)]
            yield widgets.Select(options, allow_blank=False, compact=True)
            yield widgets.Static("Het voorbeelddraaiboek voor startende intervisiegroepen.")
            with Horizontal():
                with Vertical():
                    for label, placeholder, field in (
                        ("Groep (optioneel)", "naam van de intervisiegroep, Enter", "group"),
                        ("Deelnemers (naam + Enter)", "Naam, functie, regio", "name"),
                        ("Casussen vooraf (bestand)", "bijv. ~/casussen.txt, Enter", "cases"),
                    ):
                        yield widgets.Label(label)
                        yield widgets.Input(placeholder=placeholder, id=field)
                        yield widgets.Static()
                    yield widgets.OptionList()
                with Vertical():
                    for label, prompt in (
                        ("Gespreksleider", "kies…"),
                        ("Inbrenger", "kiezen bij de keuze van de casus"),
                        ("Notulist", "niemand"),
                    ):
                        yield widgets.Label(label)
                        yield widgets.Select([], prompt=prompt, compact=True)
                    yield widgets.Checkbox("Gespreksleider is externe begeleider", compact=True)
                    yield widgets.Static()
                    start = "Start de bijeenkomst (Ctrl+S)"
                    yield widgets.Button(start, variant="primary", compact=True)
        yield widgets.Footer()


if __name__ == "__main__":
    BareStartScreen().run()
