"""The command palette lists the actions of the current screen, with their keys."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from intervisie_tui.i18n import t
from intervisie_tui.ui.bindings import Command, keys_for


class ScreenCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Command]]:
        screen = self.screen
        seen: set[str] = set()
        for command in getattr(screen, "COMMAND_TABLE", []):
            if command.text in seen:
                continue
            name, _, arguments = command.action.partition("(")
            parameters = (arguments.rstrip(")"),) if arguments else ()
            if screen.check_action(name, parameters) is False:
                continue
            seen.add(command.text)
            key = keys_for(screen, command).split(",")[0]
            yield f"{t(command.text)} ({key})", t(f"{command.text}_tip"), command

    def _run(self, command: Command) -> None:
        self.app.call_later(self.screen.run_action, command.action)

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, partial(self._run, command), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, command), help=help_text
                )
