"""Reads of agreement versions: the version in force, its parsed agreement, its signers."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.rules.loading import (
    AgreementInvalid,
    agreement_parse,
    agreement_path_line,
)
from leadpact.agreements.rules.schema import (
    Agreement,
    agreement_required_signers,
    agreement_signer_paths,
)
from leadpact.core.exceptions import NotFound
from leadpact.users.models import User

# Parsed agreements by version, for the engine reads this on every touch. What a version says
# never changes, but its source is part of the key: a rolled-back test database hands the same
# pk to a different version.
_PARSED: dict[tuple[int, str], Agreement] = {}


@dataclass(frozen=True)
class Signer:
    """Someone a version names as a signer, and where in the file they are named."""

    email: str
    role: str
    required: bool
    path: str


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: str
    message: str
    code: str = ""
    params: Mapping[str, object] = field(default_factory=dict, compare=False)

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line or 1}: {self.path}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "code": self.code,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class AgreementCheck:
    agreement: Agreement | None
    problems: list[Problem]
    fmt: str


def agreement_signer_list(*, agreement: Agreement) -> list[Signer]:
    """Both owners and every signatory, in the order the file names them; an e-mail named
    twice signs once, in the first role it is named in."""
    required = set(agreement_required_signers(agreement))
    signers = []
    for email, path in agreement_signer_paths(agreement).items():
        if path.endswith(".owner"):
            role = f"{path.split('.')[1]}_owner"
        else:
            role = AgreementSignature.Role.SIGNATORY
        signers.append(Signer(email=email, role=role, required=email in required, path=path))
    return signers


def _format_of(text: str, filename: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    json_like = filename.lower().endswith(".json") or text.lstrip().startswith("{")
    return "json" if json_like else "yaml"


def agreement_check(
    *, text: str, filename: str = "<agreement>", fmt: str | None = None, users: bool = True
) -> AgreementCheck:
    """Every problem of an agreement file: syntax, schema, cross-field and (with `users`)
    signers that are not active users."""
    fmt = _format_of(text, filename, fmt)
    try:
        agreement = agreement_parse(text, filename=filename, fmt=fmt)
    except AgreementInvalid as invalid:
        problems = [
            Problem(error.line, error.path, error.message, error.code, error.params)
            for error in invalid.errors
        ]
        if users:
            problems += _signers_not_users(text=text, paths=invalid.signer_paths)
            problems.sort(key=lambda problem: (problem.line or 0, problem.path))
        return AgreementCheck(agreement=None, problems=problems, fmt=fmt)
    paths = agreement_signer_paths(agreement)
    problems = _signers_not_users(text=text, paths=paths) if users else []
    return AgreementCheck(agreement=agreement, problems=problems, fmt=fmt)


def _signers_not_users(*, text: str, paths: dict[str, str]) -> list[Problem]:
    known = set(
        User.objects.filter(email__in=list(paths), is_active=True).values_list("email", flat=True)
    )
    return [
        Problem(
            agreement_path_line(text, path), path, "no user with this e-mail", "signer_not_user"
        )
        for email, path in paths.items()
        if email not in known
    ]


def version_agreement(*, version: AgreementVersion) -> Agreement:
    """The parsed agreement of a version, parsed once per process."""
    key = (version.pk, version.source_text)
    agreement = _PARSED.get(key)
    if agreement is None:
        agreement = Agreement.model_validate(version.document)
        _PARSED[key] = agreement
    return agreement


def version_signers(*, version: AgreementVersion) -> list[Signer]:
    return agreement_signer_list(agreement=version_agreement(version=version))


@dataclass(frozen=True)
class SignerState:
    """A signer a version names, with their name and when (if) they signed it."""

    email: str
    role: str
    required: bool
    name: str
    signed_at: datetime | None


# Who may propose a new version: either team's heads and administrators, not reps.
PROPOSER_ROLES = frozenset({User.Role.MARKETING, User.Role.SALES_MANAGER, User.Role.ADMIN})


def agreement_may_propose(*, user: User) -> bool:
    return user.role in PROPOSER_ROLES


def version_owner_emails(*, version: AgreementVersion) -> list[str]:
    """The two owners the version names: with administrators, the people who activate it."""
    return [
        signer.email
        for signer in version_signers(version=version)
        if signer.role != AgreementSignature.Role.SIGNATORY
    ]


def agreement_version_may_activate(*, version: AgreementVersion, user: User) -> bool:
    return user.role == User.Role.ADMIN or user.email.lower() in version_owner_emails(
        version=version
    )


def version_signer_states(*, version: AgreementVersion) -> list[SignerState]:
    """Every signer the version names, in the file's order, with their signature if any."""
    signers = version_signers(version=version)
    signed = {
        signature.signer.email: signature.signed_at
        for signature in agreement_version_signatures(version=version)
    }
    names = dict(
        User.objects.filter(email__in=[s.email for s in signers]).values_list("email", "name")
    )
    return [
        SignerState(
            email=signer.email,
            role=signer.role,
            required=signer.required,
            name=names.get(signer.email) or "",
            signed_at=signed.get(signer.email),
        )
        for signer in signers
    ]


def version_awaits_signature(*, version: AgreementVersion, user: User) -> bool:
    """Whether `user` is named in a draft version and has not signed it yet."""
    if version.status != AgreementVersion.Status.DRAFT:
        return False
    email = user.email.lower()
    return any(
        state.email == email and state.signed_at is None
        for state in version_signer_states(version=version)
    )


def agreement_version_list() -> QuerySet[AgreementVersion]:
    return AgreementVersion.objects.select_related("proposed_by", "activated_by").order_by(
        "-number"
    )


def agreement_version_get(*, number: int) -> AgreementVersion:
    version = agreement_version_list().filter(number=number).first()
    if version is None:
        raise NotFound(f"There is no agreement version {number}; `agreement list` shows them.")
    return version


def agreement_version_signatures(*, version: AgreementVersion) -> list[AgreementSignature]:
    return list(version.signatures.select_related("signer").order_by("signed_at", "id"))


IN_FORCE_STATUSES = (
    AgreementVersion.Status.ACTIVE,
    AgreementVersion.Status.SUPERSEDED,
    AgreementVersion.Status.SIGNED,
)
# The versions that can be in force, read once inside `agreement_versions_pinned()`.
_pinned: ContextVar[list[AgreementVersion] | None] = ContextVar("agreement_pinned", default=None)


def _in_force_candidates() -> QuerySet[AgreementVersion]:
    return AgreementVersion.objects.defer("document").filter(
        status__in=IN_FORCE_STATUSES, effective_from__isnull=False
    )


def agreement_active(*, at: datetime | None = None) -> AgreementVersion | None:
    """The version in force at `at` (now by default).

    A signed version scheduled for a time that has passed is in force even before the worker
    has flipped its status, so a late worker never changes which rules applied when.
    """
    at = at or timezone.now()
    pinned = _pinned.get()
    if pinned is not None:
        return _in_force_among(pinned, at)
    return (
        _in_force_candidates()
        .filter(effective_from__lte=at)
        .filter(Q(superseded_at__isnull=True) | Q(superseded_at__gt=at))
        .order_by("-effective_from", "-number")
        .first()
    )


def _in_force_among(versions: list[AgreementVersion], at: datetime) -> AgreementVersion | None:
    # The query of `agreement_active`, in Python.
    in_force = [
        v
        for v in versions
        if v.effective_from is not None
        and v.effective_from <= at
        and (v.superseded_at is None or v.superseded_at > at)
    ]
    return max(in_force, key=lambda v: (v.effective_from, v.number), default=None)


@contextmanager
def agreement_versions_pinned() -> Iterator[None]:
    """Within: `agreement_active()` answers from the versions as they were on entry, read
    with one query, for any moment — for a run of work that activates and schedules no
    version (the history generator's simulated hour), not for a request: an activation made
    inside is not seen until the block ends."""
    token = _pinned.set(list(_in_force_candidates()))
    try:
        yield
    finally:
        _pinned.reset(token)


def agreement_active_agreement(*, at: datetime | None = None) -> Agreement | None:
    version = agreement_active(at=at)
    return None if version is None else version_agreement(version=version)
