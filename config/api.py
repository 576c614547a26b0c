"""The one NinjaAPI: routers of each app, and the single place errors become HTTP answers."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from leadpact.accounts.api import router as accounts_router
from leadpact.agreements.api import router as agreements_router
from leadpact.audit.api import router as audit_router
from leadpact.core.exceptions import ApplicationError
from leadpact.core.schemas import INVALID_DETAIL, api_error_entry
from leadpact.feedback.api import router as feedback_router
from leadpact.leads.api import router as leads_router
from leadpact.notifications.api import router as notifications_router
from leadpact.touches.api import router as touches_router
from leadpact.users.auth import TokenAuth

api = NinjaAPI(
    title="leadpact API",
    version="1",
    description=(
        "Record marketing touches, upsert accounts and leads, read leads with the clause of the "
        "agreement behind each decision. Authenticate with `Authorization: Bearer <token>` "
        "(create one with `leadpact token create EMAIL`)."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        errors.append(api_error_entry(error.get("loc", ()), error.get("msg", "invalid")))
    return api.create_response(
        request,
        {
            "code": "invalid",
            "detail": INVALID_DETAIL,
            "errors": errors,
        },
        status=422,
    )


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    body: dict[str, Any] = {"code": exc.code, "detail": exc.message}
    if exc.extra is not None:
        body["errors"] = exc.extra
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own refusals (a body that is not JSON …) answer in the same envelope.
    code = "bad_request" if exc.status_code == 400 else "error"
    return api.create_response(request, {"code": code, "detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": "unauthorized", "detail": "Missing, unknown or revoked API token."},
        status=401,
    )


api.add_router("/accounts", accounts_router)
api.add_router("/agreement", agreements_router)
api.add_router("/leads", leads_router)
api.add_router("/", touches_router)
api.add_router("/", notifications_router)
api.add_router("/reports", "leadpact.reports.api.router")
api.add_router("/", feedback_router)
api.add_router("/privacy", "leadpact.privacy.api.router")
api.add_router("/", audit_router)
