"""The JSON Schema of protocol files, generated from the model, for editors with TOML support."""

from __future__ import annotations

import json
from typing import Any

from intervisie_tui.domain.protocol import Protocol

SCHEMA_FILE = "protocol.schema.json"


def protocol_schema() -> dict[str, Any]:
    schema = Protocol.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "intervisie-tui protocol",
        "description": "A session protocol for intervisie-tui: one [protocol] table and its "
        "[[phase]] tables. See docs/protocol-format.md.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def protocol_schema_text() -> str:
    return json.dumps(protocol_schema(), indent=2, ensure_ascii=False) + "\n"
