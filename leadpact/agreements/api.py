from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rendering import agreement_render, render_language
from leadpact.agreements.rules.clauses import agreement_clauses
from leadpact.agreements.rules.schema import label_text
from leadpact.agreements.schemas import (
    ClauseOut,
    SignatureOut,
    VersionActivateIn,
    VersionOut,
    VersionProposedOut,
    VersionProposeIn,
    VersionSummaryOut,
)
from leadpact.agreements.selectors import (
    agreement_version_get,
    agreement_version_list,
    agreement_version_signatures,
    version_agreement,
    version_signers,
)
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.core.bodiless import bodiless
from leadpact.core.idempotency import idempotent
from leadpact.core.paging import QueryParams, no_query
from leadpact.core.schemas import API_ERRORS
from leadpact.users.auth import require_scope
from leadpact.users.models import User

router = Router(tags=["agreement"])


def version_summary(version: AgreementVersion) -> dict:
    agreement = version_agreement(version=version)
    signatures = agreement_version_signatures(version=version)
    signed = {signature.signer.email for signature in signatures}
    return {
        "number": version.number,
        "status": version.status,
        "title": label_text(agreement.title, agreement.language),
        "proposed_at": version.proposed_at,
        "proposed_by_email": version.proposed_by.email if version.proposed_by else None,
        "signed_at": version.signed_at,
        "effective_from": version.effective_from,
        "superseded_at": version.superseded_at,
        "signatures": [
            SignatureOut(
                signer_email=signature.signer.email,
                signer_name=signature.signer.name,
                role=signature.role,
                signed_at=signature.signed_at,
            )
            for signature in signatures
        ],
        "waiting_for": [
            signer.email
            for signer in version_signers(version=version)
            if signer.required and signer.email not in signed
        ],
    }


class LanguageQuery(QueryParams):
    lang: Literal["pl", "en"] | None = None


class DocumentQuery(LanguageQuery):
    format: Literal["html", "md"] = "html"


@router.get(
    "/versions",
    response={200: list[VersionSummaryOut], **API_ERRORS},
    operation_id="agreement_version_list",
    summary="List agreement versions, newest first",
)
@no_query
def agreement_version_list_api(request: HttpRequest) -> list[VersionSummaryOut]:
    require_scope(request, "leads:read")
    return [VersionSummaryOut(**version_summary(v)) for v in agreement_version_list()]


@router.get(
    "/versions/{number}",
    response={200: VersionOut, **API_ERRORS},
    operation_id="agreement_version_get",
    summary="One agreement version: its state, signatures, document and clauses",
)
def agreement_version_get_api(
    request: HttpRequest, number: int, query: Query[LanguageQuery]
) -> VersionOut:
    """`lang` chooses the language of the clause texts (default: the agreement's own)."""
    require_scope(request, "leads:read")
    version = agreement_version_get(number=number)
    agreement = version_agreement(version=version)
    clauses = agreement_clauses(agreement, render_language(agreement, query.lang))
    return VersionOut(
        **version_summary(version),
        source_format=version.source_format,
        document=version.document,
        clauses=[
            ClauseOut(id=c.id, section=c.section, heading=c.heading, text=c.text) for c in clauses
        ],
    )


@router.get(
    "/versions/{number}/document",
    response={200: str, **API_ERRORS},
    operation_id="agreement_version_document",
    summary="The readable agreement document (HTML or Markdown)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The document; every clause is anchored by its id.",
                "content": {
                    "text/html": {"schema": {"type": "string"}},
                    "text/markdown": {"schema": {"type": "string"}},
                },
            }
        }
    },
)
def agreement_version_document_api(
    request: HttpRequest, number: int, query: Query[DocumentQuery]
) -> HttpResponse:
    require_scope(request, "leads:read")
    version = agreement_version_get(number=number)
    body = agreement_render(version=version, fmt=query.format, lang=query.lang)
    content_type = "text/html" if query.format == "html" else "text/markdown"
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")


@router.post(
    "/versions",
    response={201: VersionProposedOut, **API_ERRORS},
    operation_id="agreement_version_propose",
    summary="Propose a new agreement version (a draft) from YAML or JSON text",
)
@idempotent
def agreement_version_propose_api(
    request: HttpRequest, payload: VersionProposeIn
) -> tuple[int, dict]:
    """An invalid agreement is answered with 422 and every problem as `{line, path, message}`."""
    require_scope(request, "agreement:write")
    user: User = request.user  # type: ignore[assignment]
    version = agreement_version_propose(
        text=payload.text,
        filename=f"agreement.{payload.format}",
        fmt=payload.format,
        proposed_by=user,
    )
    return 201, {"number": version.number, "status": version.status}


@router.post(
    "/versions/{number}/sign",
    response={200: VersionSummaryOut, **API_ERRORS},
    operation_id="agreement_version_sign",
    summary="Sign a draft version as the token's own user",
)
@idempotent
@bodiless
def agreement_version_sign_api(request: HttpRequest, number: int) -> VersionSummaryOut:
    """Only an owner or signatory named in that version signs, once; the version is signed
    when every required signer has."""
    require_scope(request, "agreement:write")
    version = agreement_version_get(number=number)
    agreement_version_sign(version=version, signer=request.user)  # type: ignore[arg-type]
    return VersionSummaryOut(**version_summary(agreement_version_get(number=number)))


@router.post(
    "/versions/{number}/activate",
    response={200: VersionSummaryOut, **API_ERRORS},
    operation_id="agreement_version_activate",
    summary="Put a signed version in force, now or from a future time",
)
@idempotent
def agreement_version_activate_api(
    request: HttpRequest, number: int, payload: VersionActivateIn | None = None
) -> VersionSummaryOut:
    """For an administrator or an owner named in the version; the version in force until then
    is superseded at the moment this one takes effect."""
    require_scope(request, "agreement:write")
    version = agreement_version_get(number=number)
    agreement_version_activate(
        version=version,
        actor=request.user,  # type: ignore[arg-type]
        effective_from=payload.effective_from if payload else None,
    )
    return VersionSummaryOut(**version_summary(agreement_version_get(number=number)))
