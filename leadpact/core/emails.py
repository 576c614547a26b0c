"""One spelling per e-mail address: the identity of a lead and the key of the suppression list.

An address on an internationalised domain arrives in two spellings — `anna@łódź.pl` from a
form, `anna@xn--d-uga0v4h.pl` from a system that speaks ASCII — and in any letter case. All
of them are the same person, spelled as the API's validation gives it (domain in Unicode,
NFC), in lower case.
"""

import idna
from email_validator import EmailNotValidError, validate_email


def email_normalize(email: str) -> str:
    lowered = email.strip().lower()
    if lowered.isascii() and "xn--" not in lowered:
        return lowered  # the common case, and on ingestion's path: no parsing
    try:
        return validate_email(lowered, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return lowered


def email_spellings(email: str) -> tuple[str, ...]:
    """The normalised address, then its ASCII spelling when its domain has other letters:
    suppression entries made before addresses were normalised may hold either."""
    normalised = email_normalize(email)
    local, _, domain = normalised.rpartition("@")
    if domain.isascii():
        return (normalised,)
    try:
        return (normalised, f"{local}@{idna.encode(domain).decode('ascii')}")
    except idna.IDNAError:
        return (normalised,)
