"""Where sessions, user protocols and the settings file live on this machine."""

from __future__ import annotations

import os
from pathlib import Path

from intervisie_tui.i18n import t

APP_NAME = "intervisie-tui"


class UnknownHome(ValueError):
    """A path typed as ~name for a user this machine does not know (or with no home at all)."""


def typed_path(typed: str | Path) -> Path:
    """A path as a user types it, where ~ and ~name stand for a home folder."""
    try:
        return Path(typed).expanduser()
    except RuntimeError:  # pathlib's way of saying it found no such home folder
        raise UnknownHome(t("app.unknown_home", path=typed)) from None


def data_dir(override: str | Path | None = None) -> Path:
    """--data-dir, else INTERVISIE_DATA_DIR, else the platform's user data folder."""
    chosen = override or os.environ.get("INTERVISIE_DATA_DIR")
    if chosen:
        return typed_path(chosen)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def sessions_dir(data: Path) -> Path:
    return data / "sessions"


def reports_dir(data: Path) -> Path:
    """Where the end screen writes reports and attendance sheets (erase looks there too)."""
    return data / "reports"


def groups_dir(data: Path) -> Path:
    return data / "groups"


def config_dir() -> Path:
    """INTERVISIE_CONFIG_DIR, else the platform's user config folder (~/.config/intervisie-tui)."""
    chosen = os.environ.get("INTERVISIE_CONFIG_DIR")
    if chosen:
        return typed_path(chosen)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def user_protocols_dir(override: str | Path | None = None) -> Path:
    """--protocols-dir, else INTERVISIE_PROTOCOLS_DIR, else `protocols` in the config folder."""
    chosen = override or os.environ.get("INTERVISIE_PROTOCOLS_DIR")
    if chosen:
        return typed_path(chosen)
    return config_dir() / "protocols"
