"""The one error type services raise for a user's mistake; the API and CLI map it in one place."""

from typing import Any


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message the user can act on.

    `status` is the HTTP status the API answers with (400 bad request, 403 not allowed,
    404 not found, 409 the state forbids it, 422 invalid input).
    """

    def __init__(
        self, message: str, *, status: int = 400, code: str = "error", extra: Any = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.extra = extra


class NotFound(ApplicationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status=404, code="not_found")


class Conflict(ApplicationError):
    def __init__(self, message: str, *, extra: Any = None) -> None:
        super().__init__(message, status=409, code="conflict", extra=extra)


class Forbidden(ApplicationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status=403, code="forbidden")
