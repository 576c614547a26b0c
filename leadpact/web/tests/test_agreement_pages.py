"""The agreement pages: versions, proposing from a file (problems shown with their lines),
signing through a confirmation, activation, and the clause-by-clause difference."""

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import agreement_version_propose, agreement_version_sign
from leadpact.leads.tests.scenarios import at
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

Status = AgreementVersion.Status
MARTA_HEAD = "marta.nowak@leadpact.demo"
TOMASZ_HEAD = "tomasz.wisniewski@leadpact.demo"
LATER = at("2026-11-02 10:00")


@pytest.fixture(autouse=True)
def in_english(example: AgreementVersion) -> None:
    """Everyone reads the pages in English here (test_i18n checks the Polish)."""
    User.objects.update(language="en")


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def example_with(edit: Callable[[dict], object]) -> str:
    document = yaml.safe_load(example_agreement_text("pl"))
    edit(document)
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def more_won_deals(document: dict) -> None:
    document["goals"]["sales"]["won_deals"] = 15


@pytest.fixture
def second(example: AgreementVersion) -> AgreementVersion:
    """Version 2, a draft that raises the quarterly won-deals goal from 12 to 15."""
    with time_machine.travel(LATER, tick=False):
        return agreement_version_propose(
            text=example_with(more_won_deals),
            filename="v2.yaml",
            proposed_by=User.objects.get(email=MARTA_HEAD),
        )


def upload(text: str, name: str = "agreement.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/x-yaml")


# Proposing


def test_a_broken_file_is_refused_with_its_lines_and_the_text_is_kept(web_for, example):
    broken = example_agreement_text("pl").replace(
        "won_deals: 12", "won_deals: -5"
    )  # line 197 of the example

    response = web_for("marta").post("/agreement/propose/", {"file": upload(broken)})

    assert response.status_code == 422
    page = response.content.decode()
    assert "line 197" in page
    assert "goals.sales.won_deals" in page
    assert response.context["form"]["text"].value() == broken
    assert AgreementVersion.objects.count() == 1


def test_a_yaml_syntax_error_is_shown_at_its_line(web_for, example):
    broken = example_agreement_text("pl").replace(
        "owner: marta.nowak@leadpact.demo", "owner: [marta"
    )

    response = web_for("sylwia").post("/agreement/propose/", {"text": broken})

    assert response.status_code == 422
    problems = response.context["problems"]
    assert [problem["line"] for problem in problems] == [13]
    assert "YAML syntax" in problems[0]["message"]
    assert "line 13" in response.content.decode()


def test_a_valid_file_becomes_a_draft_and_opens_its_page(web_for, example, cast):
    response = web_for("marta").post(
        "/agreement/propose/", {"file": upload(example_with(more_won_deals), "v2.yaml")}
    )

    assert response.status_code == 302
    assert response["Location"] == "/agreement/versions/2/"
    version = AgreementVersion.objects.get(number=2)
    assert version.status == Status.DRAFT
    assert version.proposed_by == cast["marta"]
    assert version.document["goals"]["sales"]["won_deals"] == 15


def test_nothing_to_propose_is_a_form_error(web_for, example):
    response = web_for("adam").post("/agreement/propose/", {"text": "  "})

    assert response.status_code == 400
    assert "Choose a file or paste the agreement" in response.content.decode()
    assert AgreementVersion.objects.count() == 1


def test_a_rep_may_not_propose(web_for, example):
    rep = web_for("piotr")

    assert rep.get("/agreement/propose/").status_code == 403
    response = rep.post("/agreement/propose/", {"text": example_with(more_won_deals)})
    assert response.status_code == 403
    assert AgreementVersion.objects.count() == 1


# Signing and activating


def test_a_head_signs_only_after_confirming(second):
    marta = signed_in(MARTA_HEAD)

    page = marta.get("/agreement/versions/2/")
    assert 'href="/agreement/versions/2/sign/"' in page.content.decode()

    confirm = marta.get("/agreement/versions/2/sign/")
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "I have read and accept this version" in text
    assert "#goals.sales" in text  # the change against version 1, in force now
    assert "15 won deals" in text

    refused = marta.post("/agreement/versions/2/sign/", {})
    assert refused.status_code == 400
    assert "to sign it" in refused.content.decode()
    assert not AgreementSignature.objects.filter(version=second).exists()

    signed = marta.post("/agreement/versions/2/sign/", {"confirm": "on"})
    assert signed.status_code == 302
    assert signed["Location"] == "/agreement/versions/2/"
    signature = AgreementSignature.objects.get(version=second)
    assert signature.signer.email == MARTA_HEAD
    second.refresh_from_db()
    assert second.status == Status.DRAFT

    again = marta.get("/agreement/versions/2/sign/")
    assert again.status_code == 409
    assert "already signed" in again.content.decode()


def test_the_second_head_signs_and_activates(second, example):
    agreement_version_sign(version=second, signer=User.objects.get(email=MARTA_HEAD))
    tomasz = signed_in(TOMASZ_HEAD)

    tomasz.post("/agreement/versions/2/sign/", {"confirm": "on"})
    second.refresh_from_db()
    assert second.status == Status.SIGNED
    page = tomasz.get("/agreement/versions/2/").content.decode()
    assert 'href="/agreement/versions/2/activate/"' in page
    assert 'href="/agreement/versions/2/sign/"' not in page

    assert tomasz.get("/agreement/versions/2/activate/").status_code == 200
    response = tomasz.post("/agreement/versions/2/activate/", {"effective_from": ""})

    assert response.status_code == 302
    second.refresh_from_db()
    example.refresh_from_db()
    assert second.status == Status.ACTIVE
    assert example.status == Status.SUPERSEDED
    document = tomasz.get("/agreement/")
    assert document.context["version"] == second
    assert 'id="goals.sales"' in document.content.decode()


def test_activation_can_be_scheduled(second):
    for email in (MARTA_HEAD, TOMASZ_HEAD):
        agreement_version_sign(version=second, signer=User.objects.get(email=email))
    marta = signed_in(MARTA_HEAD)

    with time_machine.travel(LATER, tick=False):
        past = marta.post("/agreement/versions/2/activate/", {"effective_from": "2026-11-01T08:00"})
        assert past.status_code == 400
        response = marta.post(
            "/agreement/versions/2/activate/", {"effective_from": "2026-12-01T00:00"}
        )
        page = marta.get("/agreement/versions/2/").content.decode()

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.SIGNED
    assert second.effective_from == at("2026-12-01 00:00")
    assert "takes effect on" in page
    assert 'href="/agreement/versions/2/activate/"' not in page


def test_only_an_owner_or_an_admin_activates(second, web_for):
    for email in (MARTA_HEAD, TOMASZ_HEAD):
        agreement_version_sign(version=second, signer=User.objects.get(email=email))

    assert web_for("sylwia").post("/agreement/versions/2/activate/", {}).status_code == 403
    assert web_for("adam").post("/agreement/versions/2/activate/", {}).status_code == 302
    second.refresh_from_db()
    assert second.status == Status.ACTIVE


def test_activating_a_draft_says_who_still_signs(second):
    response = signed_in(MARTA_HEAD).get("/agreement/versions/2/activate/")

    assert response.status_code == 409
    assert "Tomasz Wiśniewski" in response.content.decode()


def test_a_rep_may_not_sign(second, web_for):
    rep = web_for("piotr")

    assert rep.get("/agreement/versions/2/sign/").status_code == 403
    assert rep.post("/agreement/versions/2/sign/", {"confirm": "on"}).status_code == 403
    assert not AgreementSignature.objects.filter(version=second).exists()
    assert (
        'href="/agreement/versions/2/sign/"'
        not in rep.get("/agreement/versions/2/").content.decode()
    )


# Reading


def test_the_versions_list_says_who_signed_and_who_must_still_sign(second, web_for):
    with time_machine.travel(LATER + timedelta(hours=1), tick=False):
        agreement_version_sign(version=second, signer=User.objects.get(email=MARTA_HEAD))

    response = web_for("piotr").get("/agreement/versions/")

    rows = {row.version.number: row for row in response.context["rows"]}
    assert [state.email for state in rows[2].waiting_for] == [TOMASZ_HEAD]
    assert [state.email for state in rows[2].signed] == [MARTA_HEAD]
    assert rows[1].in_force and not rows[2].in_force
    assert rows[1].waiting_for == []
    page = response.content.decode()
    assert "Tomasz Wiśniewski" in page
    assert 'href="/agreement/versions/2/"' in page


def test_the_document_page_lists_the_versions_and_a_signers_pending_version(second):
    page = signed_in(TOMASZ_HEAD).get("/agreement/").content.decode()

    assert 'href="/agreement/versions/1/"' in page
    assert 'href="/agreement/versions/2/"' in page
    assert "Version 2 awaits your signature." in page


def test_the_diff_shows_the_changed_clause_by_default(second, web_for):
    response = web_for("piotr").get("/agreement/diff/")

    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    changes = response.context["changes"]
    assert [(c.clause, c.change) for c in changes] == [("goals.sales", "changed")]
    assert "12" in changes[0].old_text and "15" in changes[0].new_text
    assert 'href="/agreement/versions/2/#goals.sales"' in response.content.decode()


def test_the_diff_of_chosen_versions_and_of_unknown_ones(second, web_for):
    client = web_for("marta")

    backwards = client.get("/agreement/diff/", {"from": 2, "to": 1})
    assert [c.clause for c in backwards.context["changes"]] == ["goals.sales"]
    assert client.get("/agreement/diff/", {"from": 1, "to": 1}).context["changes"] == []
    unknown = client.get("/agreement/diff/", {"from": 1, "to": 9})
    assert unknown.status_code == 400
    assert unknown.context["changes"] is None


def test_an_unknown_version_is_404(example, web_for):
    assert web_for("piotr").get("/agreement/versions/9/").status_code == 404


def test_the_menu_highlights_the_agreement_on_its_pages(example, web_for):
    response = web_for("piotr").get("/agreement/versions/")

    current = [link.label for link in response.context["nav"] if link.current]
    assert [str(label) for label in current] == ["Agreement"]
