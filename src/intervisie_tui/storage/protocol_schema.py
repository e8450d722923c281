"""The JSON Schema of protocol files, generated from the model, for editors with TOML support.

Editors built on Taplo (Even Better TOML in VS Code) complete keys, show a key's description
on hover and underline mistakes from this schema. They read it best plain: every definition
written out where it is used (no `$ref`), an optional key simply optional (no `anyOf` with
null, which turns a typo inside `round` into "not valid under any of the schemas listed in
the 'anyOf' keyword" and offers the key once for each alternative), and a description on
every key, in the language the facilitator writes in.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from intervisie_tui.domain.protocol import Protocol

SCHEMA_FILE = "protocol.schema.json"
JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"

TITLE = "intervisie-tui protocol"
# The English descriptions are the model's own (`description=` on each field); these are
# the Dutch ones, keyed by the key's path in a protocol file ([[phase.step]] keys under
# 'phase.step'). A test checks that every key of the schema has both.
ROOT_DESCRIPTION = {
    "en": "A session protocol for intervisie-tui: one [protocol] table and its [[phase]] "
    "tables. See docs/protocol-format.md.",
    "nl": "Een protocol voor intervisie-tui: één [protocol]-tabel en de [[phase]]-tabellen "
    "eronder. Zie docs/protocol-format.md.",
}
_MINUTES = "boven 0, hoogstens 1440"
DUTCH: dict[str, str] = {
    "protocol": "Wat dit protocol is: id, naam, taal, beschrijving en bron.",
    "protocol.id": "Korte, unieke naam van het protocol, bijvoorbeeld 'handreiking': kleine "
    "letters, cijfers, '-' en '_'. Dezelfde id als een ingebouwd protocol vervangt dat.",
    "protocol.name": "De naam die de groep ziet.",
    "protocol.language": "Taal van de teksten van dit protocol: 'nl' (Nederlands) of 'en' "
    "(Engels).",
    "protocol.description": "Een paar zinnen over wanneer u dit protocol gebruikt.",
    "protocol.source": "Waar de methode vandaan komt: auteur, titel en jaar van een "
    "gepubliceerde bron, of eerlijk dat ze alleen in algemene termen beschreven is.",
    "protocol.timing_note": "Waar de tijden vandaan komen: gepubliceerd bij de methode, of "
    "gekozen voor dit protocol.",
    "protocol.warning_minutes": "Zoveel minuten voor het einde van elke fase krijgt de "
    "gespreksleider een seintje; 0: nooit.",
    "protocol.min_participants": "Het minste aantal deelnemers dat de methode nodig heeft "
    "(2 tot en met 50).",
    "protocol.max_participants": "Het grootste aantal deelnemers waarvoor de tijden gemaakt "
    "zijn (2 tot en met 50; anders 8): elke ronde past dan in haar fase of stap. Bij meer "
    "deelnemers biedt het startscherm aan de rondes voor die bijeenkomst passend te maken.",
    "phase": "De fasen van de bijeenkomst, in volgorde: elke [[phase]] is er één (hoogstens 100).",
    "phase.id": "Korte naam van de fase, uniek binnen het protocol: kleine letters, cijfers, "
    "'-' en '_'.",
    "phase.number": "Het nummer dat het scherm toont (0 tot en met 999); anders de plaats "
    "van de fase.",
    "phase.title": "Naam van de fase.",
    "phase.minutes": f"Geplande duur van de fase in minuten: {_MINUTES} (een dag).",
    "phase.prompt": "Wat de gespreksleider zegt of wat de groep nu doet.",
    "phase.optional": "true: de gespreksleider mag deze fase overslaan.",
    "phase.capture": "Welke soorten notities in deze fase worden vastgelegd.",
    "phase.silent": "Een stille fase: iedereen schrijft voor zichzelf, een rustige klok en "
    "geen notities.",
    "phase.round": "Iedereen spreekt om de beurt in deze fase, elk met eigen tijd.",
    "phase.round.minutes_per_person": f"Spreektijd per persoon in de ronde, in minuten: "
    f"{_MINUTES}.",
    "phase.round.case_owner": "true: ook de inbrenger krijgt een beurt (anders alleen de "
    "andere groepsleden).",
    "phase.roles": "Wat elke rol in deze fase doet; staat naast de opdracht.",
    "phase.roles.chair": "Instructie voor de gespreksleider.",
    "phase.roles.case_owner": "Instructie voor de inbrenger.",
    "phase.roles.members": "Instructie voor de andere groepsleden.",
    "phase.roles.note_taker": "Instructie voor de notulist.",
    "phase.warning_minutes": "Eigen tijd voor het seintje in deze fase, in plaats van die "
    "van [protocol]; 0: geen seintje.",
    "phase.step": "Getimede stappen binnen de fase, in volgorde: elke [[phase.step]] is er "
    "één (hoogstens 50).",
    "phase.step.title": "Naam van de stap.",
    "phase.step.minutes": f"Geplande duur van de stap in minuten: {_MINUTES}; de stappen "
    "samen passen in hun fase.",
    "phase.step.prompt": "Wat de gespreksleider zegt of wat de groep nu doet.",
    "phase.step.silent": "Een stille stap: iedereen schrijft voor zichzelf, een rustige klok "
    "en geen notities.",
    "phase.step.round": "Iedereen spreekt om de beurt in deze stap, elk met eigen tijd.",
    "phase.step.round.minutes_per_person": f"Spreektijd per persoon in de ronde, in minuten: "
    f"{_MINUTES}.",
    "phase.step.round.case_owner": "true: ook de inbrenger krijgt een beurt (anders alleen "
    "de andere groepsleden).",
    "phase.step.roles": "Wat elke rol in deze stap doet; geldt in plaats van die van de fase.",
    "phase.step.roles.chair": "Instructie voor de gespreksleider.",
    "phase.step.roles.case_owner": "Instructie voor de inbrenger.",
    "phase.step.roles.members": "Instructie voor de andere groepsleden.",
    "phase.step.roles.note_taker": "Instructie voor de notulist.",
    "phase.step.capture": "Soorten notities die in deze stap vooraan staan; die van de fase "
    "blijven ook beschikbaar.",
}


class _OptionalKeys(GenerateJsonSchema):
    """An optional key is simply optional: `X | None = None` is written as X."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if schema.get("default", ...) is None:  # TOML has no null to show
            json_schema.pop("default", None)
        return json_schema


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    """`node` with every `$ref` replaced by the definition it points to."""
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    if isinstance(reference, str):
        target = copy.deepcopy(definitions[reference.rsplit("/", 1)[-1]])
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        node = {**target, **siblings}  # the key's own description wins over the model's
    return {key: _inline(value, definitions) for key, value in node.items()}


def _keys(node: dict[str, Any], path: str = "") -> dict[str, dict[str, Any]]:
    """Every key of a protocol file, by its path ('phase.step.round'), with its schema."""
    found: dict[str, dict[str, Any]] = {}
    for name, child in node.get("properties", {}).items():
        key = f"{path}.{name}" if path else name
        found[key] = child
        table = child.get("items", child)  # [[phase]] is an array of tables
        found.update(_keys(table, key))
    return found


def _tidy(node: dict[str, Any]) -> None:
    """Leave a description on keys only: the editor shows that one on hover."""
    for child in _keys(node).values():
        child.pop("title", None)
        items = child.get("items")
        if isinstance(items, dict):  # a phase, a step, a kind of note: described by its key
            items.pop("title", None)
            items.pop("description", None)


def protocol_schema(language: str = "nl") -> dict[str, Any]:
    """The schema with its descriptions in `language` ('nl' or 'en')."""
    generated = Protocol.model_json_schema(
        by_alias=True, mode="validation", schema_generator=_OptionalKeys
    )
    definitions = generated.pop("$defs", {})
    body = _inline(generated, definitions)
    _tidy(body)
    if language == "nl":
        for key, child in _keys(body).items():
            child["description"] = DUTCH[key]
    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "title": TITLE,
        "description": ROOT_DESCRIPTION[language],
        **{key: value for key, value in body.items() if key not in ("title", "description")},
    }


def schema_keys(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every key the schema describes, by its path in a protocol file."""
    return _keys(schema)


def protocol_schema_text(language: str = "nl") -> str:
    return json.dumps(protocol_schema(language), indent=2, ensure_ascii=False) + "\n"
