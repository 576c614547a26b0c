"""The agreement: the version in force as a document (decisions link to its clauses by anchor),
every version with its signatures, one version, and the difference between two."""

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rendering import agreement_render
from leadpact.agreements.selectors import (
    agreement_active,
    agreement_may_propose,
    agreement_version_get,
    agreement_version_list,
    agreement_version_may_activate,
    version_awaits_signature,
)
from leadpact.core.exceptions import NotFound
from leadpact.web.access import ALL_ROLES, role_required, user_of
from leadpact.web.agreement_pages import DiffForm, clause_changes, version_row

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def document_body(html: str) -> str:
    """The rendered document without its own page shell (and its inline style, which the
    Content-Security-Policy would refuse): the layout's stylesheet styles it."""
    match = BODY.search(html)
    return match.group(1) if match else html


def lang() -> str:
    return get_language() or "pl"


def version_or_404(number: int) -> AgreementVersion:
    try:
        return agreement_version_get(number=number)
    except NotFound:
        raise Http404 from None


def agreement_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """A page of the agreement area; its menu offers proposing to those who may."""
    may_propose = agreement_may_propose(user=user_of(request))
    return render(request, template, {"may_propose": may_propose, **context}, status=status)


def version_document(version: AgreementVersion) -> SafeString:
    html = agreement_render(version=version, fmt="html", lang=lang())
    # Rendered by leadpact's own template with autoescaping: safe to embed.
    return mark_safe(document_body(html))


@role_required(ALL_ROLES)
def agreement(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    version = agreement_active()
    versions = list(agreement_version_list())
    return agreement_page(
        request,
        "web/agreement.html",
        {
            "version": version,
            "document": version_document(version) if version else None,
            "versions": versions,
            "awaiting": [v for v in versions if version_awaits_signature(version=v, user=user)],
        },
    )


@role_required(ALL_ROLES)
def agreement_versions(request: HttpRequest) -> HttpResponse:
    in_force = agreement_active()
    rows = [
        version_row(version=version, lang=lang(), in_force=in_force)
        for version in agreement_version_list()
    ]
    return agreement_page(
        request,
        "web/agreement_versions.html",
        {"rows": rows},
    )


@role_required(ALL_ROLES)
def agreement_version(request: HttpRequest, number: int) -> HttpResponse:
    user = user_of(request)
    version = version_or_404(number)
    in_force = agreement_active()
    row = version_row(version=version, lang=lang(), in_force=in_force)
    may_activate = (
        version.status == AgreementVersion.Status.SIGNED
        and not row.scheduled
        and agreement_version_may_activate(version=version, user=user)
    )
    return agreement_page(
        request,
        "web/agreement_version.html",
        {
            "row": row,
            "version": version,
            "in_force": in_force,
            "document": version_document(version),
            "may_sign": version_awaits_signature(version=version, user=user),
            "may_activate": may_activate,
        },
    )


def _default_pair(versions: list[AgreementVersion]) -> tuple[int, int] | None:
    """The version in force against the newest; if the newest is in force, against the one
    before it."""
    if len(versions) < 2:
        return None
    newest = versions[0]
    in_force = agreement_active()
    if in_force is None or in_force.pk == newest.pk:
        return versions[1].number, newest.number
    return in_force.number, newest.number


@role_required(ALL_ROLES)
def agreement_diff(request: HttpRequest) -> HttpResponse:
    versions = list(agreement_version_list())
    by_number = {v.number: v for v in versions}
    status = 200
    changes = None
    pair: tuple[int, int] | None = None
    if "from" in request.GET or "to" in request.GET:
        form = DiffForm(request.GET, versions=versions)
        if form.is_valid():
            pair = form.cleaned_data["from"], form.cleaned_data["to"]
        else:
            status = 400
    else:
        pair = _default_pair(versions)
        initial = {"from": pair[0], "to": pair[1]} if pair else {}
        form = DiffForm(initial=initial, versions=versions)
    if pair is not None:
        changes = clause_changes(old=by_number[pair[0]], new=by_number[pair[1]], lang=lang())
    return agreement_page(
        request,
        "web/agreement_diff.html",
        {
            "form": form,
            "versions": versions,
            "old": by_number[pair[0]] if pair else None,
            "new": by_number[pair[1]] if pair else None,
            "changes": changes,
        },
        status=status,
    )
