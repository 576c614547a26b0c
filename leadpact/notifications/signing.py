"""Standard Webhooks signatures (https://www.standardwebhooks.com): how leadpact signs a
webhook and how a receiver verifies it.

The secret is `whsec_` + base64 of random bytes; the key is the decoded bytes. The signed
content is `{webhook-id}.{webhook-timestamp}.{body}` and `webhook-signature` holds one or more
space-separated `v1,<base64 HMAC-SHA256>`: two while a secret is being rotated. Only the
standard library is used, so integrators may copy `webhook_verify` into their receiver.
"""

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping, Sequence
from datetime import datetime

SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 300


class WebhookVerificationError(Exception):
    """The request is not a genuine, fresh leadpact webhook; the message says which check failed."""


def webhook_secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def webhook_secret_key(secret: str) -> bytes:
    encoded = secret.strip().removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except binascii.Error:
        raise ValueError("A webhook secret is 'whsec_' followed by base64.") from None
    if not key:
        raise ValueError("The webhook secret is empty.")
    return key


def webhook_sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<signature>` of one message with one secret."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(webhook_secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_verify(
    *,
    secret: str | Sequence[str],
    headers: Mapping[str, str],
    body: bytes | str,
    now: datetime | float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> None:
    """Raise `WebhookVerificationError` unless `body` with `headers` was signed with `secret`
    (or one of several secrets, while you rotate yours) less than `tolerance` seconds from `now`.

    Pass the raw body exactly as received: parsing and re-serialising JSON changes the bytes.
    Then use `webhook-id` to drop a message you have already processed: retries repeat it.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    msg_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp")
    signatures = lowered.get("webhook-signature")
    if not (msg_id and stamp and signatures):
        raise WebhookVerificationError(
            "Missing webhook-id, webhook-timestamp or webhook-signature header."
        )
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not whole seconds.") from None
    if now is None:
        current = time.time()
    elif isinstance(now, datetime):
        current = now.timestamp()
    else:
        current = float(now)
    if abs(current - timestamp) > tolerance:
        raise WebhookVerificationError(
            f"webhook-timestamp is more than {tolerance} s from now: too old or too new."
        )
    raw = body.encode() if isinstance(body, str) else body
    candidates = [secret] if isinstance(secret, str) else list(secret)
    expected = [
        webhook_sign(secret=each, msg_id=msg_id, timestamp=timestamp, body=raw).split(",", 1)[1]
        for each in candidates
    ]
    for versioned in signatures.split():
        version, _, value = versioned.partition(",")
        if version != "v1":
            continue
        if any(hmac.compare_digest(value.encode(), mine.encode()) for mine in expected):
            return
    raise WebhookVerificationError("No signature matches the body with this secret.")
