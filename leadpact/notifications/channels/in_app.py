"""In the app: the notification row is the message, so committing it is delivering it.

Its delivery is recorded as sent in the transaction that writes it; the inbox reads it from
there. What remains here is how an inbox item reads.
"""

from dataclasses import dataclass

from leadpact.notifications.messages import notification_message
from leadpact.notifications.models import Notification
from leadpact.users.models import User


@dataclass(frozen=True)
class InboxItem:
    title: str
    body: str


def in_app_item(*, notification: Notification, reader: User) -> InboxItem:
    message = notification_message(
        notification=notification, language=reader.language, time_zone=reader.time_zone
    )
    return InboxItem(title=message.subject, body=message.body)
