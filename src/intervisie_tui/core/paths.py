"""Where sessions and user protocols live on this machine."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "intervisie-tui"


def data_dir(override: str | Path | None = None) -> Path:
    """--data-dir, else INTERVISIE_DATA_DIR, else the platform's user data folder."""
    chosen = override or os.environ.get("INTERVISIE_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def sessions_dir(data: Path) -> Path:
    return data / "sessions"


def groups_dir(data: Path) -> Path:
    return data / "groups"


def user_protocols_dir(override: str | Path | None = None) -> Path:
    """--protocols-dir, else INTERVISIE_PROTOCOLS_DIR, else the platform's user config folder."""
    chosen = override or os.environ.get("INTERVISIE_PROTOCOLS_DIR")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "protocols"
