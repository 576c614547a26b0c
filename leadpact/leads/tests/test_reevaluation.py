"""A new agreement version comes into force: every open lead is judged again, in batches.

Version 2 of the example lowers the MQL bar: grade C with a *warm* marketing temperature is
enough (version 1 wants C to be hot). Seven warm grade-C leads wait in `inquiry` under
version 1; three cold grade-A leads and one won lead must come out of the run as they were.
"""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
import yaml

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.leads.models import Handoff, Lead, LeadEvent, ReevaluationRun
from leadpact.leads.reevaluation import leads_reevaluate_pending
from leadpact.leads.tasks import leads_reevaluate_task
from leadpact.leads.tests.scenarios import WARM, at, icp_account, record
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

MONDAY = at("2026-10-05 10:00")
WEDNESDAY = at("2026-10-07 09:00")
GRADE_C = {"industry": "education", "annual_revenue": None}  # employees only: 25 points


def version_2(*, effective_from: Any = None) -> AgreementVersion:
    document = yaml.safe_load(example_agreement_text("pl"))
    [hot_fit] = [rule for rule in document["handoff"]["mql"]["any_of"] if rule["id"] == "hot_fit"]
    hot_fit["marketing_temperatures"] = ["warm", "hot"]
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    marta = User.objects.get(email="marta.nowak@leadpact.demo")
    tomasz = User.objects.get(email="tomasz.wisniewski@leadpact.demo")
    version = agreement_version_propose(text=text, filename="v2.yaml", proposed_by=marta)
    agreement_version_sign(version=version, signer=marta)
    agreement_version_sign(version=version, signer=tomasz)
    return agreement_version_activate(version=version, actor=tomasz, effective_from=effective_from)


@pytest.fixture
def leads(example: AgreementVersion, cast: dict[str, User]) -> dict[str, list[Lead]]:
    with time_machine.travel(MONDAY, tick=False):
        made = {
            "warm_c": [
                record(f"c{n}@szkola{n}.pl", *WARM, occurred_at=MONDAY,
                       account=icp_account(f"szkola{n}.pl", **GRADE_C))
                for n in range(7)
            ],
            "cold_a": [
                record(f"a{n}@firma{n}.pl", "webinar_registration", occurred_at=MONDAY)
                for n in range(3)
            ],
            "won": [record("won@huta.pl", "webinar_registration", occurred_at=MONDAY)],
        }  # fmt: skip
    Lead.objects.filter(pk=made["won"][0].pk).update(stage=Lead.Stage.WON)
    assert {lead.stage for lead in made["warm_c"]} == {"inquiry"}
    assert {(lead.icp_grade, lead.marketing_temperature) for lead in made["warm_c"]} == {
        ("C", "warm")
    }
    return made


def test_every_open_lead_is_judged_again_in_batches_citing_the_new_version(
    leads: dict[str, list[Lead]], example: AgreementVersion
) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        v2 = version_2()
    before = set(LeadEvent.objects.values_list("pk", flat=True))
    progress: list[tuple[int, int]] = []

    with time_machine.travel(WEDNESDAY + timedelta(minutes=5), tick=False):
        run = leads_reevaluate_pending(
            batch=3, progress=lambda r: progress.append((r.done, r.total))
        )

    assert run is not None and run.agreement_version == v2
    assert progress == [(3, 10), (6, 10), (9, 10), (10, 10)]
    assert (run.done, run.total, run.finished_at) == (10, 10, WEDNESDAY + timedelta(minutes=5))
    for lead in leads["warm_c"]:
        lead.refresh_from_db()
        assert (lead.stage, lead.assessed_version) == ("mql", v2)
        assert lead.owner is not None
        stage = LeadEvent.objects.get(lead=lead, kind="stage")
        assert stage.agreement_version == v2
        assert "handoff.mql.hot_fit" in stage.clause_ids
        assert Handoff.objects.get(lead=lead).agreement_version == v2
    for lead in leads["cold_a"]:
        lead.refresh_from_db()
        assert (lead.stage, lead.assessed_version) == ("inquiry", v2)
    won = Lead.objects.get(pk=leads["won"][0].pk)
    assert won.assessed_version == example
    new_events = LeadEvent.objects.exclude(pk__in=before)
    assert {event.agreement_version_id for event in new_events} == {v2.pk}
    assert not new_events.filter(lead__in=leads["cold_a"] + leads["won"]).exists()
    assert (
        sorted(Lead.objects.filter(stage="mql").values_list("owner__email", flat=True))
        == ["anna@firma.pl"] * 3 + ["piotr@firma.pl"] * 4
    )

    events = LeadEvent.objects.count()
    calls: list[Any] = []
    with time_machine.travel(WEDNESDAY + timedelta(minutes=10), tick=False):
        again = leads_reevaluate_pending(batch=3, progress=calls.append)

    assert again is not None and again.pk == run.pk
    assert calls == []
    assert LeadEvent.objects.count() == events
    assert ReevaluationRun.objects.count() == 1


def test_a_run_cut_short_resumes_where_it_stopped(leads: dict[str, list[Lead]]) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        version_2()

    class WorkerKilled(Exception):
        pass

    def die_after_the_first_batch(run: ReevaluationRun) -> None:
        raise WorkerKilled  # between two batches

    with time_machine.travel(WEDNESDAY + timedelta(minutes=5), tick=False):
        with pytest.raises(WorkerKilled):
            leads_reevaluate_pending(batch=4, progress=die_after_the_first_batch)
        assert (ReevaluationRun.objects.get().done, Lead.objects.filter(stage="mql").count()) == (
            4,
            4,
        )
        run = leads_reevaluate_pending(batch=4)

    assert run is not None and (run.done, run.total) == (10, 10)
    assert Lead.objects.filter(stage="mql").count() == 7
    assert LeadEvent.objects.filter(kind="stage").count() == 7
    assert Handoff.objects.count() == 7


def test_the_worker_activates_a_scheduled_version_and_then_judges_the_leads(
    leads: dict[str, list[Lead]], example: AgreementVersion
) -> None:
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        v2 = version_2(effective_from=WEDNESDAY)

    events = LeadEvent.objects.count()
    with time_machine.travel(WEDNESDAY - timedelta(minutes=1), tick=False):
        done_early = leads_reevaluate_task.call_local()

    # Version 1's own run: it had judged every lead already, so nothing changes.
    assert done_early == 10
    assert LeadEvent.objects.count() == events

    with time_machine.travel(WEDNESDAY + timedelta(minutes=1), tick=False):
        done = leads_reevaluate_task.call_local()

    assert done == 10
    v2.refresh_from_db()
    assert v2.status == AgreementVersion.Status.ACTIVE
    assert Lead.objects.filter(stage="mql", assessed_version=v2).count() == 7


def test_without_an_agreement_in_force_there_is_nothing_to_run(cast: dict[str, User]) -> None:
    assert leads_reevaluate_pending() is None
    assert not ReevaluationRun.objects.exists()
