"""The audit log for administrators: who did what, when and from where, filtered and paged."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadpact.audit.models import AuditEntry
from leadpact.audit.selectors import AuditFilter, audit_entry_list
from leadpact.users.models import User
from leadpact.web.access import role_required
from leadpact.web.forms import moment_validate

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    actor = forms.TypedChoiceField(
        label=gettext_lazy("Who"), required=False, coerce=int, empty_value=None
    )
    since = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[moment_validate],
    )
    until = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[moment_validate],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "audit-%s")
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        actor = self.fields["actor"]
        assert isinstance(action, forms.ChoiceField)
        assert isinstance(actor, forms.TypedChoiceField)
        action.choices = [("", _("Any")), *AuditEntry.Action.choices]
        people = User.objects.order_by("name", "email")
        actor.choices = [("", _("Anyone")), *((u.pk, u.name or u.email) for u in people)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned

    def audit_filter(self) -> AuditFilter:
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            action=data["action"] or "",
            actor_id=data["actor"],
            since=data["since"],
            until=data["until"],
        )


# Details that hold a user's id (a reassignment's `from` and `to`, a token's `user`); a role
# change's `from` and `to` are role codes, not numbers, and stay as they are.
PERSON_DETAILS = frozenset({"from", "to", "user"})


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    target: str
    target_url: str
    details: list[tuple[str, Any]]


def _person(key: str, value: Any) -> int | None:
    """The user id a detail holds, if it holds one."""
    is_id = key in PERSON_DETAILS and isinstance(value, int) and not isinstance(value, bool)
    return value if is_id else None


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """Entries as a reader wants them: people by name, a lead as a link to its page."""
    ids = {int(e.target_id) for e in entries if e.target_type == "user" and e.target_id.isdigit()}
    ids |= {
        person
        for entry in entries
        for key, value in (entry.details or {}).items()
        if (person := _person(key, value)) is not None
    }
    names = {
        pk: name or email
        for pk, name, email in User.objects.filter(pk__in=ids).values_list("pk", "name", "email")
    }
    rows = []
    for entry in entries:
        target, url = f"{entry.target_type} {entry.target_id}".strip(), ""
        if entry.target_type == "user" and entry.target_id.isdigit():
            target = names.get(int(entry.target_id), target)
        elif entry.target_type == "lead" and entry.target_id.isdigit():
            url = reverse("web:lead", args=[int(entry.target_id)])
        details = [
            (key, value if (person := _person(key, value)) is None else names.get(person, value))
            for key, value in (entry.details or {}).items()
        ]
        rows.append(AuditRow(entry, target, url, details))
    return rows


@role_required({User.Role.ADMIN})
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.audit_filter() if form.is_bound else AuditFilter()
    entries = audit_entry_list(filters=filters).select_related("actor")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        [(key, value) for key, value in request.GET.items() if key != "page" and value]
    )
    return render(
        request,
        "web/audit.html",
        {
            "form": form,
            "page": page,
            "rows": audit_rows(list(page.object_list)),
            "query": query,
            "filtered": filters != AuditFilter(),
        },
    )
