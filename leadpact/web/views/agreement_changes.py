"""Changing the agreement: propose a version from a file, sign it (after a confirmation that
shows what changes), activate it now or from a later time. Each step is one service."""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import (
    PROPOSER_ROLES,
    SignerState,
    agreement_active,
    agreement_version_may_activate,
)
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.core.exceptions import ApplicationError
from leadpact.web.access import ALL_ROLES, role_required, user_of
from leadpact.web.agreement_pages import (
    ActivateForm,
    ProposeForm,
    SignForm,
    VersionRow,
    clause_changes,
    version_row,
)
from leadpact.web.agreement_problems import agreement_problems_worded
from leadpact.web.views.agreement import agreement_page, lang, version_or_404


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _names(states: list[SignerState]) -> str:
    return ", ".join(state.name or state.email for state in states)


def _refused(refused: ApplicationError) -> None:
    """A service's 403 is the same refusal as the page's own."""
    if refused.status == 403:
        raise PermissionDenied(refused.message)


@role_required(PROPOSER_ROLES)
def propose(request: HttpRequest) -> HttpResponse:
    status = 200
    problems: list[dict] = []
    form = ProposeForm()
    if request.method == "POST":
        form = ProposeForm(request.POST, request.FILES)
        if not form.is_valid():
            status = 400
        else:
            source = form.cleaned_data["source"]
            try:
                version = agreement_version_propose(
                    text=source, filename=form.filename, proposed_by=user_of(request)
                )
            except ApplicationError as refused:
                _refused(refused)
                status = refused.status
                problems = agreement_problems_worded(
                    p for p in refused.extra or [] if isinstance(p, dict)
                )
                if not problems:
                    messages.error(request, _("The version was not proposed: try again."))
                # Whatever came in, a file or pasted text, stays on the page to be fixed.
                form = ProposeForm(data={"text": source})
            else:
                messages.success(
                    request,
                    _("Version %(number)s proposed: its signers can now sign it.")
                    % {"number": version.number},
                )
                return redirect("web:agreement-version", number=version.number)
    return agreement_page(
        request, "web/agreement_propose.html", {"form": form, "problems": problems}, status=status
    )


def _sign_blocked(row: VersionRow, email: str) -> str:
    """Why this signer cannot sign this version now, or "" when they can."""
    number = row.version.number
    if any(state.email == email and state.signed_at for state in row.signers):
        return _("You have already signed version %(number)s.") % {"number": number}
    if row.version.status != AgreementVersion.Status.DRAFT:
        return _(
            "Version %(number)s is no longer a draft waiting for signatures: there is nothing "
            "to sign."
        ) % {"number": number}
    return ""


@role_required(ALL_ROLES)
def version_sign(request: HttpRequest, number: int) -> HttpResponse:
    user = user_of(request)
    version = version_or_404(number)
    in_force = agreement_active()
    row = version_row(version=version, lang=lang(), in_force=in_force)
    email = user.email.lower()
    if email not in {state.email for state in row.signers}:
        raise PermissionDenied
    blocked = _sign_blocked(row, email)
    form = SignForm(request.POST) if request.method == "POST" else SignForm()
    status = 409 if blocked else 200
    if request.method == "POST" and not blocked:
        if form.is_valid():
            try:
                agreement_version_sign(version=version, signer=user)
            except ApplicationError as refused:
                _refused(refused)
                messages.error(
                    request,
                    _("The version was not signed: it is signed already or no longer a draft."),
                )
            else:
                _signed_message(request, version)
            return redirect("web:agreement-version", number=number)
        status = 400
    changes = None
    if in_force is not None and in_force.pk != version.pk:
        changes = clause_changes(old=in_force, new=version, lang=lang())
    return agreement_page(
        request,
        "web/agreement_sign.html",
        {
            "row": row,
            "version": version,
            "in_force": in_force,
            "changes": changes,
            "form": form,
            "blocked": blocked,
        },
        status=status,
    )


def _signed_message(request: HttpRequest, version: AgreementVersion) -> None:
    version.refresh_from_db()
    row = version_row(version=version, lang=lang(), in_force=None)
    text = _("You signed version %(number)s.") % {"number": version.number}
    if version.status == AgreementVersion.Status.SIGNED:
        text += " " + _("Every required signature is in: the version can now be activated.")
    elif row.waiting_for:
        text += " " + _("Still to sign: %(names)s.") % {"names": _names(row.waiting_for)}
    messages.success(request, text)


def _activate_blocked(row: VersionRow) -> str:
    """Why this version cannot be activated now, or "" when it can."""
    version = row.version
    number = version.number
    if version.status == AgreementVersion.Status.DRAFT:
        return _("Version %(number)s is not signed yet; still to sign: %(names)s.") % {
            "number": number,
            "names": _names(row.waiting_for),
        }
    if row.scheduled:
        return _("Version %(number)s is already set to take effect on %(when)s.") % {
            "number": number,
            "when": _when(version.effective_from),
        }
    if version.status != AgreementVersion.Status.SIGNED:
        return _("Version %(number)s is %(status)s: only a signed version is activated.") % {
            "number": number,
            "status": version.get_status_display().lower(),
        }
    return ""


@role_required(ALL_ROLES)
def version_activate(request: HttpRequest, number: int) -> HttpResponse:
    user = user_of(request)
    version = version_or_404(number)
    if not agreement_version_may_activate(version=version, user=user):
        raise PermissionDenied
    in_force = agreement_active()
    row = version_row(version=version, lang=lang(), in_force=in_force)
    blocked = _activate_blocked(row)
    form = ActivateForm(request.POST) if request.method == "POST" else ActivateForm()
    status = 409 if blocked else 200
    if request.method == "POST" and not blocked:
        if form.is_valid():
            moment = form.cleaned_data["effective_from"]
            try:
                agreement_version_activate(version=version, actor=user, effective_from=moment)
            except ApplicationError as refused:
                _refused(refused)
                messages.error(request, _("The version was not activated: try again."))
            else:
                if moment is None:
                    text = _("Version %(number)s is now in force.") % {"number": number}
                else:
                    text = _("Version %(number)s takes effect on %(when)s.") % {
                        "number": number,
                        "when": _when(moment),
                    }
                messages.success(request, text)
            return redirect("web:agreement-version", number=number)
        status = 400
    return agreement_page(
        request,
        "web/agreement_activate.html",
        {"row": row, "version": version, "in_force": in_force, "form": form, "blocked": blocked},
        status=status,
    )
