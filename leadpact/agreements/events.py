"""What a change to an agreement version tells: audit entries and notifications.

Each function runs inside the transaction of the change, so the entry and the outbox rows
commit with it or not at all.
"""

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.selectors import version_signers
from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record
from leadpact.notifications.models import Notification
from leadpact.notifications.outbox import webhook_endpoints_for
from leadpact.notifications.services import notification_enqueue
from leadpact.users.models import User


def _version_payload(version: AgreementVersion) -> dict[str, object]:
    return {"version_id": version.pk, "number": version.number}


def agreement_version_proposed_record(*, version: AgreementVersion, actor: User | None) -> None:
    """Audit the proposal, and ask everyone the version names as a signer to sign it."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.AGREEMENT_PROPOSED,
        target_type="agreement_version",
        target_id=version.pk,
        details={"number": version.number},
    )
    signed = set(version.signatures.values_list("signer__email", flat=True))
    signers = [signer for signer in version_signers(version=version) if signer.email not in signed]
    users = {
        user.email: user
        for user in User.objects.filter(
            email__in=[signer.email for signer in signers], is_active=True
        )
    }
    for signer in signers:
        if signer.email in users:
            notification_enqueue(
                kind=Notification.Kind.AGREEMENT_TO_SIGN,
                recipient=users[signer.email],
                payload={
                    **_version_payload(version),
                    "role": signer.role,
                    "required": signer.required,
                },
            )


def agreement_version_signed_record(*, signature: AgreementSignature) -> None:
    audit_record(
        actor=signature.signer,
        action=AuditEntry.Action.AGREEMENT_SIGNED,
        target_type="agreement_version",
        target_id=signature.version_id,
        details={
            "number": signature.version.number,
            "role": signature.role,
            "version_status": signature.version.status,
        },
    )


def agreement_version_activated_record(
    *, version: AgreementVersion, actor: User | None, scheduled: bool
) -> None:
    """Audit an activation: at once, or scheduled for `effective_from` (then again, by the
    system, when the worker puts it in force)."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.AGREEMENT_ACTIVATED,
        target_type="agreement_version",
        target_id=version.pk,
        details={
            "number": version.number,
            "scheduled": scheduled,
            "effective_from": version.effective_from.isoformat()
            if version.effective_from
            else None,
        },
    )


def agreement_version_in_force_notify(*, version: AgreementVersion) -> None:
    """Tell every active user that a version is in force, and integrations once.

    Everyone works under the agreement — marketing hands leads over by it, reps and managers
    are measured by it, administrators run it — so everyone is told, in the app (e-mail only
    for those who chose it). Webhooks get one event with no recipient, not one per user.
    """
    payload = {
        **_version_payload(version),
        "effective_from_at": version.effective_from.isoformat() if version.effective_from else None,
    }
    for user in User.objects.filter(is_active=True).order_by("pk"):
        notification_enqueue(
            kind=Notification.Kind.AGREEMENT_ACTIVATED,
            recipient=user,
            payload=payload,
            webhooks=False,
        )
    if webhook_endpoints_for(kind=Notification.Kind.AGREEMENT_ACTIVATED):
        notification_enqueue(
            kind=Notification.Kind.AGREEMENT_ACTIVATED, recipient=None, payload=payload
        )
