"""`intervisie completion SHELL`: a script that lets the shell complete commands, options,
their choices and file names, generated from the parser itself by shtab."""

from __future__ import annotations

import argparse
import sys

SHELLS = ("bash", "zsh", "fish", "powershell")
_PATH_KIND = "intervisie_path"  # what the shell should offer for an argument: files, folders


def files(action: argparse.Action) -> None:
    """The shell offers file names for this argument."""
    setattr(action, _PATH_KIND, "file")


def folders(action: argparse.Action) -> None:
    """The shell offers folder names for this argument."""
    setattr(action, _PATH_KIND, "folder")


def _mark_paths(parser: argparse.ArgumentParser) -> None:
    """Tell shtab which arguments are files or folders (it reads `action.complete`)."""
    import shtab

    for action in parser._actions:
        kind = getattr(action, _PATH_KIND, None)
        if kind is not None:
            action.complete = shtab.FILE if kind == "file" else shtab.DIRECTORY  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                _mark_paths(child)


def completion(parser: argparse.ArgumentParser, shell: str) -> int:
    import shtab  # only here: no other command pays for it

    _mark_paths(parser)
    sys.stdout.write(shtab.complete(parser, shell=shell).rstrip("\n") + "\n")
    return 0
