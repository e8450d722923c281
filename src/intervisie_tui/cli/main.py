"""Command line: starts the app, or runs a sub-command without the interface."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING

from intervisie_tui import __version__
from intervisie_tui.cli.argparse_texts import in_language
from intervisie_tui.cli.completion import SHELLS, files, folders
from intervisie_tui.i18n import resolve_language, set_language, t

if TYPE_CHECKING:
    from pathlib import Path

    from intervisie_tui.domain.prepared_cases import PreparedCase
    from intervisie_tui.storage.settings import Settings

LANGUAGES = ["nl", "en"]
# A 75-minute protocol in under four minutes.
DEFAULT_SPEED = 20.0


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and examples as written (they are wrapped to the terminal beforehand)."""


def _wrap(text: str) -> str:
    """Each paragraph of `text` wrapped to the terminal, at most 78 columns."""
    width = max(40, min(shutil.get_terminal_size().columns - 2, 78))
    return "\n\n".join(textwrap.fill(part, width) for part in text.split("\n\n"))


def _epilog(key: str) -> str:
    examples = "\n".join(f"  {line}" for line in t(key).strip().splitlines())
    return f"{t('commands.examples')}\n{examples}"


class _Command(argparse.ArgumentParser):
    """A sub-command whose description and examples come from the catalogue when they are
    read (its help, a shell's completion): a start shows neither, and wrapping them all to
    the terminal took some milliseconds of every start."""

    texts = ""  # commands.<texts>_description and commands.<texts>_examples

    @property
    def description(self) -> str | None:
        if self.texts:
            return _wrap(t(f"commands.{self.texts}_description"))
        return self._description

    @description.setter
    def description(self, text: str | None) -> None:
        self._description = text

    @property
    def epilog(self) -> str | None:
        if self.texts:
            return _epilog(f"commands.{self.texts}_examples")
        return self._epilog

    @epilog.setter
    def epilog(self, text: str | None) -> None:
        self._epilog = text


def _command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    key: str,
    parents: list[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """A sub-command with a description and examples, both from the catalogue under `key`."""
    parser: _Command = commands.add_parser(
        name, help=help_text, formatter_class=_Formatter, parents=parents
    )
    parser.texts = key
    return parser


def _shared(*, data: bool = False, protocols: bool = False) -> argparse.ArgumentParser:
    """Options that also work after a command, where people tend to put them. SUPPRESS: a
    value given before the command is kept."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.lang"))
    if data:
        folders(
            shared.add_argument(
                "--data-dir",
                metavar=t("metavar.dir"),
                default=argparse.SUPPRESS,
                help=t("cli.data_dir"),
            )
        )
    if protocols:
        folders(
            shared.add_argument(
                "--protocols-dir",
                metavar=t("metavar.dir"),
                default=argparse.SUPPRESS,
                help=t("cli.protocols_dir"),
            )
        )
    return shared


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intervisie",
        description=_wrap(t("cli.description")),
        epilog=_epilog("commands.main_examples") + "\n\n" + t("commands.more_help"),
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"intervisie {__version__}",
        help=t("cli.version"),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang"))
    folders(parser.add_argument("--data-dir", metavar=t("metavar.dir"), help=t("cli.data_dir")))
    folders(
        parser.add_argument(
            "--protocols-dir", metavar=t("metavar.dir"), help=t("cli.protocols_dir")
        )
    )
    files(parser.add_argument("--protocol", metavar=t("metavar.file"), help=t("cli.protocol")))
    files(parser.add_argument("--cases", metavar=t("metavar.file"), help=t("cli.cases")))
    parser.add_argument("--group", metavar=t("metavar.name"), help=t("cli.group"))
    parser.add_argument("--rehearse", action="store_true", help=t("cli.rehearse"))
    parser.add_argument("--speed", type=_speed, metavar="N", help=t("cli.speed"))
    commands = parser.add_subparsers(
        dest="command",
        metavar=t("metavar.command"),
        help=t("commands.command_help"),
        parser_class=_Command,
    )
    _protocol_parsers(commands)
    _report_parsers(commands)
    _history_parsers(commands)
    _group_parsers(commands)
    follow = _command(commands, "follow", t("commands.follow_help"), "follow", [_shared(data=True)])
    follow.add_argument(
        "meeting", nargs="?", metavar=t("metavar.id_or_file"), help=t("commands.follow_meeting")
    )
    completion = _command(
        commands, "completion", t("commands.completion_help"), "completion", [_shared()]
    )
    completion.add_argument("shell", choices=SHELLS, help=t("commands.completion_shell"))
    return parser


def _protocol_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    shared = _shared(protocols=True)
    protocol = _command(commands, "protocol", t("cli.protocol_command"), "protocol", [shared])
    actions = protocol.add_subparsers(
        dest="action",
        metavar=t("metavar.action"),
        help=t("commands.action_help"),
        parser_class=_Command,
    )
    actions.required = True
    check = _command(actions, "check", t("cli.check"), "check", [shared])
    files(
        check.add_argument(
            "files", nargs="+", metavar=t("metavar.file"), help=t("commands.check_files")
        )
    )
    check.add_argument("--group-size", type=_group_size, metavar="N", help=t("cli.group_size"))
    _command(actions, "list", t("cli.list"), "list", [shared])
    show = _command(actions, "show", t("cli.show"), "show", [shared])
    show.add_argument(
        "reference", metavar=t("metavar.id_or_file"), help=t("commands.show_reference")
    )
    new = _command(actions, "new", t("cli.new"), "new", [shared])
    new.add_argument("name", metavar=t("metavar.name"), help=t("commands.new_name"))
    new.add_argument("--from", dest="source", metavar="ID", help=t("cli.new_from"))
    _command(actions, "schema", t("cli.schema"), "schema", [shared])
    _command(actions, "docs", t("commands.docs_help"), "docs", [shared])


def _report_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`report LOG` and `export`."""
    shared = _shared(data=True)
    shared.add_argument(
        "--anonymise", "--anonymize", action="store_true", help=t("report_cli.anonymise")
    )
    files(
        shared.add_argument(
            "-o", "--output", metavar=t("metavar.file"), help=t("report_cli.output")
        )
    )
    report = _command(commands, "report", t("report_cli.report"), "report", [shared])
    files(report.add_argument("log", metavar="LOG", help=t("report_cli.report_log")))
    report.add_argument(
        "--format", choices=["md", "html"], default="md", help=t("report_cli.format")
    )
    report.add_argument("--attendance", action="store_true", help=t("report_cli.attendance"))
    export = _command(commands, "export", t("report_cli.export"), "export", [shared])
    export.add_argument(
        "--group",
        metavar=t("metavar.name"),
        default=argparse.SUPPRESS,
        help=t("report_cli.export_group"),
    )
    export.add_argument(
        "--format", choices=["csv", "json"], default="csv", help=t("report_cli.export_format")
    )
    export.add_argument("--timing", action="store_true", help=t("report_cli.export_timing"))
    overview = _command(commands, "attendance", t("overview.command"), "attendance", [shared])
    overview.add_argument(
        "--group", metavar=t("metavar.name"), default=argparse.SUPPRESS, help=t("overview.group")
    )
    overview.add_argument("--year", type=int, metavar="YEAR", help=t("overview.year_help"))
    overview.add_argument(
        "--format", choices=["md", "html"], default="md", help=t("report_cli.format")
    )


def _group_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`group handover|receive|leave`."""
    shared = _shared(data=True)
    group = _command(commands, "group", t("group_cli.command"), "group", [shared])
    actions = group.add_subparsers(
        dest="action",
        metavar=t("metavar.action"),
        help=t("commands.group_action_help"),
        parser_class=_Command,
    )
    actions.required = True
    handover = _command(actions, "handover", t("group_cli.handover_help"), "handover", [shared])
    handover.add_argument("name", metavar=t("metavar.name"), help=t("group_cli.name_help"))
    files(
        handover.add_argument(
            "-o", "--output", metavar=t("metavar.file"), help=t("group_cli.output_help")
        )
    )
    handover.add_argument("--with-logs", action="store_true", help=t("group_cli.with_logs_help"))
    receive = _command(actions, "receive", t("group_cli.receive_help"), "receive", [shared])
    files(receive.add_argument("file", metavar=t("metavar.file"), help=t("group_cli.file_help")))
    leave = _command(actions, "leave", t("group_cli.leave_help"), "leave", [shared])
    leave.add_argument("member", metavar=t("metavar.name"), help=t("group_cli.member_help"))
    leave.add_argument(
        "--group",
        metavar=t("metavar.name"),
        default=argparse.SUPPRESS,
        help=t("group_cli.group_help"),
    )


def _history_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`history` and `erase`."""
    shared = _shared(data=True)
    history = _command(commands, "history", t("history.command"), "history", [shared])
    history.add_argument(
        "--group", metavar=t("metavar.name"), default=argparse.SUPPRESS, help=t("history.group")
    )
    history.add_argument(
        "--format", choices=["md", "html", "text"], default="md", help=t("history.format_help")
    )
    history.add_argument(
        "--anonymise", "--anonymize", action="store_true", help=t("history.anonymise_help")
    )
    files(
        history.add_argument(
            "-o", "--output", metavar=t("metavar.file"), help=t("report_cli.output")
        )
    )
    erase = _command(commands, "erase", t("erase.command"), "erase", [shared])
    what = erase.add_mutually_exclusive_group(required=True)
    what.add_argument("--meeting", metavar=t("metavar.id_or_file"), help=t("erase.meeting_help"))
    what.add_argument("--person", metavar=t("metavar.name"), help=t("erase.person_help"))
    erase.add_argument(
        "--group", metavar=t("metavar.name"), default=argparse.SUPPRESS, help=t("erase.group_help")
    )
    erase.add_argument("--yes", "-y", action="store_true", help=t("erase.yes_help"))


def _group_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        size = 0
    if not 2 <= size <= 50:
        raise argparse.ArgumentTypeError(t("cli.bad_group_size", value=text))
    return size


def _speed(text: str) -> float:
    from intervisie_tui.domain.session import MAX_PRACTICE_SPEED

    try:
        speed = float(text.replace(",", "."))
    except ValueError:
        speed = 0.0
    if not 1 <= speed <= MAX_PRACTICE_SPEED:  # also NaN
        raise argparse.ArgumentTypeError(
            t("cli.bad_speed", value=text, most=f"{MAX_PRACTICE_SPEED:g}")
        )
    return speed


def _protocol_command(options: argparse.Namespace) -> int:
    if options.action == "docs":
        from intervisie_tui.cli.docs import show_docs

        return show_docs()
    from intervisie_tui.cli import protocol as protocol_commands
    from intervisie_tui.storage.paths import user_protocols_dir

    user_dir = user_protocols_dir(options.protocols_dir)
    if options.action == "check":
        return protocol_commands.check(options.files, options.group_size, user_dir)
    if options.action == "list":
        return protocol_commands.list_protocols(user_dir)
    if options.action == "show":
        return protocol_commands.show(options.reference, user_dir)
    if options.action == "new":
        return protocol_commands.new(options.name, options.source, user_dir)
    return protocol_commands.schema()


def _language_from(argv: Sequence[str]) -> str | None:
    """--lang read ahead of parsing, so that help and errors come in that language."""
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def _settings() -> Settings:
    from intervisie_tui.storage.paths import UnknownHome, settings_file
    from intervisie_tui.storage.settings import Settings, load_settings

    try:
        return load_settings(settings_file())
    except UnknownHome as error:  # INTERVISIE_CONFIG_DIR=~nobody/...
        print(error, file=sys.stderr)
        return Settings()


# Where pydantic looks for plugins when it makes its first validator.
PLUGIN_FINDER = "pydantic.plugin._loader"


def _no_pydantic_plugins() -> None:
    """Pydantic plugins (installed packages that hook into every validation, such as tracing
    tools) would see the notes of every log read: none is loaded.

    Looking for them read every installed package's metadata before the first screen; the
    setting below stops that, but pydantic still imports its finder of plugins, and with it
    importlib.metadata and the email package, only to find nothing: 15 ms of every command
    (a twentieth of reading years of logs) and 1 MiB kept for a whole meeting. So the
    finder is one that finds none, unless pydantic has imported its own already.
    """
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    if PLUGIN_FINDER not in sys.modules:
        finder = types.ModuleType(PLUGIN_FINDER, "No plugins: intervisie loads none.")
        finder.__dict__["get_plugins"] = lambda: ()
        sys.modules[PLUGIN_FINDER] = finder


def main(argv: Sequence[str] | None = None) -> int:
    _no_pydantic_plugins()
    argv = list(sys.argv[1:] if argv is None else argv)
    settings = _settings()
    set_language(resolve_language(_language_from(argv), settings.language))
    with in_language():
        parser = _parser()
        options = parser.parse_args(argv)
        if options.speed is not None and not options.rehearse:
            parser.error(t("cli.speed_without_rehearse"))
    from intervisie_tui.storage.paths import UnknownHome

    if options.command is not None:  # the app shows them in its own way
        for problem in settings.problems:
            print(problem, file=sys.stderr)
    try:
        if options.command is None:
            # The parser, with every sub-command, is not kept for the length of a meeting.
            del parser
            return run_app(options, settings)
        return _run(options, settings, parser)
    except UnknownHome as error:  # a ~name in a folder given on the command line or in env
        print(error, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """`intervisie ... | head` stopped reading: no error of ours, so no traceback either.

    What is still buffered goes nowhere, and the exit status is Python's own for this case.
    """

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # a stand-in stdout without a file descriptor
        pass
    return 1


def _run(options: argparse.Namespace, settings: Settings, parser: argparse.ArgumentParser) -> int:
    if options.command == "protocol":
        return _protocol_command(options)
    if options.command in ("report", "export", "attendance"):
        from intervisie_tui.cli import report as report_commands

        return report_commands.run(options)
    if options.command in ("history", "erase"):
        from intervisie_tui.cli import history as history_commands

        return history_commands.run(options)
    if options.command == "group":
        from intervisie_tui.cli import group as group_commands

        return group_commands.run(options)
    if options.command == "completion":
        from intervisie_tui.cli.completion import completion

        return completion(parser, options.shell)
    if options.command == "follow":
        from intervisie_tui.cli.follow import follow

        return follow(options, settings)
    return run_app(options, settings)


def _load_cases(name: str | None) -> tuple[list[PreparedCase] | None, bool]:
    """The cases of --cases, where `-` reads them from standard input; then the terminal
    takes standard input's place, since the app reads its keys from there."""
    from intervisie_tui.cli.logs import (
        STANDARD_STREAM,
        load_or_report,
        read_standard_input,
        stdin_name,
    )
    from intervisie_tui.domain.prepared_cases import parse_cases
    from intervisie_tui.storage.cases_file import load_cases
    from intervisie_tui.storage.safe_read import MAX_CASES_BYTES

    if name != STANDARD_STREAM:
        return load_or_report(load_cases, name)

    def from_standard_input(_: Path) -> list[PreparedCase]:
        return parse_cases(read_standard_input(MAX_CASES_BYTES), stdin_name())

    cases, ok = load_or_report(from_standard_input, name)
    if ok and not _terminal_as_input():
        print(t("cli.no_terminal_after_stdin"), file=sys.stderr)
        return None, False
    return cases, ok


def _terminal_as_input() -> bool:
    """Make the terminal standard input again, after the cases were read from a pipe."""
    import os

    if sys.stdin is not None and sys.stdin.isatty():
        return True
    try:
        terminal = os.open("CONIN$" if os.name == "nt" else "/dev/tty", os.O_RDONLY)
    except OSError:  # no terminal: started from a script, or by a service
        return False
    os.dup2(terminal, 0)
    os.close(terminal)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - lives as long as we do
    return True


def run_app(options: argparse.Namespace, settings: Settings | None = None) -> int:
    from intervisie_tui.storage.paths import data_dir, user_protocols_dir

    protocol = cases = None
    if options.protocol or options.cases:  # the loaders are imported only when needed
        from intervisie_tui.cli.logs import load_or_report
        from intervisie_tui.storage.protocol_library import protocol_file
        from intervisie_tui.storage.protocol_loader import load_protocol

        chosen = options.protocol and str(
            protocol_file(options.protocol, user_protocols_dir(options.protocols_dir))
        )
        protocol, protocol_ok = load_or_report(load_protocol, chosen)
        cases, cases_ok = _load_cases(options.cases)
        if not (protocol_ok and cases_ok):
            return 2
    from intervisie_tui.ui.app import IntervisieApp

    app = IntervisieApp(
        data_dir=data_dir(options.data_dir),
        protocols_dir=user_protocols_dir(options.protocols_dir),
        protocol=protocol,
        cases=cases,
        group=None if options.rehearse else options.group,
        settings=settings,
        rehearsal_speed=(options.speed or DEFAULT_SPEED) if options.rehearse else None,
    )
    app.run()
    return app.return_code or 0
