"""A notification as words: subject and body in the reader's language and time zone."""

import contextlib
import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from leadpact.notifications.models import Notification
from leadpact.notifications.texts import FOOTER, TEXTS

LANGUAGES = ("pl", "en")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    text: str
    html: str


@functools.lru_cache(maxsize=256)
def _template(source: str) -> Any:
    # Texts are plain; the HTML layout escapes them.
    return engines["django"].from_string("{% autoescape off %}" + source + "{% endautoescape %}")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def message_context(notification: Notification) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for key, value in (notification.payload or {}).items():
        if key.endswith("_at") and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(value)
        context[key] = value
    context["previous_owner"] = context.get("from")
    recipient = notification.recipient
    context["recipient"] = recipient.name or recipient.email if recipient else ""
    context["base_url"] = settings.LEADPACT_BASE_URL
    return context


def notification_message(*, notification: Notification, language: str, time_zone: str) -> Message:
    """Subject, body, and the e-mail's plain and HTML forms, for one reader."""
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    texts = TEXTS.get(notification.kind, {})
    subject_source, body_source = texts.get(language) or (notification.get_kind_display(), "")
    context = message_context(notification)
    with translation.override(language), timezone.override(_zone(time_zone)):
        subject = " ".join(_render(subject_source, context).split())[:200]
        body = _render(body_source, context).strip()
        footer = _render(FOOTER[language], context)
        layout = {"subject": subject, "body": body, "footer": footer, "language": language}
        text = render_to_string("notifications/email.txt", layout)
        html = render_to_string("notifications/email.html", layout)
    return Message(subject=subject, body=body, text=text, html=html)


def _render(source: str, context: dict[str, Any]) -> str:
    return str(_template(source).render(context))
