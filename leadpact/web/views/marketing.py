"""Marketing's pages: its pools of leads with their temperatures and why, what sales rejected
and why, and the target accounts' coverage. Read-only; sales gets 403 (these lists show every
lead, which a rep may not see)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.leads.models import Lead
from leadpact.web.access import MARKETING_ROLES, role_required
from leadpact.web.marketing_selectors import (
    POOL_STAGES,
    account_coverage,
    coverage_rules,
    marketing_pool,
    pool_rows,
    rejected_handoffs,
    rejected_rows,
    target_accounts,
)
from leadpact.web.views.leads import words_now

PER_PAGE = 25


def _query(**params: str) -> str:
    """The filters to keep in the pagination links."""
    return urlencode({key: value for key, value in params.items() if value})


@role_required(MARKETING_ROLES)
def marketing_pool_view(request: HttpRequest) -> HttpResponse:
    """Inquiries and nurture, filterable by stage and marketing temperature."""
    words = words_now()
    stage = request.GET.get("stage", "")
    stage = stage if stage in POOL_STAGES else ""
    temperature = request.GET.get("temperature", "")
    temperature = temperature if temperature in words.marketing_levels else ""
    leads = marketing_pool(stage=stage or None, temperature=temperature or None)
    page = Paginator(leads, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/marketing_pool.html",
        {
            "page": page,
            "rows": pool_rows(list(page.object_list), words=words),
            "words": words,
            "stage": stage,
            "stages": [(s, Lead.Stage(s).label) for s in POOL_STAGES],
            "temperature": temperature,
            "query": _query(stage=stage, temperature=temperature),
        },
    )


@role_required(MARKETING_ROLES)
def marketing_rejected(request: HttpRequest) -> HttpResponse:
    """Every lead sales rejected: the agreement's reason, the note, the rep and when."""
    words = words_now()
    reason = request.GET.get("reason", "")
    codes = {r.code for r in words.reasons}
    reason = reason if reason in codes else ""
    page = Paginator(rejected_handoffs(reason=reason or None), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/marketing_rejected.html",
        {
            "page": page,
            "rows": rejected_rows(list(page.object_list), words=words),
            "words": words,
            "reason": reason,
            "query": _query(reason=reason),
        },
    )


@role_required(MARKETING_ROLES)
def marketing_accounts(request: HttpRequest) -> HttpResponse:
    """Target accounts: distinct actions this month and quarter against the agreement's KPI,
    and which roles of the buying committee are known there."""
    words = words_now()
    version = agreement_active()
    if version is None:
        return render(request, "web/marketing_accounts.html", {"rules": None, "words": words})
    rules = coverage_rules(agreement=version_agreement(version=version))
    below = request.GET.get("show") == "below"
    page = Paginator(target_accounts(rules=rules, below=below), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/marketing_accounts.html",
        {
            "page": page,
            "rows": account_coverage(list(page.object_list), rules=rules, words=words),
            "rules": rules,
            "words": words,
            "below": below,
            "query": _query(show="below" if below else ""),
        },
    )
