"""The agreement as a readable, printable document (HTML or Markdown) in Polish or English.

Parts follow the article: 1 shared terms, 2 goals, 3 handoff and responsibility, 4 reporting,
5 feedback. Every clause carries its id as an anchor so a decision can link to it.
"""

import re
from dataclasses import dataclass
from typing import Literal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.clauses import Clause, agreement_clauses, section_title
from leadpact.agreements.rules.schema import Agreement, label_text
from leadpact.agreements.selectors import (
    agreement_version_signatures,
    version_agreement,
    version_signers,
)
from leadpact.users.models import User

# The article's parts, each with the schema sections it is made of, in the order shown.
PARTS: dict[int, tuple[str, ...]] = {
    0: ("parties",),
    1: ("terms", "icp", "lead_definitions", "qualification", "touch_types", "temperature"),
    2: ("goals", "personas"),
    3: ("handoff", "calendar"),
    4: ("reporting",),
    5: ("feedback",),
}
OTHER_PART = 6

WORDS = {
    "pl": {
        0: "Strony i podpisy",
        1: "Wspólne pojęcia: profil klienta, definicja leada, kwalifikacja, temperatura",
        2: "Cele marketingu i sprzedaży",
        3: "Przekazywanie leadów i odpowiedzialność",
        4: "Raportowanie",
        5: "Informacja zwrotna",
        6: "Inne postanowienia",
        "parties": "Strony i podpisy",
        "version": "Wersja",
        "effective_from": "obowiązuje od",
        "superseded_at": "zastąpiona",
        "role": "Rola",
        "person": "Osoba",
        "signed": "Podpisano",
        "marketing_owner": "Właściciel po stronie marketingu",
        "sales_owner": "Właściciel po stronie sprzedaży",
        "signatory": "Sygnatariusz",
        "optional": "(podpis nieobowiązkowy)",
        "draft": "projekt",
        "signed_status": "podpisana",
        "active": "obowiązująca",
        "superseded": "zastąpiona",
    },
    "en": {
        0: "Parties and signatures",
        1: "Shared terms: customer profile, lead definition, qualification, temperature",
        2: "Marketing and sales goals",
        3: "Lead handoff and responsibility",
        4: "Reporting",
        5: "Feedback",
        6: "Other provisions",
        "parties": "Parties and signatures",
        "version": "Version",
        "effective_from": "in force from",
        "superseded_at": "superseded",
        "role": "Role",
        "person": "Person",
        "signed": "Signed",
        "marketing_owner": "Marketing owner",
        "sales_owner": "Sales owner",
        "signatory": "Signatory",
        "optional": "(signature optional)",
        "draft": "draft",
        "signed_status": "signed",
        "active": "active",
        "superseded": "superseded",
    },
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    clauses: list[Clause]


@dataclass(frozen=True)
class Part:
    number: int
    heading: str
    sections: list[Section]


@dataclass(frozen=True)
class PartyRow:
    role: str
    who: str
    signed_at: object


def render_language(agreement: Agreement, lang: str | None) -> str:
    return lang if lang in WORDS else str(agreement.language)


def _parts(clauses: list[Clause], words: dict, lang: str) -> list[Part]:
    by_section: dict[str, list[Clause]] = {}
    for clause in clauses:
        by_section.setdefault(clause.section, []).append(clause)
    known = {section for sections in PARTS.values() for section in sections}
    layout = {**PARTS, OTHER_PART: tuple(s for s in by_section if s not in known)}
    parts = []
    for number, keys in layout.items():
        sections = [
            Section(key, section_title(key, lang), by_section[key])
            for key in keys
            if by_section.get(key)
        ]
        if sections:
            parts.append(Part(number, words[number], sections))
    return parts


def _split_parties(parts: list[Part]) -> tuple[list[Clause], list[Part]]:
    if parts and parts[0].number == 0:
        return [c for section in parts[0].sections for c in section.clauses], parts[1:]
    return [], parts


def _parties(version: AgreementVersion, words: dict) -> list[PartyRow]:
    signed = {s.signer.email: s.signed_at for s in agreement_version_signatures(version=version)}
    signers = version_signers(version=version)
    names = dict(
        User.objects.filter(email__in=[s.email for s in signers]).values_list("email", "name")
    )
    rows = []
    for signer in signers:
        name = names.get(signer.email)
        who = f"{name} <{signer.email}>" if name else signer.email
        if not signer.required:
            who = f"{who} {words['optional']}"
        signed_at = signed.get(signer.email)
        rows.append(PartyRow(words[signer.role], who, signed_at and timezone.localtime(signed_at)))
    return rows


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")


def md_escape(text: str) -> str:
    """User text as literal Markdown: no markup, links or raw HTML get through."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else "—"


def _markdown(context: dict) -> str:
    words, version = context["t"], context["version"]
    lines = [f"# {md_escape(context['title'])}", ""]
    meta = f"{words['version']} {version.number} · {context['status']}"
    if version.effective_from:
        meta += f" · {words['effective_from']} {_when(timezone.localtime(version.effective_from))}"
    lines += [meta, "", '<a id="parties"></a>', f"## {words['parties']}", ""]
    lines += [f"| {words['role']} | {words['person']} | {words['signed']} |", "|---|---|---|"]
    lines += [
        f"| {md_escape(row.role)} | {md_escape(row.who)} | {_when(row.signed_at)} |"
        for row in context["parties"]
    ]
    for clause in context["party_clauses"]:
        lines += _md_clause(clause)
    for part in context["parts"]:
        lines += ["", f'<a id="part-{part.number}"></a>', f"## {part.number}. {part.heading}"]
        for section in part.sections:
            lines += ["", f"### {md_escape(section.title)}"]
            for clause in section.clauses:
                lines += _md_clause(clause)
    return "\n".join(lines).rstrip() + "\n"


def _md_clause(clause: Clause) -> list[str]:
    anchor = escape(clause.id)
    return [
        "",
        f'<a id="{anchor}"></a>',
        f"#### {md_escape(clause.heading)}",
        f"[`#{clause.id}`](#{anchor})  ",
        *(md_escape(line) + "  " for line in clause.text.splitlines()),
    ]


def agreement_render(
    *, version: AgreementVersion, fmt: Literal["md", "html"] | str, lang: str | None = None
) -> str:
    """The document of one version; `lang` defaults to the agreement's own language."""
    agreement = version_agreement(version=version)
    lang = render_language(agreement, lang)
    words = WORDS[lang]
    status_key = "signed_status" if version.status == "signed" else version.status
    context = {
        "lang": lang,
        "t": words,
        "title": label_text(agreement.title, lang),
        "status": words[status_key],
        "version": version,
        "parties": _parties(version, words),
    }
    context["party_clauses"], context["parts"] = _split_parties(
        _parts(agreement_clauses(agreement, lang), words, lang)
    )
    if fmt == "html":
        return render_to_string("agreements/document.html", context)
    if fmt == "md":
        return _markdown(context)
    raise ValueError(f"unknown document format {fmt!r}; use md or html")
