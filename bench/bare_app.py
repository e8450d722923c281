"""The reference for start-up time and memory: a bare Textual app that shows one label."""

from textual.app import App, ComposeResult
from textual.widgets import Label


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Protocol")


if __name__ == "__main__":
    BareApp().run()
