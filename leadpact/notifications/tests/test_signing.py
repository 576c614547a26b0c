"""Signature vectors: what a receiver using `webhook_verify` accepts and refuses."""

import base64

import pytest

from leadpact.notifications.signing import (
    WebhookVerificationError,
    webhook_secret_generate,
    webhook_secret_key,
    webhook_sign,
    webhook_verify,
)

SECRET = "whsec_" + base64.b64encode(b"a test secret of thirty-two byte").decode()
ROTATED = "whsec_" + base64.b64encode(b"the next secret, thirty-two byte").decode()
BODY = b'{"type":"lead_assigned","data":{"lead":"Ewa Kowalczyk"}}'
MSG_ID = "msg_0123456789abcdef"
NOW = 1_790_000_000


def headers(*secrets: str, timestamp: int = NOW, body: bytes = BODY) -> dict[str, str]:
    signatures = " ".join(
        webhook_sign(secret=s, msg_id=MSG_ID, timestamp=timestamp, body=body) for s in secrets
    )
    return {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }


def test_the_standard_webhooks_reference_vector_is_reproduced() -> None:
    # The reference libraries' own test vector: proof of interoperability, not just symmetry.
    signature = webhook_sign(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
        body=b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_valid_signature_verifies() -> None:
    webhook_verify(secret=SECRET, headers=headers(SECRET), body=BODY, now=NOW)


def test_header_names_are_case_insensitive_and_the_body_may_be_text() -> None:
    upper = {name.title(): value for name, value in headers(SECRET).items()}
    webhook_verify(secret=SECRET, headers=upper, body=BODY.decode(), now=NOW)


def test_a_tampered_body_is_refused() -> None:
    tampered = BODY.replace(b"Ewa", b"Eve")
    with pytest.raises(WebhookVerificationError, match="No signature matches"):
        webhook_verify(secret=SECRET, headers=headers(SECRET), body=tampered, now=NOW)


def test_a_wrong_secret_is_refused() -> None:
    with pytest.raises(WebhookVerificationError, match="No signature matches"):
        webhook_verify(secret=ROTATED, headers=headers(SECRET), body=BODY, now=NOW)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_is_refused(missing: str) -> None:
    partial = {k: v for k, v in headers(SECRET).items() if k != missing}
    with pytest.raises(WebhookVerificationError, match="Missing"):
        webhook_verify(secret=SECRET, headers=partial, body=BODY, now=NOW)


@pytest.mark.parametrize("skew", [-301, 301])
def test_a_timestamp_more_than_300_s_away_is_refused(skew: int) -> None:
    signed = headers(SECRET, timestamp=NOW + skew)
    with pytest.raises(WebhookVerificationError, match="300 s"):
        webhook_verify(secret=SECRET, headers=signed, body=BODY, now=NOW)


@pytest.mark.parametrize("skew", [-300, 300])
def test_a_timestamp_within_300_s_is_accepted(skew: int) -> None:
    webhook_verify(secret=SECRET, headers=headers(SECRET, timestamp=NOW + skew), body=BODY, now=NOW)


def test_a_re_signed_old_timestamp_cannot_be_forged_into_a_fresh_one() -> None:
    replayed = headers(SECRET, timestamp=NOW - 3600)
    replayed["webhook-timestamp"] = str(NOW)
    with pytest.raises(WebhookVerificationError):
        webhook_verify(secret=SECRET, headers=replayed, body=BODY, now=NOW)


def test_during_rotation_both_signatures_travel_and_either_secret_verifies() -> None:
    both = headers(ROTATED, SECRET)
    assert len(both["webhook-signature"].split()) == 2
    webhook_verify(secret=SECRET, headers=both, body=BODY, now=NOW)
    webhook_verify(secret=ROTATED, headers=both, body=BODY, now=NOW)
    # A receiver mid-rotation on its side tries its secrets in turn.
    webhook_verify(secret=[ROTATED, SECRET], headers=headers(SECRET), body=BODY, now=NOW)
    with pytest.raises(WebhookVerificationError):
        webhook_verify(secret=[ROTATED], headers=headers(SECRET), body=BODY, now=NOW)


def test_unknown_signature_versions_are_skipped() -> None:
    mixed = headers(SECRET)
    mixed["webhook-signature"] = "v1a,AAAA " + mixed["webhook-signature"]
    webhook_verify(secret=SECRET, headers=mixed, body=BODY, now=NOW)


def test_generated_secrets_follow_the_whsec_convention() -> None:
    secret = webhook_secret_generate()
    assert secret.startswith("whsec_")
    assert len(webhook_secret_key(secret)) == 32
    assert webhook_secret_generate() != secret
