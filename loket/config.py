"""Settings: declared once, with defaults, read from LOKET_* environment variables.

Every setting is documented in README.md (a test checks that). Nothing here imports
other parts of the project.
"""
from __future__ import annotations

import os
import secrets
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A setting has a value the application cannot run with."""


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    return parse


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("LOKET_ENV", "development", "`development` or `production`. Production requires LOKET_SECRET_KEY and sends cookies only over HTTPS.", _choice("development", "production")),
    Setting("LOKET_SECRET_KEY", None, "Key that signs sessions and CSRF tokens. Development generates one and keeps it in the instance folder."),
    Setting("LOKET_INSTANCE_PATH", str(PROJECT_ROOT / "instance"), "Folder for the SQLite database, the secret key and generated indexes."),
    Setting("LOKET_DATABASE_URL", None, "SQLAlchemy database URL; default `sqlite:///<instance>/loket.db`. PostgreSQL: `postgresql+psycopg://user@host/db`."),
    Setting("LOKET_DB_POOL_SIZE", 5, "Connections per worker process (PostgreSQL); keep workers × (pool size + 2) below the server's limit.", int),
    Setting("LOKET_DEFAULT_LOCALE", "en", "Language when neither `?lang=`, the cookie nor the browser chooses one: `en` or `nl`.", _choice("en", "nl")),
    Setting("LOKET_PER_PAGE", 20, "Vacancies per page in the list (the API takes `per_page` up to 100).", int),
    Setting("LOKET_MAX_CONTENT_LENGTH", 1_000_000, "Largest request body accepted, in bytes.", int),
    Setting("LOKET_CONTENT_PATH", str(PROJECT_ROOT / "content"), "Folder with the guide pages (`en/`, `nl/`) and `glossary.yaml`, read once per process."),
)

SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}


def load_settings(environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return every setting: defaults, then LOKET_* environment values (parsed), then overrides.

    Unknown LOKET_* variables give a warning (a typo should not pass silently);
    an unparsable value raises ConfigError naming the variable.
    """
    environ = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    for key, raw in environ.items():
        if not key.startswith("LOKET_") or key.startswith("LOKET_TEST_"):
            continue
        setting = SETTINGS_BY_NAME.get(key)
        if setting is None:
            warnings.warn(f"unknown setting {key} ignored", RuntimeWarning, stacklevel=2)
            continue
        try:
            values[key] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{key}: {exc}") from None
    for key, value in (overrides or {}).items():
        values[key] = value
    instance = Path(values["LOKET_INSTANCE_PATH"])
    values["LOKET_INSTANCE_PATH"] = str(instance)
    if not values["LOKET_DATABASE_URL"]:
        values["LOKET_DATABASE_URL"] = f"sqlite:///{instance / 'loket.db'}"
    if not values["LOKET_SECRET_KEY"]:
        if values["LOKET_ENV"] == "production":
            raise ConfigError("LOKET_SECRET_KEY must be set in production")
        values["LOKET_SECRET_KEY"] = _development_secret(instance)
    return values


def _development_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive a restart in development."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
