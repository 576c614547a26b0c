"""E-mail: plain text and HTML through Django's e-mail backend (console by default, SMTP from
the environment), in the recipient's language and time zone. A `report_ready` message carries
the delivered report's workbook (docs/report.md, "Delivery on the cadence")."""

from email.utils import parseaddr

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from leadpact.notifications.channels import SENT, Outcome, Send, failure
from leadpact.notifications.messages import notification_message
from leadpact.notifications.models import Delivery, Notification

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sender_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "leadpact"


def email_message(delivery: Delivery) -> EmailMultiAlternatives:
    notification = delivery.notification
    recipient = notification.recipient
    assert recipient is not None
    message = notification_message(
        notification=notification, language=recipient.language, time_zone=recipient.time_zone
    )
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        # One Message-ID for every attempt: a mail client shows a resent copy once.
        headers={
            "Message-ID": f"<{delivery.uid.hex}@{_sender_domain()}>",
            "X-Leadpact-Kind": notification.kind,
        },
    )
    email.attach_alternative(message.html, "text/html")
    if notification.kind == Notification.Kind.REPORT_READY:
        _report_attach(email, notification.payload or {})
    return email


def _report_attach(email: EmailMultiAlternatives, payload: dict[str, object]) -> None:
    """The workbook exactly as delivered (`ReportDelivery.xlsx`), so every attempt of every
    recipient sends the same file the summary describes. Looked up by name: reports read from
    notifications, not the other way round."""
    report_id = payload.get("report_id")
    if not isinstance(report_id, int):
        return
    delivery = apps.get_model("reports", "ReportDelivery").objects.filter(pk=report_id).first()
    if delivery is None or not delivery.xlsx:
        return
    filename = str(payload.get("filename") or delivery.filename)
    email.attach(filename, bytes(delivery.xlsx), XLSX)


def email_prepare(delivery: Delivery) -> Send:
    recipient = delivery.notification.recipient
    if recipient is None or not recipient.is_active or not recipient.email:
        return failure("The recipient is inactive or has no e-mail address.", permanent=True)
    email = email_message(delivery)

    def send() -> Outcome:
        try:
            email.send()
        except Exception as error:  # any backend failure is a failed attempt, retried later
            return Outcome(ok=False, error=f"{type(error).__name__}: {error}"[:1000])
        return SENT

    return send
