from typing import Any

from django.conf import settings
from django.http import HttpRequest

from leadpact.core.heartbeat import worker_state
from leadpact.notifications.selectors import notification_unread_count
from leadpact.users.models import User
from leadpact.web.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu for the signed-in person's role and their unread notification count."""
    # Where the language switch comes back to; a page answering a POST names its own `here`.
    here = request.get_full_path() if request.method == "GET" else "/"
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "unread_count": 0, "ui_languages": settings.LANGUAGES, "here": here}
    match = request.resolver_match
    url_name = f"{match.namespace}:{match.url_name}" if match and match.namespace else None
    return {
        "nav": nav_for(user=user, url_name=url_name),
        "unread_count": notification_unread_count(user=user),
        "ui_languages": settings.LANGUAGES,
        "here": here,
        # Administrators are the ones who can start it: nobody else is told.
        "worker": worker_state() if user.role == User.Role.ADMIN else None,
    }
