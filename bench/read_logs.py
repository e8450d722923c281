"""The reference for history and export, and two floors under them.

Usage: python read_logs.py DATA_FOLDER [parse|validate|csv]

- parse (the reference): read every log of the folder and parse it with `json.loads`;
  nothing checked, built or written: what reading the meetings costs at the least.
- validate: read every log and let pydantic check it against the session model
  (`Session.model_validate_json`), as any reading of logs with the chosen stack must.
- csv: parse every log with `json.loads` and write one CSV row per note, the columns
  export writes, with the standard csv module: what writing that many rows costs.
"""

import csv
import json
import sys
from pathlib import Path


def logs(data: Path) -> list[Path]:
    return sorted((data / "sessions").glob("*.json"))


def parse(data: Path) -> None:
    for log in logs(data):
        json.loads(log.read_bytes())


def validate(data: Path) -> None:
    from intervisie_tui.domain.session import Session

    for log in logs(data):
        Session.model_validate_json(log.read_bytes())


def write_csv(data: Path) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    for log in logs(data):
        session = json.loads(log.read_bytes())
        names = {person["id"]: person["name"] for person in session["participants"]}
        for note in session["notes"]:
            writer.writerow(
                [
                    *(session["id"], session["started_at"], session["group"]),
                    *(session["protocol"]["protocol"]["id"], note["phase_id"], ""),
                    *(note["kind"], names.get(note["author"], ""), note["text"]),
                    *(note["detail"], json.dumps(note["fields"]), "; ".join(session["themes"])),
                    note["created_at"],
                ]
            )


if __name__ == "__main__":
    mode = sys.argv[2] if len(sys.argv) > 2 else "parse"
    {"parse": parse, "validate": validate, "csv": write_csv}[mode](Path(sys.argv[1]))
