"""The command line speaks the user's language, argparse's own words included; every
sub-command has a description and examples; the language comes from --lang, then
INTERVISIE_LANG, then the settings file, else Dutch; shells get completion scripts."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pytest

from intervisie_tui.cli.main import _parser, main
from intervisie_tui.i18n import catalogue

COMMANDS = [
    ["protocol"],
    ["protocol", "check"],
    ["protocol", "list"],
    ["protocol", "show"],
    ["protocol", "new"],
    ["protocol", "schema"],
    ["protocol", "docs"],
    ["report"],
    ["export"],
    ["history"],
    ["erase"],
    ["follow"],
    ["completion"],
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | str | None, str, str]:
    """Run the real entry point; a SystemExit (help, a usage error) gives its code."""
    try:
        status: int | str | None = main(list(args))
    except SystemExit as exit_info:
        status = exit_info.code
    out, err = capsys.readouterr()
    return status, out, err


def test_help_is_dutch_down_to_argparse_own_words(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert out.startswith("gebruik: intervisie ")
    assert "\nopties:\n" in out and "toon deze hulp en stop" in out
    assert "toon het versienummer en stop" in out
    for english in ("usage:", "options:", "show this help message and exit", "positional"):
        assert english not in out
    assert "Voorbeelden:" in out and "intervisie protocol list" in out


def test_usage_errors_are_dutch(capsys):
    status, _, err = run(capsys, "report")
    assert status == 2
    assert "gebruik: intervisie report" in err
    assert "intervisie report: fout: de volgende argumenten zijn verplicht: LOG" in err
    status, _, err = run(capsys, "report", "x.json", "--format", "pdf")
    assert status == 2
    assert "argument --format: ongeldige keuze: 'pdf' (kies uit 'md', 'html')" in err
    status, _, err = run(capsys, "histroy")
    assert status == 2 and "ongeldige keuze: 'histroy'" in err
    status, _, err = run(capsys, "erase")
    assert "een van deze argumenten is verplicht: --meeting --person" in err
    for english in ("usage:", "error:", "invalid choice", "the following arguments are required"):
        assert english not in err


def test_english_on_request_is_english_throughout(capsys):
    status, out, _ = run(capsys, "--lang", "en", "history", "--help")
    assert status == 0
    assert out.startswith("usage: intervisie history ")
    assert "show this help message and exit" in out and "Examples:" in out
    _, _, err = run(capsys, "report", "--lang", "en")
    assert "the following arguments are required: LOG" in err


def test_argparse_is_left_as_it_was(capsys):
    """Only our parsers are translated, and only while they run."""
    run(capsys, "--help")
    other = argparse.ArgumentParser(prog="ander")
    assert other.format_help().startswith("usage: ander")
    assert "show this help message and exit" in other.format_help()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_a_description_examples_and_help_for_each_option(capsys, command):
    status, out, _ = run(capsys, *command, "--help")
    assert status == 0
    usage, description, *_ = out.split("\n\n")
    assert usage.startswith(f"gebruik: intervisie {' '.join(command)}")
    assert len(description.split()) >= 8, description
    examples = out.split("Voorbeelden:\n", 1)[1].splitlines()
    assert examples and all(line.startswith("  ") for line in examples if line)
    assert any(f"intervisie {command[-1]}" in line or command[-1] in line for line in examples)
    parser = _parser()
    for name in command:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    for action in parser._actions:
        assert action.help, f"{' '.join(command)} {action.option_strings or action.dest}"


def test_both_languages_give_every_command_examples():
    for language in ("nl", "en"):
        texts = catalogue(language)
        for command in COMMANDS:
            assert texts[f"commands.{command[-1]}_examples"].strip()


def write_settings(text: str) -> Path:
    import os

    folder = Path(os.environ["INTERVISIE_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_language_from_the_settings_file_after_the_option_and_the_environment(capsys, monkeypatch):
    assert run(capsys, "--help")[1].startswith("gebruik:")  # no settings: Dutch
    write_settings('language = "en"\n')
    assert run(capsys, "--help")[1].startswith("usage:")
    monkeypatch.setenv("INTERVISIE_LANG", "nl")
    assert run(capsys, "--help")[1].startswith("gebruik:")
    assert run(capsys, "--lang", "en", "--help")[1].startswith("usage:")


def test_the_system_locale_never_chooses(capsys, monkeypatch):
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(variable, "en_US.UTF-8")
    assert run(capsys, "--help")[1].startswith("gebruik:")


def test_a_broken_settings_file_is_located_and_the_defaults_apply(capsys, tmp_path):
    path = write_settings('language = "fr"\nbell = "hard"\n')
    status, out, err = run(capsys, "protocol", "docs")
    assert status == 0 and out.startswith("# Protocolbestanden")
    assert f'{path}:1: instelling \'language\': kies "nl" of "en", niet "fr"' in err
    assert f"{path}:2: instelling 'bell': verwacht true (aan) of false (uit)" in err
    path.write_text('language = "en\n', encoding="utf-8")
    status, out, err = run(capsys, "protocol", "docs")
    assert status == 0 and out.startswith("# Protocolbestanden")
    assert f"{path}:1" in err and "TOML-syntaxfout" in err
    assert "Traceback" not in err


# --- completion ----------------------------------------------------------------------------


def test_bash_completion_completes_commands_and_choices(capsys, tmp_path):
    status, script, _ = run(capsys, "completion", "bash")
    assert status == 0 and "_shtab_intervisie" in script
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash here to run the script in")
    path = tmp_path / "intervisie.bash"
    path.write_text(script, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(["intervisie", *words])
        program = (
            f"source {path}\n"
            f"COMP_WORDS=(intervisie {' '.join(words)}); COMP_CWORD={len(words)}\n"
            f'COMP_LINE="{line}"; COMP_POINT=${{#COMP_LINE}}\n'
            "_shtab_intervisie intervisie; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
        )
        done = subprocess.run(
            [bash, "--norc", "-c", program], capture_output=True, text=True, check=False
        )
        return sorted(set(done.stdout.split()))

    assert {"protocol", "report", "history", "completion"} <= set(complete(""))
    assert complete("protocol", "d") == ["docs"]
    assert complete("history", "--format", "") == ["html", "md", "text"]


@pytest.mark.parametrize("shell", ["zsh", "fish", "powershell"])
def test_completion_scripts_for_other_shells(capsys, shell):
    status, script, _ = run(capsys, "completion", shell)
    assert status == 0
    assert "intervisie" in script and "history" in script and "anonymise" in script
    if shell == "fish":
        assert "complete -c intervisie" in script
        assert "toon deze hulp en stop" in script  # the descriptions are in the language


def test_fish_completes_commands_and_choices(capsys, tmp_path):
    fish = shutil.which("fish")
    if fish is None:
        pytest.skip("fish is not installed here")
    script = tmp_path / "intervisie.fish"
    script.write_text(run(capsys, "completion", "fish")[1], encoding="utf-8")

    def complete(line: str) -> list[str]:
        program = f"source {script}; complete -C '{line}'"
        done = subprocess.run([fish, "-c", program], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return sorted(row.split("\t")[0] for row in done.stdout.splitlines())

    assert complete("intervisie history --format ") == ["html", "md", "text"]
    assert "docs" in complete("intervisie protocol ")


def test_zsh_completion_is_valid_zsh(capsys, tmp_path):
    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("zsh is not installed here")
    script = tmp_path / "_intervisie"
    script.write_text(run(capsys, "completion", "zsh")[1], encoding="utf-8")
    done = subprocess.run([zsh, "-n", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_completion_needs_a_known_shell(capsys):
    status, _, err = run(capsys, "completion", "cmd")
    assert status == 2 and "ongeldige keuze: 'cmd'" in err


def test_a_reader_that_stops_early_gets_no_traceback():
    import sys

    reader = subprocess.Popen(
        [sys.executable, "-m", "intervisie_tui", "protocol", "docs"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # as `| head` does after its lines
    err = reader.stderr.read().decode()
    assert reader.wait() == 1
    assert err == ""
