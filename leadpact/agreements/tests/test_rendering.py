"""The readable document: the article's order, parties and signatures, linkable clause ids,
and nothing user-supplied interpreted as markup."""

import pytest

from leadpact.agreements.rendering import agreement_render
from leadpact.agreements.rules.clauses import agreement_clauses
from leadpact.agreements.selectors import version_agreement
from leadpact.agreements.tests.conftest import sign_by_heads

HOT = "temperature.marketing.hot"


def test_html_has_a_linkable_section_per_clause(signed):
    html = agreement_render(version=signed, fmt="html", lang="pl")
    assert f'<section class="clause" id="{HOT}">' in html
    assert f'<a href="#{HOT}">#{HOT}</a>' in html
    for clause in agreement_clauses(version_agreement(version=signed), "pl"):
        assert f'id="{clause.id}"' in html


def test_markdown_has_an_anchor_and_a_link_per_clause(signed):
    markdown = agreement_render(version=signed, fmt="md", lang="en")
    assert f'<a id="{HOT}"></a>' in markdown
    assert f"(#{HOT})" in markdown
    assert markdown.startswith("# ")


def test_parts_follow_the_article(signed):
    html = agreement_render(version=signed, fmt="html", lang="pl")
    positions = [html.index(f'id="part-{number}"') for number in range(1, 6)]
    assert positions == sorted(positions)
    assert html.index("temperature.marketing") < html.index('id="part-2"')
    assert html.index('id="part-5"') < html.index('id="feedback.')


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("pl", ["Strony i podpisy", "Przekazywanie leadów i odpowiedzialność", "Raportowanie"]),
        ("en", ["Parties and signatures", "Lead handoff and responsibility", "Reporting"]),
    ],
)
def test_headings_are_in_the_chosen_language(signed, lang, headings):
    html = agreement_render(version=signed, fmt="html", lang=lang)
    assert f'<html lang="{lang}">' in html
    for heading in headings:
        assert heading in html


def test_signatures_and_dates_are_shown(signed):
    markdown = agreement_render(version=signed, fmt="md", lang="pl")
    for signature in signed.signatures.all():
        assert signature.signer.email in markdown
    assert "Tomasz Wiśniewski" in markdown
    assert f"{signed.signed_at:%Y}-" in markdown


def test_user_text_is_escaped(agreement_text, propose, heads):
    script = "<script>alert('x')</script>"

    def inject(document):
        document["title"] = {"pl": f"Umowa {script}", "en": f"Agreement {script}"}
        document["touch_types"][0]["label"] = f"Webinar {script} [link](http://evil)"

    version = sign_by_heads(propose(agreement_text(inject)), heads)
    html = agreement_render(version=version, fmt="html", lang="pl")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    markdown = agreement_render(version=version, fmt="md", lang="en")
    assert "<script>" not in markdown
    assert "[link](" not in markdown
