"""The agreement in force as a document; decisions link to its clauses by anchor."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from leadpact.agreements.rendering import agreement_render
from leadpact.agreements.selectors import agreement_active
from leadpact.web.access import ALL_ROLES, role_required

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def document_body(html: str) -> str:
    """The rendered document without its own page shell (and its inline style, which the
    Content-Security-Policy would refuse): the layout's stylesheet styles it."""
    match = BODY.search(html)
    return match.group(1) if match else html


@role_required(ALL_ROLES)
def agreement(request: HttpRequest) -> HttpResponse:
    version = agreement_active()
    document = None
    if version is not None:
        html = agreement_render(version=version, fmt="html", lang=get_language())
        # Rendered by leadpact's own template with autoescaping: safe to embed.
        document = mark_safe(document_body(html))
    return render(request, "web/agreement.html", {"version": version, "document": document})
