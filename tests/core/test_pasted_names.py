"""A list of participants pasted from an invitation or an e-mail: one name a line."""

from __future__ import annotations

from intervisie_tui.domain.names import pasted_names


def test_bullets_numbers_and_addresses_are_left_out():
    pasted = (
        "• Daan Smit\r\n2. Eva Mulder\n3) Fleur Bakker <fleur@school.nl>\n"
        "- Anna de Vries, coördinator, Noord\n\n   \n  Carla  "
    )
    assert pasted_names(pasted) == [
        "Daan Smit",
        "Eva Mulder",
        "Fleur Bakker",
        "Anna de Vries, coördinator, Noord",
        "Carla",
    ]


def test_recipients_between_semicolons_are_one_name_each():
    pasted = "Gijs Kok <gijs@x.nl>; Henk de Wit <henk@x.nl>;"
    assert pasted_names(pasted) == ["Gijs Kok", "Henk de Wit"]


def test_a_name_is_kept_as_typed_when_nothing_marks_a_list():
    assert pasted_names("2024 plan\n1.5 ton\nJan-Willem\n-Anke") == [
        "2024 plan",
        "1.5 ton",
        "Jan-Willem",
        "-Anke",
    ]


def test_recipients_as_e_mail_programs_write_them_are_first_name_first():
    outlook = "Vries, Anna de <anna@school.nl>; Jansen, Bram <bram@school.nl>"
    assert pasted_names(outlook) == ["Anna de Vries", "Bram Jansen"]
    quoted = '"de Vries, Anna" <anna@x.nl>, Carla <carla@x.nl>, <daan@x.nl>'
    assert pasted_names(quoted) == ["Anna de Vries", "Carla", "daan@x.nl"]


def test_names_between_semicolons_stay_apart_beside_an_address():
    pasted = "Anna de Vries <anna@school.nl>; Bram Jansen; Carla"
    assert pasted_names(pasted) == ["Anna de Vries", "Bram Jansen", "Carla"]
    mixed = "Jansen, Bram; Vries, Anna de <a@x.nl>"  # without an address: name, details
    assert pasted_names(mixed) == ["Jansen, Bram", "Anna de Vries"]


def test_details_after_an_address_stay_with_its_name():
    pasted = "Anna de Vries <anna@school.nl>, coördinator, Noord\nBram <bram@x.nl>, leraar"
    assert pasted_names(pasted) == ["Anna de Vries, coördinator, Noord", "Bram, leraar"]


def test_more_ways_lists_of_people_are_copied():
    gmail = "Anna <a@x.nl>, bram@x.nl, Carla <c@x.nl>"
    assert pasted_names(gmail) == ["Anna", "bram@x.nl", "Carla"]
    assert pasted_names("'Ingrid Kok' <ingrid@school.nl>\nDirk Smit (dirk@school.nl)") == [
        "Ingrid Kok",
        "Dirk Smit",
    ]
    assert pasted_names("(4) Eva\n<mailto:frank@x.nl>") == ["Eva", "frank@x.nl"]
    spreadsheet = "Anna de Vries\tcoördinator\tNoord\nBram Jansen\tleraar\t"
    assert pasted_names(spreadsheet) == ["Anna de Vries, coördinator, Noord", "Bram Jansen, leraar"]
