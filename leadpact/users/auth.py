"""Bearer-token authentication and scope checks for the API."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from leadpact.core.exceptions import Forbidden
from leadpact.users.models import ApiToken
from leadpact.users.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_authenticate(secret=token)
        if api_token is not None:
            request.user = api_token.user
            request.api_token = api_token  # type: ignore[attr-defined]
        return api_token


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if scope not in token.scopes:
        raise Forbidden(f"This token lacks the scope {scope!r}; create a token that has it.")
    return token
