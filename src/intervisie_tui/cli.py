"""Command line: starts the app, or runs a sub-command without the interface."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from intervisie_tui import __version__
from intervisie_tui.core.i18n import resolve_language, set_language, t


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intervisie", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"intervisie {__version__}")
    parser.add_argument("--lang", choices=["nl", "en"], help=t("cli.lang"))
    parser.add_argument("--data-dir", metavar="DIR", help=t("cli.data_dir"))
    parser.add_argument("--protocols-dir", metavar="DIR", help=t("cli.protocols_dir"))
    parser.add_argument("--protocol", metavar="FILE", help=t("cli.protocol"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    protocol = commands.add_parser("protocol", help=t("cli.protocol_command"))
    protocol_commands = protocol.add_subparsers(dest="protocol_command", metavar="ACTION")
    protocol_commands.required = True
    check = protocol_commands.add_parser("check", help=t("cli.check"))
    check.add_argument("files", nargs="+", metavar="FILE")
    return parser


def _language_from(argv: Sequence[str]) -> str | None:
    """--lang read ahead of parsing, so that help and errors come in that language."""
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def check_files(files: Sequence[str]) -> int:
    from intervisie_tui.core.problems import Severity
    from intervisie_tui.core.protocol_loader import check_protocol

    failed = False
    for name in files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            print(f"{name}: {t('protocol_error.unreadable', reason=error.strerror)}")
            failed = True
            continue
        protocol, problems = check_protocol(data, name)
        for problem in problems:
            label = t(f"cli.severity_{problem.severity.value}")
            print(f"{problem} [{label}]" if problem.severity is Severity.WARNING else problem)
        if protocol is None:
            failed = True
        else:
            print(
                t(
                    "cli.check_ok",
                    file=name,
                    phases=len(protocol.phases),
                    minutes=f"{protocol.total_minutes:g}",
                )
            )
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(resolve_language(_language_from(argv)))
    options = _parser().parse_args(argv)
    if options.command == "protocol":
        return check_files(options.files)
    return run_app(options)


def run_app(options: argparse.Namespace) -> int:
    from intervisie_tui.core.paths import data_dir, user_protocols_dir
    from intervisie_tui.core.problems import FileProblems

    protocol = None
    if options.protocol:
        from intervisie_tui.core.protocol_loader import load_protocol

        try:
            protocol = load_protocol(Path(options.protocol))
        except FileProblems as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            return 2
    from intervisie_tui.app import IntervisieApp

    app = IntervisieApp(
        data_dir=data_dir(options.data_dir),
        protocols_dir=user_protocols_dir(options.protocols_dir),
        protocol=protocol,
    )
    app.run()
    return app.return_code or 0
