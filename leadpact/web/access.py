"""Who may open which page and act on which lead (issue 7, item 9).

A rep sees their own leads and their team's unassigned queue, a manager the team's leads,
marketing and admins every lead; only sales (and admins) act on leads. A lead someone may not
see answers 404, so that its existence does not leak; an action someone's role may not take
answers 403.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from leadpact.core.exceptions import NotFound
from leadpact.leads.models import Lead
from leadpact.leads.selectors import lead_get
from leadpact.users.models import User

R = User.Role
ALL_ROLES = frozenset(R.values)
SALES_ROLES = frozenset({R.SALES_REP, R.SALES_MANAGER, R.ADMIN})
MARKETING_ROLES = frozenset({R.MARKETING, R.ADMIN})

View = TypeVar("View", bound=Callable[..., HttpResponse])


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def role_required(roles: Iterable[str]) -> Callable[[View], View]:
    """Sign-in first (to the sign-in page), then 403 for a role not in `roles`."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if user_of(request).role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, login_required(wrapped))

    return decorate


def lead_visible(request: HttpRequest, lead_id: int) -> Lead:
    try:
        return lead_get(lead_id=lead_id, user=user_of(request))
    except NotFound:
        raise Http404 from None


def may_act_for_sales(user: User) -> bool:
    return user.role in SALES_ROLES
