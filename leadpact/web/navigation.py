"""The menu: which pages each role sees. Add a page by adding a NavItem here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leadpact.users.models import User

R = User.Role
EVERYONE = frozenset(R.values)
SALES = frozenset({R.SALES_REP, R.SALES_MANAGER, R.ADMIN})


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[str]
    # Other url names that highlight this item (the pages under it).
    also: tuple[str, ...] = ()


NAV: list[NavItem] = [
    NavItem("web:home", _("Home"), EVERYONE),
    NavItem("web:queue", _("My queue"), SALES),
    NavItem("web:team", _("My team"), frozenset({R.SALES_MANAGER, R.ADMIN})),
    NavItem(
        "web:marketing-pool",
        _("Marketing"),
        frozenset({R.MARKETING, R.ADMIN}),
        also=("web:marketing-rejected", "web:marketing-accounts"),
    ),
    NavItem("web:information-requests", _("Information requests"), EVERYONE),
    NavItem(
        "web:agreement",
        _("Agreement"),
        EVERYONE,
        also=(
            "web:agreement-versions",
            "web:agreement-version",
            "web:agreement-sign",
            "web:agreement-activate",
            "web:agreement-diff",
            "web:agreement-propose",
        ),
    ),
    NavItem("web:report-index", _("Report"), EVERYONE, also=("web:report",)),
    NavItem("web:audit", _("Audit log"), frozenset({R.ADMIN})),
    NavItem("privacy:index", _("Personal data"), frozenset({R.ADMIN})),
]


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str | Promise
    current: bool


def nav_for(*, user: User, url_name: str | None) -> list[NavLink]:
    return [
        NavLink(
            url=reverse(item.url_name),
            label=item.label,
            current=url_name is not None and url_name in (item.url_name, *item.also),
        )
        for item in NAV
        if user.role in item.roles
    ]
