"""Every write to agreement versions: propose, sign, activate (now or at a set time)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from leadpact.agreements.events import (
    agreement_version_activated_record,
    agreement_version_in_force_notify,
    agreement_version_proposed_record,
    agreement_version_signed_record,
)
from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import (
    AgreementCheck,
    agreement_check,
    agreement_may_propose,
    agreement_version_may_activate,
    version_owner_emails,
    version_signers,
)
from leadpact.core.exceptions import ApplicationError, Conflict, Forbidden
from leadpact.users.models import User


def _next_number() -> int:
    return (AgreementVersion.objects.aggregate(top=Max("number"))["top"] or 0) + 1


def agreement_version_propose(
    *,
    text: str,
    filename: str = "<agreement>",
    proposed_by: User | None,
    fmt: str | None = None,
) -> AgreementVersion:
    """A new draft from an agreement file, or 422 listing every `{line, path, message}`.

    The signers must already be users: a draft nobody named can sign is a dead end.
    Marketing, sales managers and administrators propose (`proposed_by` None is the system);
    a sales rep is refused with 403.
    """
    if proposed_by is not None and not agreement_may_propose(user=proposed_by):
        raise Forbidden(
            f"{proposed_by.email} may not propose agreement versions; marketing, sales "
            "managers and administrators do."
        )
    check: AgreementCheck = agreement_check(text=text, filename=filename, fmt=fmt, users=True)
    if check.agreement is None or check.problems:
        raise ApplicationError(
            f"{filename} is not a valid agreement ({len(check.problems)} problem(s)); "
            "fix them and propose again.",
            status=422,
            code="agreement_invalid",
            extra=[problem.as_dict() for problem in check.problems],
        )
    agreement: Agreement = check.agreement
    for _attempt in range(3):
        try:
            with transaction.atomic():
                version = AgreementVersion.objects.create(
                    number=_next_number(),
                    source_text=text,
                    source_format=check.fmt,
                    document=agreement.model_dump(mode="json"),
                    proposed_by=proposed_by,
                )
                agreement_version_proposed_record(version=version, actor=proposed_by)
                return version
        except IntegrityError:
            continue  # another proposal took the number; take the next one
    raise Conflict("Several versions were proposed at once; propose again.")


def agreement_version_sign(*, version: AgreementVersion, signer: User) -> AgreementSignature:
    """`signer` signs `version` in the role that version names them in (once).

    When every required signer (both owners and the signatories marked required) has signed,
    the version becomes `signed` and can be activated.
    """
    with transaction.atomic():
        locked = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        signers = version_signers(version=locked)
        named = [entry for entry in signers if entry.email == signer.email.lower()]
        if not named:
            names = ", ".join(entry.email for entry in signers)
            raise Forbidden(
                f"{signer.email} is not named as a signer of version {locked.number}; "
                f"it can be signed by: {names}."
            )
        if locked.status != AgreementVersion.Status.DRAFT:
            raise Conflict(
                f"Version {locked.number} is already {locked.status}; only a draft is signed."
            )
        if locked.signatures.filter(signer=signer).exists():
            raise Conflict(f"{signer.email} has already signed version {locked.number}.")
        signature = AgreementSignature.objects.create(
            version=locked, signer=signer, role=named[0].role
        )
        signed = set(locked.signatures.values_list("signer__email", flat=True))
        if all(entry.email in signed for entry in signers if entry.required):
            locked.status = AgreementVersion.Status.SIGNED
            locked.signed_at = signature.signed_at
            locked.save(update_fields=["status", "signed_at"])
        agreement_version_signed_record(signature=signature)
        version.refresh_from_db()
        return signature


def _supersede_and_activate(version: AgreementVersion, *, at: datetime) -> None:
    # Lock the current active row too, so two activations cannot both leave theirs active.
    current = AgreementVersion.objects.select_for_update().filter(
        status=AgreementVersion.Status.ACTIVE
    )
    for previous in current.exclude(pk=version.pk):
        previous.status = AgreementVersion.Status.SUPERSEDED
        previous.superseded_at = at
        previous.save(update_fields=["status", "superseded_at"])
    version.status = AgreementVersion.Status.ACTIVE
    version.effective_from = at
    version.save(update_fields=["status", "effective_from", "activated_by"])
    agreement_version_in_force_notify(version=version)


def _check_may_activate(version: AgreementVersion, actor: User) -> None:
    if not agreement_version_may_activate(version=version, user=actor):
        owners = version_owner_emails(version=version)
        raise Forbidden(
            f"Only an administrator or an owner named in version {version.number} "
            f"({', '.join(owners)}) may activate it."
        )


def agreement_version_activate(
    *,
    version: AgreementVersion,
    actor: User | None,
    effective_from: datetime | None = None,
) -> AgreementVersion:
    """Put a signed version in force now, or schedule it for `effective_from` (a future time).

    `actor` must be an administrator or an owner named in the version; None is the system
    (the worker, or an operator at the command line without `--as`).

    A scheduled version stays `signed` with `effective_from` set; the selectors already treat
    it as in force from that moment and `agreement_versions_activate_due` flips its status.
    The version active before is superseded at the moment the new one takes effect.
    """
    now = timezone.now()
    if effective_from is not None and timezone.is_naive(effective_from):
        raise ApplicationError(
            "effective_from needs a time zone, e.g. 2026-12-01T00:00+01:00.", status=422
        )
    if effective_from is not None and effective_from < now:
        raise ApplicationError(
            "effective_from is in the past; omit it to activate now, or give a future time.",
            status=422,
        )
    with transaction.atomic():
        locked = AgreementVersion.objects.select_for_update().get(pk=version.pk)
        if actor is not None:
            _check_may_activate(locked, actor)
        if locked.status == AgreementVersion.Status.DRAFT:
            signed = set(locked.signatures.values_list("signer__email", flat=True))
            missing = [
                entry.email
                for entry in version_signers(version=locked)
                if entry.required and entry.email not in signed
            ]
            raise Conflict(
                f"Version {locked.number} is not signed yet; waiting for: {', '.join(missing)}."
            )
        if locked.status != AgreementVersion.Status.SIGNED:
            raise Conflict(
                f"Version {locked.number} is {locked.status}; only a signed version is activated."
            )
        locked.activated_by = actor
        scheduled = effective_from is not None and effective_from > now
        if scheduled:
            locked.effective_from = effective_from
            locked.save(update_fields=["effective_from", "activated_by"])
        else:
            _supersede_and_activate(locked, at=now)
        agreement_version_activated_record(version=locked, actor=actor, scheduled=scheduled)
    version.refresh_from_db()
    return version


def agreement_versions_activate_due(*, now: datetime | None = None) -> list[AgreementVersion]:
    """Activate scheduled versions whose time has come (the worker calls this periodically).

    Each takes effect at its own `effective_from`, not when the worker noticed, so the history
    matches what the selectors reported in between.
    """
    now = now or timezone.now()
    activated = []
    due = AgreementVersion.objects.filter(
        status=AgreementVersion.Status.SIGNED, effective_from__lte=now
    ).order_by("effective_from", "number")
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            version = (
                AgreementVersion.objects.select_for_update()
                .filter(pk=pk, status=AgreementVersion.Status.SIGNED, effective_from__lte=now)
                .first()
            )
            if version is None or version.effective_from is None:
                continue  # another worker got there first
            _supersede_and_activate(version, at=version.effective_from)
            agreement_version_activated_record(version=version, actor=None, scheduled=False)
            activated.append(version)
    return activated
