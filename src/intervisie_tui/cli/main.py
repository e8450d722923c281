"""Command line: starts the app, or runs a sub-command without the interface."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from intervisie_tui import __version__
from intervisie_tui.i18n import resolve_language, set_language, t


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intervisie", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"intervisie {__version__}")
    parser.add_argument("--lang", choices=["nl", "en"], help=t("cli.lang"))
    parser.add_argument("--data-dir", metavar="DIR", help=t("cli.data_dir"))
    parser.add_argument("--protocols-dir", metavar="DIR", help=t("cli.protocols_dir"))
    parser.add_argument("--protocol", metavar="FILE", help=t("cli.protocol"))
    parser.add_argument("--cases", metavar="FILE", help=t("cli.cases"))
    parser.add_argument("--group", metavar="NAME", help=t("cli.group"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The folder and language options also work after 'protocol', where people tend to put them.
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS)
    shared.add_argument("--protocols-dir", metavar="DIR", default=argparse.SUPPRESS)
    protocol = commands.add_parser("protocol", help=t("cli.protocol_command"), parents=[shared])
    actions = protocol.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser("check", help=t("cli.check"), parents=[shared])
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--group-size", type=_group_size, metavar="N", help=t("cli.group_size"))
    actions.add_parser("list", help=t("cli.list"), parents=[shared])
    show = actions.add_parser("show", help=t("cli.show"), parents=[shared])
    show.add_argument("reference", metavar="ID|FILE")
    new = actions.add_parser("new", help=t("cli.new"), parents=[shared])
    new.add_argument("name", metavar="NAME")
    new.add_argument("--from", dest="source", metavar="ID", help=t("cli.new_from"))
    actions.add_parser("schema", help=t("cli.schema"), parents=[shared])
    _report_parsers(commands)
    _history_parsers(commands)
    return parser


def _report_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`report LOG` and `export`; --lang and --data-dir work after the command too."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS)
    shared.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)
    shared.add_argument(
        "--anonymise", "--anonymize", action="store_true", help=t("report_cli.anonymise")
    )
    shared.add_argument("-o", "--output", metavar="FILE", help=t("report_cli.output"))
    report = commands.add_parser("report", help=t("report_cli.report"), parents=[shared])
    report.add_argument("log", metavar="LOG", help=t("report_cli.report_log"))
    report.add_argument(
        "--format", choices=["md", "html"], default="md", help=t("report_cli.format")
    )
    report.add_argument("--attendance", action="store_true", help=t("report_cli.attendance"))
    export = commands.add_parser("export", help=t("report_cli.export"), parents=[shared])
    # SUPPRESS: a --group given before the command is kept.
    export.add_argument(
        "--group", metavar="NAME", default=argparse.SUPPRESS, help=t("report_cli.export_group")
    )
    export.add_argument(
        "--format", choices=["csv", "json"], default="csv", help=t("report_cli.export_format")
    )


def _history_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`history` and `erase`; --lang and --data-dir work after the command too."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--lang", choices=["nl", "en"], default=argparse.SUPPRESS)
    shared.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)
    history = commands.add_parser("history", help=t("history.command"), parents=[shared])
    # SUPPRESS: a --group given before the command is kept.
    history.add_argument(
        "--group", metavar="NAME", default=argparse.SUPPRESS, help=t("history.group")
    )
    erase = commands.add_parser("erase", help=t("erase.command"), parents=[shared])
    what = erase.add_mutually_exclusive_group(required=True)
    what.add_argument("--meeting", metavar="ID|FILE", help=t("erase.meeting_help"))
    what.add_argument("--person", metavar="NAME", help=t("erase.person_help"))
    erase.add_argument(
        "--group", metavar="NAME", default=argparse.SUPPRESS, help=t("erase.group_help")
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


def _protocol_command(options: argparse.Namespace) -> int:
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
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # Pydantic plugins (installed packages that hook into every validation, such as
    # tracing tools) would see the notes of every log read: none is loaded. Looking for
    # them also read every installed package's metadata before the first screen.
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(resolve_language(_language_from(argv)))
    options = _parser().parse_args(argv)
    from intervisie_tui.storage.paths import UnknownHome

    try:
        return _run(options)
    except UnknownHome as error:  # a ~name in a folder given on the command line or in env
        print(error, file=sys.stderr)
        return 2


def _run(options: argparse.Namespace) -> int:
    if options.command == "protocol":
        return _protocol_command(options)
    if options.command in ("report", "export"):
        from intervisie_tui.cli import report as report_commands

        return report_commands.run(options)
    if options.command in ("history", "erase"):
        from intervisie_tui.cli import history as history_commands

        return history_commands.run(options)
    return run_app(options)


def run_app(options: argparse.Namespace) -> int:
    from intervisie_tui.storage.paths import data_dir, user_protocols_dir

    protocol = cases = None
    if options.protocol or options.cases:  # the loaders are imported only when needed
        from intervisie_tui.cli.logs import load_or_report
        from intervisie_tui.storage.cases_file import load_cases
        from intervisie_tui.storage.protocol_loader import load_protocol

        protocol, protocol_ok = load_or_report(load_protocol, options.protocol)
        cases, cases_ok = load_or_report(load_cases, options.cases)
        if not (protocol_ok and cases_ok):
            return 2
    from intervisie_tui.ui.app import IntervisieApp

    app = IntervisieApp(
        data_dir=data_dir(options.data_dir),
        protocols_dir=user_protocols_dir(options.protocols_dir),
        protocol=protocol,
        cases=cases,
        group=options.group,
    )
    app.run()
    return app.return_code or 0
