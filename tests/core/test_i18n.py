"""The Dutch and English catalogues, and how the language is chosen."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from intervisie_tui import i18n
from intervisie_tui.domain.note_kinds import rule
from intervisie_tui.domain.notes import NoteKind
from intervisie_tui.domain.problems import Severity
from intervisie_tui.i18n import (
    LANGUAGES,
    catalogue,
    current_language,
    resolve_language,
    set_language,
    t,
)

SOURCE = Path(i18n.__file__).resolve().parent  # src/intervisie_tui
LITERAL_KEY = re.compile(r"""\bt\(\s*(["'])([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)\1""")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def keys_used_in_source() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for match in LITERAL_KEY.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match.group(2), []).append(str(path.relative_to(SOURCE)))
    return used


def test_both_catalogues_have_exactly_the_same_keys():
    dutch, english = set(catalogue("nl")), set(catalogue("en"))
    assert dutch == english, (
        f"only in nl.toml: {sorted(dutch - english)}; only in en.toml: {sorted(english - dutch)}"
    )
    assert len(dutch) > 100


def test_no_text_is_empty():
    for language in LANGUAGES:
        empty = [key for key, text in catalogue(language).items() if not text.strip()]
        assert empty == [], f"empty texts in {language}.toml: {empty}"


def test_the_key_scan_finds_the_keys_it_should():
    used = keys_used_in_source()
    # spot checks of the scan itself: double quotes, single quotes, core and ui
    assert "rules.chair_is_owner" in used
    assert "meeting.optional" in used  # written t('meeting.optional') in the source
    assert "protocol_error.empty" in used
    assert len(used) > 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_used_in_the_source_exists(language: str):
    texts = catalogue(language)
    missing = {key: files for key, files in keys_used_in_source().items() if key not in texts}
    assert missing == {}, f"keys used in the source but missing from {language}.toml: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_keys_built_at_run_time_exist(language: str):
    texts = catalogue(language)
    needed = {f"kind.{kind.value}" for kind in NoteKind}
    needed |= {f"capture.text_{kind.value}" for kind in NoteKind}
    needed |= {f"capture.detail_{kind.value}" for kind in NoteKind if rule(kind).detail}
    needed |= {f"cli.severity_{severity.value}" for severity in Severity}
    needed |= {"protocol_error.phase", "protocol_error.step"}
    needed |= {"protocol_error.expected_minutes", "protocol_error.expected_number"}
    assert sorted(needed - set(texts)) == []


def test_placeholders_match_between_the_languages():
    dutch, english = catalogue("nl"), catalogue("en")
    differences = {
        key: (sorted(placeholders(dutch[key])), sorted(placeholders(english[key])))
        for key in dutch.keys() & english.keys()
        if placeholders(dutch[key]) != placeholders(english[key])
    }
    assert differences == {}, f"placeholders differ (nl, en): {differences}"


def test_placeholders_are_found_by_the_helper():
    assert placeholders("fase {number} · {title}") == {"number", "title"}
    assert placeholders("geen velden") == set()


def test_t_fills_in_fields_in_the_current_language():
    assert t("protocol_error.phase", number=3) == "fase 3"
    set_language("en")
    assert current_language() == "en"
    assert t("protocol_error.phase", number=3) == "phase 3"
    assert t("kind.question") == "Question"


def test_t_of_an_unknown_key_returns_the_key():
    assert t("bestaat.niet") == "bestaat.niet"


def test_set_language_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        set_language("de")
    assert current_language() == "nl"


def test_the_autouse_fixture_left_dutch_in_place():
    # test_t_fills_in_fields_in_the_current_language switched to English; we are back.
    assert current_language() == "nl"


@pytest.mark.parametrize(
    ("requested", "environment", "expected"),
    [
        (None, None, "nl"),
        ("en", None, "en"),
        ("EN", None, "en"),
        ("en_GB.UTF-8", None, "en"),
        ("nl", "en", "nl"),  # the argument wins over the environment
        (None, "en", "en"),
        ("", "en", "en"),
        ("de", "en", "en"),  # an unknown argument falls through to the environment
        (None, "fr", "nl"),
        ("de", "fr", "nl"),
        (None, "", "nl"),
    ],
)
def test_resolve_language(
    monkeypatch: pytest.MonkeyPatch, requested: str | None, environment: str | None, expected: str
):
    if environment is None:
        monkeypatch.delenv("INTERVISIE_LANG", raising=False)
    else:
        monkeypatch.setenv("INTERVISIE_LANG", environment)
    assert resolve_language(requested) == expected


def test_the_dutch_catalogue_addresses_the_user_as_u_throughout():
    """One form of address: 'u' and 'uw', never 'je', 'jij' or 'jouw'."""
    informal = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
    found = {key: text for key, text in catalogue("nl").items() if informal.search(text)}
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_counted_noun_has_both_forms(language: str):
    texts = catalogue(language)
    nouns = {key.rsplit(".", 1)[0] for key in texts if key.startswith("count.")}
    assert len(nouns) >= 10
    for noun in nouns:
        for form in ("one", "other"):
            assert placeholders(texts[f"{noun}.{form}"]) <= {"count"}, (noun, form)


def test_plural_and_number_in_each_language():
    assert i18n.plural(1, "count.meeting") == "1 bijeenkomst"
    assert i18n.plural(3, "count.meeting") == "3 bijeenkomsten"
    assert i18n.plural(2.5, "count.minute") == "2,5 minuten"
    assert i18n.number(1.5) == "1,5"
    assert i18n.number(-0.25, 1) == "-0,2"
    assert i18n.number(1440.0) == "1440"
    set_language("en")
    assert i18n.plural(1, "count.case") == "1 case"
    assert i18n.plural(1, "count.time") == "1 time"
    assert i18n.plural(0, "count.case") == "0 cases"
    assert i18n.number(1.5) == "1.5"
