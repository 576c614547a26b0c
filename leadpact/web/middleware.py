"""Each signed-in person sees the app in their own language and time zone."""

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from leadpact.web.views.errors import method_not_allowed

LANGUAGES = {code for code, _ in settings.LANGUAGES}


def zone_or_default(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


class UserPreferencesMiddleware:
    """After authentication: the user's stored language and time zone win over the cookie and
    the browser's Accept-Language (which LocaleMiddleware already applied for everyone)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = getattr(user, "language", "")
            if language in LANGUAGES:
                translation.activate(language)
                request.LANGUAGE_CODE = language
            timezone.activate(zone_or_default(getattr(user, "time_zone", "")))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class MethodNotAllowedPageMiddleware:
    """A page for a 405 outside the API (the API answers in its JSON envelope)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith(("/api/", "/admin/"))
        ):
            return method_not_allowed(request, response)
        return response
