"""Reading settings from the environment: every knob is a LEADPACT_* variable."""

import ipaddress
import os
import re
import secrets
import zoneinfo
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        # Not read as false: `LEADPACT_HTTPS=ture` would quietly serve production over HTTP.
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")
    return word in TRUE_WORDS


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """The header a TLS-terminating proxy sets to `https`: `true` for X-Forwarded-Proto, or the
    header's name (`X-Forwarded-Proto`, or as Django spells it, `HTTP_X_FORWARDED_PROTO`)."""
    value = os.environ.get(name, "").strip()
    if value.lower() in FALSE_WORDS:
        return None
    if value.lower() in TRUE_WORDS:
        return ("HTTP_X_FORWARDED_PROTO", "https")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value):
        raise ImproperlyConfigured(
            f"{name} must be true, false or a header name such as X-Forwarded-Proto, not {value!r}."
        )
    meta = value.upper().replace("-", "_")
    return (meta if meta.startswith("HTTP_") else f"HTTP_{meta}", "https")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = minimum - 1
    if number < minimum:
        # Django's own error for a bad setting; `leadpact` prints it without a traceback.
        raise ImproperlyConfigured(f"{name} must be a whole number ≥ {minimum}, not {value!r}.")
    return number


def env_seconds(name: str, default: float) -> float:
    """A positive number of seconds, fractions allowed (`0.5`)."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value.strip())
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ImproperlyConfigured(f"{name} must be a number of seconds > 0, not {value!r}.")
    return seconds


def env_url(name: str, default: str, *, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of `schemes` (`postgres`, `redis` …) and that names a place."""
    value = os.environ.get(name, "").strip() or default
    if not value:
        return value
    scheme, separator, rest = value.partition("://")
    if not separator or scheme.lower() not in schemes or not rest:
        examples = " or ".join(f"{s}://…" for s in schemes)
        raise ImproperlyConfigured(f"{name} must be a URL such as {examples}, not {value!r}.")
    return value


def env_time_zone(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip() or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as Europe/Warsaw or UTC, not {value!r}."
        ) from None
    return value


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated addresses or networks (`127.0.0.1`, `10.0.0.0/8`, `::1`)."""
    networks = []
    for item in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (127.0.0.1, 10.0.0.0/8), not {item!r}."
            ) from None
    return networks


def env_origins(name: str) -> list[str]:
    """Comma-separated full origins, scheme and host: `https://leadpact.firma.pl`."""
    origins = env_list(name, [])
    for origin in origins:
        scheme, separator, host = origin.partition("://")
        if not separator or scheme.lower() not in ("http", "https") or not host or "/" in host:
            raise ImproperlyConfigured(
                f"{name} must list origins such as https://leadpact.firma.pl, not {origin!r}."
            )
    return origins


def env_import_path(name: str, default: str) -> str:
    """A dotted path to a class that can be imported (an e-mail backend)."""
    from django.utils.module_loading import import_string

    value = os.environ.get(name, "").strip() or default
    try:
        import_string(value)
    except ImportError:
        raise ImproperlyConfigured(
            f"{name} must name a class that can be imported, such as "
            f"django.core.mail.backends.smtp.EmailBackend, not {value!r}."
        ) from None
    return value


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_log_level(name: str, default: str) -> str:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if value.strip().upper() not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(LOG_LEVELS)}, not {value!r}.")
    return value.strip().upper()


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def leadpact_home() -> Path:
    """The folder of the embedded database, the queue and the secret key; made if missing."""
    value = os.environ.get("LEADPACT_HOME", "").strip() or "./.leadpact"
    home = Path(value).expanduser().resolve()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"LEADPACT_HOME must be a folder leadpact can create and write, not {value!r}: "
            f"{error.strerror}."
        ) from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise ImproperlyConfigured(
            f"LEADPACT_HOME must be a folder leadpact can write, and {home} is read-only."
        )
    return home


def secret_key(home: Path) -> str:
    """The key from the environment, or one generated on first start and kept in the home.

    Kept in a file so that sessions and signed tokens survive a restart. Written whole to a
    file of its own, then linked into place: the link fails if the key is there already, so
    processes starting at once agree on one key, and none reads a key half written.
    """
    from_env = env_str("LEADPACT_SECRET_KEY")
    if from_env:
        return from_env
    path = home / "secret_key"
    try:
        return _secret_key_kept(path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot keep the secret key in {path} (LEADPACT_HOME): {error.strerror}; "
            "make the folder writable, or set LEADPACT_SECRET_KEY."
        ) from None


def _secret_key_kept(path: Path) -> str:
    home = path.parent
    if not path.exists():
        draft = home / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: its key it is
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(
            f"{path} is empty: restore it from a backup, or set LEADPACT_SECRET_KEY."
        )
    return key
