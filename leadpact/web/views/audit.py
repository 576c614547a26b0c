"""The audit log for administrators: who did what, when and from where, filtered and paged."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.audit.models import AuditEntry
from leadpact.audit.selectors import AuditFilter, audit_entry_list
from leadpact.leads.models import Lead
from leadpact.privacy.models import ConsentRecord, Erasure
from leadpact.users.models import User
from leadpact.web.access import role_required
from leadpact.web.forms import moment_validate
from leadpact.web.templatetags.leadpact_web import lead_name

PAGE_SIZE = 50
# The "When" column's format (templates/web/audit.html), so that a moment in the details reads
# the same.
WHEN_FORMAT = "j M Y, H:i:s"


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

    def audit_filter(self) -> AuditFilter | None:
        """The filter the form asks for, or None when it is wrong: then nothing is listed,
        rather than everything looking as if it matched."""
        if not self.is_bound:
            return AuditFilter()
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return AuditFilter(
            action=data["action"] or "",
            actor_id=data["actor"],
            since=data["since"],
            until=data["until"],
        )


# Details that hold a user's id (a reassignment's `from` and `to`, a token's `user`); a role
# change's `from` and `to` are role codes, not numbers, and are worded as roles.
PERSON_DETAILS = frozenset({"from", "to", "user"})

# In this order on the page: PostgreSQL's jsonb keeps keys in an order of its own (`to`
# before `from`), SQLite as written.
DETAIL_LABELS: dict[str, Promise] = {
    "number": gettext_lazy("Number"),
    "scheduled": gettext_lazy("Scheduled"),
    "effective_from": gettext_lazy("In force from"),
    "role": gettext_lazy("Role"),
    "version_status": gettext_lazy("Version status"),
    "team": gettext_lazy("Team"),
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "clauses": gettext_lazy("Clauses"),
    "user": gettext_lazy("User"),
    "scopes": gettext_lazy("Scopes"),
    "source": gettext_lazy("Source"),
    "via": gettext_lazy("Through"),
    "reason": gettext_lazy("Reason"),
    "recorded": gettext_lazy("Recorded"),
    "suppressed": gettext_lazy("Blocked from processing"),
    "erased": gettext_lazy("Erased"),
}

# The codes a detail may hold, by its key: a user's role or a signer's role, a version's status,
# where a privacy request came from, why data was erased.
ROLES: dict[str, Any] = {**dict(User.Role.choices), **dict(AgreementSignature.Role.choices)}
SOURCES: dict[str, Any] = dict(ConsentRecord.Source.choices)
DETAIL_CODES: dict[str, dict[str, Any]] = {
    "role": ROLES,
    "from": ROLES,
    "to": ROLES,
    "version_status": dict(AgreementVersion.Status.choices),
    "source": SOURCES,
    "via": SOURCES,
    "reason": dict(Erasure.Reason.choices),
}


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    actor_role: str
    target: str
    target_url: str
    details: list[tuple[str, Any]]


def _person(key: str, value: Any) -> int | None:
    """The user id a detail holds, if it holds one."""
    is_id = key in PERSON_DETAILS and isinstance(value, int) and not isinstance(value, bool)
    return value if is_id else None


def _ids(entries: list[AuditEntry], target_type: str) -> set[int]:
    return {int(e.target_id) for e in entries if e.target_type == target_type and _numeric(e)}


def _numeric(entry: AuditEntry) -> bool:
    return entry.target_id.isdigit()


def _moment(value: str) -> str | None:
    """An ISO date-time as the "When" column writes it, in the reader's time zone."""
    if "T" not in value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(moment):
        return None
    return date_format(timezone.localtime(moment), WHEN_FORMAT)


def _detail(key: str, value: Any, names: dict[int, str]) -> Any:
    if (person := _person(key, value)) is not None:
        return names.get(person, value)
    if isinstance(value, str):
        if value in DETAIL_CODES.get(key, {}):
            return str(DETAIL_CODES[key][value])
        return _moment(value) or value
    return value


def _target(
    entry: AuditEntry,
    names: dict[int, str],
    leads: dict[int, str],
    versions: dict[int, int],
) -> tuple[str, str]:
    """What the entry is about, in words, and the page that shows it (if any)."""
    kind, raw = entry.target_type, entry.target_id
    if not _numeric(entry):
        return f"{kind} {raw}".strip(), ""
    pk = int(raw)
    if kind == "user":
        return names.get(pk, _("User %(id)s") % {"id": pk}), ""
    if kind == "lead":
        return leads.get(pk) or _("Lead %(id)s") % {"id": pk}, reverse("web:lead", args=[pk])
    if kind == "agreement_version":
        if pk not in versions:
            return _("Agreement version (id %(id)s)") % {"id": pk}, ""
        number = versions[pk]
        url = reverse("web:agreement-version", args=[number])
        return _("Agreement version %(number)s") % {"number": number}, url
    if kind == "api_token":
        return _("API token %(id)s") % {"id": pk}, ""
    return f"{kind} {raw}", ""


_READING_ORDER = {key: place for place, key in enumerate(DETAIL_LABELS)}


def _reading_order(item: tuple[str, Any]) -> tuple[int, str]:
    return _READING_ORDER.get(item[0], len(_READING_ORDER)), item[0]


def audit_rows(entries: list[AuditEntry]) -> list[AuditRow]:
    """Entries as a reader wants them: people by name, roles and codes in words, a lead or an
    agreement version as a link to its page."""
    ids = _ids(entries, "user") | {
        person
        for entry in entries
        for key, value in (entry.details or {}).items()
        if (person := _person(key, value)) is not None
    }
    names = {
        pk: name or email
        for pk, name, email in User.objects.filter(pk__in=ids).values_list("pk", "name", "email")
    }
    leads = {
        lead.pk: lead_name(lead)
        for lead in Lead.objects.filter(pk__in=_ids(entries, "lead")).only(
            "first_name", "last_name", "email"
        )
    }
    versions = dict(
        AgreementVersion.objects.filter(pk__in=_ids(entries, "agreement_version")).values_list(
            "pk", "number"
        )
    )
    rows = []
    for entry in entries:
        target, url = _target(entry, names, leads, versions)
        details = [
            (str(DETAIL_LABELS.get(key, key)), _detail(key, value, names))
            for key, value in sorted((entry.details or {}).items(), key=_reading_order)
        ]
        role = str(ROLES.get(entry.actor_role, entry.actor_role))
        rows.append(AuditRow(entry, role, target, url, details))
    return rows


@role_required({User.Role.ADMIN})
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.audit_filter()
    entries = (
        audit_entry_list(filters=filters).select_related("actor")
        if filters is not None
        else AuditEntry.objects.none()
    )
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
            "invalid": filters is None,
        },
    )
